// Use cases for moving responses in and out of a survey: reading an uploaded CSV or XLSX file
// row by row into a holding table, matching its columns and values, checking every row, importing
// all valid rows at once or none; and the results, comments and raw exports (each one audited).
import type { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Actor, Context } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import { ImportFileError, readTable, type FileFormat, type ImportSource, type ReadTable, type TableRow } from '../platform/import/table-reader.ts';
import { writeCsv, type CsvColumn, type CsvRecord } from '../platform/render/csv.ts';
import { writeXlsx, type SheetInput } from '../platform/render/xlsx.ts';
import type { Database } from '../platform/db/schema.ts';
import { formatDateTime } from '../platform/web/format.ts';
import { codeComment } from './comment-coding.ts';
import { correctionKey, memoiseCoder, suppressResult } from './survey-analysis.ts';
import { getAnalysis } from './survey-analysis.service.ts';
import {
  deleteExpiredStaging,
  deleteStaging,
  findImport,
  findImportOfFile,
  findStaging,
  findStagingForUpdate,
  insertImport,
  insertImportedResponses,
  insertStaging,
  insertStagingRows,
  lockSurvey,
  selectColumnValues,
  selectCommentsForExport,
  selectImports,
  selectInspectionReference,
  selectResponsesForExport,
  selectStagingOfSurvey,
  selectStagingRows,
  selectThemeCorrections,
  updateImportRowCount,
  updateStaging,
  type ImportRecord,
  type ImportedResponse,
} from './survey-transfer.repository.ts';
import {
  COMMENT_COLUMNS,
  RESULT_COLUMNS,
  checkRow,
  commentRecord,
  compileImportPlan,
  describeTarget,
  exportFileName,
  mappingProblems,
  normaliseText,
  rawColumns,
  rawRecord,
  resultRecords,
  suggestMapping,
  targetKey,
  unmatchedChoices,
  type ColumnTarget,
  type ExportFormat,
  type ExportKind,
  type ImportMapping,
  type MappingProblem,
  type RowProblem,
  type ValueMaps,
} from './survey-transfer.ts';
import { SurveyNotFoundError, type Survey } from './survey.service.ts';
import { AUDIENCE_LABELS, audienceSlug, contentHash, type Question } from './survey.ts';
import { THEMES } from './themes.ts';

type Tx = Kysely<Database>;

// The file reader moved to the platform; callers of this module keep their names.
export { ImportFileError, readTable, type ImportSource, type ReadTable, type TableRow };

/** The largest file the web page takes; the command line reads files of any size. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** How long an uploaded file waits for its import to be finished. */
export const STAGING_HOURS = 24;
/** Rows read, checked or stored between progress reports, and per batch from the database. */
const BATCH_ROWS = 2000;
const INSERT_ROWS = 500;
/** Values listed for matching per column: more unknown answers than this means the wrong column. */
export const MAX_VALUES_LISTED = 30;

/** The import was refused because rows have problems and skipping them was not chosen, or no row is valid; nothing was written. */
export class ImportProblemsError extends Error {
  readonly validCount: number;
  readonly problemRowCount: number;
  constructor(message: string, validCount: number, problemRowCount: number) {
    super(message);
    this.validCount = validCount;
    this.problemRowCount = problemRowCount;
  }
}

export class ImportNotFoundError extends Error {
  readonly statusCode = 404;
  constructor() {
    super('There is no such import: it may have been finished, cancelled or left for more than a day');
  }
}

// ---- Reading files ---------------------------------------------------------------------------

/** Reads an uploaded survey export as rows: the generic reader, with this journey's wording. */
function readSurveyFile(source: ImportSource, maxBytes?: number): Promise<ReadTable> {
  return readTable(source, {
    maxBytes,
    emptyFileMessage: 'The file is empty. Choose the file the other survey tool exported.',
    noHeadingsMessage: 'The file has no headings: its first row must hold the column headings, such as the questions.',
    tooLargeAdvice: 'Split it into smaller files, or import it on the command line.',
    madeBy: 'the survey tool or Excel',
  });
}

// ---- Holding a file for import ---------------------------------------------------------------

