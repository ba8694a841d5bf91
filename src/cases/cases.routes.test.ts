// The cases page: who reaches it, and what it offers each of them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signInWithPassword } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { addAcceptedImport, addFixtureSample, createCasesFixture, type CasesFixture } from './case-test-support.ts';

describeEachDatabase('the cases page', (kind) => {
  let t: TestApp;
  let fixture: CasesFixture;

  before(async () => {
    t = await createTestApp(kind);
    fixture = await createCasesFixture(t.db);
  });
  after(async () => t.close());

  async function pageFor(user: CasesFixture['lead']) {
    const client = new TestClient(t.app);
    await signInWithPassword(client, user.email, user.password);
    return client.get(`/inspections/${fixture.inspectionId}/cases`);
  }

  test('before any data the lead is offered the imports page and the template, and nothing about a sample', async () => {
    const page = await pageFor(fixture.lead);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /No person-level data has been accepted yet/);
    assert.match(page.body, /\/cases\/imports/);
    assert.match(page.body, /\/cases\/template\.csv/);
    assert.match(page.body, /A sample can be drawn once person-level data has been accepted/);
  });

  test('with data and a sample the team sees the counts; the area officer sees only what it may use', async () => {
    const imported = await addAcceptedImport(t.db, fixture, { count: 120, seed: 5 });
    const plans = imported.people.filter((p) => p.senStatus === 'EHCP').slice(0, 3).map((p) => p.personId);
    const support = imported.people.filter((p) => p.senStatus === 'SEN_SUPPORT').slice(0, 2).map((p) => p.personId);
    await addFixtureSample(t.db, fixture, imported, { tracked: support, review: plans });

    const lead = await pageFor(fixture.lead);
    assert.match(lead.body, /Children and young people\s*<\/dt>\s*<dd[^>]*>\s*120/);
    assert.match(lead.body, /Plans reviewed\s*<\/dt>\s*<dd[^>]*>\s*0 of 3/);
    assert.match(lead.body, /\/cases\/metrics/);

    const officer = await pageFor(fixture.officer);
    assert.equal(officer.statusCode, 200);
    assert.doesNotMatch(officer.body, /\/cases\/metrics|\/cases\/sample|Plans reviewed/);
    assert.match(officer.body, /\/cases\/imports/);
    assert.match(officer.body, /have not yet told the area which children/);
  });

  test('the QA reader may not open it', async () => {
    const page = await pageFor(fixture.qaReader);
    assert.equal(page.statusCode, 403);
  });
});
