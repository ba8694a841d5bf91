// Benchmark `evidence-pages`: the pages an inspection team reads most while the evidence grows (the
// inspection dashboard, the triangulation matrix, a criterion's page) with 5,000 notes, 50 activities,
// a sample with tracked children and completed plan reviews, at 20 concurrent signed-in users,
// against a signed-in page that does almost nothing and a bare route with the same bytes, served by
// the same process; and saving a note (the JSON autosave, new notes and amendments) with the
// service's `saveNote` called directly beside it. Targets: each page p95 ≤ 100 ms; a save p99 ≤ 50 ms.
// Run alone: node bench/evidence-pages.bench.ts [--engines postgres,pglite] [--rounds N] [--seconds N] [--concurrency N]
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { prepareDatabase } from '../src/bootstrap.ts';
import { addAcceptedImport, addFixtureSample, type CasesFixture } from '../src/cases/case-test-support.ts';
import { PLAN_REVIEW_INSTRUMENT } from '../src/cases/plan-review-instrument.ts';
import { ACTIVITY_KINDS, PARTICIPANT_GROUPS, SETTING_TYPES, THEME_CODES, type ActivityKind, type ParticipantGroup } from '../src/evidence/evidence.ts';
import type { NoteSave } from '../src/evidence/evidence-note.ts';
import { saveNote } from '../src/evidence/evidence-note.service.ts';
import { addFixtureActivity, addManyFixtureNotes, createEvidenceFixture } from '../src/evidence/evidence-test-support.ts';
import { openDatabase, type Db } from '../src/platform/db/database.ts';
import { createPostgresTestDatabase } from '../src/platform/db/test-database.ts';
import { csrfTokenIn } from '../src/platform/web/test-app.ts';
import { createSurveys } from '../src/surveys/survey.service.ts';
import { load, percentile, type LoadResult } from './measure.ts';
import type { EvidenceServerOrder } from './evidence-pages-server.ts';

export type Engine = 'postgres' | 'pglite';

export type PageFigures = {
  page: string;
  path: string;
  bytes: number;
  /** Every round, in the order run. */
  rounds: LoadResult[];
  /** The round whose p95 is the median of the rounds' (reported, so its figures belong together). */
  median: LoadResult;
  /**
   * The server process's CPU time per request in the saturated rounds (median of the rounds): what a
   * page costs whatever else the machine is doing. On PGlite the database's work is included; on
   * PostgreSQL it is done in PostgreSQL's own processes and is not.
   */
  serverCpuMsPerRequest?: number;
  /** The same users each pausing between pages as a person reading does (THINK_MS), rather than asking again at once. */
  paced?: { rounds: LoadResult[]; median: LoadResult };
};

export type SaveLoad = { saves: number; errors: number; seconds: number; perSecond: number; p50Ms: number; p95Ms: number; p99Ms: number; newP99Ms: number; amendP99Ms: number };

export type SaveFigures = { how: string; concurrency: number; rounds: SaveLoad[]; median: SaveLoad };

export type EvidencePagesFigures = {
  engine: Engine;
  cores: number;
  loadAverageAtStart: number;
  note: string;
  notes: number;
  activities: number;
  trackedChildren: number;
  completedPlanReviews: number;
  concurrency: number;
  seconds: number;
  rounds: number;
  setupSeconds: number;
  bare: PageFigures;
  trivial: PageFigures;
  pages: PageFigures[];
  saves: { api: SaveFigures; service: SaveFigures };
  /** pagesMet: with 20 requests always waiting; pagesMetPaced: with 20 people pausing between pages. */
  targets: { pageP95Ms: number; saveP99Ms: number; pagesMet: boolean; pagesMetPaced: boolean; saveMet: boolean };
};

const SERVER_SCRIPT = path.join(import.meta.dirname, 'evidence-pages-server.ts');
const NOTES = 5000;
const ACTIVITIES = 50;
const TRACKED = 6;
const REVIEWED = 40;
const PAGE_P95_TARGET_MS = 100;
const SAVE_P99_TARGET_MS = 50;
/** A person's pause between one page and the next in the paced measurement: from 0.5 to 1.5 s. */
const THINK_MS = { min: 500, max: 1500 };
/** Autosaves of the same note in one sitting after it is first written, as a person keeps typing. */
const AMENDMENTS_PER_NOTE = 4;

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

