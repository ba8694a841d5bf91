// Tests of the metrics over the database, on PGlite and PostgreSQL: the hand-made population's
// figures, the SQL against a count in TypeScript over synthetic people, which import is used, and
// the audit record of each view.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { syntheticPeople } from '../demo/demo-people.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { buildCaseMetrics, metricsWindow } from './case-metrics.ts';
import { countPlans, tallyPeople } from './case-metrics.repository.ts';
import { metricsFor, viewCaseMetrics } from './case-metrics.service.ts';
import { handMadePeople, referenceCounts } from './case-metrics-test-support.ts';
import { FIXTURE_DATA_DATE, addAcceptedImport, createCasesFixture, type CasesFixture } from './case-test-support.ts';

describeEachDatabase('case metrics', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;

  before(async () => {
    fixture = await createCasesFixture(db);
  });

  test('no accepted import: no metrics', async () => {
    const other = await createCasesFixture(db);
    assert.equal(await metricsFor(db.kysely, other.inspectionId), null);
  });

  test('the hand-made population gives the figures worked out by hand', async () => {
    const imported = await addAcceptedImport(db, fixture, { people: handMadePeople() });
    const result = (await metricsFor(db.kysely, fixture.inspectionId))!;
    assert.equal(result.import.id, imported.importId);
    assert.equal(result.import.dataDate, FIXTURE_DATA_DATE);
    const { metrics } = result;
    assert.equal(metrics.people, 21);
    const np = metrics.newPlans;
    assert.deepEqual([np.issued, np.withRequestDate, np.withoutRequestDate, np.exceptions], [10, 6, 4, 1]);
    assert.deepEqual(np.within20WeeksIncludingExceptions, { numerator: 3, denominator: 6, percent: 50 });
    assert.deepEqual(np.within20WeeksExcludingExceptions, { numerator: 3, denominator: 5, percent: 60 });
    assert.deepEqual(np.over52Weeks, { numerator: 1, denominator: 6, percent: 16.7 });
    assert.equal(np.averageWeeks, 29.4);
    assert.deepEqual(metrics.annualReviews.fiveAndOver, { numerator: 3, denominator: 5, percent: 60 });
    assert.deepEqual(metrics.annualReviews.under5, { numerator: 1, denominator: 2, percent: 50 });
    assert.deepEqual(metrics.annualReviews.overdue, { numerator: 4, denominator: 7, percent: 57.1 });
    assert.equal(metrics.annualReviews.withoutIssueDate, 1);
    assert.deepEqual(metrics.mix.EHCP.needs.map((n) => [n.code, n.count, n.share.percent]), [['ASD', 15, 88.2], ['SLCN', 1, 5.9], ['SEMH', 1, 5.9]]);
    assert.deepEqual(metrics.mix.EHCP.agePhases.map((a) => a.count), [3, 8, 4, 1, 1]);
    assert.deepEqual(metrics.mix.EHCP.placementGroups.map((g) => g.count), [3, 9, 2, 1, 2, 0]);
    assert.deepEqual(metrics.mix.EHCP.alternativeProvision, { numerator: 2, denominator: 17, percent: 11.8 });
    assert.deepEqual(metrics.mix.EHCP.outOfArea, { numerator: 1, denominator: 17, percent: 5.9 });
    assert.deepEqual(metrics.mix.SEN_SUPPORT.needs.map((n) => [n.code, n.count]), [['SLCN', 2], ['MLD', 1], ['NSA', 1]]);
    assert.deepEqual(metrics.mix.all.alternativeProvision, { numerator: 3, denominator: 21, percent: 14.3 });
    // And the same as counting the people one by one.
    const reference = referenceCounts(handMadePeople(), FIXTURE_DATA_DATE);
    assert.deepEqual(metrics, buildCaseMetrics(metricsWindow(FIXTURE_DATA_DATE), reference.plans, reference.tallies));
  });

  test('over 3,000 synthetic people the SQL counts what a count one by one does', async () => {
    const people = syntheticPeople({ count: 3000, seed: 42, dataDate: FIXTURE_DATA_DATE });
    const other = await createCasesFixture(db);
    const imported = await addAcceptedImport(db, other, { people });
    const window = metricsWindow(FIXTURE_DATA_DATE);
    const reference = referenceCounts(people, FIXTURE_DATA_DATE);
    assert.deepEqual(await countPlans(db.kysely, imported.importId, window), reference.plans);
    assert.deepEqual(await tallyPeople(db.kysely, imported.importId), reference.tallies);
    // The synthetic data have new plans of every kind, so the check above is not vacuous.
    assert.ok(reference.plans.newWithin20Weeks > 0 && reference.plans.newOver52Weeks > 0 && reference.plans.reviewOverdue > 0);
  });

  test('a later import replaces the earlier one in the metrics', async () => {
    const other = await createCasesFixture(db);
    await addAcceptedImport(db, other, { people: handMadePeople() });
    const later = await addAcceptedImport(db, other, { people: handMadePeople().slice(0, 5) });
    const result = (await metricsFor(db.kysely, other.inspectionId))!;
    assert.equal(result.import.id, later.importId);
    assert.equal(result.metrics.people, 5);
  });

  test('each view is audited, with the import seen, and a view with no data is audited too', async () => {
    const other = await createCasesFixture(db);
    const inspection = { id: other.inspectionId, laCode: other.laCode };
    assert.equal(await viewCaseMetrics(db.kysely, inspection, other.inspectorActor, { page: 'metrics' }, { requestId: 'req-1' }), null);
    const imported = await addAcceptedImport(db, other, { people: handMadePeople() });
    const result = await viewCaseMetrics(db.kysely, inspection, other.leadActor, { page: 'metrics' });
    assert.equal(result?.metrics.people, 21);
    const events = await db.kysely.selectFrom('audit_event').selectAll().where('inspection_id', '=', other.inspectionId).where('action', '=', 'cases.view-metrics').orderBy('id').execute();
    assert.equal(events.length, 2);
    assert.deepEqual(
      events.map((e) => [e.actor_user_id, e.la_code, e.subject_type, e.subject_id, e.request_id]),
      [
        [other.inspector.userId, '352', 'inspection', other.inspectionId, 'req-1'],
        [other.lead.userId, '352', 'case_import', imported.importId, null],
      ],
    );
    assert.deepEqual(events[1]!.details, { page: 'metrics', importId: imported.importId, people: 21 });
  });
});
