// A server for the survey-intake benchmark, run in its own process so the load generator does
// not share its event loop: either the whole app, or the baseline (bare Fastify, one INSERT).
// The parent sends { start: ServerOrder }, 'cpu' (answered with the CPU time used so far) and 'stop';
// this process answers { url } once listening.
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Db } from '../src/platform/db/database.ts';

export type ServerOrder = {
  kind: 'product' | 'baseline';
  connectionString: string;
  /** Connections in the server's pool: the same for both, so neither has more database to use. */
  poolSize: number;
  /** The product's log level; its production default ('info') logs every request. */
  logLevel: string;
  /** The baseline's table and the survey its rows belong to. */
  baselineTable?: string;
  surveyId?: string;
};

type Running = { app: FastifyInstance; close: () => Promise<void> };

async function startProduct(order: ServerOrder): Promise<Running> {
  const db: Db = await openDatabase({ kind: 'postgres', connectionString: order.connectionString, poolSize: order.poolSize });
  const config = loadConfig(
    {
      NODE_ENV: 'production',
      SESSION_SECRET: 'survey-intake-benchmark-session-secret-0123456789',
      SERVICE_URL: 'http://127.0.0.1',
      DATABASE_URL: order.connectionString,
      LOG_LEVEL: order.logLevel,
    },
    // One address sends everything here, so the per-address allowance must not be what is measured.
    { surveySubmissionsPerMinute: 100_000_000 },
  );
  // The app's own logger options (serializers, redaction), at the level asked for.
  const app = await buildApp({ config, db });
  return { app, close: () => db.close() };
}

async function startBaseline(order: ServerOrder): Promise<Running> {
  const pool = new pg.Pool({ connectionString: order.connectionString, max: order.poolSize });
  const app = Fastify({ logger: false });
  const insert = `insert into ${order.baselineTable} (survey_id, language, answers, idempotency_key) values ($1, $2, $3, $4)
    on conflict (survey_id, idempotency_key) do nothing returning id`;
  app.post('/api/surveys/:linkCode/responses', async (request, reply) => {
    const body = request.body as { language: string; answers: unknown };
    const result = await pool.query(insert, [order.surveyId, body.language, JSON.stringify(body.answers), request.headers['idempotency-key']]);
    return reply.code(result.rowCount === 1 ? 201 : 200).send({ status: result.rowCount === 1 ? 'stored' : 'already-stored' });
  });
  return { app, close: () => pool.end() };
}

let running: Running | undefined;

process.on('message', (message: { start?: ServerOrder } | 'stop' | 'cpu') => {
  if (message === 'cpu') {
    const used = process.cpuUsage();
    process.send!({ cpuMicros: used.user + used.system });
    return;
  }
  if (message === 'stop') {
    void (async () => {
      await running?.app.close();
      await running?.close();
      // Exiting writes the CPU profile when the process was started with --cpu-prof.
      process.exit(0);
    })();
    return;
  }
  if (message.start) {
    const order = message.start;
    void (async () => {
      running = order.kind === 'product' ? await startProduct(order) : await startBaseline(order);
      const url = await running.app.listen({ port: 0, host: '127.0.0.1' });
      process.send!({ url });
    })().catch((error: unknown) => {
      process.send!({ error: error instanceof Error ? error.stack : String(error) });
      process.exit(1);
    });
  }
});
