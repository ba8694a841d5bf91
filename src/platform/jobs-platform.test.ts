// The platform's scheduled jobs, run on their own.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Db } from './db/database.ts';
import { createTestDatabase, describeEachDatabase } from './db/test-database.ts';
import { purgeExpiredSessions } from './jobs-platform.ts';

async function addSession(db: Db, id: string, expiresAt: Date): Promise<void> {
  await db.kysely.insertInto('user_session').values({ id_hash: id, user_id: null, data: '{}', expires_at: expiresAt }).execute();
}

describeEachDatabase('the sessions.purge-expired job', (kind) => {
  let db: Db;
  before(async () => {
    db = await createTestDatabase(kind);
  });
  after(async () => {
    await db.close();
  });

  test('removes only expired sessions and audits how many went, in the same transaction', async () => {
    const now = new Date('2026-11-23T03:15:00Z');
    await addSession(db, 'expired-1', new Date('2026-11-22T10:00:00Z'));
    await addSession(db, 'expired-2', now);
    await addSession(db, 'live', new Date('2026-11-23T05:00:00Z'));

    assert.deepEqual(await purgeExpiredSessions(db.kysely, now), { removed: 2 });
    const left = await db.kysely.selectFrom('user_session').select('id_hash').execute();
    assert.deepEqual(left.map((r) => r.id_hash), ['live']);

    assert.deepEqual(await purgeExpiredSessions(db.kysely, now), { removed: 0 });
    const audits = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'sessions.purge').orderBy('id').execute();
    assert.deepEqual(audits.map((a) => a.details), [{ removed: 2 }, { removed: 0 }]);
    assert.equal(audits[0].actor_user_id, null, 'the system, not a person, did this');
    assert.equal(audits[0].outcome, 'success');
  });
});
