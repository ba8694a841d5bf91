// Unit tests of the pure answering rules: where answers lead, what the check page lists, the page
// language, the API body and the short-lived link cache.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  answerLines,
  apiSubmissionSchema,
  checkRows,
  createShortCache,
  displayLanguage,
  firstUnanswered,
  keepVisibleAnswers,
  nextAfterChange,
  nextQuestion,
  previousQuestion,
  questionPosition,
  rawAnswerOf,
  respondentPhrases,
  withAnswer,
} from './survey-respond.ts';
import { localiseQuestion, surveyDefinitionSchema, type SurveyDefinition } from './survey.ts';

const definition: SurveyDefinition = surveyDefinitionSchema.parse({
  title: 'Test survey',
  introduction: 'About the help you get.',
  languages: ['ur'],
  translations: { ur: { title: 'سروے', introduction: 'تعارف', phrases: { continue: 'جاری رکھیں', questionOf: 'سوال {n} از {total}' } } },
  questions: [
    { id: 'plan', type: 'single', text: 'Do you have a plan?', required: true, options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }], translations: { ur: { text: 'کیا آپ کے پاس منصوبہ ہے؟', options: { yes: 'ہاں', no: 'نہیں' } } } },
    { id: 'plan_good', type: 'agreement', text: 'My plan is good.', showIf: { question: 'plan', anyOf: ['yes'] } },
    { id: 'plan_review', type: 'single', text: 'Was it reviewed?', options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }], showIf: { question: 'plan', anyOf: ['yes'] } },
    { id: 'review_helpful', type: 'agreement', text: 'The review helped.', showIf: { question: 'plan_review', anyOf: ['yes'] } },
    { id: 'needs', type: 'multiple', text: 'Needs', options: [{ value: 'autism', label: 'Autism' }, { value: 'adhd', label: 'ADHD' }] },
    { id: 'comment', type: 'text', text: 'Anything else?' },
  ],
});

test('routing: positions, next and previous questions follow the answers given', () => {
  assert.deepEqual(questionPosition(definition, {}, 'plan'), { number: 1, total: 3 });
  assert.deepEqual(questionPosition(definition, { plan: 'yes' }, 'needs'), { number: 4, total: 5 });
  assert.equal(questionPosition(definition, { plan: 'no' }, 'plan_good'), undefined, 'a hidden question has no position');
  assert.equal(nextQuestion(definition, { plan: 'yes' }, 'plan')?.id, 'plan_good');
  assert.equal(nextQuestion(definition, { plan: 'no' }, 'plan')?.id, 'needs');
  assert.equal(nextQuestion(definition, {}, 'comment'), undefined);
  assert.equal(previousQuestion(definition, { plan: 'no' }, 'needs')?.id, 'plan');
  assert.equal(previousQuestion(definition, {}, 'plan'), undefined);
  assert.equal(firstUnanswered(definition, { plan: 'no' })?.id, 'needs');
  assert.equal(firstUnanswered(definition, { plan: 'no', needs: ['adhd'], comment: 'ok' }), undefined);
});

test('a changed answer leads to the unanswered questions it brings into view, even through another question', () => {
  assert.equal(nextAfterChange(definition, { plan: 'yes', needs: ['adhd'] }, 'plan')?.id, 'plan_good');
  assert.equal(nextAfterChange(definition, { plan: 'yes', plan_good: 'agree', needs: ['adhd'] }, 'plan')?.id, 'plan_review');
  assert.equal(nextAfterChange(definition, { plan: 'yes', plan_good: 'agree', plan_review: 'yes' }, 'plan')?.id, 'review_helpful', 'a question two steps down the routing counts');
  assert.equal(nextAfterChange(definition, { plan: 'no' }, 'plan'), undefined, 'nothing new to ask: back to the check page');
  assert.equal(nextAfterChange(definition, { plan: 'no' }, 'needs'), undefined, 'unanswered questions unrelated to the change are not asked again');
});

