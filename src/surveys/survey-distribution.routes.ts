// Getting a survey to people: its links per channel with QR codes, the live count of responses
// while it is open, and the languages it is offered in with their translation forms.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { getInspection } from '../inspections/inspection.service.ts';
import { can } from '../platform/auth/permissions.ts';
import { dailyCountsChart } from '../platform/render/charts.ts';
import { formatDateTime } from '../platform/web/format.ts';
import { formErrors, parseForm, singleFieldError, type FormErrors } from '../platform/web/forms.ts';
import { setFlash } from '../platform/web/views.ts';
import {
  applyTranslations,
  readTranslationForm,
  translationFormValues,
  translationProgress,
  translationSections,
} from './survey-translation.ts';
import {
  CHANNEL_NAME_MAX,
  SurveyChangeError,
  addChannel,
  changeDefinition,
  getSurveyByAudience,
  listChannels,
  listSurveys,
  liveCounts,
  offerLanguage,
  surveyScope,
  withdrawLanguage,
  type Channel,
  type Survey,
} from './survey.service.ts';
import {
  AUDIENCE_LABELS,
  DEFAULT_LANGUAGE,
  LANGUAGES,
  SURVEY_STATE_LABELS,
  audienceFromSlug,
  audienceSlug,
  findLanguage,
  missingTranslations,
  type Language,
} from './survey.ts';
import { actorOf, context, surveyPath, surveysPath } from './survey-web.ts';

const VIEWS = 'surveys/views';

/** How often the live page's figures may update themselves, once the visitor asks for it. */
const LIVE_UPDATE_SECONDS = 30;

const QR_CODE = { type: 'png', errorCorrectionLevel: 'M', width: 600, margin: 4 } as const;

/** The address respondents open: the service's own address, so it works wherever the link is shared. */
export function respondentLink(serviceUrl: string, code: string): string {
  return `${serviceUrl.replace(/\/+$/, '')}/s/${code}`;
}

/** A file name that is safe on every system and in a header: lower-case letters, digits and dashes. */
export function safeFileName(...parts: string[]): string {
  const slug = (part: string) =>
    part
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '');
  return parts.map(slug).filter(Boolean).join('-') || 'file';
}

const languageFormSchema = z.object({
  action: z.enum(['offer', 'withdraw'], 'Choose whether to offer or withdraw the language'),
  language: z.string('Choose a language from the list').trim().min(1, 'Choose a language from the list'),
});

const channelFormSchema = z.object({
  name: z
    .string('Enter a name for the link, like "Parent carer forum"')
    .trim()
    .min(1, 'Enter a name for the link, like "Parent carer forum"')
    .max(CHANNEL_NAME_MAX, `The name must be ${CHANNEL_NAME_MAX} characters or fewer`),
});

type Form = { values?: Record<string, unknown>; errors?: FormErrors };

