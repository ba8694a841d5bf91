// Test support for the metrics: a small hand-made population, as at FIXTURE_DATA_DATE (2 November
// 2026), whose every figure is worked out by hand below, and an independent count of any people
// in plain TypeScript to check the SQL against.
import { FIFTY_TWO_WEEKS_DAYS, TWENTY_WEEKS_DAYS, daysBetween, isInAlternativeProvision, type PersonRecord, type SenStatus } from './case.ts';
import { metricsWindow, type PlanCounts, type PopulationTally } from './case-metrics.ts';

function person(personId: string, overrides: Partial<PersonRecord> = {}): PersonRecord {
  return {
    personId,
    birthMonth: '2018-01',
    age: 8,
    yearGroup: '4',
    sex: 'M',
    primaryNeed: 'ASD',
    senStatus: 'EHCP',
    requestDate: null,
    assessmentDecisionDate: null,
    planIssuedDate: null,
    exceptionApplies: false,
    lastReviewDate: null,
    placementType: 'MAINSTREAM',
    settingName: null,
    settingUrn: null,
    alternativeProvision: false,
    outOfArea: false,
    socialCareStatus: 'NONE',
    ...overrides,
  };
}

/**
 * New plans are those issued from 3 November 2025 to 2 November 2026. Reviews are overdue when
 * dated before 2 November 2025 (before 2 May 2026 for under-5s).
 *
 * New plans with a request date (days from request to plan):
 *   A 120, B 140 (the limit: within), C 141 (exception applies), D 374 (over 52 weeks),
 *   E 364 (52 weeks exactly: not over), G 94 (issued on the window's first day).
 *   Including exceptions 3 of 6 within 20 weeks (A, B, G) = 50.0%; excluding exceptions 3 of 5
 *   (C left out) = 60.0%; over 52 weeks 1 of 6 = 16.7%; average 1,233 / 6 days = 29.4 weeks.
 * New plans with no request date: F, U1, U2, U3, so 10 new plans in all. H was issued the day
 * before the window opened.
 * Annual reviews, 5 and over: due R1, R2, R3, R4, R6; overdue R2 (reviewed the day before the
 * cutoff), R3 (never reviewed, issued 2024), R6: 3 of 5 = 60.0%. R4 was reviewed on the cutoff
 * itself: not overdue. R5 has no issue date. Under 5: due U1, U2 (U3's plan is under 6 months
 * old); overdue U1: 1 of 2 = 50.0%. All: 4 of 7 = 57.1%.
 * S1 is on SEN support; its dates (which the import would refuse) must not count.
 */
