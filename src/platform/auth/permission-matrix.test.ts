// Walks every route of the app for every kind of visitor and checks each is let in or kept out
// exactly as the table below says. The table is written out by hand: it is the specification.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { addTeamMember, createInspection, transitionInspection } from '../../inspections/inspection.service.ts';
import type { TeamRole } from '../../inspections/inspection.table.ts';
import { shareSummary } from '../../surveys/survey-results.service.ts';
import { stageImport } from '../../surveys/survey-transfer.service.ts';
import { addChannel, closeSurveyNow, createSurveys, openSurveyNow, submitResponse } from '../../surveys/survey.service.ts';
import { newClientKey } from '../../surveys/survey.ts';
import { addCaseDocument } from '../../cases/case-documents.service.ts';
import { importPersonLevelData } from '../../cases/case-import.service.ts';
import { currentSample, drawCaseSample, shareWithArea } from '../../cases/case-sample.service.ts';
import { ensureDataRequest, getDataRequest, uploadItemFiles } from '../../cases/data-request.service.ts';
import { templateHeadings, templateRow } from '../../cases/person-template.ts';
import { syntheticPeople } from '../../demo/demo-people.ts';
import { addFixtureActivity, addFixtureNote } from '../../evidence/evidence-test-support.ts';
import { addFixtureFinding } from '../../findings/finding-test-support.ts';
import { moveInspectionForTest } from '../../inspections/inspection-test-support.ts';
import { recordFeedback } from '../../public/page-feedback.service.ts';
import { publishFixtureReport } from '../../reports/published-report-test-support.ts';
import { storeFile } from '../files/stored-files.ts';
import { describeEachDatabase } from '../db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../web/test-app.ts';
import type { Permission } from './permissions.ts';
import { createTestUser, signInWithPassword, type TestUser } from './test-users.ts';
import { inviteUser } from './user.service.ts';
import type { AreaRole } from './user.table.ts';

type VisitorKind =
  | 'anonymous'
  | 'mid-sign-in'
  | 'administrator'
  | 'ofsted_lead'
  | 'cqc_lead'
  | 'inspector'
  | 'qa_reader'
  | 'inspector-not-on-team'
  | 'nominated_officer'
  | 'leader'
  | 'contributor'
  | 'pcf_representative'
  | 'other-area-officer';

const VISITORS: VisitorKind[] = [
  'anonymous',
  'mid-sign-in',
  'administrator',
  'ofsted_lead',
  'cqc_lead',
  'inspector',
  'qa_reader',
  'inspector-not-on-team',
  'nominated_officer',
  'leader',
  'contributor',
  'pcf_representative',
  'other-area-officer',
];

const SIGNED_IN = VISITORS.filter((v) => v !== 'anonymous' && v !== 'mid-sign-in');
const TEAM: VisitorKind[] = ['ofsted_lead', 'cqc_lead', 'inspector', 'qa_reader'];
const AREA_OF_INSPECTION: VisitorKind[] = ['nominated_officer', 'leader', 'contributor', 'pcf_representative'];
const STAFF: VisitorKind[] = ['administrator', ...TEAM, 'inspector-not-on-team'];

