// Survey analysis as pure functions over responses: counts, percentages with 95% Wilson intervals,
// breakdowns by the "about you" questions, comment themes, and suppression of small numbers.
import { THEMES, THEME_CODES, type ThemeCode } from './themes.ts';
import {
  ABOUT_YOU_LABELS,
  AGREEING_VALUES,
  optionsOf,
  type AboutYouDimension,
  type Answers,
  type Question,
  type QuestionType,
  type SurveyAudience,
  type SurveyDefinition,
} from './survey.ts';

/**
 * One figure: a count out of a base, as a percentage with its 95% Wilson interval (0–100).
 * When suppressed, every number is null and `suppressed` is true: nothing about it may be shown.
 */
export type Figure = {
  count: number | null;
  base: number | null;
  percent: number | null;
  lower: number | null;
  upper: number | null;
  suppressed: boolean;
};

export type OptionFigure = Figure & { value: string; label: string };

export type GroupResult = {
  value: string;
  label: string;
  /** How many in this group answered the question (null when suppressed). */
  answered: number | null;
  suppressed: boolean;
  options: OptionFigure[];
  /** Agreement questions: strongly agree and agree together. */
  agreeing?: Figure;
};

/** A question's answers split by the groups of one "about you" question (`questionId` is that question's id). */
export type Breakdown = { dimension: AboutYouDimension; questionId: string; label: string; groups: GroupResult[] };

export type NumberSummary = { answered: number | null; mean: number | null; median: number | null; min: number | null; max: number | null; suppressed: boolean };

/** The answer to an earlier question that shows a routed question. */
export type RoutingRule = { question: string; anyOf: string[] };

export type QuestionResult = {
  questionId: string;
  text: string;
  type: QuestionType;
  criteria: string[];
  /** Respondents the routing showed the question to. */
  shown: number | null;
  /** Respondents who answered it: the base of its percentages. */
  answered: number | null;
  suppressed: boolean;
  options?: OptionFigure[];
  agreeing?: Figure;
  number?: NumberSummary;
  breakdowns: Breakdown[];
  /** Present when routing shows the question only after certain answers. */
  showIf?: RoutingRule;
};

export type Sentiment = 'positive' | 'negative' | 'mixed' | 'neutral';

export type Quote = { responseId: number; questionId: string; text: string; sentiment: Sentiment; confidence: number };

export type ThemeResult = {
  code: ThemeCode;
  name: string;
  /** Comments coded to the theme (null when suppressed). */
  comments: number | null;
  sentiment: Record<Sentiment, number | null>;
  suppressed: boolean;
  /** The most representative comments, redacted: highest confidence first. */
  quotes: Quote[];
};

export type CommentQuestionResult = {
  questionId: string;
  text: string;
  answered: number | null;
  sentiment: Record<Sentiment, number | null>;
  themes: ThemeResult[];
  /** Respondents the routing showed the question to. */
  shown?: number | null;
  showIf?: RoutingRule;
};

export type AnalysisResult = {
  surveyId: string;
  audience: SurveyAudience;
  responseCount: number;
  computedAt: string;
  /** The smallest number shown to the local area; null in the inspectors' full analysis. */
  suppressionThreshold: number | null;
  /** Closed and number questions, in the survey's order (free text is in `commentQuestions`). */
  questions: QuestionResult[];
  commentQuestions: CommentQuestionResult[];
  /** Themes across all free-text questions, most comments first. */
  themes: ThemeResult[];
  languages: { code: string; count: number | null }[];
  /** The survey's definition version the result was computed from. */
  definitionVersion?: number;
};

// ---- Intervals -----------------------------------------------------------------------------

/** The normal quantile for a two-sided 95% interval. */
export const Z_95 = 1.959964;

/**
 * The Wilson score interval of a proportion, as percentages (0–100). Unlike the textbook
 * interval it stays inside 0–100 and behaves at 0 and at the base, which small groups reach.
 */
export function wilsonInterval(count: number, base: number, z = Z_95): { lower: number | null; upper: number | null } {
  if (!(base > 0)) return { lower: null, upper: null };
  const p = count / base;
  const z2 = z * z;
  const denominator = 1 + z2 / base;
  const centre = (p + z2 / (2 * base)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / base + z2 / (4 * base * base))) / denominator;
  return { lower: Math.max(0, centre - half) * 100, upper: Math.min(1, centre + half) * 100 };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A count out of a base with its percentage and interval, to one decimal place. */
export function figureOf(count: number, base: number): Figure {
  if (!(base > 0)) return { count, base, percent: null, lower: null, upper: null, suppressed: false };
  const { lower, upper } = wilsonInterval(count, base);
  return { count, base, percent: round1((100 * count) / base), lower: round1(lower!), upper: round1(upper!), suppressed: false };
}

function hiddenFigure(): Figure {
  return { count: null, base: null, percent: null, lower: null, upper: null, suppressed: true };
}

// ---- The plan: a definition compiled for counting --------------------------------------------

export const SENTIMENTS: readonly Sentiment[] = ['positive', 'negative', 'mixed', 'neutral'];
const SENTIMENT_COUNT = SENTIMENTS.length;
const SENTIMENT_INDEX: ReadonlyMap<string, number> = new Map(SENTIMENTS.map((s, i) => [s, i]));
const THEME_COUNT = THEME_CODES.length;
const THEME_INDEX: ReadonlyMap<string, number> = new Map(THEME_CODES.map((c, i) => [c, i]));
const THEME_NAMES: ReadonlyMap<string, string> = new Map(THEMES.map((t) => [t.code, t.name]));

