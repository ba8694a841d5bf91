// Evidence notes' rules: what a note must hold (criteria of the inspection's own framework, known
// themes, a polarity and a source), and how a save meets the stored note (create, amend the
// editing session's own version, start a new version, a repeated save, or a conflict). Pure.
import {
  NOTE_BODY_MAX_LENGTH,
  SOURCE_DETAIL_MAX_LENGTH,
  THEME_CODES,
  isNoteSourceKind,
  isPolarity,
  isThemeCode,
  type NoteSourceKind,
  type Polarity,
} from './evidence.ts';

/** What a note says and where its evidence came from: the part an inspector writes. */
export type NoteContent = {
  body: string;
  criteria: string[];
  themes: string[];
  polarity: Polarity;
  sourceKind: NoteSourceKind;
  /** Exactly one reference, the one the source kind names, is set; data notes have none. */
  activityId: string | null;
  caseId: string | null;
  surveyId: string | null;
  /** Which data, or which part of the source; required for data notes. */
  sourceDetail: string;
};

/** A note's content as sent by a form or the autosave, before it is checked. */
export type NoteContentInput = {
  body?: unknown;
  criteria?: unknown;
  themes?: unknown;
  polarity?: unknown;
  sourceKind?: unknown;
  activityId?: unknown;
  caseId?: unknown;
  surveyId?: unknown;
  sourceDetail?: unknown;
};

/** One save of a note from a page: its content, the revision the page started from, and the page's editing session. */
export type NoteSave = {
  content: NoteContent;
  /** The stored revision the page last saw; 0 for a note not yet saved. */
  baseRevision: number;
  /** A UUID made for each page load: saves from one sitting are one version. */
  editSession: string;
};

export type NoteField = keyof NoteContent | 'baseRevision' | 'editSession';

/** A rule broken by what was entered: the field it belongs to and what to do about it. */
export type NoteIssue = { field: NoteField; message: string };

export type CheckedNote = { ok: true; value: NoteContent } | { ok: false; issues: NoteIssue[] };

/** Another framework's criteria, so a code of the wrong framework can be named for what it is. */
export type OtherFramework = { code: string; criterionCodes: readonly string[] };

export type NoteRules = {
  /** The inspection's framework's criterion codes, in the framework's order (the note keeps it). */
  criterionCodes: readonly string[];
  frameworkCode: string;
  otherFrameworks?: readonly OtherFramework[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isNoteId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v : String(v)));
}

function reference(value: unknown): string | null {
  const id = text(value).trim();
  return id === '' ? null : id;
}

function count(n: number): string {
  return n.toLocaleString('en-GB');
}

/** The field that holds the reference a source kind needs, and how to ask for it. */
const REFERENCE_OF: Readonly<Record<NoteSourceKind, { field: 'activityId' | 'caseId' | 'surveyId'; ask: string } | undefined>> = {
  activity: { field: 'activityId', ask: 'Select the activity the evidence came from' },
  tracked_case: { field: 'caseId', ask: 'Select the tracked child the evidence came from' },
  reviewed_plan: { field: 'caseId', ask: 'Select the EHC plan reviewed' },
  survey: { field: 'surveyId', ask: 'Select the survey the evidence came from' },
  data: undefined,
};

export function referenceFieldOf(kind: NoteSourceKind): 'activityId' | 'caseId' | 'surveyId' | undefined {
  return REFERENCE_OF[kind]?.field;
}

function criterionIssue(unknown: readonly string[], rules: NoteRules): string {
  const code = unknown[0]!;
  const other = rules.otherFrameworks?.find((f) => f.code !== rules.frameworkCode && f.criterionCodes.includes(code));
  if (other) return `${code} is a criterion of the ${other.code} framework; this inspection is under the ${rules.frameworkCode} framework. Select criteria of the ${rules.frameworkCode} framework`;
  const listed = unknown.length === 1 ? `${code} is not one of them` : `${unknown.join(', ')} are not among them`;
  return `Select criteria of this inspection’s framework (${rules.frameworkCode}): ${listed}`;
}

/**
 * Checks a note's content and gives it its stored shape: line endings as \n, the body and detail
 * trimmed, criteria in the framework's order and themes in the themes' order (each once), and
 * only the reference its source kind names. Whether a reference belongs to the inspection is for
 * the caller to check, as that needs the database.
 */
