// Tests of the case-sampling algorithm: properties over random populations (fast-check) and a
// worked example with a population built by hand.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { syntheticPeople } from '../demo/demo-people.ts';
import { AGE_PHASES, NEED_AREAS, PLACEMENT_GROUPS, TIMELINESS_BANDS, type TimelinessBand } from './case.ts';
import {
  SAMPLING_ALGORITHM_VERSION,
  SAMPLING_DIMENSIONS,
  allocate,
  countCategories,
  drawSample,
  minimumsToCover,
  replacementFor,
  samplingUnit,
  toColumns,
  type SampleDraw,
  type SamplingUnit,
} from './case-sampling.ts';

const PLAN_BANDS = TIMELINESS_BANDS.filter((b) => b !== 'not_applicable');

/** One of the values, the first far more likely than the last, so that some categories are rare. */
function skewed<T>(values: readonly T[]): fc.Arbitrary<T> {
  return fc.oneof(...values.map((value, i) => ({ arbitrary: fc.constant(value), weight: 2 ** (values.length - i) })));
}

function uniform<T>(values: readonly T[]): fc.Arbitrary<T> {
  return fc.constantFrom(...values);
}

const categoriesArb = (pick: <T>(values: readonly T[]) => fc.Arbitrary<T>) =>
  fc.record({
    agePhase: pick(AGE_PHASES),
    needArea: pick(NEED_AREAS),
    plan: fc.boolean(),
    band: pick(PLAN_BANDS),
    placementGroup: pick(PLACEMENT_GROUPS),
    ap: fc.integer({ min: 0, max: 24 }).map((n) => n === 0),
  });

/** Populations of up to `max` people with unique ids, some with categories evenly spread and some skewed. */
function populationArb(max: number): fc.Arbitrary<SamplingUnit[]> {
  return fc
    .oneof(
      fc.array(categoriesArb(uniform), { maxLength: max, size: 'max' }),
      fc.array(categoriesArb(skewed), { maxLength: max, size: 'max' }),
      fc.array(categoriesArb(skewed), { maxLength: max }),
    )
    .chain((rows) =>
    fc.constant(
      rows.map(
        (r, i): SamplingUnit => ({
          personId: `P${((i * 7919) % 100_003).toString(36).toUpperCase()}-${i}`,
          agePhase: r.agePhase,
          needArea: r.needArea,
          senStatus: r.plan ? 'EHCP' : 'SEN_SUPPORT',
          placementGroup: r.ap && r.placementGroup === 'mainstream' ? 'alternative_provision' : r.placementGroup,
          timeliness: r.plan ? r.band : 'not_applicable',
          inAlternativeProvision: r.ap,
        }),
      ),
    ),
  );
}

const requestArb = fc.record({
  tracked: fc.integer({ min: 0, max: 12 }),
  review: fc.integer({ min: 0, max: 60 }),
  seed: fc.string({ minLength: 1, maxLength: 12 }),
  minimum: fc.integer({ min: 0, max: 2 }),
});

const ids = (draw: SampleDraw, purpose: 'tracked' | 'review') => draw[purpose].chosen.map((c) => c.unit.personId);

/** The people each part was drawn from: everyone for tracked children, plans not tracked for review. */
function eligibleFor(population: readonly SamplingUnit[], draw: SampleDraw, purpose: 'tracked' | 'review'): SamplingUnit[] {
  if (purpose === 'tracked') return [...population];
  const tracked = new Set(ids(draw, 'tracked'));
  return population.filter((u) => u.senStatus === 'EHCP' && !tracked.has(u.personId));
}

const RUNS = { numRuns: 150 };

