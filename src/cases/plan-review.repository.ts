// SQL for EHC plan reviews: the review cases of the current sample, and the reviews of them.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { PersonRecord } from './case.ts';
import type { CaseSampleRow, CriterionRating, PlanReviewRow, ReviewRound, SampledCaseRow } from './case.table.ts';
import { selectCurrentSample } from './case-sample.repository.ts';
import { selectPerson } from './person.repository.ts';

export { selectCurrentSample };

type Tx = Kysely<Database>;

/** The plans to review in a sample, in their order; cases replaced since are left out. */
export async function selectReviewCases(db: Tx, sampleId: string): Promise<SampledCaseRow[]> {
  return db
    .selectFrom('sampled_case')
    .selectAll()
    .where('sample_id', '=', sampleId)
    .where('purpose', '=', 'review')
    .where('replaced_at', 'is', null)
    .orderBy('position')
    .orderBy('person_id')
    .execute();
}

/** A plan to review in the current sample of the inspection; undefined for any other case. */
export async function selectCurrentReviewCase(db: Tx, inspectionId: string, caseId: string, options: { forUpdate?: boolean } = {}): Promise<{ sample: CaseSampleRow; reviewCase: SampledCaseRow } | undefined> {
  const sample = await selectCurrentSample(db, inspectionId);
  if (!sample) return undefined;
  let query = db
    .selectFrom('sampled_case')
    .selectAll()
    .where('id', '=', caseId)
    .where('sample_id', '=', sample.id)
    .where('inspection_id', '=', inspectionId)
    .where('purpose', '=', 'review')
    .where('replaced_at', 'is', null);
  // Locking the case serialises saves of its two reviews, so the rules between them hold.
  if (options.forUpdate) query = query.forUpdate();
  const reviewCase = await query.executeTakeFirst();
  return reviewCase ? { sample, reviewCase } : undefined;
}

export async function selectCasePerson(db: Tx, sample: CaseSampleRow, personId: string): Promise<PersonRecord | undefined> {
  return selectPerson(db, sample.import_id, personId);
}

export type ReviewRow = PlanReviewRow & { reviewer_name: string | null };

function reviewsQuery(db: Tx) {
  return db
    .selectFrom('plan_review')
    .leftJoin('app_user', 'app_user.id', 'plan_review.reviewer_id')
    .selectAll('plan_review')
    .select('app_user.display_name as reviewer_name');
}

export async function selectReviewsOfCases(db: Tx, caseIds: readonly string[]): Promise<ReviewRow[]> {
  if (caseIds.length === 0) return [];
  return reviewsQuery(db).where('plan_review.case_id', 'in', [...caseIds]).execute();
}

export async function selectReview(db: Tx, caseId: string, round: ReviewRound): Promise<ReviewRow | undefined> {
  return reviewsQuery(db).where('plan_review.case_id', '=', caseId).where('plan_review.round', '=', round).executeTakeFirst();
}

/** A Postgres array literal, quoted, so both drivers send the same text[] value whatever the codes hold. */
function textArray(values: readonly string[]) {
  const literal = `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
  return sql<string[]>`${literal}::text[]`;
}

export type ReviewWrite = {
  ratings: Record<string, CriterionRating>;
  overallGrade: string | null;
  summary: string;
  criteria: string[];
  status: 'draft' | 'complete';
  instrumentVersion: string;
};

export async function insertReview(
  db: Tx,
  row: ReviewWrite & { caseId: string; inspectionId: string; round: ReviewRound; reviewerId: string | null; reviewerLabel: string },
): Promise<string> {
  const now = new Date();
  const created = await db
    .insertInto('plan_review')
    .values({
      case_id: row.caseId,
      inspection_id: row.inspectionId,
      round: row.round,
      reviewer_id: row.reviewerId,
      reviewer_label: row.reviewerLabel,
      instrument_version: row.instrumentVersion,
      ratings: JSON.stringify(row.ratings),
      overall_grade: row.overallGrade,
      summary: row.summary,
      criteria: textArray(row.criteria),
      status: row.status,
      created_at: now,
      updated_at: now,
      completed_at: row.status === 'complete' ? now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}

export async function updateReview(db: Tx, reviewId: string, write: ReviewWrite): Promise<void> {
  const now = new Date();
  await db
    .updateTable('plan_review')
    .set({
      ratings: JSON.stringify(write.ratings),
      overall_grade: write.overallGrade,
      summary: write.summary,
      criteria: textArray(write.criteria),
      status: write.status,
      instrument_version: write.instrumentVersion,
      updated_at: now,
      completed_at: write.status === 'complete' ? now : null,
    })
    .where('id', '=', reviewId)
    .execute();
}

export async function markReviewDraft(db: Tx, reviewId: string): Promise<void> {
  await db.updateTable('plan_review').set({ status: 'draft', completed_at: null, updated_at: new Date() }).where('id', '=', reviewId).execute();
}

/**
 * Whether this person has read the plan's first review (its page, with a review on it that was not
 * hidden from them): the audit log is the record of who saw what.
 */
export async function hasReadFirstReview(db: Tx, caseId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('audit_event')
    .select('id')
    .where('action', '=', 'cases.view-review')
    .where('subject_type', '=', 'sampled_case')
    .where('subject_id', '=', caseId)
    .where('actor_user_id', '=', userId)
    .where(sql<boolean>`details->>'round' = 'first' and details->>'reviewId' is not null and coalesce(details->>'hidden', 'false') <> 'true'`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export type TaggedReviewCountRow = { criterion: string; overall_grade: string | null; n: number };

/**
 * Complete first reviews of the sample's active plans to review, counted by the criteria they are
 * tagged with and their overall grade. First reviews only, as in the results: a plan that also has
 * a second review (for moderation) still counts once.
 */
export async function selectTaggedReviewCounts(db: Tx, sampleId: string): Promise<TaggedReviewCountRow[]> {
  const result = await sql<TaggedReviewCountRow>`
    select tagged.criterion, r.overall_grade, count(*)::int as n
    from plan_review r
    join sampled_case c on c.id = r.case_id
    cross join lateral unnest(r.criteria) as tagged(criterion)
    where c.sample_id = ${sampleId} and c.purpose = 'review' and c.replaced_at is null
      and r.round = 'first' and r.status = 'complete'
    group by tagged.criterion, r.overall_grade`.execute(db);
  return result.rows;
}

export type TaggedReviewRow = {
  id: string;
  case_id: string;
  person_id: string;
  position: number;
  overall_grade: string | null;
  summary: string;
  reviewer_label: string;
  reviewer_name: string | null;
  completed_at: Date | null;
};

/** The complete first reviews tagged with a criterion, of the sample's active plans to review, in the sample's order. */
export async function selectTaggedReviews(db: Tx, sampleId: string, criterion: string): Promise<TaggedReviewRow[]> {
  return db
    .selectFrom('plan_review as r')
    .innerJoin('sampled_case as c', 'c.id', 'r.case_id')
    .leftJoin('app_user as u', 'u.id', 'r.reviewer_id')
    .select(['r.id', 'r.case_id', 'c.person_id', 'c.position', 'r.overall_grade', 'r.summary', 'r.reviewer_label', 'u.display_name as reviewer_name', 'r.completed_at'])
    .where('c.sample_id', '=', sampleId)
    .where('c.purpose', '=', 'review')
    .where('c.replaced_at', 'is', null)
    .where('r.round', '=', 'first')
    .where('r.status', '=', 'complete')
    .where(sql<boolean>`r.criteria @> array[${criterion}]::text[]`)
    .orderBy('c.position')
    .orderBy('c.person_id')
    .execute();
}
