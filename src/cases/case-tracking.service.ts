// Use cases of case tracking: the tracked children of the current sample, a child's page (every
// view audited: who saw which child), the tracking meeting and notes (each change audited in its
// transaction), and the counts the cases hub shows.
import type { Kysely } from 'kysely';
import { allCriteria } from '../frameworks/framework.ts';
import { getInspection, isUuid, type Actor, type Context } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { listCaseDocuments, type CaseDocument } from './case-documents.service.ts';
import {
  CaseNotFoundError,
  TrackingInputError,
  trackingProgress,
  validateMeeting,
  validateNote,
  type AttendeeGroup,
  type Meeting,
  type MeetingInput,
  type NoteInput,
  type TrackingProgress,
} from './case-tracking.ts';
import {
  insertNote,
  selectActiveCase,
  selectCurrentSample,
  selectInspectionFacts,
  selectMeeting,
  selectNotes,
  selectTaggedNoteCounts,
  selectTaggedNotes,
  selectTrackedSummaries,
  selectTrackingCounts,
  upsertMeeting,
  type CurrentSampleRow,
  type InspectionFacts,
} from './case-tracking.repository.ts';
import type { PersonRecord } from './case.ts';
import type { SampledCaseRow } from './case.table.ts';
import { selectPeopleByIds, selectPerson } from './person.repository.ts';

type Tx = Kysely<Database>;

export type SampleInfo = { id: string; dataDate: string; sharedAt: Date | null; documentsDue: string | null };

export type TrackedChild = {
  caseId: string;
  personId: string;
  position: number;
  /** The record the child was chosen from (undefined only if it has gone, which a sample's import prevents). */
  record: PersonRecord | undefined;
  heldOn: string | null;
  attendees: AttendeeGroup[];
  noteCount: number;
  documentCount: number;
  progress: TrackingProgress;
};

export type TrackedChildren = { sample: SampleInfo | undefined; children: TrackedChild[] };

function sampleInfo(sample: CurrentSampleRow): SampleInfo {
  return { id: sample.id, dataDate: sample.data_date, sharedAt: sample.shared_at, documentsDue: sample.documents_due };
}

async function factsOf(db: Tx, inspectionId: string): Promise<InspectionFacts> {
  const facts = await selectInspectionFacts(db, inspectionId);
  if (!facts) throw new CaseNotFoundError();
  return facts;
}

/** The current sample's active tracked children with their progress; audited, as it shows their records. */
export async function viewTrackedChildren(db: Tx, inspectionId: string, actor: Actor, context: Context = {}): Promise<TrackedChildren> {
  return db.transaction().execute(async (trx) => {
    const sample = await selectCurrentSample(trx, inspectionId);
    if (!sample) return { sample: undefined, children: [] };
    const rows = await selectTrackedSummaries(trx, sample.id);
    const people = new Map((await selectPeopleByIds(trx, sample.import_id, rows.map((r) => r.person_id))).map((p) => [p.personId, p]));
    await recordAudit(trx, {
      actor,
      action: 'cases.view-tracking',
      inspectionId,
      laCode: (await factsOf(trx, inspectionId)).la_code,
      subjectType: 'case_sample',
      subjectId: sample.id,
      details: { page: 'tracked', children: rows.length },
      requestId: context.requestId,
    });
    return {
      sample: sampleInfo(sample),
      children: rows.map((row) => {
        const item = { heldOn: row.held_on, noteCount: row.note_count, documentCount: row.document_count };
        return {
          caseId: row.id,
          personId: row.person_id,
          position: row.position,
          record: people.get(row.person_id),
          attendees: row.attendees ?? [],
          ...item,
          progress: trackingProgress(item),
        };
      }),
    };
  });
}

type TrackedCase = { sample: CurrentSampleRow; row: SampledCaseRow };

/** An active tracked child of the current sample; anything else (another purpose, replaced, another inspection) is undefined. */
async function trackedCase(db: Tx, inspectionId: string, caseId: string): Promise<TrackedCase | undefined> {
  if (!isUuid(caseId)) return undefined;
  const sample = await selectCurrentSample(db, inspectionId);
  if (!sample) return undefined;
  const row = await selectActiveCase(db, sample.id, caseId, 'tracked');
  return row && { sample, row };
}

export type TrackingMeeting = Meeting & { updatedAt: Date; updatedByName: string | null };

export type TrackingNote = {
  id: string;
  body: string;
  criteria: string[];
  writtenBy: string | null;
  /** The author's name now, or the label kept when they wrote it (an account may since have gone). */
  author: string;
  writtenAt: Date;
};

