// Table type for uploaded files kept in the database (data request files, case documents).
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export interface StoredFileTable {
  id: Generated<string>;
  inspection_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  uploaded_by: string | null;
  uploaded_at: ColumnType<Date, Date | string | undefined, never>;
}
export type StoredFileRow = Selectable<StoredFileTable>;
export type NewStoredFileRow = Insertable<StoredFileTable>;
