// The scheduled publication job: registered to run every minute, and its run publishes a report
// whose time has come (the publishing rules themselves are tested with the service).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getInspection } from '../inspections/inspection.service.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import type { JobHandler, Jobs } from '../platform/jobs.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { PUBLISH_DUE_REPORTS_CRON, PUBLISH_DUE_REPORTS_JOB, scheduleReportJobs } from './report-jobs.ts';
import { completeFactualAccuracyCheck, createReportFixture, signOffByBothLeads } from './report-publication-test-support.ts';
import { schedulePublication } from './report-publication.service.ts';

describeEachDatabase('the scheduled publication job', (kind) => {
  const db = usePreparedDatabase(kind);

  test('runs every minute and publishes the reports that are due', async () => {
    const scheduled: { name: string; cron: string; handler: JobHandler }[] = [];
    const jobs: Jobs = { kind: 'inline', schedule: async (name, cron, handler) => void scheduled.push({ name, cron, handler }), start: async () => {}, stop: async () => {} };
    await scheduleReportJobs(jobs, db.kysely);
    assert.deepEqual(
      scheduled.map(({ name, cron }) => ({ name, cron })),
      [{ name: PUBLISH_DUE_REPORTS_JOB, cron: PUBLISH_DUE_REPORTS_CRON }],
    );
    assert.equal(PUBLISH_DUE_REPORTS_CRON, '* * * * *');

    const fixture = await createReportFixture(db);
    await completeFactualAccuracyCheck(db, fixture);
    await signOffByBothLeads(db, fixture);
    const scheduledAt = new Date(Date.now() - 60_000);
    await schedulePublication(db.kysely, fixture.inspectionId, new Date(Date.now() + 60_000), fixture.leadActor);
    // The time has come: moved back rather than waiting a minute.
    await db.kysely.updateTable('report').set({ scheduled_for: scheduledAt }).where('inspection_id', '=', fixture.inspectionId).execute();
    await scheduled[0]!.handler();
    assert.equal((await getInspection(db.kysely, fixture.inspectionId))!.inspection.status, 'published');
    const publications = await db.kysely.selectFrom('report_publication').select('sequence').where('inspection_id', '=', fixture.inspectionId).execute();
    assert.deepEqual(publications, [{ sequence: 1 }]);
  });
});
