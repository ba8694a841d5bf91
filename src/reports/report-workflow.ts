// The report's workflow rules: what stage it is at, what is still missing before it goes to the
// area, is signed off or is published (in plain English), the factual accuracy deadline, the
// publication time and the embargo. Pure.
import { londonToUtc, parseTimeOfDay } from '../surveys/survey-design.ts';
import type { InspectionStatus } from '../inspections/inspection.table.ts';
import { isAfterPublication } from '../platform/auth/permissions.ts';
import { addWorkingDays, todayInEngland } from '../platform/working-days.ts';
import { dayInWords, isWithinDeadline } from './report-comment.ts';
import type { SignOffRole } from './report.table.ts';

// ---- Stages --------------------------------------------------------------------------------

export type ReportStage = 'not_started' | 'drafting' | 'quality_assurance' | 'factual_accuracy' | 'scheduled' | 'published';

export const REPORT_STAGE_LABELS: Readonly<Record<ReportStage, string>> = {
  not_started: 'Not started',
  drafting: 'Draft',
  quality_assurance: 'Quality assurance',
  factual_accuracy: 'Factual accuracy check',
  scheduled: 'Publication scheduled',
  published: 'Published',
};

/** Where the report stands: the inspection's status, with a scheduled publication as its own stage. */
export function reportStage(status: InspectionStatus, scheduledFor: Date | null): ReportStage {
  switch (status) {
    case 'planned':
    case 'notified':
    case 'fieldwork':
      return 'not_started';
    case 'reporting':
      return 'drafting';
    case 'quality_assurance':
      return 'quality_assurance';
    case 'factual_accuracy':
      return scheduledFor ? 'scheduled' : 'factual_accuracy';
    default:
      return 'published';
  }
}

// ---- Sign-offs -----------------------------------------------------------------------------

export const SIGN_OFF_ROLES: readonly SignOffRole[] = ['ofsted_lead', 'cqc_lead'];

/** How each lead reads at the start of a sentence. */
export const SIGN_OFF_ROLE_NAMES: Readonly<Record<SignOffRole, string>> = {
  ofsted_lead: 'The Ofsted lead',
  cqc_lead: 'The CQC lead',
};

export type SignOffState = 'missing' | 'current' | 'stale';

export const SIGN_OFF_STATE_LABELS: Readonly<Record<SignOffState, string>> = {
  missing: 'Not signed off',
  current: 'Signed off',
  stale: 'Needs signing off again',
};

/** A sign-off holds for the exact document signed: any change since (narrative, findings, outcome) makes it stale. */
export function signOffState(signOff: { documentHash: string } | undefined, currentHash: string): SignOffState {
  if (!signOff) return 'missing';
  return signOff.documentHash === currentHash ? 'current' : 'stale';
}

export function isSignOffRole(value: unknown): value is SignOffRole {
  return value === 'ofsted_lead' || value === 'cqc_lead';
}

// ---- What is missing -----------------------------------------------------------------------

export const ALREADY_PUBLISHED = 'The report is already published: it can only be changed by a published correction';

/** What the rules need to know about the report at one moment. */
export type WorkflowFacts = {
  status: InspectionStatus;
  /** The latest draft version's number, or null before the first save. */
  draftVersion: number | null;
  outcomeRecorded: boolean;
  openQaComments: number;
  openFactualAccuracyComments: number;
  /** Every comment the area has made, answered or not. */
  factualAccuracyComments: number;
  /** The last day the area may comment ('YYYY-MM-DD'), once the draft has been sent. */
  factualAccuracyDeadline: string | null;
  /** The hash of the document as composed now, and each lead's sign-off. */
  currentHash: string;
  signOffs: Partial<Record<SignOffRole, { documentHash: string }>>;
};

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function qaCommentsItem(open: number): string | undefined {
  return open > 0 ? `Resolve ${plural(open, 'quality assurance comment', 'quality assurance comments')}` : undefined;
}

/** Before the QA reader sends the draft to the area: a saved draft, the outcome, every QA comment resolved. */
export function missingBeforeFactualAccuracy(facts: WorkflowFacts): string[] {
  const missing: (string | undefined)[] = [
    facts.draftVersion === null ? 'Save a draft of the report' : undefined,
    facts.outcomeRecorded ? undefined : 'Record the outcome',
    qaCommentsItem(facts.openQaComments),
  ];
  return missing.filter((m): m is string => m !== undefined);
}

/**
 * Before a lead signs off: the outcome, every QA comment resolved, every factual accuracy comment
 * answered, and the area's check over: it has commented (and each comment is answered) or its
 * deadline has passed.
 */
export function missingBeforeSignOff(facts: WorkflowFacts, today: string): string[] {
  if (isAfterPublication(facts.status)) return [ALREADY_PUBLISHED];
  const missing: (string | undefined)[] = [
    facts.status === 'factual_accuracy' ? undefined : 'Send the draft to the local area for the factual accuracy check',
    facts.draftVersion === null ? 'Save a draft of the report' : undefined,
    facts.outcomeRecorded ? undefined : 'Record the outcome',
    qaCommentsItem(facts.openQaComments),
    facts.openFactualAccuracyComments > 0 ? `Answer ${plural(facts.openFactualAccuracyComments, 'factual accuracy comment', 'factual accuracy comments')}` : undefined,
    awaitingArea(facts, today),
  ];
  return missing.filter((m): m is string => m !== undefined);
}

