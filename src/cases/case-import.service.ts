// Use cases for the area's person-level data: importing a file (streamed, every row checked,
// all or nothing, replacing the data in use), the history of imports, the report of problems,
// and clearing away imports whose process stopped part way.
import type { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Actor, Context } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Db } from '../platform/db/database.ts';
import type { Database } from '../platform/db/schema.ts';
import { ImportFileError, readTable, type FileFormat, type ImportSource } from '../platform/import/table-reader.ts';
import { writeCsv, type CsvRecord } from '../platform/render/csv.ts';
import type { CaseImportRow, CaseImportStatus, StoredProblem } from './case.table.ts';
import {
  acceptImport,
  attachImportRows,
  deleteImport,
  deleteLoadingImportsBefore,
  insertImport,
  lockInspection,
  openPersonWriter,
  rejectImport,
  selectImportWithName,
  selectImports,
  selectInspectionArea,
  supersedeCurrentImports,
  type CheckedPerson,
  type PersonWriter,
} from './case-import.repository.ts';
import { checkRow, matchHeadings, rowContext, type RowContext } from './person-template.ts';
import { dropOrphanPersonTables } from './person.repository.ts';

type Tx = Kysely<Database>;

/** The largest file the command line imports. */
export const CLI_MAX_BYTES = 1024 * 1024 * 1024;
/** Problems kept with a refused import; the count covers them all. */
export const MAX_STORED_PROBLEMS = 10_000;
/** An import still loading after this long has lost its process. */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;

const FILE_MESSAGES = {
  emptyFileMessage: 'The file is empty. Download the blank template, add one row for each child or young person, and upload it again.',
  noHeadingsMessage: 'The file has no headings: its first row must hold the template’s column headings, such as person_id and birth_month.',
  tooLargeAdvice: 'Person-level data for even the largest area is far smaller: check that the file holds only the template’s columns and one row for each child or young person.',
  madeBy: 'the program that made it',
};
const NO_ROWS = 'The file has headings but no rows under them: add one row for each child or young person.';

export class CaseImportInputError extends Error {}

export class CaseImportNotFoundError extends Error {
  readonly statusCode = 404;
  constructor() {
    super('There is no such import for this inspection');
  }
}

export type ImportProgress = { rows: number; bytes: number; problems: number };

export type ImportOptions = {
  /** 'YYYY-MM-DD': the date the data describe; ages and overdue reviews are worked out at it. */
  dataDate: string;
  /** Check everything, write nothing (not even the record of the attempt). */
  dryRun?: boolean;
  maxBytes?: number;
  /** Awaited, so a caller that looks at the database in it sees the import as it stands at that point. */
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  now?: () => Date;
  context?: Context;
};

export type ImportReport = {
  /** null for a dry run. */
  importId: string | null;
  dryRun: boolean;
  status: 'accepted' | 'rejected';
  fileName: string;
  format: FileFormat | null;
  dataDate: string;
  /** Rows read under the headings. */
  rowCount: number;
  problemRowCount: number;
  problemCount: number;
  /** The first MAX_STORED_PROBLEMS problems, in row order. */
  problems: StoredProblem[];
  /** Why the whole file was refused, when it was. */
  fileProblem: string | null;
  /** The imports this one replaced. */
  supersededImportIds: string[];
  sha256: string | null;
};

/** Keeps only the file's name, without any folders a browser or shell put before it. */
export function baseName(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? '').trim().slice(0, 200) || 'file';
}

const ENGLAND_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in England, 'YYYY-MM-DD': the latest date data can describe. */
export function todayInEngland(now: Date = new Date()): string {
  return ENGLAND_DATE.format(now);
}

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

type Tally = { rowCount: number; problemRowCount: number; problemCount: number; problems: StoredProblem[] };

/**
 * Reads a file of person-level data row by row, checks every row against the template, and
 * either accepts all of it, replacing the inspection's data in use, or none of it.
 *
 * The rows are written as they are checked, into a table of the import's own that nothing reads
 * (unindexed: PostgreSQL's COPY at full speed), under an import marked 'loading'. A problem stops
 * the writing but not the checking, so that every problem is reported. At the end the table is
 * dropped and the import marked rejected with its problems, or, in one transaction, the table is
 * indexed and attached to person_record as the import's partition, the previous import
 * superseded, this one accepted and the import audited. A
 * file that cannot be read or has the wrong columns is rejected with the reason. A dry run
 * checks the same way and writes nothing at all.
 */
