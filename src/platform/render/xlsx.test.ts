import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { readXlsxRows, validSheetName, writeXlsx, type SheetInput, type SpreadsheetRecord, type SpreadsheetRow } from './xlsx.ts';

async function toBuffer(sheets: SheetInput[]): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeXlsx(stream, sheets);
  return Buffer.concat(chunks);
}

async function readAll(buffer: Buffer, sheetIndex?: number): Promise<SpreadsheetRow[]> {
  const rows: SpreadsheetRow[] = [];
  for await (const row of readXlsxRows(buffer, sheetIndex)) rows.push(row);
  return rows;
}

const URDU = 'کیا آپ کو لگتا ہے کہ آپ کے بچے کی بات سنی جاتی ہے؟';
const ARABIC = 'هل تشعر أن طفلك يحصل على الدعم المناسب؟';

const COLUMNS = [
  { header: 'Reference', key: 'ref' },
  { header: 'Answer', key: 'answer', width: 50 },
  { header: 'Score', key: 'score' },
];

describe('writeXlsx and readXlsxRows', () => {
  test('round-trip 10,000 rows, including Urdu and Arabic text, as the same cells', async () => {
    const texts = [URDU, ARABIC, 'Plain English', 'emoji 👩‍👧 and accents é ñ', 'two\nlines', '  padded  '];
    const record = (i: number): SpreadsheetRecord => ({ ref: `R${i}`, answer: texts[i % texts.length], score: i % 7 === 0 ? null : i / 4 });
    async function* rows() {
      for (let i = 0; i < 10_000; i++) yield record(i);
    }
    const buffer = await toBuffer([{ name: 'Responses', columns: COLUMNS, rows: rows() }]);
    const read = await readAll(buffer);
    assert.equal(read.length, 10_001);
    assert.deepEqual(read[0], { line: 1, cells: ['Reference', 'Answer', 'Score'] });
    for (let i = 0; i < 10_000; i++) {
      const r = record(i);
      // An empty cell at the end of a row is not given, as a spreadsheet does not store it.
      const expected = r.score === null ? [String(r.ref), String(r.answer)] : [String(r.ref), String(r.answer), String(r.score)];
      assert.deepEqual(read[i + 1], { line: i + 2, cells: expected }, `row ${i + 2}`);
    }
  });

  test('reads Urdu and Arabic from a large shared-strings table, as Excel saves it', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Responses');
    const texts = Array.from({ length: 5000 }, (_, i) => `${i % 2 ? URDU : ARABIC} ${i}`);
    for (const text of texts) sheet.addRow([text]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const read = await readAll(buffer);
    assert.deepEqual(
      read.map((r) => r.cells[0]),
      texts,
    );
  });

  test('writes text that looks like a formula as text, unchanged', async () => {
    const dangerous = ['=1+1', '+SUM(A1:A2)', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1,2)', '\t=1+1', '\r=1+1', '=HYPERLINK("http://example.com","Click")'];
    const buffer = await toBuffer([{ name: 'S', columns: [{ header: '=Heading', key: 'v' }], rows: dangerous.map((v) => ({ v })) }]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const cells = [1, ...dangerous.map((_, i) => i + 2)].map((r) => sheet.getCell(r, 1));
    for (const cell of cells) {
      assert.equal(cell.formula, undefined, `${cell.address} must not be a formula`);
      assert.equal(cell.type, ExcelJS.ValueType.RichText, `${cell.address} must be text`);
    }
    const read = await readAll(buffer);
    assert.deepEqual(
      read.map((r) => r.cells[0]),
      ['=Heading', ...dangerous],
    );
  });

  test('makes the heading row bold and frozen, with the widths asked for', async () => {
    const buffer = await toBuffer([{ name: 'S', columns: COLUMNS, rows: [{ ref: 'A', answer: 'B', score: 1 }] }]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    assert.equal(sheet.views[0].state, 'frozen');
    assert.equal((sheet.views[0] as ExcelJS.WorksheetViewFrozen).ySplit, 1);
    assert.equal(sheet.getCell('A1').font?.bold, true);
    assert.notEqual(sheet.getCell('A2').font?.bold, true);
    assert.equal(sheet.getColumn(2).width, 50);
    assert.equal(sheet.getColumn(1).width, 11, 'by default as wide as the heading and a little more');
  });

  test('writes several sheets with valid names, and reads any one of them by position', async () => {
    const buffer = await toBuffer([
      { name: 'Families: survey [draft]', columns: [{ header: 'A', key: 'a' }], rows: [{ a: 'first' }] },
      { name: 'families  survey draft', columns: [{ header: 'B', key: 'b' }], rows: [{ b: 'second' }] },
      { name: '', columns: [{ header: 'C', key: 'c' }], rows: [] },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    assert.deepEqual(
      workbook.worksheets.map((w) => w.name),
      ['Families survey draft', 'families survey draft (2)', 'Sheet'],
    );
    assert.deepEqual(await readAll(buffer, 1), [
      { line: 1, cells: ['B'] },
      { line: 2, cells: ['second'] },
    ]);
    assert.deepEqual(await readAll(buffer, 2), [{ line: 1, cells: ['C'] }]);
    await assert.rejects(readAll(buffer, 3), /no sheet number 4/);
  });

  test('keeps text with Excel escape sequences and very long text readable', async () => {
    const long = 'x'.repeat(40_000);
    const buffer = await toBuffer([{ name: 'S', columns: [{ header: 'V', key: 'v' }], rows: [{ v: 'code _x0041_ here' }, { v: long }] }]);
    const [, escaped, cut] = await readAll(buffer);
    assert.equal(escaped.cells[0], 'code _x0041_ here');
    assert.equal(cut.cells[0].length, 32_767);
    assert.ok(cut.cells[0].endsWith('[cut short: a spreadsheet cell holds at most 32,767 characters]'));
  });

  test('reads a workbook saved the way Excel saves it: shared strings, dates, formulas, booleans', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Cases');
    sheet.addRow(['Child', 'Date of birth', 'Plan weeks', 'Has plan', 'Link']);
    sheet.addRow(['Amina', new Date(Date.UTC(2014, 4, 17)), { formula: '10+10', result: 20 }, true, { text: 'Plan', hyperlink: 'https://example.org' }]);
    sheet.addRow([{ richText: [{ text: 'Bold ', font: { bold: true } }, { text: 'and plain' }] }, null, { error: '#N/A' }, false]);
    sheet.getCell('B2').numFmt = 'dd/mm/yyyy';
    sheet.getRow(5).getCell(1).value = 'after a gap';
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    assert.deepEqual(await readAll(buffer), [
      { line: 1, cells: ['Child', 'Date of birth', 'Plan weeks', 'Has plan', 'Link'] },
      { line: 2, cells: ['Amina', '2014-05-17', '20', 'TRUE', 'Plan'] },
      { line: 3, cells: ['Bold and plain', '', '#N/A', 'FALSE'] },
      { line: 5, cells: ['after a gap'] },
    ]);
  });

  test('pulls rows only as fast as the output takes them', async () => {
    let pulled = 0;
    function* rows() {
      for (let i = 0; i < 100_000; i++) {
        pulled++;
        yield { a: `row ${i} ${'text '.repeat(10)}`, b: i };
      }
    }
    const held: (() => void)[] = [];
    let flowing = false;
    const output = new Writable({
      highWaterMark: 16 * 1024,
      write(_chunk, _encoding, callback) {
        if (flowing) callback();
        else held.push(() => callback());
      },
    });
    const writing = writeXlsx(output, [{ name: 'S', columns: [{ header: 'A', key: 'a' }, { header: 'B', key: 'b' }], rows: rows() }]);
    // Wait until the writer stops pulling (buffers full), however slow this machine is today.
    let whileBlocked = -1;
    for (let i = 0; i < 50 && pulled !== whileBlocked; i++) {
      whileBlocked = pulled;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(pulled, whileBlocked, 'no more rows are pulled while the output is blocked');
    assert.ok(whileBlocked < 20_000, `${whileBlocked} rows were pulled ahead of a blocked output`);
    flowing = true;
    for (const release of held.splice(0)) release();
    await writing;
    assert.equal(pulled, 100_000);
  });

  test('fails, destroying the output, when a row cannot be written or the rows fail', async () => {
    const bad = new PassThrough();
    bad.resume();
    await assert.rejects(writeXlsx(bad, [{ name: 'S', columns: [{ header: 'N', key: 'n' }], rows: [{ n: 1 }, { n: Number.NaN }] }]), /Row 3, column "N" of sheet "S" is NaN/);
    assert.ok(bad.destroyed);

    const failing = new PassThrough();
    failing.resume();
    async function* rows() {
      yield { n: 1 };
      throw new Error('database went away');
    }
    await assert.rejects(writeXlsx(failing, [{ name: 'S', columns: [{ header: 'N', key: 'n' }], rows: rows() }]), /database went away/);
    assert.ok(failing.destroyed);
  });
});

describe('validSheetName', () => {
  test('removes characters Excel refuses and keeps to 31 characters', () => {
    const taken = new Set<string>();
    assert.equal(validSheetName('a/b\\c?d*e:f[g]h', taken), 'a b c d e f g h');
    assert.equal(validSheetName("'quoted'", taken), 'quoted');
    assert.equal(validSheetName('Children and young people survey 2026', taken), 'Children and young people surve');
    assert.equal(validSheetName('   ', taken), 'Sheet');
    assert.equal(validSheetName('History', taken), 'History sheet');
    for (const name of taken) assert.ok(name.length <= 31);
  });

  test('never splits a character made of two UTF-16 units', () => {
    const name = validSheetName(`${'a'.repeat(30)}😀`, new Set());
    assert.equal(name, 'a'.repeat(30));
    assert.ok(name.isWellFormed());
  });

  test('numbers names that repeat, ignoring case, within 31 characters', () => {
    const taken = new Set<string>();
    const long = 'Practitioners survey responses 2026';
    assert.equal(validSheetName('Data', taken), 'Data');
    assert.equal(validSheetName('DATA', taken), 'DATA (2)');
    assert.equal(validSheetName('data', taken), 'data (3)');
    assert.equal(validSheetName(long, taken), 'Practitioners survey responses');
    assert.equal(validSheetName(long, taken), 'Practitioners survey respon (2)');
  });
});
