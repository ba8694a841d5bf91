// The metrics worked out from an area's person-level data: the dates they are counted between, shares
// with their numerators and denominators, timeliness of new plans, overdue annual reviews and the
// mix of needs, ages, sex, placements and social care. Pure: the counting itself is done in SQL.
import {
  AGE_PHASES,
  AGE_PHASE_LABELS,
  PLACEMENT_GROUPS,
  PLACEMENT_GROUP_LABELS,
  PLACEMENT_LABELS,
  PLACEMENT_TYPES,
  PRIMARY_NEEDS,
  PRIMARY_NEED_LABELS,
  SEN_STATUSES,
  SEN_STATUS_LABELS,
  SEXES,
  SEX_LABELS,
  SOCIAL_CARE_LABELS,
  SOCIAL_CARE_STATUSES,
  agePhase,
  placementGroup,
  type SenStatus,
} from './case.ts';

/** A share: `percent` is null ("no figure") when there is nothing to divide by. */
export type Share = { numerator: number; denominator: number; percent: number | null };

/** Percentages keep one decimal place, rounded half up. */
export function share(numerator: number, denominator: number): Share {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || numerator < 0 || denominator < 0) {
    throw new RangeError(`A share needs whole numbers of 0 or more, got ${numerator} of ${denominator}`);
  }
  if (numerator > denominator) throw new RangeError(`A share cannot be more than the whole: ${numerator} of ${denominator}`);
  // Scaling before dividing keeps halves exact (1 of 8 is 12.5%, not 12.499…%).
  return { numerator, denominator, percent: denominator === 0 ? null : Math.round((numerator * 1000) / denominator) / 10 };
}

/** The mean of `count` waits totalling `totalDays`, in weeks to one decimal place; null when there are none. */
export function averageWeeks(totalDays: number, count: number): number | null {
  if (count === 0) return null;
  return Math.round((totalDays * 10) / (7 * count)) / 10;
}

