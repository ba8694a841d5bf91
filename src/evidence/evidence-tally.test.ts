// The evidence tally against both databases: after creates, changes of criteria, polarity and
// source, body-only autosaves, conflicts and concurrent saves, it equals the notes counted afresh;
// fixtures keep it right; retention clears it. And the pure rule of what a save changes.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import type { CasesFixture } from '../cases/case-test-support.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import type { NoteContent, NoteSave } from './evidence-note.ts';
import { saveNote, type SaveOutcome } from './evidence-note.service.ts';
import { deleteEvidence } from './evidence-retention.repository.ts';
import { countTallyFromNotes, recountTally, selectTally, type TallyRow } from './evidence-tally.repository.ts';
import { tallyChanges } from './evidence-tally.ts';
import { addFixtureActivity, addFixtureNote, addManyFixtureNotes, createEvidenceFixture, fixtureNoteContent } from './evidence-test-support.ts';

const sorted = (rows: TallyRow[]) =>
  rows
    .filter((r) => r.n > 0)
    .map((r) => `${r.criterion}|${r.source_kind}|${r.polarity}|${r.n}`)
    .sort();

describeEachDatabase('evidence tally', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;
  let activityId: string;

  const content = (overrides: Partial<NoteContent> = {}): NoteContent => fixtureNoteContent(activityId, overrides);
  const save = (overrides: Partial<NoteContent>, baseRevision: number, editSession: string): NoteSave => ({ content: content(overrides), baseRevision, editSession });
  const saveAs = (noteId: string, overrides: Partial<NoteContent>, baseRevision: number, editSession: string) =>
    saveNote(db.kysely, fixture.inspectionId, noteId, save(overrides, baseRevision, editSession), fixture.inspectorActor);

  function revisionOf(outcome: SaveOutcome): number {
    assert.notEqual(outcome.status, 'conflict', JSON.stringify(outcome));
    return (outcome as { revision: number }).revision;
  }

  async function tallyOf(inspectionId: string): Promise<string[]> {
    return sorted(await selectTally(db.kysely, inspectionId));
  }

  async function assertTallyExact(inspectionId: string): Promise<void> {
    assert.deepEqual(await tallyOf(inspectionId), sorted(await countTallyFromNotes(db.kysely, inspectionId)));
  }

  /** Every tally row, zeros included, to see whether a save touched it. */
  const rawTally = (inspectionId: string) =>
    db.kysely.selectFrom('evidence_tally').selectAll().where('inspection_id', '=', inspectionId).orderBy('criterion').orderBy('source_kind').orderBy('polarity').execute();

  before(async () => {
    fixture = await createEvidenceFixture(db);
    activityId = (await addFixtureActivity(db, fixture.inspectionId, { title: 'Meeting with SENCos' })).id;
  });

  test('each kind of save keeps the tally equal to the notes counted afresh', async () => {
    const id = randomUUID();
    const session = randomUUID();
    let revision = revisionOf(await saveAs(id, {}, 0, session));
    assert.deepEqual(await tallyOf(fixture.inspectionId), ['I1|activity|concern|1', 'L2|activity|concern|1']);

    // The same session changes the criteria (an amendment of version 1).
    revision = revisionOf(await saveAs(id, { criteria: ['L2', 'I3'] }, revision, session));
    assert.deepEqual(await tallyOf(fixture.inspectionId), ['I3|activity|concern|1', 'L2|activity|concern|1']);
    await assertTallyExact(fixture.inspectionId);

    // A new session changes the polarity (a new version).
    const second = randomUUID();
    revision = revisionOf(await saveAs(id, { criteria: ['L2', 'I3'], polarity: 'strength' }, revision, second));
    assert.deepEqual(await tallyOf(fixture.inspectionId), ['I3|activity|strength|1', 'L2|activity|strength|1']);

    // The source changes to performance data.
    revision = revisionOf(await saveAs(id, { criteria: ['L2', 'I3'], polarity: 'strength', sourceKind: 'data', activityId: null, sourceDetail: 'SEN2 returns' }, revision, second));
    assert.deepEqual(await tallyOf(fixture.inspectionId), ['I3|data|strength|1', 'L2|data|strength|1']);
    await assertTallyExact(fixture.inspectionId);

    // An autosave of the body alone leaves the tally's rows untouched.
    const rowsBefore = await rawTally(fixture.inspectionId);
    const dataContent = { criteria: ['L2', 'I3'], polarity: 'strength' as const, sourceKind: 'data' as const, activityId: null, sourceDetail: 'SEN2 returns' };
    revision = revisionOf(await saveAs(id, { ...dataContent, body: 'Timeliness has improved this year.' }, revision, second));
    assert.deepEqual(await rawTally(fixture.inspectionId), rowsBefore);

    // A conflicting save from a stale page writes nothing.
    const conflict = await saveAs(id, { ...dataContent, criteria: ['I1'], polarity: 'concern' }, 1, randomUUID());
    assert.equal(conflict.status, 'conflict');
    assert.deepEqual(await rawTally(fixture.inspectionId), rowsBefore);

    // A second note on an overlapping criterion adds to the same count.
    revisionOf(await saveAs(randomUUID(), { ...dataContent, criteria: ['I3'] }, 0, randomUUID()));
    assert.deepEqual(await tallyOf(fixture.inspectionId), ['I3|data|strength|2', 'L2|data|strength|1']);
    await assertTallyExact(fixture.inspectionId);
    assert.ok(revision > 1);
  });

  test('twenty saves at once, on overlapping criteria, keep the tally exact', async () => {
    const inspection = await createEvidenceFixture(db, '353');
    const meeting = (await addFixtureActivity(db, inspection.inspectionId)).id;
    const criteriaSets = [['I1', 'I2', 'I3'], ['I3', 'I2'], ['I2', 'L1'], ['L1', 'I1', 'I3'], ['I3']];
    const polarities = ['strength', 'concern', 'neutral'] as const;
    const contentFor = (i: number): NoteContent => ({ ...content({ activityId: meeting }), criteria: criteriaSets[i % criteriaSets.length]!, polarity: polarities[i % 3]! });
    // Ten notes to change, then twenty saves at once: ten changes of those notes and ten new notes.
    const existing: { id: string; revision: number }[] = [];
    for (let i = 0; i < 10; i++) {
      const id = randomUUID();
      const outcome = await saveNote(db.kysely, inspection.inspectionId, id, { content: contentFor(i), baseRevision: 0, editSession: randomUUID() }, inspection.inspectorActor);
      existing.push({ id, revision: revisionOf(outcome) });
    }
    const outcomes = await Promise.all([
      ...existing.map((note, i) =>
        saveNote(db.kysely, inspection.inspectionId, note.id, { content: contentFor(i + 2), baseRevision: note.revision, editSession: randomUUID() }, inspection.leadActor),
      ),
      ...Array.from({ length: 10 }, (_, i) =>
        saveNote(db.kysely, inspection.inspectionId, randomUUID(), { content: contentFor(i + 1), baseRevision: 0, editSession: randomUUID() }, inspection.inspectorActor),
      ),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      Array.from({ length: 20 }, () => 'saved'),
    );
    await assertTallyExact(inspection.inspectionId);
    const total = (await selectTally(db.kysely, inspection.inspectionId)).reduce((sum, r) => sum + r.n, 0);
    const expected = [...existing.map((_, i) => contentFor(i + 2)), ...Array.from({ length: 10 }, (_, i) => contentFor(i + 1))].reduce((sum, c) => sum + c.criteria.length, 0);
    assert.equal(total, expected);
  });

  test('fixture notes are counted, and a tally gone wrong is put right by counting again', async () => {
    const inspection = await createEvidenceFixture(db, '354');
    await addFixtureNote(db, inspection.inspectionId, { criteria: ['I2', 'L3'], polarity: 'strength', sourceKind: 'data' });
    await addManyFixtureNotes(db, inspection.inspectionId, 300, 7);
    await assertTallyExact(inspection.inspectionId);
    const total = (await selectTally(db.kysely, inspection.inspectionId)).reduce((sum, r) => sum + r.n, 0);
    const tagged = (await db.kysely.selectFrom('evidence_note').select('criteria').where('inspection_id', '=', inspection.inspectionId).execute()).reduce((sum, n) => sum + n.criteria.length, 0);
    assert.equal(total, tagged);

    await db.kysely.updateTable('evidence_tally').set({ note_count: 999 }).where('inspection_id', '=', inspection.inspectionId).execute();
    await db.kysely.insertInto('evidence_tally').values({ inspection_id: inspection.inspectionId, criterion: 'Z9', source_kind: 'data', polarity: 'neutral', note_count: 4 }).execute();
    await recountTally(db.kysely, inspection.inspectionId);
    await assertTallyExact(inspection.inspectionId);
    assert.ok(!(await tallyOf(inspection.inspectionId)).some((row) => row.startsWith('Z9|')));
  });

  test('retention deletes the tally with the notes, and leaves other inspections’ alone', async () => {
    const inspection = await createEvidenceFixture(db, '355');
    await addManyFixtureNotes(db, inspection.inspectionId, 40, 3);
    assert.ok((await tallyOf(inspection.inspectionId)).length > 0);
    const others = await tallyOf(fixture.inspectionId);
    await db.kysely.transaction().execute((trx) => deleteEvidence(trx, inspection.inspectionId));
    assert.deepEqual(await rawTally(inspection.inspectionId), []);
    assert.deepEqual(await tallyOf(fixture.inspectionId), others);
  });
});

