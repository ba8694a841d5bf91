// The report's narrative as inspectors write it: which sections they write, the text of a section
// read into paragraphs and lists and back, the limits a draft must keep, and a word-level diff
// between two versions. Pure.
import { diffArrays, diffWords } from 'diff';
import type { FrameworkDefinition } from '../frameworks/framework.ts';
import type { InspectionStatus } from '../inspections/inspection.table.ts';
import { isAfterPublication, isReportDraftingStage } from '../platform/auth/permissions.ts';
import type { Block, NarrativeSections } from './report-document.ts';

// ---- Which sections inspectors write ---------------------------------------------------------

/**
 * Sections made wholly from the inspection's data, never typed: the title, the dates, the outcome
 * (the framework's exact sentence and its follow-up), the 2016 letter's written statement of
 * action sentence and sign-off, the tables of areas for priority action and for improvement, and the
 * partnership's and the team's details. Typing in them could only contradict the data they are
 * made from. Every other section of a framework's report template is the inspectors' to write; a
 * section added to a framework later is writable until it is listed here. This list is the one
 * place the rule lives: composition and the drafting pages both ask narrativeSectionCodes.
 */
const COMPOSED_SECTION_CODES: ReadonlySet<string> = new Set([
  'title',
  'inspection_dates',
  'inspection_outcome',
  'wsoa_statement',
  'areas_for_priority_action',
  'areas_for_improvement',
  'partnership_details',
  'inspection_team',
  'sign_off',
]);

/** The codes of the report sections inspectors write, in the framework's order. */
export function narrativeSectionCodes(definition: FrameworkDefinition): string[] {
  return definition.report.sections.filter((s) => !COMPOSED_SECTION_CODES.has(s.code)).map((s) => s.code);
}

/** A narrative section as the drafting page shows it: its heading (with the area named) and the framework's description. */
export type NarrativeSectionInfo = { code: string; heading: string; description: string };

export function narrativeSections(definition: FrameworkDefinition, areaName: string): NarrativeSectionInfo[] {
  const codes = new Set(narrativeSectionCodes(definition));
  return definition.report.sections
    .filter((s) => codes.has(s.code))
    .map((s) => ({ code: s.code, heading: s.heading.replaceAll('[area]', areaName), description: s.description }));
}

// ---- Text to blocks and back ---------------------------------------------------------------

// A marker alone on its line is an empty item (dropped), so no paragraph can begin like a list item.
const LIST_ITEM = /^[-*](?:[ \t]+(.*))?$/;

/** Line endings as one kind, tabs as spaces, and no control characters (they print as nothing or break documents). */
function normaliseText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A section's textarea as blocks. A blank line separates paragraphs; consecutive lines starting
 * "- " or "* " make one list; a paragraph's own line breaks become spaces, since a report's
 * paragraphs flow. Anything else, markup included, is kept as text (renderers escape it).
 */
export function parseSectionText(text: string): Block[] {
  const blocks: Block[] = [];
  const chunks = normaliseText(text).split(/\n[ ]*\n/);
  for (const chunk of chunks) {
    let paragraph: string[] = [];
    let items: string[] | undefined;
    const endParagraph = () => {
      const joined = collapseSpaces(paragraph.join(' '));
      if (joined) blocks.push({ type: 'paragraph', text: joined });
      paragraph = [];
    };
    const endList = () => {
      if (items?.length) blocks.push({ type: 'list', items });
      items = undefined;
    };
    for (const rawLine of chunk.split('\n')) {
      const line = rawLine.trim();
      if (!line) continue;
      const item = LIST_ITEM.exec(line);
      if (item) {
        endParagraph();
        items ??= [];
        const itemText = collapseSpaces(item[1] ?? '');
        if (itemText) items.push(itemText);
      } else {
        endList();
        paragraph.push(line);
      }
    }
    endParagraph();
    endList();
  }
  return blocks;
}

/**
 * Blocks as the textarea shows them for editing: the text parseSectionText reads back into the same
 * blocks. A list follows the paragraph leading into it on the next line, as people type it.
 */
