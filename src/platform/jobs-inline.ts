// The job runner for the embedded database: croner timers inside the one process that may
// open the data directory, so each due time runs here exactly once. A run that is still going
// when its next due time comes makes that due time skip rather than run beside it.
import { Cron } from 'croner';
import type { JobHandler, Jobs, JobsLog } from './jobs.ts';
import { JOBS_TIMEZONE, assertCron, assertJobName, runLogged } from './jobs-run.ts';

type Registration = { name: string; cron: string; handler: JobHandler };

export function createInlineJobs(log: JobsLog): Jobs {
  const registrations = new Map<string, Registration>();
  const timers: Cron[] = [];
  const running = new Map<string, Promise<void>>();
  let state: 'new' | 'started' | 'stopped' = 'new';

  function runUnlessBusy(registration: Registration): Promise<void> {
    const inProgress = running.get(registration.name);
    if (inProgress) {
      log.warn({ job: registration.name }, 'Job skipped: the previous run has not finished');
      return inProgress;
    }
    const run = runLogged(log, registration.name, registration.handler)
      // runLogged has logged the failure; the next due time tries again.
      .catch(() => {})
      .finally(() => running.delete(registration.name));
    running.set(registration.name, run);
    return run;
  }

  function arm(registration: Registration): void {
    timers.push(new Cron(registration.cron, { timezone: JOBS_TIMEZONE }, () => runUnlessBusy(registration)));
  }

  return {
    kind: 'inline',
    async schedule(name, cron, handler) {
      assertJobName(name);
      assertCron(name, cron);
      if (registrations.has(name)) throw new Error(`Job ${name} is already scheduled.`);
      if (state === 'stopped') throw new Error('The job runner has stopped.');
      const registration = { name, cron, handler };
      registrations.set(name, registration);
      if (state === 'started') arm(registration);
    },
    async start() {
      if (state !== 'new') return;
      state = 'started';
      for (const registration of registrations.values()) arm(registration);
      log.info({ runner: 'inline', jobs: [...registrations.keys()] }, 'Background jobs started');
    },
    async stop() {
      if (state === 'stopped') return;
      state = 'stopped';
      for (const timer of timers) timer.stop();
      await Promise.all(running.values());
    },
  };
}
