// Test helper for CLI verbs: runs a verb's own run function on the suite's database and keeps what it printed.
import { loadConfig, type Config } from '../config.ts';
import { parseCommandArgs, type CliCommand } from './cli.ts';
import type { Db } from './db/database.ts';

export type CliRun = { code: number; out: string[]; err: string[] };

/**
 * Parses `argv` as the command line would, then runs the verb. With `db` null the run fails if it
 * opens a database, for checks that must be refused before any work.
 */
export async function runCliCommand(command: CliCommand, db: Db | null, argv: string[], config: Config = loadConfig({ NODE_ENV: 'test' })): Promise<CliRun> {
  const { values, positionals } = parseCommandArgs(command, argv);
  const out: string[] = [];
  const err: string[] = [];
  const code = await command.run({
    config,
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
  return { code: code ?? 0, out, err };
}
