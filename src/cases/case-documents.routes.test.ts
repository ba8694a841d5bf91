// HTTP tests of the case documents pages on PGlite and PostgreSQL: what the area sees before and
// after the sample is shared, uploads (with the CSRF check and refused files), audited downloads
// and removal by the uploader only.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { after, before, test } from 'node:test';
import { signedInClient } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, csrfTokenIn, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { addAcceptedImport, addFixtureSample, createCasesFixture, type CasesFixture, type FixtureImport, type FixtureSample } from './case-test-support.ts';
import { PRIMARY_NEED_LABELS } from './case.ts';

const PDF = Buffer.from('%PDF-1.7\n% EHC plan for the test\n%%EOF\n');

function decode(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

function errorSummary(html: string): string[] {
  const start = html.indexOf('govuk-error-summary__list');
  if (start < 0) return [];
  const list = html.slice(start, html.indexOf('</ul>', start));
  return [...list.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${decode(m[2]!)}`);
}

type Upload = { name: string; content: Buffer; description?: string };

/** Posts a file as a browser's upload form does: multipart, with the CSRF token of the documents page. */
async function upload(client: TestClient, pageUrl: string, url: string, file: Upload | undefined, options: { csrf?: string } = {}): Promise<LightMyRequestResponse> {
  const csrf = options.csrf ?? csrfTokenIn((await client.get(pageUrl)).body) ?? '';
  const boundary = `----send-inspect-${randomBytes(8).toString('hex')}`;
  const field = (name: string, value: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const parts: Buffer[] = [field('_csrf', csrf), field('description', file?.description ?? '')];
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file?.name ?? ''}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  if (file) parts.push(file.content);
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return client.app.inject({ method: 'POST', url, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie }, payload: Buffer.concat(parts) });
}

describeEachDatabase('case documents pages', (kind) => {
  let t: TestApp;
  let fixture: CasesFixture;
  let imported: FixtureImport;
  let sample: FixtureSample;
  let lead: TestClient;
  let inspector: TestClient;
  let officer: TestClient;
  let qaReader: TestClient;

  const page = () => `/inspections/${fixture.inspectionId}/cases/documents`;
  const filesOf = (caseId: string, rest = '') => `${page()}/${caseId}/files${rest}`;
  const personOf = (index: number) => imported.people[index]!.personId;
  const caseOf = (index: number) => sample.caseIds.get(personOf(index))!;
  const storedFiles = async () => Number((await t.db.kysely.selectFrom('stored_file').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const audits = (action: string) => t.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('id').execute();

  before(async () => {
    t = await createTestApp(kind, { uploadMaxBytes: 64 * 1024 });
    fixture = await createCasesFixture(t.db);
    imported = await addAcceptedImport(t.db, fixture, { count: 30, seed: 5 });
    const ids = imported.people.map((p) => p.personId);
    sample = await addFixtureSample(t.db, fixture, imported, { tracked: ids.slice(0, 2), review: ids.slice(2, 4) });
    const signIn = (user: { email: string; password: string }) => signedInClient(t.app, user);
    lead = await signIn(fixture.lead);
    inspector = await signIn(fixture.inspector);
    officer = await signIn(fixture.officer);
    qaReader = await signIn(fixture.qaReader);
  });
  after(async () => {
    await t.close();
  });

  test('before the sample is shared the area is told no children are chosen yet, while the team sees the ids', async () => {
    const forOfficer = await officer.get(page());
    assert.equal(forOfficer.statusCode, 200);
    assert.ok(decode(forOfficer.body).includes('No children or young people have been chosen yet.'));
    for (let i = 0; i < 4; i++) assert.ok(!forOfficer.body.includes(personOf(i)), `id ${i} is not shown`);
    const refused = await upload(officer, page(), filesOf(caseOf(0)), { name: 'plan.pdf', content: PDF });
    assert.equal(refused.statusCode, 404, 'the area cannot send documents for a case it has not been told of');

    const forLead = await lead.get(page());
    assert.equal(forLead.statusCode, 200);
    const html = decode(forLead.body);
    for (let i = 0; i < 4; i++) assert.ok(html.includes(personOf(i)), `id ${i} is shown to the team`);
    assert.ok(html.includes('The area cannot see this list yet'));
    assert.equal((await qaReader.get(page())).statusCode, 403);
  });

  test('once shared, an officer sees only the ids, their purpose and the due date, uploads a document, and cannot open the record', async () => {
    await t.db.kysely.updateTable('case_sample').set({ shared_at: new Date(), documents_due: '2026-11-25' }).where('id', '=', sample.sampleId).execute();
    const listed = await officer.get(page());
    assert.equal(listed.statusCode, 200);
    const html = decode(listed.body);
    assert.ok(html.includes('Upload the documents by 25 November 2026.'));
    assert.ok(html.includes(personOf(0)) && html.includes(personOf(3)));
    assert.ok(html.includes('Tracked child') && html.includes('Plan to review'));
    assert.ok(!html.includes('/cases/tracked/'), 'no link to the tracked child’s page');
    for (let i = 0; i < 4; i++) assert.ok(!html.includes(PRIMARY_NEED_LABELS[imported.people[i]!.primaryNeed]), 'no person-level data');

    const before = await storedFiles();
    const sent = await upload(officer, page(), filesOf(caseOf(0)), { name: 'EHC plan – final.pdf', content: PDF, description: 'Final plan, March 2026' });
    assert.equal(sent.statusCode, 302);
    assert.equal(sent.headers.location, `${page()}#case-${caseOf(0)}`);
    assert.equal(await storedFiles(), before + 1);
    const after = decode((await officer.get(page())).body);
    assert.ok(after.includes('Document uploaded'));
    assert.ok(after.includes('EHC plan – final.pdf') && after.includes('Final plan, March 2026'));
    const [uploaded] = await audits('cases.document-uploaded');
    assert.equal(uploaded?.actor_user_id, fixture.officer.userId);
    assert.equal(uploaded?.subject_id, caseOf(0));

    assert.equal((await officer.get(`/inspections/${fixture.inspectionId}/cases/tracked/${caseOf(0)}`)).statusCode, 403);
    assert.equal((await officer.get(`/inspections/${fixture.inspectionId}/cases/tracked`)).statusCode, 403);
  });

  test('a download is sent as an attachment and put on record; a file under another case is not found', async () => {
    const [document] = await t.db.kysely.selectFrom('case_document').selectAll().where('case_id', '=', caseOf(0)).execute();
    assert.ok(document);
    const response = await inspector.get(filesOf(caseOf(0), `/${document.file_id}`));
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/pdf');
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.equal(response.headers['content-disposition'], `attachment; filename="EHC plan _ final.pdf"; filename*=UTF-8''${encodeURIComponent('EHC plan – final.pdf')}`);
    assert.deepEqual(response.rawPayload, PDF);
    const downloads = await audits('cases.download-document');
    assert.equal(downloads.length, 1);
    assert.equal(downloads[0]!.actor_user_id, fixture.inspector.userId);
    assert.equal(downloads[0]!.inspection_id, fixture.inspectionId);
    assert.equal(downloads[0]!.la_code, '352');

    assert.equal((await inspector.get(filesOf(caseOf(1), `/${document.file_id}`))).statusCode, 404);
    assert.equal((await inspector.get(filesOf(caseOf(0), '/00000000-0000-4000-8000-000000000000'))).statusCode, 404);
    assert.equal((await qaReader.get(filesOf(caseOf(0), `/${document.file_id}`))).statusCode, 403);
    assert.equal((await audits('cases.download-document')).length, 1, 'refusals are not downloads');
  });

  test('refused files, a missing file, a long description and a bad CSRF token store nothing and say why', async () => {
    const before = await storedFiles();
    const exe = await upload(officer, page(), filesOf(caseOf(2)), { name: 'plan.exe', content: Buffer.from('MZ\x90\x00 not a document'), description: 'Kept description' });
    assert.equal(exe.statusCode, 400);
    assert.deepEqual(errorSummary(exe.body), [
      `#file-${caseOf(2)} “plan.exe” is not a kind of file we accept. Send it as PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt, .ods), CSV, text (.txt), PNG or JPEG.`,
    ]);
    assert.ok(exe.body.includes('value="Kept description"'), 'the description typed is kept');

    const renamed = await upload(officer, page(), filesOf(caseOf(2)), { name: 'plan.pdf', content: Buffer.from('just text, not a PDF') });
    assert.equal(renamed.statusCode, 400);
    assert.match(decode(renamed.body), /“plan\.pdf” is named as PDF but its contents are not/);

    const big = await upload(officer, page(), filesOf(caseOf(2)), { name: 'big.pdf', content: Buffer.concat([PDF, Buffer.alloc(70 * 1024, 0x20)]) });
    assert.equal(big.statusCode, 400);
    assert.match(decode(big.body), /“big\.pdf” is larger than 64 KB/);

    const none = await upload(officer, page(), filesOf(caseOf(2)), undefined);
    assert.equal(none.statusCode, 400);
    assert.deepEqual(errorSummary(none.body), [`#file-${caseOf(2)} Choose a file to upload`]);

    const longDescription = await upload(officer, page(), filesOf(caseOf(2)), { name: 'plan.pdf', content: PDF, description: 'x'.repeat(201) });
    assert.equal(longDescription.statusCode, 400);
    assert.deepEqual(errorSummary(longDescription.body), [`#description-${caseOf(2)} The description must be 200 characters or fewer (it has 201)`]);

    const forged = await upload(officer, page(), filesOf(caseOf(2)), { name: 'plan.pdf', content: PDF }, { csrf: 'forged' });
    assert.equal(forged.statusCode, 403);

    assert.equal((await upload(officer, page(), filesOf('00000000-0000-4000-8000-000000000000'), { name: 'plan.pdf', content: PDF })).statusCode, 404);
    assert.equal(await storedFiles(), before);
    assert.equal((await audits('cases.document-uploaded')).length, 1);
  });

  test('only the uploader removes a document, after confirming; the removal is audited', async () => {
    const [document] = await t.db.kysely.selectFrom('case_document').selectAll().where('case_id', '=', caseOf(0)).execute();
    assert.ok(document);
    const confirm = filesOf(caseOf(0), `/${document.file_id}/remove`);
    assert.ok(!(await lead.get(page())).body.includes(confirm), 'no remove link for others');
    assert.equal((await lead.get(confirm)).statusCode, 403);
    assert.equal((await lead.post(confirm, {}, { formPage: page() })).statusCode, 403);
    assert.equal((await audits('cases.document-removed'))[0]?.outcome, 'denied');

    assert.ok((await officer.get(page())).body.includes(confirm), 'the uploader has a remove link');
    const question = await officer.get(confirm);
    assert.equal(question.statusCode, 200);
    assert.ok(decode(question.body).includes('Are you sure you want to remove EHC plan – final.pdf?'));
    const removed = await officer.post(confirm, {});
    assert.equal(removed.statusCode, 302);
    assert.equal(await t.db.kysely.selectFrom('stored_file').selectAll().where('id', '=', document.file_id).executeTakeFirst(), undefined);
    assert.ok(decode((await officer.get(page())).body).includes('Document removed'));
    const removals = await audits('cases.document-removed');
    assert.equal(removals[1]?.outcome, 'success');
    assert.equal(removals[1]?.actor_user_id, fixture.officer.userId);
    assert.equal((await officer.get(confirm)).statusCode, 404);
  });

  test('the team uploads too, and a replaced case is no longer there for anyone', async () => {
    const sent = await upload(inspector, page(), filesOf(caseOf(3)), { name: 'annual-review.txt', content: Buffer.from('Annual review held on 3 March 2026.') });
    assert.equal(sent.statusCode, 302);
    await t.db.kysely.updateTable('sampled_case').set({ replaced_at: new Date(), replaced_reason: 'Plan ceased' }).where('id', '=', caseOf(3)).execute();
    const html = decode((await officer.get(page())).body);
    assert.ok(!html.includes(personOf(3)));
    const [document] = await t.db.kysely.selectFrom('case_document').selectAll().where('case_id', '=', caseOf(3)).execute();
    assert.equal((await inspector.get(filesOf(caseOf(3), `/${document!.file_id}`))).statusCode, 404);
    assert.equal((await upload(inspector, page(), filesOf(caseOf(3)), { name: 'plan.pdf', content: PDF })).statusCode, 404);
  });
});
