// SQL for the evidence tally: notes counted by criterion, source and polarity, changed by each save
// in its own transaction, read by the triangulation, and counted again from the notes when needed.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { TallyChange } from './evidence-tally.ts';
import type { NoteSourceKind, Polarity } from './evidence.ts';

type Tx = Kysely<Database>;

export type TallyRow = { criterion: string; source_kind: string; polarity: string; n: number };

/**
 * Adds the changes to the inspection's tally in one statement, in the order given (sorted by
 * tallyChanges, so concurrent saves lock rows in the same order). A count is created at its first
 * note. The amount is looked up for the update rather than taken from the proposed row, because
 * the proposed row must pass `note_count >= 0` before the database finds the conflict; a count
 * that reaches 0 stays, at 0 (readers skip it).
 */
export async function applyTallyChanges(db: Tx, inspectionId: string, changes: readonly TallyChange[]): Promise<void> {
  if (changes.length === 0) return;
  const rows = sql.join(changes.map((c, position) => sql`(${position}::int, ${c.criterion}::text, ${c.sourceKind}::text, ${c.polarity}::text, ${c.change}::int)`));
  await sql`
    with change (position, criterion, source_kind, polarity, amount) as (values ${rows})
    insert into evidence_tally as t (inspection_id, criterion, source_kind, polarity, note_count)
    select ${inspectionId}::uuid, criterion, source_kind, polarity, greatest(amount, 0) from change order by position
    on conflict (inspection_id, criterion, source_kind, polarity) do update
    set note_count = t.note_count + (
      select c.amount from change c
      where c.criterion = excluded.criterion and c.source_kind = excluded.source_kind and c.polarity = excluded.polarity
    )`.execute(db);
}

/** The inspection's counts as they stand (none at 0); with `criterion`, that criterion's only. */
export async function selectTally(db: Tx, inspectionId: string, criterion?: string): Promise<TallyRow[]> {
  let query = db
    .selectFrom('evidence_tally')
    .select(['criterion', 'source_kind', 'polarity', 'note_count as n'])
    .where('inspection_id', '=', inspectionId)
    .where('note_count', '>', 0);
  if (criterion !== undefined) query = query.where('criterion', '=', criterion);
  return query.execute();
}

export type TallyFilter = { polarity?: Polarity; sourceKind?: NoteSourceKind };

/** How many of the inspection's notes are tagged with the criterion (and have this polarity and source, when given). */
export async function tallyTotal(db: Tx, inspectionId: string, criterion: string, filter: TallyFilter = {}): Promise<number> {
  let query = db
    .selectFrom('evidence_tally')
    .select(sql<number>`coalesce(sum(note_count), 0)::int`.as('n'))
    .where('inspection_id', '=', inspectionId)
    .where('criterion', '=', criterion);
  if (filter.polarity) query = query.where('polarity', '=', filter.polarity);
  if (filter.sourceKind) query = query.where('source_kind', '=', filter.sourceKind);
  return (await query.executeTakeFirstOrThrow()).n;
}

/** The inspection's notes counted afresh, each once under each criterion it is tagged with. */
const countedFromNotes = (inspectionId: string) => sql`
  select n.source_kind, n.polarity, tagged.criterion, count(*)::int as note_count
  from evidence_note n
  cross join lateral (select distinct c as criterion from unnest(n.criteria) as c) tagged
  where n.inspection_id = ${inspectionId}
  group by tagged.criterion, n.source_kind, n.polarity`;

/** What the tally should hold, counted from the notes themselves (for checking it). */
export async function countTallyFromNotes(db: Tx, inspectionId: string): Promise<TallyRow[]> {
  const result = await sql<TallyRow>`select criterion, source_kind, polarity, note_count as n from (${countedFromNotes(inspectionId)}) counted`.execute(db);
  return result.rows;
}

/**
 * Sets the inspection's tally to the notes' counts, in one statement: for notes written straight
 * to the table (test fixtures) or a repair. Counts with no notes behind them go; the rest are
 * overwritten. Meant for a quiet moment: a save running alongside may be counted or not.
 */
export async function recountTally(db: Tx, inspectionId: string): Promise<void> {
  await sql`
    with counted as (${countedFromNotes(inspectionId)}),
    gone as (
      delete from evidence_tally t
      where t.inspection_id = ${inspectionId}
        and not exists (select 1 from counted c where c.criterion = t.criterion and c.source_kind = t.source_kind and c.polarity = t.polarity)
    )
    insert into evidence_tally (inspection_id, criterion, source_kind, polarity, note_count)
    select ${inspectionId}::uuid, criterion, source_kind, polarity, note_count from counted
    order by criterion, source_kind, polarity
    on conflict (inspection_id, criterion, source_kind, polarity) do update set note_count = excluded.note_count`.execute(db);
}

/** Removes the inspection's tally (its notes are being deleted). */
export async function deleteTally(db: Tx, inspectionId: string): Promise<void> {
  await db.deleteFrom('evidence_tally').where('inspection_id', '=', inspectionId).execute();
}
