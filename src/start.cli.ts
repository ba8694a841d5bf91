// CLI verb `start` (what `npm start` runs): the web service, seeding the demo into a new database.
import type { Config } from './config.ts';
import { casesLine, credentialsTable, surveyCountsLine } from './demo/demo.ts';
import { evidenceLine } from './demo/demo-evidence.ts';
import { historyLine, reportLine } from './demo/demo-report.ts';
import { isNewDatabase, seedDemo } from './demo/demo.service.ts';
import { DATA_HELP, DATA_OPTION, UsageError, type CliCommand } from './platform/cli.ts';
import type { Db } from './platform/db/database.ts';
import { closeOnSignals, startServer } from './server.ts';

function parsePort(value: unknown, fallback: number): number {
  if (typeof value !== 'string') return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new UsageError(`--port must be a whole number from 1 to 65535, not "${value}".`);
  return port;
}

async function seedDemoIntoNewDatabase(db: Db, config: Config, out: (line: string) => void): Promise<void> {
  if (!config.demo || !(await isNewDatabase(db.kysely))) return;
  const demo = await seedDemo(db);
  out('');
  out(`This is a new database: added the fictional area Northbrook and inspection ${demo.inspectionReference} (report drafting).`);
  out(`Its three surveys are closed, with synthetic responses: ${surveyCountsLine(demo.surveyResponses)}.`);
  out(casesLine(demo.cases));
  out(evidenceLine(demo.evidence));
  out(reportLine(demo.report));
  out(historyLine(demo.report.previousInspection));
  for (const line of credentialsTable(demo.accounts)) out(line);
  out('');
}

export const startCommands: CliCommand[] = [
  {
    name: 'start',
    summary: 'Start the web service (npm start runs this)',
    usage: 'send-inspect start [--port N] [--data DIR]',
    help: [
      '  --port N         port to listen on (default 3000, or PORT)',
      DATA_HELP,
      '',
      'On a new, empty database (and unless DEMO=false or NODE_ENV=production) it adds a fictional',
      'area, one inspection whose report is being drafted (and the area’s previous, published one)',
      'and an account for each role, and prints their passwords once.',
    ].join('\n'),
    options: { ...DATA_OPTION, port: { type: 'string', short: 'p' } },
    async run({ config, values, out }) {
      const port = parsePort(values.port, config.port);
      const dataDir = typeof values.data === 'string' ? values.data : config.dataDir;
      const started = Date.now();
      const effective = { ...config, port, dataDir };
      const server = await startServer(effective, {
        progress: out,
        beforeListen: (db) => seedDemoIntoNewDatabase(db, effective, out),
      });
      out(`Area SEND inspections is running at ${server.url} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s). Press Ctrl+C to stop.`);
      closeOnSignals(server, out);
      return new Promise<number>(() => {});
    },
  },
];
