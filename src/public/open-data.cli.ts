// CLI verb `export open-data`: the open data files and the API's OpenAPI description into a
// folder, each file written whole or not at all.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CliError, DATA_HELP, DATA_OPTION, parseOptionValues, withDatabase, type CliCommand } from '../platform/cli.ts';
import { statOrNothing, writeFileWhole } from '../platform/output-file.ts';
import { openApiDocument } from './open-data.ts';
import { findingsCsv, inspectionsCsv, inspectionsFile, openData } from './open-data.service.ts';

export const OPEN_DATA_FILES = ['inspections.csv', 'findings.csv', 'inspections.json', 'openapi.json'] as const;

const exportOptions = z.object({
  out: z.string({ error: '--out is required: the folder to write the files into, like open-data' }).trim().min(1, { error: '--out is required: the folder to write the files into, like open-data' }),
  force: z.boolean().optional(),
});

/** Refuses, before any work, a target that is a file, or a folder holding the files without --force. */
async function prepareFolder(folder: string, force: boolean): Promise<void> {
  const existing = await statOrNothing(folder);
  if (existing && !existing.isDirectory()) throw new CliError(`${folder} is a file. Give a folder for the open data files.`);
  if (!existing) {
    await mkdir(folder, { recursive: true });
    return;
  }
  const present: string[] = [];
  for (const name of OPEN_DATA_FILES) if (await statOrNothing(path.join(folder, name))) present.push(name);
  if (present.length && !force) throw new CliError(`${folder} already holds ${present.join(', ')}. Choose another folder, or add --force to replace them.`);
}

export const openDataCommands: CliCommand[] = [
  {
    name: 'export open-data',
    summary: 'Write the open data files (CSV, JSON) and the API’s OpenAPI description to a folder',
    usage: 'send-inspect export open-data --out DIR [--force] [--data DIR]',
    help: [
      '  --out DIR        the folder to write into (made if it does not exist)',
      '  --force          replace the files if the folder already holds them',
      DATA_HELP,
      '',
      `Writes ${OPEN_DATA_FILES.join(', ')}:`,
      'the same as the public site’s /open-data files and /api/v1/openapi.json, from the reports',
      'published by now. Report addresses use SERVICE_URL.',
    ].join('\n'),
    options: { ...DATA_OPTION, out: { type: 'string' }, force: { type: 'boolean' } },
    async run({ config, values, out, openDb }) {
      const options = parseOptionValues(exportOptions, values);
      const folder = path.resolve(options.out);
      await prepareFolder(folder, options.force ?? false);
      const data = await withDatabase(openDb, (db) => openData(db.kysely, config.serviceUrl));
      const bodies: Record<(typeof OPEN_DATA_FILES)[number], Buffer | string> = {
        'inspections.csv': await inspectionsCsv(data),
        'findings.csv': await findingsCsv(data),
        'inspections.json': `${JSON.stringify(inspectionsFile(data), null, 2)}\n`,
        'openapi.json': `${JSON.stringify(openApiDocument(config.serviceUrl), null, 2)}\n`,
      };
      for (const name of OPEN_DATA_FILES) await writeFileWhole(path.join(folder, name), bodies[name]);
      const n = data.inspections.length;
      const f = data.findings.length;
      out(`Wrote ${n} published inspection${n === 1 ? '' : 's'} and ${f} finding${f === 1 ? '' : 's'} to ${folder}: ${OPEN_DATA_FILES.join(', ')}`);
    },
  },
];