// ---- The inspection's evidence -----------------------------------------------------------------

type Seeded = { fixture: CasesFixture; activityIds: string[]; trackedCases: number; reviews: number };

function cycle<T>(items: readonly T[], i: number): T {
  return items[i % items.length]!;
}

/** 50 activities across the week on site: every kind, setting visits with types and URNs, inspectors and participants. */
async function addActivities(db: Db, fixture: CasesFixture, trackedCaseIds: string[]): Promise<string[]> {
  const inspectors = [fixture.lead.userId, fixture.cqcLead.userId, fixture.inspector.userId];
  const days = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'];
  const ids: string[] = [];
  for (let i = 0; i < ACTIVITIES; i++) {
    const kind: ActivityKind = cycle(ACTIVITY_KINDS, i);
    const hour = 9 + (i % 7);
    const participants: Partial<Record<ParticipantGroup, number>> = {};
    for (let g = 0; g < 3; g++) participants[cycle(PARTICIPANT_GROUPS, i + g * 2)] = 1 + ((i * 7 + g * 3) % 12);
    const activity = await addFixtureActivity(db, fixture.inspectionId, {
      kind,
      title: `${kind.replace('_', ' ')} ${i + 1}`,
      settingType: kind === 'setting_visit' ? cycle(SETTING_TYPES, i) : null,
      urn: kind === 'setting_visit' && i % 3 !== 0 ? String(100000 + i * 37) : null,
      heldOn: cycle(days, i),
      startsAt: `${String(hour).padStart(2, '0')}:00`,
      endsAt: `${String(hour + 1).padStart(2, '0')}:30`,
      place: `Place ${i % 9}`,
      caseId: kind === 'tracking_meeting' ? cycle(trackedCaseIds, i) : null,
      inspectorIds: [cycle(inspectors, i), ...(i % 4 === 0 ? [cycle(inspectors, i + 1)] : [])],
      participants,
      createdBy: { id: fixture.lead.userId, label: fixture.lead.email },
    });
    ids.push(activity.id);
  }
  return ids;
}

