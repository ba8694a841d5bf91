// CSV exports written as a stream (csv-stringify), safe to open in Excel.
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';

export type CsvColumn = { header: string; key: string };
export type CsvRecord = Record<string, string | number | null | undefined>;

/** The characters OWASP lists as able to start a formula in a spreadsheet. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text a spreadsheet will show as text, never run as a formula (OWASP "CSV Injection").
 *
 * A spreadsheet opening a CSV guesses each field's type, so "=HYPERLINK(...)" typed into a form
 * would become a live formula on an inspector's machine. OWASP's remedy is to put an apostrophe
 * before any field starting with =, +, -, @, tab or carriage return: Excel and LibreOffice then
 * take it as text. The apostrophe stays in the data, visible, and that is the price: a value such
 * as "-5 days" exports as "'-5 days". Numbers are written as numbers and left alone, since a
 * number cannot carry a formula.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function csvField(value: string | number | null | undefined): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be written to a CSV file`);
    return value;
  }
  return neutraliseFormula(value);
}

async function* csvRecords(columns: CsvColumn[], rows: AsyncIterable<CsvRecord> | Iterable<CsvRecord>): AsyncGenerator<(string | number | null)[]> {
  yield columns.map((c) => neutraliseFormula(c.header));
  for await (const row of rows) yield columns.map((c) => csvField(row[c.key]));
}

/**
 * Writes a CSV file to the stream and ends it: a heading row, then one line per row in the order
 * of the columns. UTF-8 with a byte-order mark, so that Excel reads accented and non-Latin text
 * correctly, and CRLF line ends (RFC 4180). Rows are pulled only as fast as the stream takes
 * them. On failure the stream is destroyed, so a reader sees an error rather than a short file.
 */
export async function writeCsv(stream: Writable, columns: CsvColumn[], rows: AsyncIterable<CsvRecord> | Iterable<CsvRecord>): Promise<void> {
  // With CRLF record ends csv-stringify quotes only fields holding a whole CRLF; a lone line feed
  // or carriage return inside a field must be quoted too, or Excel starts a new row there.
  const stringifier = stringify({ bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
  await pipeline(Readable.from(csvRecords(columns, rows)), stringifier, stream);
}
