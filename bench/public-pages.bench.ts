// Benchmark `public-pages`: the public reports site read by 50 anonymous readers at once, with 300
// published reports (composed documents, both frameworks, every area): a report's page, the search
// page with no filter and with a filter, against a static public page of the app's and a bare route
// with a report page's bytes, served by the same process. Target: each page p95 ≤ 30 ms.
// Run alone: node bench/public-pages.bench.ts [--engines postgres,pglite] [--rounds N] [--seconds N] [--readers N] [--reports N]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { prepareDatabase } from '../src/bootstrap.ts';
import type { FrameworkCode } from '../src/frameworks/framework.ts';
import { openDatabase, type Db } from '../src/platform/db/database.ts';
import { createPostgresTestDatabase } from '../src/platform/db/test-database.ts';
import { publishFixtureReport } from '../src/reports/published-report-test-support.ts';
import type { EvidenceServerOrder } from './evidence-pages-server.ts';
import { startServer, type Engine, type ServerProcess } from './evidence-pages.bench.ts';
import { percentile, type LoadResult } from './measure.ts';

export type PublicPageFigures = {
  page: string;
  /** The address asked for, or its pattern when each request picks one. */
  path: string;
  bytes: number;
  /** 50 requests always waiting (each answered one followed at once by the next): what the server copes with. */
  saturated: { rounds: LoadResult[]; median: LoadResult; serverCpuMsPerRequest: number };
  /** 50 readers pausing between pages (PAUSE_MS): the latency a reader meets. Not measured for the bare route. */
  readers?: { rounds: LoadResult[]; median: LoadResult };
};

export type PublicPagesFigures = {
  engine: Engine;
  cores: number;
  loadAverageAtStart: number;
  loadAverageAtEnd: number;
  note: string;
  reports: number;
  areas: number;
  readers: number;
  pauseMs: { min: number; max: number };
  seconds: number;
  rounds: number;
  setupSeconds: number;
  bare: PublicPageFigures;
  trivial: PublicPageFigures;
  pages: PublicPageFigures[];
  /** met: with the readers pausing between pages (the target's "50 concurrent readers"); metSaturated: with 50 requests always waiting. */
  targets: { pageP95Ms: number; met: boolean; metSaturated: boolean };
};

export type PublicPagesOptions = { engine: Engine; rounds?: number; seconds?: number; readers?: number; reports?: number; logLevel?: string; log?: (line: string) => void };

const REPORTS = 300;
const READERS = 50;
const PAGE_P95_TARGET_MS = 30;
/** A reader's pause between one page and the next, as in evidence-pages: from 0.5 to 1.5 s. */
const PAUSE_MS = { min: 500, max: 1500 };

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

// ---- The published reports ---------------------------------------------------------------------

type Seeded = { slugs: string[]; regions: string[]; areas: number };

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * `count` reports, about two for each area: first the areas' 2016 letters (historical, 2017 to 2022),
 * then their 2023 reports (2023 to 2026), the outcomes in turn, each published 40 days after its
 * inspection, every document composed from demo-like findings and narrative.
 */
async function seedReports(db: Db, count: number): Promise<Seeded> {
  await prepareDatabase(db);
  const areas = await db.kysely.selectFrom('local_area').select(['la_code', 'region']).orderBy('la_code').execute();
  const slugs: string[] = [];
  const outcomes: Record<FrameworkCode, string[]> = { '2016': ['wsoa_not_required', 'wsoa_required'], '2023': ['positive', 'inconsistent', 'widespread_systemic_failings'] };
  for (let i = 0; i < count; i++) {
    const area = areas[i % areas.length]!;
    const frameworkCode: FrameworkCode = i < areas.length ? '2016' : '2023';
    const first = Date.parse(frameworkCode === '2016' ? '2017-01-09T00:00:00Z' : '2023-01-09T00:00:00Z');
    const span = frameworkCode === '2016' ? 6 * 365 : 3.5 * 365;
    const start = first + Math.floor(((i * 37) % areas.length) * (span / areas.length)) * 86_400_000;
    const report = await publishFixtureReport(db, {
      laCode: area.la_code,
      frameworkCode,
      outcome: outcomes[frameworkCode][i % outcomes[frameworkCode].length],
      onsiteStart: isoDate(start),
      onsiteEnd: isoDate(start + 4 * 86_400_000),
      publishedAt: new Date(start + 40 * 86_400_000),
      composed: true,
    });
    slugs.push(report.slug);
  }
  return { slugs, regions: [...new Set(areas.map((a) => a.region))], areas: areas.length };
}

// ---- Readers -----------------------------------------------------------------------------------

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

function medianBy<T>(rounds: T[], key: (r: T) => number): T {
  return [...rounds].sort((a, b) => key(a) - key(b))[Math.floor(rounds.length / 2)]!;
}

/**
 * `users` anonymous readers for `seconds`, each asking for the address `next()` gives, reading the
 * whole answer, then pausing for `pauseMs` (chosen at random in the range) before the next; with no
 * pause, each asks again at once, so `users` requests are always waiting.
 */
