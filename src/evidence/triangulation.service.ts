// Use cases of the triangulation: the matrix of criteria against kinds of source, and a
// criterion's page with all its evidence (notes, survey figures, case reviews, tracking), audited.
import type { Kysely } from 'kysely';
import { PLAN_REVIEW_INSTRUMENT } from '../cases/plan-review-instrument.ts';
import { aggregateResults, taggedReviewCounts, taggedReviews, type TaggedReview, type TaggedReviewCount } from '../cases/plan-review.service.ts';
import { taggedTrackingNoteCounts, taggedTrackingNotes, type TaggedTrackingNote } from '../cases/case-tracking.service.ts';
import type { Criterion, CriterionGroup } from '../frameworks/framework.ts';
import { getInspection, InspectionNotFoundError, type Actor, type Context, type InspectionDetails } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { suppressedSummary } from '../surveys/survey-results.service.ts';
import { listSurveys, type SurveySummary } from '../surveys/survey.service.ts';
import type { SurveyAudience } from '../surveys/survey.ts';
import { NOTE_SOURCE_LABELS, type NoteSourceKind, type Polarity } from './evidence.ts';
import { countCriterionNotes, selectCriterionNotes, selectNoteCounts, type CriterionNoteFilter, type CriterionNoteRow, type NoteCountRow } from './triangulation.repository.ts';
import { buildMatrix, excerpt, noteCounts, questionFigures, reviewCounts, trackingNoteCounts, type EvidenceCount, type Matrix, type MatrixRow } from './triangulation.ts';

type Tx = Kysely<Database>;

export type { CriterionNoteFilter };

/** Notes listed on a criterion's page at a time: enough to read through, few enough to stay quick. */
export const NOTES_PER_PAGE = 50;

async function detailsOf(db: Tx, inspectionId: string, details?: InspectionDetails): Promise<InspectionDetails> {
  const found = details ?? (await getInspection(db, inspectionId));
  if (!found) throw new InspectionNotFoundError();
  return found;
}

type Sources = { notes: NoteCountRow[]; tracking: Record<string, number>; reviews: TaggedReviewCount[] };

/** Every count the matrix holds: notes in one pass, then the tracking notes and plan reviews the cases capability keeps. */
async function countSources(db: Tx, inspectionId: string): Promise<Sources> {
  const [notes, tracking, reviews] = await Promise.all([selectNoteCounts(db, inspectionId), taggedTrackingNoteCounts(db, inspectionId), taggedReviewCounts(db, inspectionId)]);
  return { notes, tracking, reviews };
}

function evidenceCounts(sources: Sources): EvidenceCount[] {
  return [
    ...noteCounts(sources.notes.map((row) => ({ criterion: row.criterion, sourceKind: row.source_kind, polarity: row.polarity, count: row.n }))),
    ...trackingNoteCounts(sources.tracking),
    ...reviewCounts(sources.reviews),
  ];
}

/**
 * The triangulation matrix of an inspection: each criterion of its framework against each kind of
 * source. Counts only, no one's details, so the view is not audited. Pass `details` when the caller
 * has the inspection already.
 */
export async function matrix(db: Tx, inspectionId: string, details?: InspectionDetails): Promise<Matrix> {
  const found = await detailsOf(db, inspectionId, details);
  return buildMatrix(found.framework.definition.criterionGroups, evidenceCounts(await countSources(db, inspectionId)));
}

// ---- A criterion's page ------------------------------------------------------------------------

export type CriterionNote = {
  id: string;
  excerpt: string;
  /** Whether the excerpt is only the start of the note. */
  cut: boolean;
  polarity: Polarity;
  sourceKind: NoteSourceKind;
  /** Where the evidence came from, in words: "Fieldwork activity: Meeting with SENCOs". */
  source: string;
  author: string;
  createdAt: Date;
  updatedAt: Date;
};

export type NoteList = { items: CriterionNote[]; total: number; page: number; pageSize: number; pageCount: number; filter: CriterionNoteFilter };

export type SurveyQuestionFigures = { questionId: string; text: string; figures: string[] };

export type SurveyEvidence = {
  surveyId: string;
  audience: SurveyAudience;
  responseCount: number;
  /** Figures under this are not shown. */
  threshold: number;
  /** The survey's questions mapped to the criterion, with their figures (none until the survey has answers). */
  questions: SurveyQuestionFigures[];
  /** Questions mapped to the criterion that ask for written answers: their comments are on the survey's pages. */
  writtenQuestions: { questionId: string; text: string }[];
};

export type GradeCount = { code: string; label: string; count: number };

export type CaseReviewEvidence = {
  /** False when the viewer may not read case reviews: the counts in the row still show how many there are. */
  shown: boolean;
  /** Complete plan reviews tagged with the criterion (the matrix cell also counts notes about reviewed plans). */
  count: number;
  items: TaggedReview[];
  /** Complete first reviews across the sample, whatever their criteria, by overall grade. */
  completedReviews: number;
  grades: GradeCount[];
};

