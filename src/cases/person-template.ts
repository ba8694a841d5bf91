// The person-level data template (after the DfE's SEN2 person-level return) and the checks a
// file must pass: its headings, then every row, by hand-written parsers fast enough for the
// largest areas' files. Pure.
import {
  MAX_AGE,
  PLACEMENT_LABELS,
  PLACEMENT_TYPES,
  PRIMARY_NEED_LABELS,
  PRIMARY_NEEDS,
  SEN_STATUSES,
  SEN_STATUS_LABELS,
  SEX_LABELS,
  SEXES,
  SOCIAL_CARE_LABELS,
  SOCIAL_CARE_STATUSES,
  type PersonRecord,
} from './case.ts';

export const PERSON_COLUMNS = [
  'person_id',
  'birth_month',
  'year_group',
  'sex',
  'primary_need',
  'sen_status',
  'request_date',
  'assessment_decision_date',
  'plan_issued_date',
  'exception_applies',
  'last_annual_review_date',
  'placement_type',
  'setting_name',
  'setting_urn',
  'alternative_provision',
  'educated_out_of_area',
  'social_care_status',
] as const;
export type PersonColumn = (typeof PERSON_COLUMNS)[number];

export type TemplateCode = { code: string; label: string };

export type TemplateColumn = {
  heading: PersonColumn;
  /** The heading must be in the file. */
  required: boolean;
  /** When a row may leave the value blank. */
  blank: string;
  holds: string;
  format: string;
  example: string;
  codes?: readonly TemplateCode[];
};

const DATE_FORMAT = 'A date: YYYY-MM-DD (2024-03-25) or DD/MM/YYYY, read day first (25/03/2024)';

function codesOf<T extends string>(codes: readonly T[], labels: Readonly<Record<T, string>>): TemplateCode[] {
  return codes.map((code) => ({ code, label: labels[code] }));
}

