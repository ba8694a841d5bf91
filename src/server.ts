// The only file that listens: opens the database, prepares it, starts jobs and the web app,
// and shuts all of them down cleanly on SIGINT/SIGTERM.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { prepareDatabase } from './bootstrap.ts';
import type { Config } from './config.ts';
import { openDatabase, type Db } from './platform/db/database.ts';

export type RunningServer = { app: FastifyInstance; db: Db; url: string; close: () => Promise<void> };

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
  try {
    progress(db.kind === 'postgres' ? 'Using PostgreSQL (DATABASE_URL)' : `Using the embedded database in ${config.dataDir}`);
    await prepareDatabase(db, progress);
    await options.beforeListen?.(db);
    app = await buildApp({ config, db });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app?.close().catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
  const running = app;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await running.close();
      await db.close();
    })();
    return closing;
  };
  return { app: running, db, url: `http://localhost:${config.port}`, close };
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