function awaitingArea(facts: WorkflowFacts, today: string): string | undefined {
  const deadline = facts.factualAccuracyDeadline;
  if (facts.status !== 'factual_accuracy' || deadline === null || facts.factualAccuracyComments > 0) return undefined;
  if (!isWithinDeadline(deadline, today)) return undefined;
  return `Wait for the local area’s comments: it can comment until the end of ${dayInWords(deadline)}`;
}

/** Each lead's sign-off that is missing or is for something other than the document as it is now. */
export function missingSignOffs(facts: WorkflowFacts): string[] {
  return SIGN_OFF_ROLES.flatMap((role) => {
    const state = signOffState(facts.signOffs[role], facts.currentHash);
    if (state === 'current') return [];
    return state === 'missing'
      ? [`${SIGN_OFF_ROLE_NAMES[role]} has not signed off`]
      : [`${SIGN_OFF_ROLE_NAMES[role]}’s sign-off is for an earlier version: sign off again`];
  });
}

/** Before publication: everything sign-off needs, and both leads' sign-offs of the document as it is now. */
export function missingBeforePublication(facts: WorkflowFacts, today: string): string[] {
  if (isAfterPublication(facts.status)) return [ALREADY_PUBLISHED];
  return [...missingBeforeSignOff(facts, today), ...missingSignOffs(facts)];
}

/** The one sentence a refused publication leads with. */
export function publicationRefusal(facts: WorkflowFacts): string {
  if (isAfterPublication(facts.status)) return 'The report is already published';
  if (facts.status !== 'factual_accuracy') return 'The report can only be published at the end of the factual accuracy check';
  return missingSignOffs(facts).length > 0
    ? 'Both the Ofsted lead and the CQC lead must sign off the report before it is published'
    : 'The report cannot be published yet';
}

// ---- The factual accuracy check ------------------------------------------------------------

export const FACTUAL_ACCURACY_DAYS = { default: 5, min: 1, max: 20 } as const;

/** The last day the area may comment: `workingDays` working days after the day the draft is sent (England). */
export function factualAccuracyDeadline(sentAt: Date, workingDays: number): string {
  return addWorkingDays(todayInEngland(sentAt), workingDays);
}

// ---- Publication ---------------------------------------------------------------------------

/** The embargo: a publication is public from its moment on, and nothing is public before. */
export function isPublic(publication: { publishedAt: Date } | null | undefined, now: Date): boolean {
  return publication !== null && publication !== undefined && publication.publishedAt.getTime() <= now.getTime();
}

/** A scheduled publication is at most a year ahead. */
export const MAX_SCHEDULE_DAYS = 366;
const DAY_MS = 86_400_000;

/** Why a publication time cannot be used, or undefined when it can. */
export function scheduleTimeProblem(at: Date, now: Date): string | undefined {
  if (at.getTime() <= now.getTime()) return 'The publication time must be in the future';
  if (at.getTime() > now.getTime() + MAX_SCHEDULE_DAYS * DAY_MS) return 'The publication time must be within a year from now';
  return undefined;
}

export type ParsedTime = { ok: true; at: Date } | { ok: false; message: string };

/** A date ('YYYY-MM-DD') and a time of day as typed (09:30, 2pm) in England, as an instant. */
export function englandTime(date: string, time: string): ParsedTime {
  const clock = parseTimeOfDay(time);
  if (!clock) return { ok: false, message: 'Enter the time as hours and minutes, like 09:30 or 2pm' };
  const at = londonToUtc(date, clock);
  if (!at) return { ok: false, message: 'That time does not happen on that day in England (the clocks go forward): choose another' };
  return { ok: true, at };
}

/** The command line's --at: an ISO time with its offset ("2027-03-04T09:30:00Z") or "YYYY-MM-DD HH:MM" in England. */
export function parseCommandLineTime(input: string): ParsedTime {
  const text = input.trim();
  const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}[:.]\d{2})$/.exec(text);
  if (local) {
    const date = new Date(`${local[1]}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== local[1]) return { ok: false, message: `${local[1]} is not a real date` };
    return englandTime(local[1]!, local[2]!);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const at = new Date(text);
    if (!Number.isNaN(at.getTime())) return { ok: true, at };
  }
  return { ok: false, message: `"${text}" is not a time: give "YYYY-MM-DD HH:MM" in England’s time, or an ISO time with its offset like 2027-03-04T09:30:00Z` };
}

// ---- Corrections ---------------------------------------------------------------------------

export const CORRECTION_NOTE_MAX_LENGTH = 1000;

/** Why a correction note cannot be published, or undefined when it can. */
export function correctionNoteProblem(note: string): string | undefined {
  const text = note.trim();
  if (text === '') return 'Enter what was corrected and why';
  if (text.length > CORRECTION_NOTE_MAX_LENGTH) return `What was corrected and why must be ${CORRECTION_NOTE_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer`;
  return undefined;
}
