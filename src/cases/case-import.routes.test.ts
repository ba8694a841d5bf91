// HTTP tests of the person-level data pages on both databases: who may send and see imports, a
// good file accepted, a bad one refused with its problems (page and CSV, both audited), form
// errors with the date kept, a file over the limit, and the public blank templates.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { signInAs, signInWithPassword } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { readXlsxRows } from '../platform/render/xlsx.ts';
import { createTestApp, csrfTokenIn, TestClient, type TestApp } from '../platform/web/test-app.ts';
import type { PersonRecord } from './case.ts';
import { acceptablePeople, cellsOf, csvText, peopleCsv } from './case-import-test-support.ts';
import { todayInEngland } from './case-import.service.ts';
import { createCasesFixture, type CasesFixture } from './case-test-support.ts';
import { PERSON_COLUMNS } from './person-template.ts';
import { countPeople, selectCurrentImport } from './person.repository.ts';

const LIMIT = 1024 * 1024;

function decode(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** The rows of the table with this id, as trimmed cell texts. */
function tableRows(html: string, id: string): string[][] {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `no table ${id}`);
  const body = html.slice(html.indexOf('<tbody', start), html.indexOf('</tbody>', start));
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => decode(cell[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim())));
}

type Upload = { file?: { name: string; content: string | Buffer }; date?: { day: string; month: string; year: string } };

/** Posts the upload form as a browser does: multipart, with the page's CSRF token. */
async function upload(client: TestClient, url: string, form: Upload): Promise<LightMyRequestResponse> {
  const csrf = csrfTokenIn((await client.get(url)).body) ?? '';
  const boundary = `----send-inspect-${randomBytes(8).toString('hex')}`;
  const field = (name: string, value: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const parts: Buffer[] = [field('_csrf', csrf)];
  const date = form.date ?? { day: '2', month: '11', year: '2026' };
  parts.push(field('dataDate-day', date.day), field('dataDate-month', date.month), field('dataDate-year', date.year));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${form.file?.name ?? ''}"\r\nContent-Type: text/csv\r\n\r\n`));
  if (form.file) parts.push(typeof form.file.content === 'string' ? Buffer.from(form.file.content) : form.file.content);
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return client.app.inject({ method: 'POST', url, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie }, payload: Buffer.concat(parts) });
}

