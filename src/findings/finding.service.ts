// Use cases of findings and the outcome: recording, changing, moving and removing findings (each
// citing evidence of the inspection, checked here), deciding the outcome, the evidence a finding may
// cite, what the report is composed from, and historical findings imported in the importer's transaction.
import type { Kysely } from 'kysely';
import { taggedReviews, type TaggedReview } from '../cases/plan-review.service.ts';
import { taggedTrackingNotes, type TaggedTrackingNote } from '../cases/case-tracking.service.ts';
import { storedNotes } from '../evidence/evidence-note.service.ts';
import { NOTE_SOURCE_LABELS, POLARITY_LABELS, SOURCE_OF_NOTE, type EvidenceSource, type NoteSourceKind, type Polarity } from '../evidence/evidence.ts';
import { criterionPage, matrix, type SurveyEvidence } from '../evidence/triangulation.service.ts';
import { excerpt, type Matrix } from '../evidence/triangulation.ts';
import { allCriteria, findOutcome, type FrameworkDefinition } from '../frameworks/framework.ts';
import { frameworkRevisionById } from '../frameworks/framework.service.ts';
import { isUuid, type Actor, type Context, type InspectionDetails } from '../inspections/inspection.service.ts';
import { isBeforePublication } from '../platform/auth/permissions.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { getSurvey } from '../surveys/survey.service.ts';
import { AUDIENCE_LABELS } from '../surveys/survey.ts';
import {
  FindingInputError,
  RATIONALE_MAX_LENGTH,
  checkOutcomeCode,
  citationSource,
  citationValue,
  distinctSources,
  findingKind,
  kindClosedMessage,
  kindRank,
  lowerFirst,
  outcomeChangeIssue,
  parseSurveyFigureRef,
  restsOnOneSource,
  sentenceIssue,
  surveyFigureRef,
  validateFinding,
  type CitationInput,
  type CitationKind,
  type FindingInput,
  type FindingIssue,
  type FindingOrigin,
} from './finding.ts';
import {
  closeGap,
  countFindingsByKind,
  deleteFinding,
  insertFinding,
  lockInspection,
  nextPosition,
  replaceCitations,
  selectCitations,
  selectFinding,
  selectFindings,
  selectInspectionFacts,
  selectNeighbour,
  selectOutcome,
  setPosition,
  updateFindingRow,
  upsertOutcome,
  type CitationValues,
  type FindingInspectionFacts,
  type OutcomeViewRow,
} from './finding.repository.ts';
import type { FindingCitationRow, FindingRow } from './finding.table.ts';

type Tx = Kysely<Database>;

export type { CitationInput, FindingInput };
export { FindingInputError };

export type FindingCitationView = { kind: CitationKind; refId: string; source: EvidenceSource; label: string };

export type FindingView = {
  id: string;
  kind: string;
  kindLabel: string;
  criteria: string[];
  body: string;
  responsibleBody: string | null;
  responsibleBodyLabel: string | null;
  partners: string;
  /** 1 is the first of its kind in the report. */
  position: number;
  origin: FindingOrigin;
  revision: number;
  citations: FindingCitationView[];
  /** A recorded finding whose evidence is all one kind of source. */
  singleSource: boolean;
  /** The kinds of source it cites, in the evidence matrix's order. */
  sources: EvidenceSource[];
};

export type OutcomeView = {
  code: string;
  label: string;
  /** The framework's sentence for the outcome, word for word; null when the outcome adds none. */
  sentence: string | null;
  rationale: string;
  decidedBy: string;
  decidedAt: Date;
  revision: number;
} | null;

export class FindingNotFoundError extends Error {
  readonly statusCode = 404;
  constructor() {
    super('There is no such finding');
  }
}

export class FindingsClosedError extends Error {
  readonly statusCode = 403;
  constructor() {
    super('The findings and the outcome are fixed once the report is published: a change needs a published correction');
  }
}

/** Someone saved the finding after it was opened: nothing was written. */
export class FindingConflictError extends Error {
  readonly current: FindingView;
  constructor(current: FindingView) {
    super('Someone changed this finding after you opened it');
    this.current = current;
  }
}

export type OutcomeField = 'outcome' | 'rationale';
export type OutcomeIssue = { field: OutcomeField; message: string };

export class OutcomeInputError extends Error {
  readonly issues: OutcomeIssue[];
  constructor(issues: OutcomeIssue[]) {
    super(issues.map((i) => i.message).join('. '));
    this.issues = issues;
  }
}

