// Data request use cases: making an inspection's checklist from its framework's list once the area
// is notified, files the area uploads (kept in the database), the leads' decisions and their own
// items. Every change, and every download, is audited in the transaction that makes it.
import type { Kysely } from 'kysely';
import { dataRequestTemplate, type DataRequestTemplate } from '../frameworks/data-request-templates.ts';
import { getInspection, isUuid, type Actor, type Context, type InspectionDetails } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import type { StoredFileRow } from '../platform/files/stored-file.table.ts';
import { FileRefusedError, deleteStoredFiles, identifyFile, readStoredFile, storeFile, type StoredFileInfo } from '../platform/files/stored-files.ts';
import { addWorkingDays } from '../platform/working-days.ts';
import type { DataRequestItemRow, DataRequestStatus } from './case.table.ts';
import {
  MAX_FILES_PER_UPLOAD,
  PERSON_LEVEL_DATA_CODE,
  checkItemInput,
  checkStatusChange,
  effectiveStatus,
  isOverdue,
  mayRemoveFile,
  missingItems,
  nextPosition,
  removalRefusal,
  statusAfterFileRemoved,
  statusAfterUpload,
  summarise,
  type DataRequestSummary,
  type ItemInput,
  type ItemIssue,
  type StatusAction,
} from './data-request.ts';
import {
  countItemFiles,
  deleteItem,
  insertFrameworkItems,
  insertItem,
  linkFile,
  selectHighestPosition,
  selectItem,
  selectItemFile,
  selectItemFiles,
  selectItemForUpdate,
  selectItems,
  updateItem,
  type ItemFile,
} from './data-request.repository.ts';
import { selectCurrentImport } from './person.repository.ts';

type Tx = Kysely<Database>;

export class DataRequestNotFoundError extends Error {
  readonly statusCode = 404;
  constructor() {
    super('There is no such item in this data request');
  }
}

/** A change the rules do not allow; nothing was written. `field` is the form field it is about. */
export class DataRequestChangeError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** An item the team wrote breaks one or more rules; nothing was written. */
export class DataRequestInputError extends Error {
  readonly issues: ItemIssue[];
  constructor(issues: ItemIssue[]) {
    super(issues.map((i) => i.message).join('. '));
    this.issues = issues;
  }
}

/** One or more of the files cannot be kept; none of them was stored. Each message names its file. */
export class FilesRefusedError extends Error {
  readonly messages: string[];
  constructor(messages: string[]) {
    super(messages.join(' '));
    this.messages = messages;
  }
}

export type DataRequestItem = {
  id: string;
  /** The framework list's code; null for an item the team added. */
  code: string | null;
  title: string;
  description: string;
  position: number;
  dueDate: string;
  /** What people see (for the person-level data item, worked out from the imports). */
  status: DataRequestStatus;
  storedStatus: DataRequestStatus;
  statusNote: string | null;
  fileCount: number;
  overdue: boolean;
  personLevelData: boolean;
  updatedAt: Date;
};

export type PersonLevelDataState = { fileName: string; rowCount: number; dataDate: string; importedAt: Date | null; importedBy: string };

export type DataRequestOverview = {
  /** False while the inspection is planned: the area has not been asked for anything yet. */
  notified: boolean;
  /** Whether the framework has a standard list for this type of inspection. */
  hasFrameworkList: boolean;
  items: DataRequestItem[];
  summary: DataRequestSummary;
  /** Items still to come, most pressing first. */
  missing: DataRequestItem[];
  /** The import in use, if any. */
  personLevelData: PersonLevelDataState | null;
};

export type DataRequestItemDetails = { item: DataRequestItem; files: ItemFile[]; personLevelData: PersonLevelDataState | null };

export type UploadedFile = { fileName: string; bytes: Buffer };

async function inspectionOf(db: Tx, inspectionId: string): Promise<InspectionDetails> {
  const details = await getInspection(db, inspectionId);
  if (!details) throw new DataRequestNotFoundError();
  return details;
}

function templateFor(details: InspectionDetails): DataRequestTemplate | undefined {
  const template = dataRequestTemplate(details.framework.code);
  return template.inspectionTypes.includes(details.inspection.inspection_type) ? template : undefined;
}

async function requireItem(db: Tx, inspectionId: string, itemId: string, options: { lock?: boolean } = {}): Promise<DataRequestItemRow> {
  const item = isUuid(itemId) ? await (options.lock ? selectItemForUpdate(db, inspectionId, itemId) : selectItem(db, inspectionId, itemId)) : undefined;
  if (!item) throw new DataRequestNotFoundError();
  return item;
}

