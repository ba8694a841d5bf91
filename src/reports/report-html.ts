// The report document as HTML in the GOV.UK publication style: the page the team previews, the public reads and Chromium prints.
import fs from 'node:fs';
import { escapeMarkup } from '../platform/render/escape.ts';
import type { Block, DocumentBlock, DocumentSection, DocumentTable, ReportDocument } from './report-document.ts';

/** Styles for a report opened on its own (the file `report render --format html` writes). */
export const REPORT_CSS = fs.readFileSync(new URL('./report.css', import.meta.url), 'utf8');
/** Styles added to the platform's print.css when a report is printed to PDF. */
export const REPORT_PRINT_CSS = fs.readFileSync(new URL('./report-print.css', import.meta.url), 'utf8');

/** Tables this short are kept on one page when printed; longer ones may break between rows. */
const SHORT_TABLE_ROWS = 8;

const e = escapeMarkup;

function keyAttributes(block: DocumentBlock): string {
  return ` id="${e(block.key)}" data-key="${e(block.key)}"`;
}

export type ReportHtmlOptions = {
  /** Team and area pages only: a link after each block to comment on it, at the address given for its key. */
  commentHref?: (key: string) => string;
  /** Inside a page with its own main heading: the report's title becomes a level 2 heading, and the rest follow one level down. */
  nested?: boolean;
};

const HEADINGS = {
  standalone: { title: ['h1', 'govuk-heading-xl'], section: ['h2', 'govuk-heading-l'], subsection: ['h3', 'govuk-heading-m'] },
  nested: { title: ['h2', 'govuk-heading-l'], section: ['h3', 'govuk-heading-m'], subsection: ['h4', 'govuk-heading-s'] },
} as const;

function headingHtml(level: readonly [string, string], text: string, id?: string): string {
  const [tag, style] = level;
  return `<${tag} class="${style}"${id ? ` id="${id}"` : ''}>${e(text)}</${tag}>`;
}

/** A block with its key, and the link to comment on it when the page offers one (named for screen readers by where it is). */
function keyedBlockHtml(block: DocumentBlock, heading: string, position: number, options: ReportHtmlOptions): string {
  const html = blockHtml(block, keyAttributes(block));
  if (!options.commentHref) return html;
  const what = block.type === 'list' ? 'list' : 'paragraph';
  const link = `<a class="govuk-link" href="${e(options.commentHref(block.key))}">Comment on this ${what}<span class="govuk-visually-hidden"> (${what} ${position} under “${e(heading)}”)</span></a>`;
  return `${html}<p class="govuk-body-s app-report__comment-link">${link}</p>`;
}

function blockHtml(block: Block, attributes = ''): string {
  if (block.type === 'paragraph') return `<p class="govuk-body"${attributes}>${e(block.text)}</p>`;
  return `<ul class="govuk-list govuk-list--bullet"${attributes}>${block.items.map((item) => `<li>${e(item)}</li>`).join('')}</ul>`;
}

function tableHtml(table: DocumentTable): string {
  const short = table.rows.length <= SHORT_TABLE_ROWS ? ' app-report__table--short' : '';
  const head = table.head.map((h) => `<th scope="col" class="govuk-table__header">${e(h)}</th>`).join('');
  const rows = table.rows
    .map((row) => {
      const [first, ...rest] = row;
      const cells = [`<th scope="row" class="govuk-table__header">${e(first ?? '')}</th>`, ...rest.map((cell) => `<td class="govuk-table__cell">${e(cell)}</td>`)];
      return `<tr class="govuk-table__row">${cells.join('')}</tr>`;
    })
    .join('');
  return (
    `<table class="govuk-table app-report__table${short}">` +
    `<caption class="govuk-table__caption govuk-table__caption--s">${e(table.caption)}</caption>` +
    `<thead class="govuk-table__head"><tr class="govuk-table__row">${head}</tr></thead>` +
    `<tbody class="govuk-table__body">${rows}</tbody></table>`
  );
}

function headingId(section: DocumentSection): string {
  return `section-${section.code}`;
}

function sectionHtml(section: DocumentSection, options: ReportHtmlOptions): string {
  const blocks = section.blocks.map((b, i) => keyedBlockHtml(b, section.heading, i + 1, options)).join('');
  const levels = options.nested ? HEADINGS.nested : HEADINGS.standalone;
  const id = e(headingId(section));
  if (section.code === 'title') return `${headingHtml(levels.title, section.heading, id)}${blocks}`;
  const subsections = section.subsections.map((sub) => `${headingHtml(levels.subsection, sub.heading)}${sub.blocks.map((b, i) => keyedBlockHtml(b, sub.heading, i + 1, options)).join('')}`).join('');
  const tables = section.tables.map(tableHtml).join('');
  return `<section class="app-report__section" aria-labelledby="${id}">${headingHtml(levels.section, section.heading, id)}${blocks}${subsections}${tables}</section>`;
}

/**
 * The report as an <article>: headings, paragraphs, bullet lists and tables, each block carrying
 * its key as `id` and `data-key` so comments and the comparison of versions can point at it.
 * Every piece of text is escaped, so what anyone typed is shown as text, never as markup.
 */
export function renderReportHtml(document: ReportDocument, options: ReportHtmlOptions = {}): string {
  return `<article class="app-report" lang="en-GB">${document.sections.map((s) => sectionHtml(s, options)).join('')}</article>`;
}

/** The family summary as an <article>, for its own page. */
export function renderFamilySummaryHtml(document: ReportDocument): string {
  const summary = document.familySummary;
  return `<article class="app-report app-family-summary" lang="en-GB"><h1 class="govuk-heading-xl">${e(summary.title)}</h1>${summary.blocks.map((b) => blockHtml(b)).join('')}</article>`;
}

/** A whole page holding the report, with its styles written in, that opens in any browser with no server. */
export function standaloneReportHtml(document: ReportDocument): string {
  return [
    '<!doctype html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(document.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    `<body><main class="app-report-page">${renderReportHtml(document)}</main></body>`,
    '</html>',
    '',
  ].join('\n');
}
