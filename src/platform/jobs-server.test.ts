// The server starts the job runner that suits its database, with the platform's jobs, and stops it on close.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { startServer } from '../server.ts';
import { createPostgresTestDatabase, isPostgresReachable, testDatabaseKinds } from './db/test-database.ts';
import { PURGE_EXPIRED_SESSIONS_CRON, PURGE_EXPIRED_SESSIONS_JOB } from './jobs-platform.ts';
import { PG_BOSS_SCHEMA } from './jobs-pg-boss.ts';
import {
  ENFORCE_SURVEY_RETENTION_CRON,
  ENFORCE_SURVEY_RETENTION_JOB,
  PURGE_SURVEY_DRAFTS_CRON,
  PURGE_SURVEY_DRAFTS_JOB,
} from '../surveys/survey-jobs.ts';
import { ENFORCE_EVIDENCE_RETENTION_CRON, ENFORCE_EVIDENCE_RETENTION_JOB } from '../evidence/evidence-jobs.ts';
import { PUBLISH_DUE_REPORTS_CRON, PUBLISH_DUE_REPORTS_JOB } from '../reports/report-jobs.ts';
import { ENFORCE_FEEDBACK_RETENTION_CRON, ENFORCE_FEEDBACK_RETENTION_JOB } from '../public/page-feedback-jobs.ts';
import { ENFORCE_CASE_RETENTION_CRON, ENFORCE_CASE_RETENTION_JOB, PURGE_ABANDONED_IMPORTS_CRON, PURGE_ABANDONED_IMPORTS_JOB } from '../cases/case-jobs.ts';
import { testConfig } from './web/test-app.ts';

const postgresSkip = !testDatabaseKinds().includes('postgres')
  ? 'TEST_DB does not include postgres'
  : !(await isPostgresReachable())
    ? 'PostgreSQL did not answer'
    : false;

describe('the server and its background jobs', () => {
  test('on the embedded database: the in-process runner, stopped when the server closes', { skip: !testDatabaseKinds().includes('pglite') }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'send-inspect-server-jobs-'));
    try {
      const server = await startServer(testConfig({ port: 0, dataDir, databaseUrl: undefined }));
      assert.equal(server.jobs.kind, 'inline');
      await server.close();
      await assert.rejects(server.jobs.schedule('test.after-close', '* * * * *', async () => {}), /has stopped/);
      assert.equal(fs.existsSync(path.join(dataDir, 'send-inspect.lock')), false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('on PostgreSQL: pg-boss, with the purges scheduled in the small hours (abandoned imports hourly, due reports published every minute), UK time', { skip: postgresSkip }, async () => {
    const database = await createPostgresTestDatabase();
    try {
      const server = await startServer(testConfig({ port: 0, databaseUrl: database.connectionString }));
      try {
        assert.equal(server.jobs.kind, 'pg-boss');
        const schedules = await server.db.withSession((run) => run(`select name, cron, timezone from ${PG_BOSS_SCHEMA}.schedule order by cron`));
        assert.deepEqual(schedules, [
          { name: PUBLISH_DUE_REPORTS_JOB, cron: PUBLISH_DUE_REPORTS_CRON, timezone: 'Europe/London' },
          { name: ENFORCE_FEEDBACK_RETENTION_JOB, cron: ENFORCE_FEEDBACK_RETENTION_CRON, timezone: 'Europe/London' },
          { name: PURGE_EXPIRED_SESSIONS_JOB, cron: PURGE_EXPIRED_SESSIONS_CRON, timezone: 'Europe/London' },
          { name: PURGE_SURVEY_DRAFTS_JOB, cron: PURGE_SURVEY_DRAFTS_CRON, timezone: 'Europe/London' },
          { name: ENFORCE_SURVEY_RETENTION_JOB, cron: ENFORCE_SURVEY_RETENTION_CRON, timezone: 'Europe/London' },
          { name: ENFORCE_CASE_RETENTION_JOB, cron: ENFORCE_CASE_RETENTION_CRON, timezone: 'Europe/London' },
          { name: PURGE_ABANDONED_IMPORTS_JOB, cron: PURGE_ABANDONED_IMPORTS_CRON, timezone: 'Europe/London' },
          { name: ENFORCE_EVIDENCE_RETENTION_JOB, cron: ENFORCE_EVIDENCE_RETENTION_CRON, timezone: 'Europe/London' },
        ]);
      } finally {
        await server.close();
      }
      await assert.rejects(server.jobs.schedule('test.after-close', '* * * * *', async () => {}), /has stopped/);
      await assert.rejects(server.db.kysely.selectFrom('audit_event').selectAll().execute(), 'the database is closed after the jobs');
    } finally {
      await database.drop();
    }
  });
});
