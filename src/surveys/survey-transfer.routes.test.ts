// HTTP tests of exports and imports on PGlite and PostgreSQL: who may download what, the files'
// shape and audit, and the import journey from upload to import, with its errors.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { after, before, test } from 'node:test';
import { transitionInspection } from '../inspections/inspection.service.ts';
import { signInAs, signInWithPassword } from '../platform/auth/test-users.ts';
import { readXlsxRows } from '../platform/render/xlsx.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, csrfTokenIn, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { createSurveyFixture, openWithLink, type SurveyFixture } from './survey-test-support.ts';
import { submitResponse, type Survey } from './survey.service.ts';
import { newClientKey, type Answers } from './survey.ts';

const ANSWERS: Answers = {
  respondent_role: 'parent',
  age_phase: 'age_5_10',
  support_level: 'ehc_plan',
  needs_identified_early: 'agree',
  right_help_right_time: 'disagree',
  overall_rating: 'poor',
};

function decode(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** The rows of the first table in some HTML, as trimmed cell texts. */
function tableRows(html: string): string[][] {
  const body = html.slice(html.indexOf('<tbody'), html.indexOf('</tbody>'));
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => decode(cell[1]!.replace(/<[^>]+>/g, '').trim())));
}

/** The value a select has chosen. */
function selected(html: string, name: string): string | undefined {
  const start = html.indexOf(`name="${name}"`);
  assert.ok(start >= 0, `no select ${name}`);
  const select = html.slice(start, html.indexOf('</select>', start));
  return /<option value="([^"]*)" selected>/.exec(select)?.[1];
}

/** Posts a file as a browser's upload form does: multipart, with the page's CSRF token. */
async function upload(client: TestClient, url: string, file: { name: string; content: Buffer | string } | undefined, options: { csrf?: string } = {}): Promise<LightMyRequestResponse> {
  const csrf = options.csrf ?? csrfTokenIn((await client.get(url)).body) ?? '';
  const boundary = `----send-inspect-${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`)];
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file?.name ?? ''}"\r\nContent-Type: ${file ? 'text/csv' : 'application/octet-stream'}\r\n\r\n`));
  if (file) parts.push(typeof file.content === 'string' ? Buffer.from(file.content) : file.content);
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return client.app.inject({ method: 'POST', url, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie }, payload: Buffer.concat(parts) });
}

