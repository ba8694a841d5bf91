// Unit tests of the demo's evidence base: the timetable keeps the activity rules and adds up to the
// intended totals with exactly one clash; the notes are repeatable, varied, validly tagged and tell
// the story the triangulation is meant to show.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findClashes, totalsOf, validateActivity } from '../evidence/activity.ts';
import { validateNoteContent } from '../evidence/evidence-note.ts';
import { SETTING_TYPES, THIN_EVIDENCE_MINIMUM, type NoteSourceKind, type Polarity } from '../evidence/evidence.ts';
import { allCriteria } from '../frameworks/framework.ts';
import { loadFrameworkDefinitions } from '../frameworks/framework-files.ts';
import { isWorkingDay } from '../platform/working-days.ts';
import { THEME_CODES } from '../surveys/themes.ts';
import { buildDemoNotes, demoDay, evidenceLine, planDemoActivities, type DemoNote, type DemoNoteFacts, type TeamKey } from './demo-evidence.ts';
import { demoInspectionDates } from './demo.ts';

const dates = demoInspectionDates('2026-12-01');
const activities = planDemoActivities(dates);
const TEAM_IDS: readonly TeamKey[] = ['lead', 'cqcLead', 'inspector'];

const facts: DemoNoteFacts = {
  dates,
  tracked: [0, 1, 2, 3, 4, 5].map((index) => ({ index, age: 6 + index * 3 })),
  reviewed: [...Array(10).keys()].map((index) => ({ index, age: 4 + index })),
  figures: { dataDate: '2026-10-31', within20Weeks: 41.3, averageWeeks: 27.4, over52Weeks: 6.2, reviewsOverdue: 24.5, alternativeProvision: 2.8, outOfArea: 8.9 },
};
const notes = buildDemoNotes(facts, 990);
const frameworks = loadFrameworkDefinitions();
const codes2023 = allCriteria(frameworks.find((f) => f.code === '2023')!).map((c) => c.code);

function share(items: readonly DemoNote[], polarity: Polarity): number {
  return items.filter((n) => n.polarity === polarity).length / items.length;
}

function tagged(code: string): DemoNote[] {
  return notes.filter((n) => n.criteria.includes(code));
}

describe('the demo timetable', () => {
  test('has a few dozen activities that keep the activity rules, all between notification and the last day on site', () => {
    assert.ok(activities.length >= 40 && activities.length <= 50, `${activities.length} activities`);
    assert.equal(new Set(activities.map((a) => a.key)).size, activities.length, 'keys are unique');
    for (const a of activities) {
      const checked = validateActivity(
        { ...a, settingType: a.settingType ?? null, urn: a.urn ?? null, inspectorIds: a.team, caseId: a.trackedChild === undefined ? null : `case-${a.trackedChild}` },
        dates,
        TEAM_IDS,
      );
      assert.ok(checked.ok, `${a.key}: ${JSON.stringify(checked.ok ? '' : checked.issues)}`);
      assert.ok(a.heldOn >= dates.notificationDate && a.heldOn <= dates.onsiteEndDate && isWorkingDay(a.heldOn), a.key);
    }
  });

  test('adds up to about 70 parents, carers, children and young people and over 100 staff, across every kind of setting', () => {
    const totals = totalsOf(activities.map((a) => ({ kind: a.kind, urn: a.urn ?? null, participants: a.participants })));
    assert.ok(totals.familiesSpokenTo >= 65 && totals.familiesSpokenTo <= 78, `${totals.familiesSpokenTo} families`);
    assert.ok(totals.staffSpokenTo > 100 && totals.staffSpokenTo <= 125, `${totals.staffSpokenTo} staff`);
    // One special school is visited twice: its URN counts once.
    assert.equal(totals.settingsVisited, totals.byKind.setting_visit - 1);
    assert.deepEqual([...new Set(activities.flatMap((a) => a.settingType ?? []))].sort(), [...SETTING_TYPES].sort());
    assert.equal(totals.byKind.parent_webinar, 1);
    assert.ok(totals.byKind.focus_group >= 8 && totals.byKind.meeting >= 10);
    assert.ok(Object.values(totals.byGroup).every((n) => n > 0), 'every group took part somewhere');
  });

  test('has one tracking meeting for each tracked child and spreads the work over the team', () => {
    const tracking = activities.filter((a) => a.kind === 'tracking_meeting');
    assert.deepEqual(tracking.map((a) => a.trackedChild).sort(), [0, 1, 2, 3, 4, 5]);
    for (const member of TEAM_IDS) assert.ok(activities.filter((a) => a.team.includes(member)).length >= 12, member);
    const times = new Set(activities.map((a) => a.startsAt));
    assert.ok(times.size >= 10, 'times vary across the day');
  });

  test('books exactly one inspector twice at once, once', () => {
    const clashes = findClashes(activities.map((a) => ({ id: a.key, title: a.title, heldOn: a.heldOn, startsAt: a.startsAt, endsAt: a.endsAt, inspectors: a.team.map((k) => ({ id: k, name: k })) })));
    assert.deepEqual(
      [...clashes.entries()].map(([id, list]) => [id, list.map((c) => `${c.inspectorId}@${c.otherId}`)]).sort(),
      [
        ['assistant-director', ['lead@visit-resourced']],
        ['visit-resourced', ['lead@assistant-director']],
      ],
    );
  });
});

