import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textWidth, wrapText } from './text-measure.ts';

test('textWidth follows Arial: narrow letters narrower than wide ones, marks add nothing', () => {
  assert.equal(textWidth('iiii', 10), 8.88);
  assert.equal(textWidth('WWWW', 10), 37.76);
  assert.equal(textWidth('e\u0301', 10), textWidth('e', 10));
  assert.ok(textWidth('漢字', 10) > textWidth('ab', 10));
});

test('wrapText breaks between words within the width and keeps every word', () => {
  const text = 'The local area partnership   has a shared understanding of the needs of children';
  const lines = wrapText(text, 200, 19);
  assert.ok(lines.length > 1);
  for (const line of lines) assert.ok(textWidth(line, 19) <= 200, line);
  assert.equal(lines.join(' '), text.replace(/\s+/g, ' '));
});

test('wrapText breaks a word longer than a line between whole characters', () => {
  const word = 'ééééééééééééééééééééééééé'.normalize('NFD');
  const lines = wrapText(word, 60, 19);
  assert.ok(lines.length > 1);
  assert.equal(lines.join(''), word);
  for (const line of lines) assert.ok(!/^\p{M}/u.test(line), 'no line starts with an accent torn from its letter');
});

test('wrapText gives one empty line for empty text', () => {
  assert.deepEqual(wrapText('   ', 100, 19), ['']);
});
