import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { syncLocalAreas } from '../areas/area.service.ts';
import type { Db } from '../platform/db/database.ts';
import { createTestDatabase, describeEachDatabase } from '../platform/db/test-database.ts';
import type { FrameworkDefinition } from './framework.ts';
import { loadFrameworkDefinitions } from './framework-files.ts';
import {
  currentFrameworkRevision,
  frameworkRevisionById,
  frameworkRevisionByNumber,
  listCurrentFrameworks,
  listFrameworkRevisions,
  syncFrameworks,
} from './framework.service.ts';

function withNewWording(definition: FrameworkDefinition, description: string): FrameworkDefinition {
  const copy = structuredClone(definition);
  copy.criterionGroups[0].criteria[0].description = description;
  return copy;
}

describeEachDatabase('framework revisions', (kind) => {
  let db: Db;
  const shipped = loadFrameworkDefinitions();
  const shipped2023 = shipped.find((d) => d.code === '2023')!;

  before(async () => {
    db = await createTestDatabase(kind);
  });
  after(async () => {
    await db.close();
  });

  async function revisionCount(): Promise<number> {
    const [{ n }] = await db.kysely.selectFrom('framework_revision').select((eb) => eb.fn.countAll<number>().as('n')).execute();
    return Number(n);
  }

  test('nothing is current before the first sync', async () => {
    assert.equal(await currentFrameworkRevision(db.kysely, '2023'), undefined);
    assert.deepEqual(await listCurrentFrameworks(db.kysely), []);
  });

  test('the first sync stores revision 1 of each framework, with an audit record', async () => {
    assert.deepEqual(await syncFrameworks(db.kysely), [
      { code: '2016', revision: 1, created: true },
      { code: '2023', revision: 1, created: true },
    ]);
    const current = await listCurrentFrameworks(db.kysely);
    assert.deepEqual(current.map((f) => [f.code, f.revision]), [['2016', 1], ['2023', 1]]);
    assert.deepEqual(current[1].definition, shipped2023, 'the stored definition reads back exactly');
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'framework.revision-created').execute();
    assert.equal(audit.length, 2);
  });

  test('an unchanged file does nothing', async () => {
    assert.deepEqual(await syncFrameworks(db.kysely), [
      { code: '2016', revision: 1, created: false },
      { code: '2023', revision: 1, created: false },
    ]);
    assert.equal(await revisionCount(), 2);
  });

  test('a changed file creates a new revision; an inspection keeps the revision it was created under', async () => {
    await syncLocalAreas(db.kysely);
    const first = (await currentFrameworkRevision(db.kysely, '2023'))!;
    const inspection = await db.kysely
      .insertInto('inspection')
      .values({
        reference: 'TEST-0001',
        la_code: '352',
        framework_revision_id: first.id,
        inspection_type: 'full',
        notification_date: '2025-06-02',
        onsite_start_date: '2025-06-16',
        onsite_end_date: '2025-06-20',
        created_by: null,
      })
      .returning(['framework_revision_id'])
      .executeTakeFirstOrThrow();

    const edited = withNewWording(shipped2023, 'Corrected wording.');
    const result = await syncFrameworks(db.kysely, [edited]);
    assert.deepEqual(result, [{ code: '2023', revision: 2, created: true }]);

    const current = (await currentFrameworkRevision(db.kysely, '2023'))!;
    assert.equal(current.revision, 2);
    assert.equal(current.definition.criterionGroups[0].criteria[0].description, 'Corrected wording.');

    const kept = (await frameworkRevisionById(db.kysely, inspection.framework_revision_id))!;
    assert.equal(kept.revision, 1);
    assert.deepEqual(kept.definition, shipped2023, 'the inspection still reads the wording it started with');
    assert.equal((await currentFrameworkRevision(db.kysely, '2016'))?.revision, 1, 'other frameworks are untouched');
  });

  test('changing the wording back is a new revision too, and old revisions stay readable', async () => {
    assert.deepEqual(await syncFrameworks(db.kysely), [
      { code: '2016', revision: 1, created: false },
      { code: '2023', revision: 3, created: true },
    ]);
    assert.deepEqual((await currentFrameworkRevision(db.kysely, '2023'))?.definition, shipped2023);
    assert.deepEqual((await listFrameworkRevisions(db.kysely, '2023')).map((r) => r.revision), [3, 2, 1]);
    assert.equal((await frameworkRevisionByNumber(db.kysely, '2023', 2))?.definition.criterionGroups[0].criteria[0].description, 'Corrected wording.');
    assert.equal(await frameworkRevisionByNumber(db.kysely, '2023', 9), undefined);
    assert.equal(await frameworkRevisionByNumber(db.kysely, '2023', 0), undefined);
  });

  test('unknown or malformed revision ids find nothing', async () => {
    assert.equal(await frameworkRevisionById(db.kysely, '00000000-0000-4000-8000-000000000000'), undefined);
    assert.equal(await frameworkRevisionById(db.kysely, 'not-a-uuid'), undefined);
  });

  test('two syncs at once store one revision, not two', async () => {
    const edited = withNewWording(shipped2023, 'Concurrent wording.');
    const results = await Promise.all([syncFrameworks(db.kysely, [edited]), syncFrameworks(db.kysely, [edited])]);
    assert.deepEqual(results.flat().map((r) => r.created).sort(), [false, true]);
    assert.equal((await currentFrameworkRevision(db.kysely, '2023'))?.revision, 4);
  });
});
