import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signInAs } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

function tableRows(html: string): string[] {
  const body = /<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) => text(m[1]).trim());
}

describeEachDatabase('local area pages', (kind) => {
  let t: TestApp;
  let inspector: TestClient;
  before(async () => {
    t = await createTestApp(kind);
    inspector = new TestClient(t.app);
    await signInAs(inspector, t.db, { organisation: 'cqc' });
  });
  after(async () => {
    await t.close();
  });

  test('signed-out visitors are sent to sign in', async () => {
    const response = await new TestClient(t.app).get('/areas');
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/sign-in');
  });

  test('a local area user with no role in any area may not see the list', async () => {
    const client = new TestClient(t.app);
    await signInAs(client, t.db, { organisation: 'local_area' });
    assert.equal((await client.get('/areas')).statusCode, 403);
  });

  test('a member of a local area partnership may see the list', async () => {
    const client = new TestClient(t.app);
    await signInAs(client, t.db, { organisation: 'local_area', areaRole: { laCode: '352', role: 'leader' } });
    assert.equal((await client.get('/areas')).statusCode, 200);
  });

  test('the list shows all 153 areas in a table with a count', async () => {
    const response = await inspector.get('/areas');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<h2 class="govuk-heading-m" id="results">153 local areas<\/h2>/);
    const rows = tableRows(response.body);
    assert.equal(rows.length, 153);
    assert.ok(rows.includes('Bristol, City of 801 E06000023 South West NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board'));
    assert.match(response.body, /<a class="govuk-link" href="\/areas\/352">Manchester<\/a>/);
    assert.match(response.body, /<form method="get" action="\/areas"/, 'search works without JavaScript');
  });

  test('search by name, by code, and filter by region', async () => {
    const byName = await inspector.get('/areas?q=manchester');
    assert.deepEqual(tableRows(byName.body).map((r) => r.split(' ')[0]), ['Manchester']);
    assert.match(byName.body, /1 local area found/);
    assert.match(byName.body, /value="manchester"/, 'the search box keeps what was typed');

    assert.deepEqual(tableRows((await inspector.get('/areas?q=E09000001')).body).map((r) => r.split(' 201 ')[0]), ['City of London']);

    const london = await inspector.get('/areas?region=London');
    assert.equal(tableRows(london.body).length, 33);
    assert.match(london.body, /33 local areas found/);
    assert.match(london.body, /<option value="London" selected>London<\/option>/);

    const both = await inspector.get('/areas?q=ham&region=North+West');
    assert.deepEqual(tableRows(both.body).map((r) => r.split(' ')[0]), ['Oldham']);
  });

  test('a search that finds nothing says so', async () => {
    const response = await inspector.get('/areas?q=Atlantis');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /0 local areas found/);
    assert.match(response.body, /No local areas match your search/);
    assert.doesNotMatch(response.body, /<table/);
  });

  test('a region not in the list is an error on the page, not a crash', async () => {
    const response = await inspector.get('/areas?region=Atlantis');
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /<a href="#region">Select a region from the list<\/a>/);
    const long = await inspector.get(`/areas?q=${'x'.repeat(101)}`);
    assert.match(long.body, /Search text must be 100 characters or fewer/);
  });

  test("an area's page shows its codes, region, ICB and council", async () => {
    const response = await inspector.get('/areas/801');
    assert.equal(response.statusCode, 200);
    const body = text(response.body);
    for (const expected of [
      'LA code 801',
      'ONS code E06000023',
      'Name Bristol, City of',
      'Name in inspection reports Bristol',
      'Region South West',
      'Integrated care board (ICB) NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board',
      'Council Unitary authority',
    ]) {
      assert.ok(body.includes(expected), expected);
    }
  });

  test('a split area names the other ICBs covering part of it', async () => {
    const body = text((await inspector.get('/areas/881')).body);
    assert.ok(body.includes('Integrated care board (ICB) NHS Mid and South Essex Integrated Care Board'));
    assert.ok(body.includes('Part of this area is covered by: NHS Hertfordshire and West Essex'));
  });

  test('unknown or malformed codes are not found', async () => {
    assert.equal((await inspector.get('/areas/999')).statusCode, 404);
    assert.equal((await inspector.get('/areas/abc')).statusCode, 404);
    assert.match((await inspector.get('/areas/999')).body, /Page not found/);
  });
});
