// Use cases of the area's case documents: the chosen pseudonymous ids with their documents (the
// area sees them once the sample is shared; the team always), uploading, downloading and removing
// documents. Every view, download and change is audited in its transaction.
import type { Kysely } from 'kysely';
import { isUuid, type Actor, type Context } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { deleteStoredFiles, describeSize, readStoredFile, storeFile } from '../platform/files/stored-files.ts';
import type { StoredFileRow } from '../platform/files/stored-file.table.ts';
import { checkDescription } from './case-documents.ts';
import { CaseNotFoundError } from './case-tracking.ts';
import {
  insertCaseDocument,
  selectActiveCase,
  selectActiveCases,
  selectCaseDocument,
  selectCaseDocuments,
  selectCurrentSample,
  selectInspectionFacts,
  type CaseDocumentRow,
  type CurrentSampleRow,
} from './case-tracking.repository.ts';
import type { CasePurpose, SampledCaseRow } from './case.table.ts';

type Tx = Kysely<Database>;

/** The inspection team sees the sample as soon as it is drawn; the area only once it is shared with them. */
export type DocumentsViewer = 'team' | 'area';

export type CaseDocument = {
  caseId: string;
  fileId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sizeText: string;
  description: string;
  uploadedBy: string | null;
  uploadedByName: string | null;
  uploadedAt: Date;
};

/** The description is too long: the message says so; nothing was stored. */
export class DocumentInputError extends Error {}

/** Only the person who uploaded a document may remove it. */
export class DocumentRemovalRefusedError extends Error {
  constructor() {
    super('Only the person who uploaded a document can remove it.');
  }
}

function toCaseDocument(row: CaseDocumentRow): CaseDocument {
  return {
    caseId: row.case_id,
    fileId: row.file_id,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sizeText: describeSize(row.size_bytes),
    description: row.description,
    uploadedBy: row.uploaded_by,
    uploadedByName: row.uploaded_by_name,
    uploadedAt: row.uploaded_at,
  };
}

/** The documents received for one case, oldest first (their names and sizes, not their contents). */
export async function listCaseDocuments(db: Tx, caseId: string): Promise<CaseDocument[]> {
  if (!isUuid(caseId)) return [];
  return (await selectCaseDocuments(db, [caseId])).map(toCaseDocument);
}

type ReachableCase = { sample: CurrentSampleRow; row: SampledCaseRow };

/** An active case of the current sample that this viewer may reach; undefined for anything else. */
async function reachableCase(db: Tx, inspectionId: string, caseId: string, viewer: DocumentsViewer): Promise<ReachableCase | undefined> {
  if (!isUuid(caseId)) return undefined;
  const sample = await selectCurrentSample(db, inspectionId);
  if (!sample || (viewer === 'area' && !sample.shared_at)) return undefined;
  const row = await selectActiveCase(db, sample.id, caseId);
  return row && { sample, row };
}

async function laCodeOf(db: Tx, inspectionId: string): Promise<string | null> {
  return (await selectInspectionFacts(db, inspectionId))?.la_code ?? null;
}

export type ChosenCase = { caseId: string; personId: string; purpose: CasePurpose; position: number; documents: CaseDocument[] };

export type CaseDocumentsView =
  /** No sample has been drawn (only the team is told this). */
  | { state: 'no-sample' }
  /** The area's view before the sample is shared: no children have been chosen yet, as far as they know. */
  | { state: 'not-shared' }
  | { state: 'chosen'; sharedAt: Date | null; documentsDue: string | null; cases: ChosenCase[] };

/** The chosen ids, their purpose and their documents; audited whenever documents are listed. */
export async function viewCaseDocuments(db: Tx, inspectionId: string, viewer: DocumentsViewer, actor: Actor, context: Context = {}): Promise<CaseDocumentsView> {
  return db.transaction().execute(async (trx) => {
    const sample = await selectCurrentSample(trx, inspectionId);
    if (!sample) return { state: viewer === 'team' ? 'no-sample' : 'not-shared' };
    if (viewer === 'area' && !sample.shared_at) return { state: 'not-shared' };
    const cases = await selectActiveCases(trx, sample.id);
    const documents = await selectCaseDocuments(
      trx,
      cases.map((c) => c.id),
    );
    await recordAudit(trx, {
      actor,
      action: 'cases.view-documents',
      inspectionId,
      laCode: await laCodeOf(trx, inspectionId),
      subjectType: 'case_sample',
      subjectId: sample.id,
      details: { viewer, cases: cases.length, documents: documents.length },
      requestId: context.requestId,
    });
    return {
      state: 'chosen',
      sharedAt: sample.shared_at,
      documentsDue: sample.documents_due,
      cases: cases.map((c) => ({
        caseId: c.id,
        personId: c.person_id,
        purpose: c.purpose,
        position: c.position,
        documents: documents.filter((d) => d.case_id === c.id).map(toCaseDocument),
      })),
    };
  });
}

/** The case a documents address names, if this viewer may reach it (for a page's heading; not audited). */
export async function findChosenCase(db: Tx, inspectionId: string, caseId: string, viewer: DocumentsViewer): Promise<Omit<ChosenCase, 'documents'> | undefined> {
  const found = await reachableCase(db, inspectionId, caseId, viewer);
  return found && { caseId: found.row.id, personId: found.row.person_id, purpose: found.row.purpose, position: found.row.position };
}

