// SQL for comments on the draft's paragraphs: adding one, the inspection's comments with the names
// of who wrote and answered them, one locked for its answer, the answer, and the open counts.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { CommentStage, CommentStatus, NewReportCommentRow, ReportCommentRow } from './report.table.ts';

type Tx = Kysely<Database>;

export async function insertComment(db: Tx, row: NewReportCommentRow): Promise<{ id: string }> {
  return db.insertInto('report_comment').values(row).returning('id').executeTakeFirstOrThrow();
}

export type CommentRow = ReportCommentRow & { author_name: string | null; responder_name: string | null };

export type CommentFilter = { stage?: CommentStage; openOnly?: boolean };

/** The inspection's comments, oldest first (the order they were made in). */
export async function selectComments(db: Tx, inspectionId: string, filter: CommentFilter = {}): Promise<CommentRow[]> {
  let query = db
    .selectFrom('report_comment as c')
    .leftJoin('app_user as a', 'a.id', 'c.author_id')
    .leftJoin('app_user as r', 'r.id', 'c.responded_by')
    .selectAll('c')
    .select(['a.display_name as author_name', 'r.display_name as responder_name'])
    .where('c.inspection_id', '=', inspectionId);
  if (filter.stage) query = query.where('c.stage', '=', filter.stage);
  if (filter.openOnly) query = query.where('c.status', '=', 'open');
  return query.orderBy('c.created_at', 'asc').orderBy('c.id', 'asc').execute();
}

/** The comment, locked until the transaction ends so two answers to it take turns. */
export async function selectCommentForUpdate(db: Tx, inspectionId: string, commentId: string): Promise<ReportCommentRow | undefined> {
  return db.selectFrom('report_comment').selectAll().where('inspection_id', '=', inspectionId).where('id', '=', commentId).forUpdate().executeTakeFirst();
}

export type CommentAnswer = { status: Exclude<CommentStatus, 'open'>; response: string; respondedBy: string | null; respondedByLabel: string; respondedAt: Date };

export async function updateCommentAnswer(db: Tx, commentId: string, answer: CommentAnswer): Promise<void> {
  await db
    .updateTable('report_comment')
    .set({ status: answer.status, response: answer.response, responded_by: answer.respondedBy, responded_by_label: answer.respondedByLabel, responded_at: answer.respondedAt })
    .where('id', '=', commentId)
    .execute();
}

/** Open comments per stage, in one query. */
export async function selectOpenCounts(db: Tx, inspectionId: string): Promise<{ stage: CommentStage; open: number }[]> {
  return db
    .selectFrom('report_comment')
    .select(['stage', sql<number>`count(*)::int`.as('open')])
    .where('inspection_id', '=', inspectionId)
    .where('status', '=', 'open')
    .groupBy('stage')
    .execute();
}