/** Who each permission lets in (the inspection is notified, so its area may see it). */
const ALLOWED: Record<Permission, readonly VisitorKind[]> = {
  public: VISITORS,
  'sign-in:in-progress': ['mid-sign-in'],
  'account:self': SIGNED_IN,
  'admin:users': ['administrator'],
  'admin:audit': ['administrator'],
  'areas:view': [...STAFF, ...AREA_OF_INSPECTION, 'other-area-officer'],
  'frameworks:view': [...STAFF, ...AREA_OF_INSPECTION, 'other-area-officer'],
  'inspections:list': SIGNED_IN,
  'inspections:create': ['administrator'],
  'inspection:view': ['administrator', ...TEAM, ...AREA_OF_INSPECTION],
  'inspection:view-internal': TEAM,
  'inspection:manage-team': ['administrator', 'ofsted_lead'],
  'inspection:transition': TEAM,
  'survey:view': TEAM,
  'survey:results': TEAM,
  'survey:manage': ['ofsted_lead', 'cqc_lead'],
  'survey:import': ['ofsted_lead', 'cqc_lead'],
  'survey:code': ['ofsted_lead', 'cqc_lead', 'inspector'],
  'survey:export-raw': ['ofsted_lead'],
  'survey:translate': ['ofsted_lead', 'cqc_lead', 'nominated_officer', 'contributor'],
  'survey:distribute': [...TEAM, ...AREA_OF_INSPECTION],
  'survey:summary': [...TEAM, ...AREA_OF_INSPECTION],
  'data-request:view': [...TEAM, ...AREA_OF_INSPECTION],
  'data-request:upload': ['ofsted_lead', 'cqc_lead', 'nominated_officer', 'contributor'],
  'data-request:manage': ['ofsted_lead', 'cqc_lead'],
  'cases:supply': ['ofsted_lead', 'cqc_lead', 'nominated_officer', 'contributor'],
  'cases:view': ['ofsted_lead', 'cqc_lead', 'inspector'],
  'cases:sample': ['ofsted_lead', 'cqc_lead'],
  'cases:review': ['ofsted_lead', 'cqc_lead', 'inspector'],
  'cases:documents': ['ofsted_lead', 'cqc_lead', 'inspector', 'nominated_officer', 'contributor'],
  'cases:hub': ['ofsted_lead', 'cqc_lead', 'inspector', 'nominated_officer', 'contributor'],
  'evidence:view': TEAM,
  'evidence:write': ['ofsted_lead', 'cqc_lead', 'inspector'],
  'evidence:export': ['ofsted_lead', 'cqc_lead'],
  'findings:view': TEAM,
  'findings:write': ['ofsted_lead', 'cqc_lead', 'inspector'],
  'outcome:decide': ['ofsted_lead', 'cqc_lead'],
  // The report's pages are walked on a second inspection at the factual accuracy check (see seedReport):
  // quality assurance is over and nothing is published yet, so the QA reader comments on nothing and
  // nobody corrects.
  'report:view': TEAM,
  'report:edit': ['ofsted_lead', 'cqc_lead', 'inspector'],
  'report:qa': [],
  'report:factual-accuracy': ['nominated_officer'],
  'report:sign-off': ['ofsted_lead', 'cqc_lead'],
  'report:publish': ['ofsted_lead'],
  'report:correct': [],
  'feedback:triage': ['administrator'],
};

/**
 * Routes with a rule of their own on top of the permission, and who passes both. A case document is
 * removed only by whoever uploaded it (here the nominated officer).
 */
const NARROWER: Readonly<Record<string, readonly VisitorKind[]>> = {
  'GET /inspections/:inspectionId/cases/documents/:caseId/files/:fileId/remove': ['nominated_officer'],
};

type Outcome = 'allowed' | 'sent to sign in' | 'forbidden' | 'hidden';

function outcomeOf(status: number, location: string, body: string): Outcome {
  if (status === 302 && location.startsWith('/sign-in')) return 'sent to sign in';
  // JSON APIs behind sign-in answer 401 instead of redirecting to the sign-in page.
  if (status === 401) return 'sent to sign in';
  if (status === 403 && body.includes('You do not have permission')) return 'forbidden';
  if (status === 404) return 'hidden';
  return 'allowed';
}