export function sectionText(blocks: readonly Block[]): string {
  return blocks
    .map((b, i) => {
      const text = b.type === 'paragraph' ? b.text : b.items.map((item) => `- ${item}`).join('\n');
      if (i === 0) return text;
      return (b.type === 'list' && blocks[i - 1]!.type === 'paragraph' ? '\n' : '\n\n') + text;
    })
    .join('');
}

/** A block's words, as a comment quotes it: a list's items one to a line. */
export function blockText(block: Block): string {
  return block.type === 'paragraph' ? block.text : block.items.join('\n');
}

// ---- Limits --------------------------------------------------------------------------------

export const SECTION_MAX_LENGTH = 20_000;
export const PARAGRAPH_MAX_LENGTH = 3_000;
export const SECTION_MAX_BLOCKS = 200;
export const CHANGE_NOTE_MAX_LENGTH = 1_000;

/** A rule a draft breaks: the section it is in (its code) and what to do, naming the section by its heading. */
export type NarrativeIssue = { section: string; message: string };

export type CheckedNarrative = { ok: true; value: NarrativeSections } | { ok: false; issues: NarrativeIssue[] };

const COUNT = new Intl.NumberFormat('en-GB');

function blockOf(value: unknown): Block | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const block = value as { type?: unknown; text?: unknown; items?: unknown };
  if (block.type === 'paragraph' && typeof block.text === 'string') {
    const text = collapseSpaces(normaliseText(block.text));
    return text ? { type: 'paragraph', text } : undefined;
  }
  if (block.type === 'list' && Array.isArray(block.items) && block.items.every((i) => typeof i === 'string')) {
    const items = (block.items as string[]).map((i) => collapseSpaces(normaliseText(i))).filter(Boolean);
    return items.length ? { type: 'list', items } : undefined;
  }
  return undefined;
}

function sectionIssues(section: NarrativeSectionInfo, blocks: Block[]): NarrativeIssue[] {
  const name = `‘${section.heading}’`;
  const issues: NarrativeIssue[] = [];
  const length = sectionText(blocks).length;
  if (length > SECTION_MAX_LENGTH) {
    issues.push({ section: section.code, message: `The text for ${name} must be ${COUNT.format(SECTION_MAX_LENGTH)} characters or fewer (it has ${COUNT.format(length)})` });
  }
  if (blocks.length > SECTION_MAX_BLOCKS) {
    issues.push({ section: section.code, message: `${name} must have ${SECTION_MAX_BLOCKS} paragraphs and lists or fewer (it has ${COUNT.format(blocks.length)}): join some paragraphs` });
  }
  blocks.forEach((block, i) => {
    const texts = block.type === 'paragraph' ? [block.text] : block.items;
    const longest = texts.findIndex((t) => t.length > PARAGRAPH_MAX_LENGTH);
    if (longest < 0) return;
    const what = block.type === 'paragraph' ? `Paragraph ${i + 1}` : `Item ${longest + 1} of the list at paragraph ${i + 1}`;
    issues.push({
      section: section.code,
      message: `${what} of ${name} must be ${COUNT.format(PARAGRAPH_MAX_LENGTH)} characters or fewer (it has ${COUNT.format(texts[longest]!.length)}): split it into shorter paragraphs`,
    });
  });
  return issues;
}

/**
 * Checks a draft against the limits and puts it in its one stored form: only the framework's
 * narrative sections, in its order, each block's spaces tidied, empty sections left out (so the
 * same words always store the same way, and an unchanged save is seen as such).
 */
export function checkNarrative(sections: readonly NarrativeSectionInfo[], narrative: Readonly<Record<string, unknown>>): CheckedNarrative {
  const known = new Set(sections.map((s) => s.code));
  const issues: NarrativeIssue[] = [];
  for (const code of Object.keys(narrative)) {
    if (!known.has(code)) issues.push({ section: code, message: `“${code}” is not a section inspectors write in this framework’s report` });
  }
  const value: NarrativeSections = {};
  for (const section of sections) {
    const given = narrative[section.code];
    if (given === undefined) continue;
    if (!Array.isArray(given) || given.some((b) => blockOf(b) === undefined && !isEmptyBlock(b))) {
      issues.push({ section: section.code, message: `The text for ‘${section.heading}’ could not be read: paragraphs and lists only` });
      continue;
    }
    const blocks = given.map(blockOf).filter((b): b is Block => b !== undefined);
    issues.push(...sectionIssues(section, blocks));
    if (blocks.length) value[section.code] = blocks;
  }
  return issues.length ? { ok: false, issues } : { ok: true, value };
}

