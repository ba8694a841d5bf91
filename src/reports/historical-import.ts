// The historical inspections file: its JSON shape (zod), and the checks against the framework and
// the reference data that the shape alone cannot make, each problem named by where it is in the file.
import { z } from 'zod';
import {
  FRAMEWORK_CODES,
  allCriteria,
  findingKindsFor,
  inspectionType,
  reportSectionsFor,
  type FrameworkCode,
  type FrameworkDefinition,
} from '../frameworks/framework.ts';
import { isRealIsoDate } from '../inspections/date-input.ts';
import { MAX_ONSITE_DAYS } from '../inspections/inspection.ts';
import { addWorkingDays, isWithinKnownCalendar } from '../platform/working-days.ts';
import type { ComposeTeamMember } from './compose.ts';
import type { Block, NarrativeSections } from './report-document.ts';
import { narrativeSectionCodes } from './report-draft.ts';

export const HISTORICAL_SCHEMA_VERSION = 1;
/** A file holds at most this many inspections, so one import stays one reasonable transaction. */
export const MAX_INSPECTIONS_PER_FILE = 1000;
export const MAX_FINDING_LENGTH = 5000;
export const MAX_PARAGRAPH_LENGTH = 5000;
/** The time of day an imported report counts as published, in England (documented). */
export const PUBLISHED_TIME_OF_DAY = '09:30';

/** The roles a historical report's team is listed under: the leads and the inspectors of each inspectorate. */
export const TEAM_ROLES = ['ofsted_lead', 'cqc_lead', 'ofsted_inspector', 'cqc_inspector'] as const;
export type HistoricalTeamRole = (typeof TEAM_ROLES)[number];

const text = (max: number) => z.string().trim().min(1, { error: 'must not be empty' }).max(max, { error: `must be at most ${max} characters` });
const isoDate = z.string().refine(isRealIsoDate, { error: (issue) => `must be a real date written as YYYY-MM-DD, like 2019-03-04 (not ${JSON.stringify(issue.input)})` });

const blockSchema = z.union(
  [
    text(MAX_PARAGRAPH_LENGTH),
    z.strictObject({ type: z.literal('paragraph'), text: text(MAX_PARAGRAPH_LENGTH) }),
    z.strictObject({ type: z.literal('list'), items: z.array(text(MAX_PARAGRAPH_LENGTH)).min(1, { error: 'a list needs at least one item' }) }),
  ],
  { error: 'must be a paragraph (text), { "type": "paragraph", "text": "..." } or { "type": "list", "items": ["..."] }' },
);

export const historicalFindingSchema = z.strictObject({
  kind: z.string({ error: 'is required: a finding kind code of the framework' }),
  criteria: z.array(z.string({ error: 'must be a criterion code, like A or I1' })).default([]),
  text: text(MAX_FINDING_LENGTH),
  responsibleBody: z.string().nullable().default(null),
  partners: z.string().trim().max(500, { error: 'must be at most 500 characters' }).default(''),
});

export const historicalInspectionSchema = z.strictObject({
  reference: z
    .string()
    .trim()
    .regex(/^SEND-\d{3}-\d{4}-[1-9]\d*$/i, { error: 'must look like SEND-990-2019-1: SEND, the area’s code, a year and a number' })
    .transform((r) => r.toUpperCase())
    .optional(),
  laCode: z.string({ error: 'is required: the local authority’s 3-digit code, like 990' }).regex(/^\d{3}$/, { error: 'must be the local authority’s 3-digit code, like 990' }),
  framework: z.enum(FRAMEWORK_CODES, { error: `must be one of: ${FRAMEWORK_CODES.join(', ')} (as text, in quotes)` }),
  inspectionType: z.string({ error: 'is required: an inspection type of the framework, like full' }).trim().min(1, { error: 'must not be empty' }),
  onsiteStart: isoDate,
  onsiteEnd: isoDate,
  publishedOn: isoDate,
  outcome: z.string({ error: 'is required: an outcome code of the framework for this type of inspection' }).trim().min(1, { error: 'must not be empty' }),
  findings: z.array(historicalFindingSchema).default([]),
  narrative: z.record(z.string(), z.array(blockSchema)).default({}),
  team: z
    .array(
      z.strictObject({
        name: text(200),
        role: z.enum(TEAM_ROLES, { error: `must be one of: ${TEAM_ROLES.join(', ')}` }),
      }),
    )
    .default([]),
});

