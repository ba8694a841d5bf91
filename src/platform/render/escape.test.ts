import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeMarkup } from './escape.ts';

test('escapeMarkup makes text safe inside elements and quoted attributes', () => {
  assert.equal(escapeMarkup(`<a href="x" title='y'>Tom & Jerry</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;');
});

test('escapeMarkup drops characters XML cannot hold and mends lone surrogates', () => {
  assert.equal(escapeMarkup('a\u0000b\u0008c\u001Fd\uFFFEe'), 'abcde');
  assert.equal(escapeMarkup('tab\tnew\nline\r'), 'tab\tnew\nline\r');
  assert.equal(escapeMarkup('broken \uD83D pair'), 'broken \uFFFD pair');
  assert.equal(escapeMarkup('whole 😀 pair'), 'whole 😀 pair');
});