export type StagedImport = {
  id: string;
  surveyId: string;
  fileName: string;
  format: FileFormat;
  sha256: string;
  headings: string[];
  rowCount: number;
  mapping: ImportMapping;
  createdAt: Date;
  expiresAt: Date;
};

function toStaged(row: { id: string; survey_id: string; file_name: string; file_format: FileFormat; file_sha256: string; headings: string[]; row_count: number; mapping: unknown; created_at: Date; expires_at: Date | string }): StagedImport {
  return {
    id: row.id,
    surveyId: row.survey_id,
    fileName: row.file_name,
    format: row.file_format,
    sha256: row.file_sha256,
    headings: row.headings,
    rowCount: row.row_count,
    mapping: row.mapping as ImportMapping,
    createdAt: row.created_at,
    expiresAt: new Date(row.expires_at),
  };
}

function alreadyImported(record: ImportRecord): ImportFileError {
  const by = record.imported_by_name ? ` by ${record.imported_by_name}` : '';
  return new ImportFileError(
    `This file was imported into this survey on ${formatDateTime(record.imported_at)}${by} (${record.row_count.toLocaleString('en-GB')} responses). Importing it again would count the same people twice.`,
  );
}

/** Keeps only the file's name, without any folders a browser or shell put before it. */
function baseName(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? '').trim().slice(0, 200) || 'file';
}

export type StageOptions = { now?: Date; maxBytes?: number; onProgress?: (rows: number) => void };

/**
 * Reads a file into the holding table, ready to match and check. Its columns are matched to
 * questions by their headings. The file is refused (and nothing kept) when it cannot be read,
 * holds no rows, has no column that matches a question, or was imported before.
 */
export async function stageImport(db: Tx, survey: Survey, source: ImportSource, actor: Actor, options: StageOptions = {}): Promise<StagedImport> {
  const now = options.now ?? new Date();
  await deleteExpiredStaging(db, now);
  const fileName = baseName(source.fileName);
  return db.transaction().execute(async (trx) => {
    const table = await readSurveyFile(source, options.maxBytes);
    let staging: { id: string } | undefined;
    let batch: TableRow[] = [];
    let rowCount = 0;
    const flush = async () => {
      staging ??= await insertStaging(trx, {
        survey_id: survey.id,
        file_name: fileName,
        file_sha256: '',
        file_format: table.format,
        headings: JSON.stringify(table.headings()),
        row_count: 0,
        mapping: JSON.stringify({ columns: [], values: {} }),
        created_by: actor.id,
        expires_at: new Date(now.getTime() + STAGING_HOURS * 3_600_000),
      });
      await insertStagingRows(trx, staging.id, batch);
      batch = [];
    };
    for await (const row of table.rows) {
      batch.push(row);
      rowCount++;
      if (batch.length === BATCH_ROWS) {
        await flush();
        options.onProgress?.(rowCount);
      }
    }
    if (rowCount === 0) throw new ImportFileError('The file has headings but no responses under them.');
    await flush();
    const headings = table.headings();
    const sha256 = table.sha256();
    const earlier = await findImportOfFile(trx, survey.id, sha256);
    if (earlier) throw alreadyImported(earlier);
    const columns = suggestMapping(survey.definition, headings);
    if (!columns.some((t) => t.kind === 'question' || t.kind === 'option')) {
      throw new ImportFileError(
        `None of the file’s column headings matches a question of the ${AUDIENCE_LABELS[survey.audience].toLowerCase()} survey. The first row must hold the headings, such as the wording of each question; the file’s first headings are: ${headings.slice(0, 4).map((h) => `‘${h}’`).join(', ')}.`,
      );
    }
    const mapping: ImportMapping = { columns, values: {} };
    await updateStaging(trx, staging!.id, { file_sha256: sha256, row_count: rowCount, mapping: JSON.stringify(mapping), headings: JSON.stringify(headings) });
    const row = await findStaging(trx, survey.id, staging!.id, now);
    return toStaged(row!);
  });
}

export async function getStagedImport(db: Tx, survey: Survey, importId: string, now: Date = new Date()): Promise<StagedImport | undefined> {
  const row = await findStaging(db, survey.id, importId, now);
  return row && toStaged(row);
}

export type ImportListing = { waiting: StagedImport[]; done: ImportRecord[] };