export const YEAR_GROUPS = ['N1', 'N2', 'R', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14'] as const;

/** The template, column by column, in the order of the blank template. */
export const PERSON_TEMPLATE: readonly TemplateColumn[] = [
  {
    heading: 'person_id',
    required: true,
    blank: 'Never',
    holds: 'The child’s or young person’s pseudonymous id: one the area can trace back to them in its own records (it is asked for the documents of the children chosen for the sample), never a name, UPN, ULN or NHS number',
    format: '1 to 40 letters, digits, hyphens (-) or underscores (_); no spaces; each id once in the file',
    example: 'NB7K2M9Q4X',
  },
  {
    heading: 'birth_month',
    required: true,
    blank: 'Never',
    holds: 'Month and year of birth (never the full date of birth)',
    format: 'YYYY-MM; age 0 to 25 at the date the data describe',
    example: '2015-03',
  },
  {
    heading: 'year_group',
    required: false,
    blank: 'Allowed (not in school, or not known)',
    holds: 'National curriculum year group',
    format: 'N1, N2, R, or 1 to 14 (“Year 9” and “09” are read as 9)',
    example: '6',
  },
  {
    heading: 'sex',
    required: true,
    blank: 'Never',
    holds: 'Sex as recorded by the area',
    format: 'A code',
    example: 'M',
    codes: codesOf(SEXES, SEX_LABELS),
  },
  {
    heading: 'primary_need',
    required: true,
    blank: 'Never',
    holds: 'Primary type of need (school census and SEN2 codes)',
    format: 'A code; NSA only with SEN support',
    example: 'ASD',
    codes: codesOf(PRIMARY_NEEDS, PRIMARY_NEED_LABELS),
  },
  {
    heading: 'sen_status',
    required: true,
    blank: 'Never',
    holds: 'EHC plan or SEN support',
    format: 'EHCP or SEN_SUPPORT (the census codes E and K are read as these)',
    example: 'EHCP',
    codes: [
      { code: 'EHCP', label: `${SEN_STATUS_LABELS.EHCP} (census code E)` },
      { code: 'SEN_SUPPORT', label: `${SEN_STATUS_LABELS.SEN_SUPPORT} (census code K)` },
    ],
  },
  {
    heading: 'request_date',
    required: true,
    blank: 'Allowed (no request, or the date is not known)',
    holds: 'Date the request for an EHC needs assessment was received',
    format: DATE_FORMAT,
    example: '2023-01-16',
  },
  {
    heading: 'assessment_decision_date',
    required: true,
    blank: 'Allowed',
    holds: 'Date the area decided whether to carry out an EHC needs assessment',
    format: `${DATE_FORMAT}; not before the request`,
    example: '2023-02-27',
  },
  {
    heading: 'plan_issued_date',
    required: true,
    blank: 'Required for EHC plans; always blank for SEN support',
    holds: 'Date the EHC plan was first issued',
    format: `${DATE_FORMAT}; not before the request or the decision`,
    example: '2023-05-30',
  },
  {
    heading: 'exception_applies',
    required: true,
    blank: 'Allowed: read as N',
    holds: 'Whether one of the exceptions to the 20-week time limit applied (SEND Regulations 2014, regulation 13(3))',
    format: 'Y or N',
    example: 'N',
  },
  {
    heading: 'last_annual_review_date',
    required: true,
    blank: 'Allowed (no review yet); always blank for SEN support',
    holds: 'Date of the latest annual review meeting of the plan',
    format: `${DATE_FORMAT}; not before the plan was issued`,
    example: '2024-05-20',
  },
  {
    heading: 'placement_type',
    required: true,
    blank: 'Never',
    holds: 'Type of setting the child or young person attends',
    format: 'A code',
    example: 'MAINSTREAM',
    codes: codesOf(PLACEMENT_TYPES, PLACEMENT_LABELS),
  },
  {
    heading: 'setting_name',
    required: false,
    blank: 'Allowed',
    holds: 'Name of the school, college or other setting',
    format: 'Text, up to 200 characters',
    example: 'Northbrook Primary School',
  },
  {
    heading: 'setting_urn',
    required: false,
    blank: 'Allowed',
    holds: 'The setting’s unique reference number (URN), or its UKPRN for a college or provider without one',
    format: '6 digits (URN) or 8 digits (UKPRN)',
    example: '105432',
  },
  {
    heading: 'alternative_provision',
    required: true,
    blank: 'Never',
    holds: 'Whether the child or young person attends alternative provision, alongside or instead of their main setting',
    format: 'Y or N',
    example: 'N',
  },
  {
    heading: 'educated_out_of_area',
    required: true,
    blank: 'Never',
    holds: 'Whether the setting is outside the area',
    format: 'Y or N',
    example: 'N',
  },
  {
    heading: 'social_care_status',
    required: true,
    blank: 'Never',
    holds: 'Involvement of children’s social care at the date the data describe',
    format: 'A code',
    example: 'NONE',
    codes: codesOf(SOCIAL_CARE_STATUSES, SOCIAL_CARE_LABELS),
  },
];

// ---- Headings --------------------------------------------------------------------------------

/** A heading compared ignoring case, spaces, underscores and hyphens. */
export function headingKey(heading: string): string {
  return heading.toLowerCase().replace(/[\s_-]+/g, '');
}

const PEOPLE = '(?:child|pupil|student|learner|person|youngperson|yp|cyp|parent|carer|mother|father|guardian)?s?';
/** Headings of columns that would identify a child: names, dates of birth, contact details and national numbers. */
const IDENTIFYING = new RegExp(
  [
    `${PEOPLE}(?:first|last|middle|fore|sur|full|given|family|preferred|legal|known|christian)?names?`,
    `${PEOPLE}(?:dateofbirth|birthdate|dob|dateofbirthddmmyyyy)`,
    '.*address.*',
    '.*post(?:al)?code.*',
    '(?:upn|uniquepupilnumber|formerupn|uln|uniquelearnernumber|nhs|nhsnumber|nhsno|chinumber)',
    '.*e?mail.*',
    '.*(?:tele)?phone.*',
    'mobile.*',
  ]
    .map((p) => `(?:${p})`)
    .join('|')
    .replace(/^/, '^(?:')
    .concat(')$'),
);

/** Whether a column with this heading would hold identifying data. */
export function isIdentifyingHeading(heading: string): boolean {
  return IDENTIFYING.test(heading.toLowerCase().replace(/[^a-z0-9]+/g, ''));
}

/** Where each template column is in the file (-1: not there). */
export type ColumnLayout = Readonly<Record<PersonColumn, number>>;

export type HeadingCheck = { ok: true; layout: ColumnLayout } | { ok: false; message: string };

function quoted(headings: readonly string[]): string {
  const shown = headings.map((h) => `‘${h}’`);
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

const KEYS: ReadonlyMap<string, PersonColumn> = new Map(PERSON_COLUMNS.map((c) => [headingKey(c), c]));

/**
 * Matches a file's headings to the template: in any order, ignoring case, spaces and underscores.
 * A column that would identify a child refuses the file on its own; otherwise unknown, repeated
 * and missing required columns are all named.
 */
export function matchHeadings(headings: readonly string[]): HeadingCheck {
  const identifying = headings.filter(isIdentifyingHeading);
  if (identifying.length) {
    return {
      ok: false,
      message: `Only pseudonymous data may be sent: remove the ${identifying.length === 1 ? 'column' : 'columns'} ${quoted(identifying)}. Children and young people are identified only by their person_id; names, dates of birth, addresses, contact details and UPN, ULN or NHS numbers must not be sent.`,
    };
  }
  const layout: Record<string, number> = Object.fromEntries(PERSON_COLUMNS.map((c) => [c, -1]));
  const unknown: string[] = [];
  const repeated: string[] = [];
  headings.forEach((heading, index) => {
    const column = KEYS.get(headingKey(heading));
    if (!column) unknown.push(heading);
    else if (layout[column] !== -1) repeated.push(heading);
    else layout[column] = index;
  });
  const missing = PERSON_TEMPLATE.filter((c) => c.required && layout[c.heading] === -1).map((c) => c.heading);
  const sentences: string[] = [];
  if (unknown.length) sentences.push(`The file has ${unknown.length === 1 ? 'a column' : 'columns'} the template does not have: ${quoted(unknown)}. Remove ${unknown.length === 1 ? 'it' : 'them'}, or use the template’s headings.`);
  if (repeated.length) sentences.push(`The file has more than one column headed ${quoted([...new Set(repeated)])}. Keep one.`);
  if (missing.length) sentences.push(`The file is missing the required ${missing.length === 1 ? 'column' : 'columns'} ${quoted(missing)}. Add ${missing.length === 1 ? 'it' : 'them'}, with the template’s heading.`);
  if (sentences.length) return { ok: false, message: sentences.join(' ') };
  return { ok: true, layout: layout as ColumnLayout };
}

// ---- Rows ------------------------------------------------------------------------------------

export type RowProblem = { line: number; column: PersonColumn | null; message: string };

export type RowContext = {
  layout: ColumnLayout;
  /** 'YYYY-MM-DD': the date the data describe. */
  dataDate: string;
  /** The file is a workbook: Excel turns a typed month into the 1st of that month. */
  fromWorkbook: boolean;
  /** person_id → the row it was first on. */
  seen: Map<string, number>;
  /** The row being checked: set before each call. */
  line: number;
  dataYear: number;
  dataMonth: number;
};

export function rowContext(layout: ColumnLayout, dataDate: string, fromWorkbook = false): RowContext {
  return { layout, dataDate, fromWorkbook, seen: new Map(), line: 0, dataYear: Number(dataDate.slice(0, 4)), dataMonth: Number(dataDate.slice(5, 7)) };
}

export type RowCheck = { ok: true; record: PersonRecord } | { ok: false; problems: RowProblem[] };

function upperMap<T extends string>(codes: readonly T[], synonyms: Record<string, T> = {}): Map<string, T> {
  const map = new Map<string, T>();
  for (const code of codes) map.set(code, code);
  for (const [synonym, code] of Object.entries(synonyms)) map.set(synonym, code);
  return map;
}

const SEX_CODES = upperMap(SEXES);
const NEED_CODES = upperMap(PRIMARY_NEEDS);
const STATUS_CODES = upperMap(SEN_STATUSES, { E: 'EHCP', K: 'SEN_SUPPORT' });
const PLACEMENT_CODES = upperMap(PLACEMENT_TYPES);
const CARE_CODES = upperMap(SOCIAL_CARE_STATUSES);
const YEAR_GROUP_CODES = upperMap(YEAR_GROUPS);
const YES_NO = new Map([
  ['Y', true],
  ['N', false],
]);

function lookup<T>(map: ReadonlyMap<string, T>, value: string): T | undefined {
  const found = map.get(value);
  return found !== undefined || value === '' ? found : map.get(value.toUpperCase());
}

/** A value without spaces around it (the common case costs one look at each end). */
function clean(value: string | undefined): string {
  if (value === undefined || value === '') return '';
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  return first <= 32 || last <= 32 || first === 160 || last === 160 ? value.trim() : value;
}

/** A column and its value for a message: the value only when it is a short code-like token; anything else might be personal. */
function named(column: PersonColumn, value: string): string {
  return value.length <= 24 && /^[A-Za-z0-9_./:-]+$/.test(value) ? `${column} ‘${value}’` : column;
}

function listCodes(codes: readonly string[]): string {
  return `${codes.slice(0, -1).join(', ')} or ${codes[codes.length - 1]}`;
}

const ID_CHAR = /^[A-Za-z0-9_-]+$/;
const NAME_LIKE = /^[\p{L}'’.-]+(?:\s+[\p{L}'’.-]+)+$/u;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function realDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** The number in text[from, to) if every character there is a digit, else -1. */
function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

function dayFirst(isoDate: string): string {
  return `${isoDate.slice(8, 10)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`;
}

type DateFault =
  | { fault: 'format' }
  | { fault: 'two-digit-year' }
  | { fault: 'month-first'; dayFirstReading: string }
  | { fault: 'excel-serial'; probably: string }
  | { fault: 'impossible' };

const FORMAT: DateFault = { fault: 'format' };
const TWO_DIGIT_YEAR: DateFault = { fault: 'two-digit-year' };
const IMPOSSIBLE: DateFault = { fault: 'impossible' };
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const SERIAL = /^\d{4,6}(?:\.\d+)?$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d+)$/;
const TIME_OF_DAY = /^[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?$/;

/**
 * A date as 'YYYY-MM-DD': written YYYY-MM-DD (a time of day after it is ignored, as spreadsheets
 * add one) or DD/MM/YYYY, read day first. Otherwise the reason it is not one.
 */
export function readDate(text: string): string | DateFault {
  if (text.length >= 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 7);
    const day = digitsAt(text, 8, 10);
    if (year < 0 || month < 0 || day < 0 || (text.length > 10 && !TIME_OF_DAY.test(text.slice(10)))) return FORMAT;
    return realDay(year, month, day) ? (text.length === 10 ? text : text.slice(0, 10)) : IMPOSSIBLE;
  }
  const slashed = SLASHED.exec(text);
  if (slashed) {
    const first = Number(slashed[1]);
    const second = Number(slashed[2]);
    if (slashed[3]!.length === 2) return TWO_DIGIT_YEAR;
    if (slashed[3]!.length !== 4) return FORMAT;
    const year = Number(slashed[3]);
    if (realDay(year, second, first)) return iso(year, second, first);
    if (second > 12 && realDay(year, first, second)) return { fault: 'month-first', dayFirstReading: `${pad2(second)}/${pad2(first)}/${year}` };
    return IMPOSSIBLE;
  }
  if (SERIAL.test(text)) {
    const days = Math.floor(Number(text));
    const date = new Date(EXCEL_EPOCH + days * 86_400_000);
    if (days >= 1 && date.getUTCFullYear() < 2200) return { fault: 'excel-serial', probably: dayFirst(date.toISOString().slice(0, 10)) };
  }
  return FORMAT;
}

