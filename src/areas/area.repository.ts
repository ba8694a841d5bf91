// SQL for the local area partnerships.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { LocalAreaRecord } from './area.ts';
import type { LocalAreaRow } from './local-area.table.ts';

export async function findArea(db: Kysely<Database>, laCode: string): Promise<LocalAreaRow | undefined> {
  return db.selectFrom('local_area').selectAll().where('la_code', '=', laCode).executeTakeFirst();
}

export async function findAllAreas(db: Kysely<Database>): Promise<LocalAreaRow[]> {
  return db.selectFrom('local_area').selectAll().orderBy('name').orderBy('la_code').execute();
}

export type AreaFilters = {
  /** Part of the name, or an LA or ONS code. */
  text?: string;
  region?: string;
};

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchAreas(db: Kysely<Database>, filters: AreaFilters): Promise<LocalAreaRow[]> {
  let query = db.selectFrom('local_area').selectAll();
  if (filters.region) query = query.where('region', '=', filters.region);
  const text = filters.text?.trim();
  if (text) {
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['name']), 'like', likePattern(text.toLowerCase())),
        eb('la_code', '=', text),
        eb(eb.fn('upper', ['gss_code']), '=', text.toUpperCase()),
      ]),
    );
  }
  return query.orderBy('name').orderBy('la_code').execute();
}

export async function insertAreas(db: Kysely<Database>, areas: readonly LocalAreaRecord[]): Promise<void> {
  if (areas.length === 0) return;
  await db.insertInto('local_area').values(areas.map((a) => ({ ...a }))).execute();
}

export async function updateArea(db: Kysely<Database>, area: LocalAreaRecord): Promise<void> {
  await db
    .updateTable('local_area')
    .set({ gss_code: area.gss_code, name: area.name, region: area.region, icb: area.icb })
    .where('la_code', '=', area.la_code)
    .execute();
}

export async function insertFictionalArea(db: Kysely<Database>, area: LocalAreaRecord): Promise<void> {
  await db.insertInto('local_area').values({ ...area, is_fictional: true }).execute();
}
