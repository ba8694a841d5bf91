// Unit tests of the survey analysis: Wilson intervals, counting with routing, breakdowns, number
// summaries, comment themes and quotes, merging, and suppression at the threshold.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MAX_DISTINCT_NUMBERS,
  addResponse,
  compilePlan,
  correctionKey,
  countClosedAnswers,
  createAccumulator,
  finishAnalysis,
  memoiseCoder,
  mergeAccumulators,
  parseAnswers,
  suppressResult,
  wilsonInterval,
  type AnalysisResult,
  type CommentCoding,
  type CommentSource,
  type Figure,
  type QuestionResult,
  type Sentiment,
} from './survey-analysis.ts';
import { surveyDefinitionSchema, visibleQuestions, type Answers, type SurveyDefinition } from './survey.ts';
import type { ThemeCode } from './themes.ts';

const close = (actual: number | null, expected: number, digits = 2) => {
  assert.ok(actual !== null, `expected ${expected}, got null`);
  assert.ok(Math.abs(actual - expected) < 10 ** -digits, `expected ${expected}, got ${actual}`);
};

describe('wilsonInterval', () => {
  test('matches known values, as percentages', () => {
    const half = wilsonInterval(5, 10);
    close(half.lower, 23.66);
    close(half.upper, 76.34);
    const none = wilsonInterval(0, 10);
    close(none.lower, 0);
    close(none.upper, 27.75);
    const all = wilsonInterval(10, 10);
    close(all.lower, 72.25);
    close(all.upper, 100);
    const fifty = wilsonInterval(50, 100);
    close(fifty.lower, 40.38);
    close(fifty.upper, 59.62);
    const small = wilsonInterval(1, 3);
    close(small.lower, 6.15);
    close(small.upper, 79.23);
  });

  test('has no interval without a base, and narrows as the base grows', () => {
    assert.deepEqual(wilsonInterval(0, 0), { lower: null, upper: null });
    const wide = wilsonInterval(30, 100);
    const narrow = wilsonInterval(300, 1000);
    assert.ok(narrow.upper! - narrow.lower! < wide.upper! - wide.lower!);
    const z99 = wilsonInterval(30, 100, 2.575829);
    assert.ok(z99.lower! < wide.lower! && z99.upper! > wide.upper!);
  });
});

const DEFINITION: SurveyDefinition = surveyDefinitionSchema.parse({
  title: 'Test survey',
  introduction: 'A survey for tests.',
  questions: [
    { id: 'age', type: 'single', text: 'How old is your child?', aboutYou: 'age_phase', options: [{ value: 'young', label: 'Under 11' }, { value: 'old', label: '11 or over' }] },
    { id: 'needs', type: 'multiple', text: 'What are their needs?', aboutYou: 'need_type', options: [{ value: 'autism', label: 'Autism' }, { value: 'adhd', label: 'ADHD' }, { value: 'other', label: 'Other' }] },
    { id: 'has_plan', type: 'single', text: 'Is there an EHC plan?', options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] },
    { id: 'plan_good', type: 'agreement', text: 'The plan is good.', criteria: ['I2'], showIf: { question: 'has_plan', anyOf: ['yes'] } },
    { id: 'plan_easy', type: 'agreement', scale: 'three_point_pictures', text: 'The plan is easy to read.', showIf: { question: 'plan_good', anyOf: ['agree', 'strongly_agree'] } },
    { id: 'waiting', type: 'multiple', text: 'What are you waiting for?', options: [{ value: 'speech', label: 'Speech therapy' }, { value: 'ot', label: 'OT' }, { value: 'none', label: 'None' }] },
    { id: 'weeks', type: 'number', text: 'How many weeks did the plan take?', min: 0, max: 200 },
    { id: 'better', type: 'text', text: 'What could be better?' },
    { id: 'plan_comment', type: 'text', text: 'Tell us about the plan.', showIf: { question: 'has_plan', anyOf: ['yes'] } },
  ],
});

function fakeCoding(text: string): CommentCoding {
  const themes: { code: ThemeCode; confidence: number }[] = [];
  if (/wait/i.test(text)) themes.push({ code: 'THERAPY_WAITS', confidence: /long/i.test(text) ? 0.9 : 0.6 });
  if (/bus|taxi/i.test(text)) themes.push({ code: 'TRANSPORT', confidence: 0.8 });
  if (themes.length === 0) themes.push({ code: 'COMMUNICATION', confidence: 0.2 });
  const sentiment: Sentiment = /good|great/i.test(text) ? (/but/i.test(text) ? 'mixed' : 'positive') : /bad|long|late/i.test(text) ? 'negative' : 'neutral';
  return { themes, sentiment, redacted: text.replace(/Sam/g, '[name]') };
}