export function validateNoteContent(input: NoteContentInput, rules: NoteRules): CheckedNote {
  const issues: NoteIssue[] = [];
  const body = text(input.body).replace(/\r\n?/g, '\n').trim();
  if (body === '') issues.push({ field: 'body', message: 'Enter the note' });
  else if (body.length > NOTE_BODY_MAX_LENGTH) {
    issues.push({ field: 'body', message: `The note must be ${count(NOTE_BODY_MAX_LENGTH)} characters or fewer (it has ${count(body.length)}): split it into two notes` });
  }

  const criteriaGiven = list(input.criteria);
  const unknownCriteria = [...new Set(criteriaGiven.filter((code) => !rules.criterionCodes.includes(code)))];
  if (unknownCriteria.length) issues.push({ field: 'criteria', message: criterionIssue(unknownCriteria, rules) });
  const criteria = rules.criterionCodes.filter((code) => criteriaGiven.includes(code));

  const themesGiven = list(input.themes);
  const unknownThemes = [...new Set(themesGiven.filter((code) => !isThemeCode(code)))];
  if (unknownThemes.length) issues.push({ field: 'themes', message: `Select themes from the list: ${unknownThemes.join(', ')} is not a theme` });
  const themes = THEME_CODES.filter((code) => themesGiven.includes(code));

  const polarity = input.polarity;
  if (!isPolarity(polarity)) issues.push({ field: 'polarity', message: 'Select whether the note is a strength, a concern or neither' });

  const sourceKind = input.sourceKind;
  const references = { activityId: reference(input.activityId), caseId: reference(input.caseId), surveyId: reference(input.surveyId) };
  const sourceDetail = text(input.sourceDetail).replace(/\r\n?/g, '\n').trim();
  if (!isNoteSourceKind(sourceKind)) {
    issues.push({ field: 'sourceKind', message: 'Select where the evidence came from' });
  } else {
    const needed = REFERENCE_OF[sourceKind];
    if (needed) {
      const id = references[needed.field];
      if (id === null) issues.push({ field: needed.field, message: needed.ask });
      else if (!UUID.test(id)) issues.push({ field: needed.field, message: `${needed.ask} from the list` });
    } else if (sourceDetail === '') {
      issues.push({ field: 'sourceDetail', message: 'Enter which data the evidence came from' });
    }
  }
  if (sourceDetail.length > SOURCE_DETAIL_MAX_LENGTH) {
    issues.push({
      field: 'sourceDetail',
      message: `${sourceKind === 'data' ? 'Which data' : 'The detail of the source'} must be ${count(SOURCE_DETAIL_MAX_LENGTH)} characters or fewer (it has ${count(sourceDetail.length)})`,
    });
  }

  if (issues.length || !isPolarity(polarity) || !isNoteSourceKind(sourceKind)) return { ok: false, issues };
  const field = REFERENCE_OF[sourceKind]?.field;
  return {
    ok: true,
    value: {
      body,
      criteria,
      themes,
      polarity,
      sourceKind,
      activityId: field === 'activityId' ? references.activityId : null,
      caseId: field === 'caseId' ? references.caseId : null,
      surveyId: field === 'surveyId' ? references.surveyId : null,
      sourceDetail,
    },
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** Whether two checked contents say the same thing (both in their stored shape). */
export function contentEquals(a: NoteContent, b: NoteContent): boolean {
  return (
    a.body === b.body &&
    sameList(a.criteria, b.criteria) &&
    sameList(a.themes, b.themes) &&
    a.polarity === b.polarity &&
    a.sourceKind === b.sourceKind &&
    a.activityId === b.activityId &&
    a.caseId === b.caseId &&
    a.surveyId === b.surveyId &&
    a.sourceDetail === b.sourceDetail
  );
}

/** Whether two contents name the same source (so a reference checked before need not be checked again). */
export function sameSource(a: NoteContent, b: NoteContent): boolean {
  return a.sourceKind === b.sourceKind && a.activityId === b.activityId && a.caseId === b.caseId && a.surveyId === b.surveyId;
}

/** The stored note as far as a save needs it. */
export type StoredNoteState = { revision: number; version: number; editSession: string; content: NoteContent };

export type SaveDecision = 'create' | 'amend' | 'new-version' | 'unchanged' | 'conflict';

/**
 * How a save meets the stored note. The same content is never written twice (a save sent again
 * after its answer was lost is 'unchanged'). A save from the editing session that made the last
 * save amends that session's version, whatever revision it started from: the page's own earlier
 * saves cannot be someone else's change. A save from another session starts a new version only if
 * it started from the stored revision; otherwise someone changed the note since the page read it,
 * and nothing is written.
 */
export function decideSave(stored: StoredNoteState | undefined, save: NoteSave): SaveDecision {
  if (!stored) return 'create';
  if (contentEquals(stored.content, save.content)) return 'unchanged';
  if (stored.editSession === save.editSession) return 'amend';
  if (stored.revision === save.baseRevision) return 'new-version';
  return 'conflict';
}

/** What differs between two versions, in words for the history page (the body is shown whole). */
export type ContentChange = { field: 'body' | 'criteria' | 'themes' | 'polarity' | 'source'; added?: string[]; removed?: string[] };

export function contentChanges(before: NoteContent, after: NoteContent): ContentChange[] {
  const changes: ContentChange[] = [];
  if (before.body !== after.body) changes.push({ field: 'body' });
  const difference = (field: 'criteria' | 'themes') => {
    const added = after[field].filter((c) => !before[field].includes(c));
    const removed = before[field].filter((c) => !after[field].includes(c));
    if (added.length || removed.length) changes.push({ field, added, removed });
  };
  difference('criteria');
  difference('themes');
  if (before.polarity !== after.polarity) changes.push({ field: 'polarity' });
  if (!sameSource(before, after) || before.sourceDetail !== after.sourceDetail) changes.push({ field: 'source' });
  return changes;
}

/** The note named does not exist in this inspection. */
export class NoteNotFoundError extends Error {
  readonly statusCode = 404;
  constructor() {
    super('There is no such note in this inspection.');
  }
}

/** What was entered breaks the rules above (or names a source of another inspection); nothing was written. */
export class NoteInputError extends Error {
  readonly issues: NoteIssue[];
  constructor(issues: NoteIssue[]) {
    super(issues.map((issue) => issue.message).join('; '));
    this.issues = issues;
  }
}

/** The inspection's evidence is closed (published): notes are kept as they were. */
export class NoteRefusedError extends Error {
  readonly statusCode = 403;
  constructor() {
    super('The report has been published, so its evidence can no longer be changed.');
  }
}

/** The note's attachment is not one of its files. */
export class NoteAttachmentNotFoundError extends Error {
  readonly statusCode = 404;
}
