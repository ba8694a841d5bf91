// Tests of `evidence export` on both databases: CSV and XLSX files by id or reference, audited as
// "cli"; plain usage errors; an existing file kept unless --force; nothing left behind on failure.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { CasesFixture } from '../cases/case-test-support.ts';
import { CliError, UsageError, parseCommandArgs } from '../platform/cli.ts';
import { runCliCommand } from '../platform/cli-test-support.ts';
import type { Db } from '../platform/db/database.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { readXlsxRows } from '../platform/render/xlsx.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { evidenceCommands } from './evidence.cli.ts';
import { addFixtureActivity, addFixtureNote, createEvidenceFixture } from './evidence-test-support.ts';

const exportCommand = evidenceCommands.find((c) => c.name === 'evidence export')!;

async function run(db: Db | null, argv: string[]): Promise<string[]> {
  return (await runCliCommand(exportCommand, db, argv)).out;
}

describeEachDatabase('evidence export CLI', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;
  let reference: string;
  let folder: string;
  const ids: string[] = [];

  before(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'evidence-cli-'));
    fixture = await createEvidenceFixture(db);
    reference = (await db.kysely.selectFrom('inspection').select('reference').where('id', '=', fixture.inspectionId).executeTakeFirstOrThrow()).reference;
    await addFixtureActivity(db, fixture.inspectionId, { title: 'Focus group with SENCOs', kind: 'focus_group' });
    ids.push((await addFixtureNote(db, fixture.inspectionId, { body: 'First note', createdAt: '2026-11-24T09:00:00Z' })).id);
    ids.push((await addFixtureNote(db, fixture.inspectionId, { body: '+SUM(A1:A9)', createdAt: '2026-11-24T10:00:00Z' })).id);
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('writes the notes as CSV by reference, says what it wrote, and is audited as cli', async () => {
    const file = path.join(folder, 'notes.csv');
    const out = await run(db, ['--inspection', reference, '--format', 'csv', '--out', file]);
    assert.deepEqual(out, [`Wrote 2 notes of ${reference} to ${file}`]);
    const rows = parse(await readFile(file), { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(rows.map((r) => r['Note id']), ids);
    assert.equal(rows[1]!['Note'], "'+SUM(A1:A9)");
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'evidence.view-export').where('inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow();
    assert.deepEqual([audit.actor_user_id, audit.actor_label, audit.la_code], [null, 'cli', '352']);
    assert.deepEqual(audit.details, { via: 'cli', format: 'csv', notes: 2 });
  });

  test('writes XLSX by id with the notes and the activities', async () => {
    const file = path.join(folder, 'evidence.xlsx');
    const out = await run(db, ['--inspection', fixture.inspectionId, '--format', 'xlsx', '--out', file]);
    assert.deepEqual(out, [`Wrote 2 notes and 1 activity of ${reference} to ${file}`]);
    const buffer = await readFile(file);
    const notes: string[][] = [];
    for await (const row of readXlsxRows(buffer, 0)) notes.push(row.cells);
    assert.deepEqual(notes.slice(1).map((r) => r[0]), ids);
    const activities: string[][] = [];
    for await (const row of readXlsxRows(buffer, 1)) activities.push(row.cells);
    assert.equal(activities[1]![2], 'Focus group with SENCOs');
  });

  test('an existing file is kept unless --force is given', async () => {
    const file = path.join(folder, 'keep.csv');
    await writeFile(file, 'precious');
    await assert.rejects(run(null, ['--inspection', reference, '--format', 'csv', '--out', file]), (error: Error) => {
      assert.ok(error instanceof CliError);
      assert.equal(error.message, `${file} already exists. Choose another name, or add --force to replace it.`);
      return true;
    });
    assert.equal(await readFile(file, 'utf8'), 'precious');
    await run(db, ['--inspection', reference, '--format', 'csv', '--out', file, '--force']);
    assert.match(await readFile(file, 'utf8'), /Note id/);
  });

  test('bad options are usage errors with plain messages', async () => {
    const usage = async (argv: string[], message: string) =>
      assert.rejects(run(null, argv), (error: Error) => {
        assert.ok(error instanceof UsageError, `${argv.join(' ')}: ${error.message}`);
        assert.equal(error.message, message);
        return true;
      });
    await usage(['--format', 'csv', '--out', 'x.csv'], '--inspection is required: the inspection’s id or its reference, like SEND-352-2026-1');
    await usage(['--inspection', 'nonsense', '--format', 'csv', '--out', 'x.csv'], '"nonsense" is not an inspection id or reference (a reference looks like SEND-352-2026-1)');
    await usage(['--inspection', reference, '--format', 'pdf', '--out', 'x.pdf'], '--format must be csv or xlsx');
    await usage(['--inspection', reference, '--format', 'csv'], '--out is required: the file to write, like evidence.xlsx');
    assert.throws(() => parseCommandArgs(exportCommand, ['--colour']), (error: Error) => error instanceof UsageError && error.message.startsWith("Unknown option '--colour'"));
  });

  test('an unknown inspection or a missing folder is refused plainly, and nothing is written', async () => {
    const file = path.join(folder, 'none.csv');
    await assert.rejects(run(db, ['--inspection', 'SEND-999-2026-1', '--format', 'csv', '--out', file]), /There is no inspection with the reference SEND-999-2026-1/);
    assert.equal(existsSync(file), false);
    await assert.rejects(run(null, ['--inspection', reference, '--format', 'csv', '--out', path.join(folder, 'missing', 'x.csv')]), /does not exist\. Create it first/);
  });

  test('a failure part way leaves neither the file nor a temporary file', async () => {
    const file = path.join(folder, 'broken.xlsx');
    const before = await readdir(folder);
    // Kysely keeps its state in private fields, which a proxy cannot reach: methods run on the real object.
    const bound = (object: object, name: PropertyKey) => {
      const value = Reflect.get(object, name, object) as unknown;
      return typeof value === 'function' ? value.bind(object) : value;
    };
    // The notes' query fails once the file has been started; everything else works.
    const failing = new Proxy(db.kysely, {
      get: (target, property) => {
        if (property === 'getExecutor') {
          const executor = target.getExecutor();
          return () =>
            new Proxy(executor, {
              get: (inner, name) =>
                name === 'executeQuery'
                  ? (query: { sql: string }, id: unknown) => (query.sql.includes('evidence_note_file') ? Promise.reject(new Error('the database went away')) : inner.executeQuery(query as never, id as never))
                  : bound(inner, name),
            });
        }
        return bound(target, property);
      },
    });
    const broken = { ...db, kysely: failing } as Db;
    await assert.rejects(run(broken, ['--inspection', reference, '--format', 'xlsx', '--out', file]), /the database went away/);
    assert.equal(existsSync(file), false);
    assert.deepEqual(await readdir(folder), before);
  });
});
