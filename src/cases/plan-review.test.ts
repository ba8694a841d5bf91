import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { InstrumentFileError, PLAN_REVIEW_INSTRUMENT, parseInstrument, ratingChoices } from './plan-review-instrument.ts';
import {
  aggregateReviews,
  cohensKappa,
  describeKappa,
  hasReachedYear,
  kappaBand,
  moderate,
  normaliseReview,
  validateReview,
  type ComparedReview,
  type ReviewContent,
} from './plan-review.ts';

const instrument = PLAN_REVIEW_INSTRUMENT;
const FRAMEWORK = new Set(['I1', 'I2', 'L1']);
const IDS = instrument.criteria.map((c) => c.id);

/** n pairs of (a, b), written out as a contingency-table cell. */
function cell(a: string, b: string, n: number): [string, string][] {
  return Array.from({ length: n }, () => [a, b] as [string, string]);
}

function allMet(overrides: Partial<Record<string, { rating: string; comment: string }>> = {}): ReviewContent {
  const ratings = Object.fromEntries(IDS.map((id) => [id, overrides[id] ?? { rating: 'met', comment: '' }]));
  return { ratings, overallGrade: 'good', summary: 'A sound plan.', criteria: [] };
}

function issuesFor(content: ReviewContent, complete: boolean, subject?: { yearGroup: string | null; age: number }) {
  return validateReview(instrument, content, { complete, frameworkCriteria: FRAMEWORK, subject });
}

describe('the plan review instrument', () => {
  test('covers the quality criteria of domain notes §4.2 to §4.4, each with guidance and a source, and the Ofsted grades', () => {
    assert.deepEqual(IDS, ['sections', 'golden_thread', 'smart_outcomes', 'provision_quantified', 'health', 'social_care', 'voice', 'annual_review', 'preparing_for_adulthood']);
    for (const c of instrument.criteria) {
      assert.ok(c.guidance.length > 80, `${c.id} has guidance`);
      assert.ok(c.source.length > 10, `${c.id} has a source`);
    }
    assert.deepEqual(instrument.grades.map((g) => g.label), ['Outstanding', 'Good', 'Requires improvement', 'Inadequate']);
    assert.deepEqual(instrument.ratings.map((r) => r.code), ['met', 'partly_met', 'not_met']);
    assert.match(instrument.criteria.find((c) => c.id === 'smart_outcomes')!.source, /9\.61 and 9\.66/);
    assert.match(instrument.criteria.find((c) => c.id === 'preparing_for_adulthood')!.source, /12\(3\).*9\.63/);
  });

  test('offers "not applicable" only on preparing for adulthood', () => {
    const withNa = instrument.criteria.filter((c) => ratingChoices(instrument, c).some((r) => r.code === 'not_applicable')).map((c) => c.id);
    assert.deepEqual(withNa, ['preparing_for_adulthood']);
  });

  test('a broken instrument file is refused with every problem named', () => {
    const broken = structuredClone(instrument) as unknown as { ratings: { code: string }[]; criteria: { id: string }[] };
    broken.ratings[0]!.code = 'fine';
    broken.criteria[1]!.id = broken.criteria[0]!.id;
    assert.throws(() => parseInstrument(broken, 'test.json'), (error: unknown) => {
      assert.ok(error instanceof InstrumentFileError);
      assert.match(error.message, /test\.json/);
      assert.match(error.message, /One rating must have the code met/);
      assert.match(error.message, /criterion id sections is used twice/);
      return true;
    });
  });
});

