// Reads the national figures for England that the metrics are compared with
// (src/cases/data/national-figures.json) and refuses a malformed file with every problem listed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AGE_PHASES, PLACEMENT_GROUPS, PRIMARY_NEEDS, SEXES } from './case.ts';

export const NATIONAL_FIGURES_FILE = path.join(import.meta.dirname, 'data', 'national-figures.json');

export class NationalFiguresFileError extends Error {}

const sourceSchema = z.strictObject({ title: z.string().trim().min(1), url: z.url({ protocol: /^https?$/ }) });

/** dfe: a DfE statistic; third_party: a site outside DfE repeating DfE figures; derived: arithmetic on published figures. */
export const FIGURE_BASES = ['dfe', 'third_party', 'derived'] as const;
export type FigureBasis = (typeof FIGURE_BASES)[number];

const percent = z.number().min(0).max(100);

/** A figure that is not plainly DfE's own, or not there at all, must say why in its note. */
function requireNoteWhenQualified(figure: { basis: FigureBasis; note?: string; value?: number | null }, ctx: z.RefinementCtx): void {
  const qualified = figure.basis !== 'dfe' || figure.value === null;
  if (qualified && !figure.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'a figure that is derived, from a third party or not published needs a note saying so' });
}

const figureSchema = z
  .strictObject({
    label: z.string().trim().min(1),
    unit: z.enum(['percent', 'weeks']),
    value: z.number().min(0).nullable(),
    period: z.string().trim().min(1),
    basis: z.enum(FIGURE_BASES),
    sources: z.array(sourceSchema).min(1),
    /** For a figure not published for the period: the latest one that was. */
    latestPublished: z.strictObject({ value: z.number().min(0), period: z.string().trim().min(1) }).optional(),
    note: z.string().trim().min(1).optional(),
  })
  .superRefine((figure, ctx) => {
    if (figure.unit === 'percent' && figure.value !== null && figure.value > 100) ctx.addIssue({ code: 'custom', path: ['value'], message: 'a percentage cannot be over 100' });
    if (figure.latestPublished && figure.value !== null) ctx.addIssue({ code: 'custom', path: ['latestPublished'], message: 'only a figure with no value for its period has a latest published one' });
    requireNoteWhenQualified(figure, ctx);
  });
export type NationalFigure = z.infer<typeof figureSchema>;

function mixSchema<const T extends readonly [string, ...string[]]>(categories: T) {
  const key = z.enum(categories);
  return z
    .strictObject({
      label: z.string().trim().min(1),
      population: z.string().trim().min(1),
      period: z.string().trim().min(1),
      basis: z.enum(FIGURE_BASES),
      sources: z.array(sourceSchema).min(1),
      total: z.number().int().positive().optional(),
      counts: z.partialRecord(key, z.number().int().min(0)).optional(),
      shares: z.partialRecord(key, percent),
      note: z.string().trim().min(1).optional(),
    })
    .superRefine((mix, ctx) => {
      const shares = Object.values(mix.shares) as number[];
      if (shares.length === 0) ctx.addIssue({ code: 'custom', path: ['shares'], message: 'give at least one share' });
      // Published shares are rounded, so a full set may add up to a little over 100.
      const sum = shares.reduce((a, b) => a + b, 0);
      if (sum > 100.5) ctx.addIssue({ code: 'custom', path: ['shares'], message: `the shares add up to ${sum.toFixed(1)}, over 100` });
      if (mix.counts && mix.total !== undefined) {
        const counted = (Object.values(mix.counts) as number[]).reduce((a, b) => a + b, 0);
        if (counted > mix.total) ctx.addIssue({ code: 'custom', path: ['counts'], message: `the counts add up to ${counted}, more than the total ${mix.total}` });
      }
      requireNoteWhenQualified(mix, ctx);
    });
}

const nationalFiguresSchema = z.strictObject({
  about: z.string().trim().min(1),
  timeliness: z.strictObject({
    within20WeeksExcludingExceptions: figureSchema,
    within20WeeksIncludingExceptions: figureSchema,
    averageWeeks: figureSchema,
    over52Weeks: figureSchema,
  }),
  ehcpMix: z.strictObject({
    needs: mixSchema(PRIMARY_NEEDS),
    sex: mixSchema(SEXES),
    agePhases: mixSchema(AGE_PHASES),
    placementGroups: mixSchema(PLACEMENT_GROUPS),
  }),
});
export type NationalFigures = z.infer<typeof nationalFiguresSchema>;
export type NationalMix = NationalFigures['ehcpMix'][keyof NationalFigures['ehcpMix']];

/** Checks figures read from anywhere; `origin` names them in the error. */
export function parseNationalFigures(raw: unknown, origin: string): NationalFigures {
  const result = nationalFiguresSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(the whole file)'}: ${issue.message}`);
  throw new NationalFiguresFileError(`The national figures in ${origin} are not valid:\n${lines.join('\n')}`);
}

export function readNationalFiguresFile(file: string = NATIONAL_FIGURES_FILE): NationalFigures {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new NationalFiguresFileError(`Cannot read the national figures file ${file}: ${(error as Error).message}`);
  }
  return parseNationalFigures(raw, file);
}

let shipped: NationalFigures | undefined;

/** The shipped figures, read and checked once. */
export function nationalFigures(): NationalFigures {
  shipped ??= readNationalFiguresFile();
  return shipped;
}
