// The open data over HTTP on both databases, signed out: the documentation page, the files with
// their headers, the API's filters, pages and problems, and the OpenAPI description.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { addFictionalArea } from '../areas/area.service.ts';
import { DEMO_AREA } from '../demo/demo.ts';
import { CLI_ACTOR } from '../inspections/inspection.service.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { importHistoricalInspections } from '../reports/historical-import.service.ts';
import { publishFixtureReport, type FixtureReport } from '../reports/published-report-test-support.ts';

const EXAMPLE = readFileSync(path.join(import.meta.dirname, '../../docs/examples/historical-inspections.json'), 'utf8');

describeEachDatabase('open data routes', (kind) => {
  let t: TestApp;
  let client: TestClient;
  let manchester: FixtureReport;
  let embargoed: FixtureReport;
  let base: string;

  before(async () => {
    t = await createTestApp(kind);
    base = t.config.serviceUrl;
    await addFictionalArea(t.db.kysely, DEMO_AREA);
    await importHistoricalInspections(t.db.kysely, EXAMPLE, { actor: CLI_ACTOR });
    manchester = await publishFixtureReport(t.db, { laCode: '352', outcome: 'positive', publishedAt: new Date(Date.now() - 86_400_000) });
    embargoed = await publishFixtureReport(t.db, { laCode: '330', outcome: 'inconsistent', publishedAt: new Date(Date.now() + 86_400_000) });
    client = new TestClient(t.app);
  });

  after(async () => {
    await t.close();
  });

  function assertOpen(response: { headers: Record<string, unknown> }) {
    assert.equal(response.headers['access-control-allow-origin'], '*');
    assert.equal(response.headers['cache-control'], 'public, max-age=300');
    assert.equal(response.headers['set-cookie'], undefined, 'no session is started for open data');
  }

  test('the documentation page lists the files, the API, every field and the codes', async () => {
    const page = await client.get('/open-data');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-xl">Open data: published area SEND inspections<\/h1>/);
    assert.match(page.body, /There are 4 published inspections with 12 findings\./);
    for (const href of ['/open-data/inspections.csv', '/open-data/findings.csv', '/open-data/inspections.json', '/api/v1/openapi.json']) assert.ok(page.body.includes(`href="${href}"`), href);
    for (const field of ['report_url', 'finding_number', 'responsible_body_label', 'correction_notes', 'per_page']) assert.ok(page.body.includes(`<code>${field}</code>`), field);
    assert.ok(page.body.includes('id="api-errors"'));
    assert.match(page.body, /<code>wsoa_required<\/code>/);
    assert.match(page.body, /<code>local_authority_and_icb<\/code>/);
  });

  test('inspections.csv and findings.csv: CSV with a heading row, for anyone', async () => {
    const inspections = await client.get('/open-data/inspections.csv');
    assert.equal(inspections.statusCode, 200);
    assert.equal(inspections.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(inspections.headers['content-disposition'], 'attachment; filename="inspections.csv"');
    assertOpen(inspections);
    const lines = inspections.body.split('\r\n').filter(Boolean);
    assert.equal(lines[0], '\uFEFFreference,la_code,area_name,region,icb,framework,inspection_type,onsite_start,onsite_end,first_published,last_published,outcome_code,outcome_label,corrections,historical,report_url');
    assert.deepEqual(lines.slice(1).map((line) => line.split(',')[0]), [manchester.reference, 'SEND-990-2024-1', 'SEND-990-2019-1', 'SEND-990-2017-1']);
    assert.ok(!inspections.body.includes(embargoed.reference));

    const findings = await client.get('/open-data/findings.csv');
    assert.equal(findings.headers['content-type'], 'text/csv; charset=utf-8');
    assertOpen(findings);
    assert.equal(findings.body.split('\r\n').filter(Boolean).length, 1 + 12);
  });

  test('inspections.json holds every published inspection with its findings', async () => {
    const response = await client.get('/open-data/inspections.json');
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
    assertOpen(response);
    const { data } = JSON.parse(response.body);
    assert.equal(data.length, 4);
    assert.equal(data.find((d: { reference: string }) => d.reference === 'SEND-990-2017-1').findings.length, 7);
  });

  test('the API lists, filters and pages, with links', async () => {
    const all = await client.get('/api/v1/inspections');
    assert.equal(all.statusCode, 200);
    assert.equal(all.headers['content-type'], 'application/json; charset=utf-8');
    assertOpen(all);
    const body = JSON.parse(all.body);
    assert.equal(body.meta.total, 4);
    assert.equal(body.links.self, `${base}/api/v1/inspections?page=1&per_page=20`);

    const filtered = JSON.parse((await client.get('/api/v1/inspections?la_code=990&framework=2016&per_page=1')).body);
    assert.deepEqual(filtered.data.map((r: { reference: string }) => r.reference), ['SEND-990-2019-1']);
    assert.deepEqual(filtered.meta, { total: 2, page: 1, per_page: 1, page_count: 2 });
    assert.equal(filtered.links.next, `${base}/api/v1/inspections?la_code=990&framework=2016&page=2&per_page=1`);
    const next = JSON.parse((await client.get(filtered.links.next.slice(base.length))).body);
    assert.deepEqual(next.data.map((r: { reference: string }) => r.reference), ['SEND-990-2017-1']);

    const byDate = JSON.parse((await client.get('/api/v1/inspections?published_from=2019-01-01&published_to=2019-12-31')).body);
    assert.deepEqual(byDate.data.map((r: { reference: string }) => r.reference), ['SEND-990-2019-1']);
    const byOutcome = JSON.parse((await client.get('/api/v1/inspections?outcome=positive&region=North%20West')).body);
    assert.deepEqual(byOutcome.data.map((r: { reference: string }) => r.reference), [manchester.reference]);
  });

  test('bad parameters are a 400 problem naming each', async () => {
    const response = await client.get('/api/v1/inspections?per_page=500&framework=2016&framework=2023&colour=red');
    assert.equal(response.statusCode, 400);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(response.headers['access-control-allow-origin'], '*');
    assert.equal(response.headers['cache-control'], 'no-store');
    const problem = JSON.parse(response.body);
    assert.equal(problem.status, 400);
    assert.equal(problem.type, `${base}/open-data#api-errors`);
    assert.deepEqual(problem.errors.map((e: { parameter: string }) => e.parameter), ['framework', 'colour']);
    const malformed = JSON.parse((await client.get('/api/v1/inspections?per_page=500&published_from=31-01-2024')).body);
    assert.deepEqual(malformed.errors, [
      { parameter: 'published_from', message: 'published_from must be a real date written as YYYY-MM-DD, like 2024-01-31' },
      { parameter: 'per_page', message: 'per_page must be a whole number from 1 to 100' },
    ]);
  });

  test('one inspection with its findings; unknown, malformed and embargoed references are a 404 problem', async () => {
    const response = await client.get('/api/v1/inspections/send-990-2024-1');
    assert.equal(response.statusCode, 200);
    assertOpen(response);
    const inspection = JSON.parse(response.body);
    assert.equal(inspection.reference, 'SEND-990-2024-1');
    assert.equal(inspection.outcome_code, 'inconsistent');
    assert.equal(inspection.findings.length, 5);
    assert.deepEqual(inspection.findings[0].criteria, ['I3']);
    for (const reference of ['SEND-990-2030-1', embargoed.reference, 'not-a-reference']) {
      const missing = await client.get(`/api/v1/inspections/${reference}`);
      assert.equal(missing.statusCode, 404, reference);
      assert.equal(missing.headers['content-type'], 'application/problem+json; charset=utf-8');
      const problem = JSON.parse(missing.body);
      assert.equal(problem.title, 'Not found');
      assert.match(problem.detail, new RegExp(`^There is no published inspection with the reference ${reference}\\.`));
    }
  });

  test('the OpenAPI description is served as JSON', async () => {
    const response = await client.get('/api/v1/openapi.json');
    assert.equal(response.statusCode, 200);
    assertOpen(response);
    const description = JSON.parse(response.body);
    assert.equal(description.openapi, '3.1.0');
    assert.deepEqual(description.servers, [{ url: `${base}/api/v1` }]);
    assert.ok(description.paths['/inspections/{reference}'].get.responses['404']);
  });
});
