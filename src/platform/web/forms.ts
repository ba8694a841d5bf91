// Form validation: a zod schema per form; failures become the GOV.UK error summary and
// field messages, and the page is shown again with what the user typed.
import type { z } from 'zod';

export type FieldErrors = Record<string, { text: string }>;
export type ErrorSummaryItem = { text: string; href: string };
export type FormErrors = { summary: ErrorSummaryItem[]; fields: FieldErrors };

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; errors: FormErrors; values: Record<string, unknown> };

/** The id of the input a field's error links to (GOV.UK: the first input of the field). */
export function fieldId(path: PropertyKey[]): string {
  return path.map(String).join('-');
}

export function formErrors(issues: readonly { path: PropertyKey[]; message: string }[]): FormErrors {
  const fields: FieldErrors = {};
  const summary: ErrorSummaryItem[] = [];
  for (const issue of issues) {
    const id = fieldId(issue.path.length ? issue.path : ['form']);
    if (fields[id]) continue;
    fields[id] = { text: issue.message };
    summary.push({ text: issue.message, href: `#${id}` });
  }
  return { summary, fields };
}

/** One message for one field, as a form error (for rules checked after parsing, e.g. a duplicate email). */
export function singleFieldError(field: string, message: string): FormErrors {
  return formErrors([{ path: [field], message }]);
}

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const values = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: formErrors(result.error.issues), values };
}

/** Checkbox groups post one value as a string and several as an array. */
export function asArray(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}
