import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordAudit, searchAudit, startOfUkDay } from './audit.ts';
import { describeEachDatabase } from './db/test-database.ts';
import { usePreparedDatabase } from './web/test-app.ts';

test('a UK day starts at midnight UK time: 23:00 UTC the day before in summer, 00:00 UTC in winter', () => {
  assert.equal(startOfUkDay('2026-07-01').toISOString(), '2026-06-30T23:00:00.000Z');
  assert.equal(startOfUkDay('2026-12-01').toISOString(), '2026-12-01T00:00:00.000Z');
  // The days the clocks change.
  assert.equal(startOfUkDay('2026-03-29').toISOString(), '2026-03-29T00:00:00.000Z');
  assert.equal(startOfUkDay('2026-10-25').toISOString(), '2026-10-24T23:00:00.000Z');
});

describeEachDatabase('audit log search', (kind) => {
  const db = usePreparedDatabase(kind);

  test('date filters use UK days: 00:30 UK time on 1 July counts as 1 July', async () => {
    await db.kysely
      .insertInto('audit_event')
      .values({ action: 'test.summer-night', details: '{}', occurred_at: new Date('2026-06-30T23:30:00Z') })
      .execute();
    const onFirst = await searchAudit(db.kysely, { action: 'test.summer-night', from: '2026-07-01', to: '2026-07-01' });
    assert.equal(onFirst.total, 1);
    const onThirtieth = await searchAudit(db.kysely, { action: 'test.summer-night', from: '2026-06-30', to: '2026-06-30' });
    assert.equal(onThirtieth.total, 0);
  });

  test('recorded events are found by actor and action, newest first', async () => {
    const actor = { id: '00000000-0000-4000-8000-000000000001', label: 'someone@example.test' };
    await recordAudit(db.kysely, { actor, action: 'test.first' });
    await recordAudit(db.kysely, { actor, action: 'test.second', details: { n: 2 } });
    const found = await searchAudit(db.kysely, { actorUserId: actor.id, action: 'test.' });
    assert.deepEqual(found.events.map((e) => e.action), ['test.second', 'test.first']);
    assert.deepEqual(found.events[0].details, { n: 2 });
  });
});
