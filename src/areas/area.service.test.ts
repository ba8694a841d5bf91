import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Db } from '../platform/db/database.ts';
import { createTestDatabase, describeEachDatabase } from '../platform/db/test-database.ts';
import { readLocalAreasFile } from './local-areas-file.ts';
import { findAreas, getArea, listAreas, syncLocalAreas } from './area.service.ts';

describeEachDatabase('local areas', (kind) => {
  let db: Db;
  before(async () => {
    db = await createTestDatabase(kind);
  });
  after(async () => {
    await db.close();
  });

  async function auditCount(): Promise<number> {
    const [{ n }] = await db.kysely.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'local-areas.synced').execute();
    return Number(n);
  }

  test('the first sync loads all 153 areas and records it', async () => {
    assert.deepEqual(await syncLocalAreas(db.kysely), { added: 153, changed: 0, unchanged: 0 });
    assert.equal((await listAreas(db.kysely)).length, 153);
    assert.equal(await auditCount(), 1);
  });

  test('syncing again changes nothing and records nothing', async () => {
    assert.deepEqual(await syncLocalAreas(db.kysely), { added: 0, changed: 0, unchanged: 153 });
    assert.equal((await listAreas(db.kysely)).length, 153);
    assert.equal(await auditCount(), 1);
  });

  test('a changed row in the file updates that area only; no area is ever deleted', async () => {
    const areas = readLocalAreasFile().map((a) => (a.la_code === '352' ? { ...a, icb: 'NHS Renamed Integrated Care Board' } : a));
    assert.deepEqual(await syncLocalAreas(db.kysely, areas), { added: 0, changed: 1, unchanged: 152 });
    assert.equal((await getArea(db.kysely, '352'))?.icb, 'NHS Renamed Integrated Care Board');
    assert.deepEqual(await syncLocalAreas(db.kysely, areas.slice(0, 10)), { added: 0, changed: 0, unchanged: 10 });
    assert.equal((await listAreas(db.kysely)).length, 153);
    assert.deepEqual(await syncLocalAreas(db.kysely), { added: 0, changed: 1, unchanged: 152 });
    assert.equal((await getArea(db.kysely, '352'))?.icb, 'NHS Greater Manchester Integrated Care Board');
  });

  test('look up one area by its LA code', async () => {
    const bristol = await getArea(db.kysely, '801');
    assert.equal(bristol?.name, 'Bristol, City of');
    assert.equal(bristol?.gss_code, 'E06000023');
    assert.equal(bristol?.is_fictional, false);
    assert.equal(await getArea(db.kysely, '999'), undefined);
    assert.equal(await getArea(db.kysely, "80' or '1'='1"), undefined);
  });

  test('search by part of the name, by either code, and by region', async () => {
    const names = async (filters: Parameters<typeof findAreas>[1]) => (await findAreas(db.kysely, filters)).map((a) => a.name);
    assert.deepEqual(await names({ text: 'manchester' }), ['Manchester']);
    assert.deepEqual(await names({ text: '352' }), ['Manchester']);
    assert.deepEqual(await names({ text: 'e08000003' }), ['Manchester']);
    assert.deepEqual(await names({ text: 'City of' }), ['Bristol, City of', 'City of London', 'Kingston upon Hull, City of']);
    assert.equal((await names({ region: 'London' })).length, 33);
    assert.deepEqual(await names({ text: 'ham', region: 'North West' }), ['Oldham']);
    assert.deepEqual(await names({ text: '%' }), [], 'LIKE wildcards are matched literally');
    assert.deepEqual(await names({ text: '_' }), []);
    assert.equal((await names({ text: '  ' })).length, 153, 'blank text is no filter');
  });
});
