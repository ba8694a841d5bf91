// Accessible charts drawn as SVG strings, each returned with the same figures as a table.
import { createHash } from 'node:crypto';
import { escapeMarkup } from './escape.ts';
import { textWidth, wrapText } from './text-measure.ts';

/**
 * GOV.UK palette colours. Bars and other marks that carry meaning reach 3:1 against white and
 * text reaches 4.5:1 (charts.test.ts checks both); gridlines are decoration, since every figure
 * is also written out, so they may be pale.
 */
export const CHART_COLOURS = {
  bar: '#1d70b8',
  text: '#0b0c0c',
  secondaryText: '#484949',
  interval: '#0b0c0c',
  axis: '#0b0c0c',
  gridline: '#cecece',
} as const;

export type ChartTable = { head: string[]; rows: string[][] };

/**
 * svg: markup to place in a page, with its title and description for screen readers.
 * table: the same figures as plain text (escape when rendering; Nunjucks does by default).
 */
export type Chart = { svg: string; table: ChartTable };

export type Bar = {
  label: string;
  /** null: the figure is suppressed (e.g. too few responses to publish). */
  value: number | null;
  /** Bounds of a 95% confidence interval; give both or neither. */
  lower?: number;
  upper?: number;
  note?: string;
};

export type HorizontalBarChartInput = {
  title: string;
  /** Shown under the chart and read as part of its description. */
  caption?: string;
  /** 'percent': values from 0 to 100, shown as whole percentages. */
  unit: 'percent' | 'count';
  bars: Bar[];
  /** The end of the scale, so that several charts can share one; never less than the largest figure. */
  maxValue?: number;
  /** Heading of the table's first column (default "Category"). */
  labelHeading?: string;
  /** Heading of the figures' column (default "Percentage" or "Number"). */
  valueHeading?: string;
  /** Prefix of the ids of the title and description; by default derived from the chart's content. */
  id?: string;
};

export type DailyCount = { date: string; count: number };

export type DailyCountsChartInput = {
  title: string;
  /** Days missing between the first and the last count as 0. */
  days: DailyCount[];
  caption?: string;
  /** Heading of the table's figures column (default "Number"). */
  countHeading?: string;
  id?: string;
};

// Drawing units. At the viewBox's width of 640 (GOV.UK's two-thirds column, and about the width
// of an A4 page inside its margins) text is 19px; it stays at 16px or more down to 540px wide.
const WIDTH = 640;
const FONT_SIZE = 19;
const LINE_HEIGHT = 25;
/** From the top of a line box to its text's baseline. */
const BASELINE = 18;
const BAR_HEIGHT = 28;
const ROW_GAP = 20;
const VALUE_GAP = 8;
const CAP_HEIGHT = 14;
const COLUMN_PLOT_HEIGHT = 220;
const FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, sans-serif";

const NUMBER_FORMAT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const SHORT_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Ten years of days: a longer range is a mistake, not a dashboard. */
const MAX_DAYS = 3660;
const ID_PATTERN = /^[A-Za-z][\w-]*$/;

function formatFigure(value: number, unit: 'percent' | 'count'): string {
  return unit === 'percent' ? `${Math.round(value)}%` : NUMBER_FORMAT.format(value);
}

function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function number(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function chartIds(id: string | undefined, input: unknown): { title: string; desc: string } {
  if (id !== undefined && !ID_PATTERN.test(id)) throw new TypeError(`A chart id must start with a letter and hold only letters, digits, "-" and "_": "${id}"`);
  const prefix = id ?? `chart-${createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 10)}`;
  return { title: `${prefix}-title`, desc: `${prefix}-desc` };
}

function svgDocument(ids: { title: string; desc: string }, title: string, description: string, height: number, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${number(height)}" width="100%" role="img" aria-labelledby="${ids.title} ${ids.desc}"`,
    ` font-family="${FONT_FAMILY}" font-size="${FONT_SIZE}" fill="${CHART_COLOURS.text}">`,
    `<title id="${ids.title}">${escapeMarkup(title)}</title>`,
    `<desc id="${ids.desc}">${escapeMarkup(description)}</desc>`,
    ...body,
    '</svg>',
  ].join('');
}

