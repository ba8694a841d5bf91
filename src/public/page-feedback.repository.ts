// SQL for page feedback: storing a post, the triage queue by status, recording a triage, and deleting
// what has passed its retention period.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { FeedbackStatus, NewPageFeedbackRow, PageFeedbackRow } from './page-feedback.table.ts';

export async function insertFeedback(db: Kysely<Database>, row: NewPageFeedbackRow): Promise<{ id: string }> {
  return db.insertInto('page_feedback').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function countFeedbackByStatus(db: Kysely<Database>): Promise<Map<FeedbackStatus, number>> {
  const rows = await db
    .selectFrom('page_feedback')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute();
  return new Map(rows.map((row) => [row.status, Number(row.count)]));
}

/** Newest first. */
export async function selectFeedbackWithStatus(db: Kysely<Database>, status: FeedbackStatus, limit: number, offset: number): Promise<PageFeedbackRow[]> {
  return db
    .selectFrom('page_feedback')
    .selectAll()
    .where('status', '=', status)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export type FeedbackWithTriager = PageFeedbackRow & { triaged_by_name: string | null };

export async function selectFeedback(db: Kysely<Database>, id: string, forUpdate = false): Promise<FeedbackWithTriager | undefined> {
  let query = db
    .selectFrom('page_feedback as f')
    .leftJoin('app_user as u', 'u.id', 'f.triaged_by')
    .selectAll('f')
    .select('u.display_name as triaged_by_name')
    .where('f.id', '=', id);
  if (forUpdate) query = query.forUpdate('f');
  return query.executeTakeFirst();
}

export async function updateFeedbackTriage(db: Kysely<Database>, id: string, change: { status: FeedbackStatus; triageNote: string; triagedBy: string | null; triagedAt: Date }): Promise<void> {
  await db
    .updateTable('page_feedback')
    .set({ status: change.status, triage_note: change.triageNote, triaged_by: change.triagedBy, triaged_at: change.triagedAt })
    .where('id', '=', id)
    .execute();
}

/** Deletes every item sent before the cut-off, whatever its status; returns how many went. */
export async function deleteFeedbackSentBefore(db: Kysely<Database>, cutOff: Date): Promise<number> {
  const result = await db.deleteFrom('page_feedback').where('created_at', '<', cutOff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
