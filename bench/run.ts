// `npm run bench [-- NAME...]`: runs the benchmarks (all, or the ones named), writes
// bench/results/<name>.json and rebuilds the figures in docs/benchmarks.md from every stored result.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPostgresTestDatabase, isPostgresReachable } from '../src/platform/db/test-database.ts';
import { describeCasesImport, runCasesImportBenchmark, type CasesImportFigures } from './cases-import.bench.ts';
import { describeCasesSample, runCasesSampleBenchmark, type CasesSampleFigures } from './cases-sample.bench.ts';
import { describeEvidencePages, runEvidencePagesBenchmark, type EvidencePagesFigures } from './evidence-pages.bench.ts';
import { describePublicPages, runPublicPagesBenchmark, type PublicPagesFigures } from './public-pages.bench.ts';
import { describeReportRender, runReportRenderBenchmark, type ReportRenderFigures } from './report-render.bench.ts';
import { benchSkeleton, type BenchResult } from './skeleton.bench.ts';
import { runSurveyAnalysisBenchmark, type SurveyAnalysisFigures } from './survey-analysis.bench.ts';
import { describeSurveyIntake, runSurveyIntakeBenchmark, type SurveyIntakeFigures } from './survey-intake.bench.ts';

const RESULTS = path.join(import.meta.dirname, 'results');
const DOC = path.join(import.meta.dirname, '..', 'docs', 'benchmarks.md');
const BENCHMARKS = ['skeleton', 'survey-intake', 'survey-analysis', 'cases-import', 'cases-sample', 'evidence-pages', 'report-render', 'public-pages'] as const;
type BenchmarkName = (typeof BENCHMARKS)[number];

function skeletonRow(r: BenchResult): string {
  const f = r.figures as Record<string, never>;
  if (r.name === 'inspection-dashboard') {
    const p = f.product as { perSecond: number; p50Ms: number; p99Ms: number; errors: number };
    const b = f.baseline as { perSecond: number; p50Ms: number; p99Ms: number };
    return `| ${r.name} (GET, signed in, ${f.concurrency} connections) | ${r.engine} | ${p.perSecond} req/s, p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms, ${p.errors} errors | bare Fastify, same page body: ${b.perSecond} req/s, p50 ${b.p50Ms} ms, p99 ${b.p99Ms} ms | ${f.shareOfBaseline} of baseline |`;
  }
  return `| ${r.name} (${f.rows} rows, one transaction) | ${r.engine} | ${f.auditedPerSecond} rows/s (${f.auditedMs} ms) | raw insert: ${f.rawPerSecond} rows/s (${f.rawMs} ms) | ${f.ratio}× the raw time |`;
}

function analysisRows(f: SurveyAnalysisFigures): string[] {
  return f.sizes.map(
    (s) =>
      `| survey-analysis (${s.responses.toLocaleString('en-GB')} responses, ${s.comments.toLocaleString('en-GB')} comments coded and redacted, ${s.workers} workers) | postgres | ${s.analysisSeconds} s, peak ${s.peakRssMb} MB | closed-question counts in one SQL query: ${s.baselineSeconds} s | ${s.ratio}× the baseline's time |`,
  );
}

type Stored = { measuredAt: string; results: BenchResult[] };