export async function surveyDistributionRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, config } = deps;
  const scope = surveyScope(db.kysely);

  /** The survey the address names; the scope has already checked that it exists. */
  async function surveyOf(request: FastifyRequest): Promise<Survey> {
    const audience = audienceFromSlug((request.params as { audience: string }).audience)!;
    return (await getSurveyByAudience(db.kysely, request.scope.inspectionId!, audience))!;
  }

  /**
   * Where "back" goes: the survey's own page for the team; the inspection for the local area,
   * who may pass links on and translate but not open the survey's design.
   */
  function returnTo(request: FastifyRequest, survey: Survey): { href: string; text: string } {
    return can(request.visitor, 'survey:view', request.scope)
      ? { href: surveyPath(survey), text: 'Return to the survey' }
      : { href: `/inspections/${survey.inspectionId}`, text: 'Return to the inspection' };
  }

  /** What every page of a survey shows above its heading. */
  async function pageBasics(survey: Survey) {
    const details = (await getInspection(db.kysely, survey.inspectionId))!;
    return {
      inspection: details.inspection,
      area: details.area,
      survey: {
        ...survey,
        audienceLabel: AUDIENCE_LABELS[survey.audience],
        stateLabel: SURVEY_STATE_LABELS[survey.state],
        path: surveyPath(survey),
      },
    };
  }

  // ---- Links -----------------------------------------------------------------------------

  function linkRows(survey: Survey, channels: Channel[]) {
    return channels.map((channel) => ({
      id: channel.id,
      name: channel.name,
      url: respondentLink(config.serviceUrl, channel.code),
      responseCount: channel.responseCount,
      qrHref: surveyPath(survey, `/links/${channel.id}/qr.png`),
    }));
  }

  async function renderLinksPage(request: FastifyRequest, reply: FastifyReply, form: Form = {}) {
    const survey = await surveyOf(request);
    const channels = await listChannels(db.kysely, survey.id);
    return reply.view(`${VIEWS}/distribution-links.njk`, {
      ...(await pageBasics(survey)),
      links: linkRows(survey, channels),
      mayAddLink: can(request.visitor, 'survey:manage', request.scope) && survey.state !== 'closed',
      mayViewLive: can(request.visitor, 'survey:view', request.scope),
      nameMaxLength: CHANNEL_NAME_MAX,
      values: form.values ?? {},
      errors: form.errors,
      returnTo: returnTo(request, survey),
      backLink: { href: returnTo(request, survey).href },
    });
  }

  app.get('/inspections/:inspectionId/surveys/:audience/links', { config: { permission: 'survey:distribute', scope } }, async (request, reply) =>
    renderLinksPage(request, reply),
  );

  app.post('/inspections/:inspectionId/surveys/:audience/links', { config: { permission: 'survey:manage', scope } }, async (request, reply) => {
    const parsed = parseForm(channelFormSchema, request.body);
    if (!parsed.ok) return renderLinksPage(request, reply, parsed);
    const survey = await surveyOf(request);
    try {
      const channel = await addChannel(db.kysely, survey.id, parsed.data.name, actorOf(request), context(request));
      setFlash(request, { heading: `Link added: ${channel.name}`, text: 'Copy the link or download its QR code below to share it.' });
    } catch (error) {
      if (!(error instanceof SurveyChangeError)) throw error;
      return renderLinksPage(request, reply, { values: request.body as Record<string, unknown>, errors: singleFieldError('name', error.message) });
    }
    return reply.redirect(surveyPath(survey, '/links'));
  });

  app.get('/inspections/:inspectionId/surveys/:audience/links/:channelId/qr.png', { config: { permission: 'survey:distribute', scope } }, async (request, reply) => {
    const survey = await surveyOf(request);
    const { channelId } = request.params as { channelId: string };
    const channel = (await listChannels(db.kysely, survey.id)).find((c) => c.id === channelId);
    if (!channel) return reply.callNotFound();
    const png = await QRCode.toBuffer(respondentLink(config.serviceUrl, channel.code), QR_CODE);
    const fileName = `${safeFileName(audienceSlug(survey.audience), channel.name)}-qr.png`;
    return reply
      .type('image/png')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'private, max-age=3600')
      .send(png);
  });

  // ---- Live counts -----------------------------------------------------------------------

  function updatedAt() {
    const now = new Date();
    return { iso: now.toISOString(), text: formatDateTime(now) };
  }

  app.get('/inspections/:inspectionId/surveys/live', { config: { permission: 'survey:view', scope } }, async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const [details, surveys] = await Promise.all([getInspection(db.kysely, inspectionId), listSurveys(db.kysely, inspectionId)]);
    return reply.view(`${VIEWS}/distribution-live-all.njk`, {
      inspection: details!.inspection,
      area: details!.area,
      surveys: surveys.map((s) => ({
        audienceLabel: AUDIENCE_LABELS[s.audience],
        stateLabel: SURVEY_STATE_LABELS[s.state],
        state: s.state,
        opensAt: s.opensAt,
        closesAt: s.closesAt,
        responseCount: s.responseCount,
        livePath: surveyPath(s, '/live'),
      })),
      total: surveys.reduce((sum, s) => sum + s.responseCount, 0),
      updated: updatedAt(),
      updateSeconds: LIVE_UPDATE_SECONDS,
      surveysPath: surveysPath(inspectionId),
      backLink: { href: surveysPath(inspectionId) },
    });
  });

  app.get('/inspections/:inspectionId/surveys/:audience/live', { config: { permission: 'survey:view', scope } }, async (request, reply) => {
    const survey = await surveyOf(request);
    const counts = await liveCounts(db.kysely, survey.id);
    const chart = dailyCountsChart({ title: `Responses each day: ${AUDIENCE_LABELS[survey.audience].toLowerCase()}`, days: counts.byDay, countHeading: 'Responses', id: 'live-by-day' });
    return reply.view(`${VIEWS}/distribution-live.njk`, {
      ...(await pageBasics(survey)),
      counts,
      chart,
      updated: updatedAt(),
      updateSeconds: LIVE_UPDATE_SECONDS,
      allLivePath: surveysPath(survey.inspectionId, '/live'),
      linksPath: surveyPath(survey, '/links'),
      backLink: { href: surveysPath(survey.inspectionId, '/live'), text: 'All surveys' },
    });
  });

  // ---- Languages -------------------------------------------------------------------------

  const translatable = LANGUAGES.filter((l) => l.code !== DEFAULT_LANGUAGE);

  function translatableLanguage(code: string): Language | undefined {
    return code === DEFAULT_LANGUAGE ? undefined : findLanguage(code);
  }

  async function renderLanguagesPage(request: FastifyRequest, reply: FastifyReply, form: Form = {}) {
    const survey = await surveyOf(request);
    const definition = survey.definition;
    const rows = translatable.map((language) => {
      const progress = translationProgress(definition, language.code);
      return {
        ...language,
        progress,
        offered: definition.languages.includes(language.code),
        complete: missingTranslations(definition, language.code).length === 0,
        translateHref: surveyPath(survey, `/languages/${language.code}`),
        errorId: `language-${language.code}`,
      };
    });
    return reply.view(`${VIEWS}/translation-languages.njk`, {
      ...(await pageBasics(survey)),
      offered: rows.filter((r) => r.offered),
      rows,
      values: form.values ?? {},
      errors: form.errors,
      returnTo: returnTo(request, survey),
      backLink: { href: returnTo(request, survey).href },
    });
  }

  const translateRoute = { config: { permission: 'survey:translate' as const, scope } };

  app.get('/inspections/:inspectionId/surveys/:audience/languages', translateRoute, async (request, reply) => renderLanguagesPage(request, reply));

  app.post('/inspections/:inspectionId/surveys/:audience/languages', translateRoute, async (request, reply) => {
    const parsed = parseForm(languageFormSchema, request.body);
    if (!parsed.ok) return renderLanguagesPage(request, reply, { errors: formErrors([{ path: ['languages'], message: parsed.errors.summary[0]!.text }]) });
    const { action, language: code } = parsed.data;
    const language = translatableLanguage(code);
    if (!language) {
      return renderLanguagesPage(request, reply, { errors: singleFieldError('languages', `"${code.slice(0, 20)}" is not a language this service can offer surveys in. Choose one from the list.`) });
    }
    const survey = await surveyOf(request);
    const errorField = `language-${language.code}`;
    if (action === 'withdraw' && !survey.definition.languages.includes(language.code)) {
      return renderLanguagesPage(request, reply, { errors: singleFieldError(errorField, `${language.name} is not offered, so it cannot be withdrawn`) });
    }
    try {
      if (action === 'offer') await offerLanguage(db.kysely, survey.id, language.code, actorOf(request), context(request));
      else await withdrawLanguage(db.kysely, survey.id, language.code, actorOf(request), context(request));
    } catch (error) {
      if (!(error instanceof SurveyChangeError)) throw error;
      return renderLanguagesPage(request, reply, { errors: singleFieldError(errorField, error.message) });
    }
    setFlash(
      request,
      action === 'offer'
        ? { heading: `The survey is now offered in ${language.name}`, text: `Respondents can choose ${language.name} at the start of the survey.` }
        : { heading: `The survey is no longer offered in ${language.name}`, text: 'Its translations are kept: you can offer it again at any time.' },
    );
    return reply.redirect(surveyPath(survey, '/languages'));
  });

  async function renderTranslationForm(request: FastifyRequest, reply: FastifyReply, survey: Survey, language: Language, form: { values: Record<string, string>; errors?: FormErrors }) {
    const definition = survey.definition;
    return reply.view(`${VIEWS}/translation-form.njk`, {
      ...(await pageBasics(survey)),
      language,
      offered: definition.languages.includes(language.code),
      progress: translationProgress(definition, language.code),
      sections: translationSections(definition),
      values: form.values,
      errors: form.errors,
      languagesPath: surveyPath(survey, '/languages'),
      backLink: { href: surveyPath(survey, '/languages') },
    });
  }

  /** The language the address names, or a 404 for a code the service does not offer surveys in. */
  function languageOf(request: FastifyRequest): Language | undefined {
    return translatableLanguage((request.params as { language: string }).language);
  }

  app.get('/inspections/:inspectionId/surveys/:audience/languages/:language', translateRoute, async (request, reply) => {
    const language = languageOf(request);
    if (!language) return reply.callNotFound();
    const survey = await surveyOf(request);
    return renderTranslationForm(request, reply, survey, language, { values: translationFormValues(survey.definition, language.code) });
  });

  app.post('/inspections/:inspectionId/surveys/:audience/languages/:language', translateRoute, async (request, reply) => {
    const language = languageOf(request);
    if (!language) return reply.callNotFound();
    const survey = await surveyOf(request);
    const offered = survey.definition.languages.includes(language.code);
    const read = readTranslationForm(survey.definition, language.code, language.name, request.body, offered);
    if (!read.ok) {
      return renderTranslationForm(request, reply, survey, language, { values: read.values, errors: formErrors(read.issues.map((i) => ({ path: [i.field], message: i.message }))) });
    }
    let saved: Survey;
    try {
      saved = await changeDefinition(
        db.kysely,
        survey.id,
        actorOf(request),
        { action: 'survey.translation-saved', wording: false, details: { language: language.code }, edit: (definition) => applyTranslations(definition, language.code, read.values) },
        context(request),
      );
    } catch (error) {
      if (!(error instanceof SurveyChangeError)) throw error;
      return renderTranslationForm(request, reply, survey, language, { values: read.values, errors: singleFieldError('translations', error.message) });
    }
    const progress = translationProgress(saved.definition, language.code);
    const complete = progress.translated === progress.total;
    const isOffered = saved.definition.languages.includes(language.code);
    setFlash(request, {
      heading: `${language.name} translations saved`,
      text: `${progress.translated} of ${progress.total} items are translated.${complete && !isOffered ? ` Everything is translated: you can now offer the survey in ${language.name}.` : ''}`,
    });
    return reply.redirect(surveyPath(survey, '/languages'));
  });
}
