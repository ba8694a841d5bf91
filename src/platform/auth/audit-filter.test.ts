import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAuditQuery, parseDateParts } from './audit-filter.ts';

test('date inputs: empty, valid, partial and impossible dates', () => {
  assert.deepEqual(parseDateParts({}, 'Date from'), { ok: true });
  assert.deepEqual(parseDateParts({ day: '3', month: '7', year: '2026' }, 'Date from'), { ok: true, value: '2026-07-03' });
  assert.deepEqual(parseDateParts({ day: '3', year: '2026' }, 'Date from'), { ok: false, message: 'Date from must include a month', part: 'month' });
  assert.deepEqual(parseDateParts({ day: '31', month: '2', year: '2026' }, 'Date to'), { ok: false, message: 'Date to must be a real date', part: 'day' });
  assert.deepEqual(parseDateParts({ day: '1', month: '13', year: '2026' }, 'Date to'), { ok: false, message: 'Date to must be a real date', part: 'month' });
  assert.equal(parseDateParts({ day: 'x', month: '1', year: '2026' }, 'Date to').ok, false);
});

test('a from date after the to date is an error', () => {
  const { errors } = checkAuditQuery({ from: { day: '2', month: '1', year: '2026' }, to: { day: '1', month: '1', year: '2026' } });
  assert.deepEqual(errors.summary, [{ text: 'Date from must be the same as or before date to', href: '#from-day' }]);
  assert.equal(checkAuditQuery({ from: { day: '1', month: '1', year: '2026' }, to: { day: '1', month: '1', year: '2026' } }).errors.summary.length, 0);
});

test('inspection ids must be UUIDs; actions a simple prefix', () => {
  const bad = checkAuditQuery({ inspection: 'ABC', action: "x'; drop" });
  assert.deepEqual(Object.keys(bad.errors.fields).sort(), ['action', 'inspection']);
  const good = checkAuditQuery({ inspection: '0B6F1C9E-2D3A-4F5B-8C7D-9E0F1A2B3C4D', action: 'auth.', user: ' a@b.test ' });
  assert.deepEqual(good.filters, { inspectionId: '0b6f1c9e-2d3a-4f5b-8c7d-9e0f1a2b3c4d', action: 'auth.', user: 'a@b.test' });
});
