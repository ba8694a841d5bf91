// The rules of fieldwork activities: validation, totals, clashes, the timetable's days, and why an activity cannot be removed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  activityInUseMessage,
  clashMessage,
  countSettingsVisited,
  dayHeading,
  findClashes,
  normaliseTime,
  timetableDays,
  totalsOf,
  totalsSentence,
  validateActivity,
  type ActivityInput,
  type TimedActivity,
} from './activity.ts';

const WINDOW = { notificationDate: '2026-11-09', onsiteEndDate: '2026-11-27' };
const TEAM = ['ann', 'ben', 'cal'];

function input(overrides: Partial<ActivityInput> = {}): ActivityInput {
  return {
    kind: 'focus_group',
    title: 'Focus group with parents',
    heldOn: '2026-11-24',
    startsAt: '10:00',
    endsAt: '11:00',
    place: 'Town hall',
    inspectorIds: ['ann'],
    participants: { parents_carers: 8 },
    ...overrides,
  };
}

function issuesOf(overrides: Partial<ActivityInput>): string[] {
  const checked = validateActivity(input(overrides), WINDOW, TEAM);
  return checked.ok ? [] : checked.issues.map((i) => `${i.field}: ${i.message}`);
}

describe('validateActivity', () => {
  test('a good activity comes back clean, with only the groups somebody came from', () => {
    const checked = validateActivity(input({ title: '  Focus group  ', startsAt: '9:30', endsAt: '10.45', participants: { parents_carers: 8, leaders: 0 }, inspectorIds: ['cal', 'ann', 'ann'] }), WINDOW, TEAM);
    assert.ok(checked.ok);
    assert.equal(checked.value.title, 'Focus group');
    assert.equal(checked.value.startsAt, '09:30');
    assert.equal(checked.value.endsAt, '10:45');
    assert.deepEqual(checked.value.participants, { parents_carers: 8 });
    assert.deepEqual(checked.value.inspectorIds, ['ann', 'cal'], 'team order, once each');
    assert.equal(checked.value.settingType, null);
  });

  test('an activity ending before it starts, or when it starts, is refused', () => {
    assert.deepEqual(issuesOf({ startsAt: '14:00', endsAt: '13:00' }), ['endsAt: End time must be after the start time (14:00)']);
    assert.deepEqual(issuesOf({ startsAt: '14:00', endsAt: '14:00' }), ['endsAt: End time must be after the start time (14:00)']);
  });

  test('times must be real times', () => {
    assert.deepEqual(issuesOf({ startsAt: '', endsAt: '25:00' }), ['startsAt: Enter the start time', 'endsAt: End time must be a real time on the 24-hour clock, like 09:30 or 14:00']);
    assert.deepEqual(issuesOf({ startsAt: '9am' }), ['startsAt: Start time must be a real time on the 24-hour clock, like 09:30 or 14:00']);
    assert.equal(normaliseTime('9:30'), '09:30');
    assert.equal(normaliseTime('09:30'), '09:30');
    assert.equal(normaliseTime('9.30'), '09:30');
    assert.equal(normaliseTime('23:59'), '23:59');
    assert.equal(normaliseTime('12:60'), undefined);
    assert.equal(normaliseTime('930'), undefined);
  });

  test('negative, absurd and non-integer counts are refused with the group named', () => {
    assert.deepEqual(issuesOf({ participants: { parents_carers: -3 } }), ['participants.parents_carers: Number of parents and carers must be 0 or more']);
    assert.deepEqual(issuesOf({ participants: { health_staff: 5000 } }), [
      'participants.health_staff: Number of health staff must be 1,000 or fewer: for a larger event, count the people inspectors actually spoke with',
    ]);
    assert.deepEqual(issuesOf({ participants: { leaders: 2.5, children_young_people: Number.NaN } }), [
      'participants.children_young_people: Number of children and young people must be a whole number, like 12',
      'participants.leaders: Number of leaders must be a whole number, like 12',
    ]);
    assert.deepEqual(issuesOf({ participants: { leaders: 1000 } }), [], '1,000 is the most allowed');
    assert.deepEqual(issuesOf({ participants: {} }), [], 'nobody counted yet is allowed');
  });

  test('inspectors must be chosen, and only from the team’s leads and inspectors', () => {
    assert.deepEqual(issuesOf({ inspectorIds: [] }), ['inspectorIds: Select the inspectors at the activity']);
    assert.deepEqual(issuesOf({ inspectorIds: ['ann', 'stranger'] }), ['inspectorIds: Select inspectors from this inspection’s team: one of those chosen is not a lead or inspector on it']);
  });

  test('a setting visit needs a setting type; a URN is 6 to 8 digits and optional', () => {
    assert.deepEqual(issuesOf({ kind: 'setting_visit' }), ['settingType: Select the type of setting visited']);
    assert.deepEqual(issuesOf({ kind: 'setting_visit', settingType: 'castle' }), ['settingType: Select the type of setting visited']);
    assert.deepEqual(issuesOf({ kind: 'setting_visit', settingType: 'primary', urn: '12345' }), ['urn: URN must be 6 to 8 digits, like 105432, or leave it blank if the setting has none']);
    assert.deepEqual(issuesOf({ kind: 'setting_visit', settingType: 'primary', urn: '12A456' }), ['urn: URN must be 6 to 8 digits, like 105432, or leave it blank if the setting has none']);
    const visit = validateActivity(input({ kind: 'setting_visit', settingType: 'primary', urn: ' 105 432 ' }), WINDOW, TEAM);
    assert.ok(visit.ok);
    assert.equal(visit.value.urn, '105432');
    const noUrn = validateActivity(input({ kind: 'setting_visit', settingType: 'special_school', urn: '' }), WINDOW, TEAM);
    assert.ok(noUrn.ok && noUrn.value.urn === null);
  });

  test('fields of another kind of activity are dropped rather than stored', () => {
    const checked = validateActivity(input({ kind: 'meeting', settingType: 'primary', urn: 'rubbish', caseId: 'c1' }), WINDOW, TEAM);
    assert.ok(checked.ok);
    assert.equal(checked.value.settingType, null);
    assert.equal(checked.value.urn, null);
    assert.equal(checked.value.caseId, null);
    const tracking = validateActivity(input({ kind: 'tracking_meeting', caseId: 'c1' }), WINDOW, TEAM);
    assert.ok(tracking.ok && tracking.value.caseId === 'c1');
  });

  test('dates must be real and within the inspection: from notification to the last day on site', () => {
    assert.deepEqual(issuesOf({ heldOn: '2026-11-08' }), ['heldOn: Date of the activity must be on or after 9 November 2026, when the area was told of the inspection']);
    assert.deepEqual(issuesOf({ heldOn: '2026-11-28' }), ['heldOn: Date of the activity must be on or before 27 November 2026, the last day on site']);
    assert.deepEqual(issuesOf({ heldOn: '2026-02-30' }), ['heldOn: Date of the activity must be a real date']);
    assert.deepEqual(issuesOf({ heldOn: '2026-11-09' }), []);
    assert.deepEqual(issuesOf({ heldOn: '2026-11-27' }), []);
  });

  test('kind and title are required; long text is refused with its length', () => {
    assert.deepEqual(issuesOf({ kind: 'party', title: ' ' }), ['kind: Select what kind of activity it is', 'title: Enter a title for the activity, like “Focus group with parents and carers”']);
    assert.deepEqual(issuesOf({ title: 'x'.repeat(201) }), ['title: Title must be 200 characters or fewer (there are 201)']);
    assert.deepEqual(issuesOf({ description: 'y'.repeat(5001) }), ['description: Description must be 5,000 characters or fewer (there are 5,001)']);
  });
});

