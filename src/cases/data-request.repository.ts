// SQL for the data request: its items, and the files linked to them. Executor-first functions.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { DataRequestItemRow, DataRequestItemUpdate, NewDataRequestItemRow } from './case.table.ts';

type Tx = Kysely<Database>;

export type ItemWithFileCount = DataRequestItemRow & { file_count: number };

export type ItemFile = {
  id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  uploaded_by: string | null;
  uploaded_by_name: string | null;
  uploaded_at: Date;
};

/** Adds the framework's items; an item whose code the inspection already has is left as it is. Returns how many were added. */
export async function insertFrameworkItems(db: Tx, rows: readonly NewDataRequestItemRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insertInto('data_request_item')
    .values([...rows])
    .onConflict((oc) => oc.columns(['inspection_id', 'code']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

export async function insertItem(db: Tx, row: NewDataRequestItemRow): Promise<DataRequestItemRow> {
  return db.insertInto('data_request_item').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function selectItems(db: Tx, inspectionId: string): Promise<ItemWithFileCount[]> {
  const rows = await db
    .selectFrom('data_request_item as i')
    .leftJoin('data_request_file as f', 'f.item_id', 'i.id')
    .selectAll('i')
    .select((eb) => eb.fn.count<number>('f.file_id').as('file_count'))
    .where('i.inspection_id', '=', inspectionId)
    .groupBy('i.id')
    .orderBy('i.position')
    .orderBy('i.created_at')
    .execute();
  return rows.map((r) => ({ ...r, file_count: Number(r.file_count) }));
}

export async function selectItem(db: Tx, inspectionId: string, itemId: string): Promise<DataRequestItemRow | undefined> {
  return db.selectFrom('data_request_item').selectAll().where('id', '=', itemId).where('inspection_id', '=', inspectionId).executeTakeFirst();
}

/** The item, locked until the transaction ends, so that uploads, removals and decisions on it take turns. */
export async function selectItemForUpdate(db: Tx, inspectionId: string, itemId: string): Promise<DataRequestItemRow | undefined> {
  return db.selectFrom('data_request_item').selectAll().where('id', '=', itemId).where('inspection_id', '=', inspectionId).forUpdate().executeTakeFirst();
}

export async function selectHighestPosition(db: Tx, inspectionId: string): Promise<number | null> {
  const row = await db
    .selectFrom('data_request_item')
    .select((eb) => eb.fn.max('position').as('highest'))
    .where('inspection_id', '=', inspectionId)
    .executeTakeFirst();
  return row?.highest === null || row?.highest === undefined ? null : Number(row.highest);
}

export async function updateItem(db: Tx, itemId: string, update: DataRequestItemUpdate): Promise<void> {
  await db
    .updateTable('data_request_item')
    .set({ ...update, updated_at: new Date() })
    .where('id', '=', itemId)
    .execute();
}

export async function deleteItem(db: Tx, itemId: string): Promise<void> {
  await db.deleteFrom('data_request_item').where('id', '=', itemId).execute();
}

export async function linkFile(db: Tx, itemId: string, fileId: string): Promise<void> {
  await db.insertInto('data_request_file').values({ item_id: itemId, file_id: fileId }).execute();
}

/** The item's files (without their contents), oldest first, with the name of who uploaded each. */
export async function selectItemFiles(db: Tx, itemId: string): Promise<ItemFile[]> {
  return db
    .selectFrom('data_request_file as l')
    .innerJoin('stored_file as f', 'f.id', 'l.file_id')
    .leftJoin('app_user as u', 'u.id', 'f.uploaded_by')
    .select(['f.id', 'f.file_name', 'f.content_type', 'f.size_bytes', 'f.uploaded_by', 'u.display_name as uploaded_by_name', 'f.uploaded_at'])
    .where('l.item_id', '=', itemId)
    .orderBy('f.uploaded_at')
    .orderBy('f.file_name')
    .execute();
}

/** One file of the item (without its contents), only if it is linked to that item. */
export async function selectItemFile(db: Tx, itemId: string, fileId: string): Promise<ItemFile | undefined> {
  return db
    .selectFrom('data_request_file as l')
    .innerJoin('stored_file as f', 'f.id', 'l.file_id')
    .leftJoin('app_user as u', 'u.id', 'f.uploaded_by')
    .select(['f.id', 'f.file_name', 'f.content_type', 'f.size_bytes', 'f.uploaded_by', 'u.display_name as uploaded_by_name', 'f.uploaded_at'])
    .where('l.item_id', '=', itemId)
    .where('l.file_id', '=', fileId)
    .executeTakeFirst();
}

export async function countItemFiles(db: Tx, itemId: string): Promise<number> {
  const row = await db
    .selectFrom('data_request_file')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('item_id', '=', itemId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
