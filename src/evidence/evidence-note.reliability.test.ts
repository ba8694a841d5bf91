// Notes survive the server being killed mid-save: the real server in its own process takes many
// autosaves at once, is killed with SIGKILL while answering them, and restarts on the same database.
// Every save it acknowledged is stored exactly once with what was acknowledged; a save it did not
// acknowledge is absent or whole, never half-written; sending it again after the restart stores it once.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { prepareDatabase } from '../bootstrap.ts';
import type { CasesFixture } from '../cases/case-test-support.ts';
import { openDatabase, type Db, type DatabaseKind } from '../platform/db/database.ts';
import { createPostgresTestDatabase, describeEachDatabase } from '../platform/db/test-database.ts';
import { csrfTokenIn } from '../platform/web/test-app.ts';
import { addFixtureActivity, createEvidenceFixture } from './evidence-test-support.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'src/main.ts');
const SESSION_SECRET = 'reliability-test-session-secret-of-32-characters-or-more';
const NOTES = 240;
const IN_FLIGHT = 12;
/** Acknowledged saves before the kill: the rest are in flight or not yet sent. */
const KILL_AFTER_ACKS = 60;
const STARTUP_TIMEOUT_MS = 60_000;

type Content = {
  body: string;
  criteria: string[];
  themes: string[];
  polarity: 'strength' | 'concern' | 'neutral';
  sourceKind: 'activity' | 'data';
  activityId: string | null;
  caseId: null;
  surveyId: null;
  sourceDetail: string;
};

/** One POST of the autosave as sent, and what came back. */
type Sent = { content: Content; baseRevision: number; acknowledged?: { status: string; revision: number; version: number } };

/** A note as one page writes it: a first save, then (for some) an amendment in the same sitting. */
type NoteRun = { id: string; editSession: string; sends: Sent[] };

type Target = { kind: DatabaseKind; dataDir: string; databaseUrl?: string };

// ---- The server, as its own process -------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

type Server = { url: string; child: ChildProcess; output: () => string };

/** Starts `send-inspect start` on the target with nothing inherited that could point it elsewhere. */
async function startServer(target: Target): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    DEMO: 'false',
    SESSION_SECRET,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    SERVICE_URL: url,
    SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000',
    ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
  };
  const child = spawn(process.execPath, [MAIN, 'start', '--port', String(port), '--data', target.dataDir], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  // A test process that dies must not leave a server holding the port and the database.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
    process.removeListener('exit', killOnExit);
  });
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`The server ${exited} before it was ready:\n${output}`);
    try {
      if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).ok) return { url, child, output: () => output };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`The server did not answer ${url}/health within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output}`);
}

function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function kill(server: Server): Promise<void> {
  server.child.kill('SIGKILL');
  await ended(server.child);
}

async function stop(server: Server): Promise<void> {
  const exit = ended(server.child);
  server.child.kill('SIGTERM');
  const force = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  await exit;
  clearTimeout(force);
}

// ---- A browser's session ------------------------------------------------------------------------

type Session = { cookie: string; csrf: string };

async function signIn(url: string, email: string, password: string): Promise<Session> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const c of response.headers.getSetCookie()) {
      const pair = c.split(';')[0]!;
      jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const page = await fetch(`${url}/sign-in`);
  keep(page);
  const response = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ _csrf: csrfTokenIn(await page.text()) ?? '', email, password }),
  });
  keep(response);
  assert.equal(response.status, 302, `signing in as ${email}`);
  assert.doesNotMatch(response.headers.get('location') ?? '', /^\/sign-in/);
  const form = await fetch(`${url}/account/password`, { headers: { cookie: cookie() } });
  keep(form);
  const csrf = csrfTokenIn(await form.text());
  assert.ok(csrf, 'a CSRF token for the signed-in session');
  return { cookie: cookie(), csrf };
}

/** Sends one autosave; the acknowledgement, or undefined when no 200 came back. */
async function sendSave(url: string, session: Session, inspectionId: string, note: NoteRun, sent: Sent): Promise<Sent['acknowledged']> {
  try {
    const response = await fetch(`${url}/inspections/${inspectionId}/evidence/api/notes/${note.id}`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ content: sent.content, baseRevision: sent.baseRevision, editSession: note.editSession }),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    if (response.status !== 200) return undefined;
    return JSON.parse(text) as Sent['acknowledged'];
  } catch {
    return undefined;
  }
}

// ---- The notes ----------------------------------------------------------------------------------

