// Use cases for surveys: creating an inspection's surveys from the templates, changing wording,
// opening and closing, channels, answering (drafts, save and return, submitting once) and live counts.
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { surveyTemplateDefinition } from '../frameworks/survey-templates.ts';
import { getInspection, inspectionScope, isUuid, type Actor, type Context } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Scope } from '../platform/auth/permissions.ts';
import type { Database } from '../platform/db/schema.ts';
import {
  DEFAULT_LANGUAGE,
  DRAFT_RETENTION_DAYS,
  SURVEY_AUDIENCES,
  audienceFromSlug,
  contentHash,
  definitionProblems,
  findLanguage,
  hashResumeCode,
  isClientKeyValid,
  isSignedKeyValid,
  issueIdempotencyKey,
  mayEditWording,
  missingTranslations,
  newChannelCode,
  newResumeCode,
  normaliseResumeCode,
  offeredLanguages,
  surveyDefinitionSchema,
  surveyState,
  validateResponse,
  type AnswerError,
  type Answers,
  type RawAnswer,
  type SurveyAudience,
  type SurveyDefinition,
  type SurveyState,
} from './survey.ts';
import {
  countResponsesByChannel,
  countResponsesByDay,
  countResponsesByLanguage,
  countResponsesBySurvey,
  deleteDraft,
  deleteExpiredDrafts,
  findChannelByCode,
  findChannelByName,
  findDraft,
  findDraftByResumeCode,
  findResponseByKey,
  findSurveyByAudience,
  findSurveyById,
  findSurveyByIdForUpdate,
  insertChannel,
  insertDraft,
  insertResponseIfOpen,
  insertSurvey,
  selectChannels,
  selectInspectionLaCode,
  selectSurveysOfInspection,
  updateDraft,
  updateSurvey,
} from './survey.repository.ts';
import type { ResponseSource, SurveyChannelRow, SurveyDraftRow, SurveyRow } from './survey.table.ts';

type Tx = Kysely<Database>;

export type Survey = {
  id: string;
  inspectionId: string;
  audience: SurveyAudience;
  definition: SurveyDefinition;
  definitionVersion: number;
  opensAt: Date | null;
  closesAt: Date | null;
  state: SurveyState;
  suppressionThreshold: number;
  summaryToken: string | null;
  summarySharedAt: Date | null;
  updatedAt: Date;
};

export function toSurvey(row: SurveyRow, now: Date = new Date()): Survey {
  return {
    id: row.id,
    inspectionId: row.inspection_id,
    audience: row.audience,
    // Stored definitions were validated before they were written.
    definition: row.definition,
    definitionVersion: row.definition_version,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    state: surveyState(row, now),
    suppressionThreshold: row.suppression_threshold,
    summaryToken: row.summary_token,
    summarySharedAt: row.summary_shared_at,
    updatedAt: row.updated_at,
  };
}

/** A change that breaks a survey rule; `field` names the form field it is about. Nothing was written. */
export class SurveyChangeError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

export class SurveyNotFoundError extends Error {
  readonly statusCode = 404;
  constructor() {
    super('There is no such survey');
  }
}

// ---- Reading -------------------------------------------------------------------------------

export async function getSurvey(db: Tx, id: string): Promise<Survey | undefined> {
  const row = await findSurveyById(db, id);
  return row && toSurvey(row);
}

export async function getSurveyByAudience(db: Tx, inspectionId: string, audience: SurveyAudience): Promise<Survey | undefined> {
  const row = await findSurveyByAudience(db, inspectionId, audience);
  return row && toSurvey(row);
}

export type SurveySummary = Survey & { responseCount: number };

/** The inspection's surveys in audience order, with how many responses each has. */
export async function listSurveys(db: Tx, inspectionId: string): Promise<SurveySummary[]> {
  const rows = await selectSurveysOfInspection(db, inspectionId);
  const counts = await countResponsesBySurvey(db, rows.map((r) => r.id));
  return rows
    .map((row) => ({ ...toSurvey(row), responseCount: counts.get(row.id) ?? 0 }))
    .sort((a, b) => SURVEY_AUDIENCES.indexOf(a.audience) - SURVEY_AUDIENCES.indexOf(b.audience));
}

/**
 * Scope for pages under /inspections/:inspectionId/surveys/:audience: the inspection's, or null
 * (404) when the inspection or the survey does not exist or the visitor may not see it.
 */
