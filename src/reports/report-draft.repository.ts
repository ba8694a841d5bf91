// SQL for the report's drafts: the report row (made when first needed, locked while a draft is
// saved), its versions with the names of who saved them, and a new version's insert.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { NarrativeSections } from './report-document.ts';
import type { ReportRow } from './report.table.ts';

type Tx = Kysely<Database>;

export async function selectReport(db: Tx, inspectionId: string): Promise<ReportRow | undefined> {
  return db.selectFrom('report').selectAll().where('inspection_id', '=', inspectionId).executeTakeFirst();
}

/**
 * The inspection's report row, made now if it has none, and locked until the transaction ends so
 * saves and sends of the same report take turns.
 */
export async function lockReport(db: Tx, inspectionId: string): Promise<ReportRow> {
  await db.insertInto('report').values({ inspection_id: inspectionId }).onConflict((oc) => oc.column('inspection_id').doNothing()).execute();
  return db.selectFrom('report').selectAll().where('inspection_id', '=', inspectionId).forUpdate().executeTakeFirstOrThrow();
}

export async function touchReport(db: Tx, inspectionId: string, now: Date): Promise<void> {
  await db.updateTable('report').set({ updated_at: now }).where('inspection_id', '=', inspectionId).execute();
}

export type VersionSummaryRow = { number: number; change_note: string; created_by_label: string; created_by_name: string | null; created_at: Date };
export type VersionRow = VersionSummaryRow & { sections: NarrativeSections };

function versions(db: Tx, inspectionId: string) {
  return db
    .selectFrom('report_version as v')
    .leftJoin('app_user as u', 'u.id', 'v.created_by')
    .where('v.inspection_id', '=', inspectionId)
    .select(['v.number', 'v.change_note', 'v.created_by_label', 'u.display_name as created_by_name', 'v.created_at']);
}

/** Every version, newest first, without its text. */
export async function selectVersionSummaries(db: Tx, inspectionId: string): Promise<VersionSummaryRow[]> {
  return versions(db, inspectionId).orderBy('v.number', 'desc').execute();
}

export async function selectVersion(db: Tx, inspectionId: string, number: number): Promise<VersionRow | undefined> {
  return versions(db, inspectionId).select('v.sections').where('v.number', '=', number).executeTakeFirst();
}

export async function selectLatestVersion(db: Tx, inspectionId: string): Promise<VersionRow | undefined> {
  return versions(db, inspectionId).select('v.sections').orderBy('v.number', 'desc').limit(1).executeTakeFirst();
}

export type NewVersion = { number: number; sections: NarrativeSections; changeNote: string; createdBy: string | null; createdByLabel: string; createdAt: Date };

export async function insertVersion(db: Tx, inspectionId: string, version: NewVersion): Promise<void> {
  await db
    .insertInto('report_version')
    .values({
      inspection_id: inspectionId,
      number: version.number,
      sections: JSON.stringify(version.sections),
      change_note: version.changeNote,
      created_by: version.createdBy,
      created_by_label: version.createdByLabel,
      created_at: version.createdAt,
    })
    .execute();
}
