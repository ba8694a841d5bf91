import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getInspection, listTeam, listTransitions } from '../inspections/inspection.service.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, TestClient, usePreparedDatabase } from '../platform/web/test-app.ts';
import { signInWithPassword } from '../platform/auth/test-users.ts';
import { isWorkingDay, workingDaysBetween } from '../platform/working-days.ts';
import { listChannels, listSurveys, liveCounts } from '../surveys/survey.service.ts';
import { validateResponse, type Answers } from '../surveys/survey.ts';
import { DEMO_SURVEY_PLANS, demoSurveyPeriod } from './demo-surveys.ts';
import { DEMO_ACCOUNTS, DEMO_AREA, credentialsTable, demoInspectionDates, surveyCountsLine } from './demo.ts';
import { isDemoPresent, isNewDatabase, resetDemo, seedDemo, todayInEngland, type SeededDemo } from './demo.service.ts';
import { DEMO_PEOPLE_COUNT } from './demo-cases.ts';
import { DEMO_ACTIVITY_PLAN, DEMO_NOTE_COUNT } from './demo-evidence.ts';
import { fieldworkTotals, listActivities } from '../evidence/activity.service.ts';
import { findClashes, totalsSentence } from '../evidence/activity.ts';
import { noteCounts } from '../evidence/evidence-note.service.ts';

test('demo dates put the inspection in fieldwork: notified 9 working days before the last working day', () => {
  // Sunday 22 November 2026: the last working day is Friday 20 November.
  const dates = demoInspectionDates('2026-11-22');
  assert.deepEqual(dates, { notificationDate: '2026-11-09', onsiteStartDate: '2026-11-23', onsiteEndDate: '2026-11-27' });
  // Over Christmas the bank holidays are skipped.
  const christmas = demoInspectionDates('2026-12-29');
  assert.ok(isWorkingDay(christmas.notificationDate));
  assert.equal(workingDaysBetween(christmas.notificationDate, christmas.onsiteStartDate), 10);
});

test('the credentials table lists every account once, aligned', () => {
  const lines = credentialsTable([
    { role: 'Administrator', email: 'a@x.example', password: 'p1' },
    { role: 'QA reader', email: 'longer@x.example', password: 'p2' },
  ]);
  assert.equal(lines.length, 3);
  assert.equal(lines[1], '  Administrator  a@x.example       p1');
  assert.equal(lines[2], '  QA reader      longer@x.example  p2');
});

test('the survey counts line names each audience with its count', () => {
  assert.equal(
    surveyCountsLine({ parents_carers: 1012, children_young_people: 147, practitioners: 253 }),
    '1,012 from parents and carers, 147 from children and young people, 253 from practitioners',
  );
});

test('today in England follows the London clock, not UTC', () => {
  assert.equal(todayInEngland(new Date('2026-07-01T23:30:00Z')), '2026-07-02');
  assert.equal(todayInEngland(new Date('2026-12-01T23:30:00Z')), '2026-12-01');
});

