// Tests of `cases sample` on both databases: the readable listing, JSON, the same seed giving the
// same sample, the audit record, and clear errors for bad options, unknown inspections and no data.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { CliError, UsageError, parseCommandArgs } from '../platform/cli.ts';
import type { Db } from '../platform/db/database.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { caseSampleCommands } from './case-sample.cli.ts';
import { addAcceptedImport, createCasesFixture, type CasesFixture } from './case-test-support.ts';

const sample = caseSampleCommands.find((c) => c.name === 'cases sample')!;

async function run(db: Db | null, argv: string[]): Promise<{ out: string[]; err: string[] }> {
  const { values, positionals } = parseCommandArgs(sample, argv);
  const out: string[] = [];
  const err: string[] = [];
  await sample.run({
    config: loadConfig({ NODE_ENV: 'test' }),
    values,
    positionals,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    // The verb closes what it opens; the suite keeps one database across runs.
    openDb: async () => {
      if (!db) throw new Error('this run must not open the database');
      return { ...db, close: async () => {} };
    },
  });
  return { out, err };
}

type SampleJson = {
  inspection: { id: string; reference: string };
  sampleId: string;
  seed: string;
  algorithmVersion: string;
  supersededSampleId: string | null;
  tracked: { chosen: { position: number; personId: string; stratum: Record<string, string> }[]; targets: Record<string, Record<string, number>> };
  review: { chosen: { position: number; personId: string; stratum: Record<string, string> }[]; targets: Record<string, Record<string, number>> };
};

describeEachDatabase('cases sample CLI', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;
  let reference: string;

  before(async () => {
    fixture = await createCasesFixture(db);
    reference = (await db.kysely.selectFrom('inspection').select('reference').where('id', '=', fixture.inspectionId).executeTakeFirstOrThrow()).reference;
  });

  test('without accepted data the draw is refused with the reason', async () => {
    await assert.rejects(run(db, ['--inspection', reference]), (e: unknown) => e instanceof CliError && /There is no person-level data to draw from yet/.test(e.message));
  });

  test('draws with the defaults and prints the seed, the version and each chosen id with its stratum; audited as cli', async () => {
    const { people } = await addAcceptedImport(db, fixture, { count: 300, seed: 9 });
    const { out } = await run(db, ['--inspection', reference]);
    assert.equal(out[0], `Sample drawn for ${reference}`);
    const seed = /^Seed: ([A-Z2-9]{4}-[A-Z2-9]{4}) {2}\(the same seed and data always give the same sample\)$/.exec(out[1]!)?.[1];
    assert.ok(seed, out[1]);
    assert.equal(out[2], 'Algorithm: balanced-quota-1');
    assert.equal(out[4], 'Tracked children: 6 (6 asked for, from 300)');
    const ids = new Set(people.map((p) => p.personId));
    const listed = out.filter((line) => /^ {2} {0,2}\d+ {2}/.test(line));
    assert.equal(listed.length, 46);
    for (const line of listed) assert.ok(ids.has(line.trim().split(/\s+/)[1]!), line);
    assert.match(listed[0]!, /\[At least one tracked child in alternative provision\]$/);
    assert.ok(out.includes(`Plans to review: 40 (40 asked for, from ${people.filter((p) => p.senStatus === 'EHCP').length - listed.slice(0, 6).filter((l) => /; EHC plan;/.test(l)).length})`), out.join('\n'));
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'cases.sample-drawn').where('inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow();
    assert.equal(audit.actor_label, 'cli');
    assert.equal(audit.actor_user_id, null);
    assert.equal((audit.details as { seed: string }).seed, seed);
  });

  test('--json with a seed: the same seed gives the same sample, and each draw replaces the one before', async () => {
    const first = JSON.parse((await run(db, ['--inspection', fixture.inspectionId, '--tracked', '3', '--review', '12', '--seed', 'cli-seed', '--json'])).out.join('\n')) as SampleJson;
    assert.equal(first.seed, 'cli-seed');
    assert.equal(first.algorithmVersion, 'balanced-quota-1');
    assert.equal(first.inspection.reference, reference);
    assert.equal(first.tracked.chosen.length, 3);
    assert.equal(first.review.chosen.length, 12);
    assert.ok(first.review.chosen.every((c) => c.stratum.senStatus === 'EHCP'));
    assert.equal(Object.values(first.review.targets.agePhase!).reduce((a, b) => a + b, 0), 12);
    const second = JSON.parse((await run(db, ['--inspection', reference, '--tracked', '3', '--review', '12', '--seed', 'cli-seed', '--json'])).out.join('\n')) as SampleJson;
    assert.deepEqual(second.tracked.chosen, first.tracked.chosen);
    assert.deepEqual(second.review.chosen, first.review.chosen);
    assert.equal(second.supersededSampleId, first.sampleId);
    const stored = await db.kysely.selectFrom('sampled_case').select('person_id').where('sample_id', '=', second.sampleId).orderBy('purpose', 'desc').orderBy('position').execute();
    assert.deepEqual(stored.map((r) => r.person_id), [...second.tracked.chosen, ...second.review.chosen].map((c) => c.personId));
  });

  test('bad options are usage errors before the database is opened; an unknown inspection is a clear error', async () => {
    await assert.rejects(run(null, []), (e: unknown) => e instanceof UsageError && e.message === '--inspection is required');
    await assert.rejects(run(null, ['--inspection', 'Manchester']), (e: unknown) => e instanceof UsageError && /is not an inspection id or reference/.test(e.message));
    await assert.rejects(run(null, ['--inspection', reference, '--tracked', 'six']), (e: unknown) => e instanceof UsageError && e.message === '--tracked: Enter the number of tracked children as a whole number from 0 to 20');
    await assert.rejects(run(null, ['--inspection', reference, '--review', '201', '--seed', 'a/b']), (e: unknown) => e instanceof UsageError && /--review: .*from 0 to 200\n--seed: The seed can only contain/.test(e.message));
    const id = randomUUID();
    await assert.rejects(run(db, ['--inspection', id]), (e: unknown) => e instanceof CliError && e.message === `There is no inspection with the id ${id}`);
  });
});
