// The job runner for PostgreSQL: pg-boss in its own schema. However many app instances run,
// pg-boss's cron pass files one job per due time and one worker claims it, so a scheduled job
// runs once; the singleton queue policy keeps a slow run from overlapping the next one.
import { PgBoss } from 'pg-boss';
import type { JobHandler, Jobs, JobsLog, JobsOptions } from './jobs.ts';
import { JOBS_TIMEZONE, assertCron, assertJobName, runLogged } from './jobs-run.ts';

/** pg-boss keeps its tables here, apart from the application's schema (backups leave it out). */
export const PG_BOSS_SCHEMA = 'pgboss';

type Registration = { name: string; cron: string; handler: JobHandler };

// A scheduled job is rare work: a poll every 10 s per instance is prompt enough and cheap.
const POLLING_INTERVAL_SECONDS = 10;
const QUEUE_OPTIONS = {
  // Only one job of the queue may be active at a time, across all instances.
  policy: 'singleton',
  retryLimit: 2,
  retryDelay: 60,
  retryBackoff: true,
  // Longer than any of our jobs should take: pg-boss would otherwise hand an overrunning job to another worker.
  expireInSeconds: 60 * 60,
} as const;

/** pg-boss files at most one job a minute per schedule, so a seconds field would silently mean less than it says. */
function assertMinuteCron(name: string, cron: string): void {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new Error(`The schedule "${cron}" for job ${name} must have five fields (minute hour day month weekday): on PostgreSQL jobs run at most once a minute.`);
  }
  assertCron(name, cron);
}

export function createPgBossJobs(connectionString: string, log: JobsLog, options: JobsOptions = {}): Jobs {
  const boss = new PgBoss({
    connectionString,
    schema: PG_BOSS_SCHEMA,
    application_name: 'send-inspect jobs',
    max: 3,
    clock: options.clock,
    instanceName: options.instanceName,
  });
  boss.on('error', (error) => log.error({ runner: 'pg-boss', err: error }, 'Background jobs: pg-boss reported an error'));
  boss.on('warning', (warning) => log.warn({ runner: 'pg-boss', warning: warning.message }, 'Background jobs: pg-boss warning'));

  const registrations = new Map<string, Registration>();
  let state: 'new' | 'started' | 'stopped' = 'new';

  async function install(registration: Registration): Promise<void> {
    const { name, cron, handler } = registration;
    await boss.createQueue(name, QUEUE_OPTIONS);
    await boss.schedule(name, cron, null, { tz: JOBS_TIMEZONE });
    // Throwing marks the pg-boss job failed, so pg-boss retries it (QUEUE_OPTIONS.retryLimit).
    await boss.work(name, { pollingIntervalSeconds: POLLING_INTERVAL_SECONDS }, () => runLogged(log, name, handler));
  }

  return {
    kind: 'pg-boss',
    async schedule(name, cron, handler) {
      assertJobName(name);
      assertMinuteCron(name, cron);
      if (registrations.has(name)) throw new Error(`Job ${name} is already scheduled.`);
      if (state === 'stopped') throw new Error('The job runner has stopped.');
      const registration = { name, cron, handler };
      registrations.set(name, registration);
      if (state === 'started') await install(registration);
    },
    async start() {
      if (state !== 'new') return;
      state = 'started';
      await boss.start();
      for (const registration of registrations.values()) await install(registration);
      log.info({ runner: 'pg-boss', jobs: [...registrations.keys()] }, 'Background jobs started');
    },
    async stop() {
      if (state !== 'started') {
        state = 'stopped';
        return;
      }
      state = 'stopped';
      // Graceful: waits (up to 8 s, inside the server's 10 s shutdown limit) for handlers in progress, then closes pg-boss's own pool.
      await boss.stop({ graceful: true, timeout: 8_000 });
    },
  };
}