type PlanQuestion = {
  index: number;
  question: Question;
  /** Option values in order; empty for text and number questions. */
  values: string[];
  optionIndex: Map<string, number>;
  /** Where this question's options start in the accumulator's option counts. */
  optionOffset: number;
  /** Options counted as agreeing, for agreement questions. */
  agreeing: number[];
  /** Routing, with the earlier question's options that show this one marked. */
  showIf: { question: number; shows: Uint8Array } | null;
  textSlot: number;
  numberSlot: number;
};

type PlanBreakdown = {
  aboutYou: number;
  question: number;
  groups: number;
  options: number;
  /** Where the groups' answered counts start in `groupAnswered`. */
  groupOffset: number;
  /** Where the group × option counts start in `cellCounts`. */
  cellOffset: number;
};

/**
 * A survey definition compiled for counting one response after another: options by index,
 * offsets into flat typed arrays, and scratch space reused for every response. A plan belongs
 * to one thread; its accumulators can be merged across threads.
 */
export type AnalysisPlan = {
  questions: PlanQuestion[];
  breakdowns: PlanBreakdown[];
  textQuestions: PlanQuestion[];
  numberQuestions: PlanQuestion[];
  optionTotal: number;
  groupTotal: number;
  cellTotal: number;
  /** Per response: which questions the routing showed… */
  visible: Uint8Array;
  /** …how many options each answer chose… */
  chosenCount: Int32Array;
  /** …and which, at each question's option offset. */
  chosen: Int32Array;
};

const CLOSED_TYPES: ReadonlySet<QuestionType> = new Set(['single', 'multiple', 'agreement']);

export function compilePlan(definition: SurveyDefinition): AnalysisPlan {
  const questions: PlanQuestion[] = [];
  const byId = new Map<string, PlanQuestion>();
  let optionTotal = 0;
  let textSlots = 0;
  let numberSlots = 0;
  for (const question of definition.questions) {
    const values = question.type === 'text' || question.type === 'number' ? [] : optionsOf(question).map((o) => o.value);
    const optionIndex = new Map(values.map((v, i) => [v, i]));
    let showIf: PlanQuestion['showIf'] = null;
    const parent = question.showIf ? byId.get(question.showIf.question) : undefined;
    if (question.showIf && parent) {
      const shows = new Uint8Array(Math.max(1, parent.values.length));
      for (const value of question.showIf.anyOf) {
        const at = parent.optionIndex.get(value);
        if (at !== undefined) shows[at] = 1;
      }
      showIf = { question: parent.index, shows };
    }
    const planned: PlanQuestion = {
      index: questions.length,
      question,
      values,
      optionIndex,
      optionOffset: optionTotal,
      agreeing: question.type === 'agreement' ? values.flatMap((v, i) => (AGREEING_VALUES.has(v) ? [i] : [])) : [],
      showIf,
      textSlot: question.type === 'text' ? textSlots++ : -1,
      numberSlot: question.type === 'number' ? numberSlots++ : -1,
    };
    optionTotal += values.length;
    questions.push(planned);
    byId.set(question.id, planned);
  }
  const breakdowns: PlanBreakdown[] = [];
  let groupTotal = 0;
  let cellTotal = 0;
  for (const aboutYou of questions.filter((q) => q.question.aboutYou && q.values.length > 0)) {
    for (const other of questions) {
      if (other === aboutYou || !CLOSED_TYPES.has(other.question.type)) continue;
      breakdowns.push({ aboutYou: aboutYou.index, question: other.index, groups: aboutYou.values.length, options: other.values.length, groupOffset: groupTotal, cellOffset: cellTotal });
      groupTotal += aboutYou.values.length;
      cellTotal += aboutYou.values.length * other.values.length;
    }
  }
  return {
    questions,
    breakdowns,
    textQuestions: questions.filter((q) => q.textSlot >= 0),
    numberQuestions: questions.filter((q) => q.numberSlot >= 0),
    optionTotal,
    groupTotal,
    cellTotal,
    visible: new Uint8Array(questions.length),
    chosenCount: new Int32Array(questions.length),
    chosen: new Int32Array(Math.max(1, optionTotal)),
  };
}

// ---- Accumulators ----------------------------------------------------------------------------

/**
 * Counts for a number question. Values are kept as a count per value, so the median is exact;
 * past MAX_DISTINCT_NUMBERS distinct values they are pooled into ever wider bins, so memory stays
 * bounded and the median is then exact to within a bin's width.
 */
export type NumberTally = { answered: number; sum: number; min: number; max: number; width: number; counts: Map<number, number> };

export const MAX_DISTINCT_NUMBERS = 10_000;

/** A quote candidate with the rank that orders it: higher `score` first, then shorter text. */
type QuoteCandidate = Quote & { score: number };

/**
 * Running totals of one or many responses: plain data and typed arrays, so an accumulator can be
 * sent between threads (structured clone) and merged.
 */