export function surveyScope(db: Tx): (request: FastifyRequest) => Promise<Scope | null> {
  const ofInspection = inspectionScope(db);
  return async (request) => {
    const scope = await ofInspection(request);
    if (!scope) return null;
    const params = request.params as { audience?: unknown } | undefined;
    if (params?.audience !== undefined) {
      const audience = audienceFromSlug(params.audience);
      if (!audience || !(await findSurveyByAudience(db, scope.inspectionId!, audience))) return null;
    }
    return scope;
  };
}

// ---- Creating ------------------------------------------------------------------------------

/** The smallest number of responses a figure shown to the local area may rest on, unless configured. */
export const DEFAULT_SUPPRESSION_THRESHOLD = 10;

/**
 * Creates the three surveys from the templates of the inspection's framework; existing ones are
 * kept. Each keeps the suppression threshold in force when it was created.
 */
export async function createSurveys(
  db: Tx,
  inspectionId: string,
  actor: Actor,
  context: Context = {},
  suppressionThreshold: number = DEFAULT_SUPPRESSION_THRESHOLD,
): Promise<Survey[]> {
  return db.transaction().execute(async (trx) => {
    const details = await getInspection(trx, inspectionId);
    if (!details) throw new SurveyNotFoundError();
    const revision = details.framework;
    const created: Survey[] = [];
    for (const audience of SURVEY_AUDIENCES) {
      if (await findSurveyByAudience(trx, inspectionId, audience)) continue;
      const definition = surveyTemplateDefinition(audience, revision.code);
      const row = await insertSurvey(trx, {
        inspection_id: inspectionId,
        audience,
        definition: JSON.stringify(definition),
        opens_at: null,
        closes_at: null,
        summary_token: null,
        summary_shared_at: null,
        suppression_threshold: suppressionThreshold,
        created_by: actor.id,
      });
      await recordAudit(trx, {
        actor,
        action: 'survey.created',
        inspectionId,
        laCode: details.inspection.la_code,
        subjectType: 'survey',
        subjectId: row.id,
        details: { audience, framework: revision.code, revision: revision.revision, suppressionThreshold },
        requestId: context.requestId,
      });
      created.push(toSurvey(row));
    }
    return created;
  });
}

// ---- Changing wording and languages ----------------------------------------------------------

async function lockedSurvey(trx: Tx, surveyId: string): Promise<{ row: SurveyRow; survey: Survey }> {
  const row = await findSurveyByIdForUpdate(trx, surveyId);
  if (!row) throw new SurveyNotFoundError();
  return { row, survey: toSurvey(row) };
}

async function auditSurvey(trx: Tx, survey: Survey, actor: Actor, action: string, details: Record<string, unknown>, context: Context): Promise<void> {
  await recordAudit(trx, {
    actor,
    action,
    inspectionId: survey.inspectionId,
    laCode: await selectInspectionLaCode(trx, survey.inspectionId),
    subjectType: 'survey',
    subjectId: survey.id,
    details: { audience: survey.audience, ...details },
    requestId: context.requestId,
  });
}

/**
 * Replaces the definition after `change` edits a copy of it. The result is validated as a whole;
 * wording may change only before the survey opens, translations at any time.
 */
export async function changeDefinition(
  db: Tx,
  surveyId: string,
  actor: Actor,
  change: { action: string; wording: boolean; details?: Record<string, unknown>; edit: (definition: SurveyDefinition) => SurveyDefinition },
  context: Context = {},
): Promise<Survey> {
  return db.transaction().execute(async (trx) => {
    const { survey } = await lockedSurvey(trx, surveyId);
    if (change.wording && !mayEditWording(survey.state)) {
      throw new SurveyChangeError('form', 'The wording cannot change once the survey has opened: people may already have answered it.');
    }
    const edited = change.edit(structuredClone(survey.definition));
    const parsed = surveyDefinitionSchema.safeParse(edited);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new SurveyChangeError(String(issue.path.at(-1) ?? 'form'), issue.message);
    }
    const row = await updateSurvey(trx, surveyId, {
      definition: JSON.stringify(parsed.data),
      definition_version: survey.definitionVersion + 1,
    });
    await auditSurvey(trx, survey, actor, change.action, change.details ?? {}, context);
    return toSurvey(row);
  });
}

