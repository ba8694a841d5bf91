// Page feedback's rules ("Is this page useful?" and "Report a problem with this page"): what a post
// must hold, the spam checks (links and code refused, a signed time the form was shown), and the
// triage statuses. Pure.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { FeedbackKind, FeedbackStatus } from './page-feedback.table.ts';

export const FEEDBACK_KINDS: readonly FeedbackKind[] = ['useful', 'not_useful', 'problem'];
export const FEEDBACK_STATUSES: readonly FeedbackStatus[] = ['new', 'in_progress', 'resolved', 'spam'];

export const FEEDBACK_KIND_LABELS: Readonly<Record<FeedbackKind, string>> = {
  useful: 'Page is useful',
  not_useful: 'Page is not useful',
  problem: 'Problem reported',
};

export const FEEDBACK_STATUS_LABELS: Readonly<Record<FeedbackStatus, string>> = {
  new: 'New',
  in_progress: 'In progress',
  resolved: 'Resolved',
  spam: 'Spam',
};

export const PAGE_PATH_MAX_LENGTH = 500;
export const FEEDBACK_TEXT_MAX_LENGTH = 1_200;
export const TRIAGE_NOTE_MAX_LENGTH = 2_000;
/** The honeypot's field name: a field software fills in and people never see. */
export const HONEYPOT_FIELD = 'website';
/** Nobody reads a page and answers in less; software posting straight away does. */
export const MIN_SECONDS_BEFORE_SENDING = 2;
/** A form older than this was not just read: it is shown again with a fresh time. */
export const MAX_FORM_AGE_HOURS = 24;

export function isFeedbackKind(value: unknown): value is FeedbackKind {
  return typeof value === 'string' && (FEEDBACK_KINDS as readonly string[]).includes(value);
}

export function isFeedbackStatus(value: unknown): value is FeedbackStatus {
  return typeof value === 'string' && (FEEDBACK_STATUSES as readonly string[]).includes(value);
}

/** A path on this site: starts with one slash, no scheme or host, no backslashes or control characters. */
export function isSitePath(value: string): boolean {
  return (
    value.length >= 1 &&
    value.length <= PAGE_PATH_MAX_LENGTH &&
    value.startsWith('/') &&
    !value.startsWith('//') &&
    !value.includes('\\') &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f\u007f\s]/.test(value)
  );
}

// ---- Links and code --------------------------------------------------------------------------

const WEB_ADDRESS = [
  /\b[a-z][a-z0-9+.-]{1,20}:\/\//i,
  /\bwww\d?\./i,
  /\b(?:javascript|data|vbscript):/i,
  /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|io|ru|cn|xyz|top|online|site|click|link|shop|co\.uk|org\.uk|me\.uk)\b/i,
  /\[url[\]=]/i,
];
const CODE = [/<\s*\/?\s*[a-z!?]/i, /&(?:lt|#0*60|#x0*3c);/i];

/** Text with a web address or markup in it: what spam and attacks carry, and what feedback does not need. */
export function hasLinkOrCode(text: string): boolean {
  return WEB_ADDRESS.some((pattern) => pattern.test(text)) || CODE.some((pattern) => pattern.test(text));
}

// ---- The form --------------------------------------------------------------------------------

const FIELD_NAMES = { whatDoing: 'What you were doing', whatWrong: 'What went wrong' } as const;

function feedbackText(field: keyof typeof FIELD_NAMES) {
  return z
    .string()
    .max(FEEDBACK_TEXT_MAX_LENGTH, { message: `${FIELD_NAMES[field]} must be ${FEEDBACK_TEXT_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer` })
    .refine((text) => !hasLinkOrCode(text), { message: `Remove the web address or code from ‘${FIELD_NAMES[field]}’` });
}

/** A problem report's two boxes; at least "what went wrong" must say something. */
export const problemTextSchema = z
  .object({ whatDoing: feedbackText('whatDoing'), whatWrong: feedbackText('whatWrong') })
  .superRefine((form, ctx) => {
    if (form.whatWrong.trim() === '' && form.whatDoing.trim() === '') ctx.addIssue({ code: 'custom', path: ['whatWrong'], message: 'Enter what went wrong' });
  });

/** One value of a posted field: a repeated field keeps its first value; anything else is empty. */
export function fieldText(value: unknown): string {
  if (Array.isArray(value)) return fieldText(value[0]);
  return typeof value === 'string' ? value : '';
}

export type FeedbackPost = {
  page: string;
  kind: string;
  whatDoing: string;
  whatWrong: string;
  formToken: string;
  honeypot: string;
};

/** The posted form's fields as text; browsers send CRLF, which counts as one character. */
export function feedbackPostOf(body: unknown): FeedbackPost {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const text = (name: string) => fieldText(source[name]).replace(/\r\n/g, '\n');
  return {
    page: text('page').trim(),
    kind: text('kind'),
    whatDoing: text('whatDoing'),
    whatWrong: text('whatWrong'),
    formToken: text('formToken'),
    honeypot: text(HONEYPOT_FIELD),
  };
}

// ---- When the form was shown -------------------------------------------------------------------

/** The key that signs form times, kept apart from the session's own use of the secret. */
export function feedbackKey(sessionSecret: string): Buffer {
  return createHmac('sha256', sessionSecret).update('page feedback form times').digest();
}

function signature(key: Buffer, issuedAt: number): string {
  return createHmac('sha256', key).update(`page-feedback:${issuedAt}`).digest('base64url').slice(0, 32);
}

/** A hidden field's value: the moment the form was shown, signed so it cannot be made up. */
export function feedbackFormToken(key: Buffer, shownAt: Date): string {
  const issuedAt = shownAt.getTime();
  return `${issuedAt.toString(36)}.${signature(key, issuedAt)}`;
}

export type FormTokenCheck = 'ok' | 'too-fast' | 'expired' | 'invalid';

export function checkFeedbackFormToken(key: Buffer, token: string, now: Date): FormTokenCheck {
  const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return 'invalid';
  const issuedAt = parseInt(match[1]!, 36);
  const expected = Buffer.from(signature(key, issuedAt));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  const age = now.getTime() - issuedAt;
  if (age < MIN_SECONDS_BEFORE_SENDING * 1000) return 'too-fast';
  if (age > MAX_FORM_AGE_HOURS * 3_600_000) return 'expired';
  return 'ok';
}

// ---- Triage --------------------------------------------------------------------------------------

export const triageSchema = z.object({
  status: z.string().refine(isFeedbackStatus, { message: 'Choose a status' }),
  note: z
    .string()
    .max(TRIAGE_NOTE_MAX_LENGTH, { message: `The note must be ${TRIAGE_NOTE_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer` })
    .default(''),
});

export type TriageInput = { status: FeedbackStatus; note: string };
