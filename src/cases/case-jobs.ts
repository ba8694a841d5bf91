// The cases' scheduled job: once an inspection has been published for the retention period, its
// person-level data, sample, tracking, reviews and case documents are deleted, and the deletion audited;
// and imports left part-way are cleared.
import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import type { Jobs } from '../platform/jobs.ts';
import { purgeAbandonedImports } from './case-import.service.ts';
import { inspectionsFirstPublishedBefore } from '../inspections/inspection.service.ts';
import { deleteCaseData, selectInspectionsWithCaseData, type DeletedCaseData } from './case-retention.repository.ts';

export const ENFORCE_CASE_RETENTION_JOB = 'cases.enforce-retention';
/** 03:45 UK time, after the surveys' jobs. */
export const ENFORCE_CASE_RETENTION_CRON = '45 3 * * *';
/** Imports cut off part-way (a server stopped mid-file) leave invisible rows; they go within the hour. */
export const PURGE_ABANDONED_IMPORTS_JOB = 'cases.purge-abandoned-imports';
export const PURGE_ABANDONED_IMPORTS_CRON = '50 * * * *';

const DAY_MS = 86_400_000;

export type CaseRetentionResult = { inspections: number; deleted: DeletedCaseData[] };

/** Person-level data of inspections published more than `retentionDays` ago is deleted, one inspection per transaction. */
export async function enforceCaseRetention(db: Kysely<Database>, retentionDays: number, now = new Date()): Promise<CaseRetentionResult> {
  const cutOff = new Date(now.getTime() - retentionDays * DAY_MS);
  const published = await inspectionsFirstPublishedBefore(db, cutOff);
  const holding = await selectInspectionsWithCaseData(db, published.map((i) => i.id));
  const expired = published.filter((i) => holding.has(i.id));
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
  await jobs.schedule(PURGE_ABANDONED_IMPORTS_JOB, PURGE_ABANDONED_IMPORTS_CRON, async () => {
    await purgeAbandonedImports(db);
  });
}