/** Tracking notes and completed first-round plan reviews, each tagged with criteria, as the cases capability keeps them. */
async function addCaseEvidence(db: Db, fixture: CasesFixture, trackedCaseIds: string[], reviewCaseIds: string[]): Promise<void> {
  const criteria = ['I1', 'I2', 'I3', 'I4', 'I5', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6'];
  const tracking = trackedCaseIds.flatMap((caseId, c) =>
    Array.from({ length: 5 }, (_, n) => ({
      case_id: caseId,
      body: `Tracking conversation ${n + 1}: the family described how support was arranged.`,
      criteria: [cycle(criteria, c + n), cycle(criteria, c + n + 4)],
      written_by: fixture.inspector.userId,
      written_by_label: fixture.inspector.email,
    })),
  );
  await db.kysely.insertInto('tracking_note').values(tracking).execute();
  const completedAt = new Date('2026-11-25T15:00:00Z');
  await db.kysely
    .insertInto('plan_review')
    .values(
      reviewCaseIds.map((caseId, c) => ({
        case_id: caseId,
        inspection_id: fixture.inspectionId,
        round: 'first' as const,
        reviewer_id: fixture.inspector.userId,
        reviewer_label: fixture.inspector.email,
        instrument_version: PLAN_REVIEW_INSTRUMENT.version,
        ratings: '{}',
        overall_grade: null,
        summary: 'The plan reflects the child’s needs; outcomes are not specific enough.',
        criteria: [cycle(criteria, c), cycle(criteria, c + 3)],
        status: 'complete' as const,
        completed_at: completedAt,
      })),
    )
    .execute();
}

async function seedEvidence(db: Db): Promise<Seeded> {
  await prepareDatabase(db);
  const fixture = await createEvidenceFixture(db);
  await createSurveys(db.kysely, fixture.inspectionId, fixture.leadActor);
  const imported = await addAcceptedImport(db, fixture, { count: 600 });
  const withPlans = imported.people.filter((p) => p.senStatus === 'EHCP').map((p) => p.personId);
  const sample = await addFixtureSample(db, fixture, imported, { tracked: withPlans.slice(0, TRACKED), review: withPlans.slice(TRACKED, TRACKED + REVIEWED) });
  const trackedCaseIds = withPlans.slice(0, TRACKED).map((id) => sample.caseIds.get(id)!);
  const reviewCaseIds = withPlans.slice(TRACKED, TRACKED + REVIEWED).map((id) => sample.caseIds.get(id)!);
  await addCaseEvidence(db, fixture, trackedCaseIds, reviewCaseIds);
  const activityIds = await addActivities(db, fixture, trackedCaseIds);
  await addManyFixtureNotes(db, fixture.inspectionId, NOTES, 2026);
  return { fixture, activityIds, trackedCases: trackedCaseIds.length, reviews: reviewCaseIds.length };
}

// ---- The server, in its own process ------------------------------------------------------------

export type ServerProcess = { url: string; bareUrl: string; setBareBody: (body: string) => Promise<void>; cpuMicros: () => Promise<number>; stop: () => Promise<void> };

export async function startServer(order: EvidenceServerOrder): Promise<ServerProcess> {
  const child: ChildProcess = fork(SERVER_SCRIPT, [], { execPath: process.execPath, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const urls = await new Promise<{ url: string; bareUrl: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`The benchmark server stopped before listening (exit ${code})`)));
    child.once('message', (message: { url?: string; bareUrl?: string; error?: string }) =>
      message.url && message.bareUrl ? resolve({ url: message.url, bareUrl: message.bareUrl }) : reject(new Error(message.error)),
    );
    child.send({ start: order });
  });
  return {
    ...urls,
    setBareBody: (body) =>
      new Promise<void>((resolve) => {
        child.once('message', () => resolve());
        child.send({ bareBody: body });
      }),
    cpuMicros: () =>
      new Promise<number>((resolve) => {
        child.once('message', (message: { cpuMicros: number }) => resolve(message.cpuMicros));
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

/** Signs in through the real form; returns the cookie header a browser would then send. */
async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const page = await fetch(`${base}/sign-in`);
  keep(page);
  const csrf = csrfTokenIn(await page.text()) ?? '';
  const response = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header() },
    body: new URLSearchParams({ _csrf: csrf, email, password }),
  });
  keep(response);
  const location = response.headers.get('location') ?? '';
  if (response.status !== 302 || location.startsWith('/sign-in')) throw new Error(`The benchmark could not sign in as ${email} (${response.status} → ${location})`);
  return header();
}

// ---- Measuring ---------------------------------------------------------------------------------

type Target = { page: string; path: string; url: string; headers?: Record<string, string>; mustContain: string };

async function checkPage(target: Target): Promise<number> {
  const response = await fetch(target.url, { headers: target.headers, redirect: 'manual' });
  const body = await response.text();
  if (response.status !== 200 || !body.includes(target.mustContain)) {
    throw new Error(`${target.page} (${target.path}) answered ${response.status} without "${target.mustContain}": the benchmark cannot measure it`);
  }
  return Buffer.byteLength(body);
}

function medianBy<T>(rounds: T[], key: (r: T) => number): T {
  return [...rounds].sort((a, b) => key(a) - key(b))[Math.floor(rounds.length / 2)]!;
}

/**
 * `users` people, each asking for the page, reading it for THINK_MS, and asking again, for `seconds`:
 * the latency a person meets when 20 people use the service at once, where load() measures how it
 * copes with 20 requests always waiting.
 */
