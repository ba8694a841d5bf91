// Moving responses in and out of a survey: matching a file's columns and values to questions,
// turning an imported row into answers with plain-English problems, and the rows of each export.
import type { CsvColumn, CsvRecord } from '../platform/render/csv.ts';
import type { AnalysisResult, Figure } from './survey-analysis.ts';
import {
  DEFAULT_LANGUAGE,
  LANGUAGES,
  optionsOf,
  textLimit,
  validateResponse,
  type Answers,
  type Question,
  type RawAnswer,
  type SurveyDefinition,
} from './survey.ts';

// ---- What a column holds ---------------------------------------------------------------------

/** What one column of an imported file holds: an answer, one option of a multiple choice, or facts about the response. */
export type ColumnTarget =
  | { kind: 'ignore' }
  | { kind: 'question'; questionId: string }
  /** One option of a multiple-choice question: the column says whether it was chosen (1 or blank). */
  | { kind: 'option'; questionId: string; value: string }
  | { kind: 'language' }
  | { kind: 'submitted' };

/**
 * For a choice question, what a file's own words for an answer mean: the normalised text (see
 * normaliseText) → an option value, or '' for "leave the question unanswered".
 */
export type ValueMaps = Record<string, Record<string, string>>;

export type ImportMapping = { columns: ColumnTarget[]; values: ValueMaps };

export const IGNORE: ColumnTarget = { kind: 'ignore' };

/** The value a form's select sends for a target. */
export function targetKey(target: ColumnTarget): string {
  switch (target.kind) {
    case 'ignore':
      return 'ignore';
    case 'question':
      return `q:${target.questionId}`;
    case 'option':
      return `o:${target.questionId}:${target.value}`;
    case 'language':
      return 'language';
    case 'submitted':
      return 'submitted';
  }
}

/** The target a form's value names, or undefined when it names nothing in this survey. */
export function parseTargetKey(definition: SurveyDefinition, key: string): ColumnTarget | undefined {
  return mappingTargets(definition).find((choice) => choice.key === key)?.target;
}

export type TargetChoice = { key: string; text: string; target: ColumnTarget };

function isChoice(question: Question): boolean {
  return question.type === 'single' || question.type === 'multiple' || question.type === 'agreement';
}

/** Everything a column can be matched to, in the survey's order, for a select. */
export function mappingTargets(definition: SurveyDefinition): TargetChoice[] {
  const choices: TargetChoice[] = [{ key: 'ignore', text: 'Ignore this column', target: IGNORE }];
  definition.questions.forEach((question, index) => {
    const number = `Q${index + 1}`;
    const whole: ColumnTarget = { kind: 'question', questionId: question.id };
    const wholeText = question.type === 'multiple' ? `${number}. ${question.text} (all answers in one column)` : `${number}. ${question.text}`;
    choices.push({ key: targetKey(whole), text: wholeText, target: whole });
    if (question.type === 'multiple') {
      for (const option of optionsOf(question)) {
        const target: ColumnTarget = { kind: 'option', questionId: question.id, value: option.value };
        choices.push({ key: targetKey(target), text: `${number}. ${question.text}: ${option.label}`, target });
      }
    }
  });
  choices.push({ key: 'language', text: 'Language of the response', target: { kind: 'language' } });
  choices.push({ key: 'submitted', text: 'Date and time the response was sent', target: { kind: 'submitted' } });
  return choices;
}

/** A target in words, for summaries and the command line. */
export function describeTarget(definition: SurveyDefinition, target: ColumnTarget): string {
  return mappingTargets(definition).find((choice) => choice.key === targetKey(target))?.text ?? 'Ignore this column';
}

// ---- Reading a file --------------------------------------------------------------------------

// The separator and heading row of CSV files are worked out by the platform's reader.
export { cleanHeadings, detectDelimiter, headingRowEnd, type Delimiter } from '../platform/import/csv-text.ts';

// ---- Matching words --------------------------------------------------------------------------

/** Text for comparing: no accents, case, punctuation or repeated spaces ("Don't know!" → "dont know"). */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Survey tools number their questions ("Q5.", "5)", "Question 5 -"): the number says nothing about the question. */
function withoutNumbering(heading: string): string {
  return heading.replace(/^\s*(?:q(?:uestion)?\s*)?\d+[a-z]?\s*[.):\-–]\s*/i, '');
}

