// The public reports search: reading its GET form (words, area, region, outcome, framework and the
// dates published between) with plain-English errors, its choices, and the addresses that keep it. Pure.
import type { FrameworkDefinition } from '../frameworks/framework.ts';
import { parseDateInput, type DatePart } from '../inspections/date-input.ts';
import type { PublishedReportFilter } from '../reports/published-report.service.ts';

export const SEARCH_TEXT_MAX_LENGTH = 200;
/** Far beyond the reports there will be; a bigger number is a mistyped address. */
export const PAGE_MAX = 10_000;

export const SEARCH_FIELDS = ['q', 'area', 'region', 'outcome', 'framework', 'from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year', 'page'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];
export type SearchValues = Record<SearchField, string>;
export type SearchIssue = { field: SearchField; message: string };

export type Choice = { value: string; text: string };
export type SearchChoices = { areas: Choice[]; regions: Choice[]; outcomes: Choice[]; frameworks: Choice[] };

export type SearchParse = { ok: true; filter: PublishedReportFilter; values: SearchValues } | { ok: false; issues: SearchIssue[]; values: SearchValues };

/** One value of a query parameter: a repeated parameter keeps its first value. */
function single(value: unknown): string {
  if (Array.isArray(value)) return single(value[0]);
  return typeof value === 'string' ? value : '';
}

export function searchValues(query: unknown): SearchValues {
  const source = query && typeof query === 'object' ? (query as Record<string, unknown>) : {};
  return Object.fromEntries(SEARCH_FIELDS.map((field) => [field, single(source[field]).trim()])) as SearchValues;
}

function yearsInForce(definition: FrameworkDefinition): string {
  const from = definition.inForce.from.slice(0, 4);
  return definition.inForce.until ? `${from} to ${definition.inForce.until.slice(0, 4)}` : `from ${from}`;
}

/** Outcomes and frameworks from the framework definitions; areas and regions from those with reports. */
export function searchChoices(definitions: readonly FrameworkDefinition[], areas: readonly { laCode: string; name: string; region: string }[]): SearchChoices {
  const regions = [...new Set(areas.map((a) => a.region))].sort((a, b) => a.localeCompare(b, 'en-GB'));
  return {
    areas: areas.map((a) => ({ value: a.laCode, text: a.name })),
    regions: regions.map((r) => ({ value: r, text: r })),
    outcomes: definitions.flatMap((d) => d.inspectionTypes.flatMap((t) => t.outcomes.map((o) => ({ value: o.code, text: `${o.label} (${d.name}, ${yearsInForce(d)})` })))),
    frameworks: definitions.map((d) => ({ value: d.code, text: `${d.name} (${yearsInForce(d)})` })),
  };
}

type DateCheck = { ok: true; date?: string } | { ok: false; message: string; parts: DatePart[] };

function dateOf(values: SearchValues, prefix: 'from' | 'to', name: string): DateCheck {
  const parts = { day: values[`${prefix}-day`], month: values[`${prefix}-month`], year: values[`${prefix}-year`] };
  if (!parts.day && !parts.month && !parts.year) return { ok: true };
  const parsed = parseDateInput(parts, name);
  return parsed.ok ? { ok: true, date: parsed.date } : parsed;
}

/**
 * Reads the search from a query string. Blank means "any". Every wrong value is reported, so the
 * page can show them all at once with what was typed kept.
 */
export function parseReportSearch(query: unknown, choices: SearchChoices): SearchParse {
  const values = searchValues(query);
  const issues: SearchIssue[] = [];
  const filter: PublishedReportFilter = { page: 1 };
  const q = values.q.replace(/\s+/g, ' ');
  if (q.length > SEARCH_TEXT_MAX_LENGTH) issues.push({ field: 'q', message: `Search words must be ${SEARCH_TEXT_MAX_LENGTH} characters or fewer: you typed ${q.length}` });
  else if (q) filter.q = q;

  const chosen = (field: 'area' | 'region' | 'outcome' | 'framework', list: Choice[], message: string) => {
    if (!values[field]) return undefined;
    if (list.some((c) => c.value === values[field])) return values[field];
    issues.push({ field, message });
    return undefined;
  };
  filter.area = chosen('area', choices.areas, 'Choose an area from the list: there are no published reports for the area asked for');
  filter.region = chosen('region', choices.regions, 'Choose a region from the list');
  filter.outcome = chosen('outcome', choices.outcomes, 'Choose an outcome from the list');
  filter.framework = chosen('framework', choices.frameworks, 'Choose a framework from the list');

  const from = dateOf(values, 'from', 'date published from');
  const to = dateOf(values, 'to', 'date published to');
  if (!from.ok) issues.push({ field: `from-${from.parts[0] ?? 'day'}`, message: from.message });
  else filter.from = from.date;
  if (!to.ok) issues.push({ field: `to-${to.parts[0] ?? 'day'}`, message: to.message });
  else filter.to = to.date;
  if (filter.from && filter.to && filter.to < filter.from) {
    issues.push({ field: 'to-day', message: 'The date published to must be the same as or after the date published from' });
  }

  if (values.page) {
    const page = /^\d{1,9}$/.test(values.page) ? Number(values.page) : NaN;
    if (page >= 1 && page <= PAGE_MAX) filter.page = page;
    else issues.push({ field: 'page', message: `The page number must be a whole number from 1 to ${PAGE_MAX.toLocaleString('en-GB')}` });
  }
  return issues.length ? { ok: false, issues, values } : { ok: true, filter, values };
}

export function hasActiveSearch(filter: PublishedReportFilter): boolean {
  return Boolean(filter.q || filter.area || filter.region || filter.outcome || filter.framework || filter.from || filter.to);
}

/** The search as a query string (page 1 and blanks left out), for the pages' links. */
export function searchQuery(values: SearchValues, page: number): string {
  const params = new URLSearchParams();
  for (const field of SEARCH_FIELDS) {
    if (field !== 'page' && values[field]) params.set(field, values[field]);
  }
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A file name for a report's download, like "camden-area-send-inspection-2026.pdf". */
export function downloadFileName(report: { areaName: string; inspectionType: string; onsiteStart: string }, extension: 'pdf' | 'docx'): string {
  const area = report.areaName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const kind = report.inspectionType === 'full' ? 'inspection' : `${report.inspectionType.replace(/[^a-z0-9]+/g, '-')}-inspection`;
  return `${area || 'area'}-area-send-${kind}-${report.onsiteStart.slice(0, 4)}.${extension}`;
}
