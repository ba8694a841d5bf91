import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../config.ts';
import { parseCommandArgs, UsageError } from '../platform/cli.ts';
import { createTestDatabase, describeEachDatabase } from '../platform/db/test-database.ts';
import { areaCommands } from './areas.cli.ts';

const list = areaCommands.find((c) => c.name === 'areas list')!;

async function run(kind: 'pglite' | 'postgres', argv: string[]): Promise<{ out: string[]; err: string[] }> {
  const { values, positionals } = parseCommandArgs(list, argv);
  const out: string[] = [];
  const err: string[] = [];
  await list.run({
    config: loadConfig({ NODE_ENV: 'test' }),
    values,
    positionals,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    openDb: () => createTestDatabase(kind),
  });
  return { out, err };
}

describeEachDatabase('areas list', (kind) => {
  test('--json prints every area as JSON, loading the list into a new database', async () => {
    const { out } = await run(kind, ['--json']);
    const areas = JSON.parse(out.join('\n')) as { la_code: string; name: string; region: string; icb: string }[];
    assert.equal(areas.length, 153);
    assert.deepEqual(areas.find((a) => a.la_code === '801'), {
      la_code: '801',
      gss_code: 'E06000023',
      name: 'Bristol, City of',
      region: 'South West',
      icb: 'NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board',
      is_fictional: false,
    });
  });

  test('--region filters; the table has a header and the count goes to stderr', async () => {
    const { out, err } = await run(kind, ['--region', 'North East']);
    assert.match(out[0], /^LA code\s+ONS code\s+Name\s+Region\s+Integrated care board$/);
    assert.equal(out.length, 13);
    assert.match(out[1], /^840\s+E06000047\s+County Durham\s+North East\s+NHS North East and North Cumbria Integrated Care Board$/);
    assert.deepEqual(err, ['12 local areas']);
  });
});

test('an unknown region is a usage error listing the regions', async () => {
  const { values } = parseCommandArgs(list, ['--region', 'Mars']);
  await assert.rejects(
    list.run({ config: loadConfig({ NODE_ENV: 'test' }), values, positionals: [], out: () => {}, err: () => {}, openDb: () => Promise.reject(new Error('must not open')) }),
    (e: unknown) => e instanceof UsageError && e.message.includes('North East, North West'),
  );
});
