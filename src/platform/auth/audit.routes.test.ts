import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { recordAudit } from '../audit.ts';
import { describeEachDatabase } from '../db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../web/test-app.ts';
import { signInAs, type TestUser } from './test-users.ts';

describeEachDatabase('the audit log page', (kind) => {
  let t: TestApp;
  let admin: TestClient;
  let adminUser: TestUser;
  let other: TestUser;
  const inspectionId = '0b6f1c9e-2d3a-4f5b-8c7d-9e0f1a2b3c4d';

  before(async () => {
    t = await createTestApp(kind, { signInRateLimitPerMinute: 1000 });
    admin = new TestClient(t.app);
    adminUser = await signInAs(admin, t.db, { organisation: 'administration', isAdmin: true });
    other = await signInAs(new TestClient(t.app), t.db, { organisation: 'ofsted', email: 'olu.other@ofsted.example' });
    const actor = { id: other.userId, label: other.email };
    await t.db.kysely.transaction().execute(async (trx) => {
      await recordAudit(trx, { actor, action: 'inspection.view', inspectionId, details: { page: 'dashboard' } });
      await recordAudit(trx, { actor, action: 'inspection.transition', inspectionId, outcome: 'denied' });
      for (let i = 0; i < 55; i++) await recordAudit(trx, { actor: null, action: 'job.run', details: { n: i } });
    });
  });
  after(async () => {
    await t.close();
  });

  test('only administrators may read it', async () => {
    const client = new TestClient(t.app);
    await signInAs(client, t.db, { organisation: 'cqc' });
    assert.equal((await client.get('/admin/audit')).statusCode, 403);
  });

  test('without filters it lists the newest entries first, 50 to a page', async () => {
    const page = await admin.get('/admin/audit');
    assert.equal(page.statusCode, 200);
    const total = Number(/(\d+) entries, page 1 of 2/.exec(page.body)?.[1]);
    assert.ok(total > 55, `total ${total}`);
    assert.equal((page.body.match(/<tr class="govuk-table__row">/g) ?? []).length, 51, 'a header row and 50 entries');
    assert.match(page.body, /n: 54/);
    const second = await admin.get('/admin/audit?page=2');
    assert.match(second.body, /page 2 of 2/);
    assert.match(second.body, /rel="prev"/);
  });

  test('filters by user email, inspection and action prefix', async () => {
    const byEmail = await admin.get('/admin/audit?user=OLU.OTHER%40ofsted.example');
    assert.match(byEmail.body, /inspection\.view/);
    assert.match(byEmail.body, /auth\.sign_in/);
    assert.doesNotMatch(byEmail.body, /job\.run/);
    const byId = await admin.get(`/admin/audit?user=${other.userId}&action=inspection.`);
    assert.match(byId.body, /2 entries/);
    assert.match(byId.body, /Denied/);
    const byInspection = await admin.get(`/admin/audit?inspection=${inspectionId}`);
    assert.match(byInspection.body, /2 entries/);
    assert.match(byInspection.body, new RegExp(`href="/inspections/${inspectionId}"`));
    const byAction = await admin.get('/admin/audit?action=auth.sign_in');
    assert.match(byAction.body, /auth\.sign_in/);
    assert.doesNotMatch(byAction.body, /inspection\.view|job\.run/);
    assert.match(byAction.body, new RegExp(`href="/admin/users/${adminUser.userId}"`));
  });

  test('filters by date; a from date after the to date is an error', async () => {
    const today = new Date();
    const [d, m, y] = [today.getUTCDate(), today.getUTCMonth() + 1, today.getUTCFullYear()];
    const todayOnly = await admin.get(`/admin/audit?from-day=${d}&from-month=${m}&from-year=${y}&to-day=${d}&to-month=${m}&to-year=${y}&action=inspection.view`);
    assert.match(todayOnly.body, /1 entry/);
    const past = await admin.get('/admin/audit?to-day=1&to-month=1&to-year=2020');
    assert.match(past.body, /No entries match these filters/);
    const reversed = await admin.get('/admin/audit?from-day=2&from-month=1&from-year=2026&to-day=1&to-month=1&to-year=2026');
    assert.match(reversed.body, /Date from must be the same as or before date to/);
    assert.match(reversed.body, /<title>Error: Audit log/);
    assert.match(reversed.body, /value="2026"/, 'the dates typed are kept');
    const partial = await admin.get('/admin/audit?from-day=2&from-year=2026');
    assert.match(partial.body, /Date from must include a month/);
    const impossible = await admin.get('/admin/audit?to-day=30&to-month=2&to-year=2026');
    assert.match(impossible.body, /Date to must be a real date/);
  });

  test('an unknown user email or a malformed inspection id is an error, not an empty result', async () => {
    const unknown = await admin.get('/admin/audit?user=nobody%40example.test');
    assert.match(unknown.body, /There is no user with that email address/);
    const malformed = await admin.get('/admin/audit?inspection=INS-1');
    assert.match(malformed.body, /Enter the inspection ID in the correct format/);
  });
});