describe('checking a review', () => {
  test('a draft may be empty or partial', () => {
    assert.deepEqual(issuesFor({ ratings: {}, overallGrade: null, summary: '', criteria: [] }, false), []);
    assert.deepEqual(issuesFor({ ratings: { voice: { rating: 'not_met', comment: '' } }, overallGrade: null, summary: '', criteria: ['I2'] }, false), []);
  });

  test('completing needs every criterion rated and an overall grade', () => {
    const issues = issuesFor({ ratings: { sections: { rating: 'met', comment: '' } }, overallGrade: null, summary: '', criteria: [] }, true);
    assert.deepEqual(
      issues.map((i) => i.field),
      IDS.filter((id) => id !== 'sections').map((id) => `rating-${id}`).concat('overallGrade'),
    );
    assert.equal(issues[0]!.message, 'Rate ‘The golden thread: aspirations, needs, outcomes and provision connect’');
    assert.equal(issues.at(-1)!.message, 'Choose an overall grade for the plan');
  });

  test('completing needs a comment on every rating other than met, including not applicable', () => {
    const content = allMet({ smart_outcomes: { rating: 'partly_met', comment: '  ' }, health: { rating: 'not_met', comment: 'No health advice.' }, preparing_for_adulthood: { rating: 'not_applicable', comment: '' } });
    const issues = issuesFor(content, true, { yearGroup: '4', age: 9 });
    assert.deepEqual(issues, [
      { field: 'comment-smart_outcomes', message: 'Say why ‘Outcomes are SMART and person-centred’ is partly met' },
      { field: 'comment-preparing_for_adulthood', message: 'Say why ‘Preparing for adulthood (from year 9)’ is not applicable' },
    ]);
    assert.deepEqual(issuesFor(content, false, { yearGroup: '4', age: 9 }), [], 'a draft may leave comments out');
    assert.deepEqual(issuesFor(allMet(), true), []);
  });

  test('"not applicable" is refused where the criterion does not allow it, and for preparing for adulthood from year 9', () => {
    const onHealth = issuesFor(allMet({ health: { rating: 'not_applicable', comment: 'No health needs' } }), false);
    assert.deepEqual(onHealth, [{ field: 'rating-health', message: "‘Health needs and provision (sections C and G), with health's contribution’ applies to every plan: choose met, partly met or not met" }]);
    const pfa = allMet({ preparing_for_adulthood: { rating: 'not_applicable', comment: 'Too young' } });
    assert.deepEqual(issuesFor(pfa, true, { yearGroup: '8', age: 12 }), []);
    assert.deepEqual(issuesFor(pfa, true, { yearGroup: 'R', age: 4 }), []);
    const year10 = issuesFor(pfa, true, { yearGroup: '10', age: 15 });
    assert.deepEqual(year10, [{ field: 'rating-preparing_for_adulthood', message: 'This plan is for someone in year 10, so ‘Preparing for adulthood (from year 9)’ applies from year 9: choose met, partly met or not met' }]);
    const adult = issuesFor(pfa, true, { yearGroup: null, age: 19 });
    assert.match(adult[0]!.message, /someone aged 19/);
    assert.deepEqual(issuesFor(pfa, true), [], 'without knowing the child, the reviewer decides');
  });

  test('unknown ratings, grades and framework criteria are refused even in a draft', () => {
    const issues = issuesFor({ ratings: { voice: { rating: 'excellent', comment: '' } }, overallGrade: 'satisfactory', summary: '', criteria: ['I1', 'Z9'] }, false);
    assert.deepEqual(issues, [
      { field: 'rating-voice', message: "Choose one of the ratings for ‘The child's or young person's voice, views and aspirations (section A)’" },
      { field: 'overallGrade', message: 'Choose one of the overall grades' },
      { field: 'criteria', message: "Z9 is not a criterion of this inspection's framework: choose from the list" },
    ]);
  });

  test('over-long comments and summaries are refused', () => {
    const issues = issuesFor({ ratings: { voice: { rating: 'met', comment: 'x'.repeat(4001) } }, overallGrade: null, summary: 'y'.repeat(10_001), criteria: [] }, false);
    assert.deepEqual(issues.map((i) => i.field), ['comment-voice', 'summary']);
  });

  test('normalising trims text, drops empty ratings and repeated criteria', () => {
    const normal = normaliseReview(instrument, {
      ratings: { voice: { rating: 'met', comment: '  good  ' }, health: { rating: '', comment: '' }, unknown: { rating: 'met', comment: '' } },
      overallGrade: '',
      summary: ' s ',
      criteria: ['I1', 'I1', ' ', 'L1'],
    });
    assert.deepEqual(normal, { ratings: { voice: { rating: 'met', comment: 'good' } }, overallGrade: null, summary: 's', criteria: ['I1', 'L1'] });
  });

  test('the year a child is in comes from the year group, or from the age where it is certain', () => {
    assert.equal(hasReachedYear({ yearGroup: '9', age: 13 }, 9), true);
    assert.equal(hasReachedYear({ yearGroup: 'Year 8', age: 13 }, 9), false);
    assert.equal(hasReachedYear({ yearGroup: 'N2', age: 3 }, 0), false);
    assert.equal(hasReachedYear({ yearGroup: null, age: 14 }, 9), true);
    assert.equal(hasReachedYear({ yearGroup: null, age: 13 }, 9), null, 'a 13-year-old may be in year 8 or 9');
    assert.equal(hasReachedYear({ yearGroup: null, age: 12 }, 9), false);
  });
});