describe('totals', () => {
  const visit = (urn: string | null, participants = {}) => ({ kind: 'setting_visit' as const, urn, participants });

  test('families and staff are summed from the groups; the same URN counts once, visits without one each count', () => {
    const totals = totalsOf([
      { kind: 'focus_group', urn: null, participants: { parents_carers: 12, parent_carer_forum: 3 } },
      { kind: 'meeting', urn: null, participants: { leaders: 4, health_staff: 2, education_staff: 1, social_care_staff: 5 } },
      visit('105432', { children_young_people: 6, education_staff: 3 }),
      visit('105432'),
      visit('200001'),
      visit(null),
      visit(null),
    ]);
    assert.equal(totals.familiesSpokenTo, 12 + 3 + 6);
    assert.equal(totals.staffSpokenTo, 4 + 2 + 1 + 5 + 3);
    assert.equal(totals.settingsVisited, 4);
    assert.equal(totals.activities, 7);
    assert.equal(totals.byKind.setting_visit, 5);
    assert.equal(totals.byKind.parent_webinar, 0);
    assert.equal(totals.byGroup.education_staff, 4);
    assert.equal(countSettingsVisited([{ kind: 'meeting', urn: null }]), 0);
  });

  test('the sentence says "about", and counts in words a report would use', () => {
    const totals = totalsOf([
      { kind: 'focus_group', urn: null, participants: { parents_carers: 1200 } },
      { kind: 'meeting', urn: null, participants: { leaders: 7 } },
      visit('105432'),
      visit('105433'),
    ]);
    assert.equal(totalsSentence(totals), 'Inspectors spoke to about 1,200 parents, carers, children and young people and 7 staff, and visited 2 settings.');
    assert.equal(
      totalsSentence(totalsOf([visit('105432', { leaders: 1 })])),
      'Inspectors spoke to about 0 parents, carers, children and young people and 1 member of staff, and visited 1 setting.',
    );
    assert.equal(totalsSentence(totalsOf([])), 'No fieldwork activities have been recorded yet.');
  });
});

