// Tests of `cases metrics` on both databases: the readable report and JSON of the hand-made
// population, lookup by reference, the audit record as "cli", and clear errors.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { CliError, UsageError, parseCommandArgs } from '../platform/cli.ts';
import type { Db } from '../platform/db/database.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { caseMetricsCommands } from './case-metrics.cli.ts';
import type { CaseMetrics } from './case-metrics.ts';
import { handMadePeople } from './case-metrics-test-support.ts';
import { addAcceptedImport, createCasesFixture, type CasesFixture } from './case-test-support.ts';
import type { NationalFigures } from './national-figures.ts';

const metricsCommand = caseMetricsCommands.find((c) => c.name === 'cases metrics')!;

async function run(db: Db | null, argv: string[]): Promise<{ out: string[]; err: string[] }> {
  const { values, positionals } = parseCommandArgs(metricsCommand, argv);
  const out: string[] = [];
  const err: string[] = [];
  await metricsCommand.run({
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

describeEachDatabase('cases metrics CLI', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;
  let reference: string;
  let importId: string;

  before(async () => {
    fixture = await createCasesFixture(db);
    importId = (await addAcceptedImport(db, fixture, { people: handMadePeople() })).importId;
    reference = (await db.kysely.selectFrom('inspection').select('reference').where('id', '=', fixture.inspectionId).executeTakeFirstOrThrow()).reference;
  });

  test('prints a readable report with the national figures beside, and is audited as cli', async () => {
    const { out } = await run(db, ['--inspection', reference]);
    assert.equal(out[0], `Metrics for ${reference} (Manchester) from person-level-data.csv`);
    assert.equal(out[1], 'Data as at 2 November 2026: 21 children and young people; EHC plan 17 (81.0%), SEN support 4 (19.0%)');
    assert.ok(out.includes('New EHC plans issued 3 November 2025 to 2 November 2026: 10, of which 6 have a request date (the figures below count only these).'), out.join('\n'));
    assert.ok(out.some((l) => /^ {2}Issued within 20 weeks, excluding exceptions\s+60\.0% \(3 of 5\)\s+46\.4%, calendar 2024$/.test(l)), out.join('\n'));
    assert.ok(out.some((l) => /^ {2}Issued within 20 weeks, including exceptions\s+50\.0% \(3 of 6\)\s+Not published for recent years \(the latest found is 58\.7%, for calendar 2019\)$/.test(l)));
    assert.ok(out.some((l) => /^ {2}Average weeks from request to plan\s+29\.4 weeks \(6 plans\)\s+No national figure found for calendar 2024$/.test(l)));
    assert.ok(out.some((l) => /^ {2}Issued after more than 52 weeks\s+16\.7% \(1 of 6\)\s+7\.0%, calendar 2024$/.test(l)));
    assert.ok(out.some((l) => /^ {2}All plans due a review\s+57\.1% \(4 of 7\)$/.test(l)));
    assert.ok(out.some((l) => /^ {2}Under 5\s+50\.0% \(1 of 2\)$/.test(l)));
    assert.ok(out.some((l) => /^ {2}Autistic spectrum disorder\s+15\s+88\.2%\s+31\.5%\s+0\s+0\.0%$/.test(l)), out.join('\n'));
    assert.ok(out.some((l) => /^ {2}Everyone with SEND in the data\s+14\.3% \(3 of 21\)\s+4\.8% \(1 of 21\)$/.test(l)));
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'cases.view-metrics').where('inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow();
    assert.deepEqual([audit.actor_user_id, audit.actor_label, audit.la_code, audit.subject_id], [null, 'cli', '352', importId]);
    assert.deepEqual(audit.details, { via: 'cli', importId, people: 21 });
  });

  test('--json prints the same figures, each share with its numerator and denominator, and the national figures', async () => {
    const json = JSON.parse((await run(db, ['--inspection', fixture.inspectionId, '--json'])).out.join('\n')) as {
      inspection: { reference: string };
      import: { id: string; dataDate: string };
      metrics: CaseMetrics;
      national: NationalFigures;
    };
    assert.equal(json.inspection.reference, reference);
    assert.deepEqual([json.import.id, json.import.dataDate], [importId, '2026-11-02']);
    assert.deepEqual(json.metrics.newPlans.within20WeeksExcludingExceptions, { numerator: 3, denominator: 5, percent: 60 });
    assert.deepEqual(json.metrics.annualReviews.overdue, { numerator: 4, denominator: 7, percent: 57.1 });
    assert.equal(json.metrics.newPlans.averageWeeks, 29.4);
    assert.equal(json.national.timeliness.within20WeeksExcludingExceptions.value, 46.4);
  });

  test('an inspection with no accepted data, an unknown one and a missing option are explained', async () => {
    const other = await createCasesFixture(db);
    await assert.rejects(run(db, ['--inspection', other.inspectionId]), (error: Error) => error instanceof CliError && /has no accepted person-level data yet/.test(error.message));
    await assert.rejects(run(db, ['--inspection', 'SEND-999-2026-9']), (error: Error) => error instanceof CliError && error.message === 'There is no inspection with the reference SEND-999-2026-9');
    await assert.rejects(run(null, ['--inspection', 'Manchester']), (error: Error) => error instanceof UsageError && /is not an inspection id or reference/.test(error.message));
    await assert.rejects(run(null, []), (error: Error) => error instanceof UsageError && error.message === '--inspection is required');
  });
});
