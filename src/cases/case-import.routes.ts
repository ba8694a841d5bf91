// Person-level data on the web: the history of imports with the upload form, the result of an
// import (its problems row by row, and as CSV), and the blank template with its guidance.
import { PassThrough } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import { type UploadedFile, chunksOf, isUploadedFile, keepUploadedFile } from '../platform/web/uploads.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { parseDateInput, type DatePart } from '../inspections/date-input.ts';
import { getInspection, inspectionScope, isUuid } from '../inspections/inspection.service.ts';
import { describeLimit } from '../platform/import/table-reader.ts';
import { writeCsv } from '../platform/render/csv.ts';
import { writeXlsx } from '../platform/render/xlsx.ts';
import { formErrors, type FormErrors } from '../platform/web/forms.ts';
import {
  getImport,
  importPersonLevelData,
  listImports,
  problemsFileName,
  todayInEngland,
  viewImportProblems,
  writeProblemsCsv,
  type ImportDetails,
  type ImportSummary,
} from './case-import.service.ts';
import { actorOf, casesPath, context } from './case-web.ts';
import { PERSON_TEMPLATE, templateExample, templateHeadings } from './person-template.ts';

const VIEWS = 'cases/views';
const IMPORTS = '/inspections/:inspectionId/cases/imports';
/** Problems listed on the result page; all of them are in the CSV. */
export const PROBLEMS_SHOWN = 200;
const TEMPLATE_NAME = 'send-person-level-data-template';

type DateValues = Partial<Record<DatePart, string>>;




const STATUS_TAGS: Readonly<Record<string, { text: string; classes: string }>> = {
  current: { text: 'In use', classes: 'govuk-tag--green' },
  superseded: { text: 'Replaced', classes: 'govuk-tag--grey' },
  rejected: { text: 'Not imported', classes: 'govuk-tag--red' },
  loading: { text: 'Being checked', classes: 'govuk-tag--blue' },
};

