// CLI verb `cases import`: imports a file of person-level data into an inspection (or checks it
// with --dry-run), showing progress, the first problems and where the full list was written.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import cliProgress from 'cli-progress';
import { z } from 'zod';
import { CLI_ACTOR, findInspection, isUuid } from '../inspections/inspection.service.ts';
import { isReference } from '../inspections/inspection.ts';
import { CliError, DATA_HELP, DATA_OPTION, UsageError, parseOptionValues, withDatabase, type CliCommand, type CliContext } from '../platform/cli.ts';
import { describeLimit } from '../platform/import/table-reader.ts';
import { formatDate } from '../platform/web/format.ts';
import {
  CLI_MAX_BYTES,
  CaseImportInputError,
  importPersonLevelData,
  problemsFileName,
  todayInEngland,
  writeProblemsCsv,
  type ImportProgress,
  type ImportReport,
} from './case-import.service.ts';

/** Problems printed on the terminal; the report file has them all. */
export const PROBLEMS_PRINTED = 20;
/** Without a terminal, a progress line at most this often. */
const PLAIN_PROGRESS_ROWS = 50_000;

const argsSchema = z.object({
  inspection: z.string({ error: '--inspection is required' }).trim().min(1, '--inspection is required'),
  'dry-run': z.boolean().default(false),
  'data-date': z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '--data-date must be a date written YYYY-MM-DD, such as 2026-11-02')
    .optional(),
  report: z.string().min(1, '--report needs a file name').optional(),
});

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** Where the problems go by default: beside the file, named after it. */
export function defaultReportPath(file: string): string {
  return path.join(path.dirname(file), problemsFileName({ fileName: path.basename(file) }));
}

type Progress = { update: (p: ImportProgress) => void; stop: () => void };

/** A bar on a terminal; otherwise a plain line now and then, so logs stay readable. */
function progressFor(totalBytes: number, err: (line: string) => void): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'Checking {bar} {percentage}% | {rows} rows | {problems} problems', stream: process.stderr, hideCursor: true, clearOnComplete: true, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(totalBytes, 1), 0, { rows: '0', problems: '0' });
    return {
      update: (p) => bar.update(Math.min(p.bytes, totalBytes), { rows: p.rows.toLocaleString('en-GB'), problems: p.problems.toLocaleString('en-GB') }),
      stop: () => bar.stop(),
    };
  }
  let reported = 0;
  return {
    update: (p) => {
      const due = Math.floor(p.rows / PLAIN_PROGRESS_ROWS) * PLAIN_PROGRESS_ROWS;
      if (due > reported) {
        reported = due;
        const percent = totalBytes > 0 ? Math.min(100, Math.floor((100 * p.bytes) / totalBytes)) : 0;
        err(`Checked ${due.toLocaleString('en-GB')} rows (${percent}% of the file), ${count(p.problems, 'problem', 'problems')} so far…`);
      }
    },
    stop: () => undefined,
  };
}

/** The file's bytes, opened only once something reads them. */
async function* fileChunks(file: string): AsyncGenerator<Uint8Array> {
  yield* fs.createReadStream(file, { highWaterMark: 256 * 1024 });
}

async function writeReport(file: string, report: ImportReport): Promise<void> {
  const stream = fs.createWriteStream(file);
  await once(stream, 'open').catch(() => {
    throw new CliError(`Cannot write the list of problems to ${file}`);
  });
  await writeProblemsCsv(stream, report);
  if (!stream.closed) await once(stream, 'close');
}