describe('the demo notes', () => {
  test('are the same for a seed and differ between seeds', () => {
    assert.deepEqual(buildDemoNotes(facts, 990), notes);
    const other = buildDemoNotes(facts, 991);
    assert.notDeepEqual(other.map((n) => n.body), notes.map((n) => n.body));
  });

  test('are a few hundred, each with its own text of two to six sentences', () => {
    assert.ok(notes.length >= 250 && notes.length <= 350, `${notes.length} notes`);
    assert.equal(new Set(notes.map((n) => n.id)).size, notes.length);
    assert.equal(new Set(notes.map((n) => n.body)).size, notes.length, 'no two notes say the same thing');
    for (const note of notes) {
      const sentences = note.body.split(/(?<=[.?!"])\s+(?=[A-Z"])/);
      assert.ok(sentences.length >= 2 && sentences.length <= 6, `${sentences.length} sentences: ${note.body}`);
      assert.doesNotMatch(note.body, /[{}]|undefined|NaN/, note.body);
    }
  });

  test('are tagged with one to three criteria of the 2023 framework and one or two themes, and pass the note rules', () => {
    for (const note of notes) {
      assert.ok(note.criteria.length >= 1 && note.criteria.length <= 3, note.body);
      assert.ok(note.criteria.every((c) => codes2023.includes(c)), note.criteria.join());
      assert.ok(note.themes.length >= 1 && note.themes.length <= 2 && note.themes.every((t) => THEME_CODES.includes(t)), note.themes.join());
      for (const version of [note, ...note.edits.map((e) => e.content)]) {
        const id = '00000000-0000-4000-8000-000000000000';
        const reference = note.source.kind === 'activity' ? { activityId: id } : note.source.kind === 'survey' ? { surveyId: id } : note.source.kind === 'data' ? {} : { caseId: id };
        const checked = validateNoteContent({ ...version, sourceKind: note.source.kind, ...reference }, { criterionCodes: codes2023, frameworkCode: '2023' });
        assert.ok(checked.ok, JSON.stringify(checked.ok ? '' : checked.issues));
      }
    }
  });

  test('are about 45% strengths, 35% concerns and 20% neither, spread over every kind of source and the whole team', () => {
    assert.ok(Math.abs(share(notes, 'strength') - 0.45) <= 0.06, `strengths ${share(notes, 'strength')}`);
    assert.ok(Math.abs(share(notes, 'concern') - 0.35) <= 0.06, `concerns ${share(notes, 'concern')}`);
    assert.ok(Math.abs(share(notes, 'neutral') - 0.2) <= 0.05, `neither ${share(notes, 'neutral')}`);
    const bySource = (kind: NoteSourceKind) => notes.filter((n) => n.source.kind === kind).length;
    assert.ok(bySource('activity') > notes.length * 0.45);
    for (const kind of ['tracked_case', 'reviewed_plan', 'survey', 'data'] as const) assert.ok(bySource(kind) >= 10, `${kind}: ${bySource(kind)}`);
    for (const member of TEAM_IDS) assert.ok(notes.filter((n) => n.author === member).length >= 40, member);
  });

  test('are written only about activities already held, and each tracked child and reviewed plan has some', () => {
    const held = new Map(activities.map((a) => [a.key, a]));
    for (const note of notes) {
      if (note.source.kind !== 'activity') continue;
      const activity = held.get(note.source.activityKey);
      assert.ok(activity && activity.heldOn <= demoDay(dates), note.source.activityKey);
    }
    const tracked = new Set(notes.flatMap((n) => (n.source.kind === 'tracked_case' ? [n.source.trackedIndex] : [])));
    assert.equal(tracked.size, 6);
    const plans = new Set(notes.flatMap((n) => (n.source.kind === 'reviewed_plan' ? [n.source.planIndex] : [])));
    assert.ok(plans.size >= 8, `${plans.size} plans`);
  });

  test('tell the story: strong co-production, slow assessments and therapy waits, one thin criterion and one heard about from leaders only', () => {
    const strengths = (code: string) => tagged(code).filter((n) => n.polarity === 'strength').length;
    const concerns = (code: string) => tagged(code).filter((n) => n.polarity === 'concern').length;
    for (const code of ['I2', 'L2']) assert.ok(strengths(code) >= 2 * concerns(code) && tagged(code).length >= 15, `${code}: ${strengths(code)} strengths, ${concerns(code)} concerns`);
    for (const code of ['I1', 'I3', 'L4']) assert.ok(concerns(code) > strengths(code), `${code}: ${strengths(code)} strengths, ${concerns(code)} concerns`);
    assert.ok(tagged('I5').length < THIN_EVIDENCE_MINIMUM, 'I5 is thinly evidenced');
    assert.ok(tagged('L5').length <= 2);
    const l1 = tagged('L1');
    assert.ok(l1.length >= THIN_EVIDENCE_MINIMUM && l1.every((n) => n.source.kind === 'activity'), 'L1 is evidenced from fieldwork only');
    for (const code of codes2023.filter((c) => !['I5', 'L1', 'L5'].includes(c))) {
      assert.ok(new Set(tagged(code).map((n) => n.source.kind)).size >= 2, `${code} has more than one kind of source`);
    }
  });

  test('quote the person-level data’s figures, with the period they cover', () => {
    const timeliness = notes.find((n) => n.sourceDetail.startsWith('Person-level data: 20-week timeliness'))!;
    assert.equal(timeliness.sourceDetail, 'Person-level data: 20-week timeliness, 12 months to October');
    assert.match(timeliness.body, /^41\.3% of new EHC plans in the 12 months to October were issued within 20 weeks, leaving out those where an exception applied: well below the national figure/);
    assert.match(timeliness.body, /average wait from request to plan was 27\.4 weeks, and 6\.2% took more than a year/);
    assert.equal(timeliness.polarity, 'concern');
    assert.ok(notes.filter((n) => n.source.kind === 'data').every((n) => n.sourceDetail.length > 0));
    assert.ok(notes.filter((n) => n.source.kind === 'survey').every((n) => /survey: comments about /.test(n.sourceDetail)));
  });

  test('include a few edited later, one twice, and three with a short file', () => {
    const edited = notes.filter((n) => n.edits.length > 0);
    assert.ok(edited.length >= 5);
    assert.equal(edited.filter((n) => n.edits.length === 2).length, 1);
    for (const note of edited) {
      const sessions = [note.editSession, ...note.edits.map((e) => e.editSession)];
      assert.equal(new Set(sessions).size, sessions.length, 'each version is its own editing session');
      let before = note.body;
      for (const edit of note.edits) {
        assert.ok(edit.content.body.startsWith(before) && edit.content.body.length > before.length, 'an edit adds to the note');
        before = edit.content.body;
      }
    }
    assert.ok(edited.some((n) => n.edits.some((e) => e.by !== n.author)), 'a colleague amends a note');
    assert.equal(notes.filter((n) => n.attachment).length, 3);
  });

  test('the console line gives the computed figures', () => {
    assert.equal(
      evidenceLine({ activities: 49, notes: 300, familiesSpokenTo: 72, staffSpokenTo: 113, settingsVisited: 11 }),
      'Its fieldwork: 49 activities (about 72 parents, carers, children and young people and 113 staff; 11 settings), and 300 evidence notes.',
    );
  });
});
