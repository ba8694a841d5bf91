// SQL for the triangulation: evidence notes counted by criterion, source and polarity in one
// set-based pass, and one criterion's notes a page at a time. Executor-first functions.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { NoteSourceKind, Polarity } from './evidence.ts';

type Tx = Kysely<Database>;

export type NoteCountRow = { criterion: string; source_kind: string; polarity: string; n: number };

/**
 * The inspection's notes counted by each criterion they are tagged with, their source and polarity.
 * Notes are grouped by their whole list of criteria first, so only the few hundred distinct lists
 * are unnested, not every note. With `criterion`, only that criterion's notes (found through the
 * criteria index).
 */
export async function selectNoteCounts(db: Tx, inspectionId: string, criterion?: string): Promise<NoteCountRow[]> {
  const onlyCriterion = criterion === undefined ? sql`` : sql`and criteria @> array[${criterion}]::text[]`;
  const result = await sql<NoteCountRow>`
    select tagged.criterion, g.source_kind, g.polarity, sum(g.n)::int as n
    from (
      select criteria, source_kind, polarity, count(*) as n
      from evidence_note
      where inspection_id = ${inspectionId} ${onlyCriterion}
      group by criteria, source_kind, polarity
    ) g
    cross join lateral unnest(g.criteria) as tagged(criterion)
    group by tagged.criterion, g.source_kind, g.polarity`.execute(db);
  return criterion === undefined ? result.rows : result.rows.filter((row) => row.criterion === criterion);
}

export type CriterionNoteFilter = { polarity?: Polarity; sourceKind?: NoteSourceKind };

export type CriterionNoteRow = {
  id: string;
  /** The start of the body only: a list never needs the whole of a long note. */
  body_start: string;
  body_length: number;
  polarity: Polarity;
  source_kind: NoteSourceKind;
  source_detail: string;
  activity_title: string | null;
  author_label: string;
  author_name: string | null;
  created_at: Date;
  updated_at: Date;
  /** Every note that matches, whatever the page. */
  matching: number;
};

/** The BODY_START characters of a body the list shows an excerpt from. */
export const BODY_START = 400;

/** A page of a criterion's notes, newest first. */
export async function selectCriterionNotes(db: Tx, inspectionId: string, criterion: string, filter: CriterionNoteFilter, limit: number, offset: number): Promise<CriterionNoteRow[]> {
  let query = db
    .selectFrom('evidence_note as n')
    .leftJoin('app_user as u', 'u.id', 'n.author_id')
    .leftJoin('fieldwork_activity as a', 'a.id', 'n.activity_id')
    .select([
      'n.id',
      sql<string>`left(n.body, ${BODY_START})`.as('body_start'),
      sql<number>`length(n.body)::int`.as('body_length'),
      'n.polarity',
      'n.source_kind',
      'n.source_detail',
      'a.title as activity_title',
      'n.author_label',
      'u.display_name as author_name',
      'n.created_at',
      'n.updated_at',
      sql<number>`(count(*) over ())::int`.as('matching'),
    ])
    .where('n.inspection_id', '=', inspectionId)
    .where(sql<boolean>`n.criteria @> array[${criterion}]::text[]`);
  if (filter.polarity) query = query.where('n.polarity', '=', filter.polarity);
  if (filter.sourceKind) query = query.where('n.source_kind', '=', filter.sourceKind);
  return query.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(limit).offset(offset).execute();
}

/** How many of a criterion's notes match the filter (for a page past the end, where no row carries the count). */
export async function countCriterionNotes(db: Tx, inspectionId: string, criterion: string, filter: CriterionNoteFilter): Promise<number> {
  let query = db
    .selectFrom('evidence_note as n')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('n.inspection_id', '=', inspectionId)
    .where(sql<boolean>`n.criteria @> array[${criterion}]::text[]`);
  if (filter.polarity) query = query.where('n.polarity', '=', filter.polarity);
  if (filter.sourceKind) query = query.where('n.source_kind', '=', filter.sourceKind);
  return (await query.executeTakeFirstOrThrow()).n;
}
