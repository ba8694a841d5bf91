// HTTP tests of answering a survey on PGlite and PostgreSQL: the whole journey with routing, errors
// that keep the answer, save and return, sending once, the honeypot, closed surveys, a page in
// Urdu, rate limiting, and the JSON API with its outcomes and concurrent identical posts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, csrfTokenIn, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { changeDefinition, closeSurveyNow, offerLanguage, type Survey } from './survey.service.ts';
import { createSurveyFixture, openWithLink, type SurveyFixture } from './survey-test-support.ts';
import { PHRASE_KEYS, newClientKey, type PhraseKey, type SurveyAudience, type SurveyDefinition } from './survey.ts';

/** Short Urdu test strings: enough to offer the survey in Urdu and read a page in it. */
const URDU: Partial<Record<PhraseKey, string>> = {
  start: 'ابھی شروع کریں',
  continue: 'جاری رکھیں',
  back: 'واپس',
  optional: '(اختیاری)',
  chooseLanguage: 'آپ کون سی زبان استعمال کرنا چاہیں گے؟',
  checkAnswers: 'بھیجنے سے پہلے اپنے جوابات چیک کریں',
  change: 'تبدیل کریں',
  notAnswered: 'جواب نہیں دیا',
  send: 'میرے جوابات بھیجیں',
  saveForLater: 'محفوظ کریں اور بعد میں واپس آئیں',
  sentTitle: 'شکریہ: آپ کے جوابات بھیج دیے گئے ہیں',
  errorSummary: 'ایک مسئلہ ہے',
  errorChoose: 'ایک جواب منتخب کریں',
  errorTooLong: 'آپ کا جواب {max} حروف یا اس سے کم ہونا چاہیے',
  errorNumberRange: '{min} سے {max} تک کوئی نمبر درج کریں',
  questionOf: 'سوال {n} از {total}',
  scale_strongly_agree: 'پوری طرح متفق',
  scale_agree: 'متفق',
  scale_neither: 'نہ متفق نہ غیر متفق',
  scale_disagree: 'غیر متفق',
  scale_strongly_disagree: 'بالکل غیر متفق',
  scale_dont_know: 'معلوم نہیں',
};

function withUrdu(definition: SurveyDefinition): SurveyDefinition {
  const phrases = Object.fromEntries(PHRASE_KEYS.map((key) => [key, URDU[key] ?? `اردو متن ${key}`]));
  definition.translations.ur = { title: 'والدین اور نگہداشت کرنے والوں کا سروے', introduction: 'براہ کرم ہمیں اپنے علاقے میں مدد کے بارے میں بتائیں۔', phrases };
  definition.questions.forEach((question, index) => {
    question.translations.ur = {
      text: `سوال نمبر ${index + 1}`,
      hint: question.hint ? 'یہ ایک اشارہ ہے' : undefined,
      options: question.options ? Object.fromEntries(question.options.map((o, i) => [o.value, `جواب ${i + 1}`])) : undefined,
    };
  });
  return definition;
}

/** A complete answer for each question the journey below reaches; routing decides which are asked. */
const PARENT_ANSWERS: Record<string, string | string[]> = {
  respondent_role: 'parent',
  age_phase: 'age_5_10',
  need_type: ['autism', 'speech_language'],
  support_level: 'ehc_plan',
  setting_type: 'mainstream',
  needs_identified_early: 'agree',
  plan_accurate: 'disagree',
  right_help_right_time: 'disagree',
  local_offer_known: 'no',
  overall_rating: 'poor',
  what_works_well: 'Her teacher understands her.\nThe speech therapist is kind.',
};

function location(response: LightMyRequestResponse): string {
  assert.equal(response.statusCode, 302, `expected a redirect, got ${response.statusCode}: ${response.body.slice(0, 300)}`);
  return String(response.headers.location);
}

