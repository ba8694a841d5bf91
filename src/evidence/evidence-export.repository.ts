// SQL for the evidence export: an inspection's notes read a batch at a time in a
// fixed order (keyset paging), so thousands of notes never sit in memory at once.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { SurveyAudience } from '../surveys/survey.ts';
import type { ActivityKind, NoteSourceKind, Polarity } from './evidence.ts';

type Tx = Kysely<Database>;

/**
 * Where the last batch ended. The time is kept as the database's own text, since a JavaScript Date
 * holds only milliseconds and the column microseconds: a rounded time would skip or repeat notes.
 */
export type NoteCursor = { at: string; id: string };

export type NoteExportRow = {
  id: string;
  created_at: Date;
  updated_at: Date;
  cursor_at: string;
  author_name: string;
  updated_by_name: string;
  version: number;
  polarity: Polarity;
  source_kind: NoteSourceKind;
  source_detail: string;
  activity_kind: ActivityKind | null;
  activity_title: string | null;
  activity_held_on: string | null;
  case_person_id: string | null;
  case_position: number | null;
  survey_audience: SurveyAudience | null;
  criteria: string[];
  themes: string[];
  body: string;
  attachments: string[];
};

/** The next batch of the inspection's notes, oldest first. */
export async function selectNotesForExport(db: Tx, inspectionId: string, after: NoteCursor | null, limit: number): Promise<NoteExportRow[]> {
  const from = after ? sql`and (n.created_at, n.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
  const result = await sql<NoteExportRow>`
    select n.id, n.created_at, n.updated_at, n.created_at::text as cursor_at,
      coalesce(nullif(au.display_name, ''), n.author_label) as author_name,
      coalesce(nullif(ed.display_name, ''), n.updated_by_label) as updated_by_name,
      n.version, n.polarity, n.source_kind, n.source_detail,
      a.kind as activity_kind, a.title as activity_title, a.held_on as activity_held_on,
      c.person_id as case_person_id, c.position as case_position, s.audience as survey_audience,
      n.criteria, n.themes, n.body,
      array(
        select f.file_name from evidence_note_file nf join stored_file f on f.id = nf.file_id
        where nf.note_id = n.id order by nf.added_at, f.file_name
      ) as attachments
    from evidence_note n
    left join app_user au on au.id = n.author_id
    left join app_user ed on ed.id = n.updated_by
    left join fieldwork_activity a on a.id = n.activity_id and a.inspection_id = n.inspection_id
    left join sampled_case c on c.id = n.case_id and c.inspection_id = n.inspection_id
    left join survey s on s.id = n.survey_id and s.inspection_id = n.inspection_id
    where n.inspection_id = ${inspectionId} ${from}
    order by n.created_at, n.id
    limit ${limit}`.execute(db);
  return result.rows;
}

export async function countNotesForExport(db: Tx, inspectionId: string): Promise<number> {
  const row = await db.selectFrom('evidence_note').select((eb) => eb.fn.countAll<number>().as('n')).where('inspection_id', '=', inspectionId).executeTakeFirstOrThrow();
  return Number(row.n);
}
