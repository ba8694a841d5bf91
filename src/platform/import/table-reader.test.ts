// Tests of the table reader and its CSV parser: quoting, line numbers across pieces of any size,
// separators, byte-order marks, workbooks, refusals with their reasons, and the size limit
// applied before reading when the size is known and as soon as it is passed when it is not.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { writeXlsx } from '../render/xlsx.ts';
import { CsvParser, CsvSyntaxError, type CsvRecord } from './csv-text.ts';
import { ImportFileError, readTable, type ImportSource, type TableRow } from './table-reader.ts';

/** The text fed to the parser in pieces of `size` characters. */
function parseInPieces(text: string, size: number, delimiter: ',' | ';' | '\t' = ','): CsvRecord[] {
  const parser = new CsvParser(delimiter);
  const records: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += size) records.push(...parser.push(text.slice(i, i + size)));
  records.push(...parser.end());
  return records;
}

async function* chunked(bytes: Buffer, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function source(fileName: string, content: Buffer | string, size?: number): ImportSource {
  return { fileName, chunks: chunked(typeof content === 'string' ? Buffer.from(content, 'utf8') : content, size) };
}

async function readAll(src: ImportSource, options = {}): Promise<{ headings: string[]; rows: TableRow[]; sha256: string }> {
  const table = await readTable(src, options);
  const rows: TableRow[] = [];
  for await (const row of table.rows) rows.push(row);
  return { headings: table.headings(), rows, sha256: table.sha256() };
}

describe('CSV parser', () => {
  test('quoted values hold separators, doubled quotes and line breaks; rows are numbered by the line they start on', () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\r\nlines",z\n3,"three\nshort\rlines",w\r4,,\n';
    const expected: CsvRecord[] = [
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1', 'x, y', 'say "hi"'] },
      { line: 3, cells: ['2', 'two\r\nlines', 'z'] },
      { line: 5, cells: ['3', 'three\nshort\rlines', 'w'] },
      { line: 8, cells: ['4', '', ''] },
    ];
    for (const size of [1, 2, 3, 5, 1000]) assert.deepEqual(parseInPieces(text, size), expected, `pieces of ${size}`);
  });

  test('a byte-order mark is dropped, a quote inside an unquoted value is kept, blank lines are records, the last line may lack its break', () => {
    assert.deepEqual(parseInPieces('\uFEFFa;b\r\n\r\nO"Neil;5', 1, ';'), [
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: [''] },
      { line: 3, cells: ['O"Neil', '5'] },
    ]);
    assert.deepEqual(parseInPieces('x\ty\t', 4, '\t'), [{ line: 1, cells: ['x', 'y', ''] }]);
  });

  test('a quoted value never closed, or a closing quote followed by text, is a syntax error with its line', () => {
    assert.throws(() => parseInPieces('a,b\n1,"open\n2,3\n', 3), (e: unknown) => e instanceof CsvSyntaxError && e.code === 'unclosed-quote' && e.line === 2);
    assert.throws(() => parseInPieces('a,b\n\n1,"closed"x\n', 3), (e: unknown) => e instanceof CsvSyntaxError && e.code === 'closing-quote' && e.line === 3);
  });

  test('any values written as CSV read back the same, whatever the size of the pieces', () => {
    const value = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', ';') });
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 9 }), (rows, size) => {
        const text = rows.map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(',')).join('\r\n');
        assert.deepEqual(
          parseInPieces(text, size).map((r) => r.cells),
          rows,
        );
      }),
    );
  });
});

