// Designing a survey: the forms that change its wording and schedule (read with zod), how a change
// applies to a definition, UK times to and from UTC, and questions described in words for inspectors.
import { z } from 'zod';
import { DATE_PARTS, datePartsOf, parseDateInput, type DatePart } from '../inspections/date-input.ts';
import { inSentence } from '../platform/web/format.ts';
import { formErrors, type FormErrors } from '../platform/web/forms.ts';
import {
  ABOUT_YOU_LABELS,
  QUESTION_TYPE_LABELS,
  optionsOf,
  textLimit,
  type Question,
  type SurveyDefinition,
  type SurveyState,
} from './survey.ts';

export const TITLE_MAX = 200;
export const INTRODUCTION_MAX = 3000;
export const QUESTION_TEXT_MAX = 500;
export const HINT_MAX = 1000;
export const OPTION_LABEL_MAX = 200;

/** Form fields are read as trimmed text whatever was posted, so a forged array cannot slip through. */
const field = z.preprocess((v) => (typeof v === 'string' ? v.trim() : Array.isArray(v) ? String(v[0] ?? '').trim() : ''), z.string());

function lengthRule(max: number, empty: string, tooLong: string) {
  return field.pipe(z.string().min(1, empty).max(max, tooLong));
}

// ---- Title and introduction ----------------------------------------------------------------

export const introductionFormSchema = z.object({
  title: lengthRule(TITLE_MAX, 'Enter the title of the survey', `The title must be ${TITLE_MAX} characters or fewer`),
  introduction: lengthRule(INTRODUCTION_MAX, 'Enter the introduction', `The introduction must be ${INTRODUCTION_MAX} characters or fewer`),
});
export type IntroductionWording = z.output<typeof introductionFormSchema>;

export function applyIntroduction(definition: SurveyDefinition, wording: IntroductionWording): SurveyDefinition {
  return { ...definition, title: wording.title, introduction: normaliseNewlines(wording.introduction) };
}

function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

// ---- A question's wording --------------------------------------------------------------------

export type QuestionWording = { text: string; hint: string | undefined; required: boolean; optionLabels: Record<string, string> };

/** The form field of an option's label: option values are safe in names and ids, and never change. */
export function optionField(value: string): string {
  return `option-${value}`;
}

/** Only single and multiple choice questions have labels of their own; a scale's labels are page text. */
export function hasEditableOptions(question: Question): boolean {
  return question.type === 'single' || question.type === 'multiple';
}

/**
 * The wording form of one question: its text, hint, whether it must be answered and its answers'
 * labels. Every field is read as text and checked in one pass, in the order the page shows them,
 * so the error summary lists every problem top to bottom.
 */
export function questionWordingSchema(question: Question) {
  const options = hasEditableOptions(question) ? (question.options ?? []) : [];
  const shape: Record<string, typeof field> = { text: field, hint: field, required: field };
  for (const option of options) shape[optionField(option.value)] = field;
  return z
    .object(shape)
    .superRefine((form, ctx) => {
      const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      if (!form.text) problem('text', 'Enter the question');
      else if (form.text.length > QUESTION_TEXT_MAX) problem('text', `The question must be ${QUESTION_TEXT_MAX} characters or fewer`);
      if (form.hint && form.hint.length > HINT_MAX) problem('hint', `The hint must be ${HINT_MAX} characters or fewer`);
      if (form.required !== 'yes' && form.required !== 'no') problem('required', 'Select whether people must answer the question');
      const seen = new Set<string>();
      options.forEach((option, index) => {
        const name = optionField(option.value);
        const label = form[name] ?? '';
        if (!label) problem(name, `Enter the wording of answer ${index + 1}`);
        else if (label.length > OPTION_LABEL_MAX) problem(name, `Answer ${index + 1} must be ${OPTION_LABEL_MAX} characters or fewer`);
        else if (seen.has(label.toLocaleLowerCase('en-GB'))) problem(name, `Answer ${index + 1} has the same wording as another answer: make each answer different`);
        seen.add(label.toLocaleLowerCase('en-GB'));
      });
    })
    .transform(
      (form): QuestionWording => ({
        text: form.text!,
        hint: form.hint ? normaliseNewlines(form.hint) : undefined,
        required: form.required === 'yes',
        optionLabels: Object.fromEntries(options.map((o) => [o.value, form[optionField(o.value)]!])),
      }),
    );
}

/** The form's values for a question as it stands. */
export function questionWordingValues(question: Question): Record<string, string> {
  const values: Record<string, string> = { text: question.text, hint: question.hint ?? '', required: question.required ? 'yes' : 'no' };
  if (hasEditableOptions(question)) for (const option of question.options ?? []) values[optionField(option.value)] = option.label;
  return values;
}

/**
 * Applies new wording to one question. Option values stay as they are, because stored answers and
 * routing refer to them; a translated hint goes when the English hint goes, so no language shows
 * a hint that English no longer has.
 */