export type AnalysisAccumulator = {
  responseCount: number;
  languages: Map<string, number>;
  shown: Int32Array;
  answered: Int32Array;
  optionCounts: Int32Array;
  groupAnswered: Int32Array;
  cellCounts: Int32Array;
  numbers: NumberTally[];
  /** By free-text question (its slot). */
  comments: Int32Array;
  /** slot × sentiment */
  commentSentiment: Int32Array;
  /** slot × theme */
  themeComments: Int32Array;
  /** slot × theme × sentiment */
  themeSentiment: Int32Array;
  /** slot × theme: the best quotes, best first. */
  quotes: QuoteCandidate[][];
};

export function createAccumulator(plan: AnalysisPlan): AnalysisAccumulator {
  const slots = plan.textQuestions.length;
  return {
    responseCount: 0,
    languages: new Map(),
    shown: new Int32Array(plan.questions.length),
    answered: new Int32Array(plan.questions.length),
    optionCounts: new Int32Array(plan.optionTotal),
    groupAnswered: new Int32Array(plan.groupTotal),
    cellCounts: new Int32Array(plan.cellTotal),
    numbers: plan.numberQuestions.map(() => ({ answered: 0, sum: 0, min: Infinity, max: -Infinity, width: 1, counts: new Map() })),
    comments: new Int32Array(slots),
    commentSentiment: new Int32Array(slots * SENTIMENT_COUNT),
    themeComments: new Int32Array(slots * THEME_COUNT),
    themeSentiment: new Int32Array(slots * THEME_COUNT * SENTIMENT_COUNT),
    quotes: Array.from({ length: slots * THEME_COUNT }, () => []),
  };
}

function binOf(value: number, width: number): number {
  return width === 1 ? value : Math.floor(value / width) * width;
}

function coarsen(tally: NumberTally, width: number): void {
  const pooled = new Map<number, number>();
  for (const [value, n] of tally.counts) {
    const bin = binOf(value, width);
    pooled.set(bin, (pooled.get(bin) ?? 0) + n);
  }
  tally.counts = pooled;
  tally.width = width;
}

function tallyNumber(tally: NumberTally, value: number, times = 1): void {
  tally.answered += times;
  tally.sum += value * times;
  if (value < tally.min) tally.min = value;
  if (value > tally.max) tally.max = value;
  const bin = binOf(value, tally.width);
  tally.counts.set(bin, (tally.counts.get(bin) ?? 0) + times);
  while (tally.counts.size > MAX_DISTINCT_NUMBERS) coarsen(tally, tally.width * 2);
}

function numericAnswer(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Whether the routing shows a question, given what the plan recorded for earlier questions. */
function routingShows(plan: AnalysisPlan, question: PlanQuestion): boolean {
  const rule = question.showIf;
  if (!rule) return question.question.showIf === undefined;
  if (plan.visible[rule.question] === 0) return false;
  const parent = plan.questions[rule.question];
  const count = plan.chosenCount[rule.question];
  for (let k = 0; k < count; k++) if (rule.shows[plan.chosen[parent.optionOffset + k]] === 1) return true;
  return false;
}

/** Records a choice answer's option indices in the plan's scratch space; returns how many. */
function recordChoices(plan: AnalysisPlan, question: PlanQuestion, value: unknown): number {
  const offset = question.optionOffset;
  if (question.question.type === 'multiple') {
    if (!Array.isArray(value)) return 0;
    let count = 0;
    for (const item of value) {
      const at = typeof item === 'string' ? question.optionIndex.get(item) : undefined;
      if (at === undefined) continue;
      let repeated = false;
      for (let k = 0; k < count; k++) if (plan.chosen[offset + k] === at) repeated = true;
      if (!repeated) plan.chosen[offset + count++] = at;
    }
    return count;
  }
  const at = typeof value === 'string' ? question.optionIndex.get(value) : undefined;
  if (at === undefined) return 0;
  plan.chosen[offset] = at;
  return 1;
}

/**
 * Counts one response's closed and number answers, and its language: questions shown (routing as
 * `visibleQuestions` applies it), answered, options chosen, and the "about you" breakdowns. An
 * answer to a question the routing hides, or a value the question does not offer, is not counted.
 * Leaves the plan's scratch describing this response, for `countComments`.
 */
export function countClosedAnswers(plan: AnalysisPlan, acc: AnalysisAccumulator, answers: Answers, language: string): void {
  acc.responseCount++;
  acc.languages.set(language, (acc.languages.get(language) ?? 0) + 1);
  const { visible, chosenCount } = plan;
  for (const question of plan.questions) {
    const i = question.index;
    chosenCount[i] = 0;
    if (!routingShows(plan, question)) {
      visible[i] = 0;
      continue;
    }
    visible[i] = 1;
    acc.shown[i]++;
    const value = answers[question.question.id];
    if (value === undefined || value === null) continue;
    switch (question.question.type) {
      case 'single':
      case 'multiple':
      case 'agreement': {
        const count = recordChoices(plan, question, value);
        if (count === 0) break;
        chosenCount[i] = count;
        acc.answered[i]++;
        for (let k = 0; k < count; k++) acc.optionCounts[question.optionOffset + plan.chosen[question.optionOffset + k]]++;
        break;
      }
      case 'number': {
        const number = numericAnswer(value);
        if (number === undefined) break;
        acc.answered[i]++;
        tallyNumber(acc.numbers[question.numberSlot], number);
        break;
      }
      case 'text':
        if (typeof value === 'string' && value.trim() !== '') acc.answered[i]++;
        break;
    }
  }
  for (const b of plan.breakdowns) {
    const groups = chosenCount[b.aboutYou];
    const chosenOptions = chosenCount[b.question];
    if (groups === 0 || chosenOptions === 0) continue;
    const groupsAt = plan.questions[b.aboutYou].optionOffset;
    const optionsAt = plan.questions[b.question].optionOffset;
    for (let k = 0; k < groups; k++) {
      const group = plan.chosen[groupsAt + k];
      acc.groupAnswered[b.groupOffset + group]++;
      const row = b.cellOffset + group * b.options;
      for (let m = 0; m < chosenOptions; m++) acc.cellCounts[row + plan.chosen[optionsAt + m]]++;
    }
  }
}

/** What coding a comment gives: `codeComment` in comment-coding.ts returns this and more. */
export type CommentCoding = { themes: readonly { code: ThemeCode; confidence: number }[]; sentiment: Sentiment; redacted: string };

/** How comments are coded: the model (memoised), and an inspector's correction that wins over it. */
export type CommentSource = {
  code: (text: string) => CommentCoding;
  correction: (responseId: number, questionId: string) => readonly ThemeCode[] | undefined;
};

export const QUOTES_PER_THEME = 5;
/** Quotes longer than this read badly in a summary, so they rank below shorter ones. */
const READABLE_QUOTE_LENGTH = 400;
const SUBSTANTIVE_WORDS = 6;
const SUBSTANTIVE_LENGTH = 30;

function wordsAtLeast(text: string, wanted: number): boolean {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord && ++words >= wanted) return true;
    inWord = !space;
  }
  return false;
}

