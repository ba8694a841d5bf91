// SQL for the metrics: set-based counts over one import's person records (two scans, whatever the
// number of rows), so that 640,000 people are counted without reading them into objects.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { FIFTY_TWO_WEEKS_DAYS, SEN_STATUSES, TWENTY_WEEKS_DAYS, type SenStatus } from './case.ts';
import { type MetricsWindow, type PlanCounts, type PopulationTally } from './case-metrics.ts';

type Tx = Kysely<Database>;

type PlanCountsRow = {
  new_plans: number;
  new_with_request_date: number;
  new_within_20_weeks: number;
  new_without_exception: number;
  new_without_exception_within_20_weeks: number;
  new_over_52_weeks: number;
  new_total_days: number;
  review_due: number;
  review_overdue: number;
  under_5_review_due: number;
  under_5_review_overdue: number;
  without_issue_date: number;
};

/**
 * Over the import's EHC plans:
 * - new plans: issued from window.newPlansFrom to the data date, both included; the wait is the
 *   days from request to plan, counted only where there is a request date; within 20 weeks is at
 *   most 140 days, over 52 weeks more than 364;
 * - annual reviews: a plan issued before the cutoff (more than 12 months old; 6 months for under-5s)
 *   is overdue when its last review, or its issue date if it has no review, is also before it.
 */
export async function countPlans(db: Tx, importId: string, window: MetricsWindow): Promise<PlanCounts> {
  const { newPlansFrom, dataDate, reviewCutoff, under5ReviewCutoff } = window;
  const result = await sql<PlanCountsRow>`
    with plan as (
      select
        age,
        exception_applies,
        plan_issued_date,
        coalesce(last_review_date, plan_issued_date) as reviewed_on,
        plan_issued_date - request_date as days,
        coalesce(plan_issued_date between ${newPlansFrom}::date and ${dataDate}::date, false) as is_new
      from person_record
      where import_id = ${importId} and sen_status = 'EHCP'
    )
    select
      count(*) filter (where is_new)::int as new_plans,
      count(*) filter (where is_new and days is not null)::int as new_with_request_date,
      count(*) filter (where is_new and days <= ${TWENTY_WEEKS_DAYS})::int as new_within_20_weeks,
      count(*) filter (where is_new and days is not null and not exception_applies)::int as new_without_exception,
      count(*) filter (where is_new and days <= ${TWENTY_WEEKS_DAYS} and not exception_applies)::int as new_without_exception_within_20_weeks,
      count(*) filter (where is_new and days > ${FIFTY_TWO_WEEKS_DAYS})::int as new_over_52_weeks,
      coalesce(sum(days) filter (where is_new), 0)::float8 as new_total_days,
      count(*) filter (where age >= 5 and plan_issued_date < ${reviewCutoff}::date)::int as review_due,
      count(*) filter (where age >= 5 and plan_issued_date < ${reviewCutoff}::date and reviewed_on < ${reviewCutoff}::date)::int as review_overdue,
      count(*) filter (where age < 5 and plan_issued_date < ${under5ReviewCutoff}::date)::int as under_5_review_due,
      count(*) filter (where age < 5 and plan_issued_date < ${under5ReviewCutoff}::date and reviewed_on < ${under5ReviewCutoff}::date)::int as under_5_review_overdue,
      count(*) filter (where plan_issued_date is null)::int as without_issue_date
    from plan
  `.execute(db);
  const row = result.rows[0]!;
  return {
    newPlans: row.new_plans,
    newWithRequestDate: row.new_with_request_date,
    newWithin20Weeks: row.new_within_20_weeks,
    newWithoutException: row.new_without_exception,
    newWithoutExceptionWithin20Weeks: row.new_without_exception_within_20_weeks,
    newOver52Weeks: row.new_over_52_weeks,
    newTotalDays: row.new_total_days,
    reviewDue: row.review_due,
    reviewOverdue: row.review_overdue,
    under5ReviewDue: row.under_5_review_due,
    under5ReviewOverdue: row.under_5_review_overdue,
    withoutIssueDate: row.without_issue_date,
  };
}

type TallyRow = {
  sen_status: string;
  primary_need: string | null;
  age: number | null;
  sex: string | null;
  placement_type: string | null;
  social_care_status: string | null;
  people: number;
  alternative_provision: number;
  out_of_area: number;
};

type Counts = Record<string, number>;
type MutableTally = { total: number; alternativeProvision: number; outOfArea: number; needs: Counts; ages: Counts; sexes: Counts; placements: Counts; socialCare: Counts };

function newTally(): MutableTally {
  return { total: 0, alternativeProvision: 0, outOfArea: 0, needs: {}, ages: {}, sexes: {}, placements: {}, socialCare: {} };
}

/**
 * Everyone in the import by SEN status, and within it by need, age, sex, placement and social care,
 * in one scan (grouping sets). The grouped columns are all NOT NULL in person_record, so a null in
 * a result row means "not grouped by this". Alternative provision is counted as
 * isInAlternativeProvision() in case.ts defines it.
 */
export async function tallyPeople(db: Tx, importId: string): Promise<Record<SenStatus, PopulationTally>> {
  const result = await sql<TallyRow>`
    select
      sen_status, primary_need, age, sex, placement_type, social_care_status,
      count(*)::int as people,
      count(*) filter (where alternative_provision or placement_type = 'ALTERNATIVE_PROVISION')::int as alternative_provision,
      count(*) filter (where out_of_area)::int as out_of_area
    from person_record
    where import_id = ${importId}
    group by grouping sets (
      (sen_status),
      (sen_status, primary_need),
      (sen_status, age),
      (sen_status, sex),
      (sen_status, placement_type),
      (sen_status, social_care_status)
    )
  `.execute(db);
  const tallies = Object.fromEntries(SEN_STATUSES.map((status) => [status, newTally()])) as Record<SenStatus, MutableTally>;
  for (const row of result.rows) {
    const tally = tallies[row.sen_status as SenStatus];
    if (!tally) throw new RangeError(`Unknown SEN status in person_record: ${row.sen_status}`);
    if (row.primary_need !== null) tally.needs[row.primary_need] = row.people;
    else if (row.age !== null) tally.ages[String(row.age)] = row.people;
    else if (row.sex !== null) tally.sexes[row.sex] = row.people;
    else if (row.placement_type !== null) tally.placements[row.placement_type] = row.people;
    else if (row.social_care_status !== null) tally.socialCare[row.social_care_status] = row.people;
    else {
      tally.total = row.people;
      tally.alternativeProvision = row.alternative_provision;
      tally.outOfArea = row.out_of_area;
    }
  }
  return tallies;
}
