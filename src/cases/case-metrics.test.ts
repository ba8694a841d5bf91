// Unit tests of the metrics' arithmetic: shares and their rounding, average weeks, the dates the
// metrics are counted between, and the figures built from counts (with nothing to count, too).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  averageWeeks,
  buildCaseMetrics,
  emptyTally,
  formatShare,
  formatWeeks,
  metricsWindow,
  monthsBefore,
  share,
  type PlanCounts,
} from './case-metrics.ts';
import { handMadePeople, referenceCounts } from './case-metrics-test-support.ts';

/** The data date of the hand-made population (FIXTURE_DATA_DATE in case-test-support.ts). */
const FIXTURE_DATA_DATE = '2026-11-02';

const NO_PLANS: PlanCounts = {
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

describe('shares', () => {
  test('keep their numerator and denominator, with the percentage to one decimal place', () => {
    assert.deepEqual(share(3, 6), { numerator: 3, denominator: 6, percent: 50 });
    assert.equal(share(1, 3).percent, 33.3);
    assert.equal(share(2, 3).percent, 66.7);
    assert.equal(share(1, 8).percent, 12.5);
    // 1 of 16 is 6.25%: half up, not down by floating-point error.
    assert.equal(share(1, 16).percent, 6.3);
    assert.equal(share(7, 7).percent, 100);
  });

  test('with a denominator of 0 have no figure, and say so', () => {
    assert.deepEqual(share(0, 0), { numerator: 0, denominator: 0, percent: null });
    assert.equal(formatShare(share(0, 0)), 'No figure (none to count)');
    assert.equal(formatShare(share(45, 97)), '46.4% (45 of 97)');
    assert.equal(formatShare(share(1234, 5678)), '21.7% (1,234 of 5,678)');
  });

  test('refuse impossible counts', () => {
    assert.throws(() => share(3, 2), RangeError);
    assert.throws(() => share(-1, 2), RangeError);
    assert.throws(() => share(0.5, 2), RangeError);
  });
});

test('average weeks are the mean of the waits in days, over 7, to one decimal; none without plans', () => {
  assert.equal(averageWeeks(1233, 6), 29.4);
  assert.equal(averageWeeks(140, 1), 20);
  assert.equal(averageWeeks(0, 0), null);
  assert.equal(formatWeeks(null), 'No figure');
  assert.equal(formatWeeks(29.4), '29.4 weeks');
  assert.equal(formatWeeks(20), '20.0 weeks');
});

describe('the dates the metrics are counted between', () => {
  test('months back keep the day, or take the last day of a shorter month', () => {
    assert.equal(monthsBefore('2026-11-02', 12), '2025-11-02');
    assert.equal(monthsBefore('2026-11-02', 6), '2026-05-02');
    assert.equal(monthsBefore('2026-08-31', 6), '2026-02-28');
    assert.equal(monthsBefore('2028-08-31', 6), '2028-02-29');
    assert.equal(monthsBefore('2028-02-29', 12), '2027-02-28');
    assert.equal(monthsBefore('2026-03-15', 3), '2025-12-15');
    assert.throws(() => monthsBefore('2 November 2026', 6), TypeError);
  });

  test('new plans are the 12 months up to the data date; reviews are overdue before 12 months (6 for under-5s)', () => {
    assert.deepEqual(metricsWindow('2026-11-02'), {
      dataDate: '2026-11-02',
      newPlansFrom: '2025-11-03',
      reviewCutoff: '2025-11-02',
      under5ReviewCutoff: '2026-05-02',
    });
    assert.equal(metricsWindow('2026-03-01').newPlansFrom, '2025-03-02');
  });
});

describe('the metrics built from counts', () => {
  test('the hand-made population gives the figures worked out by hand', () => {
    const { plans, tallies } = referenceCounts(handMadePeople(), FIXTURE_DATA_DATE);
    const metrics = buildCaseMetrics(metricsWindow(FIXTURE_DATA_DATE), plans, tallies);
    assert.equal(metrics.people, 21);
    assert.deepEqual(metrics.senStatus.map((s) => [s.code, s.count, s.share.percent]), [['EHCP', 17, 81], ['SEN_SUPPORT', 4, 19]]);
    const np = metrics.newPlans;
    assert.deepEqual([np.from, np.to, np.issued, np.withRequestDate, np.withoutRequestDate, np.exceptions], ['2025-11-03', '2026-11-02', 10, 6, 4, 1]);
    assert.deepEqual(np.within20WeeksIncludingExceptions, { numerator: 3, denominator: 6, percent: 50 });
    assert.deepEqual(np.within20WeeksExcludingExceptions, { numerator: 3, denominator: 5, percent: 60 });
    assert.deepEqual(np.over52Weeks, { numerator: 1, denominator: 6, percent: 16.7 });
    assert.equal(np.averageWeeks, 29.4);
    const reviews = metrics.annualReviews;
    assert.deepEqual(reviews.fiveAndOver, { numerator: 3, denominator: 5, percent: 60 });
    assert.deepEqual(reviews.under5, { numerator: 1, denominator: 2, percent: 50 });
    assert.deepEqual(reviews.overdue, { numerator: 4, denominator: 7, percent: 57.1 });
    assert.equal(reviews.withoutIssueDate, 1);
    const ehcp = metrics.mix.EHCP;
    assert.deepEqual(ehcp.needs.map((n) => [n.code, n.count]), [['ASD', 15], ['SLCN', 1], ['SEMH', 1]]);
    assert.deepEqual(ehcp.agePhases.map((a) => [a.code, a.count]), [['under_5', 3], ['5_to_10', 8], ['11_to_15', 4], ['16_to_19', 1], ['20_to_25', 1]]);
    assert.deepEqual(ehcp.sexes.map((s) => [s.code, s.count]), [['F', 2], ['M', 14], ['U', 1]]);
    assert.deepEqual(ehcp.placementGroups.map((g) => [g.code, g.count]), [['early_years', 3], ['mainstream', 9], ['special', 2], ['alternative_provision', 1], ['post16', 2], ['elsewhere', 0]]);
    assert.deepEqual(ehcp.alternativeProvision, { numerator: 2, denominator: 17, percent: 11.8 });
    assert.deepEqual(ehcp.outOfArea, { numerator: 1, denominator: 17, percent: 5.9 });
    assert.deepEqual(metrics.mix.SEN_SUPPORT.needs.map((n) => [n.code, n.count]), [['SLCN', 2], ['MLD', 1], ['NSA', 1]]);
    assert.deepEqual(metrics.mix.SEN_SUPPORT.alternativeProvision, { numerator: 1, denominator: 4, percent: 25 });
    assert.deepEqual(metrics.mix.all.alternativeProvision, { numerator: 3, denominator: 21, percent: 14.3 });
    assert.equal(metrics.mix.all.socialCare.find((c) => c.code === 'CHILD_IN_NEED')!.count, 1);
  });

  test('with no new plans and no reviews due, every timeliness and review figure is "no figure"', () => {
    const metrics = buildCaseMetrics(metricsWindow(FIXTURE_DATA_DATE), NO_PLANS, { EHCP: emptyTally(), SEN_SUPPORT: emptyTally() });
    assert.equal(metrics.newPlans.issued, 0);
    assert.equal(metrics.newPlans.within20WeeksIncludingExceptions.percent, null);
    assert.equal(metrics.newPlans.within20WeeksExcludingExceptions.percent, null);
    assert.equal(metrics.newPlans.over52Weeks.percent, null);
    assert.equal(metrics.newPlans.averageWeeks, null);
    assert.equal(metrics.annualReviews.overdue.percent, null);
    assert.equal(metrics.mix.EHCP.alternativeProvision.percent, null);
    // Categories with nothing in them still show, as 0 of 0 with no figure; needs list only those present.
    assert.deepEqual(metrics.mix.EHCP.agePhases.map((a) => a.share), Array(5).fill({ numerator: 0, denominator: 0, percent: null }));
    assert.deepEqual(metrics.mix.EHCP.needs, []);
  });

  test('new plans all with exceptions: a share including them, none excluding them', () => {
    const plans = { ...NO_PLANS, newPlans: 2, newWithRequestDate: 2, newWithin20Weeks: 1, newTotalDays: 280 };
    const metrics = buildCaseMetrics(metricsWindow(FIXTURE_DATA_DATE), plans, { EHCP: emptyTally(), SEN_SUPPORT: emptyTally() });
    assert.equal(metrics.newPlans.exceptions, 2);
    assert.deepEqual(metrics.newPlans.within20WeeksIncludingExceptions, { numerator: 1, denominator: 2, percent: 50 });
    assert.deepEqual(metrics.newPlans.within20WeeksExcludingExceptions, { numerator: 0, denominator: 0, percent: null });
    assert.equal(metrics.newPlans.averageWeeks, 20);
  });

  test('a category outside the vocabulary is a fault, not a figure to drop', () => {
    const tally = { ...emptyTally(), total: 1, needs: { DYSLEXIA: 1 } };
    assert.throws(() => buildCaseMetrics(metricsWindow(FIXTURE_DATA_DATE), NO_PLANS, { EHCP: tally, SEN_SUPPORT: emptyTally() }), /Unknown categories in the counts: DYSLEXIA/);
  });
});
