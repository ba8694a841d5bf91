import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BANK_HOLIDAYS, FIRST_KNOWN_YEAR, LAST_KNOWN_YEAR } from './bank-holidays.ts';
import {
  addCalendarDays,
  addWorkingDays,
  bankHolidayOn,
  CalendarRangeError,
  isWithinKnownCalendar,
  isWorkingDay,
  workingDaysBetween,
} from './working-days.ts';

function utc(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}
function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}
function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Gregorian Easter Sunday (the anonymous Gregorian algorithm), computed independently of the data. */
function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(year, month, day);
}

function firstMonday(year: number, month: number): Date {
  const date = utc(year, month, 1);
  while (date.getUTCDay() !== 1) date.setUTCDate(date.getUTCDate() + 1);
  return date;
}
function lastMonday(year: number, month: number): Date {
  const date = utc(year, month + 1, 0);
  while (date.getUTCDay() !== 1) date.setUTCDate(date.getUTCDate() - 1);
  return date;
}
function shift(date: Date, days: number): Date {
  const copy = new Date(date);
  copy.setUTCDate(copy.getUTCDate() + days);
  return copy;
}

/** The standing rules for one year, without any one-off changes. */
function standingHolidays(year: number): string[] {
  const easter = easterSunday(year);
  const days = [iso(shift(easter, -2)), iso(shift(easter, 1)), iso(firstMonday(year, 5)), iso(lastMonday(year, 5)), iso(lastMonday(year, 8))];
  const newYear = utc(year, 1, 1);
  days.push(iso(newYear.getUTCDay() === 6 ? shift(newYear, 2) : newYear.getUTCDay() === 0 ? shift(newYear, 1) : newYear));
  // Christmas and Boxing Day: a weekend day moves to the next weekday not already a holiday.
  const christmas = utc(year, 12, 25);
  switch (christmas.getUTCDay()) {
    case 5: // Friday: Boxing Day on Saturday moves to Monday
      days.push(iso(christmas), iso(shift(christmas, 3)));
      break;
    case 6: // Saturday
      days.push(iso(shift(christmas, 2)), iso(shift(christmas, 3)));
      break;
    case 0: // Sunday: Boxing Day stays on Monday, Christmas moves to Tuesday
      days.push(iso(shift(christmas, 1)), iso(shift(christmas, 2)));
      break;
    default:
      days.push(iso(christmas), iso(shift(christmas, 1)));
  }
  return days.sort();
}

const ONE_OFF_CHANGES = {
  added: ['2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08'],
  removed: ['2020-05-04', '2022-05-30'],
};