function dateMessage(column: PersonColumn, text: string, fault: DateFault): string {
  switch (fault.fault) {
    case 'two-digit-year':
      return `${named(column, text)} has a two-digit year: write the year in full, as DD/MM/YYYY (for example 25/03/2024) or YYYY-MM-DD`;
    case 'month-first':
      return `${named(column, text)} is not a date when read day first, as dates in DD/MM/YYYY are: there is no month ${Number(text.split('/')[1])}. It looks as if the month was written first; write it day first (${fault.dayFirstReading}), or as YYYY-MM-DD`;
    case 'excel-serial':
      return `${named(column, text)} looks like an Excel date serial number (probably ${fault.probably}): the column lost its date format. In Excel, select the column, choose Format Cells, then Date, save the file again and check the dates`;
    case 'impossible':
      return `${named(column, text)} is not a real date: check the day and the month (dates are read day first, DD/MM/YYYY, or written YYYY-MM-DD)`;
    default:
      return `${column} must be a date written YYYY-MM-DD or DD/MM/YYYY, day first (for example 2024-03-25 or 25/03/2024)`;
  }
}

const EXCEL_MONTH = /^[A-Za-z]{3}-\d{2}$/;

/** Month and year of birth as 'YYYY-MM'; a full date is refused without repeating it. */
function readBirthMonth(text: string, fromWorkbook: boolean): string | { message: string } {
  if (text.length === 7 && text.charCodeAt(4) === 45 && digitsAt(text, 0, 4) >= 0) {
    const month = digitsAt(text, 5, 7);
    if (month >= 1 && month <= 12) return text;
    if (month >= 0) return { message: `${named('birth_month', text)} is not a real month: write the year and month of birth as YYYY-MM, for example 2015-03` };
  }
  const asDate = readDate(text);
  if (typeof asDate === 'string') {
    // Excel stores a typed "2015-03" as 1 March 2015, so a workbook's 1st of the month is a month.
    if (fromWorkbook && asDate.endsWith('-01')) return asDate.slice(0, 7);
    return { message: 'birth_month holds a full date of birth: only the month and year of birth may be sent, as YYYY-MM (for example 2015-03). Remove the day from every row' };
  }
  if (asDate.fault !== 'format') {
    return { message: 'birth_month looks like a full date of birth: only the month and year of birth may be sent, as YYYY-MM (for example 2015-03). Remove the day from every row' };
  }
  if (EXCEL_MONTH.test(text)) {
    return { message: 'birth_month must be written YYYY-MM (for example 2015-03). A spreadsheet may have turned the months into dates such as Mar-15: format the column as Text, type the months again and save' };
  }
  return { message: 'birth_month must be the year and month of birth, written YYYY-MM (for example 2015-03)' };
}

