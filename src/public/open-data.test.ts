// Unit tests of the open data: rows from a published document, the API's parameters and pages,
// the OpenAPI description made from the schemas, and the documentation kept in step with them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { z } from 'zod';
import { fixtureDocument } from '../reports/published-report-test-support.ts';
import type { ReportDocument } from '../reports/report-document.ts';
import {
  QUERY_PARAMETERS,
  badParametersProblem,
  csvColumns,
  csvRecord,
  fieldTables,
  fieldTablesMarkdown,
  findingRowSchema,
  findingRowsOf,
  inspectionDetailOf,
  inspectionDetailSchema,
  inspectionListPage,
  inspectionListSchema,
  inspectionRowOf,
  inspectionRowSchema,
  openApiDocument,
  parseInspectionsQuery,
  type InspectionRow,
  type InspectionsQuery,
  type OpenDataSource,
} from './open-data.ts';

const SERVICE = 'https://send-inspect.example.gov.uk';

function document2023(): ReportDocument {
  const document = fixtureDocument({
    reference: 'SEND-990-2024-1',
    area: { laCode: '990', name: 'Northbrook (fictional)', region: 'North West', icb: 'NHS Northbrook and Vale ICB (fictional)' },
    framework: { code: '2023', name: 'Area SEND inspection' },
    inspectionType: { code: 'full', name: 'Full inspection' },
    outcome: { code: 'inconsistent', label: 'Inconsistent experiences and outcomes', sentence: 'The local area partnership’s SEND arrangements lead to inconsistent experiences and outcomes.', followUps: [] },
    onsiteStart: '2024-02-05',
    onsiteEnd: '2024-02-09',
    historical: true,
    narrative: 'Leaders know the area well.',
  });
  document.findings = [
    { kind: 'experience', kindLabel: 'What it is like for children and young people', criteria: ['I3'], text: 'Children wait too long.', responsibleBody: null, responsibleBodyLabel: null, partners: '' },
    { kind: 'area_for_improvement', kindLabel: 'Area for improvement', criteria: ['I1', 'L5'], text: '=Plans are late.', responsibleBody: 'named_partners', responsibleBodyLabel: 'Named partners', partners: 'Northbrook College' },
  ];
  return document;
}

function source(overrides: Partial<OpenDataSource> = {}): OpenDataSource {
  return {
    slug: 'send-990-2024-1',
    document: document2023(),
    firstPublishedAt: new Date('2024-03-22T09:30:00Z'),
    lastPublishedAt: new Date('2024-04-02T10:00:00Z'),
    corrections: [{ sequence: 2, note: 'A date was corrected.', publishedAt: new Date('2024-04-02T10:00:00Z') }],
    ...overrides,
  };
}

test('an inspection’s row comes from its published document and its publications', () => {
  const row = inspectionRowOf(source(), SERVICE);
  assert.deepEqual(row, {
    reference: 'SEND-990-2024-1',
    la_code: '990',
    area_name: 'Northbrook (fictional)',
    region: 'North West',
    icb: 'NHS Northbrook and Vale ICB (fictional)',
    framework: '2023',
    inspection_type: 'full',
    onsite_start: '2024-02-05',
    onsite_end: '2024-02-09',
    first_published: '2024-03-22T09:30:00.000Z',
    last_published: '2024-04-02T10:00:00.000Z',
    outcome_code: 'inconsistent',
    outcome_label: 'Inconsistent experiences and outcomes',
    corrections: 1,
    historical: true,
    report_url: 'https://send-inspect.example.gov.uk/reports/send-990-2024-1',
  });
  assert.equal(inspectionRowSchema.safeParse(row).success, true);
  const detail = inspectionDetailOf(source(), SERVICE);
  assert.equal(inspectionDetailSchema.safeParse(detail).success, true);
  assert.equal(detail.outcome_sentence, 'The local area partnership’s SEND arrangements lead to inconsistent experiences and outcomes.');
  assert.deepEqual(detail.correction_notes, [{ published: '2024-04-02T10:00:00.000Z', note: 'A date was corrected.' }]);
  assert.deepEqual(detail.findings[1], {
    finding_number: 2,
    kind: 'area_for_improvement',
    kind_label: 'Area for improvement',
    criteria: ['I1', 'L5'],
    responsible_body: 'named_partners',
    responsible_body_label: 'Named partners',
    partners: 'Northbrook College',
    text: '=Plans are late.',
  });
});