function bigrams(text: string): Map<string, number> {
  const padded = ` ${text} `;
  const counts = new Map<string, number>();
  for (let i = 0; i < padded.length - 1; i++) {
    const pair = padded.slice(i, i + 2);
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

/**
 * How alike two normalised texts are, from 0 to 1 (the Dice coefficient of their letter pairs):
 * small differences of wording, spelling or punctuation score high, different questions low.
 */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a === '' || b === '') return 0;
  const x = bigrams(a);
  const y = bigrams(b);
  let shared = 0;
  let total = 0;
  for (const [pair, n] of x) {
    shared += Math.min(n, y.get(pair) ?? 0);
    total += n;
  }
  for (const n of y.values()) total += n;
  return (2 * shared) / total;
}

/** Headings below this likeness to every question are left for the user to match. */
export const MATCH_THRESHOLD = 0.75;

const LANGUAGE_HEADINGS = new Set(['language', 'lang', 'survey language', 'response language', 'language used']);
const SUBMITTED_HEADINGS = new Set([
  'submitted',
  'submitted at',
  'submitted utc',
  'date submitted',
  'time submitted',
  'submission date',
  'completion time',
  'completed',
  'date completed',
  'end time',
  'end date',
  'timestamp',
  'response date',
]);

/** The id in brackets that this service's own exports put at the end of a heading: "… [age_phase]" or "… [need_type.autism]". */
const ID_SUFFIX = /\[([a-z][a-z0-9_]{0,39})(?:\.([a-z0-9_]{1,40}))?\]\s*$/;

type Candidate = { column: number; target: ColumnTarget; score: number };

function scoreHeading(definition: SurveyDefinition, heading: string, column: number): Candidate[] {
  const candidates: Candidate[] = [];
  const idMatch = ID_SUFFIX.exec(heading);
  if (idMatch) {
    const question = definition.questions.find((q) => q.id === idMatch[1]);
    if (question && !idMatch[2]) return [{ column, target: { kind: 'question', questionId: question.id }, score: 2 }];
    if (question?.type === 'multiple' && optionsOf(question).some((o) => o.value === idMatch[2])) {
      return [{ column, target: { kind: 'option', questionId: question.id, value: idMatch[2]! }, score: 2 }];
    }
  }
  const text = normaliseText(withoutNumbering(heading));
  if (LANGUAGE_HEADINGS.has(text)) return [{ column, target: { kind: 'language' }, score: 1.5 }];
  if (SUBMITTED_HEADINGS.has(text)) return [{ column, target: { kind: 'submitted' }, score: 1.5 }];
  for (const question of definition.questions) {
    if (text === normaliseText(question.id)) {
      candidates.push({ column, target: { kind: 'question', questionId: question.id }, score: 1.5 });
      continue;
    }
    const wording = normaliseText(question.text);
    candidates.push({ column, target: { kind: 'question', questionId: question.id }, score: similarity(text, wording) });
    if (question.type === 'multiple') {
      for (const option of optionsOf(question)) {
        const target: ColumnTarget = { kind: 'option', questionId: question.id, value: option.value };
        if (text === `${normaliseText(question.id)} ${normaliseText(option.value)}`) candidates.push({ column, target, score: 1.5 });
        else candidates.push({ column, target, score: similarity(text, `${wording} ${normaliseText(option.label)}`) });
      }
    }
  }
  return candidates.filter((c) => c.score >= MATCH_THRESHOLD);
}

function sameQuestion(a: ColumnTarget, b: ColumnTarget): boolean {
  return 'questionId' in a && 'questionId' in b && a.questionId === b.questionId;
}

/** Whether two targets cannot both be given to columns: the same question, option or fact twice, or a question and its options. */
function clash(a: ColumnTarget, b: ColumnTarget): boolean {
  if (a.kind === 'ignore' || b.kind === 'ignore') return false;
  if (a.kind === 'option' && b.kind === 'option') return a.questionId === b.questionId && a.value === b.value;
  if (sameQuestion(a, b)) return true;
  return a.kind === b.kind && (a.kind === 'language' || a.kind === 'submitted');
}

