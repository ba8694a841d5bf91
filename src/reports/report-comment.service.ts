// Use cases of comments on the draft's paragraphs: the paragraph a comment is about (in the document
// composed from a version), the QA reader's and the area's comments (the area's only until its
// deadline), resolving, accepting and rejecting them, the lists and the open counts sign-off needs.
// Each change is audited in its transaction.
import type { Kysely } from 'kysely';
import { getInspection, isUuid, type Actor, type Context, type InspectionDetails } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { todayInEngland } from '../platform/working-days.ts';
import {
  COMMENT_STAGE_LABELS,
  COMMENT_STATUS_LABELS,
  CommentInputError,
  CommentNotFoundError,
  CommentRefusedError,
  DECISION_STATUS,
  answerIssues,
  answeringRefusal,
  commentBodyIssues,
  commentingRefusal,
  deadlinePassedMessage,
  deadlineSentence,
  findParagraph,
  isParagraphKey,
  isWithinDeadline,
  type AnswerDecision,
  type CommentedParagraph,
} from './report-comment.ts';
import { insertComment, selectCommentForUpdate, selectComments, selectOpenCounts, updateCommentAnswer, type CommentFilter, type CommentRow } from './report-comment.repository.ts';
import { selectReport } from './report-draft.repository.ts';
import { composedVersion } from './report-preview.service.ts';
import type { CommentStage, CommentStatus, ReportRow } from './report.table.ts';

type Tx = Kysely<Database>;

export type CommentView = {
  id: string;
  stage: CommentStage;
  stageLabel: string;
  versionNumber: number;
  paragraphKey: string;
  quoted: string;
  body: string;
  author: string;
  createdAt: Date;
  status: CommentStatus;
  statusLabel: string;
  response: string;
  respondedBy: string | null;
  respondedAt: Date | null;
};

function viewOf(row: CommentRow): CommentView {
  return {
    id: row.id,
    stage: row.stage,
    stageLabel: COMMENT_STAGE_LABELS[row.stage],
    versionNumber: row.version_number,
    paragraphKey: row.paragraph_key,
    quoted: row.quoted,
    body: row.body,
    author: row.author_name ?? row.author_label,
    createdAt: row.created_at,
    status: row.status,
    statusLabel: COMMENT_STATUS_LABELS[row.status],
    response: row.response,
    respondedBy: row.responded_at ? (row.responder_name ?? row.responded_by_label) : null,
    respondedAt: row.responded_at,
  };
}

export async function listComments(db: Tx, inspectionId: string, filter: CommentFilter = {}): Promise<CommentView[]> {
  if (!isUuid(inspectionId)) return [];
  return (await selectComments(db, inspectionId, filter)).map(viewOf);
}

/** What sign-off waits for: QA comments not yet resolved and factual accuracy comments not yet answered. */
export async function openCommentCounts(db: Tx, inspectionId: string): Promise<{ qaOpen: number; factualAccuracyOpen: number }> {
  const counts = isUuid(inspectionId) ? await selectOpenCounts(db, inspectionId) : [];
  const of = (stage: CommentStage) => counts.find((c) => c.stage === stage)?.open ?? 0;
  return { qaOpen: of('quality_assurance'), factualAccuracyOpen: of('factual_accuracy') };
}

// ---- The factual accuracy check ------------------------------------------------------------

export type FactualAccuracyCheck = {
  /** The version sent to the area. */
  version: number;
  sentAt: Date | null;
  /** 'YYYY-MM-DD': the last day for comments. */
  deadline: string;
  /** "Send your comments by 11:59pm on Friday 12 December 2026 (UK time)" */
  deadlineSentence: string;
  /** Whether comments are still taken today. */
  open: boolean;
  /** Why not, once the deadline has passed. */
  closedMessage: string | null;
};

function checkOf(report: ReportRow | undefined, now: Date): FactualAccuracyCheck | null {
  if (!report || report.factual_accuracy_version === null || report.factual_accuracy_deadline === null) return null;
  const deadline = report.factual_accuracy_deadline;
  const open = isWithinDeadline(deadline, todayInEngland(now));
  return {
    version: report.factual_accuracy_version,
    sentAt: report.factual_accuracy_sent_at,
    deadline,
    deadlineSentence: deadlineSentence(deadline),
    open,
    closedMessage: open ? null : deadlinePassedMessage(deadline),
  };
}

/** The draft sent to the area and its deadline, or null while none has been sent. */
export async function factualAccuracyCheck(db: Tx, inspectionId: string, now: Date = new Date()): Promise<FactualAccuracyCheck | null> {
  if (!isUuid(inspectionId)) return null;
  return checkOf(await selectReport(db, inspectionId), now);
}

// ---- The document a comment is about -------------------------------------------------------

/** The version a new comment of this stage is on: the one the page showed for QA, the one sent for factual accuracy. */
function commentVersion(stage: CommentStage, shownVersion: number, report: ReportRow | undefined): number | undefined {
  if (stage === 'factual_accuracy') return report?.factual_accuracy_version ?? undefined;
  return Number.isSafeInteger(shownVersion) && shownVersion >= 1 ? shownVersion : undefined;
}

