// CLI verbs of the platform: start the server, apply migrations.
import { startServer, closeOnSignals } from '../server.ts';
import { DATA_HELP, DATA_OPTION, UsageError, type CliCommand } from './cli.ts';

export const platformCommands: CliCommand[] = [
  {
    name: 'start',
    summary: 'Start the web service (npm start runs this)',
    usage: 'send-inspect start [--port N] [--data DIR]',
    help: `  --port N         port to listen on (default 3000, or PORT)\n${DATA_HELP}`,
    options: { ...DATA_OPTION, port: { type: 'string', short: 'p' } },
    async run({ config, values, out }) {
      let port = config.port;
      if (typeof values.port === 'string') {
        port = Number(values.port);
        if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port must be a whole number from 1 to 65535, not "${values.port}".`);
      }
      const started = Date.now();
      const server = await startServer({ ...config, port, dataDir: typeof values.data === 'string' ? values.data : config.dataDir }, { progress: out });
      out(`Area SEND inspections is running at ${server.url} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s). Press Ctrl+C to stop.`);
      closeOnSignals(server, out);
      return new Promise<number>(() => {});
    },
  },
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
