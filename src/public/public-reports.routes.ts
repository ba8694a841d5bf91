// The public reports site, for anyone without signing in: browse and search published reports, each
// report's page with its downloads and family summary, the Atom feed and the sitemap. Only what is
// published by the moment of the request is ever shown (the embargo is the read side's rule).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.ts';
import type { FrameworkDefinition } from '../frameworks/framework.ts';
import { listCurrentFrameworks } from '../frameworks/framework.service.ts';
import { NotFoundError } from '../platform/auth/guard.ts';
import { attachmentHeader, describeSize } from '../platform/files/stored-files.ts';
import { createPdfRenderer, PdfUnavailableError, type PdfRenderer } from '../platform/render/pdf.ts';
import { formErrors, type FormErrors } from '../platform/web/forms.ts';
import type { Block, ReportDocument } from '../reports/report-document.ts';
import { renderFamilySummaryHtml, renderReportHtml } from '../reports/report-html.ts';
import { renderReportDocx } from '../reports/report-docx.ts';
import { renderReportPdf } from '../reports/report-pdf.ts';
import { publicationFile } from '../reports/report-publication.service.ts';
import {
  REPORTS_PER_PAGE,
  getPublishedReport,
  listPublishedReports,
  publishedAreas,
  publishedReportSummaries,
  recentPublishedReports,
  type PublishedReport,
  type PublishedReportList,
  type PublishedReportSummary,
} from '../reports/published-report.service.ts';
import { feedbackComponent } from './page-feedback.routes.ts';
import { FEED_SIZE, reportsAtomFeed, sitemapEntries, sitemapXml } from './public-feeds.ts';
import { downloadFileName, hasActiveSearch, parseReportSearch, searchChoices, searchQuery, searchValues, type Choice, type SearchChoices, type SearchValues } from './public-reports.ts';

const VIEWS = 'public/views';

/**
 * Anonymous readers' pages may be kept by browsers and shared caches for five minutes: a report
 * appears at most that long after its publication moment, and never before it (nothing is
 * generated for it until then). Signed-in visitors' pages carry their name and a sign-out token,
 * so those are never stored; `Vary: Cookie` keeps the two apart in caches.
 */
const PUBLIC_CACHE = 'public, max-age=300';

function cacheFor(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header('vary', 'Cookie');
  return reply.header('cache-control', request.visitor.principal ? 'private, no-store' : PUBLIC_CACHE);
}

/** Nothing at this address (yet): not kept, so the page appears the moment it is published. */
function notFound(reply: FastifyReply): never {
  reply.header('cache-control', 'no-store');
  throw new NotFoundError('Not found');
}

type SelectItem = { value: string; text: string; selected?: boolean };

/** A select's items: "any" first; a value that is not a choice is kept, selected, beside its error. */
function selectItems(anyText: string, choices: readonly Choice[], chosen: string): SelectItem[] {
  const items: SelectItem[] = [{ value: '', text: anyText, selected: chosen === '' }];
  for (const choice of choices) items.push({ value: choice.value, text: choice.text, selected: choice.value === chosen });
  if (chosen && !choices.some((c) => c.value === chosen)) items.push({ value: chosen, text: `${chosen} (not one of the choices)`, selected: true });
  return items;
}

