// EHC plan review rules: checking a review against the instrument, agreement between two
// reviewers (Cohen's kappa), the disagreements to moderate, and the results across the sample. Pure.
import { MET, ratingChoices, type InstrumentCriterion, type PlanReviewInstrument } from './plan-review-instrument.ts';

export const REVIEW_ROUNDS = ['first', 'second'] as const;
export type ReviewRoundName = (typeof REVIEW_ROUNDS)[number];
export const ROUND_LABELS: Readonly<Record<ReviewRoundName, string>> = { first: 'First review', second: 'Second review' };

export function isReviewRound(value: unknown): value is ReviewRoundName {
  return typeof value === 'string' && (REVIEW_ROUNDS as readonly string[]).includes(value);
}

export type RatingValue = { rating: string; comment: string };

/** What a reviewer writes. A draft may leave any of it out. */
export type ReviewContent = {
  /** criterion id → rating and comment */
  ratings: Record<string, RatingValue>;
  overallGrade: string | null;
  summary: string;
  /** Framework criteria the review is evidence for. */
  criteria: string[];
};

export type ReviewStatus = 'not_started' | 'in_progress' | 'complete';
export const REVIEW_STATUS_LABELS: Readonly<Record<ReviewStatus, string>> = { not_started: 'Not started', in_progress: 'In progress', complete: 'Complete' };

export function reviewStatus(review: { status: 'draft' | 'complete' } | undefined | null): ReviewStatus {
  if (!review) return 'not_started';
  return review.status === 'complete' ? 'complete' : 'in_progress';
}

export const MAX_COMMENT_LENGTH = 4000;
export const MAX_SUMMARY_LENGTH = 10_000;

/** Form field names: the error summary links to them, so the form must use the same ones. */
export function ratingField(criterionId: string): string {
  return `rating-${criterionId}`;
}
export function commentField(criterionId: string): string {
  return `comment-${criterionId}`;
}
export const GRADE_FIELD = 'overallGrade';
export const SUMMARY_FIELD = 'summary';
export const CRITERIA_FIELD = 'criteria';

export type ReviewIssue = { field: string; message: string };

/** Who the plan is for, as far as the rules need: the year group decides whether preparing for adulthood applies. */
export type ReviewSubject = { yearGroup: string | null; age: number };

/**
 * The school year a child is in: N1 and N2 (nursery) are -2 and -1, reception 0. Without a year
 * group (past school age, or not recorded) the age decides where it can: children in year Y are
 * Y + 4 or Y + 5 years old at any date, so some ages fit two years and the answer is unknown.
 */
export function hasReachedYear(subject: ReviewSubject, year: number): boolean | null {
  const group = subject.yearGroup?.trim().toUpperCase().replace(/^Y(EAR)?\s*/, '');
  if (group) {
    const nursery: Record<string, number> = { N1: -2, N2: -1, R: 0 };
    const n = group in nursery ? nursery[group]! : /^\d{1,2}$/.test(group) ? Number(group) : null;
    if (n !== null) return n >= year;
  }
  if (subject.age >= year + 5) return true;
  if (subject.age <= year + 3) return false;
  return null;
}

/** The school year a group names, in words for messages ("year 10", "reception"). */
function yearInWords(subject: ReviewSubject): string {
  const group = subject.yearGroup?.trim();
  if (!group) return `aged ${subject.age}`;
  if (/^R$/i.test(group)) return 'in reception';
  if (/^N\d$/i.test(group)) return 'in nursery';
  return `in year ${group.replace(/^Y(ear)?\s*/i, '')}`;
}

function inQuotes(criterion: InstrumentCriterion): string {
  return `‘${criterion.title}’`;
}

/** Whether "not applicable" may be chosen for this criterion on this plan. */
export function notApplicableAllowed(criterion: InstrumentCriterion, subject?: ReviewSubject): boolean {
  if (!criterion.notApplicable) return false;
  const from = criterion.notApplicable.appliesFromYear;
  if (from === undefined || !subject) return true;
  return hasReachedYear(subject, from) !== true;
}

export type ValidationOptions = {
  /** Completing needs every criterion rated, comments where not met, and a grade; a draft only needs what it has to be valid. */
  complete: boolean;
  /** The codes of the inspection framework's criteria, which a review may be evidence for. */
  frameworkCriteria: ReadonlySet<string>;
  subject?: ReviewSubject;
};