export type TrackedChildPage = {
  caseId: string;
  personId: string;
  position: number;
  origin: 'drawn' | 'replacement';
  sample: SampleInfo;
  record: PersonRecord | undefined;
  meeting: TrackingMeeting | undefined;
  notes: TrackingNote[];
  documents: CaseDocument[];
};

async function meetingOf(db: Tx, caseId: string): Promise<TrackingMeeting | undefined> {
  const row = await selectMeeting(db, caseId);
  return row && { heldOn: row.held_on, attendees: row.attendees, attendeeNote: row.attendee_note, updatedAt: row.updated_at, updatedByName: row.updated_by_name };
}

async function auditChildView(db: Tx, found: TrackedCase, inspectionId: string, page: string, actor: Actor, context: Context): Promise<void> {
  await recordAudit(db, {
    actor,
    action: 'cases.view-tracked-case',
    inspectionId,
    laCode: (await factsOf(db, inspectionId)).la_code,
    subjectType: 'sampled_case',
    subjectId: found.row.id,
    details: { page, personId: found.row.person_id },
    requestId: context.requestId,
  });
}

/** Everything about one tracked child: record, meeting, notes (newest first) and documents. Each view is on record. */
export async function viewTrackedChild(db: Tx, inspectionId: string, caseId: string, actor: Actor, context: Context = {}): Promise<TrackedChildPage | undefined> {
  return db.transaction().execute(async (trx) => {
    const found = await trackedCase(trx, inspectionId, caseId);
    if (!found) return undefined;
    const { sample, row } = found;
    const record = await selectPerson(trx, sample.import_id, row.person_id);
    const meeting = await meetingOf(trx, row.id);
    const notes = (await selectNotes(trx, row.id)).map((n) => ({
      id: n.id,
      body: n.body,
      criteria: n.criteria,
      writtenBy: n.written_by,
      author: n.written_by_name ?? n.written_by_label,
      writtenAt: n.written_at,
    }));
    const documents = await listCaseDocuments(trx, row.id);
    await auditChildView(trx, found, inspectionId, 'case', actor, context);
    return { caseId: row.id, personId: row.person_id, position: row.position, origin: row.origin, sample: sampleInfo(sample), record, meeting, notes, documents };
  });
}

export type MeetingPage = { caseId: string; personId: string; meeting: TrackingMeeting | undefined };

/** The meeting form's current values; audited like the child's page. */
export async function viewMeeting(db: Tx, inspectionId: string, caseId: string, actor: Actor, context: Context = {}): Promise<MeetingPage | undefined> {
  return db.transaction().execute(async (trx) => {
    const found = await trackedCase(trx, inspectionId, caseId);
    if (!found) return undefined;
    const meeting = await meetingOf(trx, found.row.id);
    await auditChildView(trx, found, inspectionId, 'meeting', actor, context);
    return { caseId: found.row.id, personId: found.row.person_id, meeting };
  });
}

/**
 * Records (or corrects) the child's tracking meeting: its date, who took part and a note about
 * them. Throws TrackingInputError when a rule is broken, CaseNotFoundError for an unknown case.
 */
export async function saveMeeting(db: Tx, inspectionId: string, caseId: string, input: MeetingInput, actor: Actor, context: Context = {}): Promise<Meeting> {
  return db.transaction().execute(async (trx) => {
    const found = await trackedCase(trx, inspectionId, caseId);
    if (!found) throw new CaseNotFoundError();
    const facts = await factsOf(trx, inspectionId);
    const checked = validateMeeting(input, { notificationDate: facts.notification_date, onsiteEndDate: facts.onsite_end_date });
    if (!checked.ok) throw new TrackingInputError(checked.issues);
    const meeting = checked.value;
    await upsertMeeting(trx, found.row.id, { held_on: meeting.heldOn, attendees: meeting.attendees, attendee_note: meeting.attendeeNote, updated_by: actor.id });
    await recordAudit(trx, {
      actor,
      action: 'cases.tracking-meeting-saved',
      inspectionId,
      laCode: facts.la_code,
      subjectType: 'sampled_case',
      subjectId: found.row.id,
      details: { heldOn: meeting.heldOn, attendees: meeting.attendees },
      requestId: context.requestId,
    });
    return meeting;
  });
}

/**
 * Adds a note to a tracked child's case, marked as evidence for criteria of the inspection's
 * framework. Notes are kept as written: there is no editing or deleting them.
 */
