// Findings' and the outcome's rules under the inspection's framework: what a finding must hold, the
// source of each citation and findings resting on one kind of source, which outcomes an inspection
// may record and when a change of outcome is refused, and the report headings findings sit under. Pure.
import { EVIDENCE_SOURCES, EVIDENCE_SOURCE_LABELS, SOURCE_OF_NOTE, type EvidenceSource, type NoteSourceKind } from '../evidence/evidence.ts';
import { allCriteria, findOutcome, findingKindsFor, inspectionType, type FindingKind, type FrameworkDefinition, type Outcome } from '../frameworks/framework.ts';
import type { CitationKind, FindingOrigin } from './finding.table.ts';

export type { CitationKind, FindingOrigin };

export const CITATION_KINDS = ['note', 'survey_figure', 'plan_review', 'tracking_note'] as const satisfies readonly CitationKind[];

export const CITATION_KIND_LABELS: Readonly<Record<CitationKind, string>> = {
  note: 'Evidence notes',
  survey_figure: 'Survey figures',
  plan_review: 'Plan reviews',
  tracking_note: 'Tracking notes',
};

export const BODY_MAX_LENGTH = 5_000;
export const PARTNERS_MAX_LENGTH = 500;
export const RATIONALE_MAX_LENGTH = 5_000;
/** Far more than any finding cites; more is a form gone wrong. */
export const CITATIONS_MAX = 200;

export type CitationInput = { kind: CitationKind; refId: string };

/** What inspectors write for a finding (the service and the form both speak this). */
export type FindingInput = {
  kind: string;
  criteria: string[];
  body: string;
  responsibleBody: string | null;
  partners: string;
  citations: CitationInput[];
};

export type FindingField = 'kind' | 'criteria' | 'body' | 'responsibleBody' | 'partners' | 'citations';

/** A rule broken by what was entered: the field it belongs to and what to do about it. */
export type FindingIssue = { field: FindingField; message: string };

export type CheckedFinding = { ok: true; value: FindingInput } | { ok: false; issues: FindingIssue[] };

export type FindingRules = {
  definition: FrameworkDefinition;
  /** The outcome recorded for the inspection, if any: some kinds are given only with certain outcomes. */
  outcome?: string;
  /** Recorded findings cite their evidence; findings imported from a historical report have none. */
  origin: FindingOrigin;
};

