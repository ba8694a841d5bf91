// What the browser tests run against: Chromium, whether missing services fail or skip, and which database.
import { z } from 'zod';
import { loadConfig } from '../../src/config.ts';

const config = loadConfig({ ...process.env, NODE_ENV: 'test' });

// E2E_DB only chooses the database behind the browser tests' server; the app itself never reads it.
const e2eDb = z.enum(['pglite', 'postgres']).default('pglite').parse(process.env.E2E_DB || undefined);

export const e2eSettings = {
  chromePath: config.chromePath,
  requireBrowser: config.test.requireBrowser,
  testDatabaseUrl: config.test.databaseUrl,
  database: e2eDb,
  /** Screenshots of every page the journeys check, to look at after a run. */
  screenshotDir: '/tmp/send-inspect-e2e',
} as const;
