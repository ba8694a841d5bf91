// Table type for the append-only audit log.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEventTable {
  id: Generated<number>;
  occurred_at: ColumnType<Date, Date | string | undefined, never>;
  actor_user_id: string | null;
  actor_label: string | null;
  action: string;
  outcome: Generated<AuditOutcome>;
  inspection_id: string | null;
  la_code: string | null;
  subject_type: string | null;
  subject_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
  request_id: string | null;
}
export type AuditEventRow = Selectable<AuditEventTable>;
export type NewAuditEventRow = Insertable<AuditEventTable>;
