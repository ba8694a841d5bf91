// HTTP tests of the data request on PGlite and PostgreSQL: the officer uploads, inspectors see what
// is missing, refused and oversized files store nothing, downloads are audited, the leads decide and edit.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { dataRequestTemplate } from '../frameworks/data-request-templates.ts';
import { signInWithPassword } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, csrfTokenIn, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { createCasesFixture, type CasesFixture } from './case-test-support.ts';
import { addWorkingDays } from '../platform/working-days.ts';
import { PERSON_LEVEL_DATA_CODE, dateInEngland } from './data-request.ts';

const MAX_BYTES = 4096;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');
/** The fixture's notification date; the pages count overdue items against the real date. */
const NOTIFIED = '2026-11-09';

function overdueNow(dueDate: string): boolean {
  return dueDate < dateInEngland(new Date());
}

function decode(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** The page's text without tags, with runs of white space as one space. */
function textOf(html: string): string {
  return decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

/** Posts files as the upload form does: multipart, the CSRF token first. */
async function upload(client: TestClient, url: string, files: { name: string; content: Buffer }[], options: { formPage?: string; csrf?: string } = {}): Promise<LightMyRequestResponse> {
  const csrf = options.csrf ?? csrfTokenIn((await client.get(options.formPage ?? url.replace(/\/files$/, ''))).body) ?? '';
  const boundary = `----send-inspect-${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`)];
  for (const file of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return client.app.inject({ method: 'POST', url, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie }, payload: Buffer.concat(parts) });
}

