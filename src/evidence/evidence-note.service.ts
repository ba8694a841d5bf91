// Use cases of evidence notes: saving (create, amend, new version, repeated save, conflict: one
// transaction with the note locked), reading a note and its history (each view audited), counts,
// the notes of an activity, and attachments.
import type { Kysely } from 'kysely';
import { isPlanToReview, isTrackedCase } from '../cases/case-tracking.service.ts';
import { allCriteria } from '../frameworks/framework.ts';
import { frameworkRevisionById, listCurrentFrameworks } from '../frameworks/framework.service.ts';
import { isUuid, type Actor, type Context } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { describeSize, identifyFile, readStoredFile, storeFile, type StoredFileInfo } from '../platform/files/stored-files.ts';
import type { StoredFileRow } from '../platform/files/stored-file.table.ts';
import { AUDIENCE_LABELS, isSurveyAudience, type SurveyAudience } from '../surveys/survey.ts';
import { getSurvey } from '../surveys/survey.service.ts';
import {
  NoteInputError,
  NoteNotFoundError,
  NoteRefusedError,
  contentChanges,
  decideSave,
  isNoteId,
  sameSource,
  validateNoteContent,
  type ContentChange,
  type NoteContent,
  type NoteContentInput,
  type NoteIssue,
  type NoteRules,
  type NoteSave,
  type SaveDecision,
} from './evidence-note.ts';
import {
  activityOfInspection,
  contentOf,
  insertNoteFile,
  insertNoteIfAbsent,
  insertVersion,
  noteExists,
  noteHasFile,
  selectNoteCounts,
  selectNoteFiles,
  selectNoteForUpdate,
  selectNoteInspectionFacts,
  selectNotesForActivity,
  selectNoteView,
  selectStoredNotes,
  selectVersions,
  updateNote,
  updateVersion,
  type NoteInspectionFacts,
  type NoteViewRow,
  type StoredNoteRow,
} from './evidence-note.repository.ts';
import { applyTallyChanges } from './evidence-tally.repository.ts';
import { tallyChanges, type Tallied } from './evidence-tally.ts';
import { evidenceIsOpen, type Polarity } from './evidence.ts';

type Tx = Kysely<Database>;

