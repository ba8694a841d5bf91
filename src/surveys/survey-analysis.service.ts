// Use cases of survey analysis: analysing a survey as a stream of responses, keeping the result
// until it is out of date, listing comments with their themes, and inspectors' theme corrections.
//
// The API the results pages and exports build on (keep these signatures stable):
//
//   analyseSurvey(db, surveyId, options?: AnalyseOptions): Promise<AnalysisResult>
//     Reads every response once, in batches, and stores the full (unsuppressed) result.
//   getAnalysis(db, surveyId): Promise<AnalysisResult>
//     The stored result while it is current (same response count and definition version, no
//     correction since), otherwise a new analysis. Throws SurveyNotFoundError.
//   suppressResult(result, threshold): AnalysisResult            (in survey-analysis.ts)
//     What the local area and shared exports may see.
//   recalculateAnalysis(db, surveyId, actor, context?): Promise<AnalysisResult>
//     A new analysis on request, audited.
//   listComments(db, surveyId, { questionId?, theme?, page, pageSize }): Promise<CommentPage>
//     Redacted comments with their themes (the correction, or the model's) and sentiment.
//   findComment(db, surveyId, responseId, questionId): Promise<CommentItem | undefined>
//   correctCommentThemes(db, { surveyId, responseId, questionId, themes }, actor, context?): Promise<CommentItem>
//     Records an inspector's themes for one comment (audited); throws SurveyChangeError.
import type { Kysely } from 'kysely';
import type { Actor, Context } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { codeComment } from './comment-coding.ts';
import { analysisWorkerCount, commentSource, startAnalysisWorkers, type AnalysisWorkerPool } from './comment-worker.ts';
import {
  addResponse,
  compilePlan,
  correctionKey,
  createAccumulator,
  finishAnalysis,
  memoiseCoder,
  mergeAccumulators,
  parseAnswers,
  type AnalysisResult,
  type CommentCoding,
  type Sentiment,
} from './survey-analysis.ts';
import {
  countComments,
  deleteStoredAnalysis,
  findCorrection,
  findResponseText,
  findStoredAnalysis,
  hasMoreResponsesThan,
  selectAnalysisFreshness,
  selectCommentBatch,
  selectCommentsPage,
  selectCorrections,
  selectResponseBatch,
  upsertAnalysis,
  upsertCorrection,
  type ResponseBatchRow,
} from './survey-analysis.repository.ts';
import { selectInspectionLaCode } from './survey.repository.ts';
import { SurveyChangeError, SurveyNotFoundError, getSurvey, type Survey } from './survey.service.ts';
import { THEMES, isThemeCode, type ThemeCode } from './themes.ts';

type Tx = Kysely<Database>;

export const ANALYSIS_BATCH_SIZE = 5000;

export type AnalyseOptions = {
  /** Worker threads for a survey larger than one batch (default: analysisWorkerCount()); 0 analyses in this thread. */
  workers?: number;
  batchSize?: number;
  /** Called after each batch with the number of responses read so far. */
  onProgress?: (read: number) => void;
  /** Hands every batch to the workers, waiting for them to start (so tests exercise them). */
  waitForWorkers?: boolean;
};

async function requireSurvey(db: Tx, surveyId: string): Promise<Survey> {
  const survey = await getSurvey(db, surveyId);
  if (!survey) throw new SurveyNotFoundError();
  return survey;
}

async function loadCorrections(db: Tx, surveyId: string): Promise<Map<string, ThemeCode[]>> {
  const rows = await selectCorrections(db, surveyId);
  return new Map(rows.map((r) => [correctionKey(r.response_id, r.question_id), r.themes.filter(isThemeCode)]));
}

/**
 * Analyses every response of a survey and stores the result. Responses are read in batches in
 * id order; a survey of one batch is counted in this thread, a larger one mostly by worker
 * threads (parsing, counting and coding comments) while this thread reads the next batch.
 */
