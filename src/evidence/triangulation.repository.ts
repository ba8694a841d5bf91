// SQL for the triangulation: evidence notes counted by criterion, source and polarity (from the
// tally), and one criterion's notes a page at a time. Executor-first functions.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { selectTally, tallyTotal } from './evidence-tally.repository.ts';
import type { NoteSourceKind, Polarity } from './evidence.ts';

type Tx = Kysely<Database>;

export type NoteCountRow = { criterion: string; source_kind: string; polarity: string; n: number };

/**
 * The inspection's notes counted by each criterion they are tagged with, their source and polarity,
 * read from the tally every save keeps. With `criterion`, only that criterion's counts.
 */
export async function selectNoteCounts(db: Tx, inspectionId: string, criterion?: string): Promise<NoteCountRow[]> {
  return selectTally(db, inspectionId, criterion);
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
};

/** The BODY_START characters of a body the list shows an excerpt from. */
export const BODY_START = 400;

/**
 * A page of a criterion's notes, newest first. The page's notes are picked first (walking the
 * notes by date), so only those 50 are joined to their authors and activities.
 */
export async function selectCriterionNotes(db: Tx, inspectionId: string, criterion: string, filter: CriterionNoteFilter, limit: number, offset: number): Promise<CriterionNoteRow[]> {
  let page = db
    .selectFrom('evidence_note')
    .select('id')
    .where('inspection_id', '=', inspectionId)
    .where(sql<boolean>`criteria @> array[${criterion}]::text[]`);
  if (filter.polarity) page = page.where('polarity', '=', filter.polarity);
  if (filter.sourceKind) page = page.where('source_kind', '=', filter.sourceKind);
  page = page.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset);
  return db
    .selectFrom(page.as('p'))
    .innerJoin('evidence_note as n', 'n.id', 'p.id')
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
    ])
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .execute();
}

/** How many of a criterion's notes match the filter, from the tally. */
export async function countCriterionNotes(db: Tx, inspectionId: string, criterion: string, filter: CriterionNoteFilter): Promise<number> {
  return tallyTotal(db, inspectionId, criterion, filter);
}
