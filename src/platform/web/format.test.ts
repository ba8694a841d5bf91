import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDate, formatDateTime, formatLabel, inSentence } from './format.ts';

test('dates read as GOV.UK writes them, in UK time', () => {
  assert.equal(formatDate('2026-11-23'), '23 November 2026');
  assert.equal(formatDate(new Date('2026-06-30T23:30:00Z')), '1 July 2026');
  assert.equal(formatDateTime(new Date('2026-06-30T13:05:00Z')), '30 June 2026 at 2:05pm');
  assert.equal(formatDate('not a date'), '');
});

test('codes become labels', () => {
  assert.equal(formatLabel('quality_assurance'), 'Quality assurance');
  assert.equal(formatLabel(''), '');
});

test('labels inside a sentence keep proper nouns and acronyms', () => {
  assert.equal(inSentence('Full inspection'), 'full inspection');
  assert.equal(inSentence('Quality assurance reader'), 'quality assurance reader');
  assert.equal(inSentence('Ofsted lead inspector'), 'Ofsted lead inspector');
  assert.equal(inSentence('CQC lead inspector'), 'CQC lead inspector');
  assert.equal(inSentence('A'), 'a');
});
