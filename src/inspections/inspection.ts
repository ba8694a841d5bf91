// The rules of an inspection itself: what a new one must satisfy, its readable reference, and
// the dates of its milestones, worked out from the notification date in working days.
import {
  inspectionType,
  scheduleTimeline,
  type FrameworkCode,
  type FrameworkRevision,
  type InspectionType,
} from '../frameworks/framework.ts';
import { formatDate } from '../platform/web/format.ts';
import {
  CalendarRangeError,
  KNOWN_CALENDAR,
  bankHolidayOn,
  isWeekend,
  isWithinKnownCalendar,
} from '../platform/working-days.ts';
import { isRealIsoDate } from './date-input.ts';

export type NewInspectionInput = {
  laCode: string;
  frameworkCode: FrameworkCode;
  inspectionType: string;
  /** 'YYYY-MM-DD' */
  notificationDate: string;
  onsiteStartDate: string;
  onsiteEndDate: string;
};

export type NewInspectionField = keyof NewInspectionInput;

export type InspectionIssue = { field: NewInspectionField; message: string };

/** What the rules need to know beyond the input: whether the area exists, and the framework in force. */
export type NewInspectionContext = {
  areaExists: boolean;
  framework: FrameworkRevision | undefined;
};

/** Inspectors arrive within weeks of notification; a gap longer than this is a mistyped date. */
export const MAX_DAYS_NOTIFICATION_TO_ONSITE = 60;
/** The on-site part of any inspection type is at most a working week or two. */
export const MAX_ONSITE_DAYS = 14;

const FIELD_NAMES: Readonly<Record<'notificationDate' | 'onsiteStartDate' | 'onsiteEndDate', string>> = {
  notificationDate: 'date of notification',
  onsiteStartDate: 'on-site start date',
  onsiteEndDate: 'on-site end date',
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function weekdayOf(date: string): string {
  return WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()];
}

/** Why a date is not a working day, for a message: "a Saturday" or "Christmas Day, a bank holiday". */
function nonWorkingDayReason(date: string): string | undefined {
  if (isWeekend(date)) return `a ${weekdayOf(date)}`;
  const holiday = bankHolidayOn(date);
  return holiday ? `${holiday}, a bank holiday` : undefined;
}