/** `count`: tracking notes tagged with the criterion, whether or not the viewer may read them. */
export type TrackingEvidence = { shown: boolean; count: number; items: TaggedTrackingNote[] };

export type CriterionPage = {
  criterion: Criterion & { groupTitle: string };
  row: MatrixRow;
  notes: NoteList;
  /** Whether the inspection has its surveys yet (none mapped to the criterion is a different answer). */
  surveysSetUp: boolean;
  surveys: SurveyEvidence[];
  reviews: CaseReviewEvidence;
  tracking: TrackingEvidence;
};

export type CriterionPageOptions = {
  filter?: CriterionNoteFilter;
  /** 1-based; a page past the last shows the last. */
  page?: number;
  /** Whether the viewer may read tracking notes and plan reviews (the cases pages' permission). */
  caseDetail?: boolean;
  details?: InspectionDetails;
};

function findCriterion(groups: readonly CriterionGroup[], code: string): { criterion: Criterion; group: CriterionGroup } | undefined {
  for (const group of groups) {
    const criterion = group.criteria.find((c) => c.code === code);
    if (criterion) return { criterion, group };
  }
  return undefined;
}

function sourceInWords(row: CriterionNoteRow): string {
  const label = NOTE_SOURCE_LABELS[row.source_kind];
  const detail = row.source_kind === 'activity' && row.activity_title ? row.activity_title : row.source_detail.trim();
  return detail ? `${label}: ${detail}` : label;
}

