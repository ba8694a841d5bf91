// Benchmark `survey-intake`: sustained survey submissions per second through the whole app
// (POST /api/surveys/:linkCode/responses on PostgreSQL) against a bare Fastify route doing one
// INSERT of the same body, driven by the same clients. The clients retry with the same key on
// errors, timeouts and 429s, drop some responses on purpose and send some submissions twice;
// afterwards the stored rows must be exactly the accepted keys: nothing lost, nothing twice.
// Run alone: node bench/survey-intake.bench.ts [--seconds N] [--clients N] [--profile DIR] [--log-level L]
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { prepareDatabase } from '../src/bootstrap.ts';
import { buildDemoResponses } from '../src/demo/demo-surveys.ts';
import { openDatabase, type Db } from '../src/platform/db/database.ts';
import { createPostgresTestDatabase } from '../src/platform/db/test-database.ts';
import { createSurveyFixture, openWithLink } from '../src/surveys/survey-test-support.ts';
import { percentile } from './measure.ts';
import type { ServerOrder } from './survey-intake-server.ts';

export type SurveyIntakeOptions = {
  /** A fresh, migrated PostgreSQL database; without one, the benchmark makes its own and drops it. */
  connectionString?: string;
  warmupSeconds?: number;
  seconds?: number;
  /** Concurrent clients, each sending one submission at a time over a kept-alive connection. */
  clients?: number;
  /** Share of accepted submissions sent again with the same key, as a double press would. */
  duplicateShare?: number;
  /** Share of first attempts whose connection the client drops before the answer, then retries. */
  lostResponseShare?: number;
  /** Database connections in each server's pool (the app's default is 10). */
  poolSize?: number;
  /** The app's log level; production logs each request at 'info'. */
  productLogLevel?: string;
  /** Write the app server's CPU profile (.cpuprofile) into this folder. */
  cpuProfileDir?: string;
  progress?: (line: string) => void;
};

export type IntakeLoad = {
  /** 201 answers per second in the measured window: new responses stored. */
  acceptedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** HTTP exchanges completed in the measured window. */
  requests: number;
  created: number;
  alreadyStored: number;
  rateLimited: number;
  serverErrors: number;
  networkErrors: number;
  /** Answers other than 200, 201, 429 and 5xx (a 4xx would mean a client or server fault). */
  otherStatuses: Record<string, number>;
  /** Over the whole run, warm-up and draining included. */
  submissions: number;
  retries: number;
  duplicatesSent: number;
  /** Duplicates answered 200 already-stored, as they must be. */
  duplicatesRecognised: number;
  responsesDropped: number;
  /** Submissions given up after every retry failed: stored or not, the client cannot know. */
  unresolved: number;
};

/** Where the machine's CPU went in the measured window, in cores (2 = both cores busy). */
export type IntakeCpu = {
  server: number;
  loadGenerator: number;
  machine: number | null;
  /** The server process's CPU time per HTTP exchange: what each submission costs, however busy the machine. */
  serverMsPerRequest: number;
};

export type IntakeIntegrity = {
  acceptedKeys: number;
  storedRows: number;
  distinctStoredKeys: number;
  /** Accepted but not stored. */
  missing: number;
  /** Stored but never accepted (only possible for unresolved submissions). */
  unaccounted: number;
  exact: boolean;
};

export type SurveyIntakeFigures = {
  engine: 'postgres';
  cores: number;
  /** The machine's one-minute load average as the run began: well above `cores` means other work shared it. */
  loadAverageAtStart: number;
  note: string;
  clients: number;
  warmupSeconds: number;
  seconds: number;
  duplicateShare: number;
  lostResponseShare: number;
  poolSize: number;
  productLogLevel: string;
  bodyBytes: { min: number; median: number; max: number };
  product: IntakeLoad & { cpu: IntakeCpu; integrity: IntakeIntegrity };
  baseline: IntakeLoad & { cpu: IntakeCpu; integrity: IntakeIntegrity };
  shareOfBaseline: number;
  targets: { perSecond: number; shareOfBaseline: number; met: boolean };
};

const SERVER_SCRIPT = path.join(import.meta.dirname, 'survey-intake-server.ts');
const BASELINE_TABLE = 'bench_survey_response';
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_ATTEMPTS = 40;

// ---- The servers, each in its own process ------------------------------------------------------

type ServerProcess = { url: string; cpuMicros: () => Promise<number>; stop: () => Promise<void> };

