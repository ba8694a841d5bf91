// Applies the SQL migrations in ./migrations in name order; the same files run on PGlite and PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import type { Db, RunScript } from './database.ts';

const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');
// Any fixed number: app instances starting together on PostgreSQL take turns migrating.
const MIGRATION_LOCK_KEY = 7_240_512_025;

export type Migration = { name: string; sql: string };

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ name: f.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/** The newest migration this code knows: the schema version a backup records. */
export function latestSchemaVersion(): string {
  const all = listMigrations();
  return all[all.length - 1].name;
}

/** Creates the table that records which migrations a database has, if it is not there yet. */
export async function ensureMigrationTable(run: RunScript): Promise<void> {
  await run(`create table if not exists schema_migration (
    name text primary key,
    applied_at timestamptz not null default now()
  )`);
}

/** Runs one migration's SQL and records it, in whatever transaction the session has open. */
export async function applyMigrationInSession(run: RunScript, migration: Migration): Promise<void> {
  await run(migration.sql);
  await run(`insert into schema_migration (name) values ('${migration.name.replace(/'/g, "''")}')`);
}

async function appliedMigrations(run: RunScript): Promise<Set<string>> {
  await ensureMigrationTable(run);
  const rows = await run('select name from schema_migration');
  return new Set(rows.map((r) => String(r.name)));
}

export type MigrateOptions = {
  /** Stop after this migration (restore replays a backup's schema, then the rest). */
  upTo?: string;
  onProgress?: (message: string) => void;
};

/** Applies every pending migration, each in its own transaction; returns the names applied. */
export async function migrate(db: Db, options: MigrateOptions = {}): Promise<string[]> {
  return db.withSession(async (run) => {
    if (db.kind === 'postgres') await run(`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      const applied = await appliedMigrations(run);
      const done: string[] = [];
      for (const migration of listMigrations()) {
        if (options.upTo && migration.name > options.upTo) break;
        if (applied.has(migration.name)) continue;
        options.onProgress?.(`Applying migration ${migration.name}`);
        try {
          await run('begin');
          await applyMigrationInSession(run, migration);
          await run('commit');
        } catch (error) {
          await run('rollback').catch(() => {});
          throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
        }
        done.push(migration.name);
      }
      return done;
    } finally {
      if (db.kind === 'postgres') await run(`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  });
}

/** The newest migration applied to this database, or undefined for an empty one. */
export async function currentSchemaVersion(db: Db): Promise<string | undefined> {
  return db.withSession(async (run) => {
    const applied = [...(await appliedMigrations(run))].sort();
    return applied[applied.length - 1];
  });
}
