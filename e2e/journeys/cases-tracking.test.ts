// Case tracking: an inspector records the tracking meeting of a tracked child (who took part and
// when) and adds a note marked as evidence for a framework criterion; the child's page and the
// list of tracked children show both.
import assert from 'node:assert/strict';
import { CasesHubPage } from '../pages/cases-hub-page.ts';
import { CasesMeetingPage } from '../pages/cases-meeting-page.ts';
import { CasesTrackedChildPage } from '../pages/cases-tracked-child-page.ts';
import { CasesTrackedPage } from '../pages/cases-tracked-page.ts';
import { signInAs } from '../pages/signed-in.ts';
import { describeJourneys } from '../support/journey.ts';
import { CASES_AREA, casesInspectionFor, seedCasesJourneys, today } from '../support/cases-seed.ts';

const TRACKED = 6;
const NOTE = 'The family waited 31 weeks for the plan.\n\nThe school adapted the timetable at once, without waiting for it.';
const CRITERION = 'I3';
const CRITERION_TEXT = 'I3: Children and young people receive the right help at the right time.';

function longDate(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

describeJourneys('cases: tracking a child', { seed: seedCasesJourneys({ people: 150, sample: { tracked: TRACKED, review: 2, seed: 'case-tracking' } }) }, (journey) => {
  journey('an inspector records a tracking meeting and a note marked as evidence', async (inspector) => {
    const inspection = casesInspectionFor(inspector.server.seeded, inspector.javaScript);
    const me = inspector.server.seeded.inspector;

    // The tracked children, none of them started.
    await signInAs(inspector, me);
    const hub = await CasesHubPage.open(inspector, inspection);
    await hub.follow('Tracked children');
    let list = await new CasesTrackedPage(inspector, CASES_AREA).arrived();
    assert.equal(await list.caption(), `${TRACKED} tracked children`);
    const children = await list.children();
    assert.equal(children.length, TRACKED);
    assert.ok(children.every((c) => c.progress === 'Not started' && c.meeting === 'Not recorded' && c.notes === '0'));
    const child = children[0].id;

    // The child's page: a record with no name or date of birth, and nothing recorded yet.
    await list.openChild(child);
    let page = await new CasesTrackedChildPage(inspector, child).arrived();
    const record = await page.record();
    assert.match(record.Age, /^\d+ \(on /);
    assert.ok(!Object.keys(record).some((key) => /name|date of birth/i.test(key)), `no name or date of birth: ${Object.keys(record).join(', ')}`);
    assert.deepEqual(await page.meeting(), { Date: 'Not recorded yet' });
    assert.deepEqual(await page.notes(), []);

    // The meeting: today, with the young person, their family and their school.
    await page.recordTheMeeting();
    const meeting = await new CasesMeetingPage(inspector, child).arrived();
    await meeting.enterDate(today());
    await meeting.tick('Child or young person', 'Family', 'Education');
    await meeting.describeAttendance('Health visitor sent apologies.');
    await meeting.save();
    page = await new CasesTrackedChildPage(inspector, child).arrived();
    assert.match(await page.successBanner(), /Tracking meeting saved/);
    assert.deepEqual(await page.meeting(), {
      Date: longDate(today()),
      'Who took part': 'Child or young person, Family, Education',
      'Notes about who took part': 'Health visitor sent apologies.',
    });

    // A note, marked as evidence for a criterion of the framework.
    await page.addNote(NOTE, [CRITERION]);
    page = await new CasesTrackedChildPage(inspector, child).arrived();
    assert.match(await page.successBanner(), /Note added/);
    const notes = await page.notes();
    assert.equal(notes.length, 1);
    assert.match(notes[0].heading, new RegExp(`^${me.name}, `));
    assert.equal(notes[0].text, NOTE);
    assert.deepEqual(notes[0].evidenceFor, [CRITERION_TEXT]);
    assert.equal((await page.meeting())['Who took part'], 'Child or young person, Family, Education', 'the meeting is still shown');

    // Back on the list, the child's meeting and note are counted.
    await page.page.getByRole('link', { name: 'Tracked children', exact: true }).click();
    list = await new CasesTrackedPage(inspector, CASES_AREA).arrived();
    const row = (await list.children()).find((c) => c.id === child)!;
    assert.equal(row.meeting, `${longDate(today())} Child or young person, Family, Education`);
    assert.equal(row.notes, '1');
    assert.notEqual(row.progress, 'Not started');
  });
});
