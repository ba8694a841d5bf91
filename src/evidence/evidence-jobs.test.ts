// The evidence retention job: activities, notes and attachments go once an inspection has been published for the retention period, not before, and no other inspection's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCasesFixture, type CasesFixture } from '../cases/case-test-support.ts';
import type { Db } from '../platform/db/database.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { storeFile } from '../platform/files/stored-files.ts';
import type { JobHandler, Jobs } from '../platform/jobs.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { ENFORCE_EVIDENCE_RETENTION_CRON, ENFORCE_EVIDENCE_RETENTION_JOB, enforceEvidenceRetention, scheduleEvidenceJobs } from './evidence-jobs.ts';
import { addFixtureActivity, addFixtureNote } from './evidence-test-support.ts';

const DAY = 86_400_000;
const RETENTION_DAYS = 1095;
const NOW = new Date('2030-06-15T02:55:00Z');

function daysBefore(days: number): Date {
  return new Date(NOW.getTime() - days * DAY);
}

async function markPublished(db: Db, fixture: CasesFixture, at: Date): Promise<void> {
  await db.kysely.insertInto('inspection_transition').values({ inspection_id: fixture.inspectionId, from_status: 'factual_accuracy', to_status: 'published', actor_user_id: fixture.lead.userId, reason: null, occurred_at: at }).execute();
  await db.kysely.updateTable('inspection').set({ status: 'published' }).where('id', '=', fixture.inspectionId).execute();
}

/**
 * An inspection with two activities (inspectors and participant counts), three notes (one about an
 * activity, one edited into a second version, one with two attachments), and a data-request file
 * that is not evidence.
 */
async function withEvidence(db: Db): Promise<CasesFixture & { dataRequestFileId: string }> {
  const fixture = await createCasesFixture(db);
  const meeting = await addFixtureActivity(db, fixture.inspectionId, { inspectorIds: [fixture.lead.userId, fixture.inspector.userId], participants: { education_staff: 4, leaders: 2 } });
  await addFixtureActivity(db, fixture.inspectionId, { kind: 'focus_group', title: 'Parents', inspectorIds: [fixture.inspector.userId], participants: { parents_carers: 9 } });
  await addFixtureNote(db, fixture.inspectionId, { sourceKind: 'activity', activityId: meeting.id, polarity: 'strength' });
  const edited = await addFixtureNote(db, fixture.inspectionId, { polarity: 'concern' });
  const first = await db.kysely.selectFrom('evidence_note_version').selectAll().where('note_id', '=', edited.id).executeTakeFirstOrThrow();
  await db.kysely.insertInto('evidence_note_version').values({ ...first, version: 2, body: 'Waiting times have grown since the spring.' }).execute();
  await db.kysely.updateTable('evidence_note').set({ version: 2, revision: 2 }).where('id', '=', edited.id).execute();
  const attached = await addFixtureNote(db, fixture.inspectionId);
  for (const name of ['photo-of-wall-display.txt', 'agenda.txt']) {
    const file = await storeFile(db.kysely, { inspectionId: fixture.inspectionId, fileName: name, bytes: Buffer.from(`contents of ${name}`), uploadedBy: fixture.inspector.userId }, 1024);
    await db.kysely.insertInto('evidence_note_file').values({ note_id: attached.id, file_id: file.id, added_by: fixture.inspector.userId, added_by_label: fixture.inspector.email }).execute();
  }
  const dataRequest = await storeFile(db.kysely, { inspectionId: fixture.inspectionId, fileName: 'self-evaluation.txt', bytes: Buffer.from('Our SEND self-evaluation'), uploadedBy: fixture.officer.userId }, 1024);
  return { ...fixture, dataRequestFileId: dataRequest.id };
}

async function holdings(db: Db, inspectionId: string) {
  const k = db.kysely;
  const activityIds = (await k.selectFrom('fieldwork_activity').select('id').where('inspection_id', '=', inspectionId).execute()).map((a) => a.id);
  const noteIds = (await k.selectFrom('evidence_note').select('id').where('inspection_id', '=', inspectionId).execute()).map((n) => n.id);
  const inspectors = activityIds.length ? await k.selectFrom('activity_inspector').select('user_id').where('activity_id', 'in', activityIds).execute() : [];
  const participants = activityIds.length ? await k.selectFrom('activity_participant').select('participant_group').where('activity_id', 'in', activityIds).execute() : [];
  const versions = noteIds.length ? await k.selectFrom('evidence_note_version').select('version').where('note_id', 'in', noteIds).execute() : [];
  const links = noteIds.length ? await k.selectFrom('evidence_note_file').select('file_id').where('note_id', 'in', noteIds).execute() : [];
  const files = await k.selectFrom('stored_file').select('id').where('inspection_id', '=', inspectionId).execute();
  return {
    activities: activityIds.length,
    inspectors: inspectors.length,
    participants: participants.length,
    notes: noteIds.length,
    versions: versions.length,
    attachmentLinks: links.length,
    files: files.length,
  };
}

