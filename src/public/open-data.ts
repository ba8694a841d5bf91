// Open data: the rows of the CSV files and the JSON API made from published reports' frozen
// documents, their zod schemas (which also write the OpenAPI description and the field tables of
// the documentation), the API's parameters, filters and pages. Pure.
import { z } from 'zod';
import { REGIONS } from '../areas/area.ts';
import { FRAMEWORK_CODES } from '../frameworks/framework.ts';
import { todayInEngland } from '../platform/working-days.ts';
import type { ReportDocument } from '../reports/report-document.ts';

export const API_VERSION = '1.0.0';
export const API_BASE_PATH = '/api/v1';
export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;
/** Joins a finding's criteria in one CSV cell; no criterion code holds it. */
export const CRITERIA_SEPARATOR = ';';

// ---- The fields ----------------------------------------------------------------------------

function field<T extends z.ZodType>(schema: T, description: string, example: unknown): T {
  return schema.meta({ description, examples: [example] });
}

const isoDate = z.iso.date();
const instant = z.iso.datetime({ offset: true });

const inspectionFields = {
  reference: field(z.string(), 'The inspection’s reference: unique, and never reused.', 'SEND-990-2019-1'),
  la_code: field(z.string().regex(/^\d{3}$/), 'The local authority’s 3-digit code (DfE). The local area partnership is the council’s area.', '990'),
  area_name: field(z.string(), 'The local area’s name as the report gives it.', 'Northbrook (fictional)'),
  region: field(z.string(), 'The English region the area is in (ONS regions).', 'North West'),
  icb: field(z.string(), 'The integrated care board (NHS) named in the report for the area.', 'NHS Northbrook and Vale Integrated Care Board (fictional)'),
  framework: field(z.enum(FRAMEWORK_CODES), 'The inspection framework: 2016 (joint local area SEND inspections, May 2016 to 2022) or 2023 (area SEND inspections from January 2023).', '2016'),
  inspection_type: field(z.string(), 'The type of inspection, a code of the framework: full or revisit (2016); full or monitoring (2023).', 'full'),
  onsite_start: field(isoDate, 'The first day inspectors were on site (YYYY-MM-DD).', '2019-03-04'),
  onsite_end: field(isoDate, 'The last day inspectors were on site (YYYY-MM-DD).', '2019-03-08'),
  first_published: field(instant, 'When the report was first published (ISO 8601, UTC).', '2019-04-29T08:30:00.000Z'),
  last_published: field(instant, 'When the report was last published: the latest correction, or the first publication if there is none (ISO 8601, UTC).', '2019-04-29T08:30:00.000Z'),
  outcome_code: field(z.string().nullable(), 'The outcome, a code of the framework for the type of inspection (see the code lists). Empty when the report states none.', 'wsoa_required'),
  outcome_label: field(z.string().nullable(), 'The outcome in words.', 'Written statement of action required'),
  corrections: field(z.int().min(0), 'How many corrections have been published since the report first was. The data is always the latest published text.', 0),
  historical: field(z.boolean(), 'true when the inspection was done before this service and imported from its published report; false when it was carried out in this service.', true),
  report_url: field(z.url(), 'The report’s page on the public site, with its PDF and DOCX.', 'https://send-inspect.example.gov.uk/reports/send-990-2019-1'),
};

export const inspectionRowSchema = z.strictObject(inspectionFields).meta({ description: 'A published inspection: one row of inspections.csv, one item of the API’s list.' });
export type InspectionRow = z.output<typeof inspectionRowSchema>;

const findingNumber = field(z.int().min(1), 'The finding’s place in the report’s list of findings, from 1.', 1);
const kind = field(z.string(), 'The kind of finding, a code of the framework (see the code lists).', 'area_for_development');
const kindLabel = field(z.string(), 'The kind of finding in words.', 'Area for development');
const responsibleBody = field(z.string().nullable(), 'Who must act on it, a code of the framework (2023 areas for priority action and for improvement: local_authority, icb, local_authority_and_icb or named_partners). Empty when the kind of finding names none.', null);
const responsibleBodyLabel = field(z.string().nullable(), 'Who must act on it, in words.', null);
const partners = field(z.string(), 'The partners named when the responsible body is named_partners; otherwise empty.', '');
const findingText = field(z.string(), 'The finding as the report words it.', 'Too many children wait more than a year for an assessment of their communication needs.');

