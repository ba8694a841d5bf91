// A server for the evidence-pages and public-pages benchmarks, run in its own process so the load generator does not
// share its event loop: the whole app (production configuration) on a prepared database, and in the
// same process a bare Fastify route that returns fixed bytes, as the floor both are measured against.
// The parent sends { start: EvidenceServerOrder }, { bareBody } (what the bare route answers with,
// acknowledged with { ok }), 'cpu' (answered with the CPU time used so far) and 'stop'; this process
// answers { url, bareUrl } once listening.
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Db } from '../src/platform/db/database.ts';

export type EvidenceServerOrder = {
  database: { kind: 'postgres'; connectionString: string } | { kind: 'pglite'; dataDir: string };
  /** The app's log level; production logs every request at 'info'. */
  logLevel: string;
};

type Running = { app: FastifyInstance; bare: FastifyInstance; db: Db };

async function start(order: EvidenceServerOrder): Promise<{ running: Running; url: string; bareUrl: string }> {
  const db =
    order.database.kind === 'postgres'
      ? await openDatabase({ kind: 'postgres', connectionString: order.database.connectionString })
      : await openDatabase({ kind: 'pglite', dataDir: order.database.dataDir, command: 'evidence-pages benchmark server' });
  const config = loadConfig(
    {
      NODE_ENV: 'production',
      SESSION_SECRET: 'evidence-pages-benchmark-session-secret-0123456789',
      SERVICE_URL: 'http://127.0.0.1',
      LOG_LEVEL: order.logLevel,
      // Signed in with a password only, over plain HTTP on the loopback.
      REQUIRE_MFA: 'false',
      SECURE_COOKIES: 'false',
    },
    { signInRateLimitPerMinute: 10_000 },
  );
  const app = await buildApp({ config, db });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const bare = Fastify({ logger: false });
  bare.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(bareBody));
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
  return { running: { app, bare, db }, url, bareUrl };
}

let running: Running | undefined;
/** A page of the app's, so the bare route sends the same bytes. */
let bareBody = '';

process.on('message', (message: { start?: EvidenceServerOrder; bareBody?: string } | 'stop' | 'cpu') => {
  if (message === 'cpu') {
    const used = process.cpuUsage();
    process.send!({ cpuMicros: used.user + used.system });
    return;
  }
  if (typeof message !== 'string' && message.bareBody !== undefined) {
    bareBody = message.bareBody;
    process.send!({ ok: true });
    return;
  }
  if (message === 'stop') {
    void (async () => {
      await running?.bare.close();
      await running?.app.close();
      await running?.db.close();
      process.exit(0);
    })();
    return;
  }
  if (message.start) {
    void start(message.start)
      .then((started) => {
        running = started.running;
        process.send!({ url: started.url, bareUrl: started.bareUrl });
      })
      .catch((error: unknown) => {
        process.send!({ error: error instanceof Error ? error.stack : String(error) });
        process.exit(1);
      });
  }
});
