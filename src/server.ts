// The only file that listens: opens the database, prepares it, starts jobs and the web app,
// and shuts all of them down cleanly on SIGINT/SIGTERM.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { prepareDatabase } from './bootstrap.ts';
import type { Config } from './config.ts';
import { openDatabase, type Db } from './platform/db/database.ts';
import { createJobs, type Jobs } from './platform/jobs.ts';
import { schedulePlatformJobs } from './platform/jobs-platform.ts';
import { scheduleCaseJobs } from './cases/case-jobs.ts';
import { scheduleEvidenceJobs } from './evidence/evidence-jobs.ts';
import { scheduleFeedbackJobs } from './public/page-feedback-jobs.ts';
import { scheduleReportJobs } from './reports/report-jobs.ts';
import { scheduleSurveyJobs } from './surveys/survey-jobs.ts';

export type RunningServer = { app: FastifyInstance; db: Db; jobs: Jobs; url: string; close: () => Promise<void> };

export type StartOptions = {
  /** Called once the database is ready, before the server listens (the demo seeds here). */
  beforeListen?: (db: Db) => Promise<void>;
  progress?: (message: string) => void;
};

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const progress = options.progress ?? (() => {});
  const db = config.databaseUrl
    ? await openDatabase({ kind: 'postgres', connectionString: config.databaseUrl })
    : await openDatabase({ kind: 'pglite', dataDir: config.dataDir, command: 'send-inspect start' });
  let app: FastifyInstance | undefined;
  let jobs: Jobs | undefined;
  try {
    progress(db.kind === 'postgres' ? 'Using PostgreSQL (DATABASE_URL)' : `Using the embedded database in ${config.dataDir}`);
    await prepareDatabase(db, progress);
    await options.beforeListen?.(db);
    app = await buildApp({ config, db });
    jobs = createJobs(db, app.log.child({ component: 'jobs' }));
    await schedulePlatformJobs(jobs, db.kysely);
    await scheduleSurveyJobs(jobs, db.kysely);
    await scheduleCaseJobs(jobs, db.kysely, config.caseDataRetentionDays);
    await scheduleEvidenceJobs(jobs, db.kysely, config.evidenceRetentionDays);
    await scheduleReportJobs(jobs, db.kysely);
    await scheduleFeedbackJobs(jobs, db.kysely, config.feedbackRetentionDays);
    await jobs.start();
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await jobs?.stop().catch(() => {});
    await app?.close().catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
  const running = app;
  const runningJobs = jobs;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await running.close();
      // Jobs finish their runs before the database they write to closes.
      await runningJobs.stop();
      await db.close();
    })();
    return closing;
  };
  return { app: running, db, jobs: runningJobs, url: `http://localhost:${config.port}`, close };
}

/** Stops on SIGINT/SIGTERM: finishes requests in flight, then closes the database. */
export function closeOnSignals(server: RunningServer, log: (m: string) => void): void {
  const stop = (signal: string) => {
    log(`${signal} received: stopping`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
