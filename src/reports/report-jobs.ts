// The report's scheduled job: every minute, publishes the reports whose publication time has come
// (with the same checks as publishing now), once across all app instances.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { Jobs } from '../platform/jobs.ts';
import { publishDueReports } from './report-publication.service.ts';

export const PUBLISH_DUE_REPORTS_JOB = 'reports.publish-due';
/** Every minute: a report appears within a minute of its time, and never before it. */
export const PUBLISH_DUE_REPORTS_CRON = '* * * * *';

export async function scheduleReportJobs(jobs: Jobs, db: Kysely<Database>): Promise<void> {
  await jobs.schedule(PUBLISH_DUE_REPORTS_JOB, PUBLISH_DUE_REPORTS_CRON, async () => {
    await publishDueReports(db);
  });
}