describe('drawing a sample (properties)', () => {
  test('each part has min(requested, eligible) cases, none twice, and the two parts never share a child', () => {
    fc.assert(
      fc.property(populationArb(120), requestArb, (population, request) => {
        const draw = drawSample(population, request);
        const tracked = ids(draw, 'tracked');
        const review = ids(draw, 'review');
        assert.equal(tracked.length, Math.min(request.tracked, population.length));
        assert.equal(draw.tracked.eligible, population.length);
        const eligibleForReview = eligibleFor(population, draw, 'review');
        assert.equal(draw.review.eligible, eligibleForReview.length);
        assert.equal(review.length, Math.min(request.review, eligibleForReview.length));
        assert.equal(new Set(tracked).size, tracked.length);
        assert.equal(new Set(review).size, review.length);
        assert.ok(!review.some((id) => tracked.includes(id)), 'tracked and review are disjoint');
        assert.ok(draw.review.chosen.every((c) => c.unit.senStatus === 'EHCP'), 'every review case has a plan');
        assert.deepEqual(draw.tracked.chosen.map((c) => c.position), tracked.map((_, i) => i + 1));
        assert.equal(draw.algorithmVersion, SAMPLING_ALGORITHM_VERSION);
      }),
      RUNS,
    );
  });

  test('a child in alternative provision is tracked whenever there is one', () => {
    fc.assert(
      fc.property(populationArb(120), requestArb, (population, request) => {
        const draw = drawSample(population, request);
        if (request.tracked > 0 && population.some((u) => u.inAlternativeProvision)) {
          assert.ok(draw.tracked.chosen.some((c) => c.unit.inAlternativeProvision));
          assert.equal(draw.tracked.chosen[0]!.stratum.basis, 'alternative_provision');
        }
      }),
      RUNS,
    );
  });

  test('targets add up to the sample, stay within each population, and are within 1 of the proportional share', () => {
    fc.assert(
      fc.property(populationArb(150), requestArb, (population, request) => {
        const draw = drawSample(population, { ...request, minimum: 0 });
        for (const purpose of ['tracked', 'review'] as const) {
          const part = draw[purpose];
          const eligible = eligibleFor(population, draw, purpose);
          const counts = countCategories(eligible);
          const n = part.chosen.length;
          for (const d of SAMPLING_DIMENSIONS) {
            const sum = Object.values(part.targets[d]).reduce((a, b) => a + b, 0);
            assert.equal(sum, n, `${purpose} ${d} targets add up to the sample`);
            for (const [category, target] of Object.entries(part.targets[d])) {
              assert.ok(target <= counts[d][category]!, `${purpose} ${d} ${category}: target within the population`);
              // Timeliness bands share out the plans' target; 'no plan' is SEN support's.
              let share: number;
              if (d !== 'timeliness') share = (n * counts[d][category]!) / eligible.length;
              else if (category === 'not_applicable') share = part.targets.senStatus.SEN_SUPPORT!;
              else share = (part.targets.senStatus.EHCP! * counts.timeliness[category]!) / counts.senStatus.EHCP!;
              if (counts[d][category] === 0) share = 0;
              assert.ok(Math.abs(target - share) < 1, `${purpose} ${d} ${category}: target ${target} is within 1 of ${share}`);
            }
          }
        }
      }),
      RUNS,
    );
  });

  test('every category gets its minimum (capped by its population) once the sample is big enough, and never more than its population', () => {
    fc.assert(
      fc.property(populationArb(120), requestArb, (population, request) => {
        const draw = drawSample(population, request);
        for (const purpose of ['tracked', 'review'] as const) {
          const eligible = eligibleFor(population, draw, purpose);
          const counts = countCategories(eligible);
          const chosen = countCategories(draw[purpose].chosen.map((c) => c.unit));
          const bigEnough = draw[purpose].chosen.length >= minimumsToCover(counts, request.minimum);
          for (const d of SAMPLING_DIMENSIONS) {
            for (const [category, population] of Object.entries(counts[d])) {
              assert.ok(chosen[d][category]! <= population, `${purpose} ${d} ${category}: no more than its population`);
              if (bigEnough) assert.ok(chosen[d][category]! >= Math.min(request.minimum, population), `${purpose} ${d} ${category}: at least its minimum`);
            }
          }
        }
      }),
      RUNS,
    );
  });

  test('counts differ from the targets by at most 2 × the relaxed picks in each dimension, and match them when nothing was relaxed', () => {
    fc.assert(
      fc.property(populationArb(150), requestArb, (population, request) => {
        const draw = drawSample(population, request);
        for (const purpose of ['tracked', 'review'] as const) {
          const part = draw[purpose];
          const chosen = countCategories(part.chosen.map((c) => c.unit));
          for (const d of SAMPLING_DIMENSIONS) {
            const deviation = Object.entries(part.targets[d]).reduce((s, [category, target]) => s + Math.abs(chosen[d][category]! - target), 0);
            assert.ok(deviation <= 2 * part.relaxed, `${purpose} ${d}: off by ${deviation} with ${part.relaxed} relaxed picks`);
          }
        }
      }),
      RUNS,
    );
  });

  test('the same data and seed give the same sample whatever order the rows come in', () => {
    fc.assert(
      fc.property(
        populationArb(100).chain((population) => fc.tuple(fc.constant(population), fc.shuffledSubarray(population, { minLength: population.length }))),
        requestArb,
        ([population, shuffled], request) => {
          assert.deepEqual(drawSample(shuffled, request), drawSample(population, request));
        },
      ),
      RUNS,
    );
  });

  test('the population as units or as columns gives the same draw', () => {
    fc.assert(
      fc.property(populationArb(100), requestArb, (population, request) => {
        assert.deepEqual(drawSample(toColumns(population), request), drawSample(population, request));
      }),
      RUNS,
    );
  });

  test('a different seed gives a different sample', () => {
    const population = syntheticPeople({ count: 1500, seed: 11, dataDate: '2026-11-02' }).map(samplingUnit);
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        fc.pre(a !== b);
        const first = drawSample(population, { tracked: 6, review: 40, seed: a });
        const second = drawSample(population, { tracked: 6, review: 40, seed: b });
        assert.notDeepEqual(ids(first, 'review'), ids(second, 'review'));
      }),
      { numRuns: 40 },
    );
  });

  test('within a stratum, every child is about as likely to be chosen', () => {
    // 30 children alike in every way; 6 plans to review from them, over 3,000 seeds: each should be
    // chosen about 600 times.
    const alike: SamplingUnit[] = Array.from({ length: 30 }, (_, i) => ({
      personId: `C${i}`,
      agePhase: '5_to_10',
      needArea: 'semh',
      senStatus: 'EHCP',
      placementGroup: 'mainstream',
      timeliness: 'within_20_weeks',
      inAlternativeProvision: false,
    }));
    const times = new Map<string, number>();
    for (let s = 0; s < 3000; s++) {
      for (const id of ids(drawSample(alike, { tracked: 0, review: 6, seed: `seed-${s}` }), 'review')) times.set(id, (times.get(id) ?? 0) + 1);
    }
    assert.equal(times.size, 30);
    for (const [id, n] of times) assert.ok(n > 480 && n < 720, `${id} chosen ${n} times`);
  });
});

