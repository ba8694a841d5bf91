import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../config.ts';
import { runCli } from '../../main.ts';
import { CliError, parseCommandArgs, UsageError } from '../cli.ts';
import type { Db } from '../db/database.ts';
import { describeEachDatabase } from '../db/test-database.ts';
import { signInWithPassword } from './test-users.ts';
import { createTestApp, TestClient, usePreparedDatabase } from '../web/test-app.ts';
import { getUserSummary } from './user.service.ts';
import { userCommands } from './users.cli.ts';

function command(name: string) {
  const found = userCommands.find((c) => c.name === name);
  assert.ok(found, name);
  return found;
}

/** Runs a verb's own run function against an open test database. */
async function run(db: Db, name: string, argv: string[]): Promise<string[]> {
  const verb = command(name);
  const { values, positionals } = parseCommandArgs(verb, argv);
  const out: string[] = [];
  await verb.run({
    config: loadConfig({ NODE_ENV: 'test' }),
    values,
    positionals,
    out: (line) => out.push(line),
    err: () => {},
    openDb: async () => ({ ...db, close: async () => {} }),
  });
  return out;
}

describeEachDatabase('users commands', (kind) => {
  const db = usePreparedDatabase(kind);

  test('users add creates an active account with an area role and prints its password once', async () => {
    const out = await run(db, 'users add', ['--email', 'Nia.Officer@Council.example', '--name', 'Nia Officer', '--organisation', 'local_area', '--area', '202', '--area-role', 'nominated_officer']);
    assert.match(out[0], /^Created the account for Nia Officer <nia\.officer@council\.example> \(id [0-9a-f-]{36}\)\.$/);
    const password = /^Password \(shown once\): (\S+)$/.exec(out[1])?.[1];
    assert.ok(password && password.length >= 20);
    const id = /\(id ([0-9a-f-]{36})\)/.exec(out[0])![1];
    const summary = await getUserSummary(db.kysely, id);
    assert.equal(summary?.status, 'active');
    assert.deepEqual(summary?.areaMemberships.map((m) => [m.la_code, m.role]), [['202', 'nominated_officer']]);
    const audit = await db.kysely.selectFrom('audit_event').select(['action', 'details', 'actor_user_id']).where('subject_id', '=', id).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['user.create', 'user.role.change']);
    assert.equal(audit[0].actor_user_id, null);
    assert.equal(audit[0].details.via, 'command line');
  });

  test('users add refuses a duplicate email and an unknown area, writing nothing', async () => {
    await run(db, 'users add', ['--email', 'dup@example.test', '--name', 'First', '--organisation', 'cqc']);
    await assert.rejects(run(db, 'users add', ['--email', 'DUP@example.test', '--name', 'Second', '--organisation', 'cqc']), (e: unknown) => e instanceof CliError && /already exists/.test(e.message));
    await assert.rejects(
      run(db, 'users add', ['--email', 'area@example.test', '--name', 'Area', '--organisation', 'local_area', '--area', '999', '--area-role', 'leader']),
      (e: unknown) => e instanceof CliError && e.message === 'There is no local area with the code 999',
    );
    assert.equal(await db.kysely.selectFrom('app_user').select('id').where('email', '=', 'area@example.test').executeTakeFirst(), undefined);
  });

  test('users add explains wrong arguments as usage errors', async () => {
    await assert.rejects(run(db, 'users add', ['--name', 'X', '--organisation', 'ofsted']), (e: unknown) => e instanceof UsageError && /--email is required/.test(e.message));
    await assert.rejects(run(db, 'users add', ['--email', 'bad', '--name', 'X', '--organisation', 'police']), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.match(e.message, /--email: Enter an email address in the correct format/);
      assert.match(e.message, /--organisation: Choose one of ofsted\|cqc\|local_area\|administration/);
      return true;
    });
    await assert.rejects(run(db, 'users add', ['--email', 'a@b.test', '--name', 'X', '--organisation', 'ofsted', '--area', '202']), (e: unknown) => e instanceof UsageError && /--area-role/.test(e.message));
  });

  test('users list prints a table, or JSON', async () => {
    await run(db, 'users add', ['--email', 'listed@example.test', '--name', 'Listed Person', '--organisation', 'ofsted', '--admin']);
    const table = await run(db, 'users list', []);
    assert.match(table[0], /^EMAIL\s+NAME\s+ORGANISATION\s+STATUS\s+ADMIN\s+2FA$/);
    assert.ok(table.some((line) => /^listed@example\.test\s+Listed Person\s+ofsted\s+active\s+admin$/.test(line)));
    const json = JSON.parse((await run(db, 'users list', ['--json', '--search', 'listed'])).join('\n'));
    assert.deepEqual(json.map((u: { email: string; admin: boolean }) => [u.email, u.admin]), [['listed@example.test', true]]);
  });

  test('users disable and users reset-password', async () => {
    await run(db, 'users add', ['--email', 'gone@example.test', '--name', 'Gone Person', '--organisation', 'cqc']);
    assert.deepEqual(await run(db, 'users disable', ['--email', 'GONE@example.test']), ['Disabled the account gone@example.test. It has been signed out everywhere.']);
    const row = await db.kysely.selectFrom('app_user').select(['status']).where('email', '=', 'gone@example.test').executeTakeFirstOrThrow();
    assert.equal(row.status, 'disabled');
    await assert.rejects(run(db, 'users reset-password', ['--email', 'gone@example.test']), (e: unknown) => e instanceof CliError && /Enable it/.test(e.message));
    await run(db, 'users enable', ['--email', 'gone@example.test']);
    const out = await run(db, 'users reset-password', ['--email', 'gone@example.test']);
    assert.match(out[1], /^New password \(shown once\): \S{20,}$/);
    await assert.rejects(run(db, 'users disable', ['--email', 'nobody@example.test']), (e: unknown) => e instanceof CliError && /no account/.test(e.message));
  });
});

