// Benchmark `report-render`: a report big enough to print as 12 A4 pages, composed from the report
// model, rendered as HTML, DOCX and PDF (Chromium already started), each against the same renderer
// given a one-paragraph report in the same run, and the HTML also against JSON.stringify of the
// same document. Targets: HTML ≤ 50 ms, DOCX ≤ 300 ms, PDF ≤ 2 s.
// Run alone: node bench/report-render.bench.ts [--pages N] [--html-runs N] [--docx-runs N] [--pdf-runs N]
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getDocumentProxy } from 'unpdf';
import { createPdfRenderer, DEFAULT_CHROMIUM_PATH, type PdfRenderer } from '../src/platform/render/pdf.ts';
import { composeReport, type ComposeFinding } from '../src/reports/compose.ts';
import type { Block, NarrativeSections, ReportDocument } from '../src/reports/report-document.ts';
import { narrativeSectionCodes } from '../src/reports/report-draft.ts';
import { renderReportDocx } from '../src/reports/report-docx.ts';
import { renderReportHtml, standaloneReportHtml } from '../src/reports/report-html.ts';
import { renderReportPdf } from '../src/reports/report-pdf.ts';
import { demoInputs, FINDINGS_2023, frameworkDefinition } from '../src/reports/report-test-support.ts';
import { percentile } from './measure.ts';

/** Times of one kind of render, in milliseconds. */
export type Timing = { runs: number; medianMs: number; p95Ms: number; minMs: number; maxMs: number };

/** One output: the report's renders and the baselines timed in turn with them. */
export type OutputFigures = { product: Timing; baselines: { what: string; timing: Timing }[]; bytes: number; targetMs: number; met: boolean };

export type ReportRenderFigures = {
  cores: number;
  loadAverageAtStart: number;
  loadAverageAtEnd: number;
  note: string;
  document: { framework: string; outcome: string; pages: number; paragraphsPerSection: number; findings: number; words: number };
  warmUpRuns: number;
  /** Chromium's start, paid once by a server before its first PDF and not counted in the PDF figures. */
  browserStartMs: number;
  html: OutputFigures;
  docx: OutputFigures;
  pdf: OutputFigures;
};

export type ReportRenderOptions = { pages?: number; htmlRuns?: number; docxRuns?: number; pdfRuns?: number; chromiumPath?: string; log?: (line: string) => void };

const TARGET_MS = { html: 50, docx: 300, pdf: 2000 };
const WARM_UP_RUNS = 3;
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

// ---- The 12-page report ------------------------------------------------------------------------

// Sentences of the kind the 2023 framework's reports are written in; paragraphs take three to five
// of them in turn, so no two paragraphs of the report are the same.
const SENTENCES = [
  'Leaders across the partnership share an accurate understanding of the strengths of the local area and of what must improve.',
  'Children and young people with SEND are identified early in most early years settings, and health visitors share information well.',
  'Families told inspectors that once they had an education, health and care plan, the support their child received improved.',
  'Too many families wait a long time for an assessment of their child’s needs, and they are not kept informed while they wait.',
  'The parent carer forum is an equal partner in planning services, and its members speak highly of the way leaders listen to them.',
  'Special educational needs coordinators value the training and advice offered by the local authority’s specialist teams.',
  'Some EHC plans are not updated after annual reviews, so they do not describe the child’s current needs or the support in place.',
  'Young people preparing for adulthood receive helpful advice about employment, independent living and their health.',
  'Waiting times for speech and language therapy have fallen over the last year, although they remain too long in the east of the area.',
  'The designated clinical officer works effectively with schools and health providers to improve the quality of health advice.',
  'Leaders have commissioned additional places in specialist provision, but some children still travel long distances to school.',
  'Practitioners in social care understand the needs of disabled children and work well with families to plan short breaks.',
  'The local offer website is not easy to navigate, and some families do not know what support is available to them.',
  'Children and young people who attend alternative provision are not always tracked closely enough to make sure they attend well.',
  'Co-production with children and young people is developing, and the youth forum has helped to shape the new transitions service.',
  'Leaders use data well to understand trends in the needs of children and young people, and they plan services in response.',
  'Health professionals contribute to EHC needs assessments in a timely way in most cases, but advice is sometimes too general.',
  'The quality of EHC plans varies too much: the best are precise and person-centred, while the weakest do not set clear outcomes.',
  'Mental health support for children and young people has improved through the new mental health support teams in schools.',
  'Families of children with complex needs value the key worker service and say that it has made a real difference to their lives.',
  'Exclusions of pupils with SEND have fallen, because schools have used the inclusion advisers’ guidance on adapting the curriculum.',
  'Leaders have not yet evaluated the impact of recent changes to the neurodevelopmental pathway on the experiences of families.',
  'Transport arrangements are reliable for most children, but the application process causes families unnecessary worry each year.',
  'Schools and colleges work together well to support young people moving into further education, training and employment.',
];

