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
import { getOutcome, listFindings } from '../findings/finding.service.ts';
import { statusPageChoices } from '../inspections/inspection-lifecycle.ts';
import { transitionInspection, type Actor } from '../inspections/inspection.service.ts';
import { addWorkingDays } from '../platform/working-days.ts';
import { getPublishedReport, listPublishedReports, reportSlug } from '../reports/published-report.service.ts';
import { compareVersions, listVersions } from '../reports/report-draft.service.ts';
import { gatherReportInputs } from '../reports/report-inputs.service.ts';
import { publicationStatus, publishNow, sendForFactualAccuracy, signOff, signOffPage } from '../reports/report-publication.service.ts';
import { DEMO_FINDINGS, DEMO_OUTCOME } from './demo-findings.ts';
import { DEMO_HISTORY } from './demo-report.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';

/** The day the tests seed the demo on: two working days after its week on site. */
const DEMO_TODAY = '2026-12-01';

test('demo dates put the inspection just past its week on site: notified 16 working days before the last working day', () => {
  // Tuesday 1 December 2026: on site the week before, from Monday 23 November.
  const dates = demoInspectionDates(DEMO_TODAY);
  assert.deepEqual(dates, { notificationDate: '2026-11-09', onsiteStartDate: '2026-11-23', onsiteEndDate: '2026-11-27' });
  // On a Sunday the last working day counts: Friday 4 December is two working days after the week on site.
  assert.deepEqual(demoInspectionDates('2026-12-06'), demoInspectionDates('2026-12-04'));
  assert.equal(workingDaysBetween(demoInspectionDates('2026-12-06').onsiteEndDate, '2026-12-04'), 2);
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

const PREVIOUS_REFERENCE = DEMO_HISTORY.inspections[0]!.reference!;

/** The demo's own inspection, not its previous, historical one. */
async function demoInspection(db: Kysely<Database>): Promise<{ id: string; reference: string }> {
  return db.selectFrom('inspection').select(['id', 'reference']).where('la_code', '=', DEMO_AREA.la_code).where('historical', '=', false).executeTakeFirstOrThrow();
}

async function demoActor(db: Kysely<Database>, role: string): Promise<Actor> {
  const email = DEMO_ACCOUNTS.find((a) => a.role === role)!.email;
  const user = await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return { id: user.id, label: email };
}

async function countRows(db: Kysely<Database>, table: 'finding' | 'inspection_outcome' | 'report_version' | 'report_publication' | 'report_sign_off'): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describeEachDatabase('demo seeding', (kind) => {
  const db = usePreparedDatabase(kind);

  test('a new database is seeded with the fictional area, one account per role and an inspection whose report is being drafted', async () => {
    assert.equal(await isNewDatabase(db.kysely), true);
    const demo = await seedDemo(db, DEMO_TODAY);
    assert.equal(await isNewDatabase(db.kysely), false);
    assert.equal(demo.accounts.length, DEMO_ACCOUNTS.length);
    assert.ok(demo.accounts.every((a) => a.password.length >= 12));

    const area = await db.kysely.selectFrom('local_area').selectAll().where('la_code', '=', DEMO_AREA.la_code).executeTakeFirstOrThrow();
    assert.equal(area.is_fictional, true);

    const inspection = await getInspection(db.kysely, demo.inspectionId);
    assert.equal(inspection?.inspection.status, 'reporting');
    assert.equal(inspection?.inspection.notification_date, '2026-11-09');
    const team = await listTeam(db.kysely, demo.inspectionId);
    assert.deepEqual(team.map((m) => m.role).sort(), ['cqc_lead', 'inspector', 'ofsted_lead', 'qa_reader']);
    const history = await listTransitions(db.kysely, demo.inspectionId);
    assert.deepEqual(history.map((h) => h.to_status), ['notified', 'fieldwork', 'reporting']);
  });

  test('the demo inspection has its three surveys, closed before fieldwork, with their links and responses', async () => {
    const inspection = await db.kysely.selectFrom('inspection').select('id').where('la_code', '=', DEMO_AREA.la_code).executeTakeFirstOrThrow();
    const surveys = await listSurveys(db.kysely, inspection.id);
    assert.deepEqual(surveys.map((s) => s.audience), ['parents_carers', 'children_young_people', 'practitioners']);
    const period = demoSurveyPeriod(demoInspectionDates(DEMO_TODAY));
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

  test('the demo inspection has twelve findings citing its evidence, the inspectors’ outcome and a draft in two versions', async () => {
    const { id } = await demoInspection(db.kysely);
    const findings = await listFindings(db.kysely, id);
    assert.equal(findings.length, 12);
    assert.equal(findings.length, DEMO_FINDINGS.length);
    assert.deepEqual(
      [...Map.groupBy(findings, (f) => f.kind)].map(([k, list]) => [k, list.length]),
      [['experience', 3], ['effective', 3], ['to_do_better', 3], ['area_for_improvement', 3]],
    );
    assert.ok(findings.every((f) => f.origin === 'recorded' && f.citations.length >= 2), 'each finding cites its evidence');
    assert.deepEqual(
      findings.filter((f) => f.singleSource).map((f) => [f.kind, f.criteria, f.sources]),
      [['effective', ['L1'], ['fieldwork']]],
      'one finding is flagged as resting on one kind of source',
    );
    const cited = new Set(findings.flatMap((f) => f.citations.map((c) => c.kind)));
    assert.deepEqual([...cited].sort(), ['note', 'plan_review', 'survey_figure']);
    assert.ok(findings.flatMap((f) => f.citations).every((c) => c.label.length > 0));
    assert.deepEqual(findings.filter((f) => f.kind === 'area_for_improvement').map((f) => f.responsibleBody), ['local_authority', 'icb', 'local_authority_and_icb']);

    const outcome = await getOutcome(db.kysely, id);
    assert.equal(outcome?.code, 'inconsistent');
    assert.equal(outcome?.rationale, DEMO_OUTCOME.rationale);
    assert.equal(outcome?.decidedBy, 'Helen Carter');

    const versions = (await listVersions(db.kysely, id)).sort((a, b) => a.number - b.number);
    assert.deepEqual(versions.map((v) => [v.number, v.savedBy]), [[1, 'Helen Carter'], [2, 'David Okafor']]);
    assert.ok(versions[0]!.savedAt < versions[1]!.savedAt);
    const comparison = await compareVersions(db.kysely, id, 1, 2);
    assert.equal(comparison?.diff.changedSections, 3);

    // The lead can send the draft for quality assurance: nothing is missing before the QA reader sends it on.
    assert.ok(statusPageChoices('reporting', 'ofsted_lead').some((t) => t.to === 'quality_assurance'));
    const status = await publicationStatus(db.kysely, id);
    assert.equal(status.draftVersion, 2);
    assert.deepEqual(status.missing.beforeFactualAccuracy, []);
    const inputs = await gatherReportInputs(db.kysely, id);
    assert.equal(inputs.previousInspection, '2018-03-05');
    assert.deepEqual(inputs.narrative.about_partnership?.map((b) => b.type), ['paragraph', 'paragraph', 'list', 'paragraph']);
  });

  test('the area’s previous inspection is published on the public site from the start', async () => {
    const list = await listPublishedReports(db.kysely, { area: DEMO_AREA.la_code });
    assert.deepEqual(
      list.items.map((r) => [r.reference, r.historical, r.frameworkCode, r.outcomeCode, r.onsiteStart, r.areaName]),
      [[PREVIOUS_REFERENCE, true, '2016', 'wsoa_not_required', '2018-03-05', DEMO_AREA.name]],
    );
    const report = await getPublishedReport(db.kysely, reportSlug(PREVIOUS_REFERENCE));
    assert.equal(report?.document.findings.length, DEMO_HISTORY.inspections[0]!.findings!.length);
    assert.equal(report?.document.team.length, 3);
  });

  test('the demo report goes through quality assurance and the factual accuracy check to publication, and is then public', async () => {
    const { id, reference } = await demoInspection(db.kysely);
    const lead = await demoActor(db.kysely, 'Ofsted lead inspector');
    const cqcLead = await demoActor(db.kysely, 'CQC lead inspector');
    const qaReader = await demoActor(db.kysely, 'QA reader');
    await transitionInspection(db.kysely, id, { to: 'quality_assurance' }, lead);
    const sent = await sendForFactualAccuracy(db.kysely, id, { workingDays: 5 }, qaReader, {}, new Date(`${DEMO_TODAY}T10:00:00Z`));
    // The area made no comment by its deadline.
    const later = new Date(`${addWorkingDays(sent.deadline, 1)}T12:00:00Z`);
    const page = await signOffPage(db.kysely, id, later);
    assert.deepEqual(page.missing, []);
    await signOff(db.kysely, id, page.currentHash, lead, {}, later);
    await signOff(db.kysely, id, page.currentHash, cqcLead, {}, later);
    await publishNow(db.kysely, id, lead, {}, later);

    const list = await listPublishedReports(db.kysely, { area: DEMO_AREA.la_code }, later);
    assert.deepEqual(list.items.map((r) => r.reference), [reference, PREVIOUS_REFERENCE]);
    const report = await getPublishedReport(db.kysely, reportSlug(reference), later);
    assert.ok(report);
    assert.equal(report.outcomeCode, 'inconsistent');
    assert.equal(report.document.findings.length, 12);
    assert.equal(report.document.dates.previousInspection, '2018-03-05');
    const text = JSON.stringify(report.document.sections);
    for (const plan of DEMO_FINDINGS) assert.ok(text.includes(plan.body.slice(0, 60)), plan.body.slice(0, 60));
    assert.ok(text.includes('have inconsistent experiences'), 'the second version of the narrative is the one published');
  });

  test('seeding twice is refused; a reset replaces the accounts and the inspection', async () => {
    await assert.rejects(seedDemo(db, DEMO_TODAY), /already there/);
    const before = await db.kysely.selectFrom('app_user').select('id').where('email', '=', DEMO_ACCOUNTS[0].email).executeTakeFirstOrThrow();
    const demo = await resetDemo(db, DEMO_TODAY);
    const after = await db.kysely.selectFrom('app_user').select('id').where('email', '=', DEMO_ACCOUNTS[0].email).executeTakeFirstOrThrow();
    assert.notEqual(after.id, before.id);
    const inspections = await db.kysely.selectFrom('inspection').select(['id', 'reference', 'historical']).where('la_code', '=', DEMO_AREA.la_code).orderBy('reference').execute();
    assert.deepEqual(inspections.map((i) => [i.reference, i.historical]), [[PREVIOUS_REFERENCE, true], [demo.inspectionReference, false]]);
    assert.equal(inspections[1]!.id, demo.inspectionId);
    // The published demo report, its sign-offs and the previous inspection were replaced, not added to.
    const previousFindings = DEMO_HISTORY.inspections[0]!.findings!.length;
    assert.equal(await countRows(db.kysely, 'finding'), DEMO_FINDINGS.length + previousFindings);
    assert.equal(await countRows(db.kysely, 'inspection_outcome'), 2);
    assert.equal(await countRows(db.kysely, 'report_version'), 2);
    assert.equal(await countRows(db.kysely, 'report_sign_off'), 0);
    assert.equal(await countRows(db.kysely, 'report_publication'), 1);
    assert.deepEqual((await listPublishedReports(db.kysely, {})).items.map((r) => r.reference), [PREVIOUS_REFERENCE]);
    assert.equal(demo.report.findings, 12);
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
  test('each demo account signs in and sees the demo inspection; the lead sees its findings and anyone the previous report', async () => {
    const t = await createTestApp(kind, { signInRateLimitPerMinute: 1000 });
    try {
      const demo = await seedDemo(t.db, DEMO_TODAY);
      for (const account of demo.accounts) {
        const client = new TestClient(t.app);
        await signInWithPassword(client, account.email, account.password);
        const list = await client.get('/inspections');
        assert.equal(list.statusCode, 200, account.role);
        // Every demo role may see the demo inspection: the team, the administrator, and the area once notified.
        assert.ok(list.body.includes(demo.inspectionReference), `${account.role} sees the demo inspection`);
      }
      // The lead's findings page shows the twelve findings, one flagged.
      const lead = new TestClient(t.app);
      const leadAccount = demo.accounts.find((a) => a.role === 'Ofsted lead inspector')!;
      await signInWithPassword(lead, leadAccount.email, leadAccount.password);
      const findings = await lead.get(`/inspections/${demo.inspectionId}/findings`);
      assert.equal(findings.statusCode, 200);
      assert.match(findings.body, /12 findings recorded: 1 rests on one kind of source/);
      // Anyone can read the area's previous report on the public site.
      const reader = new TestClient(t.app);
      const reports = await reader.get('/reports');
      assert.equal(reports.statusCode, 200);
      assert.ok(reports.body.includes(DEMO_AREA.name), 'the public site lists the area’s previous report');
      const previous = await reader.get(`/reports/${DEMO_HISTORY.inspections[0]!.reference!.toLowerCase()}`);
      assert.equal(previous.statusCode, 200);
    } finally {
      await t.close();
    }
  });
});

describeEachDatabase('demo cases', (kind) => {
  const db = usePreparedDatabase(kind);
  let seeded: SeededDemo | undefined;

  test('the demo inspection has its data request under way, person-level data, a shared sample, tracking and reviews', async () => {
    const demo = await seedDemo(db, DEMO_TODAY);
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
