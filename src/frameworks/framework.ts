// What an inspection framework is, as data: the schema every framework file must pass, its
// types, and the pure rules read from it (outcomes, finding kinds, timelines in working days).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { addCalendarDays, addWorkingDays } from '../platform/working-days.ts';

export const FRAMEWORK_CODES = ['2016', '2023'] as const;
export type FrameworkCode = (typeof FRAMEWORK_CODES)[number];

export function isFrameworkCode(value: unknown): value is FrameworkCode {
  return typeof value === 'string' && (FRAMEWORK_CODES as readonly string[]).includes(value);
}

const code = z.string().regex(/^[a-z0-9_]+$/, 'Codes are lower case letters, digits and underscores');
const criterionCode = z.string().regex(/^[A-Z][0-9]?$/, 'Criterion codes are a capital letter and an optional digit, like A or I1');
const text = z.string().trim().min(1);
const isoDate = z.iso.date();

/**
 * Wording that domain research could not confirm word for word is flagged, so pages can say so and
 * an administrator knows what to check against the live handbook. Sources are public pages.
 */
const provenance = {
  unverified: z.boolean().default(false),
  sources: z.array(z.url({ protocol: /^https?$/, error: 'Sources must be web addresses starting http:// or https://' })).default([]),
  /** Why something is unverified, or how a figure was chosen. */
  note: text.optional(),
};

export const criterionSchema = z.strictObject({
  code: criterionCode,
  heading: text,
  /** The evaluation question inspectors answer (2016 aspects). */
  question: text.optional(),
  /** The heading this criterion takes in the published letter or report. */
  letterHeading: text.optional(),
  description: text,
  ...provenance,
});

export const criterionGroupSchema = z.strictObject({
  code,
  title: text,
  description: text,
  criteria: z.array(criterionSchema).min(1),
  ...provenance,
});

export const responsibleBodySchema = z.strictObject({
  code,
  label: text,
  description: text,
  /** The partners must be named on the finding (for example schools or health providers). */
  needsNames: z.boolean().default(false),
});

export const findingKindSchema = z.strictObject({
  code,
  label: text,
  description: text,
  /** The report section this kind of finding is written into. */
  reportSection: code.optional(),
  /** Must name which body is to act (2023 areas for priority action and for improvement). */
  needsResponsibleBody: z.boolean().default(false),
  /** Must be tied to at least one criterion or aspect. */
  needsCriterion: z.boolean().default(true),
  /** Allowed only when the inspection reaches one of these outcomes. */
  onlyWithOutcomes: z.array(code).optional(),
  ...provenance,
});

export const DEADLINE_UNITS = ['working_days', 'calendar_days', 'months', 'years'] as const;
export const DEADLINE_STARTS = ['report_published', 'final_report_received', 'inspection_end'] as const;

export const deadlineSchema = z.strictObject({
  label: text,
  amount: z.number().int().positive(),
  unit: z.enum(DEADLINE_UNITS),
  /** The event the time runs from. */
  from: z.enum(DEADLINE_STARTS),
  /** "Within about 5 years": a planning horizon rather than a rule. */
  approximate: z.boolean().default(false),
  ...provenance,
});

export const followUpSchema = z.strictObject({
  code,
  label: text,
  description: text,
  deadlines: z.array(deadlineSchema).default([]),
  ...provenance,
});

export const outcomeSchema = z.strictObject({
  code,
  label: text,
  /** The sentence the letter or report states; null when the outcome adds none. */
  sentence: text.nullable(),
  description: text,
  followUps: z.array(followUpSchema).default([]),
  ...provenance,
});

export const itemJudgementSchema = z.strictObject({
  /** The finding kind each judgement is made on (the weaknesses or priority actions of the inspection before). */
  appliesTo: code,
  question: text,
  options: z
    .array(z.strictObject({ code, label: text, ...provenance }))
    .min(2),
  ...provenance,
});