export type NoteView = {
  id: string;
  inspectionId: string;
  content: NoteContent;
  version: number;
  revision: number;
  /** The editing session that made the last save. */
  editSession: string;
  authorId: string | null;
  /** The author's name now, or the label kept when they wrote it (an account may since have gone). */
  author: string;
  updatedById: string | null;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** What the source is called (the activity's title, the child's pseudonymous id, the survey's audience); null for data or a source since removed. */
  sourceTitle: string | null;
  /** The activity's date, for activities. */
  sourceDate: string | null;
  /** The survey's audience, for surveys (its pages are addressed by it). */
  surveyAudience: SurveyAudience | null;
};

export type NoteAttachment = { fileId: string; fileName: string; contentType: string; sizeText: string; addedBy: string; addedAt: Date };

export type NotePage = NoteView & { attachments: NoteAttachment[] };

export type SaveOutcome =
  | { status: 'saved'; decision: Exclude<SaveDecision, 'unchanged' | 'conflict'>; revision: number; version: number }
  | { status: 'unchanged'; revision: number; version: number }
  | { status: 'conflict'; current: NoteView; yours: NoteContent };

// ---- The inspection's rules ----------------------------------------------------------------

type FrameworkRules = { code: string; criterionCodes: string[] };

/** A framework revision never changes once stored (a change of wording is a new revision), so its rules are kept. */
const rulesByRevision = new Map<string, FrameworkRules>();

async function frameworkRulesOf(db: Tx, revisionId: string): Promise<FrameworkRules> {
  const known = rulesByRevision.get(revisionId);
  if (known) return known;
  const revision = await frameworkRevisionById(db, revisionId);
  if (!revision) throw new Error(`Framework revision ${revisionId} is missing`);
  const rules = { code: revision.code, criterionCodes: allCriteria(revision.definition).map((c) => c.code) };
  rulesByRevision.set(revisionId, rules);
  return rules;
}

async function factsOf(db: Tx, inspectionId: string): Promise<NoteInspectionFacts> {
  const facts = isUuid(inspectionId) ? await selectNoteInspectionFacts(db, inspectionId) : undefined;
  if (!facts) throw new NoteNotFoundError();
  return facts;
}

/**
 * Checks the content against the inspection's framework. Only when a criterion is not the
 * framework's are the other frameworks read, so the message can say whose criterion it is.
 */
async function checkContent(db: Tx, facts: NoteInspectionFacts, input: NoteContentInput): Promise<NoteContent> {
  const framework = await frameworkRulesOf(db, facts.framework_revision_id);
  const rules: NoteRules = { criterionCodes: framework.criterionCodes, frameworkCode: framework.code };
  let checked = validateNoteContent(input, rules);
  if (!checked.ok && checked.issues.some((issue) => issue.field === 'criteria')) {
    const others = (await listCurrentFrameworks(db)).map((f) => ({ code: f.code, criterionCodes: allCriteria(f.definition).map((c) => c.code) }));
    checked = validateNoteContent(input, { ...rules, otherFrameworks: others });
  }
  if (!checked.ok) throw new NoteInputError(checked.issues);
  return checked.value;
}

/** The content's source must be the inspection's own: its activity, its current sample's child or plan, its survey. */
async function sourceIssue(db: Tx, inspectionId: string, content: NoteContent): Promise<NoteIssue | undefined> {
  switch (content.sourceKind) {
    case 'activity':
      return (await activityOfInspection(db, inspectionId, content.activityId!))
        ? undefined
        : { field: 'activityId', message: 'Select an activity of this inspection: the one chosen is not one of its activities' };
    case 'tracked_case':
      return (await isTrackedCase(db, inspectionId, content.caseId!))
        ? undefined
        : { field: 'caseId', message: 'Select a tracked child of this inspection’s current sample: the one chosen is not one of them' };
    case 'reviewed_plan':
      return (await isPlanToReview(db, inspectionId, content.caseId!))
        ? undefined
        : { field: 'caseId', message: 'Select an EHC plan chosen for review in this inspection’s current sample: the one chosen is not one of them' };
    case 'survey': {
      const survey = await getSurvey(db, content.surveyId!);
      return survey?.inspectionId === inspectionId ? undefined : { field: 'surveyId', message: 'Select a survey of this inspection: the one chosen is not one of its surveys' };
    }
    case 'data':
      return undefined;
  }
}

/** A save as a form or the autosave sends it: the content is checked by saveNote. */
export type NoteSaveInput = { content: NoteContentInput; baseRevision: number; editSession: string };

function checkSave(noteId: string, save: NoteSaveInput): void {
  if (!isNoteId(noteId)) throw new NoteNotFoundError();
  const issues: NoteIssue[] = [];
  if (!isUuid(save.editSession)) issues.push({ field: 'editSession', message: 'This page is out of date: copy your text, reload the page and paste it back' });
  if (!Number.isInteger(save.baseRevision) || save.baseRevision < 0) issues.push({ field: 'baseRevision', message: 'This page is out of date: copy your text, reload the page and paste it back' });
  if (issues.length) throw new NoteInputError(issues);
}

// ---- Saving --------------------------------------------------------------------------------

/** Another save created the same note between our look and our insert; the save is tried again and finds it. */
class CreatedMeanwhile extends Error {}

/**
 * Saves a note as its page has it. `save.content` may come straight from a form or the autosave:
 * it is checked here (NoteInputError, nothing written). The note's id is the page's, so a save sent
 * twice finds the note the first one made. See decideSave for how a save meets the stored note;
 * a conflict writes nothing and returns the stored note beside the content sent.
 */
export async function saveNote(db: Tx, inspectionId: string, noteId: string, save: NoteSaveInput, actor: Actor, context: Context = {}): Promise<SaveOutcome> {
  checkSave(noteId, save);
  const facts = await factsOf(db, inspectionId);
  if (!evidenceIsOpen(facts.status)) throw new NoteRefusedError();
  const content = await checkContent(db, facts, save.content);
  const checked: NoteSave = { ...save, content };
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((trx) => saveInTransaction(trx, facts, noteId, checked, actor, context));
    } catch (error) {
      if (!(error instanceof CreatedMeanwhile) || attempt >= 3) throw error;
    }
  }
}