const CRITERIA = ['I1', 'I2', 'I3', 'I4', 'I5', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6'];
const THEMES = ['EHCNA_TIMELINESS', 'THERAPY_WAITS', 'COPRODUCTION', 'TRANSITIONS_PFA'];

function contentFor(i: number, activityId: string, amended: boolean): Content {
  const body = `Reliability note ${i}: parents said the wait for an assessment was long.${amended ? ' They had waited more than a year.' : ''}`;
  return {
    body,
    criteria: [CRITERIA[i % CRITERIA.length]!],
    themes: [THEMES[i % THEMES.length]!],
    polarity: i % 2 === 0 ? 'concern' : 'strength',
    sourceKind: i % 3 === 0 ? 'data' : 'activity',
    activityId: i % 3 === 0 ? null : activityId,
    caseId: null,
    surveyId: null,
    sourceDetail: i % 3 === 0 ? 'EHC plan timeliness (SEN2)' : '',
  };
}

/**
 * Writes the notes from IN_FLIGHT pages at once: each note's first save, then for every third note an
 * amendment in the same sitting once the first was acknowledged. Calls `onAck` after each acknowledgement.
 */
async function writeNotes(url: string, session: Session, inspectionId: string, activityId: string, onAck: (acks: number) => void): Promise<NoteRun[]> {
  const notes: NoteRun[] = Array.from({ length: NOTES }, () => ({ id: randomUUID(), editSession: randomUUID(), sends: [] }));
  let next = 0;
  let acks = 0;
  async function page(): Promise<void> {
    while (next < notes.length) {
      const i = next++;
      const note = notes[i]!;
      const first: Sent = { content: contentFor(i, activityId, false), baseRevision: 0 };
      note.sends.push(first);
      first.acknowledged = await sendSave(url, session, inspectionId, note, first);
      if (!first.acknowledged) continue;
      onAck(++acks);
      if (i % 3 !== 1) continue;
      const amendment: Sent = { content: contentFor(i, activityId, true), baseRevision: first.acknowledged.revision };
      note.sends.push(amendment);
      amendment.acknowledged = await sendSave(url, session, inspectionId, note, amendment);
      if (amendment.acknowledged) onAck(++acks);
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, page));
  return notes;
}

// ---- What is stored -----------------------------------------------------------------------------

type StoredNote = { id: string; content: Content; version: number; revision: number; editSession: string; versions: Content[]; creationRecords: number };

async function readStored(target: Target, inspectionId: string): Promise<Map<string, StoredNote>> {
  const db = await openTarget(target);
  try {
    const notes = await db.kysely.selectFrom('evidence_note').selectAll().where('inspection_id', '=', inspectionId).execute();
    const versions = notes.length
      ? await db.kysely
          .selectFrom('evidence_note_version')
          .selectAll()
          .where(
            'note_id',
            'in',
            notes.map((n) => n.id),
          )
          .orderBy('version')
          .execute()
      : [];
    const records = await db.kysely
      .selectFrom('audit_event')
      .select('subject_id')
      .where('inspection_id', '=', inspectionId)
      .where('subject_type', '=', 'evidence_note')
      .where('action', '=', 'evidence.note-created')
      .execute();
    const asContent = (r: (typeof notes)[number] | (typeof versions)[number]): Content => ({
      body: r.body,
      criteria: r.criteria,
      themes: r.themes,
      polarity: r.polarity as Content['polarity'],
      sourceKind: r.source_kind as Content['sourceKind'],
      activityId: r.activity_id,
      caseId: null,
      surveyId: null,
      sourceDetail: r.source_detail,
    });
    return new Map(
      notes.map((n) => [
        n.id,
        {
          id: n.id,
          content: asContent(n),
          version: n.version,
          revision: n.revision,
          editSession: n.edit_session,
          versions: versions.filter((v) => v.note_id === n.id).map(asContent),
          creationRecords: records.filter((r) => r.subject_id === n.id).length,
        },
      ]),
    );
  } finally {
    await db.close();
  }
}

function openTarget(target: Target): Promise<Db> {
  return target.databaseUrl
    ? openDatabase({ kind: 'postgres', connectionString: target.databaseUrl, poolSize: 2 })
    : openDatabase({ kind: 'pglite', dataDir: target.dataDir, command: 'reliability test' });
}

/** Checks the stored notes against what was sent: acknowledged saves kept, nothing partial, nothing twice. */
function checkAgainstSends(notes: NoteRun[], stored: Map<string, StoredNote>): { acknowledgedNotes: number; unacknowledgedStored: number; absent: number } {
  const sentIds = new Set(notes.map((n) => n.id));
  for (const id of stored.keys()) assert.ok(sentIds.has(id), `note ${id} is stored but was never sent`);
  const bodies = [...stored.values()].map((s) => s.content.body);
  assert.equal(new Set(bodies).size, bodies.length, 'no note is stored twice');
  let acknowledgedNotes = 0;
  let unacknowledgedStored = 0;
  let absent = 0;
  for (const note of notes) {
    const row = stored.get(note.id);
    const lastAcked = note.sends.findLastIndex((s) => s.acknowledged);
    if (lastAcked >= 0) acknowledgedNotes++;
    if (!row) {
      assert.equal(lastAcked, -1, `acknowledged note ${note.id} is missing`);
      absent++;
      continue;
    }
    // The stored content is one whole save, no older than the last acknowledged one.
    const matching = note.sends.findLastIndex((s) => JSON.stringify(s.content) === JSON.stringify(row.content));
    assert.ok(matching >= 0, `note ${note.id} holds content that was never sent whole: ${JSON.stringify(row.content)}`);
    assert.ok(matching >= lastAcked, `note ${note.id} lost its acknowledged save`);
    if (lastAcked === -1 || matching > lastAcked) unacknowledgedStored++;
    const acked = note.sends[matching]!.acknowledged;
    if (acked) assert.equal(row.revision, acked.revision, `note ${note.id} is at the acknowledged revision`);
    assert.equal(row.revision, matching + 1, `note ${note.id}: one revision per save stored`);
    // One sitting is one version, and the version row is the note as it stands.
    assert.equal(row.version, 1);
    assert.equal(row.editSession, note.editSession);
    assert.deepEqual(row.versions, [row.content], `note ${note.id}: its one version row matches it`);
    // The audit record is written in the note's transaction: there when the note is, and once.
    assert.equal(row.creationRecords, 1, `note ${note.id}: one audit record of its creation`);
  }
  return { acknowledgedNotes, unacknowledgedStored, absent };
}

// ---- The test -----------------------------------------------------------------------------------

async function prepareTarget(kind: DatabaseKind): Promise<{ target: Target; fixture: CasesFixture; activityId: string; cleanUp: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'send-inspect-reliability-'));
  const postgres = kind === 'postgres' ? await createPostgresTestDatabase() : undefined;
  const target: Target = { kind, dataDir, databaseUrl: postgres?.connectionString };
  const db = await openTarget(target);
  try {
    await prepareDatabase(db);
    const fixture = await createEvidenceFixture(db);
    const activity = await addFixtureActivity(db, fixture.inspectionId, { inspectorIds: [fixture.inspector.userId] });
    return {
      target,
      fixture,
      activityId: activity.id,
      cleanUp: async () => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        await postgres?.drop();
      },
    };
  } finally {
    await db.close();
  }
}

