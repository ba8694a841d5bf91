// The append-only audit log: who saw and changed what. Written in the caller's transaction.
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import type { AuditEventRow, AuditOutcome } from './audit-event.table.ts';

/** A signed-in user, a labelled actor without an account (such as the command line, id null), or nobody. */
export type AuditActor = { id: string | null; label: string } | null;

export type AuditEntry = {
  actor: AuditActor;
  action: string;
  outcome?: AuditOutcome;
  inspectionId?: string | null;
  laCode?: string | null;
  subjectType?: string;
  subjectId?: string;
  details?: Record<string, unknown>;
  requestId?: string;
};

/** Appends one event. Pass the transaction that makes the change, so both land or neither. */
export async function recordAudit(executor: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await executor
    .insertInto('audit_event')
    .values({
      actor_user_id: entry.actor?.id ?? null,
      actor_label: entry.actor?.label ?? null,
      action: entry.action,
      outcome: entry.outcome ?? 'success',
      inspection_id: entry.inspectionId ?? null,
      la_code: entry.laCode ?? null,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId ?? null,
      details: JSON.stringify(entry.details ?? {}),
      request_id: entry.requestId ?? null,
    })
    .execute();
}

export type AuditFilters = {
  actorUserId?: string;
  inspectionId?: string;
  action?: string;
  /** inclusive, 'YYYY-MM-DD' */
  from?: string;
  /** inclusive, 'YYYY-MM-DD' */
  to?: string;
};

const UK_OFFSET = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'longOffset' });

/** Minutes UK clocks are ahead of UTC at an instant (0 in winter, 60 in summer). */
function ukOffsetMinutes(instant: Date): number {
  const name = UK_OFFSET.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/**
 * Midnight at the start of a UK calendar day ('YYYY-MM-DD'), as an instant: the dates people type
 * in filters are the days they see on the page, in UK time. Clocks change at 01:00 UTC, never at midnight.
 */
export function startOfUkDay(date: string): Date {
  const utcMidnight = new Date(`${date}T00:00:00Z`);
  return new Date(utcMidnight.getTime() - ukOffsetMinutes(utcMidnight) * 60_000);
}

function nextDay(date: string): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
}

export type AuditPage = { events: AuditEventRow[]; total: number; page: number; pageSize: number };

export async function searchAudit(db: Kysely<Database>, filters: AuditFilters, page = 1, pageSize = 50): Promise<AuditPage> {
  let query = db.selectFrom('audit_event');
  if (filters.actorUserId) query = query.where('actor_user_id', '=', filters.actorUserId);
  if (filters.inspectionId) query = query.where('inspection_id', '=', filters.inspectionId);
  if (filters.action) query = query.where('action', 'like', `${filters.action}%`);
  if (filters.from) query = query.where('occurred_at', '>=', startOfUkDay(filters.from));
  if (filters.to) query = query.where('occurred_at', '<', startOfUkDay(nextDay(filters.to)));
  const [{ total }] = await query.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const events = await query
    .selectAll()
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { events, total: Number(total), page, pageSize };
}
