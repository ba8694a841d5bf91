// The platform's own scheduled jobs, and the work each one does (exported so it can be run and tested alone).
import type { Kysely } from 'kysely';
import { recordAudit } from './audit.ts';
import type { Database } from './db/schema.ts';
import type { Jobs } from './jobs.ts';
import { deleteExpiredSessions } from './web/session-store.ts';

export const PURGE_EXPIRED_SESSIONS_JOB = 'sessions.purge-expired';
/** 03:15 UK time: quiet hours, and clear of the 01:00–02:00 hour the clocks skip or repeat. */
export const PURGE_EXPIRED_SESSIONS_CRON = '15 3 * * *';

/** Deletes expired sessions and records how many went, in one transaction. */
export async function purgeExpiredSessions(db: Kysely<Database>, now = new Date()): Promise<{ removed: number }> {
  return db.transaction().execute(async (trx) => {
    const removed = await deleteExpiredSessions(trx, now);
    await recordAudit(trx, { actor: null, action: 'sessions.purge', details: { removed } });
    return { removed };
  });
}

/** Registers every platform job with the runner; call before or after `jobs.start()`. */
export async function schedulePlatformJobs(jobs: Jobs, db: Kysely<Database>): Promise<void> {
  await jobs.schedule(PURGE_EXPIRED_SESSIONS_JOB, PURGE_EXPIRED_SESSIONS_CRON, async () => {
    await purgeExpiredSessions(db);
  });
}