async function saveInTransaction(trx: Tx, facts: NoteInspectionFacts, noteId: string, save: NoteSave, actor: Actor, context: Context): Promise<SaveOutcome> {
  const inspectionId = facts.id;
  const row = await selectNoteForUpdate(trx, noteId);
  if (row && row.inspection_id !== inspectionId) throw new NoteNotFoundError();
  const stored = row && { revision: row.revision, version: row.version, editSession: row.edit_session, content: contentOf(row) };
  const decision = decideSave(stored, save);
  if (decision === 'unchanged') return { status: 'unchanged', revision: stored!.revision, version: stored!.version };
  if (decision === 'conflict') {
    // The answer shows the other person's version, so it is a view of the note like any other.
    const current = (await selectNoteView(trx, inspectionId, noteId))!;
    await auditView(trx, current, facts.la_code, 'evidence.view-note', { page: 'conflict', version: current.version }, actor, context);
    return { status: 'conflict', current: noteViewOf(current), yours: save.content };
  }
  if (!stored || !sameSource(stored.content, save.content)) {
    const issue = await sourceIssue(trx, inspectionId, save.content);
    if (issue) throw new NoteInputError([issue]);
  }
  const editor = { id: actor.id, label: actor.label };
  const now = new Date();
  const { content, editSession } = save;
  if (decision === 'create') {
    if (!(await insertNoteIfAbsent(trx, inspectionId, noteId, content, editSession, editor, now))) throw new CreatedMeanwhile();
    await insertVersion(trx, noteId, 1, content, editSession, editor, now);
    await applyTallyChanges(trx, inspectionId, tallyChanges(undefined, content));
    await auditVersion(trx, facts, noteId, 'evidence.note-created', 1, content, actor, context);
    return { status: 'saved', decision, revision: 1, version: 1 };
  }
  const revision = stored!.revision + 1;
  if (decision === 'amend') {
    await updateNote(trx, noteId, content, { version: stored!.version, revision, editSession, editor, now });
    await updateVersion(trx, noteId, stored!.version, content, editor, now);
    await retally(trx, inspectionId, stored!.content, content);
    return { status: 'saved', decision, revision, version: stored!.version };
  }
  const version = stored!.version + 1;
  await updateNote(trx, noteId, content, { version, revision, editSession, editor, now });
  await insertVersion(trx, noteId, version, content, editSession, editor, now);
  await retally(trx, inspectionId, stored!.content, content);
  await auditVersion(trx, facts, noteId, 'evidence.note-changed', version, content, actor, context);
  return { status: 'saved', decision, revision, version };
}

/** Moves the note's counts in the tally when its criteria, source or polarity changed; an edit of the text alone writes nothing there. */
async function retally(trx: Tx, inspectionId: string, before: Tallied, after: Tallied): Promise<void> {
  await applyTallyChanges(trx, inspectionId, tallyChanges(before, after));
}

/** One record per version: the saves that follow within its editing session amend it and are not recorded again. */
async function auditVersion(trx: Tx, facts: NoteInspectionFacts, noteId: string, action: string, version: number, content: NoteContent, actor: Actor, context: Context): Promise<void> {
  await recordAudit(trx, {
    actor,
    action,
    inspectionId: facts.id,
    laCode: facts.la_code,
    subjectType: 'evidence_note',
    subjectId: noteId,
    details: { version, criteria: content.criteria, polarity: content.polarity, sourceKind: content.sourceKind, length: content.body.length },
    requestId: context.requestId,
  });
}

// ---- Reading -------------------------------------------------------------------------------

