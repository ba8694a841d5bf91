// Working days in England: Monday to Friday except England and Wales bank holidays.
// Dates are 'YYYY-MM-DD' strings throughout, so no time zone or clock change can shift a day.
import { BANK_HOLIDAYS, FIRST_KNOWN_YEAR, LAST_KNOWN_YEAR } from './bank-holidays.ts';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const holidayTitles: ReadonlyMap<string, string> = new Map(BANK_HOLIDAYS.map((h) => [h.date, h.title]));

/** A date outside the years whose bank holidays are known: counting there would be silently wrong. */
export class CalendarRangeError extends RangeError {}

/** The first and last dates working days can be counted for. */
export const KNOWN_CALENDAR = { first: `${FIRST_KNOWN_YEAR}-01-01`, last: `${LAST_KNOWN_YEAR}-12-31` } as const;

function toDayNumber(date: string): number {
  const match = ISO_DATE.exec(date);
  if (!match) throw new TypeError(`Expected a date as YYYY-MM-DD, got "${date}"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  if (new Date(ms).getUTCDate() !== day) throw new TypeError(`"${date}" is not a real date`);
  return ms / DAY_MS;
}

function fromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

function requireKnownYear(date: string): void {
  if (date < KNOWN_CALENDAR.first || date > KNOWN_CALENDAR.last) {
    throw new CalendarRangeError(`Bank holidays are only known from ${FIRST_KNOWN_YEAR} to ${LAST_KNOWN_YEAR}, so working days cannot be counted for ${date}`);
  }
}

/** Whether working days can be counted for this date (its year's bank holidays are known). */
export function isWithinKnownCalendar(date: string): boolean {
  toDayNumber(date);
  return date >= KNOWN_CALENDAR.first && date <= KNOWN_CALENDAR.last;
}

export function isWeekend(date: string): boolean {
  const weekday = new Date(toDayNumber(date) * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** The bank holiday's title (as GOV.UK gives it) if the date is one in England and Wales. */
export function bankHolidayOn(date: string): string | undefined {
  toDayNumber(date);
  requireKnownYear(date);
  return holidayTitles.get(date);
}

export function isWorkingDay(date: string): boolean {
  return !isWeekend(date) && bankHolidayOn(date) === undefined;
}

/**
 * The date n working days after (n > 0) or before (n < 0) the given date. Day 0 is the date
 * itself, even when it is not a working day; day 1 is the next working day after it.
 */
export function addWorkingDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new TypeError(`Working days must be a whole number, got ${n}`);
  let day = toDayNumber(date);
  requireKnownYear(date);
  const step = n < 0 ? -1 : 1;
  for (let remaining = Math.abs(n); remaining > 0; ) {
    day += step;
    const candidate = fromDayNumber(day);
    if (isWorkingDay(candidate)) remaining -= 1;
  }
  return fromDayNumber(day);
}

/**
 * How many working days lie from `from` to `to`, counted the way addWorkingDays steps: forward,
 * the working days in (from, to]; backward, minus the working days in [to, from). So
 * addWorkingDays(from, workingDaysBetween(from, to)) === to whenever `to` is a working day.
 */
export function workingDaysBetween(from: string, to: string): number {
  const start = toDayNumber(from);
  const end = toDayNumber(to);
  requireKnownYear(from);
  requireKnownYear(to);
  const [first, last, sign] = end >= start ? [start + 1, end, 1] : [end, start - 1, -1];
  let count = 0;
  for (let day = first; day <= last; day++) {
    if (isWorkingDay(fromDayNumber(day))) count += 1;
  }
  return sign * count;
}

/** Calendar days, for the few deadlines counted that way (for example the 2016 written statement of action). */
export function addCalendarDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new TypeError(`Days must be a whole number, got ${n}`);
  return fromDayNumber(toDayNumber(date) + n);
}

const ENGLAND_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The date in England at an instant (now by default), as 'YYYY-MM-DD'. */
export function todayInEngland(now: Date = new Date()): string {
  return ENGLAND_DATE.format(now);
}