export function applyQuestionWording(definition: SurveyDefinition, questionId: string, wording: QuestionWording): SurveyDefinition {
  return {
    ...definition,
    questions: definition.questions.map((question) => {
      if (question.id !== questionId) return question;
      const changed: Question = { ...question, text: wording.text, required: wording.required };
      if (wording.hint) changed.hint = wording.hint;
      else {
        delete changed.hint;
        changed.translations = Object.fromEntries(Object.entries(question.translations).map(([code, t]) => [code, withoutHint(t)]));
      }
      if (hasEditableOptions(question) && question.options) {
        changed.options = question.options.map((o) => ({ value: o.value, label: wording.optionLabels[o.value] ?? o.label }));
      }
      return changed;
    }),
  };
}

function withoutHint<T extends { hint?: string }>(translation: T): T {
  const copy = { ...translation };
  delete copy.hint;
  return copy;
}

/** Languages that have a translation of the question, which may need checking after its wording changes. */
export function translatedLanguagesOf(question: Question): string[] {
  return Object.keys(question.translations).sort();
}

// ---- Questions in words ------------------------------------------------------------------------

export function questionTypeLabel(question: Question): string {
  if (question.type !== 'agreement') return QUESTION_TYPE_LABELS[question.type];
  return question.scale === 'three_point_pictures' ? 'Agreement scale with pictures (3 points)' : 'Agreement scale (5 points and "Don\'t know")';
}

/** What the answer may be, for the kinds of question whose limits are not visible in their options. */
export function answerLimits(question: Question): string | undefined {
  if (question.type === 'text') return `Up to ${textLimit(question).toLocaleString('en-GB')} characters`;
  if (question.type === 'number') return `A whole number from ${question.min ?? 0} to ${(question.max ?? 1_000_000).toLocaleString('en-GB')}`;
  return undefined;
}

export function aboutYouLabel(question: Question): string | undefined {
  return question.aboutYou ? `About you: ${inSentence(ABOUT_YOU_LABELS[question.aboutYou])}` : undefined;
}

function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** The routing of a question as a sentence, such as "Only asked if 'Do you…?' is 'Yes'". */
export function routingDescription(definition: Pick<SurveyDefinition, 'questions'>, question: Question): string | undefined {
  const rule = question.showIf;
  if (!rule) return undefined;
  const earlier = definition.questions.find((q) => q.id === rule.question);
  if (!earlier) return `Only asked after an earlier answer (to question ${rule.question})`;
  const labels = rule.anyOf.map((value) => `'${optionsOf(earlier).find((o) => o.value === value)?.label ?? value}'`);
  const verb = earlier.type === 'multiple' ? (labels.length > 1 ? 'includes any of' : 'includes') : 'is';
  return `Only asked if '${earlier.text}' ${verb} ${orList(labels)}`;
}

export type CriterionHeading = { code: string; heading: string };

/** A question's criteria with the headings the inspection's framework gives them. */
export function criteriaOf(question: Question, headings: ReadonlyMap<string, string>): CriterionHeading[] {
  return question.criteria.map((code) => ({ code, heading: headings.get(code) ?? 'Not in this framework' }));
}

