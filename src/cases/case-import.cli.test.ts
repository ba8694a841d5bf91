// Tests of the `cases import` CLI verb on both databases: a file accepted by reference and
// replacing the last, a dry run that writes nothing, a refused file with its first problems
// printed and every one in the report, progress lines, a 2 GB file refused at once, usage errors.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { CliError, UsageError, parseCommandArgs } from '../platform/cli.ts';
import type { Db } from '../platform/db/database.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { acceptablePeople, cellsOf, csvText, peopleCsv } from './case-import-test-support.ts';
import { caseImportCommands } from './case-import.cli.ts';
import { createCasesFixture, type CasesFixture } from './case-test-support.ts';
import { countPeople, selectCurrentImport } from './person.repository.ts';

async function run(db: Db, argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const verb = caseImportCommands.find((c) => c.name === 'cases import')!;
  const { values, positionals } = parseCommandArgs(verb, argv);
  const out: string[] = [];
  const err: string[] = [];
  const code = await verb.run({
    config: loadConfig({ NODE_ENV: 'test' }),
    values,
    positionals,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    // The verb closes what it opens; the suite keeps one database across runs.
    openDb: async () => ({ ...db, close: async () => {} }),
  });
  return { code: code ?? 0, out, err };
}

describeEachDatabase('cases import CLI', (kind) => {
  const db = usePreparedDatabase(kind);
  let dir: string;
  let fixture: CasesFixture;
  let reference: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'send-inspect-cases-import-'));
    fixture = await createCasesFixture(db);
    reference = (await db.kysely.selectFrom('inspection').select('reference').where('id', '=', fixture.inspectionId).executeTakeFirstOrThrow()).reference;
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a file is imported by the inspection’s reference, and a second one replaces it', async () => {
    const people = acceptablePeople(25, 2);
    const file = path.join(dir, 'people.csv');
    fs.writeFileSync(file, peopleCsv(people));
    const first = await run(db, ['--inspection', reference, '--data-date', '2026-11-02', file]);
    assert.equal(first.code, 0, first.err.join('\n'));
    assert.match(first.out[0]!, new RegExp(`^Accepted people\\.csv: 25 rows are now the person-level data for ${reference} \\(data as at 2 November 2026; import [0-9a-f-]{36}\\)\\.$`));
    const firstId = (await selectCurrentImport(db.kysely, fixture.inspectionId))!.id;
    assert.equal(await countPeople(db.kysely, firstId), 25);
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'cases.imported').executeTakeFirstOrThrow();
    assert.deepEqual([audit.actor_label, audit.actor_user_id], ['cli', null]);

    const second = await run(db, ['--inspection', fixture.inspectionId, '--data-date', '2026-11-02', file]);
    assert.equal(second.code, 0);
    assert.equal(second.out[1], `They replace the data imported before (import ${firstId}), which is kept in the history.`);
    assert.notEqual((await selectCurrentImport(db.kysely, fixture.inspectionId))!.id, firstId);
  });

  test('a dry run checks every row and writes nothing; progress is reported in plain lines without a terminal', async () => {
    const people = acceptablePeople(2_000, 4);
    const rows = Array.from({ length: 60_000 }, (_, i) => cellsOf(people[i % people.length]!, { person_id: `P${i}` }));
    const file = path.join(dir, 'large.csv');
    fs.writeFileSync(file, csvText(rows));
    const imports = async () => (await db.kysely.selectFrom('case_import').select('id').execute()).length;
    const before = await imports();
    const result = await run(db, ['--inspection', reference, '--dry-run', '--data-date', '2026-11-02', file]);
    assert.equal(result.code, 0, result.err.join('\n'));
    assert.deepEqual(result.out, [`Dry run: large.csv passes every check: 60,000 rows for ${reference} (data as at 2 November 2026). Nothing was written.`]);
    assert.match(result.err[0]!, /^Checked 50,000 rows \(\d+% of the file\), 0 problems so far…$/);
    assert.equal(await imports(), before);
  });

  test('a refused file: the first 20 problems printed, every problem in the report, exit status 1', async () => {
    const people = acceptablePeople(30, 6);
    const rows = people.map((p, i) => cellsOf(p, i < 25 ? { sex: 'X' } : {}));
    const file = path.join(dir, 'bad data.csv');
    fs.writeFileSync(file, csvText(rows));
    const current = (await selectCurrentImport(db.kysely, fixture.inspectionId))!.id;
    const result = await run(db, ['--inspection', reference, '--data-date', '2026-11-02', file]);
    assert.equal(result.code, 1);
    assert.deepEqual(result.out, []);
    assert.equal(result.err[0], 'Refused bad data.csv: 25 problems in 25 rows of 30.');
    assert.equal(result.err[1], '  Row 2, sex: sex ‘X’ is not one of the codes: use F, M or U');
    assert.equal(result.err[21], '  … and 5 more.');
    const reportPath = path.join(dir, 'bad-data-problems.csv');
    assert.equal(result.err[22], `The full list is in ${reportPath}.`);
    assert.equal(result.err[23], `Nothing was imported; the data in use for ${reference} are unchanged.`);
    const lines = fs.readFileSync(reportPath, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(lines.length, 26);
    assert.equal(lines[25], '26,sex,"sex ‘X’ is not one of the codes: use F, M or U"');
    assert.equal((await selectCurrentImport(db.kysely, fixture.inspectionId))!.id, current);

    const chosen = path.join(dir, 'chosen.csv');
    const named = await run(db, ['--inspection', reference, '--data-date', '2026-11-02', '--report', chosen, '--dry-run', file]);
    assert.equal(named.code, 1);
    assert.equal(named.err.at(-1), 'Dry run: nothing was written.');
    assert.ok(fs.existsSync(chosen));
  });

  test('a 2 GB file is refused at once, without being read', async () => {
    const file = path.join(dir, 'huge.csv');
    const handle = fs.openSync(file, 'w');
    fs.ftruncateSync(handle, 2 * 1024 ** 3);
    fs.closeSync(handle);
    const started = performance.now();
    const result = await run(db, ['--inspection', reference, '--data-date', '2026-11-02', file]);
    assert.equal(result.code, 1);
    assert.equal(result.err[0], 'Refused huge.csv: The file is larger than 1,024 MB. Person-level data for even the largest area is far smaller: check that the file holds only the template’s columns and one row for each child or young person.');
    assert.ok(performance.now() - started < 5_000);
  });

  test('usage errors and unknown inspections', async () => {
    const file = path.join(dir, 'people.csv');
    await assert.rejects(run(db, [file]), (e: unknown) => e instanceof UsageError && /--inspection is required/.test(e.message));
    await assert.rejects(run(db, ['--inspection', 'nonsense', file]), UsageError);
    await assert.rejects(run(db, ['--inspection', reference, '--data-date', '2/11/2026', file]), (e: unknown) => e instanceof UsageError && /YYYY-MM-DD/.test(e.message));
    await assert.rejects(run(db, ['--inspection', reference, '--data-date', '2026-02-30', file]), (e: unknown) => e instanceof CliError && /real date/.test(e.message));
    await assert.rejects(run(db, ['--inspection', 'SEND-999-2026-1', file]), (e: unknown) => e instanceof CliError && /no inspection with the reference SEND-999-2026-1/.test(e.message));
    await assert.rejects(run(db, ['--inspection', reference, path.join(dir, 'missing.csv')]), (e: unknown) => e instanceof CliError && /There is no file/.test(e.message));
  });
});
