// CLI verbs of the platform: apply migrations.
import { DATA_HELP, DATA_OPTION, type CliCommand } from './cli.ts';

export const platformCommands: CliCommand[] = [
  {
    name: 'migrate',
    summary: 'Apply database migrations and load reference data',
    usage: 'send-inspect migrate [--data DIR]',
    help: DATA_HELP,
    options: DATA_OPTION,
    async run({ openDb, out }) {
      const db = await openDb();
      await db.close();
      out('The database is up to date.');
    },
  },
];
