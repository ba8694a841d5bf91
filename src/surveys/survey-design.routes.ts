// Inspector pages for designing the surveys: the overview of an inspection's three surveys, each
// survey's questions, changing wording, the respondent's-eye preview, scheduling, opening and closing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { getInspection, type InspectionDetails } from '../inspections/inspection.service.ts';
import { can, type Permission } from '../platform/auth/permissions.ts';
import { NotFoundError } from '../platform/auth/guard.ts';
import { formatDateTime } from '../platform/web/format.ts';
import { parseForm, singleFieldError, type FormErrors } from '../platform/web/forms.ts';
import { setFlash } from '../platform/web/views.ts';
import {
  HINT_MAX,
  INTRODUCTION_MAX,
  OPTION_LABEL_MAX,
  QUESTION_TEXT_MAX,
  TITLE_MAX,
  aboutYouLabel,
  answerLimits,
  applyIntroduction,
  applyQuestionWording,
  criteriaOf,
  hasEditableOptions,
  introductionFormSchema,
  optionField,
  parseScheduleForm,
  questionTypeLabel,
  questionWordingSchema,
  questionWordingValues,
  routingDescription,
  scheduleDateErrors,
  scheduleErrorField,
  scheduleFormValues,
  translatedLanguagesOf,
} from './survey-design.ts';
import {
  SurveyChangeError,
  changeDefinition,
  closeSurveyNow,
  createSurveys,
  getSurveyByAudience,
  listSurveys,
  openSurveyNow,
  scheduleSurvey,
  surveyScope,
  type Survey,
} from './survey.service.ts';
import {
  AUDIENCE_LABELS,
  DEFAULT_LANGUAGE,
  SURVEY_AUDIENCES,
  SURVEY_STATE_LABELS,
  audienceFromSlug,
  findLanguage,
  localTitle,
  localiseQuestion,
  mayEditWording,
  offeredLanguages,
  phrase,
  type Language,
  type Question,
  type SurveyDefinition,
  type SurveyState,
} from './survey.ts';
import { actorOf, context, surveyPath, surveysPath } from './survey-web.ts';

const VIEWS = 'surveys/views';

/** Tag colours carry no meaning on their own: each tag also says the state in words. */
const STATE_TAG_CLASSES: Readonly<Record<SurveyState, string>> = {
  draft: 'govuk-tag--grey',
  scheduled: 'govuk-tag--blue',
  open: 'govuk-tag--green',
  closed: 'govuk-tag--red',
};

/** The pictures of the easy-read scale, drawn for the respondent's pages. */
const PICTURES: Readonly<Record<string, string>> = {
  agree: '/assets/images/scale-agree.svg',
  not_sure: '/assets/images/scale-not-sure.svg',
  disagree: '/assets/images/scale-disagree.svg',
};

type Form = { values?: Record<string, unknown>; errors?: FormErrors };

function stateTag(state: SurveyState) {
  return { text: SURVEY_STATE_LABELS[state], classes: STATE_TAG_CLASSES[state] };
}

function allows(request: FastifyRequest, permission: Permission): boolean {
  return can(request.visitor, permission, request.scope);
}

/** The other pages about a survey, each for those allowed to follow it. */
function surveyLinks(request: FastifyRequest, survey: Survey) {
  const links: { href: string; text: string }[] = [];
  const add = (permission: Permission, rest: string, text: string) => {
    if (allows(request, permission)) links.push({ href: surveyPath(survey, rest), text });
  };
  add('survey:distribute', '/links', 'Links and QR codes to share');
  add('survey:translate', '/languages', 'Languages and translations');
  add('survey:view', '/live', 'Live responses');
  add('survey:results', '/results', 'Results');
  add('survey:summary', '/summary', 'Summary for the local area and families');
  add('survey:summary', '/export', 'Export responses');
  add('survey:import', '/import', 'Import responses from another survey tool');
  return links;
}

async function inspectionOf(request: FastifyRequest, db: RouteDeps['db']): Promise<InspectionDetails> {
  // The route's scope found the inspection before the handler ran.
  return (await getInspection(db.kysely, request.scope.inspectionId!))!;
}

async function surveyOf(request: FastifyRequest, db: RouteDeps['db']): Promise<Survey> {
  const audience = audienceFromSlug((request.params as { audience: string }).audience);
  const survey = audience && (await getSurveyByAudience(db.kysely, request.scope.inspectionId!, audience));
  if (!survey) throw new NotFoundError('Not found');
  return survey;
}