function selects(choices: SearchChoices, values: SearchValues) {
  return {
    area: selectItems('Any area', choices.areas, values.area),
    region: selectItems('Any region', choices.regions, values.region),
    outcome: selectItems('Any outcome', choices.outcomes, values.outcome),
    framework: selectItems('Any framework', choices.frameworks, values.framework),
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

function resultText(result: PublishedReportList, filtered: boolean): string {
  const noun = result.total === 1 ? 'report' : 'reports';
  const sentence = `${result.total.toLocaleString('en-GB')} ${noun}${filtered ? ' match' + (result.total === 1 ? 'es' : '') : ' published'}`;
  if (result.total === 0) return filtered ? 'No reports match' : 'No reports have been published yet';
  if (result.items.length === 0) return `${sentence}. There are no results on page ${result.page}: there ${result.pageCount === 1 ? 'is 1 page' : `are ${result.pageCount} pages`}.`;
  if (result.pageCount <= 1) return sentence;
  const first = (result.page - 1) * REPORTS_PER_PAGE + 1;
  return `${sentence}. Showing ${first} to ${first + result.items.length - 1}.`;
}

function reportPath(report: { slug: string }, rest = ''): string {
  return `/reports/${report.slug}${rest}`;
}

function listItem(report: PublishedReportSummary) {
  return {
    href: reportPath(report),
    title: `${report.areaName}: ${report.inspectionTypeName.toLowerCase()}`,
    ...report,
  };
}

function downloads(report: PublishedReport) {
  const size = (bytes: number | null) => (bytes === null ? undefined : describeSize(bytes));
  return [
    { href: reportPath(report, '/report.pdf'), text: 'Download the report as a PDF', format: 'PDF', size: size(report.files.pdfBytes) },
    { href: reportPath(report, '/report.docx'), text: 'Download the report as a Word document', format: 'DOCX', size: size(report.files.docxBytes) },
  ];
}

/** The document without its title section, which the page shows itself above the report's details. */
function titleAndBody(document: ReportDocument): { title: string; titleBlocks: Block[]; bodyHtml: string } {
  const titleSection = document.sections.find((s) => s.code === 'title');
  const body = { ...document, sections: document.sections.filter((s) => s.code !== 'title') };
  return { title: titleSection?.heading ?? document.title, titleBlocks: titleSection?.blocks ?? [], bodyHtml: renderReportHtml(body) };
}

export async function publicReportsRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, config } = deps;
  const kysely = db.kysely;
  const publicPage = { config: { permission: 'public' as const } };

  let renderer: PdfRenderer | undefined;
  const pdfRenderer = () => (renderer ??= createPdfRenderer({ chromiumPath: config.chromePath }));
  app.addHook('onClose', async () => {
    await renderer?.close();
  });
  const renderers = { pdf: (document: ReportDocument) => renderReportPdf(document, pdfRenderer()), docx: renderReportDocx };

  // Framework definitions change only when the service is updated: read them once.
  let definitions: Promise<FrameworkDefinition[]> | undefined;
  const frameworkDefinitions = () =>
    (definitions ??= listCurrentFrameworks(kysely)
      .then((revisions) => revisions.map((r) => r.definition))
      .catch((error: unknown) => {
        definitions = undefined;
        throw error;
      }));

  async function reportOr404(request: FastifyRequest, reply: FastifyReply): Promise<PublishedReport> {
    const { slug } = request.params as { slug: string };
    const report = await getPublishedReport(kysely, slug);
    return report ?? notFound(reply);
  }

  // ---- Browse and search ---------------------------------------------------------------------

  app.get('/reports', publicPage, async (request, reply) => {
    const definitionList = await frameworkDefinitions();
    // The areas with reports and the results are read together: the search is read first taking the
    // area and region as given, then checked against the areas once known (results are unused if wrong).
    const values = searchValues(request.query);
    const asGiven = parseReportSearch(values, searchChoices(definitionList, values.area || values.region ? [{ laCode: values.area, name: '', region: values.region }] : []));
    const [areas, optimistic] = await Promise.all([publishedAreas(kysely), asGiven.ok ? listPublishedReports(kysely, asGiven.filter) : undefined]);
    const choices = searchChoices(definitionList, areas);
    const parsed = parseReportSearch(values, choices);
    const page = { pageTitle: 'Area SEND inspection reports', values: parsed.values, selects: selects(choices, parsed.values), feedback: feedbackComponent(request, config) };
    if (!parsed.ok) {
      const errors: FormErrors = formErrors(parsed.issues.map((issue) => ({ path: [issue.field], message: issue.message })));
      reply.header('cache-control', 'no-store');
      return reply.code(400).view(`${VIEWS}/reports-search.njk`, { ...page, errors, filtered: true });
    }
    const result = optimistic ?? (await listPublishedReports(kysely, parsed.filter));
    const filtered = hasActiveSearch(parsed.filter);
    return cacheFor(request, reply).view(`${VIEWS}/reports-search.njk`, {
      ...page,
      filtered,
      result,
      resultText: resultText(result, filtered),
      reports: result.items.map(listItem),
      pagination: pagination(result.page, result.pageCount, (n) => `/reports${searchQuery(parsed.values, n)}`),
    });
  });

  // ---- The feed and the sitemap (before /reports/:slug, which they would otherwise match) -----

  app.get('/reports/feed.atom', publicPage, async (request, reply) => {
    const reports = await recentPublishedReports(kysely, FEED_SIZE);
    return cacheFor(request, reply).type('application/atom+xml; charset=utf-8').send(reportsAtomFeed(reports, config.serviceUrl, new Date()));
  });

  app.get('/sitemap.xml', publicPage, async (request, reply) => {
    const reports = await publishedReportSummaries(kysely);
    return cacheFor(request, reply).type('application/xml; charset=utf-8').send(sitemapXml(sitemapEntries(reports), config.serviceUrl));
  });

  // ---- A report -------------------------------------------------------------------------------

  app.get('/reports/:slug', publicPage, async (request, reply) => {
    const report = await reportOr404(request, reply);
    const { title, titleBlocks, bodyHtml } = titleAndBody(report.document);
    return cacheFor(request, reply).view(`${VIEWS}/report.njk`, {
      pageTitle: title,
      report,
      title,
      titleBlocks,
      reportHtml: bodyHtml,
      downloads: downloads(report),
      summaryHref: reportPath(report, '/summary'),
      latestCorrection: report.corrections.at(-1),
      feedback: feedbackComponent(request, config),
      backLink: { href: '/reports', text: 'All inspection reports' },
    });
  });

  app.get('/reports/:slug/summary', publicPage, async (request, reply) => {
    const report = await reportOr404(request, reply);
    return cacheFor(request, reply).view(`${VIEWS}/report-summary.njk`, {
      pageTitle: report.document.familySummary.title,
      report,
      summaryHtml: renderFamilySummaryHtml(report.document),
      reportHref: reportPath(report),
      feedback: feedbackComponent(request, config),
      backLink: { href: reportPath(report), text: 'The full report' },
    });
  });

  async function sendFile(request: FastifyRequest, reply: FastifyReply, kind: 'pdf' | 'docx') {
    const report = await reportOr404(request, reply);
    let file: Awaited<ReturnType<typeof publicationFile>>;
    try {
      file = await publicationFile(kysely, report.publicationId, kind, renderers);
    } catch (error) {
      if (!(error instanceof PdfUnavailableError)) throw error;
      request.log.error({ err: error }, 'report PDF could not be made');
      reply.code(503).header('cache-control', 'no-store');
      return reply.view('errors/problem.njk', {
        heading: 'The PDF cannot be downloaded at the moment',
        message: 'Try again later, or read the report on its page or download it as a Word document.',
      });
    }
    if (!file) return notFound(reply);
    return cacheFor(request, reply).type(file.content_type).header('content-disposition', attachmentHeader(downloadFileName(report, kind))).send(file.content);
  }

  app.get('/reports/:slug/report.pdf', publicPage, async (request, reply) => sendFile(request, reply, 'pdf'));
  app.get('/reports/:slug/report.docx', publicPage, async (request, reply) => sendFile(request, reply, 'docx'));
}
