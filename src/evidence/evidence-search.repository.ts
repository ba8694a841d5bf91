// SQL for the notes list: full-text search over an inspection's notes with filters, ranked and paged,
// highlighted snippets, counts for each filter's choices and the people who wrote notes.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { SurveyAudience } from '../surveys/survey.ts';
import type { ActivityKind, NoteSourceKind, Polarity } from './evidence.ts';
import type { HighlightMarkers, NoteFilter } from './evidence-search.ts';

type Tx = Kysely<Database>;

export type FacetName = 'criterion' | 'theme' | 'polarity' | 'source' | 'author';

/** The conditions of a search, optionally leaving one filter out (for that filter's own counts). */
function conditions(inspectionId: string, filter: NoteFilter, leaveOut?: FacetName): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`n.inspection_id = ${inspectionId}`];
  if (filter.q) parts.push(sql`n.search @@ websearch_to_tsquery('english', ${filter.q})`);
  if (filter.criterion && leaveOut !== 'criterion') parts.push(sql`n.criteria @> array[${filter.criterion}]::text[]`);
  if (filter.theme && leaveOut !== 'theme') parts.push(sql`n.themes @> array[${filter.theme}]::text[]`);
  if (filter.polarity && leaveOut !== 'polarity') parts.push(sql`n.polarity = ${filter.polarity}`);
  if (filter.source && leaveOut !== 'source') parts.push(sql`n.source_kind = ${filter.source}`);
  if (filter.author && leaveOut !== 'author') parts.push(sql`n.author_id = ${filter.author}`);
  return sql<boolean>`${sql.join(parts, sql` and `)}`;
}

/** Whether the search words leave anything to search for once very common words ("the", "and") are dropped. */
export async function searchHasWords(db: Tx, q: string): Promise<boolean> {
  const result = await sql<{ nodes: number }>`select numnode(websearch_to_tsquery('english', ${q})) as nodes`.execute(db);
  return Number(result.rows[0]?.nodes ?? 0) > 0;
}

export async function countNotes(db: Tx, inspectionId: string, filter: NoteFilter): Promise<number> {
  const result = await sql<{ n: number }>`select count(*) as n from evidence_note n where ${conditions(inspectionId, filter)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export type NoteSearchRow = {
  id: string;
  /** With a search, the best passages with the matched words between the markers; without, the start of the body. */
  snippet: string;
  polarity: Polarity;
  criteria: string[];
  themes: string[];
  source_kind: NoteSourceKind;
  source_detail: string;
  activity_kind: ActivityKind | null;
  activity_title: string | null;
  activity_held_on: string | null;
  case_person_id: string | null;
  case_position: number | null;
  survey_audience: SurveyAudience | null;
  author_id: string | null;
  author_name: string;
  version: number;
  created_at: Date;
  updated_at: Date;
};

/** Only a page of notes is highlighted: ts_headline reads the whole body, so it must not run for every match. */
function headlineOptions(markers: HighlightMarkers): string {
  return `StartSel=${markers.start}, StopSel=${markers.stop}, MaxWords=35, MinWords=15, ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "`;
}

/**
 * One page of matching notes: with search words, best match first (ts_rank), then newest; without,
 * newest first. Each row carries what is needed to describe its source and author.
 */
export async function selectNotesPage(db: Tx, inspectionId: string, filter: NoteFilter, markers: HighlightMarkers, limit: number, offset: number): Promise<NoteSearchRow[]> {
  const rank = filter.q ? sql`ts_rank(n.search, websearch_to_tsquery('english', ${filter.q}))` : sql`0`;
  const snippet = filter.q
    ? sql`ts_headline('english', n.body, websearch_to_tsquery('english', ${filter.q}), ${headlineOptions(markers)})`
    : sql`left(n.body, 400)`;
  const result = await sql<NoteSearchRow & { ordinal: number }>`
    with page as (
      select n.id, row_number() over (order by ${rank} desc, n.created_at desc, n.id desc) as ordinal
      from evidence_note n
      where ${conditions(inspectionId, filter)}
      order by ordinal
      limit ${limit} offset ${offset}
    )
    select n.id, ${snippet} as snippet, n.polarity, n.criteria, n.themes, n.source_kind, n.source_detail,
      a.kind as activity_kind, a.title as activity_title, a.held_on as activity_held_on,
      c.person_id as case_person_id, c.position as case_position, s.audience as survey_audience,
      n.author_id, coalesce(u.display_name, n.author_label) as author_name,
      n.version, n.created_at, n.updated_at, page.ordinal
    from page
    join evidence_note n on n.id = page.id
    left join fieldwork_activity a on a.id = n.activity_id and a.inspection_id = n.inspection_id
    left join sampled_case c on c.id = n.case_id and c.inspection_id = n.inspection_id
    left join survey s on s.id = n.survey_id and s.inspection_id = n.inspection_id
    left join app_user u on u.id = n.author_id
    order by page.ordinal`.execute(db);
  return result.rows.map(({ ordinal: _ordinal, ...row }) => ({ ...row, case_position: row.case_position === null ? null : Number(row.case_position) }));
}