function parseDate(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new TypeError(`Expected a date as YYYY-MM-DD, got "${date}"`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The same day `months` calendar months earlier; a day the earlier month lacks becomes its last
 * (31 August less 6 months is 28 or 29 February), as PostgreSQL's date arithmetic does.
 */
export function monthsBefore(date: string, months: number): string {
  const [year, month, day] = parseDate(date);
  const index = year * 12 + (month - 1) - months;
  const [y, m] = [Math.floor(index / 12), index % 12];
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return isoDay(Date.UTC(y, m, Math.min(day, lastDay)));
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = parseDate(date);
  return isoDay(Date.UTC(year, month - 1, day + days));
}

/** Annual reviews are due every 12 months; the Code of Practice expects every 3 to 6 months for under-5s, so 6 is the limit for them. */
export const REVIEW_MONTHS = 12;
export const UNDER_5_REVIEW_MONTHS = 6;
export const NEW_PLAN_MONTHS = 12;

/** The dates the metrics are counted between, all from the import's data date. */
export type MetricsWindow = {
  dataDate: string;
  /** New plans are those issued from this day to the data date, both included. */
  newPlansFrom: string;
  /** A plan (or review) dated before this is more than 12 months old. */
  reviewCutoff: string;
  /** The same for under-5s, at 6 months. */
  under5ReviewCutoff: string;
};

export function metricsWindow(dataDate: string): MetricsWindow {
  return {
    dataDate,
    newPlansFrom: addDays(monthsBefore(dataDate, NEW_PLAN_MONTHS), 1),
    reviewCutoff: monthsBefore(dataDate, REVIEW_MONTHS),
    under5ReviewCutoff: monthsBefore(dataDate, UNDER_5_REVIEW_MONTHS),
  };
}

/** What SQL counts over the EHC plans of one import (see case-metrics.repository.ts for each definition). */
export type PlanCounts = {
  /** Plans issued in the window. */
  newPlans: number;
  /** ...of which have a request date (the timeliness figures are about these). */
  newWithRequestDate: number;
  newWithin20Weeks: number;
  /** New plans with a request date where no exception to the 20-week limit applied. */
  newWithoutException: number;
  newWithoutExceptionWithin20Weeks: number;
  newOver52Weeks: number;
  /** Days from request to plan, added up over the new plans with a request date. */
  newTotalDays: number;
  /** Aged 5 or over, plan issued more than 12 months before the data date. */
  reviewDue: number;
  /** ...and the last review (or, with none, the issue) more than 12 months before it. */
  reviewOverdue: number;
  /** Under 5, plan issued more than 6 months before the data date. */
  under5ReviewDue: number;
  under5ReviewOverdue: number;
  /** EHC plans with no issue date: no review can be judged for them. */
  withoutIssueDate: number;
};

/** Everyone of one SEN status, counted once per category of each dimension. */
export type PopulationTally = {
  total: number;
  alternativeProvision: number;
  outOfArea: number;
  needs: Readonly<Record<string, number>>;
  /** By age in whole years at the data date. */
  ages: Readonly<Record<string, number>>;
  sexes: Readonly<Record<string, number>>;
  placements: Readonly<Record<string, number>>;
  socialCare: Readonly<Record<string, number>>;
};

export function emptyTally(): PopulationTally {
  return { total: 0, alternativeProvision: 0, outOfArea: 0, needs: {}, ages: {}, sexes: {}, placements: {}, socialCare: {} };
}

export type CategoryFigure = { code: string; label: string; count: number; share: Share };

export type Mix = {
  total: number;
  needs: CategoryFigure[];
  agePhases: CategoryFigure[];
  sexes: CategoryFigure[];
  placementGroups: CategoryFigure[];
  placementTypes: CategoryFigure[];
  socialCare: CategoryFigure[];
  /** Placed in alternative provision, or attending it alongside another placement. */
  alternativeProvision: Share;
  outOfArea: Share;
};

export const POPULATIONS = ['EHCP', 'SEN_SUPPORT', 'all'] as const;
export type Population = (typeof POPULATIONS)[number];
export const POPULATION_LABELS: Readonly<Record<Population, string>> = { ...SEN_STATUS_LABELS, all: 'Everyone with SEND in the data' };

export type NewPlanMetrics = {
  from: string;
  to: string;
  issued: number;
  withRequestDate: number;
  withoutRequestDate: number;
  /** New plans with a request date where an exception to the 20-week limit applied. */
  exceptions: number;
  within20WeeksIncludingExceptions: Share;
  within20WeeksExcludingExceptions: Share;
  averageWeeks: number | null;
  over52Weeks: Share;
};

export type ReviewMetrics = {
  cutoff: string;
  under5Cutoff: string;
  overdue: Share;
  fiveAndOver: Share;
  under5: Share;
  withoutIssueDate: number;
};

export type CaseMetrics = {
  dataDate: string;
  people: number;
  senStatus: CategoryFigure[];
  newPlans: NewPlanMetrics;
  annualReviews: ReviewMetrics;
  mix: Record<Population, Mix>;
};

function categories(codes: readonly string[], labels: Readonly<Record<string, string>>, counts: Readonly<Record<string, number>>, total: number, options: { omitEmpty?: boolean } = {}): CategoryFigure[] {
  const known = new Set(codes);
  const unknown = Object.keys(counts).filter((code) => !known.has(code));
  // The import checks every code, so an unknown one here is a fault to show, not to hide.
  if (unknown.length) throw new RangeError(`Unknown categories in the counts: ${unknown.join(', ')}`);
  return codes
    .map((code) => ({ code, label: labels[code] ?? code, count: counts[code] ?? 0 }))
    .filter((c) => !options.omitEmpty || c.count > 0)
    .map((c) => ({ ...c, share: share(c.count, total) }));
}

function regroup(counts: Readonly<Record<string, number>>, groupOf: (code: string) => string): Record<string, number> {
  const grouped: Record<string, number> = {};
  for (const [code, n] of Object.entries(counts)) grouped[groupOf(code)] = (grouped[groupOf(code)] ?? 0) + n;
  return grouped;
}

function mixOf(tally: PopulationTally): Mix {
  const placementCodes = new Set<string>(PLACEMENT_TYPES);
  const ageCounts = regroup(tally.ages, (age) => {
    const years = Number(age);
    if (!Number.isInteger(years) || years < 0) throw new RangeError(`Not an age in whole years: ${age}`);
    return agePhase(years);
  });
  const groupCounts = regroup(tally.placements, (type) => (placementCodes.has(type) ? placementGroup(type as (typeof PLACEMENT_TYPES)[number]) : type));
  return {
    total: tally.total,
    needs: categories(PRIMARY_NEEDS, PRIMARY_NEED_LABELS, tally.needs, tally.total, { omitEmpty: true }),
    agePhases: categories(AGE_PHASES, AGE_PHASE_LABELS, ageCounts, tally.total),
    sexes: categories(SEXES, SEX_LABELS, tally.sexes, tally.total),
    placementGroups: categories(PLACEMENT_GROUPS, PLACEMENT_GROUP_LABELS, groupCounts, tally.total),
    placementTypes: categories(PLACEMENT_TYPES, PLACEMENT_LABELS, tally.placements, tally.total, { omitEmpty: true }),
    socialCare: categories(SOCIAL_CARE_STATUSES, SOCIAL_CARE_LABELS, tally.socialCare, tally.total),
    alternativeProvision: share(tally.alternativeProvision, tally.total),
    outOfArea: share(tally.outOfArea, tally.total),
  };
}

function addCounts(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const sum: Record<string, number> = { ...a };
  for (const [key, n] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}

export function combineTallies(a: PopulationTally, b: PopulationTally): PopulationTally {
  return {
    total: a.total + b.total,
    alternativeProvision: a.alternativeProvision + b.alternativeProvision,
    outOfArea: a.outOfArea + b.outOfArea,
    needs: addCounts(a.needs, b.needs),
    ages: addCounts(a.ages, b.ages),
    sexes: addCounts(a.sexes, b.sexes),
    placements: addCounts(a.placements, b.placements),
    socialCare: addCounts(a.socialCare, b.socialCare),
  };
}

/** The metrics of one import from what SQL counted over it. */
export function buildCaseMetrics(window: MetricsWindow, plans: PlanCounts, tallies: Readonly<Record<SenStatus, PopulationTally>>): CaseMetrics {
  const all = combineTallies(tallies.EHCP, tallies.SEN_SUPPORT);
  const statusCounts = Object.fromEntries(SEN_STATUSES.map((s) => [s, tallies[s].total]));
  return {
    dataDate: window.dataDate,
    people: all.total,
    senStatus: categories(SEN_STATUSES, SEN_STATUS_LABELS, statusCounts, all.total),
    newPlans: {
      from: window.newPlansFrom,
      to: window.dataDate,
      issued: plans.newPlans,
      withRequestDate: plans.newWithRequestDate,
      withoutRequestDate: plans.newPlans - plans.newWithRequestDate,
      exceptions: plans.newWithRequestDate - plans.newWithoutException,
      within20WeeksIncludingExceptions: share(plans.newWithin20Weeks, plans.newWithRequestDate),
      within20WeeksExcludingExceptions: share(plans.newWithoutExceptionWithin20Weeks, plans.newWithoutException),
      averageWeeks: averageWeeks(plans.newTotalDays, plans.newWithRequestDate),
      over52Weeks: share(plans.newOver52Weeks, plans.newWithRequestDate),
    },
    annualReviews: {
      cutoff: window.reviewCutoff,
      under5Cutoff: window.under5ReviewCutoff,
      overdue: share(plans.reviewOverdue + plans.under5ReviewOverdue, plans.reviewDue + plans.under5ReviewDue),
      fiveAndOver: share(plans.reviewOverdue, plans.reviewDue),
      under5: share(plans.under5ReviewOverdue, plans.under5ReviewDue),
      withoutIssueDate: plans.withoutIssueDate,
    },
    mix: { EHCP: mixOf(tallies.EHCP), SEN_SUPPORT: mixOf(tallies.SEN_SUPPORT), all: mixOf(all) },
  };
}

const COUNT = new Intl.NumberFormat('en-GB');
const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** "46.4%", or "No figure" when there was nothing to divide by. */
export function formatPercent(percent: number | null): string {
  return percent === null ? 'No figure' : `${ONE_DECIMAL.format(percent)}%`;
}

/** "46.4% (45 of 97)"; "No figure (none to count)" when the denominator is 0. */
export function formatShare(value: Share): string {
  if (value.percent === null) return 'No figure (none to count)';
  return `${formatPercent(value.percent)} (${formatCount(value.numerator)} of ${formatCount(value.denominator)})`;
}

export function formatWeeks(weeks: number | null): string {
  return weeks === null ? 'No figure' : `${ONE_DECIMAL.format(weeks)} weeks`;
}
