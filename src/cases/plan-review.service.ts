// EHC plan reviews: the plans to review in the current sample, writing, completing and reopening a
// review, second reviews, moderation with Cohen's kappa, and the results across the sample.
import type { Kysely } from 'kysely';
import { allCriteria, type Criterion } from '../frameworks/framework.ts';
import { getInspection, InspectionNotFoundError, type Actor, type Context } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import type { PersonRecord } from './case.ts';
import type { CaseSampleRow, SampledCaseRow } from './case.table.ts';
import { PLAN_REVIEW_INSTRUMENT, gradeLabel } from './plan-review-instrument.ts';
import {
  aggregateReviews,
  moderate,
  normaliseReview,
  reviewStatus,
  validateReview,
  type AggregateResults,
  type Moderation,
  type ReviewContent,
  type ReviewIssue,
  type ReviewPair,
  type ReviewRoundName,
  type ReviewStatus,
} from './plan-review.ts';
import {
  hasReadFirstReview,
  insertReview,
  markReviewDraft,
  selectCasePerson,
  selectCurrentReviewCase,
  selectCurrentSample,
  selectReview,
  selectReviewCases,
  selectReviewsOfCases,
  selectTaggedReviewCounts,
  selectTaggedReviews,
  updateReview,
  type ReviewRow,
} from './plan-review.repository.ts';

type Tx = Kysely<Database>;

const instrument = PLAN_REVIEW_INSTRUMENT;

/** The case is not a plan to review in the inspection's current sample. */
export class ReviewNotFoundError extends Error {
  constructor() {
    super('This plan is not in the current review sample');
    this.name = 'ReviewNotFoundError';
  }
}

/** The change is not open to this person at this point; the message says why and what to do. */
export class ReviewRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewRefusedError';
  }
}

export class ReviewInvalidError extends Error {
  readonly issues: ReviewIssue[];
  constructor(issues: ReviewIssue[]) {
    super(issues.map((i) => i.message).join('; '));
    this.name = 'ReviewInvalidError';
    this.issues = issues;
  }
}

export type Reviewer = { id: string | null; label: string; name: string };

export type Review = {
  id: string;
  caseId: string;
  round: ReviewRoundName;
  reviewer: Reviewer;
  instrumentVersion: string;
  content: ReviewContent;
  status: 'draft' | 'complete';
  updatedAt: Date;
  completedAt: Date | null;
};

function toReview(row: ReviewRow): Review {
  return {
    id: row.id,
    caseId: row.case_id,
    round: row.round,
    reviewer: { id: row.reviewer_id, label: row.reviewer_label, name: row.reviewer_name ?? row.reviewer_label },
    instrumentVersion: row.instrument_version,
    content: { ratings: row.ratings ?? {}, overallGrade: row.overall_grade, summary: row.summary, criteria: row.criteria ?? [] },
    status: row.status,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
  };
}

export type ReviewCaseItem = {
  caseId: string;
  personId: string;
  position: number;
  stratum: Record<string, string>;
  first: Review | null;
  second: Review | null;
  firstStatus: ReviewStatus;
  secondStatus: ReviewStatus;
};

type CurrentReviews = { sample: CaseSampleRow | null; cases: ReviewCaseItem[] };

function caseItem(row: SampledCaseRow, reviews: readonly Review[]): ReviewCaseItem {
  const first = reviews.find((r) => r.caseId === row.id && r.round === 'first') ?? null;
  const second = reviews.find((r) => r.caseId === row.id && r.round === 'second') ?? null;
  return { caseId: row.id, personId: row.person_id, position: row.position, stratum: row.stratum, first, second, firstStatus: reviewStatus(first), secondStatus: reviewStatus(second) };
}

/** The plans to review in the current sample, each with its reviews. */
async function loadCurrentReviews(db: Tx, inspectionId: string): Promise<CurrentReviews> {
  const sample = await selectCurrentSample(db, inspectionId);
  if (!sample) return { sample: null, cases: [] };
  const cases = await selectReviewCases(db, sample.id);
  const reviews = (await selectReviewsOfCases(db, cases.map((c) => c.id))).map(toReview);
  return { sample, cases: cases.map((c) => caseItem(c, reviews)) };
}

function completeFirstReviews(cases: readonly ReviewCaseItem[]): ReviewContent[] {
  return cases.flatMap((c) => (c.first?.status === 'complete' ? [c.first.content] : []));
}

function completePairs(cases: readonly ReviewCaseItem[]): ReviewPair[] {
  return cases.flatMap((c) =>
    c.first?.status === 'complete' && c.second?.status === 'complete'
      ? [{ caseId: c.caseId, personId: c.personId, first: { reviewerLabel: c.first.reviewer.name, ...c.first.content }, second: { reviewerLabel: c.second.reviewer.name, ...c.second.content } }]
      : [],
  );
}

