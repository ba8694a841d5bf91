// The report document as a tagged, accessible A4 PDF: its HTML printed by Chromium with the report's print styles.
import type { PdfRenderer } from '../platform/render/pdf.ts';
import { REPORT_PRINT_CSS, renderReportHtml } from './report-html.ts';
import type { ReportDocument } from './report-document.ts';

/**
 * Prints the same HTML the site shows. The renderer makes the PDF tagged (headings and tables as
 * PDF structure, headings as bookmarks) with "Page X of Y" at the foot of each page.
 */
export function renderReportPdf(document: ReportDocument, renderer: PdfRenderer): Promise<Buffer> {
  return renderer.render({ html: renderReportHtml(document), title: document.title, css: REPORT_PRINT_CSS, lang: 'en-GB' });
}