/**
 * How representative a comment is as a quote: substantive but readable text first ("no" or
 * "n/a" is never a good quote, however confidently coded), then the coding's confidence.
 */
function quoteScore(text: string, confidence: number): number {
  const substantive = text.length >= SUBSTANTIVE_LENGTH && wordsAtLeast(text, SUBSTANTIVE_WORDS);
  const base = !substantive ? 0 : text.length <= READABLE_QUOTE_LENGTH ? 2 : 1;
  return base + round2(confidence);
}

type Ranked = { score: number; text: string; responseId: number; questionId: string };

/** The order of quotes; the last tie-breaks make it the same whatever order comments arrive in. */
function ranksAbove(a: Ranked, b: Ranked): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.text.length !== b.text.length) return a.text.length < b.text.length;
  if (a.responseId !== b.responseId) return a.responseId < b.responseId;
  return a.questionId < b.questionId;
}

/** Keeps the best QUOTES_PER_THEME candidates, best first, each text once. */
function offerQuote(heap: QuoteCandidate[], candidate: QuoteCandidate): void {
  if (heap.length === QUOTES_PER_THEME && !ranksAbove(candidate, heap[heap.length - 1])) return;
  const same = heap.findIndex((quote) => quote.text === candidate.text);
  if (same >= 0) {
    if (!ranksAbove(candidate, heap[same])) return;
    heap.splice(same, 1);
  }
  let at = heap.length;
  while (at > 0 && ranksAbove(candidate, heap[at - 1])) at--;
  heap.splice(at, 0, candidate);
  if (heap.length > QUOTES_PER_THEME) heap.pop();
}

/**
 * Counts one coded comment to a free-text question (by its slot): its sentiment, each theme
 * (the inspector's correction replaces the model's themes, at confidence 1), and offers it as a
 * quote for each theme.
 */
export function countComment(acc: AnalysisAccumulator, slot: number, questionId: string, responseId: number, coding: CommentCoding, corrected?: readonly ThemeCode[]): void {
  const sentiment = SENTIMENT_INDEX.get(coding.sentiment) ?? SENTIMENT_INDEX.get('neutral')!;
  acc.comments[slot]++;
  acc.commentSentiment[slot * SENTIMENT_COUNT + sentiment]++;
  const themes = corrected ? corrected.map((code) => ({ code, confidence: 1 })) : coding.themes;
  let seen = 0;
  for (const theme of themes) {
    const t = THEME_INDEX.get(theme.code);
    if (t === undefined || seen & (1 << t)) continue;
    seen |= 1 << t;
    const cell = slot * THEME_COUNT + t;
    acc.themeComments[cell]++;
    acc.themeSentiment[cell * SENTIMENT_COUNT + sentiment]++;
    const heap = acc.quotes[cell];
    const score = quoteScore(coding.redacted, theme.confidence);
    if (heap.length < QUOTES_PER_THEME || ranksAbove({ score, text: coding.redacted, responseId, questionId }, heap[heap.length - 1])) {
      offerQuote(heap, { responseId, questionId, text: coding.redacted, sentiment: SENTIMENTS[sentiment], confidence: theme.confidence, score });
    }
  }
}

/** Codes and counts the free-text answers of the response `countClosedAnswers` just counted. */
export function countComments(plan: AnalysisPlan, acc: AnalysisAccumulator, responseId: number, answers: Answers, source: CommentSource): void {
  for (const question of plan.textQuestions) {
    if (plan.visible[question.index] === 0) continue;
    const text = answers[question.question.id];
    if (typeof text !== 'string' || text.trim() === '') continue;
    countComment(acc, question.textSlot, question.question.id, responseId, source.code(text), source.correction(responseId, question.question.id));
  }
}