describeEachDatabase('notes survive the server being killed mid-save', (kind) => {
  test('every acknowledged save is stored once, nothing is half-written, and a save sent again after the restart is stored once', { timeout: 120_000 }, async (t) => {
    const started = performance.now();
    const { target, fixture, activityId, cleanUp } = await prepareTarget(kind);
    t.diagnostic(`database prepared (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    const running: Server[] = [];
    try {
      const first = await startServer(target);
      running.push(first);
      t.diagnostic(`server started (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      const session = await signIn(first.url, fixture.lead.email, fixture.lead.password);
      let killed: Promise<void> | undefined;
      const notes = await writeNotes(first.url, session, fixture.inspectionId, activityId, (acks) => {
        if (acks === KILL_AFTER_ACKS) killed = kill(first);
      });
      assert.ok(killed, `the server was killed after ${KILL_AFTER_ACKS} acknowledgements`);
      await killed;

      // Straight after the kill, before anything is sent again.
      const afterKill = checkAgainstSends(notes, await readStored(target, fixture.inspectionId));
      t.diagnostic(
        `killed after ${KILL_AFTER_ACKS} acknowledgements: ${afterKill.acknowledgedNotes} notes acknowledged, ${afterKill.unacknowledgedStored} stored without an acknowledgement, ${afterKill.absent} absent (${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
      assert.ok(afterKill.acknowledgedNotes >= KILL_AFTER_ACKS / 2, 'many saves were acknowledged before the kill');
      assert.ok(afterKill.absent > 0, 'some saves never reached the database (the kill came mid-run)');

      // The pages send every unacknowledged save again to the restarted server, twice over.
      const second = await startServer(target);
      running.push(second);
      t.diagnostic(`server restarted (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      const again = await signIn(second.url, fixture.lead.email, fixture.lead.password);
      const resent = notes.filter((n) => n.sends.some((s) => !s.acknowledged));
      assert.ok(resent.length > 0);
      let next = 0;
      const page = async () => {
        while (next < resent.length) {
          const note = resent[next++]!;
          for (const sent of note.sends.filter((s) => !s.acknowledged)) {
            sent.acknowledged = await sendSave(second.url, again, fixture.inspectionId, note, sent);
            assert.ok(sent.acknowledged, `the save of note ${note.id} sent again was acknowledged`);
            const repeat = await sendSave(second.url, again, fixture.inspectionId, note, sent);
            assert.equal(repeat?.status, 'unchanged', 'a save sent twice is recognised');
            assert.equal(repeat?.revision, sent.acknowledged.revision);
          }
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, page));
      t.diagnostic(`${resent.length} notes sent again after the restart (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      await stop(second);

      const final = await readStored(target, fixture.inspectionId);
      const afterRestart = checkAgainstSends(notes, final);
      assert.equal(afterRestart.absent, 0);
      assert.equal(final.size, NOTES, 'every note stored exactly once');
      for (const note of notes) assert.deepEqual(final.get(note.id)!.content, note.sends.at(-1)!.content);
    } finally {
      for (const server of running) if (server.child.exitCode === null && server.child.signalCode === null) await kill(server);
      await cleanUp();
    }
  });
});