describe('bank holiday data', () => {
  test('every entry is a real weekday in the covered years, sorted, with no repeats', () => {
    const dates = BANK_HOLIDAYS.map((h) => h.date);
    assert.deepEqual([...dates].sort(), dates);
    assert.equal(new Set(dates).size, dates.length);
    for (const date of dates) {
      assert.equal(iso(new Date(`${date}T00:00:00Z`)), date, `${date} is a real date`);
      assert.ok(weekday(date) >= 1 && weekday(date) <= 5, `${date} is a weekday`);
      const year = Number(date.slice(0, 4));
      assert.ok(year >= FIRST_KNOWN_YEAR && year <= LAST_KNOWN_YEAR);
    }
    assert.equal(FIRST_KNOWN_YEAR, 2016);
    assert.equal(LAST_KNOWN_YEAR, 2028);
  });

  test('each year matches the standing rules, apart from the announced one-off changes', () => {
    for (let year = FIRST_KNOWN_YEAR; year <= LAST_KNOWN_YEAR; year++) {
      const expected = standingHolidays(year)
        .filter((d) => !ONE_OFF_CHANGES.removed.includes(d))
        .concat(ONE_OFF_CHANGES.added.filter((d) => d.startsWith(`${year}-`)))
        .sort();
      const actual = BANK_HOLIDAYS.filter((h) => h.date.startsWith(`${year}-`)).map((h) => h.date);
      assert.deepEqual(actual, expected, `bank holidays in ${year}`);
    }
  });

  test('Easter dates are right (checked against known Easter Sundays)', () => {
    const knownEasterSundays: Record<number, string> = {
      2016: '2016-03-27', 2017: '2017-04-16', 2018: '2018-04-01', 2019: '2019-04-21', 2020: '2020-04-12',
      2021: '2021-04-04', 2022: '2022-04-17', 2023: '2023-04-09', 2024: '2024-03-31', 2025: '2025-04-20',
      2026: '2026-04-05', 2027: '2027-03-28', 2028: '2028-04-16',
    };
    for (const [year, sunday] of Object.entries(knownEasterSundays)) {
      assert.equal(iso(easterSunday(Number(year))), sunday);
      assert.equal(bankHolidayOn(iso(shift(new Date(`${sunday}T00:00:00Z`), -2))), 'Good Friday');
      assert.equal(bankHolidayOn(iso(shift(new Date(`${sunday}T00:00:00Z`), 1))), 'Easter Monday');
    }
  });

  test('the one-off days are there, with GOV.UK titles', () => {
    assert.equal(bankHolidayOn('2020-05-08'), 'Early May bank holiday (VE day)');
    assert.equal(bankHolidayOn('2020-05-04'), undefined, 'the usual Monday was moved, not added to');
    assert.equal(bankHolidayOn('2022-06-02'), 'Spring bank holiday');
    assert.equal(bankHolidayOn('2022-06-03'), 'Platinum Jubilee bank holiday');
    assert.equal(bankHolidayOn('2022-05-30'), undefined);
    assert.equal(bankHolidayOn('2022-09-19'), 'Bank Holiday for the State Funeral of Queen Elizabeth II');
    assert.equal(bankHolidayOn('2023-05-08'), 'Bank holiday for the coronation of King Charles III');
    assert.equal(bankHolidayOn('2023-05-01'), 'Early May bank holiday');
  });

  test('substitute days when Christmas, Boxing Day or New Year fall at a weekend', () => {
    assert.equal(bankHolidayOn('2016-12-27'), 'Christmas Day (substitute day)');
    assert.equal(bankHolidayOn('2020-12-28'), 'Boxing Day (substitute day)');
    assert.equal(bankHolidayOn('2021-12-27'), 'Christmas Day (substitute day)');
    assert.equal(bankHolidayOn('2021-12-28'), 'Boxing Day (substitute day)');
    assert.equal(bankHolidayOn('2022-01-03'), 'New Year’s Day (substitute day)');
    assert.equal(bankHolidayOn('2023-01-02'), 'New Year’s Day (substitute day)');
    assert.equal(bankHolidayOn('2026-12-28'), 'Boxing Day (substitute day)');
    assert.equal(bankHolidayOn('2027-12-27'), 'Christmas Day (substitute day)');
    assert.equal(bankHolidayOn('2028-01-03'), 'New Year’s Day (substitute day)');
  });
});

