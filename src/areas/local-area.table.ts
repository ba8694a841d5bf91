// Table type for the local area partnerships (reference data).
import type { Generated, Insertable, Selectable } from 'kysely';

export interface LocalAreaTable {
  la_code: string;
  gss_code: string;
  name: string;
  region: string;
  icb: string;
  is_fictional: Generated<boolean>;
}
export type LocalAreaRow = Selectable<LocalAreaTable>;
export type NewLocalAreaRow = Insertable<LocalAreaTable>;