export const findingRowSchema = z
  .strictObject({
    reference: inspectionFields.reference,
    la_code: inspectionFields.la_code,
    area_name: inspectionFields.area_name,
    framework: inspectionFields.framework,
    finding_number: findingNumber,
    kind,
    kind_label: kindLabel,
    criteria: field(z.string(), `The criteria (2023: I1 to I5, L1 to L6) or aspects (2016: A, B, C) the finding is about, joined by "${CRITERIA_SEPARATOR}". Empty when it is about none in particular.`, 'B;C'),
    responsible_body: responsibleBody,
    responsible_body_label: responsibleBodyLabel,
    partners,
    text: findingText,
  })
  .meta({ description: 'One finding of a published inspection: one row of findings.csv.' });
export type FindingRow = z.output<typeof findingRowSchema>;

export const apiFindingSchema = z
  .strictObject({
    finding_number: findingNumber,
    kind,
    kind_label: kindLabel,
    criteria: field(z.array(z.string()), 'The criteria (2023: I1 to I5, L1 to L6) or aspects (2016: A, B, C) the finding is about.', ['B', 'C']),
    responsible_body: responsibleBody,
    responsible_body_label: responsibleBodyLabel,
    partners,
    text: findingText,
  })
  .meta({ description: 'One finding of a published inspection.' });
export type ApiFinding = z.output<typeof apiFindingSchema>;

export const correctionSchema = z
  .strictObject({
    published: field(instant, 'When the correction was published (ISO 8601, UTC).', '2019-05-13T09:00:00.000Z'),
    note: field(z.string(), 'What the correction changed.', 'The dates of the inspection were corrected.'),
  })
  .meta({ description: 'A correction published after the report.' });

export const inspectionDetailSchema = inspectionRowSchema
  .extend({
    outcome_sentence: field(z.string().nullable(), 'The framework’s sentence for the outcome, as the report states it. Empty when the outcome has none.', 'Inspectors have determined that a written statement of action is required.'),
    findings: field(z.array(apiFindingSchema), 'The report’s findings, in the report’s order.', []),
    correction_notes: field(z.array(correctionSchema), 'The corrections published since the report first was, oldest first.', []),
  })
  .meta({ description: 'A published inspection with its findings: one item of inspections.json; the API’s answer for one inspection.' });
export type InspectionDetail = z.output<typeof inspectionDetailSchema>;

export const inspectionsFileSchema = z
  .strictObject({ data: field(z.array(inspectionDetailSchema), 'Every published inspection with its findings, most recently published first.', []) })
  .meta({ description: 'inspections.json: every published inspection with its findings.' });
export type InspectionsFile = z.output<typeof inspectionsFileSchema>;

const pageLink = (what: string) => field(z.url().nullable(), `The address of ${what}; null when there is none.`, null);

export const inspectionListSchema = z
  .strictObject({
    data: field(z.array(inspectionRowSchema), 'The published inspections on this page, most recently published first.', []),
    meta: z.strictObject({
      total: field(z.int().min(0), 'How many published inspections match the filters.', 1),
      page: field(z.int().min(1), 'This page’s number, from 1.', 1),
      per_page: field(z.int().min(1).max(MAX_PER_PAGE), 'At most how many inspections a page holds.', DEFAULT_PER_PAGE),
      page_count: field(z.int().min(0), 'How many pages there are.', 1),
    }),
    links: z.strictObject({
      self: field(z.url(), 'The address of this page.', 'https://send-inspect.example.gov.uk/api/v1/inspections?page=1'),
      first: field(z.url(), 'The address of the first page.', 'https://send-inspect.example.gov.uk/api/v1/inspections?page=1'),
      last: field(z.url(), 'The address of the last page.', 'https://send-inspect.example.gov.uk/api/v1/inspections?page=1'),
      prev: pageLink('the page before'),
      next: pageLink('the page after'),
    }),
  })
  .meta({ description: 'A page of published inspections.' });
export type InspectionList = z.output<typeof inspectionListSchema>;

export const problemSchema = z
  .strictObject({
    type: field(z.string(), 'What kind of problem this is: a link to its explanation.', 'https://send-inspect.example.gov.uk/open-data#api-errors'),
    title: field(z.string(), 'The kind of problem in words.', 'Some parameters are not right'),
    status: field(z.int(), 'The HTTP status code.', 400),
    detail: field(z.string(), 'What went wrong and what to do.', 'Correct the parameters listed in errors and try again.'),
    errors: field(
      z.array(z.strictObject({ parameter: z.string().meta({ description: 'The parameter at fault.' }), message: z.string().meta({ description: 'What is wrong with it.' }) })),
      'Each parameter at fault and what is wrong with it (for a 400).',
      [{ parameter: 'per_page', message: 'per_page must be a whole number from 1 to 100' }],
    ).optional(),
  })
  .meta({ description: 'A problem with a request (RFC 9457 problem details).' });