/** Everything wrong with a review, in the order of the form. Nothing wrong: an empty list. */
export function validateReview(instrument: PlanReviewInstrument, content: ReviewContent, options: ValidationOptions): ReviewIssue[] {
  const issues: ReviewIssue[] = [];
  const known = new Set(instrument.criteria.map((c) => c.id));
  for (const id of Object.keys(content.ratings)) {
    if (!known.has(id)) issues.push({ field: 'form', message: `The review names a criterion the instrument does not have (${id}). Reload the page and try again` });
  }
  for (const criterion of instrument.criteria) {
    const value = content.ratings[criterion.id];
    const rating = value?.rating ?? '';
    const comment = value?.comment.trim() ?? '';
    const choices = ratingChoices(instrument, criterion).map((c) => c.code);
    if (rating === '') {
      if (options.complete) issues.push({ field: ratingField(criterion.id), message: `Rate ${inQuotes(criterion)}` });
    } else if (rating === instrument.notApplicable.code && !criterion.notApplicable) {
      issues.push({ field: ratingField(criterion.id), message: `${inQuotes(criterion)} applies to every plan: choose ${scaleInWords(instrument)}` });
    } else if (!choices.includes(rating)) {
      issues.push({ field: ratingField(criterion.id), message: `Choose one of the ratings for ${inQuotes(criterion)}` });
    } else if (rating === instrument.notApplicable.code && !notApplicableAllowed(criterion, options.subject)) {
      issues.push({
        field: ratingField(criterion.id),
        message: `This plan is for someone ${yearInWords(options.subject!)}, so ${inQuotes(criterion)} applies from year ${criterion.notApplicable!.appliesFromYear}: choose ${scaleInWords(instrument)}`,
      });
    }
    if (comment.length > MAX_COMMENT_LENGTH) {
      issues.push({ field: commentField(criterion.id), message: `The comment on ${inQuotes(criterion)} must be ${MAX_COMMENT_LENGTH.toLocaleString('en-GB')} characters or fewer` });
    } else if (options.complete && rating !== '' && rating !== MET && comment === '' && choices.includes(rating)) {
      const label = [...instrument.ratings, instrument.notApplicable].find((r) => r.code === rating)!.label.toLowerCase();
      issues.push({ field: commentField(criterion.id), message: `Say why ${inQuotes(criterion)} is ${label}` });
    }
  }
  if (content.overallGrade !== null && content.overallGrade !== '' && !instrument.grades.some((g) => g.code === content.overallGrade)) {
    issues.push({ field: GRADE_FIELD, message: 'Choose one of the overall grades' });
  } else if (options.complete && !content.overallGrade) {
    issues.push({ field: GRADE_FIELD, message: 'Choose an overall grade for the plan' });
  }
  if (content.summary.length > MAX_SUMMARY_LENGTH) {
    issues.push({ field: SUMMARY_FIELD, message: `The summary must be ${MAX_SUMMARY_LENGTH.toLocaleString('en-GB')} characters or fewer` });
  }
  const unknownCriteria = content.criteria.filter((c) => !options.frameworkCriteria.has(c));
  if (unknownCriteria.length) {
    issues.push({ field: CRITERIA_FIELD, message: `${unknownCriteria.join(', ')} ${unknownCriteria.length === 1 ? 'is not a criterion' : 'are not criteria'} of this inspection's framework: choose from the list` });
  }
  return issues;
}