describe("Cohen's kappa", () => {
  test('the textbook example: 50 proposals, 20 yes-yes, 5 yes-no, 10 no-yes, 15 no-no gives 0.4 (fair)', () => {
    // Wikipedia, "Cohen's kappa", worked example: p_o = 0.7, p_e = 0.5.
    const result = cohensKappa([...cell('yes', 'yes', 20), ...cell('yes', 'no', 5), ...cell('no', 'yes', 10), ...cell('no', 'no', 15)]);
    assert.equal(result.n, 50);
    assert.ok(Math.abs(result.observed! - 0.7) < 1e-12);
    assert.ok(Math.abs(result.expected! - 0.5) < 1e-12);
    assert.ok(Math.abs(result.kappa! - 0.4) < 1e-12);
    assert.equal(result.band, 'fair');
  });

  test('the same observed agreement gives different kappas with different marginals (0.1304 and 0.2593)', () => {
    const a = cohensKappa([...cell('y', 'y', 45), ...cell('y', 'n', 15), ...cell('n', 'y', 25), ...cell('n', 'n', 15)]);
    const b = cohensKappa([...cell('y', 'y', 25), ...cell('y', 'n', 35), ...cell('n', 'y', 5), ...cell('n', 'n', 35)]);
    assert.equal(a.observed, 0.6);
    assert.equal(b.observed, 0.6);
    assert.equal(a.kappa!.toFixed(4), '0.1304');
    assert.equal(b.kappa!.toFixed(4), '0.2593');
    assert.equal(a.band, 'slight');
    assert.equal(b.band, 'fair');
  });

  test('three categories: 22 of 30 agreed, chance 329/900, kappa 331/571 (moderate)', () => {
    const pairs = [
      ...cell('met', 'met', 10), ...cell('met', 'partly_met', 2),
      ...cell('partly_met', 'met', 3), ...cell('partly_met', 'partly_met', 8), ...cell('partly_met', 'not_met', 2),
      ...cell('not_met', 'partly_met', 1), ...cell('not_met', 'not_met', 4),
    ];
    const result = cohensKappa(pairs);
    assert.ok(Math.abs(result.observed! - 22 / 30) < 1e-12);
    assert.ok(Math.abs(result.expected! - 329 / 900) < 1e-12);
    assert.ok(Math.abs(result.kappa! - 331 / 571) < 1e-12);
    assert.equal(result.band, 'moderate');
  });

  test('edge cases: no pairs, one rating throughout (chance agreement 1), perfect and systematic disagreement', () => {
    assert.deepEqual(cohensKappa([]), { n: 0, observed: null, expected: null, kappa: null, band: null, undefinedBecause: 'no_pairs' });
    assert.deepEqual(cohensKappa(cell('met', 'met', 7)), { n: 7, observed: 1, expected: 1, kappa: null, band: null, undefinedBecause: 'no_variation' });
    const perfect = cohensKappa([...cell('met', 'met', 3), ...cell('not_met', 'not_met', 2)]);
    assert.equal(perfect.kappa, 1);
    assert.equal(perfect.band, 'almost_perfect');
    const opposite = cohensKappa([...cell('met', 'not_met', 2), ...cell('not_met', 'met', 2)]);
    assert.equal(opposite.kappa, -1);
    assert.equal(opposite.band, 'poor');
    // Each reviewer used one rating, but not the same one: chance agreement is 0 and so is kappa.
    const apart = cohensKappa(cell('met', 'not_met', 4));
    assert.equal(apart.expected, 0);
    assert.equal(apart.kappa, 0);
    assert.equal(apart.band, 'slight');
  });

  test('Landis and Koch bands at their boundaries', () => {
    assert.deepEqual([-0.01, 0, 0.2, 0.21, 0.4, 0.41, 0.6, 0.61, 0.8, 0.81, 1].map(kappaBand), ['poor', 'slight', 'slight', 'fair', 'fair', 'moderate', 'moderate', 'substantial', 'substantial', 'almost_perfect', 'almost_perfect']);
    assert.equal(kappaBand(0.4 + 1e-15), 'fair', 'rounding error does not move a boundary figure');
  });

  test('described in plain English', () => {
    const result = cohensKappa([...cell('yes', 'yes', 20), ...cell('yes', 'no', 5), ...cell('no', 'yes', 10), ...cell('no', 'no', 15)]);
    assert.equal(describeKappa(result), 'Fair agreement (kappa 0.40, 0.21 to 0.40: some agreement beyond chance, but the criteria are being read differently). Over 50 paired ratings the reviewers agreed 70% of the time, where chance alone would give 50%.');
    assert.equal(describeKappa(cohensKappa([])), 'Not worked out yet: no plan has two complete reviews.');
    assert.match(describeKappa(cohensKappa(cell('good', 'good', 1)), 'plans'), /^Not worked out: over 1 plan both reviewers always gave the same single rating/);
  });

  test('properties: symmetric in the two reviewers, at most 1, and 1 exactly when they always agree', () => {
    const rating = fc.constantFrom('met', 'partly_met', 'not_met', 'not_applicable');
    fc.assert(
      fc.property(fc.array(fc.tuple(rating, rating), { minLength: 1, maxLength: 60 }), (pairs) => {
        const forward = cohensKappa(pairs);
        const backward = cohensKappa(pairs.map(([a, b]) => [b, a] as [string, string]));
        assert.equal(forward.observed, backward.observed);
        if (forward.kappa === null) {
          assert.equal(forward.undefinedBecause, 'no_variation');
          assert.ok(pairs.every(([a, b]) => a === b && a === pairs[0]![0]));
          return;
        }
        assert.ok(Math.abs(forward.kappa - backward.kappa!) < 1e-9);
        assert.ok(forward.kappa <= 1 + 1e-12);
        assert.equal(Math.abs(forward.kappa - 1) < 1e-12, pairs.every(([a, b]) => a === b));
      }),
    );
  });
});

