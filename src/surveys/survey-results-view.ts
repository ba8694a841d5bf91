// What the survey results, comments, themes and summary pages show, built from an analysis:
// table rows, chart inputs and plain-English sentences, with suppressed figures worded as such.
import { horizontalBarChart, type Bar } from '../platform/render/charts.ts';
import { escapeMarkup } from '../platform/render/escape.ts';
import { inSentence } from '../platform/web/format.ts';
import type { AnalysisResult, Breakdown, CommentQuestionResult, Figure, NumberSummary, OptionFigure, QuestionResult, Quote, Sentiment, ThemeResult } from './survey-analysis.ts';
import { ABOUT_YOU_LABELS, AUDIENCE_LABELS, QUESTION_TYPE_LABELS, SURVEY_AUDIENCES, optionsOf, type SurveyAudience, type SurveyDefinition } from './survey.ts';
import { THEMES, type ThemeCode } from './themes.ts';

/** A cell of a govukTable: text is escaped by the component, html must be escaped already. */
export type TableCell = { text?: string; html?: string; format?: 'numeric'; colspan?: number };
export type TableView = { caption: string; head: TableCell[]; rows: TableCell[][] };

const COUNT_FORMAT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const DECIMAL_FORMAT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

export const SENTIMENT_LABELS: Readonly<Record<Sentiment, string>> = {
  positive: 'Positive',
  negative: 'Negative',
  mixed: 'Mixed',
  neutral: 'Neutral',
};

const THEME_NAMES: ReadonlyMap<string, string> = new Map(THEMES.map((t) => [t.code, t.name]));

export function themeName(code: string): string {
  return THEME_NAMES.get(code) ?? code;
}

// ---- Figures in words ----------------------------------------------------------------------

/** Whole percentages, rounded as the charts round them, so a chart and its table agree. */
export function formatPercent(value: number): string {
  return `${Math.round(value)}%`;
}

export function formatCount(value: number): string {
  return COUNT_FORMAT.format(value);
}

/** "Fewer than 10 responses": how a figure hidden to protect small groups reads everywhere. */
export function fewerThan(threshold: number | null, noun = 'responses'): string {
  return threshold === null ? 'Suppressed' : `Fewer than ${threshold} ${noun}`;
}

function isShown(figure: Figure): figure is Figure & { count: number; base: number; percent: number } {
  return !figure.suppressed && figure.percent !== null && figure.count !== null && figure.base !== null;
}

function hasInterval(figure: Figure): figure is Figure & { lower: number; upper: number } {
  return figure.lower !== null && figure.upper !== null;
}

/** "41% to 52%" */
export function formatInterval(figure: Figure): string {
  return hasInterval(figure) ? `${formatPercent(figure.lower)} to ${formatPercent(figure.upper)}` : 'Not available';
}

/** "46% (41% to 52%)", or the suppression wording. */
export function formatFigure(figure: Figure, threshold: number | null): string {
  if (!isShown(figure)) return fewerThan(threshold);
  return hasInterval(figure) ? `${formatPercent(figure.percent)} (${formatInterval(figure)})` : formatPercent(figure.percent);
}

/** The audience inside a sentence: "parents and carers". */
export function audienceInSentence(audience: SurveyAudience): string {
  return AUDIENCE_LABELS[audience].toLowerCase();
}

