// Triangulation pages: the matrix of criteria against kinds of source with thin and single-source
// criteria highlighted, and a page per criterion with all the evidence for it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { getInspection, inspectionScope, type InspectionDetails } from '../inspections/inspection.service.ts';
import { can, type Permission } from '../platform/auth/permissions.ts';
import { actorOf, context } from '../platform/web/request-actor.ts';
import { AUDIENCE_LABELS } from '../surveys/survey.ts';
import {
  EVIDENCE_SOURCES,
  EVIDENCE_SOURCE_LABELS,
  NOTE_SOURCE_KINDS,
  NOTE_SOURCE_LABELS,
  POLARITIES,
  POLARITY_LABELS,
  THIN_EVIDENCE_MINIMUM,
  isNoteSourceKind,
  isPolarity,
  type Polarity,
} from './evidence.ts';
import { criterionPage, matrix, type CriterionNoteFilter, type CriterionPage } from './triangulation.service.ts';
import { cellParts, excerpt, type CellCounts, type HighlightKind, type MatrixRow } from './triangulation.ts';

const VIEWS = 'evidence/views';
const BASE = '/inspections/:inspectionId/evidence';

type CriterionParams = { criterionCode: string };

export const POLARITY_TAG_CLASSES: Readonly<Record<Polarity, string>> = { strength: 'govuk-tag--green', concern: 'govuk-tag--red', neutral: 'govuk-tag--grey' };
const HIGHLIGHT_TAG_CLASSES: Readonly<Record<HighlightKind, string>> = { thin: 'govuk-tag--yellow', single_source: 'govuk-tag--orange' };

function evidencePath(inspectionId: string, rest = ''): string {
  return `/inspections/${inspectionId}/evidence${rest}`;
}

function criterionPath(inspectionId: string, code: string, query = ''): string {
  return evidencePath(inspectionId, `/criteria/${encodeURIComponent(code)}${query}`);
}

function first(value: unknown): string {
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
}

/** A cell as the page shows it: the total large, the strengths and concerns below, one sentence to a screen reader. */
function cellView(cell: CellCounts) {
  const parts = cell.total > 0 ? cellParts(cell) : [];
  return { total: cell.total, itemsWord: `${cell.total === 1 ? ' item' : ' items'}${parts.length ? ':' : ''}`, breakdown: parts.join(', '), parts };
}

function highlightViews(row: MatrixRow) {
  return row.highlights.map((h) => ({ tag: { text: h.label, classes: HIGHLIGHT_TAG_CLASSES[h.kind] }, reason: h.reason }));
}

