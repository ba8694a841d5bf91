// HTTP tests of the evidence notes list and the exports on both databases: who may use them, search
// and filters through the GET form, highlighting, paging, the empty state, bad filter values kept
// with plain errors, and the downloads with their file names.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { CasesFixture } from '../cases/case-test-support.ts';
import { signInWithPassword, signedInClient } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { readXlsxRows } from '../platform/render/xlsx.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { addFixtureActivity, addFixtureNote, addManyFixtureNotes, createEvidenceFixture } from './evidence-test-support.ts';

function decode(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

function errorSummary(html: string): string[] {
  const start = html.indexOf('govuk-error-summary__list');
  if (start < 0) return [];
  const list = html.slice(start, html.indexOf('</ul>', start));
  return [...list.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${decode(m[2]!)}`);
}

/** The note pages linked from the results, in order. */
function noteLinks(html: string, inspectionId: string): string[] {
  return [...html.matchAll(new RegExp(`href="/inspections/${inspectionId}/evidence/notes/([0-9a-f-]{36})"`, 'g'))].map((m) => m[1]!);
}

function countLine(html: string): string {
  return decode(/<h2 class="govuk-heading-m" id="note-count"[^>]*>([^<]*)<\/h2>/.exec(html)?.[1] ?? '');
}

describeEachDatabase('evidence notes list and exports', (kind) => {
  let t: TestApp;
  let fixture: CasesFixture;
  let other: CasesFixture;
  let reference: string;
  let lead: TestClient;
  let inspector: TestClient;
  let qaReader: TestClient;
  let officer: TestClient;
  const ids: Record<string, string> = {};

  const path = (rest = '') => `/inspections/${fixture.inspectionId}/evidence${rest}`;

  before(async () => {
    t = await createTestApp(kind);
    fixture = await createEvidenceFixture(t.db);
    other = await createEvidenceFixture(t.db, '353');
    reference = (await t.db.kysely.selectFrom('inspection').select('reference').where('id', '=', fixture.inspectionId).executeTakeFirstOrThrow()).reference;
    const activity = await addFixtureActivity(t.db, fixture.inspectionId, { title: 'Parent webinar', kind: 'parent_webinar', heldOn: '2026-11-24' });
    ids.therapy = (
      await addFixtureNote(t.db, fixture.inspectionId, {
        body: 'Parents said therapy waits are long <script>alert(1)</script> and nobody calls back.',
        criteria: ['I2'],
        themes: ['THERAPY_WAITS'],
        polarity: 'concern',
        sourceKind: 'activity',
        activityId: activity.id,
        createdAt: '2026-11-24T10:00:00Z',
      })
    ).id;
    ids.strength = (
      await addFixtureNote(t.db, fixture.inspectionId, {
        body: 'Leaders have a clear strategy, shaped with families.',
        criteria: ['L1'],
        themes: ['COPRODUCTION'],
        polarity: 'strength',
        author: { id: fixture.inspector.userId, label: fixture.inspector.email },
        createdAt: '2026-11-24T11:00:00Z',
      })
    ).id;
    ids.other = (await addFixtureNote(t.db, other.inspectionId, { body: 'Therapy waits are long elsewhere too.' })).id;
    const signIn = (user: { email: string; password: string }) => signedInClient(t.app, user);
    lead = await signIn(fixture.lead);
    inspector = await signIn(fixture.inspector);
    qaReader = await signIn(fixture.qaReader);
    officer = await signIn(fixture.officer);
  });
  after(async () => {
    await t.close();
  });

  test('the team and the QA reader see the notes, newest first; the area is refused', async () => {
    for (const client of [lead, inspector, qaReader]) {
      const page = await client.get(path('/notes'));
      assert.equal(page.statusCode, 200);
      assert.deepEqual(noteLinks(page.body, fixture.inspectionId), [ids.strength, ids.therapy]);
      assert.equal(countLine(page.body), '2 notes.');
    }
    assert.equal((await officer.get(path('/notes'))).statusCode, 403);
    // A person not on this inspection's team is told nothing exists.
    assert.equal((await lead.get(`/inspections/${other.inspectionId}/evidence/notes`)).statusCode, 404);
  });

  test('a search shows highlighted, escaped snippets and the number that match', async () => {
    const page = await lead.get(path('/notes?q=therapies'));
    assert.equal(page.statusCode, 200);
    assert.deepEqual(noteLinks(page.body, fixture.inspectionId), [ids.therapy]);
    assert.equal(countLine(page.body), '1 note matches: containing “therapies”.');
    assert.match(page.body, /<mark>therapy<\/mark>/);
    assert.doesNotMatch(page.body, /<script>alert/);
    assert.ok(page.body.includes('Source: Parent and carer webinar: Parent webinar, 24 November 2026'));
    assert.match(page.body, /value="therapies"/);
    const audit = await t.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'evidence.view-notes').where('actor_user_id', '=', fixture.lead.userId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual((audit.details as { filter: unknown }).filter, { q: 'therapies', page: 1 });
  });

  test('filters narrow the list, keep their choices, and show counts', async () => {
    const page = await lead.get(path(`/notes?polarity=strength&author=${fixture.inspector.userId}&criterion=l1`));
    assert.equal(page.statusCode, 200);
    assert.deepEqual(noteLinks(page.body, fixture.inspectionId), [ids.strength]);
    assert.match(page.body, /<option value="strength" selected>Strength \(1\)<\/option>/);
    assert.match(page.body, /<option value="L1" selected>L1: [^<]+ \(1\)<\/option>/);
    assert.match(page.body, new RegExp(`<option value="${fixture.inspector.userId}" selected>`));
    assert.match(countLine(page.body), /^1 note matches: strengths, tagged L1 \(.+\), written by .+\.$/);
    const theme = await lead.get(path('/notes?theme=THERAPY_WAITS&source=activity'));
    assert.deepEqual(noteLinks(theme.body, fixture.inspectionId), [ids.therapy]);
  });

  test('no match: a clear message and a way back to every note', async () => {
    const page = await lead.get(path('/notes?q=helicopter'));
    assert.equal(page.statusCode, 200);
    assert.equal(countLine(page.body), 'No notes match: containing “helicopter”.');
    assert.ok(page.body.includes('see every note'));
    assert.deepEqual(noteLinks(page.body, fixture.inspectionId), []);
  });

  test('bad filter values: an error summary naming each, the values kept, and no 500', async () => {
    const long = 'x'.repeat(201);
    const page = await lead.get(path(`/notes?q=${long}&criterion=A&theme=NOPE&polarity=great&source=rumour&author=someone&page=0`));
    assert.equal(page.statusCode, 400);
    assert.deepEqual(errorSummary(page.body), [
      '#q Search words must be 200 characters or fewer: you typed 201',
      '#criterion "A" is not a criterion of this inspection’s framework. Choose one from the list',
      '#theme "NOPE" is not a theme. Choose one from the list',
      '#polarity Choose strength, concern or neither from the list',
      '#source "rumour" is not a kind of source. Choose one from the list',
      '#author Choose an author from the list: nobody by that id has written notes on this inspection',
      '#page The page number must be a whole number from 1 to 10,000',
    ]);
    assert.ok(page.body.includes(`value="${long}"`));
    assert.match(page.body, /<option value="rumour" selected>rumour \(not one of the choices\)<\/option>/);
    assert.deepEqual(noteLinks(page.body, fixture.inspectionId), []);
    // A repeated parameter takes its first value rather than failing.
    assert.equal((await lead.get(path('/notes?polarity=concern&polarity=strength'))).statusCode, 200);
  });

  test('pages of 25 with GOV.UK pagination that keeps the filters', async () => {
    const many = await createEvidenceFixture(t.db, '354');
    await addManyFixtureNotes(t.db, many.inspectionId, 80, 4);
    const client = new TestClient(t.app);
    await signInWithPassword(client, many.lead.email, many.lead.password);
    const first = await client.get(`/inspections/${many.inspectionId}/evidence/notes`);
    assert.equal(noteLinks(first.body, many.inspectionId).length, 25);
    assert.equal(countLine(first.body), '80 notes. Showing 1 to 25.');
    assert.match(first.body, /govuk-pagination/);
    const concerns = await client.get(`/inspections/${many.inspectionId}/evidence/notes?polarity=concern`);
    const total = Number(/^(\d+) notes match/.exec(countLine(concerns.body))?.[1]);
    assert.ok(total > 25, `enough concerns to page: ${total}`);
    assert.ok(concerns.body.includes(`/inspections/${many.inspectionId}/evidence/notes?polarity=concern&amp;page=2`));
    const fourth = await client.get(`/inspections/${many.inspectionId}/evidence/notes?page=4`);
    assert.equal(noteLinks(fourth.body, many.inspectionId).length, 5);
    assert.equal(countLine(fourth.body), '80 notes. Showing 76 to 80.');
    const past = await client.get(`/inspections/${many.inspectionId}/evidence/notes?page=9`);
    assert.equal(past.statusCode, 200);
    assert.equal(countLine(past.body), '80 notes. There are no notes on page 9: there are 4 pages.');
  });

  test('exports: leads download CSV and XLSX named after the inspection; inspectors and the QA reader may not', async () => {
    const csv = await lead.get(path('/export.csv'));
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.headers['content-disposition'], `attachment; filename="${reference}-evidence.csv"`);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const rows = parse(csv.rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(new Set(rows.map((r) => r['Note id'])), new Set([ids.therapy, ids.strength]));
    const xlsx = await lead.get(path('/export.xlsx'));
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.headers['content-disposition'], `attachment; filename="${reference}-evidence.xlsx"`);
    const sheetRows: string[][] = [];
    for await (const row of readXlsxRows(xlsx.rawPayload, 1)) sheetRows.push(row.cells);
    assert.equal(sheetRows[1]![2], 'Parent webinar');
    assert.equal((await inspector.get(path('/export.csv'))).statusCode, 403);
    assert.equal((await qaReader.get(path('/export.xlsx'))).statusCode, 403);
    assert.equal((await officer.get(path('/export.csv'))).statusCode, 403);
    const audit = await t.db.kysely.selectFrom('audit_event').select('details').where('action', '=', 'evidence.view-export').where('actor_user_id', '=', fixture.lead.userId).execute();
    assert.equal(audit.length, 2);
  });

  test('the list offers the downloads to leads only', async () => {
    const forLead = await lead.get(path('/notes'));
    assert.ok(forLead.body.includes(path('/export.csv')));
    const forInspector = await inspector.get(path('/notes'));
    assert.ok(!forInspector.body.includes(path('/export.csv')));
    assert.ok(forInspector.body.includes(path('/notes/new')));
    const forQa = await qaReader.get(path('/notes'));
    assert.ok(!forQa.body.includes(path('/notes/new')));
  });
});