const FULL = { activities: 2, inspectors: 3, participants: 3, notes: 3, versions: 4, attachmentLinks: 2, files: 3 };

describeEachDatabase('evidence retention', (kind) => {
  const db = usePreparedDatabase(kind);

  test('evidence stays until the retention period after publication has passed, then all of it goes, audited; other inspections keep theirs', async () => {
    const expired = await withEvidence(db);
    const recent = await withEvidence(db);
    const unpublished = await withEvidence(db);
    const publishedAt = daysBefore(RETENTION_DAYS + 1);
    await markPublished(db, expired, publishedAt);
    await markPublished(db, recent, daysBefore(RETENTION_DAYS - 1));
    for (const fixture of [expired, recent, unpublished]) assert.deepEqual(await holdings(db, fixture.inspectionId), FULL);
    // Another inspection's attachment links are counted before the run, to see none of them go.
    const otherLinks = (await db.kysely.selectFrom('evidence_note_file').select('file_id').execute()).length - 2;

    const result = await enforceEvidenceRetention(db.kysely, RETENTION_DAYS, NOW);

    assert.deepEqual(
      result.deleted.find((d) => d.inspectionId === expired.inspectionId),
      { inspectionId: expired.inspectionId, activities: 2, notes: 3, versions: 4, attachments: 2 },
    );
    assert.ok(!result.deleted.some((d) => d.inspectionId === recent.inspectionId || d.inspectionId === unpublished.inspectionId), 'only the expired inspection was cleared');
    // Only the data-request file is left: it is not evidence.
    assert.deepEqual(await holdings(db, expired.inspectionId), { activities: 0, inspectors: 0, participants: 0, notes: 0, versions: 0, attachmentLinks: 0, files: 1 });
    const left = await db.kysely.selectFrom('stored_file').select('id').where('inspection_id', '=', expired.inspectionId).execute();
    assert.deepEqual(left.map((f) => f.id), [expired.dataRequestFileId]);
    assert.deepEqual(await holdings(db, recent.inspectionId), FULL, 'published 1094 days ago: kept');
    assert.deepEqual(await holdings(db, unpublished.inspectionId), FULL, 'never published: kept');
    assert.equal((await db.kysely.selectFrom('evidence_note_file').select('file_id').execute()).length, otherLinks);

    const audit = await db.kysely
      .selectFrom('audit_event')
      .select(['details', 'actor_user_id', 'subject_type', 'subject_id'])
      .where('action', '=', 'evidence.retention-enforced')
      .where('inspection_id', '=', expired.inspectionId)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_user_id, null);
    assert.equal(audit[0]!.subject_id, expired.inspectionId);
    assert.deepEqual(audit[0]!.details, { activities: 2, notes: 3, versions: 4, attachments: 2, publishedAt: publishedAt.toISOString(), retentionDays: RETENTION_DAYS });
    const othersAudited = await db.kysely
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'evidence.retention-enforced')
      .where('inspection_id', 'in', [recent.inspectionId, unpublished.inspectionId])
      .execute();
    assert.equal(othersAudited.length, 0);

    const again = await enforceEvidenceRetention(db.kysely, RETENTION_DAYS, new Date(NOW.getTime() + DAY));
    assert.ok(!again.deleted.some((d) => d.inspectionId === expired.inspectionId), 'nothing left to delete the second time');
  });

  test('the clock starts at the first publication, not a later one', async () => {
    const fixture = await withEvidence(db);
    await markPublished(db, fixture, daysBefore(RETENTION_DAYS + 10));
    await markPublished(db, fixture, daysBefore(30));

    const result = await enforceEvidenceRetention(db.kysely, RETENTION_DAYS, NOW);

    assert.ok(result.deleted.some((d) => d.inspectionId === fixture.inspectionId));
    assert.equal((await holdings(db, fixture.inspectionId)).notes, 0);
  });
});

test('the retention job runs daily at 03:55, after the cases’ job, with the configured period', async () => {
  const scheduled: { name: string; cron: string; handler: JobHandler }[] = [];
  const jobs: Jobs = { kind: 'inline', schedule: async (name, cron, handler) => void scheduled.push({ name, cron, handler }), start: async () => {}, stop: async () => {} };
  await scheduleEvidenceJobs(jobs, {} as never, RETENTION_DAYS);
  assert.deepEqual(
    scheduled.map(({ name, cron }) => ({ name, cron })),
    [{ name: ENFORCE_EVIDENCE_RETENTION_JOB, cron: ENFORCE_EVIDENCE_RETENTION_CRON }],
  );
  assert.equal(ENFORCE_EVIDENCE_RETENTION_JOB, 'evidence.enforce-retention');
  assert.equal(ENFORCE_EVIDENCE_RETENTION_CRON, '55 3 * * *');
});
