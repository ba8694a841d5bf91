// HTTP tests of the evidence note pages on PGlite and PostgreSQL: the form with and without the
// autosave, errors with the input kept, changing a note, the conflict page, history, the JSON
// autosave (saved, unchanged, conflict, refused, signed out) and attachments.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { addAcceptedImport, addFixtureSample, type CasesFixture, type FixtureSample } from '../cases/case-test-support.ts';
import { signInWithPassword, signedInClient } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, csrfTokenIn, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { createSurveys } from '../surveys/survey.service.ts';
import { addFixtureActivity, addFixtureNote, createEvidenceFixture } from './evidence-test-support.ts';
import { THEMES } from './evidence.ts';

const PDF = Buffer.from('%PDF-1.4\n% a small test file\n');

function decode(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** The text of the page's error summary items, each with the field it links to. */
function errorSummary(html: string): string[] {
  const start = html.indexOf('govuk-error-summary__list');
  if (start < 0) return [];
  const list = html.slice(start, html.indexOf('</ul>', start));
  return [...list.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${decode(m[2]!)}`);
}

function hiddenValue(html: string, name: string): string | undefined {
  return new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html)?.[1];
}

function textareaValue(html: string): string {
  return decode(/<textarea[^>]*name="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? '').trim();
}

function isChecked(html: string, name: string, value: string): boolean {
  return new RegExp(`name="${name}" type="(checkbox|radio)" value="${value}" checked`).test(html);
}

describeEachDatabase('evidence note pages', (kind) => {
  let t: TestApp;
  let fixture: CasesFixture;
  let other: CasesFixture;
  let activityId: string;
  let otherActivityId: string;
  let sample: FixtureSample;
  let trackedPerson: string;
  let surveyId: string;
  let lead: TestClient;
  let inspector: TestClient;
  let qaReader: TestClient;

  const evidence = (rest = '') => `/inspections/${fixture.inspectionId}/evidence${rest}`;
  const notes = (rest = '') => evidence(`/notes${rest}`);
  const api = (noteId: string) => evidence(`/api/notes/${noteId}`);
  const noteRow = (id: string) => t.db.kysely.selectFrom('evidence_note').selectAll().where('id', '=', id).executeTakeFirst();
  const versionCount = async (id: string) => (await t.db.kysely.selectFrom('evidence_note_version').select('version').where('note_id', '=', id).execute()).length;
  const noteCount = async () => (await t.db.kysely.selectFrom('evidence_note').select('id').where('inspection_id', '=', fixture.inspectionId).execute()).length;
  const storedFiles = async () => (await t.db.kysely.selectFrom('stored_file').select('id').where('inspection_id', '=', fixture.inspectionId).execute()).length;

  const form = (overrides: Record<string, string | string[]> = {}) => ({
    body: 'Parents told us the wait for a speech and language assessment was over a year.',
    criteria: ['I1', 'L2'],
    themes: [THEMES[0]!.code],
    polarity: 'concern',
    sourceKind: 'activity',
    activityId,
    trackedCaseId: '',
    reviewCaseId: '',
    surveyId: '',
    sourceDetail: '',
    ...overrides,
  });

  /** Loads the new note form and posts it with its hidden fields. */
  async function writeNote(client: TestClient, fields: Record<string, string | string[]> = {}): Promise<{ response: LightMyRequestResponse; noteId: string; page: string }> {
    const page = (await client.get(notes('/new'))).body;
    const noteId = hiddenValue(page, 'noteId')!;
    const response = await client.post(
      notes(),
      { noteId, editSession: hiddenValue(page, 'editSession')!, baseRevision: hiddenValue(page, 'baseRevision')!, ...form(fields) },
      { csrf: csrfTokenIn(page) },
    );
    return { response, noteId, page };
  }

  async function autosave(client: TestClient, noteId: string, payload: unknown, csrf: string | undefined): Promise<LightMyRequestResponse> {
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return client.app.inject({
      method: 'POST',
      url: api(noteId),
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}), ...(cookie ? { cookie } : {}) },
      payload: JSON.stringify(payload),
    });
  }

  const content = (overrides: Record<string, unknown> = {}) => ({
    body: 'Typed on a phone in the meeting.',
    criteria: ['I2'],
    themes: [],
    polarity: 'strength',
    sourceKind: 'activity',
    activityId,
    caseId: null,
    surveyId: null,
    sourceDetail: '',
    ...overrides,
  });

  async function upload(client: TestClient, noteId: string, file: { name: string; content: Buffer } | undefined): Promise<LightMyRequestResponse> {
    const csrf = csrfTokenIn((await client.get(notes(`/${noteId}`))).body) ?? '';
    const boundary = `----send-inspect-${randomBytes(8).toString('hex')}`;
    const parts: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`)];
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file?.name ?? ''}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    if (file) parts.push(file.content);
    parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return client.app.inject({ method: 'POST', url: notes(`/${noteId}/attachments`), headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie }, payload: Buffer.concat(parts) });
  }

  before(async () => {
    t = await createTestApp(kind, { uploadMaxBytes: 64 * 1024 });
    fixture = await createEvidenceFixture(t.db);
    other = await createEvidenceFixture(t.db, '353');
    activityId = (await addFixtureActivity(t.db, fixture.inspectionId, { title: 'Meeting with SENCos' })).id;
    otherActivityId = (await addFixtureActivity(t.db, other.inspectionId, { title: 'Another area’s meeting' })).id;
    const imported = await addAcceptedImport(t.db, fixture, { count: 20, seed: 9 });
    trackedPerson = imported.people[0]!.personId;
    sample = await addFixtureSample(t.db, fixture, imported, { tracked: [trackedPerson], review: [imported.people[1]!.personId] });
    surveyId = (await createSurveys(t.db.kysely, fixture.inspectionId, fixture.leadActor))[0]!.id;
    const signIn = (user: { email: string; password: string }) => signedInClient(t.app, user);
    lead = await signIn(fixture.lead);
    inspector = await signIn(fixture.inspector);
    qaReader = await signIn(fixture.qaReader);
  });
  after(async () => {
    await t.close();
  });

  test('the new note form: body first, fresh ids, the framework’s criteria, themes, polarity and the inspection’s sources, with the script', async () => {
    const response = await inspector.get(notes('/new'));
    assert.equal(response.statusCode, 200);
    const html = decode(response.body);
    assert.match(hiddenValue(html, 'noteId')!, /^[0-9a-f-]{36}$/);
    assert.match(hiddenValue(html, 'editSession')!, /^[0-9a-f-]{36}$/);
    assert.equal(hiddenValue(html, 'baseRevision'), '0');
    assert.notEqual(hiddenValue(html, 'noteId'), hiddenValue((await inspector.get(notes('/new'))).body, 'noteId'), 'each load has its own note id');
    assert.ok(html.indexOf('name="body"') < html.indexOf('name="criteria"'), 'the body comes first');
    assert.ok(html.includes('I1: ') && html.includes('L6: '));
    for (const theme of THEMES) assert.ok(html.includes(`value="${theme.code}"`), theme.code);
    assert.equal(THEMES.length, 20);
    for (const p of ['strength', 'concern', 'neutral']) assert.ok(html.includes(`name="polarity" type="radio" value="${p}"`));
    assert.ok(html.includes('Meeting with SENCos'));
    assert.ok(!html.includes('Another area’s meeting'), 'only this inspection’s activities');
    assert.ok(html.includes(`Tracked child ${trackedPerson}`));
    assert.ok(html.includes('Parents and carers survey'));
    assert.match(html, /<script type="module" src="\/assets\/evidence-notes.js" nonce="[^"]+"><\/script>/);
    assert.match(html, /aria-live="polite"/);
    assert.ok(html.includes('Save and write another'));
  });

  test('the form opened from an activity, a child or a criterion has them chosen', async () => {
    let html = (await inspector.get(notes(`/new?activityId=${activityId}&criterion=L3`))).body;
    assert.ok(isChecked(html, 'sourceKind', 'activity'));
    assert.match(html, new RegExp(`<option value="${activityId}" selected>`));
    assert.ok(isChecked(html, 'criteria', 'L3'));
    html = (await inspector.get(notes(`/new?caseId=${sample.caseIds.get(trackedPerson)}`))).body;
    assert.ok(isChecked(html, 'sourceKind', 'tracked_case'));
  });

  test('the script is served', async () => {
    const response = await inspector.get('/assets/evidence-notes.js');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /javascript/);
  });

  test('without JavaScript: the form saves the note and shows it, with its source linked', async () => {
    const { response, noteId } = await writeNote(inspector);
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, notes(`/${noteId}`));
    const page = await inspector.get(notes(`/${noteId}`));
    assert.equal(page.statusCode, 200);
    const html = decode(page.body);
    assert.ok(html.includes('Note saved'));
    assert.ok(html.includes('Parents told us the wait for a speech and language assessment was over a year.'));
    assert.ok(html.includes(`href="/inspections/${fixture.inspectionId}/fieldwork/activities/${activityId}">Meeting with SENCos</a>`));
    assert.ok(html.includes(`href="${evidence('/criteria/L2')}"`));
    assert.ok(html.includes(THEMES[0]!.name));
    assert.ok(html.includes(fixture.inspector.displayName));
    assert.ok(html.includes('Concern'));
    const row = (await noteRow(noteId))!;
    assert.deepEqual(row.criteria, ['I1', 'L2']);
    const views = await t.db.kysely.selectFrom('audit_event').select('id').where('action', '=', 'evidence.view-note').where('subject_id', '=', noteId).execute();
    assert.equal(views.length, 1);
  });

  test('"Save and write another" gives a blank form for the same source, with a success banner', async () => {
    const { response, noteId } = await writeNote(inspector, { next: 'another' });
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, notes(`/new?activityId=${activityId}`));
    const next = decode((await inspector.get(String(response.headers.location))).body);
    assert.ok(next.includes('Note saved'));
    assert.equal(textareaValue(next), '');
    assert.notEqual(hiddenValue(next, 'noteId'), noteId);
    assert.ok(await noteRow(noteId));
  });

  test('bad input is shown with clear messages, the input kept, and nothing written', async () => {
    const before = await noteCount();
    let { response } = await writeNote(inspector, { body: '   ', polarity: '', sourceKind: '', criteria: ['L1'] });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(errorSummary(response.body), ['#body Enter the note', '#polarity Select whether the note is a strength, a concern or neither', '#sourceKind Select where the evidence came from']);
    assert.ok(isChecked(response.body, 'criteria', 'L1'), 'the ticks are kept');

    ({ response } = await writeNote(inspector, { criteria: ['A'], sourceKind: 'data', sourceDetail: '' }));
    assert.deepEqual(errorSummary(response.body), [
      '#criteria A is a criterion of the 2016 framework; this inspection is under the 2023 framework. Select criteria of the 2023 framework',
      '#sourceDetail Enter which data the evidence came from',
    ]);
    assert.equal(textareaValue(response.body), 'Parents told us the wait for a speech and language assessment was over a year.');

    ({ response } = await writeNote(inspector, { activityId: otherActivityId }));
    assert.deepEqual(errorSummary(response.body), ['#activityId Select an activity of this inspection: the one chosen is not one of its activities']);
    ({ response } = await writeNote(inspector, { sourceKind: 'tracked_case', activityId: '' }));
    assert.deepEqual(errorSummary(response.body), ['#trackedCaseId Select the tracked child the evidence came from']);
    ({ response } = await writeNote(inspector, { body: 'x'.repeat(10_001) }));
    assert.match(errorSummary(response.body)[0]!, /^#body The note must be 10,000 characters or fewer \(it has 10,001\)/);
    assert.equal(await noteCount(), before);
  });

  test('a data note and a survey note are saved with their sources', async () => {
    let { response, noteId } = await writeNote(inspector, { sourceKind: 'data', activityId: '', sourceDetail: 'SEN2 2025' });
    assert.equal(response.statusCode, 302);
    assert.equal((await noteRow(noteId))!.source_detail, 'SEN2 2025');
    ({ response, noteId } = await writeNote(inspector, { sourceKind: 'survey', surveyId, sourceDetail: 'typed before choosing survey' }));
    assert.equal(response.statusCode, 302);
    const row = (await noteRow(noteId))!;
    assert.equal(row.survey_id, surveyId);
    assert.equal(row.activity_id, null);
    assert.equal(row.source_detail, '', 'only data notes keep "which data"');
  });

  test('changing a note makes a new version; the history shows both and what changed', async () => {
    const { noteId } = await writeNote(inspector);
    const edit = await lead.get(notes(`/${noteId}/edit`));
    assert.equal(edit.statusCode, 200);
    assert.equal(hiddenValue(edit.body, 'baseRevision'), '1');
    assert.ok(isChecked(edit.body, 'criteria', 'L2') && isChecked(edit.body, 'polarity', 'concern'));
    const response = await lead.post(
      notes(`/${noteId}/edit`),
      { editSession: hiddenValue(edit.body, 'editSession')!, baseRevision: '1', ...form({ body: 'The lead’s rewrite.', criteria: ['I1', 'I3'], polarity: 'neutral' }) },
      { csrf: csrfTokenIn(edit.body) },
    );
    assert.equal(response.statusCode, 302);
    assert.equal(await versionCount(noteId), 2);
    const history = decode((await qaReader.get(notes(`/${noteId}/history`))).body);
    assert.ok(history.includes('Version 2') && history.includes('Version 1'));
    assert.ok(history.indexOf('Version 2') < history.indexOf('Version 1'), 'newest first');
    assert.ok(history.includes('The lead’s rewrite.') && history.includes('Parents told us the wait'));
    assert.ok(history.includes('Changed the text'));
    assert.ok(history.includes('Criteria added: I3. Criteria removed: L2'));
    assert.ok(history.includes('Changed to neither'));
    assert.ok(history.includes(fixture.lead.displayName));
  });

  test('a stale change shows both versions; "Save my version instead" saves it as a new version', async () => {
    const { noteId } = await writeNote(inspector);
    const leadEdit = await lead.get(notes(`/${noteId}/edit`));
    const inspectorEdit = await inspector.get(notes(`/${noteId}/edit`));
    const leadSaved = await lead.post(
      notes(`/${noteId}/edit`),
      { editSession: hiddenValue(leadEdit.body, 'editSession')!, baseRevision: '1', ...form({ body: 'The lead got there first.' }) },
      { csrf: csrfTokenIn(leadEdit.body) },
    );
    assert.equal(leadSaved.statusCode, 302);
    const stale = await inspector.post(
      notes(`/${noteId}/edit`),
      { editSession: hiddenValue(inspectorEdit.body, 'editSession')!, baseRevision: '1', ...form({ body: 'The inspector’s own words.' }) },
      { csrf: csrfTokenIn(inspectorEdit.body) },
    );
    assert.equal(stale.statusCode, 409);
    const html = decode(stale.body);
    assert.ok(html.includes('Someone else changed this note while you were editing it'));
    assert.ok(html.includes('The lead got there first.'));
    assert.ok(html.includes(`Saved by ${fixture.lead.displayName}`));
    assert.equal(textareaValue(stale.body), 'The inspector’s own words.');
    assert.ok(html.includes('Save my version instead'));
    assert.ok(html.includes(`href="${notes(`/${noteId}`)}" data-discard-draft>Keep their version</a>`));
    assert.equal(hiddenValue(html, 'baseRevision'), '2');
    assert.equal((await noteRow(noteId))!.body, 'The lead got there first.', 'nothing overwritten');

    const mine = await inspector.post(
      notes(`/${noteId}/edit`),
      { editSession: hiddenValue(html, 'editSession')!, baseRevision: hiddenValue(html, 'baseRevision')!, ...form({ body: textareaValue(stale.body) }) },
      { csrf: csrfTokenIn(stale.body) },
    );
    assert.equal(mine.statusCode, 302);
    assert.equal((await noteRow(noteId))!.body, 'The inspector’s own words.');
    assert.equal(await versionCount(noteId), 3);
  });

  test('the autosave: saved, repeated, amended, conflict, refused; a later full post of the same note amends it', async () => {
    const page = (await inspector.get(notes('/new'))).body;
    const csrf = csrfTokenIn(page);
    const noteId = hiddenValue(page, 'noteId')!;
    const editSession = hiddenValue(page, 'editSession')!;
    let response = await autosave(inspector, noteId, { content: content(), baseRevision: 0, editSession }, csrf);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'saved', revision: 1, version: 1 });
    // The answer was lost and the page sends it again.
    response = await autosave(inspector, noteId, { content: content(), baseRevision: 0, editSession }, csrf);
    assert.deepEqual(response.json(), { status: 'unchanged', revision: 1, version: 1 });
    response = await autosave(inspector, noteId, { content: content({ body: 'Typed on a phone in the meeting, and more.' }), baseRevision: 1, editSession }, csrf);
    assert.deepEqual(response.json(), { status: 'saved', revision: 2, version: 1 });

    response = await autosave(inspector, noteId, { content: content({ body: '' , polarity: 'sideways' }), baseRevision: 2, editSession }, csrf);
    assert.equal(response.statusCode, 422);
    assert.deepEqual(
      response.json().errors.map((e: { field: string }) => e.field),
      ['body', 'polarity'],
    );

    // The no-JavaScript post of the same form after the autosave amends the same note.
    const posted = await inspector.post(notes(), { noteId, editSession, baseRevision: '0', ...form({ body: 'Finished and posted.' }) }, { csrf });
    assert.equal(posted.statusCode, 302);
    assert.equal(await versionCount(noteId), 1);
    assert.equal((await noteRow(noteId))!.body, 'Finished and posted.');
    assert.equal((await t.db.kysely.selectFrom('evidence_note').select('id').where('id', '=', noteId).execute()).length, 1);

    // Another page, started from revision 1, is told of the conflict and writes nothing.
    const leadCsrf = csrfTokenIn((await lead.get(notes('/new'))).body);
    response = await autosave(lead, noteId, { content: content({ body: 'The lead’s stale page.' }), baseRevision: 1, editSession: randomUUID() }, leadCsrf);
    assert.equal(response.statusCode, 409);
    const conflict = response.json();
    assert.equal(conflict.status, 'conflict');
    assert.equal(conflict.current.content.body, 'Finished and posted.');
    assert.equal(conflict.current.updatedBy, fixture.inspector.displayName);
    assert.equal(conflict.editUrl, notes(`/${noteId}/edit`));
    assert.equal((await noteRow(noteId))!.body, 'Finished and posted.');
  });

  test('the autosave answers a signed-out page with JSON 401, and a request without the CSRF token with JSON 403', async () => {
    const noteId = randomUUID();
    const stranger = new TestClient(t.app);
    let response = await autosave(stranger, noteId, { content: content(), baseRevision: 0, editSession: randomUUID() }, 'anything');
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().status, 'signed-out');
    assert.equal(response.headers.location, undefined);

    const client = new TestClient(t.app);
    await signInWithPassword(client, fixture.inspector.email, fixture.inspector.password);
    response = await autosave(client, noteId, { content: content(), baseRevision: 0, editSession: randomUUID() }, undefined);
    assert.equal(response.statusCode, 403);
    assert.ok(response.json().error);
    // A fresh token from the API lets the page go on.
    const token = (await client.get(evidence('/api/csrf-token'), { accept: 'application/json' })).json().token;
    response = await autosave(client, noteId, { content: content(), baseRevision: 0, editSession: randomUUID() }, token);
    assert.equal(response.statusCode, 200);

    // Signed out since: the page's next save hears it as JSON.
    const signOutCsrf = csrfTokenIn((await client.get(notes('/new'))).body) ?? '';
    await client.post('/sign-out', {}, { csrf: signOutCsrf });
    response = await autosave(client, randomUUID(), { content: content(), baseRevision: 0, editSession: randomUUID() }, token);
    assert.equal(response.statusCode, 401);
    assert.equal((await client.get(evidence('/api/csrf-token'))).statusCode, 401);
  });

  test('who may use the pages: the QA reader reads but does not write; notes of another inspection are not found', async () => {
    const { noteId } = await writeNote(inspector);
    const view = await qaReader.get(notes(`/${noteId}`));
    assert.equal(view.statusCode, 200);
    assert.ok(!view.body.includes('Change this note'));
    assert.ok(!view.body.includes('Attach file'));
    assert.equal((await qaReader.get(notes('/new'))).statusCode, 403);
    assert.equal((await qaReader.get(notes(`/${noteId}/edit`))).statusCode, 403);
    const otherNote = await addFixtureNote(t.db, other.inspectionId, { activityId: otherActivityId, sourceKind: 'activity' });
    assert.equal((await lead.get(notes(`/${otherNote.id}`))).statusCode, 404);
    assert.equal((await lead.get(notes(`/${otherNote.id}/edit`))).statusCode, 404);
    assert.equal((await lead.get(notes(`/${otherNote.id}/history`))).statusCode, 404);
    assert.equal((await lead.get(notes('/not-a-note'))).statusCode, 404);
  });

  test('attachments: uploaded, listed, downloaded with a record; too large or the wrong kind refused with nothing kept', async () => {
    const { noteId } = await writeNote(inspector);
    let response = await upload(inspector, noteId, { name: 'agenda.pdf', content: PDF });
    assert.equal(response.statusCode, 302);
    const page = decode((await inspector.get(notes(`/${noteId}`))).body);
    assert.ok(page.includes('File attached'));
    const href = /href="([^"]+\/attachments\/[^"]+)">agenda.pdf<\/a>/.exec(page)?.[1];
    assert.ok(href, 'a download link');
    const download = await qaReader.get(href);
    assert.equal(download.statusCode, 200);
    assert.match(String(download.headers['content-disposition']), /attachment; filename="agenda.pdf"/);
    assert.deepEqual(download.rawPayload, PDF);
    const downloads = await t.db.kysely.selectFrom('audit_event').select('id').where('action', '=', 'evidence.view-note-attachment').where('subject_id', '=', noteId).execute();
    assert.equal(downloads.length, 1);

    const files = await storedFiles();
    response = await upload(inspector, noteId, { name: 'virus.exe', content: Buffer.from('MZ not a document') });
    assert.equal(response.statusCode, 400);
    assert.ok(decode(response.body).includes('“virus.exe” is not a kind of file we accept'));
    response = await upload(inspector, noteId, { name: 'huge.pdf', content: Buffer.concat([PDF, Buffer.alloc(70 * 1024)]) });
    assert.equal(response.statusCode, 400);
    assert.match(decode(response.body), /“huge.pdf” is larger than 64 KB/);
    response = await upload(inspector, noteId, undefined);
    assert.deepEqual(errorSummary(response.body), ['#file Choose a file to attach']);
    assert.equal(await storedFiles(), files);
    assert.equal((await upload(qaReader, noteId, { name: 'agenda.pdf', content: PDF })).statusCode, 403);
  });
});
