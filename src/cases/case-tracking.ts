// Case tracking's rules: who may take part in a tracking meeting, and what a meeting record and a
// tracking note must be. Notes are a record of what inspectors found, so once written they are
// never edited or deleted (not even by their author): a correction is a further note. Pure.
import { isRealIsoDate } from '../inspections/date-input.ts';
import { formatDate } from '../platform/web/format.ts';
import type { TrackingAttendee } from './case.table.ts';

/** The groups of people a tracking meeting brings together, in the order pages list them. */
export const ATTENDEE_GROUPS = ['child_young_person', 'family', 'education', 'health', 'social_care'] as const satisfies readonly TrackingAttendee[];
export type AttendeeGroup = (typeof ATTENDEE_GROUPS)[number];

export const ATTENDEE_LABELS: Readonly<Record<AttendeeGroup, string>> = {
  child_young_person: 'Child or young person',
  family: 'Family',
  education: 'Education',
  health: 'Health',
  social_care: 'Social care',
};

export function isAttendeeGroup(value: unknown): value is AttendeeGroup {
  return typeof value === 'string' && (ATTENDEE_GROUPS as readonly string[]).includes(value);
}

export const NOTE_MAX_LENGTH = 10_000;
export const ATTENDEE_NOTE_MAX_LENGTH = 2_000;

/** A rule broken by what was entered: the field it belongs to and what to do about it. */
export type TrackingIssue = { field: 'heldOn' | 'attendees' | 'attendeeNote' | 'body' | 'criteria'; message: string };

export type MeetingInput = {
  /** 'YYYY-MM-DD', or null while the meeting has not been held or arranged. */
  heldOn: string | null;
  attendees: readonly string[];
  attendeeNote: string;
};

export type Meeting = { heldOn: string | null; attendees: AttendeeGroup[]; attendeeNote: string };

/** The inspection's dates a meeting has to fit: the area hears of the inspection on the first, the team leaves on the second. */
export type MeetingWindow = { notificationDate: string; onsiteEndDate: string };

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: TrackingIssue[] };

/**
 * A tracking meeting is arranged after the area is notified and held by the end of the on-site
 * week, so a date later than that is a typing mistake (a date in the coming days of the
 * inspection is allowed: the meeting may be recorded as it is arranged). A date says the meeting
 * happens, so it needs at least one group taking part; who takes part needs a date.
 */
export function validateMeeting(input: MeetingInput, window: MeetingWindow): Checked<Meeting> {
  const issues: TrackingIssue[] = [];
  const heldOn = input.heldOn?.trim() || null;
  const attendees = ATTENDEE_GROUPS.filter((group) => input.attendees.includes(group));
  const attendeeNote = input.attendeeNote.trim();
  if (heldOn !== null) {
    if (!isRealIsoDate(heldOn)) issues.push({ field: 'heldOn', message: 'Date of the meeting must be a real date' });
    else if (heldOn > window.onsiteEndDate) {
      issues.push({ field: 'heldOn', message: `Date of the meeting must be on or before ${formatDate(window.onsiteEndDate)}, the last day on site` });
    } else if (heldOn < window.notificationDate) {
      issues.push({ field: 'heldOn', message: `Date of the meeting must be on or after ${formatDate(window.notificationDate)}, when the area was told of the inspection` });
    }
  }
  if (input.attendees.some((value) => !isAttendeeGroup(value))) issues.push({ field: 'attendees', message: 'Select who took part from the list' });
  else if (heldOn !== null && attendees.length === 0) issues.push({ field: 'attendees', message: 'Select who took part in the meeting' });
  else if (heldOn === null && attendees.length > 0) issues.push({ field: 'heldOn', message: 'Enter the date of the meeting, or untick who took part if it has not been arranged yet' });
  if (attendeeNote.length > ATTENDEE_NOTE_MAX_LENGTH) {
    issues.push({ field: 'attendeeNote', message: `Notes about who took part must be ${ATTENDEE_NOTE_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer (there are ${attendeeNote.length.toLocaleString('en-GB')})` });
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: { heldOn, attendees, attendeeNote } };
}

export type NoteInput = { body: string; criteria: readonly string[] };
export type Note = { body: string; criteria: string[] };

/**
 * A note holds 1 to 10,000 characters; the criteria it is evidence for are codes of the
 * inspection's framework (`criterionCodes`, in the framework's order, which the note keeps).
 */
export function validateNote(input: NoteInput, criterionCodes: readonly string[]): Checked<Note> {
  const issues: TrackingIssue[] = [];
  // Line endings differ between browsers; counted the same way whatever sent them.
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  if (body.length === 0) issues.push({ field: 'body', message: 'Enter the note' });
  else if (body.length > NOTE_MAX_LENGTH) {
    issues.push({ field: 'body', message: `The note must be ${NOTE_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer (it has ${body.length.toLocaleString('en-GB')}): split it into two notes` });
  }
  const unknown = input.criteria.filter((code) => !criterionCodes.includes(code));
  if (unknown.length) issues.push({ field: 'criteria', message: `Select criteria of this inspection’s framework: ${unknown.join(', ')} is not one of them` });
  const criteria = criterionCodes.filter((code) => input.criteria.includes(code));
  return issues.length ? { ok: false, issues } : { ok: true, value: { body, criteria } };
}

/** How far a tracked child's case has got, in words for the list of tracked children. */
export type TrackingProgress = 'not_started' | 'in_progress' | 'met';

export const PROGRESS_LABELS: Readonly<Record<TrackingProgress, string>> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  met: 'Meeting recorded',
};

export function trackingProgress(item: { heldOn: string | null; noteCount: number; documentCount: number }): TrackingProgress {
  if (item.heldOn) return 'met';
  return item.noteCount > 0 || item.documentCount > 0 ? 'in_progress' : 'not_started';
}

/** The case named is not an active case of the inspection's current sample (or not one this person may see). */
export class CaseNotFoundError extends Error {
  constructor() {
    super('There is no such case in the current sample.');
  }
}

/** What was entered breaks the rules above; nothing was written. */
export class TrackingInputError extends Error {
  readonly issues: TrackingIssue[];

  constructor(issues: TrackingIssue[]) {
    super(issues.map((issue) => issue.message).join('; '));
    this.issues = issues;
  }
}