describe('replacements (properties)', () => {
  test('the replacement is deterministic, new to the sample, fits the purpose, and comes from the same stratum when it can', () => {
    fc.assert(
      fc.property(populationArb(120), requestArb, fc.nat(), (population, request, which) => {
        const draw = drawSample(population, request);
        const cases = [...draw.tracked.chosen.map((c) => ({ c, purpose: 'tracked' as const })), ...draw.review.chosen.map((c) => ({ c, purpose: 'review' as const }))];
        fc.pre(cases.length > 0);
        const { c, purpose } = cases[which % cases.length]!;
        const sample = cases.map((x) => ({ personId: x.c.unit.personId, purpose: x.purpose, active: true }));
        const toReplace = { personId: c.unit.personId, purpose, stratum: c.stratum };
        const replacement = replacementFor(population, sample, toReplace, request.seed);
        assert.deepEqual(replacementFor([...population].reverse(), sample, toReplace, request.seed), replacement);
        const inSample = new Set(sample.map((s) => s.personId));
        const candidates = population.filter((u) => !inSample.has(u.personId) && (purpose === 'tracked' || u.senStatus === 'EHCP'));
        if (candidates.length === 0) {
          assert.equal(replacement, undefined);
          return;
        }
        assert.ok(replacement);
        assert.ok(!inSample.has(replacement.unit.personId));
        if (purpose === 'review') assert.equal(replacement.unit.senStatus, 'EHCP');
        const sameStratum = candidates.filter((u) => SAMPLING_DIMENSIONS.every((d) => u[d] === c.unit[d]));
        const onlyApTracked = purpose === 'tracked' && c.unit.inAlternativeProvision && !draw.tracked.chosen.some((o) => o !== c && o.unit.inAlternativeProvision);
        if (onlyApTracked && candidates.some((u) => u.inAlternativeProvision)) assert.ok(replacement.unit.inAlternativeProvision, 'the only tracked child in AP is replaced by another');
        else if (sameStratum.length) {
          assert.equal(replacement.stratum.basis, 'replacement');
          assert.ok(SAMPLING_DIMENSIONS.every((d) => replacement.unit[d] === c.unit[d]));
        }
      }),
      RUNS,
    );
  });
});

