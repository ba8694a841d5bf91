// Case tracking and case documents against both databases: only the current sample's active
// cases count, every view and change is audited, and nothing is half-written on a refusal.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { FileRefusedError } from '../platform/files/stored-files.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import {
  DocumentRemovalRefusedError,
  addCaseDocument,
  downloadCaseDocument,
  listCaseDocuments,
  removeCaseDocument,
  viewCaseDocuments,
} from './case-documents.service.ts';
import { addAcceptedImport, addFixtureSample, createCasesFixture, type CasesFixture, type FixtureImport, type FixtureSample } from './case-test-support.ts';
import { CaseNotFoundError, TrackingInputError } from './case-tracking.ts';
import { addNote, saveMeeting, trackingSummary, viewTrackedChild, viewTrackedChildren } from './case-tracking.service.ts';

const PDF = Buffer.from('%PDF-1.4\n% a small test file\n');

describeEachDatabase('case tracking and case documents', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;
  let imported: FixtureImport;
  let sample: FixtureSample;
  let ids: string[];

  const auditOf = (action: string, subjectId: string) =>
    db.kysely.selectFrom('audit_event').selectAll().where('action', '=', action).where('subject_id', '=', subjectId).orderBy('id').execute();
  const countFiles = async () => Number((await db.kysely.selectFrom('stored_file').select((eb) => eb.fn.countAll<number>().as('n')).where('inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow()).n);

  before(async () => {
    fixture = await createCasesFixture(db);
    imported = await addAcceptedImport(db, fixture, { count: 80, seed: 3 });
    ids = imported.people.map((p) => p.personId);
    // An earlier draw, superseded: none of its cases may show.
    const old = await addFixtureSample(db, fixture, imported, { tracked: [ids[20]!], review: [ids[21]!] });
    await db.kysely.updateTable('case_sample').set({ superseded_at: new Date() }).where('id', '=', old.sampleId).execute();
    sample = await addFixtureSample(db, fixture, imported, { tracked: ids.slice(0, 4), review: ids.slice(4, 7) });
    // The fourth tracked child was replaced.
    await db.kysely.updateTable('sampled_case').set({ replaced_at: new Date(), replaced_reason: 'Moved out of the area' }).where('id', '=', sample.caseIds.get(ids[3]!)!).execute();
  });

  test('the tracked children are the current sample’s active tracked cases, with their records, and the view is audited', async () => {
    const tracked = await viewTrackedChildren(db.kysely, fixture.inspectionId, fixture.inspectorActor, { requestId: 'r-1' });
    assert.equal(tracked.sample?.id, sample.sampleId);
    assert.deepEqual(
      tracked.children.map((c) => c.personId),
      ids.slice(0, 3),
    );
    assert.deepEqual(tracked.children[0]!.record, imported.people[0]);
    assert.deepEqual(
      tracked.children.map((c) => c.progress),
      ['not_started', 'not_started', 'not_started'],
    );
    const [audit] = await auditOf('cases.view-tracking', sample.sampleId);
    assert.equal(audit?.actor_user_id, fixture.inspector.userId);
    assert.equal(audit?.la_code, '352');
    assert.equal(audit?.request_id, 'r-1');
  });

  test('a child’s page is only for an active tracked case of the current sample, and each view is on record', async () => {
    const caseId = sample.caseIds.get(ids[0]!)!;
    const page = await viewTrackedChild(db.kysely, fixture.inspectionId, caseId, fixture.leadActor);
    assert.equal(page?.personId, ids[0]);
    assert.deepEqual(page?.record, imported.people[0]);
    assert.equal(page?.meeting, undefined);
    assert.equal((await auditOf('cases.view-tracked-case', caseId)).length, 1);

    for (const other of [sample.caseIds.get(ids[3]!)!, sample.caseIds.get(ids[4]!)!, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      assert.equal(await viewTrackedChild(db.kysely, fixture.inspectionId, other, fixture.leadActor), undefined, other);
    }
    const otherFixture = await createCasesFixture(db);
    assert.equal(await viewTrackedChild(db.kysely, otherFixture.inspectionId, caseId, otherFixture.leadActor), undefined, 'another inspection');
  });

  test('saving the meeting writes it and its audit together; a refusal writes neither', async () => {
    const caseId = sample.caseIds.get(ids[1]!)!;
    await assert.rejects(
      saveMeeting(db.kysely, fixture.inspectionId, caseId, { heldOn: '2026-12-01', attendees: ['family'], attendeeNote: '' }, fixture.inspectorActor),
      (error: unknown) => error instanceof TrackingInputError && error.issues[0]!.field === 'heldOn',
    );
    assert.equal((await db.kysely.selectFrom('tracking_meeting').selectAll().where('case_id', '=', caseId).execute()).length, 0);
    assert.equal((await auditOf('cases.tracking-meeting-saved', caseId)).length, 0);

    await saveMeeting(db.kysely, fixture.inspectionId, caseId, { heldOn: '2026-11-24', attendees: ['family', 'education'], attendeeNote: 'SENCo and mother' }, fixture.inspectorActor);
    await saveMeeting(db.kysely, fixture.inspectionId, caseId, { heldOn: '2026-11-25', attendees: ['family', 'education', 'health'], attendeeNote: 'Moved a day' }, fixture.leadActor);
    const page = await viewTrackedChild(db.kysely, fixture.inspectionId, caseId, fixture.leadActor);
    assert.equal(page?.meeting?.heldOn, '2026-11-25');
    assert.deepEqual(page?.meeting?.attendees, ['family', 'education', 'health']);
    assert.equal(page?.meeting?.attendeeNote, 'Moved a day');
    const audits = await auditOf('cases.tracking-meeting-saved', caseId);
    assert.equal(audits.length, 2);
    assert.deepEqual(audits[1]!.details, { heldOn: '2026-11-25', attendees: ['family', 'education', 'health'] });

    await assert.rejects(
      saveMeeting(db.kysely, fixture.inspectionId, sample.caseIds.get(ids[5]!)!, { heldOn: null, attendees: [], attendeeNote: '' }, fixture.leadActor),
      CaseNotFoundError,
      'a plan to review has no tracking meeting',
    );
  });

  test('notes carry criteria of the framework, come back newest first with their author, and cannot name other criteria', async () => {
    const caseId = sample.caseIds.get(ids[2]!)!;
    await addNote(db.kysely, fixture.inspectionId, caseId, { body: 'Plan outcomes are not specific.', criteria: ['I3', 'I1'] }, fixture.inspectorActor);
    await addNote(db.kysely, fixture.inspectionId, caseId, { body: 'Family say health advice was late.', criteria: [] }, fixture.leadActor);
    await assert.rejects(
      addNote(db.kysely, fixture.inspectionId, caseId, { body: 'Aspect from the old framework', criteria: ['A'] }, fixture.leadActor),
      (error: unknown) => error instanceof TrackingInputError && error.issues[0]!.field === 'criteria',
    );
    const page = await viewTrackedChild(db.kysely, fixture.inspectionId, caseId, fixture.leadActor);
    assert.deepEqual(
      page?.notes.map((n) => [n.body, n.criteria, n.writtenBy]),
      [
        ['Family say health advice was late.', [], fixture.lead.userId],
        ['Plan outcomes are not specific.', ['I1', 'I3'], fixture.inspector.userId],
      ],
    );
    assert.equal(page?.notes[1]!.author, fixture.inspector.displayName);
    assert.equal((await auditOf('cases.tracking-note-added', caseId)).length, 2);
  });

  test('the area sees no chosen ids until the sample is shared; the team sees them from the draw', async () => {
    const team = await viewCaseDocuments(db.kysely, fixture.inspectionId, 'team', fixture.inspectorActor);
    assert.equal(team.state, 'chosen');
    assert.deepEqual(
      team.state === 'chosen' && team.cases.map((c) => [c.personId, c.purpose]),
      [
        [ids[0], 'tracked'],
        [ids[1], 'tracked'],
        [ids[2], 'tracked'],
        [ids[4], 'review'],
        [ids[5], 'review'],
        [ids[6], 'review'],
      ],
    );
    assert.deepEqual(await viewCaseDocuments(db.kysely, fixture.inspectionId, 'area', fixture.officerActor), { state: 'not-shared' });
    await assert.rejects(
      addCaseDocument(db.kysely, { inspectionId: fixture.inspectionId, caseId: sample.caseIds.get(ids[0]!)!, fileName: 'plan.pdf', bytes: PDF, description: '' }, 'area', 1024 * 1024, fixture.officerActor),
      CaseNotFoundError,
    );

    await db.kysely.updateTable('case_sample').set({ shared_at: new Date(), documents_due: '2026-11-25' }).where('id', '=', sample.sampleId).execute();
    const area = await viewCaseDocuments(db.kysely, fixture.inspectionId, 'area', fixture.officerActor);
    assert.equal(area.state === 'chosen' && area.documentsDue, '2026-11-25');
    assert.equal(area.state === 'chosen' && area.cases.length, 6);
  });

  test('documents: a refused file keeps nothing; uploads, downloads and removals are audited; only the uploader removes', async () => {
    await db.kysely.updateTable('case_sample').set({ shared_at: new Date(), documents_due: '2026-11-25' }).where('id', '=', sample.sampleId).execute();
    const caseId = sample.caseIds.get(ids[4]!)!;
    const files = await countFiles();
    await assert.rejects(
      addCaseDocument(db.kysely, { inspectionId: fixture.inspectionId, caseId, fileName: 'plan.exe', bytes: Buffer.from('MZ...'), description: '' }, 'area', 1024 * 1024, fixture.officerActor),
      FileRefusedError,
    );
    await assert.rejects(
      addCaseDocument(db.kysely, { inspectionId: fixture.inspectionId, caseId: sample.caseIds.get(ids[3]!)!, fileName: 'plan.pdf', bytes: PDF, description: '' }, 'team', 1024 * 1024, fixture.leadActor),
      CaseNotFoundError,
      'a replaced case takes no documents',
    );
    assert.equal(await countFiles(), files);

    const added = await addCaseDocument(db.kysely, { inspectionId: fixture.inspectionId, caseId, fileName: 'EHC plan.pdf', bytes: PDF, description: ' Final plan ' }, 'area', 1024 * 1024, fixture.officerActor);
    assert.equal(added.description, 'Final plan');
    assert.deepEqual(
      (await listCaseDocuments(db.kysely, caseId)).map((d) => [d.fileName, d.sizeBytes, d.uploadedBy]),
      [['EHC plan.pdf', PDF.length, fixture.officer.userId]],
    );
    assert.equal((await auditOf('cases.document-uploaded', caseId)).length, 1);

    const file = await downloadCaseDocument(db.kysely, fixture.inspectionId, caseId, added.fileId, 'team', fixture.inspectorActor);
    assert.deepEqual(file && Buffer.from(file.content), PDF);
    assert.equal(await downloadCaseDocument(db.kysely, fixture.inspectionId, sample.caseIds.get(ids[5]!)!, added.fileId, 'team', fixture.inspectorActor), undefined, 'the file under another case');
    const downloads = await auditOf('cases.download-document', caseId);
    assert.equal(downloads.length, 1);
    assert.equal(downloads[0]!.actor_user_id, fixture.inspector.userId);

    await assert.rejects(removeCaseDocument(db.kysely, fixture.inspectionId, caseId, added.fileId, 'team', fixture.leadActor), DocumentRemovalRefusedError);
    assert.equal((await listCaseDocuments(db.kysely, caseId)).length, 1);
    assert.equal((await auditOf('cases.document-removed', caseId))[0]?.outcome, 'denied');

    const removed = await removeCaseDocument(db.kysely, fixture.inspectionId, caseId, added.fileId, 'area', fixture.officerActor);
    assert.equal(removed?.fileName, 'EHC plan.pdf');
    assert.equal((await listCaseDocuments(db.kysely, caseId)).length, 0);
    assert.equal(await countFiles(), files, 'the stored file is deleted too');
    assert.equal((await auditOf('cases.document-removed', caseId))[1]?.outcome, 'success');
  });

  test('the hub’s counts cover the current sample only', async () => {
    const trackedId = sample.caseIds.get(ids[0]!)!;
    await addCaseDocument(db.kysely, { inspectionId: fixture.inspectionId, caseId: trackedId, fileName: 'review.txt', bytes: Buffer.from('Annual review notes'), description: '' }, 'team', 1024 * 1024, fixture.leadActor);
    await addCaseDocument(db.kysely, { inspectionId: fixture.inspectionId, caseId: trackedId, fileName: 'plan.pdf', bytes: PDF, description: '' }, 'team', 1024 * 1024, fixture.leadActor);
    const summary = await trackingSummary(db.kysely, fixture.inspectionId);
    assert.equal(summary.sampleDrawn, true);
    assert.equal(summary.trackedChildren, 3);
    assert.equal(summary.meetingsHeld, 1);
    assert.equal(summary.notes, 2);
    assert.equal(summary.casesChosen, 6);
    assert.equal(summary.casesWithDocuments, 1);
    assert.equal(summary.documents, 2);

    const empty = await createCasesFixture(db);
    assert.deepEqual(await trackingSummary(db.kysely, empty.inspectionId), {
      sampleDrawn: false,
      sharedAt: null,
      documentsDue: null,
      trackedChildren: 0,
      meetingsHeld: 0,
      notes: 0,
      casesChosen: 0,
      casesWithDocuments: 0,
      documents: 0,
    });
  });
});
