// SQL for survey results: sharing a survey's summary by link, and the names a summary is headed with.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { SurveyRow } from './survey.table.ts';

type Db = Kysely<Database>;

/** Takes the row lock, so two people sharing or unsharing at once change it one after the other. */
export async function findSurveyForSharing(db: Db, surveyId: string): Promise<SurveyRow | undefined> {
  return db.selectFrom('survey').selectAll().where('id', '=', surveyId).forUpdate().executeTakeFirst();
}

export async function updateSummarySharing(db: Db, surveyId: string, changes: { summary_token?: string; summary_shared_at: Date | null }): Promise<SurveyRow> {
  return db
    .updateTable('survey')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', surveyId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The survey whose summary is shared with this token; none once sharing has stopped. */
export async function findSurveyBySharedToken(db: Db, token: string): Promise<SurveyRow | undefined> {
  return db.selectFrom('survey').selectAll().where('summary_token', '=', token).where('summary_shared_at', 'is not', null).executeTakeFirst();
}

export type SummaryHeadingRow = { reference: string; la_code: string; area_name: string };

export async function selectSummaryHeading(db: Db, inspectionId: string): Promise<SummaryHeadingRow | undefined> {
  return db
    .selectFrom('inspection')
    .innerJoin('local_area', 'local_area.la_code', 'inspection.la_code')
    .select(['inspection.reference', 'inspection.la_code', 'local_area.name as area_name'])
    .where('inspection.id', '=', inspectionId)
    .executeTakeFirst();
}
