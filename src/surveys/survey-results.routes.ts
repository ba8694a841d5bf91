// Survey results pages: the full results and comments for the inspection team, correcting a
// comment's themes, themes across the surveys, and the suppressed summary (page, PDF, shared link).
import fs from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { can } from '../platform/auth/permissions.ts';
import { createPdfRenderer, PdfUnavailableError, type PdfRenderer } from '../platform/render/pdf.ts';
import { formatDate } from '../platform/web/format.ts';
import { asArray, singleFieldError, type FormErrors } from '../platform/web/forms.ts';
import { setFlash } from '../platform/web/views.ts';
import { correctCommentThemes, findComment, listComments } from './survey-analysis.service.ts';
import {
  SummaryShareError,
  findSharedSummary,
  recalculateResults,
  recordCommentsView,
  recordSummaryView,
  shareSummary,
  stopSharingSummary,
  summaryHeading,
  suppressedSummary,
  viewFullResults,
  viewInspectionThemes,
  type SummaryHeading,
} from './survey-results.service.ts';
import {
  audienceInSentence,
  breakdownChoices,
  commentQuestionView,
  commentView,
  formatCount,
  inspectionThemesView,
  paginationView,
  questionView,
  summaryView,
  themeName,
  type ListedComment,
} from './survey-results-view.ts';
import { SurveyChangeError, getSurveyByAudience, surveyScope, type Survey } from './survey.service.ts';
import { AUDIENCE_LABELS, SURVEY_STATE_LABELS, audienceFromSlug, audienceSlug } from './survey.ts';
import { THEMES, isThemeCode, type ThemeCode } from './themes.ts';
import { actorOf, context, surveyPath } from './survey-web.ts';

const VIEWS = 'surveys/views';
const SUMMARY_PRINT_CSS = fs.readFileSync(new URL('./views/summary-print.css', import.meta.url), 'utf8');
const COMMENTS_PAGE_SIZE = 20;
const MIN_THEMES = 1;
const MAX_THEMES = 3;

function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Query values from GET forms: blank means "not chosen", and a forged array counts as nothing. */
const queryText = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined), z.string().max(80).optional()).catch(undefined);

const resultsQuerySchema = z.object({ by: queryText });

const commentsQuerySchema = z.object({
  question: queryText,
  theme: queryText,
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
});
type CommentsQuery = { question?: string; theme?: ThemeCode; page: number };

const commentParamsSchema = z.object({
  responseId: z.string().regex(/^[1-9]\d{0,17}$/).transform(Number),
  questionId: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
});

function textQuestions(survey: Survey) {
  return survey.definition.questions.filter((q) => q.type === 'text');
}

/** The list filters that are real: a question of this survey's free-text ones, a known theme. */
function readCommentsQuery(survey: Survey, query: unknown): CommentsQuery {
  const parsed = commentsQuerySchema.parse(query ?? {});
  return {
    question: textQuestions(survey).some((q) => q.id === parsed.question) ? parsed.question : undefined,
    theme: isThemeCode(parsed.theme) ? parsed.theme : undefined,
    page: parsed.page,
  };
}

function commentsHref(survey: Survey, query: Partial<CommentsQuery>): string {
  return withQuery(surveyPath(survey, '/comments'), { question: query.question, theme: query.theme, page: query.page && query.page > 1 ? query.page : undefined });
}

function periodText(survey: Survey): string {
  if (!survey.opensAt) return 'The survey has not opened yet.';
  if (survey.state === 'closed' && survey.closesAt) return `The survey was open from ${formatDate(survey.opensAt)} to ${formatDate(survey.closesAt)}.`;
  if (survey.state === 'scheduled') return `The survey opens on ${formatDate(survey.opensAt)}.`;
  return `The survey opened on ${formatDate(survey.opensAt)} and is still open, so these figures will change.`;
}