/** Whole years from a birth month to the data date, as ageAt (case.ts) counts them, without splitting strings for every row. */
function ageOn(birthMonth: string, dataYear: number, dataMonth: number): number {
  const year = digitsAt(birthMonth, 0, 4);
  const month = digitsAt(birthMonth, 5, 7);
  return dataYear - year - (dataMonth < month ? 1 : 0);
}

const URN = /^(?:\d{6}|\d{8})$/;
const MAX_ID = 40;
const MAX_SETTING_NAME = 200;

/** Text written to the database must not hold characters it cannot store. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** Adds a problem to a row's list, making the list on the first. */
function add(problems: RowProblem[] | undefined, line: number, column: PersonColumn | null, message: string): RowProblem[] {
  const list = problems ?? [];
  list.push({ line, column, message });
  return list;
}

function valueAt(cells: readonly string[], at: number): string {
  return at < 0 ? '' : clean(cells[at]);
}

const SEX_LIST = listCodes(SEXES);
const STATUS_LIST = listCodes(['EHCP', 'SEN_SUPPORT', 'E', 'K']);
const NEED_LIST = listCodes(PRIMARY_NEEDS);
const PLACEMENT_LIST = listCodes(PLACEMENT_TYPES);
const CARE_LIST = listCodes(SOCIAL_CARE_STATUSES);