/** Someone recorded the outcome after the page was opened: nothing was written. */
export class OutcomeConflictError extends Error {
  readonly current: OutcomeView;
  constructor(current: OutcomeView) {
    super('Someone recorded the outcome after you opened this page');
    this.current = current;
  }
}

/** What was wrong with historical findings being imported; nothing was written. */
export class HistoricalFindingsError extends Error {
  readonly problems: { finding?: number; message: string }[];
  constructor(problems: { finding?: number; message: string }[]) {
    super(problems.map((p) => (p.finding === undefined ? p.message : `Finding ${p.finding}: ${p.message}`)).join('. '));
    this.problems = problems;
  }
}

// ---- The inspection's framework ------------------------------------------------------------

/** A framework revision never changes once stored, so its definition is kept. */
const definitions = new Map<string, FrameworkDefinition>();

async function definitionOf(db: Tx, revisionId: string): Promise<FrameworkDefinition> {
  const known = definitions.get(revisionId);
  if (known) return known;
  const revision = await frameworkRevisionById(db, revisionId);
  if (!revision) throw new Error(`Framework revision ${revisionId} is missing`);
  definitions.set(revisionId, revision.definition);
  return revision.definition;
}

type Facts = FindingInspectionFacts & { definition: FrameworkDefinition };

async function factsOf(db: Tx, inspectionId: string): Promise<Facts> {
  const facts = isUuid(inspectionId) ? await selectInspectionFacts(db, inspectionId) : undefined;
  if (!facts) throw new FindingNotFoundError();
  return { ...facts, definition: await definitionOf(db, facts.framework_revision_id) };
}

async function openFactsOf(db: Tx, inspectionId: string): Promise<Facts> {
  const facts = await factsOf(db, inspectionId);
  if (!isBeforePublication(facts.status)) throw new FindingsClosedError();
  return facts;
}

// ---- Reading -------------------------------------------------------------------------------

function toView(definition: FrameworkDefinition, row: FindingRow, citations: readonly FindingCitationRow[]): FindingView {
  const sources = distinctSources(citations.map((c) => c.source));
  const body = definition.responsibleBodies.find((b) => b.code === row.responsible_body);
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: findingKind(definition, row.kind)?.label ?? row.kind,
    criteria: row.criteria,
    body: row.body,
    responsibleBody: row.responsible_body,
    responsibleBodyLabel: body?.label ?? row.responsible_body,
    partners: row.responsible_partners,
    position: row.position,
    origin: row.origin,
    revision: row.revision,
    citations: citations.map((c) => ({ kind: c.kind, refId: c.ref_id, source: c.source, label: c.label })),
    singleSource: restsOnOneSource(row.origin, sources),
    sources,
  };
}

async function viewsOf(db: Tx, definition: FrameworkDefinition, rows: readonly FindingRow[]): Promise<FindingView[]> {
  const citations = Map.groupBy(await selectCitations(db, rows.map((r) => r.id)), (c) => c.finding_id);
  const rank = kindRank(definition);
  return [...rows]
    .sort((a, b) => rank(a.kind) - rank(b.kind) || a.position - b.position)
    .map((row) => toView(definition, row, citations.get(row.id) ?? []));
}

/** The inspection's findings in the framework's order of kinds, then in their order within a kind. */
export async function listFindings(db: Tx, inspectionId: string): Promise<FindingView[]> {
  const facts = await factsOf(db, inspectionId);
  return viewsOf(db, facts.definition, await selectFindings(db, inspectionId));
}

/** One finding of the inspection; undefined for an unknown id or another inspection's finding. */
export async function getFinding(db: Tx, inspectionId: string, findingId: string): Promise<FindingView | undefined> {
  if (!isUuid(findingId) || !isUuid(inspectionId)) return undefined;
  const facts = await factsOf(db, inspectionId);
  const row = await selectFinding(db, inspectionId, findingId);
  return row && (await viewsOf(db, facts.definition, [row]))[0];
}

function outcomeViewOf(definition: FrameworkDefinition, row: OutcomeViewRow | undefined): OutcomeView {
  if (!row) return null;
  const outcome = findOutcome(definition, row.outcome);
  return {
    code: row.outcome,
    label: outcome?.label ?? row.outcome,
    sentence: outcome?.sentence ?? null,
    rationale: row.rationale,
    decidedBy: row.decided_by_name ?? row.decided_by_label,
    decidedAt: row.decided_at,
    revision: row.revision,
  };
}

/** The outcome recorded, with the framework's label and sentence for it; null while none is. */
export async function getOutcome(db: Tx, inspectionId: string): Promise<OutcomeView> {
  const facts = await factsOf(db, inspectionId);
  return outcomeViewOf(facts.definition, await selectOutcome(db, inspectionId));
}

