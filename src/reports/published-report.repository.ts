// SQL for the published reports' read side: what is public at a moment (published by then), its
// search, and one report's publications. Nothing here reads a report before its publication time.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { ReportDocument } from './report-document.ts';

/** The filters as the database applies them: instants, not days. */
export type PublishedReportQuery = {
  q?: string;
  laCode?: string;
  region?: string;
  outcome?: string;
  framework?: string;
  /** First published at or after this instant. */
  publishedFrom?: Date;
  /** First published before this instant. */
  publishedBefore?: Date;
};

export type PublishedReportListRow = {
  inspection_id: string;
  publication_id: string;
  reference: string;
  la_code: string;
  area_name: string;
  region: string;
  framework_code: string;
  framework_name: string | null;
  inspection_type: string;
  inspection_type_name: string | null;
  outcome_code: string | null;
  outcome_label: string | null;
  onsite_start_date: string;
  onsite_end_date: string;
  historical: boolean | null;
  first_published_at: Date;
  last_published_at: Date;
  pdf_file_id: string | null;
  docx_file_id: string | null;
};

/** `%` and `_` typed by someone searching are letters, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Each inspection's latest publication at `now` (the first publication or its newest correction
 * published by then), with the times of the first and the latest. One narrow table is read: the
 * facts listed are the document's own, kept beside it by the database (migration 0010).
 */
function visiblePublications(db: Kysely<Database>, now: Date, reference?: string) {
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('report_publication as p')
        .where('p.published_at', '<=', now)
        // One report: only its own publications are read.
        .$if(reference !== undefined, (q) => q.where('p.inspection_id', '=', (sub) => sub.selectFrom('inspection').select('id').where('reference', '=', reference!)))
        .select([
          'p.inspection_id',
          'p.id as publication_id',
          'p.doc_reference as reference',
          'p.doc_la_code as la_code',
          'p.doc_area_name as area_name',
          'p.doc_region as region',
          'p.doc_framework_code as framework_code',
          'p.doc_framework_name as framework_name',
          'p.doc_inspection_type as inspection_type',
          'p.doc_inspection_type_name as inspection_type_name',
          'p.doc_outcome_code as outcome_code',
          'p.doc_outcome_label as outcome_label',
          'p.doc_onsite_start as onsite_start_date',
          'p.doc_onsite_end as onsite_end_date',
          'p.doc_historical as historical',
          'p.pdf_file_id',
          'p.docx_file_id',
          sql<Date>`min(p.published_at) over (partition by p.inspection_id)`.as('first_published_at'),
          sql<Date>`max(p.published_at) over (partition by p.inspection_id)`.as('last_published_at'),
          sql<number>`row_number() over (partition by p.inspection_id order by p.sequence desc)`.as('newest_first'),
        ])
        .as('v'),
    )
    .where('v.newest_first', '=', 1);
}

type VisibleQuery = ReturnType<typeof visiblePublications>;

const LIST_COLUMNS = [
  'v.inspection_id',
  'v.publication_id',
  'v.reference',
  'v.la_code',
  'v.area_name',
  'v.region',
  'v.framework_code',
  'v.framework_name',
  'v.inspection_type',
  'v.inspection_type_name',
  'v.outcome_code',
  'v.outcome_label',
  'v.onsite_start_date',
  'v.onsite_end_date',
  'v.historical',
  'v.pdf_file_id',
  'v.docx_file_id',
  'v.first_published_at',
  'v.last_published_at',
] as const;

function withListColumns(query: VisibleQuery) {
  return query.select(LIST_COLUMNS);
}

function applyFilter(query: VisibleQuery, filter: PublishedReportQuery): VisibleQuery {
  return query.where((eb) => {
    const conditions: Expression<SqlBool>[] = [];
    if (filter.q) {
      const pattern = likePattern(filter.q);
      conditions.push(eb.or([eb('v.area_name', 'ilike', pattern), eb('v.reference', 'ilike', pattern), eb('v.outcome_label', 'ilike', pattern), eb('v.region', 'ilike', pattern)]));
    }
    if (filter.laCode) conditions.push(eb('v.la_code', '=', filter.laCode));
    if (filter.region) conditions.push(eb('v.region', '=', filter.region));
    if (filter.outcome) conditions.push(eb('v.outcome_code', '=', filter.outcome));
    if (filter.framework) conditions.push(eb('v.framework_code', '=', filter.framework));
    if (filter.publishedFrom) conditions.push(eb('v.first_published_at', '>=', filter.publishedFrom));
    if (filter.publishedBefore) conditions.push(eb('v.first_published_at', '<', filter.publishedBefore));
    return eb.and(conditions);
  });
}

