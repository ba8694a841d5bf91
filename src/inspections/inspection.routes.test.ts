// HTTP tests of the inspection pages on PGlite and PostgreSQL: creating with check answers,
// errors that keep the input, the dashboard, every change of status by the right role, what the
// local area may see, and the team.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestUser, signInAs, signInWithPassword, type TestUser } from '../platform/auth/test-users.ts';
import type { TeamRole } from './inspection.table.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { createInspection, transitionInspection } from './inspection.service.ts';

const VALID_FORM = {
  laCode: '352',
  frameworkCode: '2023',
  'inspectionType-2023': 'full',
  'notificationDate-day': '12',
  'notificationDate-month': '1',
  'notificationDate-year': '2026',
  'onsiteStartDate-day': '26',
  'onsiteStartDate-month': '1',
  'onsiteStartDate-year': '2026',
  'onsiteEndDate-day': '30',
  'onsiteEndDate-month': '1',
  'onsiteEndDate-year': '2026',
};

describeEachDatabase('inspection pages', (kind) => {
  let t: TestApp;
  let admin: TestClient;
  let adminUser: TestUser;

  before(async () => {
    t = await createTestApp(kind);
    admin = new TestClient(t.app);
    adminUser = await signInAs(admin, t.db, { organisation: 'administration', isAdmin: true });
  });
  after(async () => {
    await t.close();
  });

  const countInspections = async () =>
    Number((await t.db.kysely.selectFrom('inspection').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  const statusOf = async (id: string) => (await t.db.kysely.selectFrom('inspection').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  /** A planned inspection with a user signed in for each role. */
  async function staffedInspection(laCode: string) {
    const inspection = await createInspection(
      t.db.kysely,
      { laCode, frameworkCode: '2023', inspectionType: 'full', notificationDate: '2026-02-02', onsiteStartDate: '2026-02-16', onsiteEndDate: '2026-02-20' },
      { id: adminUser.userId, label: adminUser.email },
    );
    const clients = {} as Record<TeamRole, TestClient>;
    const users = {} as Record<TeamRole, TestUser>;
    for (const role of ['ofsted_lead', 'cqc_lead', 'inspector', 'qa_reader'] as const) {
      clients[role] = new TestClient(t.app);
      users[role] = await signInAs(clients[role], t.db, { organisation: role === 'cqc_lead' ? 'cqc' : 'ofsted', teamRole: { inspectionId: inspection.id, role } });
    }
    return { inspection, clients, users };
  }

  async function changeStatus(client: TestClient, id: string, to: string, reason = '') {
    return client.post(`/inspections/${id}/status`, { to, reason, confirm: 'yes' });
  }

  test('an administrator creates an inspection through the form and the check answers page', async () => {
    const list = await admin.get('/inspections');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Create an inspection/);

    const form = await admin.get('/inspections/new');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<option value="352">Manchester \(352\)<\/option>/);
    assert.match(form.body, /name="inspectionType-2016"/);
    assert.match(form.body, /name="inspectionType-2023"/);
    assert.match(form.body, /id="notificationDate-day" name="notificationDate-day"/);

    const before = await countInspections();
    const posted = await admin.post('/inspections/new', VALID_FORM);
    assert.equal(posted.statusCode, 302);
    assert.equal(posted.headers.location, '/inspections/new/check');
    assert.equal(await countInspections(), before, 'nothing is written before the answers are checked');

    const check = await admin.get('/inspections/new/check');
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Check the inspection before you create it/);
    assert.match(check.body, /Manchester \(352\)/);
    assert.match(check.body, /12 January 2026/);
    assert.match(check.body, /26 January 2026 to 30 January 2026/);
    assert.match(check.body, /Milestones/);
    assert.match(check.body, /href="\/inspections\/new#notificationDate-day"/);

    // Going back to change an answer shows what was entered.
    const again = await admin.get('/inspections/new');
    assert.match(again.body, /name="notificationDate-day" type="text" value="12"/);
    assert.match(again.body, /<option value="352" selected>/);

    const created = await admin.post('/inspections/new/check', {});
    assert.equal(created.statusCode, 302);
    const location = String(created.headers.location);
    assert.match(location, /^\/inspections\/[0-9a-f-]{36}$/);
    assert.equal(await countInspections(), before + 1);

    const dashboard = await admin.get(location);
    assert.equal(dashboard.statusCode, 200);
    assert.match(dashboard.body, /Inspection SEND-352-2026-\d+ created/);
    assert.match(dashboard.body, /class="govuk-task-list"/);
    assert.match(dashboard.body, /Planned[\s\S]*?In progress/);
    assert.match(dashboard.body, /Published[\s\S]*?Not yet started/);
    assert.match(dashboard.body, /NHS Greater Manchester Integrated Care Board/);
    assert.match(dashboard.body, /Area SEND inspection \(revision \d+\)/);
    assert.match(dashboard.body, /Inspectors on site<\/th>\s*<td class="govuk-table__cell">26 January 2026 to 30 January 2026/);
    assert.match(dashboard.body, /Estimate/, 'unverified milestones are flagged');
    assert.match(dashboard.body, /Manage the team/);

    const check2 = await admin.get('/inspections/new/check');
    assert.equal(check2.headers.location, '/inspections/new', 'the answers are cleared once used');
  });

  test('bad input shows errors against each field, keeps the input and writes nothing', async () => {
    const before = await countInspections();
    const response = await admin.post('/inspections/new', {
      ...VALID_FORM,
      frameworkCode: '',
      'notificationDate-day': '31',
      'notificationDate-month': '2',
      'onsiteStartDate-month': '',
      'onsiteEndDate-year': '26',
    });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<title>Error: Create an inspection/);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /<a href="#frameworkCode">Select the framework<\/a>/);
    assert.match(response.body, /<a href="#notificationDate-day">Date of notification must be a real date<\/a>/);
    assert.match(response.body, /<a href="#onsiteStartDate-month">On-site start date must include a month<\/a>/);
    assert.match(response.body, /<a href="#onsiteEndDate-year">Year must include 4 numbers<\/a>/);
    // Only the box at fault is marked, and what was typed is kept.
    assert.match(response.body, /govuk-input--error govuk-input--width-2" id="notificationDate-day" name="notificationDate-day" type="text" value="31"/);
    assert.match(response.body, /class="govuk-input govuk-date-input__input govuk-input--width-2" id="notificationDate-month" name="notificationDate-month" type="text" value="2"/);
    assert.match(response.body, /<option value="352" selected>/);
    assert.equal(await countInspections(), before);

    const outOfOrder = await admin.post('/inspections/new', {
      ...VALID_FORM,
      'notificationDate-day': '10',
      'onsiteEndDate-day': '23',
    });
    assert.equal(outOfOrder.statusCode, 200);
    assert.match(outOfOrder.body, /Date of notification must be a working day: 10 January 2026 is a Saturday/);
    assert.match(outOfOrder.body, /<a href="#onsiteEndDate-day">The on-site end date must be the same as or after the on-site start date<\/a>/);
    assert.match(outOfOrder.body, /govuk-input--error govuk-input--width-4" id="notificationDate-year"/, 'a real date that breaks a rule is marked as a whole');

    const wrongType = await admin.post('/inspections/new', { ...VALID_FORM, frameworkCode: '2016', 'inspectionType-2016': '' });
    assert.match(wrongType.body, /<a href="#inspectionType-2016">Select the type of inspection<\/a>/);
    assert.equal(await countInspections(), before);
  });

  test('the check answers page needs answers first', async () => {
    const client = new TestClient(t.app);
    await signInAs(client, t.db, { organisation: 'administration', isAdmin: true });
    assert.equal((await client.get('/inspections/new/check')).headers.location, '/inspections/new');
    assert.equal((await client.post('/inspections/new/check', {}, { formPage: '/inspections/new' })).headers.location, '/inspections/new');
  });

  test('only administrators may create inspections', async () => {
    const client = new TestClient(t.app);
    await signInAs(client, t.db, { organisation: 'ofsted' });
    const list = await client.get('/inspections');
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /Create an inspection/);
    assert.match(list.body, /An inspection appears here once you are added to its team/);
    assert.equal((await client.get('/inspections/new')).statusCode, 403);
  });

  test('the team moves the inspection through every stage, each change by the right role', async () => {
    const { inspection, clients, users } = await staffedInspection('353');
    const id = inspection.id;

    const lead = await clients.ofsted_lead.get(`/inspections/${id}`);
    assert.match(lead.body, /Change status/);
    assert.doesNotMatch((await clients.inspector.get(`/inspections/${id}`)).body, /Change status/);

    // The first change goes through the confirmation page.
    const confirm = await clients.ofsted_lead.post(`/inspections/${id}/status`, { to: 'notified', reason: '' });
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Notify the local area\?/);
    assert.match(confirm.body, /will be able to see this inspection/);
    assert.equal(await statusOf(id), 'planned', 'nothing changes until confirmed');

    // Sending for the factual accuracy check and publishing are made on the report pages: the
    // change-status page points there, refuses them, and they are made here through the service.
    const fromReport = async (role: TeamRole, to: 'factual_accuracy' | 'published') => {
      const reportPage = new RegExp(`href="/inspections/${id}/report/${to === 'published' ? 'publish' : 'send-for-factual-accuracy'}"`);
      assert.match((await clients[role].get(`/inspections/${id}`)).body, reportPage, 'the dashboard links to the report page');
      const page = await clients[role].get(`/inspections/${id}/status`);
      assert.doesNotMatch(page.body, new RegExp(`value="${to}"`), `${to} is not offered on the change-status page`);
      assert.match(page.body, reportPage);
      const refused = await changeStatus(clients[role], id, to);
      assert.equal(refused.statusCode, 200);
      assert.match(refused.body, /on the report page/);
      await transitionInspection(t.db.kysely, id, { to }, { id: users[role].userId, label: users[role].email }, {}, { via: 'report' });
    };
    const steps: [keyof typeof clients, string, string?][] = [
      ['ofsted_lead', 'notified'],
      ['cqc_lead', 'fieldwork'],
      ['ofsted_lead', 'reporting'],
      ['cqc_lead', 'quality_assurance'],
      ['qa_reader', 'reporting', 'The findings need evidence from the tracking meetings'],
      ['ofsted_lead', 'quality_assurance'],
      ['qa_reader', 'factual_accuracy'],
      ['cqc_lead', 'reporting', 'The area showed that the waiting times were wrong'],
      ['cqc_lead', 'quality_assurance'],
      ['qa_reader', 'factual_accuracy'],
      ['ofsted_lead', 'published'],
      ['ofsted_lead', 'follow_up'],
      ['ofsted_lead', 'closed'],
    ];
    for (const [role, to, reason] of steps) {
      if (to === 'factual_accuracy' || to === 'published') {
        await fromReport(role, to);
        assert.equal(await statusOf(id), to);
        continue;
      }
      const response = await changeStatus(clients[role], id, to, reason);
      assert.equal(response.statusCode, 302, `${role} → ${to}: ${response.body.slice(0, 200)}`);
      assert.equal(response.headers.location, `/inspections/${id}`);
      assert.equal(await statusOf(id), to);
    }
    const closed = await clients.ofsted_lead.get(`/inspections/${id}`);
    assert.match(closed.body, /Status changed/);
    assert.doesNotMatch(closed.body, /In progress/);
    assert.doesNotMatch(closed.body, /Change status/);

    const history = await clients.inspector.get(`/inspections/${id}/history`);
    assert.equal(history.statusCode, 200);
    assert.equal((history.body.match(/<tr class="govuk-table__row">/g) ?? []).length, steps.length + 1);
    assert.match(history.body, /The findings need evidence from the tracking meetings/);
  });

  test('a role that may not make a change is refused and nothing changes', async () => {
    const { inspection, clients } = await staffedInspection('354');
    const id = inspection.id;
    const refused = await changeStatus(clients.cqc_lead, id, 'notified');
    assert.equal(refused.statusCode, 200);
    assert.match(refused.body, /Only the Ofsted lead inspector can notify the local area/);
    assert.equal(await statusOf(id), 'planned');

    const skipping = await changeStatus(clients.ofsted_lead, id, 'published');
    assert.match(skipping.body, /An inspection at planned cannot move to published/);

    const inspectorPage = await clients.inspector.get(`/inspections/${id}/status`);
    assert.equal(inspectorPage.statusCode, 200);
    assert.match(inspectorPage.body, /There is no change you can make at this stage/);
    assert.match(inspectorPage.body, /Ofsted lead inspector: notify the local area/);

    await changeStatus(clients.ofsted_lead, id, 'notified');
    await changeStatus(clients.ofsted_lead, id, 'fieldwork');
    await changeStatus(clients.ofsted_lead, id, 'reporting');
    await changeStatus(clients.ofsted_lead, id, 'quality_assurance');
    const noReason = await changeStatus(clients.qa_reader, id, 'reporting', '   ');
    assert.match(noReason.body, /<a href="#reason">Enter the reason for returning the report<\/a>/);
    const tooLong = await changeStatus(clients.qa_reader, id, 'reporting', 'x'.repeat(1001));
    assert.match(tooLong.body, /The reason must be 1000 characters or fewer/);
    assert.equal(await statusOf(id), 'quality_assurance');
    const transitions = await t.db.kysely.selectFrom('inspection_transition').select('id').where('inspection_id', '=', id).execute();
    assert.equal(transitions.length, 4);
  });

  test('the local area cannot see its inspection until notified, then sees no internal detail', async () => {
    const { inspection, clients, users } = await staffedInspection('355');
    const id = inspection.id;
    const council = new TestClient(t.app);
    await signInAs(council, t.db, { organisation: 'local_area', areaRole: { laCode: '355', role: 'nominated_officer' } });
    const stranger = new TestClient(t.app);
    await signInAs(stranger, t.db, { organisation: 'ofsted' });

    // 404, not 403: the area must not learn of a planned inspection.
    assert.equal((await council.get(`/inspections/${id}`)).statusCode, 404);
    assert.doesNotMatch((await council.get('/inspections')).body, new RegExp(inspection.reference));
    assert.equal((await stranger.get(`/inspections/${id}`)).statusCode, 404);
    assert.equal((await council.get('/inspections/5b0c1c0e-0000-4000-8000-000000000000')).statusCode, 404);
    assert.equal((await council.get('/inspections/not-an-id')).statusCode, 404);

    await changeStatus(clients.ofsted_lead, id, 'notified');
    const list = await council.get('/inspections');
    assert.match(list.body, new RegExp(inspection.reference));
    const dashboard = await council.get(`/inspections/${id}`);
    assert.equal(dashboard.statusCode, 200);
    assert.match(dashboard.body, /class="govuk-task-list"/);
    assert.match(dashboard.body, /Notified[\s\S]*?In progress/);
    assert.doesNotMatch(dashboard.body, /Planned/);
    assert.doesNotMatch(dashboard.body, /Quality assurance/i);
    assert.doesNotMatch(dashboard.body, new RegExp(users.qa_reader.displayName));
    assert.doesNotMatch(dashboard.body, new RegExp(users.ofsted_lead.email));
    assert.match(dashboard.body, new RegExp(users.ofsted_lead.displayName));
    assert.doesNotMatch(dashboard.body, /Change status|Manage the team|Status history/);

    await changeStatus(clients.ofsted_lead, id, 'fieldwork');
    await changeStatus(clients.ofsted_lead, id, 'reporting');
    await changeStatus(clients.ofsted_lead, id, 'quality_assurance');
    const duringQa = await council.get(`/inspections/${id}`);
    assert.match(duringQa.body, /Report being written/);
    assert.doesNotMatch(duringQa.body, /Quality assurance/i);

    assert.equal((await council.get(`/inspections/${id}/history`)).statusCode, 403);
    assert.equal((await council.get(`/inspections/${id}/status`)).statusCode, 403);
    assert.equal((await council.post(`/inspections/${id}/status`, { to: 'factual_accuracy', confirm: 'yes' }, { formPage: `/inspections/${id}` })).statusCode, 403);
    assert.equal((await council.get(`/inspections/${id}/team`)).statusCode, 403);
    assert.equal(await statusOf(id), 'quality_assurance');
  });

  test('the team is managed by an administrator or the Ofsted lead', async () => {
    const inspection = await createInspection(
      t.db.kysely,
      { laCode: '356', frameworkCode: '2016', inspectionType: 'full', notificationDate: '2021-11-01', onsiteStartDate: '2021-11-08', onsiteEndDate: '2021-11-12' },
      { id: adminUser.userId, label: adminUser.email },
    );
    const id = inspection.id;
    const hmi = await createTestUser(t.db, { organisation: 'ofsted', displayName: 'Hazel Moore' });
    const second = await createTestUser(t.db, { organisation: 'ofsted', displayName: 'Imran Shah' });
    const council = await createTestUser(t.db, { organisation: 'local_area', displayName: 'Carol Council', areaRole: { laCode: '356', role: 'leader' } });

    const page = await admin.get(`/inspections/${id}/team`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /No one is on the team yet/);
    assert.match(page.body, /Hazel Moore \(Ofsted/);
    assert.doesNotMatch(page.body, /Carol Council/, 'only inspectorate staff are offered');

    const added = await admin.post(`/inspections/${id}/team`, { userId: hmi.userId, role: 'ofsted_lead' });
    assert.equal(added.statusCode, 302);
    const after = await admin.get(`/inspections/${id}/team`);
    assert.match(after.body, /Hazel Moore added to the team/);
    assert.match(after.body, /Ofsted lead inspector/);

    const secondLead = await admin.post(`/inspections/${id}/team`, { userId: second.userId, role: 'ofsted_lead' });
    assert.equal(secondLead.statusCode, 200);
    assert.match(secondLead.body, /<a href="#role">Hazel Moore is already the Ofsted lead inspector\. An inspection has one at a time/);
    assert.match(secondLead.body, new RegExp(`<option value="${second.userId}" selected>`));

    const notStaff = await admin.post(`/inspections/${id}/team`, { userId: council.userId, role: 'inspector' });
    assert.match(notStaff.body, /Only Ofsted and CQC staff can be on an inspection team/);
    const missing = await admin.post(`/inspections/${id}/team`, {});
    assert.match(missing.body, /Select a person to add to the team/);
    assert.match(missing.body, /Select their role on the team/);

    // The Ofsted lead may add people too, but not remove themselves.
    const qaReader = new TestClient(t.app);
    await signInAs(qaReader, t.db, { organisation: 'ofsted', teamRole: { inspectionId: id, role: 'qa_reader' } });
    assert.equal((await qaReader.get(`/inspections/${id}/team`)).statusCode, 403, 'a QA reader cannot manage the team');
    const hmiClient = new TestClient(t.app);
    await signInWithPassword(hmiClient, hmi.email, hmi.password);
    assert.equal((await hmiClient.post(`/inspections/${id}/team`, { userId: second.userId, role: 'inspector' })).statusCode, 302);
    assert.doesNotMatch((await hmiClient.get(`/inspections/${id}/team`)).body, new RegExp(`/team/${hmi.userId}/remove`));

    const confirmPage = await admin.get(`/inspections/${id}/team/${second.userId}/remove`);
    assert.equal(confirmPage.statusCode, 200);
    assert.match(confirmPage.body, /Are you sure you want to remove Imran Shah from the team\?/);
    const removed = await admin.post(`/inspections/${id}/team/${second.userId}/remove`, {});
    assert.equal(removed.statusCode, 302);
    assert.match((await admin.get(`/inspections/${id}/team`)).body, /Imran Shah removed from the team/);
    const audit = await t.db.kysely.selectFrom('audit_event').select('action').where('inspection_id', '=', id).where('action', 'like', 'inspection.team.%').execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['inspection.team.add', 'inspection.team.add', 'inspection.team.remove']);
    assert.equal((await admin.get(`/inspections/${id}/team/${council.userId}/remove`)).statusCode, 404);
  });
});
