// HTTP tests of the distribution pages on PGlite and PostgreSQL: links with their full address and
// QR code, who may add one, live counts by link, day and language, and translating a survey into
// Urdu until it can be offered.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { transitionInspection } from '../inspections/inspection.service.ts';
import { createTestUser, signInAs, signInWithPassword } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { formatDate } from '../platform/web/format.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { respondentLink, safeFileName } from './survey-distribution.routes.ts';
import { createSurveyFixture, openWithLink, type SurveyFixture } from './survey-test-support.ts';
import { translationItems, type TranslationItem } from './survey-translation.ts';
import { addChannel, getSurvey, submitResponse, type Survey } from './survey.service.ts';
import { newClientKey, type Answers } from './survey.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const PARENT_ANSWERS: Answers = {
  respondent_role: 'parent',
  age_phase: 'age_5_10',
  support_level: 'ehc_plan',
  needs_identified_early: 'agree',
  right_help_right_time: 'disagree',
  overall_rating: 'poor',
};

test('QR code file names are safe in a header and on any system', () => {
  assert.equal(safeFileName('parents-carers', 'Council newsletter'), 'parents-carers-council-newsletter');
  assert.equal(safeFileName('practitioners', 'École "Saint-Jean" / Health\r\nServices'), 'practitioners-ecole-saint-jean-health-services');
  assert.equal(safeFileName('children-young-people', 'فورم'), 'children-young-people');
  assert.equal(respondentLink('https://send.example.gov.uk/', 'abc123XYZ0'), 'https://send.example.gov.uk/s/abc123XYZ0');
});