/** A well-formed block with nothing in it (a paragraph of spaces, a list of empty items): dropped, not refused. */
function isEmptyBlock(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const block = value as { type?: unknown; text?: unknown; items?: unknown };
  if (block.type === 'paragraph') return typeof block.text === 'string';
  return block.type === 'list' && Array.isArray(block.items) && block.items.every((i) => typeof i === 'string');
}

/** A block's content as one string, whatever order its keys come back in (jsonb orders them its own way). */
function blockKey(block: Block): string {
  return block.type === 'paragraph' ? `p\u0000${block.text}` : `l\u0000${block.items.join('\u0001')}`;
}

function sameBlocks(a: readonly Block[] | undefined, b: readonly Block[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((block, i) => blockKey(block) === blockKey(y[i]!));
}

/** Whether two stored drafts say the same (both in checkNarrative's form). */
export function sameNarrative(a: NarrativeSections, b: NarrativeSections): boolean {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].every((code) => sameBlocks(a[code], b[code]));
}

/** The sections whose text differs between two drafts, by code, in the order given. */
export function changedSectionCodes(sections: readonly NarrativeSectionInfo[], a: NarrativeSections, b: NarrativeSections): string[] {
  return sections.filter((s) => !sameBlocks(a[s.code], b[s.code])).map((s) => s.code);
}

// ---- When the draft may change, and what goes wrong ----------------------------------------

export const PUBLISHED_REFUSAL = 'The report is published: it can only be changed by a published correction';

/** Why the narrative may not be changed at this stage, or undefined when it may. */
export function draftingRefusal(status: InspectionStatus): string | undefined {
  if (isReportDraftingStage(status)) return undefined;
  if (isAfterPublication(status)) return PUBLISHED_REFUSAL;
  return 'The report is written once fieldwork has ended: it can be drafted from the report drafting stage';
}

export class ReportNotFoundError extends Error {
  constructor() {
    super('There is no such inspection or version of its report');
  }
}

/** The stage does not allow the change; nothing was written. */
export class ReportClosedError extends Error {}

/** What was typed breaks a limit; nothing was written. */
export class DraftInputError extends Error {
  readonly issues: NarrativeIssue[];
  constructor(issues: NarrativeIssue[]) {
    super(issues.map((i) => i.message).join('; '));
    this.issues = issues;
  }
}

/** A version saved since the page was opened, which a save from that page must not silently replace. */
export type NewerVersion = { number: number; sections: NarrativeSections; changeNote: string; savedBy: string; savedAt: Date };

/** Someone saved the draft since this page was opened; nothing was written, and the newer version comes with the refusal. */
export class StaleDraftError extends Error {
  readonly latest: NewerVersion;
  constructor(latest: NewerVersion) {
    super(`${latest.savedBy} saved version ${latest.number} of the draft while you were editing: your changes have not been saved. Your text is kept below: compare it with theirs, then save again to replace it`);
    this.latest = latest;
  }
}

// ---- Comparing two versions ----------------------------------------------------------------

export type SpanChange = 'same' | 'added' | 'removed';
export type DiffSpan = { change: SpanChange; text: string };
/** A block (or list item) kept as it was, changed in place, or only in one of the two versions. */
export type BlockChange = 'same' | 'changed' | 'added' | 'removed';
export type ItemDiff = { change: BlockChange; spans: DiffSpan[] };
export type BlockDiff = { type: 'paragraph'; change: BlockChange; spans: DiffSpan[] } | { type: 'list'; change: BlockChange; items: ItemDiff[] };
export type SectionDiff = { code: string; heading: string; changed: boolean; blocks: BlockDiff[] };
export type NarrativeDiff = { sections: SectionDiff[]; changedSections: number };

/** Below this share of words in common, a rewritten paragraph reads better as one removed and one added. */
const PAIRING_THRESHOLD = 0.3;

