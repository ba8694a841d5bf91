// Tests of `export open-data` on both databases: the four files written into a folder, what they
// hold, and files already there kept unless --force.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { CliError, UsageError } from '../platform/cli.ts';
import { runCliCommand } from '../platform/cli-test-support.ts';
import type { Db } from '../platform/db/database.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { publishFixtureReport, type FixtureReport } from '../reports/published-report-test-support.ts';
import { OPEN_DATA_FILES, openDataCommands } from './open-data.cli.ts';

const exportCommand = openDataCommands.find((c) => c.name === 'export open-data')!;
const SERVICE_URL = 'https://send-inspect.example.gov.uk';

async function run(db: Db | null, argv: string[]): Promise<string[]> {
  return (await runCliCommand(exportCommand, db, argv, loadConfig({ NODE_ENV: 'test', SERVICE_URL }))).out;
}

describeEachDatabase('export open-data CLI', (kind) => {
  const db = usePreparedDatabase(kind);
  let folder: string;
  let report: FixtureReport;

  before(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'open-data-cli-'));
    report = await publishFixtureReport(db, { laCode: '352', outcome: 'positive', publishedAt: new Date(Date.now() - 3_600_000) });
    await publishFixtureReport(db, { laCode: '330', outcome: 'inconsistent', publishedAt: new Date(Date.now() + 86_400_000) });
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('writes the four files into a new folder, from published reports only', async () => {
    const target = path.join(folder, 'out', 'open-data');
    const out = await run(db, ['--out', target]);
    assert.deepEqual(out, [`Wrote 1 published inspection and 0 findings to ${target}: inspections.csv, findings.csv, inspections.json, openapi.json`]);
    assert.deepEqual((await readdir(target)).sort(), [...OPEN_DATA_FILES].sort());
    const csv = await readFile(path.join(target, 'inspections.csv'), 'utf8');
    const lines = csv.split('\r\n').filter(Boolean);
    assert.equal(lines.length, 2);
    assert.ok(lines[1].startsWith(`${report.reference},352,Manchester,`));
    assert.ok(lines[1].endsWith(`,${SERVICE_URL}/reports/${report.slug}`));
    assert.equal(JSON.parse(await readFile(path.join(target, 'inspections.json'), 'utf8')).data[0].reference, report.reference);
    const description = JSON.parse(await readFile(path.join(target, 'openapi.json'), 'utf8'));
    assert.equal(description.openapi, '3.1.0');
    assert.deepEqual(description.servers, [{ url: `${SERVICE_URL}/api/v1` }]);
    assert.equal((await readFile(path.join(target, 'findings.csv'), 'utf8')).split('\r\n').filter(Boolean).length, 1);
  });

  test('refuses to replace files already there without --force, and replaces them with it', async () => {
    const target = path.join(folder, 'existing');
    await run(db, ['--out', target]);
    await writeFile(path.join(target, 'findings.csv'), 'old');
    await assert.rejects(run(null, ['--out', target]), (error: unknown) => {
      assert.ok(error instanceof CliError);
      assert.equal(error.message, `${target} already holds inspections.csv, findings.csv, inspections.json, openapi.json. Choose another folder, or add --force to replace them.`);
      return true;
    });
    assert.equal(await readFile(path.join(target, 'findings.csv'), 'utf8'), 'old');
    await run(db, ['--out', target, '--force']);
    assert.notEqual(await readFile(path.join(target, 'findings.csv'), 'utf8'), 'old');
    assert.deepEqual((await readdir(target)).filter((name) => name.endsWith('.part')), [], 'no temporary file is left');
  });

  test('a file in the way of the folder is refused', async () => {
    const file = path.join(folder, 'a-file');
    await writeFile(file, 'x');
    await assert.rejects(run(null, ['--out', file]), (error: unknown) => error instanceof CliError && error.message === `${file} is a file. Give a folder for the open data files.`);
  });
});

test('--out is required', async () => {
  await assert.rejects(run(null, []), (error: unknown) => error instanceof UsageError && /--out is required/.test(error.message));
});