export function handMadePeople(): PersonRecord[] {
  const newPlan = (requestDate: string | null, planIssuedDate: string, exceptionApplies = false) => ({ requestDate, planIssuedDate, exceptionApplies });
  return [
    person('A', newPlan('2026-01-01', '2026-05-01')),
    person('B', { ...newPlan('2026-01-01', '2026-05-21'), primaryNeed: 'SLCN', sex: 'F' }),
    person('C', { ...newPlan('2026-01-01', '2026-05-22', true), primaryNeed: 'SEMH', placementType: 'SPECIAL' }),
    person('D', { ...newPlan('2025-06-01', '2026-06-10'), placementType: 'INDEPENDENT_SPECIAL', outOfArea: true }),
    person('E', { ...newPlan('2025-10-01', '2026-09-30'), placementType: 'ALTERNATIVE_PROVISION' }),
    person('F', { ...newPlan(null, '2026-03-01'), alternativeProvision: true }),
    person('G', { ...newPlan('2025-08-01', '2025-11-03'), sex: 'F', socialCareStatus: 'LOOKED_AFTER' }),
    person('H', { ...newPlan('2025-07-01', '2025-11-02'), age: 12, lastReviewDate: null }),
    person('R1', { planIssuedDate: '2020-01-10', lastReviewDate: '2026-01-15', age: 16, placementType: 'FURTHER_EDUCATION' }),
    person('R2', { planIssuedDate: '2020-01-10', lastReviewDate: '2025-11-01', age: 21, placementType: 'SPECIALIST_POST16' }),
    person('R3', { planIssuedDate: '2024-03-01', age: 13 }),
    person('R4', { planIssuedDate: '2020-01-10', lastReviewDate: '2025-11-02', age: 15 }),
    person('R5', { age: 11, sex: 'U' }),
    person('R6', { planIssuedDate: '2019-05-05', lastReviewDate: '2024-05-05', age: 10 }),
    person('U1', { planIssuedDate: '2026-03-01', age: 3, placementType: 'EARLY_YEARS' }),
    person('U2', { planIssuedDate: '2025-12-01', lastReviewDate: '2026-06-01', age: 4, placementType: 'EARLY_YEARS' }),
    person('U3', { planIssuedDate: '2026-06-01', age: 4, placementType: 'EARLY_YEARS' }),
    person('S1', { senStatus: 'SEN_SUPPORT', primaryNeed: 'SLCN', age: 7, requestDate: '2026-01-01', planIssuedDate: '2026-02-01' }),
    person('S2', { senStatus: 'SEN_SUPPORT', primaryNeed: 'NSA', age: 9, sex: 'F' }),
    person('S3', { senStatus: 'SEN_SUPPORT', primaryNeed: 'MLD', age: 14, placementType: 'HOME_EDUCATED', socialCareStatus: 'CHILD_IN_NEED' }),
    person('S4', { senStatus: 'SEN_SUPPORT', primaryNeed: 'SLCN', age: 6, alternativeProvision: true }),
  ];
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** The counts the repository makes, made here one person at a time, to check the SQL against. */
export function referenceCounts(people: readonly PersonRecord[], dataDate: string): { plans: PlanCounts; tallies: Record<SenStatus, PopulationTally> } {
  const window = metricsWindow(dataDate);
  const plans: PlanCounts = {
    newPlans: 0,
    newWithRequestDate: 0,
    newWithin20Weeks: 0,
    newWithoutException: 0,
    newWithoutExceptionWithin20Weeks: 0,
    newOver52Weeks: 0,
    newTotalDays: 0,
    reviewDue: 0,
    reviewOverdue: 0,
    under5ReviewDue: 0,
    under5ReviewOverdue: 0,
    withoutIssueDate: 0,
  };
  const blank = () => ({ total: 0, alternativeProvision: 0, outOfArea: 0, needs: {}, ages: {}, sexes: {}, placements: {}, socialCare: {} });
  const tallies: Record<SenStatus, { total: number; alternativeProvision: number; outOfArea: number } & Record<'needs' | 'ages' | 'sexes' | 'placements' | 'socialCare', Record<string, number>>> = {
    EHCP: blank(),
    SEN_SUPPORT: blank(),
  };
  for (const p of people) {
    const tally = tallies[p.senStatus];
    tally.total++;
    if (isInAlternativeProvision(p)) tally.alternativeProvision++;
    if (p.outOfArea) tally.outOfArea++;
    bump(tally.needs, p.primaryNeed);
    bump(tally.ages, String(p.age));
    bump(tally.sexes, p.sex);
    bump(tally.placements, p.placementType);
    bump(tally.socialCare, p.socialCareStatus);
    if (p.senStatus !== 'EHCP') continue;
    const issued = p.planIssuedDate;
    if (!issued) {
      plans.withoutIssueDate++;
      continue;
    }
    if (issued >= window.newPlansFrom && issued <= dataDate) {
      plans.newPlans++;
      if (p.requestDate) {
        const days = daysBetween(p.requestDate, issued);
        plans.newWithRequestDate++;
        plans.newTotalDays += days;
        if (days <= TWENTY_WEEKS_DAYS) plans.newWithin20Weeks++;
        if (days > FIFTY_TWO_WEEKS_DAYS) plans.newOver52Weeks++;
        if (!p.exceptionApplies) {
          plans.newWithoutException++;
          if (days <= TWENTY_WEEKS_DAYS) plans.newWithoutExceptionWithin20Weeks++;
        }
      }
    }
    const cutoff = p.age < 5 ? window.under5ReviewCutoff : window.reviewCutoff;
    if (issued < cutoff) {
      const overdue = (p.lastReviewDate ?? issued) < cutoff;
      if (p.age < 5) {
        plans.under5ReviewDue++;
        if (overdue) plans.under5ReviewOverdue++;
      } else {
        plans.reviewDue++;
        if (overdue) plans.reviewOverdue++;
      }
    }
  }
  return { plans, tallies };
}
