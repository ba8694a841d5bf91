// Backup and restore on both engines: exact round trips, refusals that change nothing, and backups moving between engines.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { backupDatabase, checkBackupFile, orderTablesByDependency, restoreDatabase } from './backup.ts';
import { openDatabase, type Db, type DatabaseKind } from './database.ts';
import { currentSchemaVersion, latestSchemaVersion, listMigrations, migrate } from './migrate.ts';
import { createTestDatabase, describeEachDatabase, isPostgresReachable, testDatabaseKinds } from './test-database.ts';

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'send-inspect-backup-test-'));
after(() => fs.rmSync(workDir, { recursive: true, force: true }));
let fileNumber = 0;
const newFile = () => path.join(workDir, `backup-${++fileNumber}.jsonl.gz`);

// Written as JSON text so the long number keeps every digit: it must survive the round trip as PostgreSQL holds it.
const FRAMEWORK_DEFINITION = '{"title": "Test “framework”", "criteria": [{"id": "c1", "text": "Line one\\nLine two", "weight": 0.1}], "big": 12345678901234567890.000000000001}';

/** Puts a little of everything in: uuids, microsecond timestamps, dates, jsonb, bigint ids, nulls. */
async function seed(db: Db): Promise<void> {
  await sql`insert into app_user (id, email, display_name, organisation, is_admin, mfa_last_used_step, last_sign_in_at, created_at)
    values ('6f1c2a7e-3b1d-4c55-9a2e-1d2f3a4b5c6d', 'lead@ofsted.example', 'Amira Lead', 'ofsted', true, 58888001,
            timestamptz '2026-03-29 00:59:59.123456+00', timestamptz '2025-10-26 01:30:00.000001+01'),
           ('0b7e9d3c-2a1f-4e6d-8c5b-4a3f2e1d0c9b', 'officer@council.example', 'Ben O''Neill', 'local_area', false, null, null, now())`.execute(db.kysely);
  await sql`insert into local_area (la_code, gss_code, name, region, icb, is_fictional)
    values ('999', 'E99999999', 'Testshire', 'South West', 'NHS Testshire ICB', true)`.execute(db.kysely);
  await sql`insert into area_membership (la_code, user_id, role) values ('999', '0b7e9d3c-2a1f-4e6d-8c5b-4a3f2e1d0c9b', 'nominated_officer')`.execute(db.kysely);
  await sql`insert into framework_revision (id, framework_code, revision, content_hash, definition)
    values ('11111111-2222-4333-8444-555555555555', 'test-framework', 1, 'hash-1',
            ${FRAMEWORK_DEFINITION}::jsonb)`.execute(db.kysely);
  await sql`insert into inspection (id, reference, la_code, framework_revision_id, inspection_type, notification_date, onsite_start_date, onsite_end_date, created_by)
    values ('aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', 'SEND-999-1', '999', '11111111-2222-4333-8444-555555555555', 'full',
            date '2026-01-05', date '2026-01-12', date '2026-01-16', '6f1c2a7e-3b1d-4c55-9a2e-1d2f3a4b5c6d')`.execute(db.kysely);
  await sql`insert into inspection_team_member (inspection_id, user_id, role)
    values ('aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', '6f1c2a7e-3b1d-4c55-9a2e-1d2f3a4b5c6d', 'ofsted_lead')`.execute(db.kysely);
  await sql`insert into inspection_transition (inspection_id, from_status, to_status, actor_user_id, reason, occurred_at)
    values ('aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', 'planned', 'notified', '6f1c2a7e-3b1d-4c55-9a2e-1d2f3a4b5c6d', null, timestamptz '2026-01-05 09:00:00.654321+00')`.execute(db.kysely);
  await sql`insert into user_session (id_hash, user_id, data, expires_at)
    values ('hash-of-session', '6f1c2a7e-3b1d-4c55-9a2e-1d2f3a4b5c6d', ${JSON.stringify({ userId: 'x', cookie: { expires: '2030-01-01T00:00:00.000Z' } })}::jsonb,
            timestamptz '2030-01-01 00:00:00+00')`.execute(db.kysely);
  for (let i = 0; i < 3; i++) {
    await sql`insert into audit_event (occurred_at, actor_user_id, actor_label, action, details, request_id)
      values (timestamptz '2026-01-05 09:00:00.000007+00' + ${i} * interval '1 minute', '6f1c2a7e-3b1d-4c55-9a2e-1d2f3a4b5c6d', 'lead@ofsted.example',
              'test.event', ${JSON.stringify({ n: i, note: "quote ' and \\ backslash" })}::jsonb, null)`.execute(db.kysely);
  }
}

