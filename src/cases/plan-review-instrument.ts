// The EHC plan review instrument (src/cases/data/plan-review-instrument.json): its rating scale,
// overall grades and criteria, checked when the module loads so a broken file stops the service.
import { z } from 'zod';
import instrumentFile from './data/plan-review-instrument.json' with { type: 'json' };

const text = z.string().trim().min(1);
const code = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Codes are lower-case letters, digits and underscores, starting with a letter');

const choiceSchema = z.strictObject({ code, label: text, hint: text });

const criterionSchema = z.strictObject({
  id: code,
  title: text,
  guidance: text,
  source: text,
  /** Present only on criteria that may not apply to every plan. */
  notApplicable: z
    .strictObject({
      allowed: z.literal(true),
      /** The school year from which the criterion always applies (below it, "not applicable" may be chosen). */
      appliesFromYear: z.number().int().min(0).max(14).optional(),
      hint: text,
    })
    .optional(),
});

/** The rating that needs no comment: every other rating must say why. */
export const MET = 'met';

export const instrumentSchema = z
  .strictObject({
    version: text,
    title: text,
    description: text,
    ratings: z.array(choiceSchema).min(2),
    notApplicable: choiceSchema,
    grades: z.array(choiceSchema).min(2),
    gradeSource: text,
    criteria: z.array(criterionSchema).min(1),
  })
  .superRefine((instrument, ctx) => {
    const duplicates = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);
    const ratingCodes = [...instrument.ratings.map((r) => r.code), instrument.notApplicable.code];
    for (const dup of duplicates(ratingCodes)) ctx.addIssue({ code: 'custom', path: ['ratings'], message: `The rating code ${dup} is used twice` });
    if (!instrument.ratings.some((r) => r.code === MET)) ctx.addIssue({ code: 'custom', path: ['ratings'], message: `One rating must have the code ${MET}` });
    for (const dup of duplicates(instrument.grades.map((g) => g.code))) ctx.addIssue({ code: 'custom', path: ['grades'], message: `The grade code ${dup} is used twice` });
    for (const dup of duplicates(instrument.criteria.map((c) => c.id))) ctx.addIssue({ code: 'custom', path: ['criteria'], message: `The criterion id ${dup} is used twice` });
  });

export type PlanReviewInstrument = z.output<typeof instrumentSchema>;
export type InstrumentCriterion = PlanReviewInstrument['criteria'][number];
export type InstrumentChoice = z.output<typeof choiceSchema>;

export class InstrumentFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstrumentFileError';
  }
}

/** Checks an instrument's content, with every problem listed by where it is. */
export function parseInstrument(raw: unknown, origin = 'src/cases/data/plan-review-instrument.json'): PlanReviewInstrument {
  const result = instrumentSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  throw new InstrumentFileError(`The plan review instrument in ${origin} is not valid:\n${problems.join('\n')}`);
}

/** The instrument every review in this version of the service uses. */
export const PLAN_REVIEW_INSTRUMENT: PlanReviewInstrument = parseInstrument(instrumentFile);

/** Every rating code a criterion may take: the scale, and "not applicable" where the criterion allows it. */
export function ratingChoices(instrument: PlanReviewInstrument, criterion: InstrumentCriterion): InstrumentChoice[] {
  return criterion.notApplicable ? [...instrument.ratings, instrument.notApplicable] : [...instrument.ratings];
}

export function ratingLabel(instrument: PlanReviewInstrument, rating: string): string {
  return [...instrument.ratings, instrument.notApplicable].find((r) => r.code === rating)?.label ?? rating;
}

export function gradeLabel(instrument: PlanReviewInstrument, grade: string): string {
  return instrument.grades.find((g) => g.code === grade)?.label ?? grade;
}