describeEachDatabase('survey export and import pages', (kind) => {
  let t: TestApp;
  let fixture: SurveyFixture;
  let parents: Survey;
  let lead: TestClient;
  let cqcLead: TestClient;
  let officer: TestClient;
  let reference: string;

  const path = (rest: string, audience = 'parents-carers') => `/inspections/${fixture.inspectionId}/surveys/${audience}${rest}`;
  const countResponses = async (surveyId: string) =>
    Number((await t.db.kysely.selectFrom('survey_response').select((eb) => eb.fn.countAll<number>().as('n')).where('survey_id', '=', surveyId).executeTakeFirstOrThrow()).n);

  before(async () => {
    t = await createTestApp(kind);
    fixture = await createSurveyFixture(t.db);
    await transitionInspection(t.db.kysely, fixture.inspectionId, { to: 'notified' }, fixture.leadActor);
    reference = (await t.db.kysely.selectFrom('inspection').select('reference').where('id', '=', fixture.inspectionId).executeTakeFirstOrThrow()).reference;
    lead = new TestClient(t.app);
    await signInWithPassword(lead, fixture.lead.email, fixture.lead.password);
    cqcLead = new TestClient(t.app);
    await signInAs(cqcLead, t.db, { organisation: 'cqc', teamRole: { inspectionId: fixture.inspectionId, role: 'cqc_lead' } });
    officer = new TestClient(t.app);
    await signInAs(officer, t.db, { organisation: 'local_area', areaRole: { laCode: '352', role: 'nominated_officer' } });
    const opened = await openWithLink(t.db, fixture, 'parents_carers');
    parents = opened.survey;
    for (let i = 0; i < 12; i++) {
      const answers = { ...ANSWERS, ...(i === 0 ? { what_could_be_better: 'Ring me, Joanne Smith, on 07700 900456: the wait for speech therapy is far too long.' } : {}) };
      const result = await submitResponse(t.db.kysely, parents, { surveyId: parents.id, channelId: opened.channel.id, language: 'en', answers, idempotencyKey: newClientKey(), source: 'api', keySecret: fixture.keySecret });
      assert.equal(result.outcome, 'stored');
    }
  });
  after(async () => {
    await t.close();
  });

  test('the export page offers each visitor only what they may take', async () => {
    const forLead = await lead.get(path('/export'));
    assert.equal(forLead.statusCode, 200);
    for (const file of ['results.csv', 'results.xlsx', 'comments.csv', 'comments.xlsx', 'raw.csv', 'raw.xlsx']) assert.ok(forLead.body.includes(path(`/export/${file}`)), file);
    assert.match(decode(forLead.body), /including personal details that families, children and practitioners may have written/);

    const forOfficer = await officer.get(path('/export'));
    assert.equal(forOfficer.statusCode, 200);
    assert.ok(forOfficer.body.includes(path('/export/results.csv')));
    assert.ok(!forOfficer.body.includes('/export/comments'), 'comments are for the team');
    assert.ok(!forOfficer.body.includes('/export/raw'), 'raw responses are for the Ofsted lead');
  });

  test('a nominated officer downloads suppressed results as CSV, with a byte-order mark, but is refused comments and raw responses', async () => {
    const response = await officer.get(path('/export/results.csv'));
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(response.headers['content-disposition'], `attachment; filename="${reference}-parents-carers-results.csv"`);
    assert.deepEqual([...response.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = response.rawPayload.toString('utf8').slice(1).split('\r\n');
    assert.equal(lines[0], 'Question id,Question,Breakdown by,Group,Answer,Count,Out of,Percent,95% interval from (percent),95% interval to (percent),Value');
    assert.equal(lines[1], ',All questions,,,Responses,12,,,,,');
    assert.ok(lines.some((l) => l.startsWith('right_help_right_time,') && l.includes(',Disagree,12,12,100,')), '12 of 12 is shown');
    assert.ok(lines.some((l) => l.startsWith('right_help_right_time,') && l.includes(',Agree,suppressed,suppressed,suppressed,suppressed,suppressed,')), 'a zero is hidden when it would reveal a hidden group');
    const audit = await t.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'survey.exported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual(audit.details, { audience: 'parents_carers', format: 'csv', kind: 'results' });

    for (const file of ['raw.csv', 'raw.xlsx', 'comments.csv', 'comments.xlsx']) assert.equal((await officer.get(path(`/export/${file}`))).statusCode, 403, file);
    assert.equal((await cqcLead.get(path('/export/raw.csv'))).statusCode, 403, 'raw responses are for the Ofsted lead only');
    assert.equal((await cqcLead.get(path('/export/comments.csv'))).statusCode, 200);
  });

  test('the lead downloads raw responses as XLSX, audited as a raw export; comments come redacted', async () => {
    const response = await lead.get(path('/export/raw.xlsx'));
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(response.headers['content-disposition'], `attachment; filename="${reference}-parents-carers-raw.xlsx"`);
    const rows: string[][] = [];
    for await (const row of readXlsxRows(response.rawPayload)) rows.push(row.cells);
    assert.deepEqual(rows[0]!.slice(0, 6), ['Response id', 'Submitted (UTC)', 'Link', 'Language', 'Source', 'Which of these best describes you? [respondent_role]']);
    assert.equal(rows.length, 13);
    assert.ok(rows.some((r) => r.includes('Ring me, Joanne Smith, on 07700 900456: the wait for speech therapy is far too long.')), 'raw is as given');
    const audit = await t.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'survey.raw-exported').executeTakeFirstOrThrow();
    assert.equal(audit.actor_user_id, fixture.lead.userId);
    assert.deepEqual(audit.details, { audience: 'parents_carers', format: 'xlsx', kind: 'raw' });

    const comments = await lead.get(path('/export/comments.csv'));
    assert.equal(comments.statusCode, 200);
    const text = comments.rawPayload.toString('utf8');
    assert.ok(text.includes('speech therapy is far too long'));
    assert.ok(!text.includes('07700 900456') && !text.includes('Joanne'), 'personal details are removed');
  });

  test('upload, match columns, match answers, check and import: all the valid rows, once', async () => {
    const practitioners = fixture.surveys.get('practitioners')!;
    const before = await countResponses(practitioners.id);
    const file = [
      'ID,Which best describes your role?,Q2. My team is told about needs early - strongly agree to strongly disagree,CHILDREN AND YOUNG PEOPLE’S NEEDS ARE IDENTIFIED EARLY AND ACCURATELY,Q3) Which age group do you mainly work with,Comments',
      '1,SENCo,x,Strongly Agree,11-15,Fine',
      '2,SENCo,x,agree,5-10,',
      '3,Teacher,x,Strongly Disagree,All ages,Too slow',
      '4,SENCo,x,Maybe,5-10,',
    ].join('\r\n');
    const uploaded = await upload(cqcLead, path('/import', 'practitioners'), { name: 'C:\\Users\\me\\Forms export.csv', content: file });
    assert.equal(uploaded.statusCode, 302, uploaded.body);
    const mappingPath = String(uploaded.headers.location);
    assert.match(mappingPath, /\/import\/[0-9a-f-]{36}\/mapping$/);
    const importPath = mappingPath.replace(/\/mapping$/, '');

    const mapping = await cqcLead.get(mappingPath);
    assert.equal(mapping.statusCode, 200);
    assert.match(decode(mapping.body), /Forms export\.csv has 4 rows of responses and 6 columns/);
    assert.equal(selected(mapping.body, 'column-0'), 'ignore');
    assert.equal(selected(mapping.body, 'column-3'), 'q:needs_identified', 'matched by wording, apostrophe and all');
    assert.match(decode(mapping.body), /For example: Strongly Agree; agree; Strongly Disagree/);

    const mapped = await cqcLead.post(mappingPath, {
      'column-0': 'ignore',
      'column-1': 'q:respondent_role',
      'column-2': 'ignore',
      'column-3': 'q:needs_identified',
      'column-4': 'q:age_phase',
      'column-5': 'q:what_could_be_better',
    });
    assert.equal(mapped.statusCode, 302);
    assert.equal(mapped.headers.location, `${importPath}/values`);

    const values = await cqcLead.get(`${importPath}/values`);
    assert.equal(values.statusCode, 200);
    const valuesText = decode(values.body);
    for (const listed of ['‘Teacher’ (in 1 row)', '‘Maybe’ (in 1 row)', '‘5-10’ (in 2 rows)', '‘11-15’ (in 1 row)']) assert.ok(valuesText.includes(listed), listed);
    for (const matched of ['Strongly Agree', 'SENCo', 'All ages']) assert.ok(!valuesText.includes(`‘${matched}’`), `${matched} differs only in capitals or punctuation, so it is matched already`);
    // Column 1 (role): Teacher; column 3 (needs): Maybe, left unmatched; column 4 (age): 5-10, 11-15.
    const chosen = await cqcLead.post(`${importPath}/values`, {
      'value-1-0': 'teacher_support',
      'value-3-0': '',
      'value-4-0': 'age_5_10',
      'value-4-1': 'age_11_15',
    });
    assert.equal(chosen.statusCode, 302);
    assert.equal(chosen.headers.location, `${importPath}/check`);

    const check = await cqcLead.get(`${importPath}/check`);
    assert.equal(check.statusCode, 200);
    assert.match(decode(check.body), /3 rows will be imported; 1 row has problems\./);
    assert.deepEqual(tableRows(check.body.slice(check.body.indexOf('Problems'))), [['5', 'CHILDREN AND YOUNG PEOPLE’S NEEDS ARE IDENTIFIED EARLY AND ACCURATELY', '‘Maybe’ is not one of the answers']]);

    const refused = await cqcLead.post(`${importPath}/commit`, {}, { formPage: `${importPath}/check` });
    assert.equal(refused.statusCode, 400);
    assert.match(decode(refused.body), /Confirm that the 1 row with problems is to be left out/);
    assert.equal(await countResponses(practitioners.id), before, 'nothing is imported without the choice');

    const committed = await cqcLead.post(`${importPath}/commit`, { skipInvalid: 'yes' }, { formPage: `${importPath}/check` });
    assert.equal(committed.statusCode, 302);
    assert.equal(committed.headers.location, path('/import', 'practitioners'));
    assert.equal(await countResponses(practitioners.id), before + 3);
    const stored = await t.db.kysely.selectFrom('survey_response').select(['answers', 'idempotency_key']).where('survey_id', '=', practitioners.id).orderBy('idempotency_key').execute();
    assert.deepEqual(stored[0]!.answers, { respondent_role: 'senco', age_phase: 'age_11_15', needs_identified: 'strongly_agree', what_could_be_better: 'Fine' });
    const page = await cqcLead.get(path('/import', 'practitioners'));
    assert.match(decode(page.body), /3 responses imported/);
    assert.match(decode(page.body), /Forms export\.csv/);

    // The same form sent again, or the steps revisited, import nothing more.
    const again = await cqcLead.post(`${importPath}/commit`, { skipInvalid: 'yes' }, { csrf: csrfTokenIn(page.body) });
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, path('/import', 'practitioners'));
    assert.equal(await countResponses(practitioners.id), before + 3);
    assert.equal((await cqcLead.get(`${importPath}/check`)).statusCode, 303);
    const reupload = await upload(cqcLead, path('/import', 'practitioners'), { name: 'Forms export.csv', content: file });
    assert.equal(reupload.statusCode, 400);
    assert.match(decode(reupload.body), /This file was imported into this survey on .* Importing it again would count the same people twice/);
  });

  test('a broken file is refused on the upload page, with its reason beside the field', async () => {
    const windows1252 = Buffer.concat([Buffer.from('Which of these best describes you?,What could be better?\r\nParent,'), Buffer.from([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94]), Buffer.from('\r\n')]);
    const response = await upload(lead, path('/import'), { name: 'excel.csv', content: windows1252 });
    assert.equal(response.statusCode, 400);
    const text = decode(response.body);
    assert.match(text, /<title>Error: Import responses/);
    assert.match(text, /not saved as UTF-8 text, so some of its letters cannot be read \(the first on row 2\)/);
    assert.match(text, /id="file-error"/);

    const none = await upload(lead, path('/import'), undefined);
    assert.equal(none.statusCode, 400);
    assert.match(decode(none.body), /Choose a CSV or Excel file to upload/);

    const huge = await upload(lead, path('/import'), { name: 'huge.csv', content: Buffer.alloc(21 * 1024 * 1024, 'a') });
    assert.equal(huge.statusCode, 400);
    assert.match(decode(huge.body), /The file is larger than 20 MB/);

    const forged = await upload(lead, path('/import'), { name: 'x.csv', content: 'a,b\r\n1,2\r\n' }, { csrf: 'not-the-token' });
    assert.equal(forged.statusCode, 403);
    const staged = await t.db.kysely.selectFrom('survey_import_staging').select('id').execute();
    assert.deepEqual(staged, [], 'nothing is kept of a refused file');
  });

  test('only the leads import; an unknown import is not found; a cancelled one is gone', async () => {
    assert.equal((await officer.get(path('/import'))).statusCode, 403);
    assert.equal((await upload(officer, path('/import'), { name: 'x.csv', content: 'a\r\n1\r\n' }, { csrf: 'x' })).statusCode, 403);
    assert.equal((await lead.get(path('/import/6f1c1f5e-1111-4111-8111-111111111111/check'))).statusCode, 404);
    assert.equal((await lead.get(path('/import/not-an-id/check'))).statusCode, 404);

    const uploaded = await upload(lead, path('/import'), { name: 'one.csv', content: 'Which of these best describes you?\r\nParent\r\n' });
    const importPath = String(uploaded.headers.location).replace(/\/mapping$/, '');
    assert.equal((await lead.get(`${importPath}/check`)).statusCode, 200);
    assert.equal((await officer.get(`${importPath}/check`)).statusCode, 403);
    const cancelled = await lead.post(`${importPath}/cancel`, {}, { formPage: `${importPath}/check` });
    assert.equal(cancelled.statusCode, 302);
    assert.equal((await lead.get(`${importPath}/check`)).statusCode, 404);
  });
});
