// Evidence notes against both databases: create, amend, new versions with the history kept, a
// conflict that writes nothing, saves sent again or at once stored once, sources of another
// inspection refused, closed evidence, attachments, and the audit of each change and view.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, test } from 'node:test';
import { addAcceptedImport, addFixtureSample, type CasesFixture, type FixtureSample } from '../cases/case-test-support.ts';
import { addTeamMember, createInspection, transitionInspection, type Actor } from '../inspections/inspection.service.ts';
import { createTestUser } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { FileRefusedError } from '../platform/files/stored-files.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { createSurveys } from '../surveys/survey.service.ts';
import { NoteInputError, NoteNotFoundError, NoteRefusedError, type NoteContent, type NoteSave } from './evidence-note.ts';
import {
  addNoteAttachment,
  getNote,
  listNotesForActivity,
  noteCounts,
  noteHistory,
  readNoteAttachment,
  saveNote,
  storedNotes,
  type SaveOutcome,
} from './evidence-note.service.ts';
import { addFixtureActivity, createEvidenceFixture, fixtureNoteContent } from './evidence-test-support.ts';

const PDF = Buffer.from('%PDF-1.4\n% a small test file\n');

describeEachDatabase('evidence notes', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;
  let other: CasesFixture;
  let activityId: string;
  let otherActivityId: string;
  let sample: FixtureSample;
  let trackedCaseId: string;
  let reviewCaseId: string;
  let surveyId: string;
  let otherSurveyId: string;
  let otherCaseId: string;

  const content = (overrides: Partial<NoteContent> = {}): NoteContent => fixtureNoteContent(activityId, overrides);
  const save = (overrides: Partial<NoteContent> = {}, baseRevision = 0, editSession: string = randomUUID()): NoteSave => ({ content: content(overrides), baseRevision, editSession });
  const inspector = (): Actor => fixture.inspectorActor;
  const lead = (): Actor => fixture.leadActor;

  const noteRow = (id: string) => db.kysely.selectFrom('evidence_note').selectAll().where('id', '=', id).executeTakeFirst();
  const versionRows = (id: string) => db.kysely.selectFrom('evidence_note_version').selectAll().where('note_id', '=', id).orderBy('version').execute();
  const auditOf = (action: string, subjectId: string) =>
    db.kysely.selectFrom('audit_event').selectAll().where('action', '=', action).where('subject_id', '=', subjectId).orderBy('id').execute();
  const notesOf = async (inspectionId: string) =>
    Number((await db.kysely.selectFrom('evidence_note').select((eb) => eb.fn.countAll<number>().as('n')).where('inspection_id', '=', inspectionId).executeTakeFirstOrThrow()).n);

  function saved(outcome: SaveOutcome): Extract<SaveOutcome, { status: 'saved' }> {
    assert.equal(outcome.status, 'saved', JSON.stringify(outcome));
    return outcome as Extract<SaveOutcome, { status: 'saved' }>;
  }

  async function inputIssues(promise: Promise<unknown>): Promise<{ field: string; message: string }[]> {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof NoteInputError, String(error));
      return error.issues;
    }
    assert.fail('expected the save to be refused');
  }

  before(async () => {
    fixture = await createEvidenceFixture(db);
    other = await createEvidenceFixture(db, '353');
    activityId = (await addFixtureActivity(db, fixture.inspectionId, { title: 'Meeting with SENCos' })).id;
    otherActivityId = (await addFixtureActivity(db, other.inspectionId)).id;
    const imported = await addAcceptedImport(db, fixture, { count: 30, seed: 5 });
    const ids = imported.people.map((p) => p.personId);
    sample = await addFixtureSample(db, fixture, imported, { tracked: ids.slice(0, 2), review: ids.slice(2, 4) });
    trackedCaseId = sample.caseIds.get(ids[0]!)!;
    reviewCaseId = sample.caseIds.get(ids[2]!)!;
    const otherImported = await addAcceptedImport(db, other, { count: 30, seed: 6 });
    const otherSample = await addFixtureSample(db, other, otherImported, { tracked: [otherImported.people[0]!.personId], review: [] });
    otherCaseId = otherSample.caseIds.get(otherImported.people[0]!.personId)!;
    surveyId = (await createSurveys(db.kysely, fixture.inspectionId, lead()))[0]!.id;
    otherSurveyId = (await createSurveys(db.kysely, other.inspectionId, other.leadActor))[0]!.id;
  });

  test('a new note is created as version 1, revision 1, with its version row and one audit record', async () => {
    const id = randomUUID();
    const outcome = saved(await saveNote(db.kysely, fixture.inspectionId, id, save({ criteria: ['L2', 'I1'] }), inspector(), { requestId: 'r-1' }));
    assert.deepEqual(outcome, { status: 'saved', decision: 'create', revision: 1, version: 1 });
    const row = (await noteRow(id))!;
    assert.equal(row.inspection_id, fixture.inspectionId);
    assert.deepEqual(row.criteria, ['I1', 'L2']);
    assert.equal(row.author_id, fixture.inspector.userId);
    assert.equal((await versionRows(id)).length, 1);
    const audit = await auditOf('evidence.note-created', id);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.request_id, 'r-1');
  });

  test('later saves of one editing session amend its version; another session makes a new one; the history keeps them all', async () => {
    const id = randomUUID();
    const sessionA = randomUUID();
    saved(await saveNote(db.kysely, fixture.inspectionId, id, save({ body: 'First words' }, 0, sessionA), inspector()));
    const amended = saved(await saveNote(db.kysely, fixture.inspectionId, id, save({ body: 'First words and more' }, 1, sessionA), inspector()));
    assert.deepEqual(amended, { status: 'saved', decision: 'amend', revision: 2, version: 1 });
    let versions = await versionRows(id);
    assert.equal(versions.length, 1);
    assert.equal(versions[0]!.body, 'First words and more');
    assert.equal((await auditOf('evidence.note-created', id)).length, 1);

    const sessionB = randomUUID();
    const changed = saved(await saveNote(db.kysely, fixture.inspectionId, id, save({ body: 'Rewritten by the lead', polarity: 'strength' }, 2, sessionB), lead()));
    assert.deepEqual(changed, { status: 'saved', decision: 'new-version', revision: 3, version: 2 });
    versions = await versionRows(id);
    assert.deepEqual(
      versions.map((v) => [v.version, v.body, v.edited_by]),
      [
        [1, 'First words and more', fixture.inspector.userId],
        [2, 'Rewritten by the lead', fixture.lead.userId],
      ],
    );
    assert.equal((await auditOf('evidence.note-changed', id)).length, 1);
    const row = (await noteRow(id))!;
    assert.equal(row.author_id, fixture.inspector.userId, 'the author stays the author');
    assert.equal(row.updated_by, fixture.lead.userId);

    const history = (await noteHistory(db.kysely, fixture.inspectionId, id, inspector(), { requestId: 'h-1' }))!;
    assert.deepEqual(
      history.versions.map((v) => [v.version, v.content.body]),
      [
        [2, 'Rewritten by the lead'],
        [1, 'First words and more'],
      ],
    );
    assert.deepEqual(
      history.versions[0]!.changes.map((c) => c.field),
      ['body', 'polarity'],
    );
    assert.equal(history.versions[0]!.editedBy, fixture.lead.displayName);
    assert.equal((await auditOf('evidence.view-note-history', id)).length, 1);
  });

  test('a stale save from another session is a conflict: nothing is written and both versions come back', async () => {
    const id = randomUUID();
    saved(await saveNote(db.kysely, fixture.inspectionId, id, save({ body: 'Original' }), inspector()));
    // Two pages open at revision 1; the lead saves first.
    saved(await saveNote(db.kysely, fixture.inspectionId, id, save({ body: 'The lead’s words' }, 1), lead()));
    const before = (await noteRow(id))!;
    const outcome = await saveNote(db.kysely, fixture.inspectionId, id, save({ body: 'The inspector’s words' }, 1), inspector());
    assert.equal(outcome.status, 'conflict');
    if (outcome.status !== 'conflict') return;
    assert.equal(outcome.current.content.body, 'The lead’s words');
    assert.equal(outcome.current.updatedBy, fixture.lead.displayName);
    assert.equal(outcome.current.revision, 2);
    assert.equal(outcome.yours.body, 'The inspector’s words');
    const after = (await noteRow(id))!;
    assert.deepEqual(after, before, 'the note is unchanged');
    assert.equal((await versionRows(id)).length, 2);
    const shown = await auditOf('evidence.view-note', id);
    assert.equal(shown.length, 1, 'showing their version is a view on record');
    assert.equal((shown[0]!.details as { page: string }).page, 'conflict');
    // Saving "my version instead" from their revision makes a new version.
    const instead = saved(await saveNote(db.kysely, fixture.inspectionId, id, save({ body: 'The inspector’s words' }, 2), inspector()));
    assert.equal(instead.decision, 'new-version');
    assert.equal((await versionRows(id)).length, 3);
  });

  test('a save sent again after its answer was lost is stored once', async () => {
    const id = randomUUID();
    const first = save({ body: 'Sent twice' });
    saved(await saveNote(db.kysely, fixture.inspectionId, id, first, inspector()));
    const again = await saveNote(db.kysely, fixture.inspectionId, id, first, inspector());
    assert.deepEqual(again, { status: 'unchanged', revision: 1, version: 1 });
    const row = (await noteRow(id))!;
    assert.equal(row.revision, 1);
    assert.equal((await versionRows(id)).length, 1);
    assert.equal((await auditOf('evidence.note-created', id)).length, 1);
  });

  test('twenty saves of different notes at once are all stored, once each', async () => {
    const ids = Array.from({ length: 20 }, () => randomUUID());
    const outcomes = await Promise.all(ids.map((id, i) => saveNote(db.kysely, fixture.inspectionId, id, save({ body: `Concurrent note ${i}` }), i % 2 ? inspector() : lead())));
    assert.ok(outcomes.every((o) => o.status === 'saved'));
    const stored = await storedNotes(db.kysely, fixture.inspectionId, ids);
    assert.equal(stored.length, 20);
    assert.ok(stored.every((n) => n.version_rows === 1 && n.revision === 1));
    assert.deepEqual(new Set(stored.map((n) => n.body)), new Set(ids.map((_, i) => `Concurrent note ${i}`)));
  });

  test('the same first save arriving several times at once makes one note', async () => {
    const id = randomUUID();
    const first = save({ body: 'Sent five times at once' });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => saveNote(db.kysely, fixture.inspectionId, id, first, inspector())));
    assert.equal(outcomes.filter((o) => o.status === 'saved').length, 1);
    assert.equal(outcomes.filter((o) => o.status === 'unchanged').length, 4);
    assert.equal((await versionRows(id)).length, 1);
    assert.equal((await auditOf('evidence.note-created', id)).length, 1);
  });

  test('each kind of source of this inspection is accepted', async () => {
    const cases: Partial<NoteContent>[] = [
      { sourceKind: 'tracked_case', activityId: null, caseId: trackedCaseId },
      { sourceKind: 'reviewed_plan', activityId: null, caseId: reviewCaseId },
      { sourceKind: 'survey', activityId: null, surveyId },
      { sourceKind: 'data', activityId: null, sourceDetail: 'SEN2 return, January 2026' },
    ];
    for (const source of cases) saved(await saveNote(db.kysely, fixture.inspectionId, randomUUID(), save(source), inspector()));
  });

  test('a source of another inspection is refused and nothing is written', async () => {
    const before = await notesOf(fixture.inspectionId);
    const attempts: [Partial<NoteContent>, string][] = [
      [{ activityId: otherActivityId }, 'activityId'],
      [{ sourceKind: 'tracked_case', activityId: null, caseId: otherCaseId }, 'caseId'],
      [{ sourceKind: 'reviewed_plan', activityId: null, caseId: otherCaseId }, 'caseId'],
      // A tracked child is not a plan chosen for review.
      [{ sourceKind: 'reviewed_plan', activityId: null, caseId: trackedCaseId }, 'caseId'],
      [{ sourceKind: 'survey', activityId: null, surveyId: otherSurveyId }, 'surveyId'],
      [{ activityId: randomUUID() }, 'activityId'],
    ];
    for (const [source, field] of attempts) {
      const issues = await inputIssues(saveNote(db.kysely, fixture.inspectionId, randomUUID(), save(source), inspector()));
      assert.deepEqual(
        issues.map((i) => i.field),
        [field],
      );
      assert.match(issues[0]!.message, /(of this inspection|this inspection’s current sample)/);
    }
    assert.equal(await notesOf(fixture.inspectionId), before);
  });

  test('changing a note to a source of another inspection is refused; the note stays as it was', async () => {
    const id = randomUUID();
    const session = randomUUID();
    saved(await saveNote(db.kysely, fixture.inspectionId, id, save({}, 0, session), inspector()));
    await inputIssues(saveNote(db.kysely, fixture.inspectionId, id, save({ body: 'Changed', activityId: otherActivityId }, 1, session), inspector()));
    const row = (await noteRow(id))!;
    assert.equal(row.activity_id, activityId);
    assert.equal(row.revision, 1);
  });

  test('bad content is refused with every problem and nothing written', async () => {
    const id = randomUUID();
    const issues = await inputIssues(
      saveNote(db.kysely, fixture.inspectionId, id, { content: { ...content(), body: '', criteria: ['A'], polarity: 'maybe' as never }, baseRevision: 0, editSession: randomUUID() }, inspector()),
    );
    assert.deepEqual(
      issues.map((i) => i.field),
      ['body', 'criteria', 'polarity'],
    );
    assert.equal(issues[1]!.message, 'A is a criterion of the 2016 framework; this inspection is under the 2023 framework. Select criteria of the 2023 framework');
    assert.equal(await noteRow(id), undefined);
    await inputIssues(saveNote(db.kysely, fixture.inspectionId, id, { ...save(), editSession: 'not-a-session' }, inspector()));
  });

  test('on a 2016 inspection a 2023 criterion is named as one', async () => {
    const admin = await createTestUser(db, { organisation: 'administration', isAdmin: true });
    const adminActor = { id: admin.userId, label: admin.email };
    const inspection = await createInspection(
      db.kysely,
      { laCode: '356', frameworkCode: '2016', inspectionType: 'full', notificationDate: '2021-11-01', onsiteStartDate: '2021-11-08', onsiteEndDate: '2021-11-12' },
      adminActor,
    );
    const user = await createTestUser(db, { organisation: 'ofsted' });
    await addTeamMember(db.kysely, inspection.id, { userId: user.userId, role: 'ofsted_lead' }, adminActor);
    await transitionInspection(db.kysely, inspection.id, { to: 'notified' }, { id: user.userId, label: user.email });
    const actor = { id: user.userId, label: user.email };
    const data = { sourceKind: 'data' as const, activityId: null, sourceDetail: 'Local data' };
    const issues = await inputIssues(saveNote(db.kysely, inspection.id, randomUUID(), save({ ...data, criteria: ['A', 'I3'] }), actor));
    assert.equal(issues[0]!.message, 'I3 is a criterion of the 2023 framework; this inspection is under the 2016 framework. Select criteria of the 2016 framework');
    saved(await saveNote(db.kysely, inspection.id, randomUUID(), save({ ...data, criteria: ['C', 'A'] }), actor));
  });

  test('a note id of another inspection is not found, there or here', async () => {
    const id = randomUUID();
    saved(await saveNote(db.kysely, other.inspectionId, id, save({ activityId: otherActivityId }), other.inspectorActor));
    await assert.rejects(saveNote(db.kysely, fixture.inspectionId, id, save({}, 1), inspector()), NoteNotFoundError);
    assert.equal(await getNote(db.kysely, fixture.inspectionId, id, inspector()), undefined);
    assert.equal(await noteHistory(db.kysely, fixture.inspectionId, id, inspector()), undefined);
    await assert.rejects(saveNote(db.kysely, fixture.inspectionId, 'not-an-id', save(), inspector()), NoteNotFoundError);
  });

  test('a note’s page shows its source and authors, and every view is audited', async () => {
    const id = randomUUID();
    saved(await saveNote(db.kysely, fixture.inspectionId, id, save(), inspector()));
    const page = (await getNote(db.kysely, fixture.inspectionId, id, lead(), { requestId: 'v-1', page: 'edit' }))!;
    assert.equal(page.sourceTitle, 'Meeting with SENCos');
    assert.equal(page.author, fixture.inspector.displayName);
    assert.deepEqual(page.content.criteria, ['I1', 'L2']);
    const views = await auditOf('evidence.view-note', id);
    assert.equal(views.length, 1);
    assert.equal(views[0]!.actor_user_id, fixture.lead.userId);
    assert.deepEqual(JSON.parse(JSON.stringify(views[0]!.details)), { page: 'edit', version: 1 });
  });

  test('attachments are kept with the note, downloaded with a record, and refused when too large or of the wrong kind', async () => {
    const id = randomUUID();
    saved(await saveNote(db.kysely, fixture.inspectionId, id, save(), inspector()));
    const added = await addNoteAttachment(db.kysely, fixture.inspectionId, id, { fileName: 'notes.pdf', bytes: PDF }, 1024, inspector(), { requestId: 'a-1' });
    assert.equal(added.fileName, 'notes.pdf');
    const page = (await getNote(db.kysely, fixture.inspectionId, id, inspector()))!;
    assert.deepEqual(
      page.attachments.map((a) => a.fileName),
      ['notes.pdf'],
    );
    const file = (await readNoteAttachment(db.kysely, fixture.inspectionId, id, added.fileId, lead()))!;
    assert.deepEqual(Buffer.from(file.content), PDF);
    assert.equal((await auditOf('evidence.view-note-attachment', id)).length, 1);
    assert.equal((await auditOf('evidence.note-attachment-added', id)).length, 1);

    const countFiles = async () => Number((await db.kysely.selectFrom('stored_file').select((eb) => eb.fn.countAll<number>().as('n')).where('inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow()).n);
    const filesBefore = await countFiles();
    await assert.rejects(addNoteAttachment(db.kysely, fixture.inspectionId, id, { fileName: 'run.exe', bytes: Buffer.from('MZ....') }, 1024, inspector()), FileRefusedError);
    await assert.rejects(addNoteAttachment(db.kysely, fixture.inspectionId, id, { fileName: 'big.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(2048)]) }, 1024, inspector()), /must be/);
    await assert.rejects(addNoteAttachment(db.kysely, fixture.inspectionId, randomUUID(), { fileName: 'notes.pdf', bytes: PDF }, 1024, inspector()), NoteNotFoundError);
    assert.equal(await countFiles(), filesBefore);

    // Another note's file, or a file of no note, is not this note's.
    const otherNote = randomUUID();
    saved(await saveNote(db.kysely, fixture.inspectionId, otherNote, save(), inspector()));
    assert.equal(await readNoteAttachment(db.kysely, fixture.inspectionId, otherNote, added.fileId, lead()), undefined);
  });

  test('counts, the notes of an activity, and the stored notes', async () => {
    const activity = (await addFixtureActivity(db, fixture.inspectionId, { title: 'Focus group', kind: 'focus_group' })).id;
    const before = await noteCounts(db.kysely, fixture.inspectionId);
    const a = randomUUID();
    const b = randomUUID();
    saved(await saveNote(db.kysely, fixture.inspectionId, a, save({ activityId: activity, polarity: 'strength', body: 'Strength seen' }), inspector()));
    saved(await saveNote(db.kysely, fixture.inspectionId, b, save({ activityId: activity, polarity: 'neutral', body: 'Neither' }), lead()));
    const after = await noteCounts(db.kysely, fixture.inspectionId);
    assert.deepEqual(after, { notes: before.notes + 2, strengths: before.strengths + 1, concerns: before.concerns });
    const listed = await listNotesForActivity(db.kysely, fixture.inspectionId, activity);
    assert.deepEqual(new Set(listed.map((n) => n.id)), new Set([a, b]));
    assert.deepEqual(await listNotesForActivity(db.kysely, other.inspectionId, activity), []);
  });

  test('once the report is published notes can no longer be written', async () => {
    const id = randomUUID();
    saved(await saveNote(db.kysely, fixture.inspectionId, id, save(), inspector()));
    await db.kysely.updateTable('inspection').set({ status: 'published' }).where('id', '=', fixture.inspectionId).execute();
    try {
      await assert.rejects(saveNote(db.kysely, fixture.inspectionId, id, save({ body: 'Too late' }, 1), inspector()), NoteRefusedError);
      await assert.rejects(addNoteAttachment(db.kysely, fixture.inspectionId, id, { fileName: 'notes.pdf', bytes: PDF }, 1024, inspector()), NoteRefusedError);
      assert.equal((await noteRow(id))!.revision, 1);
    } finally {
      await db.kysely.updateTable('inspection').set({ status: 'notified' }).where('id', '=', fixture.inspectionId).execute();
    }
  });
});