/** The query string of the criterion page's note filter and page, keeping only what is set. */
function noteQuery(filter: CriterionNoteFilter, page = 1): string {
  const params = new URLSearchParams();
  if (filter.polarity) params.set('polarity', filter.polarity);
  if (filter.sourceKind) params.set('source', filter.sourceKind);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

type PaginationItem = { number?: number; href?: string; current?: boolean; ellipsis?: boolean };

/** GOV.UK pagination: first, last, and the pages either side of this one. */
function pagination(page: number, pageCount: number, hrefFor: (page: number) => string) {
  if (pageCount <= 1) return undefined;
  const wanted = [...new Set([1, page - 1, page, page + 1, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  const items: PaginationItem[] = [];
  wanted.forEach((n, i) => {
    if (i > 0 && n - wanted[i - 1]! > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: hrefFor(n), current: n === page });
  });
  return { previous: page > 1 ? { href: hrefFor(page - 1) } : undefined, next: page < pageCount ? { href: hrefFor(page + 1) } : undefined, items, landmarkLabel: 'Pages of evidence notes' };
}

function filterOf(query: Record<string, unknown>): CriterionNoteFilter {
  const polarity = first(query.polarity);
  const source = first(query.source);
  return { ...(isPolarity(polarity) ? { polarity } : {}), ...(isNoteSourceKind(source) ? { sourceKind: source } : {}) };
}

function pageOf(query: Record<string, unknown>): number {
  const text = first(query.page);
  return /^[1-9][0-9]{0,5}$/.test(text) ? Number(text) : 1;
}

function criterionView(details: InspectionDetails, page: CriterionPage, request: FastifyRequest) {
  const inspectionId = details.inspection.id;
  const { row, notes } = page;
  const casesPath = (rest: string) => `/inspections/${inspectionId}/cases${rest}`;
  const shownFrom = (notes.page - 1) * notes.pageSize + 1;
  return {
    criterion: page.criterion,
    highlights: highlightViews(row),
    countRows: [
      ...EVIDENCE_SOURCES.map((source) => ({ label: EVIDENCE_SOURCE_LABELS[source], ...cellView(row.cells[source]) })),
      { label: 'All sources', ...cellView(row.total), isTotal: true },
    ],
    mayWrite: can(request.visitor, 'evidence:write', request.scope),
    newNoteHref: evidencePath(inspectionId, `/notes/new?criterion=${encodeURIComponent(row.code)}`),
    searchHref: evidencePath(inspectionId, `/notes?criterion=${encodeURIComponent(row.code)}`),
    notes: {
      total: notes.total,
      range: notes.total > 0 ? { from: shownFrom, to: shownFrom + notes.items.length - 1 } : undefined,
      filtered: Boolean(notes.filter.polarity || notes.filter.sourceKind),
      items: notes.items.map((n) => ({
        ...n,
        href: evidencePath(inspectionId, `/notes/${n.id}`),
        tag: { text: POLARITY_LABELS[n.polarity], classes: POLARITY_TAG_CLASSES[n.polarity] },
      })),
      pagination: pagination(notes.page, notes.pageCount, (n) => `${criterionPath(inspectionId, row.code, noteQuery(notes.filter, n))}#notes`),
    },
    filterAction: criterionPath(inspectionId, row.code),
    clearFilterHref: `${criterionPath(inspectionId, row.code)}#notes`,
    polarityItems: [{ value: '', text: 'Any' }, ...POLARITIES.map((p) => ({ value: p, text: POLARITY_LABELS[p], selected: notes.filter.polarity === p }))],
    sourceItems: [{ value: '', text: 'Any' }, ...NOTE_SOURCE_KINDS.map((s) => ({ value: s, text: NOTE_SOURCE_LABELS[s], selected: notes.filter.sourceKind === s }))],
    surveysSetUp: page.surveysSetUp,
    surveys: page.surveys.map((s) => ({
      ...s,
      title: `${AUDIENCE_LABELS[s.audience]} survey`,
      resultsHref: `/inspections/${inspectionId}/surveys/${s.audience}/results`,
    })),
    reviews: {
      ...page.reviews,
      items: page.reviews.items.map((r) => ({
        ...r,
        href: casesPath(`/reviews/${r.caseId}/first`),
        summary: r.summary ? excerpt(r.summary).text : '',
      })),
      gradeRows: page.reviews.grades.map((g) => [{ text: g.label }, { text: String(g.count), format: 'numeric' }]),
    },
    tracking: {
      ...page.tracking,
      items: page.tracking.items.map((t) => ({ ...t, href: casesPath(`/tracked/${t.caseId}`), excerpt: excerpt(t.body).text })),
    },
  };
}

export async function triangulationRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const scope = inspectionScope(db.kysely);
  const allow = (permission: Permission) => ({ config: { permission, scope } });

  async function detailsOf(request: FastifyRequest): Promise<InspectionDetails> {
    // The scope has found the inspection already.
    return (await getInspection(db.kysely, request.scope.inspectionId!))!;
  }

  app.get(`${BASE}/triangulation`, allow('evidence:view'), async (request, reply) => {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const result = await matrix(db.kysely, inspectionId, details);
    const rowView = (row: MatrixRow) => ({
      code: row.code,
      heading: row.heading,
      href: criterionPath(inspectionId, row.code),
      // The sources' cells, then the total across them.
      cells: [...EVIDENCE_SOURCES.map((source) => cellView(row.cells[source])), cellView(row.total)],
      highlights: highlightViews(row),
    });
    return reply.view(`${VIEWS}/triangulation.njk`, {
      inspection: details.inspection,
      area: details.area,
      columns: EVIDENCE_SOURCES.map((source) => EVIDENCE_SOURCE_LABELS[source]),
      groups: result.groups.map((group) => ({ code: group.code, title: group.title, rows: group.rows.map(rowView) })),
      highlighted: result.highlighted.map(rowView),
      criteriaCount: result.groups.reduce((sum, g) => sum + g.rows.length, 0),
      thinMinimum: THIN_EVIDENCE_MINIMUM,
      backLink: { href: `/inspections/${inspectionId}/fieldwork`, text: 'Fieldwork and evidence' },
    });
  });

  app.get(`${BASE}/criteria/:criterionCode`, allow('evidence:view'), async (request, reply) => {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const { criterionCode } = request.params as CriterionParams;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const page = await criterionPage(db.kysely, inspectionId, criterionCode, actorOf(request), context(request), {
      filter: filterOf(query),
      page: pageOf(query),
      caseDetail: can(request.visitor, 'cases:view', request.scope),
      details,
    });
    if (!page) return reply.callNotFound();
    return reply.view(`${VIEWS}/criterion.njk`, {
      inspection: details.inspection,
      area: details.area,
      ...criterionView(details, page, request),
      backLink: { href: evidencePath(inspectionId, '/triangulation'), text: 'Triangulation of evidence' },
    });
  });
}