// ---- A population built by hand ---------------------------------------------------------------

function person(personId: string, agePhase: SamplingUnit['agePhase'], needArea: SamplingUnit['needArea'], timeliness: TimelinessBand, placementGroup: SamplingUnit['placementGroup'], ap = false): SamplingUnit {
  return { personId, agePhase, needArea, senStatus: timeliness === 'not_applicable' ? 'SEN_SUPPORT' : 'EHCP', placementGroup, timeliness, inAlternativeProvision: ap };
}

describe('a worked example', () => {
  // 20 children: 12 with plans, 8 on SEN support; one in alternative provision (on SEN support).
  const population: SamplingUnit[] = [
    ...Array.from({ length: 6 }, (_, i) => person(`PLAN-A${i}`, '5_to_10', 'communication_interaction', 'within_20_weeks', 'mainstream')),
    ...Array.from({ length: 4 }, (_, i) => person(`PLAN-B${i}`, '11_to_15', 'semh', '20_to_52_weeks', 'special')),
    person('PLAN-C0', '16_to_19', 'cognition_learning', 'over_52_weeks', 'post16'),
    person('PLAN-C1', '16_to_19', 'cognition_learning', 'within_20_weeks', 'post16'),
    ...Array.from({ length: 7 }, (_, i) => person(`SUPP-${i}`, '5_to_10', 'cognition_learning', 'not_applicable', 'mainstream')),
    person('SUPP-AP', '11_to_15', 'semh', 'not_applicable', 'alternative_provision', true),
  ];

  test('targets share the sample in proportion after each category’s minimum, and the draw meets them', () => {
    const draw = drawSample(population, { tracked: 2, review: 6, seed: 'example' });
    assert.equal(draw.tracked.chosen[0]!.unit.personId, 'SUPP-AP', 'the only child in AP is tracked');
    assert.equal(draw.tracked.chosen.length, 2);
    assert.deepEqual(draw.review.targets.senStatus, { EHCP: 6, SEN_SUPPORT: 0 });
    // 12 plans less any tracked; ages 5-10: 6, 11-15: 4, 16-19: 2 → 6 × (6, 4, 2) / 12 = 3, 2, 1.
    if (draw.tracked.chosen.every((c) => c.unit.senStatus !== 'EHCP')) {
      assert.deepEqual(draw.review.targets.agePhase, { under_5: 0, '5_to_10': 3, '11_to_15': 2, '16_to_19': 1, '20_to_25': 0 });
      // Over 52 weeks has one plan: its minimum of 1 is met before sharing out the rest (5 × 7/11, 5 × 4/11 → 3, 2).
      assert.deepEqual(draw.review.targets.timeliness, { within_20_weeks: 3, '20_to_52_weeks': 2, over_52_weeks: 1, no_request_date: 0, not_applicable: 0 });
    }
    const chosen = countCategories(draw.review.chosen.map((c) => c.unit));
    assert.equal(draw.review.relaxed, 0);
    for (const d of SAMPLING_DIMENSIONS) assert.deepEqual(chosen[d], draw.review.targets[d], d);
    assert.equal(draw.review.chosen.find((c) => c.unit.personId === 'PLAN-C0')?.stratum.basis, 'minimum', 'the only plan issued after 52 weeks is there for its minimum');
  });

  test('the same seed gives the same sample; a replacement comes from the same stratum, in the seed’s order', () => {
    const draw = drawSample(population, { tracked: 2, review: 6, seed: 'example' });
    assert.deepEqual(drawSample([...population].reverse(), { tracked: 2, review: 6, seed: 'example' }), draw);
    const replaced = draw.review.chosen.find((c) => c.unit.personId.startsWith('PLAN-A'))!;
    const sample = [...draw.tracked.chosen.map((c) => ({ personId: c.unit.personId, purpose: 'tracked' as const, active: true })), ...draw.review.chosen.map((c) => ({ personId: c.unit.personId, purpose: 'review' as const, active: true }))];
    const replacement = replacementFor(population, sample, { personId: replaced.unit.personId, purpose: 'review', stratum: replaced.stratum }, 'example')!;
    assert.match(replacement.unit.personId, /^PLAN-A/);
    assert.equal(replacement.stratum.basis, 'replacement');
    assert.ok(!sample.some((s) => s.personId === replacement.unit.personId));

    // Without anyone left in its stratum, the nearest stratum: PLAN-C0's is unique.
    const c0 = { personId: 'PLAN-C0', purpose: 'review' as const, stratum: { ...replaced.stratum, agePhase: '16_to_19', needArea: 'cognition_learning', placementGroup: 'post16', timeliness: 'over_52_weeks' } };
    const nearest = replacementFor(population, [...sample, { personId: 'PLAN-C0', purpose: 'review', active: true }], c0, 'example')!;
    assert.equal(nearest.stratum.basis, 'replacement_closest');
    assert.equal(nearest.unit.personId, 'PLAN-C1', 'shares age, need and placement');
  });

  test('the only tracked child in AP is replaced by another child in AP when there is one', () => {
    const withSecondAp = [...population, person('SUPP-AP2', '5_to_10', 'semh', 'not_applicable', 'mainstream', true)];
    const draw = drawSample(withSecondAp, { tracked: 1, review: 0, seed: 'ap' });
    const ap = draw.tracked.chosen[0]!;
    assert.ok(ap.unit.inAlternativeProvision);
    const replacement = replacementFor(withSecondAp, [{ personId: ap.unit.personId, purpose: 'tracked', active: true }], { personId: ap.unit.personId, purpose: 'tracked', stratum: ap.stratum }, 'ap')!;
    assert.ok(replacement.unit.inAlternativeProvision);
    assert.notEqual(replacement.unit.personId, ap.unit.personId);
  });
});

