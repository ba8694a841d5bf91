// SQL for surveys: the surveys of an inspection, channels, answers in progress, responses and counts.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { SurveyAudience } from './survey.ts';
import type {
  NewSurveyResponseRow,
  NewSurveyRow,
  SurveyChannelRow,
  SurveyDraftRow,
  SurveyRow,
  SurveyUpdate,
} from './survey.table.ts';

type Db = Kysely<Database>;

export async function insertSurvey(db: Db, row: NewSurveyRow): Promise<SurveyRow> {
  return db.insertInto('survey').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function selectSurveysOfInspection(db: Db, inspectionId: string): Promise<SurveyRow[]> {
  return db.selectFrom('survey').selectAll().where('inspection_id', '=', inspectionId).execute();
}

export async function findSurveyById(db: Db, id: string): Promise<SurveyRow | undefined> {
  return db.selectFrom('survey').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Takes the row lock: changes to one survey happen one after the other. */
export async function findSurveyByIdForUpdate(db: Db, id: string): Promise<SurveyRow | undefined> {
  return db.selectFrom('survey').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findSurveyByAudience(db: Db, inspectionId: string, audience: SurveyAudience): Promise<SurveyRow | undefined> {
  return db.selectFrom('survey').selectAll().where('inspection_id', '=', inspectionId).where('audience', '=', audience).executeTakeFirst();
}

export async function findSurveyBySummaryToken(db: Db, token: string): Promise<SurveyRow | undefined> {
  return db.selectFrom('survey').selectAll().where('summary_token', '=', token).where('summary_shared_at', 'is not', null).executeTakeFirst();
}

/** The area of the inspection a survey belongs to, for the audit log. */
export async function selectInspectionLaCode(db: Db, inspectionId: string): Promise<string | null> {
  const row = await db.selectFrom('inspection').select('la_code').where('id', '=', inspectionId).executeTakeFirst();
  return row?.la_code ?? null;
}

export async function updateSurvey(db: Db, id: string, changes: SurveyUpdate): Promise<SurveyRow> {
  return db.updateTable('survey').set({ ...changes, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

// ---- Channels ------------------------------------------------------------------------------

export async function insertChannel(db: Db, row: { survey_id: string; code: string; name: string; created_by: string | null }): Promise<SurveyChannelRow> {
  return db.insertInto('survey_channel').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function selectChannels(db: Db, surveyId: string): Promise<SurveyChannelRow[]> {
  return db.selectFrom('survey_channel').selectAll().where('survey_id', '=', surveyId).orderBy('created_at').orderBy('name').execute();
}

export async function findChannelByCode(db: Db, code: string): Promise<SurveyChannelRow | undefined> {
  return db.selectFrom('survey_channel').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findChannelByName(db: Db, surveyId: string, name: string): Promise<SurveyChannelRow | undefined> {
  return db
    .selectFrom('survey_channel')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
}

// ---- Answers in progress -------------------------------------------------------------------

export async function insertDraft(
  db: Db,
  row: { survey_id: string; channel_id: string | null; language: string; idempotency_key: string; expires_at: Date },
): Promise<SurveyDraftRow> {
  return db.insertInto('survey_draft').values({ ...row, answers: '{}' }).returningAll().executeTakeFirstOrThrow();
}

export async function findDraft(db: Db, id: string): Promise<SurveyDraftRow | undefined> {
  return db.selectFrom('survey_draft').selectAll().where('id', '=', id).where('expires_at', '>', new Date()).executeTakeFirst();
}

export async function findDraftByResumeCode(db: Db, codeHash: string): Promise<SurveyDraftRow | undefined> {
  return db.selectFrom('survey_draft').selectAll().where('resume_code_hash', '=', codeHash).where('expires_at', '>', new Date()).executeTakeFirst();
}

export async function updateDraft(db: Db, id: string, changes: { answers?: string; language?: string; resume_code_hash?: string | null; expires_at?: Date }): Promise<void> {
  await db.updateTable('survey_draft').set({ ...changes, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function deleteDraft(db: Db, id: string): Promise<void> {
  await db.deleteFrom('survey_draft').where('id', '=', id).execute();
}

export async function deleteExpiredDrafts(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('survey_draft').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Responses of surveys that closed before the cut-off; their comment corrections go with them. */
export async function deleteResponsesOfSurveysClosedBefore(db: Db, cutOff: Date): Promise<number> {
  const result = await db
    .deleteFrom('survey_response')
    .where('survey_id', 'in', (eb) => eb.selectFrom('survey').select('survey.id').where('survey.closes_at', '<', cutOff))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ---- Responses -----------------------------------------------------------------------------

/**
 * Stores a response only if the survey is open at this moment and the key is new, in one
 * statement: nothing is stored twice, and nothing after closing. Returns the new id, or undefined.
 */
export async function insertResponseIfOpen(db: Db, row: NewSurveyResponseRow & { answers: string }): Promise<number | undefined> {
  const result = await sql<{ id: number }>`
    insert into survey_response (survey_id, channel_id, language, answers, idempotency_key, content_hash, source, import_id)
    select ${row.survey_id}, ${row.channel_id ?? null}, ${row.language}, ${row.answers}::jsonb, ${row.idempotency_key}, ${row.content_hash}, ${row.source}, ${row.import_id ?? null}
    where exists (
      select 1 from survey s
      where s.id = ${row.survey_id} and s.opens_at is not null and s.opens_at <= now() and (s.closes_at is null or s.closes_at > now())
    )
    on conflict (survey_id, idempotency_key) do nothing
    returning id`.execute(db);
  return result.rows[0]?.id;
}

export async function findResponseByKey(db: Db, surveyId: string, key: string): Promise<{ id: number; content_hash: string } | undefined> {
  return db
    .selectFrom('survey_response')
    .select(['id', 'content_hash'])
    .where('survey_id', '=', surveyId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function countResponses(db: Db, surveyId: string): Promise<number> {
  const row = await db.selectFrom('survey_response').select((eb) => eb.fn.countAll<number>().as('n')).where('survey_id', '=', surveyId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countResponsesBySurvey(db: Db, surveyIds: string[]): Promise<Map<string, number>> {
  if (surveyIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('survey_response')
    .select(['survey_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('survey_id', 'in', surveyIds)
    .groupBy('survey_id')
    .execute();
  return new Map(rows.map((r) => [r.survey_id, Number(r.n)]));
}

export async function countResponsesByChannel(db: Db, surveyId: string): Promise<Map<string | null, number>> {
  const rows = await db
    .selectFrom('survey_response')
    .select(['channel_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('survey_id', '=', surveyId)
    .groupBy('channel_id')
    .execute();
  return new Map(rows.map((r) => [r.channel_id, Number(r.n)]));
}

/** Responses per UK calendar day, oldest first. */
export async function countResponsesByDay(db: Db, surveyId: string): Promise<{ date: string; count: number }[]> {
  const result = await sql<{ day: string; n: number }>`
    select to_char((submitted_at at time zone 'Europe/London')::date, 'YYYY-MM-DD') as day, count(*) as n
    from survey_response where survey_id = ${surveyId}
    group by 1 order by 1`.execute(db);
  return result.rows.map((r) => ({ date: r.day, count: Number(r.n) }));
}

export async function countResponsesByLanguage(db: Db, surveyId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('survey_response')
    .select(['language', (eb) => eb.fn.countAll<number>().as('n')])
    .where('survey_id', '=', surveyId)
    .groupBy('language')
    .execute();
  return new Map(rows.map((r) => [r.language, Number(r.n)]));
}