describeEachDatabase('person-level data pages', (kind) => {
  let t: TestApp;
  let fixture: CasesFixture;
  let officer: TestClient;
  let lead: TestClient;
  let inspector: TestClient;
  let people: PersonRecord[];
  let rejectedId: string;

  const imports = () => `/inspections/${fixture.inspectionId}/cases/imports`;

  before(async () => {
    t = await createTestApp(kind, { personDataUploadMaxBytes: LIMIT });
    fixture = await createCasesFixture(t.db);
    people = acceptablePeople(30, 5);
    officer = new TestClient(t.app);
    await signInWithPassword(officer, fixture.officer.email, fixture.officer.password);
    lead = new TestClient(t.app);
    await signInWithPassword(lead, fixture.lead.email, fixture.lead.password);
    inspector = new TestClient(t.app);
    await signInWithPassword(inspector, fixture.inspector.email, fixture.inspector.password);
  });
  after(async () => {
    await t.close();
  });

  test('the area’s officer and the lead may send data; an inspector, the QA reader and another area may not', async () => {
    const page = await officer.get(imports());
    assert.equal(page.statusCode, 200);
    const html = decode(page.body);
    assert.match(html, /<h1 class="govuk-heading-l">Person-level data<\/h1>/);
    assert.ok(html.includes('href="/cases/template.xlsx"') && html.includes('href="/cases/template.csv"') && html.includes('href="/cases/template"'));
    assert.match(html, /CSV or Excel \(\.xlsx\), up to 1 MB/);
    const [year, month, day] = todayInEngland().split('-');
    assert.ok(html.includes(`name="dataDate-day" type="text" value="${Number(day)}"`) || html.includes(`value="${Number(day)}"`), 'today is the default date');
    assert.ok(html.includes(`value="${Number(month)}"`) && html.includes(`value="${year}"`));
    assert.match(html, /No file has been sent yet/);
    assert.equal((await lead.get(imports())).statusCode, 200);

    assert.equal((await inspector.get(imports())).statusCode, 403);
    const qa = new TestClient(t.app);
    await signInWithPassword(qa, fixture.qaReader.email, fixture.qaReader.password);
    assert.equal((await qa.get(imports())).statusCode, 403);
    const elsewhere = new TestClient(t.app);
    await signInAs(elsewhere, t.db, { organisation: 'local_area', areaRole: { laCode: '353', role: 'nominated_officer' } });
    assert.equal((await elsewhere.get(imports())).statusCode, 404);
    const refused = await upload(inspector, imports(), { file: { name: 'people.csv', content: peopleCsv(people) } });
    assert.equal(refused.statusCode, 403);
    assert.equal(await selectCurrentImport(t.db.kysely, fixture.inspectionId), undefined);
  });

  test('a good file is accepted and becomes the data in use, listed in the history', async () => {
    const response = await upload(officer, imports(), { file: { name: 'people.csv', content: peopleCsv(people) }, date: { day: '2', month: '11', year: '2026' } });
    assert.equal(response.statusCode, 303);
    const location = String(response.headers.location);
    assert.match(location, new RegExp(`^${imports()}/[0-9a-f-]{36}$`));
    const importId = location.split('/').pop()!;
    const current = await selectCurrentImport(t.db.kysely, fixture.inspectionId);
    assert.equal(current?.id, importId);
    assert.equal(current?.data_date, '2026-11-02');
    assert.equal(await countPeople(t.db.kysely, importId), 30);

    const result = decode((await officer.get(location)).body);
    assert.match(result, /The file was accepted/);
    assert.match(result, /Its 30 rows are now the person-level data for this inspection/);
    const history = tableRows(decode((await lead.get(imports())).body), 'imports');
    assert.equal(history.length, 1);
    assert.deepEqual(history[0]!.slice(0, 5), ['people.csv', 'In use', '30', '0', '2 November 2026']);
    assert.equal(history[0]![5], fixture.officer.displayName);
    const audit = await t.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'cases.imported').executeTakeFirstOrThrow();
    assert.equal(audit.actor_user_id, fixture.officer.userId);
    assert.ok(audit.request_id, 'the request is on record');
  });

  test('a bad file is not imported: its problems are listed by row and column, and can be downloaded; every look is audited', async () => {
    const before = (await selectCurrentImport(t.db.kysely, fixture.inspectionId))?.id;
    const content = csvText([cellsOf(people[0]!), cellsOf(people[1]!, { primary_need: 'AUTISM' }), cellsOf(people[2]!, { person_id: 'Jane Smith' })]);
    const response = await upload(officer, imports(), { file: { name: 'with problems.csv', content } });
    assert.equal(response.statusCode, 303);
    rejectedId = String(response.headers.location).split('/').pop()!;
    assert.equal((await selectCurrentImport(t.db.kysely, fixture.inspectionId))?.id, before, 'the data in use are unchanged');
    assert.equal(await countPeople(t.db.kysely, rejectedId), 0);

    const page = await officer.get(String(response.headers.location));
    const html = decode(page.body);
    assert.match(html, /The file was not imported/);
    assert.match(html, /The file has 2 problems\. Nothing was imported/);
    assert.deepEqual(
      tableRows(html, 'problems').map((r) => r.slice(0, 2)),
      [
        ['3', 'primary_need'],
        ['4', 'person_id'],
      ],
    );
    assert.ok(!html.includes('Jane Smith'), 'the name is not repeated');
    assert.ok(html.includes(`${imports()}/${rejectedId}/problems.csv`));

    const csv = await lead.get(`${imports()}/${rejectedId}/problems.csv`);
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(csv.headers['content-disposition'], 'attachment; filename="with-problems-problems.csv"');
    const lines = csv.rawPayload.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(lines[0], 'Row,Column,Problem');
    assert.match(lines[1]!, /^3,primary_need,"primary_need ‘AUTISM’ is not one of the codes/);
    assert.match(lines[2]!, /^4,person_id,"person_id looks like a name/);

    const views = await t.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'cases.view-import-problems').where('subject_id', '=', rejectedId).orderBy('id').execute();
    assert.deepEqual(
      views.map((v) => [v.actor_user_id, (v.details as { format: string }).format, v.la_code]),
      [
        [fixture.officer.userId, 'page', '352'],
        [fixture.lead.userId, 'csv', '352'],
      ],
    );
    assert.equal((await inspector.get(`${imports()}/${rejectedId}/problems.csv`)).statusCode, 403);
    assert.equal((await inspector.get(`${imports()}/${rejectedId}`)).statusCode, 403);
  });

  test('a file with a column of names is refused as a whole, with the reason', async () => {
    const content = csvText([[...cellsOf(people[0]!), 'Jane']], { headings: [...PERSON_COLUMNS, 'Forename'] });
    const response = await upload(officer, imports(), { file: { name: 'names.csv', content } });
    const html = decode((await officer.get(String(response.headers.location))).body);
    assert.match(html, /Only pseudonymous data may be sent: remove the column ‘Forename’/);
    assert.ok(!html.includes('Jane'));
  });

  test('a file over the limit is refused with the reason, kept on record', async () => {
    const big = `${PERSON_COLUMNS.join(',')}\r\n${'x'.repeat(LIMIT + 10)}\r\n`;
    const response = await upload(officer, imports(), { file: { name: 'huge.csv', content: big } });
    assert.equal(response.statusCode, 303);
    const html = decode((await officer.get(String(response.headers.location))).body);
    assert.match(html, /The file is larger than 1 MB\./);
  });

  test('form errors: the GOV.UK error summary, the date kept as typed', async () => {
    const noFile = await upload(officer, imports(), { date: { day: '31', month: '10', year: '2026' } });
    assert.equal(noFile.statusCode, 400);
    const html = decode(noFile.body);
    assert.match(html, /govuk-error-summary/);
    assert.match(html, /<a href="#file">Choose a CSV or Excel file of person-level data to upload<\/a>/);
    assert.ok(html.includes('value="31"') && html.includes('value="10"') && html.includes('value="2026"'), 'the date is kept');

    const badDate = await upload(officer, imports(), { date: { day: '31', month: '2', year: '2026' }, file: { name: 'people.csv', content: peopleCsv(people) } });
    assert.equal(badDate.statusCode, 400);
    assert.match(decode(badDate.body), /<a href="#dataDate">Date the data describe must be a real date<\/a>/);
    assert.ok(decode(badDate.body).includes('value="31"'));

    const future = await upload(officer, imports(), { date: { day: '1', month: '1', year: '2099' }, file: { name: 'people.csv', content: peopleCsv(people) } });
    assert.equal(future.statusCode, 400);
    assert.match(decode(future.body), /must be today or in the past/);
    assert.equal((await t.db.kysely.selectFrom('case_import').select('id').where('file_name', '=', 'people.csv').execute()).length, 1, 'nothing was imported');
  });

  test('another inspection’s import, or no such import, is not found', async () => {
    const other = await createCasesFixture(t.db);
    const otherLead = new TestClient(t.app);
    await signInWithPassword(otherLead, other.lead.email, other.lead.password);
    assert.equal((await otherLead.get(`/inspections/${other.inspectionId}/cases/imports/${rejectedId}`)).statusCode, 404);
    assert.equal((await otherLead.get(`/inspections/${other.inspectionId}/cases/imports/${rejectedId}/problems.csv`)).statusCode, 404);
    assert.equal((await lead.get(`${imports()}/not-an-id`)).statusCode, 404);
  });

  test('the blank templates and their guidance are public: headings only, with an example in the guidance', async () => {
    const anyone = new TestClient(t.app);
    const csv = await anyone.get('/cases/template.csv');
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.headers['content-disposition'], 'attachment; filename="send-person-level-data-template.csv"');
    assert.equal(csv.rawPayload.toString('utf8'), `\uFEFF${PERSON_COLUMNS.join(',')}\r\n`);

    const xlsx = await anyone.get('/cases/template.xlsx');
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const data: string[][] = [];
    for await (const row of readXlsxRows(xlsx.rawPayload)) data.push(row.cells);
    assert.deepEqual(data, [[...PERSON_COLUMNS]], 'the data sheet has the headings only');
    const guidance: string[][] = [];
    for await (const row of readXlsxRows(xlsx.rawPayload, 1)) guidance.push(row.cells);
    assert.equal(guidance.length, 1 + PERSON_COLUMNS.length);
    assert.deepEqual(guidance[1]!.slice(0, 2), ['person_id', 'Yes']);
    assert.ok(guidance.find((r) => r[0] === 'primary_need')![5]!.includes('ASD: Autistic spectrum disorder'));

    const page = decode((await anyone.get('/cases/template')).body);
    assert.match(page, /Person-level data template/);
    for (const column of PERSON_COLUMNS) assert.ok(page.includes(`id="${column}"`), column);
    assert.match(page, /Codes for placement_type/);
  });
});