/** Offers the survey in a language; every question and page text must be translated first. */
export async function offerLanguage(db: Tx, surveyId: string, language: string, actor: Actor, context: Context = {}): Promise<Survey> {
  if (!findLanguage(language) || language === DEFAULT_LANGUAGE) throw new SurveyChangeError('language', 'Choose a language from the list');
  return changeDefinition(
    db,
    surveyId,
    actor,
    {
      action: 'survey.language-offered',
      wording: false,
      details: { language },
      edit: (definition) => {
        const missing = missingTranslations(definition, language);
        if (missing.length) {
          throw new SurveyChangeError('language', `Translate everything before offering ${findLanguage(language)!.name}: ${missing.length} ${missing.length === 1 ? 'item is' : 'items are'} still in English only, starting with ${missing[0]}`);
        }
        if (!definition.languages.includes(language)) definition.languages.push(language);
        return definition;
      },
    },
    context,
  );
}

export async function withdrawLanguage(db: Tx, surveyId: string, language: string, actor: Actor, context: Context = {}): Promise<Survey> {
  return changeDefinition(
    db,
    surveyId,
    actor,
    {
      action: 'survey.language-withdrawn',
      wording: false,
      details: { language },
      edit: (definition) => ({ ...definition, languages: definition.languages.filter((l) => l !== language) }),
    },
    context,
  );
}

// ---- Opening and closing -------------------------------------------------------------------

export type Schedule = { opensAt: Date | null; closesAt: Date | null };

/** Sets when the survey opens and closes; either may be now. A closed survey stays closed. */
export async function scheduleSurvey(db: Tx, surveyId: string, schedule: Schedule, actor: Actor, context: Context = {}, now: Date = new Date()): Promise<Survey> {
  return db.transaction().execute(async (trx) => {
    const { survey } = await lockedSurvey(trx, surveyId);
    if (survey.state === 'closed') throw new SurveyChangeError('form', 'This survey has closed. A closed survey cannot be opened again, so that every response is from the same period.');
    if (schedule.opensAt && schedule.closesAt && schedule.closesAt <= schedule.opensAt) {
      throw new SurveyChangeError('closesAt', 'The closing date must be after the opening date');
    }
    if (survey.state === 'open' && schedule.opensAt && schedule.opensAt.getTime() !== survey.opensAt?.getTime()) {
      throw new SurveyChangeError('opensAt', 'The survey is already open, so its opening date cannot change');
    }
    if (schedule.closesAt && schedule.closesAt < now) throw new SurveyChangeError('closesAt', 'The closing date must be in the future');
    if (!schedule.opensAt && schedule.closesAt) throw new SurveyChangeError('opensAt', 'Enter an opening date as well as a closing date');
    const problems = definitionProblems(survey.definition);
    if (problems.length) throw new SurveyChangeError('form', problems[0]!.message);
    const row = await updateSurvey(trx, surveyId, { opens_at: schedule.opensAt, closes_at: schedule.closesAt });
    await auditSurvey(trx, survey, actor, 'survey.scheduled', { opensAt: schedule.opensAt?.toISOString() ?? null, closesAt: schedule.closesAt?.toISOString() ?? null }, context);
    return toSurvey(row);
  });
}

export async function openSurveyNow(db: Tx, surveyId: string, actor: Actor, context: Context = {}, now: Date = new Date()): Promise<Survey> {
  const survey = await getSurvey(db, surveyId);
  if (!survey) throw new SurveyNotFoundError();
  if (survey.state === 'open') throw new SurveyChangeError('form', 'The survey is already open');
  return scheduleSurvey(db, surveyId, { opensAt: now, closesAt: survey.closesAt && survey.closesAt > now ? survey.closesAt : null }, actor, context, now);
}

export async function closeSurveyNow(db: Tx, surveyId: string, actor: Actor, context: Context = {}, now: Date = new Date()): Promise<Survey> {
  return db.transaction().execute(async (trx) => {
    const { survey } = await lockedSurvey(trx, surveyId);
    if (survey.state !== 'open') throw new SurveyChangeError('form', survey.state === 'closed' ? 'The survey is already closed' : 'The survey is not open yet, so it cannot be closed');
    const row = await updateSurvey(trx, surveyId, { closes_at: now });
    await auditSurvey(trx, survey, actor, 'survey.closed', { closedAt: now.toISOString() }, context);
    return toSurvey(row);
  });
}

// ---- Channels ------------------------------------------------------------------------------

export const CHANNEL_NAME_MAX = 80;

export type Channel = { id: string; code: string; name: string; responseCount: number; createdAt: Date };