function joinWithOr(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** Why a routed question has a smaller base: "asked only if the answer to “…” was “Yes”". */
export function routingCondition(definition: Pick<SurveyDefinition, 'questions'>, questionId: string): string | undefined {
  const rule = definition.questions.find((q) => q.id === questionId)?.showIf;
  if (!rule) return undefined;
  const earlier = definition.questions.find((q) => q.id === rule.question);
  if (!earlier) return undefined;
  const labels = rule.anyOf.map((value) => `“${optionsOf(earlier).find((o) => o.value === value)?.label ?? value}”`);
  return `asked only if the answer to “${earlier.text}” was ${joinWithOr(labels)}`;
}

/** "Answered by 812 of 995 respondents; asked only if …". */
export function baseText(question: QuestionResult, responseCount: number, routing: string | undefined, threshold: number | null): string {
  const routed = routing ? `; ${routing}` : '';
  if (question.answered === null) return `Answered by ${fewerThan(threshold, 'respondents').toLowerCase()}${routed}.`;
  const asked = routing && question.shown !== null ? ` (${formatCount(question.shown)} ${question.shown === 1 ? 'was' : 'were'} asked it)` : '';
  return `Answered by ${formatCount(question.answered)} of ${formatCount(responseCount)} respondents${routed}${asked}.`;
}

// ---- Closed questions ----------------------------------------------------------------------

/** The bars of a question's chart: a suppressed figure draws no bar and says why. */
export function optionBars(options: OptionFigure[], threshold: number | null): Bar[] {
  return options.map((option) => {
    if (!isShown(option)) return { label: option.label, value: null, note: fewerThan(threshold).toLowerCase() };
    return hasInterval(option) ? { label: option.label, value: option.percent, lower: option.lower, upper: option.upper } : { label: option.label, value: option.percent };
  });
}

/** The chart's figures as a table, with the counts the chart leaves out. */
export function optionTable(caption: string, options: OptionFigure[], threshold: number | null): TableView {
  return {
    caption,
    head: [{ text: 'Answer' }, { text: 'Number', format: 'numeric' }, { text: 'Percentage', format: 'numeric' }, { text: '95% interval', format: 'numeric' }],
    rows: options.map((option) =>
      isShown(option)
        ? [
            { text: option.label },
            { text: formatCount(option.count), format: 'numeric' },
            { text: formatPercent(option.percent), format: 'numeric' },
            { text: formatInterval(option), format: 'numeric' },
          ]
        : [{ text: option.label }, { text: fewerThan(threshold), colspan: 3 }],
    ),
  };
}

function numberTable(caption: string, summary: NumberSummary): TableView {
  const value = (n: number | null) => (n === null ? 'Not available' : DECIMAL_FORMAT.format(n));
  return {
    caption,
    head: [{ text: 'Measure' }, { text: 'Value', format: 'numeric' }],
    rows: [
      ['Answered', value(summary.answered)],
      ['Mean (average)', value(summary.mean)],
      ['Median (middle value)', value(summary.median)],
      ['Lowest', value(summary.min)],
      ['Highest', value(summary.max)],
    ].map(([measure, figure]) => [{ text: measure! }, { text: figure!, format: 'numeric' }]),
  };
}

export type BreakdownOption = { value: string; text: string };

/** The "about you" questions a results page can break down by. */
export function breakdownChoices(definition: Pick<SurveyDefinition, 'questions'>): BreakdownOption[] {
  return definition.questions.filter((q) => q.aboutYou).map((q) => ({ value: q.id, text: ABOUT_YOU_LABELS[q.aboutYou!] }));
}

function groupCells(options: OptionFigure[], threshold: number | null): TableCell[] {
  return options.map((o) => ({ text: isShown(o) ? formatPercent(o.percent) : fewerThan(threshold), format: 'numeric' as const }));
}

/** A question's answers per group of an "about you" question: percentages with each group's size. */
export function breakdownTable(question: QuestionResult, breakdown: Breakdown, threshold: number | null): TableView {
  const caption = `Answers to “${question.text}” by ${inSentence(breakdown.label)}`;
  const agreement = question.type === 'agreement';
  const optionLabels = (question.options ?? []).map((o) => o.label);
  const head: TableCell[] = [{ text: breakdown.label }, { text: 'Answered', format: 'numeric' }];
  if (agreement) head.push({ text: 'Agreeing', format: 'numeric' }, { text: '95% interval', format: 'numeric' });
  else head.push(...optionLabels.map((label) => ({ text: label, format: 'numeric' as const })));
  const width = head.length - 1;
  const rows = breakdown.groups.map((group): TableCell[] => {
    if (group.suppressed || group.answered === null) return [{ text: group.label }, { text: fewerThan(threshold), colspan: width }];
    const size = { text: formatCount(group.answered), format: 'numeric' as const };
    if (group.answered === 0) return [{ text: group.label }, size, { text: 'No answers from this group', colspan: width - 1 }];
    if (agreement) {
      const agreeing = group.agreeing;
      if (!agreeing || !isShown(agreeing)) return [{ text: group.label }, size, { text: fewerThan(threshold), colspan: 2 }];
      return [{ text: group.label }, size, { text: formatPercent(agreeing.percent), format: 'numeric' }, { text: formatInterval(agreeing), format: 'numeric' }];
    }
    return [{ text: group.label }, size, ...groupCells(group.options, threshold)];
  });
  return { caption, head, rows };
}

export type QuestionView = {
  id: string;
  text: string;
  typeLabel: string;
  criteria: string[];
  base: string;
  suppressed: boolean;
  /** Why nothing else is shown, when the whole question is suppressed. */
  suppressedText?: string;
  /** Agreement questions: the share agreeing, in words. */
  agreeing?: string;
  multipleNote?: string;
  chart?: { svg: string };
  table?: TableView;
  numberTable?: TableView;
  breakdown?: TableView;
};

export type QuestionViewOptions = {
  definition: Pick<SurveyDefinition, 'questions'>;
  responseCount: number;
  threshold: number | null;
  /** The "about you" question to break the figures down by. */
  breakdownBy?: string;
  /** Prefix of the charts' element ids, different on each page that shows several charts. */
  idPrefix: string;
};

export function questionView(question: QuestionResult, options: QuestionViewOptions): QuestionView {
  const { threshold } = options;
  const view: QuestionView = {
    id: question.questionId,
    text: question.text,
    typeLabel: QUESTION_TYPE_LABELS[question.type],
    criteria: question.criteria,
    base: baseText(question, options.responseCount, routingCondition(options.definition, question.questionId), threshold),
    suppressed: question.suppressed,
  };
  if (question.suppressed) {
    view.suppressedText = `${fewerThan(threshold, 'people')} answered this question, so its figures are not shown.`;
    return view;
  }
  if (question.answered === 0) {
    view.suppressedText = 'Nobody has answered this question yet.';
    return view;
  }
  if (question.options) {
    const chart = horizontalBarChart({
      title: question.text,
      caption: question.type === 'multiple' ? 'Percentages of those who answered; people could choose more than one answer.' : 'Percentages of those who answered, with 95% intervals.',
      unit: 'percent',
      bars: optionBars(question.options, threshold),
      labelHeading: 'Answer',
      id: `${options.idPrefix}-${question.questionId}`,
    });
    view.chart = { svg: chart.svg };
    view.table = optionTable(`Answers to “${question.text}”`, question.options, threshold);
  }
  if (question.agreeing) {
    view.agreeing = isShown(question.agreeing)
      ? `Agreeing (strongly agree or agree): ${formatFigure(question.agreeing, threshold)}.`
      : `Agreeing (strongly agree or agree): ${fewerThan(threshold).toLowerCase()}.`;
  }
  if (question.type === 'multiple') view.multipleNote = 'People could choose more than one answer, so the percentages add up to more than 100%.';
  if (question.number) {
    view.numberTable = question.number.suppressed
      ? undefined
      : numberTable(`Summary of answers to “${question.text}”`, question.number);
    if (question.number.suppressed) view.suppressedText = `${fewerThan(threshold, 'people')} answered this question, so its figures are not shown.`;
  }
  const breakdown = options.breakdownBy && options.breakdownBy !== question.questionId ? question.breakdowns.find((b) => b.questionId === options.breakdownBy) : undefined;
  if (breakdown) view.breakdown = breakdownTable(question, breakdown, threshold);
  return view;
}

// ---- Comments and themes -------------------------------------------------------------------

function sentimentCount(theme: ThemeResult, sentiment: Sentiment): string {
  const n = theme.sentiment[sentiment];
  return n === null ? '' : formatCount(n);
}

export type ThemeQuoteView = { text: string; theme: string; sentiment: string };

/** The most representative quotes, highest confidence first, each comment once. */
export function topQuotes(themes: ThemeResult[], limit: number): ThemeQuoteView[] {
  const candidates: { quote: Quote; theme: string }[] = [];
  for (const theme of themes) {
    if (theme.suppressed) continue;
    for (const quote of theme.quotes) candidates.push({ quote, theme: theme.name });
  }
  candidates.sort((a, b) => b.quote.confidence - a.quote.confidence);
  const seen = new Set<string>();
  const chosen: ThemeQuoteView[] = [];
  for (const { quote, theme } of candidates) {
    const key = `${quote.responseId}:${quote.questionId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    chosen.push({ text: quote.text, theme, sentiment: SENTIMENT_LABELS[quote.sentiment] });
    if (chosen.length === limit) break;
  }
  return chosen;
}

export type CommentQuestionView = {
  id: string;
  text: string;
  answered: string;
  sentiment: string;
  themes: TableView;
  quotes: ThemeQuoteView[];
  commentsHref: string;
};

function sentimentSentence(sentiment: Record<Sentiment, number | null>): string {
  const parts = (Object.keys(SENTIMENT_LABELS) as Sentiment[])
    .filter((s) => sentiment[s] !== null)
    .map((s) => `${formatCount(sentiment[s]!)} ${SENTIMENT_LABELS[s].toLowerCase()}`);
  return parts.length ? `${parts.join(', ')}.` : '';
}

/** A free-text question's themes with links to their comments, and its top quotes. */
export function commentQuestionView(question: CommentQuestionResult, commentsHref: (questionId: string, theme?: ThemeCode) => string, threshold: number | null): CommentQuestionView {
  const themes = question.themes.filter((t) => t.suppressed || (t.comments ?? 0) > 0);
  return {
    id: question.questionId,
    text: question.text,
    answered: question.answered === null ? `${fewerThan(threshold, 'people')} wrote a comment.` : `${formatCount(question.answered)} ${question.answered === 1 ? 'person' : 'people'} wrote a comment.`,
    sentiment: sentimentSentence(question.sentiment),
    commentsHref: commentsHref(question.questionId),
    themes: {
      caption: `Themes in answers to “${question.text}”`,
      head: [
        { text: 'Theme' },
        { text: 'Comments', format: 'numeric' },
        { text: 'Share of comments', format: 'numeric' },
        { text: 'Positive', format: 'numeric' },
        { text: 'Negative', format: 'numeric' },
      ],
      rows: themes.map((theme) => {
        const link = { html: `<a class="govuk-link" href="${escapeMarkup(commentsHref(question.questionId, theme.code))}">${escapeMarkup(theme.name)}</a>` };
        if (theme.suppressed || theme.comments === null) return [link, { text: fewerThan(threshold), colspan: 4 }];
        const share = question.answered ? formatPercent((theme.comments / question.answered) * 100) : '';
        return [
          link,
          { text: formatCount(theme.comments), format: 'numeric' },
          { text: share, format: 'numeric' },
          { text: sentimentCount(theme, 'positive'), format: 'numeric' },
          { text: sentimentCount(theme, 'negative'), format: 'numeric' },
        ];
      }),
    },
    quotes: topQuotes(question.themes, 5),
  };
}

/**
 * How sure the coding is, in words. A model's confidence is the probability that the comment is
 * about the theme: "likely" when more likely than not, otherwise "possible".
 */
export function confidenceInWords(confidence: number, corrected: boolean): string {
  if (corrected) return 'chosen by an inspector';
  return confidence >= 0.5 ? 'likely' : 'possible';
}

// ---- Themes across an inspection's surveys -------------------------------------------------

export type AudienceAnalysis = { audience: SurveyAudience; result: AnalysisResult };

export type InspectionThemeRow = {
  code: ThemeCode;
  name: string;
  byAudience: { audience: SurveyAudience; comments: number }[];
  total: number;
  positive: number;
  negative: number;
  quotes: (ThemeQuoteView & { audience: string })[];
};

export type InspectionThemesView = { rows: InspectionThemeRow[]; chart: { svg: string } | undefined; table: TableView; audiences: SurveyAudience[] };

/** Each theme's comments by audience across an inspection's surveys, most comments first. */
export function inspectionThemesView(analyses: AudienceAnalysis[], quotesPerTheme = 3): InspectionThemesView {
  const audiences = SURVEY_AUDIENCES.filter((a) => analyses.some((x) => x.audience === a));
  const rows: InspectionThemeRow[] = THEMES.map((theme) => {
    const found = analyses.map((a) => ({ audience: a.audience, theme: a.result.themes.find((t) => t.code === theme.code) }));
    const count = (t: ThemeResult | undefined) => t?.comments ?? 0;
    const quotes = found
      .flatMap(({ audience, theme: t }) => (t?.quotes ?? []).map((q) => ({ q, audience })))
      .sort((a, b) => b.q.confidence - a.q.confidence)
      .slice(0, quotesPerTheme)
      .map(({ q, audience }) => ({ text: q.text, theme: theme.name, sentiment: SENTIMENT_LABELS[q.sentiment], audience: AUDIENCE_LABELS[audience] }));
    return {
      code: theme.code,
      name: theme.name,
      byAudience: audiences.map((audience) => ({ audience, comments: count(found.find((f) => f.audience === audience)?.theme) })),
      total: found.reduce((sum, f) => sum + count(f.theme), 0),
      positive: found.reduce((sum, f) => sum + (f.theme?.sentiment.positive ?? 0), 0),
      negative: found.reduce((sum, f) => sum + (f.theme?.sentiment.negative ?? 0), 0),
      quotes,
    };
  })
    .filter((row) => row.total > 0)
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  const chart = rows.length
    ? horizontalBarChart({
        title: 'Comments by theme, all surveys',
        caption: 'Number of comments coded to each theme; a comment can have up to three themes.',
        unit: 'count',
        bars: rows.map((r) => ({ label: r.name, value: r.total })),
        labelHeading: 'Theme',
        valueHeading: 'Comments',
        id: 'themes-all',
      })
    : undefined;
  return {
    rows,
    audiences,
    chart: chart && { svg: chart.svg },
    table: {
      caption: 'Comments by theme and audience',
      head: [
        { text: 'Theme' },
        ...audiences.map((a) => ({ text: AUDIENCE_LABELS[a], format: 'numeric' as const })),
        { text: 'Total', format: 'numeric' },
        { text: 'Positive', format: 'numeric' },
        { text: 'Negative', format: 'numeric' },
      ],
      rows: rows.map((r) => [
        { text: r.name },
        ...r.byAudience.map((b) => ({ text: formatCount(b.comments), format: 'numeric' as const })),
        { text: formatCount(r.total), format: 'numeric' },
        { text: formatCount(r.positive), format: 'numeric' },
        { text: formatCount(r.negative), format: 'numeric' },
      ]),
    },
  };
}

// ---- The shareable summary -----------------------------------------------------------------

/** A statement as it reads after "agreed that": its full stop dropped, its first letter small. */
function statementInSentence(text: string): string {
  const trimmed = text.trim().replace(/[.!]+$/, '');
  const first = trimmed.split(/\s/, 1)[0] ?? '';
  const keepCapital = first === 'I' || first.startsWith("I'") || (first.length > 1 && first === first.toUpperCase());
  return keepCapital ? trimmed : trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}

/**
 * "62% of parents and carers who answered agreed that “…”": one sentence per agreement statement
 * whose figure is shown, then one saying how many statements have too few answers to show.
 */
export function headlineSentences(result: AnalysisResult, threshold: number): string[] {
  const who = audienceInSentence(result.audience);
  const statements = result.questions.filter((q) => q.type === 'agreement' && q.agreeing);
  const sentences: string[] = [];
  let hidden = 0;
  for (const q of statements) {
    if (q.suppressed || !isShown(q.agreeing!)) hidden++;
    else sentences.push(`${formatPercent(q.agreeing!.percent)} of ${who} who answered agreed that “${statementInSentence(q.text)}”.`);
  }
  if (hidden > 0) {
    const count = hidden === statements.length ? (hidden === 1 ? 'the statement' : `all ${formatCount(hidden)} statements`) : hidden === 1 ? '1 other statement' : `${formatCount(hidden)} other statements`;
    sentences.push(`The figures for ${count} are not shown, because fewer than ${threshold} ${who} answered or agreed.`);
  }
  return sentences;
}

export type SummaryThemeView = { name: string; comments: string; quotes: ThemeQuoteView[] };

export type SummaryView = {
  audienceLabel: string;
  audiencePhrase: string;
  responses: string;
  threshold: number;
  headlines: string[];
  questions: QuestionView[];
  themes: SummaryThemeView[];
  themesTable: TableView;
};

/**
 * The summary the local area and families see. It must be given a suppressed result: it shows
 * whatever figures it is given, and the response count only when it reaches the threshold.
 */
export function summaryView(result: AnalysisResult, definition: Pick<SurveyDefinition, 'questions'>, threshold: number, idPrefix = 'summary'): SummaryView {
  const who = audienceInSentence(result.audience);
  const shownThemes = result.themes.filter((t) => !t.suppressed && (t.comments ?? 0) > 0);
  const used = new Set<string>();
  const themes = shownThemes.slice(0, 6).map((theme) => {
    const key = (q: Quote) => `${q.responseId}:${q.questionId}`;
    // A comment is quoted once where it can be; a theme whose quotes all appeared already repeats its best.
    const fresh = theme.quotes.filter((q) => !used.has(key(q))).slice(0, 2);
    const chosen = fresh.length ? fresh : theme.quotes.slice(0, 1);
    for (const q of chosen) used.add(key(q));
    return { name: theme.name, comments: formatCount(theme.comments!), quotes: chosen.map((q) => ({ text: q.text, theme: theme.name, sentiment: SENTIMENT_LABELS[q.sentiment] })) };
  });
  return {
    audienceLabel: AUDIENCE_LABELS[result.audience],
    audiencePhrase: who,
    responses: result.responseCount < threshold ? `${fewerThan(threshold, who)} answered the survey.` : `${formatCount(result.responseCount)} ${who} answered the survey.`,
    threshold,
    headlines: headlineSentences(result, threshold),
    questions: result.questions.map((q) => questionView(q, { definition, responseCount: result.responseCount, threshold, idPrefix })),
    themes,
    themesTable: {
      caption: `Themes of the comments from ${who}`,
      head: [{ text: 'Theme' }, { text: 'Comments', format: 'numeric' }],
      rows: shownThemes.map((t) => [{ text: t.name }, { text: formatCount(t.comments!), format: 'numeric' }]),
    },
  };
}

// ---- Comment lists -------------------------------------------------------------------------

/** A comment as the analysis lists it: redacted text, its themes (an inspector's, or the model's). */
export type ListedComment = {
  responseId: number;
  questionId: string;
  questionText: string;
  redacted: string;
  themes: { code: string; confidence: number }[];
  corrected: boolean;
  sentiment: Sentiment;
};

export type CommentView = {
  responseId: number;
  questionId: string;
  questionText: string;
  paragraphs: string[];
  themes: { name: string; confidence: string }[];
  corrected: boolean;
  sentiment: string;
  changeHref?: string;
};

/** One redacted comment as the comments page lists it; the unredacted text is never given here. */
export function commentView(comment: ListedComment, changeHref: string | undefined): CommentView {
  return {
    responseId: comment.responseId,
    questionId: comment.questionId,
    questionText: comment.questionText,
    paragraphs: comment.redacted.split(/\n+/).map((p) => p.trim()).filter(Boolean),
    themes: comment.themes.map((t) => ({ name: themeName(t.code), confidence: confidenceInWords(t.confidence, comment.corrected) })),
    corrected: comment.corrected,
    sentiment: SENTIMENT_LABELS[comment.sentiment],
    changeHref,
  };
}

export type PaginationItem = { number: number; href: string; current: boolean } | { ellipsis: true };
export type PaginationView = { previous?: { href: string }; next?: { href: string }; items: PaginationItem[] };

/** GOV.UK pagination: the first, last, current and neighbouring pages, with gaps between. */
export function paginationView(page: number, pageCount: number, hrefFor: (page: number) => string): PaginationView | undefined {
  if (pageCount <= 1) return undefined;
  const wanted = [...new Set([1, page - 1, page, page + 1, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  const items: PaginationItem[] = [];
  wanted.forEach((n, i) => {
    if (i > 0 && n - wanted[i - 1]! > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: hrefFor(n), current: n === page });
  });
  return {
    previous: page > 1 ? { href: hrefFor(page - 1) } : undefined,
    next: page < pageCount ? { href: hrefFor(page + 1) } : undefined,
    items,
  };
}
