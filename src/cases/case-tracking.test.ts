import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDescription } from './case-documents.ts';
import { NOTE_MAX_LENGTH, trackingProgress, validateMeeting, validateNote } from './case-tracking.ts';

const WINDOW = { notificationDate: '2026-11-09', onsiteEndDate: '2026-11-27' };
const CODES = ['I1', 'I2', 'L1', 'L4'];

test('a meeting on a real date within the inspection, with the groups who took part, is kept in the usual order', () => {
  const checked = validateMeeting({ heldOn: '2026-11-24', attendees: ['health', 'family', 'child_young_person'], attendeeNote: '  SENCo by phone  ' }, WINDOW);
  assert.deepEqual(checked, { ok: true, value: { heldOn: '2026-11-24', attendees: ['child_young_person', 'family', 'health'], attendeeNote: 'SENCo by phone' } });
});

test('the first and last days of the window are allowed; a day outside either end is not', () => {
  assert.ok(validateMeeting({ heldOn: '2026-11-09', attendees: ['family'], attendeeNote: '' }, WINDOW).ok);
  assert.ok(validateMeeting({ heldOn: '2026-11-27', attendees: ['family'], attendeeNote: '' }, WINDOW).ok);
  const late = validateMeeting({ heldOn: '2026-11-28', attendees: ['family'], attendeeNote: '' }, WINDOW);
  assert.deepEqual(late, { ok: false, issues: [{ field: 'heldOn', message: 'Date of the meeting must be on or before 27 November 2026, the last day on site' }] });
  const early = validateMeeting({ heldOn: '2026-11-08', attendees: ['family'], attendeeNote: '' }, WINDOW);
  assert.equal(!early.ok && early.issues[0]!.message, 'Date of the meeting must be on or after 9 November 2026, when the area was told of the inspection');
});

test('an impossible date is refused', () => {
  const checked = validateMeeting({ heldOn: '2026-02-30', attendees: ['family'], attendeeNote: '' }, WINDOW);
  assert.deepEqual(checked, { ok: false, issues: [{ field: 'heldOn', message: 'Date of the meeting must be a real date' }] });
});

test('a date needs at least one group taking part, and groups need a date', () => {
  const noOne = validateMeeting({ heldOn: '2026-11-24', attendees: [], attendeeNote: '' }, WINDOW);
  assert.deepEqual(noOne, { ok: false, issues: [{ field: 'attendees', message: 'Select who took part in the meeting' }] });
  const noDate = validateMeeting({ heldOn: null, attendees: ['family'], attendeeNote: '' }, WINDOW);
  assert.equal(!noDate.ok && noDate.issues[0]!.field, 'heldOn');
  assert.deepEqual(validateMeeting({ heldOn: null, attendees: [], attendeeNote: 'Arranged for Tuesday' }, WINDOW), {
    ok: true,
    value: { heldOn: null, attendees: [], attendeeNote: 'Arranged for Tuesday' },
  });
});

test('an unknown group (a crafted form) and an over-long note about attendees are refused', () => {
  const unknown = validateMeeting({ heldOn: '2026-11-24', attendees: ['family', 'police'], attendeeNote: 'x'.repeat(2001) }, WINDOW);
  assert.ok(!unknown.ok);
  assert.deepEqual(
    unknown.issues.map((i) => i.field),
    ['attendees', 'attendeeNote'],
  );
});

test('a note holds 1 to 10,000 characters, counting a line break as one', () => {
  assert.deepEqual(validateNote({ body: '   ', criteria: [] }, CODES), { ok: false, issues: [{ field: 'body', message: 'Enter the note' }] });
  assert.ok(validateNote({ body: 'x'.repeat(NOTE_MAX_LENGTH), criteria: [] }, CODES).ok);
  const long = validateNote({ body: 'x'.repeat(NOTE_MAX_LENGTH + 1), criteria: [] }, CODES);
  assert.equal(!long.ok && long.issues[0]!.message, 'The note must be 10,000 characters or fewer (it has 10,001): split it into two notes');
  const body = `${'x'.repeat(5000)}\r\n${'y'.repeat(NOTE_MAX_LENGTH - 5001)}`;
  assert.equal(body.length, NOTE_MAX_LENGTH + 1);
  assert.ok(validateNote({ body, criteria: [] }, CODES).ok, 'CRLF counts as one character');
});

test('criteria must be the framework’s; they are kept once each, in the framework’s order', () => {
  assert.deepEqual(validateNote({ body: 'Plan is vague', criteria: ['L4', 'I1', 'L4'] }, CODES), { ok: true, value: { body: 'Plan is vague', criteria: ['I1', 'L4'] } });
  const wrong = validateNote({ body: 'Plan is vague', criteria: ['I1', 'Z9'] }, CODES);
  assert.deepEqual(wrong, { ok: false, issues: [{ field: 'criteria', message: 'Select criteria of this inspection’s framework: Z9 is not one of them' }] });
});

test('progress: a dated meeting means met; any note or document means in progress', () => {
  assert.equal(trackingProgress({ heldOn: null, noteCount: 0, documentCount: 0 }), 'not_started');
  assert.equal(trackingProgress({ heldOn: null, noteCount: 0, documentCount: 2 }), 'in_progress');
  assert.equal(trackingProgress({ heldOn: null, noteCount: 1, documentCount: 0 }), 'in_progress');
  assert.equal(trackingProgress({ heldOn: '2026-11-24', noteCount: 0, documentCount: 0 }), 'met');
});

test('a document description is optional, one line, at most 200 characters', () => {
  assert.deepEqual(checkDescription('  EHC plan\n 2026 '), { ok: true, value: 'EHC plan 2026' });
  assert.deepEqual(checkDescription(''), { ok: true, value: '' });
  assert.equal(checkDescription('x'.repeat(201)).ok, false);
});