export class FindingInputError extends Error {
  readonly issues: FindingIssue[];
  constructor(issues: FindingIssue[]) {
    super(issues.map((i) => i.message).join('. '));
    this.issues = issues;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const QUESTION_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function isCitationKind(value: unknown): value is CitationKind {
  return typeof value === 'string' && (CITATION_KINDS as readonly string[]).includes(value);
}

/** A survey figure is cited as "<survey id>:<question id>"; anything else cites one row by its id. */
export function surveyFigureRef(surveyId: string, questionId: string): string {
  return `${surveyId}:${questionId}`;
}

export function parseSurveyFigureRef(refId: string): { surveyId: string; questionId: string } | undefined {
  const at = refId.indexOf(':');
  if (at < 0) return undefined;
  const surveyId = refId.slice(0, at);
  const questionId = refId.slice(at + 1);
  return UUID.test(surveyId) && QUESTION_ID.test(questionId) ? { surveyId, questionId } : undefined;
}

export function isCitationRef(kind: CitationKind, refId: string): boolean {
  return kind === 'survey_figure' ? parseSurveyFigureRef(refId) !== undefined : UUID.test(refId);
}

/** The citation as one form value, "<kind>:<ref id>", so one checkbox carries both. */
export function citationValue(citation: CitationInput): string {
  return `${citation.kind}:${citation.refId}`;
}

export function parseCitationValue(value: string): CitationInput | undefined {
  const at = value.indexOf(':');
  if (at < 0) return undefined;
  const kind = value.slice(0, at);
  const refId = value.slice(at + 1);
  return isCitationKind(kind) && isCitationRef(kind, refId) ? { kind, refId } : undefined;
}

// ---- Words ----------------------------------------------------------------------------------

function count(n: number): string {
  return n.toLocaleString('en-GB');
}

/** A label inside a sentence: 'Area for priority action' → 'area for priority action'; 'ICB' stays. */
export function lowerFirst(label: string): string {
  return /^[A-Z][A-Z]/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

function withArticle(phrase: string): string {
  return `${/^[aeiou]/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

function pluralWord(word: string): string {
  if (/(s|x|ch|sh)$/i.test(word)) return `${word}es`;
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/** 'Area for priority action' → 'Areas for priority action'; 'Significant weakness' → 'Significant weaknesses'. */
export function pluralLabel(label: string): string {
  const words = label.split(' ');
  const joint = words.findIndex((w) => w === 'for' || w === 'of');
  const at = joint > 0 ? joint - 1 : words.length - 1;
  words[at] = pluralWord(words[at]!);
  return words.join(' ');
}

/** "aspect" for the 2016 framework, whose criteria are its three aspects; "criterion" otherwise. */
export function criterionTerm(definition: FrameworkDefinition): { one: string; many: string } {
  return definition.code === '2016' ? { one: 'aspect', many: 'aspects' } : { one: 'criterion', many: 'criteria' };
}

function quoted(labels: readonly string[]): string {
  const parts = labels.map((l) => `“${l}”`);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}`;
}

function outcomeLabel(definition: FrameworkDefinition, code: string): string {
  return findOutcome(definition, code)?.label ?? code;
}

// ---- A finding ------------------------------------------------------------------------------

export function findingKind(definition: FrameworkDefinition, code: string): FindingKind | undefined {
  return definition.findingKinds.find((k) => k.code === code);
}

/** Why a kind cannot be given with the recorded outcome, or undefined when it can. */
export function kindClosedMessage(definition: FrameworkDefinition, kind: FindingKind, outcome: string | undefined): string | undefined {
  if (outcome === undefined || findingKindsFor(definition, outcome).some((k) => k.code === kind.code)) return undefined;
  const allowed = (kind.onlyWithOutcomes ?? []).map((code) => outcomeLabel(definition, code));
  const name = lowerFirst(kind.label);
  return `${withArticle(name).replace(/^a/, 'A')} is given only with the outcome ${quoted(allowed)}, and the outcome recorded is “${outcomeLabel(definition, outcome)}”: choose another kind of finding, or change the outcome first`;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function criteriaIssue(definition: FrameworkDefinition, unknown: readonly string[]): string {
  const term = criterionTerm(definition);
  const listed = unknown.length === 1 ? `${unknown[0]} is not one of them` : `${unknown.join(', ')} are not among them`;
  return `Select ${term.many} of this inspection’s framework (${definition.code}): ${listed}`;
}

/**
 * Checks a finding against the inspection's framework and gives it its stored shape: the text
 * trimmed with line endings as \n, criteria in the framework's order (each once), a responsible
 * body only for kinds that name one, partners only for a body that needs them, each citation once.
 * Whether each cited item is the inspection's own is for the caller, as that needs the database.
 */
export function validateFinding(input: FindingInput, rules: FindingRules): CheckedFinding {
  const { definition } = rules;
  const issues: FindingIssue[] = [];
  const term = criterionTerm(definition);

  const kind = findingKind(definition, text(input.kind));
  if (!kind) issues.push({ field: 'kind', message: text(input.kind) ? `Choose a kind of finding of the ${definition.code} framework: “${text(input.kind)}” is not one` : 'Choose what kind of finding this is' });
  else {
    const closed = kindClosedMessage(definition, kind, rules.outcome);
    if (closed) issues.push({ field: 'kind', message: closed });
  }

  const codes = allCriteria(definition).map((c) => c.code);
  const given = (input.criteria ?? []).map(text);
  const unknown = [...new Set(given.filter((c) => !codes.includes(c)))];
  if (unknown.length) issues.push({ field: 'criteria', message: criteriaIssue(definition, unknown) });
  const criteria = codes.filter((c) => given.includes(c));
  if (kind?.needsCriterion && criteria.length === 0 && unknown.length === 0) {
    issues.push({ field: 'criteria', message: `Select at least one ${term.one} the ${lowerFirst(kind.label)} is about` });
  }

  const body = text(input.body).replace(/\r\n?/g, '\n').trim();
  if (body === '') issues.push({ field: 'body', message: 'Enter the finding' });
  else if (body.length > BODY_MAX_LENGTH) {
    issues.push({ field: 'body', message: `The finding must be ${count(BODY_MAX_LENGTH)} characters or fewer (it has ${count(body.length)})` });
  }

  let responsibleBody: string | null = null;
  let partners = '';
  if (kind?.needsResponsibleBody) {
    const code = text(input.responsibleBody).trim();
    const found = definition.responsibleBodies.find((b) => b.code === code);
    if (code === '') issues.push({ field: 'responsibleBody', message: `Select who is responsible for acting on the ${lowerFirst(kind.label)}` });
    else if (!found) issues.push({ field: 'responsibleBody', message: `Select who is responsible from the list: “${code}” is not one of the choices` });
    else {
      responsibleBody = found.code;
      if (found.needsNames) {
        partners = text(input.partners).replace(/\s+/g, ' ').trim();
        if (partners === '') issues.push({ field: 'partners', message: `Name the partners responsible, as you chose “${found.label}”` });
        else if (partners.length > PARTNERS_MAX_LENGTH) {
          issues.push({ field: 'partners', message: `The partners’ names must be ${count(PARTNERS_MAX_LENGTH)} characters or fewer (there are ${count(partners.length)})` });
        }
      }
    }
  }

  const citations: CitationInput[] = [];
  const seen = new Set<string>();
  let malformed = false;
  for (const citation of input.citations ?? []) {
    if (!isCitationKind(citation?.kind) || !isCitationRef(citation.kind, text(citation.refId))) {
      malformed = true;
      continue;
    }
    const key = citationValue(citation);
    if (seen.has(key)) continue;
    seen.add(key);
    citations.push({ kind: citation.kind, refId: citation.refId });
  }
  if (malformed) issues.push({ field: 'citations', message: 'Select evidence from the lists: an item chosen is not evidence this page offered' });
  else if (citations.length > CITATIONS_MAX) issues.push({ field: 'citations', message: `A finding can cite up to ${count(CITATIONS_MAX)} items of evidence (there are ${count(citations.length)})` });
  else if (rules.origin === 'recorded' && citations.length === 0) {
    issues.push({ field: 'citations', message: 'A finding must cite the evidence it rests on: select at least one item of evidence' });
  }

  if (issues.length) return { ok: false, issues };
  return { ok: true, value: { kind: kind!.code, criteria, body, responsibleBody, partners, citations: rules.origin === 'imported' ? [] : citations } };
}

// ---- Sources --------------------------------------------------------------------------------

/** The kind of source a citation is, as the evidence matrix's columns count it. */
export function citationSource(kind: CitationKind, noteSource?: NoteSourceKind): EvidenceSource {
  switch (kind) {
    case 'note':
      if (!noteSource) throw new Error('A note citation needs the note’s source');
      return SOURCE_OF_NOTE[noteSource];
    case 'survey_figure':
      return 'survey';
    case 'plan_review':
      return 'case_review';
    case 'tracking_note':
      return 'tracking';
  }
}

/** The different kinds of source among a finding's citations, in the matrix's column order. */
export function distinctSources(sources: readonly string[]): EvidenceSource[] {
  return EVIDENCE_SOURCES.filter((s) => sources.includes(s));
}

/** A recorded finding whose evidence all comes from one kind of source is flagged (never refused). */
export function restsOnOneSource(origin: FindingOrigin, sources: readonly string[]): boolean {
  return origin === 'recorded' && distinctSources(sources).length === 1;
}

export function sourceInSentence(source: EvidenceSource): string {
  return lowerFirst(EVIDENCE_SOURCE_LABELS[source]);
}

/** "Rests on one kind of source: fieldwork notes" */
export function singleSourceMessage(source: EvidenceSource): string {
  return `Rests on one kind of source: ${sourceInSentence(source)}`;
}

// ---- The outcome ----------------------------------------------------------------------------

/** The outcomes an inspection of this type may record under its framework (none for some types). */
export function outcomesFor(definition: FrameworkDefinition, typeCode: string): Outcome[] {
  return inspectionType(definition, typeCode)?.outcomes ?? [];
}

export type CheckedOutcome = { ok: true; outcome: Outcome } | { ok: false; message: string };

/** An outcome code must be one of the inspection type's outcomes in its framework. */
export function checkOutcomeCode(definition: FrameworkDefinition, typeCode: string, code: string): CheckedOutcome {
  const type = inspectionType(definition, typeCode);
  const outcomes = type?.outcomes ?? [];
  if (outcomes.length === 0) return { ok: false, message: `${type?.name ?? 'This type of inspection'} has no outcome to record` };
  const chosen = code.trim();
  if (chosen === '') return { ok: false, message: 'Select the outcome' };
  const outcome = outcomes.find((o) => o.code === chosen);
  if (!outcome) return { ok: false, message: `Select one of the outcomes of a ${lowerFirst(type!.name)} under the ${definition.code} framework: “${chosen}” is not one of them` };
  return { ok: true, outcome };
}

/** The sentence an outcome puts in the report is the framework's own, word for word; undefined when it matches. */
export function sentenceIssue(outcome: Outcome, sentence: string | null | undefined): string | undefined {
  if (sentence === undefined) return undefined;
  const given = (sentence ?? '').replace(/\s+/g, ' ').trim();
  const expected = (outcome.sentence ?? '').replace(/\s+/g, ' ').trim();
  if (given === expected) return undefined;
  return expected === ''
    ? `The outcome “${outcome.label}” adds no sentence to the report: leave the sentence out`
    : `The sentence for the outcome “${outcome.label}” must be the framework’s own: “${outcome.sentence}”`;
}

/**
 * Why changing to this outcome is refused: findings of kinds the outcome does not allow must be
 * changed or removed first. `kindCounts` is how many findings the inspection has of each kind.
 */
export function outcomeChangeIssue(definition: FrameworkDefinition, outcomeCode: string, kindCounts: readonly { kind: string; count: number }[]): string | undefined {
  const open = new Set(findingKindsFor(definition, outcomeCode).map((k) => k.code));
  const blocked = kindCounts.filter((k) => k.count > 0 && !open.has(k.kind));
  if (blocked.length === 0) return undefined;
  const total = blocked.reduce((sum, k) => sum + k.count, 0);
  const kinds = blocked.map((k) => lowerFirst(pluralLabel(findingKind(definition, k.kind)?.label ?? k.kind)));
  const listed = kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}`;
  return `Change or remove ${total === 1 ? '1 finding' : `${count(total)} findings`} first: the outcome “${outcomeLabel(definition, outcomeCode)}” does not allow ${listed}`;
}

// ---- Where findings sit in the report -------------------------------------------------------

/** One list of findings under the report's headings: a kind, and for the 2016 aspects the criterion too. */
export type FindingPlace = { kind: string; criterion?: string; heading: string };

export type FindingHeading = { code: string; heading: string; places: FindingPlace[] };

/**
 * The report's headings that hold findings, in the template's order (a 2016 aspect with its
 * strengths and areas for development; a 2023 section with its kind), then a heading for each kind
 * the template gives no place (the 2016 significant weaknesses). "[area]" is the area's name.
 */
export function findingHeadings(definition: FrameworkDefinition, areaName: string): FindingHeading[] {
  const headings: FindingHeading[] = [];
  const placed = new Set<string>();
  for (const section of definition.report.sections) {
    const places = section.subsections.filter((s) => s.findingKind).map((s) => ({ kind: s.findingKind!, ...(section.criterion ? { criterion: section.criterion } : {}), heading: s.heading.replaceAll('[area]', areaName) }));
    if (places.length === 0) continue;
    places.forEach((p) => placed.add(p.kind));
    headings.push({ code: section.code, heading: section.heading.replaceAll('[area]', areaName), places });
  }
  for (const kind of definition.findingKinds) {
    if (placed.has(kind.code)) continue;
    const heading = pluralLabel(kind.label);
    headings.push({ code: kind.code, heading, places: [{ kind: kind.code, heading }] });
  }
  return headings;
}

/** The findings of each place, in the order given; a finding whose kind and criteria fit no place is returned apart. */
export function placeFindings<F extends { kind: string; criteria: readonly string[] }>(places: readonly FindingPlace[], findings: readonly F[]): { lists: F[][]; unplaced: F[] } {
  const lists = places.map((place) => findings.filter((f) => f.kind === place.kind && (place.criterion === undefined || f.criteria.includes(place.criterion))));
  const shown = new Set(lists.flat());
  return { lists, unplaced: findings.filter((f) => !shown.has(f)) };
}

/**
 * A kind's label as a noun to count ("strength", "area for priority action") when the report lists
 * such findings under its plural, or gives them no heading; undefined for a kind reported under a
 * question ("What is it like to be a child…?"), whose label does not read as a noun.
 */
export function kindNoun(definition: FrameworkDefinition, code: string): string | undefined {
  const kind = findingKind(definition, code);
  if (!kind) return undefined;
  const headings = definition.report.sections.flatMap((s) => s.subsections.filter((sub) => sub.findingKind === code).map((sub) => sub.heading));
  return headings.length === 0 || headings.includes(pluralLabel(kind.label)) ? lowerFirst(kind.label) : undefined;
}

/** The framework's order of finding kinds: findings are listed by kind, then by position. */
export function kindRank(definition: FrameworkDefinition): (kind: string) => number {
  const order = new Map(definition.findingKinds.map((k, i) => [k.code, i]));
  return (kind) => order.get(kind) ?? order.size;
}
