// The public side of surveys: answering from a distribution link (start, one question a page, check
// answers, send once, save and come back later, change language) and the JSON submission API.
// No account and nothing that identifies the respondent: answers in progress are found through the
// visitor's session, and nothing about the visitor is stored with a response.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { NotFoundError } from '../platform/auth/guard.ts';
import {
  API_BODY_LIMIT,
  apiSubmissionSchema,
  checkRows,
  createShortCache,
  describeIssues,
  displayLanguage,
  fieldValue,
  firstUnanswered,
  isOffered,
  nextAfterChange,
  nextQuestion,
  previousQuestion,
  questionPosition,
  rawAnswerOf,
  respondentPhrases,
  withAnswer,
} from './survey-respond.ts';
import {
  changeDraftLanguage,
  findRespondentLink,
  getDraft,
  resumeDraft,
  saveDraftAnswers,
  saveDraftForLater,
  startDraft,
  submitResponse,
  type Draft,
  type RespondentLink,
} from './survey.service.ts';
import {
  isSignedKeyValid,
  localTitle,
  localiseQuestion,
  offeredLanguages,
  phrase,
  surveyKeySecret,
  surveyState,
  textLimit,
  validateAnswer,
  type Language,
  type Question,
  type SurveyDefinition,
} from './survey.ts';

/** What this browser has to do with one survey: its answers in progress, and what became of them. */
type Answering = {
  draftId: string;
  /** The draft's idempotency key, kept after sending so a second press is recognised. */
  key: string;
  language: string;
  sent?: boolean;
  /** The code last given to come back with, shown on the "saved" page. */
  resumeCode?: string;
};

declare module 'fastify' {
  interface Session {
    /** By survey id. Sessions are held server-side; nothing here identifies the visitor. */
    surveyAnswering?: Record<string, Answering>;
  }
}

const VIEWS = 'surveys/views';

/** How long the API trusts a looked-up link; the insert itself re-checks that the survey is open. */
const LINK_CACHE_MS = 5_000;

const TOO_MANY_MESSAGE = 'You have sent a lot of answers from this connection. Wait a minute and try again.';

class TooManySubmissionsError extends Error {
  readonly statusCode = 429;
  constructor() {
    super(TOO_MANY_MESSAGE);
  }
}

const linkParams = z.object({ linkCode: z.string().max(40) });
const questionParams = linkParams.extend({ questionId: z.string().max(40) });
const fromQuery = z.object({ from: z.string().max(40).optional(), lang: z.string().max(10).optional() }).catch({});

const startForm = z.object({ language: z.string().max(10).optional() }).catch({});
const questionForm = z
  .object({
    answer: z.union([z.string(), z.array(z.string())]).optional(),
    action: z.enum(['continue', 'save']).catch('continue'),
  })
  .catch({ action: 'continue' });
const languageForm = z.object({ language: z.string().max(10).optional() }).catch({});
const sendForm = z.object({ idempotencyKey: z.string().max(200).optional(), website: z.string().optional() }).catch({});
const resumeForm = z.object({ code: z.string().max(100).optional() }).catch({});

/** The honeypot's field name: a field bots fill in and people never see. */
const HONEYPOT = 'website';

