// CLI verbs for the whole database: back it up to a file, and restore it from one.
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { CliError, DATA_HELP, DATA_OPTION, type CliCommand, type CliContext } from '../cli.ts';
import { BackupFileError, backupDatabase, readBackupHeader, restoreDatabase } from './backup.ts';

const EMBEDDED_NOTE =
  'On the embedded database, stop the service first: its data directory can be open in one process\n' +
  'only, so this command is refused while send-inspect start is running. On PostgreSQL (DATABASE_URL)\n' +
  'the service can keep running.';

/** Where the command will act, for messages: never the password in a connection string. */
function describeTarget(context: CliContext): string {
  if (context.config.databaseUrl) {
    const url = new URL(context.config.databaseUrl);
    return `the PostgreSQL database ${url.pathname.slice(1)} on ${url.hostname}`;
  }
  const dir = typeof context.values.data === 'string' ? context.values.data : context.config.dataDir;
  return `the embedded database in ${path.resolve(dir)}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await prompt.question(question)).trim().toLowerCase() === 'yes';
  } finally {
    prompt.close();
  }
}

/** Runs `fn`, turning a problem with the backup file into a plain CLI error. */
async function plainly<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof BackupFileError) throw new CliError(error.message);
    throw error;
  }
}

/** A restore runs in one transaction, so whatever stopped it, the database is as it was: say so. */
async function restoreOrExplain<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await plainly(fn);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`The restore stopped and was undone, so the database is as it was before. The problem: ${(error as Error).message}`);
  }
}

export const dbCommands: CliCommand[] = [
  {
    name: 'backup',
    summary: 'Back up the whole database to a file',
    usage: 'send-inspect backup FILE [--data DIR]',
    help: [
      '  FILE             where to write the backup (a gzip\'d file; it must not exist yet)',
      DATA_HELP,
      '',
      'The backup is taken from one consistent moment and holds every table and the audit log.',
      'It holds personal data: keep it as securely as the database itself.',
      EMBEDDED_NOTE,
    ].join('\n'),
    options: DATA_OPTION,
    positionals: [1, 1],
    async run(context) {
      const file = path.resolve(context.positionals[0]);
      if (fs.existsSync(file)) throw new CliError(`${file} already exists. Choose a new file name, or move the old backup first.`);
      if (!fs.existsSync(path.dirname(file))) throw new CliError(`The folder ${path.dirname(file)} does not exist.`);
      const db = await context.openDb();
      try {
        context.out(`Backing up ${describeTarget(context)} to ${file}`);
        const header = await backupDatabase(db, file, context.out);
        context.out(`Backup complete: ${plural(header.tables.length, 'table', 'tables')}, database schema ${header.schemaVersion}.`);
      } finally {
        await db.close();
      }
    },
  },
  {
    name: 'restore',
    summary: 'Replace the whole database with a backup',
    usage: 'send-inspect restore FILE [--data DIR] [--yes]',
    help: [
      '  FILE             a backup made by send-inspect backup',
      DATA_HELP,
      '  --yes            do not ask for confirmation (needed when not run from a terminal)',
      '',
      'Everything in the database is replaced by the backup. The file is checked in full first, and',
      'the restore runs as one transaction: if anything fails, the database is left as it was.',
      'A backup from an older version is brought up to date; one from a newer version is refused.',
      EMBEDDED_NOTE,
    ].join('\n'),
    options: { ...DATA_OPTION, yes: { type: 'boolean', short: 'y' } },
    positionals: [1, 1],
    async run(context) {
      const file = path.resolve(context.positionals[0]);
      const header = await plainly(() => readBackupHeader(file));
      context.out(`${file}: a backup taken ${header.createdAt} from ${header.engine === 'postgres' ? 'PostgreSQL' : 'the embedded database'}, database schema ${header.schemaVersion}.`);
      if (!context.values.yes && !process.stdin.isTTY) {
        throw new CliError('Restoring replaces everything in the database. Add --yes to confirm when not running from a terminal.');
      }
      const db = await context.openDb();
      try {
        const target = describeTarget(context);
        if (!context.values.yes && !(await confirm(`This replaces everything in ${target} with the backup. Type yes to continue: `))) {
          context.out('Nothing was changed.');
          return 1;
        }
        context.out(`Restoring ${target}`);
        const { rows } = await restoreOrExplain(() => restoreDatabase(db, file, context.out));
        const total = Object.values(rows).reduce((sum, n) => sum + n, 0);
        context.out(`Restore complete: ${plural(total, 'row', 'rows')} in ${plural(Object.keys(rows).length, 'table', 'tables')}.`);
      } finally {
        await db.close();
      }
    },
  },
];