describe('allocation', () => {
  test('largest remainder in proportion to the counts', () => {
    assert.deepEqual(allocate(10, [{ category: 'a', count: 50, lower: 0 }, { category: 'b', count: 30, lower: 0 }, { category: 'c', count: 20, lower: 0 }]), { a: 5, b: 3, c: 2 });
    assert.deepEqual(allocate(4, [{ category: 'a', count: 5, lower: 0 }, { category: 'b', count: 3, lower: 0 }, { category: 'c', count: 3, lower: 0 }]), { a: 2, b: 1, c: 1 });
  });

  test('minimums first, the rest shared among the others; capped by the population; absent categories get nothing', () => {
    assert.deepEqual(allocate(10, [{ category: 'big', count: 97, lower: 1 }, { category: 'rare', count: 2, lower: 1 }, { category: 'rarer', count: 1, lower: 3 }, { category: 'none', count: 0, lower: 1 }]), { big: 8, rare: 1, rarer: 1, none: 0 });
  });

  test('when the minimums do not fit, the largest categories get theirs first', () => {
    assert.deepEqual(allocate(2, [{ category: 'a', count: 3, lower: 1 }, { category: 'b', count: 9, lower: 1 }, { category: 'c', count: 5, lower: 1 }]), { a: 0, b: 1, c: 1 });
  });

  test('a sample of everyone takes everyone', () => {
    assert.deepEqual(allocate(7, [{ category: 'a', count: 4, lower: 1 }, { category: 'b', count: 3, lower: 1 }]), { a: 4, b: 3 });
  });
});