async function startServer(order: ServerOrder, cpuProfileDir?: string): Promise<ServerProcess> {
  const child: ChildProcess = fork(SERVER_SCRIPT, [], {
    execPath: process.execPath,
    execArgv: cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [],
    // The app's request log goes nowhere, but it is still written: that is its cost in production.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`The ${order.kind} server stopped before listening (exit ${code})`)));
    child.once('message', (message: { url?: string; error?: string }) => (message.url ? resolve(message.url) : reject(new Error(message.error))));
    child.send({ start: order });
  });
  return {
    url,
    cpuMicros: () =>
      new Promise<number>((resolve) => {
        const answer = (message: { cpuMicros?: number }) => {
          if (message.cpuMicros === undefined) return;
          child.off('message', answer);
          resolve(message.cpuMicros);
        };
        child.on('message', answer);
        child.send('cpu');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

// ---- The clients -------------------------------------------------------------------------------

type Attempt = { status: number } | { error: string };

type Drive = { load: IntakeLoad; cpu: IntakeCpu; accepted: Set<string>; unresolvedKeys: Set<string> };

/** Busy and total CPU time of the whole machine so far, from /proc/stat; null where there is none. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3]! + (fields[4] ?? 0);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

type CpuMark = { at: number; self: number; server: number; machine: { busy: number; total: number } | null };

async function markCpu(server: ServerProcess): Promise<CpuMark> {
  const self = process.cpuUsage();
  return { at: performance.now(), self: self.user + self.system, server: await server.cpuMicros(), machine: machineTicks() };
}

function cpuBetween(start: CpuMark, end: CpuMark, requests: number): IntakeCpu {
  const micros = (end.at - start.at) * 1000;
  const cores = (used: number) => Number((used / micros).toFixed(2));
  const machine =
    start.machine && end.machine ? Number((((end.machine.busy - start.machine.busy) / (end.machine.total - start.machine.total)) * os.availableParallelism()).toFixed(2)) : null;
  return {
    server: cores(end.server - start.server),
    loadGenerator: cores(end.self - start.self),
    machine,
    serverMsPerRequest: Number(((end.server - start.server) / 1000 / Math.max(1, requests)).toFixed(3)),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Sends submissions from `clients` loops for warm-up plus the measured window, then lets every
 * submission in flight finish (retries included), so each key ends accepted or given up.
 */
async function drive(
  server: ServerProcess,
  url: string,
  bodies: readonly Buffer[],
  o: { clients: number; warmupSeconds: number; seconds: number; duplicateShare: number; lostResponseShare: number },
): Promise<Drive> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.clients, maxFreeSockets: o.clients });
  const windowStart = performance.now() + o.warmupSeconds * 1000;
  const windowEnd = windowStart + o.seconds * 1000;
  const latencies: number[] = [];
  const load: IntakeLoad = {
    acceptedPerSecond: 0, p50Ms: 0, p99Ms: 0, requests: 0, created: 0, alreadyStored: 0, rateLimited: 0, serverErrors: 0, networkErrors: 0,
    otherStatuses: {}, submissions: 0, retries: 0, duplicatesSent: 0, duplicatesRecognised: 0, responsesDropped: 0, unresolved: 0,
  };
  const accepted = new Set<string>();
  const unresolvedKeys = new Set<string>();

  function send(body: Buffer, key: string, dropResponse: boolean): Promise<Attempt> {
    return new Promise((resolve) => {
      const request = http.request({
        agent,
        host: target.hostname,
        port: target.port,
        method: 'POST',
        path: `${target.pathname}`,
        headers: { 'content-type': 'application/json', 'content-length': body.length, 'idempotency-key': key },
      });
      request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error('timeout')));
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
        response.on('error', (error) => resolve({ error: error.message }));
      });
      request.on('error', (error) => resolve({ error: error.message }));
      // A dropped answer: the request reaches the server, the connection goes before the reply.
      if (dropResponse) request.on('finish', () => setTimeout(() => request.destroy(new Error('dropped on purpose')), Math.random() * 3));
      request.end(body);
    });
  }

  function record(t0: number, outcome: Attempt): void {
    const done = performance.now();
    if (done < windowStart || done > windowEnd) return;
    load.requests++;
    latencies.push(done - t0);
    if ('error' in outcome) load.networkErrors++;
    else if (outcome.status === 201) load.created++;
    else if (outcome.status === 200) load.alreadyStored++;
    else if (outcome.status === 429) load.rateLimited++;
    else if (outcome.status >= 500) load.serverErrors++;
    else load.otherStatuses[outcome.status] = (load.otherStatuses[outcome.status] ?? 0) + 1;
  }

  /** One submission until it is accepted; 'accepted' also when an earlier attempt stored it. */
  async function submit(body: Buffer, key: string, mayDrop: boolean): Promise<number | undefined> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const drop = mayDrop && attempt === 0 && Math.random() < o.lostResponseShare;
      const t0 = performance.now();
      const outcome = await send(body, key, drop);
      if (!drop) record(t0, outcome);
      else load.responsesDropped++;
      if ('status' in outcome && (outcome.status === 201 || outcome.status === 200)) {
        accepted.add(key);
        return outcome.status;
      }
      if ('status' in outcome && outcome.status !== 429 && outcome.status < 500) return outcome.status;
      load.retries++;
      await sleep(Math.min(1000, 10 * 2 ** attempt) * (0.5 + Math.random()));
    }
    load.unresolved++;
    unresolvedKeys.add(key);
    return undefined;
  }

  let next = 0;
  async function client(): Promise<void> {
    while (performance.now() < windowEnd) {
      const body = bodies[next++ % bodies.length]!;
      const key = randomUUID();
      load.submissions++;
      const status = await submit(body, key, true);
      if ((status === 201 || status === 200) && Math.random() < o.duplicateShare) {
        load.duplicatesSent++;
        if ((await submit(body, key, false)) === 200) load.duplicatesRecognised++;
      }
    }
  }

  const marks = Promise.all([sleep(o.warmupSeconds * 1000).then(() => markCpu(server)), sleep((o.warmupSeconds + o.seconds) * 1000).then(() => markCpu(server))]);
  await Promise.all(Array.from({ length: o.clients }, client));
  agent.destroy();
  const [start, end] = await marks;
  latencies.sort((a, b) => a - b);
  load.acceptedPerSecond = Math.round(load.created / o.seconds);
  load.p50Ms = Number(percentile(latencies, 50).toFixed(2));
  load.p99Ms = Number(percentile(latencies, 99).toFixed(2));
  return { load, cpu: cpuBetween(start, end, load.requests), accepted, unresolvedKeys };
}