export const milestoneSchema = z.strictObject({
  code,
  label: text,
  description: text,
  /** 'notification' or the code of an earlier milestone in the same timeline. */
  from: code.default('notification'),
  /** Day 0 is the day of `from`. */
  offset: z.number().int().nonnegative(),
  /** For a span (such as the days on site): its last day, counted like `offset`. */
  endOffset: z.number().int().nonnegative().optional(),
  unit: z.enum(['working_days', 'calendar_days']).default('working_days'),
  /** Happens only when the inspection reaches one of these outcomes. */
  onlyWithOutcomes: z.array(code).optional(),
  ...provenance,
});

export const inspectionTypeSchema = z.strictObject({
  code,
  name: text,
  description: text,
  notice: z.strictObject({ workingDays: z.number().int().nonnegative(), description: text, ...provenance }).nullable(),
  onSite: z.strictObject({ days: z.number().int().positive(), description: text, ...provenance }).nullable(),
  team: text.optional(),
  /** The question the outcome answers, e.g. "Is a written statement of action required?" */
  outcomeQuestion: text.optional(),
  outcomes: z.array(outcomeSchema).default([]),
  itemJudgement: itemJudgementSchema.optional(),
  timeline: z.array(milestoneSchema).min(1),
  ...provenance,
});

export const reportSectionSchema = z.strictObject({
  code,
  /** May hold [area], replaced by the area's name. */
  heading: text,
  description: text,
  /** The aspect or criterion a section reports on (the 2016 letter has one section per aspect). */
  criterion: criterionCode.optional(),
  subsections: z.array(z.strictObject({ heading: text, findingKind: code.optional() })).default([]),
  onlyWithOutcomes: z.array(code).optional(),
  ...provenance,
});

const frameworkDefinitionObject = z.strictObject({
  /** Bumped only when the shape of these files changes. */
  schemaVersion: z.literal(1),
  code: z.enum(FRAMEWORK_CODES),
  name: text,
  title: text,
  summary: text,
  inForce: z.strictObject({ from: isoDate, until: isoDate.nullable() }),
  updates: z.array(z.strictObject({ date: isoDate, summary: text, ...provenance })).default([]),
  /** What the framework calls the thing it inspects: "local area" or "local area partnership". */
  areaTerm: text,
  coverage: text,
  criterionGroups: z.array(criterionGroupSchema).min(1),
  findingKinds: z.array(findingKindSchema).min(1),
  responsibleBodies: z.array(responsibleBodySchema).default([]),
  inspectionTypes: z.array(inspectionTypeSchema).min(1),
  report: z.strictObject({
    title: text,
    addressedTo: text,
    publishedBy: text,
    sections: z.array(reportSectionSchema).min(1),
    ...provenance,
  }),
  ...provenance,
});

export const frameworkDefinitionSchema = frameworkDefinitionObject.superRefine((definition, ctx) => {
  for (const problem of crossReferenceProblems(definition)) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
});

export type FrameworkDefinition = z.output<typeof frameworkDefinitionSchema>;
export type FrameworkDefinitionInput = z.input<typeof frameworkDefinitionSchema>;
export type Criterion = z.output<typeof criterionSchema>;
export type CriterionGroup = z.output<typeof criterionGroupSchema>;
export type FindingKind = z.output<typeof findingKindSchema>;
export type ResponsibleBody = z.output<typeof responsibleBodySchema>;
export type Deadline = z.output<typeof deadlineSchema>;
export type FollowUp = z.output<typeof followUpSchema>;
export type Outcome = z.output<typeof outcomeSchema>;
export type ItemJudgement = z.output<typeof itemJudgementSchema>;
export type Milestone = z.output<typeof milestoneSchema>;
export type InspectionType = z.output<typeof inspectionTypeSchema>;
export type ReportSection = z.output<typeof reportSectionSchema>;

