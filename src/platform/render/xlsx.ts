// Spreadsheets: XLSX exports written as a stream, and XLSX imports read row by row (exceljs).
import { Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export type CellValue = string | number | null;
export type SpreadsheetRecord = Record<string, CellValue | undefined>;

export type SheetColumn = { header: string; key: string; width?: number };

export type SheetInput = {
  /** Made valid for Excel: see validSheetName. */
  name: string;
  columns: SheetColumn[];
  rows: AsyncIterable<SpreadsheetRecord> | Iterable<SpreadsheetRecord>;
};

export type SpreadsheetRow = { line: number; cells: string[] };

/** Excel's limits: longer sheet names, longer cells or more rows make it refuse or "repair" the file. */
const MAX_SHEET_NAME = 31;
const MAX_CELL_LENGTH = 32_767;
const MAX_ROWS = 1_048_576;
const CUT_SHORT = ' [cut short: a spreadsheet cell holds at most 32,767 characters]';
/** Rows written between pauses that let the zip compressor and a slow reader catch up. */
const ROWS_PER_PAUSE = 500;

/**
 * A name Excel accepts for a sheet, different (ignoring case, as Excel does) from those taken:
 * none of []:*?/\, no apostrophe at either end, not "History" (Excel keeps it for itself), at
 * most 31 characters, and not empty. The chosen name is added to `taken`.
 */
export function validSheetName(name: string, taken: Set<string>): string {
  let base = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001F[\]:*?/\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim();
  if (base === '') base = 'Sheet';
  if (base.toLowerCase() === 'history') base = 'History sheet';
  const fit = (text: string, room: number) => {
    let cut = text;
    // Cut by whole characters, so no emoji or other pair of UTF-16 units is split in two.
    while (cut.length > room) cut = Array.from(cut).slice(0, -1).join('');
    return cut.replace(/'+$/, '').trimEnd();
  };
  let candidate = fit(base, MAX_SHEET_NAME);
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    candidate = fit(base, MAX_SHEET_NAME - suffix.length) + suffix;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * Excel reads "_x0041_" in a cell's text as an escaped character ("A"), so a literal "_x" sequence
 * of that shape is itself escaped ("_x005F_" is "_"), as Excel does when it saves. A carriage
 * return is escaped too ("_x000D_"), since XML readers turn a bare one into a line feed.
 */
function escapeExcelText(text: string): string {
  const escaped = text.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1').replace(/\r/g, '_x000D_');
  return escaped.length <= MAX_CELL_LENGTH ? escaped : escaped.slice(0, MAX_CELL_LENGTH - CUT_SHORT.length).toWellFormed() + CUT_SHORT;
}

function unescapeExcelText(text: string): string {
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/*
 * Formula injection (OWASP "CSV Injection"): text such as "=HYPERLINK(...)" or "+cmd|..." typed
 * into a survey and exported must never become a formula in an inspector's copy of Excel.
 *
 * In XLSX every string is written as an inline string cell (t="inlineStr"): a type that holds
 * text only. Excel does not evaluate it when opening the file or recalculating, and no formula
 * (<f>) element is ever written: cellValue below accepts only strings, numbers and nothing, so no
 * formula object can reach exceljs. That is the guard, and xlsx.test.ts checks the written XML.
 *
 * The extra apostrophe OWASP recommends is for CSV, where a spreadsheet guesses each field's type
 * (csv.ts adds it). Here it would not protect anything, since the type is already fixed, but it
 * would change the data: "-5 days" would read "'-5 days" in Excel and come back with the
 * apostrophe through readXlsxRows. (Excel's own "quote prefix" cell style would be ideal, but
 * exceljs cannot write it.)
 */
function cellValue(value: CellValue | undefined, where: () => string): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${where()} is ${value}, which a spreadsheet cannot hold`);
    return value;
  }
  if (typeof value === 'string') return { richText: [{ text: escapeExcelText(value) }] };
  throw new TypeError(`${where()} is a ${typeof value}; only text, numbers and null can be written`);
}

function defaultWidth(header: string): number {
  return Math.min(60, Math.max(10, header.length + 2));
}

/** Gives the compressor a turn, then waits while the output holds more than it wants. */
async function giveWay(stream: Writable): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (stream.destroyed) throw new Error('The spreadsheet could not be finished: its output was closed.');
  if (!stream.writableNeedDrain) return;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off('drain', onDrain).off('close', onClose).off('error', done);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('The spreadsheet could not be finished: its output was closed.'));
    stream.on('drain', onDrain).on('close', onClose).on('error', done);
  });
}

async function writeSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, stream: Writable, sheet: SheetInput, name: string): Promise<void> {
  const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  worksheet.columns = sheet.columns.map((c) => ({ key: c.key, width: c.width ?? defaultWidth(c.header) }));
  const header = worksheet.addRow(sheet.columns.map((c) => cellValue(c.header, () => `The heading of column "${c.key}"`)));
  header.font = { bold: true };
  header.commit();
  let line = 1;
  for await (const record of sheet.rows) {
    line++;
    if (line > MAX_ROWS) throw new RangeError(`Sheet "${name}" has more rows than a spreadsheet can hold (${MAX_ROWS - 1} after the headings)`);
    const values = sheet.columns.map((c) => cellValue(record[c.key], () => `Row ${line}, column "${c.header}" of sheet "${name}"`));
    worksheet.addRow(values).commit();
    if (line % ROWS_PER_PAUSE === 0) await giveWay(stream);
  }
  worksheet.commit();
}

/**
 * Writes a workbook to the stream and ends it, one row at a time: rows are pulled from each
 * sheet's iterable only as fast as they are compressed and the stream takes them, so a million
 * rows never sit in memory. Each sheet's heading row is bold and stays in view when scrolling.
 * On failure the stream is destroyed, so a reader sees an error rather than a short file.
 */
export async function writeXlsx(stream: Writable, sheets: SheetInput[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const finished = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve).once('error', reject);
  });
  try {
    const taken = new Set<string>();
    for (const sheet of sheets) await writeSheet(workbook, stream, sheet, validSheetName(sheet.name, taken));
    await workbook.commit();
    await finished;
  } catch (error) {
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
    finished.catch(() => undefined);
    throw error;
  }
}

type ReadCell = ExcelJS.CellValue | { sharedString: number } | undefined;

function dateText(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** A cell as the text a person sees in it (for a formula, its last calculated result). */
function cellText(value: ReadCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return unescapeExcelText(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return unescapeExcelText(value.richText.map((r) => r.text ?? '').join(''));
  if ('error' in value) return String(value.error);
  if ('result' in value) return cellText(value.result as ReadCell);
  if ('formula' in value || 'sharedFormula' in value) return '';
  if ('text' in value) return cellText(value.text as ReadCell);
  return '';
}

type NamedWorksheetReader = ExcelJS.stream.xlsx.WorksheetReader & { name?: string };

/** The parts of exceljs's streaming reader that Utf8SafeWorkbookReader builds on (not in its types). */
type WorkbookReaderInternals = AsyncIterable<NamedWorksheetReader> & {
  model?: { sheets?: { name: string }[] };
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
};

type WorkbookReaderConstructor = new (input: Readable, options: ExcelJS.stream.xlsx.WorkbookStreamReaderOptions) => WorkbookReaderInternals;

async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * exceljs 4.4.0's streaming reader decodes each chunk of a sheet's XML on its own, so a character
 * of two or more bytes (every Urdu or Arabic letter) that straddles two chunks turns into "��"
 * (exceljs/exceljs#2063, #2084, still open). This reader hands exceljs text decoded across chunk
 * boundaries instead. xlsx.test.ts round-trips 10,000 rows of Urdu and Arabic to catch a change.
 */
class Utf8SafeWorkbookReader extends (ExcelJS.stream.xlsx.WorkbookReader as unknown as WorkbookReaderConstructor) {
  override _parseWorkbook(entry: Readable): Promise<void> {
    entry.setEncoding('utf8');
    return super._parseWorkbook(entry);
  }

  override async *_parseSharedStrings(entry: Readable): AsyncGenerator<unknown> {
    entry.setEncoding('utf8');
    yield* super._parseSharedStrings(entry);
  }

  override *_parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown> {
    yield* super._parseWorksheet(decodeUtf8(iterator), sheetNo);
  }
}

/**
 * The rows of one sheet (the first by default, counting in the order of the tabs), each as the
 * text of its cells with its 1-based row number, read as a stream for imports. Empty rows are
 * not given; an empty cell is "". Dates come as YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SS).
 *
 * exceljs may spool a sheet to a temporary file (readable by this user only, removed once read)
 * when the workbook lists its sheets before its shared strings, as Excel does.
 */
export async function* readXlsxRows(buffer: Buffer, sheetIndex = 0): AsyncIterable<SpreadsheetRow> {
  const reader = new Utf8SafeWorkbookReader(Readable.from([buffer]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let seen = 0;
  let found = false;
  for await (const worksheet of reader) {
    const tabs = reader.model?.sheets;
    const byName = tabs && worksheet.name !== undefined ? tabs.findIndex((s) => s.name === worksheet.name) : -1;
    const position = byName >= 0 ? byName : seen;
    seen++;
    if (position !== sheetIndex) {
      // Read to the end all the same, so that exceljs removes any temporary file it made.
      for await (const _row of worksheet) continue;
      continue;
    }
    found = true;
    for await (const row of worksheet) {
      const values = row.values as ReadCell[];
      const cells: string[] = [];
      for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
      yield { line: row.number, cells };
    }
  }
  if (!found) throw new RangeError(`The spreadsheet has no sheet number ${sheetIndex + 1}`);
}
