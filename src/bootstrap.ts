// What a database needs before the app uses it: the schema, then the reference data
// (local areas, frameworks) that ships with the code.
import { syncLocalAreas } from './areas/area.service.ts';
import { syncFrameworks } from './frameworks/framework.service.ts';
import type { Db } from './platform/db/database.ts';
import { migrate } from './platform/db/migrate.ts';

export type Progress = (message: string) => void;

export async function prepareDatabase(db: Db, progress: Progress = () => {}): Promise<void> {
  await migrate(db, { onProgress: progress });
  const areas = await syncLocalAreas(db.kysely);
  if (areas.added + areas.changed > 0) progress(`Local areas: ${areas.added} added, ${areas.changed} updated`);
  for (const framework of await syncFrameworks(db.kysely)) {
    if (framework.created) progress(`Framework ${framework.code}: stored revision ${framework.revision}`);
  }
}