describe('users commands through the CLI entry point', () => {
  let dataDir: string;
  const saved = process.env.DATABASE_URL;
  before(async () => {
    delete process.env.DATABASE_URL;
    dataDir = await mkdtemp(path.join(tmpdir(), 'send-inspect-users-cli-'));
  });
  after(async () => {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Runs the real CLI, capturing what it prints. */
  async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const writes = { stdout: '', stderr: '' };
    const original = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
    process.stdout.write = ((chunk: string) => ((writes.stdout += chunk), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => ((writes.stderr += chunk), true)) as typeof process.stderr.write;
    try {
      const code = await runCli(argv);
      return { code, ...writes };
    } finally {
      process.stdout.write = original.stdout;
      process.stderr.write = original.stderr;
    }
  }

  test('every users verb has --help', async () => {
    for (const verb of userCommands) {
      const result = await cli([...verb.name.split(' '), '--help']);
      assert.equal(result.code, 0, verb.name);
      assert.match(result.stdout, new RegExp(`^Usage: send-inspect ${verb.name}`), verb.name);
    }
  });

  test('add, list and reset-password on an embedded database; exit codes 2 for usage and 1 for a duplicate', async () => {
    const added = await cli(['users', 'add', '--email', 'first.admin@example.test', '--name', 'First Admin', '--organisation', 'administration', '--admin', '--data', dataDir]);
    assert.equal(added.code, 0, added.stderr);
    const password = /Password \(shown once\): (\S+)/.exec(added.stdout)?.[1];
    assert.ok(password);

    const duplicate = await cli(['users', 'add', '--email', 'First.Admin@example.test', '--name', 'Again', '--organisation', 'ofsted', '--data', dataDir]);
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /Error: An account already exists with this email address/);

    const usage = await cli(['users', 'add', '--email', 'x@example.test', '--data', dataDir]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--name is required/);
    assert.match(usage.stderr, /Usage: send-inspect users add/);
    assert.equal((await cli(['users', 'list', '--bogus'])).code, 2);

    const listed = await cli(['users', 'list', '--json', '--data', dataDir]);
    assert.equal(listed.code, 0);
    assert.deepEqual(JSON.parse(listed.stdout).map((u: { email: string }) => u.email), ['first.admin@example.test']);

    const reset = await cli(['users', 'reset-password', '--email', 'first.admin@example.test', '--data', dataDir]);
    assert.equal(reset.code, 0);
    const newPassword = /New password \(shown once\): (\S+)/.exec(reset.stdout)?.[1];
    assert.ok(newPassword && newPassword !== password);
  });

  test('a password printed by users add signs in on the web', async () => {
    const t = await createTestApp('pglite');
    try {
      const verb = command('users add');
      const { values } = parseCommandArgs(verb, ['--email', 'web@example.test', '--name', 'Web Person', '--organisation', 'ofsted']);
      const out: string[] = [];
      await verb.run({ config: t.config, values, positionals: [], out: (l) => out.push(l), err: () => {}, openDb: async () => ({ ...t.db, close: async () => {} }) });
      const password = /Password \(shown once\): (\S+)/.exec(out[1])![1];
      await signInWithPassword(new TestClient(t.app), 'web@example.test', password);
    } finally {
      await t.close();
    }
  });
});