export async function listImports(db: Tx, survey: Survey, now: Date = new Date()): Promise<ImportListing> {
  const [waiting, done] = await Promise.all([selectStagingOfSurvey(db, survey.id, now), selectImports(db, survey.id)]);
  return { waiting: waiting.map(toStaged), done };
}

export async function findFinishedImport(db: Tx, survey: Survey, importId: string): Promise<ImportRecord | undefined> {
  return findImport(db, survey.id, importId);
}

export async function cancelImport(db: Tx, staged: StagedImport): Promise<void> {
  await deleteStaging(db, staged.id);
}

/** Files left unimported for a day are deleted, rows and all. */
export async function purgeExpiredImports(db: Tx, now: Date = new Date()): Promise<number> {
  return deleteExpiredStaging(db, now);
}

// ---- Matching --------------------------------------------------------------------------------

/**
 * Saves which column holds what. Value matches are kept for questions still matched to a
 * column. Returns the problems instead when the mapping breaks a rule; then nothing is saved.
 */
export async function saveColumnMapping(db: Tx, survey: Survey, staged: StagedImport, columns: ColumnTarget[]): Promise<MappingProblem[]> {
  const problems = mappingProblems(survey.definition, staged.headings, columns);
  if (problems.length) return problems;
  const mapped = new Set(columns.flatMap((t) => ('questionId' in t ? [t.questionId] : [])));
  const values = Object.fromEntries(Object.entries(staged.mapping.values).filter(([questionId]) => mapped.has(questionId)));
  await updateStaging(db, staged.id, { mapping: JSON.stringify({ columns, values }) });
  return [];
}

export async function saveValueMaps(db: Tx, staged: StagedImport, values: ValueMaps): Promise<void> {
  await updateStaging(db, staged.id, { mapping: JSON.stringify({ columns: staged.mapping.columns, values }) });
}

export type ValueReview = {
  column: number;
  heading: string;
  question: Question;
  values: { text: string; rows: number; mappedTo: string | undefined }[];
  /** More unknown answers than are listed: the column probably holds something else. */
  more: number;
};

/** Reading this many distinct texts of a column is enough to list the unknown ones. */
const DISTINCT_VALUES_READ = 2000;

/**
 * For each column matched to a choice question, the answers in it that are not, as written, one
 * of the question's answers ("Strongly Agree" is; "12-15" may not be), with how many rows have
 * each and what it has been matched to so far.
 */
export async function reviewChoiceValues(db: Tx, survey: Survey, staged: StagedImport): Promise<ValueReview[]> {
  const reviews: ValueReview[] = [];
  for (const [column, target] of staged.mapping.columns.entries()) {
    if (target.kind !== 'question') continue;
    const question = survey.definition.questions.find((q) => q.id === target.questionId);
    if (!question || (question.type !== 'single' && question.type !== 'multiple' && question.type !== 'agreement')) continue;
    const unmatched = unmatchedChoices(question, await selectColumnValues(db, staged.id, column, DISTINCT_VALUES_READ));
    if (unmatched.length === 0) continue;
    const known = staged.mapping.values[question.id] ?? {};
    reviews.push({
      column,
      heading: staged.headings[column]!,
      question,
      values: unmatched.slice(0, MAX_VALUES_LISTED).map((v) => ({ ...v, mappedTo: known[normaliseText(v.text)] })),
      more: Math.max(0, unmatched.length - MAX_VALUES_LISTED),
    });
  }
  return reviews;
}

const SAMPLE_ROWS = 50;
const SAMPLE_LENGTH = 60;

/** A few different values of each column from the top of the file, to recognise what it holds. */
export async function sampleValues(db: Tx, staged: StagedImport, perColumn = 3): Promise<string[][]> {
  const rows = await selectStagingRows(db, staged.id, 0, SAMPLE_ROWS);
  return staged.headings.map((_, column) => {
    const seen: string[] = [];
    for (const row of rows) {
      const value = (row.cells[column] ?? '').replace(/\s+/g, ' ').trim();
      const shown = value.length > SAMPLE_LENGTH ? `${value.slice(0, SAMPLE_LENGTH - 1)}…` : value;
      if (shown && !seen.includes(shown)) seen.push(shown);
      if (seen.length === perColumn) break;
    }
    return seen;
  });
}