export const historicalFileSchema = z.strictObject({
  schemaVersion: z.literal(HISTORICAL_SCHEMA_VERSION, { error: `must be ${HISTORICAL_SCHEMA_VERSION}` }),
  inspections: z
    .array(historicalInspectionSchema)
    .min(1, { error: 'must list at least one inspection' })
    .max(MAX_INSPECTIONS_PER_FILE, { error: `must list at most ${MAX_INSPECTIONS_PER_FILE} inspections: split the file` }),
});

export type HistoricalFinding = z.output<typeof historicalFindingSchema>;
export type HistoricalInspection = z.output<typeof historicalInspectionSchema>;
export type HistoricalFile = z.output<typeof historicalFileSchema>;

/** One problem in the file: `path` says where, like inspections[2].findings[0].kind. */
export type ImportIssue = { path: string; message: string };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(the file)';
}

export function issueLine(issue: ImportIssue): string {
  return `${issue.path}: ${issue.message}`;
}

const JSON_TYPE_NAMES: Record<string, string> = { string: 'text', number: 'a number', boolean: 'true or false', object: 'an object', array: 'a list', null: 'null' };

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return JSON_TYPE_NAMES[typeof value] ?? typeof value;
}

/** Zod's issue in the plain words the file's author needs. */
function describeZodIssue(issue: z.core.$ZodIssue): ImportIssue[] {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'is not a field of this format (check its spelling)' }));
  }
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return [{ path, message: issue.message.startsWith('is required') ? issue.message : 'is required' }];
    return [{ path, message: `must be ${JSON_TYPE_NAMES[issue.expected] ?? issue.expected}, not ${jsonTypeOf(issue.input)}` }];
  }
  return [{ path, message: issue.message }];
}

export type ShapeResult = { ok: true; file: HistoricalFile } | { ok: false; issues: ImportIssue[] };

/** Reads the file's text: JSON first, then the shape. */
export function parseHistoricalFile(json: string): ShapeResult {
  let value: unknown;
  try {
    value = JSON.parse(json.startsWith('\uFEFF') ? json.slice(1) : json);
  } catch (error) {
    return { ok: false, issues: [{ path: '(the file)', message: `is not valid JSON: ${(error as Error).message}` }] };
  }
  const parsed = historicalFileSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.flatMap(describeZodIssue) };
  return { ok: true, file: parsed.data };
}

// ---- Checks against the framework and the reference data -----------------------------------

/** What the checks need to know from the database, gathered by the service. */
export type ImportContext = {
  frameworks: ReadonlyMap<FrameworkCode, FrameworkDefinition>;
  /** Local areas by code: their names, for messages. */
  areas: ReadonlyMap<string, { name: string }>;
  /** References already taken, upper case. */
  existingReferences: ReadonlySet<string>;
  /** Inspections already held, as "<laCode> <onsiteStart>", with their references. */
  existingVisits: ReadonlyMap<string, string>;
  /** 'YYYY-MM-DD' in England: nothing can have been published after today. */
  today: string;
};