function sourceTitleOf(row: NoteViewRow): string | null {
  switch (row.source_kind) {
    case 'activity':
      return row.activity_title;
    case 'tracked_case':
    case 'reviewed_plan':
      return row.case_person_id;
    case 'survey':
      return isSurveyAudience(row.survey_audience) ? AUDIENCE_LABELS[row.survey_audience] : null;
    case 'data':
      return null;
  }
}

function noteViewOf(row: NoteViewRow): NoteView {
  return {
    id: row.id,
    inspectionId: row.inspection_id,
    content: contentOf(row),
    version: row.version,
    revision: row.revision,
    editSession: row.edit_session,
    authorId: row.author_id,
    author: row.author_name ?? row.author_label,
    updatedById: row.updated_by,
    updatedBy: row.updated_by_name ?? row.updated_by_label,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sourceTitle: sourceTitleOf(row),
    sourceDate: row.source_kind === 'activity' ? row.activity_held_on : null,
    surveyAudience: row.source_kind === 'survey' && isSurveyAudience(row.survey_audience) ? row.survey_audience : null,
  };
}

async function auditView(trx: Tx, row: NoteViewRow, laCode: string, action: string, details: Record<string, unknown>, actor: Actor, context: Context): Promise<void> {
  await recordAudit(trx, {
    actor,
    action,
    inspectionId: row.inspection_id,
    laCode,
    subjectType: 'evidence_note',
    subjectId: row.id,
    details,
    requestId: context.requestId,
  });
}

export type NotePageName = 'note' | 'edit' | 'conflict';

/** A note with its attachments, as its page shows it; the view is on record. Undefined for a note not of this inspection. */
export async function getNote(db: Tx, inspectionId: string, noteId: string, actor: Actor, context: Context & { page?: NotePageName } = {}): Promise<NotePage | undefined> {
  if (!isNoteId(noteId) || !isUuid(inspectionId)) return undefined;
  return db.transaction().execute(async (trx) => {
    const row = await selectNoteView(trx, inspectionId, noteId);
    if (!row) return undefined;
    const files = await selectNoteFiles(trx, noteId);
    const facts = await factsOf(trx, inspectionId);
    await auditView(trx, row, facts.la_code, 'evidence.view-note', { page: context.page ?? 'note', version: row.version }, actor, context);
    return {
      ...noteViewOf(row),
      attachments: files.map((f) => ({
        fileId: f.file_id,
        fileName: f.file_name,
        contentType: f.content_type,
        sizeText: describeSize(f.size_bytes),
        addedBy: f.added_by_name ?? f.added_by_label,
        addedAt: f.added_at,
      })),
    };
  });
}

export type NoteVersion = {
  version: number;
  content: NoteContent;
  editedById: string | null;
  editedBy: string;
  editedAt: Date;
  /** What this version changed from the one before (empty for the first). */
  changes: ContentChange[];
};

export type NoteHistory = { note: NoteView; versions: NoteVersion[] };

/** Every version of a note, newest first, each with what it changed; the view is on record. */
export async function noteHistory(db: Tx, inspectionId: string, noteId: string, actor: Actor, context: Context = {}): Promise<NoteHistory | undefined> {
  if (!isNoteId(noteId) || !isUuid(inspectionId)) return undefined;
  return db.transaction().execute(async (trx) => {
    const row = await selectNoteView(trx, inspectionId, noteId);
    if (!row) return undefined;
    const rows = await selectVersions(trx, noteId);
    const facts = await factsOf(trx, inspectionId);
    await auditView(trx, row, facts.la_code, 'evidence.view-note-history', { versions: rows.length }, actor, context);
    const versions = rows.map((v, i) => {
      const content = contentOf(v);
      const previous = rows[i + 1];
      return {
        version: v.version,
        content,
        editedById: v.edited_by,
        editedBy: v.edited_by_name ?? v.edited_by_label,
        editedAt: v.edited_at,
        changes: previous ? contentChanges(contentOf(previous), content) : [],
      };
    });
    return { note: noteViewOf(row), versions };
  });
}

export type NoteSummary = { id: string; body: string; criteria: string[]; polarity: Polarity; author: string; updatedAt: Date };