/** The mapping in words, column by column, for a summary or the command line. */
export function mappingSummary(survey: Survey, staged: Pick<StagedImport, 'headings' | 'mapping'>): { heading: string; target: string; ignored: boolean }[] {
  return staged.headings.map((heading, column) => {
    const target = staged.mapping.columns[column] ?? { kind: 'ignore' };
    return { heading, target: describeTarget(survey.definition, target), ignored: target.kind === 'ignore' };
  });
}

// ---- Checking and importing ------------------------------------------------------------------

export type CheckOptions = { now?: Date; onProblem?: (problem: RowProblem) => void; onProgress?: (rows: number) => void };
export type CheckSummary = { rowCount: number; validCount: number; problemRowCount: number };

/** Reads a held file's rows in order, a batch at a time. */
async function* stagedRows(db: Tx, stagingId: string): AsyncGenerator<{ line: number; cells: string[] }> {
  let after = 0;
  for (;;) {
    const rows = await selectStagingRows(db, stagingId, after, BATCH_ROWS);
    yield* rows;
    if (rows.length < BATCH_ROWS) return;
    after = rows[rows.length - 1]!.line;
  }
}

/** Checks every row as it would be imported; each problem goes to `onProblem`, in row order. */
export async function checkStagedImport(db: Tx, survey: Survey, staged: StagedImport, options: CheckOptions = {}): Promise<CheckSummary> {
  const plan = compileImportPlan(survey.definition, staged.headings, staged.mapping);
  const now = options.now ?? new Date();
  const summary: CheckSummary = { rowCount: 0, validCount: 0, problemRowCount: 0 };
  for await (const row of stagedRows(db, staged.id)) {
    const checked = checkRow(plan, row.line, row.cells, now);
    summary.rowCount++;
    if (checked.ok) summary.validCount++;
    else {
      summary.problemRowCount++;
      for (const problem of checked.problems) options.onProblem?.(problem);
    }
    if (summary.rowCount % BATCH_ROWS === 0) options.onProgress?.(summary.rowCount);
  }
  return summary;
}

export type CommitOptions = CheckOptions & { skipInvalid: boolean };

export type ImportOutcome = {
  importId: string;
  fileName: string;
  imported: number;
  skipped: number;
  /** The import had already been made (the button pressed twice, say): nothing new was stored. */
  alreadyDone: boolean;
};

/**
 * Imports a held file into the survey, in one transaction: every valid row or nothing. Rows with
 * problems are left out only when `skipInvalid` says so; otherwise a single problem stops the
 * import. Each response's key is `import:<import id>:<row>`, so importing the same rows twice
 * stores them once. The survey may be in any state: answers collected elsewhere are usually
 * imported after the survey has closed.
 */
