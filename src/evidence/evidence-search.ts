// The notes list's search and filters: reading them from a query string with plain-English errors,
// describing the active ones, a note's source in words, and turning a highlighted snippet into safe HTML. Pure.
import { AUDIENCE_LABELS, type SurveyAudience } from '../surveys/survey.ts';
import {
  ACTIVITY_KIND_LABELS,
  NOTE_SOURCE_LABELS,
  POLARITY_LABELS,
  THEMES,
  isNoteSourceKind,
  isPolarity,
  isThemeCode,
  type ActivityKind,
  type NoteSourceKind,
  type Polarity,
  type ThemeCode,
} from './evidence.ts';

export const NOTES_PER_PAGE = 25;
export const SEARCH_TEXT_MAX_LENGTH = 200;
/** Far beyond any inspection's notes; a bigger number is a mistyped address. */
export const PAGE_MAX = 10_000;

export type NoteFilter = {
  /** Words to search for, as typed (quotes for a phrase, "or", a minus to leave a word out); '' for none. */
  q: string;
  criterion?: string;
  theme?: ThemeCode;
  polarity?: Polarity;
  source?: NoteSourceKind;
  /** The user id of the note's author. */
  author?: string;
  page: number;
};

export const FILTER_FIELDS = ['q', 'criterion', 'theme', 'polarity', 'source', 'author', 'page'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
export type FilterIssue = { field: FilterField; message: string };

/** What the filters may name: the criteria of the inspection's framework and the people who wrote its notes. */
export type FilterChoices = {
  criteria: readonly { code: string; heading: string }[];
  authors: readonly { id: string; name: string }[];
};

export type FilterParse =
  | { ok: true; filter: NoteFilter }
  | { ok: false; issues: FilterIssue[]; values: Record<FilterField, string> };

const THEME_NAMES: ReadonlyMap<string, string> = new Map(THEMES.map((t) => [t.code, t.name]));

export function themeName(code: string): string {
  return THEME_NAMES.get(code) ?? code;
}

/** One value of a query parameter: a repeated parameter keeps its first value. */
function single(value: unknown): string {
  if (Array.isArray(value)) return single(value[0]);
  return typeof value === 'string' ? value : '';
}

/** The query string's filter values as text, trimmed, for checking and for showing again in the form. */
export function filterValues(query: unknown): Record<FilterField, string> {
  const source = query && typeof query === 'object' ? (query as Record<string, unknown>) : {};
  return Object.fromEntries(FILTER_FIELDS.map((field) => [field, single(source[field]).trim()])) as Record<FilterField, string>;
}

/**
 * Reads the filters from a query string. Blank means "any". Every wrong value is reported, so the
 * page can show them all at once with what was typed kept.
 */
export function parseNoteFilter(query: unknown, choices: FilterChoices): FilterParse {
  const values = filterValues(query);
  const issues: FilterIssue[] = [];
  const filter: NoteFilter = { q: values.q.replace(/\s+/g, ' '), page: 1 };

  if (values.q.length > SEARCH_TEXT_MAX_LENGTH) {
    issues.push({ field: 'q', message: `Search words must be ${SEARCH_TEXT_MAX_LENGTH} characters or fewer: you typed ${values.q.length}` });
  }
  if (values.criterion) {
    const code = values.criterion.toUpperCase();
    if (choices.criteria.some((c) => c.code === code)) filter.criterion = code;
    else issues.push({ field: 'criterion', message: `"${values.criterion}" is not a criterion of this inspection’s framework. Choose one from the list` });
  }
  if (values.theme) {
    const code = values.theme.toUpperCase();
    if (isThemeCode(code)) filter.theme = code;
    else issues.push({ field: 'theme', message: `"${values.theme}" is not a theme. Choose one from the list` });
  }
  if (values.polarity) {
    if (isPolarity(values.polarity)) filter.polarity = values.polarity;
    else issues.push({ field: 'polarity', message: 'Choose strength, concern or neither from the list' });
  }
  if (values.source) {
    if (isNoteSourceKind(values.source)) filter.source = values.source;
    else issues.push({ field: 'source', message: `"${values.source}" is not a kind of source. Choose one from the list` });
  }
  if (values.author) {
    if (choices.authors.some((a) => a.id === values.author)) filter.author = values.author;
    else issues.push({ field: 'author', message: 'Choose an author from the list: nobody by that id has written notes on this inspection' });
  }
  if (values.page) {
    const page = /^\d{1,9}$/.test(values.page) ? Number(values.page) : NaN;
    if (page >= 1 && page <= PAGE_MAX) filter.page = page;
    else issues.push({ field: 'page', message: `The page number must be a whole number from 1 to ${PAGE_MAX.toLocaleString('en-GB')}` });
  }
  return issues.length ? { ok: false, issues, values } : { ok: true, filter };
}

export function hasActiveFilters(filter: NoteFilter): boolean {
  return Boolean(filter.q || filter.criterion || filter.theme || filter.polarity || filter.source || filter.author);
}

/** The filters without the page, as they go in the audit log. */
export function filterForAudit(filter: NoteFilter): Record<string, string | number> {
  const entries = Object.entries(filter).filter(([, value]) => value !== undefined && value !== '');
  return Object.fromEntries(entries) as Record<string, string | number>;
}

/** The filters as a query string (page 1 and blanks left out), for links that keep them. */
export function filterQuery(filter: NoteFilter, page = filter.page): string {
  const params = new URLSearchParams();
  for (const field of FILTER_FIELDS) {
    const value = field === 'page' ? (page > 1 ? String(page) : '') : (filter[field] ?? '');
    if (value) params.set(field, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const POLARITY_PHRASES: Readonly<Record<Polarity, string>> = { strength: 'strengths', concern: 'concerns', neutral: 'neither strengths nor concerns' };

const SOURCE_PHRASES: Readonly<Record<NoteSourceKind, string>> = {
  activity: 'from fieldwork activities',
  tracked_case: 'from tracked children',
  reviewed_plan: 'from reviewed EHC plans',
  survey: 'from surveys',
  data: 'from performance data',
};

/** The active filters in words, e.g. 'containing “therapy”, concerns, tagged I1'; '' when none. */
export function describeFilter(filter: NoteFilter, choices: FilterChoices): string {
  const parts: string[] = [];
  if (filter.q) parts.push(`containing “${filter.q}”`);
  if (filter.polarity) parts.push(POLARITY_PHRASES[filter.polarity]);
  if (filter.criterion) {
    const heading = choices.criteria.find((c) => c.code === filter.criterion)?.heading;
    parts.push(`tagged ${filter.criterion}${heading ? ` (${heading})` : ''}`);
  }
  if (filter.theme) parts.push(`with the theme ${themeName(filter.theme)}`);
  if (filter.source) parts.push(SOURCE_PHRASES[filter.source]);
  if (filter.author) parts.push(`written by ${choices.authors.find((a) => a.id === filter.author)?.name ?? 'an unknown author'}`);
  return parts.join(', ');
}

/** "12 notes match containing “therapy”" / "1 note matches" / "No notes match"; for all notes, "12 notes". */
export function matchSentence(total: number, filter: NoteFilter, choices: FilterChoices): string {
  const described = describeFilter(filter, choices);
  const count = total.toLocaleString('en-GB');
  if (!hasActiveFilters(filter)) return total === 0 ? 'No notes have been written yet' : `${count} ${total === 1 ? 'note' : 'notes'}`;
  const head = total === 0 ? 'No notes match' : `${count} ${total === 1 ? 'note matches' : 'notes match'}`;
  return `${head}: ${described}`;
}

export function pageCountOf(total: number): number {
  return Math.max(1, Math.ceil(total / NOTES_PER_PAGE));
}

// ---- A note's source in words ------------------------------------------------------------

/** What is known of a note's source, whichever kind it is (from the joined rows). */
export type NoteSourceFacts = {
  kind: NoteSourceKind;
  detail: string;
  activity?: { kind: ActivityKind; title: string; heldOn: string } | null;
  case?: { personId: string; position: number } | null;
  surveyAudience?: SurveyAudience | null;
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 'YYYY-MM-DD' as "24 November 2026" (no time zone involved: it is a calendar day). */
export function dayInWords(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${day} ${MONTHS[(month ?? 1) - 1]} ${year}`;
}

/**
 * The source as one line: "Meeting: SEND leaders, 24 November 2026", "Tracked child 2 (P000123)",
 * "Survey of parents and carers", "Performance data: SEN2 timeliness". A source since deleted says so.
 */
export function describeNoteSource(source: NoteSourceFacts): string {
  const detail = source.detail.trim();
  const withDetail = (text: string) => (detail ? `${text}: ${detail}` : text);
  switch (source.kind) {
    case 'activity':
      return source.activity
        ? withDetail(`${ACTIVITY_KIND_LABELS[source.activity.kind]}: ${source.activity.title}, ${dayInWords(source.activity.heldOn)}`)
        : withDetail('Fieldwork activity (since deleted)');
    case 'tracked_case':
      return withDetail(source.case ? `Tracked child ${source.case.position} (${source.case.personId})` : 'Tracked child (no longer in the sample)');
    case 'reviewed_plan':
      return withDetail(source.case ? `Reviewed EHC plan ${source.case.position} (${source.case.personId})` : 'Reviewed EHC plan (no longer in the sample)');
    case 'survey':
      return withDetail(source.surveyAudience ? `Survey of ${AUDIENCE_LABELS[source.surveyAudience].toLowerCase()}` : 'Survey');
    default:
      return withDetail(NOTE_SOURCE_LABELS.data);
  }
}

export function polarityLabel(polarity: Polarity): string {
  return POLARITY_LABELS[polarity];
}

// ---- Highlighted snippets -------------------------------------------------------------------

/** Markers the database puts around matched words; random per search, so no note can contain them. */
export type HighlightMarkers = { start: string; stop: string };

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * The snippet as HTML in which only the matched words are marked up: everything is escaped first,
 * then the markers (letters and digits only, so escaping leaves them alone) become <mark> tags.
 */
export function highlightHtml(snippet: string, markers: HighlightMarkers): string {
  return escapeHtml(snippet).split(markers.start).join('<mark>').split(markers.stop).join('</mark>');
}

/** A body cut to about `length` characters at a word boundary, for listing without a search. */
export function shortenBody(body: string, length = 300): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${(space > length * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