/**
 * The best guess at what each column holds, from its heading: this service's own export
 * headings exactly, then question wording however it is punctuated or numbered, a close
 * likeness at least. Each question goes to the one column that matches it best.
 */
export function suggestMapping(definition: SurveyDefinition, headings: readonly string[]): ColumnTarget[] {
  const candidates = headings.flatMap((heading, column) => scoreHeading(definition, heading, column));
  candidates.sort((a, b) => b.score - a.score || a.column - b.column);
  const columns: ColumnTarget[] = headings.map(() => IGNORE);
  const taken: ColumnTarget[] = [];
  for (const candidate of candidates) {
    if (columns[candidate.column]!.kind !== 'ignore') continue;
    if (taken.some((t) => clash(t, candidate.target))) continue;
    columns[candidate.column] = candidate.target;
    taken.push(candidate.target);
  }
  return columns;
}

export type MappingProblem = { column: number | null; message: string };

/** What is wrong with a mapping: two columns for the same thing, or no column for any question. */
export function mappingProblems(definition: SurveyDefinition, headings: readonly string[], columns: readonly ColumnTarget[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  columns.forEach((target, column) => {
    const earlier = columns.slice(0, column).findIndex((other) => clash(other, target));
    if (earlier >= 0) {
      problems.push({
        column,
        message: `Column ‘${headings[column]}’ is matched to the same thing as column ‘${headings[earlier]}’: ${describeTarget(definition, target)}. Choose one column for it.`,
      });
    }
  });
  if (!columns.some((t) => t.kind === 'question' || t.kind === 'option')) {
    problems.push({ column: null, message: 'Match at least one column to a question of the survey' });
  }
  return problems;
}

/**
 * A mapping written by hand for the command line, as JSON: either `{ "File heading": "target" }`
 * or `{ "columns": { … }, "values": { "question_id": { "File's answer": "option_value" } } }`.
 * A target is a question id, `question_id.option_value` for one option of a multiple choice,
 * `language`, `submitted` or `ignore`; an answer mapped to "" leaves the question unanswered.
 * Columns it does not name keep the `suggested` match.
 */
export function mappingFromJson(
  definition: SurveyDefinition,
  headings: readonly string[],
  suggested: readonly ColumnTarget[],
  json: unknown,
): { mapping: ImportMapping; problems: string[] } {
  const problems: string[] = [];
  const object = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!object(json)) return { mapping: { columns: [...suggested], values: {} }, problems: ['The mapping must be a JSON object, like { "How old is your child?": "age_phase" }'] };
  const structured = object(json.columns);
  const columnsJson = structured ? (json.columns as Record<string, unknown>) : json;
  const columns = [...suggested];
  const named = new Map<number, ColumnTarget>();
  for (const [heading, value] of Object.entries(columnsJson)) {
    const column = headings.findIndex((h) => h === heading.trim());
    const target = typeof value === 'string' ? targetFromName(definition, value.trim()) : undefined;
    if (column < 0) problems.push(`The file has no column headed ‘${heading}’`);
    else if (!target) problems.push(`‘${String(value)}’ (for column ‘${heading}’) is not a question id, question_id.option_value, language, submitted or ignore`);
    else named.set(column, target);
  }
  for (const [column, target] of named) {
    columns[column] = target;
    // A column named by hand takes its question from a column that was only matched by its heading.
    columns.forEach((other, at) => {
      if (!named.has(at) && clash(other, target)) columns[at] = IGNORE;
    });
  }
  const values: ValueMaps = {};
  if (structured && json.values !== undefined) {
    if (!object(json.values)) problems.push('"values" must be an object, like { "age_phase": { "12-15": "age_11_15" } }');
    else {
      for (const [questionId, map] of Object.entries(json.values)) {
        const question = definition.questions.find((q) => q.id === questionId);
        if (!question || !isChoice(question)) {
          problems.push(`"values" names ‘${questionId}’, which is not a choice question of this survey`);
          continue;
        }
        if (!object(map)) {
          problems.push(`"values" for ${questionId} must be an object of the file's answers and option values`);
          continue;
        }
        const allowed = new Set(optionsOf(question).map((o) => o.value));
        values[questionId] = {};
        for (const [text, option] of Object.entries(map)) {
          if (typeof option !== 'string' || (option !== '' && !allowed.has(option))) problems.push(`‘${String(option)}’ (for ‘${text}’ in ${questionId}) is not one of its answers: ${[...allowed].join(', ')}, or "" for none`);
          else values[questionId][normaliseText(text)] = option;
        }
      }
    }
  }
  return { mapping: { columns, values }, problems };
}

