// Several app instances on one PostgreSQL database: shared sessions, and scheduled jobs that run once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { TestClock } from 'pg-boss';
import { buildApp } from '../app.ts';
import { openDatabase, type Db } from './db/database.ts';
import { createPostgresTestDatabase, isPostgresReachable, testDatabaseKinds } from './db/test-database.ts';
import { createJobs, type Jobs } from './jobs.ts';
import { PURGE_EXPIRED_SESSIONS_JOB, schedulePlatformJobs } from './jobs-platform.ts';
import { PG_BOSS_SCHEMA } from './jobs-pg-boss.ts';
import { recordingLog, waitFor } from './jobs-test-support.ts';
import { signInAs } from './auth/test-users.ts';
import { TestClient, testConfig } from './web/test-app.ts';

/** A test-only route: who the session says the visitor is, as this instance sees it. */
async function whoAmIRoute(app: FastifyInstance): Promise<void> {
  app.get('/test/who-am-i', { config: { permission: 'public' } }, async (request) => ({
    email: request.visitor.principal?.email ?? null,
  }));
}

type Instance = { name: string; db: Db; app: FastifyInstance; jobs: Jobs; log: ReturnType<typeof recordingLog> };

async function startInstance(name: string, connectionString: string, clock: TestClock): Promise<Instance> {
  const db = await openDatabase({ kind: 'postgres', connectionString, poolSize: 3 });
  const app = await buildApp({ config: testConfig(), db, logger: false });
  await app.register(whoAmIRoute);
  await app.ready();
  const log = recordingLog();
  const jobs = createJobs(db, log, { clock, instanceName: name });
  await schedulePlatformJobs(jobs, db.kysely);
  await jobs.start();
  return { name, db, app, jobs, log };
}

const postgresSkip = !testDatabaseKinds().includes('postgres')
  ? 'TEST_DB does not include postgres'
  : !(await isPostgresReachable())
    ? 'PostgreSQL did not answer'
    : false;

describe('two app instances on one PostgreSQL database', { skip: postgresSkip }, () => {
  // pg-boss's TestClock drives both instances' timers and the database's idea of "now" together,
  // so days of schedule pass in seconds while pg-boss's real cron pass, claim and queue do the work.
  const clock = new TestClock('2030-03-30T03:00:00Z');
  let database: Awaited<ReturnType<typeof createPostgresTestDatabase>>;
  let a: Instance;
  let b: Instance;

  before(async () => {
    database = await createPostgresTestDatabase();
    a = await startInstance('instance-a', database.connectionString, clock);
    b = await startInstance('instance-b', database.connectionString, clock);
  });
  after(async () => {
    for (const instance of [a, b]) {
      await instance?.jobs.stop();
      await instance?.app.close();
      await instance?.db.close();
    }
    await database?.drop();
  });

  test('someone signed in on one instance is signed in on the other', async () => {
    const onA = new TestClient(a.app);
    const user = await signInAs(onA, a.db, { organisation: 'ofsted' });
    assert.deepEqual((await onA.get('/test/who-am-i')).json(), { email: user.email });

    // The same browser, its next request load-balanced to instance B.
    const onB = new TestClient(b.app);
    for (const [cookie, value] of onA.cookies) onB.cookies.set(cookie, value);
    assert.deepEqual((await onB.get('/test/who-am-i')).json(), { email: user.email });

    const stranger = new TestClient(b.app);
    assert.deepEqual((await stranger.get('/test/who-am-i')).json(), { email: null });
  });

  test('the daily purge runs exactly once per due time across both instances, at 03:15 UK time', async () => {
    // Across the start of British Summer Time (Sunday 31 March 2030): 03:15 UK time is 03:15 UTC,
    // then 02:15 UTC. Each day begins with a different number of expired sessions.
    const days = [
      { start: '2030-03-30T03:13:00Z', expired: 1 },
      { start: '2030-03-31T02:13:00Z', expired: 2 },
      { start: '2030-04-01T02:13:00Z', expired: 3 },
    ];
    const purges = () =>
      a.db.kysely.selectFrom('audit_event').select(['details', 'occurred_at']).where('action', '=', 'sessions.purge').orderBy('id').execute();

    for (const [index, day] of days.entries()) {
      for (let i = 0; i < day.expired; i++) {
        await a.db.kysely
          .insertInto('user_session')
          .values({ id_hash: `day-${index}-expired-${i}`, user_id: null, data: '{}', expires_at: new Date(Date.now() - 60_000) })
          .execute();
      }
      await clock.setTime(day.start);
      // Two minutes before the due time to three minutes after, a second at a time.
      for (let second = 0; second < 5 * 60; second++) await clock.tick(1000);
      assert.ok(await waitFor(async () => (await purges()).length >= index + 1, 10_000), `the purge ran on day ${index + 1}`);
    }
    // Time for any duplicate to show itself before counting.
    for (let second = 0; second < 60; second++) await clock.tick(1000);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const runs = await purges();
    assert.deepEqual(runs.map((r) => r.details), [{ removed: 1 }, { removed: 2 }, { removed: 3 }]);
    const jobRows = await a.db.withSession((run) =>
      run(`select count(*)::int as n from ${PG_BOSS_SCHEMA}.job where name = '${PURGE_EXPIRED_SESSIONS_JOB}'`),
    );
    assert.equal(jobRows[0].n, days.length, 'pg-boss created one job per due time, not one per instance');
    const finished = [...a.log.entries, ...b.log.entries].filter((e) => e.message === 'Job finished' && e.details.job === PURGE_EXPIRED_SESSIONS_JOB);
    assert.equal(finished.length, days.length);
    const errors = [...a.log.entries, ...b.log.entries].filter((e) => e.level === 'error');
    assert.deepEqual(errors, []);
  });
});