async function checkIntegrity(db: Db, table: 'survey_response' | typeof BASELINE_TABLE, surveyId: string, run: Drive): Promise<IntakeIntegrity> {
  const rows = await sql<{ idempotency_key: string }>`select idempotency_key from ${sql.table(table)} where survey_id = ${surveyId}`.execute(db.kysely);
  const stored = new Set(rows.rows.map((r) => r.idempotency_key));
  const missing = [...run.accepted].filter((k) => !stored.has(k)).length;
  const unaccounted = [...stored].filter((k) => !run.accepted.has(k) && !run.unresolvedKeys.has(k)).length;
  // No key twice, every accepted key stored, nothing stored that no client sent.
  const exact = missing === 0 && unaccounted === 0 && stored.size === rows.rows.length;
  return { acceptedKeys: run.accepted.size, storedRows: rows.rows.length, distinctStoredKeys: stored.size, missing, unaccounted, exact };
}

// ---- The benchmark -----------------------------------------------------------------------------

export async function runSurveyIntakeBenchmark(options: SurveyIntakeOptions = {}): Promise<SurveyIntakeFigures> {
  const settings = {
    clients: options.clients ?? 32,
    warmupSeconds: options.warmupSeconds ?? 2,
    seconds: options.seconds ?? 10,
    duplicateShare: options.duplicateShare ?? 0.02,
    lostResponseShare: options.lostResponseShare ?? 0.005,
  };
  const poolSize = options.poolSize ?? 10;
  const productLogLevel = options.productLogLevel ?? 'info';
  const progress = options.progress ?? (() => {});
  const loadAverageAtStart = Number(os.loadavg()[0]!.toFixed(2));
  const own = options.connectionString ? undefined : await createPostgresTestDatabase();
  const connectionString = options.connectionString ?? own!.connectionString;
  const db = await openDatabase({ kind: 'postgres', connectionString, poolSize: 2 });
  try {
    await prepareDatabase(db);
    const fixture = await createSurveyFixture(db);
    const { survey, channel } = await openWithLink(db, fixture, 'parents_carers', 'Benchmark clients');
    // Realistic complete answers, comments included: the demo's synthetic parents.
    const period = { opensAt: new Date('2026-11-10T09:00:00Z'), closesAt: new Date('2026-11-16T00:00:00Z') };
    const bodies = buildDemoResponses('parents_carers', survey.definition, period).map((r) => Buffer.from(JSON.stringify({ language: r.language, answers: r.answers })));
    const sizes = bodies.map((b) => b.length).sort((a, b) => a - b);
    await sql`create table ${sql.table(BASELINE_TABLE)} (
      id bigint generated always as identity primary key,
      survey_id uuid not null,
      language text not null,
      answers jsonb not null,
      idempotency_key text not null,
      submitted_at timestamptz not null default now(),
      unique (survey_id, idempotency_key)
    )`.execute(db.kysely);
    await sql`create index ${sql.raw(`${BASELINE_TABLE}_survey_idx`)} on ${sql.table(BASELINE_TABLE)} (survey_id, id)`.execute(db.kysely);

    const order = { connectionString, poolSize, logLevel: productLogLevel };
    progress(`survey-intake: baseline (bare Fastify, one INSERT), ${settings.clients} clients, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`);
    const baselineServer = await startServer({ ...order, kind: 'baseline', baselineTable: BASELINE_TABLE, surveyId: survey.id });
    const baselineRun = await drive(baselineServer, `${baselineServer.url}/api/surveys/${channel.code}/responses`, bodies, settings);
    await baselineServer.stop();
    const baselineIntegrity = await checkIntegrity(db, BASELINE_TABLE, survey.id, baselineRun);

    progress(`survey-intake: the app (production configuration, log level ${productLogLevel})`);
    const productServer = await startServer({ ...order, kind: 'product' }, options.cpuProfileDir);
    const productRun = await drive(productServer, `${productServer.url}/api/surveys/${channel.code}/responses`, bodies, settings);
    await productServer.stop();
    const productIntegrity = await checkIntegrity(db, 'survey_response', survey.id, productRun);

    const shareOfBaseline = Number((productRun.load.acceptedPerSecond / baselineRun.load.acceptedPerSecond).toFixed(3));
    const cores = os.availableParallelism();
    return {
      engine: 'postgres',
      cores,
      loadAverageAtStart,
      note: `The server under test, PostgreSQL and the load generator share this machine's ${cores} cores; each server runs in its own process.`,
      ...settings,
      poolSize,
      productLogLevel,
      bodyBytes: { min: sizes[0]!, median: sizes[Math.floor(sizes.length / 2)]!, max: sizes.at(-1)! },
      product: { ...productRun.load, cpu: productRun.cpu, integrity: productIntegrity },
      baseline: { ...baselineRun.load, cpu: baselineRun.cpu, integrity: baselineIntegrity },
      shareOfBaseline,
      targets: { perSecond: 1000, shareOfBaseline: 0.4, met: productRun.load.acceptedPerSecond >= 1000 && shareOfBaseline >= 0.4 && productIntegrity.exact },
    };
  } finally {
    await db.close();
    await own?.drop();
  }
}