async function requireInspection(db: Tx, inspectionId: string) {
  const details = await getInspection(db, inspectionId);
  if (!details) throw new InspectionNotFoundError();
  return details;
}

// ---- The list and the results -------------------------------------------------------------

export type ReviewList = {
  /** When the current sample was drawn; null while there is none. */
  sampleDrawnAt: Date | null;
  cases: ReviewCaseItem[];
  results: AggregateResults;
};

/** The plans to review with where each review stands, and the results of the complete first reviews. Recorded in the audit log. */
export async function listReviewCases(db: Tx, inspectionId: string, actor: Actor, context: Context = {}): Promise<ReviewList> {
  return db.transaction().execute(async (trx) => {
    const details = await requireInspection(trx, inspectionId);
    const { sample, cases } = await loadCurrentReviews(trx, inspectionId);
    await recordAudit(trx, {
      actor,
      action: 'cases.view-reviews',
      inspectionId,
      laCode: details.inspection.la_code,
      subjectType: 'case_sample',
      subjectId: sample?.id,
      details: { cases: cases.length },
      requestId: context.requestId,
    });
    return { sampleDrawnAt: sample?.drawn_at ?? null, cases, results: aggregateReviews(instrument, completeFirstReviews(cases)) };
  });
}

/** The results across the sample: ratings and grades of the complete first reviews (each plan counted once). */
export async function aggregateResults(db: Tx, inspectionId: string): Promise<AggregateResults> {
  const { cases } = await loadCurrentReviews(db, inspectionId);
  return aggregateReviews(instrument, completeFirstReviews(cases));
}

export type ReviewSummary = {
  plansToReview: number;
  firstReviewsComplete: number;
  secondReviewsComplete: number;
  /** Cohen's kappa pooled over every criterion of every plan with both reviews complete; null until it can be worked out. */
  overallKappa: number | null;
};

/** Counts for the cases hub page. Holds no person-level detail, so it is not audited. */
export async function reviewSummary(db: Tx, inspectionId: string): Promise<ReviewSummary> {
  const { cases } = await loadCurrentReviews(db, inspectionId);
  const pairs = completePairs(cases);
  return {
    plansToReview: cases.length,
    firstReviewsComplete: cases.filter((c) => c.firstStatus === 'complete').length,
    secondReviewsComplete: cases.filter((c) => c.secondStatus === 'complete').length,
    overallKappa: pairs.length ? moderate(instrument, pairs).pooled.kappa : null,
  };
}

// ---- One review ---------------------------------------------------------------------------

/** Why this person may not change this review now, or null when they may. */
function editRefusal(round: ReviewRoundName, review: Review | null, other: Review | null, actor: Actor): string | null {
  if (!actor.id) return 'Reviews are written by signed-in inspectors';
  if (review?.status === 'complete') {
    return review.reviewer.id === actor.id
      ? 'This review is complete. Reopen it to make changes'
      : `${review.reviewer.name} has completed this review. Only they can reopen and change it`;
  }
  if (review && review.reviewer.id !== actor.id) return `${review.reviewer.name} is writing this review. Only they can change it`;
  if (round === 'second') {
    if (other?.reviewer.id === actor.id) return 'You wrote the first review of this plan, so the second review must be done by someone else on the team';
    if (other?.status !== 'complete') {
      return other ? `The second review can start once the first review is complete: ${other.reviewer.name} has not completed it yet` : 'The second review can start once the first review is complete';
    }
  } else if (other?.reviewer.id === actor.id) {
    return 'You are writing the second review of this plan, so the first review must be done by someone else on the team';
  }
  return null;
}

export type ReviewPage = {
  laCode: string;
  caseId: string;
  personId: string;
  position: number;
  stratum: Record<string, string>;
  /** The pseudonymous record the case was drawn from; null if it is no longer held. */
  person: PersonRecord | null;
  round: ReviewRoundName;
  review: Review | null;
  /** The other round's review: its status and reviewer, never its ratings. */
  other: { status: ReviewStatus; reviewer: Reviewer | null };
  /** Why this person cannot change the review, or null when they can. */
  refusal: string | null;
  mayReopen: boolean;
  /** The first review is kept from its plan's second reviewer until their own review is complete, so the two stay independent. */
  hidden: boolean;
  frameworkCriteria: Criterion[];
};

export const NOT_INDEPENDENT =
  'You have read the first review of this plan, so a second review by you would not be independent. Ask another inspector to do the second review.';

