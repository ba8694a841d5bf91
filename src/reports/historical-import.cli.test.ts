// Tests of `inspections import` on both databases: a dry run writes nothing, a good file is
// imported with a line per inspection, and a bad one is an error listing every problem with its place.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { addFictionalArea } from '../areas/area.service.ts';
import { DEMO_AREA } from '../demo/demo.ts';
import { CliError, UsageError, parseCommandArgs } from '../platform/cli.ts';
import { runCliCommand, type CliRun } from '../platform/cli-test-support.ts';
import type { Db } from '../platform/db/database.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { historicalImportCommands } from './historical-import.cli.ts';

const EXAMPLE_FILE = path.join(import.meta.dirname, '../../docs/examples/historical-inspections.json');
const importCommand = historicalImportCommands.find((c) => c.name === 'inspections import')!;

async function run(db: Db | null, argv: string[]): Promise<CliRun> {
  return runCliCommand(importCommand, db, argv);
}

describeEachDatabase('inspections import CLI', (kind) => {
  const db = usePreparedDatabase(kind);
  let folder: string;
  const inspections = async () => (await db.kysely.selectFrom('inspection').select('reference').where('historical', '=', true).orderBy('reference').execute()).map((r) => r.reference);

  before(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'historical-import-'));
    await addFictionalArea(db.kysely, DEMO_AREA);
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('a file with problems is refused with each problem and where it is, and nothing is written', async () => {
    const file = JSON.parse(await readFile(EXAMPLE_FILE, 'utf8'));
    file.inspections[0].findings[0].kind = 'strenght';
    file.inspections[1].outcome = 'sufficient_progress';
    file.inspections[2].onsiteEnd = '2024-02-01';
    const bad = path.join(folder, 'bad.json');
    await writeFile(bad, JSON.stringify(file));
    await assert.rejects(run(db, [bad]), (error: unknown) => {
      assert.ok(error instanceof CliError);
      assert.equal(
        error.message,
        [
          'bad.json was not imported, and nothing was written. 3 problems:',
          '  inspections[0].findings[0].kind: "strenght" is not a finding kind of the 2016 framework (strength, area_for_development, significant_weakness)',
          '  inspections[1].outcome: "sufficient_progress" is not an outcome of a revisit under the 2016 framework (sufficient_progress_all, sufficient_progress_some, sufficient_progress_none)',
          '  inspections[2].onsiteEnd: 2024-02-01 is before the on-site start (2024-02-05)',
        ].join('\n'),
      );
      return true;
    });
    assert.deepEqual(await inspections(), []);

    const notJson = path.join(folder, 'not.json');
    await writeFile(notJson, '{ "schemaVersion": 1, ');
    await assert.rejects(run(db, [notJson]), (error: unknown) => error instanceof CliError && /^not\.json was not imported, and nothing was written\. 1 problem:\n {2}\(the file\): is not valid JSON/.test(error.message));
  });

  test('--dry-run checks everything and writes nothing', async () => {
    const { out, err } = await run(db, [EXAMPLE_FILE, '--dry-run']);
    assert.deepEqual(out, ['Dry run: historical-inspections.json passes every check: 3 inspections would be imported. Nothing was written.']);
    assert.equal(err.length, 3);
    assert.match(err[0], /^1\/3 SEND-990-2017-1 Northbrook \(fictional\): Full inspection: Written statement of action required, 7 findings/);
    assert.deepEqual(await inspections(), []);
  });

  test('imports the file, then refuses the same inspections again', async () => {
    const { out } = await run(db, [EXAMPLE_FILE]);
    assert.deepEqual(out, ['Imported 3 inspections from historical-inspections.json: SEND-990-2017-1, SEND-990-2019-1, SEND-990-2024-1.']);
    assert.deepEqual(await inspections(), ['SEND-990-2017-1', 'SEND-990-2019-1', 'SEND-990-2024-1']);
    await assert.rejects(run(db, [EXAMPLE_FILE]), (error: unknown) => error instanceof CliError && /6 problems:[\s\S]*an inspection SEND-990-2017-1 already exists/.test(error.message));
  });

  test('a missing file or a folder is an error before the database is opened', async () => {
    await assert.rejects(run(null, [path.join(folder, 'missing.json')]), (error: unknown) => error instanceof CliError && /^There is no file .*missing\.json$/.test(error.message));
    await assert.rejects(run(null, [folder]), (error: unknown) => error instanceof CliError && /is a folder: give the JSON file to import$/.test(error.message));
  });
});

test('the file is required', () => {
  assert.throws(() => parseCommandArgs(importCommand, []), UsageError);
  assert.throws(() => parseCommandArgs(importCommand, ['a.json', 'b.json']), UsageError);
});