const LIST_ITEMS = [
  'Waiting times for neurodevelopmental assessments.',
  'The timeliness and quality of EHC plans.',
  'Communication with families while they wait for support.',
  'The accessibility of the local offer.',
  'The tracking of children in alternative provision.',
  'Preparation for adulthood for young people with complex needs.',
];

function paragraph(n: number): Block {
  const length = 3 + (n % 3);
  return { type: 'paragraph', text: Array.from({ length }, (_, i) => SENTENCES[(n * 5 + i) % SENTENCES.length]!).join(' ') };
}

/** Each narrative section of the 2023 report with `paragraphs` paragraphs and a list after every fourth. */
function narrative(paragraphs: number): NarrativeSections {
  return Object.fromEntries(
    narrativeSectionCodes(frameworkDefinition('2023')).map((code, s) => {
      const blocks: Block[] = [];
      for (let p = 0; p < paragraphs; p++) {
        blocks.push(paragraph(s * 31 + p));
        if (p % 4 === 3) blocks.push({ type: 'list', items: LIST_ITEMS.slice(p % 3, (p % 3) + 3) });
      }
      return [code, blocks];
    }),
  );
}

/** The demo findings and as many again reworded, as a report with a long list of findings has. */
const FINDINGS: ComposeFinding[] = [
  ...FINDINGS_2023,
  ...FINDINGS_2023.map((f, i) => ({ ...f, body: `${SENTENCES[(i * 7) % SENTENCES.length]} ${f.body}` })),
];

/** A 2023 full inspection with widespread and/or systemic failings: every section, both tables, the team, the counts. */
export function reportOfSize(paragraphsPerSection: number): ReportDocument {
  return composeReport(demoInputs({ framework: '2023', outcome: 'widespread_systemic_failings', findings: FINDINGS, narrative: narrative(paragraphsPerSection) }));
}

/** The same report's shape with one paragraph: what each renderer costs whatever the report says. */
export function oneParagraphReport(document: ReportDocument): ReportDocument {
  const title = document.sections.find((s) => s.code === 'title')!;
  return {
    ...document,
    sections: [{ ...title, blocks: [{ type: 'paragraph', text: 'This report is addressed to the local area partnership.', key: 'title.1', source: 'composed' }], subsections: [], tables: [] }],
    findings: [],
    team: [],
  };
}

async function pageCount(pdf: Buffer): Promise<number> {
  return (await getDocumentProxy(new Uint8Array(pdf))).numPages;
}

/**
 * The fewest paragraphs a section for which the report prints as `pages` pages, found by printing it:
 * how much text fills a page depends on the print styles and the fonts installed.
 */
async function calibrate(renderer: PdfRenderer, pages: number, log: (line: string) => void): Promise<{ paragraphs: number; pages: number }> {
  let low = 0;
  let high = 8;
  for (;;) {
    const printed = await pageCount(await renderReportPdf(reportOfSize(high), renderer));
    log(`${high} paragraphs a section: ${printed} pages`);
    if (printed >= pages) break;
    low = high;
    high *= 2;
    if (high > 512) throw new Error(`The report does not reach ${pages} pages`);
  }
  // The smallest count in (low, high] that reaches the page count.
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    const printed = await pageCount(await renderReportPdf(reportOfSize(middle), renderer));
    log(`${middle} paragraphs a section: ${printed} pages`);
    if (printed >= pages) high = middle;
    else low = middle;
  }
  return { paragraphs: high, pages: await pageCount(await renderReportPdf(reportOfSize(high), renderer)) };
}

// ---- Timing ------------------------------------------------------------------------------------

function summarise(times: number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    medianMs: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    minMs: round(sorted[0] ?? 0),
    maxMs: round(sorted.at(-1) ?? 0),
  };
}

async function timed(task: () => unknown): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

/**
 * Warms each task up, then runs them in turn `runs` times (product, then each baseline), so a burst
 * of load from elsewhere on the machine falls on all of them alike.
 */
async function measureInTurn(runs: number, tasks: (() => unknown)[]): Promise<Timing[]> {
  for (let w = 0; w < WARM_UP_RUNS; w++) for (const task of tasks) await task();
  const times: number[][] = tasks.map(() => []);
  for (let r = 0; r < runs; r++) for (const [t, task] of tasks.entries()) times[t]!.push(await timed(task));
  return times.map(summarise);
}

function output(timings: Timing[], whats: string[], bytes: number, targetMs: number): OutputFigures {
  const [product, ...baselines] = timings;
  return { product: product!, baselines: baselines.map((timing, i) => ({ what: whats[i]!, timing })), bytes, targetMs, met: product!.p95Ms <= targetMs };
}

function wordsIn(html: string): number {
  return html.replace(/<[^>]*>/g, ' ').split(/\s+/).filter(Boolean).length;
}

