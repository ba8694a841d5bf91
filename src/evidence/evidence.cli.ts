// CLI verb `evidence export`: an inspection's evidence notes (and, in XLSX, its activities) to a
// file, written whole or not at all, and audited as "cli".
import path from 'node:path';
import { z } from 'zod';
import { CLI_ACTOR, findInspection, isUuid } from '../inspections/inspection.service.ts';
import { isReference } from '../inspections/inspection.ts';
import { CliError, DATA_HELP, DATA_OPTION, parseOptionValues, withDatabase, type CliCommand } from '../platform/cli.ts';
import { checkOutputFile, writeStreamWhole } from '../platform/output-file.ts';
import { EXPORT_FORMATS } from './evidence-export.ts';
import { exportEvidence } from './evidence-export.service.ts';

const exportOptions = z.object({
  inspection: z
    .string({ error: '--inspection is required: the inspection’s id or its reference, like SEND-352-2026-1' })
    .trim()
    .refine((key) => isUuid(key) || isReference(key), { error: (issue) => `"${String(issue.input)}" is not an inspection id or reference (a reference looks like SEND-352-2026-1)` }),
  format: z.enum(EXPORT_FORMATS, { error: '--format must be csv or xlsx' }),
  out: z.string({ error: '--out is required: the file to write, like evidence.xlsx' }).trim().min(1, { error: '--out is required: the file to write, like evidence.xlsx' }),
  force: z.boolean().optional(),
});

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

export const evidenceCommands: CliCommand[] = [
  {
    name: 'evidence export',
    summary: 'Export an inspection’s evidence notes (and activities) as CSV or XLSX',
    usage: 'send-inspect evidence export --inspection ID_OR_REFERENCE --format csv|xlsx --out FILE [--force] [--data DIR]',
    help: [
      '  --inspection ID  the inspection’s id or its reference, like SEND-352-2026-1',
      '  --format FORMAT  csv (the notes) or xlsx (a sheet of notes and a sheet of activities)',
      '  --out FILE       the file to write; an existing file is left alone unless --force is given',
      '  --force          replace FILE if it exists',
      DATA_HELP,
      '',
      'Each note gives its dates, author, version, polarity, source, criteria, themes, text and attachments.',
      'The file appears only once it is complete. Each export is recorded in the audit log as "cli".',
    ].join('\n'),
    options: { ...DATA_OPTION, inspection: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
    async run({ values, out, openDb }) {
      const options = parseOptionValues(exportOptions, values);
      const target = path.resolve(options.out);
      await checkOutputFile(target, options.force ?? false, 'evidence.xlsx');
      const { reference, counts } = await withDatabase(openDb, async (db) => {
        const details = await findInspection(db.kysely, options.inspection);
        if (!details) throw new CliError(`There is no inspection with the ${isUuid(options.inspection) ? 'id' : 'reference'} ${options.inspection}`);
        const counts = await writeStreamWhole(target, (stream) => exportEvidence(db.kysely, details.inspection.id, options.format, stream, CLI_ACTOR, { via: 'cli' }));
        return { reference: details.inspection.reference, counts };
      });
      const what = options.format === 'xlsx' ? `${plural(counts.notes, 'note', 'notes')} and ${plural(counts.activities, 'activity', 'activities')}` : plural(counts.notes, 'note', 'notes');
      out(`Wrote ${what} of ${reference} to ${target}`);
    },
  },
];
