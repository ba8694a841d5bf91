// CLI verb `evidence export`: an inspection's evidence notes (and, in XLSX, its activities) to a
// file, written whole or not at all, and audited as "cli".
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { CLI_ACTOR, findInspection, isUuid } from '../inspections/inspection.service.ts';
import { isReference } from '../inspections/inspection.ts';
import { CliError, DATA_HELP, DATA_OPTION, parseOptionValues, withDatabase, type CliCommand } from '../platform/cli.ts';
import { EXPORT_FORMATS } from './evidence-export.ts';
import { exportEvidence, type ExportCounts } from './evidence-export.service.ts';

const exportOptions = z.object({
  inspection: z
    .string({ error: '--inspection is required: the inspection’s id or its reference, like SEND-352-2026-1' })
    .trim()
    .refine((key) => isUuid(key) || isReference(key), { error: (issue) => `"${String(issue.input)}" is not an inspection id or reference (a reference looks like SEND-352-2026-1)` }),
  format: z.enum(EXPORT_FORMATS, { error: '--format must be csv or xlsx' }),
  out: z.string({ error: '--out is required: the file to write, like evidence.xlsx' }).trim().min(1, { error: '--out is required: the file to write, like evidence.xlsx' }),
  force: z.boolean().optional(),
});

async function statOrNothing(file: string) {
  try {
    return await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Refuses, before any work, a target that is a folder, is in a folder that does not exist, or exists without --force. */
async function checkTarget(target: string, force: boolean): Promise<void> {
  const folder = await statOrNothing(path.dirname(target));
  if (!folder?.isDirectory()) throw new CliError(`The folder ${path.dirname(target)} does not exist. Create it first, or choose another place for the file.`);
  const existing = await statOrNothing(target);
  if (existing?.isDirectory()) throw new CliError(`${target} is a folder. Give a file name, like ${path.join(target, 'evidence.xlsx')}.`);
  if (existing && !force) throw new CliError(`${target} already exists. Choose another name, or add --force to replace it.`);
}

/**
 * Writes through a temporary file beside the target and renames it into place once complete, so a
 * failure part way (a full disk, a dropped database) leaves no half-written file behind.
 */
async function writeWhole(target: string, write: (stream: Writable) => Promise<ExportCounts>): Promise<ExportCounts> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.part`);
  const stream = createWriteStream(temporary, { flags: 'wx' });
  await once(stream, 'ready');
  try {
    const counts = await write(stream);
    if (!stream.closed) await once(stream, 'close');
    await rename(temporary, target);
    return counts;
  } catch (error) {
    // Closed before removing, or a write still queued could make the file again.
    if (!stream.closed) {
      const closed = once(stream, 'close').catch(() => undefined);
      stream.destroy();
      await closed;
    }
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

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
      await checkTarget(target, options.force ?? false);
      const { reference, counts } = await withDatabase(openDb, async (db) => {
        const details = await findInspection(db.kysely, options.inspection);
        if (!details) throw new CliError(`There is no inspection with the ${isUuid(options.inspection) ? 'id' : 'reference'} ${options.inspection}`);
        const counts = await writeWhole(target, (stream) => exportEvidence(db.kysely, details.inspection.id, options.format, stream, CLI_ACTOR, { via: 'cli' }));
        return { reference: details.inspection.reference, counts };
      });
      const what = options.format === 'xlsx' ? `${plural(counts.notes, 'note', 'notes')} and ${plural(counts.activities, 'activity', 'activities')}` : plural(counts.notes, 'note', 'notes');
      out(`Wrote ${what} of ${reference} to ${target}`);
    },
  },
];