async function runImport({ values, positionals, out, err, openDb }: CliContext): Promise<number> {
  const args = parseOptionValues(argsSchema, values);
  const key = args.inspection;
  if (!isUuid(key) && !isReference(key)) throw new UsageError(`"${key}" is not an inspection id or reference (a reference looks like SEND-352-2026-1)`);
  const file = positionals[0]!;
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(`There is no file ${file}`);
  const size = fs.statSync(file).size;
  const dataDate = args['data-date'] ?? todayInEngland();
  const reportPath = args.report ?? defaultReportPath(file);
  return withDatabase(openDb, async (db) => {
    const details = await findInspection(db.kysely, key);
    if (!details) throw new CliError(`There is no inspection with the ${isUuid(key) ? 'id' : 'reference'} ${key}`);
    const reference = details.inspection.reference;
    const progress = progressFor(size, err);
    let report: ImportReport;
    try {
      report = await importPersonLevelData(db, details.inspection.id, { fileName: file, chunks: fileChunks(file), size }, CLI_ACTOR, {
        dataDate,
        dryRun: args['dry-run'],
        maxBytes: CLI_MAX_BYTES,
        onProgress: progress.update,
      });
    } catch (error) {
      if (error instanceof CaseImportInputError) throw new CliError(error.message);
      throw error;
    } finally {
      progress.stop();
    }
    const asAt = `data as at ${formatDate(dataDate)}`;
    if (report.status === 'accepted') {
      if (report.dryRun) {
        out(`Dry run: ${report.fileName} passes every check: ${count(report.rowCount, 'row', 'rows')} for ${reference} (${asAt}). Nothing was written.`);
      } else {
        out(`Accepted ${report.fileName}: ${count(report.rowCount, 'row', 'rows')} are now the person-level data for ${reference} (${asAt}; import ${report.importId}).`);
        if (report.supersededImportIds.length) out(`They replace the data imported before (import ${report.supersededImportIds.join(', ')}), which is kept in the history.`);
      }
      return 0;
    }
    const nothing = report.dryRun ? 'Dry run: nothing was written.' : `Nothing was imported; the data in use for ${reference} are unchanged.`;
    if (report.fileProblem) {
      err(`Refused ${report.fileName}: ${report.fileProblem}`);
    } else {
      err(`Refused ${report.fileName}: ${count(report.problemCount, 'problem', 'problems')} in ${count(report.problemRowCount, 'row', 'rows')} of ${report.rowCount.toLocaleString('en-GB')}.`);
      for (const p of report.problems.slice(0, PROBLEMS_PRINTED)) err(`  Row ${p.line}, ${p.column}: ${p.message}`);
      if (report.problemCount > PROBLEMS_PRINTED) err(`  … and ${(report.problemCount - PROBLEMS_PRINTED).toLocaleString('en-GB')} more.`);
    }
    await writeReport(reportPath, report);
    err(`The full list is in ${reportPath}.`);
    err(nothing);
    return 1;
  });
}

export const caseImportCommands: CliCommand[] = [
  {
    name: 'cases import',
    summary: 'Import a file of person-level data (CSV or XLSX, the SEN2-style template) into an inspection',
    usage: 'send-inspect cases import --inspection ID_OR_REFERENCE FILE [--dry-run] [--data-date YYYY-MM-DD] [--report PROBLEMS.csv]',
    help: [
      '  --inspection ID      the inspection\'s id or its reference, like SEND-352-2026-1',
      '  --dry-run            check every row and write nothing',
      '  --data-date DATE     the date the data describe, YYYY-MM-DD (default: today); ages and overdue',
      '                       reviews are worked out at it',
      '  --report FILE        where to write every problem as CSV when the file is refused (default: beside',
      '                       FILE, named FILE-problems.csv)',
      DATA_HELP,
      '',
      `Every row is checked; the file is imported only if every row passes, and then it replaces the data`,
      `imported before (which stays in the history). Files up to ${describeLimit(CLI_MAX_BYTES)}. The template and its rules:`,
      'docs/person-level-data.md. Exit status 0 when the file was accepted (or passed a dry run), 1 when refused.',
    ].join('\n'),
    options: { ...DATA_OPTION, inspection: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'data-date': { type: 'string' }, report: { type: 'string' } },
    positionals: [1, 1],
    run: runImport,
  },
];