function sourceWith(corrections: Map<string, ThemeCode[]> = new Map(), code = fakeCoding): CommentSource {
  return { code, correction: (id, questionId) => corrections.get(correctionKey(id, questionId)) };
}

const META = { surveyId: '00000000-0000-4000-8000-000000000001', audience: 'parents_carers' as const, computedAt: new Date('2026-11-30T12:00:00Z') };

function analyse(responses: { id: number; language?: string; answers: Answers }[], corrections?: Map<string, ThemeCode[]>): AnalysisResult {
  const plan = compilePlan(DEFINITION);
  const acc = createAccumulator(plan);
  const source = sourceWith(corrections);
  for (const r of responses) addResponse(plan, acc, { id: r.id, language: r.language ?? 'en', answers: r.answers }, source);
  return finishAnalysis(plan, acc, META);
}

function question(result: AnalysisResult, id: string): QuestionResult {
  const found = result.questions.find((q) => q.questionId === id);
  assert.ok(found, id);
  return found;
}

function countOf(q: QuestionResult, value: string): Figure {
  const found = q.options!.find((o) => o.value === value);
  assert.ok(found, value);
  return found;
}

describe('counting answers', () => {
  const responses: { id: number; language?: string; answers: Answers }[] = [
    { id: 1, answers: { age: 'young', needs: ['autism', 'adhd'], has_plan: 'yes', plan_good: 'agree', plan_easy: 'agree', waiting: ['speech', 'ot'], weeks: 20, better: 'The wait was long' } },
    { id: 2, answers: { age: 'old', needs: ['autism'], has_plan: 'yes', plan_good: 'disagree', plan_easy: 'agree', weeks: 40 } },
    { id: 3, answers: { age: 'old', has_plan: 'no', plan_good: 'agree', waiting: ['none'], better: '   ' } },
    { id: 4, language: 'ur', answers: { age: 'young', needs: ['other', 'nonsense'], has_plan: 'yes', plan_good: 'strongly_agree', waiting: ['speech'], weeks: 30, plan_comment: 'The bus is late' } },
    { id: 5, answers: { age: 'teenage', has_plan: 'yes', waiting: 'speech', weeks: 'many' } },
  ];
  const result = analyse(responses);

  test('counts shown and answered with routing: hidden answers and unknown values are not counted', () => {
    const planGood = question(result, 'plan_good');
    assert.equal(planGood.shown, 4, 'shown to the four with a plan');
    assert.equal(planGood.answered, 3, 'the answer given without a plan is not counted');
    assert.deepEqual(planGood.showIf, { question: 'has_plan', anyOf: ['yes'] });
    const easy = question(result, 'plan_easy');
    assert.equal(easy.shown, 2, 'shown only after agreeing that the plan is good');
    assert.equal(easy.answered, 1, 'response 2 disagreed, so its answer here is ignored');
    const age = question(result, 'age');
    assert.equal(age.shown, 5);
    assert.equal(age.answered, 4, '"teenage" is not an option');
    const waiting = question(result, 'waiting');
    assert.equal(waiting.answered, 3, 'a string is not a multiple-choice answer');
  });

  test('routing agrees with visibleQuestions for every combination of answers', () => {
    const plan = compilePlan(DEFINITION);
    const acc = createAccumulator(plan);
    const shownByRule = new Map<string, number>();
    const values = [undefined, 'yes', 'no'];
    const agreement = [undefined, 'agree', 'strongly_agree', 'disagree'];
    const pictures = [undefined, 'agree', 'not_sure'];
    for (const hasPlan of values) {
      for (const good of agreement) {
        for (const easy of pictures) {
          const answers: Answers = {};
          if (hasPlan) answers.has_plan = hasPlan;
          if (good) answers.plan_good = good;
          if (easy) answers.plan_easy = easy;
          countClosedAnswers(plan, acc, answers, 'en');
          for (const q of visibleQuestions(DEFINITION, answers)) shownByRule.set(q.id, (shownByRule.get(q.id) ?? 0) + 1);
        }
      }
    }
    const finished = finishAnalysis(plan, acc, META);
    for (const q of DEFINITION.questions) {
      const shown = q.type === 'text' ? finished.commentQuestions.find((c) => c.questionId === q.id)!.shown : question(finished, q.id).shown;
      assert.equal(shown, shownByRule.get(q.id) ?? 0, q.id);
    }
  });

  test('counts each chosen option; percentages are of those who answered, with intervals', () => {
    const waiting = question(result, 'waiting');
    assert.deepEqual(
      waiting.options!.map((o) => [o.value, o.count]),
      [['speech', 2], ['ot', 1], ['none', 1]],
    );
    const speech = countOf(waiting, 'speech');
    assert.equal(speech.base, 3);
    assert.equal(speech.percent, 66.7);
    close(speech.lower, 20.8, 1);
    close(speech.upper, 93.9, 1);
    const needs = question(result, 'needs');
    assert.equal(needs.answered, 3);
    assert.equal(countOf(needs, 'other').count, 1, 'the unknown value beside it is dropped');
  });

  test('the agreeing figure adds strongly agree and agree; the picture scale counts its agree', () => {
    const planGood = question(result, 'plan_good');
    assert.equal(planGood.agreeing!.count, 2);
    assert.equal(planGood.agreeing!.base, 3);
    assert.equal(planGood.agreeing!.percent, 66.7);
    const easy = question(result, 'plan_easy');
    assert.equal(easy.agreeing!.count, 1);
    assert.equal(easy.options!.length, 3);
  });

  test('summarises number answers: mean, median, lowest and highest', () => {
    const weeks = question(result, 'weeks');
    assert.deepEqual(weeks.number, { answered: 3, mean: 30, median: 30, min: 20, max: 40, suppressed: false });
    assert.equal(weeks.options, undefined);
    const even = analyse([1, 2, 3, 10].map((weeks, id) => ({ id, answers: { weeks } })));
    assert.equal(question(even, 'weeks').number!.median, 2.5);
  });

  test('keeps number counts bounded past many distinct values, with the median still close', () => {
    const plan = compilePlan(DEFINITION);
    const acc = createAccumulator(plan);
    const total = MAX_DISTINCT_NUMBERS * 3;
    for (let i = 0; i < total; i++) countClosedAnswers(plan, acc, { weeks: (i * 7919) % total }, 'en');
    assert.ok(acc.numbers[0].counts.size <= MAX_DISTINCT_NUMBERS);
    const summary = question(finishAnalysis(plan, acc, META), 'weeks').number!;
    assert.equal(summary.answered, total);
    assert.equal(summary.min, 0);
    assert.equal(summary.max, total - 1);
    assert.equal(summary.mean, (total - 1) / 2);
    assert.ok(Math.abs(summary.median! - (total - 1) / 2) <= acc.numbers[0].width, `median ${summary.median}`);
  });

  test('reads stored answers, treating anything but an object as no answers', () => {
    assert.deepEqual(parseAnswers('{"age":"young","needs":["adhd"]}'), { age: 'young', needs: ['adhd'] });
    assert.deepEqual(parseAnswers('null'), {});
    assert.deepEqual(parseAnswers('["young"]'), {});
    assert.deepEqual(parseAnswers('"young"'), {});
  });

  test('counts languages, most used first', () => {
    assert.deepEqual(result.languages, [{ code: 'en', count: 4 }, { code: 'ur', count: 1 }]);
    assert.equal(result.responseCount, 5);
  });

  test('breaks every other closed question down by each "about you" question, counting a person in each of their groups', () => {
    const waiting = question(result, 'waiting');
    assert.deepEqual(waiting.breakdowns.map((b) => b.questionId), ['age', 'needs']);
    const byNeeds = waiting.breakdowns.find((b) => b.questionId === 'needs')!;
    assert.equal(byNeeds.dimension, 'need_type');
    assert.equal(byNeeds.label, 'Type of need');
    const autism = byNeeds.groups.find((g) => g.value === 'autism')!;
    const adhd = byNeeds.groups.find((g) => g.value === 'adhd')!;
    assert.equal(autism.answered, 1, 'response 2 has autism but did not answer');
    assert.equal(adhd.answered, 1, 'response 1 is in both groups');
    assert.equal(countOf(adhd as unknown as QuestionResult, 'ot').count, 1);
    const byAge = question(result, 'plan_good').breakdowns.find((b) => b.questionId === 'age')!;
    const young = byAge.groups.find((g) => g.value === 'young')!;
    assert.equal(young.answered, 2);
    assert.equal(young.agreeing!.count, 2);
    assert.equal(young.label, 'Under 11');
    assert.deepEqual(question(result, 'age').breakdowns.map((b) => b.questionId), ['needs'], 'not by itself');
    assert.deepEqual(question(result, 'weeks').breakdowns, []);
  });
});