function questionOf(request: FastifyRequest, survey: Survey): { question: Question; number: number } {
  const id = (request.params as { questionId: string }).questionId;
  const index = survey.definition.questions.findIndex((q) => q.id === id);
  if (index < 0) throw new NotFoundError('Not found');
  return { question: survey.definition.questions[index]!, number: index + 1 };
}

function criterionHeadings(details: InspectionDetails): Map<string, string> {
  return new Map(details.framework.definition.criterionGroups.flatMap((group) => group.criteria.map((c) => [c.code, c.heading] as const)));
}

/** What every page about one survey shows around its content. */
function surveyFrame(details: InspectionDetails, survey: Survey) {
  return {
    inspection: details.inspection,
    area: details.area,
    survey,
    audienceLabel: AUDIENCE_LABELS[survey.audience],
    surveyHref: surveyPath(survey),
    stateTag: stateTag(survey.state),
    mayEditWording: mayEditWording(survey.state),
  };
}

/** Why wording can no longer change, in words for the page. */
function lockedReason(survey: Survey): string {
  return survey.state === 'closed'
    ? 'The survey has closed, so its wording can no longer change.'
    : 'The survey is open, so its wording can no longer change: people may already have answered it. Every response must be to the same questions.';
}

function languageNames(codes: string[]): string[] {
  return codes.map((code) => findLanguage(code)?.name ?? code);
}

// ---- The survey page ----------------------------------------------------------------------

function questionCards(survey: Survey, details: InspectionDetails, mayChange: boolean) {
  const headings = criterionHeadings(details);
  return survey.definition.questions.map((question, index) => ({
    id: question.id,
    number: index + 1,
    text: question.text,
    hint: question.hint,
    typeLabel: questionTypeLabel(question),
    required: question.required,
    options: hasEditableOptions(question) || question.type === 'agreement' ? localiseQuestion(survey.definition, question, DEFAULT_LANGUAGE).localOptions : [],
    limits: answerLimits(question),
    aboutYou: aboutYouLabel(question),
    routing: routingDescription(survey.definition, question),
    criteria: criteriaOf(question, headings),
    changeHref: mayChange ? surveyPath(survey, `/questions/${question.id}`) : undefined,
  }));
}

// ---- Preview ------------------------------------------------------------------------------

/** Languages the preview can show: those offered, then those being translated but not offered yet. */
function previewLanguages(definition: SurveyDefinition): (Language & { offered: boolean })[] {
  const offered = offeredLanguages(definition).map((l) => ({ ...l, offered: true }));
  const inProgress = Object.keys(definition.translations)
    .filter((code) => code !== DEFAULT_LANGUAGE && !definition.languages.includes(code))
    .map((code) => findLanguage(code))
    .filter((l): l is Language => l !== undefined)
    .map((l) => ({ ...l, offered: false }));
  return [...offered, ...inProgress];
}

function previewQuestions(survey: Survey, language: string) {
  const { definition } = survey;
  return definition.questions.map((question, index) => {
    const local = localiseQuestion(definition, question, language);
    const pictures = question.type === 'agreement' && question.scale === 'three_point_pictures';
    return {
      id: question.id,
      number: index + 1,
      type: question.type,
      text: local.localText,
      hint: local.localHint,
      optionalText: question.required ? '' : phrase(definition, language, 'optional'),
      options: local.localOptions.map((o) => ({ ...o, picture: pictures ? PICTURES[o.value] : undefined })),
      pictures,
      questionOf: phrase(definition, language, 'questionOf', { n: index + 1, total: definition.questions.length }),
      routing: routingDescription(definition, question),
      maxLength: question.type === 'text' ? answerLimits(question) : undefined,
    };
  });
}

const previewQuerySchema = z.object({ language: z.string().trim().toLowerCase().optional() });

// ---- Routes -------------------------------------------------------------------------------

