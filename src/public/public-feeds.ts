// The public site's machine-readable lists: the Atom feed of new and corrected reports, and the
// sitemap of public pages. Pure: built from what the read side returns and the site's address.
import { Feed } from 'feed';
import type { FeedReport, PublishedReportSummary } from '../reports/published-report.service.ts';

export const FEED_TITLE = 'Area SEND inspection reports';
export const FEED_SIZE = 50;

/** The site's address without a trailing slash, so paths join on cleanly. */
export function siteBase(serviceUrl: string): string {
  return serviceUrl.replace(/\/+$/, '');
}

/** Entries' titles and summaries are HTML to feed readers: text goes in escaped. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

function entryTitle(report: FeedReport): string {
  return report.title ?? `${report.areaName}: ${report.inspectionTypeName.toLowerCase()}`;
}

function entrySummary(report: FeedReport): string {
  const lines = [`${report.areaName} (${report.region}). ${report.frameworkName}, ${report.inspectionTypeName.toLowerCase()}.`];
  if (report.outcomeLabel) lines.push(`Outcome: ${report.outcomeLabel}.`);
  if (report.outcomeSentence) lines.push(report.outcomeSentence);
  for (const correction of report.corrections) lines.push(`Corrected on ${DAY.format(correction.publishedAt)}: ${correction.note}`);
  return lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('');
}

/**
 * An Atom feed of reports, newest publication or correction first. A correction updates its
 * report's entry (same id, later `updated`) rather than adding another.
 */
export function reportsAtomFeed(reports: readonly FeedReport[], serviceUrl: string, now: Date): string {
  const base = siteBase(serviceUrl);
  const newest = reports.reduce<Date | undefined>((latest, r) => (!latest || r.lastPublishedAt > latest ? r.lastPublishedAt : latest), undefined);
  const feed = new Feed({
    id: `${base}/reports`,
    title: FEED_TITLE,
    description: 'Reports of area SEND inspections, as they are published and corrected.',
    link: `${base}/reports`,
    feedLinks: { atom: `${base}/reports/feed.atom` },
    updated: newest ?? now,
    generator: false,
    language: 'en-GB',
    author: { name: 'Area SEND inspections', link: `${base}/` },
  });
  for (const report of reports) {
    const link = `${base}/reports/${report.slug}`;
    feed.addItem({
      id: link,
      link,
      title: escapeHtml(entryTitle(report)),
      description: entrySummary(report),
      date: report.lastPublishedAt,
      published: report.firstPublishedAt,
    });
  }
  return feed.atom1();
}

export type SitemapEntry = { path: string; lastModified?: Date };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** The public pages: the start page, the reports and their family summaries, and the open data. */
export function sitemapEntries(reports: readonly PublishedReportSummary[]): SitemapEntry[] {
  const newest = reports.reduce<Date | undefined>((latest, r) => (!latest || r.lastPublishedAt > latest ? r.lastPublishedAt : latest), undefined);
  return [
    { path: '/' },
    { path: '/reports', lastModified: newest },
    ...reports.flatMap((report) => [
      { path: `/reports/${report.slug}`, lastModified: report.lastPublishedAt },
      { path: `/reports/${report.slug}/summary`, lastModified: report.lastPublishedAt },
    ]),
    { path: '/open-data', lastModified: newest },
  ];
}

/** A sitemap (sitemaps.org 0.9) of absolute addresses. */
export function sitemapXml(entries: readonly SitemapEntry[], serviceUrl: string): string {
  const base = siteBase(serviceUrl);
  const urls = entries.map((entry) => {
    const lastmod = entry.lastModified ? `<lastmod>${entry.lastModified.toISOString()}</lastmod>` : '';
    return `  <url><loc>${escapeXml(`${base}${entry.path}`)}</loc>${lastmod}</url>`;
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', ...urls, '</urlset>', ''].join('\n');
}
