// SQL for deleting an inspection's person-level data once its retention period is over.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { dropPersonTables } from './person.repository.ts';

type Tx = Kysely<Database>;

/** Of the inspections given, those that still hold person-level data, a sample, tracking or reviews. */
export async function selectInspectionsWithCaseData(db: Tx, inspectionIds: readonly string[]): Promise<Set<string>> {
  if (inspectionIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('inspection as i')
    .select('i.id')
    .where('i.id', 'in', inspectionIds)
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('case_import').select(sql`1`.as('x')).whereRef('case_import.inspection_id', '=', 'i.id')),
        eb.exists(eb.selectFrom('sampled_case').select(sql`1`.as('x')).whereRef('sampled_case.inspection_id', '=', 'i.id')),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => r.id));
}

export type DeletedCaseData = { imports: number; people: number; samples: number; cases: number; documents: number; reviews: number; trackingNotes: number };

async function count(query: Promise<{ n: number } | undefined>): Promise<number> {
  return (await query)?.n ?? 0;
}

/** Deletes every person-level record, sample, tracking record, review and case document of one inspection. */
export async function deleteCaseData(db: Tx, inspectionId: string): Promise<DeletedCaseData> {
  const n = sql<number>`count(*)::int`.as('n');
  const people = await count(
    db.selectFrom('person_record').innerJoin('case_import', 'case_import.id', 'person_record.import_id').select(n).where('case_import.inspection_id', '=', inspectionId).executeTakeFirst(),
  );
  const reviews = await count(db.selectFrom('plan_review').select(n).where('inspection_id', '=', inspectionId).executeTakeFirst());
  const trackingNotes = await count(
    db.selectFrom('tracking_note').innerJoin('sampled_case', 'sampled_case.id', 'tracking_note.case_id').select(n).where('sampled_case.inspection_id', '=', inspectionId).executeTakeFirst(),
  );
  const documentFiles = await db
    .selectFrom('case_document')
    .innerJoin('sampled_case', 'sampled_case.id', 'case_document.case_id')
    .select('case_document.file_id')
    .where('sampled_case.inspection_id', '=', inspectionId)
    .execute();
  const fileIds = [...new Set(documentFiles.map((d) => d.file_id))];
  const cases = Number((await db.deleteFrom('sampled_case').where('inspection_id', '=', inspectionId).executeTakeFirst()).numDeletedRows);
  const samples = Number((await db.deleteFrom('case_sample').where('inspection_id', '=', inspectionId).executeTakeFirst()).numDeletedRows);
  // Each import's records are a partition of their own: dropped whole, not deleted row by row.
  const importIds = (await db.selectFrom('case_import').select('id').where('inspection_id', '=', inspectionId).execute()).map((r) => r.id);
  await dropPersonTables(db, importIds);
  const imports = Number((await db.deleteFrom('case_import').where('inspection_id', '=', inspectionId).executeTakeFirst()).numDeletedRows);
  const documents = fileIds.length ? Number((await db.deleteFrom('stored_file').where('id', 'in', fileIds).executeTakeFirst()).numDeletedRows) : 0;
  return { imports, people, samples, cases, documents, reviews, trackingNotes };
}
