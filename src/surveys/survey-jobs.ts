// The surveys' scheduled jobs: deleting answers in progress that were never sent, and deleting
// responses once their retention period is over.
import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import type { Jobs } from '../platform/jobs.ts';
import { purgeExpiredImports } from './survey-transfer.service.ts';
import { deleteExpiredDrafts, deleteResponsesOfSurveysClosedBefore } from './survey.repository.ts';

export const PURGE_SURVEY_DRAFTS_JOB = 'surveys.purge-unsent-answers';
export const ENFORCE_SURVEY_RETENTION_JOB = 'surveys.enforce-retention';
/** 03:25 and 03:35 UK time: after the sessions purge, clear of the hour the clocks change. */
export const PURGE_SURVEY_DRAFTS_CRON = '25 3 * * *';
export const ENFORCE_SURVEY_RETENTION_CRON = '35 3 * * *';

/** Survey responses are kept for three years after the survey closes, as Ofsted does for its survey data. */
export const RESPONSE_RETENTION_YEARS = 3;

/** Unsent answers in progress, and import files uploaded but never imported (kept 24 hours). */
export async function purgeUnsentAnswers(db: Kysely<Database>, now = new Date()): Promise<{ removed: number; importsRemoved: number }> {
  return db.transaction().execute(async (trx) => {
    const removed = await deleteExpiredDrafts(trx, now);
    const importsRemoved = await purgeExpiredImports(trx, now);
    await recordAudit(trx, { actor: null, action: 'surveys.purge-unsent-answers', details: { removed, importsRemoved } });
    return { removed, importsRemoved };
  });
}

export function retentionCutOff(now: Date): Date {
  const cutOff = new Date(now);
  cutOff.setUTCFullYear(cutOff.getUTCFullYear() - RESPONSE_RETENTION_YEARS);
  return cutOff;
}

/** Deletes every response to surveys that closed more than the retention period ago; summaries already shared stay. */
export async function enforceResponseRetention(db: Kysely<Database>, now = new Date()): Promise<{ removed: number }> {
  return db.transaction().execute(async (trx) => {
    const removed = await deleteResponsesOfSurveysClosedBefore(trx, retentionCutOff(now));
    await recordAudit(trx, { actor: null, action: 'surveys.retention-enforced', details: { removed, retentionYears: RESPONSE_RETENTION_YEARS } });
    return { removed };
  });
}

export async function scheduleSurveyJobs(jobs: Jobs, db: Kysely<Database>): Promise<void> {
  await jobs.schedule(PURGE_SURVEY_DRAFTS_JOB, PURGE_SURVEY_DRAFTS_CRON, async () => {
    await purgeUnsentAnswers(db);
  });
  await jobs.schedule(ENFORCE_SURVEY_RETENTION_JOB, ENFORCE_SURVEY_RETENTION_CRON, async () => {
    await enforceResponseRetention(db);
  });
}
