import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { neutraliseFormula, writeCsv, type CsvColumn, type CsvRecord } from './csv.ts';

async function csvText(columns: CsvColumn[], rows: Iterable<CsvRecord> | AsyncIterable<CsvRecord>): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeCsv(stream, columns, rows);
  return Buffer.concat(chunks);
}

const COLUMNS = [
  { header: 'Reference', key: 'ref' },
  { header: 'Comment', key: 'comment' },
  { header: 'Score', key: 'score' },
];

describe('writeCsv', () => {
  test('writes UTF-8 with a byte-order mark, CRLF line ends and quoted fields where needed', async () => {
    const bytes = await csvText(COLUMNS, [
      { ref: 'A1', comment: 'Plain', score: 4 },
      { ref: 'A2', comment: 'Has, a comma and "quotes"', score: null },
      { ref: 'A3', comment: 'Two\nlines', score: -2.5 },
      { ref: 'A4' },
    ]);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(
      bytes.subarray(3).toString('utf8'),
      'Reference,Comment,Score\r\nA1,Plain,4\r\nA2,"Has, a comma and ""quotes""",\r\nA3,"Two\nlines",-2.5\r\nA4,,\r\n',
    );
  });

  test('puts an apostrophe before text that a spreadsheet would run as a formula', async () => {
    const bytes = await csvText(
      [{ header: 'V', key: 'v' }],
      ['=1+1', '+SUM(A1)', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1)', '\t=1', '\r=1', 'safe = text', 'e-mail'].map((v) => ({ v })),
    );
    const lines = parse(bytes, { bom: true, columns: true }) as { V: string }[];
    assert.deepEqual(
      lines.map((l) => l.V),
      ["'=1+1", "'+SUM(A1)", "'-2+3+cmd|' /C calc'!A0", "'@SUM(1)", "'\t=1", "'\r=1", 'safe = text', 'e-mail'],
    );
    const heading = await csvText([{ header: '=HYPERLINK("x")', key: 'v' }], []);
    assert.equal(heading.subarray(3).toString('utf8'), '"\'=HYPERLINK(""x"")"\r\n');
  });

  test('leaves numbers alone, negative ones included', async () => {
    const bytes = await csvText([{ header: 'N', key: 'n' }], [{ n: -5 }, { n: 0 }, { n: 1234.5 }]);
    assert.equal(bytes.subarray(3).toString('utf8'), 'N\r\n-5\r\n0\r\n1234.5\r\n');
  });

  test('round-trips Urdu and Arabic text from an async source', async () => {
    const texts = ['کیا آپ کو لگتا ہے کہ آپ کے بچے کی بات سنی جاتی ہے؟', 'هل تشعر أن طفلك يحصل على الدعم المناسب؟', 'Zoë, “quoted”'];
    async function* rows() {
      for (let i = 0; i < 3000; i++) yield { ref: `R${i}`, comment: texts[i % 3], score: i };
    }
    const records = parse(await csvText(COLUMNS, rows()), { bom: true, columns: true }) as Record<string, string>[];
    assert.equal(records.length, 3000);
    records.forEach((r, i) => assert.deepEqual(r, { Reference: `R${i}`, Comment: texts[i % 3], Score: String(i) }));
  });

  test('pulls rows only as fast as the stream takes them', async () => {
    let pulled = 0;
    function* rows() {
      for (let i = 0; i < 50_000; i++) {
        pulled++;
        yield { ref: `R${i}`, comment: 'some text '.repeat(5), score: i };
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
    const writing = writeCsv(output, COLUMNS, rows());
    // Wait until the writer stops pulling (buffers full), however slow this machine is today.
    let whileBlocked = -1;
    for (let i = 0; i < 50 && pulled !== whileBlocked; i++) {
      whileBlocked = pulled;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(pulled, whileBlocked, 'no more rows are pulled while the stream is blocked');
    assert.ok(whileBlocked < 2_000, `${whileBlocked} rows were pulled ahead of a blocked stream`);
    flowing = true;
    for (const release of held.splice(0)) release();
    await writing;
    assert.equal(pulled, 50_000);
  });

  test('fails, destroying the stream, when the rows fail or hold a number CSV cannot', async () => {
    const failing = new PassThrough();
    failing.resume();
    async function* rows() {
      yield { ref: 'R1' };
      throw new Error('database went away');
    }
    await assert.rejects(writeCsv(failing, COLUMNS, rows()), /database went away/);
    assert.ok(failing.destroyed);

    const bad = new PassThrough();
    bad.resume();
    await assert.rejects(writeCsv(bad, COLUMNS, [{ score: Number.POSITIVE_INFINITY }]), /Infinity cannot be written/);
    assert.ok(bad.destroyed);
  });
});

describe('neutraliseFormula', () => {
  test('changes only text that starts like a formula', () => {
    assert.equal(neutraliseFormula('=A1'), "'=A1");
    assert.equal(neutraliseFormula('-'), "'-");
    assert.equal(neutraliseFormula(''), '');
    assert.equal(neutraliseFormula('a=b'), 'a=b');
    assert.equal(neutraliseFormula("'=already"), "'=already");
  });
});
