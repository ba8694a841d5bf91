// SQL for the historical import: an imported inspection's report and its one publication.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { ReportDocument } from './report-document.ts';

// Any fixed number: imports take turns, so two cannot both pass the duplicate checks.
const IMPORT_LOCK_KEY = 7_240_512_061;

/** Holds the import lock until the transaction ends. */
export async function lockHistoricalImports(db: Kysely<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`.execute(db);
}

/** The report's own row, empty: an imported report had its drafts and checks outside this service. */
export async function insertImportedReport(db: Kysely<Database>, inspectionId: string): Promise<void> {
  await db.insertInto('report').values({ inspection_id: inspectionId, factual_accuracy_version: null, factual_accuracy_sent_at: null, factual_accuracy_deadline: null, scheduled_for: null, scheduled_by: null }).execute();
}

export async function insertImportedPublication(
  db: Kysely<Database>,
  row: { inspectionId: string; document: ReportDocument; documentHash: string; publishedAt: Date; actor: { id: string | null; label: string } },
): Promise<string> {
  const inserted = await db
    .insertInto('report_publication')
    .values({
      inspection_id: row.inspectionId,
      sequence: 1,
      document: JSON.stringify(row.document),
      document_hash: row.documentHash,
      version_number: null,
      correction_note: null,
      published_at: row.publishedAt,
      published_by: row.actor.id,
      published_by_label: row.actor.label,
      pdf_file_id: null,
      docx_file_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}
