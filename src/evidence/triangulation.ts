// The triangulation of evidence: counts of strengths and concerns for each framework criterion from
// each kind of source, which criteria are thinly or singly evidenced and why, in plain English. Pure.
import type { CriterionGroup } from '../frameworks/framework.ts';
import {
  EVIDENCE_SOURCES,
  EVIDENCE_SOURCE_LABELS,
  NOTE_SOURCE_KINDS,
  POLARITIES,
  SOURCE_OF_NOTE,
  THIN_EVIDENCE_MINIMUM,
  type EvidenceSource,
  type NoteSourceKind,
  type Polarity,
} from './evidence.ts';

/** One cell of the matrix: every item of evidence, and how many of them are strengths and concerns. */
export type CellCounts = { total: number; strengths: number; concerns: number };

/** A count of items of evidence for one criterion from one kind of source with one polarity. */
export type EvidenceCount = { criterion: string; source: EvidenceSource; polarity: Polarity; count: number };

export type HighlightKind = 'thin' | 'single_source';

export type Highlight = { kind: HighlightKind; label: string; reason: string };

export const HIGHLIGHT_LABELS: Readonly<Record<HighlightKind, string>> = {
  thin: 'Thin evidence',
  single_source: 'One kind of source',
};

export type MatrixRow = {
  code: string;
  heading: string;
  groupCode: string;
  cells: Record<EvidenceSource, CellCounts>;
  total: CellCounts;
  highlights: Highlight[];
};

export type MatrixGroup = { code: string; title: string; rows: MatrixRow[] };

export type Matrix = {
  groups: MatrixGroup[];
  /** The rows with at least one highlight, in the framework's order. */
  highlighted: MatrixRow[];
};

function emptyCell(): CellCounts {
  return { total: 0, strengths: 0, concerns: 0 };
}

function emptyCells(): Record<EvidenceSource, CellCounts> {
  return Object.fromEntries(EVIDENCE_SOURCES.map((source) => [source, emptyCell()])) as Record<EvidenceSource, CellCounts>;
}

function addTo(cell: CellCounts, polarity: Polarity, count: number): void {
  cell.total += count;
  if (polarity === 'strength') cell.strengths += count;
  if (polarity === 'concern') cell.concerns += count;
}

function isPolarity(value: string): value is Polarity {
  return (POLARITIES as readonly string[]).includes(value);
}

function isNoteSourceKind(value: string): value is NoteSourceKind {
  return (NOTE_SOURCE_KINDS as readonly string[]).includes(value);
}

/** Evidence notes counted by criterion, source kind and polarity, as the matrix columns take them. */
export function noteCounts(rows: readonly { criterion: string; sourceKind: string; polarity: string; count: number }[]): EvidenceCount[] {
  return rows.flatMap((row) =>
    isNoteSourceKind(row.sourceKind) && isPolarity(row.polarity) ? [{ criterion: row.criterion, source: SOURCE_OF_NOTE[row.sourceKind], polarity: row.polarity, count: row.count }] : [],
  );
}

/** Tracking notes say nothing of strength or concern: they count in the total only. */
export function trackingNoteCounts(byCriterion: Readonly<Record<string, number>>): EvidenceCount[] {
  return Object.entries(byCriterion).map(([criterion, count]) => ({ criterion, source: 'tracking', polarity: 'neutral', count }));
}

/**
 * How a complete plan review's overall grade counts in the matrix. The grade is the reviewer's own
 * judgement of the plan, so it may be carried over; the product never judges the plan itself.
 * The instrument grades plans on Ofsted's four-point scale and draws its own line between good and
 * requires improvement ("plans graded requires improvement or inadequate are amended or audited
 * again"), so outstanding and good plans count as strengths and plans that require improvement or
 * are inadequate as concerns. A grade not named here (a later instrument's, or none) counts as
 * neither, rather than being guessed at.
 */
export const GRADE_POLARITY: Readonly<Record<string, Polarity>> = {
  outstanding: 'strength',
  good: 'strength',
  requires_improvement: 'concern',
  inadequate: 'concern',
};

export function gradePolarity(grade: string | null): Polarity {
  return (grade !== null && Object.hasOwn(GRADE_POLARITY, grade) ? GRADE_POLARITY[grade] : undefined) ?? 'neutral';
}

/** Complete plan reviews counted by criterion and overall grade, each grade read as GRADE_POLARITY says. */
export function reviewCounts(rows: readonly { criterion: string; grade: string | null; count: number }[]): EvidenceCount[] {
  return rows.map((row) => ({ criterion: row.criterion, source: 'case_review', polarity: gradePolarity(row.grade), count: row.count }));
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
}

/** Why a criterion is highlighted, in the order a reader should take them. */
export function highlightsOf(cells: Readonly<Record<EvidenceSource, CellCounts>>): Highlight[] {
  const total = EVIDENCE_SOURCES.reduce((sum, source) => sum + cells[source].total, 0);
  const highlights: Highlight[] = [];
  if (total < THIN_EVIDENCE_MINIMUM) {
    const reason = total === 0 ? 'No evidence yet' : `Only ${plural(total, 'item', 'items')} of evidence`;
    highlights.push({ kind: 'thin', label: HIGHLIGHT_LABELS.thin, reason });
  }
  const sources = EVIDENCE_SOURCES.filter((source) => cells[source].total > 0);
  if (sources.length === 1) {
    highlights.push({ kind: 'single_source', label: HIGHLIGHT_LABELS.single_source, reason: `Evidence from ${sourceInSentence(sources[0]!)} only` });
  }
  return highlights;
}