export type Problem = z.output<typeof problemSchema>;

// ---- The API's parameters ------------------------------------------------------------------

const dateParameter = (name: string, description: string) =>
  field(
    z.iso.date({ error: `${name} must be a real date written as YYYY-MM-DD, like 2024-01-31` }).optional(),
    description,
    '2024-01-31',
  );

const wholeNumber = (name: string, max: number | undefined, fallback: number, description: string) => {
  const message = max === undefined ? `${name} must be a whole number from 1` : `${name} must be a whole number from 1 to ${max}`;
  const base = z.coerce.number({ error: message }).int({ error: message }).min(1, { error: message });
  return field((max === undefined ? base : base.max(max, { error: message })).default(fallback), description, fallback);
};

export const inspectionsQuerySchema = z.strictObject({
  la_code: field(z.string({ error: 'la_code must be a 3-digit local authority code, like 990' }).regex(/^\d{3}$/, { error: 'la_code must be a 3-digit local authority code, like 990' }).optional(), 'Only this local area’s inspections (its 3-digit code).', '990'),
  region: field(z.enum(REGIONS, { error: `region must be one of: ${REGIONS.join(', ')}` }).optional(), 'Only inspections of areas in this region.', 'North West'),
  framework: field(z.enum(FRAMEWORK_CODES, { error: `framework must be one of: ${FRAMEWORK_CODES.join(', ')}` }).optional(), 'Only inspections under this framework.', '2023'),
  outcome: field(z.string({ error: 'outcome must be an outcome code, like positive' }).regex(/^[a-z0-9_]+$/, { error: 'outcome must be an outcome code, like positive (lower case letters, digits and underscores)' }).optional(), 'Only inspections with this outcome code.', 'positive'),
  published_from: dateParameter('published_from', 'Only inspections first published on or after this day (in England).'),
  published_to: dateParameter('published_to', 'Only inspections first published on or before this day (in England).'),
  page: wholeNumber('page', undefined, 1, 'The page to return, from 1.'),
  per_page: wholeNumber('per_page', MAX_PER_PAGE, DEFAULT_PER_PAGE, `How many inspections a page holds, at most ${MAX_PER_PAGE}.`),
});
export type InspectionsQuery = z.output<typeof inspectionsQuerySchema>;
export const QUERY_PARAMETERS = Object.keys(inspectionsQuerySchema.shape) as (keyof InspectionsQuery)[];

export const referenceParameterSchema = field(z.string().regex(/^SEND-\d{3}-\d{4}-\d+$/i), 'The inspection’s reference (any case).', 'SEND-990-2019-1');

export type ParameterError = { parameter: string; message: string };
export type QueryResult = { ok: true; query: InspectionsQuery } | { ok: false; errors: ParameterError[] };

/** Checks the API's query string: every parameter known, given once, and well formed. */
export function parseInspectionsQuery(raw: Record<string, unknown>): QueryResult {
  const errors: ParameterError[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (!(QUERY_PARAMETERS as string[]).includes(name)) errors.push({ parameter: name, message: `${name} is not a parameter of this API (${QUERY_PARAMETERS.join(', ')})` });
    else if (Array.isArray(value)) errors.push({ parameter: name, message: `${name} must be given once` });
  }
  if (errors.length) return { ok: false, errors };
  const parsed = inspectionsQuerySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => ({ parameter: String(i.path[0] ?? ''), message: i.message })) };
  const { published_from: from, published_to: to } = parsed.data;
  if (from && to && from > to) return { ok: false, errors: [{ parameter: 'published_to', message: 'published_to must be the same as or after published_from' }] };
  return { ok: true, query: parsed.data };
}

// ---- Rows from published reports -----------------------------------------------------------

/** What the open data reads of a published report (the published reports service gives more). */
export type OpenDataSource = {
  slug: string;
  document: ReportDocument;
  firstPublishedAt: Date;
  lastPublishedAt: Date;
  corrections: { sequence: number; note: string; publishedAt: Date }[];
};

