// Findings pages: the findings under the framework's report headings with the outcome and the
// balance of evidence, adding and changing a finding with the evidence it cites (a stale change keeps
// what was typed and shows the newer version), moving and removing one, and recording the outcome.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { EVIDENCE_SOURCES, EVIDENCE_SOURCE_LABELS, POLARITY_LABELS } from '../evidence/evidence.ts';
import type { Matrix } from '../evidence/triangulation.ts';
import { allCriteria, findingKindsFor, inspectionType, type FindingKind, type FrameworkDefinition } from '../frameworks/framework.ts';
import { getInspection, inspectionScope, isUuid, type InspectionDetails } from '../inspections/inspection.service.ts';
import { can, type Permission } from '../platform/auth/permissions.ts';
import { asArray, formErrors, type FormErrors } from '../platform/web/forms.ts';
import { actorOf, context } from '../platform/web/request-actor.ts';
import { setFlash } from '../platform/web/views.ts';
import {
  BODY_MAX_LENGTH,
  CITATION_KIND_LABELS,
  PARTNERS_MAX_LENGTH,
  RATIONALE_MAX_LENGTH,
  citationValue,
  criterionTerm,
  findingHeadings,
  findingKind,
  kindClosedMessage,
  kindNoun,
  outcomesFor,
  parseCitationValue,
  placeFindings,
  singleSourceMessage,
  sourceInSentence,
  type CitationInput,
  type FindingField,
  type FindingInput,
  type FindingIssue,
} from './finding.ts';
import {
  FindingConflictError,
  FindingInputError,
  FindingNotFoundError,
  OutcomeConflictError,
  OutcomeInputError,
  balanceOfEvidence,
  citationCandidates,
  createFinding,
  decideOutcome,
  findingsForReport,
  getFinding,
  getOutcome,
  moveFinding,
  removeFinding,
  updateFinding,
  type CitationCandidates,
  type FindingView,
  type OutcomeIssue,
  type OutcomeView,
} from './finding.service.ts';

const VIEWS = 'findings/views';
const BASE = '/inspections/:inspectionId/findings';

type FindingParams = { findingId: string };

export function findingsPath(inspectionId: string, rest = ''): string {
  return `/inspections/${inspectionId}/findings${rest}`;
}

// ---- Reading the forms ---------------------------------------------------------------------

/** One value of a field: a repeated field keeps its first value; anything else is blank. */
const single = z.unknown().optional().transform((v) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : ''));
const list = (max: number, message: string) => z.unknown().optional().transform((v) => asArray(v)).pipe(z.array(z.string().max(300, message)).max(max, message));

const findingFormSchema = z.object({
  kind: single,
  criteria: list(50, 'Select criteria from the list'),
  body: single,
  responsibleBody: single,
  partners: single,
  evidence: list(200, 'Select evidence from the lists: a finding can cite up to 200 items'),
  revision: single,
  action: single,
});

type FindingFormValues = { kind: string; criteria: string[]; body: string; responsibleBody: string; partners: string; evidence: string[]; revision: string };

const outcomeFormSchema = z.object({ outcome: single, rationale: single, revision: single, sentence: z.unknown().optional() });

function valuesOfFinding(finding: FindingView): FindingFormValues {
  return {
    kind: finding.kind,
    criteria: finding.criteria,
    body: finding.body,
    responsibleBody: finding.responsibleBody ?? '',
    partners: finding.partners,
    evidence: finding.citations.map((c) => citationValue(c)),
    revision: String(finding.revision),
  };
}

function inputOf(values: FindingFormValues): FindingInput {
  const citations = values.evidence.map((v) => parseCitationValue(v) ?? ({ kind: 'note', refId: v } as CitationInput));
  return { kind: values.kind, criteria: values.criteria, body: values.body, responsibleBody: values.responsibleBody || null, partners: values.partners, citations };
}

/** The form's fields from top to bottom: the error summary lists problems in the order the page shows them. */
const FIELD_ORDER: readonly FindingField[] = ['kind', 'criteria', 'body', 'responsibleBody', 'partners', 'citations'];
const FIELD_IDS: Readonly<Record<FindingField, string>> = { kind: 'kind', criteria: 'criteria', body: 'body', responsibleBody: 'responsibleBody', partners: 'partners', citations: 'evidence' };

function issueErrors(issues: readonly FindingIssue[]): FormErrors {
  const ordered = [...issues].sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
  return formErrors(ordered.map((i) => ({ path: [FIELD_IDS[i.field]], message: i.message })));
}

