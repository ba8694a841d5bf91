// The triangulation's rules: cells from counts, which criteria are thin or from one kind of source
// and why, how plan review grades count, and survey figures in words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PLAN_REVIEW_INSTRUMENT } from '../cases/plan-review-instrument.ts';
import type { CriterionGroup } from '../frameworks/framework.ts';
import { EVIDENCE_SOURCES, THIN_EVIDENCE_MINIMUM } from './evidence.ts';
import {
  GRADE_POLARITY,
  buildMatrix,
  cellInWords,
  excerpt,
  gradePolarity,
  highlightsOf,
  noteCounts,
  questionFigures,
  reviewCounts,
  trackingNoteCounts,
  type CellCounts,
  type EvidenceCount,
} from './triangulation.ts';

/** Two groups of criteria, shaped as a framework's: only the fields the matrix reads matter. */
const GROUPS = [
  {
    code: 'impact',
    title: 'Impact',
    criteria: [
      { code: 'I1', heading: 'Children are heard' },
      { code: 'I2', heading: 'Needs are identified' },
    ],
  },
  { code: 'leadership', title: 'Leadership', criteria: [{ code: 'L1', heading: 'Leaders have ambition' }] },
] as unknown as CriterionGroup[];

function cells(partial: Partial<Record<(typeof EVIDENCE_SOURCES)[number], number>>): Record<(typeof EVIDENCE_SOURCES)[number], CellCounts> {
  return Object.fromEntries(EVIDENCE_SOURCES.map((s) => [s, { total: partial[s] ?? 0, strengths: 0, concerns: 0 }])) as Record<(typeof EVIDENCE_SOURCES)[number], CellCounts>;
}

test('notes fall in the column of their source, with strengths and concerns counted apart from the total', () => {
  const counts = noteCounts([
    { criterion: 'I1', sourceKind: 'activity', polarity: 'strength', count: 4 },
    { criterion: 'I1', sourceKind: 'activity', polarity: 'concern', count: 2 },
    { criterion: 'I1', sourceKind: 'activity', polarity: 'neutral', count: 1 },
    { criterion: 'I1', sourceKind: 'tracked_case', polarity: 'concern', count: 1 },
    { criterion: 'I1', sourceKind: 'reviewed_plan', polarity: 'strength', count: 1 },
    { criterion: 'I1', sourceKind: 'survey', polarity: 'neutral', count: 3 },
    { criterion: 'I1', sourceKind: 'data', polarity: 'concern', count: 5 },
  ]);
  const row = buildMatrix(GROUPS, counts).groups[0]!.rows[0]!;
  assert.deepEqual(row.cells.fieldwork, { total: 7, strengths: 4, concerns: 2 });
  assert.deepEqual(row.cells.tracking, { total: 1, strengths: 0, concerns: 1 });
  assert.deepEqual(row.cells.case_review, { total: 1, strengths: 1, concerns: 0 });
  assert.deepEqual(row.cells.survey, { total: 3, strengths: 0, concerns: 0 });
  assert.deepEqual(row.cells.data, { total: 5, strengths: 0, concerns: 5 });
  assert.deepEqual(row.total, { total: 17, strengths: 5, concerns: 8 });
  assert.deepEqual(row.highlights, []);
});

test('an unknown source or polarity is left out rather than miscounted', () => {
  assert.deepEqual(noteCounts([{ criterion: 'I1', sourceKind: 'rumour', polarity: 'strength', count: 2 }, { criterion: 'I1', sourceKind: 'data', polarity: 'maybe', count: 2 }]), []);
});

test('tracking notes count in the tracking column’s total only; plan reviews by their grade', () => {
  const counts: EvidenceCount[] = [
    ...trackingNoteCounts({ I2: 3 }),
    ...reviewCounts([
      { criterion: 'I2', grade: 'outstanding', count: 1 },
      { criterion: 'I2', grade: 'good', count: 2 },
      { criterion: 'I2', grade: 'requires_improvement', count: 3 },
      { criterion: 'I2', grade: 'inadequate', count: 1 },
      { criterion: 'I2', grade: null, count: 1 },
    ]),
  ];
  const row = buildMatrix(GROUPS, counts).groups[0]!.rows[1]!;
  assert.deepEqual(row.cells.tracking, { total: 3, strengths: 0, concerns: 0 });
  assert.deepEqual(row.cells.case_review, { total: 8, strengths: 3, concerns: 4 });
});

test('every grade of the review instrument is read one way or the other; anything else is neither', () => {
  for (const grade of PLAN_REVIEW_INSTRUMENT.grades) assert.ok(grade.code in GRADE_POLARITY, `${grade.code} has a polarity`);
  // The instrument lists its grades best first: the better half are strengths, the worse half concerns.
  assert.deepEqual(
    PLAN_REVIEW_INSTRUMENT.grades.map((g) => gradePolarity(g.code)),
    ['strength', 'strength', 'concern', 'concern'],
  );
  assert.equal(gradePolarity('satisfactory'), 'neutral');
  assert.equal(gradePolarity(null), 'neutral');
  assert.equal(gradePolarity('toString'), 'neutral', 'names of object properties are not grades');
});

