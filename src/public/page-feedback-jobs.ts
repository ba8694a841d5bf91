// Page feedback's scheduled job: feedback from the public site is deleted once it is older than the
// retention period, whatever its status, and the deletion audited.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { Jobs } from '../platform/jobs.ts';
import { enforceFeedbackRetention } from './page-feedback.service.ts';

export const ENFORCE_FEEDBACK_RETENTION_JOB = 'feedback.enforce-retention';
/** 04:00 UK time, after the evidence job. */
export const ENFORCE_FEEDBACK_RETENTION_CRON = '0 4 * * *';

export async function scheduleFeedbackJobs(jobs: Jobs, db: Kysely<Database>, retentionDays: number): Promise<void> {
  await jobs.schedule(ENFORCE_FEEDBACK_RETENTION_JOB, ENFORCE_FEEDBACK_RETENTION_CRON, async () => {
    await enforceFeedbackRetention(db, retentionDays);
  });
}
