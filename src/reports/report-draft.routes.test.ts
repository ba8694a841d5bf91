// HTTP tests of the report's drafting and comments on PGlite and PostgreSQL, taking one inspection
// from drafting through quality assurance and the area's factual accuracy check to publication:
// forms keep what was typed on every error, a stale save shows the newer text, the comparison marks
// changes in words as well as colour, and who may do what changes with the stage.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCasesFixture, type CasesFixture } from '../cases/case-test-support.ts';
import { moveInspectionForTest } from '../inspections/inspection-test-support.ts';
import { signedInClient } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, type TestApp, type TestClient } from '../platform/web/test-app.ts';
import { addCalendarDays, todayInEngland } from '../platform/working-days.ts';
import { dayInWords } from './report-comment.ts';

function decode(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** The error summary's items as 'href message'. */
function errorSummary(html: string): string[] {
  const start = html.indexOf('govuk-error-summary__list');
  if (start < 0) return [];
  const list = html.slice(start, html.indexOf('</ul>', start));
  return [...list.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${decode(m[2]!)}`);
}

function forbidden(response: { statusCode: number; body: string }): boolean {
  return response.statusCode === 403 && response.body.includes('You do not have permission');
}

describeEachDatabase('report drafting and comment pages', (kind) => {
  let t: TestApp;
  let fixture: CasesFixture;
  let lead: TestClient;
  let inspector: TestClient;
  let qaReader: TestClient;
  let officer: TestClient;

  const path = (rest = '') => `/inspections/${fixture.inspectionId}/report${rest}`;
  const count = async (table: 'report_version' | 'report_comment') =>
    Number((await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow()).n);
  const draft = (overrides: Record<string, string> = {}) => ({
    'section-about_partnership': '',
    'section-experience': 'Families told inspectors they feel heard.\n\nSome wait too long for assessments.',
    'section-effective': '',
    'section-do_better': 'Leaders should:\n- cut waiting times\n- check plans',
    changeNote: '',
    expectedVersion: '0',
    ...overrides,
  });
  const hiddenVersion = (html: string) => /name="expectedVersion" value="(\d+)"/.exec(html)?.[1];
  const textareaOf = (html: string, code: string) => decode(new RegExp(`<textarea[^>]*name="section-${code}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1] ?? '').trim();

  before(async () => {
    t = await createTestApp(kind);
    fixture = await createCasesFixture(t.db);
    await moveInspectionForTest(t.db.kysely, fixture.inspectionId, 'reporting');
    lead = await signedInClient(t.app, fixture.lead);
    inspector = await signedInClient(t.app, fixture.inspector);
    qaReader = await signedInClient(t.app, fixture.qaReader);
    officer = await signedInClient(t.app, fixture.officer);
  });
  after(async () => {
    await t.close();
  });

  test('the hub shows the stage and the tasks from draft to publication; the area may not see it', async () => {
    assert.ok((await inspector.get(`/inspections/${fixture.inspectionId}`)).body.includes(`href="${path()}"`), 'the inspection page leads to the report');
    assert.ok(!(await officer.get(`/inspections/${fixture.inspectionId}`)).body.includes(path()), 'the area is not offered the team’s report pages');
    const hub = await inspector.get(path());
    assert.equal(hub.statusCode, 200);
    const html = decode(hub.body);
    assert.ok(html.includes('The report'));
    assert.ok(html.includes('Write the draft report'));
    assert.ok(html.includes('Not yet started'));
    assert.ok(html.includes('Cannot start yet'));
    assert.ok(html.includes('No draft has been saved yet.'));
    assert.ok(html.includes(path('/edit')));
    assert.ok(forbidden(await officer.get(path())));
  });

  test('an inspector writes the draft; it is saved as version 1 and shown again for editing, markup as text', async () => {
    const form = await inspector.get(path('/edit'));
    assert.equal(form.statusCode, 200);
    assert.ok(form.body.includes('name="section-experience"'));
    assert.ok(decode(form.body).includes('What is it like to be a child or young person with SEND in this area?'));
    assert.ok(!form.body.includes('name="section-inspection_outcome"'), 'sections made from data are not typed');
    assert.equal(hiddenVersion(form.body), '0');

    const saved = await inspector.post(path('/edit'), draft({ 'section-effective': 'Leaders <script>alert(1)</script> listen.', changeNote: 'First draft' }));
    assert.equal(saved.statusCode, 302);
    assert.equal(saved.headers.location, path('/edit'));
    const again = await inspector.get(path('/edit'));
    assert.ok(again.body.includes('Version 1 of the draft saved'));
    assert.equal(hiddenVersion(again.body), '1');
    assert.equal(textareaOf(again.body, 'do_better'), 'Leaders should:\n- cut waiting times\n- check plans');
    assert.ok(!again.body.includes('<script>alert(1)</script>'));
    assert.ok(again.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));

    const preview = await inspector.get(path('/preview'));
    assert.equal(preview.statusCode, 200);
    assert.ok(decode(preview.body).includes('Families told inspectors they feel heard.'));
    assert.ok(!preview.body.includes('<script>alert(1)</script>'));
    assert.ok(!preview.body.includes('Comment on this paragraph'), 'inspectors do not comment on paragraphs');

    const same = await inspector.post(path('/edit'), draft({ 'section-effective': 'Leaders <script>alert(1)</script>   listen.', expectedVersion: '1' }));
    assert.equal(same.statusCode, 302);
    assert.ok(decode((await inspector.get(path('/edit'))).body).includes('There were no changes to save'));
    assert.equal(await count('report_version'), 1);
  });

  test('a draft over the limits is shown again with errors naming the section, the typing kept and nothing saved', async () => {
    const long = 'word '.repeat(700).trim();
    const bad = await inspector.post(path('/edit'), draft({ 'section-experience': `Short.\n\n${long}`, 'section-do_better': 'Kept text', changeNote: 'x'.repeat(1001), expectedVersion: '1' }), { formPage: path('/edit') });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(errorSummary(bad.body), [
      '#section-experience Paragraph 2 of ‘What is it like to be a child or young person with SEND in this area?’ must be 3,000 characters or fewer (it has 3,499): split it into shorter paragraphs',
      '#changeNote The note of what changed must be 1,000 characters or fewer',
    ]);
    assert.equal(textareaOf(bad.body, 'do_better'), 'Kept text');
    assert.ok(textareaOf(bad.body, 'experience').endsWith(long));
    assert.equal(await count('report_version'), 1);
  });

  test('a save from a page opened before someone else saved shows their text, keeps the typing, and a second save replaces it', async () => {
    const leadForm = await lead.get(path('/edit'));
    const inspectorForm = await inspector.get(path('/edit'));
    assert.equal(hiddenVersion(leadForm.body), '1');
    assert.equal(hiddenVersion(inspectorForm.body), '1');
    assert.equal((await lead.post(path('/edit'), draft({ 'section-experience': 'Families told inspectors they feel heard and valued.', expectedVersion: '1', changeNote: 'Tightened' }))).statusCode, 302);

    const stale = await inspector.post(path('/edit'), draft({ 'section-experience': 'My own rewrite of the experience.', expectedVersion: '1' }));
    assert.equal(stale.statusCode, 409);
    const html = decode(stale.body);
    assert.equal(errorSummary(stale.body).length, 1);
    assert.match(errorSummary(stale.body)[0]!, /^#newer-version .* saved version 2 of the draft while you were editing/);
    assert.equal(textareaOf(stale.body, 'experience'), 'My own rewrite of the experience.');
    assert.ok(html.includes('Version 2 of this section'));
    assert.ok(html.includes('Families told inspectors they feel heard and valued.'));
    assert.ok(html.includes('Tightened'));
    assert.equal(hiddenVersion(stale.body), '2', 'saving again from this page replaces version 2 knowingly');
    assert.equal(await count('report_version'), 2);

    const replaced = await inspector.post(path('/edit'), draft({ 'section-experience': 'My own rewrite of the experience.', expectedVersion: '2' }));
    assert.equal(replaced.statusCode, 302);
    assert.equal(await count('report_version'), 3);
  });

  test('the versions are listed, each can be read, and any two compared with changes marked in words', async () => {
    const list = decode((await inspector.get(path('/versions'))).body);
    assert.ok(list.includes('Version 3'));
    assert.ok(list.includes('First draft'));
    assert.ok(list.includes(path('/versions/compare?from=2&to=3')));

    const one = decode((await inspector.get(path('/versions/1'))).body);
    assert.ok(one.includes('Version 1 of the draft'));
    assert.ok(one.includes('Some wait too long for assessments.'));
    assert.ok(one.includes('Nothing written in this section.'));

    const compare = await inspector.get(path('/versions/compare?from=1&to=2'));
    assert.equal(compare.statusCode, 200);
    assert.ok(compare.body.includes('<ins class="app-diff__added"><span class="govuk-visually-hidden">[added: </span>and valued'), 'words added are marked for screen readers too');
    assert.ok(compare.body.includes('<del class="app-diff__removed"><span class="govuk-visually-hidden">[removed: </span>Some wait too long for assessments.'));
    assert.ok(decode(compare.body).includes('No changes: show the section'));
    assert.ok(decode(compare.body).includes('2 sections changed'));

    const bad = await inspector.get(path('/versions/compare?from=&to=x'));
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(errorSummary(bad.body), ['#from Select the version to compare from', '#to Select the version to compare with']);
    assert.equal((await inspector.get(path('/versions/compare?from=1&to=99'))).statusCode, 404);
    assert.equal((await inspector.get(path('/versions/99'))).statusCode, 404);
    assert.equal((await inspector.get(path('/versions/abc'))).statusCode, 404);
  });

  test('while drafting, the QA reader may read but not change the draft nor comment on it', async () => {
    assert.ok(forbidden(await qaReader.get(path('/edit'))));
    assert.ok(forbidden(await qaReader.get(path('/paragraphs/experience.1/comment?version=3'))));
    const preview = await qaReader.get(path('/preview'));
    assert.equal(preview.statusCode, 200);
    assert.ok(!preview.body.includes('Comment on this paragraph'));
  });

  test('in quality assurance the QA reader comments on a paragraph and the team resolves the comment', async () => {
    await moveInspectionForTest(t.db.kysely, fixture.inspectionId, 'quality_assurance');
    const hub = decode((await qaReader.get(path())).body);
    assert.ok(hub.includes(`href="${path('/send-for-factual-accuracy')}"`), 'the QA reader is offered sending the draft to the area');
    const preview = await qaReader.get(path('/preview'));
    const link = path('/paragraphs/experience.1/comment?version=3');
    assert.ok(preview.body.includes(link.replace(/&/g, '&amp;')), 'each paragraph links to its comment form');

    const form = await qaReader.get(link);
    assert.equal(form.statusCode, 200);
    assert.ok(decode(form.body).includes('My own rewrite of the experience.'));

    const empty = await qaReader.post(path('/paragraphs/experience.1/comment'), { body: '  ', version: '3' }, { formPage: link });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(errorSummary(empty.body), ['#body Enter your comment']);

    const added = await qaReader.post(path('/paragraphs/experience.1/comment'), { body: 'Say which families.\n\nAnd how many.', version: '3' }, { formPage: link });
    assert.equal(added.statusCode, 302);
    assert.equal(added.headers.location, path('/preview#experience.1'));
    assert.equal(await count('report_comment'), 1);

    assert.ok(forbidden(await officer.get(path('/factual-accuracy'))), 'the area sees nothing until the draft is sent');

    const comments = await inspector.get(path('/comments'));
    const html = decode(comments.body);
    assert.ok(html.includes('Say which families.'));
    assert.ok(html.includes('And how many.'));
    assert.ok(html.includes('Mark as resolved'));
    const id = /\/comments\/([0-9a-f-]{36})\/answer/.exec(comments.body)![1]!;
    assert.ok(forbidden(await qaReader.post(path(`/comments/${id}/answer`), { decision: 'resolve', response: '' }, { formPage: path('/comments') })), 'the QA reader does not resolve their own comments');
    const resolved = await inspector.post(path(`/comments/${id}/answer`), { decision: 'resolve', response: 'Named the families.', show: 'open' }, { formPage: path('/comments') });
    assert.equal(resolved.statusCode, 302);
    const all = decode((await inspector.get(path('/comments?show=all'))).body);
    assert.ok(all.includes('Comment resolved'));
    assert.ok(all.includes(`Resolved by ${fixture.inspector.displayName}`));
    assert.ok(all.includes('Named the families.'));
  });

  test('in the factual accuracy check the area reads the embargoed draft sent and comments until its deadline; inspectors reject only with a reason', async () => {
    await moveInspectionForTest(t.db.kysely, fixture.inspectionId, 'factual_accuracy');
    const today = todayInEngland();
    await t.db.kysely.updateTable('report').set({ factual_accuracy_version: 3, factual_accuracy_sent_at: new Date(), factual_accuracy_deadline: today }).where('inspection_id', '=', fixture.inspectionId).execute();
    assert.ok(forbidden(await qaReader.get(path('/paragraphs/experience.1/comment?version=3'))), 'QA comments are over');

    assert.ok((await officer.get(`/inspections/${fixture.inspectionId}`)).body.includes(path('/factual-accuracy')), 'the area’s inspection page leads to the draft');
    const page = await officer.get(path('/factual-accuracy'));
    assert.equal(page.statusCode, 200);
    const html = decode(page.body);
    assert.ok(html.includes('This draft is embargoed. Do not share it'));
    assert.ok(html.includes(`Send your comments by 11:59pm on ${dayInWords(today)} (UK time).`));
    assert.ok(html.includes('This is version 3 of the draft'));
    assert.ok(html.includes('My own rewrite of the experience.'));
    const link = path('/factual-accuracy/paragraphs/experience.1/comment');
    assert.ok(page.body.includes(link));

    const added = await officer.post(link, { body: 'Families were not asked about this.' });
    assert.equal(added.statusCode, 302);
    assert.equal(added.headers.location, path('/factual-accuracy#experience.1'));

    const hub = decode((await inspector.get(path())).body);
    assert.ok(hub.includes('Sign-off by the Ofsted and CQC leads'));
    assert.ok(hub.includes('Before the leads can sign off'));
    assert.ok(hub.includes('Answer 1 factual accuracy comment'));

    const comments = await inspector.get(path('/comments'));
    const id = [...comments.body.matchAll(/\/comments\/([0-9a-f-]{36})\/answer/g)].map((m) => m[1]!).at(-1)!;
    const noReason = await inspector.post(path(`/comments/${id}/answer`), { decision: 'reject', response: ' ' }, { formPage: path('/comments') });
    assert.equal(noReason.statusCode, 400);
    assert.deepEqual(errorSummary(noReason.body), [`#response-${id} Enter why you are rejecting this comment`]);
    assert.match(noReason.body, new RegExp(`id="decision-${id}-2" name="decision" type="radio" value="reject" checked`));
    const rejected = await inspector.post(path(`/comments/${id}/answer`), { decision: 'reject', response: 'Inspectors met 12 families who said so.' }, { formPage: path('/comments') });
    assert.equal(rejected.statusCode, 302);

    const answered = decode((await officer.get(path('/factual-accuracy'))).body);
    assert.ok(answered.includes('Families were not asked about this.'));
    assert.ok(answered.includes('Inspectors met 12 families who said so.'));
    assert.ok(answered.includes('Rejected by'));
  });

  test('after the deadline day the area’s page says so, offers no comment links, and a late comment is refused with the typing kept', async () => {
    const yesterday = addCalendarDays(todayInEngland(), -1);
    await t.db.kysely.updateTable('report').set({ factual_accuracy_deadline: yesterday }).where('inspection_id', '=', fixture.inspectionId).execute();
    const page = decode((await officer.get(path('/factual-accuracy'))).body);
    const closed = `The deadline for factual accuracy comments was 11:59pm on ${dayInWords(yesterday)}. Contact the lead inspector`;
    assert.ok(page.includes(closed));
    assert.ok(!page.includes('Comment on this paragraph'));

    const before = await count('report_comment');
    const late = await officer.post(path('/factual-accuracy/paragraphs/experience.1/comment'), { body: 'One more thing.' }, { formPage: path('/factual-accuracy') });
    assert.equal(late.statusCode, 409);
    assert.ok(decode(late.body).includes(closed));
    assert.ok(decode(late.body).includes('One more thing.'), 'what was typed is kept to copy');
    assert.equal(await count('report_comment'), before);
  });

  test('once published nothing can be edited or commented on, and the area no longer sees the draft', async () => {
    await moveInspectionForTest(t.db.kysely, fixture.inspectionId, 'published');
    assert.ok(forbidden(await inspector.get(path('/edit'))));
    assert.ok(forbidden(await lead.post(path('/edit'), draft({ expectedVersion: '3' }), { formPage: path() })));
    assert.ok(forbidden(await officer.get(path('/factual-accuracy'))));
    const comments = await inspector.get(path('/comments'));
    assert.equal(comments.statusCode, 200);
    assert.ok(!comments.body.includes('/answer"'), 'no answer forms');
    const hub = decode((await inspector.get(path())).body);
    assert.ok(hub.includes('Published'));
    assert.equal(await count('report_version'), 3);
  });
});