test('one finding row per finding, criteria joined by ";"; CSV cells from rows', () => {
  const rows = findingRowsOf(source());
  assert.deepEqual(rows.map((r) => [r.reference, r.finding_number, r.kind, r.criteria, r.responsible_body]), [
    ['SEND-990-2024-1', 1, 'experience', 'I3', null],
    ['SEND-990-2024-1', 2, 'area_for_improvement', 'I1;L5', 'named_partners'],
  ]);
  assert.ok(rows.every((r) => findingRowSchema.safeParse(r).success));
  assert.deepEqual(csvColumns(findingRowSchema).map((c) => c.header), ['reference', 'la_code', 'area_name', 'framework', 'finding_number', 'kind', 'kind_label', 'criteria', 'responsible_body', 'responsible_body_label', 'partners', 'text']);
  assert.deepEqual(csvColumns(inspectionRowSchema).map((c) => c.header), [
    'reference', 'la_code', 'area_name', 'region', 'icb', 'framework', 'inspection_type', 'onsite_start', 'onsite_end',
    'first_published', 'last_published', 'outcome_code', 'outcome_label', 'corrections', 'historical', 'report_url',
  ]);
  const record = csvRecord(inspectionRowOf(source({ document: { ...document2023(), outcome: null } }), SERVICE));
  assert.equal(record.historical, 'true');
  assert.equal(record.corrections, 1);
  assert.equal(record.outcome_code, null);
});

test('the API’s parameters: unknown, repeated and malformed ones are each named', () => {
  assert.deepEqual(parseInspectionsQuery({}), { ok: true, query: { page: 1, per_page: 20 } });
  assert.deepEqual(parseInspectionsQuery({ la_code: '990', region: 'North West', framework: '2023', outcome: 'positive', published_from: '2024-01-01', published_to: '2024-12-31', page: '2', per_page: '5' }), {
    ok: true,
    query: { la_code: '990', region: 'North West', framework: '2023', outcome: 'positive', published_from: '2024-01-01', published_to: '2024-12-31', page: 2, per_page: 5 },
  });
  const refused = (raw: Record<string, unknown>) => {
    const result = parseInspectionsQuery(raw);
    assert.equal(result.ok, false);
    return result.ok ? [] : result.errors;
  };
  assert.deepEqual(refused({ areas: '990', framework: ['2016', '2023'] }), [
    { parameter: 'areas', message: `areas is not a parameter of this API (${QUERY_PARAMETERS.join(', ')})` },
    { parameter: 'framework', message: 'framework must be given once' },
  ]);
  assert.deepEqual(refused({ la_code: '99', framework: '2020', region: 'Wessex', outcome: 'Positive', published_from: '2024-02-30', page: '0', per_page: '101' }).map((e) => e.message), [
    'la_code must be a 3-digit local authority code, like 990',
    'region must be one of: North East, North West, Yorkshire and The Humber, East Midlands, West Midlands, East of England, London, South East, South West',
    'framework must be one of: 2016, 2023',
    'outcome must be an outcome code, like positive (lower case letters, digits and underscores)',
    'published_from must be a real date written as YYYY-MM-DD, like 2024-01-31',
    'page must be a whole number from 1',
    'per_page must be a whole number from 1 to 100',
  ]);
  assert.deepEqual(refused({ page: '1.5', per_page: 'ten' }).map((e) => e.parameter), ['page', 'per_page']);
  assert.deepEqual(refused({ published_from: '2024-03-01', published_to: '2024-02-01' }), [{ parameter: 'published_to', message: 'published_to must be the same as or after published_from' }]);
  const problem = badParametersProblem(SERVICE, [{ parameter: 'page', message: 'page must be a whole number from 1' }]);
  assert.deepEqual(problem, { type: `${SERVICE}/open-data#api-errors`, title: 'Some parameters are not right', status: 400, detail: 'Correct the parameter listed in errors and try again.', errors: [{ parameter: 'page', message: 'page must be a whole number from 1' }] });
});

function row(reference: string, extra: Partial<InspectionRow>): InspectionRow {
  return { ...inspectionRowOf(source(), SERVICE), reference, corrections: 0, ...extra };
}