describe('comments', () => {
  test('codes each comment, counts themes and sentiment per question and overall; a correction wins', () => {
    const corrections = new Map<string, ThemeCode[]>([[correctionKey(3, 'better'), ['FAMILY_IMPACT', 'TRANSPORT']]]);
    const result = analyse(
      [
        { id: 1, answers: { has_plan: 'yes', better: 'The wait for speech therapy was long', plan_comment: 'A good plan but a long wait' } },
        { id: 2, answers: { has_plan: 'no', better: 'The taxi is late and the wait is long', plan_comment: 'Hidden by routing' } },
        { id: 3, answers: { better: 'The wait was long' } },
        { id: 4, answers: { better: 'Nothing' } },
      ],
      corrections,
    );
    const better = result.commentQuestions.find((q) => q.questionId === 'better')!;
    assert.equal(better.answered, 4);
    assert.deepEqual(better.sentiment, { positive: 0, negative: 3, mixed: 0, neutral: 1 });
    const waits = better.themes.find((t) => t.code === 'THERAPY_WAITS')!;
    assert.equal(waits.comments, 2, 'the corrected comment no longer counts for waits');
    assert.equal(better.themes.find((t) => t.code === 'FAMILY_IMPACT')!.comments, 1);
    const transport = better.themes.find((t) => t.code === 'TRANSPORT')!;
    assert.equal(transport.comments, 2);
    const corrected = transport.quotes.find((q) => q.responseId === 3);
    assert.equal(corrected?.confidence, 1, 'a corrected theme is certain');
    const planComment = result.commentQuestions.find((q) => q.questionId === 'plan_comment')!;
    assert.equal(planComment.answered, 1, 'a comment to a question routing hid is not counted');
    assert.deepEqual(planComment.sentiment, { positive: 0, negative: 0, mixed: 1, neutral: 0 });
    const overallWaits = result.themes.find((t) => t.code === 'THERAPY_WAITS')!;
    assert.equal(overallWaits.comments, 3);
    assert.equal(overallWaits.sentiment.mixed, 1);
    assert.deepEqual(result.themes.map((t) => t.comments), [...result.themes.map((t) => t.comments!)].sort((a, b) => b - a), 'most comments first');
    assert.equal(result.themes.find((t) => t.code === 'ANNUAL_REVIEW'), undefined, 'themes nobody mentioned are left out');
  });

  test('keeps the five most representative redacted quotes per theme: substantive, confident, then short', () => {
    const texts = [
      'wait',
      'The wait for speech therapy has been long and nobody tells us anything at all about it',
      'Sam has had a long wait for speech therapy and it has held back his progress badly',
      'The wait is long for OT and physio too, we were told a year or more',
      'We wait and wait for the speech therapist to come to school',
      'A long wait for the autism assessment meant two years without help',
      'The wait was long, really long, far too long for a child in pain every single day of the week',
      'The wait was long, really long, far too long for a child in pain every single day of the week',
      'long wait',
    ];
    const result = analyse(texts.map((better, id) => ({ id, answers: { better } })));
    const quotes = result.commentQuestions[0].themes.find((t) => t.code === 'THERAPY_WAITS')!.quotes;
    assert.equal(quotes.length, 5);
    assert.ok(quotes.every((q) => q.text.split(' ').length >= 6), 'short answers are not quoted while better ones exist');
    assert.ok(quotes.some((q) => q.text.startsWith('[name] has had')), 'quotes are the redacted text');
    assert.ok(!quotes.some((q) => q.text.includes('Sam')));
    assert.equal(new Set(quotes.map((q) => q.text)).size, 5, 'each text once');
    assert.ok(quotes.every((q) => q.confidence === 0.9), 'the more confident first');
    assert.ok(!quotes.some((q) => q.text.startsWith('We wait and wait')), 'the less confident one is left out');
    const lengths = quotes.map((q) => q.text.length);
    assert.deepEqual(lengths, [...lengths].sort((a, b) => a - b), 'then the shorter');
    const fewer = analyse(texts.slice(3, 5).map((better, id) => ({ id, answers: { better } })));
    assert.deepEqual(
      fewer.commentQuestions[0].themes[0].quotes.map((q) => q.confidence),
      [0.9, 0.6],
    );
  });

  test('memoising the coder codes a repeated text once, and the cache stays bounded', () => {
    let calls = 0;
    const coder = memoiseCoder((text) => {
      calls++;
      return fakeCoding(text);
    }, 3);
    for (let i = 0; i < 1000; i++) coder(i % 2 ? 'no' : 'n/a');
    assert.equal(calls, 2);
    for (const text of ['a', 'b', 'c', 'd']) coder(text);
    coder('no');
    assert.equal(calls, 7, '"no" was pushed out of a cache of three');
    const long = 'x'.repeat(400);
    coder(long);
    coder(long);
    assert.equal(calls, 9, 'long texts are not kept');
  });
});

