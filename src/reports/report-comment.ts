// Rules of comments on the draft's paragraphs: when the QA reader and the area's nominated officer
// may comment (the factual accuracy deadline is the end of its day in England), what a comment and
// an answer must hold, and how the deadline reads. Pure.
import type { InspectionStatus } from '../inspections/inspection.table.ts';
import type { DocumentBlock, ReportDocument } from './report-document.ts';
import type { CommentStage, CommentStatus } from './report.table.ts';
import { documentBlocks } from './compose.ts';
import { PUBLISHED_REFUSAL, blockText } from './report-draft.ts';
import { isAfterPublication } from '../platform/auth/permissions.ts';

export const COMMENT_MAX_LENGTH = 5_000;
export const RESPONSE_MAX_LENGTH = 5_000;

export const COMMENT_STAGE_LABELS: Readonly<Record<CommentStage, string>> = {
  quality_assurance: 'Quality assurance',
  factual_accuracy: 'Factual accuracy',
};

export const COMMENT_STATUS_LABELS: Readonly<Record<CommentStatus, string>> = {
  open: 'Open',
  resolved: 'Resolved',
  accepted: 'Accepted',
  rejected: 'Rejected',
};

export function isCommentStage(value: unknown): value is CommentStage {
  return value === 'quality_assurance' || value === 'factual_accuracy';
}

/** "<section code>.<n>": the key a composed document gives each of its blocks. */
const PARAGRAPH_KEY = /^[a-z][a-z0-9_]{0,60}\.[1-9][0-9]{0,3}$/;

export function isParagraphKey(value: unknown): value is string {
  return typeof value === 'string' && PARAGRAPH_KEY.test(value);
}

// ---- The factual accuracy check's deadline -------------------------------------------------

const DAY = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** 'Friday 12 December 2026' */
export function dayInWords(date: string): string {
  return DAY.format(new Date(`${date}T12:00:00Z`)).replace(',', '');
}

/** The area may comment until the end of the deadline day in England: 11:59pm, said so that nobody reads "by Friday" as "before Friday". */
export function deadlineInWords(deadline: string): string {
  return `11:59pm on ${dayInWords(deadline)}`;
}

/** What the area's page says of the deadline. */
export function deadlineSentence(deadline: string): string {
  return `Send your comments by ${deadlineInWords(deadline)} (UK time)`;
}

/** Whether the area may still comment on `today` (England's date): up to and including the deadline day. */
export function isWithinDeadline(deadline: string, today: string): boolean {
  return today <= deadline;
}

export function deadlinePassedMessage(deadline: string): string {
  return `The deadline for factual accuracy comments was ${deadlineInWords(deadline)}. Contact the lead inspector`;
}

/** The draft sent to the area for its factual accuracy check, as the report row records it. */
export type FactualAccuracySending = { version: number | null; deadline: string | null };

/** Why a comment of this stage may not be added now, or undefined when it may. */
export function commentingRefusal(stage: CommentStage, status: InspectionStatus, sending: FactualAccuracySending, today: string): string | undefined {
  if (isAfterPublication(status)) return PUBLISHED_REFUSAL;
  if (stage === 'quality_assurance') {
    return status === 'quality_assurance' ? undefined : 'Quality assurance comments can be added only while the draft report is in quality assurance';
  }
  if (status !== 'factual_accuracy') return 'Factual accuracy comments can be added only during the factual accuracy check';
  if (sending.version === null || sending.deadline === null) return 'The draft report has not been sent to the area for its factual accuracy check yet';
  if (!isWithinDeadline(sending.deadline, today)) return deadlinePassedMessage(sending.deadline);
  return undefined;
}

/** Why comments may not be answered now: only until the report is published. */
export function answeringRefusal(status: InspectionStatus): string | undefined {
  if (isAfterPublication(status)) return PUBLISHED_REFUSAL;
  return undefined;
}

// ---- What a comment and an answer hold -----------------------------------------------------

export type CommentField = 'body' | 'decision' | 'response';
export type CommentIssue = { field: CommentField; message: string };

export function commentBodyIssues(body: string): CommentIssue[] {
  const text = body.trim();
  if (!text) return [{ field: 'body', message: 'Enter your comment' }];
  if (text.length > COMMENT_MAX_LENGTH) return [{ field: 'body', message: `Your comment must be ${COMMENT_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer` }];
  return [];
}

export type AnswerDecision = 'resolve' | 'accept' | 'reject';

/** The answers a comment of each stage takes: QA comments are resolved; factual accuracy ones accepted or rejected. */
export function decisionsFor(stage: CommentStage): AnswerDecision[] {
  return stage === 'quality_assurance' ? ['resolve'] : ['accept', 'reject'];
}

export const DECISION_STATUS: Readonly<Record<AnswerDecision, Exclude<CommentStatus, 'open'>>> = {
  resolve: 'resolved',
  accept: 'accepted',
  reject: 'rejected',
};

export function answerIssues(stage: CommentStage, decision: string, response: string): CommentIssue[] {
  const issues: CommentIssue[] = [];
  const allowed = decisionsFor(stage) as string[];
  if (!allowed.includes(decision)) {
    issues.push({ field: 'decision', message: stage === 'quality_assurance' ? 'This comment can only be resolved' : 'Select whether you accept or reject this comment' });
  }
  const text = response.trim();
  if (decision === 'reject' && !text) issues.push({ field: 'response', message: 'Enter why you are rejecting this comment' });
  if (text.length > RESPONSE_MAX_LENGTH) issues.push({ field: 'response', message: `Your note must be ${RESPONSE_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer` });
  return issues;
}

// ---- The paragraph a comment is on ---------------------------------------------------------

export type CommentedParagraph = { key: string; text: string; sectionHeading: string; block: DocumentBlock };

/** The block of a composed document a comment is on, with the heading it stands under and its words. */
export function findParagraph(document: ReportDocument, key: string): CommentedParagraph | undefined {
  const block = documentBlocks(document).find((b) => b.key === key);
  return block && { key: block.key, text: blockText(block), sectionHeading: block.heading, block };
}

// ---- Errors --------------------------------------------------------------------------------

export class CommentNotFoundError extends Error {
  constructor() {
    super('There is no such comment or paragraph');
  }
}

/** The stage, the deadline or the comment's state does not allow this now; nothing was written. */
export class CommentRefusedError extends Error {}

export class CommentInputError extends Error {
  readonly issues: CommentIssue[];
  constructor(issues: CommentIssue[]) {
    super(issues.map((i) => i.message).join('; '));
    this.issues = issues;
  }
}
