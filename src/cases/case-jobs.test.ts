// The retention job: person-level data goes once an inspection has been published for the retention period, not before.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { storeFile } from '../platform/files/stored-files.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { enforceCaseRetention } from './case-jobs.ts';
import { addAcceptedImport, addFixtureSample, createCasesFixture, type CasesFixture } from './case-test-support.ts';
import type { Db } from '../platform/db/database.ts';

const DAY = 86_400_000;

async function markPublished(db: Db, fixture: CasesFixture, at: Date): Promise<void> {
  await db.kysely.insertInto('inspection_transition').values({ inspection_id: fixture.inspectionId, from_status: 'factual_accuracy', to_status: 'published', actor_user_id: fixture.lead.userId, reason: null, occurred_at: at }).execute();
  await db.kysely.updateTable('inspection').set({ status: 'published' }).where('id', '=', fixture.inspectionId).execute();
}

/** An inspection holding every kind of case data: records, a sample, a tracking note, a review and a document. */
async function withCaseData(db: Db): Promise<CasesFixture> {
  const fixture = await createCasesFixture(db);
  const imported = await addAcceptedImport(db, fixture, { count: 40, seed: 3 });
  const plans = imported.people.filter((p) => p.senStatus === 'EHCP');
  const sample = await addFixtureSample(db, fixture, imported, { tracked: [imported.people.find((p) => p.senStatus === 'SEN_SUPPORT')!.personId], review: [plans[0]!.personId] });
  const [trackedId, reviewId] = [...sample.caseIds.values()] as [string, string];
  await db.kysely.insertInto('tracking_note').values({ case_id: trackedId, body: 'Met the family.', written_by_label: fixture.inspector.email }).execute();
  await db.kysely.insertInto('plan_review').values({ case_id: reviewId, inspection_id: fixture.inspectionId, round: 'first', reviewer_label: fixture.inspector.email, instrument_version: '1' }).execute();
  const file = await storeFile(db.kysely, { inspectionId: fixture.inspectionId, fileName: 'plan.txt', bytes: Buffer.from('Section A: about me'), uploadedBy: fixture.officer.userId }, 1024);
  await db.kysely.insertInto('case_document').values({ case_id: reviewId, file_id: file.id }).execute();
  return fixture;
}

async function holdings(db: Db, inspectionId: string) {
  const n = async (table: 'case_import' | 'sampled_case' | 'plan_review' | 'stored_file') =>
    (await db.kysely.selectFrom(table).select('inspection_id').where('inspection_id', '=', inspectionId).execute()).length;
  return { imports: await n('case_import'), cases: await n('sampled_case'), reviews: await n('plan_review'), files: await n('stored_file') };
}

describeEachDatabase('case data retention', (kind) => {
  const db = usePreparedDatabase(kind);

  test('case data stay until the retention period after publication has passed, then all of it goes, audited', async () => {
    const published = await withCaseData(db);
    const unpublished = await withCaseData(db);
    const publishedAt = new Date('2027-01-10T12:00:00Z');
    await markPublished(db, published, publishedAt);

    const early = await enforceCaseRetention(db.kysely, 90, new Date(publishedAt.getTime() + 89 * DAY));
    assert.equal(early.deleted.length, 0);
    assert.deepEqual(await holdings(db, published.inspectionId), { imports: 1, cases: 2, reviews: 1, files: 1 });

    const late = await enforceCaseRetention(db.kysely, 90, new Date(publishedAt.getTime() + 91 * DAY));
    const mine = late.deleted.find((d) => d.people === 40);
    assert.ok(mine, 'the published inspection was cleared');
    assert.deepEqual(mine, { imports: 1, people: 40, samples: 1, cases: 2, documents: 1, reviews: 1, trackingNotes: 1 });
    assert.deepEqual(await holdings(db, published.inspectionId), { imports: 0, cases: 0, reviews: 0, files: 0 });
    const people = await db.kysely.selectFrom('person_record').select('person_id').execute();
    assert.ok(people.length >= 40, 'other inspections keep their records');
    assert.deepEqual(await holdings(db, unpublished.inspectionId), { imports: 1, cases: 2, reviews: 1, files: 1 });

    const audit = await db.kysely.selectFrom('audit_event').select(['details', 'actor_label']).where('action', '=', 'cases.retention-enforced').where('inspection_id', '=', published.inspectionId).execute();
    assert.equal(audit.length, 1);
    assert.equal((audit[0]!.details as { people: number }).people, 40);

    const again = await enforceCaseRetention(db.kysely, 90, new Date(publishedAt.getTime() + 92 * DAY));
    assert.ok(!again.deleted.some((d) => d.people === 40), 'nothing left to delete the second time');
  });
});