function codeProblem(column: PersonColumn, text: string, allowed: string): string {
  return text === '' ? `${column} is blank: use one of ${allowed}` : `${named(column, text)} is not one of the codes: use ${allowed}`;
}

function yesNoProblem(column: PersonColumn, text: string): string {
  return text === '' ? `${column} is blank: use Y or N` : `${named(column, text)} must be Y or N`;
}

/** A date cell: the date, or null when blank or refused (the refusal added to the row's problems by the caller). */
function dateProblem(column: PersonColumn, text: string, read: string | DateFault, dataDate: string, birthMonth: string | null): string | undefined {
  if (typeof read !== 'string') return dateMessage(column, text, read);
  if (read > dataDate) return `${column} (${read}) is after the date the data describe (${dataDate})`;
  if (birthMonth !== null && read.slice(0, 7) < birthMonth) return `${column} (${read}) is before the month of birth (${birthMonth})`;
  return undefined;
}

/**
 * Checks one row against the template: every problem of the row, each with its row and column,
 * or the person it describes. Checks the person_id has not been seen before, and remembers it.
 * Written as straight-line code with no per-row closures or regular-expression captures: it runs
 * for every row of files of hundreds of thousands of rows.
 */
export function checkRow(cells: readonly string[], context: RowContext): RowCheck {
  const { layout, line, dataDate } = context;
  let problems: RowProblem[] | undefined;

  // person_id
  const personId = valueAt(cells, layout.person_id);
  if (personId === '') problems = add(problems, line, 'person_id', 'person_id is blank: every row needs the child’s or young person’s pseudonymous id');
  else if (!ID_CHAR.test(personId)) {
    problems = add(
      problems,
      line,
      'person_id',
      NAME_LIKE.test(personId)
        ? 'person_id looks like a name (words separated by spaces): send only pseudonymous ids, never names. An id may hold only letters, digits, - and _'
        : 'person_id may hold only letters, digits, - and _ (no spaces or other characters)',
    );
  } else if (personId.length > MAX_ID) problems = add(problems, line, 'person_id', `person_id is longer than ${MAX_ID} characters`);
  else {
    const first = context.seen.get(personId);
    if (first !== undefined) problems = add(problems, line, 'person_id', `person_id is the same as on row ${first}: each child or young person must be on one row only`);
    else context.seen.set(personId, line);
  }

  // birth_month and age
  const birthText = valueAt(cells, layout.birth_month);
  let birthMonth: string | null = null;
  let age = 0;
  if (birthText === '') problems = add(problems, line, 'birth_month', 'birth_month is blank: give the year and month of birth, written YYYY-MM (for example 2015-03)');
  else {
    const read = readBirthMonth(birthText, context.fromWorkbook);
    if (typeof read !== 'string') problems = add(problems, line, 'birth_month', read.message);
    else {
      age = ageOn(read, context.dataYear, context.dataMonth);
      if (age < 0) problems = add(problems, line, 'birth_month', `birth_month (${read}) is after the date the data describe (${dataDate})`);
      else if (age > MAX_AGE) problems = add(problems, line, 'birth_month', `birth_month (${read}) makes the person ${age} at the date the data describe (${dataDate}): the data cover ages 0 to ${MAX_AGE}`);
      else birthMonth = read;
    }
  }

  // year_group
  const yearText = valueAt(cells, layout.year_group);
  let yearGroup: string | null = null;
  if (yearText !== '') {
    yearGroup = lookup(YEAR_GROUP_CODES, yearText) ?? lookup(YEAR_GROUP_CODES, yearText.replace(/^(?:year|yr|y)\s*|^0(?=\d)/i, '')) ?? null;
    if (yearGroup === null) problems = add(problems, line, 'year_group', `${named('year_group', yearText)} is not a year group: use N1, N2, R or 1 to 14, or leave it blank`);
  }

  // codes
  const sexText = valueAt(cells, layout.sex);
  const sex = lookup(SEX_CODES, sexText);
  if (sex === undefined) problems = add(problems, line, 'sex', codeProblem('sex', sexText, SEX_LIST));
  const statusText = valueAt(cells, layout.sen_status);
  const senStatus = lookup(STATUS_CODES, statusText);
  if (senStatus === undefined) problems = add(problems, line, 'sen_status', codeProblem('sen_status', statusText, STATUS_LIST));
  const needText = valueAt(cells, layout.primary_need);
  const primaryNeed = lookup(NEED_CODES, needText);
  if (primaryNeed === undefined) problems = add(problems, line, 'primary_need', codeProblem('primary_need', needText, NEED_LIST));
  else if (primaryNeed === 'NSA' && senStatus === 'EHCP') {
    problems = add(problems, line, 'primary_need', 'primary_need NSA (SEN support but no specialist assessment of need) is only for SEN support, but sen_status is EHCP: give the plan’s primary need');
  }
  const placementText = valueAt(cells, layout.placement_type);
  const placementType = lookup(PLACEMENT_CODES, placementText);
  if (placementType === undefined) problems = add(problems, line, 'placement_type', codeProblem('placement_type', placementText, PLACEMENT_LIST));
  const careText = valueAt(cells, layout.social_care_status);
  const socialCareStatus = lookup(CARE_CODES, careText);
  if (socialCareStatus === undefined) problems = add(problems, line, 'social_care_status', codeProblem('social_care_status', careText, CARE_LIST));

  // Y/N; a blank exception_applies is N
  const exceptionText = valueAt(cells, layout.exception_applies);
  const exceptionApplies = exceptionText === '' ? false : lookup(YES_NO, exceptionText);
  if (exceptionApplies === undefined) problems = add(problems, line, 'exception_applies', yesNoProblem('exception_applies', exceptionText));
  const apText = valueAt(cells, layout.alternative_provision);
  const alternativeProvision = lookup(YES_NO, apText);
  if (alternativeProvision === undefined) problems = add(problems, line, 'alternative_provision', yesNoProblem('alternative_provision', apText));
  const outText = valueAt(cells, layout.educated_out_of_area);
  const outOfArea = lookup(YES_NO, outText);
  if (outOfArea === undefined) problems = add(problems, line, 'educated_out_of_area', yesNoProblem('educated_out_of_area', outText));

  // setting
  const settingName = valueAt(cells, layout.setting_name);
  if (settingName.length > MAX_SETTING_NAME) problems = add(problems, line, 'setting_name', `setting_name is longer than ${MAX_SETTING_NAME} characters`);
  else if (CONTROL.test(settingName)) problems = add(problems, line, 'setting_name', 'setting_name holds control characters that are not text: type it again');
  const settingUrn = valueAt(cells, layout.setting_urn);
  if (settingUrn !== '' && !URN.test(settingUrn)) problems = add(problems, line, 'setting_urn', `${named('setting_urn', settingUrn)} must be the setting’s 6-digit URN or 8-digit UKPRN, or left blank`);

  // dates, each on its own, then in order
  const requestText = valueAt(cells, layout.request_date);
  let requestDate: string | null = null;
  if (requestText !== '') {
    const read = readDate(requestText);
    const refused = dateProblem('request_date', requestText, read, dataDate, birthMonth);
    if (refused) problems = add(problems, line, 'request_date', refused);
    else requestDate = read as string;
  }
  const decisionText = valueAt(cells, layout.assessment_decision_date);
  let decisionDate: string | null = null;
  if (decisionText !== '') {
    const read = readDate(decisionText);
    const refused = dateProblem('assessment_decision_date', decisionText, read, dataDate, birthMonth);
    if (refused) problems = add(problems, line, 'assessment_decision_date', refused);
    else decisionDate = read as string;
  }
  const issuedText = valueAt(cells, layout.plan_issued_date);
  let issuedDate: string | null = null;
  if (issuedText !== '') {
    const read = readDate(issuedText);
    const refused = dateProblem('plan_issued_date', issuedText, read, dataDate, birthMonth);
    if (refused) problems = add(problems, line, 'plan_issued_date', refused);
    else issuedDate = read as string;
  }
  const reviewText = valueAt(cells, layout.last_annual_review_date);
  let reviewDate: string | null = null;
  if (reviewText !== '') {
    const read = readDate(reviewText);
    const refused = dateProblem('last_annual_review_date', reviewText, read, dataDate, birthMonth);
    if (refused) problems = add(problems, line, 'last_annual_review_date', refused);
    else reviewDate = read as string;
  }
  if (requestDate !== null && decisionDate !== null && decisionDate < requestDate) {
    problems = add(problems, line, 'assessment_decision_date', `assessment_decision_date (${decisionDate}) is before request_date (${requestDate}): the decision whether to assess comes after the request`);
  }
  if (requestDate !== null && issuedDate !== null && issuedDate < requestDate) {
    problems = add(problems, line, 'plan_issued_date', `plan_issued_date (${issuedDate}) is before request_date (${requestDate}): a plan is issued after the request for an assessment`);
  } else if (decisionDate !== null && issuedDate !== null && issuedDate < decisionDate) {
    problems = add(problems, line, 'plan_issued_date', `plan_issued_date (${issuedDate}) is before assessment_decision_date (${decisionDate}): a plan is issued after the decision to assess`);
  }
  if (issuedDate !== null && reviewDate !== null && reviewDate < issuedDate) {
    problems = add(problems, line, 'last_annual_review_date', `last_annual_review_date (${reviewDate}) is before plan_issued_date (${issuedDate}): a plan is reviewed after it is issued`);
  }
  if (senStatus === 'EHCP' && issuedText === '') problems = add(problems, line, 'plan_issued_date', 'plan_issued_date is blank: every EHC plan (sen_status EHCP) needs the date it was issued');
  if (senStatus === 'SEN_SUPPORT') {
    if (issuedText !== '') problems = add(problems, line, 'plan_issued_date', 'plan_issued_date must be blank for SEN support: only EHC plans are issued. If the child has a plan, set sen_status to EHCP');
    if (reviewText !== '') problems = add(problems, line, 'last_annual_review_date', 'last_annual_review_date must be blank for SEN support: only EHC plans have annual reviews. If the child has a plan, set sen_status to EHCP');
  }

  if (problems !== undefined) return { ok: false, problems };
  return {
    ok: true,
    record: {
      personId,
      birthMonth: birthMonth!,
      age,
      yearGroup,
      sex: sex!,
      primaryNeed: primaryNeed!,
      senStatus: senStatus!,
      requestDate,
      assessmentDecisionDate: decisionDate,
      planIssuedDate: issuedDate,
      exceptionApplies: exceptionApplies!,
      lastReviewDate: reviewDate,
      placementType: placementType!,
      settingName: settingName === '' ? null : settingName,
      settingUrn: settingUrn === '' ? null : settingUrn,
      alternativeProvision: alternativeProvision!,
      outOfArea: outOfArea!,
      socialCareStatus: socialCareStatus!,
    },
  };
}