function list(values: readonly string[]): string {
  return values.join(', ');
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

function frameworkName(code: FrameworkCode): string {
  return `the ${code} framework`;
}

function checkFinding(finding: HistoricalFinding, at: string, definition: FrameworkDefinition, code: FrameworkCode, outcome: string | undefined, issues: ImportIssue[]): void {
  const kind = definition.findingKinds.find((k) => k.code === finding.kind);
  if (!kind) {
    issues.push({ path: `${at}.kind`, message: `${JSON.stringify(finding.kind)} is not a finding kind of ${frameworkName(code)} (${list(definition.findingKinds.map((k) => k.code))})` });
  } else if (outcome !== undefined && !findingKindsFor(definition, outcome).includes(kind)) {
    issues.push({ path: `${at}.kind`, message: `${kind.code} findings are only for inspections with the outcome ${list(kind.onlyWithOutcomes ?? [])}, and this inspection’s outcome is ${outcome}` });
  }
  const criteria = allCriteria(definition).map((c) => c.code);
  finding.criteria.forEach((criterion, n) => {
    if (!criteria.includes(criterion)) issues.push({ path: `${at}.criteria[${n}]`, message: `${JSON.stringify(criterion)} is not a criterion of ${frameworkName(code)} (${list(criteria)})` });
    else if (finding.criteria.indexOf(criterion) !== n) issues.push({ path: `${at}.criteria[${n}]`, message: `${criterion} is listed more than once` });
  });
  if (kind?.needsCriterion && finding.criteria.length === 0) issues.push({ path: `${at}.criteria`, message: `${kind.code} findings need at least one criterion (${list(criteria)})` });
  checkResponsibleBody(finding, at, definition, code, kind, issues);
}

function checkResponsibleBody(
  finding: HistoricalFinding,
  at: string,
  definition: FrameworkDefinition,
  code: FrameworkCode,
  kind: FrameworkDefinition['findingKinds'][number] | undefined,
  issues: ImportIssue[],
): void {
  const bodies = definition.responsibleBodies;
  const body = finding.responsibleBody === null ? undefined : bodies.find((b) => b.code === finding.responsibleBody);
  if (finding.responsibleBody !== null && !body) {
    const known = bodies.length ? `(${list(bodies.map((b) => b.code))})` : '(it has none)';
    issues.push({ path: `${at}.responsibleBody`, message: `${JSON.stringify(finding.responsibleBody)} is not a responsible body of ${frameworkName(code)} ${known}` });
  } else if (kind?.needsResponsibleBody && !body) {
    issues.push({ path: `${at}.responsibleBody`, message: `${kind.code} findings must name the body responsible (${list(bodies.map((b) => b.code))})` });
  } else if (kind && !kind.needsResponsibleBody && body) {
    issues.push({ path: `${at}.responsibleBody`, message: `${kind.code} findings have no responsible body: leave it out or set it to null` });
  }
  if (body?.needsNames && finding.partners === '') {
    issues.push({ path: `${at}.partners`, message: `must name the partners when the responsible body is ${body.code}` });
  } else if (!body?.needsNames && finding.partners !== '' && (body || finding.responsibleBody === null)) {
    issues.push({ path: `${at}.partners`, message: 'is only for findings whose responsible body is named partners: leave it out' });
  }
}

function checkDates(inspection: HistoricalInspection, at: string, definition: FrameworkDefinition, code: FrameworkCode, today: string, issues: ImportIssue[]): void {
  const { onsiteStart, onsiteEnd, publishedOn } = inspection;
  const { from, until } = definition.inForce;
  if (onsiteStart < from || (until !== null && onsiteStart > until)) {
    issues.push({ path: `${at}.onsiteStart`, message: `${onsiteStart} is outside the time ${frameworkName(code)} was in force (${from} to ${until ?? 'now'})` });
  } else if (!isWithinKnownCalendar(onsiteStart)) {
    issues.push({ path: `${at}.onsiteStart`, message: `${onsiteStart} is outside the years whose working days are known` });
  }
  if (onsiteEnd < onsiteStart) issues.push({ path: `${at}.onsiteEnd`, message: `${onsiteEnd} is before the on-site start (${onsiteStart})` });
  else if (daysBetween(onsiteStart, onsiteEnd) > MAX_ONSITE_DAYS) issues.push({ path: `${at}.onsiteEnd`, message: `is more than ${MAX_ONSITE_DAYS} days after the on-site start (${onsiteStart})` });
  if (publishedOn < onsiteEnd) issues.push({ path: `${at}.publishedOn`, message: `${publishedOn} is before the on-site end (${onsiteEnd}): a report is published after the inspection` });
  else if (publishedOn > today) issues.push({ path: `${at}.publishedOn`, message: `${publishedOn} is in the future: only reports already published can be imported` });
}

/** The sections inspectors write that a report with this outcome has. */
export function writtenSections(definition: FrameworkDefinition, outcome: string): string[] {
  const present = new Set(reportSectionsFor(definition, outcome).map((s) => s.code));
  return narrativeSectionCodes(definition).filter((code) => present.has(code));
}

function checkNarrative(narrative: HistoricalInspection['narrative'], at: string, allowed: readonly string[], code: FrameworkCode, issues: ImportIssue[]): void {
  for (const section of Object.keys(narrative)) {
    if (!allowed.includes(section)) {
      issues.push({ path: `${at}.narrative.${section}`, message: `is not a section inspectors write in a report under ${frameworkName(code)} with this outcome (${list(allowed)})` });
    }
  }
}

/** Checks one inspection against its framework and the reference data; outcome-dependent checks only once the outcome is known to be sound. */
function checkInspection(inspection: HistoricalInspection, index: number, context: ImportContext, issues: ImportIssue[]): void {
  const at = `inspections[${index}]`;
  const code = inspection.framework;
  const definition = context.frameworks.get(code);
  if (!context.areas.has(inspection.laCode)) issues.push({ path: `${at}.laCode`, message: `there is no local area with the code ${inspection.laCode}` });
  if (inspection.reference && !inspection.reference.startsWith(`SEND-${inspection.laCode}-`)) {
    issues.push({ path: `${at}.reference`, message: `${inspection.reference} does not start with SEND-${inspection.laCode}-, the area’s code` });
  }
  if (!definition) {
    issues.push({ path: `${at}.framework`, message: `${frameworkName(code)} has not been loaded into this service` });
    return;
  }
  checkDates(inspection, at, definition, code, context.today, issues);
  const type = inspectionType(definition, inspection.inspectionType);
  let outcome: string | undefined;
  if (!type) {
    issues.push({ path: `${at}.inspectionType`, message: `${JSON.stringify(inspection.inspectionType)} is not an inspection type of ${frameworkName(code)} (${list(definition.inspectionTypes.map((t) => t.code))})` });
  } else if (type.outcomes.length === 0) {
    issues.push({ path: `${at}.inspectionType`, message: `${withArticle(type.name.toLowerCase())} has no outcome, so it has no report to import` });
  } else if (!type.outcomes.some((o) => o.code === inspection.outcome)) {
    issues.push({ path: `${at}.outcome`, message: `${JSON.stringify(inspection.outcome)} is not an outcome of ${withArticle(type.name.toLowerCase())} under ${frameworkName(code)} (${list(type.outcomes.map((o) => o.code))})` });
  } else {
    outcome = inspection.outcome;
  }
  for (const lead of ['ofsted_lead', 'cqc_lead'] as const) {
    const positions = inspection.team.flatMap((m, n) => (m.role === lead ? [n] : []));
    if (positions.length > 1) issues.push({ path: `${at}.team[${positions[1]}].role`, message: `an inspection has one ${lead}: team[${positions[0]}] is already` });
  }
  inspection.findings.forEach((finding, n) => checkFinding(finding, `${at}.findings[${n}]`, definition, code, outcome, issues));
  if (outcome !== undefined) checkNarrative(inspection.narrative, at, writtenSections(definition, outcome), code, issues);
}

function visitKey(inspection: Pick<HistoricalInspection, 'laCode' | 'onsiteStart'>): string {
  return `${inspection.laCode} ${inspection.onsiteStart}`;
}

/** The same inspection twice: by reference, or the same area on site from the same day, in the file or already held. */
function checkDuplicates(inspections: readonly HistoricalInspection[], context: ImportContext, issues: ImportIssue[]): void {
  const references = new Map<string, number>();
  const visits = new Map<string, number>();
  inspections.forEach((inspection, index) => {
    const at = `inspections[${index}]`;
    if (inspection.reference) {
      const earlier = references.get(inspection.reference);
      if (earlier !== undefined) issues.push({ path: `${at}.reference`, message: `${inspection.reference} is also the reference of inspections[${earlier}]` });
      else if (context.existingReferences.has(inspection.reference)) {
        issues.push({ path: `${at}.reference`, message: `an inspection ${inspection.reference} already exists: a published report changes only by a correction` });
      }
      references.set(inspection.reference, index);
    }
    const visit = visitKey(inspection);
    const earlierVisit = visits.get(visit);
    const held = context.existingVisits.get(visit);
    if (earlierVisit !== undefined) issues.push({ path: `${at}.onsiteStart`, message: `inspections[${earlierVisit}] is also of area ${inspection.laCode} on site from ${inspection.onsiteStart}` });
    else if (held) issues.push({ path: `${at}.onsiteStart`, message: `the inspection ${held} of area ${inspection.laCode} on site from ${inspection.onsiteStart} already exists` });
    visits.set(visit, index);
  });
}

/** Every problem with the file's content, in file order; none means it can be imported. */
export function checkHistoricalFile(file: HistoricalFile, context: ImportContext): ImportIssue[] {
  const issues: ImportIssue[] = [];
  file.inspections.forEach((inspection, index) => checkInspection(inspection, index, context, issues));
  checkDuplicates(file.inspections, context, issues);
  return issues.sort((a, b) => comparePaths(a.path, b.path));
}

/** Orders "inspections[10]" after "inspections[9]". */
function comparePaths(a: string, b: string): number {
  const key = (p: string) => p.replace(/\[(\d+)\]/g, (_, n: string) => `[${n.padStart(6, '0')}]`);
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

// ---- What is stored ------------------------------------------------------------------------

/**
 * The notification date an imported inspection is given: the framework's notice before the
 * on-site start (in working days), or the on-site start when the type has no notice. Historical
 * files rarely record it, and it only places the inspection on the timeline.
 */
export function notificationDateOf(inspection: HistoricalInspection, definition: FrameworkDefinition): string {
  const notice = inspectionType(definition, inspection.inspectionType)?.notice?.workingDays ?? 0;
  const date = addWorkingDays(inspection.onsiteStart, -notice);
  return isWithinKnownCalendar(date) ? date : inspection.onsiteStart;
}

/** The moment a report published on a day in England at PUBLISHED_TIME_OF_DAY (British time, summer or winter). */
export function publishedAtOf(publishedOn: string): Date {
  const [hours, minutes] = PUBLISHED_TIME_OF_DAY.split(':').map(Number);
  const asIfUtc = new Date(`${publishedOn}T${PUBLISHED_TIME_OF_DAY}:00Z`);
  // Clocks change at 01:00 UTC, so the offset at this hour is the offset for the whole morning.
  const london = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(asIfUtc);
  const localHours = Number(london.find((p) => p.type === 'hour')!.value);
  const offsetMinutes = (localHours - hours) * 60;
  return new Date(Date.UTC(asIfUtc.getUTCFullYear(), asIfUtc.getUTCMonth(), asIfUtc.getUTCDate(), hours, minutes) - offsetMinutes * 60_000);
}

const TEAM_MEMBER_OF_ROLE: Record<HistoricalTeamRole, Pick<ComposeTeamMember, 'role' | 'organisation'>> = {
  ofsted_lead: { role: 'ofsted_lead', organisation: 'ofsted' },
  cqc_lead: { role: 'cqc_lead', organisation: 'cqc' },
  ofsted_inspector: { role: 'inspector', organisation: 'ofsted' },
  cqc_inspector: { role: 'inspector', organisation: 'cqc' },
};

/** The team as composition lists it (people named in a historical report have no account here). */
export function teamOf(inspection: HistoricalInspection): ComposeTeamMember[] {
  return inspection.team.map((m) => ({ ...TEAM_MEMBER_OF_ROLE[m.role], display_name: m.name }));
}

/** The narrative as the report model holds it: bare text becomes a paragraph. */
export function narrativeOf(inspection: HistoricalInspection): NarrativeSections {
  const sections: NarrativeSections = {};
  for (const [code, blocks] of Object.entries(inspection.narrative)) {
    sections[code] = blocks.map((block): Block => (typeof block === 'string' ? { type: 'paragraph', text: block } : block));
  }
  return sections;
}