export async function commitImport(db: Tx, survey: Survey, importId: string, actor: Actor, options: CommitOptions, context: Context = {}): Promise<ImportOutcome> {
  const now = options.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    if (!(await lockSurvey(trx, survey.id))) throw new SurveyNotFoundError();
    const row = await findStagingForUpdate(trx, survey.id, importId, now);
    if (!row) {
      const done = await findImport(trx, survey.id, importId);
      if (!done) throw new ImportNotFoundError();
      return { importId, fileName: done.file_name, imported: done.row_count, skipped: 0, alreadyDone: true };
    }
    const staged = toStaged(row);
    const earlier = await findImportOfFile(trx, survey.id, staged.sha256);
    if (earlier) throw alreadyImported(earlier);
    const mappingProblemsFound = mappingProblems(survey.definition, staged.headings, staged.mapping.columns);
    if (mappingProblemsFound.length) throw new ImportProblemsError(mappingProblemsFound[0]!.message, 0, 0);

    await insertImport(trx, {
      id: staged.id,
      survey_id: survey.id,
      file_name: staged.fileName,
      file_sha256: staged.sha256,
      mapping: JSON.stringify(recordedMapping(staged)),
      row_count: 0,
      imported_by: actor.id,
    });
    const plan = compileImportPlan(survey.definition, staged.headings, staged.mapping);
    let pending: ImportedResponse[] = [];
    let stored = 0;
    let valid = 0;
    let problemRows = 0;
    let read = 0;
    for await (const fileRow of stagedRows(trx, staged.id)) {
      const checked = checkRow(plan, fileRow.line, fileRow.cells, now);
      read++;
      if (!checked.ok) {
        problemRows++;
        for (const problem of checked.problems) options.onProblem?.(problem);
      } else {
        valid++;
        pending.push({
          language: checked.language,
          answers: checked.answers,
          idempotencyKey: `import:${staged.id}:${checked.line}`,
          contentHash: contentHash(checked.language, checked.answers),
          submittedAt: checked.submittedAt ?? now,
        });
        if (pending.length === INSERT_ROWS) {
          stored += await insertImportedResponses(trx, survey.id, staged.id, pending);
          pending = [];
        }
      }
      if (read % BATCH_ROWS === 0) options.onProgress?.(read);
    }
    if (problemRows > 0 && !options.skipInvalid) {
      throw new ImportProblemsError(
        `${problemRows.toLocaleString('en-GB')} ${problemRows === 1 ? 'row has' : 'rows have'} problems, so nothing was imported. Correct the file, or choose to leave those rows out.`,
        valid,
        problemRows,
      );
    }
    if (valid === 0) throw new ImportProblemsError('No row of the file can be imported, so nothing was imported.', 0, problemRows);
    stored += await insertImportedResponses(trx, survey.id, staged.id, pending);
    await updateImportRowCount(trx, staged.id, stored);
    await deleteStaging(trx, staged.id);
    const reference = await selectInspectionReference(trx, survey.inspectionId);
    await recordAudit(trx, {
      actor,
      action: 'survey.imported',
      inspectionId: survey.inspectionId,
      laCode: reference?.la_code ?? null,
      subjectType: 'survey',
      subjectId: survey.id,
      details: { audience: survey.audience, importId: staged.id, fileName: staged.fileName, imported: stored, skipped: problemRows },
      requestId: context.requestId,
    });
    return { importId: staged.id, fileName: staged.fileName, imported: stored, skipped: problemRows, alreadyDone: false };
  });
}

/** What the import record keeps of the mapping: by heading, so a reader of the record understands it. */
function recordedMapping(staged: StagedImport): { columns: Record<string, string>; values: ValueMaps } {
  const columns: Record<string, string> = {};
  staged.headings.forEach((heading, i) => {
    const target = staged.mapping.columns[i];
    if (target && target.kind !== 'ignore') columns[heading] = targetKey(target);
  });
  return { columns, values: staged.mapping.values };
}

// ---- Exports ---------------------------------------------------------------------------------

export type PreparedExport = {
  fileName: string;
  contentType: string;
  /** Writes the file to the stream and ends it; returns the number of data rows written. */
  write: (output: Writable) => Promise<number>;
};

const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const SHEET_NAMES: Readonly<Record<ExportKind, string>> = { results: 'Results', comments: 'Comments', raw: 'Responses' };

const EXPORT_ROWS = 1000;

async function* counted<T>(rows: AsyncIterable<T> | Iterable<T>, count: { rows: number }): AsyncGenerator<T> {
  for await (const row of rows) {
    count.rows++;
    yield row;
  }
}

async function* rawRows(db: Tx, survey: Survey): AsyncGenerator<CsvRecord> {
  let after = 0;
  for (;;) {
    const batch = await selectResponsesForExport(db, survey.id, after, EXPORT_ROWS);
    for (const r of batch) yield rawRecord(survey.definition, { id: r.id, submittedAt: r.submitted_at, link: r.link, language: r.language, source: r.source, answers: r.answers });
    if (batch.length < EXPORT_ROWS) return;
    after = batch[batch.length - 1]!.id;
  }
}

const THEME_NAMES: ReadonlyMap<string, string> = new Map(THEMES.map((t) => [t.code, t.name]));

