// The published reports as the public may read them: only what is published by the moment asked
// about (the embargo), each report's latest publication with its corrections, and the search.
import type { Kysely } from 'kysely';
import { startOfUkDay } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import type { ReportDocument } from './report-document.ts';
import {
  selectAllPublishedReports,
  selectFileSizes,
  selectFeedTexts,
  selectPublicationDocuments,
  selectPublicationEntries,
  selectPublishedAreas,
  selectPublishedReportByReference,
  selectPublishedReportPage,
  type PublicationEntry,
  type PublishedReportListRow,
} from './published-report.repository.ts';

export const REPORTS_PER_PAGE = 20;

export type PublishedReportSummary = {
  reference: string;
  slug: string;
  areaName: string;
  laCode: string;
  region: string;
  frameworkCode: string;
  frameworkName: string;
  /** The inspection type's code (full, monitoring). */
  inspectionType: string;
  inspectionTypeName: string;
  outcomeCode: string | null;
  outcomeLabel: string | null;
  /** 'YYYY-MM-DD' */
  onsiteStart: string;
  onsiteEnd: string;
  firstPublishedAt: Date;
  /** The latest correction's time, or the first publication's when there is none. */
  lastPublishedAt: Date;
  historical: boolean;
};

export type PublishedCorrection = { sequence: number; note: string; publishedAt: Date };

export type PublishedReport = PublishedReportSummary & {
  /** The latest publication's document: the correction's, when the report has been corrected. */
  document: ReportDocument;
  corrections: PublishedCorrection[];
  /** The latest publication, whose PDF and DOCX readers download. */
  publicationId: string;
  /** Sizes of the latest publication's files once they have been made; null until then. */
  files: { pdfBytes: number | null; docxBytes: number | null };
};

export type PublishedReportFilter = {
  q?: string;
  /** The area's LA code. */
  area?: string;
  region?: string;
  /** An outcome code of either framework. */
  outcome?: string;
  /** A framework code. */
  framework?: string;
  /** First published on or after this day in England, 'YYYY-MM-DD'. */
  from?: string;
  /** First published on or before this day in England, 'YYYY-MM-DD'. */
  to?: string;
  /** From 1. */
  page?: number;
};

export type PublishedReportList = { items: PublishedReportSummary[]; total: number; page: number; pageCount: number };

/** A report's address on the public site: its inspection reference in lower case. */
export function reportSlug(reference: string): string {
  return reference.toLowerCase();
}

const SLUG = /^send-\d{3}-\d{4}-\d{1,6}$/;

/** The reference a slug names, or undefined when it cannot name one. */
export function referenceOfSlug(slug: string): string | undefined {
  const lower = slug.toLowerCase();
  return SLUG.test(lower) ? lower.toUpperCase() : undefined;
}

function nextDay(date: string): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
}

function summaryOf(row: PublishedReportListRow): PublishedReportSummary {
  return {
    reference: row.reference,
    slug: reportSlug(row.reference),
    areaName: row.area_name,
    laCode: row.la_code,
    region: row.region,
    frameworkCode: row.framework_code,
    frameworkName: row.framework_name ?? row.framework_code,
    inspectionType: row.inspection_type,
    inspectionTypeName: row.inspection_type_name ?? row.inspection_type,
    outcomeCode: row.outcome_code,
    outcomeLabel: row.outcome_label,
    onsiteStart: row.onsite_start_date,
    onsiteEnd: row.onsite_end_date,
    firstPublishedAt: new Date(row.first_published_at),
    lastPublishedAt: new Date(row.last_published_at),
    historical: row.historical ?? false,
  };
}

function correctionsOf(entries: readonly PublicationEntry[]): PublishedCorrection[] {
  return entries
    .filter((entry) => entry.sequence > 1)
    .map((entry) => ({ sequence: entry.sequence, note: entry.correction_note ?? '', publishedAt: new Date(entry.published_at) }));
}