describeEachDatabase('demo seeding', (kind) => {
  const db = usePreparedDatabase(kind);

  test('a new database is seeded with the fictional area, one account per role and an inspection in fieldwork', async () => {
    assert.equal(await isNewDatabase(db.kysely), true);
    const demo = await seedDemo(db, '2026-11-22');
    assert.equal(await isNewDatabase(db.kysely), false);
    assert.equal(demo.accounts.length, DEMO_ACCOUNTS.length);
    assert.ok(demo.accounts.every((a) => a.password.length >= 12));

    const area = await db.kysely.selectFrom('local_area').selectAll().where('la_code', '=', DEMO_AREA.la_code).executeTakeFirstOrThrow();
    assert.equal(area.is_fictional, true);

    const inspection = await getInspection(db.kysely, demo.inspectionId);
    assert.equal(inspection?.inspection.status, 'fieldwork');
    assert.equal(inspection?.inspection.notification_date, '2026-11-09');
    const team = await listTeam(db.kysely, demo.inspectionId);
    assert.deepEqual(team.map((m) => m.role).sort(), ['cqc_lead', 'inspector', 'ofsted_lead', 'qa_reader']);
    const history = await listTransitions(db.kysely, demo.inspectionId);
    assert.deepEqual(history.map((h) => h.to_status), ['notified', 'fieldwork']);
  });

  test('the demo inspection has its three surveys, closed before fieldwork, with their links and responses', async () => {
    const inspection = await db.kysely.selectFrom('inspection').select('id').where('la_code', '=', DEMO_AREA.la_code).executeTakeFirstOrThrow();
    const surveys = await listSurveys(db.kysely, inspection.id);
    assert.deepEqual(surveys.map((s) => s.audience), ['parents_carers', 'children_young_people', 'practitioners']);
    const period = demoSurveyPeriod(demoInspectionDates('2026-11-22'));
    for (const survey of surveys) {
      const plan = DEMO_SURVEY_PLANS[survey.audience];
      assert.equal(survey.state, 'closed', survey.audience);
      assert.equal(survey.opensAt?.getTime(), period.opensAt.getTime());
      assert.equal(survey.closesAt?.getTime(), period.closesAt.getTime());
      assert.equal(survey.responseCount, plan.responses);
      const channels = await listChannels(db.kysely, survey.id);
      assert.deepEqual(channels.map((c) => c.name).sort(), plan.links.map((l) => l.name).sort());
      assert.ok(channels.every((c) => c.responseCount > 0 && c.createdAt < period.opensAt));
      const live = await liveCounts(db.kysely, survey.id);
      assert.equal(live.total, plan.responses);
      assert.ok(live.byDay.length >= 3 && live.byDay.every((d) => d.date >= '2026-11-10' && d.date <= '2026-11-15'), JSON.stringify(live.byDay));
    }
    const parents = surveys[0]!;
    assert.deepEqual(parents.definition.languages, ['ur']);
    assert.deepEqual((await liveCounts(db.kysely, parents.id)).byLanguage.map((l) => [l.code, l.count]), [
      ['en', DEMO_SURVEY_PLANS.parents_carers.responses - DEMO_SURVEY_PLANS.parents_carers.inUrdu],
      ['ur', DEMO_SURVEY_PLANS.parents_carers.inUrdu],
    ]);

    // What is stored is what a respondent could have sent, and within the time the survey was open.
    const stored = await db.kysely.selectFrom('survey_response').select(['survey_id', 'language', 'answers', 'submitted_at', 'source']).execute();
    assert.equal(stored.length, surveys.reduce((sum, s) => sum + s.responseCount, 0));
    const definitions = new Map(surveys.map((s) => [s.id, s.definition]));
    for (const row of stored) {
      const answers = row.answers as Answers;
      assert.deepEqual(validateResponse(definitions.get(row.survey_id)!, row.language, answers), { answers, errors: [] });
      assert.ok(row.submitted_at >= period.opensAt && row.submitted_at < period.closesAt);
    }
    const audited = await db.kysely.selectFrom('audit_event').select('action').where('inspection_id', '=', inspection.id).where('action', 'like', 'survey.%').execute();
    assert.equal(audited.filter((e) => e.action === 'survey.scheduled').length, 3);
    assert.equal(audited.filter((e) => e.action === 'survey.language-offered').length, 1);
  });

  test('seeding twice is refused; a reset replaces the accounts and the inspection', async () => {
    await assert.rejects(seedDemo(db, '2026-11-22'), /already there/);
    const before = await db.kysely.selectFrom('app_user').select('id').where('email', '=', DEMO_ACCOUNTS[0].email).executeTakeFirstOrThrow();
    const demo = await resetDemo(db, '2026-11-22');
    const after = await db.kysely.selectFrom('app_user').select('id').where('email', '=', DEMO_ACCOUNTS[0].email).executeTakeFirstOrThrow();
    assert.notEqual(after.id, before.id);
    const inspections = await db.kysely.selectFrom('inspection').select('id').where('la_code', '=', DEMO_AREA.la_code).execute();
    assert.deepEqual(inspections.map((i) => i.id), [demo.inspectionId]);
    // The old inspection's surveys and responses went with it.
    const surveys = await db.kysely.selectFrom('survey').select('inspection_id').execute();
    assert.deepEqual([...new Set(surveys.map((s) => s.inspection_id))], [demo.inspectionId]);
    const responses = await db.kysely.selectFrom('survey_response').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(responses.n), Object.values(demo.surveyResponses).reduce((a, b) => a + b, 0));
    assert.equal(await isDemoPresent(db.kysely), true);
    const resets = await db.kysely.selectFrom('audit_event').select('action').where('action', '=', 'demo.reset').execute();
    assert.equal(resets.length, 1);
  });
});

describeEachDatabase('demo accounts in the web app', (kind) => {
  test('each demo account signs in and the local area sees its inspection once notified', async () => {
    const t = await createTestApp(kind, { signInRateLimitPerMinute: 1000 });
    try {
      const demo = await seedDemo(t.db, '2026-11-22');
      for (const account of demo.accounts) {
        const client = new TestClient(t.app);
        await signInWithPassword(client, account.email, account.password);
        const list = await client.get('/inspections');
        assert.equal(list.statusCode, 200, account.role);
        // Every demo role may see the demo inspection: the team, the administrator, and the area once notified.
        assert.ok(list.body.includes(demo.inspectionReference), `${account.role} sees the demo inspection`);
      }
    } finally {
      await t.close();
    }
  });
});