/** The template's columns as a file's heading row, and its example row. */
export function templateHeadings(): string[] {
  return PERSON_TEMPLATE.map((c) => c.heading);
}

export function templateExample(): Record<PersonColumn, string> {
  return Object.fromEntries(PERSON_TEMPLATE.map((c) => [c.heading, c.example])) as Record<PersonColumn, string>;
}

/** A person as a row of the template, the way checkRow reads it back (for test files, benchmarks and the demo). */
export function templateRow(person: PersonRecord): Record<PersonColumn, string> {
  const yesNo = (value: boolean) => (value ? 'Y' : 'N');
  return {
    person_id: person.personId,
    birth_month: person.birthMonth,
    year_group: person.yearGroup ?? '',
    sex: person.sex,
    primary_need: person.primaryNeed,
    sen_status: person.senStatus,
    request_date: person.requestDate ?? '',
    assessment_decision_date: person.assessmentDecisionDate ?? '',
    plan_issued_date: person.planIssuedDate ?? '',
    exception_applies: yesNo(person.exceptionApplies),
    last_annual_review_date: person.lastReviewDate ?? '',
    placement_type: person.placementType,
    setting_name: person.settingName ?? '',
    setting_urn: person.settingUrn ?? '',
    alternative_provision: yesNo(person.alternativeProvision),
    educated_out_of_area: yesNo(person.outOfArea),
    social_care_status: person.socialCareStatus,
  };
}