test('a criterion with fewer items than the minimum is thin, saying how many there are', () => {
  assert.equal(THIN_EVIDENCE_MINIMUM, 3);
  assert.deepEqual(highlightsOf(cells({})), [{ kind: 'thin', label: 'Thin evidence', reason: 'No evidence yet' }]);
  assert.deepEqual(
    highlightsOf(cells({ survey: 1, data: 1 })).map((h) => h.reason),
    ['Only 2 items of evidence'],
  );
  assert.deepEqual(
    highlightsOf(cells({ fieldwork: 1 })).map((h) => [h.kind, h.reason]),
    [
      ['thin', 'Only 1 item of evidence'],
      ['single_source', 'Evidence from fieldwork notes only'],
    ],
  );
  assert.deepEqual(highlightsOf(cells({ survey: 2, data: 1 })), []);
});

test('a criterion whose evidence is all from one kind of source is highlighted, however much there is', () => {
  const [highlight] = highlightsOf(cells({ case_review: 40 }));
  assert.deepEqual(highlight, { kind: 'single_source', label: 'One kind of source', reason: 'Evidence from case reviews only' });
  assert.equal(highlightsOf(cells({ data: 5 }))[0]!.reason, 'Evidence from performance data only');
});

test('the matrix keeps the framework’s groups and order, ignores codes it does not have, and lists the highlighted rows', () => {
  const m = buildMatrix(GROUPS, [
    { criterion: 'I1', source: 'survey', polarity: 'strength', count: 2 },
    { criterion: 'I1', source: 'data', polarity: 'concern', count: 2 },
    { criterion: 'Z9', source: 'data', polarity: 'concern', count: 9 },
    { criterion: 'L1', source: 'fieldwork', polarity: 'neutral', count: 5 },
  ]);
  assert.deepEqual(
    m.groups.map((g) => [g.title, g.rows.map((r) => r.code)]),
    [
      ['Impact', ['I1', 'I2']],
      ['Leadership', ['L1']],
    ],
  );
  assert.deepEqual(
    m.highlighted.map((r) => [r.code, r.highlights.map((h) => h.kind)]),
    [
      ['I2', ['thin']],
      ['L1', ['single_source']],
    ],
  );
});

test('cells and excerpts read as plain English', () => {
  assert.equal(cellInWords({ total: 7, strengths: 4, concerns: 2 }), '7 items: 4 strengths, 2 concerns');
  assert.equal(cellInWords({ total: 1, strengths: 1, concerns: 0 }), '1 item: 1 strength, 0 concerns');
  assert.equal(cellInWords({ total: 0, strengths: 0, concerns: 0 }), 'No items');
  assert.deepEqual(excerpt('Short  note\n\nover lines'), { text: 'Short note over lines', cut: false });
  const long = excerpt(`${'word '.repeat(100)}end`, 300);
  assert.ok(long.cut && long.text.endsWith('word…') && long.text.length <= 301, long.text);
});

test('survey figures in words, suppressed as the summary is', () => {
  const agreement = { type: 'agreement', answered: 812, suppressed: false, agreeing: { count: 333, base: 812, percent: 41.01, suppressed: false } };
  assert.deepEqual(questionFigures(agreement, 10), ['Agree or strongly agree: 41% of 812 answers']);
  assert.deepEqual(questionFigures({ ...agreement, agreeing: { count: null, base: null, percent: null, suppressed: true } }, 10), ['Agree or strongly agree: not shown (fewer than 10 answers)']);
  assert.deepEqual(questionFigures({ type: 'agreement', answered: null, suppressed: true }, 10), ['Fewer than 10 people answered this question, so its figures are not shown.']);
  assert.deepEqual(questionFigures({ type: 'single', answered: 0, suppressed: false }, 10), ['Nobody has answered this question yet.']);
  assert.deepEqual(
    questionFigures(
      {
        type: 'single',
        answered: 50,
        suppressed: false,
        options: [
          { label: 'Yes', count: 45, base: 50, percent: 90, suppressed: false },
          { label: 'No', count: null, base: 50, percent: null, suppressed: true },
        ],
      },
      10,
    ),
    ['Yes: 90% of 50 answers', 'No: not shown (fewer than 10 answers)'],
  );
  assert.deepEqual(questionFigures({ type: 'number', answered: 30, suppressed: false, number: { answered: 30, mean: 4.26, median: 4, suppressed: false } }, 10), ['Average 4.3, median 4, from 30 answers']);
});