export async function addChannel(db: Tx, surveyId: string, name: string, actor: Actor, context: Context = {}): Promise<SurveyChannelRow> {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (!trimmed) throw new SurveyChangeError('name', 'Enter a name for the link, like "Parent carer forum"');
  if (trimmed.length > CHANNEL_NAME_MAX) throw new SurveyChangeError('name', `The name must be ${CHANNEL_NAME_MAX} characters or fewer`);
  return db.transaction().execute(async (trx) => {
    const { survey } = await lockedSurvey(trx, surveyId);
    if (survey.state === 'closed') throw new SurveyChangeError('name', 'The survey has closed, so no new links can be added');
    if (await findChannelByName(trx, surveyId, trimmed)) throw new SurveyChangeError('name', `There is already a link called "${trimmed}"`);
    const channel = await insertChannel(trx, { survey_id: surveyId, code: newChannelCode(), name: trimmed, created_by: actor.id });
    await auditSurvey(trx, survey, actor, 'survey.channel-added', { channel: trimmed, channelId: channel.id }, context);
    return channel;
  });
}

/** Each link with its response count; responses with no link (imported ones, say) are not listed. */
export async function listChannels(db: Tx, surveyId: string): Promise<Channel[]> {
  const [channels, counts] = await Promise.all([selectChannels(db, surveyId), countResponsesByChannel(db, surveyId)]);
  return channels.map((c) => ({ id: c.id, code: c.code, name: c.name, createdAt: c.created_at, responseCount: counts.get(c.id) ?? 0 }));
}

export type LiveCounts = {
  total: number;
  byChannel: { name: string; count: number }[];
  byDay: { date: string; count: number }[];
  byLanguage: { code: string; name: string; count: number }[];
};

export async function liveCounts(db: Tx, surveyId: string): Promise<LiveCounts> {
  const [channels, counts, byDay, byLanguage] = await Promise.all([
    selectChannels(db, surveyId),
    countResponsesByChannel(db, surveyId),
    countResponsesByDay(db, surveyId),
    countResponsesByLanguage(db, surveyId),
  ]);
  const byChannel = channels.map((c) => ({ name: c.name, count: counts.get(c.id) ?? 0 }));
  const unlinked = counts.get(null) ?? 0;
  if (unlinked) byChannel.push({ name: 'Imported or sent without a link', count: unlinked });
  return {
    total: [...counts.values()].reduce((a, b) => a + b, 0),
    byChannel,
    byDay,
    byLanguage: [...byLanguage].map(([code, count]) => ({ code, name: findLanguage(code)?.name ?? code, count })).sort((a, b) => b.count - a.count),
  };
}

// ---- Answering -----------------------------------------------------------------------------

export type RespondentLink = { channel: SurveyChannelRow; survey: Survey };

/** The survey behind a distribution link, or undefined when there is no such link. */
export async function findRespondentLink(db: Tx, code: string): Promise<RespondentLink | undefined> {
  if (!/^[A-Za-z0-9]{6,16}$/.test(code)) return undefined;
  const channel = await findChannelByCode(db, code);
  if (!channel) return undefined;
  const survey = await getSurvey(db, channel.survey_id);
  return survey && { channel, survey };
}

export class UnknownLanguageError extends Error {
  constructor(language: string) {
    super(`This survey is not offered in the language "${language}"`);
  }
}

function checkLanguage(survey: Survey, language: string): void {
  if (!offeredLanguages(survey.definition).some((l) => l.code === language)) throw new UnknownLanguageError(language);
}

export type Draft = { id: string; surveyId: string; channelId: string | null; language: string; answers: Answers; idempotencyKey: string };

function toDraft(row: SurveyDraftRow): Draft {
  return { id: row.id, surveyId: row.survey_id, channelId: row.channel_id, language: row.language, answers: row.answers, idempotencyKey: row.idempotency_key };
}

function draftExpiry(now: Date): Date {
  return new Date(now.getTime() + DRAFT_RETENTION_DAYS * 86_400_000);
}

export async function startDraft(db: Tx, link: RespondentLink, language: string, keySecret: string, now: Date = new Date()): Promise<Draft> {
  checkLanguage(link.survey, language);
  const row = await insertDraft(db, {
    survey_id: link.survey.id,
    channel_id: link.channel.id,
    language,
    idempotency_key: issueIdempotencyKey(keySecret, link.survey.id),
    expires_at: draftExpiry(now),
  });
  return toDraft(row);
}

export async function getDraft(db: Tx, id: string | undefined): Promise<Draft | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await findDraft(db, id);
  return row && toDraft(row);
}

export async function saveDraftAnswers(db: Tx, draft: Draft, answers: Answers): Promise<void> {
  await updateDraft(db, draft.id, { answers: JSON.stringify(answers) });
}

export async function changeDraftLanguage(db: Tx, draft: Draft, survey: Survey, language: string): Promise<void> {
  checkLanguage(survey, language);
  await updateDraft(db, draft.id, { language });
}

