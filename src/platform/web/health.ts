// Health endpoints for operators and load balancers: /health checks the database, /ping does not.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Config } from '../../config.ts';
import type { Db } from '../db/database.ts';

const VERSION = '0.1.0';

export function setUpHealthChecks(app: FastifyInstance, config: Config, db: Db): void {
  const startedAt = new Date();
  app.get('/ping', { config: { permission: 'public' } }, async () => ({ status: 'UP' }));

  app.get('/health', { config: { permission: 'public' } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(db.kysely);
      return { status: 'UP', components: { database: { status: 'UP', kind: db.kind } } };
    } catch {
      reply.code(503);
      return { status: 'DOWN', components: { database: { status: 'DOWN', kind: db.kind } } };
    }
  });

  app.get('/info', { config: { permission: 'public' } }, async () => ({
    name: 'send-inspect',
    version: VERSION,
    build: { buildNumber: config.buildNumber, gitRef: config.gitRef },
    database: db.kind,
    startedAt: startedAt.toISOString(),
    uptimeSeconds: Math.round(process.uptime()),
  }));
}
