// The local area partnerships as reference data: the row rules, reading the shipped CSV, and
// what can be worked out from a row (the kind of council, the name reports use).
import { z } from 'zod';

export const REGIONS = [
  'North East',
  'North West',
  'Yorkshire and The Humber',
  'East Midlands',
  'West Midlands',
  'East of England',
  'London',
  'South East',
  'South West',
] as const;
export type Region = (typeof REGIONS)[number];

export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}

export const LOCAL_AREA_COLUMNS = ['la_code', 'gss_code', 'name', 'region', 'icb'] as const;

export const localAreaRecordSchema = z.strictObject({
  la_code: z.string().regex(/^[0-9]{3}$/, 'The LA code must be 3 digits'),
  gss_code: z.string().regex(/^E(0[6-9]|10)[0-9]{6}$/, 'The ONS code must be E06, E07, E08, E09 or E10 followed by 6 digits'),
  name: z.string().trim().min(1, 'The name must not be empty'),
  region: z.enum(REGIONS, { error: `The region must be one of: ${REGIONS.join(', ')}` }),
  icb: z.string().trim().min(1, 'The integrated care board must not be empty'),
});
export type LocalAreaRecord = z.output<typeof localAreaRecordSchema>;

export class CsvFormatError extends Error {
  readonly line: number;

  constructor(message: string, line: number) {
    super(`Line ${line}: ${message}`);
    this.line = line;
  }
}

export type CsvRecord = { line: number; fields: string[] };

/**
 * Splits CSV text (RFC 4180) into records: fields in double quotes may hold commas, line breaks
 * and doubled quotes (""). Each record keeps the line it starts on, for error messages.
 */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let fieldStarted = false;
  let i = 0;

  const endField = () => {
    fields.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };

  while (i < input.length) {
    const char = input[i];
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (char === '"') {
        quoted = false;
        i += 1;
        const next = input[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvFormatError('a closing quote must be followed by a comma or the end of the line', line);
        }
      } else {
        if (char === '\n') line += 1;
        field += char;
        i += 1;
      }
      continue;
    }
    if (char === '"') {
      if (fieldStarted) throw new CsvFormatError('a quote can only start a field, not appear inside an unquoted one', line);
      quoted = true;
      fieldStarted = true;
      i += 1;
    } else if (char === ',') {
      endField();
      i += 1;
    } else if (char === '\r' || char === '\n') {
      endRecord();
      i += char === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
    } else {
      field += char;
      fieldStarted = true;
      i += 1;
    }
  }
  if (quoted) throw new CsvFormatError('a quoted field is not closed', recordLine);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

export type LocalAreaProblem = { line: number; message: string };
export type LocalAreasParseResult = { areas: LocalAreaRecord[]; problems: LocalAreaProblem[] };

/** Reads the local areas CSV: checks the header, each row, and that codes are not repeated. */
export function parseLocalAreasCsv(text: string): LocalAreasParseResult {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvFormatError) return { areas: [], problems: [{ line: error.line, message: error.message }] };
    throw error;
  }
  const [header, ...rows] = records;
  if (!header || header.fields.join(',') !== LOCAL_AREA_COLUMNS.join(',')) {
    return { areas: [], problems: [{ line: 1, message: `The header must be ${LOCAL_AREA_COLUMNS.join(',')}` }] };
  }
  const areas: LocalAreaRecord[] = [];
  const problems: LocalAreaProblem[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (row.fields.length !== LOCAL_AREA_COLUMNS.length) {
      problems.push({ line: row.line, message: `Expected ${LOCAL_AREA_COLUMNS.length} fields but found ${row.fields.length}` });
      continue;
    }
    const candidate = Object.fromEntries(LOCAL_AREA_COLUMNS.map((column, index) => [column, row.fields[index]]));
    const result = localAreaRecordSchema.safeParse(candidate);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push({ line: row.line, message: `${issue.path.join('.')}: ${issue.message}` });
      continue;
    }
    for (const key of ['la_code', 'gss_code'] as const) {
      const earlier = seen.get(`${key}:${result.data[key]}`);
      if (earlier !== undefined) problems.push({ line: row.line, message: `${key} ${result.data[key]} is also on line ${earlier}` });
      seen.set(`${key}:${result.data[key]}`, row.line);
    }
    areas.push(result.data);
  }
  return { areas, problems };
}

/** The kind of council, from the ONS code's entity prefix. */
export function councilType(gssCode: string): string {
  if (gssCode === 'E09000001') return 'City of London Corporation';
  switch (gssCode.slice(0, 3)) {
    case 'E06':
      return 'Unitary authority';
    case 'E08':
      return 'Metropolitan borough';
    case 'E09':
      return 'London borough';
    case 'E10':
      return 'County council';
    default:
      return 'Local authority';
  }
}

// The DfE writes three names in the ONS style; Ofsted's report titles use the short form.
const REPORT_NAMES: Readonly<Record<string, string>> = {
  'Kingston upon Hull, City of': 'Hull',
  'Herefordshire, County of': 'Herefordshire',
  'Bristol, City of': 'Bristol',
};

/** The name an inspection report uses for the area. */
export function reportName(name: string): string {
  return REPORT_NAMES[name] ?? name;
}

/**
 * Local authorities split between ICBs (to 31 March 2026): the CSV records the ICB covering most of
 * the population; these are the other parts, as the shared data README gives them.
 */
export const SPLIT_ICB_AREAS: Readonly<Record<string, string>> = {
  '881': 'NHS Hertfordshire and West Essex (Epping Forest, Harlow, Uttlesford); NHS Suffolk and North East Essex (Colchester, Tendring)',
  '935': 'NHS Norfolk and Waveney (the Waveney part of East Suffolk)',
  '850': 'NHS Frimley (north-east Hampshire, for example Rushmoor and part of Hart)',
  '936': 'NHS Frimley (Surrey Heath and the Farnham area of Waverley)',
  '815': 'NHS West Yorkshire (Craven, through "Bradford District and Craven"), and a third small part whose ICB is not confirmed',
  '943': 'NHS North East and North Cumbria (Eden)',
};

/** What changes a sync would make: rows to add, and rows whose details differ. */
export function areaChanges(
  wanted: readonly LocalAreaRecord[],
  existing: readonly Record<(typeof LOCAL_AREA_COLUMNS)[number], string>[],
): { added: LocalAreaRecord[]; changed: LocalAreaRecord[] } {
  const byCode = new Map(existing.map((row) => [row.la_code, row]));
  const added: LocalAreaRecord[] = [];
  const changed: LocalAreaRecord[] = [];
  for (const area of wanted) {
    const current = byCode.get(area.la_code);
    if (!current) added.push(area);
    else if (LOCAL_AREA_COLUMNS.some((column) => current[column] !== area[column])) changed.push(area);
  }
  return { added, changed };
}