describeEachDatabase('demo cases', (kind) => {
  const db = usePreparedDatabase(kind);
  let seeded: SeededDemo | undefined;

  test('the demo inspection has its data request under way, person-level data, a shared sample, tracking and reviews', async () => {
    const demo = await seedDemo(db, '2026-11-22');
    assert.deepEqual(demo.cases, { people: DEMO_PEOPLE_COUNT, tracked: 6, reviewed: 10, secondReviews: 6 });
    const id = demo.inspectionId;
    const imports = await db.kysely.selectFrom('case_import').select(['status', 'row_count']).where('inspection_id', '=', id).execute();
    assert.deepEqual(imports, [{ status: 'accepted', row_count: DEMO_PEOPLE_COUNT }]);
    const sample = await db.kysely.selectFrom('case_sample').select(['shared_at', 'seed']).where('inspection_id', '=', id).executeTakeFirstOrThrow();
    assert.ok(sample.shared_at, 'the sample has been shared with the area');
    const cases = await db.kysely.selectFrom('sampled_case').select(['purpose', 'replaced_at']).where('inspection_id', '=', id).execute();
    assert.equal(cases.filter((c) => c.purpose === 'review' && !c.replaced_at).length, 40);
    assert.equal(cases.filter((c) => c.replaced_at).length, 1, 'one plan was replaced, with its reason kept');
    const reviews = await db.kysely.selectFrom('plan_review').select(['round', 'status']).where('inspection_id', '=', id).execute();
    assert.equal(reviews.filter((r) => r.status === 'complete').length, 16);
    const provided = await db.kysely.selectFrom('data_request_item').select('status').where('inspection_id', '=', id).where('status', 'in', ['provided', 'accepted']).execute();
    assert.equal(provided.length, 3, 'three documents have been sent, one of them accepted');
    const notes = await db.kysely.selectFrom('tracking_note').select('id').execute();
    assert.equal(notes.length, 3);
    seeded = demo;
  });

  test('the demo inspection has its fieldwork timetable and a few hundred evidence notes, made through the evidence services', async () => {
    const id = seeded!.inspectionId;
    const activities = await listActivities(db.kysely, id);
    assert.equal(activities.length, DEMO_ACTIVITY_PLAN.length);
    assert.equal(seeded!.evidence.activities, DEMO_ACTIVITY_PLAN.length);
    const totals = await fieldworkTotals(db.kysely, id);
    assert.deepEqual(
      { families: totals.familiesSpokenTo, staff: totals.staffSpokenTo, settings: totals.settingsVisited },
      { families: seeded!.evidence.familiesSpokenTo, staff: seeded!.evidence.staffSpokenTo, settings: seeded!.evidence.settingsVisited },
    );
    assert.ok(totals.familiesSpokenTo >= 65 && totals.staffSpokenTo > 100, totalsSentence(totals));
    // Each tracking meeting names its tracked child.
    const tracking = activities.filter((a) => a.kind === 'tracking_meeting');
    assert.equal(new Set(tracking.map((a) => a.caseId)).size, 6);
    const clashes = findClashes(activities);
    assert.equal(clashes.size, 2, 'one clash, flagged on both activities');

    assert.equal(seeded!.evidence.notes, DEMO_NOTE_COUNT);
    const counts = await noteCounts(db.kysely, id);
    assert.equal(counts.notes, DEMO_NOTE_COUNT);
    assert.ok(counts.strengths > counts.concerns && counts.concerns > 0);
    const versions = await db.kysely
      .selectFrom('evidence_note_version')
      .innerJoin('evidence_note', 'evidence_note.id', 'evidence_note_version.note_id')
      .select(['evidence_note_version.note_id', 'evidence_note_version.version'])
      .where('evidence_note.inspection_id', '=', id)
      .execute();
    assert.equal(versions.length, DEMO_NOTE_COUNT + 7, 'six notes were edited later, one of them twice');
    assert.equal(Math.max(...versions.map((v) => v.version)), 3);
    const bySource = await db.kysely.selectFrom('evidence_note').select(['source_kind', 'activity_id', 'case_id', 'survey_id']).where('inspection_id', '=', id).execute();
    assert.deepEqual([...new Set(bySource.map((n) => n.source_kind))].sort(), ['activity', 'data', 'reviewed_plan', 'survey', 'tracked_case']);
    assert.ok(bySource.every((n) => (n.source_kind === 'activity') === (n.activity_id !== null) && (n.source_kind === 'survey') === (n.survey_id !== null)));
    const files = await db.kysely.selectFrom('evidence_note_file').innerJoin('evidence_note', 'evidence_note.id', 'evidence_note_file.note_id').select('file_id').where('evidence_note.inspection_id', '=', id).execute();
    assert.equal(files.length, 3);
    const audited = await db.kysely.selectFrom('audit_event').select('action').where('inspection_id', '=', id).where('action', 'like', 'evidence.%').execute();
    assert.equal(audited.filter((e) => e.action === 'evidence.activity-created').length, DEMO_ACTIVITY_PLAN.length);
    assert.ok(audited.length >= DEMO_ACTIVITY_PLAN.length + DEMO_NOTE_COUNT);
  });
});