export async function importPersonLevelData(db: Db, inspectionId: string, source: ImportSource, actor: Actor, options: ImportOptions): Promise<ImportReport> {
  const now = options.now ?? (() => new Date());
  const refuse = async (error: Error) => {
    // Closes the source unread, such as an open file.
    await source.chunks[Symbol.asyncIterator]().return?.();
    return error;
  };
  if (!isRealDate(options.dataDate)) throw await refuse(new CaseImportInputError('The date the data describe must be a real date, written YYYY-MM-DD'));
  if (options.dataDate > todayInEngland(now())) throw await refuse(new CaseImportInputError('The date the data describe must be today or in the past'));
  const area = await selectInspectionArea(db.kysely, inspectionId);
  if (!area) throw await refuse(new CaseImportNotFoundError());
  const dryRun = options.dryRun ?? false;
  const fileName = baseName(source.fileName);
  const guessedFormat: FileFormat = fileName.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';

  const importId = dryRun
    ? null
    : await insertImport(db.kysely, {
        inspection_id: inspectionId,
        file_name: fileName,
        file_format: guessedFormat,
        status: 'loading',
        data_date: options.dataDate,
        imported_by: actor.id,
        imported_by_label: actor.label,
        started_at: now(),
      });

  const tally: Tally = { rowCount: 0, problemRowCount: 0, problemCount: 0, problems: [] };
  let writer: PersonWriter | undefined;
  let fileProblem: string | null = null;
  let format: FileFormat | null = null;
  let sha256: string | null = null;
  try {
    try {
      const table = await readTable(source, { ...FILE_MESSAGES, maxBytes: options.maxBytes ?? CLI_MAX_BYTES });
      format = table.format;
      let context: RowContext | undefined;
      for await (const batch of table.batches) {
        if (!context) {
          const match = matchHeadings(table.headings());
          if (!match.ok) {
            fileProblem = match.message;
            break;
          }
          context = rowContext(match.layout, options.dataDate, table.format === 'xlsx');
        }
        const good: CheckedPerson[] = [];
        for (const row of batch) {
          context.line = row.line;
          const checked = checkRow(row.cells, context);
          tally.rowCount++;
          if (checked.ok) {
            if (tally.problemCount === 0) good.push({ line: row.line, record: checked.record });
          } else {
            tally.problemRowCount++;
            tally.problemCount += checked.problems.length;
            for (const problem of checked.problems) if (tally.problems.length < MAX_STORED_PROBLEMS) tally.problems.push(problem);
          }
        }
        if (importId && tally.problemCount === 0 && good.length) {
          writer ??= await openPersonWriter(db, importId);
          await writer.write(good);
        }
        await options.onProgress?.({ rows: tally.rowCount, bytes: table.bytesRead(), problems: tally.problemCount });
      }
      if (!fileProblem && !context) {
        const match = matchHeadings(table.headings());
        fileProblem = match.ok ? NO_ROWS : match.message;
      }
      if (!fileProblem) sha256 = table.sha256();
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      fileProblem = error.message;
    }

    const accepted = fileProblem === null && tally.problemCount === 0;
    if (fileProblem) {
      // A file refused as a whole reports only that, not the rows read before the reason was found.
      tally.problems = [];
      tally.problemCount = 0;
      tally.problemRowCount = 0;
    }
    const report: ImportReport = {
      importId,
      dryRun,
      status: accepted ? 'accepted' : 'rejected',
      fileName,
      format,
      dataDate: options.dataDate,
      rowCount: tally.rowCount,
      problemRowCount: tally.problemRowCount,
      problemCount: tally.problemCount,
      problems: tally.problems,
      fileProblem,
      supersededImportIds: [],
      sha256,
    };
    if (!importId) return report;

    const outcome = {
      file_format: format ?? guessedFormat,
      file_sha256: sha256,
      row_count: tally.rowCount,
      problem_count: tally.problemCount,
      problems: tally.problems,
      file_problem: fileProblem,
      finished_at: now(),
    };
    const audit = {
      actor,
      inspectionId,
      laCode: area.la_code,
      subjectType: 'case_import',
      subjectId: importId,
      requestId: options.context?.requestId,
    };
    if (!accepted) {
      await writer?.abort();
      writer = undefined;
      await db.kysely.transaction().execute(async (trx) => {
        await rejectImport(trx, importId, outcome);
        await recordAudit(trx, {
          ...audit,
          action: 'cases.import-rejected',
          details: { fileName, dataDate: options.dataDate, rows: tally.rowCount, problems: tally.problemCount, fileProblem: fileProblem !== null },
        });
      });
      return report;
    }
    writer ??= await openPersonWriter(db, importId);
    await writer.finish();
    writer = undefined;
    report.supersededImportIds = await db.kysely.transaction().execute(async (trx) => {
      await lockInspection(trx, inspectionId);
      // The rows' table is indexed and attached first: the locks attaching takes come before any
      // change to case_import, in the same order in every import.
      await attachImportRows(trx, importId);
      const superseded = await supersedeCurrentImports(trx, inspectionId, importId, outcome.finished_at);
      if (!(await acceptImport(trx, importId, outcome))) throw new Error(`Import ${importId} was no longer loading when it finished`);
      await recordAudit(trx, {
        ...audit,
        action: 'cases.imported',
        details: { fileName, format: outcome.file_format, dataDate: options.dataDate, rows: tally.rowCount, superseded },
      });
      return superseded;
    });
    return report;
  } catch (error) {
    await writer?.abort().catch(() => undefined);
    // Nothing of an import that failed for another reason is kept; the error says why.
    if (importId) await deleteImport(db.kysely, importId).catch(() => undefined);
    throw error;
  }
}