test('answers to questions routing now hides are left out', () => {
  const answers = { plan: 'no', plan_good: 'agree', plan_review: 'yes', review_helpful: 'agree', needs: ['autism'] };
  assert.deepEqual(keepVisibleAnswers(definition, answers), { plan: 'no', needs: ['autism'] });
  assert.deepEqual(withAnswer({ plan: 'no', comment: 'x' }, 'comment', undefined), { plan: 'no' });
  assert.deepEqual(withAnswer({ plan: 'no' }, 'comment', 'y'), { plan: 'no', comment: 'y' });
});

test('the check page lists every question shown, with answers as the respondent read them', () => {
  const rows = checkRows(definition, 'ur', { plan: 'yes', plan_good: 'agree', needs: ['autism', 'adhd'], comment: 'line one\nline two' });
  assert.deepEqual(rows.map((r) => r.question.id), ['plan', 'plan_good', 'plan_review', 'needs', 'comment']);
  assert.equal(rows[0]!.question.localText, 'کیا آپ کے پاس منصوبہ ہے؟');
  assert.deepEqual(rows[0]!.lines, ['ہاں']);
  assert.deepEqual(rows[2]!.lines, [], 'unanswered');
  assert.deepEqual(rows[3]!.lines, ['Autism', 'ADHD']);
  assert.deepEqual(rows[4]!.lines, ['line one', 'line two']);
  assert.deepEqual(answerLines(localiseQuestion(definition, definition.questions[1]!, 'en'), 'agree'), ['Agree']);
});

test('pages are in the language asked for only when the survey offers it', () => {
  assert.equal(displayLanguage(definition, 'ur').dir, 'rtl');
  assert.equal(displayLanguage(definition, 'ar', undefined).code, 'en', 'Arabic is not offered');
  assert.equal(displayLanguage(definition, undefined, 'ur').code, 'ur');
  const urdu = respondentPhrases(definition, 'ur');
  assert.equal(urdu.continue, 'جاری رکھیں');
  assert.equal(urdu.back, 'Back', 'a phrase without a translation stays English');
  assert.equal(respondentPhrases(definition, 'en').continue, 'Continue');
});

test('form fields are read as one value, several, or nothing', () => {
  assert.equal(rawAnswerOf('x'), 'x');
  assert.deepEqual(rawAnswerOf(['a', 'b']), ['a', 'b']);
  assert.equal(rawAnswerOf({ a: 1 }), undefined);
  assert.equal(rawAnswerOf(undefined), undefined);
});

test('the API body: answers are strings, lists of strings or numbers, and English is the default language', () => {
  const parsed = apiSubmissionSchema.parse({ answers: { plan: 'yes', needs: ['adhd'], age: 7 } });
  assert.equal(parsed.language, 'en');
  assert.equal(apiSubmissionSchema.safeParse({ answers: { plan: { nested: 1 } } }).success, false);
  assert.equal(apiSubmissionSchema.safeParse({ language: 'en' }).success, false);
  assert.equal(apiSubmissionSchema.safeParse({ language: 'en', answers: {}, extra: 1 }).success, false);
});

test('the link cache answers from memory for a while, shares concurrent lookups and forgets misses', async () => {
  let clock = 0;
  const lookups: string[] = [];
  const cache = createShortCache(
    async (key: string) => {
      lookups.push(key);
      return key.startsWith('known') ? { key, at: clock } : undefined;
    },
    { ttlMs: 5_000, maxEntries: 2, now: () => clock },
  );
  const [a, b] = await Promise.all([cache.get('known1'), cache.get('known1')]);
  assert.equal(a, b);
  assert.deepEqual(lookups, ['known1'], 'one lookup for two concurrent requests');
  clock = 4_999;
  assert.equal((await cache.get('known1'))?.at, 0);
  assert.equal(lookups.length, 1);
  clock = 5_000;
  assert.equal((await cache.get('known1'))?.at, 5_000, 'looked up again once expired');
  assert.equal(lookups.length, 2);

  assert.equal(await cache.get('missing'), undefined);
  assert.equal(await cache.get('missing'), undefined);
  assert.equal(lookups.filter((k) => k === 'missing').length, 2, 'a miss is not remembered');

  assert.equal((await cache.refresh('known1'))?.at, 5_000);
  assert.equal(lookups.length, 5);

  await cache.get('known2');
  await cache.get('known3');
  await cache.get('known1');
  assert.equal(lookups.at(-1), 'known1', 'a full cache starts afresh rather than growing');
});
