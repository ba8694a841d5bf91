// The three outputs carry the same report: the PDF's text and the DOCX's text hold every heading and
// sentence of the HTML, in order, and nothing else; the PDF is tagged with page numbers, the DOCX has real styles.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import { loadConfig } from '../config.ts';
import { pdfTestSkipReason } from '../platform/render/pdf-test-support.ts';
import { createPdfRenderer, type PdfRenderer } from '../platform/render/pdf.ts';
import { composeReport } from './compose.ts';
import type { ReportDocument } from './report-document.ts';
import { renderReportDocx } from './report-docx.ts';
import { renderReportHtml } from './report-html.ts';
import { renderReportPdf } from './report-pdf.ts';
import { demoInputs, zipTextEntries } from './report-test-support.ts';

const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
const skipBrowser = pdfTestSkipReason(config);

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };

function decode(html: string): string {
  return html.replace(/&(?:lt|gt|quot|#39|amp);/g, (entity) => ENTITIES[entity]);
}

function normalise(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** Whitespace is where a line or a page happened to break, so the comparison leaves it out. */
function squash(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

type Unit = { heading: boolean; text: string };

/** The HTML's headings and pieces of text in reading order. */
function htmlUnits(html: string): Unit[] {
  return [...html.matchAll(/<(h[1-3]|p|li|caption|th|td)\b[^>]*>([^<]*)<\/\1>/g)].map((m) => ({ heading: m[1].startsWith('h'), text: normalise(decode(m[2])) }));
}

function sentencesOf(text: string): string[] {
  return normalise(text)
    .split(/(?<=[.!?:])\s+/)
    .filter(Boolean);
}

/** Asserts each piece is found in `whole`, each after the one before. */
function assertInOrder(pieces: string[], whole: string, what: string): void {
  const haystack = squash(whole);
  let from = 0;
  for (const piece of pieces) {
    const at = haystack.indexOf(squash(piece), from);
    assert.ok(at >= 0, `${what}: "${piece}" is not found after what came before it`);
    from = at + squash(piece).length;
  }
  assert.ok(pieces.length > 20, `${what}: ${pieces.length} pieces compared`);
}

type OutlineItem = { title: string; items: OutlineItem[] };

function flatten(items: readonly OutlineItem[] | null): string[] {
  return (items ?? []).flatMap((item) => [normalise(item.title), ...flatten(item.items)]);
}

const DOCUMENTS: [string, () => ReportDocument][] = [
  ['2023 report', () => composeReport(demoInputs({ framework: '2023', outcome: 'widespread_systemic_failings' }))],
  ['2016 letter', () => composeReport(demoInputs({ framework: '2016', outcome: 'wsoa_required' }))],
];

describe('the DOCX', () => {
  for (const [name, make] of DOCUMENTS) {
    test(`${name}: the same headings as Word headings, the same text in order, page numbers, title and language`, async () => {
      const document = make();
      const html = renderReportHtml(document);
      const units = htmlUnits(html);
      const docx = await renderReportDocx(document);

      const asHtml = (await mammoth.convertToHtml({ buffer: docx })).value;
      const wordHeadings = [...asHtml.matchAll(/<h([1-3])>([^<]*)<\/h\1>/g)].map((m) => normalise(decode(m[2])));
      assert.deepEqual(
        wordHeadings,
        units.filter((u) => u.heading).map((u) => u.text),
        'every heading is a Word heading, in the same order',
      );
      assert.equal((asHtml.match(/<ul>/g) ?? []).length, (html.match(/<ul /g) ?? []).length, 'lists are bulleted lists');
      assert.equal((asHtml.match(/<thead>/g) ?? []).length, (html.match(/<thead /g) ?? []).length, 'every table has a heading row');

      const text = (await mammoth.extractRawText({ buffer: docx })).value;
      const htmlSentences = units.flatMap((u) => (u.heading ? [u.text] : sentencesOf(u.text)));
      assertInOrder(htmlSentences, text, 'HTML in DOCX');
      assertInOrder(sentencesOf(text), units.map((u) => u.text).join(' '), 'DOCX in HTML');

      const parts = zipTextEntries(docx);
      const footer = [...parts].find(([file]) => /^word\/footer\d*\.xml$/.test(file))?.[1] ?? '';
      assert.match(footer, /Page /);
      assert.match(footer, /PAGE/);
      assert.match(footer, /NUMPAGES/);
      assert.match(parts.get('word/styles.xml') ?? '', /<w:lang w:val="en-GB"/);
      assert.ok(parts.get('docProps/core.xml')?.includes(`<dc:title>${document.title}</dc:title>`));
      const tables = document.sections.reduce((n, s) => n + s.tables.length, 0);
      assert.equal((parts.get('word/document.xml')?.match(/<w:tblHeader\/>/g) ?? []).length, tables, 'each table’s first row repeats as its heading row');
    });
  }
});

describe('the PDF', { skip: skipBrowser }, () => {
  let renderer: PdfRenderer;
  before(() => {
    renderer = createPdfRenderer({ chromiumPath: config.chromePath });
  });
  after(async () => {
    await renderer.close();
  });

  for (const [name, make] of DOCUMENTS) {
    test(`${name}: tagged, numbered pages, the HTML's headings as bookmarks and its text in order, and the DOCX's too`, async (t) => {
      const document = make();
      const html = renderReportHtml(document);
      const units = htmlUnits(html);
      const started = performance.now();
      const pdf = await renderReportPdf(document, renderer);
      t.diagnostic(`PDF in ${Math.round(performance.now() - started)} ms`);

      const bytes = pdf.toString('latin1');
      assert.ok(/\/StructTreeRoot \d+ 0 R/.test(bytes), 'has a structure tree');
      assert.ok(/\/MarkInfo\s*<<(\s*\/Type \/MarkInfo)?\s*\/Marked true/.test(bytes), 'is marked as tagged');
      assert.ok(/\/Lang \(en-GB\)/.test(bytes), 'states its language');

      const proxy = await getDocumentProxy(new Uint8Array(pdf));
      const { text: pages, totalPages } = await extractText(proxy, { mergePages: false });
      assert.ok(totalPages >= 2, `${totalPages} pages`);
      pages.forEach((page, i) => assert.match(page, new RegExp(`Page ${i + 1} of ${totalPages}\\s*$`), `page ${i + 1} is numbered`));
      const text = pages.map((page) => page.replace(/Page \d+ of \d+\s*$/, '')).join('\n');

      const outline = flatten((await proxy.getOutline()) as OutlineItem[] | null);
      assert.deepEqual(
        outline,
        units.filter((u) => u.heading).map((u) => u.text),
        'every heading is a bookmark, in the same order',
      );

      const htmlSentences = units.flatMap((u) => (u.heading ? [u.text] : sentencesOf(u.text)));
      assertInOrder(htmlSentences, text, 'HTML in PDF');
      assertInOrder(sentencesOf(text), units.map((u) => u.text).join(' '), 'PDF in HTML');

      const docxText = (await mammoth.extractRawText({ buffer: await renderReportDocx(document) })).value;
      assert.equal(squash(text), squash(docxText), 'the PDF and the DOCX hold the same words in the same order');
    });
  }
});
