// Background and scheduled work behind one interface: an in-process runner on the embedded
// database, pg-boss on PostgreSQL (where a scheduled job runs once across all app instances).

export type JobHandler = () => Promise<void>;

export interface Jobs {
  /** Registers work to run on a cron schedule (Europe/London time), once per due time across all instances. */
  schedule(name: string, cron: string, handler: JobHandler): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