export async function analyseSurvey(db: Tx, surveyId: string, options: AnalyseOptions = {}): Promise<AnalysisResult> {
  const survey = await requireSurvey(db, surveyId);
  // Taken before the corrections are read: a correction made while this runs makes the result out of date.
  const computedAt = new Date();
  const corrections = await loadCorrections(db, surveyId);
  const plan = compilePlan(survey.definition);
  const acc = createAccumulator(plan);
  const source = commentSource(corrections);
  const batchSize = options.batchSize ?? ANALYSIS_BATCH_SIZE;
  const workers = options.workers ?? analysisWorkerCount();
  let pool: AnalysisWorkerPool | undefined;
  try {
    let read = 0;
    let next = readBatch(db, surveyId, 0, batchSize);
    // Starting workers costs more than counting one batch, so only a larger survey has them; this
    // thread counts batches until one of them is ready.
    if (workers > 0 && (await hasMoreResponsesThan(db, surveyId, batchSize))) {
      pool = startAnalysisWorkers(workers, { definition: survey.definition, corrections: [...corrections] });
    }
    for (;;) {
      const rows = await next;
      if (rows.length === 0) break;
      read += rows.length;
      const more = rows.length === batchSize;
      if (more) next = readBatch(db, surveyId, rows[rows.length - 1].id, batchSize);
      if (pool && (options.waitForWorkers || pool.accepting())) await pool.submit(rows);
      else for (const row of rows) addResponse(plan, acc, { id: row.id, language: row.language, answers: parseAnswers(row.answers) }, source);
      options.onProgress?.(read);
      if (!more) break;
    }
    if (pool) for (const part of await pool.finish()) mergeAccumulators(acc, part);
  } finally {
    await pool?.close();
  }
  const result = finishAnalysis(plan, acc, { surveyId, audience: survey.audience, computedAt, definitionVersion: survey.definitionVersion });
  await upsertAnalysis(db, { surveyId, responseCount: acc.responseCount, result: JSON.stringify(result), computedAt });
  return result;
}

/** Starts reading a batch; a failure is reported when the batch is awaited, not as an unhandled rejection meanwhile. */
function readBatch(db: Tx, surveyId: string, afterId: number, limit: number): Promise<ResponseBatchRow[]> {
  const reading = selectResponseBatch(db, surveyId, afterId, limit);
  reading.catch(() => {});
  return reading;
}

// Several pages may ask for the same survey's analysis at once: they share one run.
const running = new Map<string, Promise<AnalysisResult>>();

export async function getAnalysis(db: Tx, surveyId: string): Promise<AnalysisResult> {
  const survey = await requireSurvey(db, surveyId);
  const [stored, freshness] = await Promise.all([findStoredAnalysis(db, surveyId), selectAnalysisFreshness(db, surveyId)]);
  if (stored) {
    const result = stored.result as AnalysisResult;
    const current =
      stored.response_count === freshness.responses &&
      result.definitionVersion === survey.definitionVersion &&
      (freshness.latestCorrection === null || freshness.latestCorrection <= stored.computed_at);
    if (current) return result;
  }
  let run = running.get(surveyId);
  if (!run) {
    run = analyseSurvey(db, surveyId).finally(() => running.delete(surveyId));
    running.set(surveyId, run);
  }
  return run;
}

/** Analyses the survey again now, whatever is stored, and puts on record who asked. */
export async function recalculateAnalysis(db: Tx, surveyId: string, actor: Actor, context: Context = {}): Promise<AnalysisResult> {
  const result = await analyseSurvey(db, surveyId);
  const survey = await requireSurvey(db, surveyId);
  await recordAudit(db, {
    actor,
    action: 'survey.analysis-recalculated',
    inspectionId: survey.inspectionId,
    laCode: await selectInspectionLaCode(db, survey.inspectionId),
    subjectType: 'survey',
    subjectId: survey.id,
    details: { audience: survey.audience, responseCount: result.responseCount },
    requestId: context.requestId,
  });
  return result;
}