async function readPages(next: () => string, o: { users: number; seconds: number; pauseMs?: { min: number; max: number } }): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + o.seconds * 1000;
  async function reader(): Promise<void> {
    // Readers arrive over one pause rather than all at the same instant.
    if (o.pauseMs) await sleep(Math.random() * o.pauseMs.max);
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const response = await fetch(next(), { redirect: 'manual' });
        await response.arrayBuffer();
        if (response.status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
      if (o.pauseMs) await sleep(o.pauseMs.min + Math.random() * (o.pauseMs.max - o.pauseMs.min));
    }
  }
  await Promise.all(Array.from({ length: o.users }, reader));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds: round(seconds),
    perSecond: Math.round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
  };
}

type Target = { page: string; path: string; next: () => string; mustContain: string; measureReaders: boolean };

/** Asks for the page once; refuses to measure a page that is not what it should be (an error page is fast). */
async function checkPage(target: Target): Promise<string> {
  const url = target.next();
  const response = await fetch(url, { redirect: 'manual' });
  const body = await response.text();
  if (response.status !== 200 || !body.includes(target.mustContain)) {
    throw new Error(`${target.page} (${url}) answered ${response.status} without "${target.mustContain}": the benchmark cannot measure it`);
  }
  return body;
}

type Settings = { rounds: number; seconds: number; readers: number; log: (line: string) => void };

function targetsOf(server: ServerProcess, seeded: Seeded): Target[] {
  const app = server.url;
  return [
    { page: 'bare route, same bytes as a report page', path: '/', next: () => server.bareUrl, mustContain: 'Download the report as a PDF', measureReaders: false },
    { page: 'accessibility statement (static public page)', path: '/accessibility', next: () => `${app}/accessibility`, mustContain: 'Accessibility', measureReaders: true },
    { page: 'a report’s page', path: `/reports/:slug (one of the ${seeded.slugs.length} at random)`, next: () => `${app}/reports/${pick(seeded.slugs)}`, mustContain: 'Download the report as a PDF', measureReaders: true },
    { page: 'search, no filter (first page)', path: '/reports', next: () => `${app}/reports`, mustContain: 'reports published', measureReaders: true },
    {
      page: 'search, filtered by region and framework',
      path: '/reports?region=:region&framework=2023 (a region at random)',
      next: () => `${app}/reports?${new URLSearchParams({ region: pick(seeded.regions), framework: '2023' })}`,
      mustContain: 'match',
      measureReaders: true,
    },
  ];
}

/** The pages in turn, round after round, so all of them meet the same load on the machine. */
async function measurePages(server: ServerProcess, seeded: Seeded, o: Settings): Promise<PublicPageFigures[]> {
  const targets = targetsOf(server, seeded);
  await server.setBareBody(await checkPage(targets[2]!));
  const bytes: number[] = [];
  for (const target of targets) bytes.push(Buffer.byteLength(await checkPage(target)));
  const saturated: LoadResult[][] = targets.map(() => []);
  const cpu: number[][] = targets.map(() => []);
  const readers: LoadResult[][] = targets.map(() => []);
  for (let r = 0; r < o.rounds; r++) {
    for (const [t, target] of targets.entries()) {
      await readPages(target.next, { users: o.readers, seconds: 1 });
      const cpuBefore = await server.cpuMicros();
      const measured = await readPages(target.next, { users: o.readers, seconds: o.seconds });
      cpu[t]!.push(((await server.cpuMicros()) - cpuBefore) / 1000 / Math.max(1, measured.requests));
      saturated[t]!.push(measured);
      o.log(`round ${r + 1}: ${target.page}, ${o.readers} requests always waiting: ${measured.perSecond} req/s, p50 ${measured.p50Ms} ms, p95 ${measured.p95Ms} ms, p99 ${measured.p99Ms} ms, ${measured.errors} errors`);
    }
    for (const [t, target] of targets.entries()) {
      if (!target.measureReaders) continue;
      const measured = await readPages(target.next, { users: o.readers, seconds: o.seconds * 2, pauseMs: PAUSE_MS });
      readers[t]!.push(measured);
      o.log(`round ${r + 1}: ${target.page}, ${o.readers} readers pausing between pages: ${measured.requests} requests, p50 ${measured.p50Ms} ms, p95 ${measured.p95Ms} ms, p99 ${measured.p99Ms} ms, ${measured.errors} errors`);
    }
  }
  return targets.map((target, t) => ({
    page: target.page,
    path: target.path,
    bytes: bytes[t]!,
    saturated: { rounds: saturated[t]!, median: medianBy(saturated[t]!, (x) => x.p95Ms), serverCpuMsPerRequest: round(medianBy(cpu[t]!, (x) => x)) },
    ...(target.measureReaders ? { readers: { rounds: readers[t]!, median: medianBy(readers[t]!, (x) => x.p95Ms) } } : {}),
  }));
}

