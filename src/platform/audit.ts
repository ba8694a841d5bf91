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

export type AuditPage = { events: AuditEventRow[]; total: number; page: number; pageSize: number };

export async function searchAudit(db: Kysely<Database>, filters: AuditFilters, page = 1, pageSize = 50): Promise<AuditPage> {
  let query = db.selectFrom('audit_event');
  if (filters.actorUserId) query = query.where('actor_user_id', '=', filters.actorUserId);
  if (filters.inspectionId) query = query.where('inspection_id', '=', filters.inspectionId);
  if (filters.action) query = query.where('action', 'like', `${filters.action}%`);
  if (filters.from) query = query.where('occurred_at', '>=', new Date(`${filters.from}T00:00:00Z`));
  if (filters.to) query = query.where('occurred_at', '<', new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000));
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