/** One page of the reports public at `now` that match, newest first, and how many match in all. */
export async function selectPublishedReportPage(
  db: Kysely<Database>,
  filter: PublishedReportQuery,
  now: Date,
  limit: number,
  offset: number,
): Promise<{ rows: PublishedReportListRow[]; total: number }> {
  const rows = await withListColumns(applyFilter(visiblePublications(db, now), filter))
    .select(sql<number>`count(*) over ()`.as('total'))
    .orderBy('v.first_published_at', 'desc')
    .orderBy('v.reference')
    .limit(limit)
    .offset(offset)
    .execute();
  if (rows.length > 0 || offset === 0) return { rows: rows.map(withoutTotal), total: Number(rows[0]?.total ?? 0) };
  // A page past the last one: the total still tells the reader how many pages there are.
  const counted = await applyFilter(visiblePublications(db, now), filter)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirst();
  return { rows: [], total: Number(counted?.total ?? 0) };
}

function withoutTotal(row: PublishedReportListRow & { total: number }): PublishedReportListRow {
  const { total: _total, ...rest } = row;
  return rest;
}

/** Every report public at `now`, most recently published or corrected first. */
export async function selectAllPublishedReports(db: Kysely<Database>, now: Date, limit?: number): Promise<PublishedReportListRow[]> {
  let query = withListColumns(visiblePublications(db, now))
    .orderBy('v.last_published_at', 'desc')
    .orderBy('v.reference');
  if (limit !== undefined) query = query.limit(limit);
  return query.execute();
}

export type PublishedReportRow = PublishedReportListRow & { document: ReportDocument; pdf_bytes: number | null; docx_bytes: number | null };

/**
 * One inspection's report as public at `now`, found by its reference, with its latest document and
 * the sizes of that publication's files once made; undefined before publication.
 */
export async function selectPublishedReportByReference(db: Kysely<Database>, reference: string, now: Date): Promise<PublishedReportRow | undefined> {
  const row = await withListColumns(visiblePublications(db, now, reference))
    .innerJoin('report_publication as doc', 'doc.id', 'v.publication_id')
    .leftJoin('stored_file as pdf', 'pdf.id', 'v.pdf_file_id')
    .leftJoin('stored_file as docx', 'docx.id', 'v.docx_file_id')
    .select(['doc.document', 'pdf.size_bytes as pdf_bytes', 'docx.size_bytes as docx_bytes'])
    .executeTakeFirst();
  return row && { ...row, pdf_bytes: row.pdf_bytes === null ? null : Number(row.pdf_bytes), docx_bytes: row.docx_bytes === null ? null : Number(row.docx_bytes) };
}

export type PublicationEntry = { id: string; inspection_id: string; sequence: number; correction_note: string | null; published_at: Date | string };

/** The publications of these inspections public at `now` (the first and its corrections), in order. */
export async function selectPublicationEntries(db: Kysely<Database>, inspectionIds: readonly string[], now: Date): Promise<PublicationEntry[]> {
  if (inspectionIds.length === 0) return [];
  return db
    .selectFrom('report_publication')
    .select(['id', 'inspection_id', 'sequence', 'correction_note', 'published_at'])
    .where('inspection_id', 'in', inspectionIds)
    .where('published_at', '<=', now)
    .orderBy('inspection_id')
    .orderBy('sequence')
    .execute();
}

export async function selectPublicationDocuments(db: Kysely<Database>, publicationIds: readonly string[]): Promise<Map<string, ReportDocument>> {
  if (publicationIds.length === 0) return new Map();
  const rows = await db.selectFrom('report_publication').select(['id', 'document']).where('id', 'in', publicationIds).execute();
  return new Map(rows.map((row) => [row.id, row.document]));
}

/** Each publication's title and outcome sentence, read without the rest of its document. */
export async function selectFeedTexts(db: Kysely<Database>, publicationIds: readonly string[]): Promise<Map<string, { title: string | null; sentence: string | null }>> {
  if (publicationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('report_publication')
    .select(['id', sql<string | null>`document ->> 'title'`.as('title'), sql<string | null>`document #>> '{outcome,sentence}'`.as('sentence')])
    .where('id', 'in', publicationIds)
    .execute();
  return new Map(rows.map((row) => [row.id, { title: row.title, sentence: row.sentence }]));
}

/** Sizes of stored files (a publication's PDF and DOCX once made), by id. */
export async function selectFileSizes(db: Kysely<Database>, fileIds: readonly string[]): Promise<Map<string, number>> {
  if (fileIds.length === 0) return new Map();
  const rows = await db.selectFrom('stored_file').select(['id', 'size_bytes']).where('id', 'in', fileIds).execute();
  return new Map(rows.map((row) => [row.id, Number(row.size_bytes)]));
}

/** The areas that have a report public at `now`, named and placed as their latest report has them. */
export async function selectPublishedAreas(db: Kysely<Database>, now: Date): Promise<{ la_code: string; name: string; region: string }[]> {
  return db
    .selectFrom('report_publication')
    .distinctOn('doc_la_code')
    .select(['doc_la_code as la_code', 'doc_area_name as name', 'doc_region as region'])
    .where('published_at', '<=', now)
    .orderBy('doc_la_code')
    .orderBy('published_at', 'desc')
    .execute();
}
