// Reading an uploaded table file (CSV or XLSX) as a stream of rows, for any import: size limit,
// format, text encoding, separator, heading row and rows with the line each starts on.
import { createHash } from 'node:crypto';
import { readXlsxRows } from '../render/xlsx.ts';
import { CsvParser, CsvSyntaxError, cleanHeadings, detectDelimiter, headingRowEnd, type CsvRecord } from './csv-text.ts';

/** The file cannot be read, for the reason in the message. */
export class ImportFileError extends Error {}

/** A file to read: its name (for its type), its bytes as they arrive, and its size when known beforehand. */
export type ImportSource = { fileName: string; chunks: AsyncIterable<Uint8Array>; size?: number };

export type TableRow = { line: number; cells: string[] };

export type FileFormat = 'csv' | 'xlsx';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLD_EXCEL_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const SAVE_AS_UTF8 = 'In Excel, choose File, then Save As, and the file type “CSV UTF-8 (Comma delimited) (*.csv)”, then upload the new file.';
/** Rows handed on together from an Excel sheet. */
const XLSX_BATCH = 1000;

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Reads the first bytes of a stream without losing them: `rest` yields everything, those bytes first. */
export async function peek(chunks: AsyncIterable<Uint8Array>, wanted: number): Promise<{ head: Uint8Array; rest: AsyncIterable<Uint8Array>; close: () => Promise<void> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < wanted) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    length += next.value.length;
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    try {
      yield* taken;
      while (!done) {
        const next = await iterator.next();
        if (next.done) done = true;
        else yield next.value;
      }
    } finally {
      await close();
    }
  }
  /** Stopping early (a refused file) closes the source, such as an open file. */
  async function close(): Promise<void> {
    if (done) return;
    done = true;
    await iterator.return?.();
  }
  return { head: Buffer.concat(taken).subarray(0, wanted), rest: rest(), close };
}

/** A size limit for a message, in whole megabytes: "100 MB", "1,024 MB". */
export function describeLimit(maxBytes: number): string {
  return `${Math.round(maxBytes / 1024 / 1024).toLocaleString('en-GB')} MB`;
}

/** Passes the bytes on, hashing and counting them, and refusing past the size limit. */
export async function* measured(chunks: AsyncIterable<Uint8Array>, hash: ReturnType<typeof createHash>, size: { bytes: number }, maxBytes: number, tooLarge: () => string): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    size.bytes += chunk.length;
    if (size.bytes > maxBytes) throw new ImportFileError(tooLarge());
    hash.update(chunk);
    yield chunk;
  }
}

export function formatOf(fileName: string, head: Uint8Array): FileFormat {
  const lower = fileName.toLowerCase();
  if (startsWith(head, ZIP_MAGIC)) return 'xlsx';
  if (startsWith(head, OLD_EXCEL_MAGIC) || lower.endsWith('.xls')) {
    throw new ImportFileError('The file is in the old Excel 97–2003 format (.xls). Open it in Excel and save it as an Excel workbook (.xlsx) or as CSV UTF-8, then upload that.');
  }
  if (lower.endsWith('.xlsx')) throw new ImportFileError('The file is named .xlsx but is not an Excel workbook: it may be damaged, or another kind of file renamed. Save it again from Excel, as .xlsx or as CSV UTF-8.');
  return 'csv';
}

function notUtf8(line: number): ImportFileError {
  return new ImportFileError(
    `The file is not saved as UTF-8 text, so some of its letters cannot be read (the first on row ${line}). Programs that save “CSV (Comma delimited)” write accented letters and curly quotes another way. ${SAVE_AS_UTF8}`,
  );
}

function countLineBreaks(text: string, end = text.length): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/**
 * The text of a CSV file. UTF-8 (a byte-order mark is dropped), or UTF-16 when a byte-order mark
 * says so (Excel's "Unicode text"). Anything else is refused rather than guessed: Windows-1252
 * can be told from UTF-8 but not from the other 8-bit encodings, and a wrong guess would change
 * people's words without anyone noticing.
 */
export async function* decodeText(head: Uint8Array, chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const label = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : 'utf-8';
  const decoder = new TextDecoder(label, { fatal: true });
  let lines = 0;
  const emit = (text: string) => {
    if (text.includes('\u0000')) throw new ImportFileError(`The file does not look like a CSV file: it holds characters that text does not. Upload a CSV file (saved as “CSV UTF-8”) or an Excel workbook (.xlsx).`);
    lines += countLineBreaks(text);
    return text;
  };
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const lenient = new TextDecoder(label).decode(chunk);
      throw notUtf8(lines + countLineBreaks(lenient, Math.max(0, lenient.indexOf('\uFFFD'))) + 1);
    }
    if (text) yield emit(text);
  }
  let last: string;
  try {
    last = decoder.decode();
  } catch {
    throw notUtf8(lines + 1);
  }
  if (last) yield emit(last);
}

/** A CSV syntax error, in words, for the row it is on. */
function csvProblem(error: CsvSyntaxError): ImportFileError {
  if (error.code === 'unclosed-quote') {
    return new ImportFileError(`Row ${error.line} has a value that starts with a quotation mark that is never closed, so the rest of the file cannot be read. Check the quotation marks on that row.`);
  }
  return new ImportFileError(`Row ${error.line} has a quotation mark in the wrong place: a value in quotation marks must end with one followed by the separator. Check the quotation marks on that row.`);
}