function readStored(name: string): Stored | undefined {
  const file = path.join(RESULTS, `${name}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Stored) : undefined;
}

function writeStored(name: string, results: BenchResult[], measuredAt: string): void {
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, `${name}.json`), `${JSON.stringify({ measuredAt, results }, null, 2)}\n`);
}

/** Every stored result as table rows, each file with the time it was measured. */
function table(): string {
  const lines = ['| benchmark | engine | product | baseline in the same run | ratio |', '|---|---|---|---|---|'];
  const measured: string[] = [];
  for (const name of ['audited-write', 'inspection-dashboard', 'survey-intake', 'survey-analysis', 'cases-import', 'cases-sample', 'evidence-pages', 'report-render', 'public-pages']) {
    const stored = readStored(name);
    if (!stored) continue;
    measured.push(`${name}: ${stored.measuredAt}`);
    for (const r of stored.results) {
      if (name === 'survey-intake') lines.push(describeSurveyIntake(r.figures as unknown as SurveyIntakeFigures));
      else if (name === 'survey-analysis') lines.push(...analysisRows(r.figures as unknown as SurveyAnalysisFigures));
      else if (name === 'cases-import') lines.push(...describeCasesImport(r.figures as unknown as CasesImportFigures));
      else if (name === 'cases-sample') lines.push(describeCasesSample(r.figures as unknown as CasesSampleFigures));
      else if (name === 'evidence-pages') lines.push(...describeEvidencePages(r.figures as unknown as EvidencePagesFigures));
      else if (name === 'report-render') lines.push(...describeReportRender(r.figures as unknown as ReportRenderFigures));
      else if (name === 'public-pages') lines.push(...describePublicPages(r.figures as unknown as PublicPagesFigures));
      else lines.push(skeletonRow(r));
    }
  }
  return `Measured (2 cores; compare with the baseline, not across machines): ${measured.join('; ')}.\n\n${lines.join('\n')}`;
}

async function runSkeleton(measuredAt: string): Promise<void> {
  const results: BenchResult[] = [];
  console.log('Benchmark: skeleton on PGlite');
  results.push(...(await benchSkeleton('pglite')));
  if (await isPostgresReachable()) {
    console.log('Benchmark: skeleton on PostgreSQL');
    const target = await createPostgresTestDatabase();
    try {
      results.push(...(await benchSkeleton('postgres', target.connectionString)));
    } finally {
      await target.drop();
    }
  }
  for (const name of new Set(results.map((r) => r.name))) writeStored(name, results.filter((r) => r.name === name), measuredAt);
}

async function runIntake(measuredAt: string): Promise<void> {
  console.log('Benchmark: survey-intake on PostgreSQL');
  const figures = await runSurveyIntakeBenchmark({ progress: (line) => console.log(`  ${line}`) });
  writeStored('survey-intake', [{ name: 'survey-intake', engine: 'postgres', figures: figures as unknown as Record<string, unknown> }], measuredAt);
}

async function runAnalysis(measuredAt: string, sizes: number[]): Promise<void> {
  console.log(`Benchmark: survey-analysis on PostgreSQL (${sizes.join(', ')} responses)`);
  const figures = await runSurveyAnalysisBenchmark({ sizes, log: (line) => console.log(`  ${line}`) });
  writeStored('survey-analysis', [{ name: 'survey-analysis', engine: 'postgres', figures: figures as unknown as Record<string, unknown> }], measuredAt);
}

async function runCasesImport(measuredAt: string): Promise<void> {
  console.log('Benchmark: cases-import on PostgreSQL (20,000 and 640,000 rows)');
  const figures = await runCasesImportBenchmark({ log: (line) => console.log(`  ${line}`) });
  writeStored('cases-import', [{ name: 'cases-import', engine: 'postgres', figures: figures as unknown as Record<string, unknown> }], measuredAt);
}

async function runCasesSample(measuredAt: string): Promise<void> {
  console.log('Benchmark: cases-sample on PostgreSQL (40 plans and 6 tracked children from 640,000 people)');
  const figures = await runCasesSampleBenchmark({ log: (line) => console.log(`  ${line}`) });
  writeStored('cases-sample', [{ name: 'cases-sample', engine: 'postgres', figures: figures as unknown as Record<string, unknown> }], measuredAt);
}

async function runEvidencePages(measuredAt: string, postgres: boolean): Promise<void> {
  const results: BenchResult[] = [];
  for (const engine of postgres ? (['postgres', 'pglite'] as const) : (['pglite'] as const)) {
    console.log(`Benchmark: evidence-pages on ${engine === 'postgres' ? 'PostgreSQL' : 'PGlite'} (5,000 notes; dashboard, matrix, criterion page at 20 users; note saves)`);
    const figures = await runEvidencePagesBenchmark({ engine, log: (line) => console.log(`  ${line}`) });
    results.push({ name: 'evidence-pages', engine, figures: figures as unknown as Record<string, unknown> });
  }
  writeStored('evidence-pages', results, measuredAt);
}

async function runReportRender(measuredAt: string): Promise<void> {
  console.log('Benchmark: report-render (a 12-page report as HTML, DOCX and PDF)');
  const figures = await runReportRenderBenchmark({ log: (line) => console.log(`  ${line}`) });
  writeStored('report-render', [{ name: 'report-render', engine: 'none', figures: figures as unknown as Record<string, unknown> }], measuredAt);
}

async function runPublicPages(measuredAt: string, postgres: boolean): Promise<void> {
  const results: BenchResult[] = [];
  for (const engine of postgres ? (['postgres', 'pglite'] as const) : (['pglite'] as const)) {
    console.log(`Benchmark: public-pages on ${engine === 'postgres' ? 'PostgreSQL' : 'PGlite'} (300 published reports; a report page and the search at 50 anonymous readers)`);
    const figures = await runPublicPagesBenchmark({ engine, log: (line) => console.log(`  ${line}`) });
    results.push({ name: 'public-pages', engine, figures: figures as unknown as Record<string, unknown> });
  }
  writeStored('public-pages', results, measuredAt);
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { sizes: { type: 'string' } } });
const unknown = positionals.filter((p) => !(BENCHMARKS as readonly string[]).includes(p));
if (unknown.length) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Choose from: ${BENCHMARKS.join(', ')}.`);
  process.exit(2);
}
const chosen = (positionals.length ? positionals : BENCHMARKS) as BenchmarkName[];
const sizes = values.sizes ? values.sizes.split(',').map((s) => Number(s.replace(/_/g, ''))) : [100_000, 1_000_000];
const postgres = await isPostgresReachable();
const measuredAt = new Date().toISOString();
for (const name of chosen) {
  if (!['skeleton', 'evidence-pages', 'report-render', 'public-pages'].includes(name) && !postgres) {
    console.log(`PostgreSQL did not answer: ${name} was skipped.`);
    continue;
  }
  if (name === 'skeleton') await runSkeleton(measuredAt);
  if (name === 'survey-intake') await runIntake(measuredAt);
  if (name === 'survey-analysis') await runAnalysis(measuredAt, sizes);
  if (name === 'cases-import') await runCasesImport(measuredAt);
  if (name === 'cases-sample') await runCasesSample(measuredAt);
  if (name === 'evidence-pages') await runEvidencePages(measuredAt, postgres);
  if (name === 'report-render') await runReportRender(measuredAt);
  if (name === 'public-pages') await runPublicPages(measuredAt, postgres);
}
const doc = fs.readFileSync(DOC, 'utf8');
const marker = /<!-- figures -->[\s\S]*<!-- \/figures -->/;
fs.writeFileSync(DOC, doc.replace(marker, `<!-- figures -->\n${table()}\n<!-- /figures -->`));
console.log(table());
