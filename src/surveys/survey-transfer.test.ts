// Unit tests of moving responses in and out: matching headings and answers, turning rows into
// answers with plain-English problems, hand-written mappings, and the rows of each export.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { figureOf, type AnalysisResult } from './survey-analysis.ts';
import {
  checkRow,
  compileImportPlan,
  describeProblem,
  detectDelimiter,
  exportFileName,
  headingRowEnd,
  mappingFromJson,
  mappingProblems,
  matchChoice,
  matchLanguage,
  normaliseText,
  parseSubmittedTime,
  parseTargetKey,
  rawColumns,
  rawRecord,
  resultRecords,
  similarity,
  splitMultiple,
  suggestMapping,
  targetKey,
  unguardCell,
  unmatchedChoices,
  type ColumnTarget,
  type ImportMapping,
} from './survey-transfer.ts';
import { surveyDefinitionSchema, type Question, type SurveyDefinition } from './survey.ts';

const DEFINITION: SurveyDefinition = surveyDefinitionSchema.parse({
  title: 'Parents and carers',
  introduction: 'Tell us about support for your child.',
  questions: [
    {
      id: 'age_phase',
      type: 'single',
      text: 'How old is your child?',
      required: true,
      aboutYou: 'age_phase',
      options: [
        { value: 'age_0_4', label: '0 to 4' },
        { value: 'age_5_10', label: '5 to 10' },
        { value: 'age_11_15', label: '11 to 15' },
      ],
      translations: { ur: { text: 'آپ کے بچے کی عمر کیا ہے؟', options: { age_0_4: '۰ سے ۴', age_5_10: '۵ سے ۱۰', age_11_15: '۱۱ سے ۱۵' } } },
    },
    {
      id: 'need_type',
      type: 'multiple',
      text: "What are your child's main needs?",
      options: [
        { value: 'autism', label: 'Autism' },
        { value: 'adhd', label: 'ADHD' },
        { value: 'speech_language', label: 'Speech, language and communication' },
      ],
    },
    { id: 'right_help', type: 'agreement', text: 'My child gets the right help at the right time.', required: true },
    {
      id: 'has_plan',
      type: 'single',
      text: 'Does your child have an EHC plan?',
      options: [
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ],
    },
    { id: 'plan_accurate', type: 'agreement', text: "My child's EHC plan describes their needs.", showIf: { question: 'has_plan', anyOf: ['yes'] } },
    { id: 'wait_weeks', type: 'number', text: 'How many weeks did you wait for an assessment?', min: 0, max: 200 },
    { id: 'what_could_be_better', type: 'text', text: 'What could be better?', maxLength: 40 },
  ],
});

function question(id: string): Question {
  return DEFINITION.questions.find((q) => q.id === id)!;
}

function mapping(columns: ColumnTarget[], values: ImportMapping['values'] = {}): ImportMapping {
  return { columns, values };
}

const q = (questionId: string): ColumnTarget => ({ kind: 'question', questionId });

