import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { addAcceptedImport, createCasesFixture } from './case-test-support.ts';
import { countPeople, selectCurrentImport, selectPerson } from './person.repository.ts';

describeEachDatabase('person-level records', (kind) => {
  const db = usePreparedDatabase(kind);

  test('an accepted import is current until a later one supersedes it, and its people read back as written', async () => {
    const fixture = await createCasesFixture(db);
    const first = await addAcceptedImport(db, fixture, { count: 50, seed: 1 });
    assert.equal((await selectCurrentImport(db.kysely, fixture.inspectionId))?.id, first.importId);
    const second = await addAcceptedImport(db, fixture, { count: 30, seed: 2 });
    assert.equal((await selectCurrentImport(db.kysely, fixture.inspectionId))?.id, second.importId);
    assert.equal(await countPeople(db.kysely, first.importId), 50);
    assert.equal(await countPeople(db.kysely, second.importId), 30);
    const someone = second.people[3]!;
    assert.deepEqual(await selectPerson(db.kysely, second.importId, someone.personId), someone);
  });
});
