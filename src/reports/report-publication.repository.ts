// SQL for the report's sign-off and publication: the factual accuracy check's dates, the leads'
// sign-offs, the schedule (and the reports due), publications with their stored files, and the
// audit trail of scheduled publications that did not happen.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { ReportDocument } from './report-document.ts';
import type { NewReportPublicationRow, ReportPublicationRow, SignOffRole } from './report.table.ts';

type Tx = Kysely<Database>;

export async function updateFactualAccuracy(db: Tx, inspectionId: string, check: { version: number; sentAt: Date; deadline: string }): Promise<void> {
  await db
    .updateTable('report')
    .set({ factual_accuracy_version: check.version, factual_accuracy_sent_at: check.sentAt, factual_accuracy_deadline: check.deadline, updated_at: check.sentAt })
    .where('inspection_id', '=', inspectionId)
    .execute();
}

// ---- Sign-offs -----------------------------------------------------------------------------

export type SignOffRow = {
  role: SignOffRole;
  user_id: string | null;
  user_label: string;
  user_name: string | null;
  version_number: number;
  document_hash: string;
  signed_at: Date;
};

export async function selectSignOffs(db: Tx, inspectionId: string): Promise<SignOffRow[]> {
  return db
    .selectFrom('report_sign_off as s')
    .leftJoin('app_user as u', 'u.id', 's.user_id')
    .select(['s.role', 's.user_id', 's.user_label', 'u.display_name as user_name', 's.version_number', 's.document_hash', 's.signed_at'])
    .where('s.inspection_id', '=', inspectionId)
    .orderBy('s.role', 'desc')
    .execute();
}

/** A lead's sign-off replaces their earlier one: only the latest counts. */
export async function upsertSignOff(
  db: Tx,
  row: { inspectionId: string; role: SignOffRole; userId: string | null; userLabel: string; versionNumber: number; documentHash: string; signedAt: Date },
): Promise<void> {
  const values = { user_id: row.userId, user_label: row.userLabel, version_number: row.versionNumber, document_hash: row.documentHash, signed_at: row.signedAt };
  await db
    .insertInto('report_sign_off')
    .values({ inspection_id: row.inspectionId, role: row.role, ...values })
    .onConflict((oc) => oc.columns(['inspection_id', 'role']).doUpdateSet(values))
    .execute();
}

// ---- The schedule --------------------------------------------------------------------------

export async function updateSchedule(db: Tx, inspectionId: string, schedule: { at: Date; by: string | null } | null, now: Date): Promise<void> {
  await db
    .updateTable('report')
    .set({ scheduled_for: schedule?.at ?? null, scheduled_by: schedule?.by ?? null, updated_at: now })
    .where('inspection_id', '=', inspectionId)
    .execute();
}

/** Reports whose scheduled time has come, the earliest first. */
export async function selectDueReports(db: Tx, now: Date): Promise<string[]> {
  const rows = await db.selectFrom('report').select('inspection_id').where('scheduled_for', '<=', now).orderBy('scheduled_for').execute();
  return rows.map((r) => r.inspection_id);
}

export async function selectUser(db: Tx, userId: string): Promise<{ email: string; displayName: string } | undefined> {
  const row = await db.selectFrom('app_user').select(['email', 'display_name']).where('id', '=', userId).executeTakeFirst();
  return row && { email: row.email, displayName: row.display_name };
}

// ---- Publications --------------------------------------------------------------------------

export type PublicationSummaryRow = Pick<
  ReportPublicationRow,
  'id' | 'inspection_id' | 'sequence' | 'document_hash' | 'version_number' | 'correction_note' | 'published_by' | 'published_by_label' | 'pdf_file_id' | 'docx_file_id'
> & { published_at: Date; published_by_name: string | null };

function summaries(db: Tx) {
  return db
    .selectFrom('report_publication as p')
    .leftJoin('app_user as u', 'u.id', 'p.published_by')
    .select([
      'p.id',
      'p.inspection_id',
      'p.sequence',
      'p.document_hash',
      'p.version_number',
      'p.correction_note',
      sql<Date>`p.published_at`.as('published_at'),
      'p.published_by',
      'p.published_by_label',
      'u.display_name as published_by_name',
      'p.pdf_file_id',
      'p.docx_file_id',
    ]);
}

/** Every publication of the report, the first first, without their documents. */
export async function selectPublications(db: Tx, inspectionId: string): Promise<PublicationSummaryRow[]> {
  return summaries(db).where('p.inspection_id', '=', inspectionId).orderBy('p.sequence').execute();
}

export type PublicationRow = Omit<ReportPublicationRow, 'published_at'> & { published_at: Date };

/** The latest publication (the last correction, or the first publication) with its document. */
export async function selectLatestPublication(db: Tx, inspectionId: string): Promise<PublicationRow | undefined> {
  const row = await db.selectFrom('report_publication').selectAll().where('inspection_id', '=', inspectionId).orderBy('sequence', 'desc').limit(1).executeTakeFirst();
  return row && { ...row, published_at: new Date(row.published_at) };
}

export async function selectPublication(db: Tx, publicationId: string): Promise<(PublicationRow & { reference: string }) | undefined> {
  const row = await db
    .selectFrom('report_publication as p')
    .innerJoin('inspection as i', 'i.id', 'p.inspection_id')
    .selectAll('p')
    .select('i.reference')
    .where('p.id', '=', publicationId)
    .executeTakeFirst();
  return row && { ...row, published_at: new Date(row.published_at) };
}

export type NewPublication = Omit<NewReportPublicationRow, 'document' | 'id' | 'pdf_file_id' | 'docx_file_id'> & { document: ReportDocument };

export async function insertPublication(db: Tx, publication: NewPublication): Promise<{ id: string }> {
  return db
    .insertInto('report_publication')
    .values({ ...publication, document: JSON.stringify(publication.document), pdf_file_id: null, docx_file_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Links a stored file to the publication unless another request got there first (false then). */
export async function setPublicationFile(db: Tx, publicationId: string, kind: 'pdf' | 'docx', fileId: string): Promise<boolean> {
  const column = kind === 'pdf' ? 'pdf_file_id' : 'docx_file_id';
  const result = await db.updateTable('report_publication').set({ [column]: fileId }).where('id', '=', publicationId).where(column, 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- Scheduled publications that did not happen --------------------------------------------

export const SCHEDULE_ACTIONS = ['report.schedule', 'report.schedule-cancel', 'report.publish'] as const;

export type ScheduleEventRow = { action: string; outcome: string; occurred_at: Date; details: Record<string, unknown> };

/** The latest scheduling, cancelling or publishing of the report, failures included. */
export async function selectLatestScheduleEvent(db: Tx, inspectionId: string): Promise<ScheduleEventRow | undefined> {
  return db
    .selectFrom('audit_event')
    .select(['action', 'outcome', 'occurred_at', 'details'])
    .where('inspection_id', '=', inspectionId)
    .where('action', 'in', [...SCHEDULE_ACTIONS])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
