// Open data from the published reports: only reports public at the moment asked about (the embargo
// holds), each as its latest publication (corrections included), read from the frozen documents.
import { PassThrough } from 'node:stream';
import type { Kysely } from 'kysely';
import { listCurrentFrameworks } from '../frameworks/framework.service.ts';
import type { Database } from '../platform/db/schema.ts';
import { writeCsv } from '../platform/render/csv.ts';
import { allPublishedReports, getPublishedReport, publishedReportSummaries, reportSlug } from '../reports/published-report.service.ts';
import {
  byPublication,
  csvColumns,
  csvRecord,
  findingRowSchema,
  findingRowsOf,
  inspectionDetailOf,
  inspectionDetailSchema,
  inspectionListPage,
  inspectionListSchema,
  inspectionRowOf,
  inspectionRowSchema,
  type FindingRow,
  type InspectionDetail,
  type InspectionList,
  type InspectionRow,
  type InspectionsFile,
  type InspectionsQuery,
} from './open-data.ts';

export type OpenData = { inspections: InspectionRow[]; details: InspectionDetail[]; findings: FindingRow[] };

type Cached = { key: string; data: OpenData };

/**
 * The open data of a database, kept while the set of visible publications is the same. Published
 * documents never change (a correction is a new publication), so which report is public at which
 * publication time decides the data; the check reads no documents.
 */
const cache = new WeakMap<Kysely<Database>, Cached>();

async function visibleKey(db: Kysely<Database>, serviceUrl: string, now: Date): Promise<string> {
  const summaries = await publishedReportSummaries(db, now);
  return `${serviceUrl}\n${summaries.map((s) => `${s.reference} ${s.lastPublishedAt.toISOString()}`).join('\n')}`;
}

async function buildOpenData(db: Kysely<Database>, serviceUrl: string, now: Date): Promise<OpenData> {
  const reports = await allPublishedReports(db, now);
  const details = reports.map((r) => inspectionDetailOf(r, serviceUrl)).sort(byPublication);
  const inspections = reports.map((r) => inspectionRowOf(r, serviceUrl)).sort(byPublication);
  const order = new Map(inspections.map((row, n) => [row.reference, n]));
  const findings = reports
    .flatMap(findingRowsOf)
    .sort((a, b) => order.get(a.reference)! - order.get(b.reference)! || a.finding_number - b.finding_number);
  // Checked against the schemas the documentation and the OpenAPI description are made from.
  return {
    inspections: inspections.map((row) => inspectionRowSchema.parse(row)),
    details: details.map((row) => inspectionDetailSchema.parse(row)),
    findings: findings.map((row) => findingRowSchema.parse(row)),
  };
}

/** Every published inspection and finding, as public at `now`. */
export async function openData(db: Kysely<Database>, serviceUrl: string, now: Date = new Date()): Promise<OpenData> {
  const key = await visibleKey(db, serviceUrl, now);
  const cached = cache.get(db);
  if (cached?.key === key) return cached.data;
  const data = await buildOpenData(db, serviceUrl, now);
  cache.set(db, { key, data });
  return data;
}

/** One page of the API's list. */
export async function inspectionsPage(db: Kysely<Database>, query: InspectionsQuery, serviceUrl: string, now: Date = new Date()): Promise<InspectionList> {
  const { inspections } = await openData(db, serviceUrl, now);
  return inspectionListSchema.parse(inspectionListPage(inspections, query, serviceUrl));
}

/** One published inspection with its findings; undefined if none with that reference is public at `now`. */
export async function publishedInspection(db: Kysely<Database>, reference: string, serviceUrl: string, now: Date = new Date()): Promise<InspectionDetail | undefined> {
  const report = await getPublishedReport(db, reportSlug(reference), now);
  return report ? inspectionDetailSchema.parse(inspectionDetailOf(report, serviceUrl)) : undefined;
}

export function inspectionsFile(data: OpenData): InspectionsFile {
  return { data: data.details };
}

async function csvBytes(columns: { header: string; key: string }[], rows: readonly (InspectionRow | FindingRow)[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeCsv(sink, columns, rows.map(csvRecord));
  return Buffer.concat(chunks);
}

export function inspectionsCsv(data: OpenData): Promise<Buffer> {
  return csvBytes(csvColumns(inspectionRowSchema), data.inspections);
}

export function findingsCsv(data: OpenData): Promise<Buffer> {
  return csvBytes(csvColumns(findingRowSchema), data.findings);
}

export type CodeList = { framework: string; name: string; outcomes: { type: string; code: string; label: string }[]; kinds: { code: string; label: string }[]; bodies: { code: string; label: string }[]; criteria: { code: string; heading: string }[] };

/** The codes the data uses, with their meanings, from the frameworks themselves. */
export async function codeLists(db: Kysely<Database>): Promise<CodeList[]> {
  const frameworks = await listCurrentFrameworks(db);
  return frameworks.map(({ code, definition }) => ({
    framework: code,
    name: definition.name,
    outcomes: definition.inspectionTypes.flatMap((t) => t.outcomes.map((o) => ({ type: `${t.code} (${t.name.toLowerCase()})`, code: o.code, label: o.label }))),
    kinds: definition.findingKinds.map((k) => ({ code: k.code, label: k.label })),
    bodies: definition.responsibleBodies.map((b) => ({ code: b.code, label: b.label })),
    criteria: definition.criterionGroups.flatMap((g) => g.criteria.map((c) => ({ code: c.code, heading: c.heading }))),
  }));
}