test('pages filter, order newest first and link to the pages around them', () => {
  const rows = [
    row('SEND-352-2024-1', { la_code: '352', first_published: '2024-05-01T08:30:00.000Z' }),
    row('SEND-990-2024-1', { first_published: '2024-03-22T09:30:00.000Z' }),
    row('SEND-202-2024-1', { la_code: '202', region: 'London', first_published: '2024-03-31T23:30:00.000Z' }),
    row('SEND-926-2019-1', { la_code: '926', framework: '2016', outcome_code: 'wsoa_required', first_published: '2019-05-01T08:00:00.000Z' }),
  ];
  const query = (raw: Record<string, string>): InspectionsQuery => {
    const parsed = parseInspectionsQuery(raw);
    assert.ok(parsed.ok);
    return parsed.query;
  };
  const page = inspectionListPage(rows, query({ per_page: '2' }), SERVICE);
  assert.equal(inspectionListSchema.safeParse(page).success, true);
  assert.deepEqual(page.data.map((r) => r.reference), ['SEND-352-2024-1', 'SEND-202-2024-1']);
  assert.deepEqual(page.meta, { total: 4, page: 1, per_page: 2, page_count: 2 });
  assert.deepEqual(page.links, {
    self: `${SERVICE}/api/v1/inspections?page=1&per_page=2`,
    first: `${SERVICE}/api/v1/inspections?page=1&per_page=2`,
    last: `${SERVICE}/api/v1/inspections?page=2&per_page=2`,
    prev: null,
    next: `${SERVICE}/api/v1/inspections?page=2&per_page=2`,
  });
  const second = inspectionListPage(rows, query({ per_page: '2', page: '2', framework: '2023' }), SERVICE);
  assert.deepEqual(second.data.map((r) => r.reference), ['SEND-990-2024-1']);
  assert.equal(second.links.prev, `${SERVICE}/api/v1/inspections?framework=2023&page=1&per_page=2`);
  assert.equal(second.links.next, null);
  // 23:30 UTC on 31 March 2024 is 00:30 on 1 April in England (BST): the day is England's.
  assert.deepEqual(inspectionListPage(rows, query({ published_from: '2024-04-01', published_to: '2024-04-30' }), SERVICE).data.map((r) => r.reference), ['SEND-202-2024-1']);
  assert.deepEqual(inspectionListPage(rows, query({ region: 'London' }), SERVICE).data.map((r) => r.reference), ['SEND-202-2024-1']);
  assert.deepEqual(inspectionListPage(rows, query({ outcome: 'wsoa_required' }), SERVICE).data.map((r) => r.reference), ['SEND-926-2019-1']);
  assert.deepEqual(inspectionListPage(rows, query({ la_code: '990' }), SERVICE).data.map((r) => r.reference), ['SEND-990-2024-1']);
  const past = inspectionListPage(rows, query({ page: '9' }), SERVICE);
  assert.deepEqual([past.data, past.meta.page_count, past.links.prev], [[], 1, `${SERVICE}/api/v1/inspections?page=1&per_page=20`]);
});

type OpenApiOperation = { parameters?: { name: string; in: string; schema: object }[]; responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }> };

test('the OpenAPI description: every path answers, every reference resolves, the components are the zod schemas', () => {
  const description = openApiDocument(`${SERVICE}/`);
  assert.equal(description.openapi, '3.1.0');
  assert.deepEqual(description.servers, [{ url: `${SERVICE}/api/v1` }]);
  const operations = Object.values(description.paths).map((p) => (p as { get: OpenApiOperation }).get);
  assert.deepEqual(Object.keys(description.paths), ['/inspections', '/inspections/{reference}', '/openapi.json']);
  const schemas = description.components.schemas;
  for (const operation of operations) {
    assert.ok(Object.keys(operation.responses).some((status) => status.startsWith('2')), 'each operation has a success answer');
    for (const response of Object.values(operation.responses)) {
      assert.ok(response.description);
      for (const media of Object.values(response.content ?? {})) {
        const ref = media.schema.$ref;
        if (ref) assert.ok(schemas[ref.replace('#/components/schemas/', '')], `${ref} resolves`);
      }
    }
  }
  const refs = JSON.stringify(description).match(/"\$ref":"[^"]+"/g) ?? [];
  for (const ref of refs) assert.ok(schemas[ref.slice(8, -1).replace('#/components/schemas/', '')], `${ref} resolves`);
  assert.deepEqual(operations[0].parameters!.map((p) => p.name), QUERY_PARAMETERS);
  assert.deepEqual(operations[1].parameters!.map((p) => [p.name, p.in]), [['reference', 'path']]);
  assert.deepEqual(Object.keys(schemas), ['Inspection', 'Finding', 'Correction', 'InspectionDetail', 'InspectionList', 'Problem']);
  const fromZod = z.toJSONSchema(inspectionRowSchema) as { properties: object; required: string[] };
  assert.deepEqual(Object.keys((schemas.Inspection as { properties: object }).properties), Object.keys(fromZod.properties));
  assert.deepEqual((schemas.Inspection as { required: string[] }).required, fromZod.required);
  assert.equal((schemas.InspectionList as { properties: { data: { items: { $ref: string } } } }).properties.data.items.$ref, '#/components/schemas/Inspection');
  assert.ok(!JSON.stringify(schemas).includes('"$schema"'));
});

test('the documentation tables come from the schemas, and docs/open-data.md holds them as they are', () => {
  const tables = fieldTables();
  const inspections = tables.find((t) => t.id === 'inspections-csv')!;
  assert.deepEqual(inspections.fields.map((f) => f.name), Object.keys(inspectionRowSchema.shape));
  const outcome = inspections.fields.find((f) => f.name === 'outcome_code')!;
  assert.equal(outcome.type, 'text, or empty (null)');
  assert.equal(inspections.fields.find((f) => f.name === 'first_published')!.type, 'date and time (ISO 8601, UTC)');
  assert.ok(tables.every((t) => t.fields.every((f) => f.meaning.length > 0)), 'every field says what it means');
  const markdown = readFileSync(path.join(import.meta.dirname, '../../docs/open-data.md'), 'utf8');
  assert.ok(markdown.includes(fieldTablesMarkdown()), 'docs/open-data.md holds the current field tables: paste fieldTablesMarkdown() into it');
});
