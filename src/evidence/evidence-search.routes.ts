// The evidence notes list: full-text search and filters (criterion, theme, polarity, source,
// author) in a GET form that works without JavaScript, paged results, and plain errors for bad values.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { getInspection, inspectionScope } from '../inspections/inspection.service.ts';
import { can, type Permission } from '../platform/auth/permissions.ts';
import { formErrors } from '../platform/web/forms.ts';
import { actorOf, context } from '../platform/web/request-actor.ts';
import { NOTE_SOURCE_KINDS, NOTE_SOURCE_LABELS, POLARITIES, POLARITY_LABELS, THEMES, type Polarity } from './evidence.ts';
import {
  FILTER_FIELDS,
  NOTES_PER_PAGE,
  SEARCH_TEXT_MAX_LENGTH,
  filterQuery,
  hasActiveFilters,
  matchSentence,
  parseNoteFilter,
  themeName,
  type FilterField,
  type NoteFilter,
} from './evidence-search.ts';
import { noteFilterChoices, searchNotes, type ListedNote, type NoteFilterChoices, type NoteSearchResult } from './evidence-search.service.ts';
import type { FacetCounts } from './evidence-search.repository.ts';

const VIEWS = 'evidence/views';
const NOTES = '/inspections/:inspectionId/evidence/notes';

const POLARITY_TAG_CLASSES: Readonly<Record<Polarity, string>> = { strength: 'govuk-tag--green', concern: 'govuk-tag--red', neutral: 'govuk-tag--grey' };

function evidencePath(inspectionId: string, rest = ''): string {
  return `/inspections/${inspectionId}/evidence${rest}`;
}

type SelectItem = { value: string; text: string; selected?: boolean };

function counted(text: string, count: number | undefined): string {
  return `${text} (${(count ?? 0).toLocaleString('en-GB')})`;
}

/**
 * A select's options: "any" first, then the choices with how many notes each would give. A value
 * that is not a choice (a mistyped address) is kept as a selected option, so the person sees what
 * was asked for beside the error.
 */
function selectItems(anyText: string, choices: { value: string; text: string }[], chosen: string, counts?: Map<string, number>): SelectItem[] {
  const items: SelectItem[] = [{ value: '', text: anyText, selected: chosen === '' }];
  for (const choice of choices) items.push({ value: choice.value, text: counts ? counted(choice.text, counts.get(choice.value)) : choice.text, selected: choice.value === chosen });
  if (chosen && !choices.some((c) => c.value === chosen)) items.push({ value: chosen, text: `${chosen} (not one of the choices)`, selected: true });
  return items;
}

function filterSelects(choices: NoteFilterChoices, values: Record<FilterField, string>, facets?: FacetCounts) {
  return {
    criterion: selectItems('Any criterion', choices.criteria.map((c) => ({ value: c.code, text: `${c.code}: ${c.heading}` })), values.criterion, facets?.criterion),
    theme: selectItems('Any theme', THEMES.map((t) => ({ value: t.code, text: t.name })), values.theme, facets?.theme),
    polarity: selectItems('Any', POLARITIES.map((p) => ({ value: p, text: POLARITY_LABELS[p] })), values.polarity, facets?.polarity),
    source: selectItems('Any source', NOTE_SOURCE_KINDS.map((s) => ({ value: s, text: NOTE_SOURCE_LABELS[s] })), values.source, facets?.source),
    author: selectItems('Anyone', choices.authors.map((a) => ({ value: a.id, text: a.name })), values.author, facets?.author),
  };
}

/** The filter as the form shows it after a successful search (normalised: "i1" shows as "I1"). */
function valuesOf(filter: NoteFilter): Record<FilterField, string> {
  return Object.fromEntries(FILTER_FIELDS.map((f) => [f, f === 'page' ? String(filter.page) : (filter[f] ?? '')])) as Record<FilterField, string>;
}

function noteView(inspectionId: string, note: ListedNote) {
  return {
    href: evidencePath(inspectionId, `/notes/${note.id}`),
    snippetHtml: note.snippetHtml,
    polarity: { text: POLARITY_LABELS[note.polarity], classes: POLARITY_TAG_CLASSES[note.polarity] },
    criteria: note.criteria.join(', '),
    themes: note.themes.map(themeName).join(', '),
    source: note.source,
    author: note.authorName,
    createdAt: note.createdAt,
    updatedAt: note.version > 1 || note.updatedAt.getTime() - note.createdAt.getTime() > 60_000 ? note.updatedAt : undefined,
  };
}