describe('matching headings', () => {
  test('normalising ignores case, accents, apostrophes and punctuation', () => {
    assert.equal(normaliseText("  What are your Child’s main  needs?! "), 'what are your childs main needs');
    assert.equal(normaliseText('Café – crèche'), 'cafe creche');
    assert.equal(normaliseText("Don't know"), normaliseText('dont_know'));
  });

  test('likeness is 1 for the same text, high for small differences and low for another question', () => {
    assert.equal(similarity('how old is your child', 'how old is your child'), 1);
    assert.ok(similarity('how old is your childs', 'how old is your child') > 0.9);
    assert.ok(similarity('how old is your child', 'what could be better') < 0.4);
    assert.equal(similarity('', 'anything'), 0);
  });

  test('wording matches whatever its numbering, case and punctuation; ids and meta columns are recognised', () => {
    const headings = ['Respondent ID', 'Q1. HOW OLD IS YOUR CHILD', 'my child gets the right help at the right time', 'Completion time', 'Language', 'what_could_be_better', 'Favourite colour'];
    const columns = suggestMapping(DEFINITION, headings);
    assert.deepEqual(columns, [{ kind: 'ignore' }, q('age_phase'), q('right_help'), { kind: 'submitted' }, { kind: 'language' }, q('what_could_be_better'), { kind: 'ignore' }]);
  });

  test("this service's own export headings match exactly, options of a multiple choice included", () => {
    const headings = rawColumns(DEFINITION).map((c) => c.header);
    const columns = suggestMapping(DEFINITION, headings);
    assert.deepEqual(columns.slice(0, 5), [{ kind: 'ignore' }, { kind: 'submitted' }, { kind: 'ignore' }, { kind: 'language' }, { kind: 'ignore' }]);
    assert.deepEqual(columns[5], q('age_phase'));
    assert.deepEqual(columns.slice(6, 9), [
      { kind: 'option', questionId: 'need_type', value: 'autism' },
      { kind: 'option', questionId: 'need_type', value: 'adhd' },
      { kind: 'option', questionId: 'need_type', value: 'speech_language' },
    ]);
    assert.deepEqual(columns.at(-1), q('what_could_be_better'));
  });

  test('an option heading in another tool\'s words matches the option, and each question goes to one column only', () => {
    const columns = suggestMapping(DEFINITION, ["What are your child's main needs? - Autism", 'How old is your child?', 'How old is your child?']);
    assert.deepEqual(columns, [{ kind: 'option', questionId: 'need_type', value: 'autism' }, q('age_phase'), { kind: 'ignore' }]);
  });

  test('headings that match nothing leave every column ignored', () => {
    const columns = suggestMapping(DEFINITION, ['Name', 'Postcode', 'Shoe size']);
    assert.ok(columns.every((c) => c.kind === 'ignore'));
    assert.deepEqual(mappingProblems(DEFINITION, ['Name', 'Postcode', 'Shoe size'], columns), [{ column: null, message: 'Match at least one column to a question of the survey' }]);
  });

  test('a question in two columns, or as a whole and by option, is a problem naming both columns', () => {
    const problems = mappingProblems(DEFINITION, ['Age', 'Age again', 'Needs', 'Autism'], [q('age_phase'), q('age_phase'), q('need_type'), { kind: 'option', questionId: 'need_type', value: 'autism' }]);
    assert.equal(problems.length, 2);
    assert.equal(problems[0]!.column, 1);
    assert.match(problems[0]!.message, /Column ‘Age again’ is matched to the same thing as column ‘Age’/);
    assert.equal(problems[1]!.column, 3);
    assert.deepEqual(mappingProblems(DEFINITION, ['A', 'B'], [{ kind: 'option', questionId: 'need_type', value: 'autism' }, { kind: 'option', questionId: 'need_type', value: 'adhd' }]), []);
  });

  test('form keys name targets and round-trip; an unknown key names nothing', () => {
    for (const target of [q('age_phase'), { kind: 'option', questionId: 'need_type', value: 'adhd' } as const, { kind: 'language' } as const, { kind: 'ignore' } as const]) {
      assert.deepEqual(parseTargetKey(DEFINITION, targetKey(target)), target);
    }
    assert.equal(parseTargetKey(DEFINITION, 'q:no_such_question'), undefined);
    assert.equal(parseTargetKey(DEFINITION, 'o:age_phase:age_0_4'), undefined, 'single choices have no option columns');
  });
});