/** A response's stored answers from their JSON text; anything but an object counts as no answers. */
export function parseAnswers(json: string): Answers {
  const parsed: unknown = JSON.parse(json);
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Answers) : {};
}

/** Counts one whole response: closed answers, numbers, language and comments. */
export function addResponse(plan: AnalysisPlan, acc: AnalysisAccumulator, response: { id: number; language: string; answers: Answers }, source: CommentSource): void {
  countClosedAnswers(plan, acc, response.answers, response.language);
  countComments(plan, acc, response.id, response.answers, source);
}

function addInto(into: Int32Array, from: Int32Array): void {
  for (let i = 0; i < into.length; i++) into[i] += from[i];
}

/** Adds `from` (from another thread, say) into `into`; both must come from plans of the same definition. */
export function mergeAccumulators(into: AnalysisAccumulator, from: AnalysisAccumulator): void {
  into.responseCount += from.responseCount;
  for (const [code, n] of from.languages) into.languages.set(code, (into.languages.get(code) ?? 0) + n);
  addInto(into.shown, from.shown);
  addInto(into.answered, from.answered);
  addInto(into.optionCounts, from.optionCounts);
  addInto(into.groupAnswered, from.groupAnswered);
  addInto(into.cellCounts, from.cellCounts);
  addInto(into.comments, from.comments);
  addInto(into.commentSentiment, from.commentSentiment);
  addInto(into.themeComments, from.themeComments);
  addInto(into.themeSentiment, from.themeSentiment);
  into.numbers.forEach((tally, slot) => {
    const other = from.numbers[slot];
    if (other.width > tally.width) coarsen(tally, other.width);
    // The bins' values stand in for the values only in the counts: the other totals are exact.
    const exact = { answered: tally.answered + other.answered, sum: tally.sum + other.sum, min: Math.min(tally.min, other.min), max: Math.max(tally.max, other.max) };
    for (const [value, n] of other.counts) tallyNumber(tally, value, n);
    Object.assign(tally, exact);
  });
  into.quotes.forEach((heap, cell) => {
    for (const candidate of from.quotes[cell]) offerQuote(heap, candidate);
  });
}

/** A bounded memo of a coder: real surveys repeat short answers ("no", "n/a", "nothing") thousands of times. */
export function memoiseCoder(code: (text: string) => CommentCoding, capacity = 20_000, longestText = 300): (text: string) => CommentCoding {
  const cache = new Map<string, CommentCoding>();
  return (text) => {
    if (text.length > longestText) return code(text);
    const known = cache.get(text);
    if (known) return known;
    const coded = code(text);
    if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
    cache.set(text, coded);
    return coded;
  };
}

export function correctionKey(responseId: number, questionId: string): string {
  return `${responseId}:${questionId}`;
}

// ---- Finishing -----------------------------------------------------------------------------

function medianOf(tally: NumberTally): number | null {
  if (tally.answered === 0) return null;
  const values = [...tally.counts.keys()].sort((a, b) => a - b);
  const lowRank = Math.floor((tally.answered - 1) / 2);
  const highRank = Math.floor(tally.answered / 2);
  let seen = 0;
  let low: number | undefined;
  for (const value of values) {
    const n = tally.counts.get(value)!;
    // A pooled bin stands for its middle.
    const point = tally.width === 1 ? value : value + (tally.width - 1) / 2;
    if (low === undefined && lowRank < seen + n) low = point;
    if (highRank < seen + n) return round2((low! + point) / 2);
    seen += n;
  }
  return null;
}

function numberSummaryOf(tally: NumberTally): NumberSummary {
  if (tally.answered === 0) return { answered: 0, mean: null, median: null, min: null, max: null, suppressed: false };
  return { answered: tally.answered, mean: round2(tally.sum / tally.answered), median: medianOf(tally), min: tally.min, max: tally.max, suppressed: false };
}

function routingRule(question: Question): RoutingRule | undefined {
  return question.showIf && { question: question.showIf.question, anyOf: [...question.showIf.anyOf] };
}

function optionFigures(question: PlanQuestion, counts: ArrayLike<number>, offset: number, base: number): OptionFigure[] {
  const labels = optionsOf(question.question);
  return question.values.map((value, i) => ({ value, label: labels[i].label, ...figureOf(counts[offset + i], base) }));
}

function agreeingCount(question: PlanQuestion, counts: ArrayLike<number>, offset: number): number {
  let sum = 0;
  for (const i of question.agreeing) sum += counts[offset + i];
  return sum;
}

function breakdownsOf(plan: AnalysisPlan, acc: AnalysisAccumulator, question: PlanQuestion): Breakdown[] {
  return plan.breakdowns
    .filter((b) => b.question === question.index)
    .map((b) => {
      const aboutYou = plan.questions[b.aboutYou];
      const labels = optionsOf(aboutYou.question);
      const groups = aboutYou.values.map((value, g): GroupResult => {
        const answered = acc.groupAnswered[b.groupOffset + g];
        const row = b.cellOffset + g * b.options;
        const group: GroupResult = { value, label: labels[g].label, answered, suppressed: false, options: optionFigures(question, acc.cellCounts, row, answered) };
        if (question.question.type === 'agreement') group.agreeing = figureOf(agreeingCount(question, acc.cellCounts, row), answered);
        return group;
      });
      const dimension = aboutYou.question.aboutYou!;
      return { dimension, questionId: aboutYou.question.id, label: ABOUT_YOU_LABELS[dimension], groups };
    });
}

