// The CLI's plumbing: verbs with their options and help, usage errors (exit code 2),
// opening the database the same way the server does, and progress lines.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase, type Db } from './db/database.ts';

export class UsageError extends Error {}
/** A problem with what the user asked for (not a bug): printed plainly, exit code 1. */
export class CliError extends Error {}

export type CliOptions = NonNullable<ParseArgsConfig['options']>;

export type CliContext = {
  config: Config;
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  out: (line: string) => void;
  err: (line: string) => void;
  /** Opens (and migrates) the database from --data or DATABASE_URL; close it when done. */
  openDb: () => Promise<Db>;
};

export type CliCommand = {
  /** One or two words, e.g. 'start' or 'users add'. */
  name: string;
  summary: string;
  usage: string;
  /** Longer help shown by --help. */
  help?: string;
  options?: CliOptions;
  /** Positional arguments allowed: [min, max]. */
  positionals?: [number, number];
  run: (context: CliContext) => Promise<number | void>;
};

export const DATA_OPTION: CliOptions = {
  data: { type: 'string', short: 'd' },
};

export const DATA_HELP = `  --data DIR       embedded database directory (default ./data); ignored when DATABASE_URL is set`;

export function parseCommandArgs(command: CliCommand, argv: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    const [min, max] = command.positionals ?? [0, 0];
    if (!values.help && positionals.length < min) throw new UsageError(`Missing argument.`);
    if (!values.help && positionals.length > max) throw new UsageError(`Unexpected argument: ${positionals[max]}`);
    return { values: values as CliContext['values'], positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

/** Brings a database up to date: migrations, then the reference data that ships with the code. */
export type PrepareDatabase = (db: Db, progress?: (message: string) => void) => Promise<void>;

/** Opens the database a CLI verb works on: PostgreSQL if DATABASE_URL is set, else PGlite in --data. */
export async function openDatabaseFor(
  config: Config,
  values: CliContext['values'],
  command: string,
  prepare: PrepareDatabase,
  onProgress?: (m: string) => void,
): Promise<Db> {
  const db = config.databaseUrl
    ? await openDatabase({ kind: 'postgres', connectionString: config.databaseUrl })
    : await openDatabase({ kind: 'pglite', dataDir: typeof values.data === 'string' ? values.data : config.dataDir, command });
  try {
    await prepare(db, onProgress);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

export function configFromEnv(values: CliContext['values']): Config {
  const config = loadConfig();
  if (typeof values.data === 'string') return { ...config, dataDir: values.data };
  return config;
}

/** Checks a command's option values against a schema; the schema's messages become the usage error. */
export function parseOptionValues<S extends z.ZodType>(schema: S, values: CliContext['values']): z.output<S> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('\n'));
  return parsed.data;
}

/** Opens the database for one piece of work and closes it afterwards, whatever happens. */
export async function withDatabase<T>(openDb: () => Promise<Db>, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb();
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