/** The records of CSV text, a piece of the text at a time, each record with the row it starts on. */
export async function* csvRecords(text: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
  const iterator = text[Symbol.asyncIterator]();
  let start = '';
  for (;;) {
    if (headingRowEnd(start) >= 0) break;
    const next = await iterator.next();
    if (next.done) break;
    start += next.value;
  }
  const end = headingRowEnd(start);
  const parser = new CsvParser(detectDelimiter(end >= 0 ? start.slice(0, end) : start));
  try {
    if (start) yield parser.push(start);
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const records = parser.push(next.value);
      if (records.length) yield records;
    }
    const last = parser.end();
    if (last.length) yield last;
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw csvProblem(error);
    throw error;
  } finally {
    await iterator.return?.();
  }
}

/** The rows of the first sheet of a workbook, in batches; the workbook is read whole first (a zip file cannot be read from its start). */
export async function* xlsxRecords(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<TableRow[]> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  let batch: TableRow[] = [];
  try {
    for await (const row of readXlsxRows(Buffer.concat(parts))) {
      batch.push(row);
      if (batch.length === XLSX_BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError('The file could not be read as an Excel workbook: it may be damaged or protected with a password. Save it again from Excel, as .xlsx or as CSV UTF-8.');
  }
  if (batch.length) yield batch;
}

function isBlank(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell.trim() !== '') return false;
  return true;
}

export type ReadTable = {
  format: FileFormat;
  /** The headings, once the first row has been read. */
  headings: () => string[];
  /** The rows under the headings, one at a time. Read either this or `batches`, once. */
  rows: AsyncIterable<TableRow>;
  /** The same rows in the groups they were read in: cheaper per row for large files. */
  batches: AsyncIterable<TableRow[]>;
  /** The file's SHA-256, once it has been read to the end. */
  sha256: () => string;
  /** Bytes read so far. */
  bytesRead: () => number;
};

export type ReadTableOptions = {
  /** Larger files are refused, before reading when the source says its size, otherwise as soon as the limit is passed. */
  maxBytes?: number;
  emptyFileMessage?: string;
  noHeadingsMessage?: string;
  /** Said after "The file is larger than N MB." */
  tooLargeAdvice?: string;
  /** The program a broken file should be saved again from, in a sentence. */
  madeBy?: string;
};

const MAX_LINES_LISTED = 10;

/**
 * Reads an uploaded file as a stream of rows: CSV (comma, semicolon or tab separated, UTF-8 with
 * or without a byte-order mark) or XLSX (the first sheet). The first row with anything in it
 * holds the headings; blank rows are passed over. A CSV row with the wrong number of values
 * is a broken file: every such row is listed once the whole file has been read.
 */
export async function readTable(source: ImportSource, options: ReadTableOptions = {}): Promise<ReadTable> {
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const tooLarge = () => `The file is larger than ${describeLimit(maxBytes)}. ${options.tooLargeAdvice ?? 'Split it into smaller files.'}`;
  if (source.size !== undefined && source.size > maxBytes) throw new ImportFileError(tooLarge());
  const hash = createHash('sha256');
  const size = { bytes: 0 };
  const { head, rest, close } = await peek(measured(source.chunks, hash, size, maxBytes, tooLarge), 8);
  if (head.length === 0) throw new ImportFileError(options.emptyFileMessage ?? 'The file is empty.');
  let format: FileFormat;
  try {
    format = formatOf(source.fileName, head);
  } catch (error) {
    await close();
    throw error;
  }
  const records: AsyncIterable<TableRow[]> = format === 'xlsx' ? xlsxRecords(rest) : csvRecords(decodeText(head, rest));
  let headings: string[] | undefined;
  async function* batches(): AsyncGenerator<TableRow[]> {
    const wrong: number[] = [];
    for await (const batch of records) {
      const out: TableRow[] = [];
      for (const record of batch) {
        if (isBlank(record.cells)) continue;
        if (!headings) {
          headings = cleanHeadings(record.cells);
          continue;
        }
        let cells = record.cells;
        if (cells.length !== headings.length) {
          const extraBlank = cells.length > headings.length && isBlank(cells.slice(headings.length));
          if (format === 'xlsx' || extraBlank) cells = headings.map((_, i) => cells[i] ?? '');
          else {
            wrong.push(record.line);
            continue;
          }
        }
        out.push({ line: record.line, cells });
      }
      if (out.length) yield out;
    }
    if (!headings) throw new ImportFileError(options.noHeadingsMessage ?? 'The file has no headings: its first row must hold the column headings.');
    if (wrong.length) {
      const listed = wrong.slice(0, MAX_LINES_LISTED).join(', ');
      const more = wrong.length > MAX_LINES_LISTED ? ` and ${wrong.length - MAX_LINES_LISTED} more` : '';
      throw new ImportFileError(
        `${wrong.length === 1 ? `Row ${listed} does not have` : `Rows ${listed}${more} do not have`} the same number of values as the heading row (${headings.length}). A value holding the separator must be in quotation marks; check the file is complete and save it again from ${options.madeBy ?? 'the program that made it'}.`,
      );
    }
  }
  const shared = batches();
  let digest: string | undefined;
  async function* rows(): AsyncGenerator<TableRow> {
    for await (const batch of shared) yield* batch;
  }
  return {
    format,
    headings: () => headings ?? [],
    rows: rows(),
    batches: shared,
    sha256: () => (digest ??= hash.digest('hex')),
    bytesRead: () => size.bytes,
  };
}
