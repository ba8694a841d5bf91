// SQL for survey analysis: responses read in id order a batch at a time, comments, inspectors'
// theme corrections, and the stored result of the last analysis.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { SurveyAnalysisRow, SurveyCommentCorrectionRow } from './survey.table.ts';

type Db = Kysely<Database>;

/** A response as the analysis reads it: answers as JSON text, parsed by whichever thread counts them. */
export type ResponseBatchRow = { id: number; language: string; answers: string };

/**
 * The next `limit` responses after `afterId`, in id order (keyset pagination on the
 * (survey_id, id) index: each batch costs the same however far into the survey it is).
 */
export async function selectResponseBatch(db: Db, surveyId: string, afterId: number, limit: number): Promise<ResponseBatchRow[]> {
  const result = await sql<ResponseBatchRow>`
    select id, language, answers::text as answers
    from survey_response
    where survey_id = ${surveyId} and id > ${afterId}
    order by id
    limit ${limit}`.execute(db);
  return result.rows;
}

/** Whether the survey has more than `count` responses: reads at most that many index entries, unlike count(*). */
export async function hasMoreResponsesThan(db: Db, surveyId: string, count: number): Promise<boolean> {
  const result = await sql<{ id: number }>`
    select id from survey_response where survey_id = ${surveyId} order by id offset ${count} limit 1`.execute(db);
  return result.rows.length > 0;
}

/** How many responses the survey has, and when its comments' themes were last corrected. */
export async function selectAnalysisFreshness(db: Db, surveyId: string): Promise<{ responses: number; latestCorrection: Date | null }> {
  const result = await sql<{ responses: number; latest_correction: Date | null }>`
    select
      (select count(*) from survey_response where survey_id = ${surveyId}) as responses,
      (select max(corrected_at) from survey_comment_correction where survey_id = ${surveyId}) as latest_correction`.execute(db);
  const row = result.rows[0]!;
  return { responses: Number(row.responses), latestCorrection: row.latest_correction };
}

// ---- Stored analysis -----------------------------------------------------------------------

export async function findStoredAnalysis(db: Db, surveyId: string): Promise<SurveyAnalysisRow | undefined> {
  return db.selectFrom('survey_analysis').selectAll().where('survey_id', '=', surveyId).executeTakeFirst();
}

/** Stores a result unless one from an analysis that started later is already there. */
export async function upsertAnalysis(db: Db, row: { surveyId: string; responseCount: number; result: string; computedAt: Date }): Promise<void> {
  await db
    .insertInto('survey_analysis')
    .values({ survey_id: row.surveyId, response_count: row.responseCount, result: row.result, computed_at: row.computedAt })
    .onConflict((oc) =>
      oc
        .column('survey_id')
        .doUpdateSet({ response_count: row.responseCount, result: row.result, computed_at: row.computedAt })
        .where('survey_analysis.computed_at', '<=', row.computedAt),
    )
    .execute();
}

export async function deleteStoredAnalysis(db: Db, surveyId: string): Promise<void> {
  await db.deleteFrom('survey_analysis').where('survey_id', '=', surveyId).execute();
}

// ---- Corrections ---------------------------------------------------------------------------

/** Every correction of a survey: an inspector corrects a few comments, so they fit in memory. */
export async function selectCorrections(db: Db, surveyId: string): Promise<Pick<SurveyCommentCorrectionRow, 'response_id' | 'question_id' | 'themes'>[]> {
  return db.selectFrom('survey_comment_correction').select(['response_id', 'question_id', 'themes']).where('survey_id', '=', surveyId).execute();
}

export async function findCorrection(db: Db, responseId: number, questionId: string): Promise<SurveyCommentCorrectionRow | undefined> {
  return db.selectFrom('survey_comment_correction').selectAll().where('response_id', '=', responseId).where('question_id', '=', questionId).executeTakeFirst();
}

export async function upsertCorrection(
  db: Db,
  row: { surveyId: string; responseId: number; questionId: string; themes: string[]; correctedBy: string | null; correctedAt: Date },
): Promise<void> {
  // An explicit array literal: both drivers then send the same text[] value.
  const themes = sql<string[]>`${`{${row.themes.join(',')}}`}::text[]`;
  await db
    .insertInto('survey_comment_correction')
    .values({ response_id: row.responseId, question_id: row.questionId, survey_id: row.surveyId, themes, corrected_by: row.correctedBy, corrected_at: row.correctedAt })
    .onConflict((oc) => oc.columns(['response_id', 'question_id']).doUpdateSet({ themes, corrected_by: row.correctedBy, corrected_at: row.correctedAt }))
    .execute();
}

// ---- Comments ------------------------------------------------------------------------------

/** One response's answer to one question as text, if the response belongs to the survey. */
export async function findResponseText(db: Db, surveyId: string, responseId: number, questionId: string): Promise<{ text: string | null; kind: string | null } | undefined> {
  const result = await sql<{ text: string | null; kind: string | null }>`
    select answers ->> ${questionId} as text, jsonb_typeof(answers -> ${questionId}) as kind
    from survey_response
    where id = ${responseId} and survey_id = ${surveyId}`.execute(db);
  return result.rows[0];
}

export type CommentRow = { response_id: number; question_id: string; text: string };

/** The questions as a numbered list, so comments come in response order, then question order. */
function questionList(questionIds: readonly string[]) {
  return sql.join(questionIds.map((id, position) => sql`(${id}::text, ${position}::integer)`));
}

function commentsOf(surveyId: string, questionIds: readonly string[]) {
  return sql`
    from survey_response r
    cross join (values ${questionList(questionIds)}) as q(question_id, position)
    where r.survey_id = ${surveyId}
      and jsonb_typeof(r.answers -> q.question_id) = 'string'
      and btrim(r.answers ->> q.question_id) <> ''`;
}

export async function countComments(db: Db, surveyId: string, questionIds: readonly string[]): Promise<number> {
  if (questionIds.length === 0) return 0;
  const result = await sql<{ n: number }>`select count(*) as n ${commentsOf(surveyId, questionIds)}`.execute(db);
  return Number(result.rows[0]!.n);
}

/** A page of comments, oldest response first. */
export async function selectCommentsPage(db: Db, surveyId: string, questionIds: readonly string[], offset: number, limit: number): Promise<CommentRow[]> {
  if (questionIds.length === 0) return [];
  const result = await sql<CommentRow>`
    select r.id as response_id, q.question_id, r.answers ->> q.question_id as text
    ${commentsOf(surveyId, questionIds)}
    order by r.id, q.position
    offset ${offset} limit ${limit}`.execute(db);
  return result.rows;
}

/** The comments after a position (response id, question position), for reading them all a batch at a time. */
export async function selectCommentBatch(
  db: Db,
  surveyId: string,
  questionIds: readonly string[],
  after: { responseId: number; position: number },
  limit: number,
): Promise<(CommentRow & { position: number })[]> {
  if (questionIds.length === 0) return [];
  const result = await sql<CommentRow & { position: number }>`
    select r.id as response_id, q.question_id, q.position, r.answers ->> q.question_id as text
    ${commentsOf(surveyId, questionIds)}
      and r.id >= ${after.responseId}
      and (r.id > ${after.responseId} or q.position > ${after.position})
    order by r.id, q.position
    limit ${limit}`.execute(db);
  return result.rows;
}
