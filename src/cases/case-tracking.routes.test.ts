// HTTP tests of the case tracking pages on PGlite and PostgreSQL: who may see them, the child's
// record and its audit, recording the meeting and adding notes, with their error messages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signedInClient } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { addAcceptedImport, addFixtureSample, createCasesFixture, type CasesFixture, type FixtureImport, type FixtureSample } from './case-test-support.ts';
import { PRIMARY_NEED_LABELS } from './case.ts';

function decode(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** The text of the page's error summary items. */
function errorSummary(html: string): string[] {
  const start = html.indexOf('govuk-error-summary__list');
  if (start < 0) return [];
  const list = html.slice(start, html.indexOf('</ul>', start));
  return [...list.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${decode(m[2]!)}`);
}

function isChecked(html: string, name: string, value: string): boolean {
  return new RegExp(`name="${name}" type="checkbox" value="${value}" checked`).test(html);
}

describeEachDatabase('case tracking pages', (kind) => {
  let t: TestApp;
  let fixture: CasesFixture;
  let imported: FixtureImport;
  let sample: FixtureSample;
  let lead: TestClient;
  let inspector: TestClient;
  let officer: TestClient;
  let qaReader: TestClient;

  const path = (rest = '') => `/inspections/${fixture.inspectionId}/cases/tracked${rest}`;
  const caseOf = (index: number) => sample.caseIds.get(imported.people[index]!.personId)!;

  before(async () => {
    t = await createTestApp(kind);
    fixture = await createCasesFixture(t.db);
    imported = await addAcceptedImport(t.db, fixture, { count: 40, seed: 11 });
    const ids = imported.people.map((p) => p.personId);
    sample = await addFixtureSample(t.db, fixture, imported, { tracked: ids.slice(0, 3), review: ids.slice(3, 5) });
    await t.db.kysely.updateTable('sampled_case').set({ replaced_at: new Date(), replaced_reason: 'Family declined' }).where('id', '=', caseOf(2)).execute();
    const signIn = (user: { email: string; password: string }) => signedInClient(t.app, user);
    lead = await signIn(fixture.lead);
    inspector = await signIn(fixture.inspector);
    officer = await signIn(fixture.officer);
    qaReader = await signIn(fixture.qaReader);
  });
  after(async () => {
    await t.close();
  });

  test('the team sees the tracked children with their progress; the area and the QA reader are refused', async () => {
    const page = await inspector.get(path());
    assert.equal(page.statusCode, 200);
    const html = decode(page.body);
    assert.ok(html.includes(imported.people[0]!.personId) && html.includes(imported.people[1]!.personId));
    assert.ok(!html.includes(imported.people[2]!.personId), 'a replaced child is not listed');
    assert.ok(!html.includes(imported.people[3]!.personId), 'plans to review are not tracked children');
    assert.ok(html.includes('2 tracked children'));
    assert.equal((await officer.get(path())).statusCode, 403);
    assert.equal((await qaReader.get(path())).statusCode, 403);
  });

  test('a child’s page shows the record without names or birth dates, and every view is audited', async () => {
    const person = imported.people[0]!;
    const response = await inspector.get(path(`/${caseOf(0)}`));
    assert.equal(response.statusCode, 200);
    const html = decode(response.body);
    assert.ok(html.includes(`Tracked child ${person.personId}`));
    assert.ok(html.includes(PRIMARY_NEED_LABELS[person.primaryNeed]));
    assert.ok(html.includes(`${person.age} (on 2 November 2026, the date of the data)`));
    assert.ok(!html.includes(person.birthMonth), 'no month of birth');
    assert.ok(html.includes('No notes yet.'));
    const audits = await t.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'cases.view-tracked-case').where('subject_id', '=', caseOf(0)).execute();
    assert.equal(audits.length, 1);
    assert.equal(audits[0]!.actor_user_id, fixture.inspector.userId);

    assert.equal((await officer.get(path(`/${caseOf(0)}`))).statusCode, 403, 'the area never sees the record');
    assert.equal((await inspector.get(path(`/${caseOf(2)}`))).statusCode, 404, 'replaced');
    assert.equal((await inspector.get(path(`/${caseOf(3)}`))).statusCode, 404, 'a plan to review');
    assert.equal((await inspector.get(path('/00000000-0000-4000-8000-000000000000'))).statusCode, 404);
    assert.equal((await inspector.get(path('/not-a-case'))).statusCode, 404);
  });

  test('the meeting form says what is wrong, keeps what was typed, then saves', async () => {
    const url = path(`/${caseOf(1)}/meeting`);
    assert.equal((await inspector.get(url)).statusCode, 200);

    const impossible = await inspector.post(url, { 'heldOn-day': '31', 'heldOn-month': '2', 'heldOn-year': '2026', attendees: ['family', 'health'], attendeeNote: 'Mother and the school nurse' });
    assert.equal(impossible.statusCode, 400);
    assert.deepEqual(errorSummary(impossible.body), ['#heldOn-day Date of the meeting must be a real date']);
    assert.ok(impossible.body.includes('name="heldOn-day" type="text" value="31"'));
    assert.ok(isChecked(impossible.body, 'attendees', 'family') && isChecked(impossible.body, 'attendees', 'health'));
    assert.ok(impossible.body.includes('Mother and the school nurse'));

    const late = await inspector.post(url, { 'heldOn-day': '1', 'heldOn-month': '12', 'heldOn-year': '2026', attendees: 'family', attendeeNote: '' });
    assert.equal(late.statusCode, 400);
    assert.deepEqual(errorSummary(late.body), ['#heldOn-day Date of the meeting must be on or before 27 November 2026, the last day on site']);

    const nobody = await inspector.post(url, { 'heldOn-day': '24', 'heldOn-month': '11', 'heldOn-year': '2026', attendeeNote: '' });
    assert.equal(nobody.statusCode, 400);
    assert.deepEqual(errorSummary(nobody.body), ['#attendees Select who took part in the meeting']);
    assert.equal(await t.db.kysely.selectFrom('tracking_meeting').selectAll().where('case_id', '=', caseOf(1)).executeTakeFirst(), undefined, 'nothing saved yet');

    const saved = await inspector.post(url, { 'heldOn-day': '24', 'heldOn-month': '11', 'heldOn-year': '2026', attendees: ['child_young_person', 'family', 'education'], attendeeNote: 'SENCo came' });
    assert.equal(saved.statusCode, 302);
    assert.equal(saved.headers.location, path(`/${caseOf(1)}`));
    const html = decode((await inspector.get(path(`/${caseOf(1)}`))).body);
    assert.ok(html.includes('Tracking meeting saved'));
    assert.ok(html.includes('24 November 2026'));
    assert.ok(html.includes('Child or young person, Family, Education'));
    const again = await inspector.get(url);
    assert.ok(again.body.includes('name="heldOn-month" type="text" value="11"'), 'the form shows the saved meeting');
    assert.ok(isChecked(again.body, 'attendees', 'education'));

    const list = decode((await inspector.get(path())).body);
    assert.ok(list.includes('Meeting recorded'));
  });

  test('a note is added with the criteria it is evidence for; a bad note re-renders the child’s page with the text kept', async () => {
    const url = path(`/${caseOf(0)}/notes`);
    const formPage = path(`/${caseOf(0)}`);
    const empty = await lead.post(url, { body: '  ', criteria: ['I3'] }, { formPage });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(errorSummary(empty.body), ['#body Enter the note']);
    assert.ok(isChecked(empty.body, 'criteria', 'I3'), 'the criteria chosen are kept');
    assert.ok(decode(empty.body).includes('Tracked child'), 'the child’s page again');

    const long = 'The plan does not say who provides speech therapy. '.repeat(200).slice(0, 10_050);
    const tooLong = await lead.post(url, { body: long }, { formPage });
    assert.equal(tooLong.statusCode, 400);
    assert.deepEqual(errorSummary(tooLong.body), [`#body The note must be 10,000 characters or fewer (it has ${long.trim().length.toLocaleString('en-GB')}): split it into two notes`]);
    assert.ok(decode(tooLong.body).includes(long.trim()), 'what was typed is kept');

    const crafted = await lead.post(url, { body: 'Fine', criteria: 'Q7' }, { formPage });
    assert.equal(crafted.statusCode, 400);
    assert.deepEqual(errorSummary(crafted.body), ['#criteria Select criteria of this inspection’s framework: Q7 is not one of them']);

    const added = await lead.post(url, { body: 'Outcomes are not SMART.\n\nHealth advice was missing.', criteria: ['I3', 'L4'] }, { formPage });
    assert.equal(added.statusCode, 302);
    const html = decode((await lead.get(formPage)).body);
    assert.ok(html.includes('<p class="govuk-body">Outcomes are not SMART.</p>'));
    assert.ok(html.includes('I3: Children and young people receive the right help at the right time.'));
    assert.ok(html.includes('L4: Leaders commission services'));
    assert.ok(html.includes(fixture.lead.displayName));
    const notes = await t.db.kysely.selectFrom('tracking_note').selectAll().where('case_id', '=', caseOf(0)).execute();
    assert.equal(notes.length, 1);
    assert.deepEqual(notes[0]!.criteria, ['I3', 'L4']);

    assert.equal((await officer.post(url, { body: 'From the area' }, { formPage: `/inspections/${fixture.inspectionId}` })).statusCode, 403);
    assert.equal((await qaReader.post(url, { body: 'From QA' }, { formPage: `/inspections/${fixture.inspectionId}` })).statusCode, 403);
    assert.equal((await lead.post(path(`/${caseOf(3)}/notes`), { body: 'On a plan to review' }, { formPage })).statusCode, 404);
    assert.equal((await t.db.kysely.selectFrom('tracking_note').selectAll().execute()).length, 1);
  });
});