describe('matching answers', () => {
  test('answers match by value or label, whatever the case or punctuation, and by translation', () => {
    assert.equal(matchChoice(question('right_help'), 'Strongly Agree'), 'strongly_agree');
    assert.equal(matchChoice(question('right_help'), 'strongly_agree'), 'strongly_agree');
    assert.equal(matchChoice(question('right_help'), 'DONT KNOW'), 'dont_know');
    assert.equal(matchChoice(question('age_phase'), '۵ سے ۱۰'), 'age_5_10');
    assert.equal(matchChoice(question('age_phase'), '12-15'), undefined);
  });

  test('a multiple-choice cell splits on semicolons, or on commas when nothing else splits it, keeping labels that hold commas', () => {
    const needs = question('need_type');
    assert.deepEqual(splitMultiple(needs, 'Autism;ADHD;'), ['Autism', 'ADHD']);
    assert.deepEqual(splitMultiple(needs, 'Autism, ADHD'), ['Autism', 'ADHD']);
    assert.deepEqual(splitMultiple(needs, 'Speech, language and communication'), ['Speech, language and communication']);
    assert.deepEqual(splitMultiple(needs, 'Speech, language and communication;Autism'), ['Speech, language and communication', 'Autism']);
  });

  test('unmatched answers are listed once each with their rows, most common first', () => {
    const listed = unmatchedChoices(question('need_type'), [
      { text: 'Autism;Dyslexia', rows: 3 },
      { text: 'dyslexia', rows: 2 },
      { text: 'Hearing', rows: 1 },
      { text: 'ADHD', rows: 9 },
      { text: '', rows: 4 },
    ]);
    assert.deepEqual(listed, [
      { text: 'Dyslexia', rows: 5 },
      { text: 'Hearing', rows: 1 },
    ]);
  });

  test('languages by code, English name or own name', () => {
    assert.equal(matchLanguage('ur'), 'ur');
    assert.equal(matchLanguage('Urdu'), 'ur');
    assert.equal(matchLanguage('اردو'), 'ur');
    assert.equal(matchLanguage('Klingon'), undefined);
  });

  test('times in ISO or UK form; UK times without a zone are UK clock time, summer or winter', () => {
    assert.equal(parseSubmittedTime('2026-11-24T14:30:00Z')!.toISOString(), '2026-11-24T14:30:00.000Z');
    assert.equal(parseSubmittedTime('2026-07-01 09:15')!.toISOString(), '2026-07-01T08:15:00.000Z');
    assert.equal(parseSubmittedTime('24/11/2026 14:30')!.toISOString(), '2026-11-24T14:30:00.000Z');
    assert.equal(parseSubmittedTime('1/7/2026')!.toISOString(), '2026-06-30T23:00:00.000Z');
    assert.equal(parseSubmittedTime('2026-07-01T09:15:00+0200')!.toISOString(), '2026-07-01T07:15:00.000Z');
    assert.equal(parseSubmittedTime('31/02/2026'), undefined);
    assert.equal(parseSubmittedTime('yesterday'), undefined);
  });

  test("the export's formula guard comes off on import, and only the guard", () => {
    assert.equal(unguardCell("'-5 days"), '-5 days');
    assert.equal(unguardCell("'=SUM(A1)"), '=SUM(A1)');
    assert.equal(unguardCell("'tis the season"), "'tis the season");
  });
});

