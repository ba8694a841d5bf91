// Fieldwork activities' rules: what an activity record must be, the inspection's totals computed
// from the counts of who took part, inspectors booked at two activities at once, and the days of
// the timetable. Pure.
import { isRealIsoDate } from '../inspections/date-input.ts';
import type { TeamRole } from '../inspections/inspection.table.ts';
import { formatDate } from '../platform/web/format.ts';
import {
  ACTIVITY_KINDS,
  PARTICIPANT_COUNT_MAX,
  PARTICIPANT_GROUPS,
  PARTICIPANT_GROUP_AUDIENCE,
  PARTICIPANT_GROUP_LABELS,
  isActivityKind,
  isSettingType,
  type ActivityKind,
  type ParticipantGroup,
  type SettingType,
} from './evidence.ts';

export const TITLE_MAX_LENGTH = 200;
export const PLACE_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 5_000;

/** The team roles that go out on fieldwork: the QA reader reads the evidence but gathers none. */
export const ACTIVITY_TEAM_ROLES: readonly TeamRole[] = ['ofsted_lead', 'cqc_lead', 'inspector'];

export function goesOnFieldwork(role: TeamRole): boolean {
  return ACTIVITY_TEAM_ROLES.includes(role);
}

/** What a person entered for an activity (the service and the form both speak this). */
export type ActivityInput = {
  kind: string;
  title: string;
  settingType?: string | null;
  urn?: string | null;
  /** 'YYYY-MM-DD' */
  heldOn: string;
  /** 'HH:MM'; '9:30' and '9.30' are read as 09:30. */
  startsAt: string;
  endsAt: string;
  place: string;
  inspectorIds: readonly string[];
  /** People of each group who took part; 0 or missing means nobody. NaN stands for something that was not a number. */
  participants: Partial<Record<ParticipantGroup, number>>;
  caseId?: string | null;
  description?: string;
};

/** An activity that keeps every rule: what is stored. Participants hold only groups somebody came from. */
export type Activity = {
  kind: ActivityKind;
  title: string;
  settingType: SettingType | null;
  urn: string | null;
  heldOn: string;
  startsAt: string;
  endsAt: string;
  place: string;
  inspectorIds: string[];
  participants: Partial<Record<ParticipantGroup, number>>;
  caseId: string | null;
  description: string;
};

export type ActivityField =
  | 'kind'
  | 'title'
  | 'settingType'
  | 'urn'
  | 'heldOn'
  | 'startsAt'
  | 'endsAt'
  | 'place'
  | 'inspectorIds'
  | `participants.${ParticipantGroup}`
  | 'caseId'
  | 'description';

/** A rule broken by what was entered: the field it belongs to and what to do about it. */
export type ActivityIssue = { field: ActivityField; message: string };

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: ActivityIssue[] };

/** The inspection's dates an activity has to fit: from the area being told to the team's last day on site. */
export type ActivityWindow = { notificationDate: string; onsiteEndDate: string };

