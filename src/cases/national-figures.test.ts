// Tests of the national figures file: the shipped file holds the figures the metrics page shows,
// and a malformed file is refused with every problem named.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { NationalFiguresFileError, nationalFigures, parseNationalFigures, readNationalFiguresFile } from './national-figures.ts';

type Json = Record<string, unknown>;

/** A copy of the shipped figures with the value at each dotted path replaced (undefined removes it). */
function shippedWith(changes: Record<string, unknown>): Json {
  const copy = structuredClone(nationalFigures()) as unknown as Json;
  for (const [dotted, value] of Object.entries(changes)) {
    const keys = dotted.split('.');
    const parent = keys.slice(0, -1).reduce((node, key) => node[key] as Json, copy);
    if (value === undefined) delete parent[keys.at(-1)!];
    else parent[keys.at(-1)!] = value;
  }
  return copy;
}

test('the shipped file has the 2024 timeliness figures, and none including exceptions for recent years', () => {
  const figures = nationalFigures();
  const t = figures.timeliness;
  assert.deepEqual([t.within20WeeksExcludingExceptions.value, t.within20WeeksExcludingExceptions.period], [46.4, 'calendar 2024']);
  assert.deepEqual([t.over52Weeks.value, t.over52Weeks.period], [7, 'calendar 2024']);
  assert.equal(t.within20WeeksIncludingExceptions.value, null);
  assert.deepEqual(t.within20WeeksIncludingExceptions.latestPublished, { value: 58.7, period: 'calendar 2019' });
  assert.match(t.within20WeeksIncludingExceptions.note!, /Not published for recent years/);
  assert.equal(t.averageWeeks.value, null);
  for (const figure of Object.values(t)) assert.ok(figure.sources.every((s) => s.url.startsWith('https://')));
});

test('the shipped mixes: needs and sex for January 2025, placements for January 2024, ages only where published', () => {
  const mix = nationalFigures().ehcpMix;
  assert.equal(mix.needs.period, 'January 2025');
  assert.equal(mix.needs.shares.ASD, 31.5);
  assert.equal(mix.needs.shares.DS, undefined);
  assert.equal(Object.values(mix.needs.counts!).reduce((a, b) => a + b, 0), mix.needs.total);
  assert.deepEqual(mix.sex.shares, { M: 70.6, F: 29.4 });
  assert.deepEqual([mix.placementGroups.period, mix.placementGroups.shares.mainstream, mix.placementGroups.shares.special], ['January 2024', 43.3, 32.3]);
  assert.equal(mix.placementGroups.basis, 'third_party');
  // The synthetic prior for the other age bands is a judgement, so it is not a national figure.
  assert.deepEqual(mix.agePhases.shares, { '11_to_15': 36.4, '16_to_19': 20.1 });
});

test('a malformed file is refused, naming each problem and where it is', () => {
  const bad = shippedWith({
    'timeliness.over52Weeks.value': 107,
    'timeliness.averageWeeks.note': undefined,
    'ehcpMix.needs.shares.DYSLEXIA': 2,
    'ehcpMix.sex.sources': [{ title: 'Somewhere', url: 'not a link' }],
    'ehcpMix.placementGroups.period': undefined,
  });
  assert.throws(
    () => parseNationalFigures(bad, 'test.json'),
    (error: Error) => {
      assert.ok(error instanceof NationalFiguresFileError);
      assert.match(error.message, /^The national figures in test\.json are not valid:/);
      assert.match(error.message, /timeliness\.over52Weeks\.value: a percentage cannot be over 100/);
      assert.match(error.message, /timeliness\.averageWeeks\.note: a figure that is derived, from a third party or not published needs a note/);
      assert.match(error.message, /ehcpMix\.needs\.shares: Unrecognized key: "DYSLEXIA"/);
      assert.match(error.message, /ehcpMix\.sex\.sources\.0\.url/);
      assert.match(error.message, /ehcpMix\.placementGroups\.period/);
      return true;
    },
  );
});

test('shares over 100 in all, and an unexpected field, are refused too', () => {
  const bad = shippedWith({ 'ehcpMix.sex.shares': { M: 80, F: 30 }, 'timeliness.over52Weeks.source': 'typo' });
  assert.throws(() => parseNationalFigures(bad, 'x'), /ehcpMix\.sex\.shares: the shares add up to 110\.0, over 100[\s\S]*timeliness\.over52Weeks|timeliness\.over52Weeks[\s\S]*the shares add up to 110\.0/);
});

test('a file that cannot be read or is not JSON says which file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'national-figures-'));
  try {
    const file = path.join(dir, 'figures.json');
    writeFileSync(file, '{ "about": ');
    assert.throws(() => readNationalFiguresFile(file), (error: Error) => error instanceof NationalFiguresFileError && error.message.includes(file));
    assert.throws(() => readNationalFiguresFile(path.join(dir, 'missing.json')), /Cannot read the national figures file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