describe('clashes', () => {
  const ann = { id: 'ann', name: 'Ann Smith' };
  const ben = { id: 'ben', name: 'Ben Jones' };
  const at = (id: string, startsAt: string, endsAt: string, inspectors: { id: string; name: string }[], heldOn = '2026-11-24'): TimedActivity => ({
    id,
    title: `Activity ${id}`,
    heldOn,
    startsAt,
    endsAt,
    inspectors,
  });

  test('the same inspector at overlapping times on one day clashes both ways, with the other activity named', () => {
    const clashes = findClashes([at('a', '09:30', '10:30', [ann, ben]), at('b', '10:00', '11:00', [ann]), at('c', '10:00', '11:00', [{ id: 'cal', name: 'Cal' }])]);
    assert.deepEqual([...clashes.keys()].sort(), ['a', 'b']);
    assert.deepEqual(clashes.get('a'), [{ inspectorId: 'ann', inspectorName: 'Ann Smith', otherId: 'b', otherTitle: 'Activity b', otherStartsAt: '10:00', otherEndsAt: '11:00' }]);
    assert.equal(clashMessage(clashes.get('b')![0]!), 'Clash: Ann Smith is also at Activity a 09:30–10:30');
  });

  test('touching times do not clash; neither do other days or other inspectors', () => {
    assert.equal(findClashes([at('a', '09:00', '10:00', [ann]), at('b', '10:00', '11:00', [ann])]).size, 0);
    assert.equal(findClashes([at('a', '09:00', '10:00', [ann]), at('b', '09:00', '10:00', [ann], '2026-11-25')]).size, 0);
    assert.equal(findClashes([at('a', '09:00', '10:00', [ann]), at('b', '09:00', '10:00', [ben])]).size, 0);
  });

  test('one activity inside another, and two inspectors booked twice, are each reported', () => {
    const clashes = findClashes([at('a', '09:00', '12:00', [ann, ben]), at('b', '10:00', '10:30', [ann, ben]), at('c', '11:30', '13:00', [ben])]);
    assert.deepEqual(
      clashes.get('a')!.map((c) => `${c.inspectorId}@${c.otherId}`),
      ['ann@b', 'ben@b', 'ben@c'],
    );
    assert.deepEqual(
      clashes.get('c')!.map((c) => `${c.inspectorId}@${c.otherId}`),
      ['ben@a'],
    );
  });
});

describe('timetable days', () => {
  const dates = { notificationDate: '2026-11-09', onsiteStartDate: '2026-11-23', onsiteEndDate: '2026-11-27' };
  const act = (id: string, heldOn: string, startsAt: string): TimedActivity => ({ id, title: id, heldOn, startsAt, endsAt: '23:00', inspectors: [] });

  test('every working day on site, plus other days with activities, each in time order', () => {
    const days = timetableDays([act('late', '2026-11-24', '14:00'), act('early', '2026-11-24', '09:00'), act('before', '2026-11-12', '10:00')], dates);
    assert.deepEqual(
      days.map((d) => d.date),
      ['2026-11-12', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'],
    );
    assert.deepEqual(
      days[2]!.activities.map((a) => a.id),
      ['early', 'late'],
    );
    assert.equal(days[0]!.onSite, false);
    assert.equal(days[1]!.onSite, true);
    assert.equal(days[1]!.activities.length, 0);
  });

  test('weekend days on site appear only when they have activities', () => {
    const weekend = { ...dates, onsiteStartDate: '2026-11-20', onsiteEndDate: '2026-11-24' };
    assert.deepEqual(
      timetableDays([], weekend).map((d) => d.date),
      ['2026-11-20', '2026-11-23', '2026-11-24'],
    );
    assert.deepEqual(
      timetableDays([act('saturday', '2026-11-21', '10:00')], weekend).map((d) => d.date),
      ['2026-11-20', '2026-11-21', '2026-11-23', '2026-11-24'],
    );
    assert.equal(dayHeading('2026-11-23'), 'Monday 23 November 2026');
  });
});

describe('removing an activity', () => {
  test('the refusal says how many notes name the activity, in the singular for one', () => {
    assert.equal(activityInUseMessage(1), '1 evidence note names this activity as its source. Change its source first, or keep the activity.');
    assert.equal(activityInUseMessage(3), '3 evidence notes name this activity as their source. Change their source first, or keep the activity.');
    assert.equal(activityInUseMessage(1200), '1,200 evidence notes name this activity as their source. Change their source first, or keep the activity.');
  });
});