/** A stored revision of a framework: what an inspection points at, so later edits never change it. */
export type FrameworkRevision = {
  id: string;
  code: FrameworkCode;
  revision: number;
  definition: FrameworkDefinition;
};

type Problem = { message: string; path: (string | number)[] };

function duplicates(values: string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

/** Checks the references between parts of a definition that the shape alone cannot. */
function crossReferenceProblems(d: z.output<typeof frameworkDefinitionObject>): Problem[] {
  const problems: Problem[] = [];
  const criteria = d.criterionGroups.flatMap((g) => g.criteria.map((c) => c.code));
  const outcomes = d.inspectionTypes.flatMap((t) => t.outcomes.map((o) => o.code));
  const kinds = d.findingKinds.map((k) => k.code);
  const sections = d.report.sections.map((s) => s.code);

  const unique: [string, string[], (string | number)[]][] = [
    ['criterion', criteria, ['criterionGroups']],
    ['criterion group', d.criterionGroups.map((g) => g.code), ['criterionGroups']],
    ['outcome', outcomes, ['inspectionTypes']],
    ['finding kind', kinds, ['findingKinds']],
    ['inspection type', d.inspectionTypes.map((t) => t.code), ['inspectionTypes']],
    ['report section', sections, ['report', 'sections']],
    ['responsible body', d.responsibleBodies.map((b) => b.code), ['responsibleBodies']],
  ];
  for (const [what, values, path] of unique) {
    for (const dup of new Set(duplicates(values))) problems.push({ message: `The ${what} code "${dup}" is used more than once`, path });
  }
  if (!d.inspectionTypes.some((t) => t.code === 'full')) problems.push({ message: 'A framework needs a "full" inspection type', path: ['inspectionTypes'] });
  if (d.inForce.until && d.inForce.until < d.inForce.from) problems.push({ message: 'inForce.until is before inForce.from', path: ['inForce', 'until'] });

  const knownOutcome = (list: string[] | undefined, path: (string | number)[]) => {
    for (const o of list ?? []) if (!outcomes.includes(o)) problems.push({ message: `Unknown outcome "${o}"`, path });
  };
  d.findingKinds.forEach((k, i) => {
    knownOutcome(k.onlyWithOutcomes, ['findingKinds', i, 'onlyWithOutcomes']);
    if (k.reportSection && !sections.includes(k.reportSection)) problems.push({ message: `Unknown report section "${k.reportSection}"`, path: ['findingKinds', i, 'reportSection'] });
    if (k.needsResponsibleBody && d.responsibleBodies.length === 0) problems.push({ message: `Finding kind "${k.code}" needs a responsible body but none are defined`, path: ['findingKinds', i] });
  });
  d.report.sections.forEach((s, i) => {
    knownOutcome(s.onlyWithOutcomes, ['report', 'sections', i, 'onlyWithOutcomes']);
    if (s.criterion && !criteria.includes(s.criterion)) problems.push({ message: `Unknown criterion "${s.criterion}"`, path: ['report', 'sections', i, 'criterion'] });
    s.subsections.forEach((sub, j) => {
      if (sub.findingKind && !kinds.includes(sub.findingKind)) problems.push({ message: `Unknown finding kind "${sub.findingKind}"`, path: ['report', 'sections', i, 'subsections', j] });
    });
  });
  d.inspectionTypes.forEach((t, i) => {
    if (t.itemJudgement && !kinds.includes(t.itemJudgement.appliesTo)) problems.push({ message: `Unknown finding kind "${t.itemJudgement.appliesTo}"`, path: ['inspectionTypes', i, 'itemJudgement', 'appliesTo'] });
    const seen: string[] = [];
    t.timeline.forEach((m, j) => {
      const path = ['inspectionTypes', i, 'timeline', j];
      if (seen.includes(m.code)) problems.push({ message: `The milestone code "${m.code}" is used more than once`, path });
      if (m.from !== 'notification' && !seen.includes(m.from)) problems.push({ message: `Milestone "${m.code}" counts from "${m.from}", which is not an earlier milestone`, path });
      if (m.endOffset !== undefined && m.endOffset < m.offset) problems.push({ message: `Milestone "${m.code}" ends before it starts`, path });
      knownOutcome(m.onlyWithOutcomes, [...path, 'onlyWithOutcomes']);
      seen.push(m.code);
    });
    if (t.timeline[0]?.code !== 'notification' || t.timeline[0].offset !== 0) {
      problems.push({ message: `The timeline of "${t.code}" must start with the notification milestone on day 0`, path: ['inspectionTypes', i, 'timeline', 0] });
    }
  });
  return problems;
}

/** JSON with object keys sorted, so the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Identifies a definition's content: an edit to any wording gives a different hash. */
export function frameworkContentHash(definition: FrameworkDefinition): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

/** Where a milestone falls, counted in working days from notification (day 0); undefined when it is counted in calendar days. */
export function milestoneWorkingDays(timeline: readonly Milestone[], code: string): { start: number; end: number } | undefined {
  const milestone = timeline.find((m) => m.code === code);
  if (!milestone || milestone.unit !== 'working_days') return undefined;
  let base = 0;
  if (milestone.from !== 'notification') {
    const from = milestoneWorkingDays(timeline, milestone.from);
    if (!from) return undefined;
    base = from.end;
  }
  return { start: base + milestone.offset, end: base + (milestone.endOffset ?? milestone.offset) };
}

export type ScheduledMilestone = Milestone & { date: string; endDate: string };

function advance(date: string, n: number, unit: Milestone['unit']): string {
  return unit === 'working_days' ? addWorkingDays(date, n) : addCalendarDays(date, n);
}

/**
 * The dates of an inspection type's milestones from the notification date. A milestone counted
 * from a span (such as the days on site) counts from the span's last day. Milestones that happen
 * only with certain outcomes are left out unless `outcome` is one of them.
 */
export function scheduleTimeline(type: InspectionType, notificationDate: string, outcome?: string): ScheduledMilestone[] {
  const scheduled = new Map<string, ScheduledMilestone>();
  for (const milestone of type.timeline) {
    const base = milestone.from === 'notification' ? notificationDate : scheduled.get(milestone.from)?.endDate;
    if (base === undefined) continue;
    const date = advance(base, milestone.offset, milestone.unit);
    const endDate = milestone.endOffset === undefined ? date : advance(base, milestone.endOffset, milestone.unit);
    scheduled.set(milestone.code, { ...milestone, date, endDate });
  }
  return [...scheduled.values()].filter((m) => !m.onlyWithOutcomes || (outcome !== undefined && m.onlyWithOutcomes.includes(outcome)));
}

export function inspectionType(definition: FrameworkDefinition, code: string): InspectionType | undefined {
  return definition.inspectionTypes.find((t) => t.code === code);
}

export function findOutcome(definition: FrameworkDefinition, code: string): Outcome | undefined {
  return definition.inspectionTypes.flatMap((t) => t.outcomes).find((o) => o.code === code);
}

export function allCriteria(definition: FrameworkDefinition): Criterion[] {
  return definition.criterionGroups.flatMap((g) => g.criteria);
}

/** The finding kinds open to an inspection with this outcome (all of them while no outcome is set). */
export function findingKindsFor(definition: FrameworkDefinition, outcome?: string): FindingKind[] {
  return definition.findingKinds.filter((k) => !k.onlyWithOutcomes || outcome === undefined || k.onlyWithOutcomes.includes(outcome));
}

/** The report's sections in order, without those that do not apply to this outcome. */
export function reportSectionsFor(definition: FrameworkDefinition, outcome?: string): ReportSection[] {
  return definition.report.sections.filter((s) => !s.onlyWithOutcomes || (outcome !== undefined && s.onlyWithOutcomes.includes(outcome)));
}
