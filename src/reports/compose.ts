// Composes the report document from the framework's report template and the inspection's data: pure, and the same inputs always give the same document.
import { createHash } from 'node:crypto';
import {
  canonicalJson,
  findOutcome,
  findingKindsFor,
  inspectionType,
  reportSectionsFor,
  type Deadline,
  type FindingKind,
  type FollowUp,
  type FrameworkDefinition,
  type ReportSection,
} from '../frameworks/framework.ts';
import type { TeamRole } from '../inspections/inspection.table.ts';
import { familySummary } from './family-summary.ts';
import type {
  Block,
  DocumentBlock,
  DocumentCounts,
  DocumentFinding,
  DocumentFollowUp,
  DocumentOutcome,
  DocumentSection,
  DocumentSubsection,
  DocumentTable,
  DocumentTeamMember,
  NarrativeSections,
  ReportDocument,
} from './report-document.ts';

/** A finding as composition needs it (the findings service's FindingView has these fields and more). */
export type ComposeFinding = { kind: string; criteria: readonly string[]; body: string; responsibleBody: string | null; partners: string };

/** A member of the inspection team (the inspections service's TeamMemberItem has these fields and more). */
export type ComposeTeamMember = { role: TeamRole; display_name: string; organisation: string };

/**
 * What a report is composed from, as plain data. gatherReportInputs (report-inputs.service.ts)
 * reads it from the database; tests and the historical import can write it directly.
 */
export type ComposeInputs = {
  details: {
    inspection: { reference: string; inspection_type: string; onsite_start_date: string; onsite_end_date: string; historical: boolean };
    area: { la_code: string; name: string; region: string; icb: string };
    framework: { definition: FrameworkDefinition };
    team: readonly ComposeTeamMember[];
  };
  /** In the order the report lists them within each kind. */
  findings: readonly ComposeFinding[];
  /** Only the code is read: the label, sentence and follow-ups always come from the framework. */
  outcome: { code: string } | null;
  narrative: NarrativeSections;
  counts: DocumentCounts;
  /** The first on-site day ('YYYY-MM-DD') of the area's previous published inspection, if there is one. */
  previousInspection: string | null;
  /** Its last on-site day, when known, so the report can give the dates as a range. */
  previousInspectionEnd?: string | null;
};

/** An outcome code that is not one of the inspection type's outcomes in its framework. */
export class UnknownOutcomeError extends Error {
  constructor(code: string, type: string) {
    super(`"${code}" is not an outcome of a ${type} inspection in this framework`);
    this.name = 'UnknownOutcomeError';
  }
}

// ---- Words -----------------------------------------------------------------------------------

const DAY_MONTH_YEAR = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const WHOLE = new Intl.NumberFormat('en-GB');

function parts(date: string): { day: string; month: string; year: string } {
  const formatted = DAY_MONTH_YEAR.formatToParts(new Date(`${date}T00:00:00Z`));
  const get = (type: string) => formatted.find((p) => p.type === type)?.value ?? '';
  return { day: get('day'), month: get('month'), year: get('year') };
}

/** '2026-03-02' → '2 March 2026' */
export function longDate(date: string): string {
  const { day, month, year } = parts(date);
  return `${day} ${month} ${year}`;
}

/** Two days as GOV.UK writes a span: '2 to 6 March 2026', '27 February to 3 March 2026'. */
export function dateRange(start: string, end: string): string {
  if (start === end) return longDate(start);
  const a = parts(start);
  const b = parts(end);
  if (a.year !== b.year) return `${longDate(start)} to ${longDate(end)}`;
  if (a.month !== b.month) return `${a.day} ${a.month} to ${b.day} ${b.month} ${b.year}`;
  return `${a.day} to ${b.day} ${b.month} ${b.year}`;
}

function count(n: number, one: string, many: string): string {
  return `${WHOLE.format(n)} ${n === 1 ? one : many}`;
}