function sentimentRecord(counts: ArrayLike<number>, offset: number): Record<Sentiment, number | null> {
  return { positive: counts[offset], negative: counts[offset + 1], mixed: counts[offset + 2], neutral: counts[offset + 3] };
}

function stripScore(candidate: QuoteCandidate): Quote {
  return { responseId: candidate.responseId, questionId: candidate.questionId, text: candidate.text, sentiment: candidate.sentiment, confidence: candidate.confidence };
}

function byComments(a: ThemeResult, b: ThemeResult): number {
  return (b.comments ?? 0) - (a.comments ?? 0) || a.name.localeCompare(b.name);
}

/** The full (unsuppressed) analysis of everything an accumulator has counted. */
export function finishAnalysis(
  plan: AnalysisPlan,
  acc: AnalysisAccumulator,
  meta: { surveyId: string; audience: SurveyAudience; computedAt: Date; definitionVersion?: number },
): AnalysisResult {
  const questions: QuestionResult[] = [];
  const commentQuestions: CommentQuestionResult[] = [];
  for (const question of plan.questions) {
    const q = question.question;
    const shown = acc.shown[question.index];
    const answered = acc.answered[question.index];
    if (q.type === 'text') {
      const slot = question.textSlot;
      const themes: ThemeResult[] = [];
      for (let t = 0; t < THEME_COUNT; t++) {
        const cell = slot * THEME_COUNT + t;
        const comments = acc.themeComments[cell];
        if (comments === 0) continue;
        themes.push({
          code: THEME_CODES[t],
          name: THEME_NAMES.get(THEME_CODES[t])!,
          comments,
          sentiment: sentimentRecord(acc.themeSentiment, cell * SENTIMENT_COUNT),
          suppressed: false,
          quotes: acc.quotes[cell].map(stripScore),
        });
      }
      commentQuestions.push({
        questionId: q.id,
        text: q.text,
        answered: acc.comments[slot],
        sentiment: sentimentRecord(acc.commentSentiment, slot * SENTIMENT_COUNT),
        themes: themes.sort(byComments),
        shown,
        ...(q.showIf ? { showIf: routingRule(q) } : {}),
      });
      continue;
    }
    const result: QuestionResult = { questionId: q.id, text: q.text, type: q.type, criteria: [...q.criteria], shown, answered, suppressed: false, breakdowns: [] };
    if (q.showIf) result.showIf = routingRule(q);
    if (q.type === 'number') {
      result.number = numberSummaryOf(acc.numbers[question.numberSlot]);
    } else {
      result.options = optionFigures(question, acc.optionCounts, question.optionOffset, answered);
      if (q.type === 'agreement') result.agreeing = figureOf(agreeingCount(question, acc.optionCounts, question.optionOffset), answered);
      result.breakdowns = breakdownsOf(plan, acc, question);
    }
    questions.push(result);
  }
  const themes: ThemeResult[] = [];
  for (let t = 0; t < THEME_COUNT; t++) {
    let comments = 0;
    const sentiment = new Int32Array(SENTIMENT_COUNT);
    const heap: QuoteCandidate[] = [];
    for (let slot = 0; slot < plan.textQuestions.length; slot++) {
      const cell = slot * THEME_COUNT + t;
      comments += acc.themeComments[cell];
      for (let s = 0; s < SENTIMENT_COUNT; s++) sentiment[s] += acc.themeSentiment[cell * SENTIMENT_COUNT + s];
      for (const candidate of acc.quotes[cell]) offerQuote(heap, candidate);
    }
    if (comments === 0) continue;
    themes.push({ code: THEME_CODES[t], name: THEME_NAMES.get(THEME_CODES[t])!, comments, sentiment: sentimentRecord(sentiment, 0), suppressed: false, quotes: heap.map(stripScore) });
  }
  return {
    surveyId: meta.surveyId,
    audience: meta.audience,
    responseCount: acc.responseCount,
    computedAt: meta.computedAt.toISOString(),
    suppressionThreshold: null,
    questions,
    commentQuestions,
    themes: themes.sort(byComments),
    languages: [...acc.languages].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    ...(meta.definitionVersion === undefined ? {} : { definitionVersion: meta.definitionVersion }),
  };
}

// ---- Suppression ---------------------------------------------------------------------------

/**
 * Secondary suppression: where figures add up to a total that is shown, one hidden figure could
 * be worked out by subtraction, so when exactly one is hidden the next smallest is hidden too.
 * Returns whether it hid one.
 */
function hideSecond(counts: readonly number[], hidden: boolean[]): boolean {
  let hiddenCount = 0;
  for (const h of hidden) if (h) hiddenCount++;
  if (hiddenCount !== 1) return false;
  let smallest = -1;
  for (let i = 0; i < counts.length; i++) if (!hidden[i] && (smallest < 0 || counts[i] < counts[smallest])) smallest = i;
  if (smallest < 0) return false;
  hidden[smallest] = true;
  return true;
}