describe('working days', () => {
  test('weekends and bank holidays are not working days', () => {
    assert.equal(isWorkingDay('2025-06-06'), true, 'a Friday');
    assert.equal(isWorkingDay('2025-06-07'), false, 'a Saturday');
    assert.equal(isWorkingDay('2025-06-08'), false, 'a Sunday');
    assert.equal(isWorkingDay('2025-12-25'), false, 'Christmas Day');
    assert.equal(isWorkingDay('2021-12-25'), false, 'Christmas Day on a Saturday');
    assert.equal(isWorkingDay('2021-12-27'), false, 'its substitute');
    assert.equal(isWorkingDay('2021-12-29'), true);
  });

  test('day 0 is the date itself, even at a weekend', () => {
    assert.equal(addWorkingDays('2025-06-02', 0), '2025-06-02');
    assert.equal(addWorkingDays('2025-06-07', 0), '2025-06-07');
  });

  test('counting forward skips weekends', () => {
    assert.equal(addWorkingDays('2025-06-02', 4), '2025-06-06', 'Monday + 4 is Friday');
    assert.equal(addWorkingDays('2025-06-02', 5), '2025-06-09', 'Monday + 5 is the next Monday');
    assert.equal(addWorkingDays('2025-06-06', 1), '2025-06-09', 'Friday + 1 is Monday');
    assert.equal(addWorkingDays('2025-06-07', 1), '2025-06-09', 'Saturday + 1 is Monday');
    assert.equal(addWorkingDays('2025-06-02', 10), '2025-06-16');
  });

  test('counting across Christmas and New Year skips substitute days', () => {
    // 2021: 25 and 26 December at the weekend, holidays on Monday 27 and Tuesday 28; 3 January 2022 is New Year's substitute.
    assert.equal(addWorkingDays('2021-12-24', 1), '2021-12-29');
    assert.equal(addWorkingDays('2021-12-24', 4), '2022-01-04');
    assert.equal(workingDaysBetween('2021-12-24', '2022-01-04'), 4);
  });

  test('counting across Easter skips Good Friday and Easter Monday', () => {
    assert.equal(addWorkingDays('2024-03-28', 1), '2024-04-02', 'Maundy Thursday + 1 in 2024');
    assert.equal(addWorkingDays('2025-04-17', 1), '2025-04-22');
    assert.equal(addWorkingDays('2027-03-25', 1), '2027-03-30');
  });

  test('a full inspection notified on a Monday goes on site 10 working days later, even over a bank holiday', () => {
    assert.equal(addWorkingDays('2025-06-02', 10), '2025-06-16');
    // The late May bank holiday of 2025 (26 May) pushes the on-site start to Tuesday.
    assert.equal(addWorkingDays('2025-05-19', 10), '2025-06-03');
  });

  test('negative offsets count back', () => {
    assert.equal(addWorkingDays('2025-06-09', -1), '2025-06-06', 'Monday - 1 is Friday');
    assert.equal(addWorkingDays('2025-06-08', -1), '2025-06-06', 'Sunday - 1 is Friday');
    assert.equal(addWorkingDays('2022-01-04', -1), '2021-12-31', 'over New Year’s substitute');
    assert.equal(addWorkingDays('2021-12-29', -1), '2021-12-24', 'over the Christmas substitutes');
    assert.equal(addWorkingDays('2025-04-22', -2), '2025-04-16', 'over Easter');
  });

  test('workingDaysBetween inverts addWorkingDays in both directions', () => {
    assert.equal(workingDaysBetween('2025-06-02', '2025-06-02'), 0);
    assert.equal(workingDaysBetween('2025-06-06', '2025-06-09'), 1);
    assert.equal(workingDaysBetween('2025-06-09', '2025-06-06'), -1);
    assert.equal(workingDaysBetween('2025-06-07', '2025-06-06'), -1);
    const start = '2022-05-27';
    for (let n = -40; n <= 40; n++) {
      const end = addWorkingDays(start, n);
      assert.equal(workingDaysBetween(start, end), n, `n = ${n}`);
    }
  });

  test('calendar days are counted without skipping anything', () => {
    assert.equal(addCalendarDays('2021-12-20', 70), '2022-02-28');
    assert.equal(addCalendarDays('2024-03-01', -1), '2024-02-29');
  });

  test('dates outside the known years, or not real, are refused rather than counted wrongly', () => {
    assert.throws(() => addWorkingDays('2028-12-29', 3), CalendarRangeError);
    assert.throws(() => isWorkingDay('2015-12-31'), CalendarRangeError);
    assert.throws(() => workingDaysBetween('2028-12-01', '2029-01-05'), CalendarRangeError);
    assert.equal(isWithinKnownCalendar('2028-12-31'), true);
    assert.equal(isWithinKnownCalendar('2029-01-01'), false);
    assert.throws(() => isWorkingDay('2025-02-30'), TypeError);
    assert.throws(() => isWorkingDay('25/12/2025'), TypeError);
    assert.throws(() => addWorkingDays('2025-06-02', 1.5), TypeError);
  });
});