/** Every application table's rows as PostgreSQL's own JSON text, in UTC: equal snapshots mean equal data, to the microsecond. */
async function snapshot(db: Db): Promise<Record<string, string[]>> {
  return db.withSession(async (run) => {
    await run(`set time zone 'UTC'`);
    try {
      const tables = await run(`select tablename from pg_tables where schemaname = 'public' and tablename <> 'schema_migration' order by tablename`);
      const result: Record<string, string[]> = {};
      for (const { tablename } of tables) {
        const rows = await run(`select to_jsonb(t)::text as row from public."${String(tablename)}" t order by 1`);
        result[String(tablename)] = rows.map((r) => String(r.row));
      }
      return result;
    } finally {
      await run('reset time zone');
    }
  });
}

async function changeEverything(db: Db): Promise<void> {
  await sql`insert into app_user (email, display_name, organisation) values ('new@cqc.example', 'New Person', 'cqc')`.execute(db.kysely);
  await sql`update app_user set display_name = 'Changed' where email = 'lead@ofsted.example'`.execute(db.kysely);
  await sql`delete from user_session`.execute(db.kysely);
  await sql`insert into audit_event (action, details) values ('test.after-backup', '{}'::jsonb)`.execute(db.kysely);
}

/** Rewrites a backup's decompressed lines, for making damaged and altered files. */
function rewriteBackup(from: string, to: string, change: (lines: string[]) => string[]): void {
  const lines = gunzipSync(fs.readFileSync(from)).toString('utf8').split('\n');
  fs.writeFileSync(to, gzipSync(change(lines).join('\n')));
}

test('tables are ordered so each comes after the tables it refers to', () => {
  const order = orderTablesByDependency(
    ['inspection', 'app_user', 'audit_event', 'inspection_team_member', 'local_area'],
    [
      { child: 'inspection', parent: 'local_area' },
      { child: 'inspection_team_member', parent: 'inspection' },
      { child: 'inspection_team_member', parent: 'app_user' },
      { child: 'inspection', parent: 'elsewhere' },
    ],
  );
  assert.deepEqual(order, ['app_user', 'audit_event', 'local_area', 'inspection', 'inspection_team_member']);
  assert.throws(() => orderTablesByDependency(['a', 'b'], [{ child: 'a', parent: 'b' }, { child: 'b', parent: 'a' }]), /a, b refer to each other in a cycle/);
  assert.throws(() => orderTablesByDependency(['a'], [{ child: 'a', parent: 'a' }]), /a refers to itself/);
});

