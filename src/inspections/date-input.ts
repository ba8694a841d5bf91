// Reading a GOV.UK date input (separate day, month and year boxes) into a 'YYYY-MM-DD' date,
// with the error messages the Design System recommends and the boxes each message is about.

export type DatePart = 'day' | 'month' | 'year';
export const DATE_PARTS: readonly DatePart[] = ['day', 'month', 'year'];

export type DateInputResult = { ok: true; date: string } | { ok: false; message: string; parts: DatePart[] };

function listParts(parts: DatePart[]): string {
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether a 'YYYY-MM-DD' string names a day that exists. */
export function isRealIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * `name` is how the question reads inside a sentence, e.g. 'date of notification'.
 * Messages follow https://design-system.service.gov.uk/components/date-input/ (error messages).
 */
export function parseDateInput(values: Partial<Record<DatePart, unknown>>, name: string): DateInputResult {
  const text = Object.fromEntries(DATE_PARTS.map((p) => [p, typeof values[p] === 'string' ? values[p].trim() : ''])) as Record<DatePart, string>;
  const missing = DATE_PARTS.filter((p) => text[p] === '');
  if (missing.length === 3) return { ok: false, message: `Enter the ${name}`, parts: [...DATE_PARTS] };
  if (missing.length) return { ok: false, message: `${capitalise(name)} must include a ${listParts(missing)}`, parts: missing };
  const notNumbers = DATE_PARTS.filter((p) => !/^\d+$/.test(text[p]));
  if (notNumbers.length) return { ok: false, message: `${capitalise(name)} must be a real date`, parts: notNumbers };
  if (text.year.length !== 4) return { ok: false, message: 'Year must include 4 numbers', parts: ['year'] };
  const day = Number(text.day);
  const month = Number(text.month);
  if (month < 1 || month > 12) return { ok: false, message: `${capitalise(name)} must be a real date`, parts: ['month'] };
  const iso = `${text.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (day < 1 || !isRealIsoDate(iso)) return { ok: false, message: `${capitalise(name)} must be a real date`, parts: ['day'] };
  return { ok: true, date: iso };
}

/** The three boxes' values for showing a stored date again. */
export function datePartsOf(date: string): Record<DatePart, string> {
  const [year, month, day] = date.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}