/** The notes written about an activity, most recently changed first. Not audited: the activity's page that shows them records its own view. */
export async function listNotesForActivity(db: Tx, inspectionId: string, activityId: string): Promise<NoteSummary[]> {
  if (!isUuid(inspectionId) || !isUuid(activityId)) return [];
  const rows = await selectNotesForActivity(db, inspectionId, activityId);
  return rows.map((r) => ({ id: r.id, body: r.body, criteria: r.criteria, polarity: r.polarity, author: r.author_name ?? r.author_label, updatedAt: r.updated_at }));
}

export type NoteCounts = { notes: number; strengths: number; concerns: number };

export async function noteCounts(db: Tx, inspectionId: string): Promise<NoteCounts> {
  if (!isUuid(inspectionId)) return { notes: 0, strengths: 0, concerns: 0 };
  return selectNoteCounts(db, inspectionId);
}

/** The notes with these ids as stored (text, polarity, source), with how many version rows each has: for checking that every acknowledged save was kept, once, and for citing notes in findings. */
export async function storedNotes(db: Tx, inspectionId: string, noteIds: readonly string[]): Promise<StoredNoteRow[]> {
  return selectStoredNotes(db, inspectionId, noteIds.filter((id) => isNoteId(id)));
}

// ---- Attachments ---------------------------------------------------------------------------

export type NewAttachment = { fileName: string; bytes: Buffer };

/**
 * Keeps a file with a note. A file of a kind not accepted, empty, or over `maxBytes` is refused
 * with FileRefusedError before anything is written.
 */
export async function addNoteAttachment(
  db: Tx,
  inspectionId: string,
  noteId: string,
  file: NewAttachment,
  maxBytes: number,
  actor: Actor,
  context: Context = {},
): Promise<{ fileId: string; fileName: string; sizeText: string }> {
  if (!isNoteId(noteId)) throw new NoteNotFoundError();
  const facts = await factsOf(db, inspectionId);
  if (!evidenceIsOpen(facts.status)) throw new NoteRefusedError();
  identifyFile(file.fileName, file.bytes, maxBytes);
  return db.transaction().execute(async (trx) => {
    if (!(await noteExists(trx, inspectionId, noteId))) throw new NoteNotFoundError();
    const stored: StoredFileInfo = await storeFile(trx, { inspectionId, fileName: file.fileName, bytes: file.bytes, uploadedBy: actor.id }, maxBytes);
    await insertNoteFile(trx, noteId, stored.id, { id: actor.id, label: actor.label });
    await recordAudit(trx, {
      actor,
      action: 'evidence.note-attachment-added',
      inspectionId,
      laCode: facts.la_code,
      subjectType: 'evidence_note',
      subjectId: noteId,
      details: { fileId: stored.id, fileName: stored.file_name, sizeBytes: stored.size_bytes, contentType: stored.content_type },
      requestId: context.requestId,
    });
    return { fileId: stored.id, fileName: stored.file_name, sizeText: describeSize(stored.size_bytes) };
  });
}

/** One of a note's files with its contents, for download; the download is on record. Undefined if it is not the note's. */
export async function readNoteAttachment(db: Tx, inspectionId: string, noteId: string, fileId: string, actor: Actor, context: Context = {}): Promise<StoredFileRow | undefined> {
  if (!isNoteId(noteId) || !isUuid(fileId) || !isUuid(inspectionId)) return undefined;
  return db.transaction().execute(async (trx) => {
    if (!(await noteExists(trx, inspectionId, noteId)) || !(await noteHasFile(trx, noteId, fileId))) return undefined;
    const facts = await factsOf(trx, inspectionId);
    const file = await readStoredFile(trx, inspectionId, fileId);
    if (!file) return undefined;
    await recordAudit(trx, {
      actor,
      action: 'evidence.view-note-attachment',
      inspectionId,
      laCode: facts.la_code,
      subjectType: 'evidence_note',
      subjectId: noteId,
      details: { fileId, fileName: file.file_name },
      requestId: context.requestId,
    });
    return file;
  });
}