async function personLevelDataOf(db: Tx, inspectionId: string): Promise<PersonLevelDataState | null> {
  const current = await selectCurrentImport(db, inspectionId);
  if (!current) return null;
  return { fileName: current.file_name, rowCount: current.row_count, dataDate: current.data_date, importedAt: current.finished_at, importedBy: current.imported_by_label };
}

function toItem(row: DataRequestItemRow, fileCount: number, hasAcceptedImport: boolean, today: string): DataRequestItem {
  const personLevelData = row.code === PERSON_LEVEL_DATA_CODE;
  const status = effectiveStatus(row.status, { personLevelData, hasAcceptedImport });
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    description: row.description,
    position: row.position,
    dueDate: row.due_date,
    status,
    storedStatus: row.status,
    statusNote: row.status_note,
    fileCount,
    overdue: isOverdue({ status, dueDate: row.due_date }, today),
    personLevelData,
    updatedAt: row.updated_at,
  };
}

// ---- The checklist -------------------------------------------------------------------------

/**
 * Makes the inspection's checklist from its framework's list, once the area has been notified;
 * while the inspection is planned nothing is made. Safe to call on every opening: an item whose
 * code the inspection already has is left as it is, so two first openings at once add each item
 * once. Due dates are counted in working days from the notification date.
 */
export async function ensureDataRequest(db: Tx, inspectionId: string, actor: Actor, context: Context = {}): Promise<{ created: number }> {
  const details = await inspectionOf(db, inspectionId);
  const { inspection } = details;
  if (inspection.status === 'planned') return { created: 0 };
  const template = templateFor(details);
  if (!template) return { created: 0 };
  return db.transaction().execute(async (trx) => {
    const created = await insertFrameworkItems(
      trx,
      template.items.map((item, index) => ({
        inspection_id: inspection.id,
        code: item.code,
        title: item.title,
        description: item.description,
        position: index + 1,
        due_date: addWorkingDays(inspection.notification_date, item.dueWorkingDays),
      })),
    );
    if (created > 0) {
      await recordAudit(trx, {
        actor,
        action: 'data-request.create',
        inspectionId: inspection.id,
        laCode: inspection.la_code,
        subjectType: 'inspection',
        subjectId: inspection.id,
        details: { framework: details.framework.code, items: created },
        requestId: context.requestId,
      });
    }
    return { created };
  });
}

/** The checklist with each item's status, what is still missing and the counts. */
export async function getDataRequest(db: Tx, inspectionId: string, today: string): Promise<DataRequestOverview> {
  const details = await inspectionOf(db, inspectionId);
  const [rows, personLevelData] = await Promise.all([selectItems(db, inspectionId), personLevelDataOf(db, inspectionId)]);
  const items = rows.map((row) => toItem(row, row.file_count, personLevelData !== null, today));
  return {
    notified: details.inspection.status !== 'planned',
    hasFrameworkList: templateFor(details) !== undefined,
    items,
    summary: summarise(items, today),
    missing: missingItems(items, today),
    personLevelData,
  };
}

export async function getDataRequestItem(db: Tx, inspectionId: string, itemId: string, today: string): Promise<DataRequestItemDetails | undefined> {
  const row = isUuid(itemId) ? await selectItem(db, inspectionId, itemId) : undefined;
  if (!row) return undefined;
  const [files, personLevelData] = await Promise.all([selectItemFiles(db, row.id), personLevelDataOf(db, inspectionId)]);
  const item = toItem(row, files.length, personLevelData !== null, today);
  return { item, files, personLevelData: item.personLevelData ? personLevelData : null };
}

// ---- Files -----------------------------------------------------------------------------------

/**
 * Keeps the files against the item and marks it provided. Every file is checked before any is
 * stored, so a refused file leaves nothing behind; FilesRefusedError lists each refusal.
 */
