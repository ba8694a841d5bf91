// SQL for evidence notes: the note locked for a save, its writes and version rows, the note and its
// history as pages show them (names and source titles joined in), counts, and attachments.
import { sql, type Kysely } from 'kysely';
import type { InspectionStatus } from '../inspections/inspection.table.ts';
import type { Database } from '../platform/db/schema.ts';
import type { NoteContent } from './evidence-note.ts';
import type { NoteSourceKind, Polarity } from './evidence.ts';

type Tx = Kysely<Database>;

const count = sql<number>`count(*)::int`;

export type NoteInspectionFacts = { id: string; la_code: string; status: InspectionStatus; framework_revision_id: string };

export async function selectNoteInspectionFacts(db: Tx, inspectionId: string): Promise<NoteInspectionFacts | undefined> {
  return db.selectFrom('inspection').select(['id', 'la_code', 'status', 'framework_revision_id']).where('id', '=', inspectionId).executeTakeFirst();
}

/** The columns that hold a note's content, in both the note and its versions. */
type ContentColumns = {
  body: string;
  criteria: string[];
  themes: string[];
  polarity: Polarity;
  source_kind: NoteSourceKind;
  activity_id: string | null;
  case_id: string | null;
  survey_id: string | null;
  source_detail: string;
};

export function contentColumns(content: NoteContent): ContentColumns {
  return {
    body: content.body,
    criteria: content.criteria,
    themes: content.themes,
    polarity: content.polarity,
    source_kind: content.sourceKind,
    activity_id: content.activityId,
    case_id: content.caseId,
    survey_id: content.surveyId,
    source_detail: content.sourceDetail,
  };
}

export function contentOf(row: ContentColumns): NoteContent {
  return {
    body: row.body,
    criteria: row.criteria,
    themes: row.themes,
    polarity: row.polarity,
    sourceKind: row.source_kind,
    activityId: row.activity_id,
    caseId: row.case_id,
    surveyId: row.survey_id,
    sourceDetail: row.source_detail,
  };
}

const CONTENT = ['body', 'criteria', 'themes', 'polarity', 'source_kind', 'activity_id', 'case_id', 'survey_id', 'source_detail'] as const;

export type LockedNoteRow = ContentColumns & { id: string; inspection_id: string; version: number; revision: number; edit_session: string };

/** The note, locked until the transaction ends so saves of it take turns. */
export async function selectNoteForUpdate(db: Tx, noteId: string): Promise<LockedNoteRow | undefined> {
  return db
    .selectFrom('evidence_note')
    .select(['id', 'inspection_id', 'version', 'revision', 'edit_session', ...CONTENT])
    .where('id', '=', noteId)
    .forUpdate()
    .executeTakeFirst();
}

export type Editor = { id: string | null; label: string };

