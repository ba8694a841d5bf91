// The audit log page's filters: dates as GOV.UK date inputs (day, month, year) and their checks (no I/O).
import type { FormErrors } from '../web/forms.ts';

export type DateParts = { day?: string; month?: string; year?: string };

export type DateCheck = { ok: true; value?: string } | { ok: false; message: string; part: 'day' | 'month' | 'year' };

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Reads a GOV.UK date input; empty means "no date". Messages follow the GOV.UK date input pattern. */
export function parseDateParts(parts: DateParts, label: string): DateCheck {
  const day = (parts.day ?? '').trim();
  const month = (parts.month ?? '').trim();
  const year = (parts.year ?? '').trim();
  if (!day && !month && !year) return { ok: true };
  if (!day) return { ok: false, message: `${label} must include a day`, part: 'day' };
  if (!month) return { ok: false, message: `${label} must include a month`, part: 'month' };
  if (!year) return { ok: false, message: `${label} must include a year`, part: 'year' };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { ok: false, message: `${label} must be a real date, like 27 3 2026`, part: !/^\d{1,2}$/.test(day) ? 'day' : !/^\d{1,2}$/.test(month) ? 'month' : 'year' };
  }
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || m > 12 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, message: `${label} must be a real date`, part: m < 1 || m > 12 ? 'month' : 'day' };
  }
  return { ok: true, value: `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}` };
}

export type AuditQuery = {
  user?: string;
  inspection?: string;
  action?: string;
  from?: DateParts;
  to?: DateParts;
};

export type CheckedAuditQuery = {
  user?: string;
  inspectionId?: string;
  action?: string;
  from?: string;
  to?: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** Checks the filters; the errors are shown as on any GOV.UK form. */
export function checkAuditQuery(query: AuditQuery): { filters: CheckedAuditQuery; errors: FormErrors } {
  const errors: FormErrors = { summary: [], fields: {} };
  const addError = (id: string, message: string) => {
    errors.fields[id] = { text: message };
    errors.summary.push({ text: message, href: `#${id}` });
  };
  const filters: CheckedAuditQuery = {};
  const user = query.user?.trim();
  if (user) filters.user = user;
  const inspection = query.inspection?.trim();
  if (inspection) {
    if (isUuid(inspection)) filters.inspectionId = inspection.toLowerCase();
    else addError('inspection', 'Enter the inspection ID in the correct format, like 0b6f1c9e-2d3a-4f5b-8c7d-9e0f1a2b3c4d');
  }
  const action = query.action?.trim();
  if (action) {
    if (/^[a-z0-9_.-]{1,100}$/i.test(action)) filters.action = action;
    else addError('action', 'Action must be letters, numbers, dots, dashes or underscores, like user. or auth.sign_in');
  }
  const from = parseDateParts(query.from ?? {}, 'Date from');
  if (from.ok && from.value) filters.from = from.value;
  if (!from.ok) addError(`from-${from.part}`, from.message);
  const to = parseDateParts(query.to ?? {}, 'Date to');
  if (to.ok && to.value) filters.to = to.value;
  if (!to.ok) addError(`to-${to.part}`, to.message);
  if (filters.from && filters.to && filters.from > filters.to) {
    addError('from-day', 'Date from must be the same as or before date to');
  }
  return { filters, errors };
}