/** A file name safe in a header and on every system: lower-case letters, digits and dashes. */
function pdfFileName(heading: SummaryHeading, survey: Survey): string {
  const slug = `${heading.areaName}-${audienceSlug(survey.audience)}`
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'survey'}-survey-summary.pdf`;
}

export async function surveyResultsRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, config } = deps;
  const scope = surveyScope(db.kysely);
  // One Chromium for the app, started by the first PDF asked for, closed with the app.
  let renderer: PdfRenderer | undefined;
  const pdfRenderer = () => (renderer ??= createPdfRenderer({ chromiumPath: config.chromePath }));
  app.addHook('onClose', async () => {
    await renderer?.close();
  });

  async function surveyOf(request: FastifyRequest): Promise<Survey> {
    const audience = audienceFromSlug((request.params as { audience: string }).audience)!;
    // The scope has checked the survey exists.
    return (await getSurveyByAudience(db.kysely, request.scope.inspectionId!, audience))!;
  }

  const team = (permission: 'survey:results' | 'survey:code' | 'survey:summary' | 'survey:manage') => ({ config: { permission, scope } });

  // ---- Full results ----------------------------------------------------------------------

  app.get('/inspections/:inspectionId/surveys/:audience/results', team('survey:results'), async (request, reply) => {
    const survey = await surveyOf(request);
    const choices = breakdownChoices(survey.definition);
    const asked = resultsQuerySchema.parse(request.query ?? {}).by;
    const by = choices.some((c) => c.value === asked) ? asked : undefined;
    const [result, heading] = await Promise.all([
      viewFullResults(db.kysely, survey, actorOf(request), { page: 'results', breakdownBy: by ?? null }, context(request)),
      summaryHeading(db.kysely, survey.inspectionId),
    ]);
    return reply.view(`${VIEWS}/results-page.njk`, {
      heading,
      audiencePhrase: audienceInSentence(survey.audience),
      threshold: survey.suppressionThreshold,
      responseCount: formatCount(result.responseCount),
      stateLabel: SURVEY_STATE_LABELS[survey.state],
      computedAt: result.computedAt,
      breakdownItems: [{ value: '', text: 'No breakdown' }, ...choices].map((c) => ({ ...c, selected: c.value === (by ?? '') })),
      breakdownLabel: choices.find((c) => c.value === by)?.text,
      questions: result.questions.map((q) => questionView(q, { definition: survey.definition, responseCount: result.responseCount, threshold: null, breakdownBy: by, idPrefix: 'chart' })),
      commentQuestions: result.commentQuestions.map((cq) => commentQuestionView(cq, (questionId, theme) => commentsHref(survey, { question: questionId, theme }), null)),
      paths: {
        results: surveyPath(survey, '/results'),
        recalculate: surveyPath(survey, '/results/recalculate'),
        comments: surveyPath(survey, '/comments'),
        themes: `/inspections/${survey.inspectionId}/surveys/themes`,
        summary: surveyPath(survey, '/summary'),
      },
      backLink: { href: surveyPath(survey), text: `${AUDIENCE_LABELS[survey.audience]} survey` },
    });
  });

  app.post('/inspections/:inspectionId/surveys/:audience/results/recalculate', team('survey:results'), async (request, reply) => {
    const survey = await surveyOf(request);
    await recalculateResults(db.kysely, survey, actorOf(request), context(request));
    setFlash(request, { heading: 'Results recalculated', text: 'The figures now include every response received so far and every correction of themes.' });
    return reply.redirect(surveyPath(survey, '/results'));
  });

  // ---- Comments --------------------------------------------------------------------------

  app.get('/inspections/:inspectionId/surveys/:audience/comments', team('survey:results'), async (request, reply) => {
    const survey = await surveyOf(request);
    const query = readCommentsQuery(survey, request.query);
    const questions = textQuestions(survey);
    const [list, heading] = await Promise.all([
      listComments(db.kysely, survey.id, { questionId: query.question, theme: query.theme, page: query.page, pageSize: COMMENTS_PAGE_SIZE }),
      summaryHeading(db.kysely, survey.inspectionId),
    ]);
    await recordCommentsView(db.kysely, survey, actorOf(request), { question: query.question ?? null, theme: query.theme ?? null, pageNumber: query.page }, context(request));
    const mayCode = can(request.visitor, 'survey:code', request.scope);
    const pageCount = Math.max(1, Math.ceil(list.total / COMMENTS_PAGE_SIZE));
    const first = (query.page - 1) * COMMENTS_PAGE_SIZE + 1;
    const last = first + list.items.length - 1;
    return reply.view(`${VIEWS}/results-comments.njk`, {
      heading,
      audiencePhrase: audienceInSentence(survey.audience),
      questionItems: [{ value: '', text: 'All questions' }, ...questions.map((q) => ({ value: q.id, text: q.text }))].map((i) => ({ ...i, selected: i.value === (query.question ?? '') })),
      themeItems: [{ value: '', text: 'All themes' }, ...THEMES.map((t) => ({ value: t.code, text: t.name }))].map((i) => ({ ...i, selected: i.value === (query.theme ?? '') })),
      countText:
        list.total === 0
          ? 'There are no comments to show.'
          : list.items.length === 0
            ? `There are no comments on this page: there are ${formatCount(list.total)} in all.`
            : `Showing comments ${formatCount(first)} to ${formatCount(last)} of ${formatCount(list.total)}.`,
      comments: list.items.map((c) =>
        commentView(c, mayCode ? withQuery(surveyPath(survey, `/comments/${c.responseId}/${c.questionId}`), { question: query.question, theme: query.theme, page: query.page > 1 ? query.page : undefined }) : undefined),
      ),
      pagination: paginationView(query.page, pageCount, (page) => commentsHref(survey, { ...query, page })),
      paths: { comments: surveyPath(survey, '/comments'), results: surveyPath(survey, '/results') },
      backLink: { href: surveyPath(survey, '/results'), text: 'Results' },
    });
  });

  type CommentTarget = { survey: Survey; responseId: number; questionId: string; comment: ListedComment };

  /** The comment an address names: a free-text answer of a response to this survey, or undefined (404). */
  async function commentTarget(request: FastifyRequest): Promise<CommentTarget | undefined> {
    const survey = await surveyOf(request);
    const params = commentParamsSchema.safeParse(request.params);
    if (!params.success) return undefined;
    const comment = await findComment(db.kysely, survey.id, params.data.responseId, params.data.questionId);
    return comment && { survey, ...params.data, comment };
  }

  async function renderChangeThemes(request: FastifyRequest, reply: FastifyReply, target: CommentTarget, form: { selected: string[]; errors?: FormErrors }) {
    const { survey } = target;
    const listQuery = readCommentsQuery(survey, request.method === 'GET' ? request.query : request.body);
    const heading = await summaryHeading(db.kysely, survey.inspectionId);
    const selected = new Set(form.selected);
    if (form.errors) reply.code(400);
    return reply.view(`${VIEWS}/results-change-themes.njk`, {
      heading,
      audienceLabel: AUDIENCE_LABELS[survey.audience],
      comment: commentView(target.comment, undefined),
      themeItems: THEMES.map((t) => ({ value: t.code, text: t.name, hint: { text: t.definition }, checked: selected.has(t.code) })),
      listQuery: Object.fromEntries(Object.entries({ question: listQuery.question, theme: listQuery.theme, page: listQuery.page > 1 ? String(listQuery.page) : undefined }).filter(([, v]) => v !== undefined)),
      errors: form.errors,
      paths: { form: surveyPath(survey, `/comments/${target.responseId}/${target.questionId}`), list: commentsHref(survey, listQuery) },
      backLink: { href: commentsHref(survey, listQuery), text: 'Comments' },
    });
  }

  app.get('/inspections/:inspectionId/surveys/:audience/comments/:responseId/:questionId', team('survey:code'), async (request, reply) => {
    const target = await commentTarget(request);
    if (!target) return reply.callNotFound();
    return renderChangeThemes(request, reply, target, { selected: target.comment.themes.map((t) => t.code) });
  });

  app.post('/inspections/:inspectionId/surveys/:audience/comments/:responseId/:questionId', team('survey:code'), async (request, reply) => {
    const target = await commentTarget(request);
    if (!target) return reply.callNotFound();
    const { survey, responseId, questionId } = target;
    const chosen = [...new Set(asArray((request.body as Record<string, unknown> | undefined)?.themes))];
    const themes = chosen.filter(isThemeCode);
    if (themes.length !== chosen.length || themes.length < MIN_THEMES || themes.length > MAX_THEMES) {
      const message = themes.length > MAX_THEMES ? `Choose no more than ${MAX_THEMES} themes` : themes.length !== chosen.length ? 'Choose themes from the list' : 'Choose at least one theme';
      return renderChangeThemes(request, reply, target, { selected: chosen, errors: singleFieldError('themes', message) });
    }
    try {
      await correctCommentThemes(db.kysely, { surveyId: survey.id, responseId, questionId, themes }, actorOf(request), context(request));
    } catch (error) {
      // The comment may have gone since the form was shown: responses are deleted some time after a survey closes.
      if (!(error instanceof SurveyChangeError)) throw error;
      return renderChangeThemes(request, reply, target, { selected: chosen, errors: singleFieldError('themes', error.message) });
    }
    setFlash(request, { heading: 'Themes changed', text: `Response ${responseId}’s comment is now coded as: ${themes.map(themeName).join(', ')}.` });
    return reply.redirect(commentsHref(survey, readCommentsQuery(survey, request.body)));
  });

  // ---- Themes across the inspection's surveys ----------------------------------------------

  app.get('/inspections/:inspectionId/surveys/themes', team('survey:results'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const [analyses, heading] = await Promise.all([viewInspectionThemes(db.kysely, inspectionId, actorOf(request), context(request)), summaryHeading(db.kysely, inspectionId)]);
    const themes = inspectionThemesView(analyses);
    const path = (audience: Survey['audience']) => surveyPath({ inspectionId, audience }, '/comments');
    return reply.view(`${VIEWS}/results-themes.njk`, {
      heading,
      themes: {
        ...themes,
        rows: themes.rows.map((row) => ({
          ...row,
          byAudience: row.byAudience.map((b) => ({ ...b, comments: formatCount(b.comments) })),
          total: formatCount(row.total),
          positive: formatCount(row.positive),
          negative: formatCount(row.negative),
          summary: row.byAudience.map((b) => `${formatCount(b.comments)} from ${audienceInSentence(b.audience)}`).join(', '),
          links: row.byAudience
            .filter((b) => b.comments > 0)
            .map((b) => ({ href: withQuery(path(b.audience), { theme: row.code }), text: `Read the comments from ${audienceInSentence(b.audience)}`, hidden: ` about ${row.name}` })),
        })),
      },
      surveysHref: `/inspections/${inspectionId}/surveys`,
      backLink: { href: `/inspections/${inspectionId}/surveys`, text: 'Surveys' },
    });
  });

  // ---- The summary -------------------------------------------------------------------------

  async function summaryData(survey: Survey) {
    const [result, heading] = await Promise.all([suppressedSummary(db.kysely, survey), summaryHeading(db.kysely, survey.inspectionId)]);
    const h1 = `What ${audienceInSentence(survey.audience)} told us: survey summary`;
    return {
      heading,
      h1,
      title: `${h1}: ${heading.areaName}`,
      period: periodText(survey),
      summary: summaryView(result, survey.definition, survey.suppressionThreshold),
    };
  }

  async function sendPdf(request: FastifyRequest, reply: FastifyReply, survey: Survey, backHref: string) {
    const data = await summaryData(survey);
    let pdf: Buffer;
    try {
      const html = await app.view(`${VIEWS}/summary-document.njk`, data);
      pdf = await pdfRenderer().render({ html, title: data.title, css: SUMMARY_PRINT_CSS });
    } catch (error) {
      if (!(error instanceof PdfUnavailableError)) throw error;
      request.log.warn({ err: error }, 'summary PDF unavailable');
      reply.code(503);
      return reply.view(`${VIEWS}/summary-pdf-unavailable.njk`, { summaryHref: backHref });
    }
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${pdfFileName(data.heading, survey)}"`)
      .send(pdf);
  }

  /** Views by the local area are on record; the team's own are part of their work. */
  async function auditAreaView(request: FastifyRequest, survey: Survey, format: 'page' | 'pdf') {
    if (request.visitor.principal!.teamRoles.has(survey.inspectionId)) return;
    await recordSummaryView(db.kysely, survey, actorOf(request), { format }, context(request));
  }

  async function renderSummary(request: FastifyRequest, reply: FastifyReply, survey: Survey, errors?: FormErrors) {
    const data = await summaryData(survey);
    const mayManage = can(request.visitor, 'survey:manage', request.scope);
    if (errors) reply.code(400);
    return reply.view(`${VIEWS}/summary-page.njk`, {
      ...data,
      errors,
      pdfHref: surveyPath(survey, '/summary.pdf'),
      sharing: mayManage
        ? {
            shared: survey.summarySharedAt !== null && survey.summaryToken !== null,
            link: survey.summaryToken ? `${config.serviceUrl.replace(/\/+$/, '')}/survey-summaries/${survey.summaryToken}` : undefined,
            mayShare: survey.state === 'closed',
            shareAction: surveyPath(survey, '/summary/share'),
            stopAction: surveyPath(survey, '/summary/stop-sharing'),
          }
        : undefined,
      backLink: { href: `/inspections/${survey.inspectionId}/surveys`, text: 'Surveys' },
    });
  }

  app.get('/inspections/:inspectionId/surveys/:audience/summary', team('survey:summary'), async (request, reply) => {
    const survey = await surveyOf(request);
    await auditAreaView(request, survey, 'page');
    return renderSummary(request, reply, survey);
  });

  app.get('/inspections/:inspectionId/surveys/:audience/summary.pdf', team('survey:summary'), async (request, reply) => {
    const survey = await surveyOf(request);
    await auditAreaView(request, survey, 'pdf');
    return sendPdf(request, reply, survey, surveyPath(survey, '/summary'));
  });

  app.post('/inspections/:inspectionId/surveys/:audience/summary/share', team('survey:manage'), async (request, reply) => {
    const survey = await surveyOf(request);
    try {
      await shareSummary(db.kysely, survey.id, actorOf(request), context(request));
    } catch (error) {
      if (!(error instanceof SummaryShareError)) throw error;
      return renderSummary(request, reply, survey, singleFieldError('share', error.message));
    }
    setFlash(request, { heading: 'Summary shared', text: 'Anyone with the link can now read the summary, without signing in.' });
    return reply.redirect(surveyPath(survey, '/summary'));
  });

  app.post('/inspections/:inspectionId/surveys/:audience/summary/stop-sharing', team('survey:manage'), async (request, reply) => {
    const survey = await surveyOf(request);
    await stopSharingSummary(db.kysely, survey.id, actorOf(request), context(request));
    setFlash(request, { heading: 'Summary no longer shared', text: 'The link no longer works. Sharing again makes a new link.' });
    return reply.redirect(surveyPath(survey, '/summary'));
  });

  // ---- The shared summary, for anyone with its link ----------------------------------------

  async function sharedSurvey(request: FastifyRequest, reply: FastifyReply): Promise<Survey | undefined> {
    // Nobody should find a family's summary through a search engine, whatever links to it.
    reply.header('x-robots-tag', 'noindex, nofollow');
    return findSharedSummary(db.kysely, (request.params as { summaryToken: string }).summaryToken);
  }

  app.get('/survey-summaries/:summaryToken', { config: { permission: 'public' } }, async (request, reply) => {
    const survey = await sharedSurvey(request, reply);
    if (!survey) return reply.callNotFound();
    const token = (request.params as { summaryToken: string }).summaryToken;
    return reply.view(`${VIEWS}/summary-page.njk`, { ...(await summaryData(survey)), pdfHref: `/survey-summaries/${token}.pdf` });
  });

  app.get('/survey-summaries/:summaryToken.pdf', { config: { permission: 'public' } }, async (request, reply) => {
    const survey = await sharedSurvey(request, reply);
    if (!survey) return reply.callNotFound();
    const token = (request.params as { summaryToken: string }).summaryToken;
    return sendPdf(request, reply, survey, `/survey-summaries/${token}`);
  });
}
