// The backup and restore verbs as a person runs them, and the embedded database's one-process lock.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { openDatabase, type Db } from './database.ts';
import { migrate } from './migrate.ts';
import { createPostgresTestDatabase, isPostgresReachable, testDatabaseKinds } from './test-database.ts';

const projectRoot = path.resolve(import.meta.dirname, '../../..');
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'send-inspect-cli-test-'));
after(() => fs.rmSync(workDir, { recursive: true, force: true }));

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs the CLI as a separate process, with stdin a pipe (not a terminal) that is closed at once. */
function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const environment: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'test', DATABASE_URL: undefined, ...env };
  for (const key of Object.keys(environment)) if (environment[key] === undefined) delete environment[key];
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(projectRoot, 'node_modules/.bin/node'), ['src/main.ts', ...args], {
      cwd: projectRoot,
      env: environment as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function auditActions(db: Db): Promise<string[]> {
  const rows = await sql<{ action: string }>`select action from audit_event where action like 'test.%' order by id`.execute(db.kysely);
  return rows.rows.map((r) => r.action);
}

describe('the embedded database is used by one process at a time', () => {
  test('a second process is refused, told which process holds the data directory, and writes nothing', async () => {
    const dataDir = path.join(workDir, 'locked');
    const db = await openDatabase({ kind: 'pglite', dataDir, command: 'test holding the lock' });
    try {
      const migrateRun = await cli(['migrate', '--data', dataDir]);
      assert.equal(migrateRun.code, 1, migrateRun.stderr);
      assert.match(migrateRun.stderr, new RegExp(`in use by another send-inspect process \\(process ${process.pid}, "test holding the lock"`));

      const file = path.join(workDir, 'while-locked.gz');
      const backupRun = await cli(['backup', file, '--data', dataDir]);
      assert.equal(backupRun.code, 1, backupRun.stderr);
      assert.match(backupRun.stderr, new RegExp(`process ${process.pid}`));
      assert.equal(fs.existsSync(file), false);
    } finally {
      await db.close();
    }
  });
});

describe('backup and restore on the command line, embedded database', () => {
  test('back up, refuse to overwrite, refuse to restore unconfirmed, restore with --yes', async () => {
    const dataDir = path.join(workDir, 'embedded');
    const file = path.join(workDir, 'embedded-backup.gz');
    let db = await openDatabase({ kind: 'pglite', dataDir, command: 'test' });
    await migrate(db);
    await sql`insert into audit_event (action) values ('test.before-backup')`.execute(db.kysely);
    await db.close();

    const backup = await cli(['backup', file, '--data', dataDir]);
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, /Backed up audit_event \(\d+ rows?\)/);
    assert.match(backup.stdout, /Backup complete: \d+ tables, database schema \d{4}_/);

    const again = await cli(['backup', file, '--data', dataDir]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);

    db = await openDatabase({ kind: 'pglite', dataDir, command: 'test' });
    await sql`insert into audit_event (action) values ('test.after-backup')`.execute(db.kysely);
    await db.close();

    const unconfirmed = await cli(['restore', file, '--data', dataDir]);
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.stderr, /Add --yes to confirm when not running from a terminal/);
    db = await openDatabase({ kind: 'pglite', dataDir, command: 'test' });
    assert.deepEqual(await auditActions(db), ['test.before-backup', 'test.after-backup']);
    await db.close();

    const restore = await cli(['restore', file, '--data', dataDir, '--yes']);
    assert.equal(restore.code, 0, restore.stderr);
    assert.match(restore.stdout, /Restored audit_event/);
    assert.match(restore.stdout, /Restore complete/);
    db = await openDatabase({ kind: 'pglite', dataDir, command: 'test' });
    assert.deepEqual(await auditActions(db), ['test.before-backup']);
    await db.close();

    const notABackup = path.join(workDir, 'not-a-backup.gz');
    fs.writeFileSync(notABackup, 'hello');
    const refused = await cli(['restore', notABackup, '--data', dataDir, '--yes']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /is not a send-inspect backup, or it is damaged .* Nothing was changed\./);
  });

  test('--help says the embedded database must be stopped first', async () => {
    for (const verb of ['backup', 'restore']) {
      const help = await cli([verb, '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /On the embedded database, stop the service first/);
    }
  });
});

const postgresSkip = !testDatabaseKinds().includes('postgres')
  ? 'TEST_DB does not include postgres'
  : !(await isPostgresReachable())
    ? 'PostgreSQL did not answer'
    : false;

describe('backup and restore on the command line, PostgreSQL', { skip: postgresSkip }, () => {
  test('back up and restore through DATABASE_URL', async () => {
    const database = await createPostgresTestDatabase();
    const db = await openDatabase({ kind: 'postgres', connectionString: database.connectionString, poolSize: 2 });
    try {
      const env = { DATABASE_URL: database.connectionString };
      const file = path.join(workDir, 'postgres-backup.gz');
      await sql`insert into audit_event (action) values ('test.before-backup')`.execute(db.kysely);
      const backup = await cli(['backup', file], env);
      assert.equal(backup.code, 0, backup.stderr);
      assert.match(backup.stdout, /Backing up the PostgreSQL database send_inspect_test_\w+ on 127\.0\.0\.1/);

      await sql`insert into audit_event (action) values ('test.after-backup')`.execute(db.kysely);

      // Well-formed, but a row breaks a rule of the schema: the restore stops and is undone.
      const invalid = path.join(workDir, 'postgres-invalid.gz');
      const lines = gunzipSync(fs.readFileSync(file)).toString('utf8');
      fs.writeFileSync(invalid, gzipSync(lines.replace('"action": "test.before-backup"', '"action": null')));
      const failed = await cli(['restore', invalid, '--yes'], env);
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, /The restore stopped and was undone, so the database is as it was before\. The problem: .*action/);
      assert.deepEqual(await auditActions(db), ['test.before-backup', 'test.after-backup']);

      const restore = await cli(['restore', file, '--yes'], env);
      assert.equal(restore.code, 0, restore.stderr);
      assert.deepEqual(await auditActions(db), ['test.before-backup']);
    } finally {
      await db.close();
      await database.drop();
    }
  });
});