export type CommentTarget = { version: number; paragraph: CommentedParagraph; details: InspectionDetails };

/**
 * The paragraph a new comment would be on, checking first that one of this stage may be added now
 * (CommentRefusedError says why not: the stage, no draft yet, or the area's deadline passed).
 * CommentNotFoundError for a paragraph the version's document does not have.
 */
export async function commentTarget(db: Tx, inspectionId: string, stage: CommentStage, paragraphKey: string, shownVersion: number, now: Date = new Date()): Promise<CommentTarget> {
  const details = await getInspection(db, inspectionId);
  if (!details || !isParagraphKey(paragraphKey)) throw new CommentNotFoundError();
  const report = await selectReport(db, inspectionId);
  const sending = { version: report?.factual_accuracy_version ?? null, deadline: report?.factual_accuracy_deadline ?? null };
  const refusal = commentingRefusal(stage, details.inspection.status, sending, todayInEngland(now));
  if (refusal) throw new CommentRefusedError(refusal);
  const version = commentVersion(stage, shownVersion, report);
  if (version === undefined) throw new CommentRefusedError('There is no draft to comment on yet: the team has not saved one');
  const document = await composedVersion(db, inspectionId, version);
  const paragraph = document && findParagraph(document, paragraphKey);
  if (!paragraph) throw new CommentNotFoundError();
  return { version, paragraph, details };
}

/**
 * Adds a comment on a paragraph, quoting the paragraph as it reads in that version. QA comments need
 * the inspection in quality assurance; the area's need it in the factual accuracy check and today
 * (in England) on or before the deadline. Nothing is stored when refused.
 */
export async function addComment(
  db: Tx,
  inspectionId: string,
  stage: CommentStage,
  paragraphKey: string,
  input: { body: string; shownVersion: number },
  actor: Actor,
  context: Context = {},
  now: Date = new Date(),
): Promise<{ id: string; version: number }> {
  const issues = commentBodyIssues(input.body);
  const target = await commentTarget(db, inspectionId, stage, paragraphKey, input.shownVersion, now);
  if (issues.length) throw new CommentInputError(issues);
  return db.transaction().execute(async (trx) => {
    const { id } = await insertComment(trx, {
      inspection_id: inspectionId,
      stage,
      version_number: target.version,
      paragraph_key: target.paragraph.key,
      quoted: target.paragraph.text,
      body: input.body.trim(),
      author_id: actor.id,
      author_label: actor.label,
      created_at: now,
    });
    await recordAudit(trx, {
      actor,
      action: 'report.comment.add',
      inspectionId,
      laCode: target.details.inspection.la_code,
      subjectType: 'report_comment',
      subjectId: id,
      details: { stage, version: target.version, paragraphKey: target.paragraph.key },
      requestId: context.requestId,
    });
    return { id, version: target.version };
  });
}

/**
 * Answers a comment: a QA comment is resolved, a factual accuracy comment accepted or rejected
 * (a rejection must say why; other answers may carry a note). Until publication; a comment
 * already answered is refused, so two inspectors answering at once do not overwrite each other.
 */
export async function answerComment(
  db: Tx,
  inspectionId: string,
  commentId: string,
  input: { decision: string; response: string },
  actor: Actor,
  context: Context = {},
  now: Date = new Date(),
): Promise<{ stage: CommentStage; status: CommentStatus }> {
  if (!isUuid(commentId)) throw new CommentNotFoundError();
  const details = await getInspection(db, inspectionId);
  if (!details) throw new CommentNotFoundError();
  const refusal = answeringRefusal(details.inspection.status);
  if (refusal) throw new CommentRefusedError(refusal);
  return db.transaction().execute(async (trx) => {
    const comment = await selectCommentForUpdate(trx, inspectionId, commentId);
    if (!comment) throw new CommentNotFoundError();
    if (comment.status !== 'open') {
      throw new CommentRefusedError(`This comment has already been ${COMMENT_STATUS_LABELS[comment.status].toLowerCase()} by ${comment.responded_by_label ?? 'someone else'}`);
    }
    const issues = answerIssues(comment.stage, input.decision, input.response);
    if (issues.length) throw new CommentInputError(issues);
    const status = DECISION_STATUS[input.decision as AnswerDecision];
    const response = input.response.trim();
    await updateCommentAnswer(trx, commentId, { status, response, respondedBy: actor.id, respondedByLabel: actor.label, respondedAt: now });
    await recordAudit(trx, {
      actor,
      action: `report.comment.${input.decision}`,
      inspectionId,
      laCode: details.inspection.la_code,
      subjectType: 'report_comment',
      subjectId: commentId,
      details: { stage: comment.stage, status, response },
      requestId: context.requestId,
    });
    return { stage: comment.stage, status };
  });
}
