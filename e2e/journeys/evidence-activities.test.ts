// Fieldwork activities: an inspector records a focus group with parents (after being told the end is
// before the start and a count is negative, with nothing typed lost), then a setting visit, and the
// hub's totals follow; a second activity for the same inspector at the same time is flagged as a
// clash on the timetable and on both activities' pages. That second activity was a mistake: the
// inspector removes it after confirming, and the clash and its people leave the list and totals.
import assert from 'node:assert/strict';
import { ActivitiesPage } from '../pages/fieldwork-activities-page.ts';
import { ActivityFormPage } from '../pages/fieldwork-activity-form-page.ts';
import { ActivityPage } from '../pages/fieldwork-activity-page.ts';
import { RemoveActivityPage } from '../pages/fieldwork-activity-remove-page.ts';
import { FieldworkHubPage } from '../pages/fieldwork-hub-page.ts';
import { TimetablePage } from '../pages/fieldwork-timetable-page.ts';
import { EVIDENCE_AREA_NAME } from '../pages/evidence-common.ts';
import { InspectionDashboardPage } from '../pages/inspection-dashboard-page.ts';
import { signInAs } from '../pages/signed-in.ts';
import { dayHeading, evidenceInspectionFor, seedEvidenceJourneys } from '../support/evidence-seed.ts';
import { describeJourneys } from '../support/journey.ts';

const FOCUS_GROUP = 'Focus group with parents and carers of primary-age children';
const VISIT = 'Visit to Oakfield special school';
const MEETING = 'Meeting with the designated clinical officer';