/** A second review must not be started by someone who has read the first. */
async function notIndependent(db: Tx, caseId: string, round: ReviewRoundName, existing: Review | null, actor: Actor): Promise<string | null> {
  if (round !== 'second' || existing !== null || actor.id === null) return null;
  return (await hasReadFirstReview(db, caseId, actor.id)) ? NOT_INDEPENDENT : null;
}

/** A review for reading or writing (empty if not started). Recorded in the audit log: it shows a child's record. */
export async function openReview(db: Tx, inspectionId: string, caseId: string, round: ReviewRoundName, actor: Actor, context: Context = {}): Promise<ReviewPage> {
  return db.transaction().execute(async (trx) => {
    const details = await requireInspection(trx, inspectionId);
    const found = await selectCurrentReviewCase(trx, inspectionId, caseId);
    if (!found) throw new ReviewNotFoundError();
    const { sample, reviewCase } = found;
    const otherRound: ReviewRoundName = round === 'first' ? 'second' : 'first';
    const [row, otherRow, person] = [await selectReview(trx, caseId, round), await selectReview(trx, caseId, otherRound), await selectCasePerson(trx, sample, reviewCase.person_id)];
    let review = row ? toReview(row) : null;
    const other = otherRow ? toReview(otherRow) : null;
    const hidden = round === 'first' && review !== null && other !== null && other.reviewer.id === actor.id && other.status !== 'complete';
    if (hidden && review) review = { ...review, content: { ratings: {}, overallGrade: null, summary: '', criteria: [] } };
    await recordAudit(trx, {
      actor,
      action: 'cases.view-review',
      inspectionId,
      laCode: details.inspection.la_code,
      subjectType: 'sampled_case',
      subjectId: caseId,
      details: { personId: reviewCase.person_id, round, reviewId: review?.id ?? null, ...(hidden ? { hidden: true } : {}) },
      requestId: context.requestId,
    });
    return {
      laCode: details.inspection.la_code,
      caseId,
      personId: reviewCase.person_id,
      position: reviewCase.position,
      stratum: reviewCase.stratum,
      person: person ?? null,
      round,
      review,
      other: { status: reviewStatus(other), reviewer: other?.reviewer ?? null },
      refusal: editRefusal(round, review, other, actor) ?? (await notIndependent(trx, caseId, round, review, actor)),
      mayReopen: review?.status === 'complete' && actor.id !== null && review.reviewer.id === actor.id,
      hidden,
      frameworkCriteria: allCriteria(details.framework.definition),
    };
  });
}

/**
 * Saves a review as a draft, or completes it. Only its author may change a review once started;
 * a second review needs a complete first review by someone else. Nothing is written if any rule
 * or check fails.
 */
export async function saveReview(
  db: Tx,
  inspectionId: string,
  caseId: string,
  round: ReviewRoundName,
  content: ReviewContent,
  options: { complete: boolean },
  actor: Actor,
  context: Context = {},
): Promise<Review> {
  return db.transaction().execute(async (trx) => {
    const details = await requireInspection(trx, inspectionId);
    const found = await selectCurrentReviewCase(trx, inspectionId, caseId, { forUpdate: true });
    if (!found) throw new ReviewNotFoundError();
    const { sample, reviewCase } = found;
    const existingRow = await selectReview(trx, caseId, round);
    const otherRow = await selectReview(trx, caseId, round === 'first' ? 'second' : 'first');
    const existing = existingRow ? toReview(existingRow) : null;
    const refusal = editRefusal(round, existing, otherRow ? toReview(otherRow) : null, actor) ?? (await notIndependent(trx, caseId, round, existing, actor));
    if (refusal) throw new ReviewRefusedError(refusal);
    const person = await selectCasePerson(trx, sample, reviewCase.person_id);
    const normal = normaliseReview(instrument, content);
    const frameworkCriteria = new Set(allCriteria(details.framework.definition).map((c) => c.code));
    const issues = validateReview(instrument, normal, { complete: options.complete, frameworkCriteria, subject: person ? { yearGroup: person.yearGroup, age: person.age } : undefined });
    if (issues.length) throw new ReviewInvalidError(issues);
    const status = options.complete ? 'complete' : 'draft';
    const write = { ...normal, status, instrumentVersion: instrument.version } as const;
    let reviewId: string;
    if (existing) {
      reviewId = existing.id;
      await updateReview(trx, reviewId, write);
    } else {
      reviewId = await insertReview(trx, { ...write, caseId, inspectionId, round, reviewerId: actor.id, reviewerLabel: actor.label });
    }
    await recordAudit(trx, {
      actor,
      action: options.complete ? 'cases.review-completed' : 'cases.review-saved',
      inspectionId,
      laCode: details.inspection.la_code,
      subjectType: 'plan_review',
      subjectId: reviewId,
      details: { caseId, personId: reviewCase.person_id, round, status, overallGrade: normal.overallGrade, criteria: normal.criteria },
      requestId: context.requestId,
    });
    return toReview((await selectReview(trx, caseId, round))!);
  });
}