describe('merging accumulators', () => {
  test('analysing in two parts and merging gives the same result as one pass', () => {
    const responses = Array.from({ length: 300 }, (_, i) => ({
      id: i + 1,
      language: i % 7 === 0 ? 'pl' : 'en',
      answers: {
        age: i % 3 ? 'young' : 'old',
        needs: i % 5 ? ['autism'] : ['adhd', 'other'],
        has_plan: i % 2 ? 'yes' : 'no',
        plan_good: ['agree', 'disagree', 'strongly_agree', 'neither'][i % 4],
        waiting: i % 4 ? ['speech'] : ['ot', 'none'],
        weeks: (i * 37) % 90,
        better: i % 3 ? `The wait was long number ${i % 11} and the bus was late again this week` : 'Nothing',
      } as Answers,
    }));
    const plan = compilePlan(DEFINITION);
    const whole = createAccumulator(plan);
    const first = createAccumulator(plan);
    const second = createAccumulator(plan);
    const source = sourceWith();
    responses.forEach((r, i) => {
      addResponse(plan, whole, r, source);
      addResponse(plan, i % 2 ? first : second, r, source);
    });
    mergeAccumulators(first, structuredClone(second));
    assert.deepEqual(finishAnalysis(plan, first, META), finishAnalysis(plan, whole, META));
  });
});