function statusTag(summary: ImportSummary): { text: string; classes: string } {
  if (summary.status === 'accepted') return STATUS_TAGS[summary.current ? 'current' : 'superseded']!;
  return STATUS_TAGS[summary.status]!;
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

function dateParts(date: string): DateValues {
  const [year, month, day] = date.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

export async function caseImportRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, config } = deps;
  const scope = inspectionScope(db.kysely);
  const supply = { config: { permission: 'cases:supply' as const, scope } };
  const maxBytes = config.personDataUploadMaxBytes;

  async function heading(inspectionId: string) {
    // The scope has checked that the inspection exists and may be seen.
    const details = (await getInspection(db.kysely, inspectionId))!;
    return { reference: details.inspection.reference, areaName: details.area.name };
  }

  const importPath = (inspectionId: string, importId?: string, rest = '') => casesPath(inspectionId, importId ? `/imports/${importId}${rest}` : '/imports');

  async function renderImports(reply: FastifyReply, inspectionId: string, form: { date: DateValues; errors?: FormErrors; dateParts?: DatePart[] }) {
    const history = await listImports(db.kysely, inspectionId);
    if (form.errors) reply.code(400);
    return reply.view(`${VIEWS}/import-list.njk`, {
      heading: await heading(inspectionId),
      action: importPath(inspectionId),
      maxSize: describeLimit(maxBytes),
      date: form.date,
      dateError: form.errors?.fields['dataDate'],
      dateErrorParts: form.dateParts ?? [],
      errors: form.errors,
      history: history.map((h) => ({ ...h, tag: statusTag(h), href: importPath(inspectionId, h.id) })),
      templateLinks: { csv: '/cases/template.csv', xlsx: '/cases/template.xlsx', guidance: '/cases/template' },
      backLink: { href: casesPath(inspectionId), text: 'Cases' },
    });
  }

  app.get(IMPORTS, supply, async (request, reply) => renderImports(reply, request.scope.inspectionId!, { date: dateParts(todayInEngland()) }));

  await app.register(async (uploads) => {
    await uploads.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      onFile: keepUploadedFile,
      throwFileSizeLimit: false,
      limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 6 },
    });
    uploads.post(IMPORTS, supply, async (request, reply) => {
      const inspectionId = request.scope.inspectionId!;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const date: DateValues = {};
      for (const part of ['day', 'month', 'year'] as const) {
        const value = body[`dataDate-${part}`];
        if (typeof value === 'string') date[part] = value;
      }
      const issues: { path: string[]; message: string }[] = [];
      let dateParts: DatePart[] = [];
      const parsed = parseDateInput(date, 'date the data describe');
      if (!parsed.ok) {
        issues.push({ path: ['dataDate'], message: parsed.message });
        dateParts = parsed.parts;
      } else if (parsed.date > todayInEngland()) {
        issues.push({ path: ['dataDate'], message: 'The date the data describe must be today or in the past' });
        dateParts = ['day', 'month', 'year'];
      }
      const file = body.file;
      if (!isUploadedFile(file) || file.fileName === '') issues.push({ path: ['file'], message: 'Choose a CSV or Excel file of person-level data to upload' });
      if (issues.length) return renderImports(reply, inspectionId, { date, errors: formErrors(issues), dateParts });
      const upload = file as UploadedFile;
      const dataDate = (parsed as { date: string }).date;
      // A file cut short at the limit is larger than it: the import refuses it by its size, on record.
      const report = await importPersonLevelData(
        db,
        inspectionId,
        { fileName: upload.fileName, chunks: chunksOf(upload.bytes), size: upload.truncated ? maxBytes + 1 : upload.bytes.length },
        actorOf(request),
        { dataDate, maxBytes, context: context(request) },
      );
      return reply.redirect(importPath(inspectionId, report.importId!), 303);
    });
  });

  /** The import an address names, for this inspection; otherwise a 404. */
  async function importOf(request: FastifyRequest, reply: FastifyReply): Promise<ImportDetails | undefined> {
    const importId = (request.params as { importId?: string }).importId;
    const found = isUuid(importId) ? await getImport(db.kysely, request.scope.inspectionId!, importId) : undefined;
    if (!found) await reply.callNotFound();
    return found;
  }

  app.get(`${IMPORTS}/:importId`, supply, async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    let details = await importOf(request, reply);
    if (!details) return reply;
    // The problems say which rows of the data were wrong: looking at them is put on record.
    if (details.status === 'rejected') details = await viewImportProblems(db.kysely, inspectionId, details.id, actorOf(request), 'page', context(request));
    const shown = details.problems.slice(0, PROBLEMS_SHOWN);
    return reply.view(`${VIEWS}/import-result.njk`, {
      heading: await heading(inspectionId),
      details,
      tag: statusTag(details),
      rowsText: plural(details.rowCount, 'row', 'rows'),
      problemsText: plural(details.problemCount, 'problem', 'problems'),
      problemRows: shown.map((p) => [{ text: p.line === null ? '' : String(p.line), format: 'numeric' }, { text: p.column ?? '' }, { text: p.message }]),
      moreProblems: details.problemCount > shown.length ? details.problemCount - shown.length : 0,
      problemsHref: importPath(inspectionId, details.id, '/problems.csv'),
      importsHref: importPath(inspectionId),
      backLink: { href: importPath(inspectionId), text: 'Person-level data' },
    });
  });

  app.get(`${IMPORTS}/:importId/problems.csv`, supply, async (request, reply) => {
    const found = await importOf(request, reply);
    if (!found) return reply;
    const details = await viewImportProblems(db.kysely, request.scope.inspectionId!, found.id, actorOf(request), 'csv', context(request));
    const body = new PassThrough();
    writeProblemsCsv(body, details).catch((error: unknown) => {
      request.log.error({ err: error }, 'problems report stopped part way');
      body.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${problemsFileName(details)}"`)
      .header('cache-control', 'no-store')
      .send(body);
  });

  // ---- The blank template ----------------------------------------------------------------

  const open = { config: { permission: 'public' as const } };

  app.get('/cases/template', open, async (_request, reply) =>
    reply.view(`${VIEWS}/import-template.njk`, {
      columns: PERSON_TEMPLATE,
      maxSize: describeLimit(maxBytes),
      templateLinks: { csv: '/cases/template.csv', xlsx: '/cases/template.xlsx' },
    }),
  );

  app.get('/cases/template.csv', open, async (_request, reply) => {
    const body = new PassThrough();
    void writeCsv(body, templateHeadings().map((h) => ({ header: h, key: h })), []).catch((error: unknown) => body.destroy(error as Error));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${TEMPLATE_NAME}.csv"`)
      .send(body);
  });

  app.get('/cases/template.xlsx', open, async (_request, reply) => {
    const body = new PassThrough();
    const example = templateExample();
    void writeXlsx(body, [
      { name: 'Person-level data', columns: templateHeadings().map((h) => ({ header: h, key: h, width: Math.max(14, h.length + 4) })), rows: [] },
      {
        name: 'Guidance',
        columns: [
          { header: 'Column', key: 'heading', width: 26 },
          { header: 'Required column', key: 'required', width: 16 },
          { header: 'May be blank', key: 'blank', width: 36 },
          { header: 'What it holds', key: 'holds', width: 60 },
          { header: 'Format', key: 'format', width: 60 },
          { header: 'Codes', key: 'codes', width: 70 },
          { header: 'Example (not data: do not copy into the first sheet)', key: 'example', width: 30 },
        ],
        rows: PERSON_TEMPLATE.map((c) => ({
          heading: c.heading,
          required: c.required ? 'Yes' : 'No',
          blank: c.blank,
          holds: c.holds,
          format: c.format,
          codes: c.codes ? c.codes.map((code) => `${code.code}: ${code.label}`).join('; ') : '',
          example: example[c.heading],
        })),
      },
    ]).catch((error: unknown) => body.destroy(error as Error));
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${TEMPLATE_NAME}.xlsx"`)
      .send(body);
  });
}