/** Gives the answers so far a code to come back with; a new code replaces any earlier one. */
export async function saveDraftForLater(db: Tx, draft: Draft, now: Date = new Date()): Promise<string> {
  const code = newResumeCode();
  await updateDraft(db, draft.id, { resume_code_hash: hashResumeCode(code), expires_at: draftExpiry(now) });
  return code;
}

/** The answers saved with a code, if the code is right and they have not expired or been sent. */
export async function resumeDraft(db: Tx, surveyId: string, input: string): Promise<Draft | 'malformed' | 'unknown'> {
  const code = normaliseResumeCode(input);
  if (!code) return 'malformed';
  const row = await findDraftByResumeCode(db, hashResumeCode(code));
  if (!row || row.survey_id !== surveyId) return 'unknown';
  return toDraft(row);
}

export type SubmitInput = {
  surveyId: string;
  channelId: string | null;
  language: string;
  answers: Record<string, RawAnswer | number>;
  idempotencyKey: string;
  source: ResponseSource;
  /** The web form's answers in progress, deleted with the same transaction that stores them. */
  draftId?: string;
  keySecret: string;
};

export type SubmitResult =
  | { outcome: 'stored'; responseId: number }
  /** The same answers were sent before with this key: nothing new stored, which is what the sender wanted. */
  | { outcome: 'already-stored'; responseId: number }
  | { outcome: 'invalid'; errors: AnswerError[] }
  | { outcome: 'bad-key'; message: string }
  | { outcome: 'key-reused'; message: string }
  | { outcome: 'closed'; message: string }
  | { outcome: 'unknown-language'; message: string };

/**
 * Stores a response exactly once. The insert checks the survey is open and the key new in one
 * statement, so two presses of the button, a browser retry or two app instances store it once.
 */
export async function submitResponse(db: Tx, survey: Survey, input: SubmitInput): Promise<SubmitResult> {
  const keyOk = input.source === 'web' ? isSignedKeyValid(input.keySecret, survey.id, input.idempotencyKey) : isClientKeyValid(input.idempotencyKey);
  if (!keyOk) {
    return {
      outcome: 'bad-key',
      message: input.source === 'web' ? 'This form was not issued by this survey. Start the survey again from its link.' : 'The Idempotency-Key header must be a UUID, like 3b241101-e2bb-4255-8caf-4136c566a962.',
    };
  }
  if (!offeredLanguages(survey.definition).some((l) => l.code === input.language)) {
    return { outcome: 'unknown-language', message: `This survey is not offered in the language "${input.language}". It is offered in: ${offeredLanguages(survey.definition).map((l) => `${l.code} (${l.name})`).join(', ')}.` };
  }
  const { answers, errors } = validateResponse(survey.definition, input.language, input.answers);
  if (errors.length) return { outcome: 'invalid', errors };
  const row = {
    survey_id: survey.id,
    channel_id: input.channelId,
    language: input.language,
    answers: JSON.stringify(answers),
    idempotency_key: input.idempotencyKey,
    content_hash: contentHash(input.language, answers),
    source: input.source,
    import_id: null,
  };
  // Without answers in progress to delete, the single insert is already atomic: no transaction needed.
  if (!input.draftId) return storeOnce(db, survey.id, row, async () => {});
  const draftId = input.draftId;
  return db.transaction().execute((trx) => storeOnce(trx, survey.id, row, () => deleteDraft(trx, draftId)));
}

async function storeOnce(
  db: Tx,
  surveyId: string,
  row: Parameters<typeof insertResponseIfOpen>[1],
  onStored: () => Promise<void>,
): Promise<SubmitResult> {
  const id = await insertResponseIfOpen(db, row);
  if (id !== undefined) {
    await onStored();
    return { outcome: 'stored', responseId: id };
  }
  const earlier = await findResponseByKey(db, surveyId, row.idempotency_key);
  if (earlier && earlier.content_hash === row.content_hash) {
    await onStored();
    return { outcome: 'already-stored', responseId: earlier.id };
  }
  if (earlier) return { outcome: 'key-reused', message: 'These answers were sent with a key that was already used for different answers, so they were not stored. Send them with a new key.' };
  return { outcome: 'closed', message: 'This survey is closed, so no more answers can be sent.' };
}

/** Answers in progress are deleted after DRAFT_RETENTION_DAYS unsent. */
export async function purgeExpiredDrafts(db: Tx, now: Date = new Date()): Promise<number> {
  return deleteExpiredDrafts(db, now);
}