export function reportUrl(serviceUrl: string, slug: string): string {
  return `${serviceUrl.replace(/\/+$/, '')}/reports/${encodeURIComponent(slug)}`;
}

/** An inspection's row, from its latest published document only. */
export function inspectionRowOf(source: OpenDataSource, serviceUrl: string): InspectionRow {
  const d = source.document;
  return {
    reference: d.reference,
    la_code: d.area.laCode,
    area_name: d.area.name,
    region: d.area.region,
    icb: d.area.icb,
    framework: d.framework.code as InspectionRow['framework'],
    inspection_type: d.inspectionType.code,
    onsite_start: d.dates.onsiteStart,
    onsite_end: d.dates.onsiteEnd,
    first_published: source.firstPublishedAt.toISOString(),
    last_published: source.lastPublishedAt.toISOString(),
    outcome_code: d.outcome?.code ?? null,
    outcome_label: d.outcome?.label ?? null,
    corrections: source.corrections.length,
    historical: d.historical,
    report_url: reportUrl(serviceUrl, source.slug),
  };
}

export function apiFindingsOf(document: ReportDocument): ApiFinding[] {
  return document.findings.map((f, n) => ({
    finding_number: n + 1,
    kind: f.kind,
    kind_label: f.kindLabel,
    criteria: [...f.criteria],
    responsible_body: f.responsibleBody,
    responsible_body_label: f.responsibleBodyLabel,
    partners: f.partners,
    text: f.text,
  }));
}

export function findingRowsOf(source: OpenDataSource): FindingRow[] {
  const d = source.document;
  return apiFindingsOf(d).map((f) => ({
    reference: d.reference,
    la_code: d.area.laCode,
    area_name: d.area.name,
    framework: d.framework.code as FindingRow['framework'],
    ...f,
    criteria: f.criteria.join(CRITERIA_SEPARATOR),
  }));
}

export function inspectionDetailOf(source: OpenDataSource, serviceUrl: string): InspectionDetail {
  return {
    ...inspectionRowOf(source, serviceUrl),
    outcome_sentence: source.document.outcome?.sentence ?? null,
    findings: apiFindingsOf(source.document),
    correction_notes: source.corrections.map((c) => ({ published: c.publishedAt.toISOString(), note: c.note })),
  };
}

/** Newest first, then by reference, so every listing and file has one stable order. */
export function byPublication(a: InspectionRow, b: InspectionRow): number {
  if (a.first_published !== b.first_published) return a.first_published < b.first_published ? 1 : -1;
  return a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0;
}

export function matchesQuery(row: InspectionRow, query: InspectionsQuery): boolean {
  const publishedOn = todayInEngland(new Date(row.first_published));
  return (
    (query.la_code === undefined || row.la_code === query.la_code) &&
    (query.region === undefined || row.region === query.region) &&
    (query.framework === undefined || row.framework === query.framework) &&
    (query.outcome === undefined || row.outcome_code === query.outcome) &&
    (query.published_from === undefined || publishedOn >= query.published_from) &&
    (query.published_to === undefined || publishedOn <= query.published_to)
  );
}

function listAddress(serviceUrl: string, query: InspectionsQuery, page: number): string {
  const params = new URLSearchParams();
  for (const name of QUERY_PARAMETERS) {
    const value = name === 'page' ? page : query[name];
    if (value !== undefined) params.set(name, String(value));
  }
  return `${serviceUrl.replace(/\/+$/, '')}${API_BASE_PATH}/inspections?${params.toString()}`;
}

/** One page of the rows that match, with the addresses of the pages around it. */
export function inspectionListPage(rows: readonly InspectionRow[], query: InspectionsQuery, serviceUrl: string): InspectionList {
  const matching = rows.filter((row) => matchesQuery(row, query)).sort(byPublication);
  const pageCount = Math.ceil(matching.length / query.per_page);
  const start = (query.page - 1) * query.per_page;
  return {
    data: matching.slice(start, start + query.per_page),
    meta: { total: matching.length, page: query.page, per_page: query.per_page, page_count: pageCount },
    links: {
      self: listAddress(serviceUrl, query, query.page),
      first: listAddress(serviceUrl, query, 1),
      last: listAddress(serviceUrl, query, Math.max(1, pageCount)),
      prev: query.page > 1 ? listAddress(serviceUrl, query, Math.min(query.page - 1, Math.max(1, pageCount))) : null,
      next: query.page < pageCount ? listAddress(serviceUrl, query, query.page + 1) : null,
    },
  };
}