describeJourneys('fieldwork: recording activities', { seed: seedEvidenceJourneys() }, (journey) => {
  journey('an inspector records a focus group and a setting visit; the totals follow and a double booking is flagged', async (inspector) => {
    const seed = inspector.server.seeded;
    const inspection = evidenceInspectionFor(seed, inspector.javaScript);
    const ines = seed.inspector.name;
    const sam = seed.secondInspector.name;
    const day = inspection.onsiteStartDate;

    // From the inspection's page to its fieldwork, where nothing is recorded yet.
    await signInAs(inspector, seed.inspector);
    await inspector.visit(`/inspections/${inspection.id}`);
    const dashboard = await new InspectionDashboardPage(inspector, { reference: inspection.reference, area: EVIDENCE_AREA_NAME, type: 'Full inspection' }).arrived();
    await dashboard.page.getByRole('link', { name: 'Go to fieldwork and evidence', exact: true }).click();
    let hub = await new FieldworkHubPage(inspector).arrived();
    assert.equal(await hub.totalsSentence(), 'No fieldwork activities have been recorded yet.');

    // The focus group, first with the end before the start and a negative count: both are
    // refused at once, and everything typed is still there.
    await hub.follow('Record an activity');
    let form = await new ActivityFormPage(inspector).arrived();
    const focusGroup = {
      kind: 'Focus group',
      title: FOCUS_GROUP,
      date: day,
      startsAt: '10:00',
      endsAt: '09:00',
      place: 'Town hall, room 2',
      inspectors: [ines, sam],
      participants: { 'Parents and carers': '8', 'Parent carer forum members': '-2' },
    };
    await form.enter(focusGroup);
    await form.save();
    assert.deepEqual(await form.arrivedWithErrors(), ['End time must be after the start time (10:00)', 'Number of parent carer forum members must be 0 or more']);
    assert.deepEqual(await form.entered(), { ...focusGroup, kind: 'Focus group' });

    await form.enter({ endsAt: '11:00', participants: { 'Parent carer forum members': '2' } });
    await form.save();
    let activity = await new ActivityPage(inspector, FOCUS_GROUP).arrived();
    assert.match(await activity.successBanner(), /Activity recorded/);
    assert.deepEqual(await activity.details(), {
      'Kind of activity': 'Focus group',
      Date: dayHeading(day),
      Time: '10:00 to 11:00',
      Place: 'Town hall, room 2',
      Inspectors: `${ines}, ${sam}`,
      Description: 'None',
    });
    assert.deepEqual(await activity.participants(), { 'Parents and carers': '8', 'Parent carer forum members': '2' });
    assert.deepEqual(await activity.clashes(), []);

    // It is in the list of activities, and the hub's totals now count its ten parents.
    await activity.backTo('Activities');
    let list = await new ActivitiesPage(inspector).arrived();
    assert.deepEqual(await list.activities(), [
      {
        day: dayHeading(day),
        time: '10:00–11:00',
        title: FOCUS_GROUP,
        kind: 'Focus group, Town hall, room 2',
        inspectors: `${ines}, ${sam}`,
        participants: '8 parents and carers, 2 parent carer forum members',
        clashes: [],
      },
    ]);
    hub = await FieldworkHubPage.open(inspector, inspection);
    assert.equal(await hub.totalsSentence(), 'Inspectors spoke to about 10 parents, carers, children and young people and 0 staff, and visited 0 settings.');

    // A visit to a special school, with the staff met there.
    await hub.follow('Record an activity');
    form = await new ActivityFormPage(inspector).arrived();
    await form.enter({
      kind: 'Setting visit',
      settingType: 'Special school',
      urn: '123456',
      title: VISIT,
      date: day,
      startsAt: '13:30',
      endsAt: '15:00',
      inspectors: [ines],
      participants: { 'Education staff': '5', 'Health staff': '1', Leaders: '2' },
    });
    await form.save();
    activity = await new ActivityPage(inspector, VISIT).arrived();
    assert.equal((await activity.details())['Kind of activity'], 'Setting visit: special school (URN 123456)');
    hub = await FieldworkHubPage.open(inspector, inspection);
    assert.equal(await hub.totalsSentence(), 'Inspectors spoke to about 10 parents, carers, children and young people and 8 staff, and visited 1 setting.');
    const byKind = await hub.activitiesByKind();
    assert.equal(byKind['Focus group'], '1');
    assert.equal(byKind['Setting visit'], '1');
    assert.equal(byKind['Settings visited (each setting once)'], '1');

    // A meeting booked for Sam while Sam is at the focus group: allowed, but flagged.
    await hub.follow('Record an activity');
    form = await new ActivityFormPage(inspector).arrived();
    await form.enter({ kind: 'Meeting', title: MEETING, date: day, startsAt: '10:30', endsAt: '11:30', place: 'Online', inspectors: [sam], participants: { 'Health staff': '1' } });
    await form.save();
    activity = await new ActivityPage(inspector, MEETING).arrived();
    assert.deepEqual(await activity.clashes(), [`Clash: ${sam} is also at ${FOCUS_GROUP} 10:00–11:00 (see the other activity)`]);

    const timetable = await TimetablePage.open(inspector, inspection);
    assert.equal(await timetable.clashWarning(), '2 activities have an inspector booked elsewhere at the same time.');
    assert.deepEqual(await timetable.clashList(), [
      `${dayHeading(day)}, 10:00–11:00, ${FOCUS_GROUP}: ${sam} is also at ${MEETING} 10:30–11:30`,
      `${dayHeading(day)}, 10:30–11:30, ${MEETING}: ${sam} is also at ${FOCUS_GROUP} 10:00–11:00`,
    ]);
    const days = await timetable.days();
    assert.equal(days[0], dayHeading(day), 'the timetable starts on the first day on site');
    assert.equal(days.length, 5, 'every working day of the on-site week is shown');
    const planned = await timetable.activities();
    assert.deepEqual(
      planned.map((a) => [a.time, a.title, a.clashes.length]),
      [
        ['10:00–11:00', FOCUS_GROUP, 1],
        ['10:30–11:30', MEETING, 1],
        ['13:30–15:00', VISIT, 0],
      ],
    );

    // The focus group's own page names the clash too.
    await timetable.page.getByRole('main').getByRole('link', { name: FOCUS_GROUP, exact: true }).click();
    activity = await new ActivityPage(inspector, FOCUS_GROUP).arrived();
    assert.deepEqual(await activity.clashes(), [`Clash: ${sam} is also at ${MEETING} 10:30–11:30 (see the other activity)`]);
    list = await ActivitiesPage.open(inspector, inspection);
    assert.equal((await list.activities()).length, 3);

    // The meeting was booked by mistake: removed after confirming, it leaves the list, the clash and the totals.
    await list.page.getByRole('main').getByRole('link', { name: MEETING, exact: true }).click();
    activity = await new ActivityPage(inspector, MEETING).arrived();
    await activity.page.getByRole('link', { name: 'Remove this activity', exact: true }).click();
    const removal = await new RemoveActivityPage(inspector, MEETING).arrived();
    assert.equal((await removal.details())['Who took part'], '1 health staff');
    assert.equal(await removal.warning(), 'The 1 person counted at this activity will no longer count in the inspection’s totals. This cannot be undone.');
    await removal.remove();
    list = await new ActivitiesPage(inspector).arrived();
    assert.ok((await list.successBanner()).includes(`Activity removed: ${MEETING}`));
    assert.deepEqual(
      (await list.activities()).map((a) => [a.title, a.clashes.length]),
      [
        [FOCUS_GROUP, 0],
        [VISIT, 0],
      ],
    );
    hub = await FieldworkHubPage.open(inspector, inspection);
    assert.equal(await hub.totalsSentence(), 'Inspectors spoke to about 10 parents, carers, children and young people and 8 staff, and visited 1 setting.');
  });
});
