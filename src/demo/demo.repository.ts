// SQL for the demonstration data: finding it, removing exactly what the seeder made, and the parts
// no use case may write (surveys that ran in the past, with their responses).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';

export async function countAccounts(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findAccountIdsByEmail(db: Kysely<Database>, emails: readonly string[]): Promise<string[]> {
  if (emails.length === 0) return [];
  const rows = await db.selectFrom('app_user').select('id').where('email', 'in', [...emails]).execute();
  return rows.map((r) => r.id);
}

/**
 * Removes the demo area's inspections (their teams and histories go with them) and the demo
 * accounts (their sessions and memberships go with them). The audit log keeps its record.
 */
export async function deleteDemoData(db: Kysely<Database>, laCode: string, emails: readonly string[]): Promise<{ inspections: number; accounts: number }> {
  const inspections = await db.deleteFrom('inspection').where('la_code', '=', laCode).executeTakeFirst();
  const accountIds = await findAccountIdsByEmail(db, emails);
  let accounts = 0;
  if (accountIds.length > 0) {
    // Other inspections may name a demo account as their creator or in their history: keep those rows, forget the person.
    await db.updateTable('inspection').set({ created_by: null }).where('created_by', 'in', accountIds).execute();
    await db.updateTable('inspection_transition').set({ actor_user_id: null }).where('actor_user_id', 'in', accountIds).execute();
    accounts = Number((await db.deleteFrom('app_user').where('id', 'in', accountIds).executeTakeFirst()).numDeletedRows);
  }
  return { inspections: Number(inspections.numDeletedRows), accounts };
}

// ---- Demo surveys -----------------------------------------------------------------------------

/**
 * Puts a demo survey's opening and closing in the past: the demo shows surveys that have already
 * run, which the scheduling rules (rightly) refuse to set up for real ones.
 */
export async function setDemoSurveyPeriod(db: Kysely<Database>, surveyId: string, opensAt: Date, closesAt: Date): Promise<void> {
  await db.updateTable('survey').set({ opens_at: opensAt, closes_at: closesAt, updated_at: opensAt }).where('id', '=', surveyId).execute();
}

/** Dates a demo link to when it was made, before the survey opened, rather than to when the demo was seeded. */
export async function setDemoChannelCreatedAt(db: Kysely<Database>, channelId: string, createdAt: Date): Promise<void> {
  await sql`update survey_channel set created_at = ${createdAt} where id = ${channelId}`.execute(db);
}

export type DemoResponseRow = {
  survey_id: string;
  channel_id: string;
  language: string;
  answers: string;
  idempotency_key: string;
  content_hash: string;
  submitted_at: Date;
};

/** Rows per insert statement: a few hundred keeps each statement's parameters well within limits. */
const RESPONSES_PER_INSERT = 250;

export async function insertDemoResponses(db: Kysely<Database>, rows: readonly DemoResponseRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += RESPONSES_PER_INSERT) {
    const batch = rows.slice(start, start + RESPONSES_PER_INSERT).map((row) => ({ ...row, source: 'web' as const, import_id: null }));
    await db.insertInto('survey_response').values(batch).execute();
  }
}
