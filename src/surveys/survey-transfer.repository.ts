// SQL for moving responses in and out of a survey: uploaded files held for import, the import
// itself (which, unlike an answer sent on the web, may go into a survey whatever its state),
// and the responses and comments of an export read a batch at a time.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { Answers } from './survey.ts';
import type { SurveyImportStagingRow } from './survey.table.ts';

type Db = Kysely<Database>;

// ---- Files held for import -------------------------------------------------------------------

export async function insertStaging(
  db: Db,
  row: { survey_id: string; file_name: string; file_sha256: string; file_format: 'csv' | 'xlsx'; headings: string; row_count: number; mapping: string; created_by: string | null; expires_at: Date },
): Promise<SurveyImportStagingRow> {
  return db.insertInto('survey_import_staging').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertStagingRows(db: Db, stagingId: string, rows: readonly { line: number; cells: readonly string[] }[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('survey_import_staging_row')
    .values(rows.map((r) => ({ staging_id: stagingId, line: r.line, cells: JSON.stringify(r.cells) })))
    .execute();
}

export async function updateStaging(db: Db, id: string, changes: { headings?: string; row_count?: number; mapping?: string; file_sha256?: string }): Promise<void> {
  await db.updateTable('survey_import_staging').set(changes).where('id', '=', id).execute();
}

/** A file held for import into this survey, unless it has expired. */
export async function findStaging(db: Db, surveyId: string, id: string, now: Date): Promise<SurveyImportStagingRow | undefined> {
  return db.selectFrom('survey_import_staging').selectAll().where('id', '=', id).where('survey_id', '=', surveyId).where('expires_at', '>', now).executeTakeFirst();
}

/** The same, with the row lock: one import of a file at a time. */
export async function findStagingForUpdate(db: Db, surveyId: string, id: string, now: Date): Promise<SurveyImportStagingRow | undefined> {
  return db
    .selectFrom('survey_import_staging')
    .selectAll()
    .where('id', '=', id)
    .where('survey_id', '=', surveyId)
    .where('expires_at', '>', now)
    .forUpdate()
    .executeTakeFirst();
}

export async function selectStagingOfSurvey(db: Db, surveyId: string, now: Date): Promise<SurveyImportStagingRow[]> {
  return db.selectFrom('survey_import_staging').selectAll().where('survey_id', '=', surveyId).where('expires_at', '>', now).orderBy('created_at', 'desc').execute();
}

/** The next rows of a held file after a row number, in file order. */
export async function selectStagingRows(db: Db, stagingId: string, afterLine: number, limit: number): Promise<{ line: number; cells: string[] }[]> {
  return db
    .selectFrom('survey_import_staging_row')
    .select(['line', 'cells'])
    .where('staging_id', '=', stagingId)
    .where('line', '>', afterLine)
    .orderBy('line')
    .limit(limit)
    .execute();
}

/** The distinct texts of one column of a held file with how many rows have each, most common first. */
export async function selectColumnValues(db: Db, stagingId: string, column: number, limit: number): Promise<{ text: string; rows: number }[]> {
  const result = await sql<{ text: string | null; rows: number }>`
    select cells ->> ${column}::integer as text, count(*) as rows
    from survey_import_staging_row
    where staging_id = ${stagingId}
    group by 1
    order by 2 desc, 1
    limit ${limit}`.execute(db);
  return result.rows.map((r) => ({ text: r.text ?? '', rows: Number(r.rows) }));
}

export async function deleteStaging(db: Db, id: string): Promise<void> {
  await db.deleteFrom('survey_import_staging').where('id', '=', id).execute();
}

export async function deleteExpiredStaging(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('survey_import_staging').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ---- Imports ---------------------------------------------------------------------------------

export type ImportRecord = { id: string; file_name: string; row_count: number; imported_at: Date; imported_by_name: string | null };

export async function findImport(db: Db, surveyId: string, id: string): Promise<ImportRecord | undefined> {
  return db
    .selectFrom('survey_import')
    .leftJoin('app_user', 'app_user.id', 'survey_import.imported_by')
    .select(['survey_import.id', 'survey_import.file_name', 'survey_import.row_count', 'survey_import.imported_at', 'app_user.display_name as imported_by_name'])
    .where('survey_import.survey_id', '=', surveyId)
    .where('survey_import.id', '=', id)
    .executeTakeFirst();
}

export async function findImportOfFile(db: Db, surveyId: string, sha256: string): Promise<ImportRecord | undefined> {
  return db
    .selectFrom('survey_import')
    .leftJoin('app_user', 'app_user.id', 'survey_import.imported_by')
    .select(['survey_import.id', 'survey_import.file_name', 'survey_import.row_count', 'survey_import.imported_at', 'app_user.display_name as imported_by_name'])
    .where('survey_import.survey_id', '=', surveyId)
    .where('survey_import.file_sha256', '=', sha256)
    .executeTakeFirst();
}

export async function selectImports(db: Db, surveyId: string): Promise<ImportRecord[]> {
  return db
    .selectFrom('survey_import')
    .leftJoin('app_user', 'app_user.id', 'survey_import.imported_by')
    .select(['survey_import.id', 'survey_import.file_name', 'survey_import.row_count', 'survey_import.imported_at', 'app_user.display_name as imported_by_name'])
    .where('survey_import.survey_id', '=', surveyId)
    .orderBy('survey_import.imported_at', 'desc')
    .execute();
}

export async function insertImport(
  db: Db,
  row: { id: string; survey_id: string; file_name: string; file_sha256: string; mapping: string; row_count: number; imported_by: string | null },
): Promise<void> {
  await db.insertInto('survey_import').values(row).execute();
}

export async function updateImportRowCount(db: Db, id: string, rowCount: number): Promise<void> {
  await db.updateTable('survey_import').set({ row_count: rowCount }).where('id', '=', id).execute();
}

/** Takes the survey's row lock, so that two imports into one survey happen one after the other. */
export async function lockSurvey(db: Db, surveyId: string): Promise<boolean> {
  const row = await db.selectFrom('survey').select('id').where('id', '=', surveyId).forUpdate().executeTakeFirst();
  return row !== undefined;
}

export type ImportedResponse = {
  language: string;
  answers: Answers;
  idempotencyKey: string;
  contentHash: string;
  submittedAt: Date;
};

/**
 * Stores imported responses whatever the survey's state: answers collected elsewhere are
 * typically imported after the survey has closed. A key already used stores nothing, so the
 * same rows imported twice are stored once. Returns how many were new.
 */
export async function insertImportedResponses(db: Db, surveyId: string, importId: string, rows: readonly ImportedResponse[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db
    .insertInto('survey_response')
    .values(
      rows.map((r) => ({
        survey_id: surveyId,
        channel_id: null,
        language: r.language,
        answers: JSON.stringify(r.answers),
        idempotency_key: r.idempotencyKey,
        content_hash: r.contentHash,
        source: 'import' as const,
        import_id: importId,
        submitted_at: r.submittedAt,
      })),
    )
    .onConflict((oc) => oc.columns(['survey_id', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

// ---- Exports ---------------------------------------------------------------------------------

export type ResponseExportRow = { id: number; submitted_at: Date; link: string | null; language: string; source: string; answers: Answers };

/** The next responses after an id, with the name of the link each came through. */
export async function selectResponsesForExport(db: Db, surveyId: string, afterId: number, limit: number): Promise<ResponseExportRow[]> {
  const rows = await db
    .selectFrom('survey_response as r')
    .leftJoin('survey_channel as c', 'c.id', 'r.channel_id')
    .select(['r.id', 'r.submitted_at', 'c.name as link', 'r.language', 'r.source', 'r.answers'])
    .where('r.survey_id', '=', surveyId)
    .where('r.id', '>', afterId)
    .orderBy('r.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export type CommentExportRow = { response_id: number; question_id: string; position: number; text: string };

/**
 * The next free-text answers after a position (response id, then the question's place in
 * `questionIds`), in response order then question order.
 */
export async function selectCommentsForExport(
  db: Db,
  surveyId: string,
  questionIds: readonly string[],
  after: { responseId: number; position: number },
  limit: number,
): Promise<CommentExportRow[]> {
  if (questionIds.length === 0) return [];
  const questions = sql.join(questionIds.map((id, position) => sql`(${id}::text, ${position}::integer)`));
  const result = await sql<CommentExportRow>`
    select r.id as response_id, q.question_id, q.position, r.answers ->> q.question_id as text
    from survey_response r
    cross join (values ${questions}) as q(question_id, position)
    where r.survey_id = ${surveyId}
      and jsonb_typeof(r.answers -> q.question_id) = 'string'
      and btrim(r.answers ->> q.question_id) <> ''
      and (r.id > ${after.responseId} or (r.id = ${after.responseId} and q.position > ${after.position}))
    order by r.id, q.position
    limit ${limit}`.execute(db);
  return result.rows.map((r) => ({ ...r, response_id: Number(r.response_id), position: Number(r.position) }));
}

/** Inspectors' themes for comments, which win over the model's. */
export async function selectThemeCorrections(db: Db, surveyId: string): Promise<{ response_id: number; question_id: string; themes: string[] }[]> {
  const rows = await db.selectFrom('survey_comment_correction').select(['response_id', 'question_id', 'themes']).where('survey_id', '=', surveyId).execute();
  return rows.map((r) => ({ ...r, response_id: Number(r.response_id) }));
}

export async function selectInspectionReference(db: Db, inspectionId: string): Promise<{ reference: string; la_code: string } | undefined> {
  return db.selectFrom('inspection').select(['reference', 'la_code']).where('id', '=', inspectionId).executeTakeFirst();
}