/** 'a', 'a and b', 'a, b and c' */
function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function withArea(text: string, areaName: string): string {
  return text.replaceAll('[area]', areaName);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function pluralWord(word: string): string {
  if (/(?:[sx]|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/** 'Significant weakness' → 'Significant weaknesses'; 'Area for improvement' → 'Areas for improvement'. */
function plural(label: string): string {
  const phrase = /^(\S+)( (?:for|of|in|to) .*)$/.exec(label);
  return phrase ? `${pluralWord(phrase[1])}${phrase[2]}` : pluralWord(label);
}

/** The 2016 framework's outcome is a letter; the 2023 framework's a report. */
function documentNoun(definition: FrameworkDefinition): 'letter' | 'report' {
  return definition.code === '2016' ? 'letter' : 'report';
}

// ---- Follow-ups ------------------------------------------------------------------------------

const UNITS: Record<Deadline['unit'], [string, string]> = {
  working_days: ['working day', 'working days'],
  calendar_days: ['day', 'days'],
  months: ['month', 'months'],
  years: ['year', 'years'],
};

/** '35 working days', 'about 18 months' */
function span(deadline: Deadline): string {
  const [one, many] = UNITS[deadline.unit];
  return `${deadline.approximate ? 'about ' : ''}${count(deadline.amount, one, many)}`;
}

/** How "within N days …" ends: the event the time runs from. */
function ofEvent(deadline: Deadline, noun: string): string {
  switch (deadline.from) {
    case 'report_published':
      return `of this ${noun} being published`;
    case 'final_report_received':
      return 'of receiving the final report';
    case 'inspection_end':
      return 'of the end of the inspection';
  }
}

/** How "N months after …" ends. */
function afterEvent(deadline: Deadline, noun: string): string {
  switch (deadline.from) {
    case 'report_published':
      return `after this ${noun} is published`;
    case 'final_report_received':
      return 'after the local area partnership receives the final report';
    case 'inspection_end':
      return 'after the end of the inspection';
  }
}

type FollowUpWording = (followUp: FollowUp, noun: string) => string | undefined;

/** The first deadline whose label starts with `word`, or the first at all. */
function deadline(followUp: FollowUp, word?: string): Deadline | undefined {
  return (word ? followUp.deadlines.find((d) => d.label.toLowerCase().startsWith(word)) : undefined) ?? followUp.deadlines[0];
}

// How the report states each follow-up the frameworks define. Numbers and the events they run
// from are read from the framework's deadlines, so an edited framework changes the report too.
const FOLLOW_UP_WORDING: Record<string, FollowUpWording> = {
  next_full_inspection: (f) => {
    const d = deadline(f);
    return d ? `The next full inspection will be within ${span(d)}.` : undefined;
  },
  strategic_plan_update: () => 'The local area partnership should update and publish its SEND strategic plan, using the recommendations in this report.',
  priority_action_plan: (f, noun) => {
    const submit = deadline(f, 'submit');
    const publish = deadline(f, 'publish');
    if (!submit) return undefined;
    const first = `The local area partnership must prepare and submit a priority action plan (area SEND) within ${span(submit)} ${ofEvent(submit, noun)}, setting out how it will address each area for priority action.`;
    return publish && publish !== submit ? `${first} It must publish the plan within ${span(publish)} ${ofEvent(publish, noun)}.` : first;
  },
  monitoring_inspection: (f, noun) => {
    const d = deadline(f);
    const when = d ? ` ${span(d)} ${afterEvent(d, noun)}` : '';
    return `Ofsted and CQC will carry out a monitoring inspection${when}, to evaluate whether the local area partnership has taken effective action on each area for priority action.`;
  },
  engagement_meetings: () => "Ofsted and CQC will hold engagement meetings with the local area partnership's leaders between inspections.",
  written_statement_of_action: (f, noun) => {
    const d = deadline(f);
    const when = d ? ` within ${span(d)} ${ofEvent(d, noun)}` : '';
    return `The local authority and the area's clinical commissioning group(s) must produce a written statement of action and submit it to Ofsted${when}.`;
  },
  progress_review_visits: () => "The Department for Education and NHS England will hold review visits on the area's progress against the written statement of action.",
  revisit: (f, noun) => {
    const d = deadline(f);
    const when = d ? ` ${span(d)} ${afterEvent(d, noun)}` : '';
    return `Ofsted and CQC will revisit the area${when}, to judge whether sufficient progress has been made in addressing each significant weakness.`;
  },
  dfe_next_steps: () => 'The Department for Education and NHS England will decide the next steps where the area has not made sufficient progress.',
};

// The framework records these as what usually happens after an outcome, but they are not part of
// the inspection, so the report does not state them.
const NOT_STATED_IN_REPORT = new Set(['dfe_intervention']);

export function followUpsOf(definition: FrameworkDefinition, followUps: readonly FollowUp[]): DocumentFollowUp[] {
  const noun = documentNoun(definition);
  return followUps
    .filter((f) => !NOT_STATED_IN_REPORT.has(f.code))
    .map((f) => ({ code: f.code, label: f.label, text: FOLLOW_UP_WORDING[f.code]?.(f, noun) ?? f.description }));
}

// ---- The outcome -----------------------------------------------------------------------------

function documentOutcome(definition: FrameworkDefinition, typeCode: string, code: string): DocumentOutcome {
  const type = inspectionType(definition, typeCode);
  const outcome = type?.outcomes.find((o) => o.code === code) ?? (type ? undefined : findOutcome(definition, code));
  if (!outcome) throw new UnknownOutcomeError(code, type?.name.toLowerCase() ?? typeCode);
  return { code: outcome.code, label: outcome.label, sentence: outcome.sentence, followUps: followUpsOf(definition, outcome.followUps) };
}

/**
 * The outcome as the report states it: the framework's exact sentence. A sentence quoted from the
 * middle of a letter ("the area has made …") is introduced so it reads as a sentence; one with
 * blanks the product holds no figures for ("[number] of the [total]") is replaced by the outcome's
 * label, since a report must never print a blank.
 */
export function outcomeStatement(outcome: DocumentOutcome): string | null {
  const sentence = outcome.sentence;
  if (sentence === null) return null;
  if (/\[[a-z ]+\]/.test(sentence)) return `Outcome: ${outcome.label}.`;
  if (/^[a-z]/.test(sentence)) return `Inspectors found that ${sentence}${/[.!?]$/.test(sentence) ? '' : '.'}`;
  return sentence;
}

export const OUTCOME_NOT_RECORDED = 'The outcome has not been recorded.';

// ---- Sections --------------------------------------------------------------------------------

// Where composed content goes: the first of these section codes the report's template has.
const OUTCOME_SECTIONS = ['inspection_outcome', 'wsoa_statement', 'main_findings'];
const COUNTS_SECTIONS = ['method', 'inspection_team'];
const TEAM_SECTIONS = ['inspection_team', 'opening'];

const ROLE_ORDER: readonly TeamRole[] = ['ofsted_lead', 'cqc_lead', 'inspector'];

/** The team as the report lists it: leads first, then inspectors (Ofsted's, then CQC's), by name. QA readers are not part of the inspecting team. */
export function reportTeam(team: readonly ComposeTeamMember[]): DocumentTeamMember[] {
  const roleName = (m: ComposeTeamMember) => {
    if (m.role === 'ofsted_lead') return 'Ofsted lead inspector';
    if (m.role === 'cqc_lead') return 'CQC lead inspector';
    return m.organisation === 'cqc' ? 'CQC inspector' : 'Ofsted inspector';
  };
  const rank = (m: ComposeTeamMember) => ROLE_ORDER.indexOf(m.role) * 2 + (m.organisation === 'cqc' ? 1 : 0);
  return team
    .filter((m) => ROLE_ORDER.includes(m.role))
    .toSorted((a, b) => rank(a) - rank(b) || (a.display_name < b.display_name ? -1 : a.display_name > b.display_name ? 1 : 0))
    .map((m) => ({ name: m.display_name, role: roleName(m) }));
}

/** The counts the product knows, as one sentence; null when it knows none. A count of null is left out; nobody is said to have done something zero times, except that a survey which ran and had no responses says so. */
export function countsSentence(counts: DocumentCounts): string | null {
  const done: string[] = [];
  const spokeTo: string[] = [];
  if (counts.familiesSpokenTo) spokeTo.push(`about ${WHOLE.format(counts.familiesSpokenTo)} parents, carers, children and young people`);
  if (counts.staffSpokenTo) spokeTo.push(counts.staffSpokenTo === 1 ? '1 member of staff' : `${WHOLE.format(counts.staffSpokenTo)} staff`);
  if (spokeTo.length) done.push(`spoke to ${listInWords(spokeTo)}`);
  if (counts.settingsVisited) done.push(`visited ${count(counts.settingsVisited, 'setting', 'settings')}`);
  if (counts.plansReviewed) done.push(`reviewed ${count(counts.plansReviewed, 'education, health and care (EHC) plan', 'education, health and care (EHC) plans')}`);
  const sentences: string[] = [];
  if (done.length) sentences.push(`During the inspection, inspectors ${listInWords(done)}.`);
  if (counts.surveyResponses !== null) {
    sentences.push(counts.surveyResponses === 0 ? "The inspection's surveys received no responses." : `The inspection's surveys received ${count(counts.surveyResponses, 'response', 'responses')}.`);
  }
  return sentences.length ? sentences.join(' ') : null;
}

type Draft = Block & { source: DocumentBlock['source'] };
type DraftSubsection = { heading: string; findingKind?: string; blocks: Draft[] };
type DraftSection = { code: string; heading: string; blocks: Draft[]; subsections: DraftSubsection[]; tables: DocumentTable[] };

function composed(text: string): Draft {
  return { type: 'paragraph', text, source: 'composed' };
}

function composedList(items: string[]): Draft {
  return { type: 'list', items, source: 'composed' };
}

/** Text as one line: a line break inside a paragraph or an item reads as a space in every output. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function narrativeOf(narrative: NarrativeSections, code: string): Draft[] {
  return (narrative[code] ?? []).filter(isContentful).map((b): Draft =>
    b.type === 'paragraph' ? { type: 'paragraph', text: oneLine(b.text), source: 'narrative' } : { type: 'list', items: b.items.map(oneLine).filter(Boolean), source: 'narrative' },
  );
}

/** A finding's text as paragraphs: inspectors may leave a blank line between paragraphs. */
function paragraphsOf(text: string): string[] {
  return text.split(/\n\s*\n/).map(oneLine).filter(Boolean);
}

function isContentful(block: Block): boolean {
  return block.type === 'paragraph' ? block.text.trim() !== '' : block.items.some((i) => i.trim() !== '');
}

type Context = {
  inputs: ComposeInputs;
  definition: FrameworkDefinition;
  areaName: string;
  noun: 'letter' | 'report';
  outcome: DocumentOutcome | null;
  findings: DocumentFinding[];
  team: DocumentTeamMember[];
  sections: ReportSection[];
  outcomeSection: string;
  /** Kinds that have a place of their own in the kept sections. */
  placedKinds: Set<string>;
};

function teamLine(m: DocumentTeamMember): string {
  return `${m.name}, ${m.role}`;
}

function findingsOfKind(ctx: Context, kind: string, criterion?: string): DocumentFinding[] {
  return ctx.findings.filter((f) => f.kind === kind && (criterion === undefined || f.criteria.includes(criterion)));
}

function responsibleParty(f: DocumentFinding): string {
  return f.partners.trim() || f.responsibleBodyLabel || '';
}

/** A table of recommendations: who is responsible, and what. */
function recommendationsTable(kind: FindingKind, findings: DocumentFinding[]): DocumentTable {
  return {
    caption: `${plural(kind.label)}, by responsible body`,
    head: ['Responsible body', kind.label],
    rows: findings.map((f) => [responsibleParty(f), oneLine(f.text)]),
  };
}

function leadingBlocks(section: ReportSection, ctx: Context): Draft[] {
  const { inputs, areaName } = ctx;
  const { inspection, area } = inputs.details;
  const blocks: Draft[] = [];
  if (section.code === 'title') {
    blocks.push(composed(`This ${ctx.noun} is addressed to ${lowerFirst(ctx.definition.report.addressedTo)}.`));
  }
  if (section.code === 'opening') {
    const when = dateRange(inspection.onsite_start_date, inspection.onsite_end_date);
    const what =
      inspection.inspection_type === 'revisit'
        ? `revisited the local area of ${areaName} to decide whether sufficient progress has been made in addressing each of the significant weaknesses identified at the initial inspection`
        : `carried out a joint inspection of the local area of ${areaName} to judge the effectiveness of the area in implementing the disability and special educational needs reforms as set out in the Children and Families Act 2014`;
    blocks.push(composed(`From ${when}, Ofsted and the Care Quality Commission (CQC) ${what}.`));
  }
  if (section.code === ctx.outcomeSection) {
    const statement = ctx.outcome ? outcomeStatement(ctx.outcome) : OUTCOME_NOT_RECORDED;
    if (statement) blocks.push(composed(statement));
    for (const followUp of ctx.outcome?.followUps ?? []) blocks.push(composed(followUp.text));
  }
  if (section.code === 'about_partnership') {
    blocks.push(
      composed(
        `${areaName} local authority and ${area.icb} are jointly responsible for the planning and commissioning of services for children and young people with special educational needs and/or disabilities (SEND) in ${areaName}.`,
      ),
    );
  }
  if (TEAM_SECTIONS.find((code) => ctx.sections.some((s) => s.code === code)) === section.code && ctx.team.length) {
    blocks.push(composed('The inspection team was:'), composedList(ctx.team.map(teamLine)));
  }
  if (COUNTS_SECTIONS.find((code) => ctx.sections.some((s) => s.code === code)) === section.code) {
    const sentence = countsSentence(inputs.counts);
    if (sentence) blocks.push(composed(sentence));
  }
  if (section.code === 'sign_off') {
    const leads = ctx.team.filter((m) => m.role.endsWith('lead inspector'));
    if (leads.length) blocks.push(composed('Yours sincerely'), ...leads.map((m) => composed(teamLine(m))));
  }
  return blocks;
}

/** Findings of kinds with no section of their own (2016's significant weaknesses), listed in the outcome's section. */
function unplacedFindingBlocks(ctx: Context): Draft[] {
  const blocks: Draft[] = [];
  for (const kind of findingKindsFor(ctx.definition, ctx.outcome?.code)) {
    if (ctx.placedKinds.has(kind.code)) continue;
    const findings = findingsOfKind(ctx, kind.code);
    if (!findings.length) continue;
    const leadIn =
      kind.code === 'significant_weakness' && ctx.outcomeSection === 'wsoa_statement'
        ? 'The written statement of action must explain how the local area will tackle these significant weaknesses:'
        : `${plural(kind.label)} identified by inspectors:`;
    blocks.push(composed(leadIn), composedList(findings.map((f) => oneLine(f.text))));
  }
  return blocks;
}

/** The dates section: this inspection's dates, and the previous inspection's under their own subheading. */
function datesContent(section: ReportSection, ctx: Context, heading: string): Pick<DraftSection, 'blocks' | 'subsections'> {
  const { inspection } = ctx.inputs.details;
  const { previousInspection, previousInspectionEnd } = ctx.inputs;
  const previous = previousInspection
    ? previousInspectionEnd
      ? dateRange(previousInspection, previousInspectionEnd)
      : longDate(previousInspection)
    : 'There is no earlier published inspection of this local area on record.';
  const content: Pick<DraftSection, 'blocks' | 'subsections'> = { blocks: [], subsections: [] };
  for (const sub of section.subsections) {
    const block = composed(/previous/i.test(sub.heading) ? previous : dateRange(inspection.onsite_start_date, inspection.onsite_end_date));
    const subheading = withArea(sub.heading, ctx.areaName);
    if (subheading === heading) content.blocks.push(block);
    else content.subsections.push({ heading: subheading, blocks: [block] });
  }
  return content;
}

function draftSection(section: ReportSection, ctx: Context): DraftSection {
  const heading = withArea(section.heading, ctx.areaName);
  const draft: DraftSection = { code: section.code, heading, blocks: leadingBlocks(section, ctx), subsections: [], tables: [] };
  const narrative = narrativeOf(ctx.inputs.narrative, section.code);
  if (section.code === 'inspection_dates') {
    const dates = datesContent(section, ctx, heading);
    draft.blocks.push(...dates.blocks, ...narrative);
    draft.subsections = dates.subsections;
    return draft;
  }
  draft.blocks.push(...narrative);
  if (section.code === ctx.outcomeSection) draft.blocks.push(...unplacedFindingBlocks(ctx));
  for (const kind of kindsListedIn(section, ctx.definition, ctx.outcome?.code)) {
    const subsection = section.subsections.find((s) => s.findingKind === kind.code);
    const findings = findingsOfKind(ctx, kind.code, section.criterion);
    if (!findings.length) continue;
    if (kind.needsResponsibleBody) {
      draft.tables.push(recommendationsTable(kind, findings));
      continue;
    }
    // The 2016 letter lists strengths and areas for development as bullets; the 2023 report writes findings as paragraphs.
    const blocks = section.criterion ? [composedList(findings.map((f) => oneLine(f.text)))] : findings.flatMap((f) => paragraphsOf(f.text).map(composed));
    const subheading = subsection && withArea(subsection.heading, ctx.areaName);
    if (subheading && subheading !== heading) draft.subsections.push({ heading: subheading, findingKind: kind.code, blocks });
    else draft.blocks.push(...blocks);
  }
  if (section.code === 'partnership_details') {
    draft.tables.push({ caption: 'The local area partnership', head: ['Local authority', 'Integrated care board (ICB)'], rows: [[ctx.areaName, ctx.inputs.details.area.icb]] });
  }
  return draft;
}

/** The finding kinds a section lists, in the order its template gives them. */
function kindsListedIn(section: ReportSection, definition: FrameworkDefinition, outcome: string | undefined): FindingKind[] {
  const allowed = findingKindsFor(definition, outcome);
  const codes = [...section.subsections.flatMap((s) => (s.findingKind ? [s.findingKind] : [])), ...allowed.filter((k) => k.reportSection === section.code).map((k) => k.code)];
  return [...new Set(codes)].flatMap((code) => allowed.filter((k) => k.code === code));
}

function withKeys(section: DraftSection): DocumentSection {
  let n = 0;
  const key = (block: Draft): DocumentBlock => ({ ...block, key: `${section.code}.${++n}` }) as DocumentBlock;
  const blocks = section.blocks.map(key);
  const subsections: DocumentSubsection[] = section.subsections.map((s) => ({ heading: s.heading, ...(s.findingKind ? { findingKind: s.findingKind } : {}), blocks: s.blocks.map(key) }));
  return { code: section.code, heading: section.heading, blocks, subsections, tables: section.tables };
}

function isEmpty(section: DraftSection): boolean {
  return section.blocks.length === 0 && section.subsections.length === 0 && section.tables.length === 0;
}

/** The inspection's findings as the report holds them, in the framework's kind order; kinds the outcome does not allow are left out. */
function documentFindings(definition: FrameworkDefinition, outcome: string | undefined, findings: readonly ComposeFinding[]): DocumentFinding[] {
  const kinds = findingKindsFor(definition, outcome);
  const bodies = new Map(definition.responsibleBodies.map((b) => [b.code, b]));
  return kinds.flatMap((kind) =>
    findings
      .filter((f) => f.kind === kind.code)
      .map((f) => {
        const body = f.responsibleBody ? bodies.get(f.responsibleBody) : undefined;
        return {
          kind: kind.code,
          kindLabel: kind.label,
          criteria: [...f.criteria],
          text: f.body.trim(),
          responsibleBody: f.responsibleBody,
          responsibleBodyLabel: body?.label ?? null,
          partners: body?.needsNames ? f.partners.trim() : '',
        };
      }),
  );
}

/**
 * The template's sections for the outcome. Before an outcome is recorded, a section kept for some
 * outcomes appears while there are findings to list in it (areas for priority action, say), so a
 * draft shows everything recorded so far.
 */
function sectionsFor(definition: FrameworkDefinition, outcome: string | undefined, findings: readonly DocumentFinding[]): ReportSection[] {
  if (outcome !== undefined) return reportSectionsFor(definition, outcome);
  const kinds = new Set(findings.map((f) => f.kind));
  return definition.report.sections.filter((s) => !s.onlyWithOutcomes || kindsListedIn(s, definition, undefined).some((k) => kinds.has(k.code)));
}

/**
 * The report document. The framework's sections in order (those for other outcomes left out, and
 * any with nothing in them dropped, so a historical report shows only what is known); in each,
 * what is composed from data, then the inspectors' narrative, then the findings it lists.
 */
export function composeReport(inputs: ComposeInputs): ReportDocument {
  const { inspection, area, framework } = inputs.details;
  const definition = framework.definition;
  const type = inspectionType(definition, inspection.inspection_type);
  const outcome = inputs.outcome ? documentOutcome(definition, inspection.inspection_type, inputs.outcome.code) : null;
  const findings = documentFindings(definition, outcome?.code, inputs.findings);
  const sections = sectionsFor(definition, outcome?.code, findings);
  const areaName = area.name;
  const placedKinds = new Set(sections.flatMap((s) => kindsListedIn(s, definition, outcome?.code).map((k) => k.code)));
  const ctx: Context = {
    inputs,
    definition,
    areaName,
    noun: documentNoun(definition),
    outcome,
    findings,
    team: reportTeam(inputs.details.team),
    sections,
    outcomeSection: OUTCOME_SECTIONS.find((code) => sections.some((s) => s.code === code)) ?? sections[0].code,
    placedKinds,
  };
  const drafts = sections.map((s) => draftSection(s, ctx)).filter((s) => s.code === 'title' || !isEmpty(s));
  const withoutSummary: Omit<ReportDocument, 'familySummary'> = {
    schemaVersion: 1,
    reference: inspection.reference,
    title: withArea(definition.report.title, areaName),
    addressedTo: definition.report.addressedTo,
    area: { laCode: area.la_code, name: area.name, region: area.region, icb: area.icb },
    framework: { code: definition.code, name: definition.name },
    inspectionType: { code: inspection.inspection_type, name: type?.name ?? inspection.inspection_type },
    dates: { onsiteStart: inspection.onsite_start_date, onsiteEnd: inspection.onsite_end_date, previousInspection: inputs.previousInspection },
    outcome,
    sections: drafts.map(withKeys),
    findings,
    team: ctx.team,
    counts: { ...inputs.counts },
    historical: inspection.historical,
  };
  return { ...withoutSummary, familySummary: familySummary(withoutSummary, definition) };
}

/** Identifies a document's content: sign-off holds for one hash, so any change to the report shows. */
export function documentHash(document: ReportDocument): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

/** Every block of a document in reading order, with the heading it sits under (for comments and the diff). */
export function documentBlocks(document: ReportDocument): (DocumentBlock & { sectionCode: string; heading: string })[] {
  return document.sections.flatMap((section) => [
    ...section.blocks.map((b) => ({ ...b, sectionCode: section.code, heading: section.heading })),
    ...section.subsections.flatMap((sub) => sub.blocks.map((b) => ({ ...b, sectionCode: section.code, heading: sub.heading }))),
  ]);
}