/**
 * Protects one set of option counts: exactly one hidden option cannot stay alone, and when the
 * "agreeing" total is shown either all of the options it adds up or none are hidden.
 */
function protectOptions(counts: readonly number[], hidden: boolean[], agreeing: readonly number[], agreeingShown: boolean): boolean {
  let changed = false;
  for (;;) {
    let step = false;
    if (agreeingShown && agreeing.some((i) => hidden[i])) {
      for (const i of agreeing) {
        if (!hidden[i]) {
          hidden[i] = true;
          step = true;
        }
      }
    }
    if (hideSecond(counts, hidden)) step = true;
    if (!step) return changed;
    changed = true;
  }
}

function shownOrHidden<T extends Figure>(figure: T, hidden: boolean): T {
  return hidden ? { ...figure, ...hiddenFigure() } : figure;
}

function hiddenGroup(group: GroupResult): GroupResult {
  return {
    value: group.value,
    label: group.label,
    answered: null,
    suppressed: true,
    options: group.options.map((o) => shownOrHidden(o, true)),
    ...(group.agreeing ? { agreeing: hiddenFigure() } : {}),
  };
}

function agreeingIndexes(question: QuestionResult): number[] {
  return (question.options ?? []).flatMap((o, i) => (AGREEING_VALUES.has(o.value) ? [i] : []));
}

/**
 * A breakdown table, groups × options: primary suppression, then secondary suppression across
 * the options of each group, across the groups, and down each option's column (the groups of
 * a required single-choice question add up to the question's figures), until nothing changes.
 */
function suppressBreakdown(question: QuestionResult, breakdown: Breakdown, threshold: number): Breakdown {
  const groups = breakdown.groups;
  const agreeing = question.type === 'agreement' ? agreeingIndexes(question) : [];
  const answered = groups.map((g) => g.answered ?? 0);
  const groupHidden = groups.map((g) => (g.answered ?? 0) < threshold);
  const cells = groups.map((g) => g.options.map((o) => o.count ?? 0));
  const cellHidden = groups.map((g, i) => g.options.map((o) => groupHidden[i] || (o.count ?? 0) < threshold));
  const agreeingCounts = groups.map((g) => g.agreeing?.count ?? 0);
  const agreeingHidden = groups.map((g, i) => groupHidden[i] || (g.agreeing !== undefined && (g.agreeing.count ?? 0) < threshold));
  const hideGroup = (i: number) => {
    groupHidden[i] = true;
    agreeingHidden[i] = true;
    cellHidden[i].fill(true);
  };
  for (let changed = true; changed; ) {
    changed = false;
    groups.forEach((_, i) => {
      if (!groupHidden[i] && protectOptions(cells[i], cellHidden[i], agreeing, !agreeingHidden[i])) changed = true;
    });
    const before = [...groupHidden];
    if (hideSecond(answered, groupHidden)) {
      groupHidden.forEach((h, i) => h && !before[i] && hideGroup(i));
      changed = true;
    }
    const optionCount = question.options?.length ?? 0;
    for (let o = 0; o < optionCount; o++) {
      const column = cells.map((row) => row[o]);
      const hidden = cellHidden.map((row, i) => groupHidden[i] || row[o]);
      if (hideSecond(column, hidden)) {
        hidden.forEach((h, i) => {
          if (h && !groupHidden[i] && !cellHidden[i][o]) cellHidden[i][o] = true;
        });
        changed = true;
      }
    }
    if (question.agreeing) {
      // A group's agreeing figure hidden on its own could be rebuilt from its options, so the group goes.
      const hidden = agreeingHidden.map((h, i) => h || groupHidden[i]);
      if (hideSecond(agreeingCounts, hidden)) {
        hidden.forEach((h, i) => h && !agreeingHidden[i] && hideGroup(i));
        changed = true;
      }
    }
  }
  return {
    ...breakdown,
    groups: groups.map((group, i) => {
      if (groupHidden[i]) return hiddenGroup(group);
      return {
        ...group,
        options: group.options.map((o, k) => shownOrHidden(o, cellHidden[i][k])),
        ...(group.agreeing ? { agreeing: shownOrHidden(group.agreeing, agreeingHidden[i]) } : {}),
      };
    }),
  };
}

function hiddenQuestion(question: QuestionResult): QuestionResult {
  return {
    ...question,
    shown: null,
    answered: null,
    suppressed: true,
    ...(question.options ? { options: question.options.map((o) => shownOrHidden(o, true)) } : {}),
    ...(question.agreeing ? { agreeing: hiddenFigure() } : {}),
    ...(question.number ? { number: { answered: null, mean: null, median: null, min: null, max: null, suppressed: true } } : {}),
    breakdowns: question.breakdowns.map((b) => ({ ...b, groups: b.groups.map(hiddenGroup) })),
  };
}

function suppressQuestion(question: QuestionResult, threshold: number): QuestionResult {
  if ((question.answered ?? 0) < threshold) return hiddenQuestion(question);
  const result: QuestionResult = { ...question };
  if (question.options) {
    const counts = question.options.map((o) => o.count ?? 0);
    const hidden = counts.map((n) => n < threshold);
    const agreeingShown = question.agreeing !== undefined && (question.agreeing.count ?? 0) >= threshold;
    protectOptions(counts, hidden, agreeingIndexes(question), agreeingShown);
    result.options = question.options.map((o, i) => shownOrHidden(o, hidden[i]));
    if (question.agreeing) result.agreeing = shownOrHidden(question.agreeing, !agreeingShown);
  }
  if (question.number && (question.number.answered ?? 0) < threshold) {
    result.number = { answered: null, mean: null, median: null, min: null, max: null, suppressed: true };
  }
  result.breakdowns = question.breakdowns.map((b) => suppressBreakdown(question, b, threshold));
  return result;
}