async function pacedLoad(url: string, o: { users: number; seconds: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + o.seconds * 1000;
  async function user(): Promise<void> {
    // Spread the first requests over one pause, as people do not all click at the same instant.
    await sleep(Math.random() * THINK_MS.max);
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const response = await fetch(url, { headers: o.headers, redirect: 'manual' });
        await response.arrayBuffer();
        if (response.status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
      await sleep(THINK_MS.min + Math.random() * (THINK_MS.max - THINK_MS.min));
    }
  }
  await Promise.all(Array.from({ length: o.users }, user));
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

type NoteSaver = (noteId: string, save: { content: Record<string, unknown>; baseRevision: number; editSession: string }) => Promise<number>;

/**
 * `concurrency` writers, each writing a new note and then amending it AMENDMENTS_PER_NOTE times in the
 * same sitting (as autosave does while a person types), for `seconds`. Returns latencies of each kind.
 */
async function driveSaves(save: NoteSaver, content: (n: number, text: string) => Record<string, unknown>, o: { concurrency: number; seconds: number }): Promise<SaveLoad> {
  const created: number[] = [];
  const amended: number[] = [];
  let errors = 0;
  let n = 0;
  const started = performance.now();
  const deadline = started + o.seconds * 1000;
  async function writer(): Promise<void> {
    while (performance.now() < deadline) {
      const noteId = randomUUID();
      const editSession = randomUUID();
      const mine = n++;
      let text = `Parents at the webinar said the waiting time for an assessment was long (${mine}).`;
      let revision = 0;
      for (let step = 0; step <= AMENDMENTS_PER_NOTE && performance.now() < deadline; step++) {
        const t0 = performance.now();
        try {
          revision = await save(noteId, { content: content(mine, text), baseRevision: revision, editSession });
        } catch {
          errors++;
          break;
        } finally {
          (step === 0 ? created : amended).push(performance.now() - t0);
        }
        text += ' They had waited more than a year for a decision.';
      }
    }
  }
  await Promise.all(Array.from({ length: o.concurrency }, writer));
  const seconds = (performance.now() - started) / 1000;
  const all = [...created, ...amended].sort((a, b) => a - b);
  created.sort((a, b) => a - b);
  amended.sort((a, b) => a - b);
  return {
    saves: all.length,
    errors,
    seconds: round(seconds),
    perSecond: Math.round(all.length / seconds),
    p50Ms: round(percentile(all, 50)),
    p95Ms: round(percentile(all, 95)),
    p99Ms: round(percentile(all, 99)),
    newP99Ms: round(percentile(created, 99)),
    amendP99Ms: round(percentile(amended, 99)),
  };
}

function noteContent(activityIds: string[]): (n: number, text: string) => Record<string, unknown> {
  return (n, text) => ({
    body: text,
    criteria: n % 2 === 0 ? ['I3'] : ['I3', 'L2'],
    themes: [cycle(THEME_CODES, n)],
    polarity: n % 3 === 0 ? 'strength' : 'concern',
    sourceKind: 'activity',
    activityId: cycle(activityIds, n),
    caseId: null,
    surveyId: null,
    sourceDetail: '',
  });
}

export type EvidencePagesOptions = { engine: Engine; rounds?: number; seconds?: number; concurrency?: number; saveConcurrency?: number; logLevel?: string; log?: (line: string) => void };

type Settings = { rounds: number; seconds: number; concurrency: number; saveConcurrency: number; log: (line: string) => void };

/** The pages in turn, round after round, so all of them meet the same load on the machine. */
async function measurePages(server: ServerProcess, seeded: Seeded, cookie: string, o: Settings): Promise<PageFigures[]> {
  const { fixture } = seeded;
  const headers = { cookie };
  const inspection = `/inspections/${fixture.inspectionId}`;
  const criterion: Target = { page: 'criterion page I3', path: `${inspection}/evidence/criteria/I3`, url: `${server.url}${inspection}/evidence/criteria/I3`, headers, mustContain: 'I3' };
  await checkPage(criterion);
  // The bare route sends the criterion page's bytes.
  await server.setBareBody(await (await fetch(criterion.url, { headers })).text());
  const targets: Target[] = [
    { page: 'bare route, same bytes as the criterion page', path: '/', url: server.bareUrl, mustContain: 'I3' },
    { page: 'your account (signed in, one small query)', path: '/account', url: `${server.url}/account`, headers, mustContain: fixture.lead.email },
    { page: 'inspection dashboard', path: inspection, url: `${server.url}${inspection}`, headers, mustContain: 'Manchester' },
    { page: 'triangulation matrix', path: `${inspection}/evidence/triangulation`, url: `${server.url}${inspection}/evidence/triangulation`, headers, mustContain: 'I3' },
    criterion,
  ];
  const bytes: number[] = [];
  for (const target of targets) bytes.push(await checkPage(target));
  const results: LoadResult[][] = targets.map(() => []);
  const paced: LoadResult[][] = targets.map(() => []);
  const cpu: number[][] = targets.map(() => []);
  for (let r = 0; r < o.rounds; r++) {
    for (const [t, target] of targets.entries()) {
      await load(target.url, { seconds: 1, concurrency: o.concurrency, headers: target.headers });
      const cpuBefore = await server.cpuMicros();
      const measured = await load(target.url, { seconds: o.seconds, concurrency: o.concurrency, headers: target.headers });
      cpu[t]!.push((await server.cpuMicros()) - cpuBefore);
      results[t]!.push(measured);
      o.log(`round ${r + 1}: ${target.page}: ${measured.perSecond} req/s, p50 ${measured.p50Ms} ms, p95 ${measured.p95Ms} ms, p99 ${measured.p99Ms} ms, ${measured.errors} errors`);
    }
    for (const [t, target] of targets.entries()) {
      if (t === 0) continue; // the bare route is a floor for the saturated measurement only
      const measured = await pacedLoad(target.url, { users: o.concurrency, seconds: o.seconds * 2, headers: target.headers });
      paced[t]!.push(measured);
      o.log(`round ${r + 1}: ${target.page}, ${o.concurrency} people pausing between pages: ${measured.requests} requests, p50 ${measured.p50Ms} ms, p95 ${measured.p95Ms} ms, p99 ${measured.p99Ms} ms, ${measured.errors} errors`);
    }
  }
  return targets.map((target, t) => ({
    page: target.page,
    path: target.path,
    bytes: bytes[t]!,
    rounds: results[t]!,
    median: medianBy(results[t]!, (x) => x.p95Ms),
    serverCpuMsPerRequest: round(medianBy(results[t]!.map((r, i) => cpu[t]![i]! / 1000 / Math.max(1, r.requests)), (x) => x)),
    ...(t === 0 ? {} : { paced: { rounds: paced[t]!, median: medianBy(paced[t]!, (x) => x.p95Ms) } }),
  }));
}

async function measureSaves(label: string, save: NoteSaver, content: (n: number, text: string) => Record<string, unknown>, how: string, o: Settings): Promise<SaveFigures> {
  const rounds: SaveLoad[] = [];
  for (let r = 0; r < o.rounds; r++) {
    await driveSaves(save, content, { concurrency: o.saveConcurrency, seconds: 1 });
    const measured = await driveSaves(save, content, { concurrency: o.saveConcurrency, seconds: o.seconds });
    rounds.push(measured);
    o.log(`round ${r + 1}: ${label}: ${measured.perSecond} saves/s, p50 ${measured.p50Ms} ms, p95 ${measured.p95Ms} ms, p99 ${measured.p99Ms} ms (new ${measured.newP99Ms}, amend ${measured.amendP99Ms}), ${measured.errors} errors`);
  }
  return { how, concurrency: o.saveConcurrency, rounds, median: medianBy(rounds, (x) => x.p99Ms) };
}

/** The JSON autosave as the note page sends it: the session's cookie and its CSRF token in a header. */
async function apiSaver(server: ServerProcess, seeded: Seeded, cookie: string): Promise<NoteSaver> {
  const formPage = await (await fetch(`${server.url}/account/password`, { headers: { cookie } })).text();
  const csrf = csrfTokenIn(formPage);
  if (!csrf) throw new Error('No CSRF token on /account/password');
  const base = `${server.url}/inspections/${seeded.fixture.inspectionId}/evidence/api/notes`;
  return async (noteId, save) => {
    const response = await fetch(`${base}/${noteId}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(save),
    });
    const answer = (await response.json()) as { status?: string; revision?: number };
    if (response.status !== 200 || answer.status !== 'saved' || typeof answer.revision !== 'number') throw new Error(`save answered ${response.status} ${JSON.stringify(answer)}`);
    return answer.revision;
  };
}

function serviceSaver(db: Db, seeded: Seeded): NoteSaver {
  return async (noteId, save) => {
    const outcome = await saveNote(db.kysely, seeded.fixture.inspectionId, noteId, save as unknown as NoteSave, seeded.fixture.leadActor);
    if (outcome.status !== 'saved') throw new Error(`saveNote answered ${outcome.status}`);
    return outcome.revision;
  };
}

export async function runEvidencePagesBenchmark(options: EvidencePagesOptions): Promise<EvidencePagesFigures> {
  const o: Settings = {
    rounds: options.rounds ?? 3,
    seconds: options.seconds ?? 5,
    concurrency: options.concurrency ?? 20,
    saveConcurrency: options.saveConcurrency ?? 4,
    log: options.log ?? ((line: string) => console.log(line)),
  };
  const loadAverageAtStart = round(os.loadavg()[0]!);
  const postgres = options.engine === 'postgres' ? await createPostgresTestDatabase() : undefined;
  const dataDir = options.engine === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'send-inspect-evidence-bench-')) : undefined;
  const database: EvidenceServerOrder['database'] = postgres ? { kind: 'postgres', connectionString: postgres.connectionString } : { kind: 'pglite', dataDir: dataDir! };
  const open = () =>
    postgres
      ? openDatabase({ kind: 'postgres', connectionString: postgres.connectionString })
      : openDatabase({ kind: 'pglite', dataDir: dataDir!, command: 'evidence-pages benchmark' });
  try {
    const setupStarted = performance.now();
    let db = await open();
    let seeded: Seeded;
    try {
      seeded = await seedEvidence(db);
    } finally {
      // The embedded database allows one process: the server's.
      await db.close();
    }
    const setupSeconds = round((performance.now() - setupStarted) / 1000, 1);
    o.log(`evidence-pages [${options.engine}]: ${NOTES} notes, ${ACTIVITIES} activities, ${seeded.trackedCases} tracked children, ${seeded.reviews} completed plan reviews in ${setupSeconds} s`);
    const content = noteContent(seeded.activityIds);

    const server = await startServer({ database, logLevel: options.logLevel ?? 'info' });
    let measured: PageFigures[];
    let api: SaveFigures;
    try {
      const cookie = await signIn(server.url, seeded.fixture.lead.email, seeded.fixture.lead.password);
      measured = await measurePages(server, seeded, cookie, o);
      api = await measureSaves('note save (HTTP)', await apiSaver(server, seeded, cookie), content, 'POST /inspections/:id/evidence/api/notes/:noteId (JSON, CSRF header)', o);
    } finally {
      await server.stop();
    }

    // The service alone, from this process, on the same database once the server has let it go.
    db = await open();
    let service: SaveFigures;
    try {
      service = await measureSaves('saveNote (service)', serviceSaver(db, seeded), content, 'saveNote called in process', o);
    } finally {
      await db.close();
    }

    const [bare, trivial, ...pages] = measured;
    const cores = os.availableParallelism();
    return {
      engine: options.engine,
      cores,
      loadAverageAtStart,
      note: `The app and the bare route run in one server process, the load generator in another; ${options.engine === 'postgres' ? 'PostgreSQL' : 'PGlite (inside the server process)'} shares the machine's ${cores} cores. Reported: the round with the median p95 (pages) or p99 (saves) of ${o.rounds}.`,
      notes: NOTES,
      activities: ACTIVITIES,
      trackedChildren: seeded.trackedCases,
      completedPlanReviews: seeded.reviews,
      concurrency: o.concurrency,
      seconds: o.seconds,
      rounds: o.rounds,
      setupSeconds,
      bare: bare!,
      trivial: trivial!,
      pages,
      saves: { api, service },
      targets: {
        pageP95Ms: PAGE_P95_TARGET_MS,
        saveP99Ms: SAVE_P99_TARGET_MS,
        pagesMet: pages.every((p) => p.median.p95Ms <= PAGE_P95_TARGET_MS && p.median.errors === 0),
        pagesMetPaced: pages.every((p) => p.paced !== undefined && p.paced.median.p95Ms <= PAGE_P95_TARGET_MS && p.paced.median.errors === 0),
        saveMet: api.median.p99Ms <= SAVE_P99_TARGET_MS && api.median.errors === 0,
      },
    };
  } finally {
    await postgres?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The benchmark as rows of the table in docs/benchmarks.md. */
export function describeEvidencePages(f: EvidencePagesFigures): string[] {
  const figures = (l: LoadResult) => `${l.perSecond} req/s, p50 ${l.p50Ms} ms, p95 ${l.p95Ms} ms, p99 ${l.p99Ms} ms, ${l.errors} errors`;
  const pacedFigures = (p: PageFigures) => (p.paced ? `; ${f.concurrency} people pausing 0.5–1.5 s between pages: p50 ${p.paced.median.p50Ms} ms, p95 ${p.paced.median.p95Ms} ms, p99 ${p.paced.median.p99Ms} ms` : '');
  const cost = (p: PageFigures) => (p.serverCpuMsPerRequest === undefined ? '' : `; server CPU ${p.serverCpuMsPerRequest} ms a request`);
  const verdict = (ms: number) => (ms <= f.targets.pageP95Ms ? 'met' : 'NOT met');
  const t = f.trivial.median;
  const b = f.bare.median;
  const baseline = `signed-in /account: ${figures(t)}${cost(f.trivial)}${pacedFigures(f.trivial)}; bare route, same bytes: ${b.perSecond} req/s, p95 ${b.p95Ms} ms`;
  const rows = f.pages.map((p) => {
    const m = p.median;
    const paced = p.paced ? `; paced ${verdict(p.paced.median.p95Ms)}` : '';
    return `| evidence-pages: ${p.page} (GET, ${f.concurrency} signed-in users always waiting, ${f.notes.toLocaleString('en-GB')} notes, median of ${f.rounds} rounds; load average ${f.loadAverageAtStart} at the start) | ${f.engine} | ${figures(m)}${cost(p)}${pacedFigures(p)} | ${baseline} | p95 ${round(m.p95Ms / t.p95Ms, 1)}× the /account page's; target p95 ≤ ${f.targets.pageP95Ms} ms: saturated ${verdict(m.p95Ms)}${paced} |`;
  });
  const a = f.saves.api.median;
  const s = f.saves.service.median;
  const saveVerdict = a.p99Ms <= f.targets.saveP99Ms ? 'met' : 'NOT met';
  rows.push(
    `| evidence-pages: note save (JSON autosave POST, ${f.saves.api.concurrency} writers, a new note then ${AMENDMENTS_PER_NOTE} amendments each) | ${f.engine} | ${a.perSecond} saves/s, p50 ${a.p50Ms} ms, p95 ${a.p95Ms} ms, p99 ${a.p99Ms} ms (new ${a.newP99Ms}, amend ${a.amendP99Ms}), ${a.errors} errors | saveNote called directly, ${f.saves.service.concurrency} writers: ${s.perSecond} saves/s, p50 ${s.p50Ms} ms, p95 ${s.p95Ms} ms, p99 ${s.p99Ms} ms | target p99 ≤ ${f.targets.saveP99Ms} ms ${saveVerdict} |`,
  );
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { engines: { type: 'string' }, rounds: { type: 'string' }, seconds: { type: 'string' }, concurrency: { type: 'string' }, 'log-level': { type: 'string' } },
  });
  const engines = (values.engines ?? 'postgres,pglite').split(',') as Engine[];
  for (const engine of engines) {
    const figures = await runEvidencePagesBenchmark({
      engine,
      rounds: values.rounds ? Number(values.rounds) : undefined,
      seconds: values.seconds ? Number(values.seconds) : undefined,
      concurrency: values.concurrency ? Number(values.concurrency) : undefined,
      logLevel: values['log-level'],
    });
    console.log(describeEvidencePages(figures).join('\n'));
  }
}
