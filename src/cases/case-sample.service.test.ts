// Tests of the case sample's use cases on PGlite and PostgreSQL: drawing (reproducibly, on another
// database too), redrawing, replacing with history, sharing with the area, the sampling report,
// and the clear errors each refuses with.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { prepareDatabase } from '../bootstrap.ts';
import { createTestDatabase, describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { addWorkingDays } from '../platform/working-days.ts';
import { timelinessBand, type PersonRecord } from './case.ts';
import { addAcceptedImport, createCasesFixture, FIXTURE_DATA_DATE, type CasesFixture, type FixtureImport } from './case-test-support.ts';
import { selectSamplingPopulation } from './case-sample.repository.ts';
import {
  SampledCaseNotFoundError,
  SampleInputError,
  SampleRefusedError,
  chosenIds,
  currentSample,
  drawCaseSample,
  replaceCase,
  samplingReport,
  shareWithArea,
} from './case-sample.service.ts';
import { SAMPLING_ALGORITHM_VERSION, SAMPLING_DIMENSIONS, countCategories, samplingUnit, toColumns, unitAt } from './case-sampling.ts';
import { syntheticPeople } from '../demo/demo-people.ts';

const PEOPLE = 500;

function inputError(field: string, message: RegExp) {
  return (error: unknown) => error instanceof SampleInputError && error.field === field && message.test(error.message);
}

function refused(message: RegExp) {
  return (error: unknown) => error instanceof SampleRefusedError && message.test(error.message);
}

describeEachDatabase('the case sample', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;
  let imported: FixtureImport;

  before(async () => {
    fixture = await createCasesFixture(db);
  });

  const cases = (sampleId: string) => db.kysely.selectFrom('sampled_case').selectAll().where('sample_id', '=', sampleId).orderBy('purpose', 'desc').orderBy('position').execute();
  const audits = (action: string) => db.kysely.selectFrom('audit_event').selectAll().where('action', '=', action).where('inspection_id', '=', fixture.inspectionId).orderBy('id').execute();

  test('without accepted data there is nothing to draw from; bad numbers and seeds are refused', async () => {
    await assert.rejects(drawCaseSample(db.kysely, fixture.inspectionId, { tracked: 6, review: 40 }, fixture.leadActor), refused(/There is no person-level data to draw from yet/));
    await assert.rejects(drawCaseSample(db.kysely, fixture.inspectionId, { tracked: -1, review: 40 }, fixture.leadActor), inputError('tracked', /^Enter the number of tracked children as a whole number from 0 to 20$/));
    await assert.rejects(drawCaseSample(db.kysely, fixture.inspectionId, { tracked: 6, review: 2.5 }, fixture.leadActor), inputError('review', /^Enter the number of plans to review as a whole number from 0 to 200$/));
    await assert.rejects(drawCaseSample(db.kysely, fixture.inspectionId, { tracked: 0, review: 0 }, fixture.leadActor), inputError('tracked', /at least one/));
    await assert.rejects(drawCaseSample(db.kysely, fixture.inspectionId, { tracked: 6, review: 40, seed: 'a;b' }, fixture.leadActor), inputError('seed', /only contain letters, numbers/));
    await assert.rejects(drawCaseSample(db.kysely, fixture.inspectionId, { tracked: 6, review: 40, seed: 'x'.repeat(65) }, fixture.leadActor), inputError('seed', /64 characters or fewer/));
    assert.equal(await currentSample(db.kysely, fixture.inspectionId), undefined);
  });

  test('the SQL reading of the people gives every person the categories case.ts gives them', async () => {
    // Four children in alternative provision, all placed there, so that the draw tracks exactly one.
    const people = syntheticPeople({ count: PEOPLE, seed: 7, dataDate: FIXTURE_DATA_DATE }).map((p, i): PersonRecord => ({
      ...p,
      alternativeProvision: false,
      placementType: i < 4 ? 'ALTERNATIVE_PROVISION' : p.placementType === 'ALTERNATIVE_PROVISION' ? 'MAINSTREAM' : p.placementType,
    }));
    imported = await addAcceptedImport(db, fixture, { people });
    const population = await selectSamplingPopulation(db.kysely, imported.importId);
    assert.equal(population.personIds.length, PEOPLE);
    const expected = new Map(imported.people.map((p) => [p.personId, samplingUnit(p)]));
    for (let i = 0; i < PEOPLE; i++) assert.deepEqual(unitAt(population, i), expected.get(population.personIds[i]!), population.personIds[i]);
    // Every band occurs, so the SQL rule is checked on each.
    assert.deepEqual(new Set(imported.people.map((p) => timelinessBand(p))).size, 5);
  });

  test('a draw keeps the seed, the algorithm version and the sizes, and a stratum for each case; it is audited', async () => {
    const drawn = await drawCaseSample(db.kysely, fixture.inspectionId, { tracked: 6, review: 40, seed: 'spring-2026' }, fixture.leadActor, { requestId: 'req-1' });
    const sample = await db.kysely.selectFrom('case_sample').selectAll().where('id', '=', drawn.sampleId).executeTakeFirstOrThrow();
    assert.equal(sample.seed, 'spring-2026');
    assert.equal(sample.algorithm_version, SAMPLING_ALGORITHM_VERSION);
    assert.equal(sample.tracked_requested, 6);
    assert.equal(sample.review_requested, 40);
    assert.equal(sample.import_id, imported.importId);
    assert.equal(sample.drawn_by, fixture.lead.userId);
    const rows = await cases(drawn.sampleId);
    assert.equal(rows.filter((r) => r.purpose === 'tracked').length, 6);
    assert.equal(rows.filter((r) => r.purpose === 'review').length, 40);
    const people = new Map(imported.people.map((p) => [p.personId, p]));
    for (const row of rows) {
      const unit = samplingUnit(people.get(row.person_id)!);
      for (const d of SAMPLING_DIMENSIONS) assert.equal(row.stratum[d], unit[d], `${row.person_id} ${d}`);
      assert.equal(row.origin, 'drawn');
      if (row.purpose === 'review') assert.equal(unit.senStatus, 'EHCP');
    }
    assert.ok(rows.some((r) => r.purpose === 'tracked' && people.get(r.person_id)!.alternativeProvision) || rows.some((r) => r.purpose === 'tracked' && people.get(r.person_id)!.placementType === 'ALTERNATIVE_PROVISION'), 'a child in AP is tracked');
    const [audit] = await audits('cases.sample-drawn');
    assert.equal(audit!.actor_user_id, fixture.lead.userId);
    assert.equal(audit!.la_code, '352');
    assert.equal(audit!.request_id, 'req-1');
    assert.deepEqual(audit!.details, { importId: imported.importId, seed: 'spring-2026', algorithmVersion: SAMPLING_ALGORITHM_VERSION, tracked: 6, review: 40, trackedRequested: 6, reviewRequested: 40, supersedes: null });
  });

  test('the same seed and data give the same sample on another database, whatever the row order', async () => {
    const first = await currentSample(db.kysely, fixture.inspectionId);
    const other = await createTestDatabase(kind);
    try {
      await prepareDatabase(other);
      const otherFixture = await createCasesFixture(other);
      await addAcceptedImport(other, otherFixture, { people: [...imported.people].reverse() });
      const again = await drawCaseSample(other.kysely, otherFixture.inspectionId, { tracked: 6, review: 40, seed: 'spring-2026' }, otherFixture.leadActor);
      const shape = (rows: { person_id: string; purpose: string; position: number; stratum: unknown }[]) => rows.map((r) => ({ person_id: r.person_id, purpose: r.purpose, position: r.position, stratum: r.stratum }));
      const otherRows = await other.kysely.selectFrom('sampled_case').selectAll().where('sample_id', '=', again.sampleId).orderBy('purpose', 'desc').orderBy('position').execute();
      assert.deepEqual(shape(otherRows), shape(await cases(first!.id)));
    } finally {
      await other.close();
    }
  });

  test('a new draw supersedes the last one while it is not shared; without a seed one is made up', async () => {
    const before = (await currentSample(db.kysely, fixture.inspectionId))!;
    const drawn = await drawCaseSample(db.kysely, fixture.inspectionId, { tracked: 3, review: 10 }, fixture.leadActor);
    assert.match(drawn.seed, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    assert.equal(drawn.supersededSampleId, before.id);
    const old = await db.kysely.selectFrom('case_sample').select('superseded_at').where('id', '=', before.id).executeTakeFirstOrThrow();
    assert.ok(old.superseded_at);
    const now = (await currentSample(db.kysely, fixture.inspectionId))!;
    assert.equal(now.id, drawn.sampleId);
    assert.equal(now.seed, drawn.seed);
    assert.equal(now.cases.length, 13);
    assert.ok(now.cases.every((c) => c.active && c.person), 'each case comes with its record');
    assert.equal((await audits('cases.sample-drawn')).at(-1)!.details.supersedes, before.id);
  });

  test('an automatic replacement keeps the replaced case with its reason and takes the next from the same stratum', async () => {
    const drawn = await drawCaseSample(db.kysely, fixture.inspectionId, { tracked: 6, review: 40, seed: 'spring-2026' }, fixture.leadActor);
    const sample = (await currentSample(db.kysely, fixture.inspectionId))!;
    const target = sample.cases.find((c) => c.purpose === 'review' && c.stratum.placementGroup === 'mainstream')!;
    await assert.rejects(replaceCase(db.kysely, fixture.inspectionId, target.id, { reason: '   ' }, fixture.leadActor), inputError('reason', /^Enter the reason for replacing this case$/));
    const replaced = await replaceCase(db.kysely, fixture.inspectionId, target.id, { reason: 'The family has moved out of the area' }, fixture.leadActor);
    assert.equal(replaced.basis, 'replacement');
    const after = (await currentSample(db.kysely, fixture.inspectionId))!;
    assert.equal(after.id, drawn.sampleId);
    const old = after.cases.find((c) => c.id === target.id)!;
    assert.equal(old.active, false);
    assert.equal(old.replacedReason, 'The family has moved out of the area');
    assert.equal(old.replacedByName, fixture.lead.displayName);
    assert.ok(old.replacedAt);
    const added = after.cases.find((c) => c.id === replaced.caseId)!;
    assert.equal(added.origin, 'replacement');
    assert.equal(added.replacementFor, target.id);
    assert.equal(added.purpose, 'review');
    assert.equal(added.position, target.position);
    assert.equal(added.person!.senStatus, 'EHCP');
    for (const d of SAMPLING_DIMENSIONS) assert.equal(added.stratum[d], target.stratum[d], d);
    assert.equal(after.cases.filter((c) => c.active).length, 46);
    const audit = (await audits('cases.sample-case-replaced')).at(-1)!;
    assert.equal(audit.subject_id, target.id);
    assert.deepEqual(audit.details, { sampleId: drawn.sampleId, purpose: 'review', replacedPersonId: target.personId, newCaseId: replaced.caseId, newPersonId: replaced.personId, method: 'automatic', basis: 'replacement' });
    await assert.rejects(replaceCase(db.kysely, fixture.inspectionId, target.id, { reason: 'Again' }, fixture.leadActor), refused(/This case was replaced on .*: replace the case that took its place instead/));
  });

  test('a replacement the inspector names must be in the data, not chosen already, and fit the purpose', async () => {
    const sample = (await currentSample(db.kysely, fixture.inspectionId))!;
    const review = sample.cases.find((c) => c.purpose === 'review' && c.active)!;
    const chosen = new Set(sample.cases.map((c) => c.personId));
    const free = imported.people.filter((p) => !chosen.has(p.personId));
    const supportOnly = free.find((p) => p.senStatus === 'SEN_SUPPORT')!;
    const withPlan = free.find((p) => p.senStatus === 'EHCP')!;
    const alreadyTracked = sample.cases.find((c) => c.purpose === 'tracked')!.personId;
    const replace = (personId: string) => replaceCase(db.kysely, fixture.inspectionId, review.id, { reason: 'Chosen by the lead', personId }, fixture.leadActor);
    await assert.rejects(replace('NOBODY123'), inputError('personId', /^There is no child or young person with the id NOBODY123 in the data the sample was drawn from$/));
    await assert.rejects(replace(alreadyTracked), inputError('personId', new RegExp(`^${alreadyTracked} is already in the sample, as a tracked child: name someone else$`)));
    await assert.rejects(replace(supportOnly.personId), inputError('personId', /does not have an EHC plan, so cannot be a plan to review/));
    const done = await replace(` ${withPlan.personId} `);
    assert.equal(done.personId, withPlan.personId);
    assert.equal(done.basis, 'named');
    const again = (await currentSample(db.kysely, fixture.inspectionId))!;
    assert.equal(again.cases.find((c) => c.id === done.caseId)!.stratum.basis, 'named');
    const replacedOne = again.cases.find((c) => c.id === review.id)!;
    await assert.rejects(
      replaceCase(db.kysely, fixture.inspectionId, again.cases.find((c) => c.active && c.purpose === 'review' && c.id !== done.caseId)!.id, { reason: 'x', personId: replacedOne.personId }, fixture.leadActor),
      inputError('personId', /is already in the sample, as a plan to review \(since replaced\)/),
    );
  });

  test('the only tracked child in AP can only be replaced by another child in AP', async () => {
    const sample = (await currentSample(db.kysely, fixture.inspectionId))!;
    const ap = sample.cases.find((c) => c.purpose === 'tracked' && c.stratum.basis === 'alternative_provision')!;
    const inAp = (p: PersonRecord) => p.alternativeProvision || p.placementType === 'ALTERNATIVE_PROVISION';
    assert.equal(sample.cases.filter((c) => c.purpose === 'tracked' && c.active && inAp(c.person!)).length, 1, 'this draw tracks one child in AP');
    const chosen = new Set(sample.cases.map((c) => c.personId));
    const notAp = imported.people.find((p) => !chosen.has(p.personId) && !inAp(p))!;
    await assert.rejects(
      replaceCase(db.kysely, fixture.inspectionId, ap.id, { reason: 'Moved', personId: notAp.personId }, fixture.leadActor),
      inputError('personId', /is the only tracked child in alternative provision: name another child in alternative provision/),
    );
    const automatic = await replaceCase(db.kysely, fixture.inspectionId, ap.id, { reason: 'Moved' }, fixture.leadActor);
    assert.ok(inAp(imported.people.find((p) => p.personId === automatic.personId)!));
  });

  test('the sampling report sets population, sample and target side by side for every category', async () => {
    const report = (await samplingReport(db.kysely, fixture.inspectionId))!;
    const sample = (await currentSample(db.kysely, fixture.inspectionId))!;
    assert.equal(report.sample.seed, 'spring-2026');
    assert.equal(report.tracked.population, PEOPLE);
    const trackedDrawn = new Set(sample.cases.filter((c) => c.purpose === 'tracked' && c.origin === 'drawn').map((c) => c.personId));
    const plans = imported.people.filter((p) => p.senStatus === 'EHCP' && !trackedDrawn.has(p.personId));
    assert.equal(report.review.population, plans.length);
    assert.equal(report.review.sample, 40);
    const expectedCounts = countCategories(sample.cases.filter((c) => c.purpose === 'review' && c.active).map((c) => samplingUnit(c.person!)));
    const populationCounts = countCategories(plans.map(samplingUnit));
    for (const dimension of report.review.dimensions) {
      assert.equal(dimension.rows.reduce((s, r) => s + r.target, 0), 40, `${dimension.dimension} targets add up to 40`);
      assert.equal(dimension.rows.reduce((s, r) => s + r.sample, 0), 40);
      for (const row of dimension.rows) {
        assert.equal(row.sample, expectedCounts[dimension.dimension][row.category]);
        assert.equal(row.population, populationCounts[dimension.dimension][row.category]);
        assert.ok(Math.abs(row.populationShare - row.population / plans.length) < 1e-9);
      }
    }
    // The targets are the draw's own: drawing again from the same data with the same seed shows them.
    const redraw = await import('./case-sampling.ts').then((m) => m.drawSample(toColumns(imported.people.map(samplingUnit)), { tracked: 6, review: 40, seed: 'spring-2026' }));
    for (const dimension of report.tracked.dimensions) for (const row of dimension.rows) assert.equal(row.target, redraw.tracked.targets[dimension.dimension][row.category]);
    for (const dimension of report.review.dimensions) for (const row of dimension.rows) assert.equal(row.target, redraw.review.targets[dimension.dimension][row.category]);
    assert.ok(report.tracked.inAlternativeProvision.population > 0);
    assert.equal(report.tracked.inAlternativeProvision.sample, 1);
  });

  test('sharing shows the chosen ids to the area, sets the documents due in 2 working days, and stops redraws but not replacements', async () => {
    assert.equal(await chosenIds(db.kysely, fixture.inspectionId), undefined, 'the area sees nothing before sharing');
    const now = new Date('2026-11-20T16:30:00Z'); // a Friday
    const shared = await shareWithArea(db.kysely, fixture.inspectionId, fixture.leadActor, now);
    assert.equal(shared.documentsDue, '2026-11-24');
    assert.equal(shared.documentsDue, addWorkingDays('2026-11-20', 2));
    assert.equal(shared.cases, 46);
    const sample = (await currentSample(db.kysely, fixture.inspectionId))!;
    assert.equal(sample.sharedAt?.toISOString(), now.toISOString());
    assert.equal(sample.documentsDue, '2026-11-24');
    const forArea = (await chosenIds(db.kysely, fixture.inspectionId))!;
    assert.equal(forArea.documentsDue, '2026-11-24');
    assert.deepEqual(
      forArea.cases.map((c) => Object.keys(c).sort()),
      forArea.cases.map(() => ['caseId', 'personId', 'purpose']),
    );
    assert.deepEqual(new Set(forArea.cases.map((c) => c.caseId)), new Set(sample.cases.filter((c) => c.active).map((c) => c.id)), 'only the cases chosen now');
    const [audit] = await audits('cases.sample-shared');
    assert.deepEqual(audit!.details, { documentsDue: '2026-11-24', cases: 46 });

    await assert.rejects(drawCaseSample(db.kysely, fixture.inspectionId, { tracked: 6, review: 40 }, fixture.leadActor), refused(/has been shared with the local area, so it cannot be drawn again/));
    await assert.rejects(shareWithArea(db.kysely, fixture.inspectionId, fixture.leadActor), refused(/was shared with the local area on 20 November 2026$/));
    const tracked = sample.cases.find((c) => c.purpose === 'tracked' && c.active && c.stratum.basis !== 'alternative_provision' && c.stratum.basis !== 'replacement')!;
    const replaced = await replaceCase(db.kysely, fixture.inspectionId, tracked.id, { reason: 'Consent withdrawn' }, fixture.leadActor);
    const areaNow = (await chosenIds(db.kysely, fixture.inspectionId))!;
    assert.ok(areaNow.cases.some((c) => c.caseId === replaced.caseId));
    assert.ok(!areaNow.cases.some((c) => c.caseId === tracked.id));
  });

  test('a case of another inspection or an earlier sample is not found', async () => {
    const otherFixture = await createCasesFixture(db);
    await addAcceptedImport(db, otherFixture, { people: syntheticPeople({ count: 60, seed: 3, dataDate: FIXTURE_DATA_DATE }) });
    const other = await drawCaseSample(db.kysely, otherFixture.inspectionId, { tracked: 2, review: 3 }, otherFixture.leadActor);
    const [someCase] = await cases(other.sampleId);
    await assert.rejects(replaceCase(db.kysely, fixture.inspectionId, someCase!.id, { reason: 'x' }, fixture.leadActor), SampledCaseNotFoundError);
    const superseded = (await db.kysely.selectFrom('case_sample').select('id').where('inspection_id', '=', fixture.inspectionId).where('superseded_at', 'is not', null).executeTakeFirstOrThrow()).id;
    const [oldCase] = await cases(superseded);
    await assert.rejects(replaceCase(db.kysely, fixture.inspectionId, oldCase!.id, { reason: 'x' }, fixture.leadActor), SampledCaseNotFoundError);
    await assert.rejects(shareWithArea(db.kysely, (await createCasesFixture(db)).inspectionId, fixture.leadActor), refused(/There is no sample to share yet/));
  });
});
