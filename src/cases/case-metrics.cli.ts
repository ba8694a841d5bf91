// CLI verb `cases metrics`: the metrics from an inspection's current person-level data beside
// England's, as readable text or as JSON (each run is audited as "cli").
import { findInspection, isUuid, CLI_ACTOR } from '../inspections/inspection.service.ts';
import { isReference } from '../inspections/inspection.ts';
import { CliError, DATA_HELP, DATA_OPTION, UsageError, withDatabase, type CliCommand } from '../platform/cli.ts';
import { formatDate, inSentence } from '../platform/web/format.ts';
import { POPULATIONS, POPULATION_LABELS, formatCount, formatPercent, formatShare, type CaseMetrics } from './case-metrics.ts';
import { MIX_DIMENSIONS, categoryTable, mixComparison, mixTableRows, timelinessRows } from './case-metrics-view.ts';
import { viewCaseMetrics, type CaseMetricsResult } from './case-metrics.service.ts';
import { nationalFigures, type NationalFigures } from './national-figures.ts';

type Heading = { id: string; reference: string; laCode: string; areaName: string };

/** Text columns are aligned left, figures right; the first column is always text. */
function columns(cells: string[], widths: number[], textColumns: ReadonlySet<number>): string {
  return cells.map((cell, i) => (i === 0 || textColumns.has(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
}

function table(head: string[], rows: string[][], textColumns: ReadonlySet<number> = new Set()): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [columns(head, widths, textColumns), ...rows.map((r) => columns(r, widths, textColumns))].map((line) => `  ${line}`);
}

/** The metrics as plain text for a terminal. */
export function metricsReport(heading: Heading, result: CaseMetricsResult, national: NationalFigures): string[] {
  const m: CaseMetrics = result.metrics;
  const np = m.newPlans;
  const lines = [
    `Metrics for ${heading.reference} (${heading.areaName}) from ${result.import.fileName}`,
    `Data as at ${formatDate(m.dataDate)}: ${formatCount(m.people)} children and young people; ${m.senStatus.map((s) => `${s.label} ${formatCount(s.count)} (${formatPercent(s.share.percent)})`).join(', ')}`,
    '',
    `New EHC plans issued ${formatDate(np.from)} to ${formatDate(np.to)}: ${formatCount(np.issued)}, of which ${formatCount(np.withRequestDate)} have a request date (the figures below count only these).`,
    'Within 20 weeks: at most 140 days from request to plan; over 52 weeks: more than 364 days.',
    'Excluding exceptions leaves out plans where an exception to the 20-week limit applied; including exceptions counts them all.',
  ];
  lines.push(...table(['', 'This area', 'England'], timelinessRows(m, national).map((row) => [row.label, row.area, row.england.summary]), new Set([1, 2])));
  const reviews = m.annualReviews;
  lines.push(
    '',
    `Annual reviews overdue: plans issued more than 12 months before the data date (before ${formatDate(reviews.cutoff)}) whose last review, or issue if never reviewed, was also before then.`,
    `Under-5s: 6 months (before ${formatDate(reviews.under5Cutoff)}), as the Code of Practice expects reviews every 3 to 6 months for them.`,
    ...table(
      ['', 'Overdue'],
      [
        ['All plans due a review', formatShare(reviews.overdue)],
        ['Aged 5 and over', formatShare(reviews.fiveAndOver)],
        ['Under 5', formatShare(reviews.under5)],
      ],
    ),
  );
  if (reviews.withoutIssueDate > 0) {
    lines.push(`  ${formatCount(reviews.withoutIssueDate)} EHC ${reviews.withoutIssueDate === 1 ? 'plan with no issue date is' : 'plans with no issue date are'} left out.`);
  }
  for (const dimension of MIX_DIMENSIONS) {
    const comparison = mixComparison(m, national, dimension);
    lines.push('', `${comparison.title} (England: ${comparison.england.period}, ${inSentence(comparison.england.population)})`);
    lines.push(...table(['', 'EHC plans', '%', 'England %', 'SEN support', '%'], mixTableRows(comparison).map((r) => [r.label, r.ehcpCount, r.ehcpPercent, r.england, r.senSupportCount, r.senSupportPercent])));
  }
  for (const [title, dimension] of [['Placement type', 'placementTypes'], ['Social care', 'socialCare']] as const) {
    lines.push('', title);
    lines.push(...table(['', 'EHC plans', '%', 'SEN support', '%', 'Everyone', '%'], categoryTable(m, dimension).map((row) => [row.label, ...row.cells.flatMap((c) => [c.count, c.percent])])));
  }
  lines.push('', 'Alternative provision (placed there or attending alongside another placement) and education out of area');
  lines.push(...table(['', 'In alternative provision', 'Out of area'], POPULATIONS.map((p) => [POPULATION_LABELS[p], formatShare(m.mix[p].alternativeProvision), formatShare(m.mix[p].outOfArea)]), new Set([1, 2])));
  return lines;
}

export const caseMetricsCommands: CliCommand[] = [
  {
    name: 'cases metrics',
    summary: 'Metrics from an inspection\'s person-level data beside the national figures',
    usage: 'send-inspect cases metrics --inspection ID_OR_REFERENCE [--json] [--data DIR]',
    help: [
      '  --inspection ID  the inspection\'s id or its reference, like SEND-352-2026-1',
      '  --json           print the figures (each share with its numerator and denominator) and the national figures as JSON',
      DATA_HELP,
      '',
      'The figures come from the inspection\'s current accepted import of person-level data.',
      'Each run is recorded in the audit log as a view of the metrics by "cli".',
    ].join('\n'),
    options: { ...DATA_OPTION, inspection: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values, out, openDb }) {
      const key = typeof values.inspection === 'string' ? values.inspection.trim() : '';
      if (!key) throw new UsageError('--inspection is required');
      if (!isUuid(key) && !isReference(key)) throw new UsageError(`"${key}" is not an inspection id or reference (a reference looks like SEND-352-2026-1)`);
      const national = nationalFigures();
      const { heading, result } = await withDatabase(openDb, async (db) => {
        const details = await findInspection(db.kysely, key);
        if (!details) throw new CliError(`There is no inspection with the ${isUuid(key) ? 'id' : 'reference'} ${key}`);
        const heading: Heading = { id: details.inspection.id, reference: details.inspection.reference, laCode: details.area.la_code, areaName: details.area.name };
        return { heading, result: await viewCaseMetrics(db.kysely, { id: heading.id, laCode: heading.laCode }, CLI_ACTOR, { via: 'cli' }) };
      });
      if (!result) {
        throw new CliError(`Inspection ${heading.reference} has no accepted person-level data yet, so there are no metrics. Import some with: send-inspect cases import --inspection ${heading.reference} FILE`);
      }
      if (values.json) out(JSON.stringify({ inspection: heading, import: result.import, metrics: result.metrics, national }, null, 2));
      else for (const line of metricsReport(heading, result, national)) out(line);
    },
  },
];
