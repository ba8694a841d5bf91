// Tests of the inspection CLI verbs on both databases: create (audited as "cli"), list, show,
// and the errors for malformed arguments (usage, exit 2) and broken rules (exit 1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../config.ts';
import { CliError, UsageError, parseCommandArgs } from '../platform/cli.ts';
import type { Db } from '../platform/db/database.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { inspectionCommands } from './inspections.cli.ts';

const CREATE_ARGS = ['--area', '352', '--framework', '2023', '--type', 'full', '--notification', '2026-01-12', '--onsite-start', '2026-01-26', '--onsite-end', '2026-01-30'];

function command(name: string) {
  const found = inspectionCommands.find((c) => c.name === name);
  assert.ok(found, name);
  return found;
}

async function run(db: Db | null, name: string, argv: string[]): Promise<{ out: string[]; err: string[] }> {
  const verb = command(name);
  const { values, positionals } = parseCommandArgs(verb, argv);
  const out: string[] = [];
  const err: string[] = [];
  await verb.run({
    config: loadConfig({ NODE_ENV: 'test' }),
    values,
    positionals,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    // The verb closes what it opens; the suite keeps one database across runs.
    openDb: async () => {
      if (!db) throw new Error('this run must not open the database');
      return { ...db, close: async () => {} };
    },
  });
  return { out, err };
}

describeEachDatabase('inspections CLI', (kind) => {
  const db = usePreparedDatabase(kind);

  test('create makes a planned inspection and audits it as cli', async () => {
    const { out } = await run(db, 'inspections create', [...CREATE_ARGS, '--json']);
    const created = JSON.parse(out.join('\n'));
    assert.equal(created.reference, 'SEND-352-2026-1');
    assert.equal(created.status, 'planned');
    assert.equal(created.framework, '2023');
    assert.equal(created.area, 'Manchester');
    assert.equal(created.milestones.find((m: { code: string }) => m.code === 'onsite').date, '2026-01-26');
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'inspection.create').executeTakeFirstOrThrow();
    assert.equal(audit.actor_label, 'cli');
    assert.equal(audit.actor_user_id, null);
    assert.equal(audit.inspection_id, created.id);

    const again = await run(db, 'inspections create', CREATE_ARGS);
    assert.match(again.out[0], /^Created inspection SEND-352-2026-2 \(id [0-9a-f-]{36}\)/);
  });

  test('list prints a table or JSON, and filters by status', async () => {
    const { out, err } = await run(db, 'inspections list', []);
    assert.match(out[0], /^Reference\s+Local area\s+Type\s+Framework\s+Status\s+Notified\s+On site$/);
    assert.match(out[1], /^SEND-352-2026-\d\s+Manchester \(352\)\s+Full inspection\s+2023 r1\s+Planned\s+2026-01-12\s+2026-01-26 to 2026-01-30$/);
    assert.deepEqual(err, ['2 inspections']);
    const json = JSON.parse((await run(db, 'inspections list', ['--json', '--status', 'planned'])).out.join('\n'));
    assert.equal(json.length, 2);
    const none = await run(db, 'inspections list', ['--status', 'published']);
    assert.deepEqual(none, { out: [], err: ['0 inspections'] });
  });

  test('show finds an inspection by reference or id', async () => {
    const { out } = await run(db, 'inspections show', ['send-352-2026-1']);
    assert.equal(out[0], 'SEND-352-2026-1  Manchester (352)');
    assert.ok(out.includes('  On site:                2026-01-26 to 2026-01-30'));
    assert.ok(out.includes('  (nobody yet)'));
    assert.ok(out.some((line) => /^ {2}2026-03-27\s+Report published \*$/.test(line)));
    const id = JSON.parse((await run(db, 'inspections show', ['SEND-352-2026-1', '--json'])).out.join('\n')).id;
    assert.equal(JSON.parse((await run(db, 'inspections show', [id, '--json'])).out.join('\n')).reference, 'SEND-352-2026-1');
    await assert.rejects(run(db, 'inspections show', ['SEND-352-2026-9']), (e: unknown) => e instanceof CliError && e.message === 'There is no inspection with the reference SEND-352-2026-9');
  });

  test('a broken rule is an error naming each option at fault, and writes nothing', async () => {
    const before = await db.kysely.selectFrom('inspection').select('id').execute();
    const args = [...CREATE_ARGS];
    args[args.indexOf('--type') + 1] = 'revisit';
    args[args.indexOf('--notification') + 1] = '2026-01-10';
    args[args.indexOf('--onsite-end') + 1] = '2026-01-23';
    await assert.rejects(run(db, 'inspections create', args), (e: unknown) => {
      assert.ok(e instanceof CliError);
      assert.match(e.message, /^The inspection was not created:/);
      assert.match(e.message, /--type: "revisit" is not an inspection type/);
      assert.match(e.message, /--notification: Date of notification must be a working day: 10 January 2026 is a Saturday/);
      assert.match(e.message, /--onsite-end: The on-site end date must be the same as or after the on-site start date/);
      return true;
    });
    const unknownArea = [...CREATE_ARGS];
    unknownArea[1] = '999';
    await assert.rejects(run(db, 'inspections create', unknownArea), (e: unknown) => e instanceof CliError && /--area: There is no local area with the code 999/.test(e.message));
    assert.equal((await db.kysely.selectFrom('inspection').select('id').execute()).length, before.length);
  });
});

test('malformed arguments are usage errors that say what is wrong, before the database is opened', async () => {
  const usage = async (name: string, argv: string[], pattern: RegExp) =>
    assert.rejects(run(null, name, argv), (e: unknown) => e instanceof UsageError && pattern.test(e.message));
  await usage('inspections create', ['--area', '35', '--framework', '2024'], /--area must be a 3-digit DfE local authority code[\s\S]*--framework must be one of: 2016, 2023[\s\S]*--type is required/);
  const badDate = [...CREATE_ARGS];
  badDate[badDate.indexOf('--onsite-start') + 1] = '26/01/2026';
  await usage('inspections create', badDate, /--onsite-start must be a real date written as YYYY-MM-DD, like 2026-01-12 \(not "26\/01\/2026"\)/);
  await usage('inspections list', ['--status', 'finished'], /--status must be one of: planned, notified/);
  await usage('inspections show', ['Manchester'], /"Manchester" is not an inspection id or reference/);
  assert.throws(() => parseCommandArgs(command('inspections show'), []), UsageError);
});