// ---- Comments ------------------------------------------------------------------------------

export type CommentTheme = { code: ThemeCode; name: string; confidence: number };

export type CommentItem = {
  responseId: number;
  questionId: string;
  questionText: string;
  /** The comment with personal details removed: the original is never listed. */
  redacted: string;
  /** The inspector's correction (confidence 1) or the model's themes, most likely first. */
  themes: CommentTheme[];
  corrected: boolean;
  sentiment: Sentiment;
};

export type CommentPage = { items: CommentItem[]; total: number; page: number; pageSize: number };

export type CommentFilter = { questionId?: string; theme?: ThemeCode; page?: number; pageSize?: number };

export const MAX_COMMENT_PAGE_SIZE = 200;

const THEME_NAMES: ReadonlyMap<string, string> = new Map(THEMES.map((t) => [t.code, t.name]));

function themesOf(coding: CommentCoding, corrected: readonly ThemeCode[] | undefined): CommentTheme[] {
  const themes = corrected ? corrected.map((code) => ({ code, confidence: 1 })) : coding.themes;
  return themes.map((t) => ({ code: t.code, name: THEME_NAMES.get(t.code) ?? t.code, confidence: t.confidence }));
}

function commentItem(row: { response_id: number; question_id: string; text: string }, questionText: string, coding: CommentCoding, corrected: readonly ThemeCode[] | undefined): CommentItem {
  return {
    responseId: row.response_id,
    questionId: row.question_id,
    questionText,
    redacted: coding.redacted,
    themes: themesOf(coding, corrected),
    corrected: corrected !== undefined,
    sentiment: coding.sentiment,
  };
}

/**
 * A page of a survey's comments, oldest response first, coded as they are listed. Filtering by
 * theme has to code every comment to know which match: it reads them all a batch at a time,
 * which takes a second or two for a survey of realistic size (a few thousand comments).
 */
export async function listComments(db: Tx, surveyId: string, filter: CommentFilter = {}): Promise<CommentPage> {
  const survey = await requireSurvey(db, surveyId);
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  const pageSize = Math.min(MAX_COMMENT_PAGE_SIZE, Math.max(1, Math.floor(filter.pageSize ?? 50)));
  const textQuestions = survey.definition.questions.filter((q) => q.type === 'text' && (filter.questionId === undefined || q.id === filter.questionId));
  const questionIds = textQuestions.map((q) => q.id);
  const textOf = new Map(textQuestions.map((q) => [q.id, q.text]));
  const corrections = await loadCorrections(db, surveyId);
  const offset = (page - 1) * pageSize;
  if (!filter.theme) {
    const [total, rows] = await Promise.all([countComments(db, surveyId, questionIds), selectCommentsPage(db, surveyId, questionIds, offset, pageSize)]);
    const items = rows.map((row) => commentItem(row, textOf.get(row.question_id)!, codeComment(row.text), corrections.get(correctionKey(row.response_id, row.question_id))));
    return { items, total, page, pageSize };
  }
  const code = memoiseCoder(codeComment);
  const items: CommentItem[] = [];
  let total = 0;
  let after = { responseId: 0, position: -1 };
  for (;;) {
    const rows = await selectCommentBatch(db, surveyId, questionIds, after, ANALYSIS_BATCH_SIZE);
    for (const row of rows) {
      const corrected = corrections.get(correctionKey(row.response_id, row.question_id));
      const coding = code(row.text);
      const themes = corrected ?? coding.themes.map((t) => t.code);
      if (!themes.includes(filter.theme)) continue;
      if (total >= offset && items.length < pageSize) items.push(commentItem(row, textOf.get(row.question_id)!, coding, corrected));
      total++;
    }
    if (rows.length < ANALYSIS_BATCH_SIZE) break;
    const last = rows[rows.length - 1];
    after = { responseId: last.response_id, position: last.position };
  }
  return { items, total, page, pageSize };
}