describeEachDatabase('answering a survey', (kind) => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp(kind, { surveySubmissionsPerMinute: 1000 });
  });
  after(async () => {
    await t.close();
  });

  let areas = 0;
  const AREA_CODES = ['352', '353', '354', '355', '356', '357', '358', '359', '330', '331', '332', '333'];

  async function openSurvey(audience: SurveyAudience = 'parents_carers', prepare?: (fixture: SurveyFixture, survey: Survey) => Promise<void>) {
    const fixture = await createSurveyFixture(t.db, AREA_CODES[areas++ % AREA_CODES.length]);
    if (prepare) await prepare(fixture, fixture.surveys.get(audience)!);
    const { survey, channel } = await openWithLink(t.db, fixture, audience);
    return { fixture, survey, code: channel.code, base: `/s/${channel.code}`, channelId: channel.id };
  }

  const responsesOf = (surveyId: string) =>
    t.db.kysely.selectFrom('survey_response').selectAll().where('survey_id', '=', surveyId).orderBy('id').execute();

  /** Starts the survey in a fresh browser; returns it and the first question's address. */
  async function start(base: string, language?: string) {
    const client = new TestClient(t.app);
    const page = await client.get(base);
    assert.equal(page.statusCode, 200);
    const first = await client.post(`${base}/start`, language ? { language } : {}, { formPage: base });
    return { client, next: location(first) };
  }

  /** Answers each question it is shown from `answers` (blank if absent) until it reaches the check page. */
  async function answerThrough(client: TestClient, from: string, answers: Record<string, string | string[]>) {
    const asked: string[] = [];
    let at = from;
    while (at.includes('/questions/')) {
      const page = await client.get(at);
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      const id = at.split('/questions/')[1]!.split('?')[0]!;
      asked.push(id);
      at = location(await client.post(at, { answer: answers[id] ?? '', action: 'continue' }, { csrf: csrfTokenIn(page.body) }));
      assert.ok(asked.length < 100, 'the journey loops');
    }
    return { asked, at };
  }

  test('a parent answers through every page, routing shows only what applies, and one response is stored', async () => {
    const { survey, base, channelId } = await openSurvey();

    const startPage = await new TestClient(t.app).get(base);
    assert.match(startPage.body, /<html lang="en" dir="ltr" class="govuk-template/);
    assert.match(startPage.body, /<h1 class="govuk-heading-xl">Parents and carers: tell inspectors about SEND support in your area<\/h1>/);
    assert.match(startPage.body, /Start now/);
    assert.match(startPage.body, new RegExp(`href="${base}/resume"`));
    assert.doesNotMatch(startPage.body, /name="language"/, 'a survey only in English asks no language');

    const { client, next } = await start(base);
    assert.equal(next, `${base}/questions/respondent_role`);

    const first = await client.get(next);
    assert.match(first.body, /Question 1 of 2\d/);
    assert.match(first.body, /<legend class="govuk-fieldset__legend govuk-fieldset__legend--l">\s*<h1 class="govuk-fieldset__heading">\s*Which of these best describes you\?\s*<\/h1>/);
    assert.match(first.body, /type="radio" value="parent"/);
    assert.match(first.body, new RegExp(`href="${base}" class="govuk-back-link"`));
    assert.match(first.body, /value="continue" name="action" class="govuk-button"[^>]*>\s*Continue/);
    assert.match(first.body, /value="save" name="action" class="govuk-button govuk-button--secondary"[^>]*>\s*Save and come back later/);

    const { asked, at } = await answerThrough(client, next, PARENT_ANSWERS);
    assert.equal(at, `${base}/check`);
    assert.ok(asked.includes('ehc_process_clear') && asked.includes('plan_accurate'), 'questions for EHC plans are asked of a parent whose child has one');
    assert.ok(!asked.includes('local_offer_useful'), 'the local offer question is skipped when the parent does not know it');

    const multiple = await client.get(`${base}/questions/need_type`);
    assert.match(multiple.body, /type="checkbox" value="autism" checked/);
    const text = await client.get(`${base}/questions/what_works_well`);
    assert.match(text.body, /govuk-character-count/);
    assert.match(text.body, /What works well for your child\? \(optional\)/);
    assert.match(text.body, /Her teacher understands her\.\nThe speech therapist is kind\.<\/textarea>/);

    let check = await client.get(`${base}/check`);
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Check your answers before sending them/);
    assert.match(check.body, /Autism<br>/);
    assert.match(check.body, /Her teacher understands her\.<br>The speech therapist is kind\./);
    assert.match(check.body, /Not answered/);
    assert.match(check.body, new RegExp(`href="${base}/questions/support_level\\?from=check"`));
    assert.match(check.body, /plan describes their needs/);
    assert.match(check.body, /name="idempotencyKey" value="[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}"/);
    assert.match(check.body, /<input id="website" name="website" type="text" autocomplete="off" tabindex="-1">/);

    // Changing an answer from the check page: the EHC plan questions no longer apply and are dropped.
    const change = await client.get(`${base}/questions/support_level?from=check`);
    assert.match(change.body, new RegExp(`href="${base}/check" class="govuk-back-link"`));
    const changed = await client.post(`${base}/questions/support_level?from=check`, { answer: 'sen_support', action: 'continue' }, { csrf: csrfTokenIn(change.body) });
    assert.equal(location(changed), `${base}/check`);
    check = await client.get(`${base}/check`);
    assert.doesNotMatch(check.body, /plan describes their needs/);
    assert.match(check.body, /SEN support/);

    // And changing it back brings a follow-up question into view, which is asked before the check page.
    const back = await client.post(`${base}/questions/support_level?from=check`, { answer: 'assessment_underway', action: 'continue' }, { formPage: `${base}/questions/support_level?from=check` });
    assert.equal(location(back), `${base}/questions/ehc_process_clear?from=check`);
    const followUp = await client.post(`${base}/questions/ehc_process_clear?from=check`, { answer: '', action: 'continue' }, { formPage: `${base}/questions/ehc_process_clear?from=check` });
    assert.equal(location(followUp), `${base}/check`);

    check = await client.get(`${base}/check`);
    const sent = await client.post(`${base}/send`, { idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(check.body)![1]!, website: '' }, { csrf: csrfTokenIn(check.body) });
    assert.equal(location(sent), `${base}/sent`);
    const thanks = await client.get(`${base}/sent`);
    assert.match(thanks.body, /govuk-panel--confirmation/);
    assert.match(thanks.body, /Thank you: your answers have been sent/);
    assert.doesNotMatch(thanks.body, /reference/i);

    const stored = await responsesOf(survey.id);
    assert.equal(stored.length, 1);
    const [response] = stored;
    assert.equal(response!.source, 'web');
    assert.equal(response!.channel_id, channelId);
    assert.equal(response!.language, 'en');
    assert.equal(response!.answers.support_level, 'assessment_underway');
    assert.deepEqual(response!.answers.need_type, ['autism', 'speech_language']);
    assert.equal(response!.answers.plan_accurate, undefined, 'an answer to a question routing hid is not stored');
    assert.equal(response!.answers.what_works_well, PARENT_ANSWERS.what_works_well);
    const drafts = await t.db.kysely.selectFrom('survey_draft').select('id').where('survey_id', '=', survey.id).execute();
    assert.equal(drafts.length, 0, 'the answers in progress are gone once sent');

    // After sending, the question pages start again rather than showing the sent answers.
    assert.equal(location(await client.get(`${base}/questions/respondent_role`)), base);
  });

  test('a missing required answer and an over-long answer are refused with the answer kept', async () => {
    const { base, survey } = await openSurvey();
    const { client, next } = await start(base);

    const page = await client.get(next);
    const missing = await client.post(next, { action: 'continue' }, { csrf: csrfTokenIn(page.body) });
    assert.equal(missing.statusCode, 200);
    assert.match(missing.body, /<title>Error: /);
    assert.match(missing.body, /govuk-error-summary/);
    assert.match(missing.body, /<a href="#answer">Choose an answer<\/a>/);
    assert.match(missing.body, /id="answer-error"/);

    const text = `${base}/questions/what_works_well`;
    // Reaching a later question directly works once the earlier ones are answered.
    await answerThrough(client, next, PARENT_ANSWERS);
    const form = await client.get(text);
    const long = 'x'.repeat(2001);
    const tooLong = await client.post(text, { answer: long, action: 'continue' }, { csrf: csrfTokenIn(form.body) });
    assert.equal(tooLong.statusCode, 200);
    assert.match(tooLong.body, /Your answer must be 2000 characters or fewer/);
    assert.ok(tooLong.body.includes(`${long}</textarea>`), 'the long answer is shown again to shorten');

    const number = await client.post(`${base}/questions/need_type`, { answer: 'not_an_option', action: 'continue' }, { formPage: `${base}/questions/need_type` });
    assert.match(number.body, /Choose an answer/);
    assert.equal((await responsesOf(survey.id)).length, 0);
  });

  test('a number question uses a numeric input and checks its range', async () => {
    const { base } = await openSurvey('practitioners', async (fixture, survey) => {
      await changeDefinition(t.db.kysely, survey.id, fixture.leadActor, {
        action: 'survey.question-added',
        wording: true,
        edit: (definition) => ({
          ...definition,
          questions: [{ id: 'years_in_role', type: 'number', text: 'How many years have you worked in this role?', required: true, min: 0, max: 60, criteria: [], translations: {} }, ...definition.questions],
        }),
      });
    });
    const { client, next } = await start(base);
    assert.equal(next, `${base}/questions/years_in_role`);
    const page = await client.get(next);
    assert.match(page.body, /inputmode="numeric"/);
    assert.match(page.body, /<h1 class="govuk-label-wrapper">\s*<label class="govuk-label govuk-label--l" for="answer">\s*How many years/);
    const outOfRange = await client.post(next, { answer: '75', action: 'continue' }, { csrf: csrfTokenIn(page.body) });
    assert.match(outOfRange.body, /Enter a number from 0 to 60/);
    assert.match(outOfRange.body, /value="75"/);
    const fine = await client.post(next, { answer: '12', action: 'continue' }, { csrf: csrfTokenIn(page.body) });
    assert.equal(location(fine), `${base}/questions/respondent_role`);
  });

  test('save and come back later gives a code that brings the answers back in another browser', async () => {
    const { base, survey } = await openSurvey();
    const { client, next } = await start(base);
    const first = await client.get(next);
    await client.post(next, { answer: 'carer', action: 'continue' }, { csrf: csrfTokenIn(first.body) });
    const second = await client.get(`${base}/questions/age_phase`);
    const saved = await client.post(`${base}/questions/age_phase`, { answer: 'age_11_15', action: 'save' }, { csrf: csrfTokenIn(second.body) });
    assert.equal(location(saved), `${base}/saved`);
    const savedPage = await client.get(`${base}/saved`);
    assert.match(savedPage.body, /Your answers have been saved/);
    assert.match(savedPage.body, /Write this code down/);
    const code = /app-resume-code"[^>]*>([A-Z0-9]{5}-[A-Z0-9]{5})</.exec(savedPage.body)?.[1];
    assert.ok(code, 'the page shows the code');

    const elsewhere = new TestClient(t.app);
    const resumePage = await elsewhere.get(`${base}/resume`);
    assert.match(resumePage.body, /Carry on with your answers/);
    const malformed = await elsewhere.post(`${base}/resume`, { code: 'hello' }, { csrf: csrfTokenIn(resumePage.body) });
    assert.match(malformed.body, /Enter the code you were given, like ABCDE-23456/);
    assert.match(malformed.body, /value="hello"/);
    const unknown = await elsewhere.post(`${base}/resume`, { code: 'ABCDE-23456' }, { csrf: csrfTokenIn(resumePage.body) });
    assert.match(unknown.body, /We could not find answers saved with that code/);

    const resumed = await elsewhere.post(`${base}/resume`, { code: code!.toLowerCase().replace('-', ' ') }, { csrf: csrfTokenIn(resumePage.body) });
    assert.equal(location(resumed), `${base}/questions/need_type`, 'carries on at the first question not answered');
    const earlier = await elsewhere.get(`${base}/questions/age_phase`);
    assert.match(earlier.body, /value="age_11_15" checked/);

    const { at } = await answerThrough(elsewhere, `${base}/questions/need_type`, PARENT_ANSWERS);
    const check = await elsewhere.get(at);
    assert.match(check.body, /Carer/);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(check.body)![1]!;
    assert.equal(location(await elsewhere.post(`${base}/send`, { idempotencyKey: key }, { csrf: csrfTokenIn(check.body) })), `${base}/sent`);
    const stored = await responsesOf(survey.id);
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.answers.respondent_role, 'carer');
    assert.equal(stored[0]!.answers.age_phase, 'age_11_15');

    // The code cannot bring back answers that have been sent.
    const again = await new TestClient(t.app).post(`${base}/resume`, { code: code! }, { formPage: `${base}/resume` });
    assert.match(again.body, /We could not find answers saved with that code/);
  });

  /** Answers the parents' survey to its check page; returns the client, the check page and its key. */
  async function readyToSend(base: string) {
    const { client, next } = await start(base);
    const { at } = await answerThrough(client, next, PARENT_ANSWERS);
    const check = await client.get(at);
    return { client, check, key: /name="idempotencyKey" value="([^"]+)"/.exec(check.body)![1]!, csrf: csrfTokenIn(check.body)! };
  }

  test('the same send posted twice, one after the other or at once, stores one response', async () => {
    const { base, survey } = await openSurvey();
    const one = await readyToSend(base);
    const first = await one.client.post(`${base}/send`, { idempotencyKey: one.key }, { csrf: one.csrf });
    const second = await one.client.post(`${base}/send`, { idempotencyKey: one.key }, { csrf: one.csrf });
    assert.equal(location(first), `${base}/sent`);
    assert.equal(location(second), `${base}/sent`);
    assert.equal((await responsesOf(survey.id)).length, 1);

    const two = await readyToSend(base);
    const both = await Promise.all([1, 2, 3].map(() => two.client.post(`${base}/send`, { idempotencyKey: two.key }, { csrf: two.csrf })));
    for (const response of both) assert.equal(location(response), `${base}/sent`);
    assert.equal((await responsesOf(survey.id)).length, 2);
  });

  test('a send with a tampered key stores nothing, and a filled-in honeypot is thanked and stores nothing', async () => {
    const { base, survey } = await openSurvey();
    const { client, key, csrf } = await readyToSend(base);
    const tampered = `${key.slice(0, -2)}${key.endsWith('AA') ? 'BB' : 'AA'}`;
    const refused = await client.post(`${base}/send`, { idempotencyKey: tampered }, { csrf });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Your answers were not sent/);
    assert.match(refused.body, new RegExp(`href="${base}">Start the survey again`));
    assert.equal((await responsesOf(survey.id)).length, 0);

    const bot = await client.post(`${base}/send`, { idempotencyKey: key, website: 'https://spam.example' }, { csrf });
    assert.equal(location(bot), `${base}/sent`);
    assert.match((await client.get(`${base}/sent`)).body, /Thank you: your answers have been sent/);
    assert.equal((await responsesOf(survey.id)).length, 0);

    // The person (not the bot) can still send the real form.
    assert.equal(location(await client.post(`${base}/send`, { idempotencyKey: key }, { csrf })), `${base}/sent`);
    assert.equal((await responsesOf(survey.id)).length, 1);
  });

  test('a closed survey says so and refuses answers on the web and through the API', async () => {
    const { base, survey, code, fixture } = await openSurvey();
    const { client, key, csrf } = await readyToSend(base);
    await closeSurveyNow(t.db.kysely, survey.id, fixture.leadActor);

    const startPage = await new TestClient(t.app).get(base);
    assert.equal(startPage.statusCode, 410);
    assert.match(startPage.body, /This survey is closed/);
    assert.doesNotMatch(startPage.body, /Start now/);
    const question = await client.get(`${base}/questions/respondent_role`);
    assert.match(question.body, /This survey is closed/);
    const send = await client.post(`${base}/send`, { idempotencyKey: key }, { csrf });
    assert.equal(send.statusCode, 410);
    assert.match(send.body, /You can no longer send answers to this survey/);

    const api = await t.app.inject({ method: 'POST', url: `/api/surveys/${code}/responses`, headers: { 'idempotency-key': newClientKey() }, payload: { language: 'en', answers: {} } });
    assert.equal(api.statusCode, 410);
    assert.match(api.json().error, /This survey is closed/);
    assert.equal((await responsesOf(survey.id)).length, 0);
  });

  test('a survey not open yet says so, and unknown links and questions are not found', async () => {
    const fixture = await createSurveyFixture(t.db, '340');
    const { addChannel } = await import('./survey.service.ts');
    const channel = await addChannel(t.db.kysely, fixture.surveys.get('practitioners')!.id, 'Schools', fixture.leadActor);
    const notYet = await new TestClient(t.app).get(`/s/${channel.code}`);
    assert.equal(notYet.statusCode, 200);
    assert.match(notYet.body, /This survey is not open yet/);

    assert.equal((await new TestClient(t.app).get('/s/nosuchlink1')).statusCode, 404);
    assert.equal((await new TestClient(t.app).get('/s/bad$code')).statusCode, 404);
    assert.equal((await new TestClient(t.app).get(`/s/${'a'.repeat(60)}`)).statusCode, 404);
    const { base } = await openSurvey();
    const { client } = await start(base);
    const unknown = await client.get(`${base}/questions/no_such_question`);
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /Page not found/);
    assert.equal((await client.get(`${base}/questions/${'q'.repeat(60)}`)).statusCode, 404);
  });

  test('the easy-read survey shows the picture scale with its words beside each picture', async () => {
    const { base } = await openSurvey('children_young_people');
    const { client } = await start(base);
    const page = await client.get(`${base}/questions/adults_listen`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Adults listen to me\./);
    for (const [value, words] of [['agree', 'Yes, I agree'], ['not-sure', 'Not sure'], ['disagree', 'No, I disagree']]) {
      assert.match(page.body, new RegExp(`<img class="app-scale-option__picture" src="/assets/images/scale-${value}.svg" alt=""[^>]*><span class="app-scale-option__label">${words}</span>`));
    }
    const picture = await client.get('/assets/images/scale-not-sure.svg');
    assert.equal(picture.statusCode, 200);
    assert.match(String(picture.headers['content-type']), /image\/svg\+xml/);
  });

  test('a survey offered in Urdu: the respondent chooses it, and every page is right to left', async () => {
    const { base, survey } = await openSurvey('parents_carers', async (fixture, draftSurvey) => {
      await changeDefinition(t.db.kysely, draftSurvey.id, fixture.leadActor, { action: 'survey.translated', wording: false, edit: withUrdu });
      await offerLanguage(t.db.kysely, draftSurvey.id, 'ur', fixture.leadActor);
    });

    const startPage = await new TestClient(t.app).get(base);
    assert.match(startPage.body, /<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">\s*Which language would you like to use\?/);
    assert.match(startPage.body, /<label class="govuk-label govuk-radios__label" lang="ur" dir="rtl" for="language-2">\s*اردو\s*<\/label>/);
    assert.match(startPage.body, /class="govuk-hint govuk-radios__hint" lang="en">\s*Urdu\s*</);
    const inUrdu = await new TestClient(t.app).get(`${base}?lang=ur`);
    assert.match(inUrdu.body, /<html lang="ur" dir="rtl" class="govuk-template/);
    assert.match(inUrdu.body, /والدین اور نگہداشت کرنے والوں کا سروے/);
    assert.match(inUrdu.body, /<header class="govuk-template__header app-header" data-module="govuk-header" lang="en" dir="ltr">/);

    const { client, next } = await start(base, 'ur');
    const question = await client.get(next);
    assert.match(question.body, /<html lang="ur" dir="rtl" class="govuk-template/);
    assert.match(question.body, /سوال 1 از 2\d/);
    assert.match(question.body, /سوال نمبر 1/);
    assert.match(question.body, /جاری رکھیں/);
    const refused = await client.post(next, { action: 'continue' }, { csrf: csrfTokenIn(question.body) });
    assert.match(refused.body, /<a href="#answer">ایک جواب منتخب کریں<\/a>/);
    assert.match(refused.body, /ایک مسئلہ ہے/);

    // Changing language part way through.
    const languagePage = await client.get(`${base}/language?from=respondent_role`);
    assert.match(languagePage.body, /<html lang="ur" dir="rtl"/);
    const switched = await client.post(`${base}/language?from=respondent_role`, { language: 'en' }, { csrf: csrfTokenIn(languagePage.body) });
    assert.equal(location(switched), next);
    assert.match((await client.get(next)).body, /<html lang="en" dir="ltr" class="govuk-template/);
    await client.post(`${base}/language?from=respondent_role`, { language: 'ur' }, { formPage: `${base}/language?from=respondent_role` });

    const { at } = await answerThrough(client, next, PARENT_ANSWERS);
    const check = await client.get(at);
    assert.match(check.body, /<html lang="ur" dir="rtl"/);
    assert.match(check.body, /بھیجنے سے پہلے اپنے جوابات چیک کریں/);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(check.body)![1]!;
    await client.post(`${base}/send`, { idempotencyKey: key }, { csrf: csrfTokenIn(check.body) });
    const thanks = await client.get(`${base}/sent`);
    assert.match(thanks.body, /<html lang="ur" dir="rtl"/);
    assert.match(thanks.body, /شکریہ/);
    const [response] = await responsesOf(survey.id);
    assert.equal(response!.language, 'ur');
    assert.equal(response!.answers.respondent_role, 'parent', 'answers are stored as option values, whatever the language');
  });

  // ---- The API ------------------------------------------------------------------------------

  const post = (code: string, body: unknown, key: string | null = newClientKey(), headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/surveys/${code}/responses`,
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { 'idempotency-key': key }), ...headers },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const VALID_API_ANSWERS = { respondent_role: 'parent', age_phase: 'age_0_4', support_level: 'none', needs_identified_early: 'agree', right_help_right_time: 'neither', overall_rating: 'good' };

  test('the API stores a response once per key and reports each outcome', async () => {
    const { code, survey, channelId } = await openSurvey();
    const key = newClientKey();
    const stored = await post(code, { language: 'en', answers: VALID_API_ANSWERS }, key);
    assert.equal(stored.statusCode, 201);
    assert.equal(stored.headers['x-content-type-options'], 'nosniff');
    assert.equal(stored.headers['cache-control'], 'no-store');
    assert.equal(stored.headers['content-security-policy'], undefined, 'a JSON answer carries no page policy');
    const body = stored.json();
    assert.equal(body.status, 'stored');
    assert.equal(typeof body.id, 'number');

    const repeat = await post(code, { language: 'en', answers: VALID_API_ANSWERS }, key);
    assert.equal(repeat.statusCode, 200);
    assert.deepEqual(repeat.json(), { status: 'already-stored', id: body.id });

    const reused = await post(code, { language: 'en', answers: { ...VALID_API_ANSWERS, overall_rating: 'poor' } }, key);
    assert.equal(reused.statusCode, 409);

    const invalid = await post(code, { language: 'en', answers: { respondent_role: 'parent', what_works_well: 'y'.repeat(2001) } });
    assert.equal(invalid.statusCode, 422);
    const errors = invalid.json().errors as { question: string; message: string }[];
    assert.ok(errors.some((e) => e.question === 'age_phase' && e.message === 'Choose an answer'));
    assert.ok(errors.some((e) => e.question === 'what_works_well' && /2000 characters/.test(e.message)));

    assert.equal((await post(code, { language: 'en', answers: VALID_API_ANSWERS }, null)).statusCode, 400);
    const forged = await post(code, { language: 'en', answers: VALID_API_ANSWERS }, 'not-a-uuid');
    assert.equal(forged.statusCode, 400);
    assert.match(forged.json().error, /UUID/);
    const malformed = await post(code, '{"language": "en", "answers": ');
    assert.equal(malformed.statusCode, 400);
    assert.match(malformed.json().error, /JSON/);
    const wrongShape = await post(code, { language: 'en', answers: { respondent_role: { nested: true } } });
    assert.equal(wrongShape.statusCode, 400);
    const language = await post(code, { language: 'xx', answers: VALID_API_ANSWERS });
    assert.equal(language.statusCode, 400);
    assert.match(language.json().error, /It is offered in: en \(English\)/);
    const tooBig = await post(code, { language: 'en', answers: { what_works_well: 'z'.repeat(70 * 1024) } });
    assert.equal(tooBig.statusCode, 413);
    assert.match(tooBig.json().error, /64 KB/);
    const unknown = await post('nosuchlink1', { language: 'en', answers: VALID_API_ANSWERS });
    assert.equal(unknown.statusCode, 404);
    assert.ok(unknown.json().error);
    assert.equal((await post('x'.repeat(60), { language: 'en', answers: VALID_API_ANSWERS })).statusCode, 404);

    const rows = await responsesOf(survey.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.source, 'api');
    assert.equal(rows[0]!.channel_id, channelId);
    assert.deepEqual(Object.keys(rows[0]!).sort(), ['answers', 'channel_id', 'content_hash', 'id', 'idempotency_key', 'import_id', 'language', 'source', 'submitted_at', 'survey_id']);
  });

  test('identical API posts at the same moment store one response', async () => {
    const { code, survey } = await openSurvey();
    const key = newClientKey();
    const results = await Promise.all(Array.from({ length: 8 }, () => post(code, { language: 'en', answers: VALID_API_ANSWERS }, key)));
    const statuses = results.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 201]);
    assert.equal(new Set(results.map((r) => r.json().id)).size, 1);
    assert.equal((await responsesOf(survey.id)).length, 1);
  });
});

describeEachDatabase('answering a survey: rate limits', (kind) => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp(kind, { surveySubmissionsPerMinute: 2 });
  });
  after(async () => {
    await t.close();
  });

  test('too many submissions from one connection are told to wait, on the web form and the API', async () => {
    const fixture = await createSurveyFixture(t.db);
    const { channel } = await openWithLink(t.db, fixture, 'practitioners');
    const url = `/api/surveys/${channel.code}/responses`;
    const answers = { respondent_role: 'teacher', needs_identified: 'agree', agencies_work_together: 'agree' };
    const send = () => t.app.inject({ method: 'POST', url, headers: { 'idempotency-key': newClientKey() }, payload: { language: 'en', answers } });
    const first = await send();
    assert.ok([201, 422].includes(first.statusCode), `${first.statusCode} ${first.body}`);
    await send();
    const limited = await send();
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.match(limited.json().error, /Wait a minute and try again/);

    // The web form's send shares the same allowance.
    const client = new TestClient(t.app);
    const page = await client.get(`/s/${channel.code}`);
    const web = await client.post(`/s/${channel.code}/send`, { idempotencyKey: 'x' }, { csrf: csrfTokenIn(page.body) });
    assert.equal(web.statusCode, 429);
    assert.match(web.body, /You have sent a lot of answers from this connection\. Wait a minute and try again\./);
  });
});
