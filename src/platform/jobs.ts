// Background and scheduled work behind one interface: an in-process runner on the embedded
// database, pg-boss on PostgreSQL (where a scheduled job runs once across all app instances).
import type { Clock } from 'pg-boss';
import type { Db } from './db/database.ts';
import { createInlineJobs } from './jobs-inline.ts';
import { createPgBossJobs } from './jobs-pg-boss.ts';

export type JobHandler = () => Promise<void>;

export interface Jobs {
  /** Which runner this is: 'inline' on the embedded database, 'pg-boss' on PostgreSQL. */
  readonly kind: 'inline' | 'pg-boss';
  /** Registers work to run on a cron schedule (Europe/London time), once per due time across all instances. */
  schedule(name: string, cron: string, handler: JobHandler): Promise<void>;
  start(): Promise<void>;
  /** Stops scheduling and waits for runs in progress to finish. */
  stop(): Promise<void>;
}

/** The slice of a pino logger the runners use; job names and counts only, never personal data. */
export type JobsLog = {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
};

export type JobsOptions = {
  /** pg-boss only: a pg-boss TestClock lets tests move time for several instances at once. */
  clock?: Clock;
  /** pg-boss only: a name for this instance in pg-boss's instance registry. */
  instanceName?: string;
};

/** The runner for this database: in-process on PGlite, pg-boss on PostgreSQL. */
export function createJobs(db: Db, log: JobsLog, options: JobsOptions = {}): Jobs {
  if (db.kind === 'postgres') {
    if (!db.connectionString) throw new Error('Background jobs on PostgreSQL need the connection string.');
    return createPgBossJobs(db.connectionString, log, options);
  }
  return createInlineJobs(log);
}
