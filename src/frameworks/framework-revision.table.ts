// Table type for stored framework definitions: each change of wording is a new revision.
import type { ColumnType, Generated, Selectable } from 'kysely';

export interface FrameworkRevisionTable {
  id: Generated<string>;
  framework_code: string;
  revision: number;
  content_hash: string;
  definition: ColumnType<unknown, string, never>;
  loaded_at: ColumnType<Date, Date | string | undefined, never>;
}
export type FrameworkRevisionRow = Selectable<FrameworkRevisionTable>;