export async function surveyRespondRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, config } = deps;
  const kysely = db.kysely;
  const keySecret = surveyKeySecret(config.sessionSecret);
  const links = createShortCache((code) => findRespondentLink(kysely, code), { ttlMs: LINK_CACHE_MS, maxEntries: 2_000 });

  // One allowance shared by the web form's send and the API: both store responses.
  const submissionLimit = app.rateLimit({
    max: config.surveySubmissionsPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: () => new TooManySubmissionsError(),
  });
  const formLimit = { max: config.surveySubmissionsPerMinute, timeWindow: '1 minute', errorResponseBuilder: () => new TooManySubmissionsError() };
  const publicRoute = { permission: 'public' as const };

  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const api = request.url.startsWith('/api/');
    if (error instanceof TooManySubmissionsError) {
      reply.code(429);
      if (api) return { error: TOO_MANY_MESSAGE };
      const params = linkParams.safeParse(request.params);
      return reply.view(`${VIEWS}/respond-too-many.njk`, { message: TOO_MANY_MESSAGE, checkPath: params.success ? `/s/${params.data.linkCode}/check` : undefined });
    }
    if (api && error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: `The body must be ${API_BODY_LIMIT / 1024} KB or smaller.` });
    if (api && error.statusCode === 400 && error.code?.startsWith('FST_ERR_CTP')) {
      return reply.code(400).send({ error: `The body must be JSON, like {"language": "en", "answers": {"question_id": "value"}}: ${error.message}` });
    }
    if (api && error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send({ error: 'Send the answers as JSON, with Content-Type: application/json.' });
    // Everything else (page not found, expired form, failures) gets the service's own pages.
    throw error;
  });

  // ---- Looking things up --------------------------------------------------------------------

  async function linkOf(request: FastifyRequest): Promise<RespondentLink> {
    const params = linkParams.safeParse(request.params);
    const link = params.success ? await findRespondentLink(kysely, params.data.linkCode) : undefined;
    if (!link) throw new NotFoundError('Not found');
    return link;
  }

  function answeringOf(request: FastifyRequest, surveyId: string): Answering | undefined {
    return request.session.get('surveyAnswering')?.[surveyId];
  }

  function setAnswering(request: FastifyRequest, surveyId: string, answering: Answering): void {
    request.session.set('surveyAnswering', { ...(request.session.get('surveyAnswering') ?? {}), [surveyId]: answering });
  }

  // ---- Page locals --------------------------------------------------------------------------

  function base(link: RespondentLink): string {
    return `/s/${link.channel.code}`;
  }

  function questionPath(link: RespondentLink, question: Question, fromCheck = false): string {
    return `${base(link)}/questions/${question.id}${fromCheck ? '?from=check' : ''}`;
  }

  function locals(link: RespondentLink, language: Language) {
    const definition = link.survey.definition;
    return {
      language,
      t: respondentPhrases(definition, language.code),
      base: base(link),
      surveyTitle: localTitle(definition, language.code).title,
      languages: offeredLanguages(definition),
      easyRead: definition.easyRead,
    };
  }

  function closedPage(reply: FastifyReply, link: RespondentLink, language: Language, state: 'closed' | 'draft' | 'scheduled'): FastifyReply {
    const closed = state === 'closed';
    reply.code(closed ? 410 : 200);
    const view = locals(link, language);
    return reply.view(`${VIEWS}/respond-closed.njk`, { ...view, heading: closed ? view.t.closedTitle : view.t.notOpenTitle, body: closed ? view.t.closedBody : undefined });
  }

  /** A survey that is not open shows why, in place of the page asked for. */
  function notOpenPage(reply: FastifyReply, link: RespondentLink, language: Language): FastifyReply | undefined {
    const state = surveyState({ opens_at: link.survey.opensAt, closes_at: link.survey.closesAt }, new Date());
    return state === 'open' ? undefined : closedPage(reply, link, language, state);
  }

  type Journey = { link: RespondentLink; draft: Draft; definition: SurveyDefinition; language: Language; answering: Answering };

  /**
   * Pages in the middle of answering need the survey open and this browser's answers in progress;
   * without them the visitor goes back to the start page.
   */
  async function withJourney(request: FastifyRequest, reply: FastifyReply, handle: (journey: Journey) => Promise<FastifyReply>): Promise<FastifyReply> {
    const link = await linkOf(request);
    const definition = link.survey.definition;
    const answering = answeringOf(request, link.survey.id);
    const shown = notOpenPage(reply, link, displayLanguage(definition, answering?.language));
    if (shown) return shown;
    const draft = answering && !answering.sent ? await getDraft(kysely, answering.draftId) : undefined;
    if (!answering || !draft || draft.surveyId !== link.survey.id) return reply.redirect(base(link));
    return handle({ link, draft, definition, language: displayLanguage(definition, draft.language), answering });
  }

  function findQuestion(definition: SurveyDefinition, questionId: string | undefined): Question {
    const question = definition.questions.find((q) => q.id === questionId);
    if (!question) throw new NotFoundError('Not found');
    return question;
  }

  function questionIdOf(request: FastifyRequest): string | undefined {
    const params = questionParams.safeParse(request.params);
    return params.success ? params.data.questionId : undefined;
  }

  /** Where someone carries on: the first question shown without an answer, or the check page. */
  function carryOnPath(journey: { link: RespondentLink; definition: SurveyDefinition }, answers: Draft['answers']): string {
    const next = firstUnanswered(journey.definition, answers);
    return next ? questionPath(journey.link, next) : `${base(journey.link)}/check`;
  }

  // ---- Start ---------------------------------------------------------------------------------

  function renderStart(reply: FastifyReply, link: RespondentLink, language: Language, errors?: { text: string; href: string }[]) {
    const definition = link.survey.definition;
    const { title, introduction } = localTitle(definition, language.code);
    return reply.view(`${VIEWS}/respond-start.njk`, {
      ...locals(link, language),
      title,
      paragraphs: introduction.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean),
      chosen: language.code,
      errors,
    });
  }

  app.get('/s/:linkCode', { config: publicRoute }, async (request, reply) => {
    const link = await linkOf(request);
    const { lang } = fromQuery.parse(request.query);
    const language = displayLanguage(link.survey.definition, lang, answeringOf(request, link.survey.id)?.language);
    return notOpenPage(reply, link, language) ?? renderStart(reply, link, language);
  });

  app.post('/s/:linkCode/start', { config: { ...publicRoute, rateLimit: formLimit } }, async (request, reply) => {
    const link = await linkOf(request);
    const definition = link.survey.definition;
    const form = startForm.parse(request.body ?? {});
    const multilingual = offeredLanguages(definition).length > 1;
    const chosen = multilingual ? form.language : 'en';
    const shownIn = displayLanguage(definition, chosen);
    const closed = notOpenPage(reply, link, shownIn);
    if (closed) return closed;
    if (!chosen || !isOffered(definition, chosen)) {
      const t = respondentPhrases(definition, shownIn.code);
      return renderStart(reply, link, shownIn, [{ text: t.errorChoose, href: '#language' }]);
    }
    const draft = await startDraft(kysely, link, chosen, keySecret);
    setAnswering(request, link.survey.id, { draftId: draft.id, key: draft.idempotencyKey, language: draft.language });
    return reply.redirect(carryOnPath({ link, definition }, draft.answers));
  });

  // ---- Questions -----------------------------------------------------------------------------

  function renderQuestion(reply: FastifyReply, journey: Journey, question: Question, form: { value: string | string[]; error?: string; fromCheck: boolean }) {
    const { link, definition, draft, language } = journey;
    const view = locals(link, language);
    const position = questionPosition(definition, draft.answers, question.id);
    const previous = previousQuestion(definition, draft.answers, question.id);
    const back = form.fromCheck ? `${base(link)}/check` : previous ? questionPath(link, previous) : base(link);
    const localised = localiseQuestion(definition, question, language.code);
    return reply.view(`${VIEWS}/respond-question.njk`, {
      ...view,
      question: localised,
      heading: question.required ? localised.localText : `${localised.localText} ${view.t.optional}`,
      position: position && phrase(definition, language.code, 'questionOf', { n: position.number, total: position.total }),
      value: form.value,
      values: Array.isArray(form.value) ? form.value : [form.value],
      error: form.error,
      errors: form.error ? [{ text: form.error, href: '#answer' }] : undefined,
      textLimit: textLimit(question),
      tooLongText: phrase(definition, language.code, 'errorTooLong', { max: '%{count}' }),
      action: questionPath(link, question, form.fromCheck),
      back,
      pictures: question.type === 'agreement' && question.scale === 'three_point_pictures',
      languagePath: `${base(link)}/language?from=${question.id}`,
    });
  }

  app.get('/s/:linkCode/questions/:questionId', { config: publicRoute }, async (request, reply) =>
    withJourney(request, reply, async (journey) => {
      const question = findQuestion(journey.definition, questionIdOf(request));
      const fromCheck = fromQuery.parse(request.query).from === 'check';
      // A question the routing now hides (an earlier answer changed) is skipped.
      if (!questionPosition(journey.definition, journey.draft.answers, question.id)) return reply.redirect(carryOnPath(journey, journey.draft.answers));
      return renderQuestion(reply, journey, question, { value: fieldValue(journey.draft.answers[question.id]), fromCheck });
    }),
  );

  app.post('/s/:linkCode/questions/:questionId', { config: publicRoute }, async (request, reply) =>
    withJourney(request, reply, async (journey) => {
      const { link, definition, draft, language } = journey;
      const question = findQuestion(definition, questionIdOf(request));
      const fromCheck = fromQuery.parse(request.query).from === 'check';
      const form = questionForm.parse(request.body ?? {});
      const raw = rawAnswerOf(form.answer);
      const result = validateAnswer(definition, language.code, question, raw);

      if (form.action === 'save') {
        // A valid answer is kept; one that is not is simply not saved, so the visitor can still leave.
        const answers = 'error' in result ? draft.answers : withAnswer(draft.answers, question.id, result.value);
        if (answers !== draft.answers) await saveDraftAnswers(kysely, draft, answers);
        const code = await saveDraftForLater(kysely, draft);
        setAnswering(request, link.survey.id, { ...journey.answering, resumeCode: code });
        return reply.redirect(`${base(link)}/saved`);
      }

      if ('error' in result) return renderQuestion(reply, journey, question, { value: raw ?? '', error: result.error, fromCheck });
      const answers = withAnswer(draft.answers, question.id, result.value);
      await saveDraftAnswers(kysely, draft, answers);
      if (fromCheck) {
        const revealed = nextAfterChange(definition, answers, question.id);
        return reply.redirect(revealed ? questionPath(link, revealed, true) : `${base(link)}/check`);
      }
      const next = nextQuestion(definition, answers, question.id);
      return reply.redirect(next ? questionPath(link, next) : `${base(link)}/check`);
    }),
  );

  // ---- Language ------------------------------------------------------------------------------

  function languageReturnPath(journey: Journey, from: string | undefined): string {
    if (from === 'check') return `${base(journey.link)}/check`;
    const question = journey.definition.questions.find((q) => q.id === from);
    return question ? questionPath(journey.link, question) : carryOnPath(journey, journey.draft.answers);
  }

  function renderLanguage(reply: FastifyReply, journey: Journey, from: string | undefined, error?: string) {
    return reply.view(`${VIEWS}/respond-language.njk`, {
      ...locals(journey.link, journey.language),
      chosen: journey.draft.language,
      action: `${base(journey.link)}/language${from ? `?from=${encodeURIComponent(from)}` : ''}`,
      back: languageReturnPath(journey, from),
      error,
      errors: error ? [{ text: error, href: '#language' }] : undefined,
    });
  }

  app.get('/s/:linkCode/language', { config: publicRoute }, async (request, reply) =>
    withJourney(request, reply, async (journey) => renderLanguage(reply, journey, fromQuery.parse(request.query).from)),
  );

  app.post('/s/:linkCode/language', { config: publicRoute }, async (request, reply) =>
    withJourney(request, reply, async (journey) => {
      const { from } = fromQuery.parse(request.query);
      const { language } = languageForm.parse(request.body ?? {});
      if (!language || !isOffered(journey.definition, language)) {
        return renderLanguage(reply, journey, from, respondentPhrases(journey.definition, journey.language.code).errorChoose);
      }
      await changeDraftLanguage(kysely, journey.draft, journey.link.survey, language);
      setAnswering(request, journey.link.survey.id, { ...journey.answering, language });
      return reply.redirect(languageReturnPath(journey, from));
    }),
  );

  // ---- Check and send ------------------------------------------------------------------------

  function renderCheck(reply: FastifyReply, journey: Journey, problems: { questionId: string; message: string }[] = []) {
    const { link, definition, draft, language } = journey;
    const rows = checkRows(definition, language.code, draft.answers);
    const last = rows.at(-1);
    return reply.view(`${VIEWS}/respond-check.njk`, {
      ...locals(link, language),
      rows: rows.map((row) => ({ ...row, changePath: questionPath(link, row.question, true) })),
      back: last ? questionPath(link, last.question) : base(link),
      idempotencyKey: draft.idempotencyKey,
      honeypot: HONEYPOT,
      errors: problems.length
        ? problems.map((p) => ({ text: p.message, href: questionPath(link, findQuestion(definition, p.questionId), true) }))
        : undefined,
    });
  }

  app.get('/s/:linkCode/check', { config: publicRoute }, async (request, reply) => withJourney(request, reply, async (journey) => renderCheck(reply, journey)));

  /** The reasons a send is refused before it reaches the survey's rules come from the service, in English. */
  function startAgainPage(reply: FastifyReply, link: RespondentLink, message: string) {
    reply.code(400);
    return reply.view(`${VIEWS}/respond-start-again.njk`, { ...locals(link, displayLanguage(link.survey.definition)), message });
  }

  app.post('/s/:linkCode/send', { config: publicRoute, onRequest: submissionLimit }, async (request, reply) => {
    const link = await linkOf(request);
    const definition = link.survey.definition;
    const answering = answeringOf(request, link.survey.id);
    const language = displayLanguage(definition, answering?.language);
    const form = sendForm.parse(request.body ?? {});
    // Only software fills in a field no one can see: it is told its answers went, and nothing is kept.
    if (form.website) return reply.redirect(`${base(link)}/sent`);

    const shown = notOpenPage(reply, link, language);
    if (shown) return shown;
    const postedKey = form.idempotencyKey ?? '';
    if (!isSignedKeyValid(keySecret, link.survey.id, postedKey)) {
      return startAgainPage(reply, link, 'This form was not issued by this survey, so your answers were not sent. Start the survey again from its link.');
    }
    if (!answering) return startAgainPage(reply, link, 'Your answers could not be found: they may have been sent already, or the page was open too long. Start the survey again from its link.');
    // An older copy of the check page (another tab, or before starting again): show the current one.
    if (postedKey !== answering.key) return reply.redirect(`${base(link)}/check`);
    // The draft goes when its answers are stored, so a second press finds the answers already sent.
    const draft = answering.sent ? undefined : await getDraft(kysely, answering.draftId);
    if (!draft) return reply.redirect(`${base(link)}/sent`);

    const result = await submitResponse(kysely, link.survey, {
      surveyId: link.survey.id,
      channelId: link.channel.id,
      language: draft.language,
      answers: draft.answers,
      idempotencyKey: postedKey,
      source: 'web',
      draftId: draft.id,
      keySecret,
    });
    switch (result.outcome) {
      case 'stored':
      case 'already-stored':
        setAnswering(request, link.survey.id, { draftId: answering.draftId, key: answering.key, language: answering.language, sent: true });
        return reply.redirect(`${base(link)}/sent`);
      case 'invalid':
        return renderCheck(reply, { link, draft, definition, language: displayLanguage(definition, draft.language), answering }, result.errors);
      case 'closed':
        return closedPage(reply, link, language, 'closed');
      case 'unknown-language':
        return reply.redirect(`${base(link)}/language?from=check`);
      case 'bad-key':
      case 'key-reused':
        return startAgainPage(reply, link, result.message);
    }
  });

  app.get('/s/:linkCode/sent', { config: publicRoute }, async (request, reply) => {
    const link = await linkOf(request);
    const language = displayLanguage(link.survey.definition, answeringOf(request, link.survey.id)?.language);
    return reply.view(`${VIEWS}/respond-sent.njk`, locals(link, language));
  });

  // ---- Save and come back later --------------------------------------------------------------

  app.get('/s/:linkCode/saved', { config: publicRoute }, async (request, reply) => {
    const link = await linkOf(request);
    const answering = answeringOf(request, link.survey.id);
    if (!answering?.resumeCode || answering.sent) return reply.redirect(base(link));
    return reply.view(`${VIEWS}/respond-saved.njk`, {
      ...locals(link, displayLanguage(link.survey.definition, answering.language)),
      code: answering.resumeCode,
      carryOnPath: `${base(link)}/resume`,
    });
  });

  function renderResume(reply: FastifyReply, link: RespondentLink, language: Language, form: { code?: string; error?: string } = {}) {
    return reply.view(`${VIEWS}/respond-resume.njk`, {
      ...locals(link, language),
      code: form.code,
      error: form.error,
      errors: form.error ? [{ text: form.error, href: '#code' }] : undefined,
      back: base(link),
    });
  }

  app.get('/s/:linkCode/resume', { config: publicRoute }, async (request, reply) => {
    const link = await linkOf(request);
    const { lang } = fromQuery.parse(request.query);
    const language = displayLanguage(link.survey.definition, lang, answeringOf(request, link.survey.id)?.language);
    return notOpenPage(reply, link, language) ?? renderResume(reply, link, language);
  });

  app.post('/s/:linkCode/resume', { config: { ...publicRoute, rateLimit: formLimit } }, async (request, reply) => {
    const link = await linkOf(request);
    const definition = link.survey.definition;
    const { lang } = fromQuery.parse(request.query);
    const language = displayLanguage(definition, lang, answeringOf(request, link.survey.id)?.language);
    const closed = notOpenPage(reply, link, language);
    if (closed) return closed;
    const { code = '' } = resumeForm.parse(request.body ?? {});
    const found = await resumeDraft(kysely, link.survey.id, code);
    if (found === 'malformed' || found === 'unknown') {
      const t = respondentPhrases(definition, language.code);
      return renderResume(reply, link, language, { code, error: found === 'malformed' ? t.errorResumeCode : t.errorResumeUnknown });
    }
    setAnswering(request, link.survey.id, { draftId: found.id, key: found.idempotencyKey, language: found.language });
    return reply.redirect(carryOnPath({ link, definition }, found.answers));
  });

  // ---- The API -------------------------------------------------------------------------------

  /** The link from the cache; a survey the cache saw before it opened is looked up again. */
  async function apiLink(code: string): Promise<RespondentLink | undefined> {
    const link = await links.get(code);
    if (!link || link.survey.opensAt === null || link.survey.opensAt > new Date()) return links.refresh(code);
    return link;
  }

  app.post(
    '/api/surveys/:linkCode/responses',
    // A JSON answer needs no page security headers (CSP nonces cost a fifth of this route's time); it sets its own.
    { bodyLimit: API_BODY_LIMIT, config: { ...publicRoute, csrf: false }, helmet: false, onRequest: submissionLimit },
    async (request, reply) => {
      reply.header('x-content-type-options', 'nosniff').header('cache-control', 'no-store');
      const params = linkParams.safeParse(request.params);
      const link = params.success ? await apiLink(params.data.linkCode) : undefined;
      if (!link) return reply.code(404).send({ error: 'There is no survey at this address.' });
      const state = surveyState({ opens_at: link.survey.opensAt, closes_at: link.survey.closesAt }, new Date());
      if (state === 'closed') return reply.code(410).send({ error: 'This survey is closed, so no more answers can be sent.' });
      if (state !== 'open') return reply.code(403).send({ error: 'This survey is not open yet, so it cannot take answers.' });

      const key = request.headers['idempotency-key'];
      if (typeof key !== 'string' || key.trim() === '') {
        return reply.code(400).send({ error: 'Send an Idempotency-Key header with a new UUID for each response, like 3b241101-e2bb-4255-8caf-4136c566a962.' });
      }
      const body = apiSubmissionSchema.safeParse(request.body);
      if (!body.success) {
        return reply.code(400).send({ error: 'The body must be a JSON object like {"language": "en", "answers": {"question_id": "value"}}.', details: describeIssues(body.error.issues) });
      }

      const result = await submitResponse(kysely, link.survey, {
        surveyId: link.survey.id,
        channelId: link.channel.id,
        language: body.data.language,
        answers: body.data.answers,
        idempotencyKey: key.trim(),
        source: 'api',
        keySecret,
      });
      switch (result.outcome) {
        case 'stored':
          return reply.code(201).send({ status: 'stored', id: result.responseId });
        case 'already-stored':
          return reply.code(200).send({ status: 'already-stored', id: result.responseId });
        case 'invalid':
          return reply.code(422).send({ errors: result.errors.map((e) => ({ question: e.questionId, message: e.message })) });
        case 'key-reused':
          return reply.code(409).send({ error: result.message });
        case 'bad-key':
        case 'unknown-language':
          return reply.code(400).send({ error: result.message });
        case 'closed':
          return reply.code(410).send({ error: result.message });
      }
    },
  );
}
