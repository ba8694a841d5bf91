import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AnalysisResult, Figure, OptionFigure, QuestionResult, ThemeResult } from './survey-analysis.ts';
import {
  baseText,
  breakdownChoices,
  commentQuestionView,
  confidenceInWords,
  fewerThan,
  formatFigure,
  headlineSentences,
  inspectionThemesView,
  optionBars,
  questionView,
  routingCondition,
  summaryView,
  topQuotes,
} from './survey-results-view.ts';
import type { SurveyDefinition } from './survey.ts';

function figure(count: number, base: number): Figure {
  const p = count / base;
  const z = 1.96;
  const centre = (p + (z * z) / (2 * base)) / (1 + (z * z) / base);
  const half = ((z / (1 + (z * z) / base)) * Math.sqrt((p * (1 - p)) / base + (z * z) / (4 * base * base)));
  return { count, base, percent: p * 100, lower: (centre - half) * 100, upper: (centre + half) * 100, suppressed: false };
}

const HIDDEN: Figure = { count: null, base: null, percent: null, lower: null, upper: null, suppressed: true };

function option(value: string, label: string, f: Figure): OptionFigure {
  return { ...f, value, label };
}

const definition: Pick<SurveyDefinition, 'questions'> = {
  questions: [
    { id: 'support_level', type: 'single', text: 'Does your child have an EHC plan?', required: true, aboutYou: 'support_level', criteria: [], translations: {}, options: [{ value: 'ehc_plan', label: 'Yes, an EHC plan' }, { value: 'assessment_underway', label: 'An assessment is under way' }, { value: 'none', label: 'No' }] },
    { id: 'plan_accurate', type: 'agreement', text: "My child's EHC plan is accurate.", required: false, criteria: ['I2'], translations: {}, showIf: { question: 'support_level', anyOf: ['ehc_plan', 'assessment_underway'] } },
  ],
};

const planAccurate: QuestionResult = {
  questionId: 'plan_accurate',
  text: "My child's EHC plan is accurate.",
  type: 'agreement',
  criteria: ['I2'],
  shown: 420,
  answered: 400,
  suppressed: false,
  options: [
    option('strongly_agree', 'Strongly agree', figure(60, 400)),
    option('agree', 'Agree', figure(124, 400)),
    option('neither', 'Neither agree nor disagree', figure(80, 400)),
    option('disagree', 'Disagree', figure(100, 400)),
    option('strongly_disagree', 'Strongly disagree', figure(36, 400)),
    option('dont_know', "Don't know", figure(0, 400)),
  ],
  agreeing: figure(184, 400),
  breakdowns: [
    {
      dimension: 'support_level',
      questionId: 'support_level',
      label: 'EHC plan or SEN support',
      groups: [
        { value: 'ehc_plan', label: 'Yes, an EHC plan', answered: 300, suppressed: false, options: [], agreeing: figure(150, 300) },
        { value: 'assessment_underway', label: 'An assessment is under way', answered: 100, suppressed: false, options: [], agreeing: figure(34, 100) },
      ],
    },
  ],
};