/** Everything the report is composed from that findings hold, in one call. */
export async function findingsForReport(db: Tx, inspectionId: string): Promise<{ findings: FindingView[]; outcome: OutcomeView }> {
  const facts = await factsOf(db, inspectionId);
  const findings = await viewsOf(db, facts.definition, await selectFindings(db, inspectionId));
  return { findings, outcome: outcomeViewOf(facts.definition, await selectOutcome(db, inspectionId)) };
}

/** The balance of evidence per criterion shown beside the outcome: the triangulation matrix's counts. */
export async function balanceOfEvidence(db: Tx, inspectionId: string, details?: InspectionDetails): Promise<Matrix> {
  return matrix(db, inspectionId, details);
}

// ---- The evidence a finding cites ------------------------------------------------------------

function noteLabel(note: { body: string; polarity: Polarity; source_kind: NoteSourceKind }): string {
  return `“${excerpt(note.body, 200).text}” (${lowerFirst(NOTE_SOURCE_LABELS[note.source_kind])}, ${lowerFirst(POLARITY_LABELS[note.polarity])})`;
}

function surveyFigureLabel(survey: { audience: keyof typeof AUDIENCE_LABELS }, question: string, figures: readonly string[]): string {
  const start = `${AUDIENCE_LABELS[survey.audience]} survey, “${question}”`;
  return figures.length ? `${start}: ${figures.join('; ')}` : start;
}

function reviewLabel(review: TaggedReview): string {
  const graded = review.gradeLabel ? `graded ${lowerFirst(review.gradeLabel)}` : 'no overall grade';
  const summary = review.summary.trim() ? `: ${excerpt(review.summary, 200).text}` : '';
  return `Review of the EHC plan of ${review.personId} (${graded})${summary}`;
}

