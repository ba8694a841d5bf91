// Use cases for the local area partnerships: look-ups, search, and loading the shipped list.
import { sql, type Kysely } from 'kysely';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { areaChanges, localAreaRecordSchema, type LocalAreaRecord } from './area.ts';
import { findAllAreas, findArea, insertAreas, insertFictionalArea, searchAreas, updateArea, type AreaFilters } from './area.repository.ts';
import { readLocalAreasFile } from './local-areas-file.ts';
import type { LocalAreaRow } from './local-area.table.ts';

// Any fixed number: app instances starting together take turns to sync.
const AREA_SYNC_LOCK_KEY = 7_240_512_032;

export type AreaSyncResult = { added: number; changed: number; unchanged: number };

export async function getArea(db: Kysely<Database>, laCode: string): Promise<LocalAreaRow | undefined> {
  if (!/^[0-9]{3}$/.test(laCode)) return undefined;
  return findArea(db, laCode);
}

/** Every area, by name. */
export async function listAreas(db: Kysely<Database>): Promise<LocalAreaRow[]> {
  return findAllAreas(db);
}

export async function findAreas(db: Kysely<Database>, filters: AreaFilters): Promise<LocalAreaRow[]> {
  return searchAreas(db, filters);
}

/**
 * Adds areas that are new in the shipped list and updates those whose details changed; running it
 * again changes nothing. Areas are never deleted here: inspections refer to them, and areas added
 * by other means (such as the fictional demonstration area) are left alone.
 */
export async function syncLocalAreas(db: Kysely<Database>, areas: readonly LocalAreaRecord[] = readLocalAreasFile()): Promise<AreaSyncResult> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${AREA_SYNC_LOCK_KEY})`.execute(trx);
    const existing = await findAllAreas(trx);
    const clash = existing.find((row) => row.is_fictional && areas.some((a) => a.la_code === row.la_code));
    if (clash) throw new Error(`The fictional area ${clash.la_code} uses the code of a real local authority`);
    const { added, changed } = areaChanges(areas, existing);
    await insertAreas(trx, added);
    for (const area of changed) await updateArea(trx, area);
    if (added.length > 0 || changed.length > 0) {
      await recordAudit(trx, {
        actor: null,
        action: 'local-areas.synced',
        subjectType: 'local_area',
        details: { added: added.map((a) => a.la_code), changed: changed.map((a) => a.la_code) },
      });
    }
    return { added: added.length, changed: changed.length, unchanged: areas.length - added.length - changed.length };
  });
}

/**
 * Adds a made-up area (for demonstrations and training) unless it is already there. Its code must
 * not be a real council's, so it can never be mistaken for one.
 */
export async function addFictionalArea(db: Kysely<Database>, area: LocalAreaRecord): Promise<LocalAreaRow> {
  const record = localAreaRecordSchema.parse(area);
  if (readLocalAreasFile().some((real) => real.la_code === record.la_code || real.gss_code === record.gss_code)) {
    throw new Error(`The fictional area's codes ${record.la_code} / ${record.gss_code} belong to a real local authority`);
  }
  return db.transaction().execute(async (trx) => {
    const existing = await findArea(trx, record.la_code);
    if (existing) {
      if (!existing.is_fictional) throw new Error(`The area code ${record.la_code} is already used by ${existing.name}`);
      return existing;
    }
    await insertFictionalArea(trx, record);
    await recordAudit(trx, { actor: null, action: 'local-area.fictional.add', laCode: record.la_code, subjectType: 'local_area', subjectId: record.la_code });
    return (await findArea(trx, record.la_code))!;
  });
}