describe('checking rows', () => {
  const headings = ['Age', 'Autism', 'ADHD', 'Help', 'Plan', 'Plan accurate', 'Weeks', 'Better', 'Language', 'Sent'];
  const columns: ColumnTarget[] = [
    q('age_phase'),
    { kind: 'option', questionId: 'need_type', value: 'autism' },
    { kind: 'option', questionId: 'need_type', value: 'adhd' },
    q('right_help'),
    q('has_plan'),
    q('plan_accurate'),
    q('wait_weeks'),
    q('what_could_be_better'),
    { kind: 'language' },
    { kind: 'submitted' },
  ];
  const now = new Date('2026-12-01T12:00:00Z');
  const plan = compileImportPlan(DEFINITION, headings, mapping(columns));

  test('a good row becomes clean answers, its language and when it was sent', () => {
    const row = checkRow(plan, 2, ['5 to 10', '1', '', 'Agree', 'Yes', 'Strongly agree', '1,2', '  More help  ', 'Urdu', '24/11/2026 10:00'], now);
    assert.deepEqual(row, {
      ok: true,
      line: 2,
      language: 'ur',
      submittedAt: new Date('2026-11-24T10:00:00Z'),
      answers: { age_phase: 'age_5_10', need_type: ['autism'], right_help: 'agree', has_plan: 'yes', plan_accurate: 'strongly_agree', wait_weeks: 12, what_could_be_better: 'More help' },
    });
  });

  test('an answer that is not one of the question\'s is reported with its row and column', () => {
    const row = checkRow(plan, 14, ['12-15', '', '', 'Agree', '', '', '', '', '', ''], now);
    assert.equal(row.ok, false);
    assert.deepEqual(!row.ok && row.problems, [{ line: 14, column: 'Age', message: '‘12-15’ is not one of the answers' }]);
    assert.equal(describeProblem({ line: 14, column: 'Age', message: '‘12-15’ is not one of the answers' }), 'Row 14, column ‘Age’: ‘12-15’ is not one of the answers');
  });

  test('every problem of a row is reported, in plain English', () => {
    const row = checkRow(plan, 7, ['', 'maybe', '', '', '', '', 'three', 'This answer is much too long for the forty characters allowed', 'Klingon', '2027-06-01'], now);
    assert.equal(row.ok, false);
    const messages = !row.ok ? row.problems.map(describeProblem) : [];
    assert.deepEqual(messages, [
      'Row 7, column ‘Autism’: ‘maybe’ does not say whether the answer was chosen: write 1 if it was and leave it blank if not',
      'Row 7, column ‘Language’: ‘Klingon’ is not a language this service knows: write a code such as ur or a name such as Urdu',
      'Row 7, column ‘Sent’: ‘2027-06-01’ is in the future',
    ]);
    const rules = checkRow(plan, 8, ['', '', '', '', '', '', 'three', 'This answer is much too long for the forty characters allowed', '', ''], now);
    assert.deepEqual(!rules.ok && rules.problems.map(describeProblem), [
      'Row 8, column ‘Age’: There is no answer, but the question must be answered',
      'Row 8, column ‘Help’: There is no answer, but the question must be answered',
      'Row 8, column ‘Weeks’: ‘three’ is not a whole number',
      'Row 8, column ‘Better’: The answer is 61 characters long: this question takes at most 40',
    ]);
    const range = checkRow(plan, 9, ['0 to 4', '', '', 'Agree', '', '', '500', '', '', ''], now);
    assert.deepEqual(!range.ok && range.problems.map((p) => p.message), ['‘500’ is not between 0 and 200']);
  });

  test('a row with no answers is a problem of the whole row', () => {
    const row = checkRow(plan, 3, ['', '', '', '', '', '', '', '', 'en', ''], now);
    assert.deepEqual(!row.ok && row.problems, [{ line: 3, column: null, message: 'The row has no answers to import' }]);
  });

  test('answers to a question the routing hides are dropped, as they are on the web', () => {
    const row = checkRow(plan, 4, ['0 to 4', '', '', 'Agree', 'No', 'Agree', '', '', '', ''], now);
    assert.ok(row.ok);
    assert.equal(row.answers.plan_accurate, undefined);
  });

  test('questions without a column are neither required nor routed: the other tool never asked them', () => {
    const partial = compileImportPlan(DEFINITION, ['Help', 'Plan accurate'], mapping([q('right_help'), q('plan_accurate')]));
    const row = checkRow(partial, 2, ['Disagree', 'Agree'], now);
    assert.deepEqual(row.ok && row.answers, { right_help: 'disagree', plan_accurate: 'agree' });
  });

  test('value maps turn a file\'s own answers into options, or into no answer', () => {
    const mapped = compileImportPlan(DEFINITION, ['Age', 'Help', 'Needs'], mapping([q('age_phase'), q('right_help'), q('need_type')], {
      age_phase: { [normaliseText('12-15')]: 'age_11_15' },
      right_help: { [normaliseText('N/A')]: '' },
      need_type: { [normaliseText('Dyslexia')]: '' },
    }));
    const row = checkRow(mapped, 5, ['12-15', 'Agree', 'Autism;Dyslexia;ADHD'], now);
    assert.deepEqual(row.ok && row.answers, { age_phase: 'age_11_15', need_type: ['autism', 'adhd'], right_help: 'agree' });
    const blank = checkRow(mapped, 6, ['0 to 4', 'n/a', ''], now);
    assert.deepEqual(!blank.ok && blank.problems.map((p) => p.message), ['There is no answer, but the question must be answered']);
  });
});

