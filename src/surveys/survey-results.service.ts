// Use cases for survey results: the full analysis for inspectors (every view audited), the
// suppressed summary for the local area and families, and sharing that summary by link.
import type { Kysely } from 'kysely';
import type { Actor, Context } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { suppressResult, type AnalysisResult } from './survey-analysis.ts';
import { analyseSurvey, getAnalysis } from './survey-analysis.service.ts';
import { findSurveyBySharedToken, findSurveyForSharing, selectSummaryHeading, updateSummarySharing } from './survey-results.repository.ts';
import type { AudienceAnalysis } from './survey-results-view.ts';
import { SurveyNotFoundError, listSurveys, toSurvey, type Survey } from './survey.service.ts';
import { newSummaryToken } from './survey.ts';

type Tx = Kysely<Database>;

/** Sharing refused by a rule (the survey is still open); nothing was written. */
export class SummaryShareError extends Error {}

export type SummaryHeading = { reference: string; laCode: string; areaName: string };

export async function summaryHeading(db: Tx, inspectionId: string): Promise<SummaryHeading> {
  const row = await selectSummaryHeading(db, inspectionId);
  if (!row) throw new SurveyNotFoundError();
  return { reference: row.reference, laCode: row.la_code, areaName: row.area_name };
}

async function auditView(db: Tx, survey: Survey | undefined, inspectionId: string, action: string, actor: Actor, details: Record<string, unknown>, context: Context): Promise<void> {
  const heading = await selectSummaryHeading(db, inspectionId);
  await recordAudit(db, {
    actor,
    action,
    inspectionId,
    laCode: heading?.la_code ?? null,
    subjectType: survey ? 'survey' : 'inspection',
    subjectId: survey?.id ?? inspectionId,
    details: survey ? { audience: survey.audience, ...details } : details,
    requestId: context.requestId,
  });
}

/**
 * The full analysis, small numbers and all, for the inspection team. Each view is on record:
 * `details` says which page and filters, so the log shows who saw what.
 */
export async function viewFullResults(db: Tx, survey: Survey, actor: Actor, details: Record<string, unknown>, context: Context = {}): Promise<AnalysisResult> {
  const result = await getAnalysis(db, survey.id);
  await auditView(db, survey, survey.inspectionId, 'survey.results-viewed', actor, details, context);
  return result;
}

/** Puts on record that a team member read a survey's comments (they hold what the analysis counts). */
export async function recordCommentsView(db: Tx, survey: Survey, actor: Actor, details: Record<string, unknown>, context: Context = {}): Promise<void> {
  await auditView(db, survey, survey.inspectionId, 'survey.results-viewed', actor, { page: 'comments', ...details }, context);
}

/** Analyses the survey again now, rather than when its responses or corrections next change. */
export async function recalculateResults(db: Tx, survey: Survey, actor: Actor, context: Context = {}): Promise<AnalysisResult> {
  const result = await analyseSurvey(db, survey.id);
  await auditView(db, survey, survey.inspectionId, 'survey.results-recalculated', actor, { responseCount: result.responseCount }, context);
  return result;
}

/** The full analyses of an inspection's surveys, for the themes across them; audited as one view. */
export async function viewInspectionThemes(db: Tx, inspectionId: string, actor: Actor, context: Context = {}): Promise<AudienceAnalysis[]> {
  const surveys = await listSurveys(db, inspectionId);
  const analyses: AudienceAnalysis[] = [];
  for (const survey of surveys) analyses.push({ audience: survey.audience, result: await getAnalysis(db, survey.id) });
  await auditView(db, undefined, inspectionId, 'survey.results-viewed', actor, { page: 'themes' }, context);
  return analyses;
}

/**
 * What the local area and families may see: the analysis with every figure under the survey's
 * threshold suppressed. The full result never leaves this function.
 */
export async function suppressedSummary(db: Tx, survey: Survey): Promise<AnalysisResult> {
  return suppressResult(await getAnalysis(db, survey.id), survey.suppressionThreshold);
}

/** Puts on record that someone outside the inspection team read a survey's summary. */
export async function recordSummaryView(db: Tx, survey: Survey, actor: Actor, details: Record<string, unknown>, context: Context = {}): Promise<void> {
  await auditView(db, survey, survey.inspectionId, 'survey.summary-viewed', actor, details, context);
}

/**
 * Shares the summary with anyone who has its link. Only once the survey has closed, so that the
 * figures people are shown no longer change. Each share has a new token: a link that was
 * withdrawn stays withdrawn.
 */
export async function shareSummary(db: Tx, surveyId: string, actor: Actor, context: Context = {}, now: Date = new Date()): Promise<Survey> {
  return db.transaction().execute(async (trx) => {
    const row = await findSurveyForSharing(trx, surveyId);
    if (!row) throw new SurveyNotFoundError();
    const survey = toSurvey(row, now);
    if (survey.state !== 'closed') throw new SummaryShareError('The summary can be shared once the survey has closed, when its figures no longer change.');
    if (survey.summarySharedAt) return survey;
    const updated = await updateSummarySharing(trx, surveyId, { summary_token: newSummaryToken(), summary_shared_at: now });
    await auditView(trx, survey, survey.inspectionId, 'survey.summary-shared', actor, {}, context);
    return toSurvey(updated, now);
  });
}

export async function stopSharingSummary(db: Tx, surveyId: string, actor: Actor, context: Context = {}): Promise<Survey> {
  return db.transaction().execute(async (trx) => {
    const row = await findSurveyForSharing(trx, surveyId);
    if (!row) throw new SurveyNotFoundError();
    const survey = toSurvey(row);
    if (!survey.summarySharedAt) return survey;
    const updated = await updateSummarySharing(trx, surveyId, { summary_shared_at: null });
    await auditView(trx, survey, survey.inspectionId, 'survey.summary-unshared', actor, {}, context);
    return toSurvey(updated);
  });
}

/** The survey whose summary a link shares, or undefined for an unknown or withdrawn link. */
export async function findSharedSummary(db: Tx, token: string): Promise<Survey | undefined> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return undefined;
  const row = await findSurveyBySharedToken(db, token);
  return row && toSurvey(row);
}