describeEachDatabase('data request pages', (kind) => {
  let t: TestApp;
  let fixture: CasesFixture;
  let lead: TestClient;
  let inspector: TestClient;
  let officer: TestClient;
  const items = new Map<string, string>();

  const listPath = () => `/inspections/${fixture.inspectionId}/data-request`;
  const itemPath = (code: string, rest = '') => `${listPath()}/items/${items.get(code)}${rest}`;
  const countFiles = async () =>
    Number((await t.db.kysely.selectFrom('stored_file').select((eb) => eb.fn.countAll<number>().as('n')).where('inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow()).n);

  before(async () => {
    t = await createTestApp(kind, { uploadMaxBytes: MAX_BYTES });
    fixture = await createCasesFixture(t.db);
    lead = new TestClient(t.app);
    await signInWithPassword(lead, fixture.lead.email, fixture.lead.password);
    inspector = new TestClient(t.app);
    await signInWithPassword(inspector, fixture.inspector.email, fixture.inspector.password);
    officer = new TestClient(t.app);
    await signInWithPassword(officer, fixture.officer.email, fixture.officer.password);
  });
  after(async () => {
    await t?.close();
  });

  test('the officer opens the data request: the framework’s list is made, with due dates and nothing yet sent', async () => {
    const page = await officer.get(listPath());
    assert.equal(page.statusCode, 200);
    const template = dataRequestTemplate('2023');
    const total = template.items.length;
    const overdue = template.items.filter((i) => overdueNow(addWorkingDays(NOTIFIED, i.dueWorkingDays))).length;
    const text = textOf(page.body);
    assert.match(text, new RegExp(`0 of ${total} provided, ${overdue} overdue`));
    const selfEvaluationTag = overdueNow('2026-11-12') ? 'Overdue' : 'Requested';
    assert.match(text, new RegExp(`Self-evaluation 12 November 2026 None ${selfEvaluationTag}`), 'due 3 working days after notification on 9 November');
    assert.match(text, /Person-level data .* None imported/);
    for (const match of page.body.matchAll(/href="\/inspections\/[^/]+\/data-request\/items\/([0-9a-f-]{36})">([^<]+)</g)) {
      const code = dataRequestTemplate('2023').items.find((i) => i.title === decode(match[2]!))?.code;
      if (code) items.set(code, match[1]!);
    }
    assert.equal(items.size, total);
    assert.ok(!page.body.includes('Add an item'), 'only the leads add items');
    assert.equal((await lead.get(listPath())).statusCode, 200);
    const created = await t.db.kysely.selectFrom('data_request_item').select('id').where('inspection_id', '=', fixture.inspectionId).execute();
    assert.equal(created.length, total, 'opening it again adds nothing');
  });

  test('the officer uploads two files to an item, which is then provided', async () => {
    const itemPage = await officer.get(itemPath('send_strategy'));
    assert.equal(itemPage.statusCode, 200);
    const itemText = textOf(itemPage.body);
    assert.match(itemText, /Up to 5 files at a time, each 4 KB or smaller: PDF, Word \(\.docx\)/);
    assert.match(itemPage.body, /type="file"[^>]*multiple/);
    assert.ok(!itemText.includes('Lead inspector’s decision'), 'the officer makes no decisions');

    const response = await upload(officer, itemPath('send_strategy', '/files'), [
      { name: 'SEND strategy.pdf', content: PDF },
      { name: 'Strategic plan.txt', content: Buffer.from('Our plan for 2026 to 2029.\n') },
    ]);
    assert.equal(response.statusCode, 302, response.body);
    assert.equal(response.headers.location, itemPath('send_strategy'));
    const after = await officer.get(itemPath('send_strategy'));
    const text = textOf(after.body);
    assert.match(text, /2 files uploaded/);
    assert.match(text, /Status Provided/);
    assert.match(text, new RegExp(`SEND strategy\\.pdf \\(download\\) ${PDF.length} bytes ${fixture.officer.displayName}`));
    assert.match(text, /Strategic plan\.txt/);
    assert.equal(await countFiles(), 2);
  });

  test('inspectors see what is missing and cannot upload', async () => {
    const page = await inspector.get(listPath());
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    const total = dataRequestTemplate('2023').items.length;
    assert.match(text, new RegExp(`What is still missing 1 of ${total} provided, \\d+ overdue`));
    const missing = page.body.slice(page.body.indexOf('What is still missing'), page.body.indexOf('<table'));
    assert.ok(missing.includes('Self-evaluation'), 'asked for and not sent');
    assert.ok(!missing.includes('SEND strategy and strategic plan'), 'sent');
    assert.match(text, /SEND strategy and strategic plan 12 November 2026 2 files Provided/, 'provided is never overdue');

    const itemPage = await inspector.get(itemPath('send_strategy'));
    assert.ok(!itemPage.body.includes('type="file"'), 'no upload form');
    assert.ok(!itemPage.body.includes('/remove'), 'inspectors remove nothing');
    const refused = await upload(inspector, itemPath('send_strategy', '/files'), [{ name: 'mine.pdf', content: PDF }], { formPage: itemPath('send_strategy') });
    assert.equal(refused.statusCode, 403);
    assert.equal(await countFiles(), 2);
  });

  test('a file of the wrong kind, one too large, too many files or no token: a clear message and nothing stored', async () => {
    const wrongKind = await upload(officer, itemPath('jsna', '/files'), [
      { name: 'jsna.pdf', content: PDF },
      { name: 'jsna.exe', content: Buffer.from('MZ\x90\x00') },
    ]);
    assert.equal(wrongKind.statusCode, 400);
    const wrongText = textOf(wrongKind.body);
    assert.match(wrongText, /There is a problem/);
    assert.match(wrongText, /“jsna\.exe” is not a kind of file we accept\. Send it as PDF, Word/);
    assert.match(wrongKind.body, /href="#files"/);

    const renamed = await upload(officer, itemPath('jsna', '/files'), [{ name: 'report.pdf', content: Buffer.from('just some words') }]);
    assert.equal(renamed.statusCode, 400);
    assert.match(textOf(renamed.body), /“report\.pdf” is named as PDF but its contents are not/);

    const tooLarge = await upload(officer, itemPath('jsna', '/files'), [{ name: 'big.pdf', content: Buffer.concat([PDF, Buffer.alloc(MAX_BYTES)]) }]);
    assert.equal(tooLarge.statusCode, 400);
    assert.match(textOf(tooLarge.body), /“big\.pdf” is larger than 4 KB: files must be 4 KB or smaller/);

    const tooMany = await upload(officer, itemPath('jsna', '/files'), Array.from({ length: 6 }, (_, i) => ({ name: `part-${i}.pdf`, content: PDF })));
    assert.equal(tooMany.statusCode, 400);
    assert.match(textOf(tooMany.body), /Choose up to 5 files at a time/);

    const nothing = await upload(officer, itemPath('jsna', '/files'), [{ name: '', content: Buffer.alloc(0) }]);
    assert.equal(nothing.statusCode, 400);
    assert.match(textOf(nothing.body), /Choose a file to upload/);

    const noToken = await upload(officer, itemPath('jsna', '/files'), [{ name: 'jsna.pdf', content: PDF }], { csrf: 'forged' });
    assert.equal(noToken.statusCode, 403);

    const personLevel = await upload(officer, itemPath(PERSON_LEVEL_DATA_CODE, '/files'), [{ name: 'people.csv', content: Buffer.from('id\n1\n') }]);
    assert.equal(personLevel.statusCode, 400);
    assert.match(textOf(personLevel.body), /send them on the person-level data page/);

    assert.equal(await countFiles(), 2, 'none of these stored anything');
    assert.match(textOf((await officer.get(itemPath('jsna'))).body), /Status Requested/);
  });

  test('a download sends the file as it was uploaded and records who took it', async () => {
    const page = await inspector.get(itemPath('send_strategy'));
    const href = /href="([^"]+\/files\/[0-9a-f-]{36})" download>SEND strategy\.pdf/.exec(page.body)?.[1];
    assert.ok(href);
    const response = await inspector.get(href);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/pdf');
    assert.equal(response.headers['content-disposition'], `attachment; filename="SEND strategy.pdf"; filename*=UTF-8''SEND%20strategy.pdf`);
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.deepEqual(response.rawPayload, PDF);
    const event = await t.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'data-request.file.download').where('inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow();
    assert.equal(event.actor_user_id, fixture.inspector.userId);
    assert.equal(event.subject_id, href.split('/').at(-1));
    assert.equal((event.details as { fileName: string }).fileName, 'SEND strategy.pdf');

    const elsewhere = href.replace(items.get('send_strategy')!, items.get('jsna')!);
    assert.equal((await inspector.get(elsewhere)).statusCode, 404, 'a file is reached only through its own item');
  });

  test('the lead accepts an item; not needed asks for a reason; others cannot decide', async () => {
    const page = await lead.get(itemPath('send_strategy'));
    assert.match(textOf(page.body), /Lead inspector’s decision/);
    const accepted = await lead.post(itemPath('send_strategy', '/status'), { action: 'accept', note: '' }, { formPage: itemPath('send_strategy') });
    assert.equal(accepted.statusCode, 302);
    assert.match(textOf((await lead.get(itemPath('send_strategy'))).body), /Item accepted .* Status Accepted/);

    const noReason = await lead.post(itemPath('jsna', '/status'), { action: 'not_needed', note: '' }, { formPage: itemPath('jsna') });
    assert.equal(noReason.statusCode, 400);
    assert.match(textOf(noReason.body), /There is a problem Say why the item is not needed/);
    assert.match(noReason.body, /value="not_needed" checked/, 'the choice is kept');
    const noChoice = await lead.post(itemPath('jsna', '/status'), { note: 'A note' }, { formPage: itemPath('jsna') });
    assert.equal(noChoice.statusCode, 400);
    assert.match(textOf(noChoice.body), /Select what to do with the item/);
    assert.match(noChoice.body, />A note<\/textarea>/);
    const notNeeded = await lead.post(itemPath('jsna', '/status'), { action: 'not_needed', note: 'The JSNA is published' }, { formPage: itemPath('jsna') });
    assert.equal(notNeeded.statusCode, 302);
    assert.match(textOf((await inspector.get(listPath())).body), /Joint Strategic Needs Assessment \(JSNA\) The JSNA is published .* Not needed/);

    const byOfficer = await officer.post(itemPath('action_plans', '/status'), { action: 'not_needed', note: 'No plans' }, { formPage: itemPath('action_plans') });
    assert.equal(byOfficer.statusCode, 403);
    const event = await t.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'data-request.item.status').where('inspection_id', '=', fixture.inspectionId).orderBy('id').execute();
    assert.deepEqual(event.map((e) => [e.actor_user_id, (e.details as { to: string }).to]), [[fixture.lead.userId, 'accepted'], [fixture.lead.userId, 'not_needed']]);
  });

  test('the lead adds and edits an item: a title and a real date are needed, and what was typed is kept', async () => {
    const form = await lead.get(`${listPath()}/items/new`);
    assert.equal(form.statusCode, 200);
    const invalid = await lead.post(`${listPath()}/items/new`, { title: '  ', description: 'Exclusions, three years', 'dueDate-day': '31', 'dueDate-month': '2', 'dueDate-year': '2026' }, { formPage: `${listPath()}/items/new` });
    assert.equal(invalid.statusCode, 400);
    const text = textOf(invalid.body);
    assert.match(text, /There is a problem Enter a title for the item Due date must be a real date/);
    assert.match(invalid.body, />Exclusions, three years<\/textarea>/);
    assert.match(invalid.body, /name="dueDate-day" type="text" value="31"/);
    assert.match(invalid.body, /govuk-input--error[^>]*name="dueDate-day"/);

    const added = await lead.post(`${listPath()}/items/new`, { title: 'Exclusions', description: 'Exclusions, three years', 'dueDate-day': '20', 'dueDate-month': '11', 'dueDate-year': '2026' }, { formPage: `${listPath()}/items/new` });
    assert.equal(added.statusCode, 302);
    const addedPath = String(added.headers.location);
    assert.match(textOf((await lead.get(addedPath)).body), /Item added .* Exclusions .* Due 20 November 2026 .* Asked for by The inspection team/);

    const editPage = await lead.get(`${addedPath}/edit`);
    assert.match(editPage.body, /name="title" type="text" value="Exclusions"/);
    const badEdit = await lead.post(`${addedPath}/edit`, { title: 'Exclusions and suspensions', description: '', 'dueDate-day': '20', 'dueDate-month': '', 'dueDate-year': '2026' }, { formPage: `${addedPath}/edit` });
    assert.equal(badEdit.statusCode, 400);
    assert.match(textOf(badEdit.body), /Due date must include a month/);
    assert.match(badEdit.body, /value="Exclusions and suspensions"/);
    const edited = await lead.post(`${addedPath}/edit`, { title: 'Exclusions and suspensions', description: '', 'dueDate-day': '23', 'dueDate-month': '11', 'dueDate-year': '2026' }, { formPage: `${addedPath}/edit` });
    assert.equal(edited.statusCode, 302);
    assert.match(textOf((await officer.get(addedPath)).body), /Exclusions and suspensions Due 23 November 2026 Status Requested/);
    assert.equal((await officer.get(`${addedPath}/edit`)).statusCode, 403);

    const confirm = await lead.get(`${addedPath}/remove`);
    assert.match(textOf(confirm.body), /Are you sure you want to remove “Exclusions and suspensions” from the data request\?/);
    const removed = await lead.post(`${addedPath}/remove`, {}, { formPage: `${addedPath}/remove` });
    assert.equal(removed.statusCode, 302);
    assert.equal(removed.headers.location, listPath());
    assert.equal((await lead.get(addedPath)).statusCode, 404);
    const late = await lead.post(`${listPath()}/items/new`, { title: 'Census returns', description: '', 'dueDate-day': '6', 'dueDate-month': '1', 'dueDate-year': '2020' }, { formPage: `${listPath()}/items/new` });
    assert.equal(late.statusCode, 302);
    const list = await inspector.get(listPath());
    const missing = list.body.slice(list.body.indexOf('What is still missing'), list.body.indexOf('<table'));
    assert.match(textOf(missing), /^What is still missing .* Census returns : due 6 January 2020 Overdue/, 'overdue items come first in what is missing');
    assert.match(textOf(list.body), /Census returns 6 January 2020 None Overdue/);

    const frameworkItem = await lead.post(itemPath('action_plans', '/remove'), {}, { formPage: itemPath('action_plans') });
    assert.equal(frameworkItem.statusCode, 400);
    assert.match(textOf(frameworkItem.body), /Items from the framework’s list cannot be removed/);
  });

  test('the officer removes a file they uploaded after confirming; the item with no files left is asked for again', async () => {
    await upload(officer, itemPath('action_plans', '/files'), [{ name: 'plan.pdf', content: PDF }]);
    const page = await officer.get(itemPath('action_plans'));
    const removeHref = /href="([^"]+\/remove)">Remove<span class="govuk-visually-hidden"> plan\.pdf/.exec(page.body)?.[1];
    assert.ok(removeHref);
    const confirm = await officer.get(removeHref);
    assert.match(textOf(confirm.body), /Are you sure you want to remove “plan\.pdf”\? .* the item will be asked for again/);
    const removed = await officer.post(removeHref, {}, { formPage: removeHref });
    assert.equal(removed.statusCode, 302);
    const after = textOf((await officer.get(itemPath('action_plans'))).body);
    assert.match(after, /“plan\.pdf” removed The item has no files now, so it is asked for again/);
    assert.match(after, /Status Requested/);
    const event = await t.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'data-request.file.remove').where('inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow();
    assert.equal(event.actor_user_id, fixture.officer.userId);
  });
});