describeEachDatabase('permission matrix: every route for every role', (kind) => {
  let t: TestApp;
  const clients = new Map<VisitorKind, TestClient>();
  const params: Record<string, string> = { code: '2023', revision: '1', laCode: '352' };

  before(async () => {
    t = await createTestApp(kind, { signInRateLimitPerMinute: 10_000 });
    const db = t.db.kysely;
    const admin = await createTestUser(db, { organisation: 'administration', isAdmin: true });
    const adminActor = { id: admin.userId, label: admin.email };
    const inspection = await createInspection(
      db,
      { laCode: '352', frameworkCode: '2023', inspectionType: 'full', notificationDate: '2026-11-09', onsiteStartDate: '2026-11-23', onsiteEndDate: '2026-11-27' },
      adminActor,
    );
    params.inspectionId = inspection.id;
    const users = new Map<VisitorKind, TestUser>([['administrator', admin]]);
    for (const role of TEAM) {
      const user = await createTestUser(db, { organisation: role === 'cqc_lead' ? 'cqc' : 'ofsted' });
      await addTeamMember(db, inspection.id, { userId: user.userId, role: role as TeamRole }, adminActor);
      users.set(role, user);
    }
    users.set('inspector-not-on-team', await createTestUser(db, { organisation: 'ofsted' }));
    for (const role of AREA_OF_INSPECTION) {
      users.set(role, await createTestUser(db, { organisation: 'local_area', areaRole: { laCode: '352', role: role as AreaRole } }));
    }
    users.set('other-area-officer', await createTestUser(db, { organisation: 'local_area', areaRole: { laCode: '202', role: 'nominated_officer' } }));
    const lead = users.get('ofsted_lead')!;
    await transitionInspection(db, inspection.id, { to: 'notified' }, { id: lead.userId, label: lead.email });

    const leadActor = { id: lead.userId, label: lead.email };
    const surveys = await createSurveys(db, inspection.id, leadActor);
    const parents = surveys.find((s) => s.audience === 'parents_carers')!;
    const open = await openSurveyNow(db, parents.id, leadActor);
    const channel = await addChannel(db, open.id, 'Parent carer forum', leadActor);
    params.audience = 'parents-carers';
    params.channelId = channel.id;
    params.linkCode = channel.code;
    params.language = 'ur';
    const sent = await submitResponse(db, open, {
      surveyId: open.id,
      channelId: channel.id,
      language: 'en',
      answers: { respondent_role: 'parent', age_phase: 'age_5_10', support_level: 'sen_support', needs_identified_early: 'agree', right_help_right_time: 'disagree', overall_rating: 'poor', what_could_be_better: 'Shorter waits for speech therapy.' },
      idempotencyKey: newClientKey(),
      source: 'api',
      keySecret: 'permission matrix',
    });
    assert.equal(sent.outcome, 'stored');
    params.responseId = String(sent.outcome === 'stored' && sent.responseId);
    params.questionId = 'what_could_be_better';
    params.importId = (await stageImport(db, open, { fileName: 'responses.csv', chunks: Readable.from([Buffer.from('Which of these best describes you?\r\nParent\r\n')]) }, leadActor)).id;
    const practitioners = surveys.find((s) => s.audience === 'practitioners')!;
    await openSurveyNow(db, practitioners.id, leadActor);
    await closeSurveyNow(db, practitioners.id, leadActor);
    params.summaryToken = (await shareSummary(db, practitioners.id, leadActor)).summaryToken!;

    await seedCases(t, inspection.id, leadActor, users.get('nominated_officer')!);
    await seedEvidence(t, inspection.id, lead);
    await seedFindings(t, inspection.id);
    await seedReport(t, users, adminActor);
    const published = await publishFixtureReport(db, { laCode: '202', publishedAt: new Date(Date.now() - 60_000) });
    params.slug = published.slug;
    params.reference = published.reference;
    params.feedbackId = (await recordFeedback(db, { pagePath: '/reports', kind: 'useful' })).id;

    params.userId = users.get('inspector')!.userId;
    params.token = (await inviteUser(db, { email: 'invited@example.test', displayName: 'Invited Person', organisation: 'ofsted' }, adminActor)).path.split('/').pop()!;

    clients.set('anonymous', new TestClient(t.app));
    for (const [visitor, user] of users) {
      const client = new TestClient(t.app);
      await signInWithPassword(client, user.email, user.password);
      clients.set(visitor, client);
    }
    // A visitor with two-factor set up who has given the password and not yet the code.
    const midSignIn = new TestClient(t.app);
    const pendingUser = await createTestUser(db, { organisation: 'ofsted' });
    await t.db.kysely.updateTable('app_user').set({ mfa_secret: 'JBSWY3DPEHPK3PXP', mfa_enrolled_at: new Date() }).where('id', '=', pendingUser.userId).execute();
    const page = await midSignIn.post('/sign-in', { email: pendingUser.email, password: pendingUser.password });
    assert.equal(page.headers.location, '/sign-in/two-factor', 'an enrolled user is asked for a code');
    clients.set('mid-sign-in', midSignIn);
  });

  after(async () => {
    await t.close();
  });

  /** Some parameter names mean different things in different places (a survey import, a case import). */
  const paramsWhere: [RegExp, Record<string, string>][] = [];

  async function seedCases(app: TestApp, inspectionId: string, lead: { id: string; label: string }, officer: TestUser): Promise<void> {
    const officerActor = { id: officer.userId, label: officer.email };
    await ensureDataRequest(app.db.kysely, inspectionId, lead);
    const item = (await getDataRequest(app.db.kysely, inspectionId, '2026-11-22')).items.find((i) => i.code === 'self_evaluation')!;
    const [requestFile] = await uploadItemFiles(app.db.kysely, inspectionId, item.id, [{ fileName: 'self-evaluation.txt', bytes: Buffer.from('Our self-evaluation') }], officerActor, 1024 * 1024);
    const people = syntheticPeople({ count: 200, seed: 3, dataDate: '2026-11-10' });
    const headings = templateHeadings();
    const csv = [headings.join(','), ...people.map((p) => headings.map((h) => (templateRow(p) as Record<string, string>)[h] ?? '').join(','))].join('\n');
    const imported = await importPersonLevelData(app.db, inspectionId, { fileName: 'people.csv', chunks: Readable.from([Buffer.from(csv)]) }, officerActor, { dataDate: '2026-11-10' });
    assert.equal(imported.status, 'accepted');
    await drawCaseSample(app.db.kysely, inspectionId, { tracked: 2, review: 3, seed: 'matrix' }, lead);
    await shareWithArea(app.db.kysely, inspectionId, lead, new Date('2026-11-12T10:00:00Z'));
    const sample = (await currentSample(app.db.kysely, inspectionId))!;
    const tracked = sample.cases.find((c) => c.purpose === 'tracked')!;
    const review = sample.cases.find((c) => c.purpose === 'review')!;
    const document = await addCaseDocument(app.db.kysely, { inspectionId, caseId: tracked.id, fileName: 'plan.txt', bytes: Buffer.from('Section A'), description: '' }, 'area', 1024 * 1024, officerActor);
    params.itemId = item.id;
    params.round = 'first';
    paramsWhere.push(
      [/\/data-request\//, { fileId: requestFile!.id }],
      [/\/cases\/imports\//, { importId: imported.importId! }],
      [/\/cases\/(tracked|documents)\//, { caseId: tracked.id, fileId: document.fileId }],
      [/\/cases\/(reviews|sample)\//, { caseId: review.id }],
    );
  }

  async function seedEvidence(app: TestApp, inspectionId: string, lead: TestUser): Promise<void> {
    const activity = await addFixtureActivity(app.db, inspectionId, { inspectorIds: [lead.userId] });
    const note = await addFixtureNote(app.db, inspectionId, { sourceKind: 'activity', activityId: activity.id });
    const file = await storeFile(app.db.kysely, { inspectionId, fileName: 'notes.txt', bytes: Buffer.from('Visit notes'), uploadedBy: lead.userId }, 1024 * 1024);
    await app.db.kysely.insertInto('evidence_note_file').values({ note_id: note.id, file_id: file.id, added_by: lead.userId, added_by_label: lead.email }).execute();
    params.activityId = activity.id;
    params.noteId = note.id;
    params.criterionCode = 'I3';
    paramsWhere.push([/\/evidence\/notes\//, { fileId: file.id }]);
  }

  async function seedFindings(app: TestApp, inspectionId: string): Promise<void> {
    params.findingId = (await addFixtureFinding(app.db.kysely, inspectionId)).id;
  }

  /** A second inspection of the same area, with the same team, at the factual accuracy check with a draft sent. */
  async function seedReport(app: TestApp, users: Map<VisitorKind, TestUser>, adminActor: { id: string; label: string }): Promise<void> {
    const db = app.db.kysely;
    const inspection = await createInspection(
      db,
      { laCode: '352', frameworkCode: '2023', inspectionType: 'full', notificationDate: '2026-09-07', onsiteStartDate: '2026-09-21', onsiteEndDate: '2026-09-25' },
      adminActor,
    );
    for (const role of TEAM) await addTeamMember(db, inspection.id, { userId: users.get(role)!.userId, role: role as TeamRole }, adminActor);
    await moveInspectionForTest(db, inspection.id, 'factual_accuracy');
    await db.insertInto('report_version').values({ inspection_id: inspection.id, number: 1, sections: JSON.stringify({ experience: [{ type: 'paragraph', text: 'Families say waits are long.' }] }), created_by_label: 'matrix' }).execute();
    await db
      .insertInto('report')
      .values({ inspection_id: inspection.id, factual_accuracy_version: 1, factual_accuracy_sent_at: new Date(), factual_accuracy_deadline: '2099-12-31' })
      .execute();
    params.number = '1';
    params.paragraphKey = 'experience.1';
    params.commentId = '00000000-0000-4000-8000-000000000001';
    paramsWhere.push([/^\/inspections\/:inspectionId\/report/, { inspectionId: inspection.id }]);
  }

  function urlFor(pattern: string): string {
    if (pattern === '/assets/*') return '/assets/app.css';
    const here = Object.assign({}, params, ...paramsWhere.filter(([where]) => where.test(pattern)).map(([, values]) => values));
    return pattern.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
      assert.ok(here[name], `no test value for route parameter :${name} in ${pattern}`);
      return here[name];
    });
  }

  test('every permission a route names has an expectation in the table', () => {
    for (const route of t.app.routeRegistry) {
      assert.ok(ALLOWED[route.permission], `${route.method} ${route.url} names ${route.permission}, which the table does not cover`);
    }
  });

  test('each route lets in exactly the visitors its permission allows', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const route of t.app.routeRegistry.filter((r) => r.method === 'GET' || r.method === 'POST')) {
      const url = urlFor(route.url);
      for (const visitor of VISITORS) {
        const client = clients.get(visitor)!;
        // Posts carry no CSRF token: a visitor who is let in meets the CSRF check next, so nothing is changed.
        const response = route.method === 'GET' ? await client.get(url) : await client.post(url, {}, { csrf: '' });
        const location = String(response.headers.location ?? '');
        // The guard never redirects a mid-sign-in visitor away from a two-factor step; a page of that
        // step may send them on to the step they are at, which is being let in.
        const onToTheirStep = visitor === 'mid-sign-in' && route.permission === 'sign-in:in-progress' && location.startsWith('/sign-in/two-factor');
        const outcome = onToTheirStep ? 'allowed' : outcomeOf(response.statusCode, location, response.body);
        const expected = (NARROWER[`${route.method} ${route.url}`] ?? ALLOWED[route.permission]).includes(visitor);
        const allowed = outcome === 'allowed';
        if (route.method === 'POST' && allowed && !route.csrf) {
          assert.equal(response.statusCode, 400, `${visitor} POST ${route.url}: a post without its required header or body is refused`);
        } else if (route.method === 'POST' && allowed) {
          assert.match(response.body, /Your form could not be sent/, `${visitor} POST ${route.url}: a post without a token is stopped by the CSRF check`);
        }
        if (allowed !== expected) {
          mismatches.push(`${route.method} ${route.url} as ${visitor}: expected ${expected ? 'allowed' : 'refused'}, got ${outcome} (${response.statusCode})`);
        }
        checked++;
      }
    }
    assert.deepEqual(mismatches, []);
    assert.ok(checked >= 50 * VISITORS.length, `checked ${checked} route and visitor pairs`);
  });

  test('signed-out visitors are sent to sign in, not shown a refusal', async () => {
    const response = await clients.get('anonymous')!.get(`/inspections/${params.inspectionId}`);
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/sign-in');
  });

  test('refusals of signed-in people are in the audit log', async () => {
    const denied = await t.db.kysely.selectFrom('audit_event').select(['action', 'outcome']).where('outcome', '=', 'denied').execute();
    assert.ok(denied.length > 0);
    assert.ok(denied.every((e) => e.action === 'access.denied'));
  });
});