function trackingLabel(note: TaggedTrackingNote): string {
  return `Tracking note on ${note.personId}: ${excerpt(note.body, 200).text}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** The framework's criteria with those given first: where a cited item is looked for. */
function searchOrder(definition: FrameworkDefinition, first: readonly string[]): string[] {
  const codes = allCriteria(definition).map((c) => c.code);
  return [...first.filter((c) => codes.includes(c)), ...codes.filter((c) => !first.includes(c))];
}

/** Finds items tagged with criteria, criterion by criterion, until every id wanted is found. */
async function findTagged<T>(codes: readonly string[], wanted: ReadonlySet<string>, read: (code: string) => Promise<T[]>, idOf: (item: T) => string): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  for (const code of codes) {
    if (found.size === wanted.size) break;
    for (const item of await read(code)) if (wanted.has(idOf(item))) found.set(idOf(item), item);
  }
  return found;
}

/**
 * Each citation with its source and label. Those the finding cites already keep their label as
 * cited; new ones must be the inspection's own (a note of another inspection is refused) and get
 * their label now. Reads only: it runs before the transaction that writes.
 */
async function resolveCitations(
  db: Tx,
  facts: Facts,
  criteria: readonly string[],
  citations: readonly CitationInput[],
  existing: readonly FindingCitationRow[],
  actor: Actor,
  context: Context,
): Promise<CitationValues[]> {
  const inspectionId = facts.id;
  const kept = new Map(existing.map((c) => [citationValue({ kind: c.kind, refId: c.ref_id }), c]));
  const fresh = citations.filter((c) => !kept.has(citationValue(c)));
  const refsOf = (kind: CitationKind) => fresh.filter((c) => c.kind === kind).map((c) => c.refId);
  const labels = new Map<string, { source: EvidenceSource; label: string }>();
  const issues: FindingIssue[] = [];
  const codes = searchOrder(facts.definition, criteria);

  const noteIds = refsOf('note');
  if (noteIds.length) {
    const notes = new Map((await storedNotes(db, inspectionId, noteIds)).map((n) => [n.id, n]));
    const missing = noteIds.filter((id) => !notes.has(id)).length;
    if (missing) issues.push({ field: 'citations', message: `${missing === 1 ? 'An evidence note cited is' : `${plural(missing, 'evidence note', 'evidence notes')} cited are`} not this inspection’s: select evidence from the lists` });
    for (const note of notes.values()) labels.set(citationValue({ kind: 'note', refId: note.id }), { source: citationSource('note', note.source_kind), label: noteLabel(note) });
  }

  const figureRefs = refsOf('survey_figure');
  if (figureRefs.length) {
    let missing = 0;
    const byCriterion = new Map<string, { ref: string; surveyId: string; questionId: string; text: string; audience: keyof typeof AUDIENCE_LABELS }[]>();
    for (const ref of figureRefs) {
      const parsed = parseSurveyFigureRef(ref)!;
      const survey = await getSurvey(db, parsed.surveyId);
      const question = survey?.inspectionId === inspectionId ? survey.definition.questions.find((q) => q.id === parsed.questionId && q.type !== 'text') : undefined;
      if (!survey || !question) {
        missing++;
        continue;
      }
      const code = codes.find((c) => question.criteria.includes(c));
      if (!code) {
        labels.set(citationValue({ kind: 'survey_figure', refId: ref }), { source: 'survey', label: surveyFigureLabel(survey, question.text, []) });
        continue;
      }
      const list = byCriterion.get(code) ?? [];
      list.push({ ref, ...parsed, text: question.text, audience: survey.audience });
      byCriterion.set(code, list);
    }
    // The figures as the criterion's page shows them, suppressed as the survey's summary is.
    for (const [code, refs] of byCriterion) {
      const page = await criterionPage(db, inspectionId, code, actor, { ...context }, { caseDetail: false });
      for (const r of refs) {
        const figures = page?.surveys.find((s) => s.surveyId === r.surveyId)?.questions.find((q) => q.questionId === r.questionId)?.figures ?? [];
        labels.set(citationValue({ kind: 'survey_figure', refId: r.ref }), { source: 'survey', label: surveyFigureLabel(r, r.text, figures) });
      }
    }
    if (missing) issues.push({ field: 'citations', message: `${missing === 1 ? 'A survey figure cited is' : `${plural(missing, 'survey figure', 'survey figures')} cited are`} not from this inspection’s surveys: select evidence from the lists` });
  }

  const reviewIds = refsOf('plan_review');
  if (reviewIds.length) {
    const found = await findTagged(codes, new Set(reviewIds), (code) => taggedReviews(db, inspectionId, code), (r) => r.reviewId);
    const missing = reviewIds.length - found.size;
    if (missing) issues.push({ field: 'citations', message: `${missing === 1 ? 'A plan review cited is' : `${plural(missing, 'plan review', 'plan reviews')} cited are`} not a complete review of this inspection’s sample: select evidence from the lists` });
    for (const review of found.values()) labels.set(citationValue({ kind: 'plan_review', refId: review.reviewId }), { source: 'case_review', label: reviewLabel(review) });
  }

  const trackingIds = refsOf('tracking_note');
  if (trackingIds.length) {
    const found = await findTagged(codes, new Set(trackingIds), (code) => taggedTrackingNotes(db, inspectionId, code), (n) => n.id);
    const missing = trackingIds.length - found.size;
    if (missing) issues.push({ field: 'citations', message: `${missing === 1 ? 'A tracking note cited is' : `${plural(missing, 'tracking note', 'tracking notes')} cited are`} not about this inspection’s tracked children: select evidence from the lists` });
    for (const note of found.values()) labels.set(citationValue({ kind: 'tracking_note', refId: note.id }), { source: 'tracking', label: trackingLabel(note) });
  }

  if (issues.length) throw new FindingInputError(issues);
  return citations.map((c) => {
    const key = citationValue(c);
    const before = kept.get(key);
    if (before) return { kind: c.kind, ref_id: c.refId, source: before.source, label: before.label };
    const made = labels.get(key)!;
    return { kind: c.kind, ref_id: c.refId, source: made.source, label: made.label };
  });
}

// ---- Changing findings ---------------------------------------------------------------------

function checkedInput(facts: Facts, input: FindingInput, origin: FindingOrigin, outcome: string | undefined): FindingInput {
  const checked = validateFinding(input, { definition: facts.definition, outcome, origin });
  if (!checked.ok) throw new FindingInputError(checked.issues);
  return checked.value;
}

/** Under the lock: the outcome may have changed since the finding was checked. */
async function recheckKind(trx: Tx, facts: Facts, kind: string): Promise<void> {
  const outcome = await selectOutcome(trx, facts.id);
  const closed = kindClosedMessage(facts.definition, findingKind(facts.definition, kind)!, outcome?.outcome);
  if (closed) throw new FindingInputError([{ field: 'kind', message: closed }]);
}

function auditDetails(finding: FindingInput, citations: readonly CitationValues[]): Record<string, unknown> {
  return {
    kind: finding.kind,
    criteria: finding.criteria,
    responsibleBody: finding.responsibleBody,
    length: finding.body.length,
    citations: citations.map((c) => `${c.kind}:${c.ref_id}`),
    sources: distinctSources(citations.map((c) => c.source)),
  };
}

function findingValues(finding: FindingInput) {
  return { kind: finding.kind, criteria: finding.criteria, body: finding.body, responsible_body: finding.responsibleBody, responsible_partners: finding.partners };
}

/** Writes a finding last of its kind, its citations and its audit record, in the caller's transaction with the inspection locked. */
async function addFinding(
  trx: Tx,
  facts: Pick<FindingInspectionFacts, 'la_code'>,
  inspectionId: string,
  finding: FindingInput,
  citations: readonly CitationValues[],
  origin: FindingOrigin,
  actor: Actor,
  context: Context = {},
): Promise<{ id: string }> {
  const position = await nextPosition(trx, inspectionId, finding.kind);
  const { id } = await insertFinding(trx, { ...findingValues(finding), inspection_id: inspectionId, position, origin, created_by: actor.id, created_by_label: actor.label });
  if (citations.length) await replaceCitations(trx, id, citations);
  await recordAudit(trx, {
    actor,
    action: 'finding.create',
    inspectionId,
    laCode: facts.la_code,
    subjectType: 'finding',
    subjectId: id,
    details: { ...auditDetails(finding, citations), position, ...(origin === 'recorded' ? {} : { origin }) },
    requestId: context.requestId,
  });
  return { id };
}

/**
 * Records a finding, last of its kind. Throws FindingInputError (nothing written) when a rule is
 * broken: a kind the recorded outcome does not allow, no evidence cited, evidence not the inspection's.
 */
export async function createFinding(db: Tx, inspectionId: string, input: FindingInput, actor: Actor, context: Context = {}): Promise<{ id: string }> {
  const facts = await openFactsOf(db, inspectionId);
  const outcome = await selectOutcome(db, inspectionId);
  const finding = checkedInput(facts, input, 'recorded', outcome?.outcome);
  const citations = await resolveCitations(db, facts, finding.criteria, finding.citations, [], actor, context);
  return db.transaction().execute(async (trx) => {
    await lockInspection(trx, inspectionId);
    await recheckKind(trx, facts, finding.kind);
    return addFinding(trx, facts, inspectionId, finding, citations, 'recorded', actor, context);
  });
}

async function currentView(db: Tx, facts: Facts, findingId: string): Promise<FindingView> {
  const row = await selectFinding(db, facts.id, findingId);
  if (!row) throw new FindingNotFoundError();
  return (await viewsOf(db, facts.definition, [row]))[0]!;
}

/**
 * Changes a finding. `input.revision` is the revision the person opened: if someone has saved the
 * finding since, FindingConflictError (with the finding as it is now) is thrown and nothing is
 * written. A finding given another kind goes last among its new kind.
 */
export async function updateFinding(db: Tx, inspectionId: string, findingId: string, input: FindingInput & { revision: number }, actor: Actor, context: Context = {}): Promise<{ revision: number }> {
  if (!isUuid(findingId)) throw new FindingNotFoundError();
  const facts = await openFactsOf(db, inspectionId);
  const stored = await selectFinding(db, inspectionId, findingId);
  if (!stored) throw new FindingNotFoundError();
  if (stored.revision !== input.revision) throw new FindingConflictError(await currentView(db, facts, findingId));
  const outcome = await selectOutcome(db, inspectionId);
  const finding = checkedInput(facts, input, stored.origin, outcome?.outcome);
  const existing = await selectCitations(db, [findingId]);
  const citations = await resolveCitations(db, facts, finding.criteria, finding.citations, existing, actor, context);
  const result = await db.transaction().execute(async (trx) => {
    await lockInspection(trx, inspectionId);
    const row = await selectFinding(trx, inspectionId, findingId);
    if (!row) throw new FindingNotFoundError();
    if (row.revision !== input.revision) return { conflict: true as const };
    await recheckKind(trx, facts, finding.kind);
    let position = row.position;
    if (finding.kind !== row.kind) {
      position = await nextPosition(trx, inspectionId, finding.kind);
      await closeGap(trx, inspectionId, row.kind, row.position);
    }
    const { revision } = await updateFindingRow(trx, findingId, { ...findingValues(finding), position }, new Date());
    if (row.origin === 'recorded') await replaceCitations(trx, findingId, citations);
    await recordAudit(trx, {
      actor,
      action: 'finding.update',
      inspectionId,
      laCode: facts.la_code,
      subjectType: 'finding',
      subjectId: findingId,
      details: { ...auditDetails(finding, row.origin === 'recorded' ? citations : []), ...(finding.kind !== row.kind ? { previousKind: row.kind } : {}), revision },
      requestId: context.requestId,
    });
    return { conflict: false as const, revision };
  });
  if (result.conflict) throw new FindingConflictError(await currentView(db, facts, findingId));
  return { revision: result.revision };
}

/**
 * Removes a finding and its citations; the findings after it move up. `expectedRevision` is the
 * revision the person confirmed: a finding changed since is not removed (FindingConflictError).
 */
export async function removeFinding(db: Tx, inspectionId: string, findingId: string, expectedRevision: number, actor: Actor, context: Context = {}): Promise<{ kindLabel: string }> {
  if (!isUuid(findingId)) throw new FindingNotFoundError();
  const facts = await openFactsOf(db, inspectionId);
  const result = await db.transaction().execute(async (trx) => {
    await lockInspection(trx, inspectionId);
    const row = await selectFinding(trx, inspectionId, findingId);
    if (!row) throw new FindingNotFoundError();
    if (row.revision !== expectedRevision) return { conflict: true as const };
    const citations = await selectCitations(trx, [findingId]);
    await deleteFinding(trx, findingId);
    await closeGap(trx, inspectionId, row.kind, row.position);
    await recordAudit(trx, {
      actor,
      action: 'finding.remove',
      inspectionId,
      laCode: facts.la_code,
      subjectType: 'finding',
      subjectId: findingId,
      details: { kind: row.kind, criteria: row.criteria, position: row.position, revision: row.revision, citations: citations.map((c) => `${c.kind}:${c.ref_id}`), body: row.body },
      requestId: context.requestId,
    });
    return { conflict: false as const, kind: row.kind };
  });
  if (result.conflict) throw new FindingConflictError(await currentView(db, facts, findingId));
  return { kindLabel: findingKind(facts.definition, result.kind)?.label ?? result.kind };
}

/**
 * Swaps a finding with the one before (up) or after (down) it in its kind, or with `criterion`
 * in the list of its kind about that criterion (a 2016 aspect); false when it is first or last already.
 */
export async function moveFinding(
  db: Tx,
  inspectionId: string,
  findingId: string,
  move: { direction: 'up' | 'down'; criterion?: string },
  actor: Actor,
  context: Context = {},
): Promise<{ moved: boolean }> {
  if (!isUuid(findingId)) throw new FindingNotFoundError();
  const facts = await openFactsOf(db, inspectionId);
  const { direction } = move;
  const criterion = allCriteria(facts.definition).some((c) => c.code === move.criterion) ? move.criterion : undefined;
  return db.transaction().execute(async (trx) => {
    await lockInspection(trx, inspectionId);
    const row = await selectFinding(trx, inspectionId, findingId);
    if (!row) throw new FindingNotFoundError();
    const neighbour = await selectNeighbour(trx, inspectionId, row.kind, row.position, direction, criterion);
    if (!neighbour) return { moved: false };
    await setPosition(trx, row.id, neighbour.position);
    await setPosition(trx, neighbour.id, row.position);
    await recordAudit(trx, {
      actor,
      action: 'finding.update',
      inspectionId,
      laCode: facts.la_code,
      subjectType: 'finding',
      subjectId: findingId,
      details: { kind: row.kind, moved: direction, from: row.position, to: neighbour.position },
      requestId: context.requestId,
    });
    return { moved: true };
  });
}

// ---- The outcome ---------------------------------------------------------------------------

export type OutcomeInput = {
  outcome: string;
  rationale: string;
  /** The outcome's revision the page was opened on; 0 when none was recorded. */
  revision: number;
  /** A sentence sent with the outcome must be the framework's own: the sentence is never typed. */
  sentence?: string | null;
};

/**
 * Records the inspectors' decision. The outcome must be one of the inspection type's in its
 * framework; its sentence is always the framework's. A change to an outcome that does not allow
 * findings already recorded (areas for priority action when it becomes positive, say) is refused
 * until they are changed. A stale page is refused with OutcomeConflictError. Nothing is ever
 * chosen or suggested here: the product records what the inspectors decide.
 */
export async function decideOutcome(db: Tx, inspectionId: string, input: OutcomeInput, actor: Actor, context: Context = {}): Promise<{ revision: number }> {
  const facts = await openFactsOf(db, inspectionId);
  const issues: OutcomeIssue[] = [];
  const checked = checkOutcomeCode(facts.definition, facts.inspection_type, input.outcome);
  if (!checked.ok) issues.push({ field: 'outcome', message: checked.message });
  else {
    const wrongSentence = sentenceIssue(checked.outcome, input.sentence);
    if (wrongSentence) issues.push({ field: 'outcome', message: wrongSentence });
  }
  const rationale = input.rationale.replace(/\r\n?/g, '\n').trim();
  if (rationale.length > RATIONALE_MAX_LENGTH) {
    issues.push({ field: 'rationale', message: `The reasons must be ${RATIONALE_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer (there are ${rationale.length.toLocaleString('en-GB')})` });
  }
  if (issues.length || !checked.ok) throw new OutcomeInputError(issues);
  const outcome = checked.outcome;
  const result = await db.transaction().execute(async (trx) => {
    await lockInspection(trx, inspectionId);
    const current = await selectOutcome(trx, inspectionId);
    if ((current?.revision ?? 0) !== input.revision) return { conflict: true as const };
    const blocked = outcomeChangeIssue(facts.definition, outcome.code, await countFindingsByKind(trx, inspectionId));
    if (blocked) throw new OutcomeInputError([{ field: 'outcome', message: blocked }]);
    const { revision } = await upsertOutcome(trx, inspectionId, { outcome: outcome.code, rationale, decided_by: actor.id, decided_by_label: actor.label, decided_at: new Date() });
    await recordAudit(trx, {
      actor,
      action: 'outcome.decide',
      inspectionId,
      laCode: facts.la_code,
      subjectType: 'inspection',
      subjectId: inspectionId,
      details: { outcome: outcome.code, previous: current?.outcome ?? null, revision, rationaleLength: rationale.length },
      requestId: context.requestId,
    });
    return { conflict: false as const, revision };
  });
  if (result.conflict) throw new OutcomeConflictError(await getOutcome(db, inspectionId));
  return { revision: result.revision };
}

// ---- Historical inspections ----------------------------------------------------------------

export type HistoricalFinding = { kind: string; criteria: string[]; body: string; responsibleBody: string | null; partners: string };

/**
 * Writes the findings and outcome of an inspection done before the product existed, in the
 * importer's transaction `trx`. They are checked against the inspection's framework as recorded
 * findings are, except that they cite no evidence (and so are never flagged). Throws
 * HistoricalFindingsError listing every problem; the importer's transaction then writes nothing.
 */
export async function importHistoricalFindings(trx: Tx, inspectionId: string, findings: readonly HistoricalFinding[], outcome: string, actor: Actor): Promise<void> {
  const facts = isUuid(inspectionId) ? await selectInspectionFacts(trx, inspectionId) : undefined;
  if (!facts) throw new HistoricalFindingsError([{ message: 'There is no such inspection' }]);
  const definition = await definitionOf(trx, facts.framework_revision_id);
  const problems: { finding?: number; message: string }[] = [];
  const checkedOutcome = checkOutcomeCode(definition, facts.inspection_type, outcome);
  if (!checkedOutcome.ok) problems.push({ message: `Outcome: ${checkedOutcome.message}` });
  const checked: FindingInput[] = [];
  findings.forEach((finding, i) => {
    const result = validateFinding({ ...finding, citations: [] }, { definition, outcome: checkedOutcome.ok ? checkedOutcome.outcome.code : undefined, origin: 'imported' });
    if (result.ok) checked.push(result.value);
    else for (const issue of result.issues) problems.push({ finding: i + 1, message: issue.message });
  });
  if (problems.length || !checkedOutcome.ok) throw new HistoricalFindingsError(problems);
  await lockInspection(trx, inspectionId);
  const blocked = outcomeChangeIssue(definition, checkedOutcome.outcome.code, await countFindingsByKind(trx, inspectionId));
  if (blocked) throw new HistoricalFindingsError([{ message: `Outcome: ${blocked}` }]);
  for (const finding of checked) {
    await addFinding(trx, facts, inspectionId, finding, [], 'imported', actor);
  }
  const { revision } = await upsertOutcome(trx, inspectionId, { outcome: checkedOutcome.outcome.code, rationale: '', decided_by: actor.id, decided_by_label: actor.label, decided_at: new Date() });
  await recordAudit(trx, {
    actor,
    action: 'outcome.decide',
    inspectionId,
    laCode: facts.la_code,
    subjectType: 'inspection',
    subjectId: inspectionId,
    details: { outcome: checkedOutcome.outcome.code, origin: 'imported', revision },
  });
}

// ---- What the form offers to cite ----------------------------------------------------------

export type CandidateNote = { refId: string; excerpt: string; cut: boolean; polarity: Polarity; sourceText: string; source: EvidenceSource; criteria: string[] };
export type CandidateSurveyFigure = { refId: string; survey: string; question: string; figures: string[]; criteria: string[] };
export type CandidateReview = { refId: string; personId: string; gradeLabel: string | null; summary: string; reviewer: string; criteria: string[] };
export type CandidateTrackingNote = { refId: string; personId: string; excerpt: string; author: string; writtenAt: Date; criteria: string[] };

export type CitationCandidates = {
  /** The criteria searched, in the framework's order. */
  criteria: string[];
  notes: CandidateNote[];
  /** Notes tagged with the criteria beyond those listed (the newest are listed). */
  notesLeftOut: number;
  surveysSetUp: boolean;
  /** Surveys mapped to the criteria that have no answers yet. */
  surveysWithoutAnswers: string[];
  surveyFigures: CandidateSurveyFigure[];
  /** False when the viewer may not see plan reviews and tracking notes: none are offered. */
  caseDetail: boolean;
  planReviews: CandidateReview[];
  trackingNotes: CandidateTrackingNote[];
};

/** Pages of a criterion's notes offered at most: the newest 500 notes of a criterion. */
const NOTE_PAGES_OFFERED = 10;

function addCriterion<T extends { criteria: string[] }>(found: Map<string, T>, key: string, make: () => T, code: string): void {
  const item = found.get(key) ?? make();
  if (!item.criteria.includes(code)) item.criteria.push(code);
  found.set(key, item);
}

function addSurveyFigures(found: Map<string, CandidateSurveyFigure>, withoutAnswers: Set<string>, survey: SurveyEvidence, code: string): void {
  const name = `${AUDIENCE_LABELS[survey.audience]} survey`;
  if (survey.responseCount === 0) {
    withoutAnswers.add(name);
    return;
  }
  for (const q of survey.questions) {
    addCriterion(found, surveyFigureRef(survey.surveyId, q.questionId), () => ({ refId: surveyFigureRef(survey.surveyId, q.questionId), survey: name, question: q.text, figures: q.figures, criteria: [] }), code);
  }
}

/**
 * The evidence a finding about these criteria may cite: evidence notes tagged with them (the newest
 * 500 of each), the survey questions mapped to them with their suppressed figures, and, for a
 * viewer who may see case work (`caseDetail`), complete plan reviews and tracking notes tagged with
 * them. Read through the criterion pages of the triangulation, so each look is on record.
 */
export async function citationCandidates(
  db: Tx,
  inspectionId: string,
  criteria: readonly string[],
  actor: Actor,
  context: Context = {},
  options: { caseDetail: boolean; details?: InspectionDetails },
): Promise<CitationCandidates> {
  const facts = await factsOf(db, inspectionId);
  const codes = allCriteria(facts.definition).map((c) => c.code).filter((c) => criteria.includes(c));
  const notes = new Map<string, CandidateNote>();
  const figures = new Map<string, CandidateSurveyFigure>();
  const reviews = new Map<string, CandidateReview>();
  const tracking = new Map<string, CandidateTrackingNote>();
  const withoutAnswers = new Set<string>();
  let surveysSetUp = false;
  let notesLeftOut = 0;
  for (const code of codes) {
    for (let page = 1; page <= NOTE_PAGES_OFFERED; page++) {
      const found = await criterionPage(db, inspectionId, code, actor, context, { page, caseDetail: options.caseDetail && page === 1, details: options.details });
      if (!found) break;
      for (const n of found.notes.items) {
        addCriterion(notes, n.id, () => ({ refId: n.id, excerpt: n.excerpt, cut: n.cut, polarity: n.polarity, sourceText: n.source, source: SOURCE_OF_NOTE[n.sourceKind], criteria: [] }), code);
      }
      if (page === 1) {
        surveysSetUp ||= found.surveysSetUp;
        for (const survey of found.surveys) addSurveyFigures(figures, withoutAnswers, survey, code);
        if (options.caseDetail) {
          for (const r of found.reviews.items) {
            addCriterion(reviews, r.reviewId, () => ({ refId: r.reviewId, personId: r.personId, gradeLabel: r.gradeLabel, summary: excerpt(r.summary, 300).text, reviewer: r.reviewer, criteria: [] }), code);
          }
          for (const t of found.tracking.items) {
            addCriterion(tracking, t.id, () => ({ refId: t.id, personId: t.personId, excerpt: excerpt(t.body, 300).text, author: t.author, writtenAt: t.writtenAt, criteria: [] }), code);
          }
        }
      }
      if (found.notes.page >= found.notes.pageCount) break;
      if (page === NOTE_PAGES_OFFERED) notesLeftOut += found.notes.total - page * found.notes.pageSize;
    }
  }
  return {
    criteria: codes,
    notes: [...notes.values()],
    notesLeftOut,
    surveysSetUp,
    surveysWithoutAnswers: [...withoutAnswers],
    surveyFigures: [...figures.values()],
    caseDetail: options.caseDetail,
    planReviews: [...reviews.values()],
    trackingNotes: [...tracking.values()],
  };
}