function outcomeErrors(issues: readonly OutcomeIssue[]): FormErrors {
  return formErrors(issues.map((i) => ({ path: [i.field], message: i.message })));
}

// ---- Words for pages -----------------------------------------------------------------------

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

function capitalise(phrase: string): string {
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

/** "strength" for a kind that reads as a noun, "finding" for one named by a question. */
function nounOf(definition: FrameworkDefinition, kind: string): string {
  return kindNoun(definition, kind) ?? 'finding';
}

function withArticle(phrase: string): string {
  return `${/^[aeiou]/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

function paragraphsOf(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
}

function criterionHeadings(definition: FrameworkDefinition): Map<string, string> {
  return new Map(allCriteria(definition).map((c) => [c.code, c.heading]));
}

function joinWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** "3 items of evidence, from surveys and fieldwork notes" */
function citedText(finding: FindingView): string {
  if (finding.origin === 'imported') return 'Imported from the published report: no evidence cited';
  if (finding.citations.length === 0) return 'No evidence cited';
  return `${plural(finding.citations.length, 'item', 'items')} of evidence cited, from ${joinWords(finding.sources.map(sourceInSentence))}`;
}

/** The citations as a page shows them; labels of case work are held back from those who may not see it. */
function citationRows(inspectionId: string, finding: FindingView, caseDetail: boolean) {
  return finding.citations.map((c) => {
    const hidden = !caseDetail && (c.kind === 'plan_review' || c.kind === 'tracking_note');
    return {
      kindLabel: CITATION_KIND_LABELS[c.kind],
      sourceLabel: EVIDENCE_SOURCE_LABELS[c.source],
      label: hidden ? `${c.kind === 'plan_review' ? 'A plan review' : 'A tracking note'} of a sampled child (only inspectors see case work)` : c.label,
      href: c.kind === 'note' ? `/inspections/${inspectionId}/evidence/notes/${c.refId}` : undefined,
    };
  });
}

function balanceRows(inspectionId: string, balance: Matrix) {
  const rows = balance.groups.flatMap((g) =>
    g.rows.map((row) => ({
      code: row.code,
      heading: row.heading,
      groupTitle: g.title,
      href: `/inspections/${inspectionId}/evidence/criteria/${encodeURIComponent(row.code)}`,
      total: row.total.total,
      strengths: row.total.strengths,
      concerns: row.total.concerns,
      sources: EVIDENCE_SOURCES.filter((s) => row.cells[s].total > 0).map((s) => EVIDENCE_SOURCE_LABELS[s]),
      highlights: row.highlights.map((h) => ({ label: h.label, reason: h.reason, classes: h.kind === 'thin' ? 'govuk-tag--yellow' : 'govuk-tag--orange' })),
    })),
  );
  return { rows, empty: rows.every((r) => r.total === 0), triangulationHref: `/inspections/${inspectionId}/evidence/triangulation` };
}

function outcomePanel(details: InspectionDetails, outcome: OutcomeView) {
  const type = inspectionType(details.framework.definition, details.inspection.inspection_type);
  const outcomes = outcomesFor(details.framework.definition, details.inspection.inspection_type);
  return { recorded: outcome, question: type?.outcomeQuestion, typeName: type?.name ?? details.inspection.inspection_type, hasOutcomes: outcomes.length > 0 };
}

export async function findingRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const scope = inspectionScope(db.kysely);
  const allow = (permission: Permission) => ({ config: { permission, scope } });

  async function detailsOf(request: FastifyRequest): Promise<InspectionDetails> {
    // The scope has found the inspection already.
    return (await getInspection(db.kysely, request.scope.inspectionId!))!;
  }

  function basics(details: InspectionDetails) {
    return { inspection: details.inspection, area: details.area };
  }

  const may = (request: FastifyRequest, permission: Permission) => can(request.visitor, permission, request.scope);

  // ---- The findings page -------------------------------------------------------------------

  app.get(BASE, allow('findings:view'), async (request, reply) => {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const definition = details.framework.definition;
    const { findings, outcome } = await findingsForReport(db.kysely, inspectionId);
    const balance = await balanceOfEvidence(db.kysely, inspectionId, details);
    const open = new Set(findingKindsFor(definition, outcome?.code).map((k) => k.code));
    const mayWrite = may(request, 'findings:write');
    const headingsOf = criterionHeadings(definition);
    // A finding about two 2016 aspects shows under both; its anchor goes on the first only.
    const anchored = new Set<string>();
    const item = (f: FindingView, index: number, count: number, criterion?: string) => ({
      id: f.id,
      anchor: anchored.has(f.id) ? undefined : (anchored.add(f.id), `finding-${f.id}`),
      kindLabel: f.kindLabel,
      title: `${capitalise(nounOf(definition, f.kind))} ${index + 1}`,
      paragraphs: paragraphsOf(f.body),
      criteria: f.criteria.map((code) => ({ code, heading: headingsOf.get(code) ?? code })),
      responsible: f.responsibleBodyLabel ? `${f.responsibleBodyLabel}${f.partners ? `: ${f.partners}` : ''}` : undefined,
      citedText: citedText(f),
      singleSource: f.singleSource ? singleSourceMessage(f.sources[0]!) : undefined,
      href: findingsPath(inspectionId, `/${f.id}`),
      removeHref: findingsPath(inspectionId, `/${f.id}/remove`),
      moveAction: findingsPath(inspectionId, `/${f.id}/move`),
      criterion,
      first: index === 0,
      last: index === count - 1,
    });
    const sections = findingHeadings(definition, details.area.name)
      .map((heading) => {
        const { lists } = placeFindings(heading.places, findings);
        return {
          code: heading.code,
          heading: heading.heading,
          places: heading.places
            .map((place, i) => {
              const kind = findingKind(definition, place.kind)!;
              const placed = lists[i]!;
              const query = new URLSearchParams({ kind: place.kind, ...(place.criterion ? { criterion: place.criterion } : {}) });
              return {
                id: `${place.kind}${place.criterion ? `-${place.criterion}` : ''}`,
                heading: place.heading,
                showHeading: place.heading !== heading.heading,
                open: open.has(place.kind),
                closedReason: open.has(place.kind) ? undefined : kindClosedMessage(definition, kind, outcome?.code),
                findings: placed.map((f, n) => item(f, n, placed.length, place.criterion)),
                noneText: 'None recorded yet',
                addHref: mayWrite && open.has(place.kind) ? findingsPath(inspectionId, `/new?${query.toString()}`) : undefined,
                addText: `Add ${withArticle(nounOf(definition, place.kind))}`,
                addHidden: kindNoun(definition, place.kind) ? (place.heading !== heading.heading ? ` under ${heading.heading}` : '') : ` under ${place.heading}`,
              };
            })
            .filter((p) => p.open || p.findings.length > 0),
        };
      })
      .filter((s) => s.places.length > 0);
    const unplaced = placeFindings(
      findingHeadings(definition, details.area.name).flatMap((h) => h.places),
      findings,
    ).unplaced.map((f, n, all) => item(f, n, all.length));
    return reply.view(`${VIEWS}/findings.njk`, {
      ...basics(details),
      sections,
      unplaced,
      count: findings.length,
      singleSourceCount: findings.filter((f) => f.singleSource).length,
      outcome: outcomePanel(details, outcome),
      balance: balanceRows(inspectionId, balance),
      criterionTerm: criterionTerm(definition),
      mayWrite,
      mayDecide: may(request, 'outcome:decide'),
      newHref: findingsPath(inspectionId, '/new'),
      outcomeHref: findingsPath(inspectionId, '/outcome'),
      backLink: { href: `/inspections/${inspectionId}`, text: 'The inspection' },
    });
  });

  // ---- The outcome -------------------------------------------------------------------------

  type OutcomeForm = { values: { outcome: string; rationale: string; revision: string }; errors?: FormErrors; conflict?: boolean };

  async function renderOutcome(request: FastifyRequest, reply: FastifyReply, form?: OutcomeForm) {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const definition = details.framework.definition;
    const current = await getOutcome(db.kysely, inspectionId);
    const balance = await balanceOfEvidence(db.kysely, inspectionId, details);
    const values = form?.values ?? { outcome: '', rationale: current?.rationale ?? '', revision: String(current?.revision ?? 0) };
    if (form?.errors) reply.code(form.conflict ? 409 : 400);
    const outcomes = outcomesFor(definition, details.inspection.inspection_type);
    return reply.view(`${VIEWS}/outcome.njk`, {
      ...basics(details),
      panel: outcomePanel(details, current),
      conflict: form?.conflict,
      // Never pre-selected: a radio is checked only when the person chose it and the page came back.
      outcomeItems: outcomes.map((o) => ({
        value: o.code,
        text: o.label,
        hint: { text: o.sentence ? `The report will say: “${o.sentence}”` : 'This outcome adds no sentence to the report.' },
        checked: values.outcome === o.code,
      })),
      values,
      errors: form?.errors,
      rationaleMaxLength: RATIONALE_MAX_LENGTH,
      balance: balanceRows(inspectionId, balance),
      action: findingsPath(inspectionId, '/outcome'),
      cancelHref: findingsPath(inspectionId),
      backLink: { href: findingsPath(inspectionId), text: 'Findings' },
    });
  }

  app.get(`${BASE}/outcome`, allow('outcome:decide'), async (request, reply) => renderOutcome(request, reply));

  app.post(`${BASE}/outcome`, allow('outcome:decide'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const parsed = outcomeFormSchema.parse(request.body ?? {});
    const revision = /^\d+$/.test(parsed.revision) ? Number(parsed.revision) : -1;
    const values = { outcome: parsed.outcome, rationale: parsed.rationale, revision: parsed.revision };
    try {
      await decideOutcome(
        db.kysely,
        inspectionId,
        { outcome: parsed.outcome, rationale: parsed.rationale, revision, ...(parsed.sentence !== undefined ? { sentence: typeof parsed.sentence === 'string' ? parsed.sentence : '' } : {}) },
        actorOf(request),
        context(request),
      );
    } catch (error) {
      if (error instanceof OutcomeInputError) return renderOutcome(request, reply, { values, errors: outcomeErrors(error.issues) });
      if (error instanceof OutcomeConflictError) {
        const current = error.current;
        const message = current ? `Someone recorded the outcome “${current.label}” after you opened this page: check it below, then choose again` : 'The outcome changed after you opened this page: choose again';
        return renderOutcome(request, reply, { values: { ...values, revision: String(current?.revision ?? 0) }, errors: formErrors([{ path: ['outcome'], message }]), conflict: true });
      }
      throw error;
    }
    const recorded = await getOutcome(db.kysely, inspectionId);
    setFlash(request, { heading: 'Outcome recorded', text: recorded?.label ?? '' });
    return reply.redirect(findingsPath(inspectionId, '#outcome'));
  });

  // ---- Choosing the kind -------------------------------------------------------------------

  function kindItems(open: readonly FindingKind[], chosen: string) {
    return open.map((k) => ({ value: k.code, text: k.label, hint: { text: k.description }, checked: k.code === chosen }));
  }

  async function renderKindChoice(request: FastifyRequest, reply: FastifyReply, options: { action: string; chosen: string; error?: string; finding?: FindingView; criterion?: string }) {
    const details = await detailsOf(request);
    const definition = details.framework.definition;
    const outcome = await getOutcome(db.kysely, details.inspection.id);
    const open = findingKindsFor(definition, outcome?.code);
    const errors = options.error ? formErrors([{ path: ['kind'], message: options.error }]) : undefined;
    if (errors) reply.code(400);
    return reply.view(`${VIEWS}/kind.njk`, {
      ...basics(details),
      heading: options.finding ? 'What kind of finding is it?' : 'What kind of finding do you want to add?',
      items: kindItems(open, options.chosen),
      action: options.action,
      criterion: options.criterion,
      errors,
      backLink: options.finding ? { href: findingsPath(details.inspection.id, `/${options.finding.id}`), text: 'The finding' } : { href: findingsPath(details.inspection.id), text: 'Findings' },
    });
  }

  // ---- The finding form --------------------------------------------------------------------

  type FormState = {
    mode: 'new' | 'edit';
    kind: FindingKind;
    values: FindingFormValues;
    errors?: FormErrors;
    finding?: FindingView;
    conflict?: FindingView;
  };

  /** The criteria whose evidence is offered: those chosen, or all of them for a kind that needs none when none is chosen. */
  function searchCriteria(definition: FrameworkDefinition, kind: FindingKind, chosen: readonly string[]): string[] {
    const codes = allCriteria(definition).map((c) => c.code);
    const picked = codes.filter((c) => chosen.includes(c));
    return picked.length === 0 && !kind.needsCriterion ? codes : picked;
  }

  function evidenceGroups(inspectionId: string, candidates: CitationCandidates, chosen: ReadonlySet<string>, finding: FindingView | undefined) {
    const offered = new Set<string>();
    const tagged = (criteria: readonly string[]) => `Tagged ${criteria.join(', ')}.`;
    const note = (n: CitationCandidates['notes'][number]) => {
      const value = citationValue({ kind: 'note', refId: n.refId });
      offered.add(value);
      return { value, text: n.excerpt, hint: { text: `${POLARITY_LABELS[n.polarity]}. ${n.sourceText}. ${tagged(n.criteria)}` }, checked: chosen.has(value) };
    };
    const figure = (f: CitationCandidates['surveyFigures'][number]) => {
      const value = citationValue({ kind: 'survey_figure', refId: f.refId });
      offered.add(value);
      return { value, text: `${f.survey}: “${f.question}”`, hint: { text: `${f.figures.map((t) => t.replace(/\.$/, '')).join('. ')}${f.figures.length ? '. ' : ''}${tagged(f.criteria)}` }, checked: chosen.has(value) };
    };
    const review = (r: CitationCandidates['planReviews'][number]) => {
      const value = citationValue({ kind: 'plan_review', refId: r.refId });
      offered.add(value);
      return { value, text: `EHC plan of ${r.personId}: ${r.gradeLabel ?? 'no overall grade'}`, hint: { text: `${r.summary ? `${r.summary} ` : ''}Reviewed by ${r.reviewer}. ${tagged(r.criteria)}` }, checked: chosen.has(value) };
    };
    const trackingNote = (t: CitationCandidates['trackingNotes'][number]) => {
      const value = citationValue({ kind: 'tracking_note', refId: t.refId });
      offered.add(value);
      return { value, text: `${t.personId}: ${t.excerpt}`, hint: { text: `Written by ${t.author}. ${tagged(t.criteria)}` }, checked: chosen.has(value) };
    };
    const searched = candidates.criteria.length > 0;
    const groups = [
      {
        key: 'notes',
        title: CITATION_KIND_LABELS.note,
        items: candidates.notes.map(note),
        empty: searched ? 'No evidence notes are tagged with these criteria yet.' : undefined,
        more: candidates.notesLeftOut > 0 ? `The newest notes are listed: ${plural(candidates.notesLeftOut, 'older note is', 'older notes are')} not.` : undefined,
        linkHref: `/inspections/${inspectionId}/evidence/notes`,
      },
      {
        key: 'surveys',
        title: CITATION_KIND_LABELS.survey_figure,
        items: candidates.surveyFigures.map(figure),
        empty: !searched
          ? undefined
          : !candidates.surveysSetUp
            ? 'The inspection has no surveys, so there are no survey figures.'
            : candidates.surveysWithoutAnswers.length && candidates.surveyFigures.length === 0
              ? `No survey answers yet: ${joinWords(candidates.surveysWithoutAnswers)} ${candidates.surveysWithoutAnswers.length === 1 ? 'has' : 'have'} no responses.`
              : 'No survey questions are mapped to these criteria.',
      },
      ...(candidates.caseDetail
        ? [
            { key: 'reviews', title: CITATION_KIND_LABELS.plan_review, items: candidates.planReviews.map(review), empty: searched ? 'No complete plan reviews are tagged with these criteria.' : undefined },
            { key: 'tracking', title: CITATION_KIND_LABELS.tracking_note, items: candidates.trackingNotes.map(trackingNote), empty: searched ? 'No tracking notes are tagged with these criteria.' : undefined },
          ]
        : []),
    ];
    // Evidence chosen before and not offered for the criteria now chosen stays chosen, as it was cited.
    const kept = finding?.citations ?? [];
    const earlier = [...chosen]
      .filter((value) => !offered.has(value))
      .map((value) => {
        const cited = kept.find((c) => citationValue(c) === value);
        const parsed = parseCitationValue(value);
        const hidden = cited && !candidates.caseDetail && (cited.kind === 'plan_review' || cited.kind === 'tracking_note');
        return {
          value,
          text: cited && !hidden ? cited.label : parsed ? `${CITATION_KIND_LABELS[parsed.kind].replace(/s$/, '')} chosen earlier` : 'Evidence chosen earlier',
          hint: { text: cited ? `${EVIDENCE_SOURCE_LABELS[cited.source]}, as cited` : 'Not listed for the criteria now chosen' },
          checked: true,
        };
      });
    const all = [...(earlier.length ? [{ key: 'earlier', title: 'Evidence cited already', items: earlier, empty: undefined, more: undefined, linkHref: undefined }] : []), ...groups];
    const firstWithItems = all.findIndex((g) => g.items.length > 0);
    return all.map((g, i) => ({ ...g, idPrefix: i === firstWithItems ? 'evidence' : `evidence-${g.key}` }));
  }

  async function renderForm(request: FastifyRequest, reply: FastifyReply, state: FormState) {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const definition = details.framework.definition;
    const { kind, values, errors } = state;
    const caseDetail = may(request, 'cases:view');
    const criteria = searchCriteria(definition, kind, values.criteria);
    const candidates = await citationCandidates(db.kysely, inspectionId, criteria, actorOf(request), context(request), { caseDetail, details });
    const chosen = new Set(values.evidence);
    const chosenCriteria = new Set(values.criteria);
    const term = criterionTerm(definition);
    const groups = evidenceGroups(inspectionId, candidates, chosen, state.finding);
    if (errors) reply.code(state.conflict ? 409 : 400);
    const noun = nounOf(definition, kind.code);
    const heading = state.mode === 'new' ? `Add ${withArticle(noun)}` : `Change the ${noun}`;
    const findingHref = state.finding ? findingsPath(inspectionId, `/${state.finding.id}`) : undefined;
    return reply.view(`${VIEWS}/finding-form.njk`, {
      ...basics(details),
      heading,
      mode: state.mode,
      kind: { code: kind.code, label: kind.label, description: kind.description, needsCriterion: kind.needsCriterion, needsResponsibleBody: kind.needsResponsibleBody },
      changeKindHref: state.mode === 'new' ? findingsPath(inspectionId, '/new') : findingsPath(inspectionId, `/${state.finding!.id}/kind`),
      values,
      errors,
      term,
      criterionGroups: definition.criterionGroups.map((group, i) => ({
        idPrefix: i === 0 ? 'criteria' : `criteria-${group.code}`,
        title: group.title,
        items: group.criteria.map((c) => ({ value: c.code, text: `${c.code}: ${c.heading}`, checked: chosenCriteria.has(c.code) })),
      })),
      bodyMaxLength: BODY_MAX_LENGTH,
      partnersMaxLength: PARTNERS_MAX_LENGTH,
      bodyItems: definition.responsibleBodies.map((b) => ({ value: b.code, text: b.label, hint: { text: b.description }, checked: values.responsibleBody === b.code })),
      namedBodies: definition.responsibleBodies.filter((b) => b.needsNames).map((b) => b.label),
      evidence: {
        groups,
        anyItems: groups.some((g) => g.items.length > 0),
        allCriteria: candidates.criteria.length === allCriteria(definition).length && values.criteria.length === 0,
        prompt: candidates.criteria.length === 0 ? `Select the ${term.many} the finding is about, then select “Show evidence for these ${term.many}”.` : undefined,
      },
      conflict: state.conflict && {
        ...state.conflict,
        paragraphs: paragraphsOf(state.conflict.body),
        citedText: citedText(state.conflict),
        citations: citationRows(inspectionId, state.conflict, caseDetail),
        criteriaText: state.conflict.criteria.join(', ') || 'None',
        responsible: state.conflict.responsibleBodyLabel ? `${state.conflict.responsibleBodyLabel}${state.conflict.partners ? `: ${state.conflict.partners}` : ''}` : undefined,
      },
      action: state.mode === 'new' ? findingsPath(inspectionId, '/new') : findingHref,
      cancelHref: findingsPath(inspectionId),
      removeHref: state.finding ? findingsPath(inspectionId, `/${state.finding.id}/remove`) : undefined,
      backLink: { href: findingsPath(inspectionId), text: 'Findings' },
    });
  }

  function text(value: unknown): string {
    return typeof value === 'string' ? value : '';
  }

  app.get(`${BASE}/new`, allow('findings:write'), async (request, reply) => {
    const details = await detailsOf(request);
    const definition = details.framework.definition;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const code = text(query.kind);
    const criterion = text(query.criterion);
    const action = findingsPath(details.inspection.id, '/new');
    if (code === '') return renderKindChoice(request, reply, { action, chosen: '', criterion });
    const kind = findingKind(definition, code);
    if (!kind) return renderKindChoice(request, reply, { action, chosen: '', criterion, error: 'Choose a kind of finding from the list' });
    const outcome = await getOutcome(db.kysely, details.inspection.id);
    const closed = kindClosedMessage(definition, kind, outcome?.code);
    if (closed) return renderKindChoice(request, reply, { action, chosen: '', criterion, error: closed });
    const criteria = allCriteria(definition).some((c) => c.code === criterion) ? [criterion] : [];
    return renderForm(request, reply, { mode: 'new', kind, values: { kind: kind.code, criteria, body: '', responsibleBody: '', partners: '', evidence: [], revision: '0' } });
  });

  /** The posted form; a kind that cannot be read sends the person back to choose one. */
  function readFindingForm(request: FastifyRequest): { values: FindingFormValues; showEvidence: boolean; errors?: FormErrors } {
    const parsed = findingFormSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      const raw = (request.body ?? {}) as Record<string, unknown>;
      const values = { kind: text(raw.kind), criteria: asArray(raw.criteria).slice(0, 50), body: text(raw.body), responsibleBody: text(raw.responsibleBody), partners: text(raw.partners), evidence: [], revision: text(raw.revision) };
      return { values, showEvidence: false, errors: formErrors(parsed.error.issues.map((i) => ({ path: [i.path[0] === 'evidence' ? 'evidence' : String(i.path[0] ?? 'body')], message: i.message }))) };
    }
    const { action, ...values } = parsed.data;
    return { values, showEvidence: action === 'show-evidence' };
  }

  app.post(`${BASE}/new`, allow('findings:write'), async (request, reply) => {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const form = readFindingForm(request);
    const kind = findingKind(details.framework.definition, form.values.kind);
    if (!kind) return renderKindChoice(request, reply, { action: findingsPath(inspectionId, '/new'), chosen: '', error: 'Choose a kind of finding from the list' });
    if (form.errors || form.showEvidence) return renderForm(request, reply, { mode: 'new', kind, values: form.values, errors: form.errors });
    let created: { id: string };
    try {
      created = await createFinding(db.kysely, inspectionId, inputOf(form.values), actorOf(request), context(request));
    } catch (error) {
      if (error instanceof FindingInputError) return renderForm(request, reply, { mode: 'new', kind, values: form.values, errors: issueErrors(error.issues) });
      throw error;
    }
    setFlash(request, { heading: `${capitalise(nounOf(details.framework.definition, kind.code))} added` });
    return reply.redirect(findingsPath(inspectionId, `#finding-${created.id}`));
  });

  async function findingOf(request: FastifyRequest): Promise<FindingView | undefined> {
    const { findingId } = request.params as FindingParams;
    return isUuid(findingId) ? getFinding(db.kysely, request.scope.inspectionId!, findingId) : undefined;
  }

  app.get(`${BASE}/:findingId`, allow('findings:view'), async (request, reply) => {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const definition = details.framework.definition;
    const finding = await findingOf(request);
    if (!finding) return reply.callNotFound();
    if (may(request, 'findings:write')) {
      const query = (request.query ?? {}) as Record<string, unknown>;
      const asked = text(query.kind);
      const kind = findingKind(definition, asked || finding.kind);
      if (!kind) return renderKindChoice(request, reply, { action: findingsPath(inspectionId, `/${finding.id}`), chosen: finding.kind, finding, error: 'Choose a kind of finding from the list' });
      return renderForm(request, reply, { mode: 'edit', kind, values: { ...valuesOfFinding(finding), kind: kind.code }, finding });
    }
    const headingsOf = criterionHeadings(definition);
    return reply.view(`${VIEWS}/finding-view.njk`, {
      ...basics(details),
      finding: {
        ...finding,
        paragraphs: paragraphsOf(finding.body),
        criteria: finding.criteria.map((code) => ({ code, heading: headingsOf.get(code) ?? code })),
        responsible: finding.responsibleBodyLabel ? `${finding.responsibleBodyLabel}${finding.partners ? `: ${finding.partners}` : ''}` : undefined,
        citedText: citedText(finding),
        singleSource: finding.singleSource ? singleSourceMessage(finding.sources[0]!) : undefined,
        citations: citationRows(inspectionId, finding, may(request, 'cases:view')),
      },
      backLink: { href: findingsPath(inspectionId), text: 'Findings' },
    });
  });

  app.get(`${BASE}/:findingId/kind`, allow('findings:write'), async (request, reply) => {
    const finding = await findingOf(request);
    if (!finding) return reply.callNotFound();
    return renderKindChoice(request, reply, { action: findingsPath(request.scope.inspectionId!, `/${finding.id}`), chosen: finding.kind, finding });
  });

  app.post(`${BASE}/:findingId`, allow('findings:write'), async (request, reply) => {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const finding = await findingOf(request);
    if (!finding) return reply.callNotFound();
    const form = readFindingForm(request);
    const kind = findingKind(details.framework.definition, form.values.kind) ?? findingKind(details.framework.definition, finding.kind)!;
    if (form.errors || form.showEvidence) return renderForm(request, reply, { mode: 'edit', kind, values: form.values, errors: form.errors, finding });
    const revision = /^\d+$/.test(form.values.revision) ? Number(form.values.revision) : -1;
    try {
      await updateFinding(db.kysely, inspectionId, finding.id, { ...inputOf(form.values), revision }, actorOf(request), context(request));
    } catch (error) {
      if (error instanceof FindingInputError) return renderForm(request, reply, { mode: 'edit', kind, values: form.values, errors: issueErrors(error.issues), finding });
      if (error instanceof FindingConflictError) {
        // The form now starts from the finding as it stands, so saving again is a deliberate choice to replace it.
        const current = error.current;
        const values = { ...form.values, revision: String(current.revision) };
        const message = 'Someone changed this finding after you opened it: your changes are below and have not been saved. Compare them with the finding as it is now; saving replaces it with what the form says';
        return renderForm(request, reply, { mode: 'edit', kind, values, errors: formErrors([{ path: ['current-finding'], message }]), finding: current, conflict: current });
      }
      if (error instanceof FindingNotFoundError) return reply.callNotFound();
      throw error;
    }
    setFlash(request, { heading: `${capitalise(nounOf(details.framework.definition, kind.code))} saved` });
    return reply.redirect(findingsPath(inspectionId, `#finding-${finding.id}`));
  });

  // ---- Moving and removing -----------------------------------------------------------------

  app.post(`${BASE}/:findingId/move`, allow('findings:write'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const finding = await findingOf(request);
    if (!finding) return reply.callNotFound();
    const body = z.object({ direction: single, criterion: single }).parse(request.body ?? {});
    if (body.direction === 'up' || body.direction === 'down') {
      await moveFinding(db.kysely, inspectionId, finding.id, { direction: body.direction, criterion: body.criterion || undefined }, actorOf(request), context(request));
    }
    return reply.redirect(findingsPath(inspectionId, `#finding-${finding.id}`));
  });

  async function renderRemoval(request: FastifyRequest, reply: FastifyReply, finding: FindingView, refusal?: string) {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const headingsOf = criterionHeadings(details.framework.definition);
    if (refusal) reply.code(409);
    return reply.view(`${VIEWS}/finding-remove.njk`, {
      ...basics(details),
      finding: {
        ...finding,
        noun: nounOf(details.framework.definition, finding.kind),
        paragraphs: paragraphsOf(finding.body),
        criteria: finding.criteria.map((code) => ({ code, heading: headingsOf.get(code) ?? code })),
        citedText: citedText(finding),
      },
      errors: refusal ? formErrors([{ path: ['current-finding'], message: refusal }]) : undefined,
      action: findingsPath(inspectionId, `/${finding.id}/remove`),
      cancelHref: findingsPath(inspectionId, `/${finding.id}`),
      backLink: { href: findingsPath(inspectionId, `/${finding.id}`), text: 'The finding' },
    });
  }

  app.get(`${BASE}/:findingId/remove`, allow('findings:write'), async (request, reply) => {
    const finding = await findingOf(request);
    if (!finding) return reply.callNotFound();
    return renderRemoval(request, reply, finding);
  });

  app.post(`${BASE}/:findingId/remove`, allow('findings:write'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const finding = await findingOf(request);
    if (!finding) return reply.callNotFound();
    const body = z.object({ revision: single }).parse(request.body ?? {});
    const revision = /^\d+$/.test(body.revision) ? Number(body.revision) : -1;
    try {
      await removeFinding(db.kysely, inspectionId, finding.id, revision, actorOf(request), context(request));
    } catch (error) {
      if (error instanceof FindingConflictError) return renderRemoval(request, reply, error.current, 'Someone changed this finding after you opened this page: check it as it is now before you remove it');
      if (error instanceof FindingNotFoundError) return reply.callNotFound();
      throw error;
    }
    setFlash(request, { heading: `${capitalise(nounOf((await detailsOf(request)).framework.definition, finding.kind))} removed` });
    return reply.redirect(findingsPath(inspectionId));
  });
}
