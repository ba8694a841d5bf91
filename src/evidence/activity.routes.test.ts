// HTTP tests of the fieldwork pages on PGlite and PostgreSQL: recording an activity, errors shown
// with the typing kept and nothing written, a stale correction refused, removing an activity (not
// while a note names it), the timetable's clashes, the hub's and the dashboard's totals, and who may
// see or change what.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addAcceptedImport, addFixtureSample, createCasesFixture, type CasesFixture } from '../cases/case-test-support.ts';
import { signInWithPassword, signedInClient } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { fieldworkTotals } from './activity.service.ts';
import { addFixtureActivity, addFixtureNote } from './evidence-test-support.ts';

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

describeEachDatabase('fieldwork pages', (kind) => {
  let t: TestApp;
  let fixture: CasesFixture;
  let trackedCaseId: string;
  let trackedPersonId: string;
  let lead: TestClient;
  let inspector: TestClient;
  let qaReader: TestClient;
  let officer: TestClient;

  const path = (rest = '') => `/inspections/${fixture.inspectionId}/fieldwork${rest}`;
  const activityCount = async () => Number((await t.db.kysely.selectFrom('fieldwork_activity').select((eb) => eb.fn.countAll<number>().as('n')).where('inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow()).n);

  const form = (overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
    kind: 'focus_group',
    title: 'Focus group with parents',
    'heldOn-day': '24',
    'heldOn-month': '11',
    'heldOn-year': '2026',
    startsAt: '10:00',
    endsAt: '11:00',
    place: 'Town hall',
    inspectorIds: [fixture.inspector.userId],
    'participants-parents_carers': '8',
    description: '',
    ...overrides,
  });

  before(async () => {
    t = await createTestApp(kind);
    fixture = await createCasesFixture(t.db);
    const imported = await addAcceptedImport(t.db, fixture, { count: 20, seed: 3 });
    trackedPersonId = imported.people[0]!.personId;
    const sample = await addFixtureSample(t.db, fixture, imported, { tracked: [trackedPersonId], review: [] });
    trackedCaseId = sample.caseIds.get(trackedPersonId)!;
    const signIn = (user: { email: string; password: string }) => signedInClient(t.app, user);
    lead = await signIn(fixture.lead);
    inspector = await signIn(fixture.inspector);
    qaReader = await signIn(fixture.qaReader);
    officer = await signIn(fixture.officer);
  });
  after(async () => {
    await t.close();
  });

  test('an inspector records an activity and sees it on its page and in the list', async () => {
    const blank = await inspector.get(path('/activities/new'));
    assert.equal(blank.statusCode, 200);
    assert.ok(blank.body.includes(`value="${fixture.lead.userId}"`), 'the leads are offered');
    assert.ok(!blank.body.includes(`value="${fixture.qaReader.userId}"`), 'the QA reader is not');
    assert.ok(decode(blank.body).includes(`Tracked child ${trackedPersonId}`));

    const created = await inspector.post(path('/activities/new'), form({ startsAt: '9.30', 'participants-leaders': ' ', 'participants-health_staff': '2' }));
    assert.equal(created.statusCode, 302);
    const location = created.headers.location as string;
    assert.match(location, new RegExp(`^${path('/activities/')}[0-9a-f-]{36}$`));
    const page = decode((await inspector.get(location)).body);
    assert.ok(page.includes('Activity recorded'));
    assert.ok(page.includes('09:30 to 11:00'));
    assert.ok(page.includes('Tuesday 24 November 2026'));
    assert.ok(page.includes(fixture.inspector.displayName));
    assert.ok(page.includes('No notes have been written about this activity yet.'));
    assert.ok(page.includes(`/evidence/notes/new?activityId=${location.split('/').pop()}`));
    const audits = await t.db.kysely.selectFrom('audit_event').select('action').where('subject_id', '=', location.split('/').pop()!).execute();
    assert.deepEqual(audits.map((a) => a.action).sort(), ['evidence.activity-created', 'evidence.view-activity']);

    const list = decode((await inspector.get(path('/activities'))).body);
    assert.ok(list.includes('Tuesday 24 November 2026'));
    assert.ok(list.includes('8 parents and carers, 2 health staff'));
  });

  test('bad input re-renders the form with every error linked, the typing kept, and nothing written', async () => {
    const before = await activityCount();
    const bad = await inspector.post(
      path('/activities/new'),
      form({ kind: 'setting_visit', urn: '12', startsAt: '14:00', endsAt: '13:00', 'participants-parents_carers': '-2', 'participants-leaders': 'lots', 'participants-health_staff': '5000', title: 'Visit to Oak School' }),
      { formPage: path('/activities/new') },
    );
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(errorSummary(bad.body), [
      '#settingType Select the type of setting visited',
      '#urn URN must be 6 to 8 digits, like 105432, or leave it blank if the setting has none',
      '#endsAt End time must be after the start time (14:00)',
      '#participants-parents_carers Number of parents and carers must be 0 or more',
      '#participants-health_staff Number of health staff must be 1,000 or fewer: for a larger event, count the people inspectors actually spoke with',
      '#participants-leaders Number of leaders must be a whole number, like 12',
    ]);
    const html = decode(bad.body);
    assert.ok(html.includes('value="Visit to Oak School"'));
    assert.match(html, /name="participants-leaders"[^>]*value="lots"/);
    assert.match(html, /name="urn"[^>]*value="12"/);
    assert.ok(/name="kind" type="radio" value="setting_visit" checked/.test(bad.body));
    assert.ok(new RegExp(`name="inspectorIds" type="checkbox" value="${fixture.inspector.userId}" checked`).test(bad.body));

    const badDate = await inspector.post(path('/activities/new'), form({ 'heldOn-day': '31', 'heldOn-month': '2', endsAt: '' }), { formPage: path('/activities/new') });
    assert.equal(badDate.statusCode, 400);
    assert.deepEqual(errorSummary(badDate.body), ['#heldOn-day Date of the activity must be a real date', '#endsAt Enter the end time']);

    const late = await inspector.post(path('/activities/new'), form({ 'heldOn-day': '30' }), { formPage: path('/activities/new') });
    assert.deepEqual(errorSummary(late.body), ['#heldOn-day Date of the activity must be on or before 27 November 2026, the last day on site']);

    const stranger = await inspector.post(path('/activities/new'), form({ inspectorIds: [fixture.officer.userId] }), { formPage: path('/activities/new') });
    assert.deepEqual(errorSummary(stranger.body), ['#inspectorIds Select inspectors from this inspection’s team: one of those chosen is not a lead or inspector on it']);
    assert.equal(await activityCount(), before);
  });

  test('a stale correction is refused, shows the activity as it is now, keeps the typing, and a second save goes through', async () => {
    const created = await lead.post(path('/activities/new'), form({ title: 'Meeting with leaders', kind: 'meeting', inspectorIds: [fixture.lead.userId] }));
    const id = (created.headers.location as string).split('/').pop()!;
    const editUrl = path(`/activities/${id}/edit`);
    const leadForm = await lead.get(editUrl);
    const inspectorForm = await inspector.get(editUrl);
    assert.ok(leadForm.body.includes('name="revision" value="1"'));
    assert.ok(inspectorForm.body.includes('value="Meeting with leaders"'));

    const first = await inspector.post(editUrl, form({ title: 'Meeting with SEND leaders', kind: 'meeting', revision: '1', inspectorIds: [fixture.lead.userId, fixture.inspector.userId] }), { formPage: editUrl });
    assert.equal(first.statusCode, 302);

    const stale = await lead.post(editUrl, form({ title: 'Leaders’ meeting (lead’s wording)', kind: 'meeting', revision: '1', inspectorIds: [fixture.lead.userId] }), { formPage: editUrl });
    assert.equal(stale.statusCode, 409);
    const html = decode(stale.body);
    assert.deepEqual(errorSummary(stale.body), [
      '#current-activity Someone changed this activity since you opened it. Your changes have not been saved: check the activity as it is now, then save your changes again.',
    ]);
    assert.ok(html.includes('value="Leaders’ meeting (lead’s wording)"'), 'the lead’s typing is kept');
    assert.ok(html.includes('Meeting with SEND leaders'), 'the activity as it is now is shown');
    assert.ok(stale.body.includes('name="revision" value="2"'));
    const stored = await t.db.kysely.selectFrom('fieldwork_activity').select(['title', 'revision']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(stored, { title: 'Meeting with SEND leaders', revision: 2 });

    const again = await lead.post(editUrl, form({ title: 'Leaders’ meeting (lead’s wording)', kind: 'meeting', revision: '2', inspectorIds: [fixture.lead.userId] }), { formPage: editUrl });
    assert.equal(again.statusCode, 302);
    assert.equal((await t.db.kysely.selectFrom('fieldwork_activity').select('title').where('id', '=', id).executeTakeFirstOrThrow()).title, 'Leaders’ meeting (lead’s wording)');
  });

  test('the timetable shows the on-site week and flags an inspector booked twice, with a summary linking to each', async () => {
    const ann = fixture.cqcLead;
    const a = await addFixtureActivity(t.db, fixture.inspectionId, { title: 'Focus group with parents', heldOn: '2026-11-25', startsAt: '10:00', endsAt: '11:00', inspectorIds: [ann.userId] });
    const b = await addFixtureActivity(t.db, fixture.inspectionId, { title: 'Visit to Elm Primary', kind: 'setting_visit', heldOn: '2026-11-25', startsAt: '10:30', endsAt: '12:00', inspectorIds: [ann.userId] });
    const c = await addFixtureActivity(t.db, fixture.inspectionId, { title: 'Meeting after', heldOn: '2026-11-25', startsAt: '12:00', endsAt: '13:00', inspectorIds: [ann.userId] });
    const response = await qaReader.get(path('/timetable'));
    assert.equal(response.statusCode, 200);
    const html = decode(response.body);
    for (const day of ['Monday 23 November 2026', 'Tuesday 24 November 2026', 'Wednesday 25 November 2026', 'Thursday 26 November 2026', 'Friday 27 November 2026']) {
      assert.ok(html.includes(day), day);
    }
    assert.ok(html.includes(`Clash: ${ann.displayName} is also at Focus group with parents 10:00–11:00`));
    assert.ok(html.includes(`Clash: ${ann.displayName} is also at Visit to Elm Primary 10:30–12:00`));
    assert.ok(!html.includes('is also at Meeting after'), 'touching times do not clash');
    assert.ok(html.includes(`href="#activity-${a.id}"`) && html.includes(`href="#activity-${b.id}"`));
    assert.ok(!html.includes(`href="#activity-${c.id}"`));
    assert.ok(html.includes('2 activities have an inspector booked elsewhere at the same time.'));
    assert.ok(!html.includes('Record an activity'), 'the QA reader only reads');
  });

  test('the hub and the dashboard show the computed totals; the hub counts notes and offers export to leads only', async () => {
    const fresh = await createCasesFixture(t.db);
    await addFixtureActivity(t.db, fresh.inspectionId, { kind: 'focus_group', participants: { parents_carers: 10, children_young_people: 2 } });
    await addFixtureActivity(t.db, fresh.inspectionId, { kind: 'setting_visit', urn: '105432', participants: { education_staff: 3 } });
    await addFixtureActivity(t.db, fresh.inspectionId, { kind: 'setting_visit', urn: '105432', participants: { leaders: 1 } });
    await addFixtureNote(t.db, fresh.inspectionId, { polarity: 'strength' });
    await addFixtureNote(t.db, fresh.inspectionId, { polarity: 'concern' });
    const freshLead = new TestClient(t.app);
    await signInWithPassword(freshLead, fresh.lead.email, fresh.lead.password);
    const freshQa = new TestClient(t.app);
    await signInWithPassword(freshQa, fresh.qaReader.email, fresh.qaReader.password);
    const sentence = 'Inspectors spoke to about 12 parents, carers, children and young people and 4 staff, and visited 1 setting.';

    const hub = decode((await freshLead.get(`/inspections/${fresh.inspectionId}/fieldwork`)).body);
    assert.ok(hub.includes(sentence));
    assert.ok(hub.includes('2 notes: 1 strength and 1 concern.'));
    assert.ok(hub.includes('/evidence/export.csv') && hub.includes('/evidence/export.xlsx'));
    for (const link of ['/fieldwork/activities', '/fieldwork/timetable', '/evidence/notes', '/evidence/notes/new', '/evidence/triangulation']) assert.ok(hub.includes(`/inspections/${fresh.inspectionId}${link}"`), link);

    const qaHub = await freshQa.get(`/inspections/${fresh.inspectionId}/fieldwork`);
    assert.equal(qaHub.statusCode, 200);
    assert.ok(!qaHub.body.includes('/evidence/export.csv'), 'export is for leads');
    assert.ok(!qaHub.body.includes('/evidence/notes/new'), 'the QA reader writes no notes');

    const dashboard = decode((await freshLead.get(`/inspections/${fresh.inspectionId}`)).body);
    assert.ok(dashboard.includes('Fieldwork and evidence'));
    assert.ok(dashboard.includes(sentence));
    assert.ok(dashboard.includes(`href="/inspections/${fresh.inspectionId}/fieldwork">Go to fieldwork and evidence`));
  });

  test('the QA reader may look but not change; the area’s officer sees none of it; unknown activities are 404', async () => {
    const id = (await addFixtureActivity(t.db, fixture.inspectionId, { title: 'Webinar', kind: 'parent_webinar', inspectorIds: [fixture.lead.userId] })).id;
    for (const url of [path(), path('/activities'), path(`/activities/${id}`), path('/timetable')]) {
      assert.equal((await qaReader.get(url)).statusCode, 200, url);
      assert.equal((await officer.get(url)).statusCode, 403, url);
    }
    const view = await qaReader.get(path(`/activities/${id}`));
    assert.ok(!view.body.includes('Change this activity'));
    assert.equal((await qaReader.get(path('/activities/new'))).statusCode, 403);
    assert.equal((await qaReader.get(path(`/activities/${id}/edit`))).statusCode, 403);
    const before = await activityCount();
    assert.equal((await qaReader.post(path('/activities/new'), form(), { formPage: path() })).statusCode, 403);
    assert.equal((await officer.post(path('/activities/new'), form(), { formPage: `/inspections/${fixture.inspectionId}` })).statusCode, 403);
    assert.equal(await activityCount(), before);
    assert.ok(!decode((await officer.get(`/inspections/${fixture.inspectionId}`)).body).includes('Fieldwork and evidence'), 'not on the area’s dashboard');

    assert.equal((await inspector.get(path('/activities/00000000-0000-4000-8000-000000000000'))).statusCode, 404);
    assert.equal((await inspector.get(path('/activities/not-an-id'))).statusCode, 404);
    assert.equal((await inspector.get(path('/activities/00000000-0000-4000-8000-000000000000/edit'))).statusCode, 404);
    const other = await createCasesFixture(t.db);
    assert.equal((await inspector.get(`/inspections/${other.inspectionId}/fieldwork`)).statusCode, 404, 'another inspection is hidden');
    const otherActivity = await addFixtureActivity(t.db, other.inspectionId);
    assert.equal((await inspector.get(path(`/activities/${otherActivity.id}`))).statusCode, 404, 'another inspection’s activity');

    await t.db.kysely.updateTable('inspection').set({ status: 'published' }).where('id', '=', fixture.inspectionId).execute();
    assert.equal((await inspector.get(path('/activities/new'))).statusCode, 403, 'fixed once published');
    assert.equal((await inspector.get(path('/activities'))).statusCode, 200);
    await t.db.kysely.updateTable('inspection').set({ status: 'notified' }).where('id', '=', fixture.inspectionId).execute();
  });

  test('a tracking meeting names a tracked child, shown on its page', async () => {
    const created = await inspector.post(path('/activities/new'), form({ kind: 'tracking_meeting', title: 'Tracking meeting', caseId: trackedCaseId }));
    assert.equal(created.statusCode, 302);
    const page = decode((await inspector.get(created.headers.location as string)).body);
    assert.ok(page.includes(`Tracked child ${trackedPersonId}`));
  });

  test('an inspector removes an activity recorded by mistake after confirming, and its people leave the totals', async () => {
    const { id } = await addFixtureActivity(t.db, fixture.inspectionId, { title: 'Focus group entered twice', kind: 'focus_group', participants: { parents_carers: 6, children_young_people: 1 }, inspectorIds: [fixture.inspector.userId] });
    const activityUrl = path(`/activities/${id}`);
    const removeUrl = path(`/activities/${id}/remove`);
    assert.ok((await inspector.get(activityUrl)).body.includes(`href="${removeUrl}">Remove this activity</a>`));
    assert.ok(!(await qaReader.get(activityUrl)).body.includes(removeUrl), 'the QA reader is not offered it');

    const confirm = await inspector.get(removeUrl);
    assert.equal(confirm.statusCode, 200);
    const html = decode(confirm.body);
    assert.ok(html.includes('Are you sure you want to remove this activity?'));
    assert.ok(html.includes('Focus group entered twice') && html.includes('Tuesday 24 November 2026') && html.includes('10:00 to 11:00'));
    assert.ok(html.includes('6 parents and carers, 1 children and young people'), 'who took part');
    assert.ok(html.includes('The 7 people counted at this activity will no longer count in the inspection’s totals. This cannot be undone.'));
    assert.match(confirm.body, /class="govuk-button govuk-button--warning"[^>]*>\s*Remove activity\s*</);
    assert.ok(confirm.body.includes('name="revision" value="1"'));
    assert.ok(confirm.body.includes(`href="${activityUrl}">Cancel</a>`));

    assert.equal((await qaReader.get(removeUrl)).statusCode, 403);
    assert.equal((await qaReader.post(removeUrl, { revision: '1' }, { formPage: path() })).statusCode, 403);
    assert.equal((await officer.get(removeUrl)).statusCode, 403);

    const before = await fieldworkTotals(t.db.kysely, fixture.inspectionId);
    const removed = await inspector.post(removeUrl, { revision: '1' });
    assert.equal(removed.statusCode, 302);
    assert.equal(removed.headers.location, path('/activities'));
    const list = decode((await inspector.get(path('/activities'))).body);
    assert.ok(list.includes('Activity removed: Focus group entered twice'));
    assert.ok(!list.includes(activityUrl));
    assert.equal((await inspector.get(activityUrl)).statusCode, 404);
    const after = await fieldworkTotals(t.db.kysely, fixture.inspectionId);
    assert.equal(after.familiesSpokenTo, before.familiesSpokenTo - 7);
    assert.equal(after.activities, before.activities - 1);
    const audits = await t.db.kysely.selectFrom('audit_event').select(['action', 'actor_user_id']).where('subject_id', '=', id).where('action', '=', 'evidence.activity-removed').execute();
    assert.deepEqual(audits, [{ action: 'evidence.activity-removed', actor_user_id: fixture.inspector.userId }]);
  });

  test('a removal confirmed before someone changed the activity is refused, showing the activity as it is now', async () => {
    const { id } = await addFixtureActivity(t.db, fixture.inspectionId, { title: 'Webinar', kind: 'parent_webinar', participants: { parents_carers: 20 }, inspectorIds: [fixture.lead.userId] });
    const removeUrl = path(`/activities/${id}/remove`);
    await t.db.kysely.updateTable('fieldwork_activity').set({ title: 'Webinar for parents of under-fives', revision: 2 }).where('id', '=', id).execute();
    const stale = await lead.post(removeUrl, { revision: '1' });
    assert.equal(stale.statusCode, 409);
    assert.deepEqual(errorSummary(stale.body), [
      '#current-activity Someone changed this activity since you opened this page, so it has not been removed. Check the activity as it is now, then remove it if it is still a mistake.',
    ]);
    assert.ok(decode(stale.body).includes('Webinar for parents of under-fives'));
    assert.ok(stale.body.includes('name="revision" value="2"'));
    assert.ok(await t.db.kysely.selectFrom('fieldwork_activity').select('id').where('id', '=', id).executeTakeFirst(), 'still there');
    assert.equal((await lead.post(removeUrl, { revision: '2' })).statusCode, 302);
  });

  test('an activity a note names as its source cannot be removed: the page lists the notes and offers no button', async () => {
    const { id } = await addFixtureActivity(t.db, fixture.inspectionId, { title: 'Meeting with leaders', inspectorIds: [fixture.lead.userId] });
    const notes = [
      await addFixtureNote(t.db, fixture.inspectionId, { sourceKind: 'activity', activityId: id, body: 'Leaders know their waiting lists well.' }),
      await addFixtureNote(t.db, fixture.inspectionId, { sourceKind: 'activity', activityId: id, body: 'Leaders could not say how plans are checked.', polarity: 'concern' }),
    ];
    const removeUrl = path(`/activities/${id}/remove`);
    const page = await inspector.get(removeUrl);
    assert.equal(page.statusCode, 200);
    const html = decode(page.body);
    assert.ok(html.includes('You cannot remove this activity yet'));
    assert.ok(html.includes('2 evidence notes name this activity as their source. Change their source first, or keep the activity.'));
    for (const note of notes) assert.ok(page.body.includes(`href="/inspections/${fixture.inspectionId}/evidence/notes/${note.id}"`), note.id);
    assert.ok(html.includes('Leaders know their waiting lists well.'));
    assert.ok(!page.body.includes('govuk-button--warning') && !page.body.includes('Remove activity'), 'no button');
    assert.ok(!page.body.includes('name="revision"'));

    // A removal sent from a page opened before the notes were written is refused too.
    const refused = await inspector.post(removeUrl, { revision: '1' }, { formPage: path(`/activities/${id}`) });
    assert.equal(refused.statusCode, 409);
    assert.deepEqual(errorSummary(refused.body), ['#citing-notes 2 evidence notes name this activity as their source. Change their source first, or keep the activity.']);
    assert.ok(await t.db.kysely.selectFrom('fieldwork_activity').select('id').where('id', '=', id).executeTakeFirst(), 'still there');
  });
});