/** Reports public at `now` matching the filter, newest first, REPORTS_PER_PAGE to a page. */
export async function listPublishedReports(db: Kysely<Database>, filter: PublishedReportFilter, now: Date = new Date()): Promise<PublishedReportList> {
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  const { rows, total } = await selectPublishedReportPage(
    db,
    {
      q: filter.q?.trim() || undefined,
      laCode: filter.area || undefined,
      region: filter.region || undefined,
      outcome: filter.outcome || undefined,
      framework: filter.framework || undefined,
      publishedFrom: filter.from ? startOfUkDay(filter.from) : undefined,
      publishedBefore: filter.to ? startOfUkDay(nextDay(filter.to)) : undefined,
    },
    now,
    REPORTS_PER_PAGE,
    (page - 1) * REPORTS_PER_PAGE,
  );
  return { items: rows.map(summaryOf), total, page, pageCount: Math.ceil(total / REPORTS_PER_PAGE) };
}

/** The report at a public address as public at `now`: undefined for an unknown or embargoed one. */
export async function getPublishedReport(db: Kysely<Database>, slug: string, now: Date = new Date()): Promise<PublishedReport | undefined> {
  const reference = referenceOfSlug(slug);
  if (!reference) return undefined;
  const row = await selectPublishedReportByReference(db, reference, now);
  if (!row) return undefined;
  const entries = await selectPublicationEntries(db, [row.inspection_id], now);
  return {
    ...summaryOf(row),
    document: row.document,
    corrections: correctionsOf(entries),
    publicationId: row.publication_id,
    files: { pdfBytes: row.pdf_bytes, docxBytes: row.docx_bytes },
  };
}

/** Every report public at `now`, each with its latest document, most recently published or corrected first. */
export async function allPublishedReports(db: Kysely<Database>, now: Date = new Date()): Promise<PublishedReport[]> {
  const rows = await selectAllPublishedReports(db, now);
  const [entries, documents, sizes] = await Promise.all([
    selectPublicationEntries(db, rows.map((r) => r.inspection_id), now),
    selectPublicationDocuments(db, rows.map((r) => r.publication_id)),
    selectFileSizes(db, rows.flatMap((r) => [r.pdf_file_id, r.docx_file_id]).filter((id): id is string => id !== null)),
  ]);
  const byInspection = Map.groupBy(entries, (entry) => entry.inspection_id);
  return rows.map((row) => ({
    ...summaryOf(row),
    document: documents.get(row.publication_id)!,
    corrections: correctionsOf(byInspection.get(row.inspection_id) ?? []),
    publicationId: row.publication_id,
    files: {
      pdfBytes: row.pdf_file_id ? (sizes.get(row.pdf_file_id) ?? null) : null,
      docxBytes: row.docx_file_id ? (sizes.get(row.docx_file_id) ?? null) : null,
    },
  }));
}

/** A report in a feed: its summary, title, the outcome's sentence and its corrections, without its document. */
export type FeedReport = PublishedReportSummary & { title: string | null; outcomeSentence: string | null; corrections: PublishedCorrection[] };

/** The `limit` reports most recently published or corrected by `now`, for the Atom feed. */
export async function recentPublishedReports(db: Kysely<Database>, limit: number, now: Date = new Date()): Promise<FeedReport[]> {
  const rows = await selectAllPublishedReports(db, now, limit);
  const [entries, texts] = await Promise.all([
    selectPublicationEntries(db, rows.map((r) => r.inspection_id), now),
    selectFeedTexts(db, rows.map((r) => r.publication_id)),
  ]);
  const byInspection = Map.groupBy(entries, (entry) => entry.inspection_id);
  return rows.map((row) => ({
    ...summaryOf(row),
    title: texts.get(row.publication_id)?.title ?? null,
    outcomeSentence: texts.get(row.publication_id)?.sentence ?? null,
    corrections: correctionsOf(byInspection.get(row.inspection_id) ?? []),
  }));
}

/** Every report public at `now` without documents: the sitemap's list. */
export async function publishedReportSummaries(db: Kysely<Database>, now: Date = new Date()): Promise<PublishedReportSummary[]> {
  return (await selectAllPublishedReports(db, now)).map(summaryOf);
}

export type PublishedAreaChoice = { laCode: string; name: string; region: string };

/** The areas with a report public at `now`, by name: the search's area and region choices. */
export async function publishedAreas(db: Kysely<Database>, now: Date = new Date()): Promise<PublishedAreaChoice[]> {
  return (await selectPublishedAreas(db, now)).map((a) => ({ laCode: a.la_code, name: a.name, region: a.region }));
}