/**
 * How many a routed question was shown to can be rebuilt from the earlier question's answers, so
 * it is shown only while every answer that routes to it is shown too.
 */
function routedShown(shown: number | null | undefined, rule: RoutingRule | undefined, questions: QuestionResult[], threshold: number): number | null {
  if (shown === null || shown === undefined || shown < threshold) return null;
  if (!rule) return shown;
  const parent = questions.find((q) => q.questionId === rule.question);
  if (!parent || parent.suppressed || !parent.options) return null;
  const hiddenRoute = parent.options.some((o) => rule.anyOf.includes(o.value) && o.suppressed);
  return hiddenRoute ? null : shown;
}

function suppressSentiment(sentiment: Record<Sentiment, number | null>, threshold: number): Record<Sentiment, number | null> {
  const counts = SENTIMENTS.map((s) => sentiment[s] ?? 0);
  const hidden = counts.map((n) => n < threshold);
  hideSecond(counts, hidden);
  return { positive: hidden[0] ? null : counts[0], negative: hidden[1] ? null : counts[1], mixed: hidden[2] ? null : counts[2], neutral: hidden[3] ? null : counts[3] };
}

const HIDDEN_SENTIMENT: Readonly<Record<Sentiment, null>> = { positive: null, negative: null, mixed: null, neutral: null };

function suppressTheme(theme: ThemeResult, hidden: boolean, threshold: number): ThemeResult {
  if (hidden) return { code: theme.code, name: theme.name, comments: null, sentiment: { ...HIDDEN_SENTIMENT }, suppressed: true, quotes: [] };
  return { ...theme, sentiment: suppressSentiment(theme.sentiment, threshold), quotes: theme.quotes.map((q) => ({ ...q })) };
}

function suppressComments(result: AnalysisResult, threshold: number, overallHidden: Map<ThemeCode, boolean>): CommentQuestionResult[] {
  const questionHidden = result.commentQuestions.map((q) => (q.answered ?? 0) < threshold);
  // hidden[question][theme]
  const themeHidden = result.commentQuestions.map((q, i) => new Map(q.themes.map((t) => [t.code, questionHidden[i] || (t.comments ?? 0) < threshold])));
  // A theme's figures for the questions add up to its overall figure, which is shown unless hidden.
  for (const code of THEME_CODES) {
    if (overallHidden.get(code) !== false) continue;
    const present = result.commentQuestions.flatMap((q, i) => {
      const theme = q.themes.find((t) => t.code === code);
      return theme ? [{ i, count: theme.comments ?? 0 }] : [];
    });
    const hidden = present.map((p) => themeHidden[p.i].get(code)!);
    if (hideSecond(present.map((p) => p.count), hidden)) present.forEach((p, k) => themeHidden[p.i].set(code, hidden[k]));
  }
  return result.commentQuestions.map((q, i) => ({
    ...q,
    answered: questionHidden[i] ? null : q.answered,
    sentiment: questionHidden[i] ? { ...HIDDEN_SENTIMENT } : suppressSentiment(q.sentiment, threshold),
    themes: q.themes.map((t) => suppressTheme(t, themeHidden[i].get(t.code)!, threshold)),
    ...(q.shown === undefined ? {} : { shown: questionHidden[i] ? null : routedShown(q.shown, q.showIf, result.questions, threshold) }),
  }));
}

function suppressLanguages(languages: AnalysisResult['languages'], threshold: number): AnalysisResult['languages'] {
  const counts = languages.map((l) => l.count ?? 0);
  const hidden = counts.map((n) => n < threshold);
  hideSecond(counts, hidden);
  return languages.map((l, i) => ({ code: l.code, count: hidden[i] ? null : l.count }));
}

/**
 * The analysis as the local area and shared exports may see it: every count under `threshold`
 * hidden (a question answered by too few entirely; an option, agreeing figure, group, theme,
 * sentiment, language or number summary on its own), plus secondary suppression so that no
 * hidden figure can be worked out by subtracting shown ones. Quotes come only from themes that
 * are shown. The survey's total response count is always shown.
 */
export function suppressResult(result: AnalysisResult, threshold: number): AnalysisResult {
  const suppressed = result.questions.map((q) => suppressQuestion(q, threshold));
  const questions = suppressed.map((q) => (q.suppressed ? q : { ...q, shown: routedShown(q.shown, q.showIf, suppressed, threshold) }));
  const overallHidden = new Map(result.themes.map((t) => [t.code, (t.comments ?? 0) < threshold]));
  return {
    ...result,
    suppressionThreshold: threshold,
    questions,
    commentQuestions: suppressComments({ ...result, questions }, threshold, overallHidden),
    themes: result.themes.map((t) => suppressTheme(t, overallHidden.get(t.code)!, threshold)),
    languages: suppressLanguages(result.languages, threshold),
  };
}