/** The figures an SVG chart prints at the ends of its bars, in order. */
function chartFigures(svg: string): string[] {
  return [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+">(\d+%)<\/text>/g)].map((m) => m[1]!);
}

describe('figures in words', () => {
  test('a percentage reads with its interval, a suppressed one with the threshold', () => {
    assert.equal(formatFigure(figure(46, 100), null), '46% (37% to 56%)');
    assert.equal(formatFigure(HIDDEN, 10), 'Fewer than 10 responses');
    assert.equal(formatFigure(HIDDEN, 5), 'Fewer than 5 responses');
    assert.equal(fewerThan(10, 'people'), 'Fewer than 10 people');
  });

  test('a routed question says why its base is smaller', () => {
    const routing = routingCondition(definition, 'plan_accurate');
    assert.equal(routing, 'asked only if the answer to “Does your child have an EHC plan?” was “Yes, an EHC plan” or “An assessment is under way”');
    assert.equal(routingCondition(definition, 'support_level'), undefined);
    assert.equal(baseText(planAccurate, 995, routing, null), `Answered by 400 of 995 respondents; ${routing} (420 were asked it).`);
    assert.equal(baseText({ ...planAccurate, answered: 812 }, 995, undefined, null), 'Answered by 812 of 995 respondents.');
    assert.equal(baseText({ ...planAccurate, answered: null, suppressed: true }, 995, undefined, 10), 'Answered by fewer than 10 respondents.');
  });

  test('suppressed bars say so in the chart and carry no figure', () => {
    const bars = optionBars([option('a', 'A', figure(20, 40)), option('b', 'B', HIDDEN)], 10);
    assert.equal(bars[0]!.value, 50);
    assert.deepEqual(bars[1], { label: 'B', value: null, note: 'fewer than 10 responses' });
  });

  test('confidence in words', () => {
    assert.equal(confidenceInWords(0.9, false), 'likely');
    assert.equal(confidenceInWords(0.5, false), 'likely');
    assert.equal(confidenceInWords(0.4, false), 'possible');
    assert.equal(confidenceInWords(1, true), 'chosen by an inspector');
  });
});

describe('a closed question', () => {
  test('its chart shows the same percentages as its table, with counts and intervals', () => {
    const view = questionView(planAccurate, { definition, responseCount: 995, threshold: null, idPrefix: 'q' });
    assert.ok(view.chart);
    const tablePercents = view.table!.rows.map((row) => row[2]!.text);
    assert.deepEqual(chartFigures(view.chart.svg), tablePercents);
    assert.deepEqual(view.table!.rows[1]!.map((c) => c.text), ['Agree', '124', '31%', '27% to 36%']);
    assert.equal(view.agreeing, 'Agreeing (strongly agree or agree): 46% (41% to 51%).');
    assert.match(view.chart.svg, /id="q-plan_accurate-title"/);
    assert.deepEqual(view.criteria, ['I2']);
  });

  test('a breakdown gives each group its size and share agreeing', () => {
    const view = questionView(planAccurate, { definition, responseCount: 995, threshold: null, idPrefix: 'q', breakdownBy: 'support_level' });
    assert.deepEqual(view.breakdown!.head.map((c) => c.text), ['EHC plan or SEN support', 'Answered', 'Agreeing', '95% interval']);
    assert.equal(view.breakdown!.caption, "Answers to “My child's EHC plan is accurate.” by EHC plan or SEN support");
    assert.deepEqual(view.breakdown!.rows.map((r) => r.map((c) => c.text)), [
      ['Yes, an EHC plan', '300', '50%', '44% to 56%'],
      ['An assessment is under way', '100', '34%', '25% to 44%'],
    ]);
    assert.deepEqual(breakdownChoices(definition), [{ value: 'support_level', text: 'EHC plan or SEN support' }]);
  });

  test('a choice breakdown has a column per answer, and a suppressed group no figures', () => {
    const question: QuestionResult = {
      questionId: 'overall', text: 'Overall?', type: 'single', criteria: [], shown: 50, answered: 50, suppressed: false,
      options: [option('good', 'Good', figure(30, 50)), option('poor', 'Poor', figure(20, 50))],
      breakdowns: [{ dimension: 'age_phase', questionId: 'age', label: 'Age or phase of education', groups: [
        { value: 'young', label: 'Under 5', answered: 42, suppressed: false, options: [option('good', 'Good', figure(28, 42)), option('poor', 'Poor', figure(14, 42))] },
        { value: 'old', label: '16 to 18', answered: null, suppressed: true, options: [option('good', 'Good', HIDDEN), option('poor', 'Poor', HIDDEN)] },
      ] }],
    };
    const view = questionView(question, { definition, responseCount: 50, threshold: 10, idPrefix: 'q', breakdownBy: 'age' });
    assert.deepEqual(view.breakdown!.head.map((c) => c.text), ['Age or phase of education', 'Answered', 'Good', 'Poor']);
    assert.deepEqual(view.breakdown!.rows[0]!.map((c) => c.text), ['Under 5', '42', '67%', '33%']);
    assert.deepEqual(view.breakdown!.rows[1], [{ text: '16 to 18' }, { text: 'Fewer than 10 responses', colspan: 3 }]);
  });

  test('a suppressed question shows no chart, table or figure', () => {
    const hidden: QuestionResult = { ...planAccurate, shown: null, answered: null, suppressed: true, options: planAccurate.options!.map((o) => ({ ...o, ...HIDDEN })), agreeing: HIDDEN };
    const view = questionView(hidden, { definition, responseCount: 9, threshold: 10, idPrefix: 's' });
    assert.equal(view.chart, undefined);
    assert.equal(view.table, undefined);
    assert.equal(view.suppressedText, 'Fewer than 10 people answered this question, so its figures are not shown.');
  });

  test('a question nobody has answered, or a group with no answers, says so rather than showing empty figures', () => {
    const empty: QuestionResult = { ...planAccurate, answered: 0, options: planAccurate.options!.map((o) => ({ ...o, count: 0, base: 0, percent: null, lower: null, upper: null })), agreeing: undefined, breakdowns: [] };
    const view = questionView(empty, { definition, responseCount: 40, threshold: null, idPrefix: 'q' });
    assert.equal(view.chart, undefined);
    assert.equal(view.suppressedText, 'Nobody has answered this question yet.');
    const withEmptyGroup: QuestionResult = {
      ...planAccurate,
      breakdowns: [{ ...planAccurate.breakdowns[0]!, groups: [{ value: 'none', label: 'No', answered: 0, suppressed: false, options: [], agreeing: { ...HIDDEN, suppressed: false } }] }],
    };
    const rows = questionView(withEmptyGroup, { definition, responseCount: 995, threshold: null, idPrefix: 'q', breakdownBy: 'support_level' }).breakdown!.rows;
    assert.deepEqual(rows, [[{ text: 'No' }, { text: '0', format: 'numeric' }, { text: 'No answers from this group', colspan: 2 }]]);
  });

  test('a number question has its mean, median and range', () => {
    const question: QuestionResult = { questionId: 'years', text: 'Years waiting', type: 'number', criteria: [], shown: 30, answered: 30, suppressed: false, number: { answered: 30, mean: 2.456, median: 2, min: 0, max: 7, suppressed: false }, breakdowns: [] };
    const view = questionView(question, { definition, responseCount: 30, threshold: null, idPrefix: 'q' });
    assert.deepEqual(view.numberTable!.rows.map((r) => r.map((c) => c.text)), [['Answered', '30'], ['Mean (average)', '2.5'], ['Median (middle value)', '2'], ['Lowest', '0'], ['Highest', '7']]);
  });
});

function theme(code: ThemeResult['code'], name: string, comments: number, quotes: [number, number][] = []): ThemeResult {
  return {
    code, name, comments, suppressed: false,
    sentiment: { positive: Math.floor(comments / 3), negative: comments - Math.floor(comments / 3), mixed: 0, neutral: 0 },
    quotes: quotes.map(([responseId, confidence]) => ({ responseId, questionId: 'better', text: `Quote ${responseId}`, sentiment: 'negative', confidence })),
  };
}

describe('comments and themes', () => {
  test('a free-text question lists its themes with shares and links, and quotes each comment once', () => {
    const view = commentQuestionView(
      { questionId: 'better', text: 'What could be better?', answered: 200, sentiment: { positive: 50, negative: 120, mixed: 20, neutral: 10 }, themes: [theme('EHCNA_TIMELINESS', 'Timeliness', 80, [[1, 0.9], [2, 0.6]]), theme('TRANSPORT', 'Transport', 20, [[1, 0.8], [3, 0.7]]), theme('ALT_PROVISION', 'AP', 0)] },
      (q, t) => `/c?question=${q}${t ? `&theme=${t}` : ''}`,
      null,
    );
    assert.equal(view.answered, '200 people wrote a comment.');
    assert.equal(view.sentiment, '50 positive, 120 negative, 20 mixed, 10 neutral.');
    assert.equal(view.themes.rows.length, 2);
    assert.equal(view.themes.rows[0]![0]!.html, '<a class="govuk-link" href="/c?question=better&amp;theme=EHCNA_TIMELINESS">Timeliness</a>');
    assert.deepEqual(view.themes.rows[0]!.slice(1).map((c) => c.text), ['80', '40%', '26', '54']);
    assert.deepEqual(view.quotes.map((q) => q.text), ['Quote 1', 'Quote 3', 'Quote 2']);
  });

  test('quotes of suppressed themes are never chosen', () => {
    const hidden = { ...theme('TRANSPORT', 'Transport', 0, [[9, 0.99]]), comments: null, suppressed: true };
    assert.deepEqual(topQuotes([hidden, theme('COMMUNICATION', 'Communication', 12, [[4, 0.5]])], 3).map((q) => q.text), ['Quote 4']);
  });

  test("themes across the inspection's surveys add up by audience, most comments first", () => {
    const result = (audience: AnalysisResult['audience'], themes: ThemeResult[]): AnalysisResult => ({
      surveyId: audience, audience, responseCount: 100, computedAt: '2026-11-20T10:00:00Z', suppressionThreshold: null, questions: [], commentQuestions: [], themes, languages: [],
    });
    const view = inspectionThemesView([
      { audience: 'practitioners', result: result('practitioners', [theme('TRANSPORT', 'Transport', 5, [[7, 0.95]])]) },
      { audience: 'parents_carers', result: result('parents_carers', [theme('TRANSPORT', 'Transport', 30, [[1, 0.5]]), theme('COMMUNICATION', 'Communication', 12)]) },
    ]);
    assert.deepEqual(view.audiences, ['parents_carers', 'practitioners']);
    assert.deepEqual(view.rows.map((r) => [r.code, r.total]), [['TRANSPORT', 35], ['COMMUNICATION', 12]]);
    assert.deepEqual(view.rows[0]!.byAudience, [{ audience: 'parents_carers', comments: 30 }, { audience: 'practitioners', comments: 5 }]);
    assert.equal(view.rows[0]!.quotes[0]!.audience, 'Practitioners');
    assert.deepEqual(view.table.rows[0]!.map((c) => c.text), ['Home-to-school and college transport', '30', '5', '35', '11', '24']);
    assert.match(view.chart!.svg, />35<\/text>/);
  });
});

describe('the summary', () => {
  const base: AnalysisResult = {
    surveyId: 's', audience: 'parents_carers', responseCount: 995, computedAt: '2026-11-20T10:00:00Z', suppressionThreshold: 10,
    questions: [planAccurate], commentQuestions: [], themes: [theme('TRANSPORT', 'Transport', 30, [[1, 0.9], [2, 0.8], [3, 0.7]])], languages: [],
  };

  test('headline figures read as plain English', () => {
    assert.deepEqual(headlineSentences(base, 10), ['46% of parents and carers who answered agreed that “my child\'s EHC plan is accurate”.']);
    const hidden = { ...base, questions: [{ ...planAccurate, agreeing: HIDDEN }] };
    assert.deepEqual(headlineSentences(hidden, 10), ['The figures for the statement are not shown, because fewer than 10 parents and carers answered or agreed.']);
    const mixed = { ...base, questions: [planAccurate, { ...planAccurate, questionId: 'b', suppressed: true }, { ...planAccurate, questionId: 'c', agreeing: HIDDEN }] };
    assert.deepEqual(headlineSentences(mixed, 10), [
      '46% of parents and carers who answered agreed that “my child\'s EHC plan is accurate”.',
      'The figures for 2 other statements are not shown, because fewer than 10 parents and carers answered or agreed.',
    ]);
  });

  test('a response count under the threshold is not given', () => {
    assert.equal(summaryView({ ...base, responseCount: 9 }, definition, 10).responses, 'Fewer than 10 parents and carers answered the survey.');
    assert.equal(summaryView(base, definition, 10).responses, '995 parents and carers answered the survey.');
  });

  test('themes come with at most two quotes each, each comment quoted once where it can be', () => {
    const view = summaryView({ ...base, themes: [...base.themes, theme('COMMUNICATION', 'Communication', 20, [[1, 0.9], [2, 0.8]])] }, definition, 10);
    assert.deepEqual(view.themes, [
      { name: 'Transport', comments: '30', quotes: [{ text: 'Quote 1', theme: 'Transport', sentiment: 'Negative' }, { text: 'Quote 2', theme: 'Transport', sentiment: 'Negative' }] },
      { name: 'Communication', comments: '20', quotes: [{ text: 'Quote 1', theme: 'Communication', sentiment: 'Negative' }] },
    ]);
  });
});
