// The cases' scheduled job: once an inspection has been published for the retention period, its
// person-level data, sample, tracking, reviews and case documents are deleted, and the deletion audited.
import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import type { Jobs } from '../platform/jobs.ts';
import { deleteCaseData, selectInspectionsPublishedBefore, type DeletedCaseData } from './case-retention.repository.ts';

export const ENFORCE_CASE_RETENTION_JOB = 'cases.enforce-retention';
/** 03:45 UK time, after the surveys' jobs. */
export const ENFORCE_CASE_RETENTION_CRON = '45 3 * * *';

const DAY_MS = 86_400_000;

export type CaseRetentionResult = { inspections: number; deleted: DeletedCaseData[] };

/** Person-level data of inspections published more than `retentionDays` ago is deleted, one inspection per transaction. */
export async function enforceCaseRetention(db: Kysely<Database>, retentionDays: number, now = new Date()): Promise<CaseRetentionResult> {
  const cutOff = new Date(now.getTime() - retentionDays * DAY_MS);
  const expired = await selectInspectionsPublishedBefore(db, cutOff);
  const deleted: DeletedCaseData[] = [];
  for (const inspection of expired) {
    deleted.push(
      await db.transaction().execute(async (trx) => {
        const removed = await deleteCaseData(trx, inspection.id);
        await recordAudit(trx, {
          actor: null,
          action: 'cases.retention-enforced',
          inspectionId: inspection.id,
          laCode: inspection.laCode,
          subjectType: 'inspection',
          subjectId: inspection.id,
          details: { ...removed, publishedAt: inspection.publishedAt.toISOString(), retentionDays },
        });
        return removed;
      }),
    );
  }
  return { inspections: expired.length, deleted };
}

export async function scheduleCaseJobs(jobs: Jobs, db: Kysely<Database>, retentionDays: number): Promise<void> {
  await jobs.schedule(ENFORCE_CASE_RETENTION_JOB, ENFORCE_CASE_RETENTION_CRON, async () => {
    await enforceCaseRetention(db, retentionDays);
  });
}