export async function addNote(db: Tx, inspectionId: string, caseId: string, input: NoteInput, actor: Actor, context: Context = {}): Promise<{ id: string }> {
  const details = await getInspection(db, inspectionId);
  if (!details) throw new CaseNotFoundError();
  const checked = validateNote(
    input,
    allCriteria(details.framework.definition).map((c) => c.code),
  );
  if (!checked.ok) throw new TrackingInputError(checked.issues);
  return db.transaction().execute(async (trx) => {
    const found = await trackedCase(trx, inspectionId, caseId);
    if (!found) throw new CaseNotFoundError();
    const note = await insertNote(trx, { case_id: found.row.id, body: checked.value.body, criteria: checked.value.criteria, written_by: actor.id, written_by_label: actor.label });
    await recordAudit(trx, {
      actor,
      action: 'cases.tracking-note-added',
      inspectionId,
      laCode: details.inspection.la_code,
      subjectType: 'sampled_case',
      subjectId: found.row.id,
      details: { noteId: note.id, criteria: checked.value.criteria, length: checked.value.body.length },
      requestId: context.requestId,
    });
    return { id: note.id };
  });
}

/** Whether a case is an active tracked child of the inspection's current sample (for a route's 404). */
export async function isTrackedCase(db: Tx, inspectionId: string, caseId: string): Promise<boolean> {
  return (await trackedCase(db, inspectionId, caseId)) !== undefined;
}

/** Whether the case is one of the current sample's plans to review that has not been replaced. */
export async function isPlanToReview(db: Tx, inspectionId: string, caseId: string): Promise<boolean> {
  if (!isUuid(caseId)) return false;
  const sample = await selectCurrentSample(db, inspectionId);
  return sample !== undefined && (await selectActiveCase(db, sample.id, caseId, 'review')) !== undefined;
}

export type TrackingSummary = {
  /** False until a sample is drawn; every count is then 0. */
  sampleDrawn: boolean;
  sharedAt: Date | null;
  documentsDue: string | null;
  trackedChildren: number;
  /** Tracked children whose meeting has a date. */
  meetingsHeld: number;
  /** Tracking notes across the tracked children. */
  notes: number;
  /** Active cases of either purpose, and how many of them have at least one document. */
  casesChosen: number;
  casesWithDocuments: number;
  /** Documents received across the chosen cases. */
  documents: number;
};

/** Counts for the cases hub: tracked children, meetings held, notes and documents of the current sample. Not audited: no one's data is shown. */
export async function trackingSummary(db: Tx, inspectionId: string): Promise<TrackingSummary> {
  const sample = await selectCurrentSample(db, inspectionId);
  if (!sample) {
    return { sampleDrawn: false, sharedAt: null, documentsDue: null, trackedChildren: 0, meetingsHeld: 0, notes: 0, casesChosen: 0, casesWithDocuments: 0, documents: 0 };
  }
  const counts = await selectTrackingCounts(db, sample.id);
  return {
    sampleDrawn: true,
    sharedAt: sample.shared_at,
    documentsDue: sample.documents_due,
    trackedChildren: counts.tracked_children,
    meetingsHeld: counts.meetings_held,
    notes: counts.notes,
    casesChosen: counts.cases_chosen,
    casesWithDocuments: counts.cases_with_documents,
    documents: counts.documents,
  };
}

// ---- Evidence for the triangulation -------------------------------------------------------

/**
 * How many tracking notes are tagged with each framework criterion (criterion code → notes), over
 * the current sample's active tracked children only: a replaced child or an earlier draw no longer
 * counts. Not audited: no one's data is shown.
 */
export async function taggedTrackingNoteCounts(db: Tx, inspectionId: string): Promise<Record<string, number>> {
  const sample = await selectCurrentSample(db, inspectionId);
  if (!sample) return {};
  const rows = await selectTaggedNoteCounts(db, sample.id);
  return Object.fromEntries(rows.map((row) => [row.criterion, row.n]));
}

export type TaggedTrackingNote = TrackingNote & { caseId: string; personId: string; position: number };

/**
 * The tracking notes tagged with a criterion, newest first, from the current sample's active
 * tracked children. They are about children: the page that shows them audits the view.
 */
export async function taggedTrackingNotes(db: Tx, inspectionId: string, criterionCode: string): Promise<TaggedTrackingNote[]> {
  const sample = await selectCurrentSample(db, inspectionId);
  if (!sample) return [];
  const rows = await selectTaggedNotes(db, sample.id, criterionCode);
  return rows.map((row) => ({
    id: row.id,
    body: row.body,
    criteria: row.criteria,
    writtenBy: row.written_by,
    author: row.written_by_name ?? row.written_by_label,
    writtenAt: row.written_at,
    caseId: row.case_id,
    personId: row.person_id,
    position: row.position,
  }));
}
