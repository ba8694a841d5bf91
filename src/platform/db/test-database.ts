// Test databases: each test gets a fresh, migrated database on PGlite, PostgreSQL or both
// (TEST_DB=pglite|postgres|both). PGlite clones a migrated template; PostgreSQL copies a template database.
import { randomBytes, createHash } from 'node:crypto';
import { describe } from 'node:test';
import pg from 'pg';
import { loadConfig } from '../../config.ts';
import { openDatabase, type Db, type DatabaseKind } from './database.ts';
import { listMigrations, migrate } from './migrate.ts';

const config = loadConfig({ ...process.env, NODE_ENV: 'test' });

let pgliteTemplate: Promise<Blob> | undefined;

async function buildPgliteTemplate(): Promise<Blob> {
  const db = await openDatabase({ kind: 'pglite-memory' });
  await migrate(db);
  const blob = await db.pglite!.dumpDataDir('none');
  await db.close();
  return blob;
}

function migrationsFingerprint(): string {
  const hash = createHash('sha256');
  for (const m of listMigrations()) hash.update(m.name).update(m.sql);
  return hash.digest('hex').slice(0, 12);
}

function adminUrl(): string {
  const url = new URL(config.test.databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

function databaseUrl(name: string): string {
  const url = new URL(config.test.databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

let postgresReachable: Promise<boolean> | undefined;

/** Whether the test PostgreSQL server answers; decided once per process. */
export function isPostgresReachable(): Promise<boolean> {
  // A busy machine (several test files starting at once) can be slow to accept a connection: try
  // three times before deciding there is no server.
  postgresReachable ??= (async () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 10_000 });
      try {
        await client.connect();
        await client.query('select 1');
        return true;
      } catch {
        if (attempt < 3) await new Promise((resolve) => setTimeout(resolve, 1000));
      } finally {
        await client.end().catch(() => {});
      }
    }
    return false;
  })();
  return postgresReachable;
}

async function ensurePostgresTemplate(admin: pg.Client): Promise<string> {
  const template = `send_inspect_template_${migrationsFingerprint()}`;
  // Test files run in parallel processes: one builds the template while the others wait.
  await admin.query('select pg_advisory_lock(7240512026)');
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0) {
      await admin.query(`create database "${template}"`);
      const db = await openDatabase({ kind: 'postgres', connectionString: databaseUrl(template), poolSize: 1 });
      try {
        await migrate(db);
      } finally {
        await db.close();
      }
    }
  } finally {
    await admin.query('select pg_advisory_unlock(7240512026)');
  }
  return template;
}

async function createDatabaseFromTemplate(admin: pg.Client, name: string, template: string): Promise<void> {
  // A template may still show a session for a moment after its last client closed.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`create database "${name}" template "${template}"`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    }
  }
}

/** A fresh, migrated, empty PostgreSQL database and a function that drops it. */
export async function createPostgresTestDatabase(): Promise<{ connectionString: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    const template = await ensurePostgresTemplate(admin);
    const name = `send_inspect_test_${randomBytes(6).toString('hex')}`;
    await createDatabaseFromTemplate(admin, name, template);
    return {
      connectionString: databaseUrl(name),
      drop: async () => {
        const c = new pg.Client({ connectionString: adminUrl() });
        await c.connect();
        try {
          await c.query(`drop database if exists "${name}" with (force)`);
        } finally {
          await c.end();
        }
      },
    };
  } finally {
    await admin.end();
  }
}

/** Opens a fresh migrated database of the given kind; closing it also throws it away. */
export async function createTestDatabase(kind: DatabaseKind): Promise<Db> {
  if (kind === 'pglite') {
    pgliteTemplate ??= buildPgliteTemplate();
    return openDatabase({ kind: 'pglite-memory', loadDataDir: await pgliteTemplate });
  }
  const { connectionString, drop } = await createPostgresTestDatabase();
  const db = await openDatabase({ kind: 'postgres', connectionString, poolSize: 5 });
  return {
    ...db,
    async close() {
      await db.close();
      await drop();
    },
  };
}

export function testDatabaseKinds(): DatabaseKind[] {
  return config.test.db === 'both' ? ['pglite', 'postgres'] : [config.test.db];
}

const postgresWanted = testDatabaseKinds().includes('postgres');
const postgresAvailable = postgresWanted ? await isPostgresReachable() : false;
if (postgresWanted && !postgresAvailable && config.test.requirePostgres) {
  throw new Error(`PostgreSQL is required for these tests (REQUIRE_POSTGRES_TESTS=true) but ${config.test.databaseUrl} did not answer.`);
}

/**
 * Runs a suite once per configured database. Without a reachable PostgreSQL the PostgreSQL
 * run is skipped with its reason, unless REQUIRE_POSTGRES_TESTS=true, when it fails.
 */
export function describeEachDatabase(name: string, suite: (kind: DatabaseKind) => void): void {
  for (const kind of testDatabaseKinds()) {
    const skip =
      kind === 'postgres' && !postgresAvailable
        ? `PostgreSQL at ${config.test.databaseUrl} did not answer (TEST_DB=pglite runs only the embedded database)`
        : false;
    describe(`${name} [${kind}]`, { skip }, () => suite(kind));
  }
}