type PaginationItem = { number: number; href: string; current: boolean } | { ellipsis: true };

/** GOV.UK pagination: the first, last, current and neighbouring pages, with gaps between. */
function pagination(page: number, pageCount: number, hrefFor: (page: number) => string) {
  if (pageCount <= 1) return undefined;
  const wanted = [...new Set([1, page - 1, page, page + 1, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  const items: PaginationItem[] = [];
  wanted.forEach((n, i) => {
    if (i > 0 && n - wanted[i - 1]! > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: hrefFor(n), current: n === page });
  });
  return {
    previous: page > 1 && page <= pageCount ? { href: hrefFor(Math.min(page - 1, pageCount)) } : undefined,
    next: page < pageCount ? { href: hrefFor(page + 1) } : undefined,
    items,
  };
}

/** The line under the heading: how many match, or why none are shown on this page. */
function resultText(result: NoteSearchResult, filter: NoteFilter, choices: NoteFilterChoices): string {
  if (!result.searchHasWords) return `“${filter.q}” has only very common words, which are not searched for. Try other words.`;
  const sentence = matchSentence(result.total, filter, choices);
  if (result.total === 0) return `${sentence}.`;
  if (result.notes.length === 0) return `${sentence}. There are no notes on page ${filter.page}: there are ${result.pageCount} ${result.pageCount === 1 ? 'page' : 'pages'}.`;
  const first = (filter.page - 1) * NOTES_PER_PAGE + 1;
  const last = first + result.notes.length - 1;
  return result.pageCount > 1 ? `${sentence}. Showing ${first} to ${last}.` : `${sentence}.`;
}

export async function evidenceSearchRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const scope = inspectionScope(db.kysely);
  const allow = (permission: Permission) => ({ config: { permission, scope } });

  function links(request: FastifyRequest, inspectionId: string) {
    const may = (permission: Permission) => can(request.visitor, permission, request.scope);
    return {
      list: evidencePath(inspectionId, '/notes'),
      newNote: may('evidence:write') ? evidencePath(inspectionId, '/notes/new') : undefined,
      exportCsv: may('evidence:export') ? evidencePath(inspectionId, '/export.csv') : undefined,
      exportXlsx: may('evidence:export') ? evidencePath(inspectionId, '/export.xlsx') : undefined,
    };
  }

  app.get(NOTES, allow('evidence:view'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    // The scope has found the inspection already.
    const details = (await getInspection(db.kysely, inspectionId))!;
    const choices = await noteFilterChoices(db.kysely, inspectionId, details);
    const parsed = parseNoteFilter(request.query, choices);
    const page = {
      inspection: details.inspection,
      area: details.area,
      links: links(request, inspectionId),
      searchMaxLength: SEARCH_TEXT_MAX_LENGTH,
      backLink: { href: `/inspections/${inspectionId}/fieldwork`, text: 'Fieldwork and evidence' },
    };
    if (!parsed.ok) {
      const errors = formErrors(parsed.issues.map((issue) => ({ path: [issue.field], message: issue.message })));
      return reply.code(400).view(`${VIEWS}/notes-list.njk`, { ...page, errors, values: parsed.values, selects: filterSelects(choices, parsed.values), filtered: true });
    }
    const filter = parsed.filter;
    const result = await searchNotes(db.kysely, inspectionId, filter, actorOf(request), context(request));
    const values = valuesOf(filter);
    return reply.view(`${VIEWS}/notes-list.njk`, {
      ...page,
      values,
      selects: filterSelects(choices, values, result.facets),
      filtered: hasActiveFilters(filter),
      resultText: resultText(result, filter, choices),
      nothingMatches: result.total === 0,
      noNotesAtAll: result.total === 0 && !hasActiveFilters(filter),
      notes: result.notes.map((note) => noteView(inspectionId, note)),
      pagination: pagination(filter.page, result.pageCount, (n) => `${evidencePath(inspectionId, '/notes')}${filterQuery(filter, n)}`),
    });
  });
}