/** Inserts the note unless a note with its id exists already (a save racing it); true when inserted. */
export async function insertNoteIfAbsent(db: Tx, inspectionId: string, noteId: string, content: NoteContent, editSession: string, editor: Editor, now: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('evidence_note')
    .values({
      id: noteId,
      inspection_id: inspectionId,
      ...contentColumns(content),
      version: 1,
      revision: 1,
      edit_session: editSession,
      author_id: editor.id,
      author_label: editor.label,
      updated_by: editor.id,
      updated_by_label: editor.label,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Writes the note's new content, revision and (for a new version) version and editing session. */
export async function updateNote(db: Tx, noteId: string, content: NoteContent, values: { version: number; revision: number; editSession: string; editor: Editor; now: Date }): Promise<void> {
  await db
    .updateTable('evidence_note')
    .set({
      ...contentColumns(content),
      version: values.version,
      revision: values.revision,
      edit_session: values.editSession,
      updated_by: values.editor.id,
      updated_by_label: values.editor.label,
      updated_at: values.now,
    })
    .where('id', '=', noteId)
    .execute();
}

export async function insertVersion(db: Tx, noteId: string, version: number, content: NoteContent, editSession: string, editor: Editor, now: Date): Promise<void> {
  await db
    .insertInto('evidence_note_version')
    .values({ note_id: noteId, version, ...contentColumns(content), edit_session: editSession, edited_by: editor.id, edited_by_label: editor.label, edited_at: now })
    .execute();
}

/** Rewrites a version in place: later saves of one editing session are one version. */
export async function updateVersion(db: Tx, noteId: string, version: number, content: NoteContent, editor: Editor, now: Date): Promise<void> {
  await db
    .updateTable('evidence_note_version')
    .set({ ...contentColumns(content), edited_by: editor.id, edited_by_label: editor.label, edited_at: now })
    .where('note_id', '=', noteId)
    .where('version', '=', version)
    .execute();
}

export async function activityOfInspection(db: Tx, inspectionId: string, activityId: string): Promise<boolean> {
  const row = await db.selectFrom('fieldwork_activity').select('id').where('id', '=', activityId).where('inspection_id', '=', inspectionId).executeTakeFirst();
  return row !== undefined;
}

export type NoteViewRow = ContentColumns & {
  id: string;
  inspection_id: string;
  version: number;
  revision: number;
  edit_session: string;
  author_id: string | null;
  author_label: string;
  author_name: string | null;
  updated_by: string | null;
  updated_by_label: string;
  updated_by_name: string | null;
  created_at: Date;
  updated_at: Date;
  activity_title: string | null;
  activity_held_on: string | null;
  case_person_id: string | null;
  survey_audience: string | null;
};

/** The note with the names of its author and last editor and what its source is called. */
export async function selectNoteView(db: Tx, inspectionId: string, noteId: string): Promise<NoteViewRow | undefined> {
  return db
    .selectFrom('evidence_note as n')
    .leftJoin('app_user as a', 'a.id', 'n.author_id')
    .leftJoin('app_user as u', 'u.id', 'n.updated_by')
    .leftJoin('fieldwork_activity as fa', 'fa.id', 'n.activity_id')
    .leftJoin('sampled_case as sc', 'sc.id', 'n.case_id')
    .leftJoin('survey as s', 's.id', 'n.survey_id')
    .select([
      'n.id',
      'n.inspection_id',
      'n.body',
      'n.criteria',
      'n.themes',
      'n.polarity',
      'n.source_kind',
      'n.activity_id',
      'n.case_id',
      'n.survey_id',
      'n.source_detail',
      'n.version',
      'n.revision',
      'n.edit_session',
      'n.author_id',
      'n.author_label',
      'a.display_name as author_name',
      'n.updated_by',
      'n.updated_by_label',
      'u.display_name as updated_by_name',
      'n.created_at',
      'n.updated_at',
      'fa.title as activity_title',
      'fa.held_on as activity_held_on',
      'sc.person_id as case_person_id',
      's.audience as survey_audience',
    ])
    .where('n.id', '=', noteId)
    .where('n.inspection_id', '=', inspectionId)
    .executeTakeFirst();
}

export type VersionRow = ContentColumns & { version: number; edit_session: string; edited_by: string | null; edited_by_label: string; edited_by_name: string | null; edited_at: Date };

/** Every version of a note, newest first. */
export async function selectVersions(db: Tx, noteId: string): Promise<VersionRow[]> {
  return db
    .selectFrom('evidence_note_version as v')
    .leftJoin('app_user as u', 'u.id', 'v.edited_by')
    .select(['v.version', ...CONTENT.map((c) => `v.${c}` as const), 'v.edit_session', 'v.edited_by', 'v.edited_by_label', 'u.display_name as edited_by_name', 'v.edited_at'])
    .where('v.note_id', '=', noteId)
    .orderBy('v.version', 'desc')
    .execute();
}

export type NoteSummaryRow = {
  id: string;
  body: string;
  criteria: string[];
  polarity: Polarity;
  author_label: string;
  author_name: string | null;
  updated_at: Date;
};

export async function selectNotesForActivity(db: Tx, inspectionId: string, activityId: string): Promise<NoteSummaryRow[]> {
  return db
    .selectFrom('evidence_note as n')
    .leftJoin('app_user as a', 'a.id', 'n.author_id')
    .select(['n.id', 'n.body', 'n.criteria', 'n.polarity', 'n.author_label', 'a.display_name as author_name', 'n.updated_at'])
    .where('n.inspection_id', '=', inspectionId)
    .where('n.activity_id', '=', activityId)
    .orderBy('n.updated_at', 'desc')
    .orderBy('n.id')
    .execute();
}

export async function selectNoteCounts(db: Tx, inspectionId: string): Promise<{ notes: number; strengths: number; concerns: number }> {
  const row = await db
    .selectFrom('evidence_note')
    .select([
      count.as('notes'),
      sql<number>`count(*) filter (where polarity = 'strength')::int`.as('strengths'),
      sql<number>`count(*) filter (where polarity = 'concern')::int`.as('concerns'),
    ])
    .where('inspection_id', '=', inspectionId)
    .executeTakeFirstOrThrow();
  return row;
}

export type NoteFileRow = { file_id: string; file_name: string; content_type: string; size_bytes: number; added_by_label: string; added_by_name: string | null; added_at: Date };

export async function selectNoteFiles(db: Tx, noteId: string): Promise<NoteFileRow[]> {
  return db
    .selectFrom('evidence_note_file as f')
    .innerJoin('stored_file as s', 's.id', 'f.file_id')
    .leftJoin('app_user as u', 'u.id', 'f.added_by')
    .select(['f.file_id', 's.file_name', 's.content_type', 's.size_bytes', 'f.added_by_label', 'u.display_name as added_by_name', 'f.added_at'])
    .where('f.note_id', '=', noteId)
    .orderBy('f.added_at')
    .orderBy('f.file_id')
    .execute();
}

export async function insertNoteFile(db: Tx, noteId: string, fileId: string, editor: Editor): Promise<void> {
  await db.insertInto('evidence_note_file').values({ note_id: noteId, file_id: fileId, added_by: editor.id, added_by_label: editor.label }).execute();
}

export async function noteHasFile(db: Tx, noteId: string, fileId: string): Promise<boolean> {
  const row = await db.selectFrom('evidence_note_file').select('file_id').where('note_id', '=', noteId).where('file_id', '=', fileId).executeTakeFirst();
  return row !== undefined;
}

export async function noteExists(db: Tx, inspectionId: string, noteId: string): Promise<boolean> {
  const row = await db.selectFrom('evidence_note').select('id').where('id', '=', noteId).where('inspection_id', '=', inspectionId).executeTakeFirst();
  return row !== undefined;
}

export type StoredNoteRow = { id: string; body: string; polarity: Polarity; source_kind: NoteSourceKind; version: number; revision: number; version_rows: number };

/** The notes with these ids, with how many version rows each has (for checking that saves were kept once). */
export async function selectStoredNotes(db: Tx, inspectionId: string, noteIds: readonly string[]): Promise<StoredNoteRow[]> {
  if (noteIds.length === 0) return [];
  return db
    .selectFrom('evidence_note as n')
    .select((eb) => [
      'n.id',
      'n.body',
      'n.polarity',
      'n.source_kind',
      'n.version',
      'n.revision',
      eb.selectFrom('evidence_note_version as v').select(count.as('c')).whereRef('v.note_id', '=', 'n.id').$asScalar().$notNull().as('version_rows'),
    ])
    .where('n.inspection_id', '=', inspectionId)
    .where('n.id', 'in', [...noteIds])
    .execute();
}
