// CLI verb `demo`: adds the demonstration data, or replaces it with --reset.
import { DATA_HELP, DATA_OPTION, CliError, type CliCommand } from '../platform/cli.ts';
import { casesLine, credentialsTable, surveyCountsLine } from './demo.ts';
import { evidenceLine } from './demo-evidence.ts';
import { historyLine, reportLine } from './demo-report.ts';
import { isDemoPresent, resetDemo, seedDemo } from './demo.service.ts';

export const demoCommands: CliCommand[] = [
  {
    name: 'demo',
    summary: 'Add the demo area, inspections and accounts (--reset replaces them)',
    usage: 'send-inspect demo [--reset] [--data DIR]',
    help: `  --reset          remove the demo's inspections and accounts first, then seed them afresh\n${DATA_HELP}`,
    options: { ...DATA_OPTION, reset: { type: 'boolean' } },
    async run({ openDb, values, out }) {
      const db = await openDb();
      try {
        if (!values.reset && (await isDemoPresent(db.kysely))) {
          throw new CliError('The demo is already there. Run `send-inspect demo --reset` to replace it (its accounts get new passwords).');
        }
        const demo = values.reset ? await resetDemo(db) : await seedDemo(db);
        out(`Demo inspection ${demo.inspectionReference} has finished its fieldwork; its report is being drafted.`);
        out(`Its surveys have closed: ${surveyCountsLine(demo.surveyResponses)}.`);
        out(casesLine(demo.cases));
        out(evidenceLine(demo.evidence));
        out(reportLine(demo.report));
        out(historyLine(demo.report.previousInspection));
        for (const line of credentialsTable(demo.accounts)) out(line);
      } finally {
        await db.close();
      }
    },
  },
];