export function errorsLink(serviceUrl: string): string {
  return `${serviceUrl.replace(/\/+$/, '')}/open-data#api-errors`;
}

export function badParametersProblem(serviceUrl: string, errors: ParameterError[]): Problem {
  return {
    type: errorsLink(serviceUrl),
    title: 'Some parameters are not right',
    status: 400,
    detail: `Correct ${errors.length === 1 ? 'the parameter' : 'the parameters'} listed in errors and try again.`,
    errors,
  };
}

export function notFoundProblem(serviceUrl: string, reference: string): Problem {
  return {
    type: errorsLink(serviceUrl),
    title: 'Not found',
    status: 404,
    detail: `There is no published inspection with the reference ${reference}. The list at ${API_BASE_PATH}/inspections gives every reference.`,
  };
}

// ---- The CSV files --------------------------------------------------------------------------

export type CsvCell = string | number | null;

function csvCell(value: unknown): CsvCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return value;
  return String(value);
}

/** The CSV columns are the schema's fields, in order: the documentation reads the same list. */
export function csvColumns(schema: typeof inspectionRowSchema | typeof findingRowSchema): { header: string; key: string }[] {
  return Object.keys(schema.shape).map((key) => ({ header: key, key }));
}

export function csvRecord(row: InspectionRow | FindingRow): Record<string, CsvCell> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, csvCell(value)]));
}

// ---- Documentation and the OpenAPI description ----------------------------------------------

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  $ref?: string;
  description?: string;
  examples?: unknown[];
  properties?: Record<string, JsonSchema>;
  [key: string]: unknown;
};

function typeInWords(schema: JsonSchema): string {
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const others = schema.type.filter((t) => t !== 'null');
    return `${others.map((type) => typeInWords({ ...schema, type })).join(' or ')}, or empty (null)`;
  }
  if (schema.anyOf) {
    const others = schema.anyOf.filter((s) => s.type !== 'null');
    const nullable = others.length < schema.anyOf.length;
    return `${others.map(typeInWords).join(' or ')}${nullable ? ', or empty (null)' : ''}`;
  }
  if (schema.$ref) return `${schema.$ref.split('/').pop()} (see its table)`;
  if (schema.enum) return `one of: ${schema.enum.join(', ')}`;
  if (schema.type === 'array' && schema.items?.type === 'object') return 'list of objects (see their table)';
  if (schema.type === 'array') return `list of ${schema.items ? typeInWords(schema.items) : 'values'}`;
  if (schema.type === 'integer') return 'whole number';
  if (schema.type === 'boolean') return 'true or false';
  if (schema.type === 'object') return 'object';
  if (schema.format === 'date') return 'date (YYYY-MM-DD)';
  if (schema.format === 'date-time') return 'date and time (ISO 8601, UTC)';
  if (schema.format === 'uri') return 'web address';
  return 'text';
}

export type FieldDoc = { name: string; type: string; meaning: string; example: string };