describe('what a save changes in the tally', () => {
  const note = { criteria: ['I1', 'L2'], sourceKind: 'activity', polarity: 'concern' } as const;

  test('a new note adds one under each criterion, in criterion, source, polarity order', () => {
    assert.deepEqual(tallyChanges(undefined, { ...note, criteria: ['L2', 'I1', 'I1'] }), [
      { criterion: 'I1', sourceKind: 'activity', polarity: 'concern', change: 1 },
      { criterion: 'L2', sourceKind: 'activity', polarity: 'concern', change: 1 },
    ]);
  });

  test('a change of body only, or of criteria order, changes nothing', () => {
    assert.deepEqual(tallyChanges(note, { ...note }), []);
    assert.deepEqual(tallyChanges(note, { ...note, criteria: ['L2', 'I1'] }), []);
  });

  test('a change of criteria moves only the criteria that changed; polarity or source moves them all', () => {
    assert.deepEqual(tallyChanges(note, { ...note, criteria: ['I1', 'I3'] }), [
      { criterion: 'I3', sourceKind: 'activity', polarity: 'concern', change: 1 },
      { criterion: 'L2', sourceKind: 'activity', polarity: 'concern', change: -1 },
    ]);
    assert.deepEqual(tallyChanges(note, { ...note, polarity: 'strength', sourceKind: 'data' }), [
      { criterion: 'I1', sourceKind: 'activity', polarity: 'concern', change: -1 },
      { criterion: 'I1', sourceKind: 'data', polarity: 'strength', change: 1 },
      { criterion: 'L2', sourceKind: 'activity', polarity: 'concern', change: -1 },
      { criterion: 'L2', sourceKind: 'data', polarity: 'strength', change: 1 },
    ]);
  });
});