/** Lines of text, each on its own baseline, starting with the line box at top. */
function textLines(lines: string[], x: number, top: number, attributes = ''): string {
  const spans = lines.map((line, i) => `<tspan x="${number(x)}" y="${number(top + i * LINE_HEIGHT + BASELINE)}">${escapeMarkup(line)}</tspan>`);
  return `<text${attributes}>${spans.join('')}</text>`;
}

function line(x1: number, y1: number, x2: number, y2: number, colour: string, width = 2): string {
  return `<line x1="${number(x1)}" y1="${number(y1)}" x2="${number(x2)}" y2="${number(y2)}" stroke="${colour}" stroke-width="${width}"/>`;
}

/** A round end for a count scale: 1, 2 or 5 times a power of ten, at most five steps to the top. */
function niceStep(max: number): number {
  if (max <= 5) return 1;
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  return Math.max(1, step);
}

function requireFigure(value: number, what: string): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${what} must be a number of 0 or more, got ${value}`);
}

function checkBar(bar: Bar, unit: 'percent' | 'count'): void {
  const what = `The figure for "${bar.label}"`;
  if ((bar.lower === undefined) !== (bar.upper === undefined)) throw new RangeError(`${what} needs both ends of its interval or neither`);
  if (bar.value === null) return;
  requireFigure(bar.value, what);
  if (unit === 'percent' && bar.value > 100) throw new RangeError(`${what} is a percentage over 100: ${bar.value}`);
  if (bar.lower !== undefined && bar.upper !== undefined) {
    requireFigure(bar.lower, `${what}'s lower bound`);
    requireFigure(bar.upper, `${what}'s upper bound`);
    if (bar.lower > bar.value || bar.upper < bar.value) {
      throw new RangeError(`${what} (${bar.value}) must lie within its interval (${bar.lower} to ${bar.upper})`);
    }
  }
}

function hasInterval(bar: Bar): bar is Bar & { value: number; lower: number; upper: number } {
  return bar.value !== null && bar.lower !== undefined && bar.upper !== undefined;
}

function intervalText(bar: Bar, unit: 'percent' | 'count'): string {
  if (bar.value === null) return 'Suppressed';
  if (!hasInterval(bar)) return 'Not available';
  return `${formatFigure(bar.lower, unit)} to ${formatFigure(bar.upper, unit)}`;
}

function barTable(input: HorizontalBarChartInput): ChartTable {
  const withIntervals = input.bars.some(hasInterval);
  const withNotes = input.bars.some((b) => b.note);
  const head = [input.labelHeading ?? 'Category', input.valueHeading ?? (input.unit === 'percent' ? 'Percentage' : 'Number')];
  if (withIntervals) head.push('95% interval');
  if (withNotes) head.push('Note');
  const rows = input.bars.map((bar) => {
    const row = [bar.label, bar.value === null ? 'Suppressed' : formatFigure(bar.value, input.unit)];
    if (withIntervals) row.push(intervalText(bar, input.unit));
    if (withNotes) row.push(bar.note ? sentenceCase(bar.note) : '');
    return row;
  });
  return { head, rows };
}

function barDescription(input: HorizontalBarChartInput): string {
  const sentences = input.caption ? [input.caption.trim().replace(/([^.!?])$/, '$1.')] : [];
  if (input.bars.length === 0) sentences.push('There are no figures to show.');
  for (const bar of input.bars) {
    const details: string[] = [];
    if (hasInterval(bar)) details.push(`95% interval ${intervalText(bar, input.unit)}`);
    if (bar.note) details.push(bar.note);
    const figure = bar.value === null ? 'suppressed' : formatFigure(bar.value, input.unit);
    sentences.push(`${bar.label}: ${figure}${details.length ? ` (${details.join('; ')})` : ''}.`);
  }
  return sentences.join(' ');
}

