// What a database needs before the app uses it: the schema, then the reference data
// (local areas, frameworks) that ships with the code.
import type { Db } from './platform/db/database.ts';
import { migrate } from './platform/db/migrate.ts';

export type Progress = (message: string) => void;

export async function prepareDatabase(db: Db, progress: Progress = () => {}): Promise<void> {
  await migrate(db, { onProgress: progress });
}