function toNote(row: CriterionNoteRow): CriterionNote {
  const start = excerpt(row.body_start);
  return {
    id: row.id,
    excerpt: start.text,
    cut: start.cut || row.body_length > row.body_start.length,
    polarity: row.polarity,
    sourceKind: row.source_kind,
    source: sourceInWords(row),
    author: row.author_name ?? row.author_label,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function noteList(db: Tx, inspectionId: string, code: string, filter: CriterionNoteFilter, requestedPage: number): Promise<NoteList> {
  const total = await countCriterionNotes(db, inspectionId, code, filter);
  const pageCount = Math.max(1, Math.ceil(total / NOTES_PER_PAGE));
  // Past the end (the list shrank, or the address was typed): show the last page there is.
  const page = Number.isInteger(requestedPage) && requestedPage >= 1 ? Math.min(requestedPage, pageCount) : 1;
  const rows = total === 0 ? [] : await selectCriterionNotes(db, inspectionId, code, filter, NOTES_PER_PAGE, (page - 1) * NOTES_PER_PAGE);
  return { items: rows.map(toNote), total, page, pageSize: NOTES_PER_PAGE, pageCount, filter };
}

const AGREEING_LABELS: Readonly<Record<string, string>> = { five_point: 'Agree or strongly agree', three_point_pictures: 'Agree' };

/**
 * Figures already worked out, by survey, answers, definition, threshold and criterion. Closed
 * questions' figures change only with the answers or the definition, which is also when the
 * survey's stored analysis is redone; keeping them spares each page reading the whole analysis.
 */
const surveyFigures = new Map<string, SurveyEvidence>();
const SURVEY_FIGURES_KEPT = 200;

function surveyFiguresKey(survey: SurveySummary, code: string): string {
  return [survey.id, survey.responseCount, survey.definitionVersion, survey.suppressionThreshold, code].join('|');
}

/** The survey's questions mapped to the criterion with their figures, suppressed as the survey's summary is. */
async function surveyEvidence(db: Tx, survey: SurveySummary, code: string): Promise<SurveyEvidence | undefined> {
  const key = surveyFiguresKey(survey, code);
  const kept = surveyFigures.get(key);
  if (kept) return kept;
  const evidence = await workOutSurveyEvidence(db, survey, code);
  // Kept only when the analysis covered the answers counted: one taken while answers arrived is not.
  if (evidence && evidence.responseCount === survey.responseCount) {
    if (surveyFigures.size >= SURVEY_FIGURES_KEPT) surveyFigures.delete(surveyFigures.keys().next().value!);
    surveyFigures.set(key, evidence);
  }
  return evidence;
}

async function workOutSurveyEvidence(db: Tx, survey: SurveySummary, code: string): Promise<SurveyEvidence | undefined> {
  const mapped = survey.definition.questions.filter((q) => q.criteria.includes(code));
  if (mapped.length === 0) return undefined;
  const threshold = survey.suppressionThreshold;
  const written = mapped.filter((q) => q.type === 'text');
  const closed = mapped.filter((q) => q.type !== 'text');
  const base = { surveyId: survey.id, audience: survey.audience, responseCount: survey.responseCount, threshold, writtenQuestions: written.map((q) => ({ questionId: q.id, text: q.text })) };
  if (survey.responseCount === 0) return { ...base, questions: closed.map((q) => ({ questionId: q.id, text: q.text, figures: [] })) };
  const result = await suppressedSummary(db, survey);
  const results = new Map(result.questions.map((q) => [q.questionId, q]));
  return {
    ...base,
    responseCount: result.responseCount,
    questions: closed.map((q) => {
      const figures = results.get(q.id);
      return { questionId: q.id, text: q.text, figures: figures ? questionFigures(figures, threshold, AGREEING_LABELS[q.scale ?? 'five_point']) : ['Not in the latest analysis of this survey yet.'] };
    }),
  };
}

/** The grades of every complete first review across the sample, in the instrument's order. */
async function gradeDistribution(db: Tx, inspectionId: string): Promise<{ completedReviews: number; grades: GradeCount[] }> {
  const results = await aggregateResults(db, inspectionId);
  return { completedReviews: results.reviews, grades: PLAN_REVIEW_INSTRUMENT.grades.map((g) => ({ code: g.code, label: g.label, count: results.grades[g.code] ?? 0 })) };
}

type CaseEvidence = { reviews: TaggedReview[]; tracking: TaggedTrackingNote[]; reviewCounts: TaggedReviewCount[]; trackingCount: number };

/**
 * The criterion's plan reviews and tracking notes. A viewer who may read them gets the lists, and
 * the counts come from the lists; anyone else gets the counts only.
 */
async function caseEvidence(db: Tx, inspectionId: string, code: string, caseDetail: boolean): Promise<CaseEvidence> {
  if (caseDetail) {
    const [reviews, tracking] = await Promise.all([taggedReviews(db, inspectionId, code), taggedTrackingNotes(db, inspectionId, code)]);
    const byGrade = new Map<string | null, number>();
    for (const review of reviews) byGrade.set(review.grade, (byGrade.get(review.grade) ?? 0) + 1);
    return { reviews, tracking, reviewCounts: [...byGrade].map(([grade, count]) => ({ criterion: code, grade, count })), trackingCount: tracking.length };
  }
  const [reviewCounts, trackingCounts] = await Promise.all([taggedReviewCounts(db, inspectionId), taggedTrackingNoteCounts(db, inspectionId)]);
  return { reviews: [], tracking: [], reviewCounts: reviewCounts.filter((r) => r.criterion === code), trackingCount: trackingCounts[code] ?? 0 };
}

async function surveysEvidence(db: Tx, inspectionId: string, code: string): Promise<{ setUp: boolean; surveys: SurveyEvidence[] }> {
  const surveys: SurveyEvidence[] = [];
  const inspectionSurveys = await listSurveys(db, inspectionId);
  for (const survey of inspectionSurveys) {
    const evidence = await surveyEvidence(db, survey, code);
    if (evidence) surveys.push(evidence);
  }
  return { setUp: inspectionSurveys.length > 0, surveys };
}

/**
 * A criterion's page: its counts and highlights, its notes (a page at a time, filtered), the survey
 * figures mapped to it, the case reviews and tracking notes tagged with it. Undefined for a code
 * the inspection's framework does not have. Each view is put on record, as it shows evidence about
 * children.
 */
export async function criterionPage(
  db: Tx,
  inspectionId: string,
  criterionCode: string,
  actor: Actor,
  context: Context = {},
  options: CriterionPageOptions = {},
): Promise<CriterionPage | undefined> {
  const details = await detailsOf(db, inspectionId, options.details);
  const groups = details.framework.definition.criterionGroups;
  const found = findCriterion(groups, criterionCode);
  if (!found) return undefined;
  const code = found.criterion.code;
  const filter = options.filter ?? {};
  const caseDetail = options.caseDetail ?? false;
  // Independent reads, together: on PostgreSQL they run side by side.
  const [noteCountRows, notes, surveys, cases, grades] = await Promise.all([
    selectNoteCounts(db, inspectionId, code),
    noteList(db, inspectionId, code, filter, options.page ?? 1),
    surveysEvidence(db, inspectionId, code),
    caseEvidence(db, inspectionId, code, caseDetail),
    gradeDistribution(db, inspectionId),
  ]);
  const counts = buildMatrix([{ ...found.group, criteria: [found.criterion] }], evidenceCounts({ notes: noteCountRows, tracking: { [code]: cases.trackingCount }, reviews: cases.reviewCounts }));
  const reviews: CaseReviewEvidence = { shown: caseDetail, count: cases.reviewCounts.reduce((sum, r) => sum + r.count, 0), items: cases.reviews, ...grades };
  const tracking: TrackingEvidence = { shown: caseDetail, count: cases.trackingCount, items: cases.tracking };
  await recordAudit(db, {
    actor,
    action: 'evidence.view-criterion',
    inspectionId,
    laCode: details.inspection.la_code,
    subjectType: 'criterion',
    subjectId: code,
    details: {
      page: notes.page,
      ...(filter.polarity ? { polarity: filter.polarity } : {}),
      ...(filter.sourceKind ? { source: filter.sourceKind } : {}),
      notes: notes.items.map((n) => n.id),
      reviews: reviews.items.map((r) => r.reviewId),
      trackingNotes: tracking.items.map((t) => t.id),
    },
    requestId: context.requestId,
  });
  return { criterion: { ...found.criterion, groupTitle: found.group.title }, row: counts.groups[0]!.rows[0]!, notes, surveysSetUp: surveys.setUp, surveys: surveys.surveys, reviews, tracking };
}