describe('moderation and results across the sample', () => {
  function review(reviewerLabel: string, ratings: Record<string, string>, overallGrade: string): ComparedReview {
    const all = Object.fromEntries(IDS.map((id) => [id, { rating: ratings[id] ?? 'met', comment: ratings[id] && ratings[id] !== 'met' ? `${reviewerLabel} on ${id}` : '' }]));
    return { reviewerLabel, ratings: all, overallGrade, summary: '' };
  }

  // Four plans. The reviewers disagree on smart_outcomes in plan 2 and on the grade of plan 3.
  const pairs = [
    { caseId: 'c1', personId: 'P1', first: review('a', { smart_outcomes: 'met' }, 'good'), second: review('b', { smart_outcomes: 'met' }, 'good') },
    { caseId: 'c2', personId: 'P2', first: review('a', { smart_outcomes: 'partly_met' }, 'requires_improvement'), second: review('b', { smart_outcomes: 'not_met' }, 'requires_improvement') },
    { caseId: 'c3', personId: 'P3', first: review('a', { smart_outcomes: 'not_met' }, 'inadequate'), second: review('b', { smart_outcomes: 'not_met' }, 'requires_improvement') },
    { caseId: 'c4', personId: 'P4', first: review('a', { smart_outcomes: 'met', health: 'not_met' }, 'good'), second: review('b', { smart_outcomes: 'met', health: 'not_met' }, 'good') },
  ];

  test('kappa per criterion, pooled and for the grade, with the disagreements case by case', () => {
    const m = moderate(instrument, pairs);
    assert.equal(m.pairs, 4);
    const smart = m.byCriterion.find((c) => c.criterionId === 'smart_outcomes')!.kappa;
    // smart: (met,met)×2, (partly,not), (not,not): p_o = 3/4; first 2 met/1 partly/1 not, second 2 met/2 not: p_e = (2·2 + 1·2)/16 = 6/16.
    assert.ok(Math.abs(smart.kappa! - (0.75 - 0.375) / 0.625) < 1e-12);
    assert.equal(smart.kappa!.toFixed(2), '0.60');
    const health = m.byCriterion.find((c) => c.criterionId === 'health')!.kappa;
    assert.equal(health.kappa, 1);
    const voice = m.byCriterion.find((c) => c.criterionId === 'voice')!.kappa;
    assert.equal(voice.undefinedBecause, 'no_variation');
    // Pooled: 4 plans × 9 criteria, 35 agreed. First: 33 met, 1 partly met, 2 not met; second: 33 met, 3 not met.
    assert.equal(m.pooled.n, 36);
    assert.equal(m.pooled.observed, 35 / 36);
    const firstCounts = { met: 33, partly_met: 1, not_met: 2 };
    const secondCounts = { met: 33, partly_met: 0, not_met: 3 };
    const expected = (firstCounts.met * secondCounts.met + firstCounts.partly_met * secondCounts.partly_met + firstCounts.not_met * secondCounts.not_met) / 36 ** 2;
    assert.ok(Math.abs(m.pooled.kappa! - (35 / 36 - expected) / (1 - expected)) < 1e-12);
    // Grades: (good,good)×2, (ri,ri), (inadequate, ri): p_o 3/4, p_e = (2·2 + 1·2 + 1·0)/16.
    assert.ok(Math.abs(m.grade.kappa! - (0.75 - 6 / 16) / (1 - 6 / 16)) < 1e-12);
    assert.deepEqual(
      m.disagreements.map((d) => ({ caseId: d.caseId, criteria: d.criteria.map((c) => `${c.criterionId}:${c.first.rating}/${c.second.rating}`), grade: d.grade })),
      [
        { caseId: 'c2', criteria: ['smart_outcomes:partly_met/not_met'], grade: null },
        { caseId: 'c3', criteria: [], grade: { first: 'inadequate', second: 'requires_improvement' } },
      ],
    );
    assert.equal(m.disagreements[0]!.criteria[0]!.first.comment, 'a on smart_outcomes');
  });

  test('with no pairs every kappa is not yet worked out', () => {
    const m = moderate(instrument, []);
    assert.equal(m.pooled.undefinedBecause, 'no_pairs');
    assert.equal(m.grade.undefinedBecause, 'no_pairs');
    assert.deepEqual(m.disagreements, []);
  });

  test('results count each rating and grade over the reviews given, with every category present', () => {
    const results = aggregateReviews(instrument, [pairs[0]!.first, pairs[1]!.first, pairs[2]!.first, { ratings: { voice: { rating: 'met', comment: '' } }, overallGrade: null }]);
    assert.equal(results.reviews, 4);
    const smart = results.byCriterion.find((c) => c.criterionId === 'smart_outcomes')!;
    assert.deepEqual(smart.counts, { met: 1, partly_met: 1, not_met: 1 });
    assert.equal(smart.rated, 3);
    assert.deepEqual(results.byCriterion.find((c) => c.criterionId === 'preparing_for_adulthood')!.counts, { met: 3, partly_met: 0, not_met: 0, not_applicable: 0 });
    assert.deepEqual(results.byCriterion.find((c) => c.criterionId === 'voice')!.counts, { met: 4, partly_met: 0, not_met: 0 });
    assert.deepEqual(results.grades, { outstanding: 0, good: 1, requires_improvement: 1, inadequate: 1 });
  });
});