/** "fieldwork notes": a source's label inside a sentence. */
export function sourceInSentence(source: EvidenceSource): string {
  const label = EVIDENCE_SOURCE_LABELS[source];
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/**
 * The matrix: a row for each criterion of the framework, in its order and groups. Counts for codes
 * the framework does not have are left out (tags are checked when written, so there should be none).
 */
export function buildMatrix(groups: readonly CriterionGroup[], counts: readonly EvidenceCount[]): Matrix {
  const cellsByCode = new Map<string, Record<EvidenceSource, CellCounts>>();
  for (const group of groups) for (const criterion of group.criteria) cellsByCode.set(criterion.code, emptyCells());
  for (const item of counts) {
    const cells = cellsByCode.get(item.criterion);
    if (!cells || item.count <= 0) continue;
    addTo(cells[item.source], item.polarity, item.count);
  }
  const matrixGroups = groups.map((group) => ({
    code: group.code,
    title: group.title,
    rows: group.criteria.map((criterion) => {
      const cells = cellsByCode.get(criterion.code)!;
      const total = emptyCell();
      for (const source of EVIDENCE_SOURCES) {
        total.total += cells[source].total;
        total.strengths += cells[source].strengths;
        total.concerns += cells[source].concerns;
      }
      return { code: criterion.code, heading: criterion.heading, groupCode: group.code, cells, total, highlights: highlightsOf(cells) };
    }),
  }));
  return { groups: matrixGroups, highlighted: matrixGroups.flatMap((g) => g.rows.filter((r) => r.highlights.length > 0)) };
}

/** A cell in words, the same on screen and to a screen reader: "7 items: 4 strengths, 2 concerns". */
export function cellInWords(cell: CellCounts): string {
  if (cell.total === 0) return 'No items';
  return `${plural(cell.total, 'item', 'items')}: ${cellBreakdown(cell)}`;
}

/** "4 strengths, 2 concerns" (the rest are neither). */
export function cellBreakdown(cell: CellCounts): string {
  return cellParts(cell).join(', ');
}

/** ["4 strengths", "2 concerns"]: the breakdown in parts, for a narrow cell to put on separate lines. */
export function cellParts(cell: CellCounts): [string, string] {
  return [plural(cell.strengths, 'strength', 'strengths'), plural(cell.concerns, 'concern', 'concerns')];
}

/** The first part of a note's text for a list: whole words, up to about `length` characters. */
export function excerpt(text: string, length = 300): { text: string; cut: boolean } {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return { text: flat, cut: false };
  const slice = flat.slice(0, length + 1);
  const lastSpace = slice.lastIndexOf(' ');
  const cutAt = lastSpace > length * 0.6 ? lastSpace : length;
  return { text: `${flat.slice(0, cutAt).replace(/[\s,;:.–-]+$/, '')}…`, cut: true };
}

// ---- Survey figures ----------------------------------------------------------------------------

/** What the criterion page needs of a survey question's figures (a subset of the surveys' analysis result). */
export type QuestionFiguresInput = {
  type: string;
  answered: number | null;
  suppressed: boolean;
  options?: readonly { label: string; count: number | null; base: number | null; percent: number | null; suppressed: boolean }[];
  agreeing?: { count: number | null; base: number | null; percent: number | null; suppressed: boolean };
  number?: { answered: number | null; mean: number | null; median: number | null; suppressed: boolean };
};

function answers(count: number): string {
  return plural(count, 'answer', 'answers');
}

function percentOf(figure: { percent: number | null; base: number | null; suppressed: boolean }, threshold: number): string {
  if (figure.suppressed || figure.percent === null || figure.base === null) return `not shown (fewer than ${threshold} answers)`;
  return `${Math.round(figure.percent)}% of ${answers(figure.base)}`;
}

/**
 * A question's figures as sentences, suppressed as the survey's summary is: "Agree or strongly
 * agree: 41% of 812 answers". `agreeingLabel` names the agreeing answers on the question's scale.
 */
export function questionFigures(question: QuestionFiguresInput, threshold: number, agreeingLabel = 'Agree or strongly agree'): string[] {
  if (question.suppressed || question.answered === null) return [`Fewer than ${threshold} people answered this question, so its figures are not shown.`];
  if (question.answered === 0) return ['Nobody has answered this question yet.'];
  if (question.agreeing) return [`${agreeingLabel}: ${percentOf(question.agreeing, threshold)}`];
  if (question.number) {
    const n = question.number;
    if (n.suppressed || n.mean === null || n.answered === null) return [`Fewer than ${threshold} people answered this question, so its figures are not shown.`];
    const mean = n.mean.toLocaleString('en-GB', { maximumFractionDigits: 1 });
    const median = n.median === null ? '' : `, median ${n.median.toLocaleString('en-GB', { maximumFractionDigits: 1 })}`;
    return [`Average ${mean}${median}, from ${answers(n.answered)}`];
  }
  return (question.options ?? []).map((option) => `${option.label}: ${percentOf(option, threshold)}`);
}