function targetFromName(definition: SurveyDefinition, name: string): ColumnTarget | undefined {
  if (name === 'ignore') return IGNORE;
  if (name === 'language') return { kind: 'language' };
  if (name === 'submitted') return { kind: 'submitted' };
  const [questionId, value] = name.split('.');
  const question = definition.questions.find((q) => q.id === questionId);
  if (!question) return undefined;
  if (value === undefined) return { kind: 'question', questionId: question.id };
  return question.type === 'multiple' && optionsOf(question).some((o) => o.value === value) ? { kind: 'option', questionId: question.id, value } : undefined;
}

// ---- Answers in a file's own words -----------------------------------------------------------

/** The option a file's wording of an answer stands for: its value or label, in English or a translation, whatever the case or punctuation. */
export function matchChoice(question: Question, text: string): string | undefined {
  const wanted = normaliseText(text);
  if (wanted === '') return undefined;
  for (const option of optionsOf(question)) {
    if (normaliseText(option.value) === wanted || normaliseText(option.label) === wanted) return option.value;
  }
  for (const translation of Object.values(question.translations)) {
    for (const [value, label] of Object.entries(translation.options ?? {})) if (normaliseText(label) === wanted) return value;
  }
  return undefined;
}

/** Separators survey tools put between the chosen answers of a multiple choice in one cell. */
const MULTIPLE_SEPARATORS = /[;|\n]/;

/** The answers in a multiple-choice cell: "Autism;ADHD;" or "Autism, ADHD" (commas only when nothing else splits it). */
export function splitMultiple(question: Question, text: string): string[] {
  if (matchChoice(question, text)) return [text.trim()];
  const parts = text.split(MULTIPLE_SEPARATORS).map((p) => p.trim()).filter(Boolean);
  if (parts.length > 1 || !text.includes(',')) return parts;
  return text.split(',').map((p) => p.trim()).filter(Boolean);
}

const CHOSEN = new Set(['1', 'yes', 'y', 'true', 'x', 'selected', 'checked', 'ticked', 'chosen']);
const NOT_CHOSEN = new Set(['', '0', 'no', 'n', 'false', 'not selected', 'unchecked', 'not chosen']);
const TICKS = new Set(['✓', '✔', '☑', '✅']);

/** Whether an option column's cell says the option was chosen; undefined when it cannot tell. */
function optionChosen(question: Question, value: string, text: string): boolean | undefined {
  if (TICKS.has(text.trim())) return true;
  const normal = normaliseText(text);
  if (CHOSEN.has(normal)) return true;
  if (NOT_CHOSEN.has(normal)) return false;
  return matchChoice(question, text) === value ? true : undefined;
}

/** Languages by code, English name or own name: "ur", "Urdu", "اردو". */
export function matchLanguage(text: string): string | undefined {
  const wanted = normaliseText(text);
  if (wanted === '') return undefined;
  return LANGUAGES.find((l) => l.code === wanted || normaliseText(l.name) === wanted || normaliseText(l.nativeName) === wanted)?.code;
}

// Building an Intl formatter is slow and an import may read a million times: made once.
const LONDON_OFFSET = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'longOffset' });

