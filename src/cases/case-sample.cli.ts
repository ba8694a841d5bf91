// CLI verb `cases sample`: draws and records the case sample for an inspection as the command line
// (audited as "cli"), and prints the seed, the algorithm's version and the chosen ids with their strata.
import { CLI_ACTOR, findInspection, isUuid } from '../inspections/inspection.service.ts';
import { isReference } from '../inspections/inspection.ts';
import { CliError, DATA_HELP, DATA_OPTION, UsageError, withDatabase, type CliCommand } from '../platform/cli.ts';
import { SAMPLE_LIMITS, SampleInputError, SampleRefusedError, drawCaseSample, drawRequestIssues, type DrawnSample } from './case-sample.service.ts';
import { BASIS_LABELS, DEFAULT_REVIEW, DEFAULT_TRACKED, SAMPLING_DIMENSIONS, categoryLabel, type ChosenUnit, type SamplePart } from './case-sampling.ts';

function wholeNumber(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  return typeof value === 'string' && /^\s*\d{1,6}\s*$/.test(value) ? Number(value) : Number.NaN;
}

function stratumText(chosen: ChosenUnit): string {
  return SAMPLING_DIMENSIONS.map((d) => categoryLabel(d, chosen.stratum[d])).join('; ');
}

function partLines(title: string, part: SamplePart): string[] {
  const lines = [`${title}: ${part.chosen.length} (${part.requested} asked for, from ${part.eligible.toLocaleString('en-GB')})`];
  const width = Math.max(0, ...part.chosen.map((c) => c.unit.personId.length));
  for (const c of part.chosen) lines.push(`  ${String(c.position).padStart(3)}  ${c.unit.personId.padEnd(width)}  ${stratumText(c)}  [${BASIS_LABELS[c.stratum.basis]}]`);
  return lines;
}

/** The drawn sample as plain text for a terminal. */
export function sampleReport(reference: string, drawn: DrawnSample): string[] {
  return [
    `Sample drawn for ${reference}${drawn.supersededSampleId ? ` (it replaces the sample drawn before, ${drawn.supersededSampleId})` : ''}`,
    `Seed: ${drawn.seed}  (the same seed and data always give the same sample)`,
    `Algorithm: ${drawn.algorithmVersion}`,
    '',
    ...partLines('Tracked children', drawn.draw.tracked),
    '',
    ...partLines('Plans to review', drawn.draw.review),
  ];
}

function partJson(part: SamplePart) {
  return {
    requested: part.requested,
    eligible: part.eligible,
    chosen: part.chosen.map((c) => ({ position: c.position, personId: c.unit.personId, stratum: c.stratum })),
    targets: part.targets,
  };
}

export const caseSampleCommands: CliCommand[] = [
  {
    name: 'cases sample',
    summary: 'Draw the case sample (tracked children and EHC plans to review) from an inspection\'s person-level data',
    usage: 'send-inspect cases sample --inspection ID_OR_REFERENCE [--tracked 6] [--review 40] [--seed S] [--json] [--data DIR]',
    help: [
      '  --inspection ID  the inspection\'s id or its reference, like SEND-352-2026-1',
      `  --tracked N      children to track, ${SAMPLE_LIMITS.tracked.min} to ${SAMPLE_LIMITS.tracked.max} (default ${DEFAULT_TRACKED})`,
      `  --review N       EHC plans to review, ${SAMPLE_LIMITS.review.min} to ${SAMPLE_LIMITS.review.max} (default ${DEFAULT_REVIEW})`,
      '  --seed S         repeat an earlier draw with its seed; without it a new seed is made up and printed',
      '  --json           print the sample, its seed, version and targets as JSON',
      DATA_HELP,
      '',
      'The sample is drawn from the inspection\'s current accepted person-level data and recorded,',
      'replacing an earlier sample unless that has been shared with the local area.',
      'The draw is recorded in the audit log as made by "cli".',
    ].join('\n'),
    options: { ...DATA_OPTION, inspection: { type: 'string' }, tracked: { type: 'string' }, review: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values, out, openDb }) {
      const key = typeof values.inspection === 'string' ? values.inspection.trim() : '';
      if (!key) throw new UsageError('--inspection is required');
      if (!isUuid(key) && !isReference(key)) throw new UsageError(`"${key}" is not an inspection id or reference (a reference looks like SEND-352-2026-1)`);
      const request = { tracked: wholeNumber(values.tracked, DEFAULT_TRACKED), review: wholeNumber(values.review, DEFAULT_REVIEW), seed: typeof values.seed === 'string' ? values.seed : undefined };
      const issues = drawRequestIssues(request);
      if (issues.length) throw new UsageError(issues.map((i) => `--${i.field}: ${i.message}`).join('\n'));
      const { reference, inspectionId, drawn } = await withDatabase(openDb, async (db) => {
        const details = await findInspection(db.kysely, key);
        if (!details) throw new CliError(`There is no inspection with the ${isUuid(key) ? 'id' : 'reference'} ${key}`);
        try {
          const drawn = await drawCaseSample(db.kysely, details.inspection.id, request, CLI_ACTOR, {});
          return { reference: details.inspection.reference, inspectionId: details.inspection.id, drawn };
        } catch (error) {
          if (error instanceof SampleRefusedError || error instanceof SampleInputError) throw new CliError(error.message);
          throw error;
        }
      });
      if (values.json) {
        out(
          JSON.stringify(
            {
              inspection: { id: inspectionId, reference },
              sampleId: drawn.sampleId,
              importId: drawn.importId,
              seed: drawn.seed,
              algorithmVersion: drawn.algorithmVersion,
              supersededSampleId: drawn.supersededSampleId,
              tracked: partJson(drawn.draw.tracked),
              review: partJson(drawn.draw.review),
            },
            null,
            2,
          ),
        );
      } else {
        for (const line of sampleReport(reference, drawn)) out(line);
      }
    },
  },
];
