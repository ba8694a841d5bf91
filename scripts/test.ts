// Test runner behind `npm test`: unit and HTTP tests under src/ in parallel, then browser tests
// under e2e/ one file at a time, after checking that PostgreSQL and Chromium are there.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ConfigError, loadConfig, type Config } from '../src/config.ts';

type PhaseName = 'unit' | 'e2e';

type Tally = { tests: number; pass: number; fail: number; cancelled: number; skipped: number; todo: number };

type PhaseResult = { name: PhaseName; tally: Tally | undefined; skippedMarks: number; exitCode: number; files: number };

const ROOT = path.resolve(import.meta.dirname, '..');
const UNIT_PATTERN = 'src/**/*.test.ts';
const E2E_PATTERN = 'e2e/**/*.test.ts';
/** One PGlite engine takes about 300 MB; leave room for the test process and PostgreSQL. */
const MEMORY_PER_TEST_PROCESS = 700 * 2 ** 20;
/** A single test that runs longer than this is stuck, not slow. */
const TEST_TIMEOUT_MS: Record<PhaseName, number> = { unit: 180_000, e2e: 600_000 };
/** Each phase must end well inside CI's 90 minutes, even if something hangs outside a test. */
const PHASE_TIMEOUT_MS = 40 * 60_000;

const USAGE = `Usage: npm test [-- [--only unit|e2e] [--concurrency N] [FILE...]]

Runs src/**/*.test.ts with node --test (in parallel), then e2e/**/*.test.ts (one file at a time).
  --only unit|e2e    run only the unit and HTTP tests, or only the browser tests
  --concurrency N    how many unit test files run at once (default: cores, limited by free memory)
  FILE...            run only these test files (paths under src/ or e2e/)

Environment:
  TEST_DB=pglite|postgres|both   databases for the unit and HTTP tests (default both)
  TEST_DATABASE_URL              PostgreSQL server for tests (default postgres://postgres@127.0.0.1:5432/test)
  E2E_DB=pglite|postgres         database behind the browser tests' server (default pglite)
  CHROME_PATH                    Chromium for the browser tests (default /usr/bin/chromium)
  REQUIRE_POSTGRES_TESTS=true    fail, rather than skip, when PostgreSQL does not answer
  REQUIRE_BROWSER_TESTS=true     fail, rather than skip, when Chromium is missing`;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function parseOptions() {
  const { values, positionals } = parseArgs({
    options: {
      only: { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.only !== undefined && values.only !== 'unit' && values.only !== 'e2e') {
    throw new Error(`--only must be "unit" or "e2e", not "${values.only}".`);
  }
  let concurrency: number | undefined;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`--concurrency must be a whole number of 1 or more, not "${values.concurrency}".`);
  }
  return { only: values.only as PhaseName | undefined, concurrency, files: positionals, help: values.help === true };
}

function defaultConcurrency(): number {
  const byMemory = Math.floor(os.freemem() / MEMORY_PER_TEST_PROCESS);
  return Math.max(1, Math.min(os.availableParallelism(), byMemory));
}

function findTestFiles(pattern: string): string[] {
  return fs.globSync(pattern, { cwd: ROOT }).sort();
}

/** Splits FILE arguments between the phases by where they live. */
function chooseFiles(phase: PhaseName, requested: string[]): string[] {
  if (requested.length === 0) return findTestFiles(phase === 'unit' ? UNIT_PATTERN : E2E_PATTERN);
  const relative = requested.map((f) => path.relative(ROOT, path.resolve(f)));
  for (const file of relative) {
    if (!fs.existsSync(path.join(ROOT, file))) throw new Error(`No such test file: ${file}`);
  }
  return relative.filter((f) => (f.startsWith(`e2e${path.sep}`) ? phase === 'e2e' : phase === 'unit'));
}

/** The connection string without its password, safe to print. */
function printable(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Why PostgreSQL cannot be used for tests, or undefined when it can. */
async function postgresProblem(databaseUrl: string): Promise<string | undefined> {
  // Test databases are created from the server's maintenance database, as test-database.ts does.
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return (error as Error).message || (error as { code?: string }).code || 'no answer';
  } finally {
    await client.end().catch(() => {});
  }
}

/** Why Chromium cannot be used, or undefined when it can. */
function chromiumProblem(chromePath: string): string | undefined {
  try {
    fs.accessSync(chromePath, fs.constants.X_OK);
  } catch {
    return `Chromium not found at ${chromePath}. Install it with: apt-get install -y chromium (or set CHROME_PATH)`;
  }
  const probe = spawnSync(chromePath, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  if (probe.status !== 0) {
    return `Chromium at ${chromePath} does not start (${(probe.stderr || probe.error?.message || 'no output').trim().split('\n')[0]})`;
  }
  return undefined;
}

/** Checks what the phases need; returns false when a required service is missing. */
async function checkPrerequisites(config: Config, phases: PhaseName[]): Promise<boolean> {
  let ready = true;
  const e2eDb = process.env.E2E_DB === 'postgres' ? 'postgres' : 'pglite';
  const postgresWanted = (phases.includes('unit') && config.test.db !== 'pglite') || (phases.includes('e2e') && e2eDb === 'postgres');
  const problem = postgresWanted ? await postgresProblem(config.test.databaseUrl) : undefined;
  if (problem) {
    const where = `${printable(config.test.databaseUrl)} did not answer (${problem})`;
    const help = 'Start it with: pg_ctlcluster --skip-systemctl-redirect 15 main start, or set TEST_DATABASE_URL';
    if (config.test.requirePostgres || e2eDb === 'postgres') {
      say(`PostgreSQL is required (${e2eDb === 'postgres' ? 'E2E_DB=postgres' : 'REQUIRE_POSTGRES_TESTS=true'}) but ${where}. ${help}.`);
      ready = false;
    } else {
      say(`PostgreSQL tests skipped: ${where}. ${help}; TEST_DB=pglite runs only the embedded database.`);
    }
  }
  if (phases.includes('e2e')) {
    const missing = chromiumProblem(config.chromePath);
    if (missing && config.test.requireBrowser) {
      say(`Browser tests cannot run (REQUIRE_BROWSER_TESTS=true): ${missing}.`);
      ready = false;
    } else if (missing) {
      say(`Browser tests skipped: ${missing}.`);
    }
  }
  return ready;
}

const SUMMARY_LINE = /^ℹ (tests|pass|fail|cancelled|skipped|todo) (\d+)\s*$/;
// The spec reporter marks a skipped test or suite with "﹣"; skipped suites are not in "ℹ skipped".
const SKIP_MARK = /^\s*﹣ /;
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Echoes a test run's output and reads the runner's summary lines out of it. */
class OutputReader {
  tally: Partial<Tally> = {};
  skippedMarks = 0;
  #partial = '';

  write(chunk: Buffer): void {
    process.stdout.write(chunk);
    const lines = (this.#partial + chunk.toString('utf8')).split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) this.#read(line);
  }

  end(): void {
    this.#read(this.#partial);
    this.#partial = '';
  }

  #read(raw: string): void {
    const line = raw.replace(ANSI, '');
    const summary = SUMMARY_LINE.exec(line);
    if (summary) this.tally[summary[1] as keyof Tally] = Number(summary[2]);
    else if (SKIP_MARK.test(line)) this.skippedMarks++;
  }

  complete(): Tally | undefined {
    const t = this.tally;
    if (t.tests === undefined || t.pass === undefined || t.fail === undefined) return undefined;
    return { tests: t.tests, pass: t.pass, fail: t.fail, cancelled: t.cancelled ?? 0, skipped: t.skipped ?? 0, todo: t.todo ?? 0 };
  }
}

let running: ChildProcess | undefined;

function runPhase(name: PhaseName, files: string[], concurrency: number): Promise<PhaseResult> {
  const args = [
    '--test',
    `--test-concurrency=${concurrency}`,
    `--test-timeout=${TEST_TIMEOUT_MS[name]}`,
    // A file whose tests are done but that left a timer or connection open must not hang the run.
    '--test-force-exit',
    '--test-reporter=spec',
    ...files,
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, TEST_DB: process.env.TEST_DB ?? 'both' };
  if (process.stdout.isTTY && env.NO_COLOR === undefined) env.FORCE_COLOR = '1';
  const reader = new OutputReader();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    running = child;
    const watchdog = setTimeout(() => {
      say(`The ${name} tests ran for more than ${PHASE_TIMEOUT_MS / 60_000} minutes: stopping them.`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, PHASE_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => reader.write(chunk));
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      running = undefined;
      reader.end();
      resolve({ name, tally: reader.complete(), skippedMarks: reader.skippedMarks, exitCode: code ?? (signal ? 1 : 0), files: files.length });
    });
  });
}

function stopOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      running?.kill(signal);
      process.exitCode = 130;
    });
  }
}

function combine(results: PhaseResult[]): { passed: number; failed: number; skipped: number; broken: string[] } {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const broken: string[] = [];
  for (const r of results) {
    if (!r.tally) {
      broken.push(`The ${r.name} test run ended (exit code ${r.exitCode}) without the test runner's summary.`);
      failed++;
      continue;
    }
    passed += r.tally.pass;
    failed += r.tally.fail + r.tally.cancelled;
    skipped += Math.max(r.tally.skipped, r.skippedMarks);
    if (r.exitCode !== 0 && r.tally.fail + r.tally.cancelled === 0) {
      broken.push(`The ${r.name} test run exited with code ${r.exitCode} although no test failed.`);
      failed++;
    }
  }
  return { passed, failed, skipped, broken };
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    say(USAGE);
    return 0;
  }
  let config: Config;
  try {
    config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const phases: { name: PhaseName; files: string[] }[] = [];
  try {
    for (const name of ['unit', 'e2e'] as const) {
      if (options.only && options.only !== name) continue;
      const files = chooseFiles(name, options.files);
      if (files.length > 0) phases.push({ name, files });
      else if (options.files.length === 0) say(`No ${name} test files found (${name === 'unit' ? UNIT_PATTERN : E2E_PATTERN}).`);
    }
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }

  if (!(await checkPrerequisites(config, phases.map((p) => p.name)))) {
    say('0 passed, 1 failed');
    return 1;
  }

  stopOnSignals();
  const results: PhaseResult[] = [];
  for (const phase of phases) {
    const concurrency = phase.name === 'e2e' ? 1 : (options.concurrency ?? defaultConcurrency());
    say(`\n▶ ${phase.name === 'unit' ? 'Unit and HTTP' : 'Browser'} tests: ${phase.files.length} files, ${concurrency} at a time, TEST_DB=${process.env.TEST_DB ?? 'both'}\n`);
    const started = Date.now();
    const result = await runPhase(phase.name, phase.files, concurrency);
    say(`\n${phase.name} tests finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    results.push(result);
    if (process.exitCode === 130) break;
  }

  const { passed, failed, skipped, broken } = combine(results);
  for (const line of broken) say(line);
  say('');
  say(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
  if (process.exitCode === 130) return 130;
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