describeEachDatabase('survey distribution pages', (kind) => {
  let t: TestApp;
  let fixture: SurveyFixture;
  let lead: TestClient;
  let officer: TestClient;

  before(async () => {
    t = await createTestApp(kind);
    fixture = await createSurveyFixture(t.db);
    // The local area sees the inspection, and its surveys, once it has been notified.
    await transitionInspection(t.db.kysely, fixture.inspectionId, { to: 'notified' }, fixture.leadActor);
    lead = new TestClient(t.app);
    await signInWithPassword(lead, fixture.lead.email, fixture.lead.password);
    officer = new TestClient(t.app);
    await signInAs(officer, t.db, { organisation: 'local_area', areaRole: { laCode: '352', role: 'nominated_officer' } });
  });
  after(async () => {
    await t.close();
  });

  const surveyPath = (slug: string, rest = '') => `/inspections/${fixture.inspectionId}/surveys/${slug}${rest}`;

  async function respond(survey: Survey, channelId: string | null, answers: Answers = PARENT_ANSWERS, language = 'en') {
    const result = await submitResponse(t.db.kysely, survey, { surveyId: survey.id, channelId, language, answers, idempotencyKey: newClientKey(), source: 'api', keySecret: fixture.keySecret });
    assert.equal(result.outcome, 'stored');
  }

  test('the links page lists each link with its full address, response count and QR code', async () => {
    const { survey, channel } = await openWithLink(t.db, fixture, 'parents_carers', 'Council newsletter');
    await respond(survey, channel.id);
    const page = await lead.get(surveyPath('parents-carers', '/links'));
    assert.equal(page.statusCode, 200);
    const address = `${t.config.serviceUrl}/s/${channel.code}`;
    assert.match(page.body, new RegExp(`<label class="govuk-label govuk-visually-hidden" for="link-${channel.id}">Link for Council newsletter</label>`));
    assert.match(page.body, new RegExp(`id="link-${channel.id}" type="text" value="${address}" readonly`));
    assert.match(page.body, /<td class="govuk-table__cell govuk-table__cell--numeric">1<\/td>/);
    assert.ok(page.body.includes(`href="${surveyPath('parents-carers', `/links/${channel.id}/qr.png`)}" download>Download QR code (PNG)`));
    assert.match(page.body, /contain no personal data/);
    assert.match(page.body, /<h2 class="govuk-heading-m">Add a link<\/h2>/);
  });

  test('a lead adds a link by name; a name used already is refused with what was typed kept', async () => {
    const added = await lead.post(surveyPath('parents-carers', '/links'), { name: '  Parent   carer forum ' });
    assert.equal(added.statusCode, 302);
    assert.equal(added.headers.location, surveyPath('parents-carers', '/links'));
    const page = await lead.get(surveyPath('parents-carers', '/links'));
    assert.match(page.body, /Link added: Parent carer forum/);
    assert.match(page.body, /<th scope="row" class="govuk-table__header">Parent carer forum<\/th>/);

    const duplicate = await lead.post(surveyPath('parents-carers', '/links'), { name: 'parent carer FORUM' });
    assert.equal(duplicate.statusCode, 200);
    assert.match(duplicate.body, /<title>Error: /);
    assert.match(duplicate.body, /href="#name">There is already a link called &quot;parent carer FORUM&quot;/);
    assert.match(duplicate.body, /id="name" name="name" type="text"[^>]*value="parent carer FORUM"/);

    const blank = await lead.post(surveyPath('parents-carers', '/links'), { name: '   ' });
    assert.equal(blank.statusCode, 200);
    assert.match(blank.body, /Enter a name for the link/);
    const tooLong = await lead.post(surveyPath('parents-carers', '/links'), { name: 'S'.repeat(81) });
    assert.match(tooLong.body, /80 characters or fewer/);
    assert.ok(tooLong.body.includes(`value="${'S'.repeat(81)}"`));
    const names = await t.db.kysely.selectFrom('survey_channel').select('name').where('survey_id', '=', fixture.surveys.get('parents_carers')!.id).execute();
    assert.deepEqual(names.map((n) => n.name).sort(), ['Council newsletter', 'Parent carer forum']);
  });

  test('the QR code is a 600 pixel PNG of the link, downloaded as a file', async () => {
    const survey = fixture.surveys.get('parents_carers')!;
    const channel = (await t.db.kysely.selectFrom('survey_channel').selectAll().where('survey_id', '=', survey.id).where('name', '=', 'Council newsletter').executeTakeFirstOrThrow());
    const response = await lead.get(surveyPath('parents-carers', `/links/${channel.id}/qr.png`));
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'image/png');
    assert.equal(response.headers['content-disposition'], 'attachment; filename="parents-carers-council-newsletter-qr.png"');
    assert.match(String(response.headers['cache-control']), /^private/);
    const png = response.rawPayload;
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    // The IHDR chunk follows the signature: width and height are its first two numbers.
    assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
    assert.equal(png.readUInt32BE(16), 600);
    assert.equal(png.readUInt32BE(20), 600);

    // A link of another survey, or no link at all, is not found through this survey's address.
    const other = await addChannel(t.db.kysely, fixture.surveys.get('practitioners')!.id, 'Schools', fixture.leadActor);
    assert.equal((await lead.get(surveyPath('parents-carers', `/links/${other.id}/qr.png`))).statusCode, 404);
    assert.equal((await lead.get(surveyPath('practitioners', `/links/${other.id}/qr.png`))).statusCode, 200);
    assert.equal((await lead.get(surveyPath('parents-carers', '/links/not-a-channel/qr.png'))).statusCode, 404);
  });

  test("the area's nominated officer sees the links to pass on but cannot add one, nor see live counts", async () => {
    const page = await officer.get(surveyPath('parents-carers', '/links'));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Council newsletter/);
    assert.doesNotMatch(page.body, /Add a link/);
    // The survey's design is the team's: the area goes back to the inspection instead.
    assert.ok(page.body.includes(`<a class="govuk-link" href="/inspections/${fixture.inspectionId}">Return to the inspection</a>`));
    const channel = await t.db.kysely.selectFrom('survey_channel').select('id').where('name', '=', 'Council newsletter').executeTakeFirstOrThrow();
    assert.equal((await officer.get(surveyPath('parents-carers', `/links/${channel.id}/qr.png`))).statusCode, 200);

    const refused = await officer.post(surveyPath('parents-carers', '/links'), { name: 'Schools' }, { formPage: surveyPath('parents-carers', '/links') });
    assert.equal(refused.statusCode, 403);
    assert.equal((await officer.get(surveyPath('parents-carers', '/live'))).statusCode, 403);
    assert.equal((await officer.get(`/inspections/${fixture.inspectionId}/surveys/live`)).statusCode, 403);

    // Another area's officer does not learn that the inspection exists.
    const stranger = new TestClient(t.app);
    await signInAs(stranger, t.db, { organisation: 'local_area', areaRole: { laCode: '202', role: 'nominated_officer' } });
    assert.equal((await stranger.get(surveyPath('parents-carers', '/links'))).statusCode, 404);
  });

  test('the live pages count responses by audience, link, day and language', async () => {
    const { survey, channel: schools } = await openWithLink(t.db, fixture, 'practitioners', 'Schools newsletter');
    const practitioners = (await getSurvey(t.db.kysely, survey.id))!;
    const health = await addChannel(t.db.kysely, practitioners.id, 'Health services', fixture.leadActor);
    const answers: Answers = { respondent_role: 'senco', needs_identified: 'agree', agencies_work_together: 'disagree' };
    await respond(practitioners, schools.id, answers);
    await respond(practitioners, schools.id, answers);
    await respond(practitioners, health.id, answers);

    const page = await lead.get(surveyPath('practitioners', '/live'));
    assert.equal(page.statusCode, 200);
    const figures = page.body.slice(page.body.indexOf('id="live-figures"'));
    assert.match(figures, /Responses: <strong>3<\/strong>/);
    assert.match(figures, /<th scope="row" class="govuk-table__header">Schools newsletter<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">2<\/td>/);
    assert.match(figures, /<th scope="row" class="govuk-table__header">Health services<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">1<\/td>/);
    assert.match(figures, /<svg [^>]*role="img"/);
    assert.match(figures, new RegExp(`<th scope="row" class="govuk-table__header">${formatDate(new Date())}</th>\\s*<td class="govuk-table__cell govuk-table__cell--numeric">3</td>`));
    assert.match(figures, /<th scope="row" class="govuk-table__header">English<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">3<\/td>/);
    assert.match(page.body, /Last updated: <time datetime="/);
    assert.match(page.body, /Refresh the figures<\/a>/);
    // Updating by itself is only offered to JavaScript, and starts unticked.
    assert.match(page.body, /<div class="govuk-form-group govuk-!-margin-bottom-4" id="live-update-control" hidden>/);
    assert.doesNotMatch(page.body, /id="live-update"[^>]*checked/);
    assert.doesNotMatch(page.body, /http-equiv="refresh"/i);

    const all = await lead.get(`/inspections/${fixture.inspectionId}/surveys/live`);
    assert.equal(all.statusCode, 200);
    assert.match(all.body, /Parents and carers<\/a><\/th>[\s\S]*?--numeric">1<\/td>/);
    assert.match(all.body, /Children and young people<\/a><\/th>[\s\S]*?--numeric">0<\/td>/);
    assert.match(all.body, /Practitioners<\/a><\/th>[\s\S]*?--numeric">3<\/td>/);
    assert.match(all.body, /All surveys<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric"><strong>4<\/strong>/);
  });

  test("the children and young people's survey is translated into Urdu field by field and offered once complete", async () => {
    // Translations may be added after opening: the English wording does not change.
    const { survey } = await openWithLink(t.db, fixture, 'children_young_people', 'Youth council');
    const items = translationItems(survey.definition);
    const urdu = (item: TranslationItem) => `ترجمہ ${item.english}`;
    const fieldsOf = (kinds: TranslationItem['kind'][]) => Object.fromEntries(items.filter((i) => kinds.includes(i.kind)).map((i) => [i.field, urdu(i)]));
    const languages = surveyPath('children-young-people', '/languages');
    const form = surveyPath('children-young-people', '/languages/ur');

    const list = await lead.get(languages);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(`Urdu<span [^>]*lang="ur" dir="rtl">اردو</span>[\\s\\S]*?0 of ${items.length} items translated`));
    assert.ok(list.body.includes(`href="${form}">Translate<span class="govuk-visually-hidden"> into Urdu</span>`));

    const page = await lead.get(form);
    assert.equal(page.statusCode, 200);
    const inputs = page.body.match(/<(input|textarea) class="govuk-(input|textarea)[^"]*" id="[^"]+" name="[^"]+"[^>]*>/g) ?? [];
    assert.equal(inputs.length, items.length);
    for (const input of inputs) assert.match(input, /lang="ur" dir="rtl"/);
    assert.match(page.body, /<label class="govuk-label govuk-label--s" for="q-adults_listen-text">\s*Adults listen to me.\s*<\/label>/);

    // The title and introduction first; the area's officer, who may translate, adds the page text.
    assert.equal((await lead.post(form, fieldsOf(['title', 'introduction']))).statusCode, 302);
    const phrases = await officer.post(form, fieldsOf(['phrase']));
    assert.equal(phrases.statusCode, 302);
    assert.equal(phrases.headers.location, languages);

    const early = await lead.post(languages, { action: 'offer', language: 'ur' });
    assert.equal(early.statusCode, 200);
    assert.match(early.body, /<title>Error: /);
    assert.match(early.body, /href="#language-ur">Translate everything before offering Urdu: \d+ items are still in English only/);

    // Too long: refused beside the field, with every answer typed kept.
    const questions = fieldsOf(['text', 'hint', 'option']);
    const tooLong = await lead.post(form, { ...questions, 'q-best_thing-text': 'ل'.repeat(501) });
    assert.equal(tooLong.statusCode, 200);
    assert.match(tooLong.body, /href="#q-best_thing-text">The Urdu for &quot;What is the best thing about the help you get\?&quot; must be 500 characters or fewer/);
    assert.ok(tooLong.body.includes(`value="${questions['q-adults_listen-text']}"`));
    assert.ok(tooLong.body.includes('ل'.repeat(501)));
    assert.equal((await getSurvey(t.db.kysely, survey.id))!.definition.questions.find((q) => q.id === 'adults_listen')!.translations.ur, undefined);

    const saved = await lead.post(form, questions);
    assert.equal(saved.statusCode, 302);
    const ready = await lead.get(languages);
    assert.match(ready.body, new RegExp(`${items.length} of ${items.length} items translated`));
    assert.match(ready.body, /Everything is translated: you can now offer the survey in Urdu/);

    const offered = await lead.post(languages, { action: 'offer', language: 'ur' });
    assert.equal(offered.statusCode, 302);
    const after = (await getSurvey(t.db.kysely, survey.id))!;
    assert.deepEqual(after.definition.languages, ['ur']);
    assert.equal(after.definition.questions.find((q) => q.id === 'adults_listen')!.text, 'Adults listen to me.');
    assert.equal(after.definition.questions.find((q) => q.id === 'adults_listen')!.translations.ur!.text, 'ترجمہ Adults listen to me.');
    assert.match((await lead.get(languages)).body, /Stop offering this language<span class="govuk-visually-hidden">: Urdu<\/span>/);
    const audit = await t.db.kysely.selectFrom('audit_event').select('action').where('subject_id', '=', survey.id).execute();
    assert.equal(audit.filter((a) => a.action === 'survey.translation-saved').length, 3);
    assert.equal(audit.filter((a) => a.action === 'survey.language-offered').length, 1);
  });

  test('unknown languages: a 404 for the address, a clear error when posted', async () => {
    assert.equal((await lead.get(surveyPath('children-young-people', '/languages/xx'))).statusCode, 404);
    assert.equal((await lead.get(surveyPath('children-young-people', '/languages/en'))).statusCode, 404);
    assert.equal((await lead.post(surveyPath('children-young-people', '/languages/xx'), { title: 'x' }, { formPage: surveyPath('children-young-people', '/languages') })).statusCode, 404);
    const posted = await lead.post(surveyPath('children-young-people', '/languages'), { action: 'offer', language: 'klingon' });
    assert.equal(posted.statusCode, 200);
    assert.match(posted.body, /href="#languages">&quot;klingon&quot; is not a language this service can offer surveys in/);
    assert.equal((await lead.get(surveyPath('no-such-audience', '/languages'))).statusCode, 404);
  });

  test('people outside the team and the area cannot translate', async () => {
    const outsider = new TestClient(t.app);
    const user = await createTestUser(t.db, { organisation: 'ofsted' });
    await signInWithPassword(outsider, user.email, user.password);
    assert.equal((await outsider.get(surveyPath('children-young-people', '/languages'))).statusCode, 404);
  });
});