/** The benchmark as a row of the table in docs/benchmarks.md. */
export function describeSurveyIntake(f: SurveyIntakeFigures): string {
  const p = f.product;
  const b = f.baseline;
  const integrity = p.integrity.exact ? `stored = accepted exactly (${p.integrity.storedRows})` : `MISMATCH: ${p.integrity.missing} lost, ${p.integrity.unaccounted} unaccounted`;
  return `| survey-intake (POST, ${f.clients} clients retrying with the same key, ${f.duplicateShare * 100}% sent twice) | postgres | ${p.acceptedPerSecond} stored/s, p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms; ${integrity} | bare Fastify + one INSERT: ${b.acceptedPerSecond}/s, p50 ${b.p50Ms} ms, p99 ${b.p99Ms} ms | ${f.shareOfBaseline} of baseline |`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { seconds: { type: 'string' }, clients: { type: 'string' }, profile: { type: 'string' }, 'log-level': { type: 'string' }, pool: { type: 'string' } } });
  const figures = await runSurveyIntakeBenchmark({
    seconds: values.seconds ? Number(values.seconds) : undefined,
    clients: values.clients ? Number(values.clients) : undefined,
    poolSize: values.pool ? Number(values.pool) : undefined,
    productLogLevel: values['log-level'],
    cpuProfileDir: values.profile ? path.resolve(values.profile) : undefined,
    progress: (line) => console.log(line),
  });
  console.log(JSON.stringify(figures, null, 2));
  console.log(describeSurveyIntake(figures));
}