function calendarRangeMessage(field: keyof typeof FIELD_NAMES): string {
  return `${capitalise(FIELD_NAMES[field])} must be between ${formatDate(KNOWN_CALENDAR.first)} and ${formatDate(KNOWN_CALENDAR.last)}, the years whose bank holidays are known`;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Checks one date on its own: real, countable in working days, and a working day. */
function checkWorkingDate(field: keyof typeof FIELD_NAMES, date: string): string | undefined {
  if (!isRealIsoDate(date)) return `${capitalise(FIELD_NAMES[field])} must be a real date`;
  if (!isWithinKnownCalendar(date)) return calendarRangeMessage(field);
  const reason = nonWorkingDayReason(date);
  return reason ? `${capitalise(FIELD_NAMES[field])} must be a working day: ${formatDate(date)} is ${reason}` : undefined;
}

/** `notificationSound`: the on-site start is judged against the notification date only once that date is itself sound. */
function checkOnsiteDates(input: NewInspectionInput, notificationSound: boolean, issues: InspectionIssue[]): void {
  const { notificationDate, onsiteStartDate, onsiteEndDate } = input;
  const startProblem = checkWorkingDate('onsiteStartDate', onsiteStartDate);
  const endProblem = checkWorkingDate('onsiteEndDate', onsiteEndDate);
  if (startProblem) issues.push({ field: 'onsiteStartDate', message: startProblem });
  else if (notificationSound && onsiteStartDate <= notificationDate) {
    issues.push({ field: 'onsiteStartDate', message: 'The on-site start date must be after the date of notification' });
  } else if (notificationSound && daysBetween(notificationDate, onsiteStartDate) > MAX_DAYS_NOTIFICATION_TO_ONSITE) {
    issues.push({
      field: 'onsiteStartDate',
      message: `The on-site start date must be no more than ${MAX_DAYS_NOTIFICATION_TO_ONSITE} days after the date of notification`,
    });
  }
  if (endProblem) issues.push({ field: 'onsiteEndDate', message: endProblem });
  else if (!startProblem && onsiteEndDate < onsiteStartDate) {
    issues.push({ field: 'onsiteEndDate', message: 'The on-site end date must be the same as or after the on-site start date' });
  } else if (!startProblem && daysBetween(onsiteStartDate, onsiteEndDate) > MAX_ONSITE_DAYS) {
    issues.push({ field: 'onsiteEndDate', message: `The on-site end date must be no more than ${MAX_ONSITE_DAYS} days after the on-site start date` });
  }
}

function checkNotificationDate(input: NewInspectionInput, framework: FrameworkRevision | undefined, type: InspectionType | undefined): string | undefined {
  const date = input.notificationDate;
  const problem = checkWorkingDate('notificationDate', date);
  if (problem) return problem;
  if (framework && date < framework.definition.inForce.from) {
    return `The date of notification must be on or after ${formatDate(framework.definition.inForce.from)}, when the ${framework.definition.name} framework came into force`;
  }
  if (type && scheduleMilestones(type, date).problem) {
    return `The date of notification is too late: the inspection's later milestones would fall after ${formatDate(KNOWN_CALENDAR.last)}, the last day whose bank holidays are known`;
  }
  return undefined;
}

/** Every rule a new inspection must meet, each broken one with a message naming what to change. */
export function checkNewInspection(input: NewInspectionInput, context: NewInspectionContext): InspectionIssue[] {
  const issues: InspectionIssue[] = [];
  const { framework } = context;
  if (!context.areaExists) issues.push({ field: 'laCode', message: `There is no local area with the code ${input.laCode}` });
  let type: InspectionType | undefined;
  if (!framework) {
    issues.push({ field: 'frameworkCode', message: `The ${input.frameworkCode} framework has not been loaded into this service` });
  } else {
    type = inspectionType(framework.definition, input.inspectionType);
    if (!type) {
      const known = framework.definition.inspectionTypes.map((t) => `${t.code} (${t.name.toLowerCase()})`).join(', ');
      issues.push({
        field: 'inspectionType',
        message: `"${input.inspectionType}" is not an inspection type of the ${framework.definition.name} framework. Choose one of: ${known}`,
      });
    }
  }
  const notificationProblem = checkNotificationDate(input, framework, type);
  if (notificationProblem) issues.push({ field: 'notificationDate', message: notificationProblem });
  checkOnsiteDates(input, notificationProblem === undefined, issues);
  return issues;
}

/** `SEND-352-2026-3`: the area's code, the year of notification, and a count within those. */
export function referencePrefix(laCode: string, notificationDate: string): string {
  return `SEND-${laCode}-${notificationDate.slice(0, 4)}-`;
}

/** The next free reference after those already taken with the same prefix. */
export function nextReference(laCode: string, notificationDate: string, taken: readonly string[]): string {
  const prefix = referencePrefix(laCode, notificationDate);
  const numbers = taken
    .filter((ref) => ref.startsWith(prefix))
    .map((ref) => Number(ref.slice(prefix.length)))
    .filter((n) => Number.isInteger(n) && n > 0);
  return `${prefix}${Math.max(0, ...numbers) + 1}`;
}

export function isReference(value: string): boolean {
  return /^SEND-\d{3}-\d{4}-\d+$/i.test(value.trim());
}

export type MilestoneDate = {
  code: string;
  label: string;
  description: string;
  /** 'YYYY-MM-DD' */
  date: string;
  /** Last day, for a span such as the days on site; equal to `date` otherwise. */
  endDate: string;
  /** Counted in working days (bank holidays excluded) or calendar days. */
  unit: 'working_days' | 'calendar_days';
  /** The framework could not confirm this timing from a public source. */
  unverified: boolean;
  note: string | undefined;
  /** Happens only with these outcomes (for example a written statement of action). */
  onlyWithOutcomes: string[] | undefined;
};

export type MilestoneSchedule = { milestones: MilestoneDate[]; problem: string | undefined };

/**
 * The milestones of an inspection type from its notification date. Conditional milestones (those
 * that happen only with some outcomes) are included and marked, so the team can plan for them.
 */
export function scheduleMilestones(type: InspectionType, notificationDate: string): MilestoneSchedule {
  try {
    const allOutcomes = type.timeline.flatMap((m) => m.onlyWithOutcomes ?? []);
    const scheduled = new Map<string, MilestoneDate>();
    for (const outcome of [undefined, ...new Set(allOutcomes)]) {
      for (const m of scheduleTimeline(type, notificationDate, outcome)) {
        scheduled.set(m.code, {
          code: m.code,
          label: m.label,
          description: m.description,
          date: m.date,
          endDate: m.endDate,
          unit: m.unit,
          unverified: m.unverified,
          note: m.note,
          onlyWithOutcomes: m.onlyWithOutcomes,
        });
      }
    }
    const order = type.timeline.map((m) => m.code);
    const milestones = [...scheduled.values()].sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
    return { milestones, problem: undefined };
  } catch (error) {
    if (!(error instanceof CalendarRangeError)) throw error;
    return {
      milestones: [],
      problem: `Milestone dates cannot be worked out: they would fall after ${formatDate(KNOWN_CALENDAR.last)}, the last day whose bank holidays are known`,
    };
  }
}

/** The milestones for an inspection on a framework revision; a type missing from the revision has none. */
export function milestonesFor(framework: FrameworkRevision, typeCode: string, notificationDate: string): MilestoneSchedule {
  const type = inspectionType(framework.definition, typeCode);
  if (!type) return { milestones: [], problem: `The framework revision has no inspection type "${typeCode}"` };
  return scheduleMilestones(type, notificationDate);
}

/** Whether the timeline's on-site days differ from the dates the inspection was planned with. */
export function onsiteDiffersFromTimeline(milestones: readonly MilestoneDate[], onsiteStartDate: string, onsiteEndDate: string): boolean {
  const onsite = milestones.find((m) => m.code === 'onsite');
  return onsite !== undefined && (onsite.date !== onsiteStartDate || onsite.endDate !== onsiteEndDate);
}

/** The display name of an inspection type on a revision, falling back to its code. */
export function inspectionTypeName(framework: FrameworkRevision, typeCode: string): string {
  return inspectionType(framework.definition, typeCode)?.name ?? typeCode;
}
