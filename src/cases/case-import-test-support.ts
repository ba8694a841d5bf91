// Test support for imports of person-level data: synthetic people the template accepts, written
// as CSV or XLSX files, and a file source for the import.
import { PassThrough } from 'node:stream';
import { syntheticPeople } from '../demo/demo-people.ts';
import type { ImportSource } from '../platform/import/table-reader.ts';
import { writeXlsx } from '../platform/render/xlsx.ts';
import type { PersonRecord } from './case.ts';
import { FIXTURE_DATA_DATE } from './case-test-support.ts';
import { PERSON_COLUMNS, templateRow, type PersonColumn } from './person-template.ts';

/** Synthetic people as at the fixture's data date, every one of whom the template accepts. */
export function acceptablePeople(count: number, seed = 7, dataDate = FIXTURE_DATA_DATE): PersonRecord[] {
  return syntheticPeople({ count, seed, dataDate });
}

export type CsvOptions = { delimiter?: string; bom?: boolean; lineEnd?: string; headings?: readonly string[] };

function field(value: string, delimiter: string): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rows given as cells, under the template's headings (or others), as CSV text. */
export function csvText(rows: readonly (readonly string[])[], options: CsvOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const end = options.lineEnd ?? '\r\n';
  const lines = [options.headings ?? PERSON_COLUMNS, ...rows].map((cells) => cells.map((c) => field(c, delimiter)).join(delimiter));
  return `${options.bom ? '\uFEFF' : ''}${lines.join(end)}${end}`;
}

/** A person as the cells of a template row, changed as given. */
export function cellsOf(person: PersonRecord, changes: Partial<Record<PersonColumn, string>> = {}): string[] {
  const row = { ...templateRow(person), ...changes };
  return PERSON_COLUMNS.map((c) => row[c]);
}

export function peopleCsv(people: readonly PersonRecord[], options: CsvOptions = {}): string {
  return csvText(people.map((p) => cellsOf(p)), options);
}

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export function fileSource(fileName: string, content: string | Buffer, chunkSize = 4096): ImportSource {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { fileName, chunks: chunked(bytes, chunkSize) };
}

/** People as an Excel workbook: the template's headings, then one row each. */
export async function peopleXlsx(people: readonly PersonRecord[]): Promise<Buffer> {
  const stream = new PassThrough();
  const parts: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => parts.push(chunk));
  await writeXlsx(stream, [{ name: 'Person-level data', columns: PERSON_COLUMNS.map((c) => ({ header: c, key: c })), rows: people.map((p) => templateRow(p)) }]);
  return Buffer.concat(parts);
}