/** Clock offset of UK time from UTC at an instant, in minutes (0 in winter, 60 in summer). */
function londonOffsetMinutes(instant: number): number {
  const parts = LONDON_OFFSET.formatToParts(new Date(instant));
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(parts.find((p) => p.type === 'timeZoneName')?.value ?? '');
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

function ukLocalTime(year: number, month: number, day: number, hour: number, minute: number, second: number): Date | undefined {
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(naive);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  return new Date(naive - londonOffsetMinutes(naive) * 60_000);
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const UK_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * When a response was sent, as a survey tool writes it: ISO 8601 ("2026-11-24T14:30:00Z") or
 * the UK's day/month/year ("24/11/2026 14:30"). Times without a zone are UK time.
 */
export function parseSubmittedTime(text: string): Date | undefined {
  const trimmed = text.trim();
  const iso = ISO_TIME.exec(trimmed);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = iso;
    const local = ukLocalTime(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s));
    if (!local || !zone) return local;
    const stamp = Date.parse(`${y}-${mo}-${d}T${h.padStart(2, '0')}:${mi}:${s.padStart(2, '0')}${zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
    return Number.isNaN(stamp) ? undefined : new Date(stamp);
  }
  const uk = UK_TIME.exec(trimmed);
  if (uk) {
    const [, d, mo, y, h = '0', mi = '0', s = '0'] = uk;
    return ukLocalTime(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s));
  }
  return undefined;
}

// ---- Rows into responses ---------------------------------------------------------------------

/** A mapping made ready for converting rows of one file. */
export type ImportPlan = {
  /** The definition with "required" kept only for questions the file has a column for. */
  definition: SurveyDefinition;
  headings: readonly string[];
  columns: readonly ColumnTarget[];
  values: ValueMaps;
  questions: ReadonlyMap<string, Question>;
  /** Where each question's answers are, for pointing at a problem. */
  columnOfQuestion: ReadonlyMap<string, number>;
};

/**
 * Questions the other tool never asked have no column, so their answers are blank by nature: a
 * "required" rule for them would turn away every row, so it holds only where there is a column.
 * Likewise routing can only follow an answer the file has: a question shown after an answer the
 * file does not hold keeps its answers.
 */
export function compileImportPlan(definition: SurveyDefinition, headings: readonly string[], mapping: ImportMapping): ImportPlan {
  const columnOfQuestion = new Map<string, number>();
  mapping.columns.forEach((target, column) => {
    if ((target.kind === 'question' || target.kind === 'option') && !columnOfQuestion.has(target.questionId)) columnOfQuestion.set(target.questionId, column);
  });
  const relaxed: SurveyDefinition = {
    ...definition,
    questions: definition.questions.map((q) => {
      const kept = columnOfQuestion.has(q.id) ? q : { ...q, required: false };
      return kept.showIf && !columnOfQuestion.has(kept.showIf.question) ? { ...kept, showIf: undefined } : kept;
    }),
  };
  return {
    definition: relaxed,
    headings,
    columns: mapping.columns,
    values: mapping.values,
    questions: new Map(relaxed.questions.map((q) => [q.id, q])),
    columnOfQuestion,
  };
}

/** One thing wrong with a row: where (its row number in the file, the column's heading) and what, in plain English. */
export type RowProblem = { line: number; column: string | null; message: string };

export type CheckedRow =
  | { ok: true; line: number; language: string; answers: Answers; submittedAt: Date | null }
  | { ok: false; line: number; problems: RowProblem[] };

/** "Row 14, column ‘How old is your child?’: ‘12-15’ is not one of the answers" */
export function describeProblem(problem: RowProblem): string {
  return problem.column === null ? `Row ${problem.line}: ${problem.message}` : `Row ${problem.line}, column ‘${problem.column}’: ${problem.message}`;
}

/** Quoted for a message, shortened when long. */
function quoted(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return `‘${flat.length > 60 ? `${flat.slice(0, 57)}…` : flat}’`;
}

/** Exports guard text that starts like a formula with an apostrophe (see csv.ts); an import takes it off again. */
export function unguardCell(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

/** A choice answer in the file's words: the option it maps to, '' for none, or undefined when it is not an answer. */
function choiceFor(plan: ImportPlan, question: Question, text: string): string | undefined {
  const mapped = plan.values[question.id]?.[normaliseText(text)];
  if (mapped !== undefined) return mapped;
  return matchChoice(question, text);
}

/** Why the answer to a question failed the survey's own rules, said for someone checking a file. */
function answerProblem(question: Question, raw: RawAnswer): string {
  const text = Array.isArray(raw) ? raw.join('') : (raw ?? '').trim();
  if (text === '') return 'There is no answer, but the question must be answered';
  if (question.type === 'text') return `The answer is ${[...text].length.toLocaleString('en-GB')} characters long: this question takes at most ${textLimit(question).toLocaleString('en-GB')}`;
  if (question.type === 'number') {
    if (!/^-?\d{1,9}$/.test(text.replace(/,/g, ''))) return `${quoted(text)} is not a whole number`;
    return `${quoted(text)} is not between ${question.min ?? 0} and ${question.max ?? 1_000_000}`;
  }
  return `${quoted(text)} is not one of the answers`;
}

/**
 * Turns one row of a file into a response: each mapped cell into the answer it stands for, then
 * the survey's own rules (routing, required answers, lengths, ranges). Returns the answers to
 * store, or every problem with the row.
 */
export function checkRow(plan: ImportPlan, line: number, cells: readonly string[], now: Date = new Date()): CheckedRow {
  const raw: Record<string, RawAnswer> = {};
  const problems: RowProblem[] = [];
  let language = DEFAULT_LANGUAGE;
  let submittedAt: Date | null = null;
  let answered = false;
  const fail = (column: number, message: string) => problems.push({ line, column: plan.headings[column] ?? null, message });

  plan.columns.forEach((target, column) => {
    if (target.kind === 'ignore') return;
    const text = unguardCell(cells[column] ?? '').trim();
    if (target.kind === 'language') {
      if (text === '') return;
      const code = matchLanguage(text);
      if (code) language = code;
      else fail(column, `${quoted(text)} is not a language this service knows: write a code such as ur or a name such as Urdu`);
      return;
    }
    if (target.kind === 'submitted') {
      if (text === '') return;
      const time = parseSubmittedTime(text);
      if (!time) fail(column, `${quoted(text)} is not a date and time: write it like 2026-11-24 14:30 or 24/11/2026 14:30`);
      else if (time.getTime() > now.getTime() + 86_400_000) fail(column, `${quoted(text)} is in the future`);
      else submittedAt = time;
      return;
    }
    const question = plan.questions.get(target.questionId);
    if (!question) return;
    if (target.kind === 'option') {
      const chosen = optionChosen(question, target.value, text);
      if (chosen === undefined) fail(column, `${quoted(text)} does not say whether the answer was chosen: write 1 if it was and leave it blank if not`);
      else if (chosen) {
        raw[question.id] = [...((raw[question.id] as string[] | undefined) ?? []), target.value];
        answered = true;
      }
      return;
    }
    if (text === '') return;
    answered = true;
    if (question.type === 'multiple') {
      const chosen: string[] = [];
      for (const part of splitMultiple(question, text)) {
        const value = choiceFor(plan, question, part);
        if (value === undefined) fail(column, `${quoted(part)} is not one of the answers`);
        else if (value !== '') chosen.push(value);
      }
      raw[question.id] = chosen;
    } else if (isChoice(question)) {
      const value = choiceFor(plan, question, text);
      if (value === undefined) fail(column, `${quoted(text)} is not one of the answers`);
      else if (value !== '') raw[question.id] = value;
    } else {
      raw[question.id] = text;
    }
  });

  if (problems.length) return { ok: false, line, problems };
  if (!answered) return { ok: false, line, problems: [{ line, column: null, message: 'The row has no answers to import' }] };
  const { answers, errors } = validateResponse(plan.definition, DEFAULT_LANGUAGE, raw);
  if (errors.length) {
    return {
      ok: false,
      line,
      problems: errors.map((e) => {
        const column = plan.columnOfQuestion.get(e.questionId);
        return { line, column: column === undefined ? null : (plan.headings[column] ?? null), message: answerProblem(plan.questions.get(e.questionId)!, raw[e.questionId]) };
      }),
    };
  }
  if (Object.keys(answers).length === 0) return { ok: false, line, problems: [{ line, column: null, message: 'The row has no answers to import' }] };
  return { ok: true, line, language, answers, submittedAt };
}

/** The distinct answers in a choice column that are not, as written, one of the question's answers. */
export function unmatchedChoices(question: Question, cellValues: Iterable<{ text: string; rows: number }>): { text: string; rows: number }[] {
  const counts = new Map<string, { text: string; rows: number }>();
  for (const { text: cell, rows } of cellValues) {
    const text = unguardCell(cell).trim();
    if (text === '') continue;
    const parts = question.type === 'multiple' ? splitMultiple(question, text) : [text];
    for (const part of parts) {
      if (matchChoice(question, part)) continue;
      const key = normaliseText(part);
      const seen = counts.get(key);
      if (seen) seen.rows += rows;
      else counts.set(key, { text: part, rows });
    }
  }
  return [...counts.values()].sort((a, b) => b.rows - a.rows || a.text.localeCompare(b.text));
}

// ---- Exports ---------------------------------------------------------------------------------

export const EXPORT_KINDS = ['results', 'comments', 'raw'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** "SEND-990-2026-1-parents-carers-results.csv": safe in a header and on every system. */
export function exportFileName(reference: string, audienceSlug: string, kind: ExportKind, format: ExportFormat): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${[safe(reference), safe(audienceSlug), kind].filter(Boolean).join('-')}.${format}`;
}

export const SUPPRESSED = 'suppressed';

export const RESULT_COLUMNS: CsvColumn[] = [
  { header: 'Question id', key: 'questionId' },
  { header: 'Question', key: 'question' },
  { header: 'Breakdown by', key: 'breakdown' },
  { header: 'Group', key: 'group' },
  { header: 'Answer', key: 'answer' },
  { header: 'Count', key: 'count' },
  { header: 'Out of', key: 'base' },
  { header: 'Percent', key: 'percent' },
  { header: '95% interval from (percent)', key: 'lower' },
  { header: '95% interval to (percent)', key: 'upper' },
  { header: 'Value', key: 'value' },
];

type Cell = string | number | null;

function shown(value: number | null | undefined, suppressed: boolean): Cell {
  if (suppressed) return SUPPRESSED;
  return value ?? null;
}

function figureCells(figure: Figure | undefined, hidden = false): CsvRecord {
  const suppressed = hidden || !figure || figure.suppressed;
  return {
    count: shown(figure?.count, suppressed),
    base: shown(figure?.base, suppressed),
    percent: shown(figure?.percent, suppressed),
    lower: shown(figure?.lower, suppressed),
    upper: shown(figure?.upper, suppressed),
  };
}

const AGREEING_LABEL = 'Strongly agree or agree';

/**
 * The results as rows, one per figure: every option of every question, overall and in each
 * group of each breakdown, then comment sentiment and themes, then languages. A figure the
 * result hides reads "suppressed", so nobody mistakes it for a zero.
 */
export function* resultRecords(result: AnalysisResult): Generator<CsvRecord> {
  yield { question: 'All questions', answer: 'Responses', count: result.responseCount };
  for (const q of result.questions) {
    const at = { questionId: q.questionId, question: q.text };
    yield { ...at, answer: 'Answered', count: shown(q.answered, q.suppressed), base: shown(q.shown, q.suppressed || q.shown === null) };
    for (const option of q.options ?? []) yield { ...at, answer: option.label, ...figureCells(option, q.suppressed) };
    if (q.agreeing) yield { ...at, answer: AGREEING_LABEL, ...figureCells(q.agreeing, q.suppressed) };
    if (q.number) {
      const hidden = q.suppressed || q.number.suppressed;
      yield { ...at, answer: 'Mean', value: shown(q.number.mean, hidden) };
      yield { ...at, answer: 'Median', value: shown(q.number.median, hidden) };
      yield { ...at, answer: 'Lowest', value: shown(q.number.min, hidden) };
      yield { ...at, answer: 'Highest', value: shown(q.number.max, hidden) };
    }
    for (const breakdown of q.breakdowns) {
      for (const group of breakdown.groups) {
        const hidden = q.suppressed || group.suppressed;
        const where = { ...at, breakdown: breakdown.label, group: group.label };
        yield { ...where, answer: 'Answered', count: shown(group.answered, hidden) };
        for (const option of group.options) yield { ...where, answer: option.label, ...figureCells(option, hidden) };
        if (group.agreeing) yield { ...where, answer: AGREEING_LABEL, ...figureCells(group.agreeing, hidden) };
      }
    }
  }
  for (const cq of result.commentQuestions) {
    const at = { questionId: cq.questionId, question: cq.text };
    const hidden = cq.answered === null;
    yield { ...at, answer: 'Answered', count: shown(cq.answered, hidden), base: cq.shown === undefined ? null : shown(cq.shown, cq.shown === null) };
    for (const [sentiment, count] of Object.entries(cq.sentiment)) yield { ...at, answer: `Sentiment: ${sentiment}`, count: shown(count, count === null), base: shown(cq.answered, hidden) };
    for (const theme of cq.themes) yield { ...at, answer: `Theme: ${theme.name}`, count: shown(theme.comments, theme.suppressed || theme.comments === null), base: shown(cq.answered, hidden) };
  }
  for (const language of result.languages) {
    const name = LANGUAGES.find((l) => l.code === language.code)?.name ?? language.code;
    yield { question: 'Language of the response', answer: name, count: shown(language.count, language.count === null) };
  }
}

export const COMMENT_COLUMNS: CsvColumn[] = [
  { header: 'Response id', key: 'responseId' },
  { header: 'Question id', key: 'questionId' },
  { header: 'Question', key: 'question' },
  { header: 'Comment, personal details removed', key: 'comment' },
  { header: 'Themes', key: 'themes' },
  { header: 'Themes chosen by an inspector', key: 'corrected' },
  { header: 'Sentiment', key: 'sentiment' },
];

export type ExportedComment = {
  responseId: number;
  questionId: string;
  questionText: string;
  redacted: string;
  themeNames: readonly string[];
  corrected: boolean;
  sentiment: string;
};

export function commentRecord(comment: ExportedComment): CsvRecord {
  return {
    responseId: comment.responseId,
    questionId: comment.questionId,
    question: comment.questionText,
    comment: comment.redacted,
    themes: comment.themeNames.join('; '),
    corrected: comment.corrected ? 'Yes' : 'No',
    sentiment: comment.sentiment,
  };
}

/** Raw export headings end with the question's id in brackets, so that a re-import matches them exactly. */
function rawQuestionColumn(question: Question): CsvColumn {
  return { header: `${question.text} [${question.id}]`, key: `q:${question.id}` };
}

function rawOptionColumn(question: Question, option: { value: string; label: string }): CsvColumn {
  return { header: `${question.text}: ${option.label} [${question.id}.${option.value}]`, key: `o:${question.id}.${option.value}` };
}

/** One column per question, and one per option of a multiple choice (1 when chosen, blank when not). */
export function rawColumns(definition: SurveyDefinition): CsvColumn[] {
  const columns: CsvColumn[] = [
    { header: 'Response id', key: 'responseId' },
    { header: 'Submitted (UTC)', key: 'submitted' },
    { header: 'Link', key: 'link' },
    { header: 'Language', key: 'language' },
    { header: 'Source', key: 'source' },
  ];
  for (const question of definition.questions) {
    if (question.type === 'multiple') for (const option of optionsOf(question)) columns.push(rawOptionColumn(question, option));
    else columns.push(rawQuestionColumn(question));
  }
  return columns;
}

export type RawResponse = { id: number; submittedAt: Date; link: string | null; language: string; source: string; answers: Answers };

/** A response's answers as given: choices by their label, text unredacted, numbers as numbers. */
export function rawRecord(definition: SurveyDefinition, response: RawResponse): CsvRecord {
  const record: CsvRecord = {
    responseId: response.id,
    submitted: response.submittedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    link: response.link,
    language: response.language,
    source: response.source,
  };
  for (const question of definition.questions) {
    const answer = response.answers[question.id];
    if (answer === undefined) continue;
    if (question.type === 'multiple') {
      const chosen = new Set(Array.isArray(answer) ? answer : [String(answer)]);
      for (const option of optionsOf(question)) if (chosen.has(option.value)) record[`o:${question.id}.${option.value}`] = 1;
    } else if (isChoice(question)) {
      record[`q:${question.id}`] = optionsOf(question).find((o) => o.value === answer)?.label ?? String(answer);
    } else {
      record[`q:${question.id}`] = typeof answer === 'number' ? answer : String(answer);
    }
  }
  return record;
}
