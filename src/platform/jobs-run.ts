// What both job runners share: the time zone schedules are read in, job names, and running a job with a log line.
import { Cron } from 'croner';
import type { JobHandler, JobsLog } from './jobs.ts';

/** Schedules are read in UK time, so "03:15" stays 03:15 across the clock changes. */
export const JOBS_TIMEZONE = 'Europe/London';

const JOB_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

/** A job name is also a pg-boss queue name and a log field: lower-case words joined by dots or hyphens. */
export function assertJobName(name: string): void {
  if (!JOB_NAME.test(name)) {
    throw new Error(`Job name "${name}" is not valid: use lower-case words joined by dots or hyphens, e.g. "sessions.purge-expired".`);
  }
}

/** Throws a plain message when croner cannot read the expression. */
export function assertCron(name: string, cron: string): void {
  try {
    new Cron(cron, { paused: true, timezone: JOBS_TIMEZONE }).stop();
  } catch (error) {
    throw new Error(`The schedule "${cron}" for job ${name} is not a valid cron expression: ${(error as Error).message}`, { cause: error });
  }
}

/** Runs one job, logging how it went and how long it took; the error is passed on to the caller. */
export async function runLogged(log: JobsLog, name: string, handler: JobHandler): Promise<void> {
  const started = Date.now();
  log.info({ job: name }, 'Job started');
  try {
    await handler();
    log.info({ job: name, durationMs: Date.now() - started }, 'Job finished');
  } catch (error) {
    log.error({ job: name, durationMs: Date.now() - started, err: error }, 'Job failed');
    throw error;
  }
}