/** One comment, redacted and coded; undefined when the response or its comment is not there. */
export async function findComment(db: Tx, surveyId: string, responseId: number, questionId: string): Promise<CommentItem | undefined> {
  const survey = await getSurvey(db, surveyId);
  const question = survey?.definition.questions.find((q) => q.id === questionId);
  if (!survey || !question || question.type !== 'text' || !Number.isSafeInteger(responseId)) return undefined;
  const answer = await findResponseText(db, surveyId, responseId, questionId);
  if (!answer || answer.kind !== 'string' || !answer.text?.trim()) return undefined;
  const correction = await findCorrection(db, responseId, questionId);
  const corrected = correction ? correction.themes.filter(isThemeCode) : undefined;
  return commentItem({ response_id: responseId, question_id: questionId, text: answer.text }, question.text, codeComment(answer.text), corrected);
}

export type CommentCorrection = { surveyId: string; responseId: number; questionId: string; themes: readonly string[] };

export const MAX_CORRECTED_THEMES = 3;

/**
 * An inspector's themes for one comment: one to three from the taxonomy, most important first.
 * They replace the model's in every analysis from now on; the stored analysis is dropped.
 */
export async function correctCommentThemes(db: Tx, correction: CommentCorrection, actor: Actor, context: Context = {}): Promise<CommentItem> {
  const themes = [...new Set(correction.themes)];
  if (themes.length === 0) throw new SurveyChangeError('themes', 'Choose at least one theme');
  if (themes.length > MAX_CORRECTED_THEMES) throw new SurveyChangeError('themes', `Choose no more than ${MAX_CORRECTED_THEMES} themes`);
  const unknown = themes.find((t) => !isThemeCode(t));
  if (unknown !== undefined) throw new SurveyChangeError('themes', `"${unknown}" is not a theme: choose themes from the list`);
  const chosen = themes as ThemeCode[];
  if (!Number.isSafeInteger(correction.responseId) || correction.responseId < 1) throw new SurveyChangeError('responseId', 'There is no such response to this survey');
  return db.transaction().execute(async (trx) => {
    const survey = await requireSurvey(trx, correction.surveyId);
    const question = survey.definition.questions.find((q) => q.id === correction.questionId);
    if (!question || question.type !== 'text') throw new SurveyChangeError('questionId', 'Only answers to free-text questions have themes');
    const answer = await findResponseText(trx, survey.id, correction.responseId, question.id);
    if (!answer) throw new SurveyChangeError('responseId', 'There is no such response to this survey');
    if (answer.kind !== 'string' || !answer.text?.trim()) throw new SurveyChangeError('questionId', 'This response has no comment for that question');
    const coding = codeComment(answer.text);
    const previous = await findCorrection(trx, correction.responseId, question.id);
    await upsertCorrection(trx, { surveyId: survey.id, responseId: correction.responseId, questionId: question.id, themes: chosen, correctedBy: actor.id, correctedAt: new Date() });
    await deleteStoredAnalysis(trx, survey.id);
    await recordAudit(trx, {
      actor,
      action: 'survey.comment-recoded',
      inspectionId: survey.inspectionId,
      laCode: await selectInspectionLaCode(trx, survey.inspectionId),
      subjectType: 'survey',
      subjectId: survey.id,
      details: {
        audience: survey.audience,
        responseId: correction.responseId,
        questionId: question.id,
        themes: chosen,
        previousThemes: previous ? previous.themes : coding.themes.map((t) => t.code),
        previousSource: previous ? 'correction' : 'model',
      },
      requestId: context.requestId,
    });
    return commentItem({ response_id: correction.responseId, question_id: question.id, text: answer.text }, question.text, coding, chosen);
  });
}