/** 'HH:MM' from '9:30', '09:30' or '9.30'; undefined for anything that is not a time of day. */
export function normaliseTime(value: string): string | undefined {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(value.trim());
  if (!match) return undefined;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${match[2]}`;
}

function checkTime(value: string, name: 'Start time' | 'End time', field: 'startsAt' | 'endsAt', issues: ActivityIssue[]): string | undefined {
  if (value.trim() === '') {
    issues.push({ field, message: `Enter the ${name.toLowerCase()}` });
    return undefined;
  }
  const time = normaliseTime(value);
  if (!time) issues.push({ field, message: `${name} must be a real time on the 24-hour clock, like 09:30 or 14:00` });
  return time;
}

function checkLength(value: string, max: number, name: string, field: ActivityField, issues: ActivityIssue[]): void {
  if (value.length > max) {
    issues.push({ field, message: `${name} must be ${max.toLocaleString('en-GB')} characters or fewer (there are ${value.length.toLocaleString('en-GB')})` });
  }
}

function checkHeldOn(heldOn: string, window: ActivityWindow, issues: ActivityIssue[]): void {
  if (!isRealIsoDate(heldOn)) issues.push({ field: 'heldOn', message: 'Date of the activity must be a real date' });
  else if (heldOn < window.notificationDate) {
    issues.push({ field: 'heldOn', message: `Date of the activity must be on or after ${formatDate(window.notificationDate)}, when the area was told of the inspection` });
  } else if (heldOn > window.onsiteEndDate) {
    issues.push({ field: 'heldOn', message: `Date of the activity must be on or before ${formatDate(window.onsiteEndDate)}, the last day on site` });
  }
}

function checkParticipants(participants: ActivityInput['participants'], issues: ActivityIssue[]): Partial<Record<ParticipantGroup, number>> {
  const counted: Partial<Record<ParticipantGroup, number>> = {};
  for (const group of PARTICIPANT_GROUPS) {
    const count = participants[group] ?? 0;
    const name = `Number of ${PARTICIPANT_GROUP_LABELS[group].toLowerCase()}`;
    const field = `participants.${group}` as const;
    if (!Number.isFinite(count) || !Number.isInteger(count)) issues.push({ field, message: `${name} must be a whole number, like 12` });
    else if (count < 0) issues.push({ field, message: `${name} must be 0 or more` });
    else if (count > PARTICIPANT_COUNT_MAX) {
      issues.push({ field, message: `${name} must be ${PARTICIPANT_COUNT_MAX.toLocaleString('en-GB')} or fewer: for a larger event, count the people inspectors actually spoke with` });
    } else if (count > 0) counted[group] = count;
  }
  return counted;
}

function checkInspectors(inspectorIds: readonly string[], teamInspectorIds: readonly string[], issues: ActivityIssue[]): string[] {
  const chosen = [...new Set(inspectorIds)];
  if (chosen.length === 0) issues.push({ field: 'inspectorIds', message: 'Select the inspectors at the activity' });
  else if (chosen.some((id) => !teamInspectorIds.includes(id))) {
    issues.push({ field: 'inspectorIds', message: 'Select inspectors from this inspection’s team: one of those chosen is not a lead or inspector on it' });
  }
  // In the team's order, so the record reads the same however the form sent them.
  return teamInspectorIds.filter((id) => chosen.includes(id));
}

/**
 * Checks an activity against the rules: a kind, a title, a real date from notification to the
 * last day on site, an end after the start, inspectors of the team (`teamInspectorIds`: its
 * leads and inspectors), whole-number counts up to PARTICIPANT_COUNT_MAX. A setting visit needs
 * a setting type and may have a 6 to 8 digit URN. Fields that belong to another kind of activity
 * (a setting type on a focus group, a tracked child on a setting visit) are dropped, because the
 * form keeps them on the page whichever kind is chosen.
 */
export function validateActivity(input: ActivityInput, window: ActivityWindow, teamInspectorIds: readonly string[]): Checked<Activity> {
  const issues: ActivityIssue[] = [];
  const kind = isActivityKind(input.kind) ? input.kind : undefined;
  if (!kind) issues.push({ field: 'kind', message: 'Select what kind of activity it is' });

  const title = input.title.trim();
  if (title === '') issues.push({ field: 'title', message: 'Enter a title for the activity, like “Focus group with parents and carers”' });
  else checkLength(title, TITLE_MAX_LENGTH, 'Title', 'title', issues);

  let settingType: SettingType | null = null;
  let urn: string | null = null;
  if (kind === 'setting_visit') {
    const chosen = input.settingType?.trim() ?? '';
    if (isSettingType(chosen)) settingType = chosen;
    else issues.push({ field: 'settingType', message: 'Select the type of setting visited' });
    const typedUrn = (input.urn ?? '').replace(/\s+/g, '');
    if (typedUrn !== '') {
      if (/^\d{6,8}$/.test(typedUrn)) urn = typedUrn;
      else issues.push({ field: 'urn', message: 'URN must be 6 to 8 digits, like 105432, or leave it blank if the setting has none' });
    }
  }

  const heldOn = input.heldOn.trim();
  checkHeldOn(heldOn, window, issues);
  const startsAt = checkTime(input.startsAt, 'Start time', 'startsAt', issues);
  const endsAt = checkTime(input.endsAt, 'End time', 'endsAt', issues);
  if (startsAt && endsAt && endsAt <= startsAt) {
    issues.push({ field: 'endsAt', message: `End time must be after the start time (${startsAt})` });
  }

  const place = input.place.trim();
  checkLength(place, PLACE_MAX_LENGTH, 'Place', 'place', issues);
  const inspectorIds = checkInspectors(input.inspectorIds, teamInspectorIds, issues);
  const participants = checkParticipants(input.participants, issues);
  const caseId = kind === 'tracking_meeting' ? input.caseId?.trim() || null : null;
  // Line endings differ between browsers; counted the same way whatever sent them.
  const description = (input.description ?? '').replace(/\r\n?/g, '\n').trim();
  checkLength(description, DESCRIPTION_MAX_LENGTH, 'Description', 'description', issues);

  if (issues.length || !kind || !startsAt || !endsAt) return { ok: false, issues };
  return { ok: true, value: { kind, title, settingType, urn, heldOn, startsAt, endsAt, place, inspectorIds, participants, caseId, description } };
}

// ---- Totals --------------------------------------------------------------------------------

export type FieldworkTotals = {
  /** Parents, carers, children and young people (forum members included). */
  familiesSpokenTo: number;
  staffSpokenTo: number;
  settingsVisited: number;
  activities: number;
  byGroup: Record<ParticipantGroup, number>;
  byKind: Record<ActivityKind, number>;
};

/** What the totals are made from: people by group, activities by kind, and the settings visited. */
export type TotalsParts = {
  groups: readonly { group: ParticipantGroup; count: number }[];
  kinds: readonly { kind: ActivityKind; count: number }[];
  settingsVisited: number;
};

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

export function totalsFrom(parts: TotalsParts): FieldworkTotals {
  const byGroup = zeroes(PARTICIPANT_GROUPS);
  for (const { group, count } of parts.groups) byGroup[group] += count;
  const byKind = zeroes(ACTIVITY_KINDS);
  for (const { kind, count } of parts.kinds) byKind[kind] += count;
  const sum = (audience: 'families' | 'staff') => PARTICIPANT_GROUPS.filter((g) => PARTICIPANT_GROUP_AUDIENCE[g] === audience).reduce((n, g) => n + byGroup[g], 0);
  return {
    familiesSpokenTo: sum('families'),
    staffSpokenTo: sum('staff'),
    settingsVisited: parts.settingsVisited,
    activities: ACTIVITY_KINDS.reduce((n, k) => n + byKind[k], 0),
    byGroup,
    byKind,
  };
}

/**
 * Settings visited: one for each URN however often it was visited, and one for each visit to a
 * setting without a URN (nothing says two of those are the same place).
 */
export function countSettingsVisited(activities: readonly { kind: ActivityKind; urn: string | null }[]): number {
  const visits = activities.filter((a) => a.kind === 'setting_visit');
  return new Set(visits.flatMap((v) => (v.urn ? [v.urn] : []))).size + visits.filter((v) => !v.urn).length;
}

/** The totals of a list of activities, as the database computes them for the inspection. */
export function totalsOf(activities: readonly { kind: ActivityKind; urn: string | null; participants: Partial<Record<ParticipantGroup, number>> }[]): FieldworkTotals {
  return totalsFrom({
    groups: activities.flatMap((a) => PARTICIPANT_GROUPS.map((group) => ({ group, count: a.participants[group] ?? 0 }))),
    kinds: activities.map((a) => ({ kind: a.kind, count: 1 })),
    settingsVisited: countSettingsVisited(activities),
  });
}

const WHOLE = new Intl.NumberFormat('en-GB');

/**
 * The totals as reports put them. "About": the same person at two activities is counted at
 * each, so the figures are of conversations rather than of people.
 */
export function totalsSentence(totals: FieldworkTotals): string {
  if (totals.activities === 0) return 'No fieldwork activities have been recorded yet.';
  const staff = totals.staffSpokenTo === 1 ? '1 member of staff' : `${WHOLE.format(totals.staffSpokenTo)} staff`;
  const settings = totals.settingsVisited === 1 ? '1 setting' : `${WHOLE.format(totals.settingsVisited)} settings`;
  return `Inspectors spoke to about ${WHOLE.format(totals.familiesSpokenTo)} parents, carers, children and young people and ${staff}, and visited ${settings}.`;
}

// ---- Clashes -------------------------------------------------------------------------------

export type TimedActivity = {
  id: string;
  title: string;
  heldOn: string;
  startsAt: string;
  endsAt: string;
  inspectors: readonly { id: string; name: string }[];
};

/** One inspector booked at another activity at the same time. */
export type Clash = { inspectorId: string; inspectorName: string; otherId: string; otherTitle: string; otherStartsAt: string; otherEndsAt: string };

/** Whether two times of one day overlap; one ending at 10:00 and another starting at 10:00 do not. */
export function timesOverlap(a: { startsAt: string; endsAt: string }, b: { startsAt: string; endsAt: string }): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

/** For each activity with a clash, every inspector of it who is at another activity at the same time, and where. */
export function findClashes(activities: readonly TimedActivity[]): Map<string, Clash[]> {
  const clashes = new Map<string, Clash[]>();
  const add = (activity: TimedActivity, other: TimedActivity, inspector: { id: string; name: string }) => {
    const list = clashes.get(activity.id) ?? [];
    list.push({ inspectorId: inspector.id, inspectorName: inspector.name, otherId: other.id, otherTitle: other.title, otherStartsAt: other.startsAt, otherEndsAt: other.endsAt });
    clashes.set(activity.id, list);
  };
  const byDay = Map.groupBy(activities, (a) => a.heldOn);
  for (const day of byDay.values()) {
    for (const [i, a] of day.entries()) {
      for (const b of day.slice(i + 1)) {
        if (!timesOverlap(a, b)) continue;
        for (const inspector of a.inspectors) {
          if (!b.inspectors.some((other) => other.id === inspector.id)) continue;
          add(a, b, inspector);
          add(b, a, b.inspectors.find((other) => other.id === inspector.id)!);
        }
      }
    }
  }
  return clashes;
}

export function clashMessage(clash: Clash): string {
  return `Clash: ${clash.inspectorName} is also at ${clash.otherTitle} ${clash.otherStartsAt}–${clash.otherEndsAt}`;
}

// ---- The timetable -------------------------------------------------------------------------

export type TimetableDates = { notificationDate: string; onsiteStartDate: string; onsiteEndDate: string };
export type TimetableDay<A> = { date: string; onSite: boolean; activities: A[] };

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function isWeekday(date: string): boolean {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

/** Earliest first; at the same start, the shorter first; then by title. */
export function byTime(a: TimedActivity, b: TimedActivity): number {
  return a.heldOn.localeCompare(b.heldOn) || a.startsAt.localeCompare(b.startsAt) || a.endsAt.localeCompare(b.endsAt) || a.title.localeCompare(b.title);
}

/**
 * The timetable's days: every working day of the on-site week (empty or not, so gaps show), and
 * every other day that has activities, each with its activities in time order. A day outside the
 * inspection's dates is kept when it has activities (the dates may have moved since): nothing
 * recorded is hidden.
 */
export function timetableDays<A extends TimedActivity>(activities: readonly A[], dates: TimetableDates): TimetableDay<A>[] {
  const days = new Map<string, A[]>();
  for (let date = dates.onsiteStartDate; date <= dates.onsiteEndDate; date = addDays(date, 1)) {
    if (isWeekday(date)) days.set(date, []);
  }
  for (const activity of [...activities].sort(byTime)) {
    const list = days.get(activity.heldOn) ?? [];
    list.push(activity);
    days.set(activity.heldOn, list);
  }
  return [...days.keys()].sort().map((date) => ({ date, onSite: date >= dates.onsiteStartDate && date <= dates.onsiteEndDate, activities: days.get(date)! }));
}

const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** 'Monday 23 November 2026' */
export function dayHeading(date: string): string {
  return DAY_FORMAT.format(new Date(`${date}T12:00:00Z`)).replace(',', '');
}

// ---- Errors --------------------------------------------------------------------------------

/** What was entered breaks the rules above; nothing was written. */
export class ActivityInputError extends Error {
  readonly issues: ActivityIssue[];

  constructor(issues: ActivityIssue[]) {
    super(issues.map((issue) => issue.message).join('; '));
    this.issues = issues;
  }
}

export class ActivityNotFoundError extends Error {
  constructor() {
    super('There is no such activity in this inspection.');
  }
}

/** The activity was saved by someone else after the person editing it opened it; nothing was written. */
export class ActivityConflictError extends Error {
  readonly currentRevision: number;

  constructor(currentRevision: number) {
    super('Someone changed this activity since you opened it. Your changes have not been saved: check the activity as it is now, then save your changes again.');
    this.currentRevision = currentRevision;
  }
}

/**
 * The activity was saved by someone else after the person removing it opened the confirmation
 * page; nothing was removed, so nobody removes an activity they have not seen as it now is.
 */
export class ActivityChangedBeforeRemovalError extends ActivityConflictError {
  constructor(currentRevision: number) {
    super(currentRevision);
    this.message = 'Someone changed this activity since you opened this page, so it has not been removed. Check the activity as it is now, then remove it if it is still a mistake.';
  }
}

/** '3 evidence notes name this activity as their source. Change their source first, or keep the activity.' */
export function activityInUseMessage(notes: number): string {
  return notes === 1
    ? '1 evidence note names this activity as its source. Change its source first, or keep the activity.'
    : `${notes.toLocaleString('en-GB')} evidence notes name this activity as their source. Change their source first, or keep the activity.`;
}

/** Evidence notes name the activity as their source: removing it would leave them with none; nothing was removed. */
export class ActivityInUseError extends Error {
  readonly noteIds: string[];

  constructor(noteIds: string[]) {
    super(activityInUseMessage(noteIds.length));
    this.noteIds = noteIds;
  }
}

/** The inspection's report is published: its evidence base is fixed. */
export class EvidenceClosedError extends Error {
  constructor() {
    super('The report has been published, so the inspection’s fieldwork can no longer be changed.');
  }
}
