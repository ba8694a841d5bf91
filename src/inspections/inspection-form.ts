// The "create an inspection" form: its fields, how they are read and checked with zod, and how
// rule breaches found later map back onto the fields, GOV.UK date inputs included.
import { z } from 'zod';
import { isFrameworkCode, type FrameworkCode } from '../frameworks/framework.ts';
import { formErrors, type FormErrors } from '../platform/web/forms.ts';
import { DATE_PARTS, datePartsOf, parseDateInput, type DatePart } from './date-input.ts';
import type { InspectionIssue, NewInspectionInput } from './inspection.ts';

export const DATE_FIELDS = [
  { field: 'notificationDate', name: 'date of notification' },
  { field: 'onsiteStartDate', name: 'on-site start date' },
  { field: 'onsiteEndDate', name: 'on-site end date' },
] as const;

type DateField = (typeof DATE_FIELDS)[number]['field'];

/** The radios of inspection types are one group per framework, so each framework's types keep their own name. */
export function typeFieldFor(frameworkCode: string): string {
  return `inspectionType-${frameworkCode}`;
}

const text = z.preprocess((v) => (typeof v === 'string' ? v.trim() : Array.isArray(v) ? String(v[0] ?? '').trim() : ''), z.string());

const formShape: Record<string, typeof text> = { laCode: text, frameworkCode: text, 'inspectionType-2016': text, 'inspectionType-2023': text };
for (const { field } of DATE_FIELDS) for (const part of DATE_PARTS) formShape[`${field}-${part}`] = text;

/**
 * Every field is read as text and checked in the order the page shows them, so the error
 * summary lists problems top to bottom; the result is the input the inspection rules take.
 */
export const newInspectionFormSchema = z
  .object(formShape)
  .superRefine((form, ctx) => {
    if (!form.laCode) ctx.addIssue({ code: 'custom', path: ['laCode'], message: 'Select the local area' });
    if (!isFrameworkCode(form.frameworkCode)) ctx.addIssue({ code: 'custom', path: ['frameworkCode'], message: 'Select the framework' });
    else if (!form[typeFieldFor(form.frameworkCode)]) {
      ctx.addIssue({ code: 'custom', path: [typeFieldFor(form.frameworkCode)], message: 'Select the type of inspection' });
    }
    for (const { field, name } of DATE_FIELDS) {
      const result = parseDateInput(partsOf(form, field), name);
      if (!result.ok) ctx.addIssue({ code: 'custom', path: [`${field}-${result.parts[0]}`], message: result.message });
    }
  })
  .transform((form): NewInspectionInput => {
    const frameworkCode = form.frameworkCode as FrameworkCode;
    const date = (field: DateField) => {
      const result = parseDateInput(partsOf(form, field), field);
      return result.ok ? result.date : '';
    };
    return {
      laCode: form.laCode,
      frameworkCode,
      inspectionType: form[typeFieldFor(frameworkCode)],
      notificationDate: date('notificationDate'),
      onsiteStartDate: date('onsiteStartDate'),
      onsiteEndDate: date('onsiteEndDate'),
    };
  });

function partsOf(form: Record<string, unknown>, field: DateField): Record<DatePart, unknown> {
  return { day: form[`${field}-day`], month: form[`${field}-month`], year: form[`${field}-year`] };
}

/** The form field (the id of its first input) a rule breach belongs to. */
function fieldIdFor(issue: InspectionIssue, input: NewInspectionInput): string {
  switch (issue.field) {
    case 'inspectionType':
      return typeFieldFor(input.frameworkCode);
    case 'notificationDate':
    case 'onsiteStartDate':
    case 'onsiteEndDate':
      return `${issue.field}-day`;
    default:
      return issue.field;
  }
}

export function issuesAsFormErrors(issues: readonly InspectionIssue[], input: NewInspectionInput): FormErrors {
  return formErrors(issues.map((issue) => ({ path: [fieldIdFor(issue, input)], message: issue.message })));
}

/** The form's values for an input already checked (coming back from the check answers page). */
export function formValuesOf(input: NewInspectionInput): Record<string, string> {
  const values: Record<string, string> = {
    laCode: input.laCode,
    frameworkCode: input.frameworkCode,
    [typeFieldFor(input.frameworkCode)]: input.inspectionType,
  };
  for (const { field } of DATE_FIELDS) {
    const parts = datePartsOf(input[field]);
    for (const part of DATE_PARTS) values[`${field}-${part}`] = parts[part];
  }
  return values;
}

export type DateFieldError = { text: string; parts: DatePart[] };

/**
 * For each date with an error: its message and which of the day, month and year boxes to mark.
 * A box that is empty or wrong is marked on its own; a date that is real but breaks a rule is
 * marked as a whole, as the Design System asks.
 */
export function dateFieldErrors(errors: FormErrors | undefined, values: Record<string, unknown>): Partial<Record<DateField, DateFieldError>> {
  const result: Partial<Record<DateField, DateFieldError>> = {};
  if (!errors) return result;
  for (const { field, name } of DATE_FIELDS) {
    const error = DATE_PARTS.map((part) => errors.fields[`${field}-${part}`]).find(Boolean);
    if (!error) continue;
    const parsed = parseDateInput(partsOf(values, field), name);
    result[field] = { text: error.text, parts: parsed.ok ? [...DATE_PARTS] : parsed.parts };
  }
  return result;
}