export async function runReportRenderBenchmark(options: ReportRenderOptions = {}): Promise<ReportRenderFigures> {
  const log = options.log ?? ((line: string) => console.log(line));
  const wantedPages = options.pages ?? 12;
  const loadAverageAtStart = round(os.loadavg()[0]!);
  const renderer = createPdfRenderer({ chromiumPath: options.chromiumPath ?? process.env.CHROME_PATH ?? DEFAULT_CHROMIUM_PATH });
  try {
    const tiny = '<p>One paragraph.</p>';
    const browserStartMs = round(await timed(() => renderer.render({ html: tiny, title: 'Start' })), 0);
    const size = await calibrate(renderer, wantedPages, log);
    const document = reportOfSize(size.paragraphs);
    const small = oneParagraphReport(document);
    const html = standaloneReportHtml(document);
    log(`report-render: ${size.pages} pages (${size.paragraphs} paragraphs in each narrative section, ${document.findings.length} findings, ${wordsIn(renderReportHtml(document)).toLocaleString('en-GB')} words)`);

    const htmlTimings = await measureInTurn(options.htmlRuns ?? 30, [() => standaloneReportHtml(document), () => standaloneReportHtml(small), () => JSON.stringify(document)]);
    log(`HTML: median ${htmlTimings[0]!.medianMs} ms, p95 ${htmlTimings[0]!.p95Ms} ms`);
    const docx = await renderReportDocx(document);
    const docxTimings = await measureInTurn(options.docxRuns ?? 20, [() => renderReportDocx(document), () => renderReportDocx(small)]);
    log(`DOCX: median ${docxTimings[0]!.medianMs} ms, p95 ${docxTimings[0]!.p95Ms} ms`);
    let pdf: Buffer | undefined;
    const pdfTimings = await measureInTurn(options.pdfRuns ?? 10, [
      async () => {
        pdf = await renderReportPdf(document, renderer);
      },
      () => renderReportPdf(small, renderer),
    ]);
    log(`PDF: median ${pdfTimings[0]!.medianMs} ms, p95 ${pdfTimings[0]!.p95Ms} ms`);
    const pages = await pageCount(pdf!);
    if (pages !== size.pages) throw new Error(`The measured PDF has ${pages} pages, the calibrated one ${size.pages}`);

    const cores = os.availableParallelism();
    return {
      cores,
      loadAverageAtStart,
      loadAverageAtEnd: round(os.loadavg()[0]!),
      note: `Renders run one at a time in this process; Chromium (one browser, a fresh context for each PDF) shares the machine's ${cores} cores. The report's and the baselines' runs alternate. A target is met when the p95 is within it.`,
      document: { framework: '2023', outcome: 'widespread_systemic_failings', pages, paragraphsPerSection: size.paragraphs, findings: document.findings.length, words: wordsIn(renderReportHtml(document)) },
      warmUpRuns: WARM_UP_RUNS,
      browserStartMs,
      html: output(htmlTimings, ['the one-paragraph report', 'JSON.stringify of the 12-page document'], Buffer.byteLength(html), TARGET_MS.html),
      docx: output(docxTimings, ['the one-paragraph report'], docx.length, TARGET_MS.docx),
      pdf: output(pdfTimings, ['the one-paragraph report'], pdf!.length, TARGET_MS.pdf),
    };
  } finally {
    await renderer.close();
  }
}

/** The benchmark as rows of the table in docs/benchmarks.md. */
export function describeReportRender(f: ReportRenderFigures): string[] {
  const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en-GB')} KB`;
  const timing = (t: Timing) => `median ${t.medianMs} ms, p95 ${t.p95Ms} ms (${t.runs} runs)`;
  const doc = `${f.document.pages} A4 pages, ${f.document.words.toLocaleString('en-GB')} words, ${f.document.findings} findings; load average ${f.loadAverageAtStart} at the start, ${f.loadAverageAtEnd} at the end`;
  const ratios = (o: OutputFigures) => o.baselines.map((b) => `${round(o.product.medianMs / Math.max(0.01, b.timing.medianMs), 1)}× ${b.what}`).join(', ');
  const row = (name: string, o: OutputFigures, extra = '') =>
    `| report-render: ${name} (${doc}${extra}) | no database | ${timing(o.product)}; ${kb(o.bytes)} | ${o.baselines.map((b) => `${b.what}: ${timing(b.timing)}`).join('; ')} | median ${ratios(o)}; target p95 ≤ ${o.targetMs.toLocaleString('en-GB')} ms ${o.met ? 'met' : 'NOT met'} |`;
  return [row('HTML', f.html), row('DOCX', f.docx), row('PDF', f.pdf, `; Chromium already started (its start: ${f.browserStartMs} ms)`)];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { pages: { type: 'string' }, 'html-runs': { type: 'string' }, 'docx-runs': { type: 'string' }, 'pdf-runs': { type: 'string' } } });
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const figures = await runReportRenderBenchmark({
    pages: number(values.pages),
    htmlRuns: number(values['html-runs']),
    docxRuns: number(values['docx-runs']),
    pdfRuns: number(values['pdf-runs']),
  });
  console.log(describeReportRender(figures).join('\n'));
}
