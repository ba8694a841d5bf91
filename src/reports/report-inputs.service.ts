// Gathers what a report is composed from through the other capabilities' services: the inspection, findings and outcome, the draft narrative, and the figures the product knows.
import type { Kysely } from 'kysely';
import { reviewSummary } from '../cases/plan-review.service.ts';
import { fieldworkTotals } from '../evidence/activity.service.ts';
import { findingsForReport, type FindingView, type OutcomeView } from '../findings/finding.service.ts';
import { getInspection, InspectionNotFoundError, listAllInspections, type Actor, type InspectionDetails } from '../inspections/inspection.service.ts';
import { isAfterPublication } from '../platform/auth/permissions.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { listSurveys } from '../surveys/survey.service.ts';
import { composeReport } from './compose.ts';
import { latestNarrative } from './report-draft.service.ts';
import type { DocumentCounts, NarrativeSections, ReportDocument } from './report-document.ts';

type Tx = Kysely<Database>;

export type ReportInputs = {
  details: InspectionDetails;
  findings: FindingView[];
  outcome: OutcomeView;
  narrative: NarrativeSections;
  counts: DocumentCounts;
  /** The first on-site day of the area's previous published inspection; null when it has none. */
  previousInspection: string | null;
  previousInspectionEnd: string | null;
};

/** Responses to the inspection's surveys; null when no survey of it ever opened (nothing to count, which is not the same as no responses). */
async function surveyResponses(db: Tx, inspectionId: string): Promise<number | null> {
  const surveys = (await listSurveys(db, inspectionId)).filter((s) => s.opensAt !== null || s.responseCount > 0);
  return surveys.length ? surveys.reduce((n, s) => n + s.responseCount, 0) : null;
}

/** People spoken to and settings visited; null counts when no fieldwork activity is recorded. */
async function fieldwork(db: Tx, inspectionId: string): Promise<Pick<DocumentCounts, 'familiesSpokenTo' | 'staffSpokenTo' | 'settingsVisited'>> {
  const totals = await fieldworkTotals(db, inspectionId);
  if (totals.activities === 0) return { familiesSpokenTo: null, staffSpokenTo: null, settingsVisited: null };
  return { familiesSpokenTo: totals.familiesSpokenTo, staffSpokenTo: totals.staffSpokenTo, settingsVisited: totals.settingsVisited };
}

/** EHC plans with a complete first review; null when no plans were sampled for review. */
async function plansReviewed(db: Tx, inspectionId: string): Promise<number | null> {
  const summary = await reviewSummary(db, inspectionId);
  return summary.plansToReview === 0 ? null : summary.firstReviewsComplete;
}

export async function reportCounts(db: Tx, inspectionId: string): Promise<DocumentCounts> {
  const [responses, people, plans] = await Promise.all([surveyResponses(db, inspectionId), fieldwork(db, inspectionId), plansReviewed(db, inspectionId)]);
  return { surveyResponses: responses, ...people, plansReviewed: plans };
}

/** The area's latest published inspection that ended before this one began, if any. */
async function previousInspection(db: Tx, details: InspectionDetails): Promise<{ start: string; end: string } | null> {
  const { inspection } = details;
  const earlier = (await listAllInspections(db, { laCode: inspection.la_code }))
    .filter((i) => i.id !== inspection.id && isAfterPublication(i.status) && i.onsite_end_date < inspection.onsite_start_date)
    .sort((a, b) => (a.onsite_start_date < b.onsite_start_date ? 1 : a.onsite_start_date > b.onsite_start_date ? -1 : 0));
  return earlier[0] ? { start: earlier[0].onsite_start_date, end: earlier[0].onsite_end_date } : null;
}

/**
 * Everything composition needs for one inspection. The narrative is the one given, else the latest
 * saved draft's, else none. Works for an inspection with no surveys, fieldwork, sample, findings or
 * draft (a historical one, say): what it lacks is null or empty.
 */
export async function gatherReportInputs(db: Tx, inspectionId: string, narrative?: NarrativeSections): Promise<ReportInputs> {
  const details = await getInspection(db, inspectionId);
  if (!details) throw new InspectionNotFoundError();
  const [{ findings, outcome }, sections, counts, previous] = await Promise.all([
    findingsForReport(db, inspectionId),
    narrative ? Promise.resolve(narrative) : latestNarrative(db, inspectionId).then((latest) => latest?.sections ?? {}),
    reportCounts(db, inspectionId),
    previousInspection(db, details),
  ]);
  return { details, findings, outcome, narrative: sections, counts, previousInspection: previous?.start ?? null, previousInspectionEnd: previous?.end ?? null };
}

/** The report as it would be composed now from the inspection's data and its latest draft. */
export async function composeCurrentReport(db: Tx, inspectionId: string): Promise<ReportDocument> {
  return composeReport(await gatherReportInputs(db, inspectionId));
}

export type ReportFileFormat = 'html' | 'pdf' | 'docx';

/** Records that someone took the report away as a file (before publication it is embargoed). */
export async function recordReportExport(
  db: Tx,
  details: InspectionDetails,
  format: ReportFileFormat,
  actor: Actor,
  extra: { via?: string; requestId?: string; publicationSequence?: number } = {},
): Promise<void> {
  await recordAudit(db, {
    actor,
    action: 'report.export',
    inspectionId: details.inspection.id,
    laCode: details.inspection.la_code,
    subjectType: 'report',
    subjectId: details.inspection.id,
    details: { format, ...(extra.via ? { via: extra.via } : {}), ...(extra.publicationSequence ? { publicationSequence: extra.publicationSequence } : {}) },
    requestId: extra.requestId,
  });
}