/** Makes a complete review a draft again, for its author to change. */
export async function reopenReview(db: Tx, inspectionId: string, caseId: string, round: ReviewRoundName, actor: Actor, context: Context = {}): Promise<Review> {
  return db.transaction().execute(async (trx) => {
    const details = await requireInspection(trx, inspectionId);
    const found = await selectCurrentReviewCase(trx, inspectionId, caseId, { forUpdate: true });
    if (!found) throw new ReviewNotFoundError();
    const row = await selectReview(trx, caseId, round);
    const review = row ? toReview(row) : null;
    if (!review || review.status !== 'complete') throw new ReviewRefusedError('Only a complete review can be reopened, and this one is not complete');
    if (!actor.id || review.reviewer.id !== actor.id) throw new ReviewRefusedError(`Only ${review.reviewer.name}, who wrote this review, can reopen it`);
    await markReviewDraft(trx, review.id);
    await recordAudit(trx, {
      actor,
      action: 'cases.review-reopened',
      inspectionId,
      laCode: details.inspection.la_code,
      subjectType: 'plan_review',
      subjectId: review.id,
      details: { caseId, personId: found.reviewCase.person_id, round },
      requestId: context.requestId,
    });
    return toReview((await selectReview(trx, caseId, round))!);
  });
}

// ---- Moderation ---------------------------------------------------------------------------

export type ModerationView = {
  plansToReview: number;
  /** Plans with both reviews complete, side by side. */
  pairs: ReviewPair[];
  moderation: Moderation;
};

/** Both reviews of every plan that has two complete ones, the disagreements and the kappas. Recorded in the audit log. */
export async function viewModeration(db: Tx, inspectionId: string, actor: Actor, context: Context = {}): Promise<ModerationView> {
  return db.transaction().execute(async (trx) => {
    const details = await requireInspection(trx, inspectionId);
    const { sample, cases } = await loadCurrentReviews(trx, inspectionId);
    const pairs = completePairs(cases);
    const moderation = moderate(instrument, pairs);
    await recordAudit(trx, {
      actor,
      action: 'cases.view-moderation',
      inspectionId,
      laCode: details.inspection.la_code,
      subjectType: 'case_sample',
      subjectId: sample?.id,
      details: { pairs: pairs.length },
      requestId: context.requestId,
    });
    return { plansToReview: cases.length, pairs, moderation };
  });
}

// ---- Evidence for the triangulation -------------------------------------------------------

export type TaggedReviewCount = { criterion: string; grade: string | null; count: number };

/**
 * Complete first reviews of the current sample's plans, counted by each framework criterion they
 * are tagged with and by overall grade (one plan counts once, as in the results). A plan replaced
 * in the sample, or from an earlier draw, does not count. Not audited: no one's data is shown.
 */
export async function taggedReviewCounts(db: Tx, inspectionId: string): Promise<TaggedReviewCount[]> {
  const sample = await selectCurrentSample(db, inspectionId);
  if (!sample) return [];
  const rows = await selectTaggedReviewCounts(db, sample.id);
  return rows.map((row) => ({ criterion: row.criterion, grade: row.overall_grade, count: row.n }));
}

export type TaggedReview = {
  reviewId: string;
  caseId: string;
  personId: string;
  position: number;
  grade: string | null;
  gradeLabel: string | null;
  summary: string;
  reviewer: string;
  completedAt: Date | null;
};

/**
 * The complete first reviews tagged with a criterion, in the sample's order. They are about
 * children's plans: the page that shows them audits the view.
 */
export async function taggedReviews(db: Tx, inspectionId: string, criterionCode: string): Promise<TaggedReview[]> {
  const sample = await selectCurrentSample(db, inspectionId);
  if (!sample) return [];
  const rows = await selectTaggedReviews(db, sample.id, criterionCode);
  return rows.map((row) => ({
    reviewId: row.id,
    caseId: row.case_id,
    personId: row.person_id,
    position: row.position,
    grade: row.overall_grade,
    gradeLabel: row.overall_grade ? gradeLabel(instrument, row.overall_grade) : null,
    summary: row.summary,
    reviewer: row.reviewer_name ?? row.reviewer_label,
    completedAt: row.completed_at,
  }));
}