// ---- Suppression ---------------------------------------------------------------------------

const COUNT_KEYS = new Set(['count', 'base', 'answered', 'shown', 'comments']);

/** Every count in a result, with where it is, found by walking the whole object. */
function countsIn(value: unknown, path = '$', found: { path: string; n: number }[] = []): { path: string; n: number }[] {
  if (Array.isArray(value)) value.forEach((v, i) => countsIn(v, `${path}[${i}]`, found));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const at = `${path}.${key}`;
      if (typeof v === 'number' && (COUNT_KEYS.has(key) || path.endsWith('.sentiment'))) found.push({ path: at, n: v });
      else countsIn(v, at, found);
    }
  }
  return found;
}

function repeat(n: number, answers: Answers): Answers[] {
  return Array.from({ length: n }, () => answers);
}

function analyseAnswers(list: Answers[], languages?: (i: number) => string): AnalysisResult {
  return analyse(list.map((answers, i) => ({ id: i + 1, language: languages?.(i) ?? 'en', answers })));
}

describe('suppressResult', () => {
  test('at the threshold: 9 is hidden, 10 is shown', () => {
    const result = analyseAnswers([...repeat(10, { waiting: ['speech'] }), ...repeat(9, { waiting: ['ot'] }), ...repeat(9, { waiting: ['none'] })]);
    const suppressed = suppressResult(result, 10);
    assert.equal(suppressed.suppressionThreshold, 10);
    assert.equal(result.suppressionThreshold, null, 'the full result is untouched');
    const waiting = question(suppressed, 'waiting');
    assert.equal(waiting.answered, 28);
    assert.deepEqual(countOf(waiting, 'speech'), countOf(question(result, 'waiting'), 'speech'));
    assert.equal(countOf(waiting, 'speech').count, 10);
    assert.deepEqual({ ...countOf(waiting, 'ot') }, { value: 'ot', label: 'OT', count: null, base: null, percent: null, lower: null, upper: null, suppressed: true });
    assert.equal(countOf(question(result, 'waiting'), 'ot').count, 9);
    const nine = question(suppressResult(analyseAnswers(repeat(9, { waiting: ['speech'] })), 10), 'waiting');
    assert.equal(nine.suppressed, true, 'answered by 9');
    const ten = question(suppressResult(analyseAnswers(repeat(10, { has_plan: 'yes' })), 10), 'has_plan');
    assert.equal(ten.suppressed, false, 'answered by 10');
    assert.equal(ten.answered, 10);
  });

  test('a question answered by fewer than the threshold is hidden entirely', () => {
    const result = analyseAnswers([...repeat(9, { has_plan: 'yes', plan_good: 'agree', weeks: 4 }), ...repeat(30, { has_plan: 'no' })]);
    const suppressed = suppressResult(result, 10);
    const planGood = question(suppressed, 'plan_good');
    assert.equal(planGood.suppressed, true);
    assert.equal(planGood.answered, null);
    assert.equal(planGood.shown, null);
    assert.ok(planGood.options!.every((o) => o.suppressed && o.count === null));
    assert.equal(planGood.agreeing!.suppressed, true);
    assert.ok(planGood.breakdowns.every((b) => b.groups.every((g) => g.suppressed && g.answered === null)));
    const weeks = question(suppressed, 'weeks');
    assert.deepEqual(weeks.number, { answered: null, mean: null, median: null, min: null, max: null, suppressed: true });
  });

  test('secondary suppression: one hidden option cannot be worked out from the total', () => {
    const result = analyseAnswers([...repeat(30, { has_plan: 'yes' }), ...repeat(4, { has_plan: 'no' })]);
    const options = question(suppressResult(result, 10), 'has_plan').options!;
    assert.deepEqual(options.map((o) => o.suppressed), [true, true], 'no (4) hidden, so yes (30) is hidden too');
    const three = analyseAnswers([
      ...repeat(12, { has_plan: 'yes', plan_good: 'strongly_agree' }),
      ...repeat(40, { has_plan: 'yes', plan_good: 'neither' }),
      ...repeat(15, { has_plan: 'yes', plan_good: 'disagree' }),
      ...repeat(25, { has_plan: 'yes', plan_good: 'strongly_disagree' }),
      ...repeat(3, { has_plan: 'yes', plan_good: 'dont_know' }),
      ...repeat(20, { has_plan: 'yes', plan_good: 'agree' }),
    ]);
    const planGood = question(suppressResult(three, 10), 'plan_good');
    const hidden = planGood.options!.filter((o) => o.suppressed).map((o) => o.value);
    // "don't know" (3), then the next smallest: strongly agree (12); agree goes with it because the agreeing total is shown.
    assert.deepEqual(hidden.sort(), ['agree', 'dont_know', 'strongly_agree'].sort());
    assert.equal(planGood.agreeing!.count, 32, 'the agreeing total is still shown: it cannot separate the two');
  });

  test('breakdowns: small groups are hidden, with a second group and a second cell so none can be rebuilt', () => {
    const result = analyseAnswers([
      ...repeat(25, { age: 'young', waiting: ['speech'] }),
      ...repeat(15, { age: 'young', waiting: ['ot'] }),
      ...repeat(30, { age: 'old', waiting: ['speech'] }),
      ...repeat(5, { age: 'old', waiting: ['ot'] }),
      ...repeat(12, { age: 'old', waiting: ['none'] }),
      ...repeat(3, { needs: ['adhd'], waiting: ['speech'] }),
      ...repeat(40, { needs: ['autism'], waiting: ['speech'] }),
      ...repeat(20, { needs: ['other'], waiting: ['speech'] }),
    ]);
    const waiting = question(suppressResult(result, 10), 'waiting');
    const byNeeds = waiting.breakdowns.find((b) => b.questionId === 'needs')!;
    assert.deepEqual(
      byNeeds.groups.map((g) => [g.value, g.answered]),
      [['autism', 40], ['adhd', null], ['other', null]],
      'adhd (3) is hidden, and the next smallest group (20) with it',
    );
    const byAge = waiting.breakdowns.find((b) => b.questionId === 'age')!;
    const young = byAge.groups.find((g) => g.value === 'young')!;
    const old = byAge.groups.find((g) => g.value === 'old')!;
    assert.equal(countOf(old as unknown as QuestionResult, 'ot').suppressed, true, '5 is hidden');
    assert.equal(countOf(young as unknown as QuestionResult, 'none').suppressed, true, 'young, none (0) is hidden');
    assert.equal(countOf(young as unknown as QuestionResult, 'ot').suppressed, true, 'the ot column would otherwise give away old, ot');
  });

  test('themes under the threshold lose their figures and quotes; quotes come only from themes shown', () => {
    const result = analyseAnswers([
      ...Array.from({ length: 12 }, (_, i): Answers => ({ better: `The wait for therapy was long, week ${i} of many weeks` })),
      ...Array.from({ length: 4 }, (_, i): Answers => ({ better: `The taxi to school is always so late, day ${i} of the term` })),
    ]);
    assert.equal(result.themes.find((t) => t.code === 'TRANSPORT')!.quotes.length, 4);
    const suppressed = suppressResult(result, 10);
    const transport = suppressed.themes.find((t) => t.code === 'TRANSPORT')!;
    assert.deepEqual(transport, { code: 'TRANSPORT', name: transport.name, comments: null, sentiment: { positive: null, negative: null, mixed: null, neutral: null }, suppressed: true, quotes: [] });
    const waits = suppressed.themes.find((t) => t.code === 'THERAPY_WAITS')!;
    assert.equal(waits.comments, 12);
    assert.equal(waits.quotes.length, 5);
    const better = suppressed.commentQuestions.find((q) => q.questionId === 'better')!;
    assert.equal(better.themes.find((t) => t.code === 'TRANSPORT')!.quotes.length, 0);
    assert.equal(better.answered, 16);
    assert.deepEqual(better.sentiment, { positive: null, negative: 16, mixed: null, neutral: null });
  });

  test('languages under the threshold have no count, and a second one goes when one alone would show', () => {
    const result = analyseAnswers(repeat(60, { has_plan: 'no' }), (i) => (i < 3 ? 'ur' : i < 15 ? 'pl' : 'en'));
    assert.deepEqual(suppressResult(result, 10).languages, [{ code: 'en', count: 45 }, { code: 'pl', count: null }, { code: 'ur', count: null }]);
  });

  test('a routed question shows how many saw it only while the answers that route to it are shown', () => {
    const result = analyseAnswers([...repeat(30, { has_plan: 'yes', plan_good: 'agree' }), ...repeat(5, { has_plan: 'no' })]);
    const suppressed = suppressResult(result, 10);
    assert.equal(question(suppressed, 'plan_good').shown, null, 'shown (30) would give away the hidden "yes"');
    assert.equal(question(suppressed, 'plan_good').answered, 30);
    const open = suppressResult(analyseAnswers([...repeat(30, { has_plan: 'yes', plan_good: 'agree' }), ...repeat(15, { has_plan: 'no' })]), 10);
    assert.equal(question(open, 'plan_good').shown, 30);
  });

  test('no count under the threshold survives anywhere in a suppressed result', () => {
    const list: Answers[] = [];
    const ages = ['young', 'old'];
    const good = ['strongly_agree', 'agree', 'neither', 'disagree', 'strongly_disagree', 'dont_know'];
    const waits = [['speech'], ['ot'], ['none'], ['speech', 'ot']];
    const needs = [['autism'], ['adhd'], ['other'], ['autism', 'adhd']];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 400; i++) {
      list.push({
        age: ages[next(2) && next(3) ? 0 : 1],
        needs: needs[next(9) < 6 ? 0 : next(4)],
        has_plan: next(5) ? 'yes' : 'no',
        plan_good: good[Math.min(5, next(12) % 7)],
        plan_easy: next(3) ? 'agree' : 'not_sure',
        waiting: waits[next(11) < 8 ? 0 : next(4)],
        weeks: next(60),
        better: next(4) ? ['The wait is long', 'The bus is late', 'Good school but a long wait', 'Nothing to add'][next(4)] : '',
        plan_comment: next(7) ? 'The taxi is late every day and the wait goes on' : 'A great plan',
      });
    }
    const result = analyseAnswers(list, (i) => ['en', 'en', 'en', 'pl', 'so'][i % 5] + (i % 97 === 0 ? 'x' : ''));
    const before = countsIn(result);
    assert.ok(before.some((c) => c.n > 0 && c.n < 10), 'the full result has small figures to hide');
    for (const threshold of [5, 10, 25]) {
      const suppressed = suppressResult(result, threshold);
      const small = countsIn(suppressed).filter((c) => c.n < threshold);
      assert.deepEqual(small, [], `threshold ${threshold}`);
      assert.ok(countsIn(suppressed).length > 20, 'figures at or over the threshold remain');
    }
  });
});
