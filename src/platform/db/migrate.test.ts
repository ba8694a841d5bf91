import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from './database.ts';
import { currentSchemaVersion, latestSchemaVersion, migrate } from './migrate.ts';
import { createTestDatabase, describeEachDatabase } from './test-database.ts';

describeEachDatabase('migrations and type parsing', (kind) => {
  let db: Db;
  before(async () => {
    db = await createTestDatabase(kind);
  });
  after(async () => {
    await db.close();
  });

  test('the template is fully migrated and migrating again does nothing', async () => {
    assert.equal(await currentSchemaVersion(db), latestSchemaVersion());
    assert.deepEqual(await migrate(db), []);
  });

  test('int8, numeric and date come back as the same JS types on both engines', async () => {
    const { rows } = await sql<{ n: number; x: number; d: string; t: Date }>`
      select count(*) as n, 1.5::numeric as x, date '2026-11-23' as d, now() as t`.execute(db.kysely);
    assert.equal(rows[0].n, 1);
    assert.equal(rows[0].x, 1.5);
    assert.equal(rows[0].d, '2026-11-23');
    assert.ok(rows[0].t instanceof Date);
  });

  test('the audit log refuses updates and deletes', async () => {
    await db.kysely.insertInto('audit_event').values({ action: 'test.event', details: '{}' } as never).execute();
    await assert.rejects(sql`update audit_event set action = 'changed'`.execute(db.kysely), /append-only/);
    await assert.rejects(sql`delete from audit_event`.execute(db.kysely), /append-only/);
    await assert.rejects(sql`truncate audit_event`.execute(db.kysely), /append-only/);
  });

  test('concurrent transactions stay isolated: a rollback loses only its own writes', async () => {
    await sql`create table iso_check (v text)`.execute(db.kysely);
    const committed = db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('iso_check' as never).values({ v: 'kept' } as never).execute();
      await new Promise((r) => setTimeout(r, 20));
    });
    const rolledBack = db.kysely
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('iso_check' as never).values({ v: 'lost' } as never).execute();
        throw new Error('roll back');
      })
      .catch(() => 'rolled back');
    const plain = db.kysely.insertInto('iso_check' as never).values({ v: 'plain' } as never).execute();
    await Promise.all([committed, rolledBack, plain]);
    const { rows } = await sql<{ v: string }>`select v from iso_check order by v`.execute(db.kysely);
    assert.deepEqual(rows.map((r) => r.v), ['kept', 'plain']);
  });
});