// ---- UK time ---------------------------------------------------------------------------------

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The date ('YYYY-MM-DD') and time ('HH:MM') on a clock in the UK at an instant. */
export function londonClock(instant: Date): { date: string; time: string } {
  const parts = Object.fromEntries(LONDON_PARTS.formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

function clockAsUtcMillis(date: string, time: string): number {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  return Date.UTC(year!, month! - 1, day!, hour!, minute!);
}

/**
 * The instant a UK clock shows `date` at `time`; undefined when the clocks go forward over that
 * time, so it never happens. When they go back and a time happens twice, the first is taken.
 */
export function londonToUtc(date: string, time: string): Date | undefined {
  const wanted = clockAsUtcMillis(date, time);
  const offsetAt = (millis: number) => clockAsUtcMillis(londonClock(new Date(millis)).date, londonClock(new Date(millis)).time) - millis;
  // The UK is never more than an hour ahead of UTC, so trying both offsets finds the instant.
  const candidates = [wanted - 3_600_000, wanted].filter((millis) => millis + offsetAt(millis) === wanted);
  return candidates.length ? new Date(candidates[0]!) : undefined;
}

/** Reads a time of day typed as 09:30, 9.30, 17:00, 2pm or 2:30pm into 'HH:MM' (24-hour clock). */
export function parseTimeOfDay(input: string): string | undefined {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/i.exec(input.trim());
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const meridiem = match[3]?.toLowerCase().replace(/\./g, '');
  if (match[2] === undefined && !meridiem) return undefined;
  if (minute > 59) return undefined;
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  } else if (hour > 23) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

// ---- The schedule form -----------------------------------------------------------------------

export const SCHEDULE_FIELDS = [
  { field: 'opensAt', name: 'opening date', time: 'opening time' },
  { field: 'closesAt', name: 'closing date', time: 'closing time' },
] as const;
export type ScheduleField = (typeof SCHEDULE_FIELDS)[number]['field'];

export type ScheduleFormValues = Record<string, string>;

/** The form's values for the times already set, on a UK clock. */
export function scheduleFormValues(schedule: { opensAt: Date | null; closesAt: Date | null }): ScheduleFormValues {
  const values: ScheduleFormValues = {};
  for (const { field } of SCHEDULE_FIELDS) {
    const at = schedule[field];
    if (!at) continue;
    const clock = londonClock(at);
    const parts = datePartsOf(clock.date);
    for (const part of DATE_PARTS) values[`${field}-${part}`] = parts[part];
    values[`${field}-time`] = clock.time;
  }
  return values;
}

type ReadMoment = { ok: true; at: Date | null } | { ok: false; path: string; message: string };

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function readMoment(values: Record<string, unknown>, spec: (typeof SCHEDULE_FIELDS)[number]): ReadMoment {
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string).trim() : '');
  const dateParts = Object.fromEntries(DATE_PARTS.map((p) => [p, text(`${spec.field}-${p}`)])) as Record<DatePart, string>;
  const time = text(`${spec.field}-time`);
  const dateBlank = DATE_PARTS.every((p) => dateParts[p] === '');
  if (dateBlank && time === '') return { ok: true, at: null };
  const date = parseDateInput(dateParts, spec.name);
  if (!date.ok) return { ok: false, path: `${spec.field}-${date.parts[0]}`, message: date.message };
  if (time === '') return { ok: false, path: `${spec.field}-time`, message: `Enter the ${spec.time}` };
  const clock = parseTimeOfDay(time);
  if (!clock) return { ok: false, path: `${spec.field}-time`, message: `${capitalise(spec.time)} must be a real time, like 09:00 or 17:30` };
  const at = londonToUtc(date.date, clock);
  if (!at) return { ok: false, path: `${spec.field}-time`, message: `The clocks go forward at that time on that day, so ${clock} does not happen: choose another time` };
  return { ok: true, at };
}

export type ScheduleFormResult =
  | { ok: true; opensAt: Date | null; closesAt: Date | null }
  | { ok: false; errors: FormErrors; values: Record<string, unknown> };

const scheduleFieldsSchema = z.object(
  Object.fromEntries(SCHEDULE_FIELDS.flatMap(({ field: name }) => [...DATE_PARTS, 'time'].map((part) => [`${name}-${part}`, field]))),
);

/**
 * Reads the schedule form. An open survey keeps its opening time (the form does not show it); a
 * survey not yet open must open in the future, because opening is what locks the wording and the
 * confirmation page of "open now" is where that is explained.
 */
export function parseScheduleForm(body: unknown, survey: { state: SurveyState; opensAt: Date | null }, now: Date): ScheduleFormResult {
  const parsed = scheduleFieldsSchema.safeParse(body && typeof body === 'object' ? body : {});
  const values = parsed.success ? (parsed.data as Record<string, string>) : {};
  const issues: { path: string[]; message: string }[] = [];
  let opensAt: Date | null = survey.opensAt;
  if (survey.state !== 'open') {
    const opening = readMoment(values, SCHEDULE_FIELDS[0]);
    if (!opening.ok) issues.push({ path: [opening.path], message: opening.message });
    else if (opening.at && opening.at <= now) {
      issues.push({ path: ['opensAt-day'], message: 'The opening date and time must be in the future. To open the survey straight away, use "Open the survey now"' });
    } else opensAt = opening.at;
  }
  const closing = readMoment(values, SCHEDULE_FIELDS[1]);
  if (!closing.ok) issues.push({ path: [closing.path], message: closing.message });
  if (issues.length || !closing.ok) return { ok: false, errors: formErrors(issues), values };
  return { ok: true, opensAt, closesAt: closing.at };
}

/** The form field a scheduling rule's message belongs beside: the first box of the date it is about. */
export function scheduleErrorField(serviceField: string): string {
  return serviceField === 'opensAt' || serviceField === 'closesAt' ? `${serviceField}-day` : 'form';
}

export type DateFieldError = { text: string; parts: DatePart[] };

/**
 * For each date with an error: its message and which of its boxes to mark. A box that is wrong is
 * marked on its own; a real date that breaks a rule is marked as a whole.
 */
export function scheduleDateErrors(errors: FormErrors | undefined, values: Record<string, unknown>): Partial<Record<ScheduleField, DateFieldError>> {
  const result: Partial<Record<ScheduleField, DateFieldError>> = {};
  if (!errors) return result;
  for (const { field: name, name: label } of SCHEDULE_FIELDS) {
    const error = DATE_PARTS.map((part) => errors.fields[`${name}-${part}`]).find(Boolean);
    if (!error) continue;
    const parts = Object.fromEntries(DATE_PARTS.map((p) => [p, values[`${name}-${p}`]]));
    const parsed = parseDateInput(parts, label);
    result[name] = { text: error.text, parts: parsed.ok ? [...DATE_PARTS] : parsed.parts };
  }
  return result;
}
