// SQL for case tracking and the area's case documents: the current sample and its active cases,
// tracking meetings and notes, and the documents linked to a case. Executor-first functions.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { CasePurpose, SampledCaseRow, TrackingAttendee } from './case.table.ts';

type Tx = Kysely<Database>;

const count = sql<number>`count(*)::int`;

export type InspectionFacts = { id: string; la_code: string; notification_date: string; onsite_end_date: string };

export async function selectInspectionFacts(db: Tx, inspectionId: string): Promise<InspectionFacts | undefined> {
  return db.selectFrom('inspection').select(['id', 'la_code', 'notification_date', 'onsite_end_date']).where('id', '=', inspectionId).executeTakeFirst();
}

export type CurrentSampleRow = {
  id: string;
  import_id: string;
  data_date: string;
  shared_at: Date | null;
  documents_due: string | null;
  drawn_at: Date;
};

/** The sample in use: the latest drawn for the inspection that no later draw has superseded. */
export async function selectCurrentSample(db: Tx, inspectionId: string): Promise<CurrentSampleRow | undefined> {
  return db
    .selectFrom('case_sample')
    .innerJoin('case_import', 'case_import.id', 'case_sample.import_id')
    .select(['case_sample.id', 'case_sample.import_id', 'case_import.data_date', 'case_sample.shared_at', 'case_sample.documents_due', 'case_sample.drawn_at'])
    .where('case_sample.inspection_id', '=', inspectionId)
    .where('case_sample.superseded_at', 'is', null)
    .orderBy('case_sample.drawn_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A case of the sample that has not been replaced; with `purpose`, only a case chosen for that purpose. */
export async function selectActiveCase(db: Tx, sampleId: string, caseId: string, purpose?: CasePurpose): Promise<SampledCaseRow | undefined> {
  let query = db.selectFrom('sampled_case').selectAll().where('sample_id', '=', sampleId).where('id', '=', caseId).where('replaced_at', 'is', null);
  if (purpose) query = query.where('purpose', '=', purpose);
  return query.executeTakeFirst();
}

/** The sample's cases that have not been replaced: tracked children first, each purpose in drawing order. */
export async function selectActiveCases(db: Tx, sampleId: string): Promise<SampledCaseRow[]> {
  return db
    .selectFrom('sampled_case')
    .selectAll()
    .where('sample_id', '=', sampleId)
    .where('replaced_at', 'is', null)
    .orderBy(sql`case when purpose = 'tracked' then 0 else 1 end`)
    .orderBy('position')
    .execute();
}

export type TrackedCaseSummaryRow = {
  id: string;
  person_id: string;
  position: number;
  held_on: string | null;
  attendees: TrackingAttendee[] | null;
  note_count: number;
  document_count: number;
};

/** The sample's active tracked children with their meeting and how many notes and documents each has. */
export async function selectTrackedSummaries(db: Tx, sampleId: string): Promise<TrackedCaseSummaryRow[]> {
  return db
    .selectFrom('sampled_case as c')
    .leftJoin('tracking_meeting as m', 'm.case_id', 'c.id')
    .select((eb) => [
      'c.id',
      'c.person_id',
      'c.position',
      'm.held_on',
      'm.attendees',
      eb.selectFrom('tracking_note as n').select(count.as('n')).whereRef('n.case_id', '=', 'c.id').$asScalar().$notNull().as('note_count'),
      eb.selectFrom('case_document as d').select(count.as('n')).whereRef('d.case_id', '=', 'c.id').$asScalar().$notNull().as('document_count'),
    ])
    .where('c.sample_id', '=', sampleId)
    .where('c.purpose', '=', 'tracked')
    .where('c.replaced_at', 'is', null)
    .orderBy('c.position')
    .execute();
}

export type MeetingRow = {
  held_on: string | null;
  attendees: TrackingAttendee[];
  attendee_note: string;
  updated_at: Date;
  updated_by_name: string | null;
};

export async function selectMeeting(db: Tx, caseId: string): Promise<MeetingRow | undefined> {
  return db
    .selectFrom('tracking_meeting as m')
    .leftJoin('app_user as u', 'u.id', 'm.updated_by')
    .select(['m.held_on', 'm.attendees', 'm.attendee_note', 'm.updated_at', 'u.display_name as updated_by_name'])
    .where('m.case_id', '=', caseId)
    .executeTakeFirst();
}

export type MeetingValues = { held_on: string | null; attendees: TrackingAttendee[]; attendee_note: string; updated_by: string | null };

/** Writes the case's one meeting record, replacing what was there. */
export async function upsertMeeting(db: Tx, caseId: string, values: MeetingValues): Promise<void> {
  const now = new Date();
  await db
    .insertInto('tracking_meeting')
    .values({ case_id: caseId, ...values, updated_at: now })
    .onConflict((oc) => oc.column('case_id').doUpdateSet({ ...values, updated_at: now }))
    .execute();
}

export type NoteRow = {
  id: string;
  body: string;
  criteria: string[];
  written_by: string | null;
  written_by_label: string;
  written_by_name: string | null;
  written_at: Date;
};

/** A case's notes, newest first. */
export async function selectNotes(db: Tx, caseId: string): Promise<NoteRow[]> {
  return db
    .selectFrom('tracking_note as n')
    .leftJoin('app_user as u', 'u.id', 'n.written_by')
    .select(['n.id', 'n.body', 'n.criteria', 'n.written_by', 'n.written_by_label', 'u.display_name as written_by_name', 'n.written_at'])
    .where('n.case_id', '=', caseId)
    .orderBy('n.written_at', 'desc')
    .orderBy('n.id', 'desc')
    .execute();
}

export async function insertNote(db: Tx, values: { case_id: string; body: string; criteria: string[]; written_by: string | null; written_by_label: string }): Promise<{ id: string; written_at: Date }> {
  return db.insertInto('tracking_note').values(values).returning(['id', 'written_at']).executeTakeFirstOrThrow();
}

export type CaseDocumentRow = {
  case_id: string;
  file_id: string;
  description: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  uploaded_by: string | null;
  uploaded_by_name: string | null;
  uploaded_at: Date;
};

/** The documents of the cases named (never their contents), oldest first. */
export async function selectCaseDocuments(db: Tx, caseIds: readonly string[]): Promise<CaseDocumentRow[]> {
  if (caseIds.length === 0) return [];
  return caseDocumentsQuery(db)
    .where('d.case_id', 'in', [...caseIds])
    .orderBy('f.uploaded_at')
    .orderBy('f.file_name')
    .execute();
}

function caseDocumentsQuery(db: Tx) {
  return db
    .selectFrom('case_document as d')
    .innerJoin('stored_file as f', 'f.id', 'd.file_id')
    .leftJoin('app_user as u', 'u.id', 'f.uploaded_by')
    .select(['d.case_id', 'd.file_id', 'd.description', 'f.file_name', 'f.content_type', 'f.size_bytes', 'f.uploaded_by', 'u.display_name as uploaded_by_name', 'f.uploaded_at']);
}

export async function selectCaseDocument(db: Tx, caseId: string, fileId: string): Promise<CaseDocumentRow | undefined> {
  return caseDocumentsQuery(db).where('d.case_id', '=', caseId).where('d.file_id', '=', fileId).executeTakeFirst();
}

export async function insertCaseDocument(db: Tx, values: { case_id: string; file_id: string; description: string }): Promise<void> {
  await db.insertInto('case_document').values(values).execute();
}

export type TrackingCountsRow = {
  tracked_children: number;
  meetings_held: number;
  notes: number;
  cases_chosen: number;
  cases_with_documents: number;
  documents: number;
};

/** Counts over the sample's active cases, for the cases hub. */
export async function selectTrackingCounts(db: Tx, sampleId: string): Promise<TrackingCountsRow> {
  const active = (eb: Kysely<Database>) => eb.selectFrom('sampled_case').select('id').where('sample_id', '=', sampleId).where('replaced_at', 'is', null);
  const tracked = () => active(db).where('purpose', '=', 'tracked');
  // One after another: on PGlite a transaction's queries must not interleave.
  const cases = await db
    .selectFrom('sampled_case')
    .select([sql<number>`count(*) filter (where purpose = 'tracked')::int`.as('tracked_children'), count.as('cases_chosen')])
    .where('sample_id', '=', sampleId)
    .where('replaced_at', 'is', null)
    .executeTakeFirstOrThrow();
  const meetings = await db.selectFrom('tracking_meeting').select(count.as('n')).where('case_id', 'in', tracked()).where('held_on', 'is not', null).executeTakeFirstOrThrow();
  const notes = await db.selectFrom('tracking_note').select(count.as('n')).where('case_id', 'in', tracked()).executeTakeFirstOrThrow();
  const documents = await db
    .selectFrom('case_document')
    .select([count.as('n'), sql<number>`count(distinct case_id)::int`.as('cases')])
    .where('case_id', 'in', active(db))
    .executeTakeFirstOrThrow();
  return {
    tracked_children: cases.tracked_children,
    meetings_held: meetings.n,
    notes: notes.n,
    cases_chosen: cases.cases_chosen,
    cases_with_documents: documents.cases,
    documents: documents.n,
  };
}

export type TaggedNoteCountRow = { criterion: string; n: number };

/** How many tracking notes of the sample's active tracked children are tagged with each criterion, in one pass. */
export async function selectTaggedNoteCounts(db: Tx, sampleId: string): Promise<TaggedNoteCountRow[]> {
  const result = await sql<TaggedNoteCountRow>`
    select tagged.criterion, count(*)::int as n
    from tracking_note n
    join sampled_case c on c.id = n.case_id
    cross join lateral unnest(n.criteria) as tagged(criterion)
    where c.sample_id = ${sampleId} and c.purpose = 'tracked' and c.replaced_at is null
    group by tagged.criterion`.execute(db);
  return result.rows;
}

export type TaggedNoteRow = NoteRow & { case_id: string; person_id: string; position: number };

/** The tracking notes of the sample's active tracked children tagged with a criterion, newest first. */
export async function selectTaggedNotes(db: Tx, sampleId: string, criterion: string): Promise<TaggedNoteRow[]> {
  return db
    .selectFrom('tracking_note as n')
    .innerJoin('sampled_case as c', 'c.id', 'n.case_id')
    .leftJoin('app_user as u', 'u.id', 'n.written_by')
    .select(['n.id', 'n.body', 'n.criteria', 'n.written_by', 'n.written_by_label', 'u.display_name as written_by_name', 'n.written_at', 'n.case_id', 'c.person_id', 'c.position'])
    .where('c.sample_id', '=', sampleId)
    .where('c.purpose', '=', 'tracked')
    .where('c.replaced_at', 'is', null)
    .where(sql<boolean>`n.criteria @> array[${criterion}]::text[]`)
    .orderBy('n.written_at', 'desc')
    .orderBy('n.id', 'desc')
    .execute();
}