export type DocumentUpload = { inspectionId: string; caseId: string; fileName: string; bytes: Buffer; description: string };

/**
 * Keeps a document for a chosen case. The file is checked (kind, size) by the stored-files rules;
 * a refusal (FileRefusedError) rolls everything back, so nothing is kept.
 */
export async function addCaseDocument(db: Tx, upload: DocumentUpload, viewer: DocumentsViewer, maxBytes: number, actor: Actor, context: Context = {}): Promise<CaseDocument> {
  const description = checkDescription(upload.description);
  if (!description.ok) throw new DocumentInputError(description.message);
  return db.transaction().execute(async (trx) => {
    const found = await reachableCase(trx, upload.inspectionId, upload.caseId, viewer);
    if (!found) throw new CaseNotFoundError();
    const file = await storeFile(trx, { inspectionId: upload.inspectionId, fileName: upload.fileName, bytes: upload.bytes, uploadedBy: actor.id }, maxBytes);
    await insertCaseDocument(trx, { case_id: found.row.id, file_id: file.id, description: description.value });
    await recordAudit(trx, {
      actor,
      action: 'cases.document-uploaded',
      inspectionId: upload.inspectionId,
      laCode: await laCodeOf(trx, upload.inspectionId),
      subjectType: 'sampled_case',
      subjectId: found.row.id,
      details: { fileId: file.id, fileName: file.file_name, sizeBytes: file.size_bytes, purpose: found.row.purpose },
      requestId: context.requestId,
    });
    return toCaseDocument((await selectCaseDocument(trx, found.row.id, file.id))!);
  });
}

/** A document with its contents, for download; each download is on record. Undefined when the case or document is not reachable. */
export async function downloadCaseDocument(
  db: Tx,
  inspectionId: string,
  caseId: string,
  fileId: string,
  viewer: DocumentsViewer,
  actor: Actor,
  context: Context = {},
): Promise<StoredFileRow | undefined> {
  if (!isUuid(fileId)) return undefined;
  return db.transaction().execute(async (trx) => {
    const found = await reachableCase(trx, inspectionId, caseId, viewer);
    if (!found || !(await selectCaseDocument(trx, found.row.id, fileId))) return undefined;
    const file = await readStoredFile(trx, inspectionId, fileId);
    if (!file) return undefined;
    await recordAudit(trx, {
      actor,
      action: 'cases.download-document',
      inspectionId,
      laCode: await laCodeOf(trx, inspectionId),
      subjectType: 'sampled_case',
      subjectId: found.row.id,
      details: { fileId, fileName: file.file_name, viewer },
      requestId: context.requestId,
    });
    return file;
  });
}

export type DocumentToRemove = { chosen: Omit<ChosenCase, 'documents'>; document: CaseDocument; mayRemove: boolean };

/** A document and whether this person may remove it (the confirmation page). */
export async function findCaseDocument(db: Tx, inspectionId: string, caseId: string, fileId: string, viewer: DocumentsViewer, actor: Actor): Promise<DocumentToRemove | undefined> {
  if (!isUuid(fileId)) return undefined;
  const found = await reachableCase(db, inspectionId, caseId, viewer);
  if (!found) return undefined;
  const row = await selectCaseDocument(db, found.row.id, fileId);
  if (!row) return undefined;
  return {
    chosen: { caseId: found.row.id, personId: found.row.person_id, purpose: found.row.purpose, position: found.row.position },
    document: toCaseDocument(row),
    mayRemove: row.uploaded_by !== null && row.uploaded_by === actor.id,
  };
}

/**
 * Deletes a document its uploader no longer wants kept (a wrong file, a wrong child). Anyone else
 * is refused (DocumentRemovalRefusedError), and the attempt is on record. Undefined when there is no such document.
 */
export async function removeCaseDocument(
  db: Tx,
  inspectionId: string,
  caseId: string,
  fileId: string,
  viewer: DocumentsViewer,
  actor: Actor,
  context: Context = {},
): Promise<CaseDocument | undefined> {
  if (!isUuid(fileId)) return undefined;
  const outcome = await db.transaction().execute(async (trx) => {
    const found = await reachableCase(trx, inspectionId, caseId, viewer);
    if (!found) return undefined;
    const row = await selectCaseDocument(trx, found.row.id, fileId);
    if (!row) return undefined;
    const allowed = row.uploaded_by !== null && row.uploaded_by === actor.id;
    if (allowed) await deleteStoredFiles(trx, [fileId]);
    await recordAudit(trx, {
      actor,
      action: 'cases.document-removed',
      outcome: allowed ? 'success' : 'denied',
      inspectionId,
      laCode: await laCodeOf(trx, inspectionId),
      subjectType: 'sampled_case',
      subjectId: found.row.id,
      details: { fileId, fileName: row.file_name, ...(allowed ? {} : { reason: 'not the uploader' }) },
      requestId: context.requestId,
    });
    return { allowed, document: toCaseDocument(row) };
  });
  if (!outcome) return undefined;
  if (!outcome.allowed) throw new DocumentRemovalRefusedError();
  return outcome.document;
}