function scaleInWords(instrument: PlanReviewInstrument): string {
  const labels = instrument.ratings.map((r) => r.label.toLowerCase());
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}` : labels[0]!;
}

/** Keeps what a review stores: trimmed text, ratings only for the instrument's criteria, each framework criterion once. */
export function normaliseReview(instrument: PlanReviewInstrument, content: ReviewContent): ReviewContent {
  const ratings: Record<string, RatingValue> = {};
  for (const criterion of instrument.criteria) {
    const value = content.ratings[criterion.id];
    if (!value) continue;
    const rating = value.rating.trim();
    const comment = value.comment.trim();
    if (rating !== '' || comment !== '') ratings[criterion.id] = { rating, comment };
  }
  return {
    ratings,
    overallGrade: content.overallGrade?.trim() || null,
    summary: content.summary.trim(),
    criteria: [...new Set(content.criteria.map((c) => c.trim()).filter((c) => c !== ''))],
  };
}

// ---- Agreement between two reviewers ----------------------------------------------------------

/** Landis and Koch (1977): how strong an agreement beyond chance a kappa shows. */
export const KAPPA_BANDS = ['poor', 'slight', 'fair', 'moderate', 'substantial', 'almost_perfect'] as const;
export type KappaBand = (typeof KAPPA_BANDS)[number];

export const KAPPA_BAND_LABELS: Readonly<Record<KappaBand, string>> = {
  poor: 'Poor',
  slight: 'Slight',
  fair: 'Fair',
  moderate: 'Moderate',
  substantial: 'Substantial',
  almost_perfect: 'Almost perfect',
};

export const KAPPA_BAND_MEANINGS: Readonly<Record<KappaBand, string>> = {
  poor: 'below 0: the reviewers agreed less often than chance alone would give',
  slight: '0 to 0.20: barely more agreement than chance',
  fair: '0.21 to 0.40: some agreement beyond chance, but the criteria are being read differently',
  moderate: '0.41 to 0.60: reasonable agreement, with room to align how the criteria are applied',
  substantial: '0.61 to 0.80: good agreement; the criteria are mostly applied the same way',
  almost_perfect: '0.81 to 1: the reviewers apply the criteria almost identically',
};

export function kappaBand(kappa: number): KappaBand {
  // Rounded first, so that 0.4 worked out as 0.40000000000000013 is still fair.
  const k = Math.round(kappa * 1e9) / 1e9;
  if (k < 0) return 'poor';
  if (k <= 0.2) return 'slight';
  if (k <= 0.4) return 'fair';
  if (k <= 0.6) return 'moderate';
  if (k <= 0.8) return 'substantial';
  return 'almost_perfect';
}

export type KappaResult = {
  /** Items both reviewers rated. */
  n: number;
  /** Share of items on which they agreed (null with no items). */
  observed: number | null;
  /** Share they would agree on by chance, from each reviewer's own mix of ratings. */
  expected: number | null;
  /** null when it cannot be worked out: no items, or chance agreement of 1. */
  kappa: number | null;
  band: KappaBand | null;
  /** Why kappa is null. */
  undefinedBecause?: 'no_pairs' | 'no_variation';
};

/** Cohen's kappa for two raters over items each rated once by both, on a nominal scale. */
export function cohensKappa(pairs: readonly (readonly [string, string])[]): KappaResult {
  const n = pairs.length;
  if (n === 0) return { n, observed: null, expected: null, kappa: null, band: null, undefinedBecause: 'no_pairs' };
  const first = new Map<string, number>();
  const second = new Map<string, number>();
  let agreed = 0;
  for (const [a, b] of pairs) {
    if (a === b) agreed++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  const observed = agreed / n;
  let expected = 0;
  for (const [category, count] of first) expected += (count / n) * ((second.get(category) ?? 0) / n);
  // Chance agreement of 1 means both reviewers gave every item the same single rating: kappa is
  // 0/0, and no figure would say anything about how consistently the criteria are read.
  if (Math.abs(1 - expected) < 1e-12) return { n, observed, expected: 1, kappa: null, band: null, undefinedBecause: 'no_variation' };
  const kappa = (observed - expected) / (1 - expected);
  return { n, observed, expected, kappa, band: kappaBand(kappa) };
}

const PERCENT = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 0 });

export function formatKappa(kappa: number): string {
  return kappa.toFixed(2);
}

/** A kappa in plain English, with what it rests on. */
export function describeKappa(result: KappaResult, items = 'paired ratings'): string {
  if (result.undefinedBecause === 'no_pairs') return 'Not worked out yet: no plan has two complete reviews.';
  const base = `${result.n.toLocaleString('en-GB')} ${result.n === 1 ? items.replace(/s$/, '') : items}`;
  if (result.undefinedBecause === 'no_variation') {
    return `Not worked out: over ${base} both reviewers always gave the same single rating, so agreement cannot be told apart from chance.`;
  }
  const band = result.band!;
  return `${KAPPA_BAND_LABELS[band]} agreement (kappa ${formatKappa(result.kappa!)}, ${KAPPA_BAND_MEANINGS[band]}). Over ${base} the reviewers agreed ${PERCENT.format(result.observed!)} of the time, where chance alone would give ${PERCENT.format(result.expected!)}.`;
}

// ---- Moderation ---------------------------------------------------------------------------------

/** The parts of a complete review that moderation compares. */
export type ComparedReview = { reviewerLabel: string; ratings: Record<string, RatingValue>; overallGrade: string | null; summary: string };
export type ReviewPair = { caseId: string; personId: string; first: ComparedReview; second: ComparedReview };

export type CriterionDisagreement = { criterionId: string; first: RatingValue; second: RatingValue };
export type CaseDisagreement = {
  caseId: string;
  personId: string;
  firstReviewer: string;
  secondReviewer: string;
  criteria: CriterionDisagreement[];
  /** null when the grades agree. */
  grade: { first: string | null; second: string | null } | null;
};

export type Moderation = {
  /** Plans with both reviews complete. */
  pairs: number;
  byCriterion: { criterionId: string; kappa: KappaResult }[];
  /** Every criterion of every plan as one set of items. */
  pooled: KappaResult;
  grade: KappaResult;
  /** Only the plans with at least one disagreement. */
  disagreements: CaseDisagreement[];
};

/** Where each criterion was rated in both reviews, the pair of ratings. */
function criterionPairs(pairs: readonly ReviewPair[], criterionId: string): [string, string][] {
  return pairs.flatMap((p) => {
    const a = p.first.ratings[criterionId]?.rating;
    const b = p.second.ratings[criterionId]?.rating;
    return a && b ? [[a, b] as [string, string]] : [];
  });
}

export function moderate(instrument: PlanReviewInstrument, pairs: readonly ReviewPair[]): Moderation {
  const byCriterion = instrument.criteria.map((c) => ({ criterionId: c.id, kappa: cohensKappa(criterionPairs(pairs, c.id)) }));
  const pooled = cohensKappa(instrument.criteria.flatMap((c) => criterionPairs(pairs, c.id)));
  const grade = cohensKappa(pairs.flatMap((p) => (p.first.overallGrade && p.second.overallGrade ? [[p.first.overallGrade, p.second.overallGrade] as [string, string]] : [])));
  const disagreements: CaseDisagreement[] = [];
  for (const pair of pairs) {
    const criteria: CriterionDisagreement[] = [];
    for (const c of instrument.criteria) {
      const first = pair.first.ratings[c.id] ?? { rating: '', comment: '' };
      const second = pair.second.ratings[c.id] ?? { rating: '', comment: '' };
      if (first.rating !== second.rating) criteria.push({ criterionId: c.id, first, second });
    }
    const gradesDiffer = (pair.first.overallGrade ?? null) !== (pair.second.overallGrade ?? null);
    if (criteria.length || gradesDiffer) {
      disagreements.push({
        caseId: pair.caseId,
        personId: pair.personId,
        firstReviewer: pair.first.reviewerLabel,
        secondReviewer: pair.second.reviewerLabel,
        criteria,
        grade: gradesDiffer ? { first: pair.first.overallGrade, second: pair.second.overallGrade } : null,
      });
    }
  }
  return { pairs: pairs.length, byCriterion, pooled, grade, disagreements };
}

// ---- Results across the sample -------------------------------------------------------------

export type CriterionResult = {
  criterionId: string;
  /** rating code → number of reviews; every code of the criterion's scale is present. */
  counts: Record<string, number>;
  /** Reviews that rated the criterion. */
  rated: number;
};

export type AggregateResults = {
  /** Complete first reviews counted. */
  reviews: number;
  byCriterion: CriterionResult[];
  /** grade code → number of plans; every grade is present. */
  grades: Record<string, number>;
};

/** Counts over complete first reviews: one review per plan, so no plan counts twice. */
export function aggregateReviews(instrument: PlanReviewInstrument, reviews: readonly Pick<ReviewContent, 'ratings' | 'overallGrade'>[]): AggregateResults {
  const byCriterion = instrument.criteria.map((criterion) => {
    const counts = Object.fromEntries(ratingChoices(instrument, criterion).map((r) => [r.code, 0])) as Record<string, number>;
    let rated = 0;
    for (const review of reviews) {
      const rating = review.ratings[criterion.id]?.rating;
      if (rating && rating in counts) {
        counts[rating]!++;
        rated++;
      }
    }
    return { criterionId: criterion.id, counts, rated };
  });
  const grades = Object.fromEntries(instrument.grades.map((g) => [g.code, 0])) as Record<string, number>;
  for (const review of reviews) if (review.overallGrade && review.overallGrade in grades) grades[review.overallGrade]!++;
  return { reviews: reviews.length, byCriterion, grades };
}
