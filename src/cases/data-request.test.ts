import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataRequestStatus } from './case.table.ts';
import {
  actionsFor,
  checkItemInput,
  checkStatusChange,
  dateInEngland,
  effectiveStatus,
  isOverdue,
  mayRemoveFile,
  missingItems,
  nextPosition,
  removalRefusal,
  statusAfterFileRemoved,
  summarise,
  summaryText,
} from './data-request.ts';

const TODAY = '2026-11-16';
const plain = { personLevelData: false, hasFiles: true };

test('an item is overdue only while it is still requested after its due date', () => {
  assert.equal(isOverdue({ status: 'requested', dueDate: '2026-11-13' }, TODAY), true);
  assert.equal(isOverdue({ status: 'requested', dueDate: TODAY }, TODAY), false, 'due today is not late yet');
  for (const status of ['provided', 'accepted', 'not_needed'] as const) assert.equal(isOverdue({ status, dueDate: '2026-11-01' }, TODAY), false, status);
});

test('the summary counts what was provided out of what is still asked for, and what is overdue', () => {
  const items = [
    { status: 'provided', dueDate: '2026-11-12', position: 1 },
    { status: 'accepted', dueDate: '2026-11-12', position: 2 },
    { status: 'requested', dueDate: '2026-11-12', position: 3 },
    { status: 'requested', dueDate: '2026-11-20', position: 4 },
    { status: 'not_needed', dueDate: '2026-11-12', position: 5 },
  ] as { status: DataRequestStatus; dueDate: string; position: number }[];
  const summary = summarise(items, TODAY);
  assert.deepEqual(summary, { asked: 4, provided: 2, accepted: 1, notNeeded: 1, outstanding: 2, overdue: 1 });
  assert.equal(summaryText(summary), '2 of 4 provided, 1 overdue');
  assert.deepEqual(summarise([], TODAY), { asked: 0, provided: 0, accepted: 0, notNeeded: 0, outstanding: 0, overdue: 0 });
});

test('what is missing lists overdue items first, then by due date, then in list order', () => {
  const items = [
    { id: 'a', status: 'requested' as const, dueDate: '2026-11-20', position: 1 },
    { id: 'b', status: 'requested' as const, dueDate: '2026-11-11', position: 2 },
    { id: 'c', status: 'provided' as const, dueDate: '2026-11-01', position: 3 },
    { id: 'd', status: 'requested' as const, dueDate: '2026-11-18', position: 4 },
    { id: 'e', status: 'requested' as const, dueDate: '2026-11-18', position: 0 },
    { id: 'f', status: 'requested' as const, dueDate: '2026-11-12', position: 9 },
  ];
  assert.deepEqual(missingItems(items, TODAY).map((i) => i.id), ['b', 'f', 'e', 'd', 'a']);
});

test('accepting needs something provided; not needed needs a reason; reopening asks again', () => {
  assert.deepEqual(checkStatusChange('provided', 'accept', 'ignored', plain), { ok: true, status: 'accepted', note: null });
  assert.deepEqual(checkStatusChange('requested', 'accept', '', plain), { ok: true, status: 'accepted', note: null }, 'a reopened item keeps its files');
  const nothing = checkStatusChange('requested', 'accept', '', { personLevelData: false, hasFiles: false });
  assert.equal(nothing.ok, false);
  assert.match(!nothing.ok ? nothing.message : '', /Nothing has been uploaded for this item yet/);
  assert.equal(checkStatusChange('not_needed', 'accept', '', plain).ok, false);

  const noReason = checkStatusChange('requested', 'not_needed', '   ', plain);
  assert.deepEqual(noReason, { ok: false, field: 'note', message: 'Say why the item is not needed' });
  assert.deepEqual(checkStatusChange('provided', 'not_needed', '  Covered by the strategy  ', plain), { ok: true, status: 'not_needed', note: 'Covered by the strategy' });
  assert.equal(checkStatusChange('not_needed', 'not_needed', 'again', plain).ok, false);
  assert.deepEqual(checkStatusChange('requested', 'not_needed', 'x'.repeat(1001), plain), { ok: false, field: 'note', message: 'The note must be 1000 characters or fewer' });

  assert.deepEqual(checkStatusChange('accepted', 'reopen', '', plain), { ok: true, status: 'requested', note: null });
  assert.deepEqual(checkStatusChange('provided', 'reopen', 'Send the 2026 version', plain), { ok: true, status: 'requested', note: 'Send the 2026 version' });
  assert.equal(checkStatusChange('requested', 'reopen', '', plain).ok, false);
  const imported = checkStatusChange('provided', 'reopen', '', { personLevelData: true, hasFiles: true });
  assert.match(!imported.ok ? imported.message : '', /send a corrected file on the person-level data page/);

  assert.deepEqual(actionsFor('provided', plain), ['accept', 'not_needed', 'reopen']);
  assert.deepEqual(actionsFor('requested', { personLevelData: false, hasFiles: false }), ['not_needed']);
  assert.deepEqual(actionsFor('not_needed', plain), ['reopen']);
  assert.deepEqual(actionsFor('accepted', plain), ['not_needed', 'reopen']);
});

