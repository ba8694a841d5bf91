// Survey exports and imports on the web: the page of downloads (suppressed results, redacted
// comments, raw responses) and the import journey: upload, match columns, match answers, check, import.
import { PassThrough } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import { chunksOf, isUploadedFile, keepUploadedFile } from '../platform/web/uploads.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { getInspection, isUuid } from '../inspections/inspection.service.ts';
import { can, type Permission } from '../platform/auth/permissions.ts';
import { writeCsv } from '../platform/render/csv.ts';
import { formErrors, type FormErrors } from '../platform/web/forms.ts';
import { setFlash } from '../platform/web/views.ts';
import {
  EXPORT_FORMATS,
  EXPORT_KINDS,
  describeProblem,
  mappingTargets,
  normaliseText,
  parseTargetKey,
  targetKey,
  type ColumnTarget,
  type ExportKind,
  type RowProblem,
  type ValueMaps,
} from './survey-transfer.ts';
import {
  ImportFileError,
  ImportNotFoundError,
  ImportProblemsError,
  MAX_UPLOAD_BYTES,
  STAGING_HOURS,
  cancelImport,
  checkStagedImport,
  commitImport,
  findFinishedImport,
  getStagedImport,
  listImports,
  mappingSummary,
  prepareExport,
  reviewChoiceValues,
  sampleValues,
  saveColumnMapping,
  saveValueMaps,
  stageImport,
  type StagedImport,
  type ValueReview,
} from './survey-transfer.service.ts';
import { getSurveyByAudience, surveyScope, type Survey } from './survey.service.ts';
import { AUDIENCE_LABELS, audienceFromSlug, optionsOf } from './survey.ts';
import { actorOf, context, surveyPath } from './survey-web.ts';

const VIEWS = 'surveys/views';
const SURVEY = '/inspections/:inspectionId/surveys/:audience';
/** Problems listed on the check page; all of them are in the CSV of problems. */
const PROBLEMS_SHOWN = 200;
const BLANK_CHOICE = '__blank';

const EXPORT_PERMISSIONS: Readonly<Record<ExportKind, Permission>> = {
  results: 'survey:summary',
  comments: 'survey:results',
  raw: 'survey:export-raw',
};


function importPath(survey: Survey, staged?: { id: string }, rest = ''): string {
  return surveyPath(survey, staged ? `/import/${staged.id}${rest}` : '/import');
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}




