// The evidence export on both databases: the CSV parses back to every note with its source, people
// and files; the XLSX has the notes and the activities; formulas are neutralised; only this
// inspection's evidence; thousands of notes stream through in batches; each export is audited.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { addAcceptedImport, addFixtureSample, type CasesFixture } from '../cases/case-test-support.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { readXlsxRows } from '../platform/render/xlsx.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { NOTE_EXPORT_COLUMNS, ACTIVITY_EXPORT_COLUMNS } from './evidence-export.ts';
import { exportEvidence, prepareEvidenceExport } from './evidence-export.service.ts';
import { addFixtureActivity, addFixtureNote, addManyFixtureNotes, createEvidenceFixture } from './evidence-test-support.ts';

async function collect(write: (stream: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await write(stream);
  return Buffer.concat(chunks);
}

function csvRows(buffer: Buffer): Record<string, string>[] {
  return parse(buffer, { bom: true, columns: true }) as Record<string, string>[];
}

async function xlsxSheet(buffer: Buffer, index: number): Promise<Record<string, string>[]> {
  const rows: string[][] = [];
  for await (const row of readXlsxRows(buffer, index)) rows.push(row.cells);
  const [head, ...body] = rows;
  return body.map((cells) => Object.fromEntries(head!.map((h, i) => [h, cells[i] ?? ''])));
}

describeEachDatabase('evidence export', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;
  let other: CasesFixture;
  let reference: string;
  let visitId: string;
  const ids: Record<string, string> = {};

  before(async () => {
    fixture = await createEvidenceFixture(db);
    other = await createEvidenceFixture(db, '353');
    reference = (await db.kysely.selectFrom('inspection').select('reference').where('id', '=', fixture.inspectionId).executeTakeFirstOrThrow()).reference;
    const imported = await addAcceptedImport(db, fixture, { count: 20, seed: 5 });
    const people = imported.people.map((p) => p.personId);
    const sample = await addFixtureSample(db, fixture, imported, { tracked: [people[0]!, people[2]!], review: [people[1]!] });
    visitId = (
      await addFixtureActivity(db, fixture.inspectionId, {
        kind: 'setting_visit',
        title: 'Oak Primary',
        settingType: 'primary',
        urn: '123456',
        heldOn: '2026-11-25',
        startsAt: '09:30',
        endsAt: '11:00',
        place: 'Oak Lane',
        inspectorIds: [fixture.inspector.userId, fixture.lead.userId],
        participants: { education_staff: 3, children_young_people: 5 },
      })
    ).id;
    await addFixtureActivity(db, fixture.inspectionId, { title: 'Early meeting', heldOn: '2026-11-23', participants: { leaders: 2 } });
    await addFixtureActivity(db, other.inspectionId, { title: 'Not ours' });
    ids.visit = (
      await addFixtureNote(db, fixture.inspectionId, {
        body: 'Pupils with EHC plans are well supported.\nStaff know them well.',
        criteria: ['I2', 'L1'],
        themes: ['MAINSTREAM_INCLUSION', 'EHCP_QUALITY'],
        polarity: 'strength',
        sourceKind: 'activity',
        activityId: visitId,
        author: { id: fixture.inspector.userId, label: fixture.inspector.email },
        updatedBy: { id: fixture.lead.userId, label: fixture.lead.email },
        createdAt: '2026-11-25T10:00:00Z',
        updatedAt: '2026-11-25T12:30:00Z',
      })
    ).id;
    await db.kysely.updateTable('evidence_note').set({ version: 2 }).where('id', '=', ids.visit).execute();
    const file = await db.kysely
      .insertInto('stored_file')
      .values({ inspection_id: fixture.inspectionId, file_name: 'visit-notes.pdf', content_type: 'application/pdf', size_bytes: 4, sha256: 'x'.repeat(64), content: Buffer.from('%PDF'), uploaded_by: fixture.inspector.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.kysely.insertInto('evidence_note_file').values({ note_id: ids.visit, file_id: file.id, added_by: fixture.inspector.userId, added_by_label: fixture.inspector.email }).execute();
    ids.formula = (
      await addFixtureNote(db, fixture.inspectionId, {
        body: '=HYPERLINK("http://example.test","click")',
        polarity: 'concern',
        sourceKind: 'tracked_case',
        caseId: sample.caseIds.get(people[2]!)!,
        createdAt: '2026-11-24T09:00:00Z',
      })
    ).id;
    ids.data = (await addFixtureNote(db, fixture.inspectionId, { body: 'Timeliness is low.', sourceDetail: 'SEN2', createdAt: '2026-11-23T09:00:00Z' })).id;
    ids.other = (await addFixtureNote(db, other.inspectionId, { body: 'Another area’s note' })).id;
  });

  test('the CSV parses back to every note of the inspection, oldest first, with its source, people and files', async () => {
    const buffer = await collect((stream) => exportEvidence(db.kysely, fixture.inspectionId, 'csv', stream, fixture.leadActor));
    const rows = csvRows(buffer);
    assert.deepEqual(Object.keys(rows[0]!), NOTE_EXPORT_COLUMNS.map((c) => c.header));
    assert.deepEqual(rows.map((r) => r['Note id']), [ids.data, ids.formula, ids.visit]);
    const visit = rows[2]!;
    assert.equal(visit['Created'], '2026-11-25 10:00');
    assert.equal(visit['Last edited'], '2026-11-25 12:30');
    assert.equal(visit['Version'], '2');
    assert.equal(visit['Polarity'], 'Strength');
    assert.equal(visit['Source kind'], 'Fieldwork activity');
    assert.equal(visit['Source'], 'Setting visit: Oak Primary, 25 November 2026');
    assert.equal(visit['Criteria'], 'I2; L1');
    assert.equal(visit['Themes'], 'MAINSTREAM_INCLUSION; EHCP_QUALITY');
    assert.equal(visit['Note'], 'Pupils with EHC plans are well supported.\nStaff know them well.');
    assert.equal(visit['Attachments'], 'visit-notes.pdf');
    const names = await db.kysely.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', [fixture.inspector.userId, fixture.lead.userId]).execute();
    const nameOf = (id: string) => names.find((n) => n.id === id)!.display_name;
    assert.equal(visit['Author'], nameOf(fixture.inspector.userId));
    assert.equal(visit['Last edited by'], nameOf(fixture.lead.userId));
    assert.match(rows[1]!['Source']!, /^Tracked child 2 \(.+\)$/);
    assert.equal(rows[0]!['Source'], 'Performance data: SEN2');
  });

  test('a note starting with "=" is neutralised: an apostrophe in the CSV, plain text in the XLSX', async () => {
    const csv = csvRows(await collect((stream) => exportEvidence(db.kysely, fixture.inspectionId, 'csv', stream, fixture.leadActor)));
    assert.equal(csv.find((r) => r['Note id'] === ids.formula)!['Note'], `'=HYPERLINK("http://example.test","click")`);
    const xlsx = await collect((stream) => exportEvidence(db.kysely, fixture.inspectionId, 'xlsx', stream, fixture.leadActor));
    const notes = await xlsxSheet(xlsx, 0);
    assert.equal(notes.find((r) => r['Note id'] === ids.formula)!['Note'], '=HYPERLINK("http://example.test","click")');
  });

  test('the XLSX has the notes sheet and the activities sheet, in timetable order with counts per group', async () => {
    const buffer = await collect((stream) => exportEvidence(db.kysely, fixture.inspectionId, 'xlsx', stream, fixture.leadActor));
    const notes = await xlsxSheet(buffer, 0);
    assert.deepEqual(notes.map((r) => r['Note id']), [ids.data, ids.formula, ids.visit]);
    const activities = await xlsxSheet(buffer, 1);
    assert.deepEqual(Object.keys(activities[0]!), ACTIVITY_EXPORT_COLUMNS.map((c) => c.header));
    assert.deepEqual(activities.map((a) => a['Title']), ['Early meeting', 'Oak Primary']);
    const visit = activities[1]!;
    assert.equal(visit['Activity id'], visitId);
    assert.equal(visit['Kind'], 'Setting visit');
    assert.equal(visit['Setting type'], 'Primary school');
    assert.equal(visit['URN'], '123456');
    assert.equal(visit['Date'], '2026-11-25');
    assert.deepEqual([visit['Start'], visit['End'], visit['Place']], ['09:30', '11:00', 'Oak Lane']);
    assert.equal(visit['Inspectors']!.split('; ').length, 2);
    assert.equal(visit['Education staff'], '3');
    assert.equal(visit['Children and young people'], '5');
    assert.equal(visit['Parents and carers'], '0');
    assert.equal(activities[0]!['Leaders'], '2');
  });

  test('each export is audited with its format and the number of notes; the file is named after the inspection', async () => {
    const prepared = await prepareEvidenceExport(db.kysely, fixture.inspectionId, 'xlsx', fixture.leadActor, { requestId: 'req-export' });
    assert.equal(prepared.fileName, `${reference}-evidence.xlsx`);
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('request_id', '=', 'req-export').executeTakeFirstOrThrow();
    assert.deepEqual([audit.action, audit.actor_user_id, audit.inspection_id, audit.la_code], ['evidence.view-export', fixture.lead.userId, fixture.inspectionId, '352']);
    assert.deepEqual(audit.details, { format: 'xlsx', notes: 3 });
  });

  test('thousands of notes stream through in batches, each exactly once', async () => {
    const big = await createEvidenceFixture(db, '354');
    const created = await addManyFixtureNotes(db, big.inspectionId, 1_234, 9);
    const buffer = await collect((stream) => exportEvidence(db.kysely, big.inspectionId, 'csv', stream, big.leadActor));
    const rows = csvRows(buffer);
    assert.equal(rows.length, 1_234);
    assert.deepEqual(new Set(rows.map((r) => r['Note id'])), new Set(created));
    const created_ = rows.map((r) => r['Created']!);
    assert.deepEqual(created_, [...created_].sort());
  });
});