test('the person-level data item counts as provided once data are imported, unless a lead has decided', () => {
  const item = { personLevelData: true, hasAcceptedImport: true };
  assert.equal(effectiveStatus('requested', item), 'provided');
  assert.equal(effectiveStatus('requested', { ...item, hasAcceptedImport: false }), 'requested');
  assert.equal(effectiveStatus('accepted', item), 'accepted');
  assert.equal(effectiveStatus('not_needed', item), 'not_needed');
  assert.equal(effectiveStatus('requested', { personLevelData: false, hasAcceptedImport: true }), 'requested', 'other items go by their files');
});

test('removing the last file asks for the item again; other removals leave the status', () => {
  assert.equal(statusAfterFileRemoved('provided', 0), 'requested');
  assert.equal(statusAfterFileRemoved('accepted', 0), 'requested');
  assert.equal(statusAfterFileRemoved('provided', 1), 'provided');
  assert.equal(statusAfterFileRemoved('not_needed', 0), 'not_needed');
});

test('files are removed by their uploader or a lead; items only when the team added them and they have no files', () => {
  assert.equal(mayRemoveFile({ uploadedBy: 'u1' }, { id: 'u1', isLead: false }), true);
  assert.equal(mayRemoveFile({ uploadedBy: 'u1' }, { id: 'u2', isLead: false }), false);
  assert.equal(mayRemoveFile({ uploadedBy: null }, { id: null, isLead: false }), false, 'a file whose uploader has gone is not everyone’s');
  assert.equal(mayRemoveFile({ uploadedBy: 'u1' }, { id: 'u2', isLead: true }), true);
  assert.equal(removalRefusal({ code: null, fileCount: 0 }), undefined);
  assert.match(removalRefusal({ code: null, fileCount: 1 }) ?? '', /Remove its files first/);
  assert.match(removalRefusal({ code: 'jsna', fileCount: 0 }) ?? '', /cannot be removed/);
});

test('an item the team writes needs a title and a real due date', () => {
  assert.deepEqual(checkItemInput({ title: 'Exclusions data', description: '', dueDate: '2026-11-20' }), []);
  assert.deepEqual(checkItemInput({ title: '  ', description: '', dueDate: '2026-02-30' }), [
    { field: 'title', message: 'Enter a title for the item' },
    { field: 'dueDate', message: 'The due date must be a real date' },
  ]);
  assert.equal(checkItemInput({ title: 'x'.repeat(201), description: 'y'.repeat(5001), dueDate: '2026-11-20' }).length, 2);
});

test('team items go after the framework list; the date is the date in England', () => {
  assert.equal(nextPosition(null, 15), 16);
  assert.equal(nextPosition(3, 15), 16, 'added before the list was made');
  assert.equal(nextPosition(17, 15), 18);
  assert.equal(nextPosition(null, 0), 1);
  assert.equal(dateInEngland(new Date('2026-06-30T23:30:00Z')), '2026-07-01', 'British Summer Time');
  assert.equal(dateInEngland(new Date('2026-12-31T23:30:00Z')), '2026-12-31');
});