export async function surveyTransferRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const scope = surveyScope(db.kysely);
  const allow = (permission: Permission) => ({ config: { permission, scope } });

  /** The survey the address names; the scope has already checked that it exists. */
  async function surveyOf(request: FastifyRequest): Promise<Survey> {
    const audience = audienceFromSlug((request.params as { audience: string }).audience)!;
    return (await getSurveyByAudience(db.kysely, request.scope.inspectionId!, audience))!;
  }

  async function pageBasics(survey: Survey) {
    const details = (await getInspection(db.kysely, survey.inspectionId))!;
    return {
      inspection: details.inspection,
      area: details.area,
      audienceLabel: AUDIENCE_LABELS[survey.audience],
      surveyHref: surveyPath(survey),
    };
  }

  // ---- Exports ---------------------------------------------------------------------------

  app.get(`${SURVEY}/export`, allow('survey:summary'), async (request, reply) => {
    const survey = await surveyOf(request);
    const may = (kind: ExportKind) => can(request.visitor, EXPORT_PERMISSIONS[kind], request.scope);
    const files = (kind: ExportKind) => EXPORT_FORMATS.map((format) => ({ format, href: surveyPath(survey, `/export/${kind}.${format}`) }));
    return reply.view(`${VIEWS}/transfer-export.njk`, {
      ...(await pageBasics(survey)),
      threshold: survey.suppressionThreshold,
      results: files('results'),
      comments: may('comments') ? files('comments') : undefined,
      raw: may('raw') ? files('raw') : undefined,
      importHref: can(request.visitor, 'survey:import', request.scope) ? importPath(survey) : undefined,
      backLink: { href: surveyPath(survey), text: `${AUDIENCE_LABELS[survey.audience]} survey` },
    });
  });

  for (const kind of EXPORT_KINDS) {
    for (const format of EXPORT_FORMATS) {
      app.get(`${SURVEY}/export/${kind}.${format}`, allow(EXPORT_PERMISSIONS[kind]), async (request, reply) => {
        const survey = await surveyOf(request);
        const prepared = await prepareExport(db.kysely, survey, kind, format, actorOf(request), context(request));
        const body = new PassThrough();
        prepared.write(body).catch((error: unknown) => {
          request.log.error({ err: error }, 'survey export stopped part way');
          body.destroy(error instanceof Error ? error : new Error(String(error)));
        });
        return reply
          .header('content-type', prepared.contentType)
          .header('content-disposition', `attachment; filename="${prepared.fileName}"`)
          .header('cache-control', 'no-store')
          .send(body);
      });
    }
  }

  // ---- Uploading a file ------------------------------------------------------------------

  async function renderUpload(reply: FastifyReply, survey: Survey, errors?: FormErrors) {
    const { waiting, done } = await listImports(db.kysely, survey);
    if (errors) reply.code(400);
    return reply.view(`${VIEWS}/transfer-import-upload.njk`, {
      ...(await pageBasics(survey)),
      survey: { state: survey.state },
      action: importPath(survey),
      maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
      stagingHours: STAGING_HOURS,
      waiting: waiting.map((w) => ({ ...w, href: importPath(survey, w, '/check') })),
      done,
      errors,
      backLink: { href: surveyPath(survey), text: `${AUDIENCE_LABELS[survey.audience]} survey` },
    });
  }

  app.get(`${SURVEY}/import`, allow('survey:import'), async (request, reply) => renderUpload(reply, await surveyOf(request)));

  await app.register(async (uploads) => {
    await uploads.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      onFile: keepUploadedFile,
      throwFileSizeLimit: false,
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 4, parts: 5 },
    });
    uploads.post(`${SURVEY}/import`, allow('survey:import'), async (request, reply) => {
      const survey = await surveyOf(request);
      const file = (request.body as Record<string, unknown> | undefined)?.file;
      const fail = (message: string) => renderUpload(reply, survey, formErrors([{ path: ['file'], message }]));
      if (!isUploadedFile(file) || file.fileName === '') return fail('Choose a CSV or Excel file to upload');
      if (file.truncated) return fail(`The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Split it into smaller files, or import it on the command line.`);
      try {
        const staged = await stageImport(db.kysely, survey, { fileName: file.fileName, chunks: chunksOf(file.bytes) }, actorOf(request), { maxBytes: MAX_UPLOAD_BYTES });
        return reply.redirect(importPath(survey, staged, '/mapping'));
      } catch (error) {
        if (!(error instanceof ImportFileError)) throw error;
        return fail(error.message);
      }
    });
  });

  // ---- The steps of an import ------------------------------------------------------------

  /** The file an address names, held for import into this survey; otherwise a 404, or the import page when it has been imported. */
  async function stagedOf(request: FastifyRequest, reply: FastifyReply): Promise<{ survey: Survey; staged: StagedImport } | undefined> {
    const survey = await surveyOf(request);
    const importId = (request.params as { importId?: string }).importId;
    if (!isUuid(importId)) {
      await reply.callNotFound();
      return undefined;
    }
    const staged = await getStagedImport(db.kysely, survey, importId);
    if (staged) return { survey, staged };
    if (await findFinishedImport(db.kysely, survey, importId)) await reply.redirect(importPath(survey), 303);
    else await reply.callNotFound();
    return undefined;
  }

  async function renderMapping(reply: FastifyReply, survey: Survey, staged: StagedImport, form: { chosen: string[]; errors?: FormErrors }) {
    const samples = await sampleValues(db.kysely, staged);
    const targets = mappingTargets(survey.definition);
    const mapped = new Set(form.chosen.flatMap((key) => {
      const target = parseTargetKey(survey.definition, key);
      return target && 'questionId' in target ? [target.questionId] : [];
    }));
    if (form.errors) reply.code(400);
    return reply.view(`${VIEWS}/transfer-import-mapping.njk`, {
      ...(await pageBasics(survey)),
      staged,
      rowCountText: plural(staged.rowCount, 'row', 'rows'),
      columns: staged.headings.map((heading, column) => ({
        id: `column-${column}`,
        heading,
        samples: samples[column] ?? [],
        items: targets.map((t) => ({ value: t.key, text: t.text, selected: t.key === form.chosen[column] })),
      })),
      unmapped: survey.definition.questions.filter((q) => !mapped.has(q.id)).map((q) => q.text),
      action: importPath(survey, staged, '/mapping'),
      cancelAction: importPath(survey, staged, '/cancel'),
      errors: form.errors,
      backLink: { href: importPath(survey), text: 'Import responses' },
    });
  }

  app.get(`${SURVEY}/import/:importId/mapping`, allow('survey:import'), async (request, reply) => {
    const found = await stagedOf(request, reply);
    if (!found) return reply;
    const { survey, staged } = found;
    return renderMapping(reply, survey, staged, { chosen: staged.headings.map((_, i) => targetKey(staged.mapping.columns[i] ?? { kind: 'ignore' })) });
  });

  app.post(`${SURVEY}/import/:importId/mapping`, allow('survey:import'), async (request, reply) => {
    const found = await stagedOf(request, reply);
    if (!found) return reply;
    const { survey, staged } = found;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const chosen = staged.headings.map((_, column) => (typeof body[`column-${column}`] === 'string' ? (body[`column-${column}`] as string) : ''));
    const columns: (ColumnTarget | undefined)[] = chosen.map((key) => parseTargetKey(survey.definition, key));
    const unknown = columns.flatMap((target, column) => (target ? [] : [{ path: [`column-${column}`], message: `Choose what column ‘${staged.headings[column]}’ holds, or to ignore it` }]));
    if (unknown.length) return renderMapping(reply, survey, staged, { chosen, errors: formErrors(unknown) });
    const problems = await saveColumnMapping(db.kysely, survey, staged, columns as ColumnTarget[]);
    if (problems.length) {
      const errors = formErrors(problems.map((p) => ({ path: [p.column === null ? 'column-0' : `column-${p.column}`], message: p.message })));
      return renderMapping(reply, survey, staged, { chosen, errors });
    }
    const saved = (await getStagedImport(db.kysely, survey, staged.id))!;
    const reviews = await reviewChoiceValues(db.kysely, survey, saved);
    return reply.redirect(importPath(survey, staged, reviews.length ? '/values' : '/check'));
  });

  function valueField(review: ValueReview, n: number): string {
    return `value-${review.column}-${n}`;
  }

  async function renderValues(reply: FastifyReply, survey: Survey, staged: StagedImport, reviews: ValueReview[], form: { chosen?: Record<string, string> } = {}) {
    return reply.view(`${VIEWS}/transfer-import-values.njk`, {
      ...(await pageBasics(survey)),
      staged,
      reviews: reviews.map((review) => ({
        heading: review.heading,
        question: review.question.text,
        more: review.more,
        values: review.values.map((value, n) => {
          const field = valueField(review, n);
          const current = form.chosen?.[field] ?? (value.mappedTo === undefined ? '' : value.mappedTo === '' ? BLANK_CHOICE : value.mappedTo);
          return {
            id: field,
            text: value.text,
            rowsText: plural(value.rows, 'row', 'rows'),
            items: [
              { value: '', text: 'Not matched: list these rows as problems' },
              { value: BLANK_CHOICE, text: 'Not an answer: leave the question unanswered' },
              ...optionsOf(review.question).map((o) => ({ value: o.value, text: o.label })),
            ].map((item) => ({ ...item, selected: item.value === current })),
          };
        }),
      })),
      action: importPath(survey, staged, '/values'),
      backLink: { href: importPath(survey, staged, '/mapping'), text: 'Match columns' },
    });
  }

  app.get(`${SURVEY}/import/:importId/values`, allow('survey:import'), async (request, reply) => {
    const found = await stagedOf(request, reply);
    if (!found) return reply;
    const { survey, staged } = found;
    const reviews = await reviewChoiceValues(db.kysely, survey, staged);
    if (reviews.length === 0) return reply.redirect(importPath(survey, staged, '/check'));
    return renderValues(reply, survey, staged, reviews);
  });

  app.post(`${SURVEY}/import/:importId/values`, allow('survey:import'), async (request, reply) => {
    const found = await stagedOf(request, reply);
    if (!found) return reply;
    const { survey, staged } = found;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const reviews = await reviewChoiceValues(db.kysely, survey, staged);
    const values: ValueMaps = structuredClone(staged.mapping.values);
    for (const review of reviews) {
      const allowed = new Set(optionsOf(review.question).map((o) => o.value));
      const map = (values[review.question.id] ??= {});
      review.values.forEach((value, n) => {
        const choice = body[valueField(review, n)];
        const key = normaliseText(value.text);
        if (choice === BLANK_CHOICE) map[key] = '';
        else if (typeof choice === 'string' && allowed.has(choice)) map[key] = choice;
        else delete map[key];
      });
    }
    await saveValueMaps(db.kysely, staged, values);
    return reply.redirect(importPath(survey, staged, '/check'));
  });

  // ---- Checking and importing ------------------------------------------------------------

  async function renderCheck(reply: FastifyReply, survey: Survey, staged: StagedImport, errors?: FormErrors, skipChosen = false) {
    const problems: RowProblem[] = [];
    let problemCount = 0;
    const summary = await checkStagedImport(db.kysely, survey, staged, {
      onProblem: (problem) => {
        problemCount++;
        if (problems.length < PROBLEMS_SHOWN) problems.push(problem);
      },
    });
    if (errors) reply.code(400);
    return reply.view(`${VIEWS}/transfer-import-check.njk`, {
      ...(await pageBasics(survey)),
      staged,
      summary,
      validText: plural(summary.validCount, 'row', 'rows'),
      problemText: plural(summary.problemRowCount, 'row has', 'rows have'),
      problemRowsText: plural(summary.problemRowCount, 'row', 'rows'),
      responsesText: plural(summary.validCount, 'response', 'responses'),
      problems,
      problemsHidden: problemCount - problems.length,
      mapping: mappingSummary(survey, staged).filter((m) => !m.ignored),
      ignoredCount: mappingSummary(survey, staged).filter((m) => m.ignored).length,
      surveyState: survey.state,
      skipChosen,
      paths: {
        mapping: importPath(survey, staged, '/mapping'),
        values: importPath(survey, staged, '/values'),
        problems: importPath(survey, staged, '/problems.csv'),
        commit: importPath(survey, staged, '/commit'),
        cancel: importPath(survey, staged, '/cancel'),
      },
      errors,
      backLink: { href: importPath(survey, staged, '/mapping'), text: 'Match columns' },
    });
  }

  app.get(`${SURVEY}/import/:importId/check`, allow('survey:import'), async (request, reply) => {
    const found = await stagedOf(request, reply);
    if (!found) return reply;
    return renderCheck(reply, found.survey, found.staged);
  });

  app.get(`${SURVEY}/import/:importId/problems.csv`, allow('survey:import'), async (request, reply) => {
    const found = await stagedOf(request, reply);
    if (!found) return reply;
    const { survey, staged } = found;
    // The file is at most MAX_UPLOAD_BYTES, so its problems fit in memory.
    const problems: RowProblem[] = [];
    await checkStagedImport(db.kysely, survey, staged, { onProblem: (p) => problems.push(p) });
    const body = new PassThrough();
    writeCsv(
      body,
      [
        { header: 'Row', key: 'line' },
        { header: 'Column', key: 'column' },
        { header: 'Problem', key: 'message' },
        { header: 'In full', key: 'full' },
      ],
      problems.map((p) => ({ line: p.line, column: p.column, message: p.message, full: describeProblem(p) })),
    ).catch((error: unknown) => body.destroy(error instanceof Error ? error : new Error(String(error))));
    const name = staged.fileName.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'import';
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}-problems.csv"`)
      .header('cache-control', 'no-store')
      .send(body);
  });

  app.post(`${SURVEY}/import/:importId/commit`, allow('survey:import'), async (request, reply) => {
    const found = await stagedOf(request, reply);
    if (!found) return reply;
    const { survey, staged } = found;
    const skipInvalid = (request.body as Record<string, unknown> | undefined)?.skipInvalid === 'yes';
    try {
      const outcome = await commitImport(db.kysely, survey, staged.id, actorOf(request), { skipInvalid }, context(request));
      setFlash(request, {
        heading: `${plural(outcome.imported, 'response', 'responses')} imported`,
        text: `From ${outcome.fileName}.${outcome.skipped ? ` ${plural(outcome.skipped, 'row with problems was', 'rows with problems were')} left out.` : ''} The results include them the next time they are worked out.`,
      });
      return reply.redirect(importPath(survey));
    } catch (error) {
      if (error instanceof ImportProblemsError) {
        const field = error.validCount > 0 && error.problemRowCount > 0 ? 'skipInvalid' : 'commit';
        const message = field === 'skipInvalid' ? `Confirm that the ${plural(error.problemRowCount, 'row with problems is', 'rows with problems are')} to be left out, or correct the file and upload it again` : error.message;
        return renderCheck(reply, survey, staged, formErrors([{ path: [field], message }]), skipInvalid);
      }
      if (error instanceof ImportFileError) return renderCheck(reply, survey, staged, formErrors([{ path: ['commit'], message: error.message }]), skipInvalid);
      if (error instanceof ImportNotFoundError) return reply.callNotFound();
      throw error;
    }
  });

  app.post(`${SURVEY}/import/:importId/cancel`, allow('survey:import'), async (request, reply) => {
    const found = await stagedOf(request, reply);
    if (!found) return reply;
    const { survey, staged } = found;
    await cancelImport(db.kysely, staged);
    setFlash(request, { heading: 'Import cancelled', text: `Nothing from ${staged.fileName} was imported, and the file has been deleted.` });
    return reply.redirect(importPath(survey));
  });
}