function captionLines(caption: string | undefined, top: number): { markup: string[]; height: number } {
  if (!caption) return { markup: [], height: 0 };
  const lines = wrapText(caption, WIDTH, FONT_SIZE);
  return { markup: [textLines(lines, 0, top, ` fill="${CHART_COLOURS.secondaryText}"`)], height: lines.length * LINE_HEIGHT };
}

/**
 * Horizontal bars, one per category, each labelled above with its name (wrapped, never cut)
 * and at its end with its figure. A suppressed figure draws no bar and says so instead.
 */
export function horizontalBarChart(input: HorizontalBarChartInput): Chart {
  for (const bar of input.bars) checkBar(bar, input.unit);
  const ids = chartIds(input.id, input);
  const shown = input.bars.filter((b): b is Bar & { value: number } => b.value !== null);
  const largest = Math.max(0, ...shown.map((b) => Math.max(b.value, b.upper ?? 0)));
  const defaultMax = input.unit === 'percent' ? 100 : Math.ceil(largest / niceStep(largest)) * niceStep(largest);
  const scaleMax = Math.max(input.maxValue ?? defaultMax, largest) || 1;
  // Room to the right of the longest bar for its figure. Measuring the scale's end too keeps the
  // bars of charts that share a maxValue the same length for the same figure.
  const figures = [scaleMax, ...shown.map((b) => b.value)].map((v) => formatFigure(v, input.unit));
  const figureRoom = Math.max(...figures.map((f) => textWidth(f, FONT_SIZE))) + VALUE_GAP + 4;
  const plotWidth = WIDTH - figureRoom;
  const x = (value: number) => (value / scaleMax) * plotWidth;

  const body: string[] = [];
  let top = 0;
  for (const bar of input.bars) {
    const labelLines = wrapText(bar.label, WIDTH, FONT_SIZE);
    body.push(textLines(labelLines, 0, top));
    const barTop = top + labelLines.length * LINE_HEIGHT + 4;
    const middle = barTop + BAR_HEIGHT / 2;
    let bandHeight = BAR_HEIGHT;
    if (bar.value === null) {
      const message = bar.note ? `Suppressed (${bar.note})` : 'Suppressed';
      const lines = wrapText(message, WIDTH - VALUE_GAP - 4, FONT_SIZE);
      body.push(textLines(lines, VALUE_GAP + 2, barTop + (BAR_HEIGHT - LINE_HEIGHT) / 2));
      bandHeight = Math.max(BAR_HEIGHT, lines.length * LINE_HEIGHT);
    } else {
      const end = x(bar.value);
      body.push(`<rect x="0" y="${number(barTop)}" width="${number(end)}" height="${BAR_HEIGHT}" fill="${CHART_COLOURS.bar}"/>`);
      let figureAt = end;
      if (hasInterval(bar)) {
        const [from, to] = [x(bar.lower), x(bar.upper)];
        body.push(
          line(from, middle, to, middle, CHART_COLOURS.interval),
          line(from, middle - CAP_HEIGHT / 2, from, middle + CAP_HEIGHT / 2, CHART_COLOURS.interval),
          line(to, middle - CAP_HEIGHT / 2, to, middle + CAP_HEIGHT / 2, CHART_COLOURS.interval),
        );
        figureAt = Math.max(end, to);
      }
      body.push(`<text x="${number(figureAt + VALUE_GAP)}" y="${number(middle + FONT_SIZE * 0.35)}">${escapeMarkup(formatFigure(bar.value, input.unit))}</text>`);
    }
    body.push(line(1, barTop - 4, 1, barTop + bandHeight + 4, CHART_COLOURS.axis));
    top = barTop + bandHeight + 4;
    if (bar.value !== null && bar.note) {
      const noteLines = wrapText(bar.note, WIDTH, FONT_SIZE);
      body.push(textLines(noteLines, 0, top + 2, ` fill="${CHART_COLOURS.secondaryText}"`));
      top += noteLines.length * LINE_HEIGHT + 2;
    }
    top += ROW_GAP;
  }
  if (input.bars.length === 0) {
    body.push(textLines(['There are no figures to show.'], 0, top));
    top += LINE_HEIGHT + ROW_GAP;
  }
  const caption = captionLines(input.caption, top);
  body.push(...caption.markup);
  const height = top + caption.height + (caption.height ? 4 : -ROW_GAP + 4);
  return { svg: svgDocument(ids, input.title, barDescription(input), height, body), table: barTable(input) };
}