describeEachDatabase('backup and restore', (kind) => {
  let db: Db;
  let file: string;
  let seeded: Record<string, string[]>;

  before(async () => {
    db = await createTestDatabase(kind);
    await seed(db);
    seeded = await snapshot(db);
    file = newFile();
    const progress: string[] = [];
    const header = await backupDatabase(db, file, (m) => progress.push(m));
    assert.equal(header.schemaVersion, latestSchemaVersion());
    assert.ok(progress.includes('Backed up audit_event (3 rows)'), progress.join('\n'));
  });
  after(async () => {
    await db.close();
  });

  test('the file is a gzip\'d JSON-lines backup: a header, the tables in dependency order, a trailer', async () => {
    const lines = gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]);
    assert.equal(header.format, 'send-inspect-backup');
    assert.equal(header.formatVersion, 1);
    assert.equal(header.engine, kind);
    assert.ok(!header.tables.includes('schema_migration'));
    assert.ok(header.tables.indexOf('app_user') < header.tables.indexOf('inspection_team_member'));
    assert.ok(header.tables.indexOf('local_area') < header.tables.indexOf('inspection'));
    assert.ok(header.tables.indexOf('framework_revision') < header.tables.indexOf('inspection'));
    assert.ok(header.tables.indexOf('inspection') < header.tables.indexOf('inspection_transition'));
    assert.deepEqual(header.sequences.audit_event_id_seq, { lastValue: 3, isCalled: true });
    const summary = await checkBackupFile(file);
    assert.equal(summary.rows.audit_event, 3);
    assert.equal(summary.rows.app_user, 2);
    assert.equal(JSON.parse(lines[lines.length - 1])[0], 'end');
  });

  test('backup, change, restore: the data is exactly as it was, and the audit log carries on numbering', async () => {
    await changeEverything(db);
    assert.notDeepEqual(await snapshot(db), seeded);

    const progress: string[] = [];
    const summary = await restoreDatabase(db, file, (m) => progress.push(m));
    assert.equal(summary.header.schemaVersion, latestSchemaVersion());
    assert.deepEqual(await snapshot(db), seeded);
    assert.ok(progress.includes('Restored audit_event (3 rows)'), progress.join('\n'));
    assert.equal(await currentSchemaVersion(db), latestSchemaVersion());

    // The identity sequence continues after the restored rows, and the log is still append-only.
    const [next] = (await sql<{ id: number }>`insert into audit_event (action) values ('test.after-restore') returning id`.execute(db.kysely)).rows;
    assert.equal(next.id, 4);
    await assert.rejects(sql`delete from audit_event`.execute(db.kysely), /append-only/);
    // The typed values come back as the app reads them.
    const inspection = await db.kysely.selectFrom('inspection').selectAll().executeTakeFirstOrThrow();
    assert.equal(inspection.notification_date, '2026-01-05');
    const user = await db.kysely.selectFrom('app_user').selectAll().where('email', '=', 'lead@ofsted.example').executeTakeFirstOrThrow();
    assert.equal(user.last_sign_in_at?.toISOString(), '2026-03-29T00:59:59.123Z');
    assert.equal(user.mfa_last_used_step, 58888001);
  });

  test('many rows and long text come back whole: more rows than one batch, characters split across read chunks', async () => {
    await sql`insert into audit_event (action, details)
      select 'test.bulk', jsonb_build_object('n', n, 'text', repeat('é“”😀 ', 20 + n % 7)) from generate_series(1, 2500) n`.execute(db.kysely);
    await sql`insert into audit_event (action, details) values ('test.long', jsonb_build_object('text', repeat('é“”😀', 60000)))`.execute(db.kysely);
    const before = await snapshot(db);
    const big = newFile();
    await backupDatabase(db, big);
    await changeEverything(db);
    await restoreDatabase(db, big);
    assert.deepEqual(await snapshot(db), before);
    assert.equal(before.audit_event.length, 3 + 1 + 2500 + 1);
  });

  test('a backup from a newer version of send-inspect is refused and nothing is changed', async () => {
    const future = newFile();
    rewriteBackup(file, future, ([header, ...rest]) => [JSON.stringify({ ...JSON.parse(header), schemaVersion: '9999_from_the_future' }), ...rest]);
    const before = await snapshot(db);
    await assert.rejects(restoreDatabase(db, future), /comes from a newer version of send-inspect \(database schema 9999_from_the_future; this version knows schema up to /);
    assert.deepEqual(await snapshot(db), before);
  });

  test('damaged files and files that are not backups are refused before anything is changed', async () => {
    const before = await snapshot(db);
    const whole = fs.readFileSync(file);
    const cases: [string, (target: string) => void, RegExp][] = [
      ['cut short', (t) => fs.writeFileSync(t, whole.subarray(0, Math.floor(whole.length * 0.8))), /damaged \(unexpected end of file\)/],
      ['not gzip', (t) => fs.writeFileSync(t, 'name,email\nA,a@example.test\n'), /not a send-inspect backup, or it is damaged/],
      ['some other JSON', (t) => fs.writeFileSync(t, gzipSync('{"hello":"world"}\n')), /the first line is not a backup header/],
      ['a row missing', (t) => rewriteBackup(file, t, (lines) => lines.filter((l, i) => !(i > 0 && l.includes('test.event') && l.includes('"n": 1')))), /the number of rows in audit_event does not match/],
      ['its end missing', (t) => rewriteBackup(file, t, (lines) => lines.filter((l) => !l.startsWith('["end"'))), /the file is incomplete/],
      ['a broken row', (t) => rewriteBackup(file, t, (lines) => lines.map((l) => (l.includes('Testshire') ? l.slice(0, 20) : l))), /a row of local_area is not valid/],
      ['tables out of order', (t) => rewriteBackup(file, t, ([h, ...rest]) => {
        const header = JSON.parse(h);
        return [JSON.stringify({ ...header, tables: [...header.tables].reverse() }), ...rest];
      }), /is not where the header says/],
    ];
    for (const [name, make, expected] of cases) {
      const target = newFile();
      make(target);
      await assert.rejects(restoreDatabase(db, target), expected, name);
      assert.deepEqual(await snapshot(db), before, `${name}: nothing changed`);
    }
  });

  test('a restore that fails part-way is rolled back: the old data stays', async () => {
    // Well-formed, but one row breaks a rule of the schema (a local area code must be three digits).
    const invalid = newFile();
    rewriteBackup(file, invalid, (lines) => lines.map((l) => l.replace('"la_code": "999", "gss_code"', '"la_code": "99X", "gss_code"')));
    await checkBackupFile(invalid);
    await changeEverything(db);
    const before = await snapshot(db);
    await assert.rejects(restoreDatabase(db, invalid), /local_area/);
    assert.deepEqual(await snapshot(db), before);
    assert.equal(await currentSchemaVersion(db), latestSchemaVersion());
  });

  test('a backup from an older schema is restored and brought up to date', async () => {
    const first = listMigrations()[0].name;
    const old = await openDatabase({ kind: 'pglite-memory' });
    let oldFile: string;
    try {
      await migrate(old, { upTo: first });
      await sql`insert into audit_event (action, details) values ('test.old-version', '{"from":"old"}'::jsonb)`.execute(old.kysely);
      oldFile = newFile();
      assert.equal((await backupDatabase(old, oldFile)).schemaVersion, first);
    } finally {
      await old.close();
    }
    const progress: string[] = [];
    await restoreDatabase(db, oldFile, (m) => progress.push(m));
    assert.equal(await currentSchemaVersion(db), latestSchemaVersion());
    const events = await db.kysely.selectFrom('audit_event').select(['id', 'action', 'details']).execute();
    assert.deepEqual(events, [{ id: 1, action: 'test.old-version', details: { from: 'old' } }]);
    for (const later of listMigrations().slice(1)) assert.ok(progress.includes(`Applying migration ${later.name}`), later.name);
  });
});

const otherEngine: Record<DatabaseKind, DatabaseKind> = { pglite: 'postgres', postgres: 'pglite' };
const bothEngines =
  testDatabaseKinds().length === 2 && (await isPostgresReachable()) ? false : 'needs both engines (TEST_DB=both and a reachable PostgreSQL)';

describe('backups move between engines', { skip: bothEngines }, () => {
  for (const from of ['pglite', 'postgres'] as const) {
    test(`a backup taken on ${from} restores on ${otherEngine[from]} exactly`, async () => {
      const source = await createTestDatabase(from);
      const target = await createTestDatabase(otherEngine[from]);
      try {
        await seed(source);
        const file = newFile();
        await backupDatabase(source, file);
        await restoreDatabase(target, file);
        assert.deepEqual(await snapshot(target), await snapshot(source));
        const [next] = (await sql<{ id: number }>`insert into audit_event (action) values ('test.next') returning id`.execute(target.kysely)).rows;
        assert.equal(next.id, 4);
      } finally {
        await source.close();
        await target.close();
      }
    });
  }
});