export type FacetCounts = Record<FacetName, Map<string, number>>;

/** One filter's condition, or true when that filter is not in use. */
function facetCondition(filter: NoteFilter, facet: FacetName): RawBuilder<boolean> {
  switch (facet) {
    case 'criterion':
      return filter.criterion ? sql<boolean>`n.criteria @> array[${filter.criterion}]::text[]` : sql<boolean>`true`;
    case 'theme':
      return filter.theme ? sql<boolean>`n.themes @> array[${filter.theme}]::text[]` : sql<boolean>`true`;
    case 'polarity':
      return filter.polarity ? sql<boolean>`n.polarity = ${filter.polarity}` : sql<boolean>`true`;
    case 'source':
      return filter.source ? sql<boolean>`n.source_kind = ${filter.source}` : sql<boolean>`true`;
    default:
      return filter.author ? sql<boolean>`n.author_id = ${filter.author}` : sql<boolean>`true`;
  }
}

/**
 * For each filter, how many notes each of its choices would give, with the other filters as they
 * are (the usual way search pages count: choosing a value never shows a count that then differs).
 * One pass over the notes the search words match, each row marked with which filters it meets.
 */
export async function selectFacetCounts(db: Tx, inspectionId: string, filter: NoteFilter): Promise<FacetCounts> {
  const words = filter.q ? sql`and n.search @@ websearch_to_tsquery('english', ${filter.q})` : sql``;
  const result = await sql<{ facet: FacetName; value: string | null; n: number }>`
    with matched as materialized (
      select n.criteria, n.themes, n.polarity, n.source_kind, n.author_id,
        ${facetCondition(filter, 'criterion')} as c, ${facetCondition(filter, 'theme')} as t,
        ${facetCondition(filter, 'polarity')} as p, ${facetCondition(filter, 'source')} as s,
        ${facetCondition(filter, 'author')} as a
      from evidence_note n
      where n.inspection_id = ${inspectionId} ${words}
    )
    select 'criterion' as facet, code as value, count(*) as n from matched cross join unnest(matched.criteria) as code where t and p and s and a group by code
    union all
    select 'theme', code, count(*) from matched cross join unnest(matched.themes) as code where c and p and s and a group by code
    union all
    select 'polarity', polarity, count(*) from matched where c and t and s and a group by polarity
    union all
    select 'source', source_kind, count(*) from matched where c and t and p and a group by source_kind
    union all
    select 'author', author_id::text, count(*) from matched where c and t and p and s group by author_id`.execute(db);
  const counts: FacetCounts = { criterion: new Map(), theme: new Map(), polarity: new Map(), source: new Map(), author: new Map() };
  for (const row of result.rows) if (row.value !== null) counts[row.facet].set(row.value, Number(row.n));
  return counts;
}

export type NoteAuthor = { id: string; name: string; notes: number };

/** Everyone who has written a note on the inspection and still has an account, by name. */
export async function selectNoteAuthors(db: Tx, inspectionId: string): Promise<NoteAuthor[]> {
  const result = await sql<NoteAuthor>`
    select u.id, coalesce(nullif(u.display_name, ''), u.email) as name, count(*) as notes
    from evidence_note n join app_user u on u.id = n.author_id
    where n.inspection_id = ${inspectionId}
    group by u.id, u.display_name, u.email
    order by name, u.id`.execute(db);
  return result.rows.map((r) => ({ ...r, notes: Number(r.notes) }));
}

export async function selectInspectionFacts(db: Tx, inspectionId: string): Promise<{ reference: string; la_code: string } | undefined> {
  return db.selectFrom('inspection').select(['reference', 'la_code']).where('id', '=', inspectionId).executeTakeFirst();
}