export async function uploadItemFiles(
  db: Tx,
  inspectionId: string,
  itemId: string,
  files: readonly UploadedFile[],
  actor: Actor,
  maxBytes: number,
  context: Context = {},
): Promise<StoredFileInfo[]> {
  const { inspection } = await inspectionOf(db, inspectionId);
  const before = await requireItem(db, inspectionId, itemId);
  if (before.code === PERSON_LEVEL_DATA_CODE) {
    throw new DataRequestChangeError('files', 'Person-level data are not uploaded here: send them on the person-level data page, where every row is checked as it is imported');
  }
  if (files.length === 0) throw new FilesRefusedError(['Choose a file to upload']);
  if (files.length > MAX_FILES_PER_UPLOAD) throw new FilesRefusedError([`Choose up to ${MAX_FILES_PER_UPLOAD} files at a time. Upload the rest afterwards`]);
  const refusals: string[] = [];
  for (const file of files) {
    try {
      identifyFile(file.fileName, file.bytes, maxBytes);
    } catch (error) {
      if (!(error instanceof FileRefusedError)) throw error;
      refusals.push(error.message);
    }
  }
  if (refusals.length) throw new FilesRefusedError(refusals);
  return db.transaction().execute(async (trx) => {
    const item = await requireItem(trx, inspectionId, itemId, { lock: true });
    const status = statusAfterUpload();
    const stored: StoredFileInfo[] = [];
    for (const file of files) {
      const info = await storeFile(trx, { inspectionId, fileName: file.fileName, bytes: file.bytes, uploadedBy: actor.id }, maxBytes);
      await linkFile(trx, item.id, info.id);
      await recordAudit(trx, {
        actor,
        action: 'data-request.file.upload',
        inspectionId,
        laCode: inspection.la_code,
        subjectType: 'stored_file',
        subjectId: info.id,
        details: { itemId: item.id, item: item.title, fileName: info.file_name, sizeBytes: info.size_bytes, sha256: info.sha256, statusBefore: item.status, status },
        requestId: context.requestId,
      });
      stored.push(info);
    }
    // A reason for not needing the item, or a request for more, is answered by the new files.
    await updateItem(trx, item.id, { status, status_note: null });
    return stored;
  });
}

/** The file with its contents, for download; the download is recorded (who took which file). */
export async function downloadItemFile(db: Tx, inspectionId: string, itemId: string, fileId: string, actor: Actor, context: Context = {}): Promise<StoredFileRow> {
  const { inspection } = await inspectionOf(db, inspectionId);
  return db.transaction().execute(async (trx) => {
    const item = await requireItem(trx, inspectionId, itemId);
    const linked = isUuid(fileId) ? await selectItemFile(trx, item.id, fileId) : undefined;
    const file = linked ? await readStoredFile(trx, inspectionId, linked.id) : undefined;
    if (!file) throw new DataRequestNotFoundError();
    await recordAudit(trx, {
      actor,
      action: 'data-request.file.download',
      inspectionId,
      laCode: inspection.la_code,
      subjectType: 'stored_file',
      subjectId: file.id,
      details: { itemId: item.id, item: item.title, fileName: file.file_name, sizeBytes: file.size_bytes, sha256: file.sha256 },
      requestId: context.requestId,
    });
    return file;
  });
}

export async function getItemFile(db: Tx, inspectionId: string, itemId: string, fileId: string): Promise<ItemFile | undefined> {
  const item = isUuid(itemId) ? await selectItem(db, inspectionId, itemId) : undefined;
  return item && isUuid(fileId) ? selectItemFile(db, item.id, fileId) : undefined;
}

/**
 * Deletes a file from the item and from the database. Whoever uploaded it may, and the leads
 * (`isLead`) may remove any. An item left without files is asked for again.
 */
export async function removeItemFile(
  db: Tx,
  inspectionId: string,
  itemId: string,
  fileId: string,
  actor: Actor,
  options: { isLead: boolean },
  context: Context = {},
): Promise<{ fileName: string; status: DataRequestStatus }> {
  const { inspection } = await inspectionOf(db, inspectionId);
  return db.transaction().execute(async (trx) => {
    const item = await requireItem(trx, inspectionId, itemId, { lock: true });
    const file = isUuid(fileId) ? await selectItemFile(trx, item.id, fileId) : undefined;
    if (!file) throw new DataRequestNotFoundError();
    if (!mayRemoveFile({ uploadedBy: file.uploaded_by }, { id: actor.id, isLead: options.isLead })) {
      throw new DataRequestChangeError('form', 'Only the person who uploaded a file, or a lead inspector, can remove it');
    }
    await deleteStoredFiles(trx, [file.id]);
    const status = statusAfterFileRemoved(item.status, await countItemFiles(trx, item.id));
    if (status !== item.status) await updateItem(trx, item.id, { status, status_note: null });
    await recordAudit(trx, {
      actor,
      action: 'data-request.file.remove',
      inspectionId,
      laCode: inspection.la_code,
      subjectType: 'stored_file',
      subjectId: file.id,
      details: { itemId: item.id, item: item.title, fileName: file.file_name, uploadedBy: file.uploaded_by, statusBefore: item.status, status },
      requestId: context.requestId,
    });
    return { fileName: file.file_name, status };
  });
}

// ---- The leads' decisions and items -----------------------------------------------------------

