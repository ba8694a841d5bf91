// CLI verb `report publish`: publishes an inspection's report now or sets it to be published at a
// time. It acts with the database's own authority, audited as "cli", and still needs both leads'
// current sign-offs.
import { z } from 'zod';
import { CLI_ACTOR, findInspection, isUuid, TransitionRefusedError } from '../inspections/inspection.service.ts';
import { isReference } from '../inspections/inspection.ts';
import { CliError, DATA_HELP, DATA_OPTION, parseOptionValues, withDatabase, type CliCommand } from '../platform/cli.ts';
import { formatDateTime } from '../platform/web/format.ts';
import { publishNow, ReportStepInputError, ReportStepRefusedError, schedulePublication } from './report-publication.service.ts';
import { parseCommandLineTime } from './report-workflow.ts';

const publishOptions = z.object({
  inspection: z
    .string({ error: '--inspection is required: the inspection’s id or its reference, like SEND-352-2026-1' })
    .trim()
    .refine((key) => isUuid(key) || isReference(key), { error: (issue) => `"${String(issue.input)}" is not an inspection id or reference (a reference looks like SEND-352-2026-1)` }),
  at: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const parsed = parseCommandLineTime(value);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: `--at: ${parsed.message}` });
        return z.NEVER;
      }
      return parsed.at;
    }),
});

function refusal(error: unknown): CliError | undefined {
  if (error instanceof ReportStepRefusedError) {
    return new CliError([`${error.headline}.`, ...error.missing.map((m) => `  - ${m}`)].join('\n'));
  }
  if (error instanceof ReportStepInputError) return new CliError(`--at: ${error.message}.`);
  if (error instanceof TransitionRefusedError) return new CliError(`${error.message}.`);
  return undefined;
}

export const reportPublishCommands: CliCommand[] = [
  {
    name: 'report publish',
    summary: 'Publish an inspection’s report now, or at a set time',
    usage: 'send-inspect report publish --inspection ID_OR_REFERENCE [--at TIME] [--data DIR]',
    help: [
      '  --inspection ID  the inspection’s id or its reference, like SEND-352-2026-1',
      '  --at TIME        publish at this time instead of now: "YYYY-MM-DD HH:MM" in England’s time,',
      '                   or an ISO time with its offset, like 2027-03-04T09:30:00Z (within a year)',
      DATA_HELP,
      '',
      'The report must be at the end of its factual accuracy check, with both the Ofsted lead’s and',
      'the CQC lead’s sign-off of the report as it reads now. A scheduled report stays embargoed until',
      'its time, when the server publishes it if it is still signed off. Recorded in the audit log as "cli".',
    ].join('\n'),
    options: { ...DATA_OPTION, inspection: { type: 'string' }, at: { type: 'string' } },
    async run({ values, out, openDb }) {
      const options = parseOptionValues(publishOptions, values);
      await withDatabase(openDb, async (db) => {
        const details = await findInspection(db.kysely, options.inspection);
        if (!details) throw new CliError(`There is no inspection with the ${isUuid(options.inspection) ? 'id' : 'reference'} ${options.inspection}`);
        const { id, reference } = details.inspection;
        try {
          if (options.at) {
            await schedulePublication(db.kysely, id, options.at, CLI_ACTOR);
            out(`The report of ${reference} will be published on ${formatDateTime(options.at)} (UK time), if both leads’ sign-offs still hold then.`);
          } else {
            const published = await publishNow(db.kysely, id, CLI_ACTOR);
            out(`Published the report of ${reference} (draft version ${published.version}).`);
          }
        } catch (error) {
          throw refusal(error) ?? error;
        }
      });
    },
  },
];