describe('reading a table file', () => {
  test('a CSV with a byte-order mark and semicolons: trimmed headings, blank rows passed over, rows with their lines', async () => {
    const { headings, rows } = await readAll(source('data.csv', '\uFEFF person_id ;birth_month\r\nA1;2015-03\r\n;\r\n\r\nA2;2016-04\r\n'));
    assert.deepEqual(headings, ['person_id', 'birth_month']);
    assert.deepEqual(rows, [
      { line: 2, cells: ['A1', '2015-03'] },
      { line: 5, cells: ['A2', '2016-04'] },
    ]);
  });

  test('batches give the same rows as rows, and the hash and byte count cover the whole file', async () => {
    const text = `id,n\n${Array.from({ length: 3000 }, (_, i) => `${i},${i * 2}`).join('\n')}\n`;
    const table = await readTable(source('n.csv', text, 500));
    let count = 0;
    for await (const batch of table.batches) count += batch.length;
    assert.equal(count, 3000);
    assert.equal(table.bytesRead(), Buffer.byteLength(text));
    assert.match(table.sha256(), /^[0-9a-f]{64}$/);
    assert.equal(table.sha256(), table.sha256(), 'the hash can be asked for twice');
  });

  test('UTF-16 with a byte-order mark is read; other encodings are refused with the row', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\tb\r\nx\tاردو\r\n', 'utf16le')]);
    assert.deepEqual((await readAll(source('u.txt', utf16))).rows, [{ line: 2, cells: ['x', 'اردو'] }]);
    const latin1 = Buffer.concat([Buffer.from('a,b\r\n1,ok\r\n2,caf'), Buffer.from([0xe9]), Buffer.from('\r\n')]);
    await assert.rejects(readAll(source('w.csv', latin1)), (e: unknown) => e instanceof ImportFileError && /not saved as UTF-8 text.*the first on row 3/.test(e.message));
  });

  test('the wording of refusals can be the caller’s own, and is neutral otherwise', async () => {
    await assert.rejects(readAll(source('e.csv', '')), (e: unknown) => e instanceof ImportFileError && e.message === 'The file is empty.');
    await assert.rejects(readAll(source('e.csv', ''), { emptyFileMessage: 'Nothing to import.' }), (e: unknown) => e instanceof ImportFileError && e.message === 'Nothing to import.');
    await assert.rejects(readAll(source('b.csv', '\r\n\r\n')), (e: unknown) => e instanceof ImportFileError && /^The file has no headings/.test(e.message));
    await assert.rejects(readAll(source('b.csv', '\r\n'), { noHeadingsMessage: 'No headings.' }), (e: unknown) => e instanceof ImportFileError && e.message === 'No headings.');
    await assert.rejects(
      readAll(source('r.csv', 'a,b\n1,2\n3\n4,5,6\n'), { madeBy: 'the case system' }),
      (e: unknown) => e instanceof ImportFileError && e.message.startsWith('Rows 3, 4 do not have the same number of values as the heading row (2)') && e.message.endsWith('save it again from the case system.'),
    );
    await assert.rejects(readAll(source('q.csv', 'a,b\n1,"2\n3,4\n')), (e: unknown) => e instanceof ImportFileError && /^Row 2 has a value that starts with a quotation mark that is never closed/.test(e.message));
    await assert.rejects(readAll(source('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3, 4]))), /old Excel 97–2003 format/);
    await assert.rejects(readAll(source('fake.xlsx', 'not a workbook')), /named \.xlsx but is not an Excel workbook/);
  });

  test('a file of known size over the limit is refused before a byte is read', async () => {
    let pulled = 0;
    async function* never(): AsyncGenerator<Uint8Array> {
      pulled++;
      yield Buffer.from('a,b\n');
    }
    await assert.rejects(
      readTable({ fileName: 'big.csv', chunks: never(), size: 2 * 1024 ** 3 }, { maxBytes: 100 * 1024 * 1024, tooLargeAdvice: 'Use the command line.' }),
      (e: unknown) => e instanceof ImportFileError && e.message === 'The file is larger than 100 MB. Use the command line.',
    );
    assert.equal(pulled, 0);
  });

  test('a stream of unknown size is refused as soon as it passes the limit, and the source is closed', async () => {
    let pulled = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        yield Buffer.from('a,b\n');
        for (;;) {
          pulled += 64 * 1024;
          yield Buffer.alloc(64 * 1024, `1,${'x'.repeat(250)}\n`);
        }
      } finally {
        closed = true;
      }
    }
    await assert.rejects(readAll({ fileName: 'endless.csv', chunks: endless() }, { maxBytes: 1024 * 1024 }), /larger than 1 MB/);
    assert.ok(pulled <= 1024 * 1024 + 64 * 1024, `read ${pulled} bytes`);
    assert.ok(closed, 'the source was closed');
  });

  test('a workbook’s first sheet is read, with numbers as text and short rows filled with blanks', async () => {
    const stream = new PassThrough();
    const parts: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => parts.push(chunk));
    await writeXlsx(stream, [
      {
        name: 'Data',
        columns: [
          { header: 'person_id', key: 'id' },
          { header: 'setting_urn', key: 'urn' },
        ],
        rows: [{ id: 'A1', urn: 105432 }, { id: 'A2' }],
      },
    ]);
    const table = await readTable(source('data.xlsx', Buffer.concat(parts), 4096));
    assert.equal(table.format, 'xlsx');
    const rows: TableRow[] = [];
    for await (const row of table.rows) rows.push(row);
    assert.deepEqual(table.headings(), ['person_id', 'setting_urn']);
    assert.deepEqual(rows, [
      { line: 2, cells: ['A1', '105432'] },
      { line: 3, cells: ['A2', ''] },
    ]);
  });
});
