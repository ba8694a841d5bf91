import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { areaChanges, councilType, CsvFormatError, parseCsv, parseLocalAreasCsv, reportName, REGIONS, SPLIT_ICB_AREAS } from './area.ts';
import { readLocalAreasFile } from './local-areas-file.ts';

const HEADER = 'la_code,gss_code,name,region,icb';

describe('CSV parsing', () => {
  test('quoted fields keep their commas, and doubled quotes become one', () => {
    const records = parseCsv('a,b,c\n801,"Bristol, City of","He said ""hello"""\n');
    assert.deepEqual(records, [
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['801', 'Bristol, City of', 'He said "hello"'] },
    ]);
  });

  test('Windows line endings, a byte order mark, a missing final newline and blank lines', () => {
    const records = parseCsv('\uFEFFa,b\r\n1,2\r\n\r\n3,"x, y"');
    assert.deepEqual(records.map((r) => r.fields), [['a', 'b'], ['1', '2'], ['3', 'x, y']]);
    assert.deepEqual(records.map((r) => r.line), [1, 2, 4]);
  });

  test('a quoted field may span lines; the record keeps the line it starts on', () => {
    const records = parseCsv('a,b\n"one\ntwo",3\n4,5\n');
    assert.deepEqual(records, [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['one\ntwo', '3'] },
      { line: 4, fields: ['4', '5'] },
    ]);
  });

  test('empty fields are kept', () => {
    assert.deepEqual(parseCsv('a,,c,\n')[0].fields, ['a', '', 'c', '']);
    assert.deepEqual(parseCsv('"",x\n')[0].fields, ['', 'x']);
  });

  test('badly quoted text is refused with its line', () => {
    assert.throws(() => parseCsv('a,b\n1,"open\n'), (e: unknown) => e instanceof CsvFormatError && e.line === 2);
    assert.throws(() => parseCsv('a,b\n1,"x"y\n'), (e: unknown) => e instanceof CsvFormatError && /closing quote/.test(e.message));
    assert.throws(() => parseCsv('a,b\n1,x"y"\n'), CsvFormatError);
  });
});

describe('the shipped local areas file', () => {
  const areas = readLocalAreasFile();

  test('holds the 153 local authorities, each code once', () => {
    assert.equal(areas.length, 153);
    assert.equal(new Set(areas.map((a) => a.la_code)).size, 153);
    assert.equal(new Set(areas.map((a) => a.gss_code)).size, 153);
  });

  test('regions and council types match the counts in its README', () => {
    const byRegion = Object.fromEntries(REGIONS.map((r) => [r, areas.filter((a) => a.region === r).length]));
    assert.deepEqual(byRegion, {
      London: 33,
      'North West': 24,
      'South East': 19,
      'Yorkshire and The Humber': 15,
      'South West': 15,
      'West Midlands': 14,
      'North East': 12,
      'East of England': 11,
      'East Midlands': 10,
    });
    const byPrefix = (prefix: string) => areas.filter((a) => a.gss_code.startsWith(prefix)).length;
    assert.deepEqual([byPrefix('E10'), byPrefix('E06'), byPrefix('E08'), byPrefix('E09')], [21, 63, 36, 33]);
  });

  test('names with commas are read whole, as are ICB names with commas', () => {
    const bristol = areas.find((a) => a.la_code === '801');
    assert.equal(bristol?.name, 'Bristol, City of');
    assert.equal(bristol?.icb, 'NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board');
    assert.equal(areas.find((a) => a.la_code === '810')?.name, 'Kingston upon Hull, City of');
    assert.equal(areas.find((a) => a.la_code === '352')?.name, 'Manchester');
  });

  test('every area has an ICB, and the split areas are all real areas', () => {
    assert.ok(areas.every((a) => a.icb.startsWith('NHS ') && a.icb.endsWith('Integrated Care Board')));
    for (const code of Object.keys(SPLIT_ICB_AREAS)) assert.ok(areas.some((a) => a.la_code === code), code);
  });
});

describe('validating local area rows', () => {
  test('a good file gives areas and no problems', () => {
    const result = parseLocalAreasCsv(`${HEADER}\n352,E08000003,Manchester,North West,NHS Greater Manchester Integrated Care Board\n`);
    assert.deepEqual(result.problems, []);
    assert.equal(result.areas[0].name, 'Manchester');
  });

  test('each bad row is reported with its line and what is wrong', () => {
    const text = [
      HEADER,
      '35,E08000003,Manchester,North West,NHS Greater Manchester Integrated Care Board',
      '352,E07000003,Manchester,North West,NHS X Integrated Care Board',
      '353,W06000001,Cardiff,Wales,NHS X',
      '354,E08000004,Oldham,North West,',
      '355,E08000005,Rochdale,North West',
      '356,E07000003,Stockport,North West,NHS Greater Manchester Integrated Care Board',
    ].join('\n');
    const { areas, problems } = parseLocalAreasCsv(text);
    const lines = (n: number) => problems.filter((p) => p.line === n).map((p) => p.message);
    assert.match(lines(2).join(), /LA code must be 3 digits/);
    assert.deepEqual(lines(3), [], 'E07 is an allowed prefix');
    assert.match(lines(4).join(), /ONS code/);
    assert.match(lines(4).join(), /region must be one of/);
    assert.match(lines(5).join(), /integrated care board must not be empty/);
    assert.match(lines(6).join(), /Expected 5 fields but found 4/);
    assert.match(lines(7).join(), /gss_code E07000003 is also on line 3/);
    assert.deepEqual(areas.map((a) => a.la_code), ['352', '356']);
  });

  test('a wrong header is refused', () => {
    const { problems } = parseLocalAreasCsv('code,name\n352,Manchester\n');
    assert.deepEqual(problems, [{ line: 1, message: `The header must be ${HEADER}` }]);
  });
});

describe('what an area row tells us', () => {
  test('the kind of council comes from the ONS code', () => {
    assert.equal(councilType('E10000002'), 'County council');
    assert.equal(councilType('E06000023'), 'Unitary authority');
    assert.equal(councilType('E08000003'), 'Metropolitan borough');
    assert.equal(councilType('E09000002'), 'London borough');
    assert.equal(councilType('E09000001'), 'City of London Corporation');
  });

  test('reports use the short names Ofsted uses', () => {
    assert.equal(reportName('Kingston upon Hull, City of'), 'Hull');
    assert.equal(reportName('Bristol, City of'), 'Bristol');
    assert.equal(reportName('Herefordshire, County of'), 'Herefordshire');
    assert.equal(reportName('St. Helens'), 'St. Helens');
  });

  test('changes are new rows and rows whose details differ', () => {
    const manchester = { la_code: '352', gss_code: 'E08000003', name: 'Manchester', region: 'North West' as const, icb: 'NHS Greater Manchester Integrated Care Board' };
    const oldham = { ...manchester, la_code: '353', gss_code: 'E08000004', name: 'Oldham' };
    assert.deepEqual(areaChanges([manchester, oldham], [manchester]), { added: [oldham], changed: [] });
    assert.deepEqual(areaChanges([{ ...manchester, icb: 'NHS Other' }], [manchester]), { added: [], changed: [{ ...manchester, icb: 'NHS Other' }] });
    const storedRow = { ...manchester, is_fictional: false };
    assert.deepEqual(areaChanges([manchester], [storedRow]), { added: [], changed: [] }, 'columns not in the file are ignored');
  });
});
