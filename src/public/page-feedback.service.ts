// Page feedback's use cases: keeping what a reader sent (already checked by the rules), the
// administrators' triage queue, where each change of status is audited, and deleting feedback once
// its retention period has passed (readers may type personal details into it).
import type { Kysely } from 'kysely';
import { recordAudit, type AuditActor } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { FEEDBACK_STATUSES } from './page-feedback.ts';
import {
  countFeedbackByStatus,
  deleteFeedbackSentBefore,
  insertFeedback,
  selectFeedback,
  selectFeedbackWithStatus,
  updateFeedbackTriage,
} from './page-feedback.repository.ts';
import type { FeedbackKind, FeedbackStatus } from './page-feedback.table.ts';

export const FEEDBACK_PER_PAGE = 50;

const DAY_MS = 86_400_000;

export type FeedbackItem = {
  id: string;
  pagePath: string;
  kind: FeedbackKind;
  whatDoing: string;
  whatWrong: string;
  status: FeedbackStatus;
  triageNote: string;
  triagedBy: string | null;
  triagedAt: Date | null;
  createdAt: Date;
};

export type FeedbackQueue = {
  status: FeedbackStatus;
  counts: Record<FeedbackStatus, number>;
  items: FeedbackItem[];
  page: number;
  pageCount: number;
};

export class FeedbackNotFoundError extends Error {
  readonly statusCode = 404;
  constructor() {
    super('There is no such feedback');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function itemOf(row: Awaited<ReturnType<typeof selectFeedback>> & object): FeedbackItem {
  return {
    id: row.id,
    pagePath: row.page_path,
    kind: row.kind,
    whatDoing: row.what_doing,
    whatWrong: row.what_wrong,
    status: row.status,
    triageNote: row.triage_note,
    triagedBy: row.triaged_by_name,
    triagedAt: row.triaged_at,
    createdAt: row.created_at,
  };
}

/** Keeps a reader's feedback, checked already; a problem report keeps its two texts as typed. */
export async function recordFeedback(db: Kysely<Database>, feedback: { pagePath: string; kind: FeedbackKind; whatDoing?: string; whatWrong?: string }): Promise<{ id: string }> {
  const problem = feedback.kind === 'problem';
  return insertFeedback(db, {
    page_path: feedback.pagePath,
    kind: feedback.kind,
    what_doing: problem ? (feedback.whatDoing ?? '').trim() : '',
    what_wrong: problem ? (feedback.whatWrong ?? '').trim() : '',
  });
}

/** One status's feedback, newest first, with how much there is under every status. */
export async function feedbackQueue(db: Kysely<Database>, status: FeedbackStatus, page = 1): Promise<FeedbackQueue> {
  const counted = await countFeedbackByStatus(db);
  const counts = Object.fromEntries(FEEDBACK_STATUSES.map((s) => [s, counted.get(s) ?? 0])) as Record<FeedbackStatus, number>;
  const pageCount = Math.max(1, Math.ceil(counts[status] / FEEDBACK_PER_PAGE));
  const rows = await selectFeedbackWithStatus(db, status, FEEDBACK_PER_PAGE, (page - 1) * FEEDBACK_PER_PAGE);
  return { status, counts, items: rows.map((row) => itemOf({ ...row, triaged_by_name: null })), page, pageCount };
}

export async function getFeedback(db: Kysely<Database>, id: string): Promise<FeedbackItem | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await selectFeedback(db, id);
  return row ? itemOf(row) : undefined;
}

/** Sets a feedback item's status and note; audited in the same transaction. */
export async function triageFeedback(
  db: Kysely<Database>,
  id: string,
  input: { status: FeedbackStatus; note: string },
  actor: NonNullable<AuditActor>,
  context: { requestId?: string } = {},
): Promise<FeedbackItem> {
  if (!UUID.test(id)) throw new FeedbackNotFoundError();
  return db.transaction().execute(async (trx) => {
    const before = await selectFeedback(trx, id, true);
    if (!before) throw new FeedbackNotFoundError();
    const note = input.note.trim();
    await updateFeedbackTriage(trx, id, { status: input.status, triageNote: note, triagedBy: actor.id, triagedAt: new Date() });
    await recordAudit(trx, {
      actor,
      action: 'feedback.triage',
      subjectType: 'page_feedback',
      subjectId: id,
      details: { page: before.page_path, from: before.status, to: input.status, noteChanged: note !== before.triage_note },
      requestId: context.requestId,
    });
    const after = await selectFeedback(trx, id);
    return itemOf(after!);
  });
}

export type FeedbackRetentionResult = { deleted: number; sentBefore: Date };

/**
 * Deletes the feedback sent more than `retentionDays` ago, whatever its status, in one transaction
 * with one audit event holding the count (never the texts). Nothing to delete, nothing audited.
 */
export async function enforceFeedbackRetention(db: Kysely<Database>, retentionDays: number, now = new Date()): Promise<FeedbackRetentionResult> {
  const sentBefore = new Date(now.getTime() - retentionDays * DAY_MS);
  const deleted = await db.transaction().execute(async (trx) => {
    const count = await deleteFeedbackSentBefore(trx, sentBefore);
    if (count > 0) {
      await recordAudit(trx, {
        actor: null,
        action: 'feedback.retention-enforced',
        subjectType: 'page_feedback',
        details: { deleted: count, sentBefore: sentBefore.toISOString(), retentionDays },
      });
    }
    return count;
  });
  return { deleted, sentBefore };
}