export async function runPublicPagesBenchmark(options: PublicPagesOptions): Promise<PublicPagesFigures> {
  const o: Settings = {
    rounds: options.rounds ?? 3,
    seconds: options.seconds ?? 5,
    readers: options.readers ?? READERS,
    log: options.log ?? ((line: string) => console.log(line)),
  };
  const reports = options.reports ?? REPORTS;
  const loadAverageAtStart = round(os.loadavg()[0]!);
  const postgres = options.engine === 'postgres' ? await createPostgresTestDatabase() : undefined;
  const dataDir = options.engine === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'send-inspect-public-bench-')) : undefined;
  const database: EvidenceServerOrder['database'] = postgres ? { kind: 'postgres', connectionString: postgres.connectionString } : { kind: 'pglite', dataDir: dataDir! };
  try {
    const setupStarted = performance.now();
    const db = postgres
      ? await openDatabase({ kind: 'postgres', connectionString: postgres.connectionString })
      : await openDatabase({ kind: 'pglite', dataDir: dataDir!, command: 'public-pages benchmark' });
    let seeded: Seeded;
    try {
      seeded = await seedReports(db, reports);
    } finally {
      // The embedded database allows one process: the server's.
      await db.close();
    }
    const setupSeconds = round((performance.now() - setupStarted) / 1000, 1);
    o.log(`public-pages [${options.engine}]: ${reports} published reports for ${seeded.areas} areas in ${setupSeconds} s`);

    const server = await startServer({ database, logLevel: options.logLevel ?? 'info' });
    let measured: PublicPageFigures[];
    try {
      measured = await measurePages(server, seeded, o);
    } finally {
      await server.stop();
    }
    const [bare, trivial, ...pages] = measured;
    const cores = os.availableParallelism();
    const within = (l: LoadResult | undefined) => l !== undefined && l.p95Ms <= PAGE_P95_TARGET_MS && l.errors === 0;
    return {
      engine: options.engine,
      cores,
      loadAverageAtStart,
      loadAverageAtEnd: round(os.loadavg()[0]!),
      note: `The app and the bare route run in one server process in production configuration (request log at info), the readers in another, with no cache in front; ${options.engine === 'postgres' ? 'PostgreSQL' : 'PGlite (inside the server process)'} shares the machine's ${cores} cores. Reported: the round with the median p95 of ${o.rounds}.`,
      reports,
      areas: seeded.areas,
      readers: o.readers,
      pauseMs: PAUSE_MS,
      seconds: o.seconds,
      rounds: o.rounds,
      setupSeconds,
      bare: bare!,
      trivial: trivial!,
      pages,
      targets: {
        pageP95Ms: PAGE_P95_TARGET_MS,
        met: pages.every((p) => within(p.readers?.median)),
        metSaturated: pages.every((p) => within(p.saturated.median)),
      },
    };
  } finally {
    await postgres?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The benchmark as rows of the table in docs/benchmarks.md. */
export function describePublicPages(f: PublicPagesFigures): string[] {
  const figures = (l: LoadResult) => `p50 ${l.p50Ms} ms, p95 ${l.p95Ms} ms, p99 ${l.p99Ms} ms, ${l.errors} errors`;
  const readers = (p: PublicPageFigures) => (p.readers ? `${f.readers} readers pausing 0.5–1.5 s between pages: ${p.readers.median.perSecond} req/s, ${figures(p.readers.median)}` : '');
  const saturated = (p: PublicPageFigures) => `${f.readers} requests always waiting: ${p.saturated.median.perSecond} req/s, ${figures(p.saturated.median)}; server CPU ${p.saturated.serverCpuMsPerRequest} ms a request`;
  const verdict = (l: LoadResult | undefined) => (l !== undefined && l.p95Ms <= f.targets.pageP95Ms && l.errors === 0 ? 'met' : 'NOT met');
  const baseline = `${f.trivial.path} through the app: ${readers(f.trivial)}; ${saturated(f.trivial)}; bare route, a report page's bytes: ${f.bare.saturated.median.perSecond} req/s, p95 ${f.bare.saturated.median.p95Ms} ms`;
  return f.pages.map((p) => {
    const r = p.readers?.median;
    const ratio = r && f.trivial.readers ? `readers' p95 ${round(r.p95Ms / Math.max(0.01, f.trivial.readers.median.p95Ms), 1)}× ${f.trivial.path}'s` : '';
    return `| public-pages: ${p.page} (GET, anonymous, ${f.reports} published reports, median of ${f.rounds} rounds; load average ${f.loadAverageAtStart} at the start, ${f.loadAverageAtEnd} at the end) | ${f.engine} | ${readers(p)}; ${saturated(p)} | ${baseline} | ${ratio}; target p95 ≤ ${f.targets.pageP95Ms} ms: readers ${verdict(r)}; saturated ${verdict(p.saturated.median)} |`;
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { engines: { type: 'string' }, rounds: { type: 'string' }, seconds: { type: 'string' }, readers: { type: 'string' }, reports: { type: 'string' }, 'log-level': { type: 'string' } },
  });
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  for (const engine of (values.engines ?? 'postgres,pglite').split(',') as Engine[]) {
    const figures = await runPublicPagesBenchmark({
      engine,
      rounds: number(values.rounds),
      seconds: number(values.seconds),
      readers: number(values.readers),
      reports: number(values.reports),
      logLevel: values['log-level'],
    });
    console.log(describePublicPages(figures).join('\n'));
  }
}