/**
 * Removes imports whose process stopped part way (they are still 'loading' after an hour), rows
 * and all, and any table of records whose import is gone.
 */
export async function purgeAbandonedImports(db: Tx, now: Date = new Date()): Promise<number> {
  return deleteLoadingImportsBefore(db, new Date(now.getTime() - ABANDONED_AFTER_MS));
}

/**
 * Drops the tables of records whose import is gone: deleting an inspection deletes its imports,
 * and their rows by cascade, but leaves each import's (empty) table behind. Returns how many.
 */
export async function dropRecordsOfDeletedImports(db: Tx): Promise<number> {
  return dropOrphanPersonTables(db);
}

// ---- History and reports ---------------------------------------------------------------------

export type ImportSummary = {
  id: string;
  fileName: string;
  format: FileFormat;
  status: CaseImportStatus;
  dataDate: string;
  rowCount: number;
  problemCount: number;
  fileProblem: string | null;
  importedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  supersededAt: Date | null;
  /** Accepted and not superseded: the data in use. */
  current: boolean;
};

export type ImportDetails = ImportSummary & { problems: StoredProblem[]; sha256: string | null };

function importedBy(row: { imported_by_name: string | null; imported_by_label: string; imported_by: string | null }): string {
  if (row.imported_by_name) return row.imported_by_name;
  return row.imported_by === null && row.imported_by_label === 'cli' ? 'The command line' : row.imported_by_label;
}

function toSummary(row: Omit<CaseImportRow, 'problems'> & { imported_by_name: string | null }): ImportSummary {
  return {
    id: row.id,
    fileName: row.file_name,
    format: row.file_format,
    status: row.status,
    dataDate: row.data_date,
    rowCount: row.row_count,
    problemCount: row.problem_count,
    fileProblem: row.file_problem,
    importedBy: importedBy(row),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    supersededAt: row.superseded_at,
    current: row.status === 'accepted' && row.superseded_at === null,
  };
}

/** An inspection's imports, newest first: who, when, which file, and what became of it. */
export async function listImports(db: Tx, inspectionId: string): Promise<ImportSummary[]> {
  return (await selectImports(db, inspectionId)).map(toSummary);
}

export async function getImport(db: Tx, inspectionId: string, importId: string): Promise<ImportDetails | undefined> {
  const row = await selectImportWithName(db, inspectionId, importId);
  return row ? { ...toSummary(row), problems: row.problems, sha256: row.file_sha256 } : undefined;
}

export const PROBLEM_COLUMNS = [
  { header: 'Row', key: 'row' },
  { header: 'Column', key: 'column' },
  { header: 'Problem', key: 'problem' },
];

/** The rows of the problems report: one per problem, or one for a file refused as a whole. */
export function problemRecords(details: Pick<ImportDetails, 'problems' | 'fileProblem' | 'problemCount'>): CsvRecord[] {
  if (details.fileProblem) return [{ row: null, column: null, problem: details.fileProblem }];
  const records: CsvRecord[] = details.problems.map((p) => ({ row: p.line, column: p.column, problem: p.message }));
  const left = details.problemCount - details.problems.length;
  if (left > 0) records.push({ row: null, column: null, problem: `… and ${left.toLocaleString('en-GB')} more problems, not listed: correct these first, then check the file again.` });
  return records;
}

/** Writes the problems report as CSV (row, column, problem) and ends the stream. */
export async function writeProblemsCsv(stream: Writable, details: Pick<ImportDetails, 'problems' | 'fileProblem' | 'problemCount'>): Promise<void> {
  await writeCsv(stream, PROBLEM_COLUMNS, problemRecords(details));
}

export function problemsFileName(details: Pick<ImportDetails, 'fileName'>): string {
  const stem = details.fileName.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'person-level-data';
  return `${stem}-problems.csv`;
}

/**
 * An import's problems for someone to read (the page or the CSV), put on record first: the
 * report says which rows of a child's data were wrong, so every look at it is audited.
 */
export async function viewImportProblems(db: Tx, inspectionId: string, importId: string, actor: Actor, format: 'page' | 'csv', context: Context = {}): Promise<ImportDetails> {
  const details = await getImport(db, inspectionId, importId);
  if (!details) throw new CaseImportNotFoundError();
  const area = await selectInspectionArea(db, inspectionId);
  await recordAudit(db, {
    actor,
    action: 'cases.view-import-problems',
    inspectionId,
    laCode: area?.la_code ?? null,
    subjectType: 'case_import',
    subjectId: importId,
    details: { format, problems: details.problemCount, fileProblem: details.fileProblem !== null },
    requestId: context.requestId,
  });
  return details;
}