export async function surveyDesignRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, config } = deps;
  const scope = surveyScope(db.kysely);
  const manage = { config: { permission: 'survey:manage' as const, scope } };

  // ---- Overview ----

  // The local area reaches the surveys from its dashboard too, for the links to share and the summary, so
  // the overview is open to everyone who may pass links on; what each row offers follows their permissions.
  app.get('/inspections/:inspectionId/surveys', { config: { permission: 'survey:distribute', scope } }, async (request, reply) => {
    const details = await inspectionOf(request, db);
    const surveys = await listSurveys(db.kysely, details.inspection.id);
    const mayView = allows(request, 'survey:view');
    return reply.view(`${VIEWS}/design-overview.njk`, {
      inspection: details.inspection,
      area: details.area,
      surveys: surveys.map((survey) => ({
        audienceLabel: AUDIENCE_LABELS[survey.audience],
        title: survey.definition.title,
        href: mayView ? surveyPath(survey) : undefined,
        stateTag: stateTag(survey.state),
        opensAt: survey.opensAt,
        closesAt: survey.closesAt,
        responseCount: mayView ? survey.responseCount : undefined,
        links: surveyLinks(request, survey),
      })),
      missing: SURVEY_AUDIENCES.filter((a) => !surveys.some((s) => s.audience === a)).map((a) => AUDIENCE_LABELS[a]),
      mayView,
      mayManage: allows(request, 'survey:manage'),
      acrossSurveys: [
        ...(mayView ? [{ href: surveysPath(details.inspection.id, '/live'), text: 'Live responses to all three surveys' }] : []),
        ...(allows(request, 'survey:results') ? [{ href: surveysPath(details.inspection.id, '/themes'), text: 'Themes in the comments, across all three surveys' }] : []),
      ],
      backLink: { href: `/inspections/${details.inspection.id}`, text: 'Inspection' },
    });
  });

  app.post('/inspections/:inspectionId/surveys', manage, async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const created = await createSurveys(db.kysely, inspectionId, actorOf(request), context(request), config.surveySuppressionThreshold);
    if (created.length) {
      setFlash(request, {
        heading: created.length === SURVEY_AUDIENCES.length ? 'The three surveys have been created' : `${created.length} ${created.length === 1 ? 'survey has' : 'surveys have'} been created`,
        text: 'They start from the templates for the inspection’s framework. Check the wording of each before you open it.',
      });
    }
    return reply.redirect(surveysPath(inspectionId));
  });

  // ---- One survey ----

  app.get('/inspections/:inspectionId/surveys/:audience', { config: { permission: 'survey:view', scope } }, async (request, reply) => {
    const [details, survey] = await Promise.all([inspectionOf(request, db), surveyOf(request, db)]);
    const mayManage = allows(request, 'survey:manage');
    const mayChange = mayManage && mayEditWording(survey.state);
    const summary = (await listSurveys(db.kysely, survey.inspectionId)).find((s) => s.id === survey.id);
    return reply.view(`${VIEWS}/design-survey.njk`, {
      ...surveyFrame(details, survey),
      definition: survey.definition,
      responseCount: summary?.responseCount ?? 0,
      languages: languageNames(survey.definition.languages),
      questions: questionCards(survey, details, mayChange),
      mayManage,
      mayChange,
      lockedReason: mayEditWording(survey.state) ? undefined : lockedReason(survey),
      introductionHref: mayChange ? surveyPath(survey, '/introduction') : undefined,
      previewHref: surveyPath(survey, '/preview'),
      scheduleHref: mayManage && survey.state !== 'closed' ? surveyPath(survey, '/schedule') : undefined,
      openHref: mayManage && mayEditWording(survey.state) ? surveyPath(survey, '/open') : undefined,
      closeHref: mayManage && survey.state === 'open' ? surveyPath(survey, '/close') : undefined,
      links: surveyLinks(request, survey),
      backLink: { href: surveysPath(survey.inspectionId), text: 'All surveys' },
    });
  });

  // ---- Title and introduction ----

  async function renderIntroduction(request: FastifyRequest, reply: FastifyReply, survey: Survey, form: Form = {}) {
    const details = await inspectionOf(request, db);
    return reply.view(`${VIEWS}/design-introduction.njk`, {
      ...surveyFrame(details, survey),
      values: form.values ?? { title: survey.definition.title, introduction: survey.definition.introduction },
      errors: form.errors,
      lockedReason: mayEditWording(survey.state) ? undefined : lockedReason(survey),
      easyRead: survey.definition.easyRead,
      translatedIn: languageNames(Object.keys(survey.definition.translations).sort()),
      limits: { title: TITLE_MAX, introduction: INTRODUCTION_MAX },
      backLink: { href: surveyPath(survey) },
    });
  }

  app.get('/inspections/:inspectionId/surveys/:audience/introduction', manage, async (request, reply) => renderIntroduction(request, reply, await surveyOf(request, db)));

  app.post('/inspections/:inspectionId/surveys/:audience/introduction', manage, async (request, reply) => {
    const survey = await surveyOf(request, db);
    const parsed = parseForm(introductionFormSchema, request.body);
    if (!parsed.ok) return renderIntroduction(request, reply.code(400), survey, parsed);
    try {
      await changeDefinition(
        db.kysely,
        survey.id,
        actorOf(request),
        { action: 'survey.introduction-changed', wording: true, edit: (definition) => applyIntroduction(definition, parsed.data) },
        context(request),
      );
    } catch (error) {
      if (!(error instanceof SurveyChangeError)) throw error;
      return renderIntroduction(request, reply.code(error.field === 'form' ? 409 : 400), await surveyOf(request, db), {
        values: request.body as Record<string, unknown>,
        errors: singleFieldError(error.field === 'title' || error.field === 'introduction' ? error.field : 'form', error.message),
      });
    }
    setFlash(request, { heading: 'The title and introduction have been changed' });
    return reply.redirect(surveyPath(survey));
  });

  // ---- A question's wording ----

  async function renderQuestion(request: FastifyRequest, reply: FastifyReply, survey: Survey, form: Form = {}) {
    const details = await inspectionOf(request, db);
    const { question, number } = questionOf(request, survey);
    return reply.view(`${VIEWS}/design-question.njk`, {
      ...surveyFrame(details, survey),
      question,
      number,
      typeLabel: questionTypeLabel(question),
      aboutYou: aboutYouLabel(question),
      routing: routingDescription(survey.definition, question),
      options: hasEditableOptions(question) ? (question.options ?? []).map((o, i) => ({ ...o, number: i + 1, field: optionField(o.value) })) : [],
      scaleOptions: question.type === 'agreement' ? localiseQuestion(survey.definition, question, DEFAULT_LANGUAGE).localOptions : [],
      values: form.values ?? questionWordingValues(question),
      errors: form.errors,
      lockedReason: mayEditWording(survey.state) ? undefined : lockedReason(survey),
      easyRead: survey.definition.easyRead,
      translatedIn: languageNames(translatedLanguagesOf(question)),
      limits: { text: QUESTION_TEXT_MAX, hint: HINT_MAX, option: OPTION_LABEL_MAX },
      backLink: { href: surveyPath(survey) },
    });
  }

  app.get('/inspections/:inspectionId/surveys/:audience/questions/:questionId', manage, async (request, reply) => renderQuestion(request, reply, await surveyOf(request, db)));

  app.post('/inspections/:inspectionId/surveys/:audience/questions/:questionId', manage, async (request, reply) => {
    const survey = await surveyOf(request, db);
    const { question } = questionOf(request, survey);
    const parsed = parseForm(questionWordingSchema(question), request.body);
    if (!parsed.ok) return renderQuestion(request, reply.code(400), survey, parsed);
    try {
      await changeDefinition(
        db.kysely,
        survey.id,
        actorOf(request),
        {
          action: 'survey.question-changed',
          wording: true,
          details: { questionId: question.id },
          edit: (definition) => applyQuestionWording(definition, question.id, parsed.data),
        },
        context(request),
      );
    } catch (error) {
      if (!(error instanceof SurveyChangeError)) throw error;
      return renderQuestion(request, reply.code(error.field === 'form' ? 409 : 400), await surveyOf(request, db), {
        values: request.body as Record<string, unknown>,
        errors: singleFieldError(error.field === 'text' || error.field === 'hint' ? error.field : 'form', error.message),
      });
    }
    setFlash(request, { heading: `Question ${questionOf(request, survey).number} has been changed` });
    return reply.redirect(`${surveyPath(survey)}#question-${question.id}`);
  });

  // ---- Preview ----

  app.get('/inspections/:inspectionId/surveys/:audience/preview', { config: { permission: 'survey:view', scope } }, async (request, reply) => {
    const [details, survey] = await Promise.all([inspectionOf(request, db), surveyOf(request, db)]);
    const asked = previewQuerySchema.safeParse(request.query ?? {});
    const requested = asked.success ? asked.data.language : undefined;
    const languages = previewLanguages(survey.definition);
    const language = languages.find((l) => l.code === (requested ?? DEFAULT_LANGUAGE)) ?? findLanguage(DEFAULT_LANGUAGE)!;
    const previewHref = surveyPath(survey, '/preview');
    return reply.view(`${VIEWS}/design-preview.njk`, {
      ...surveyFrame(details, survey),
      language,
      unknownLanguage: requested !== undefined && requested !== language.code ? requested : undefined,
      languageItems:
        languages.length > 1
          ? languages.map((l) => ({
              text: l.nativeName,
              lang: l.code,
              dir: l.dir,
              href: l.code === language.code ? undefined : l.code === DEFAULT_LANGUAGE ? previewHref : `${previewHref}?language=${l.code}`,
              current: l.code === language.code,
            }))
          : [],
      notOffered: languages.filter((l) => !l.offered).map((l) => l.name),
      local: localTitle(survey.definition, language.code),
      easyRead: survey.definition.easyRead,
      questions: previewQuestions(survey, language.code),
      continueText: phrase(survey.definition, language.code, 'continue'),
      backLink: { href: surveyPath(survey) },
    });
  });

  // ---- Schedule ----

  async function renderSchedule(request: FastifyRequest, reply: FastifyReply, survey: Survey, form: Form = {}) {
    const details = await inspectionOf(request, db);
    const values = form.values ?? scheduleFormValues(survey);
    return reply.view(`${VIEWS}/design-schedule.njk`, {
      ...surveyFrame(details, survey),
      values,
      errors: form.errors,
      dateErrors: scheduleDateErrors(form.errors, values),
      backLink: { href: surveyPath(survey) },
    });
  }

  app.get('/inspections/:inspectionId/surveys/:audience/schedule', manage, async (request, reply) => renderSchedule(request, reply, await surveyOf(request, db)));

  app.post('/inspections/:inspectionId/surveys/:audience/schedule', manage, async (request, reply) => {
    const survey = await surveyOf(request, db);
    const now = new Date();
    const form = parseScheduleForm(request.body, survey, now);
    if (!form.ok) return renderSchedule(request, reply.code(400), survey, form);
    let scheduled: Survey;
    try {
      scheduled = await scheduleSurvey(db.kysely, survey.id, { opensAt: form.opensAt, closesAt: form.closesAt }, actorOf(request), context(request), now);
    } catch (error) {
      if (!(error instanceof SurveyChangeError)) throw error;
      return renderSchedule(request, reply.code(error.field === 'form' ? 409 : 400), await surveyOf(request, db), {
        values: request.body as Record<string, unknown>,
        errors: singleFieldError(scheduleErrorField(error.field), error.message),
      });
    }
    setFlash(request, scheduleFlash(scheduled));
    return reply.redirect(surveyPath(survey));
  });

  // ---- Opening and closing now ----

  async function renderConfirm(request: FastifyRequest, reply: FastifyReply, survey: Survey, action: 'open' | 'close', errors?: FormErrors) {
    const details = await inspectionOf(request, db);
    const possible = action === 'open' ? mayEditWording(survey.state) : survey.state === 'open';
    return reply.view(`${VIEWS}/design-confirm.njk`, {
      ...surveyFrame(details, survey),
      action,
      possible,
      errors,
      actionHref: surveyPath(survey, `/${action}`),
      backLink: { href: surveyPath(survey) },
    });
  }

  app.get('/inspections/:inspectionId/surveys/:audience/open', manage, async (request, reply) => renderConfirm(request, reply, await surveyOf(request, db), 'open'));

  app.post('/inspections/:inspectionId/surveys/:audience/open', manage, async (request, reply) => {
    const survey = await surveyOf(request, db);
    let opened: Survey;
    try {
      opened = await openSurveyNow(db.kysely, survey.id, actorOf(request), context(request));
    } catch (error) {
      if (!(error instanceof SurveyChangeError)) throw error;
      return renderConfirm(request, reply.code(409), await surveyOf(request, db), 'open', singleFieldError('form', error.message));
    }
    setFlash(request, {
      heading: 'The survey is open',
      text: opened.closesAt ? `It closes on ${formatDateTime(opened.closesAt)}. Its wording can no longer change.` : 'It stays open until you close it. Its wording can no longer change.',
    });
    return reply.redirect(surveyPath(survey));
  });

  app.get('/inspections/:inspectionId/surveys/:audience/close', manage, async (request, reply) => renderConfirm(request, reply, await surveyOf(request, db), 'close'));

  app.post('/inspections/:inspectionId/surveys/:audience/close', manage, async (request, reply) => {
    const survey = await surveyOf(request, db);
    try {
      await closeSurveyNow(db.kysely, survey.id, actorOf(request), context(request));
    } catch (error) {
      if (!(error instanceof SurveyChangeError)) throw error;
      return renderConfirm(request, reply.code(409), await surveyOf(request, db), 'close', singleFieldError('form', error.message));
    }
    setFlash(request, { heading: 'The survey is closed', text: 'No more answers can be sent to it.' });
    return reply.redirect(surveyPath(survey));
  });
}

function scheduleFlash(survey: Survey): { heading: string; text: string } {
  if (survey.state === 'draft') return { heading: 'The schedule has been cleared', text: 'The survey will not open until you schedule it or open it.' };
  const closing = survey.closesAt ? ` and closes on ${formatDateTime(survey.closesAt)}` : ' and stays open until you close it';
  if (survey.state === 'open') return { heading: 'The closing date has been set', text: `The survey is open${closing}.` };
  return { heading: 'The survey has been scheduled', text: `It opens on ${formatDateTime(survey.opensAt!)}${closing}. You can change its wording until it opens.` };
}