async function* commentRows(db: Tx, survey: Survey): AsyncGenerator<CsvRecord> {
  const questions = survey.definition.questions.filter((q) => q.type === 'text');
  const ids = questions.map((q) => q.id);
  const textOf = new Map(questions.map((q) => [q.id, q.text]));
  const corrections = new Map((await selectThemeCorrections(db, survey.id)).map((c) => [correctionKey(c.response_id, c.question_id), c.themes]));
  const code = memoiseCoder(codeComment);
  let after = { responseId: 0, position: -1 };
  for (;;) {
    const batch = await selectCommentsForExport(db, survey.id, ids, after, EXPORT_ROWS);
    for (const row of batch) {
      const coding = code(row.text);
      const corrected = corrections.get(correctionKey(row.response_id, row.question_id));
      const themes = corrected ?? coding.themes.map((t) => t.code);
      yield commentRecord({
        responseId: row.response_id,
        questionId: row.question_id,
        questionText: textOf.get(row.question_id) ?? row.question_id,
        redacted: coding.redacted,
        themeNames: themes.map((c) => THEME_NAMES.get(c) ?? c),
        corrected: corrected !== undefined,
        sentiment: coding.sentiment,
      });
    }
    if (batch.length < EXPORT_ROWS) return;
    const last = batch[batch.length - 1]!;
    after = { responseId: last.response_id, position: last.position };
  }
}

function aboutSheet(lines: [string, string | number][]): SheetInput {
  return {
    name: 'About this file',
    columns: [
      { header: 'About this file', key: 'item', width: 32 },
      { header: '', key: 'detail', width: 80 },
    ],
    rows: lines.map(([item, detail]) => ({ item, detail })),
  };
}

const EXPORT_DESCRIPTIONS: Readonly<Record<ExportKind, string>> = {
  results: 'Figures per question, answer and group. Any figure based on fewer responses than the threshold reads “suppressed”, as do figures that would let it be worked out.',
  comments: 'Every free-text answer with personal details removed, its themes and its sentiment. For the inspection team only.',
  raw: 'Every response exactly as it was given, including anything personal that people wrote. For the lead inspector only: keep it secure and delete it when it is no longer needed.',
};

/**
 * Makes an export ready to send: its name, type and writer. The export is put on record first
 * (`survey.exported`, or `survey.raw-exported` for raw responses), so that every file that leaves
 * has a record of who took it. Results are computed before anything is sent.
 */
export async function prepareExport(db: Tx, survey: Survey, kind: ExportKind, format: ExportFormat, actor: Actor, context: Context = {}): Promise<PreparedExport> {
  const reference = await selectInspectionReference(db, survey.inspectionId);
  if (!reference) throw new SurveyNotFoundError();
  let columns: CsvColumn[];
  let rows: () => AsyncIterable<CsvRecord> | Iterable<CsvRecord>;
  const about: [string, string | number][] = [
    ['Inspection', reference.reference],
    ['Survey', `${AUDIENCE_LABELS[survey.audience]}: ${survey.definition.title}`],
    ['Contents', EXPORT_DESCRIPTIONS[kind]],
  ];
  if (kind === 'results') {
    const result = suppressResult(await getAnalysis(db, survey.id), survey.suppressionThreshold);
    columns = RESULT_COLUMNS;
    rows = () => resultRecords(result);
    about.push(['Responses', result.responseCount], ['Smallest figure shown', survey.suppressionThreshold], ['Computed', formatDateTime(new Date(result.computedAt))]);
  } else if (kind === 'comments') {
    columns = COMMENT_COLUMNS;
    rows = () => commentRows(db, survey);
  } else {
    columns = rawColumns(survey.definition);
    rows = () => rawRows(db, survey);
  }
  about.push(['Exported', formatDateTime(new Date())], ['Exported by', actor.label]);
  await recordAudit(db, {
    actor,
    action: kind === 'raw' ? 'survey.raw-exported' : 'survey.exported',
    inspectionId: survey.inspectionId,
    laCode: reference.la_code,
    subjectType: 'survey',
    subjectId: survey.id,
    details: { audience: survey.audience, format, kind },
    requestId: context.requestId,
  });
  return {
    fileName: exportFileName(reference.reference, audienceSlug(survey.audience), kind, format),
    contentType: CONTENT_TYPES[format],
    write: async (output) => {
      const count = { rows: 0 };
      if (format === 'csv') await writeCsv(output, columns, counted(rows(), count));
      else await writeXlsx(output, [{ name: SHEET_NAMES[kind], columns, rows: counted(rows(), count) }, aboutSheet(about)]);
      return count.rows;
    },
  };
}