function dayNumber(date: string): number {
  const match = ISO_DATE.exec(date);
  if (!match) throw new TypeError(`Expected a date as YYYY-MM-DD, got "${date}"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  if (new Date(ms).getUTCDate() !== day) throw new TypeError(`"${date}" is not a real date`);
  return ms / DAY_MS;
}

/** Every day from the first to the last given, in order, with 0 for the days not given. */
function continuousDays(days: DailyCount[]): { day: number; count: number }[] {
  const counts = new Map<number, number>();
  for (const { date, count } of days) {
    const day = dayNumber(date);
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`The count for ${date} must be a whole number of 0 or more, got ${count}`);
    if (counts.has(day)) throw new RangeError(`${date} is given more than once`);
    counts.set(day, count);
  }
  if (counts.size === 0) return [];
  const first = Math.min(...counts.keys());
  const last = Math.max(...counts.keys());
  if (last - first + 1 > MAX_DAYS) throw new RangeError(`Daily counts can cover at most ${MAX_DAYS} days`);
  const all: { day: number; count: number }[] = [];
  for (let day = first; day <= last; day++) all.push({ day, count: counts.get(day) ?? 0 });
  return all;
}

/** Every how many columns a date label fits; weekly labels fall on Mondays. */
function dateLabelEvery(step: number, labelWidth: number): number {
  for (const every of [1, 2, 7, 14, 28]) if (every * step >= labelWidth) return every;
  return Math.ceil(labelWidth / step / 28) * 28;
}

function dailyDescription(input: DailyCountsChartInput, days: { day: number; count: number }[]): string {
  const sentences = input.caption ? [input.caption.trim().replace(/([^.!?])$/, '$1.')] : [];
  if (days.length === 0) return [...sentences, 'There are no figures to show yet.'].join(' ');
  const total = days.reduce((sum, d) => sum + d.count, 0);
  const busiest = days.reduce((best, d) => (d.count > best.count ? d : best));
  const date = (day: number) => LONG_DATE.format(day * DAY_MS);
  sentences.push(
    days.length === 1
      ? `${NUMBER_FORMAT.format(total)} on ${date(days[0].day)}.`
      : `${NUMBER_FORMAT.format(total)} in total over ${days.length} days, from ${date(days[0].day)} to ${date(days[days.length - 1].day)}.`,
  );
  if (days.length > 1) sentences.push(`The most in one day was ${NUMBER_FORMAT.format(busiest.count)}, on ${date(busiest.day)}.`);
  return sentences.join(' ');
}

/**
 * One column per day (a live count of, say, responses), with a count scale on the left. Each
 * column carries its figure when there is room; the table always has every figure.
 */
export function dailyCountsChart(input: DailyCountsChartInput): Chart {
  const days = continuousDays(input.days);
  const ids = chartIds(input.id, input);
  const table: ChartTable = {
    head: ['Date', input.countHeading ?? 'Number'],
    rows: days.map((d) => [LONG_DATE.format(d.day * DAY_MS), NUMBER_FORMAT.format(d.count)]),
  };
  const description = dailyDescription(input, days);
  if (days.length === 0) {
    const caption = captionLines(input.caption, LINE_HEIGHT + 8);
    const body = [textLines(['There are no figures to show yet.'], 0, 0), ...caption.markup];
    return { svg: svgDocument(ids, input.title, description, LINE_HEIGHT + 8 + caption.height, body), table };
  }

  const largest = Math.max(...days.map((d) => d.count));
  const tickStep = niceStep(largest);
  const scaleMax = Math.max(tickStep, Math.ceil(largest / tickStep) * tickStep);
  const ticks: number[] = [];
  for (let tick = 0; tick <= scaleMax; tick += tickStep) ticks.push(tick);
  const plotLeft = Math.max(...ticks.map((t) => textWidth(NUMBER_FORMAT.format(t), FONT_SIZE))) + 10;
  const plotWidth = WIDTH - plotLeft;
  const step = plotWidth / days.length;
  const columnWidth = Math.max(1, step * 0.7);
  const figuresFit = Math.max(...days.map((d) => textWidth(NUMBER_FORMAT.format(d.count), FONT_SIZE))) + 4 <= step;
  const plotTop = figuresFit ? LINE_HEIGHT + 4 : 10;
  const plotBottom = plotTop + COLUMN_PLOT_HEIGHT;
  const y = (value: number) => plotBottom - (value / scaleMax) * COLUMN_PLOT_HEIGHT;

  const body: string[] = [];
  for (const tick of ticks) {
    if (tick > 0) body.push(line(plotLeft, y(tick), WIDTH, y(tick), CHART_COLOURS.gridline, 1));
    body.push(`<text x="${number(plotLeft - 10)}" y="${number(y(tick) + FONT_SIZE * 0.35)}" text-anchor="end" fill="${CHART_COLOURS.secondaryText}">${NUMBER_FORMAT.format(tick)}</text>`);
  }
  const labelWidth = Math.max(...days.map((d) => textWidth(SHORT_DATE.format(d.day * DAY_MS), FONT_SIZE))) + 12;
  const labelEvery = dateLabelEvery(step, labelWidth);
  // Day 0 of the Unix epoch was a Thursday, so Monday is day number 4 modulo 7.
  const firstLabelled = labelEvery >= 7 ? (((4 - days[0].day) % 7) + 7) % 7 : 0;
  days.forEach((d, i) => {
    const left = plotLeft + i * step + (step - columnWidth) / 2;
    const centre = left + columnWidth / 2;
    if (d.count > 0) {
      body.push(`<rect x="${number(left)}" y="${number(y(d.count))}" width="${number(columnWidth)}" height="${number(plotBottom - y(d.count))}" fill="${CHART_COLOURS.bar}"/>`);
    }
    if (figuresFit) body.push(`<text x="${number(centre)}" y="${number(y(d.count) - 6)}" text-anchor="middle">${NUMBER_FORMAT.format(d.count)}</text>`);
    if (i >= firstLabelled && (i - firstLabelled) % labelEvery === 0) {
      const label = SHORT_DATE.format(d.day * DAY_MS);
      const half = textWidth(label, FONT_SIZE) / 2;
      // Labels at the edges are kept inside the drawing rather than centred off it.
      const anchor = centre + half > WIDTH ? 'end' : centre - half < 0 ? 'start' : 'middle';
      const at = anchor === 'end' ? WIDTH : anchor === 'start' ? 0 : centre;
      body.push(line(centre, plotBottom, centre, plotBottom + 6, CHART_COLOURS.axis, 1));
      body.push(`<text x="${number(at)}" y="${number(plotBottom + 8 + BASELINE)}" text-anchor="${anchor}">${escapeMarkup(label)}</text>`);
    }
  });
  body.push(line(plotLeft, plotBottom, WIDTH, plotBottom, CHART_COLOURS.axis));
  const captionTop = plotBottom + 8 + LINE_HEIGHT + 12;
  const caption = captionLines(input.caption, captionTop);
  body.push(...caption.markup);
  return { svg: svgDocument(ids, input.title, description, captionTop + caption.height, body), table };
}
