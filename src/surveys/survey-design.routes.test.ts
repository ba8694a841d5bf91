// HTTP tests of the survey design pages on PGlite and PostgreSQL: creating the surveys, the survey
// page, changing wording (and being refused once open), scheduling, opening and closing with
// confirmation, the preview, and who may see or change what.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createInspection, transitionInspection } from '../inspections/inspection.service.ts';
import type { TeamRole } from '../inspections/inspection.table.ts';
import { createTestUser, signInAs, type TestUser } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { changeDefinition, getSurveyByAudience } from './survey.service.ts';

/** Page text with the entities autoescaping adds turned back into characters, so tests read naturally. */
function text(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

describeEachDatabase('survey design pages', (kind) => {
  let t: TestApp;
  let inspectionId: string;
  let base: string;
  const clients = {} as Record<TeamRole | 'area' | 'admin', TestClient>;
  const users = {} as Record<TeamRole | 'area' | 'admin', TestUser>;

  before(async () => {
    t = await createTestApp(kind);
    users.admin = await createTestUser(t.db, { organisation: 'administration', isAdmin: true });
    const inspection = await createInspection(
      t.db.kysely,
      { laCode: '352', frameworkCode: '2023', inspectionType: 'full', notificationDate: '2026-11-09', onsiteStartDate: '2026-11-23', onsiteEndDate: '2026-11-27' },
      { id: users.admin.userId, label: users.admin.email },
    );
    inspectionId = inspection.id;
    base = `/inspections/${inspectionId}/surveys`;
    for (const role of ['ofsted_lead', 'cqc_lead', 'inspector', 'qa_reader'] as const) {
      clients[role] = new TestClient(t.app);
      users[role] = await signInAs(clients[role], t.db, { organisation: role === 'cqc_lead' ? 'cqc' : 'ofsted', teamRole: { inspectionId, role } });
    }
    await transitionInspection(t.db.kysely, inspectionId, { to: 'notified' }, { id: users.ofsted_lead.userId, label: users.ofsted_lead.email });
    clients.area = new TestClient(t.app);
    users.area = await signInAs(clients.area, t.db, { organisation: 'local_area', areaRole: { laCode: '352', role: 'nominated_officer' } });
    clients.admin = new TestClient(t.app);
    await signInAs(clients.admin, t.db, { organisation: 'administration', isAdmin: true });
  });
  after(async () => {
    await t.close();
  });

  const lead = () => clients.ofsted_lead;
  const surveyOf = async (audience: 'parents_carers' | 'children_young_people' | 'practitioners') => (await getSurveyByAudience(t.db.kysely, inspectionId, audience))!;
  const auditEvents = async (action: string) =>
    t.db.kysely.selectFrom('audit_event').select(['actor_user_id', 'details', 'subject_id']).where('action', '=', action).where('inspection_id', '=', inspectionId).execute();

  test('the lead creates the three surveys from the overview; others are told who does', async () => {
    const before = await lead().get(base);
    assert.equal(before.statusCode, 200);
    assert.match(before.body, /The surveys have not been created yet/);
    assert.match(before.body, /Create the surveys/);

    const inspectorView = await clients.inspector.get(base);
    assert.equal(inspectorView.statusCode, 200);
    assert.doesNotMatch(inspectorView.body, /Create the surveys/);
    assert.match(inspectorView.body, /The lead inspectors create them/);
    const refused = await clients.inspector.post(base, {}, { formPage: base });
    assert.equal(refused.statusCode, 403);
    assert.equal(await getSurveyByAudience(t.db.kysely, inspectionId, 'parents_carers'), undefined, 'nothing was created');

    const created = await lead().post(base, {});
    assert.equal(created.statusCode, 302);
    assert.equal(created.headers.location, base);
    const after = await lead().get(base);
    assert.match(after.body, /The three surveys have been created/);
    for (const slug of ['parents-carers', 'children-young-people', 'practitioners']) assert.match(after.body, new RegExp(`href="${base}/${slug}"`));
    assert.match(after.body, /Parents and carers<\/a>/);
    assert.equal((after.body.match(/Not open/g) ?? []).length, 3);
    assert.doesNotMatch(after.body, /Create the surveys/);
    assert.match(after.body, new RegExp(`href="${base}/live"`), 'the live counts of all three are linked');
    assert.match(after.body, new RegExp(`href="${base}/themes"`), 'the themes across all three are linked');
    assert.equal((await auditEvents('survey.created')).length, 3);

    const again = await lead().post(base, {}, { formPage: base });
    assert.equal(again.statusCode, 302);
    assert.equal((await auditEvents('survey.created')).length, 3, 'creating again adds nothing');
  });

  test('the dashboard links to the surveys for the team and the area, not for an administrator off the team', async () => {
    const link = `href="${base}"`;
    assert.match((await lead().get(`/inspections/${inspectionId}`)).body, new RegExp(link));
    assert.match((await clients.qa_reader.get(`/inspections/${inspectionId}`)).body, new RegExp(link));
    assert.match((await clients.area.get(`/inspections/${inspectionId}`)).body, new RegExp(link));
    const adminDashboard = await clients.admin.get(`/inspections/${inspectionId}`);
    assert.equal(adminDashboard.statusCode, 200);
    assert.doesNotMatch(adminDashboard.body, new RegExp(link));
    assert.equal((await clients.admin.get(base)).statusCode, 403);
  });

  test('the local area sees each survey with the pages it may use, not the design', async () => {
    const overview = await clients.area.get(base);
    assert.equal(overview.statusCode, 200);
    assert.match(overview.body, new RegExp(`href="${base}/parents-carers/links"`));
    assert.match(overview.body, new RegExp(`href="${base}/parents-carers/summary"`));
    assert.match(overview.body, new RegExp(`href="${base}/parents-carers/languages"`), 'a nominated officer may translate');
    assert.doesNotMatch(overview.body, new RegExp(`href="${base}/parents-carers"`), 'no link to the design page');
    assert.doesNotMatch(overview.body, /\/live"/);
    assert.doesNotMatch(overview.body, /Responses/);
    assert.equal((await clients.area.get(`${base}/parents-carers`)).statusCode, 403);
    assert.equal((await clients.area.get(`${base}/parents-carers/preview`)).statusCode, 403);
  });

  test('the survey page lists the questions in order, with routing, criteria and breakdowns', async () => {
    const page = await lead().get(`${base}/parents-carers`);
    assert.equal(page.statusCode, 200);
    const body = text(page.body);
    assert.match(body, /<h1 class="govuk-heading-l">Parents and carers survey<\/h1>/);
    assert.match(body, /1\. Which of these best describes you\?/);
    assert.ok(body.indexOf('1. Which of these best describes you?') < body.indexOf('2. How old is the child'), 'in order');
    assert.match(body, /Only asked if 'Does your child have an education, health and care \(EHC\) plan\?' is 'Yes, they have an EHC plan'/);
    assert.match(body, /<strong>I2<\/strong>: Children, young people and their families participate in decision-making/);
    assert.match(body, /About you: role/);
    assert.match(body, /Agreement scale \(5 points and "Don't know"\)/);
    assert.match(body, /Yes: required/);
    assert.match(body, /No: optional/);
    assert.match(body, new RegExp(`href="${base}/parents-carers/questions/plan_accurate"`));
    assert.match(body, new RegExp(`href="${base}/parents-carers/introduction"`));
    for (const rest of ['preview', 'schedule', 'open', 'links', 'languages', 'live', 'results', 'summary', 'export', 'import']) {
      assert.match(body, new RegExp(`href="${base}/parents-carers/${rest}"`), `links to ${rest}`);
    }
    assert.doesNotMatch(body, new RegExp(`href="${base}/parents-carers/close"`), 'a survey not open cannot be closed');

    assert.equal((await lead().get(`${base}/no-such-audience`)).statusCode, 404);
    assert.equal((await lead().get(`${base}/parents-carers/questions/no_such_question`)).statusCode, 404);
  });

  test('a wording change is saved and shows; a blank question comes back with the error and what was typed', async () => {
    const url = `${base}/parents-carers/questions/support_level`;
    const form = await lead().get(url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Change question 4/);
    assert.match(form.body, /name="option-ehc_plan" type="text" spellcheck="true" value="Yes, they have an EHC plan"/);
    const version = (await surveyOf('parents_carers')).definitionVersion;

    const blank = await lead().post(url, { text: '  ', hint: 'A hint I typed', required: 'yes', 'option-ehc_plan': 'An EHC plan', 'option-assessment_underway': 'Being assessed', 'option-sen_support': 'SEN support', 'option-none': 'None', 'option-not_sure': 'Not sure' });
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /<title>Error: /);
    assert.match(blank.body, /<a href="#text">Enter the question<\/a>/);
    assert.match(blank.body, /<p id="text-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> Enter the question/);
    assert.match(blank.body, />A hint I typed<\/textarea>/, 'the hint typed is kept');
    assert.match(blank.body, /value="Being assessed"/, 'the answers typed are kept');
    assert.equal((await surveyOf('parents_carers')).definitionVersion, version, 'nothing was written');

    const saved = await lead().post(url, { text: 'Does your child have an EHC plan?', hint: '', required: 'no', 'option-ehc_plan': 'Yes, an EHC plan', 'option-assessment_underway': 'Being assessed for one', 'option-sen_support': 'SEN support without a plan', 'option-none': 'No extra support', 'option-not_sure': 'Not sure' });
    assert.equal(saved.statusCode, 302);
    assert.equal(saved.headers.location, `${base}/parents-carers#question-support_level`);
    const page = text((await lead().get(`${base}/parents-carers`)).body);
    assert.match(page, /Question 4 has been changed/);
    assert.match(page, /4\. Does your child have an EHC plan\?/);
    assert.match(page, /Only asked if 'Does your child have an EHC plan\?' is 'Yes, an EHC plan'/, 'routing reads the new wording');
    const survey = await surveyOf('parents_carers');
    const question = survey.definition.questions.find((q) => q.id === 'support_level')!;
    assert.equal(question.required, false);
    assert.deepEqual(question.options?.map((o) => o.value), ['ehc_plan', 'assessment_underway', 'sen_support', 'none', 'not_sure'], 'option values never change');
    const events = await auditEvents('survey.question-changed');
    assert.equal(events.length, 1);
    assert.equal(events[0]!.actor_user_id, users.ofsted_lead.userId);
    assert.equal(events[0]!.details.questionId, 'support_level');

    const intro = await lead().post(`${base}/parents-carers/introduction`, { title: '', introduction: 'Kept text' });
    assert.equal(intro.statusCode, 400);
    assert.match(intro.body, /Enter the title of the survey/);
    assert.match(intro.body, />Kept text<\/textarea>/);
    const introSaved = await lead().post(`${base}/parents-carers/introduction`, { title: 'Tell inspectors about SEND support', introduction: 'Inspectors want to hear from you.' });
    assert.equal(introSaved.statusCode, 302);
    assert.match((await lead().get(`${base}/parents-carers`)).body, /Tell inspectors about SEND support/);
    assert.equal((await auditEvents('survey.introduction-changed')).length, 1);
  });

  test('the easy-read survey reminds the lead how to word it', async () => {
    const page = await lead().get(`${base}/children-young-people/questions/adults_listen`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Use short sentences/);
    assert.match(page.body, /Yes, I agree/, 'the picture scale is shown, not edited');
    assert.doesNotMatch(page.body, /name="option-/);
    assert.doesNotMatch((await lead().get(`${base}/parents-carers/questions/support_level`)).body, /Use short sentences/);
  });

  test('a closing date before the opening date is refused beside the closing date; a good schedule is saved', async () => {
    const url = `${base}/children-young-people/schedule`;
    const form = await lead().get(url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /id="opensAt-time"/);
    const bad = await lead().post(url, {
      'opensAt-day': '20', 'opensAt-month': '11', 'opensAt-year': '2030', 'opensAt-time': '09:00',
      'closesAt-day': '10', 'closesAt-month': '11', 'closesAt-year': '2030', 'closesAt-time': '17:00',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<a href="#closesAt-day">The closing date must be after the opening date<\/a>/);
    assert.match(bad.body, /<p id="closesAt-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> The closing date must be after the opening date/);
    assert.match(bad.body, /id="closesAt-day" name="closesAt-day" type="text" value="10"/);
    assert.match(bad.body, /name="opensAt-time" type="text" value="09:00"/);
    assert.equal((await surveyOf('children_young_people')).state, 'draft');

    const missingTime = await lead().post(url, { 'opensAt-day': '20', 'opensAt-month': '11', 'opensAt-year': '2030', 'opensAt-time': '' });
    assert.equal(missingTime.statusCode, 400);
    assert.match(missingTime.body, /<a href="#opensAt-time">Enter the opening time<\/a>/);

    const good = await lead().post(url, {
      'opensAt-day': '20', 'opensAt-month': '11', 'opensAt-year': '2030', 'opensAt-time': '9:00',
      'closesAt-day': '4', 'closesAt-month': '12', 'closesAt-year': '2030', 'closesAt-time': '17:30',
    });
    assert.equal(good.statusCode, 302);
    const survey = await surveyOf('children_young_people');
    assert.equal(survey.state, 'scheduled');
    assert.equal(survey.opensAt?.toISOString(), '2030-11-20T09:00:00.000Z');
    assert.equal(survey.closesAt?.toISOString(), '2030-12-04T17:30:00.000Z');
    const page = await lead().get(`${base}/children-young-people`);
    assert.match(page.body, /The survey has been scheduled/);
    assert.match(page.body, /20 November 2030 at 9:00am/);
    assert.match(page.body, /4 December 2030 at 5:30pm/);
    assert.match(page.body, /Scheduled/);
    assert.match(page.body, /questions\/adults_listen"/, 'wording can still change while scheduled');
    assert.match((await lead().get(url)).body, /name="closesAt-time" type="text" value="17:30"/, 'the schedule is shown again on a UK clock');
  });

  test('opening and closing ask for confirmation; wording is refused once open and the pages say why', async () => {
    const survey = `${base}/practitioners`;
    const confirmOpen = await lead().get(`${survey}/open`);
    assert.equal(confirmOpen.statusCode, 200);
    assert.match(confirmOpen.body, /Open the survey now\?/);
    assert.match(confirmOpen.body, /its wording cannot change/);
    assert.equal((await surveyOf('practitioners')).state, 'draft', 'the confirmation page changes nothing');

    const opened = await lead().post(`${survey}/open`, {});
    assert.equal(opened.statusCode, 302);
    assert.equal(opened.headers.location, survey);
    assert.equal((await surveyOf('practitioners')).state, 'open');
    const page = await lead().get(survey);
    assert.match(page.body, /The survey is open<\/h3>/);
    assert.match(page.body, /The survey is open, so its wording can no longer change/);
    assert.doesNotMatch(page.body, /\/questions\//, 'no Change links');
    assert.doesNotMatch(page.body, /\/introduction"/);
    assert.match(page.body, new RegExp(`href="${survey}/close"`));

    const change = await lead().get(`${survey}/questions/respondent_role`);
    assert.equal(change.statusCode, 200);
    assert.match(change.body, /its wording can no longer change/);
    assert.doesNotMatch(change.body, /name="text"/);
    const version = (await surveyOf('practitioners')).definitionVersion;
    const refused = await lead().post(`${survey}/introduction`, { title: 'A new title', introduction: 'New' }, { formPage: survey });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /The wording cannot change once the survey has opened/);
    assert.equal((await surveyOf('practitioners')).definitionVersion, version, 'nothing was written');

    const confirmClose = await lead().get(`${survey}/close`);
    assert.match(confirmClose.body, /Close the survey now\?/);
    assert.match(confirmClose.body, /it cannot open again/);
    const closed = await lead().post(`${survey}/close`, {});
    assert.equal(closed.statusCode, 302);
    assert.equal((await surveyOf('practitioners')).state, 'closed');
    const after = await lead().get(survey);
    assert.match(after.body, /The survey is closed<\/h3>/);
    assert.doesNotMatch(after.body, /\/open"|\/close"|\/schedule"/);
    assert.match((await lead().get(`${survey}/open`)).body, /A closed survey cannot open again/);
    const reopen = await lead().post(`${survey}/open`, {}, { formPage: survey });
    assert.equal(reopen.statusCode, 409);
    assert.equal((await surveyOf('practitioners')).state, 'closed');
    assert.equal((await auditEvents('survey.closed')).length, 1);
  });

  test('an inspector sees the survey page but may not change it', async () => {
    const page = await clients.inspector.get(`${base}/parents-carers`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Only asked if/);
    assert.doesNotMatch(page.body, /\/questions\//);
    assert.doesNotMatch(page.body, /\/schedule"|\/open"|\/import"/);
    for (const rest of ['introduction', 'questions/support_level', 'schedule', 'open', 'close']) {
      assert.equal((await clients.inspector.get(`${base}/parents-carers/${rest}`)).statusCode, 403, rest);
    }
    const post = await clients.inspector.post(`${base}/parents-carers/questions/support_level`, { text: 'Changed by an inspector', required: 'yes' }, { formPage: `${base}/parents-carers` });
    assert.equal(post.statusCode, 403);
    assert.doesNotMatch(JSON.stringify((await surveyOf('parents_carers')).definition), /Changed by an inspector/);
    assert.equal((await clients.cqc_lead.get(`${base}/parents-carers/schedule`)).statusCode, 200, 'the CQC lead may manage the surveys too');
  });

  test('a QA reader previews the survey as a respondent sees it, in each language translated', async () => {
    const preview = await clients.qa_reader.get(`${base}/children-young-people/preview`);
    assert.equal(preview.statusCode, 200);
    const body = text(preview.body);
    assert.match(body, /Preview: answers are not saved/);
    assert.match(body, /<div lang="en" dir="ltr" id="preview">/);
    assert.match(body, /Tell us about the help you get/);
    assert.match(body, /<img src="\/assets\/images\/scale-agree.svg" alt=""/);
    assert.match(body, /scale-not-sure.svg/);
    assert.match(body, /scale-disagree.svg/);
    assert.match(body, /type="radio" value="agree" disabled/);
    assert.match(body, /Question 4 of \d+/);
    assert.doesNotMatch(body, /<form method="post"[^>]*action="[^"]*preview/, 'there is nothing to send');

    const parents = text((await clients.qa_reader.get(`${base}/parents-carers/preview`)).body);
    assert.match(parents, /Routing:<\/strong> Only asked if 'Does your child have an EHC plan\?' is 'Yes, an EHC plan'/);
    assert.match(parents, /type="checkbox" value="autism" disabled/);
    assert.match(parents, /<textarea class="govuk-textarea" id="preview-[a-z_]+" name="preview-[a-z_]+" rows="5" disabled/);
    assert.match(parents, /\(optional\)/);
    assert.doesNotMatch(parents, /govuk-language-navigation/, 'no language switcher without translations');

    const survey = await surveyOf('parents_carers');
    await changeDefinition(t.db.kysely, survey.id, { id: users.ofsted_lead.userId, label: users.ofsted_lead.email }, {
      action: 'survey.translation-changed',
      wording: false,
      edit: (definition) => {
        definition.translations.ur = { title: 'والدین اور دیکھ بھال کرنے والے', introduction: 'انسپکٹر آپ سے سننا چاہتے ہیں۔', phrases: { optional: '(اختیاری)' } };
        definition.questions[0]!.translations.ur = { text: 'آپ کون ہیں؟' };
        return definition;
      },
    });
    const english = await clients.qa_reader.get(`${base}/parents-carers/preview`);
    assert.match(english.body, /govuk-language-navigation/);
    assert.match(english.body, new RegExp(`href="${base}/parents-carers/preview\\?language=ur" rel="alternate" lang="ur" hreflang="ur" dir="rtl">اردو`));
    assert.match(english.body, /Not offered to people answering yet[^<]*Urdu/);
    const urdu = await clients.qa_reader.get(`${base}/parents-carers/preview?language=ur`);
    assert.equal(urdu.statusCode, 200);
    assert.match(urdu.body, /<div lang="ur" dir="rtl" id="preview">/);
    assert.match(urdu.body, /والدین اور دیکھ بھال کرنے والے/);
    assert.match(urdu.body, /آپ کون ہیں؟/);
    assert.match(urdu.body, /<p class="govuk-body-s" lang="en" dir="ltr"><strong>Routing:/, 'notes for inspectors stay in English');
    const unknown = await clients.qa_reader.get(`${base}/parents-carers/preview?language=xx`);
    assert.equal(unknown.statusCode, 200);
    assert.match(unknown.body, /no translation in the language you asked for \(xx\)/);
    assert.match(unknown.body, /<div lang="en" dir="ltr" id="preview">/);
  });
});
