// Searching an inspection's evidence notes: the choices the filters offer, and a page of matching
// notes with highlighted snippets and counts, each search audited as a view of the evidence.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { allCriteria } from '../frameworks/framework.ts';
import { getInspection, type Actor, type Context, type InspectionDetails } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import type { NoteSourceKind, Polarity } from './evidence.ts';
import {
  NOTES_PER_PAGE,
  describeNoteSource,
  filterForAudit,
  highlightHtml,
  pageCountOf,
  shortenBody,
  type FilterChoices,
  type HighlightMarkers,
  type NoteFilter,
} from './evidence-search.ts';
import {
  countNotes,
  searchHasWords,
  selectFacetCounts,
  selectInspectionFacts,
  selectNoteAuthors,
  selectNotesPage,
  type FacetCounts,
  type NoteSearchRow,
} from './evidence-search.repository.ts';

export class EvidenceInspectionNotFoundError extends Error {
  readonly statusCode = 404;
  constructor() {
    super('There is no such inspection');
  }
}

export type NoteFilterChoices = FilterChoices & { authors: { id: string; name: string; notes: number }[] };

/**
 * What the filters may choose from: the inspection's framework's criteria and the people who wrote
 * its notes. A page that has the inspection's details already passes them, to save reading them twice.
 */
export async function noteFilterChoices(db: Kysely<Database>, inspectionId: string, known?: InspectionDetails): Promise<NoteFilterChoices> {
  const details = known?.inspection.id === inspectionId ? known : await getInspection(db, inspectionId);
  if (!details) throw new EvidenceInspectionNotFoundError();
  return {
    criteria: allCriteria(details.framework.definition).map((c) => ({ code: c.code, heading: c.heading })),
    authors: await selectNoteAuthors(db, inspectionId),
  };
}

export type ListedNote = {
  id: string;
  /** Safe HTML: the text escaped, with only the matched words in <mark>. */
  snippetHtml: string;
  polarity: Polarity;
  criteria: string[];
  themes: string[];
  sourceKind: NoteSourceKind;
  source: string;
  authorId: string | null;
  authorName: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

export type NoteSearchResult = {
  notes: ListedNote[];
  total: number;
  page: number;
  pageCount: number;
  /** False when the search words are all too common to search for ("the", "and"), so nothing can match. */
  searchHasWords: boolean;
  facets: FacetCounts;
};

function markersForOneSearch(): HighlightMarkers {
  const token = randomBytes(8).toString('hex');
  return { start: `HLSTART${token}X`, stop: `HLSTOP${token}X` };
}

function listedNote(row: NoteSearchRow, markers: HighlightMarkers, searched: boolean): ListedNote {
  return {
    id: row.id,
    snippetHtml: highlightHtml(searched ? row.snippet : shortenBody(row.snippet), markers),
    polarity: row.polarity,
    criteria: row.criteria,
    themes: row.themes,
    sourceKind: row.source_kind,
    source: describeNoteSource({
      kind: row.source_kind,
      detail: row.source_detail,
      activity: row.activity_kind && row.activity_title && row.activity_held_on ? { kind: row.activity_kind, title: row.activity_title, heldOn: row.activity_held_on } : null,
      case: row.case_person_id !== null && row.case_position !== null ? { personId: row.case_person_id, position: row.case_position } : null,
      surveyAudience: row.survey_audience,
    }),
    authorId: row.author_id,
    authorName: row.author_name,
    version: Number(row.version),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/**
 * A page of the inspection's notes matching the filter (checked already: parseNoteFilter), with the
 * counts each filter choice would give. Audited as a view of the evidence with the filter in the details.
 */
export async function searchNotes(db: Kysely<Database>, inspectionId: string, filter: NoteFilter, actor: Actor, context: Context & { via?: string } = {}): Promise<NoteSearchResult> {
  return db.transaction().execute(async (trx) => {
    const facts = await selectInspectionFacts(trx, inspectionId);
    if (!facts) throw new EvidenceInspectionNotFoundError();
    const hasWords = filter.q ? await searchHasWords(trx, filter.q) : true;
    const markers = markersForOneSearch();
    const total = hasWords ? await countNotes(trx, inspectionId, filter) : 0;
    const rows = hasWords && total > 0 ? await selectNotesPage(trx, inspectionId, filter, markers, NOTES_PER_PAGE, (filter.page - 1) * NOTES_PER_PAGE) : [];
    const facets = await selectFacetCounts(trx, inspectionId, filter);
    await recordAudit(trx, {
      actor,
      action: 'evidence.view-notes',
      inspectionId,
      laCode: facts.la_code,
      subjectType: 'inspection',
      subjectId: inspectionId,
      details: { ...(context.via ? { via: context.via } : {}), filter: filterForAudit(filter), total, shown: rows.length },
      requestId: context.requestId,
    });
    return {
      notes: rows.map((row) => listedNote(row, markers, Boolean(filter.q))),
      total,
      page: filter.page,
      pageCount: pageCountOf(total),
      searchHasWords: hasWords,
      facets,
    };
  });
}