/** Accept, mark not needed (with the reason) or reopen. Throws DataRequestChangeError, writing nothing, when the item's status does not allow it. */
export async function changeItemStatus(
  db: Tx,
  inspectionId: string,
  itemId: string,
  request: { action: StatusAction; note: string },
  actor: Actor,
  context: Context = {},
): Promise<DataRequestStatus> {
  const { inspection } = await inspectionOf(db, inspectionId);
  return db.transaction().execute(async (trx) => {
    const item = await requireItem(trx, inspectionId, itemId, { lock: true });
    const personLevelData = item.code === PERSON_LEVEL_DATA_CODE;
    const hasFiles = personLevelData ? (await selectCurrentImport(trx, inspectionId)) !== undefined : (await countItemFiles(trx, item.id)) > 0;
    const current = effectiveStatus(item.status, { personLevelData, hasAcceptedImport: hasFiles });
    const check = checkStatusChange(current, request.action, request.note, { personLevelData, hasFiles });
    if (!check.ok) throw new DataRequestChangeError(check.field, check.message);
    await updateItem(trx, item.id, { status: check.status, status_note: check.note });
    await recordAudit(trx, {
      actor,
      action: 'data-request.item.status',
      inspectionId,
      laCode: inspection.la_code,
      subjectType: 'data_request_item',
      subjectId: item.id,
      details: { item: item.title, action: request.action, from: current, to: check.status, ...(check.note ? { note: check.note } : {}) },
      requestId: context.requestId,
    });
    return check.status;
  });
}

function requireValidInput(input: ItemInput): ItemInput {
  const issues = checkItemInput(input);
  if (issues.length) throw new DataRequestInputError(issues);
  return { title: input.title.trim(), description: input.description.trim(), dueDate: input.dueDate };
}

/** An item of the team's own, after the framework's list. Returns its id. */
export async function addItem(db: Tx, inspectionId: string, input: ItemInput, actor: Actor, context: Context = {}): Promise<string> {
  const details = await inspectionOf(db, inspectionId);
  const clean = requireValidInput(input);
  const frameworkItems = templateFor(details)?.items.length ?? 0;
  return db.transaction().execute(async (trx) => {
    const item = await insertItem(trx, {
      inspection_id: inspectionId,
      code: null,
      title: clean.title,
      description: clean.description,
      position: nextPosition(await selectHighestPosition(trx, inspectionId), frameworkItems),
      due_date: clean.dueDate,
    });
    await recordAudit(trx, {
      actor,
      action: 'data-request.item.add',
      inspectionId,
      laCode: details.inspection.la_code,
      subjectType: 'data_request_item',
      subjectId: item.id,
      details: { title: clean.title, dueDate: clean.dueDate },
      requestId: context.requestId,
    });
    return item.id;
  });
}

/** Changes an item's title, description or due date; the audit record keeps what each was before. */
export async function editItem(db: Tx, inspectionId: string, itemId: string, input: ItemInput, actor: Actor, context: Context = {}): Promise<void> {
  const { inspection } = await inspectionOf(db, inspectionId);
  const clean = requireValidInput(input);
  await db.transaction().execute(async (trx) => {
    const item = await requireItem(trx, inspectionId, itemId, { lock: true });
    const changes: Record<string, { from: string; to: string }> = {};
    if (clean.title !== item.title) changes.title = { from: item.title, to: clean.title };
    if (clean.description !== item.description) changes.description = { from: item.description, to: clean.description };
    if (clean.dueDate !== item.due_date) changes.dueDate = { from: item.due_date, to: clean.dueDate };
    if (Object.keys(changes).length === 0) return;
    await updateItem(trx, item.id, { title: clean.title, description: clean.description, due_date: clean.dueDate });
    await recordAudit(trx, {
      actor,
      action: 'data-request.item.edit',
      inspectionId,
      laCode: inspection.la_code,
      subjectType: 'data_request_item',
      subjectId: item.id,
      details: { code: item.code, changes },
      requestId: context.requestId,
    });
  });
}

/** Removes an item the team added, as long as it has no files. */
export async function removeItem(db: Tx, inspectionId: string, itemId: string, actor: Actor, context: Context = {}): Promise<{ title: string }> {
  const { inspection } = await inspectionOf(db, inspectionId);
  return db.transaction().execute(async (trx) => {
    const item = await requireItem(trx, inspectionId, itemId, { lock: true });
    const refusal = removalRefusal({ code: item.code, fileCount: await countItemFiles(trx, item.id) });
    if (refusal) throw new DataRequestChangeError('form', refusal);
    await deleteItem(trx, item.id);
    await recordAudit(trx, {
      actor,
      action: 'data-request.item.remove',
      inspectionId,
      laCode: inspection.la_code,
      subjectType: 'data_request_item',
      subjectId: item.id,
      details: { title: item.title, dueDate: item.due_date, status: item.status },
      requestId: context.requestId,
    });
    return { title: item.title };
  });
}
