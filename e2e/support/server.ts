// The real server for browser tests: seeded through the real CLI first, then started as a child
// process on a free port with its own data directory (or a fresh PostgreSQL database), stopped after.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { e2eSettings } from './settings.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'src/main.ts');
const SESSION_SECRET = 'e2e-session-secret-that-is-at-least-32-characters-long';
const STARTUP_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;
/** Kept from the server's output to explain a failure; older lines are dropped. */
const OUTPUT_KEPT_CHARS = 20_000;

/** Where seeding writes: the server's data directory, or its PostgreSQL database. */
export type SeedTarget = { dataDir: string; databaseUrl: string | undefined };

export type TestServer<Seeded = undefined> = SeedTarget & {
  /** http://127.0.0.1:PORT, no trailing slash */
  url: string;
  /** Whatever the seed function returned (accounts and their passwords, for instance). */
  seeded: Seeded;
  /** The server's recent output (LOG_LEVEL=warn, so warnings and errors only). */
  output: () => string;
  /** Everything the server printed on its standard output before it was ready, e.g. the demo accounts. */
  startupOutput: string;
  stop: () => Promise<void>;
};

export type StartOptions<Seeded> = {
  /** Runs before the server starts: the embedded database allows one process at a time. */
  seed?: (target: SeedTarget) => Promise<Seeded>;
  /** Extra environment for the server, e.g. { REQUIRE_MFA: 'true' }. */
  env?: Record<string, string>;
  /**
   * Start as `npm start` does on a new installation: DEMO=true on the empty data directory (or
   * database), so the server adds the demonstration area, inspection and accounts. Use it without
   * `seed`: the demo is only added to a database with no accounts.
   */
  demo?: boolean;
};

/** The environment for the server and CLI: nothing inherited that would point them elsewhere. */
function serverEnvironment(target: SeedTarget, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'SERVICE_URL', 'NODE_ENV', 'DEMO', 'LOG_LEVEL']) delete env[name];
  return {
    ...env,
    NODE_ENV: 'development',
    DEMO: 'false',
    SESSION_SECRET,
    LOG_LEVEL: 'warn',
    // Journeys sign in many times a minute from one address.
    SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000',
    ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
    ...extra,
  };
}

export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs `send-inspect <args> --data DIR` against a seed target and returns what it printed. */
export function runCli(target: SeedTarget, args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args, '--data', target.dataDir], {
      cwd: ROOT,
      env: serverEnvironment(target),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Runs a CLI verb that must succeed; a failure shows the command and everything it printed. */
export async function runCliOrFail(target: SeedTarget, args: string[]): Promise<CliResult> {
  const result = await runCli(target, args);
  if (result.code !== 0) {
    throw new Error(`send-inspect ${args.join(' ')} exited with ${result.code}\n${result.stdout}${result.stderr}`);
  }
  return result;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function freshPostgresDatabase(): Promise<{ connectionString: string; drop: () => Promise<void> }> {
  // Imported only here: the module checks PostgreSQL as soon as it loads.
  const { createPostgresTestDatabase, isPostgresReachable } = await import('../../src/platform/db/test-database.ts');
  if (!(await isPostgresReachable())) {
    throw new Error(`E2E_DB=postgres but PostgreSQL at ${e2eSettings.testDatabaseUrl} did not answer.`);
  }
  return createPostgresTestDatabase();
}

/** The standard output up to now, kept in full; read it once the server is ready. */
function collectStdout(child: ChildProcess): { text: () => string; stop: () => void } {
  let text = '';
  const collect = (chunk: Buffer) => (text += chunk.toString('utf8'));
  child.stdout?.on('data', collect);
  return { text: () => text, stop: () => child.stdout?.off('data', collect) };
}

function keepOutput(child: ChildProcess): () => string {
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => output;
}

async function waitUntilHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`The server ${exited} before it was ready:\n${output()}`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The server did not answer ${url}/health within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output()}`);
}

/** A run meant for PostgreSQL must not quietly fall back to the embedded database, or the reverse. */
async function expectDatabase(url: string, kind: 'pglite' | 'postgres'): Promise<void> {
  const info = (await (await fetch(`${url}/info`)).json()) as { database?: string };
  if (info.database !== kind) throw new Error(`The server runs on ${info.database ?? 'an unknown database'}, not ${kind}.`);
}

function stopChild(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode ?? 0);
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(force);
      resolve(signal ?? code ?? 0);
    });
    child.kill('SIGTERM');
  });
}

/**
 * Seeds, then starts `send-inspect start` on a free port and waits for /health. On PGlite the
 * data directory is a new temporary directory; with E2E_DB=postgres it is a fresh database.
 */
export async function startTestServer<Seeded = undefined>(options: StartOptions<Seeded> = {}): Promise<TestServer<Seeded>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'send-inspect-e2e-'));
  const postgres = e2eSettings.database === 'postgres' ? await freshPostgresDatabase() : undefined;
  const target: SeedTarget = { dataDir, databaseUrl: postgres?.connectionString };
  const cleanUp = async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await postgres?.drop();
  };

  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  try {
    if (options.demo && options.seed) throw new Error('A demo server starts on an empty database: give it no seed.');
    const seeded = (options.seed ? await options.seed(target) : undefined) as Seeded;
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [MAIN, 'start', '--port', String(port), '--data', dataDir], {
      cwd: ROOT,
      env: serverEnvironment(target, { HOST: '127.0.0.1', SERVICE_URL: url, ...(options.demo ? { DEMO: 'true' } : {}), ...options.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // A test process that dies must not leave a server holding the port and the data directory.
    process.once('exit', killOnExit);
    const output = keepOutput(child);
    const startup = collectStdout(child);
    await waitUntilHealthy(url, child, output);
    startup.stop();
    await expectDatabase(url, postgres ? 'postgres' : 'pglite');
    const running = child;
    return {
      ...target,
      url,
      seeded,
      output,
      startupOutput: startup.text(),
      stop: async () => {
        const ended = await stopChild(running);
        process.removeListener('exit', killOnExit);
        await cleanUp();
        if (ended !== 0) throw new Error(`The server did not stop cleanly on SIGTERM (${ended}):\n${output()}`);
      },
    };
  } catch (error) {
    if (child) await stopChild(child);
    process.removeListener('exit', killOnExit);
    await cleanUp();
    throw error;
  }
}