describe('hand-written mappings for the command line', () => {
  const headings = ['Age', 'How old is your child?', 'Autism?', 'Lang'];
  const guessed = suggestMapping(DEFINITION, headings);

  test('a flat map names columns; the rest keep their guesses, and a named question is taken from a guessed column', () => {
    const { mapping: made, problems } = mappingFromJson(DEFINITION, headings, guessed, { Age: 'age_phase', 'Autism?': 'need_type.autism', Lang: 'language' });
    assert.deepEqual(problems, []);
    assert.deepEqual(made.columns, [q('age_phase'), { kind: 'ignore' }, { kind: 'option', questionId: 'need_type', value: 'autism' }, { kind: 'language' }]);
  });

  test('value maps are read with the columns', () => {
    const { mapping: made, problems } = mappingFromJson(DEFINITION, headings, guessed, { columns: { Age: 'age_phase' }, values: { age_phase: { '12-15': 'age_11_15', 'Not said': '' } } });
    assert.deepEqual(problems, []);
    assert.deepEqual(made.values, { age_phase: { '12 15': 'age_11_15', 'not said': '' } });
  });

  test('unknown headings, targets and answers are each reported', () => {
    const { problems } = mappingFromJson(DEFINITION, headings, guessed, {
      columns: { Nope: 'age_phase', Age: 'shoe_size', 'Autism?': 'age_phase.age_0_4' },
      values: { age_phase: { x: 'age_99' }, wait_weeks: { a: 'b' } },
    });
    assert.deepEqual(problems, [
      'The file has no column headed ‘Nope’',
      '‘shoe_size’ (for column ‘Age’) is not a question id, question_id.option_value, language, submitted or ignore',
      '‘age_phase.age_0_4’ (for column ‘Autism?’) is not a question id, question_id.option_value, language, submitted or ignore',
      '‘age_99’ (for ‘x’ in age_phase) is not one of its answers: age_0_4, age_5_10, age_11_15, or "" for none',
      '"values" names ‘wait_weeks’, which is not a choice question of this survey',
    ]);
    assert.equal(mappingFromJson(DEFINITION, headings, guessed, ['Age']).problems.length, 1);
  });
});

describe('reading files', () => {
  test('the separator is the commonest of comma, semicolon and tab outside quotes', () => {
    assert.equal(detectDelimiter('a,b,c'), ',');
    assert.equal(detectDelimiter('"How old, roughly?";Help;Language'), ';');
    assert.equal(detectDelimiter('a\tb\tc,d'), '\t');
    assert.equal(detectDelimiter('only one'), ',');
  });

  test('the heading row ends at the first line break outside quotes', () => {
    assert.equal(headingRowEnd('a,"b\nc",d\r\n1,2,3'), 9);
    assert.equal(headingRowEnd('a,"b'), -1);
  });
});

