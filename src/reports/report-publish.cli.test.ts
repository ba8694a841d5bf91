// Tests of `report publish` on both databases: plain usage errors, refused without both sign-offs
// (saying what is missing), published now by reference and audited as "cli", or scheduled by id.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getInspection } from '../inspections/inspection.service.ts';
import { CliError, UsageError } from '../platform/cli.ts';
import { runCliCommand } from '../platform/cli-test-support.ts';
import type { Db } from '../platform/db/database.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { reportPublishCommands } from './report-publish.cli.ts';
import { signOff, signOffPage } from './report-publication.service.ts';
import { completeFactualAccuracyCheck, createReportFixture, signOffByBothLeads } from './report-publication-test-support.ts';

const publishCommand = reportPublishCommands.find((c) => c.name === 'report publish')!;

async function run(db: Db | null, argv: string[]): Promise<string[]> {
  return (await runCliCommand(publishCommand, db, argv)).out;
}

describeEachDatabase('report publish CLI', (kind) => {
  const db = usePreparedDatabase(kind);

  test('usage errors are plain and open no database', async () => {
    await assert.rejects(run(null, []), (error: unknown) => error instanceof UsageError && /--inspection is required/.test(error.message));
    await assert.rejects(run(null, ['--inspection', 'Manchester']), (error: unknown) => error instanceof UsageError && /is not an inspection id or reference/.test(error.message));
    await assert.rejects(run(null, ['--inspection', 'SEND-352-2026-1', '--at', 'next Tuesday']), (error: unknown) => error instanceof UsageError && /^--at: "next Tuesday" is not a time/.test(error.message));
    await assert.rejects(run(db, ['--inspection', 'SEND-999-2026-9']), (error: unknown) => error instanceof CliError && error.message === 'There is no inspection with the reference SEND-999-2026-9');
  });

  test('refused without both sign-offs; published now by reference once both hold, audited as cli', async () => {
    const fixture = await createReportFixture(db);
    await completeFactualAccuracyCheck(db, fixture);
    const { currentHash } = await signOffPage(db.kysely, fixture.inspectionId);
    await signOff(db.kysely, fixture.inspectionId, currentHash, fixture.leadActor);
    const reference = (await getInspection(db.kysely, fixture.inspectionId))!.inspection.reference;

    await assert.rejects(run(db, ['--inspection', reference]), (error: unknown) => {
      assert.ok(error instanceof CliError);
      assert.equal(error.message, 'Both the Ofsted lead and the CQC lead must sign off the report before it is published.\n  - The CQC lead has not signed off');
      return true;
    });
    await signOff(db.kysely, fixture.inspectionId, currentHash, fixture.cqcLeadActor);
    const out = await run(db, ['--inspection', reference.toLowerCase()]);
    assert.deepEqual(out, [`Published the report of ${reference} (draft version 1).`]);
    assert.equal((await getInspection(db.kysely, fixture.inspectionId))!.inspection.status, 'published');
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'report.publish').where('inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow();
    assert.deepEqual([audit.actor_user_id, audit.actor_label], [null, 'cli']);
    await assert.rejects(run(db, ['--inspection', reference]), (error: unknown) => error instanceof CliError && error.message === 'The report is already published: it can only be changed by a published correction.');
  });

  test('--at schedules the publication in England’s time; a time past is refused', async () => {
    const fixture = await createReportFixture(db, '202');
    await completeFactualAccuracyCheck(db, fixture);
    await signOffByBothLeads(db, fixture);
    await assert.rejects(run(db, ['--inspection', fixture.inspectionId, '--at', '2020-01-01 09:00']), (error: unknown) => error instanceof CliError && error.message === '--at: The publication time must be in the future.');
    const year = new Date().getUTCFullYear() + 1;
    const out = await run(db, ['--inspection', fixture.inspectionId, '--at', `${year}-01-20 09:30`]);
    const reference = (await getInspection(db.kysely, fixture.inspectionId))!.inspection.reference;
    assert.deepEqual(out, [`The report of ${reference} will be published on 20 January ${year} at 9:30am (UK time), if both leads’ sign-offs still hold then.`]);
    const report = await db.kysely.selectFrom('report').select(['scheduled_for', 'scheduled_by']).where('inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow();
    assert.equal(new Date(report.scheduled_for!).toISOString(), `${year}-01-20T09:30:00.000Z`);
    assert.equal(report.scheduled_by, null);
    assert.equal((await getInspection(db.kysely, fixture.inspectionId))!.inspection.status, 'factual_accuracy');
  });
});
