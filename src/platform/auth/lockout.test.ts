import assert from 'node:assert/strict';
import { test } from 'node:test';
import { afterFailure, isLocked, lockDurationMs } from './lockout.ts';

const MINUTE = 60_000;

test('no lock for the first four failures', () => {
  for (let n = 0; n < 5; n++) assert.equal(lockDurationMs(n), 0, `${n} failures`);
});

test('the fifth failure locks for a minute, doubling per further failure up to an hour', () => {
  assert.equal(lockDurationMs(5), 1 * MINUTE);
  assert.equal(lockDurationMs(6), 2 * MINUTE);
  assert.equal(lockDurationMs(7), 4 * MINUTE);
  assert.equal(lockDurationMs(10), 32 * MINUTE);
  assert.equal(lockDurationMs(11), 60 * MINUTE);
  assert.equal(lockDurationMs(50), 60 * MINUTE);
  assert.equal(lockDurationMs(1_000_000), 60 * MINUTE);
});

test('afterFailure counts and returns locked_until', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  assert.deepEqual(afterFailure(0, now), { failedSignIns: 1, lockedUntil: null });
  assert.deepEqual(afterFailure(4, now), { failedSignIns: 5, lockedUntil: new Date('2026-11-23T10:01:00Z') });
  assert.deepEqual(afterFailure(5, now), { failedSignIns: 6, lockedUntil: new Date('2026-11-23T10:02:00Z') });
});

test('isLocked compares with now', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  assert.equal(isLocked(null, now), false);
  assert.equal(isLocked(new Date('2026-11-23T10:00:01Z'), now), true);
  assert.equal(isLocked(new Date('2026-11-23T10:00:00Z'), now), false);
});
