// Formatting of dates and codes for pages, in the GOV.UK style ("23 November 2026").
const LONDON = 'Europe/London';
// Building an Intl formatter is slow; a page formats many dates, so each is made once.
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: LONDON });
const TIME_FORMAT = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: LONDON });

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T12:00:00Z`);
  if (typeof value === 'string' || typeof value === 'number') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

export function formatDate(value: unknown): string {
  const d = toDate(value);
  if (!d) return '';
  return DATE_FORMAT.format(d);
}

export function formatDateTime(value: unknown): string {
  const d = toDate(value);
  if (!d) return '';
  const date = formatDate(d);
  const time = TIME_FORMAT.format(d)
    .replace(' ', '')
    .toLowerCase();
  return `${date} at ${time}`;
}

/** 'quality_assurance' → 'Quality assurance' */
export function formatLabel(value: unknown): string {
  const text = String(value ?? '').replace(/[_-]+/g, ' ').trim();
  return text ? text[0].toUpperCase() + text.slice(1) : '';
}

// Names that keep their capital inside a sentence.
const PROPER_NOUNS = new Set(['Ofsted', 'England', 'English', 'Wales']);

/**
 * A label as it reads inside a sentence: 'Full inspection' → 'full inspection', while
 * 'Ofsted lead inspector' and 'CQC lead inspector' keep their capitals.
 */
export function inSentence(value: unknown): string {
  const text = String(value ?? '');
  const firstWord = text.split(/\s/, 1)[0];
  if (firstWord.length > 1 && (firstWord === firstWord.toUpperCase() || PROPER_NOUNS.has(firstWord))) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}