function whole(change: 'same' | 'added' | 'removed', text: string): DiffSpan[] {
  return [{ change, text }];
}

/** A word-level diff of two texts, or undefined when they share too little to read as one text changed. */
function wordDiff(before: string, after: string): DiffSpan[] | undefined {
  const parts = diffWords(before, after);
  const common = parts.filter((p) => !p.added && !p.removed).reduce((n, p) => n + p.value.trim().length, 0);
  if (common / Math.max(before.length, after.length, 1) < PAIRING_THRESHOLD) return undefined;
  return parts.map((p) => ({ change: p.added ? 'added' : p.removed ? 'removed' : 'same', text: p.value }));
}

type Aligner<T, D> = {
  key: (t: T) => string;
  same: (t: T) => D;
  added: (t: T) => D;
  removed: (t: T) => D;
  /** The two as one thing changed, or undefined to show them as removed and added. */
  changed: (before: T, after: T) => D | undefined;
};

/**
 * Lines up two sequences: the parts in common, and each stretch that differs, where removed and
 * added entries are paired in order as changes of one another when they are alike enough.
 */
function align<T, D>(before: readonly T[], after: readonly T[], how: Aligner<T, D>): D[] {
  const out: D[] = [];
  let i = 0;
  let j = 0;
  let removed: T[] = [];
  let added: T[] = [];
  const flush = () => {
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const a = removed[k];
      const b = added[k];
      if (a !== undefined && b !== undefined) {
        const changed = how.changed(a, b);
        if (changed !== undefined) out.push(changed);
        else out.push(how.removed(a), how.added(b));
      } else if (a !== undefined) out.push(how.removed(a));
      else if (b !== undefined) out.push(how.added(b));
    }
    removed = [];
    added = [];
  };
  for (const part of diffArrays(before.map(how.key), after.map(how.key))) {
    const count = part.count ?? part.value.length;
    if (part.removed) {
      removed.push(...before.slice(i, i + count));
      i += count;
    } else if (part.added) {
      added.push(...after.slice(j, j + count));
      j += count;
    } else {
      flush();
      for (let k = 0; k < count; k++) out.push(how.same(after[j + k]!));
      i += count;
      j += count;
    }
  }
  flush();
  return out;
}

const ITEMS: Aligner<string, ItemDiff> = {
  key: (t) => t,
  same: (t) => ({ change: 'same', spans: whole('same', t) }),
  added: (t) => ({ change: 'added', spans: whole('added', t) }),
  removed: (t) => ({ change: 'removed', spans: whole('removed', t) }),
  changed: (a, b) => {
    const spans = wordDiff(a, b);
    return spans && { change: 'changed', spans };
  },
};

function blockAs(change: 'same' | 'added' | 'removed', block: Block): BlockDiff {
  if (block.type === 'paragraph') return { type: 'paragraph', change, spans: whole(change, block.text) };
  return { type: 'list', change, items: block.items.map((t) => ({ change, spans: whole(change, t) })) };
}

const BLOCKS: Aligner<Block, BlockDiff> = {
  key: blockKey,
  same: (b) => blockAs('same', b),
  added: (b) => blockAs('added', b),
  removed: (b) => blockAs('removed', b),
  changed: (a, b) => {
    if (a.type === 'paragraph' && b.type === 'paragraph') {
      const spans = wordDiff(a.text, b.text);
      return spans && { type: 'paragraph', change: 'changed', spans };
    }
    if (a.type === 'list' && b.type === 'list') return { type: 'list', change: 'changed', items: align(a.items, b.items, ITEMS) };
    return undefined;
  },
};

/** Section by section, what changed from one draft to another: paragraphs and list items word by word. */
export function diffNarrative(sections: readonly NarrativeSectionInfo[], before: NarrativeSections, after: NarrativeSections): NarrativeDiff {
  const diffs = sections.map((section): SectionDiff => {
    const blocks = align(before[section.code] ?? [], after[section.code] ?? [], BLOCKS);
    return { code: section.code, heading: section.heading, changed: blocks.some((b) => b.change !== 'same'), blocks };
  });
  return { sections: diffs, changedSections: diffs.filter((d) => d.changed).length };
}