describe('exports', () => {
  test('file names are safe and say what they hold', () => {
    assert.equal(exportFileName('SEND-990-2026-1', 'parents-carers', 'results', 'csv'), 'SEND-990-2026-1-parents-carers-results.csv');
    assert.equal(exportFileName('SEND 990/"x"', 'practitioners', 'raw', 'xlsx'), 'SEND-990-x-practitioners-raw.xlsx');
  });

  test('a raw row has every answer as given, choices by label and a column per option, and re-imports to the same answers', () => {
    const answers = { age_phase: 'age_5_10', need_type: ['autism', 'speech_language'], right_help: 'dont_know', has_plan: 'yes', plan_accurate: 'agree', wait_weeks: 30, what_could_be_better: '-Faster, please' };
    const submittedAt = new Date('2026-11-24T10:32:05.123Z');
    const record = rawRecord(DEFINITION, { id: 41, submittedAt, link: 'Council newsletter', language: 'ur', source: 'web', answers });
    const columns = rawColumns(DEFINITION);
    assert.equal(record.submitted, '2026-11-24T10:32:05Z');
    assert.equal(record['q:age_phase'], '5 to 10');
    assert.equal(record['o:need_type.autism'], 1);
    assert.equal(record['o:need_type.adhd'], undefined);
    assert.equal(record['q:right_help'], "Don't know");
    // What a CSV file would hold, guard apostrophe and all.
    const cells = columns.map((c) => {
      const value = record[c.key];
      if (value === null || value === undefined) return '';
      return typeof value === 'string' && /^[=+\-@]/.test(value) ? `'${value}` : String(value);
    });
    const headings = columns.map((c) => c.header);
    const plan = compileImportPlan(DEFINITION, headings, mapping(suggestMapping(DEFINITION, headings)));
    const row = checkRow(plan, 2, cells, new Date('2026-12-01T00:00:00Z'));
    assert.deepEqual(row, { ok: true, line: 2, language: 'ur', submittedAt: new Date('2026-11-24T10:32:05Z'), answers });
  });

  test('results rows read "suppressed" where a figure is hidden, never a blank or zero', () => {
    const hidden = { count: null, base: null, percent: null, lower: null, upper: null, suppressed: true };
    const result: AnalysisResult = {
      surveyId: 's',
      audience: 'parents_carers',
      responseCount: 25,
      computedAt: '2026-12-01T00:00:00Z',
      suppressionThreshold: 10,
      questions: [
        {
          questionId: 'right_help',
          text: 'My child gets the right help at the right time.',
          type: 'agreement',
          criteria: [],
          shown: 25,
          answered: 25,
          suppressed: false,
          options: [
            { ...figureOf(15, 25), value: 'agree', label: 'Agree' },
            { ...hidden, value: 'disagree', label: 'Disagree' },
          ],
          agreeing: figureOf(15, 25),
          breakdowns: [
            {
              dimension: 'age_phase',
              questionId: 'age_phase',
              label: 'Age or phase of education',
              groups: [{ value: 'age_0_4', label: '0 to 4', answered: null, suppressed: true, options: [{ ...hidden, value: 'agree', label: 'Agree' }] }],
            },
          ],
        },
      ],
      commentQuestions: [],
      themes: [],
      languages: [{ code: 'en', count: 22 }, { code: 'ur', count: null }],
    };
    const rows = [...resultRecords(result)];
    assert.deepEqual(rows[0], { question: 'All questions', answer: 'Responses', count: 25 });
    const agree = rows.find((r) => r.questionId === 'right_help' && r.answer === 'Agree' && !r.breakdown)!;
    assert.equal(agree.count, 15);
    assert.equal(agree.percent, 60);
    const disagree = rows.find((r) => r.answer === 'Disagree')!;
    assert.deepEqual([disagree.count, disagree.base, disagree.percent, disagree.lower, disagree.upper], Array(5).fill('suppressed'));
    const group = rows.filter((r) => r.group === '0 to 4');
    assert.deepEqual(group.map((r) => [r.answer, r.count]), [['Answered', 'suppressed'], ['Agree', 'suppressed']]);
    assert.deepEqual(rows.filter((r) => r.question === 'Language of the response').map((r) => [r.answer, r.count]), [['English', 22], ['Urdu', 'suppressed']]);
  });
});