function exampleText(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return '(empty)';
  if (Array.isArray(value) && value.length === 0) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A schema's fields as the documentation tables show them: read from the schema itself, so they cannot drift from it. */
export function fieldDocs(schema: z.ZodType): FieldDoc[] {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  const properties = json.properties ?? {};
  return Object.entries(properties).map(([name, property]) => ({
    name,
    type: typeInWords(property),
    meaning: property.description ?? '',
    example: exampleText(property.examples?.[0]),
  }));
}

export type FieldTable = { id: string; title: string; description: string; fields: FieldDoc[] };

/** Every file and answer documented on the open data page and in docs/open-data.md. */
export function fieldTables(): FieldTable[] {
  return [
    { id: 'inspections-csv', title: 'inspections.csv (and each item of the API’s list)', description: 'One row per published inspection.', fields: fieldDocs(inspectionRowSchema) },
    { id: 'findings-csv', title: 'findings.csv', description: 'One row per finding of a published inspection.', fields: fieldDocs(findingRowSchema) },
    {
      id: 'inspections-json',
      title: 'inspections.json (and the API’s answer for one inspection)',
      description: 'inspections.json holds { "data": [ ... ] }, one item per published inspection: every field of inspections.csv, and these.',
      fields: fieldDocs(inspectionDetailSchema).filter((f) => !(f.name in inspectionFields)),
    },
    { id: 'finding-json', title: 'A finding in JSON', description: 'Each item of findings.', fields: fieldDocs(apiFindingSchema) },
    { id: 'correction-json', title: 'A correction in JSON', description: 'Each item of correction_notes.', fields: fieldDocs(correctionSchema) },
    { id: 'api-parameters', title: 'Parameters of /api/v1/inspections', description: 'All optional. Unknown or repeated parameters are refused.', fields: parameterDocs() },
  ];
}

function parameterDocs(): FieldDoc[] {
  return QUERY_PARAMETERS.map((name) => {
    const json = z.toJSONSchema(inspectionsQuerySchema.shape[name], { io: 'input', target: 'draft-2020-12' }) as JsonSchema;
    return { name, type: typeInWords(json), meaning: json.description ?? '', example: exampleText(json.examples?.[0]) };
  });
}

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The field tables as Markdown: docs/open-data.md holds exactly this, and a test keeps it so. */
export function fieldTablesMarkdown(): string {
  return fieldTables()
    .map((table) =>
      [
        `### ${table.title}`,
        '',
        table.description,
        '',
        '| Field | Type | Meaning | Example |',
        '| --- | --- | --- | --- |',
        ...table.fields.map((f) => `| \`${f.name}\` | ${markdownCell(f.type)} | ${markdownCell(f.meaning)} | ${f.example ? `\`${markdownCell(f.example)}\`` : ''} |`),
      ].join('\n'),
    )
    .join('\n\n');
}

const COMPONENTS: [string, z.ZodType][] = [
  ['Inspection', inspectionRowSchema],
  ['Finding', apiFindingSchema],
  ['Correction', correctionSchema],
  ['InspectionDetail', inspectionDetailSchema],
  ['InspectionList', inspectionListSchema],
  ['Problem', problemSchema],
];

function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of COMPONENTS) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, JsonSchema> };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas;
}

function withoutDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, description: _description, examples: _examples, ...rest } = schema;
  return rest;
}

function jsonContent(ref: string, mediaType = 'application/json') {
  return { [mediaType]: { schema: { $ref: `#/components/schemas/${ref}` } } };
}

const CACHE_HEADER = { 'Cache-Control': { description: 'How long the answer may be kept.', schema: { type: 'string' } } };

function queryParameters() {
  return QUERY_PARAMETERS.map((name) => {
    const json = z.toJSONSchema(inspectionsQuerySchema.shape[name], { io: 'input', target: 'draft-2020-12' }) as JsonSchema;
    return { name, in: 'query', required: false, description: json.description, example: json.examples?.[0], schema: withoutDialect(json) };
  });
}

/** The OpenAPI 3.1 description of the API, made from the schemas the routes check and answer with. */
export function openApiDocument(serviceUrl: string) {
  const base = serviceUrl.replace(/\/+$/, '');
  const referenceJson = z.toJSONSchema(referenceParameterSchema, { target: 'draft-2020-12' }) as JsonSchema;
  const problem = (description: string) => ({ description, content: jsonContent('Problem', 'application/problem+json') });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Area SEND inspections: open data API',
      version: API_VERSION,
      summary: 'Published area SEND inspections and their findings.',
      description: `Read-only, no sign-in. Only published reports appear, as last corrected. Field meanings and code lists: ${base}/open-data`,
    },
    servers: [{ url: `${base}${API_BASE_PATH}` }],
    paths: {
      '/inspections': {
        get: {
          operationId: 'listInspections',
          summary: 'Published inspections, most recently published first, a page at a time',
          parameters: queryParameters(),
          responses: {
            '200': { description: 'A page of published inspections.', headers: CACHE_HEADER, content: jsonContent('InspectionList') },
            '400': problem('A parameter is unknown, repeated or malformed; errors lists each.'),
          },
        },
      },
      '/inspections/{reference}': {
        get: {
          operationId: 'getInspection',
          summary: 'One published inspection with its findings',
          parameters: [{ name: 'reference', in: 'path', required: true, description: referenceJson.description, example: referenceJson.examples?.[0], schema: withoutDialect(referenceJson) }],
          responses: {
            '200': { description: 'The inspection, as last published.', headers: CACHE_HEADER, content: jsonContent('InspectionDetail') },
            '404': problem('No published inspection has this reference.'),
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'getOpenApiDescription',
          summary: 'This description',
          responses: { '200': { description: 'The OpenAPI 3.1 description of this API.', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: { schemas: componentSchemas() },
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
