// Opens the database: embedded PGlite in a locked data directory, or PostgreSQL from DATABASE_URL.
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDirectory } from './lock.ts';
import { LockedPGliteDialect, Mutex } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export type Db = {
  kysely: Kysely<Database>;
  kind: DatabaseKind;
  /**
   * Lends one database session for raw SQL that may hold several statements (migrations,
   * restore). On PGlite it holds the engine's lock, so nothing else runs meanwhile.
   */
  withSession<T>(fn: (run: RunScript) => Promise<T>): Promise<T>;
  /** PostgreSQL connection string, when on PostgreSQL (pg-boss needs it). */
  connectionString?: string;
  /** The embedded engine, when on PGlite. */
  pglite?: PGlite;
  close(): Promise<void>;
};

/** Runs SQL (several statements allowed) and returns the rows of the last one. */
export type RunScript = (sql: string) => Promise<Record<string, unknown>[]>;

export type OpenOptions =
  | { kind: 'postgres'; connectionString: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string; command: string; loadDataDir?: Blob | File }
  | { kind: 'pglite-memory'; loadDataDir?: Blob | File };

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const DATE_OID = 1082;

/** Both drivers must hand back the same JS values: int8 and numeric as numbers, dates as 'YYYY-MM-DD'. */
const pgTypeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => (v === null ? null : Number(v));
    if (oid === DATE_OID) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

const pgliteParsers = {
  [pgliteTypes.INT8]: (v: string) => Number(v),
  [pgliteTypes.NUMERIC]: (v: string) => Number(v),
  [pgliteTypes.DATE]: (v: string) => v,
};

export async function openDatabase(options: OpenOptions): Promise<Db> {
  if (options.kind === 'postgres') return openPostgres(options.connectionString, options.poolSize ?? 10);
  return openPGlite(options);
}

async function openPostgres(connectionString: string, poolSize: number): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: poolSize, types: pgTypeParsers });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    kind: 'postgres',
    connectionString,
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn(async (sql) => {
          const result = (await client.query(sql)) as pg.QueryResult | pg.QueryResult[];
          const last = Array.isArray(result) ? result[result.length - 1] : result;
          return (last?.rows ?? []) as Record<string, unknown>[];
        });
      } finally {
        client.release();
      }
    },
    async close() {
      await kysely.destroy();
    },
  };
}

async function openPGlite(options: Extract<OpenOptions, { kind: 'pglite' | 'pglite-memory' }>): Promise<Db> {
  const release = options.kind === 'pglite' ? lockDataDirectory(options.dataDir, options.command) : () => {};
  try {
    const dataDir = options.kind === 'pglite' ? path.join(options.dataDir, 'pglite') : undefined;
    const pglite = await PGlite.create({ dataDir, parsers: pgliteParsers, loadDataDir: options.loadDataDir });
    const mutex = new Mutex();
    const kysely = new Kysely<Database>({ dialect: new LockedPGliteDialect(pglite, mutex) });
    return {
      kysely,
      kind: 'pglite',
      pglite,
      async withSession(fn) {
        return mutex.run(() =>
          fn(async (sql) => {
            const results = await pglite.exec(sql);
            return (results[results.length - 1]?.rows ?? []) as Record<string, unknown>[];
          }),
        );
      },
      async close() {
        try {
          await kysely.destroy();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
