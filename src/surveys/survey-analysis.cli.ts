// CLI verb `survey analyse`: a survey's analysis as a readable report or as JSON, in full for the
// inspection team or suppressed as the local area sees it (each run is audited as "cli").
import { CLI_ACTOR } from '../inspections/inspection.service.ts';
import { DATA_HELP, DATA_OPTION, UsageError, type CliCommand } from '../platform/cli.ts';
import type { AnalysisResult, Figure, QuestionResult, Sentiment, ThemeResult } from './survey-analysis.ts';
import { recordSummaryView, suppressedSummary, viewFullResults } from './survey-results.service.ts';
import { findSurveyForCli } from './survey-transfer.cli.ts';
import { AUDIENCE_LABELS, findLanguage } from './survey.ts';

const COUNT = new Intl.NumberFormat('en-GB');
const PERCENT = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const TOP_THEMES = 10;

function hidden(threshold: number | null): string {
  return threshold === null ? 'hidden' : `fewer than ${threshold}`;
}

function count(n: number | null, threshold: number | null): string {
  return n === null ? hidden(threshold) : COUNT.format(n);
}

/** "  123   45.6%   (41.2% to 50.1%)", or why the figure is not shown. */
function figureCells(figure: Figure, threshold: number | null): string {
  if (figure.suppressed || figure.count === null) return hidden(threshold);
  const percent = figure.percent === null ? '' : `${PERCENT.format(figure.percent)}%`.padStart(7);
  const interval = figure.lower === null || figure.upper === null ? '' : `  (${PERCENT.format(figure.lower)}% to ${PERCENT.format(figure.upper)}%)`;
  return `${COUNT.format(figure.count).padStart(7)}  ${percent}${interval}`;
}

function questionLines(question: QuestionResult, responseCount: number, threshold: number | null): string[] {
  const lines = [`${question.questionId}: ${question.text}`];
  if (question.suppressed) return [...lines, `  Answered by ${hidden(threshold)} people: not shown.`, ''];
  const shown = question.showIf && question.shown !== null ? ` (asked ${COUNT.format(question.shown)}, by routing)` : '';
  lines.push(`  Answered by ${count(question.answered, threshold)} of ${COUNT.format(responseCount)}${shown}${question.type === 'multiple' ? '; more than one answer allowed' : ''}`);
  const width = Math.max(10, ...(question.options ?? []).map((o) => o.label.length));
  for (const option of question.options ?? []) lines.push(`  ${option.label.padEnd(width)}  ${figureCells(option, threshold)}`);
  if (question.agreeing) lines.push(`  ${'Agreeing'.padEnd(width)}  ${figureCells(question.agreeing, threshold)}`);
  const number = question.number;
  if (number) {
    if (number.suppressed) lines.push(`  Summary: ${hidden(threshold)} answers, not shown`);
    else lines.push(`  Mean ${number.mean ?? '-'}, median ${number.median ?? '-'}, lowest ${number.min ?? '-'}, highest ${number.max ?? '-'}`);
  }
  lines.push('');
  return lines;
}

function sentimentText(sentiment: Record<Sentiment, number | null>, threshold: number | null): string {
  return (Object.keys(sentiment) as Sentiment[]).map((s) => `${s} ${count(sentiment[s], threshold)}`).join(', ');
}

function themeLine(theme: ThemeResult, width: number, threshold: number | null): string {
  if (theme.suppressed) return `  ${theme.name.padEnd(width)}  ${hidden(threshold)} comments`;
  return `  ${theme.name.padEnd(width)}  ${count(theme.comments, threshold).padStart(7)}  (${sentimentText(theme.sentiment, threshold)})`;
}

/** The analysis as plain text for a terminal: every closed question, then comments and themes. */
export function analysisReport(result: AnalysisResult): string[] {
  const threshold = result.suppressionThreshold;
  const lines = [
    `${AUDIENCE_LABELS[result.audience]} survey ${result.surveyId}`,
    `${COUNT.format(result.responseCount)} responses, analysed ${result.computedAt}`,
    threshold === null ? 'Full analysis: small numbers are shown (inspection team only).' : `Suppressed as the local area sees it: figures under ${threshold} are hidden.`,
    'Each figure: count, percentage of those who answered, 95% Wilson interval.',
    '',
  ];
  for (const question of result.questions) lines.push(...questionLines(question, result.responseCount, threshold));
  for (const question of result.commentQuestions) {
    lines.push(`${question.questionId}: ${question.text}`);
    lines.push(`  ${count(question.answered, threshold)} comments (${sentimentText(question.sentiment, threshold)})`);
    lines.push('');
  }
  const themes = result.themes.slice(0, TOP_THEMES);
  lines.push(themes.length ? `Top themes across all comments (of ${result.themes.length}):` : 'No comments to theme.');
  const width = Math.max(0, ...themes.map((t) => t.name.length));
  for (const theme of themes) lines.push(themeLine(theme, width, threshold));
  lines.push('');
  lines.push(`Languages: ${result.languages.map((l) => `${findLanguage(l.code)?.name ?? l.code} ${count(l.count, threshold)}`).join(', ') || 'none'}`);
  return lines;
}

export const surveyAnalysisCommands: CliCommand[] = [
  {
    name: 'survey analyse',
    summary: 'Analyse a survey: counts, percentages with 95% intervals, breakdowns and comment themes',
    usage: 'send-inspect survey analyse --survey ID [--json] [--suppressed] [--data DIR]',
    help: [
      '  --survey ID      the survey\'s id, or the inspection reference and audience, like SEND-990-2026-1/parents-carers',
      '  --json           print the whole analysis (with breakdowns and quotes) as JSON',
      '  --suppressed     hide figures under the survey\'s threshold, as the local area sees them',
      DATA_HELP,
      '',
      'The analysis is stored and reused until responses or corrections change it.',
      'Each run is recorded in the audit log as a view of the results by "cli".',
    ].join('\n'),
    options: { ...DATA_OPTION, survey: { type: 'string' }, json: { type: 'boolean' }, suppressed: { type: 'boolean' } },
    async run({ values, out, err, openDb }) {
      const id = typeof values.survey === 'string' ? values.survey.trim() : undefined;
      if (!id) throw new UsageError('--survey is required');
      const db = await openDb();
      let result: AnalysisResult;
      try {
        const survey = await findSurveyForCli(db, id);
        const started = performance.now();
        if (values.suppressed) {
          result = await suppressedSummary(db.kysely, survey);
          await recordSummaryView(db.kysely, survey, CLI_ACTOR, { via: 'cli' });
        } else {
          result = await viewFullResults(db.kysely, survey, CLI_ACTOR, { via: 'cli' });
        }
        err(`Analysis of ${COUNT.format(result.responseCount)} responses ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      } finally {
        await db.close();
      }
      if (values.json) out(JSON.stringify(result, null, 2));
      else for (const line of analysisReport(result)) out(line);
    },
  },
];
