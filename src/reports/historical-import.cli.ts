// CLI verb `inspections import`: historical inspections from the documented JSON file, all or
// nothing, with a line per inspection and every problem listed with where it is in the file.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CLI_ACTOR } from '../inspections/inspection.service.ts';
import { CliError, DATA_HELP, DATA_OPTION, withDatabase, type CliCommand } from '../platform/cli.ts';
import { issueLine } from './historical-import.ts';
import { HistoricalImportError, importHistoricalInspections } from './historical-import.service.ts';

/** A file larger than this is not a list of reports: refuse before reading it. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;
const PROBLEMS_PRINTED = 50;

async function readImportFile(file: string): Promise<string> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new CliError(`There is no file ${file}`);
    throw error;
  });
  if (info.isDirectory()) throw new CliError(`${file} is a folder: give the JSON file to import`);
  if (info.size > MAX_FILE_BYTES) throw new CliError(`${file} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB: split it into several files`);
  return readFile(file, 'utf8');
}

function refusal(file: string, error: HistoricalImportError): CliError {
  const { issues } = error;
  const lines = issues.slice(0, PROBLEMS_PRINTED).map((i) => `  ${issueLine(i)}`);
  if (issues.length > PROBLEMS_PRINTED) lines.push(`  … and ${issues.length - PROBLEMS_PRINTED} more`);
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return new CliError(`${path.basename(file)} was not imported, and nothing was written. ${count}:\n${lines.join('\n')}`);
}

export const historicalImportCommands: CliCommand[] = [
  {
    name: 'inspections import',
    summary: 'Import historical inspections (outcome, findings, report) from a JSON file',
    usage: 'send-inspect inspections import FILE.json [--dry-run] [--data DIR]',
    help: [
      '  FILE.json        inspections done before this service, in the format of docs/historical-import.md',
      '  --dry-run        check everything and report what would be imported; write nothing',
      DATA_HELP,
      '',
      'Every inspection is checked against its framework and the local areas first; one problem',
      'anywhere and nothing is imported. Each imported inspection is published, with its report',
      'composed from the file, and recorded in the audit log as imported by "cli".',
      'An inspection whose reference (or area and on-site start) is already held is refused.',
    ].join('\n'),
    options: { ...DATA_OPTION, 'dry-run': { type: 'boolean' } },
    positionals: [1, 1],
    async run({ values, positionals, out, err, openDb }) {
      const file = path.resolve(positionals[0]);
      const json = await readImportFile(file);
      const dryRun = values['dry-run'] === true;
      const result = await withDatabase(openDb, async (db) => {
        try {
          return await importHistoricalInspections(db.kysely, json, { actor: CLI_ACTOR, dryRun, onProgress: err });
        } catch (error) {
          if (error instanceof HistoricalImportError) throw refusal(file, error);
          throw error;
        }
      });
      const n = result.inspections.length;
      const what = `${n} inspection${n === 1 ? '' : 's'}`;
      if (result.dryRun) out(`Dry run: ${path.basename(file)} passes every check: ${what} would be imported. Nothing was written.`);
      else out(`Imported ${what} from ${path.basename(file)}: ${result.inspections.map((i) => i.reference).join(', ')}.`);
    },
  },
];
