// EHC plan review pages: the plans to review with the results so far, the review form for each
// plan and round, reopening a complete review, and moderation with Cohen's kappa.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { getInspection, inspectionScope, isUuid } from '../inspections/inspection.service.ts';
import { can, type Permission } from '../platform/auth/permissions.ts';
import { asArray, formErrors, type FormErrors } from '../platform/web/forms.ts';
import { formatDateTime } from '../platform/web/format.ts';
import { setFlash } from '../platform/web/views.ts';
import { actorOf, casesPath, context } from './case-web.ts';
import { PLAN_REVIEW_INSTRUMENT, gradeLabel, ratingChoices } from './plan-review-instrument.ts';
import {
  CRITERIA_FIELD,
  GRADE_FIELD,
  KAPPA_BAND_LABELS,
  MAX_COMMENT_LENGTH,
  MAX_SUMMARY_LENGTH,
  ROUND_LABELS,
  SUMMARY_FIELD,
  commentField,
  describeKappa,
  isReviewRound,
  notApplicableAllowed,
  ratingField,
  type ReviewContent,
  type ReviewRoundName,
} from './plan-review.ts';
import {
  ReviewInvalidError,
  ReviewNotFoundError,
  ReviewRefusedError,
  listReviewCases,
  openReview,
  reopenReview,
  saveReview,
  viewModeration,
  type ReviewCaseItem,
  type ReviewPage,
} from './plan-review.service.ts';
import { KAPPA_TABLE_HEAD, criterionResultsTable, gradeChart, gradeText, kappaBandRows, kappaRow, personSummaryRows, ratingText, statusTag } from './plan-review-view.ts';

const VIEWS = 'cases/views';
const instrument = PLAN_REVIEW_INSTRUMENT;
const REVIEWS = '/inspections/:inspectionId/cases/reviews';

function reviewsPath(inspectionId: string, rest = ''): string {
  return casesPath(inspectionId, `/reviews${rest}`);
}

function reviewPath(inspectionId: string, caseId: string, round: ReviewRoundName, rest = ''): string {
  return reviewsPath(inspectionId, `/${caseId}/${round}${rest}`);
}

/** Posted text: anything but a single string (a forged array, nothing at all) counts as blank. */
const postedText = z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string());

const reviewFormSchema = z.object({
  action: z.enum(['draft', 'complete']).catch('draft'),
  [GRADE_FIELD]: postedText,
  [SUMMARY_FIELD]: postedText,
  [CRITERIA_FIELD]: z.preprocess(asArray, z.array(z.string())),
  ...Object.fromEntries(instrument.criteria.flatMap((c) => [[ratingField(c.id), postedText], [commentField(c.id), postedText]])),
});

/** The review a form posted, as typed: checked by the service, and shown again as it was if anything is wrong. */
function contentFromForm(body: unknown): { content: ReviewContent; complete: boolean } {
  const form = reviewFormSchema.parse(body ?? {}) as Record<string, string | string[]>;
  const ratings: ReviewContent['ratings'] = {};
  for (const c of instrument.criteria) ratings[c.id] = { rating: form[ratingField(c.id)] as string, comment: form[commentField(c.id)] as string };
  const grade = form[GRADE_FIELD] as string;
  return {
    content: { ratings, overallGrade: grade === '' ? null : grade, summary: form[SUMMARY_FIELD] as string, criteria: form[CRITERIA_FIELD] as string[] },
    complete: form.action === 'complete',
  };
}

const paramsSchema = z.object({ inspectionId: z.string(), caseId: z.string().refine(isUuid), round: z.string().refine(isReviewRound) });

/** Text typed in a box, as paragraphs to show: the page keeps the reviewer's line breaks. */
function paragraphs(text: string): string[] {
  return text.split(/\r?\n/).map((p) => p.trim()).filter((p) => p !== '');
}

function reviewerText(review: { reviewer: { name: string } } | null): string {
  return review ? review.reviewer.name : '';
}

export async function planReviewRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const scope = inspectionScope(db.kysely);
  const allow = (permission: Permission) => ({ config: { permission, scope } });

  async function pageBasics(inspectionId: string) {
    const details = (await getInspection(db.kysely, inspectionId))!;
    return { inspection: details.inspection, area: details.area };
  }

  // ---- The plans to review, and the results ----------------------------------------------

  function caseRow(inspectionId: string, item: ReviewCaseItem) {
    const round = (name: ReviewRoundName, status: ReviewCaseItem['firstStatus'], review: ReviewCaseItem['first']) => ({
      tag: statusTag(status),
      reviewer: reviewerText(review),
      href: reviewPath(inspectionId, item.caseId, name),
    });
    return {
      personId: item.personId,
      href: reviewPath(inspectionId, item.caseId, 'first'),
      first: round('first', item.firstStatus, item.first),
      second: item.firstStatus === 'complete' || item.second ? round('second', item.secondStatus, item.second) : null,
    };
  }

  app.get(REVIEWS, allow('cases:view'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const list = await listReviewCases(db.kysely, inspectionId, actorOf(request), context(request));
    const chart = list.results.reviews > 0 ? gradeChart(instrument, list.results) : null;
    return reply.view(`${VIEWS}/review-list.njk`, {
      ...(await pageBasics(inspectionId)),
      sampleDrawnAt: list.sampleDrawnAt ? formatDateTime(list.sampleDrawnAt) : null,
      sampleHref: casesPath(inspectionId, '/sample'),
      cases: list.cases.map((item) => caseRow(inspectionId, item)),
      counts: {
        plans: String(list.cases.length),
        first: String(list.cases.filter((c) => c.firstStatus === 'complete').length),
        second: String(list.cases.filter((c) => c.secondStatus === 'complete').length),
      },
      results: list.results.reviews > 0 ? { reviews: list.results.reviews, table: criterionResultsTable(instrument, list.results) } : null,
      chart: chart ? { svg: chart.svg, head: chart.table.head.map((text, i) => ({ text, format: i > 0 ? 'numeric' : undefined })), rows: chart.table.rows.map((r) => r.map((text, i) => ({ text, format: i > 0 ? 'numeric' : undefined }))) } : null,
      moderationHref: reviewsPath(inspectionId, '/moderation'),
      instrument: { title: instrument.title, description: instrument.description, version: instrument.version },
      backLink: { href: casesPath(inspectionId), text: 'Cases' },
    });
  });

  // ---- Moderation --------------------------------------------------------------------------

  app.get(`${REVIEWS}/moderation`, allow('cases:view'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const view = await viewModeration(db.kysely, inspectionId, actorOf(request), context(request));
    const { moderation } = view;
    const criterionTitle = (id: string) => instrument.criteria.find((c) => c.id === id)!.title;
    const agreedOnAll = view.pairs.filter((p) => !moderation.disagreements.some((d) => d.caseId === p.caseId));
    return reply.view(`${VIEWS}/review-moderation.njk`, {
      ...(await pageBasics(inspectionId)),
      plansToReview: view.plansToReview,
      pairCount: moderation.pairs,
      kappaHead: KAPPA_TABLE_HEAD,
      kappaRows: [
        ...moderation.byCriterion.map((c) => kappaRow(criterionTitle(c.criterionId), c.kappa)),
        kappaRow('All criteria together', moderation.pooled),
        kappaRow('Overall grade', moderation.grade),
      ],
      pooledText: describeKappa(moderation.pooled),
      gradeText: describeKappa(moderation.grade, 'plans'),
      pooledBand: moderation.pooled.band ? KAPPA_BAND_LABELS[moderation.pooled.band] : null,
      bandRows: kappaBandRows(),
      disagreements: moderation.disagreements.map((d) => ({
        personId: d.personId,
        firstHref: reviewPath(inspectionId, d.caseId, 'first'),
        secondHref: reviewPath(inspectionId, d.caseId, 'second'),
        firstReviewer: d.firstReviewer,
        secondReviewer: d.secondReviewer,
        rows: [
          ...d.criteria.map((c) => ({ title: criterionTitle(c.criterionId), first: { rating: ratingText(instrument, c.first.rating), comment: paragraphs(c.first.comment) }, second: { rating: ratingText(instrument, c.second.rating), comment: paragraphs(c.second.comment) } })),
          ...(d.grade ? [{ title: 'Overall grade', first: { rating: gradeText(instrument, d.grade.first), comment: [] }, second: { rating: gradeText(instrument, d.grade.second), comment: [] } }] : []),
        ],
      })),
      agreed: agreedOnAll.map((p) => ({ personId: p.personId, href: reviewPath(inspectionId, p.caseId, 'first') })),
      backLink: { href: reviewsPath(inspectionId), text: 'EHC plan reviews' },
    });
  });

  // ---- One review --------------------------------------------------------------------------

  /** The case and round an address names, or a 404 for anything else. */
  async function target(request: FastifyRequest, reply: FastifyReply): Promise<{ inspectionId: string; caseId: string; round: ReviewRoundName } | undefined> {
    const parsed = paramsSchema.safeParse(request.params);
    if (!parsed.success) {
      await reply.callNotFound();
      return undefined;
    }
    return { inspectionId: request.scope.inspectionId!, caseId: parsed.data.caseId, round: parsed.data.round as ReviewRoundName };
  }

  async function renderReview(
    request: FastifyRequest,
    reply: FastifyReply,
    page: ReviewPage,
    form: { content?: ReviewContent; errors?: FormErrors; status?: number } = {},
  ) {
    const inspectionId = request.scope.inspectionId!;
    const mayReview = can(request.visitor, 'cases:review', request.scope);
    const editable = mayReview && page.refusal === null;
    const content = form.content ?? page.review?.content ?? { ratings: {}, overallGrade: null, summary: '', criteria: [] };
    const subject = page.person ? { yearGroup: page.person.yearGroup, age: page.person.age } : undefined;
    const errorText = (field: string) => form.errors?.fields[field];
    const chosenCriteria = new Set(content.criteria);
    const shown = page.review && !page.hidden && !editable ? page.review : null;
    if (form.status) reply.code(form.status);
    return reply.view(`${VIEWS}/review-form.njk`, {
      ...(await pageBasics(inspectionId)),
      roundLabel: ROUND_LABELS[page.round],
      round: page.round,
      personId: page.personId,
      personRows: page.person ? personSummaryRows(page.person) : null,
      status: statusTag(page.review ? (page.review.status === 'complete' ? 'complete' : 'in_progress') : 'not_started'),
      reviewer: page.review ? page.review.reviewer.name : null,
      updatedAt: page.review ? formatDateTime(page.review.updatedAt) : null,
      completedAt: page.review?.completedAt ? formatDateTime(page.review.completedAt) : null,
      other: {
        label: ROUND_LABELS[page.round === 'first' ? 'second' : 'first'],
        tag: statusTag(page.other.status),
        reviewer: page.other.reviewer?.name ?? null,
        href: reviewPath(inspectionId, page.caseId, page.round === 'first' ? 'second' : 'first'),
      },
      hidden: page.hidden,
      refusal: mayReview ? page.refusal : null,
      editable,
      errors: form.errors,
      action: reviewPath(inspectionId, page.caseId, page.round),
      reopenAction: page.mayReopen && mayReview ? reviewPath(inspectionId, page.caseId, page.round, '/reopen') : null,
      criteria: instrument.criteria.map((criterion) => {
        const value = content.ratings[criterion.id] ?? { rating: '', comment: '' };
        const choices = ratingChoices(instrument, criterion).filter((r) => r.code !== instrument.notApplicable.code || notApplicableAllowed(criterion, subject) || value.rating === r.code);
        return {
          id: criterion.id,
          title: criterion.title,
          guidance: criterion.guidance,
          source: criterion.source,
          notApplicableHint: criterion.notApplicable?.hint,
          ratingName: ratingField(criterion.id),
          commentName: commentField(criterion.id),
          items: choices.map((r) => ({ value: r.code, text: r.label, checked: r.code === value.rating })),
          comment: value.comment,
          ratingError: errorText(ratingField(criterion.id)),
          commentError: errorText(commentField(criterion.id)),
        };
      }),
      commentMax: MAX_COMMENT_LENGTH,
      summaryMax: MAX_SUMMARY_LENGTH,
      grades: instrument.grades.map((g) => ({ value: g.code, text: g.label, hint: { text: g.hint }, checked: g.code === content.overallGrade })),
      gradeSource: instrument.gradeSource,
      gradeError: errorText(GRADE_FIELD),
      summary: content.summary,
      summaryError: errorText(SUMMARY_FIELD),
      evidenceItems: page.frameworkCriteria.map((c) => ({ value: c.code, text: `${c.code}: ${c.heading}`, checked: chosenCriteria.has(c.code) })),
      evidenceError: errorText(CRITERIA_FIELD),
      shown: shown
        ? {
            rows: instrument.criteria.map((criterion) => {
              const value = shown.content.ratings[criterion.id] ?? { rating: '', comment: '' };
              return { title: criterion.title, rating: ratingText(instrument, value.rating), comment: paragraphs(value.comment) };
            }),
            grade: shown.content.overallGrade ? gradeLabel(instrument, shown.content.overallGrade) : 'No grade yet',
            summary: paragraphs(shown.content.summary),
            criteria: shown.content.criteria.map((code) => {
              const found = page.frameworkCriteria.find((c) => c.code === code);
              return found ? `${found.code}: ${found.heading}` : code;
            }),
          }
        : null,
      instrumentVersion: instrument.version,
      backLink: { href: reviewsPath(inspectionId), text: 'EHC plan reviews' },
    });
  }

  app.get(`${REVIEWS}/:caseId/:round`, allow('cases:view'), async (request, reply) => {
    const found = await target(request, reply);
    if (!found) return reply;
    try {
      const page = await openReview(db.kysely, found.inspectionId, found.caseId, found.round, actorOf(request), context(request));
      return await renderReview(request, reply, page);
    } catch (error) {
      if (error instanceof ReviewNotFoundError) return reply.callNotFound();
      throw error;
    }
  });

  app.post(`${REVIEWS}/:caseId/:round`, allow('cases:review'), async (request, reply) => {
    const found = await target(request, reply);
    if (!found) return reply;
    const { content, complete } = contentFromForm(request.body);
    try {
      await saveReview(db.kysely, found.inspectionId, found.caseId, found.round, content, { complete }, actorOf(request), context(request));
    } catch (error) {
      if (error instanceof ReviewNotFoundError) return reply.callNotFound();
      if (error instanceof ReviewInvalidError || error instanceof ReviewRefusedError) {
        const page = await openReview(db.kysely, found.inspectionId, found.caseId, found.round, actorOf(request), context(request));
        const errors =
          error instanceof ReviewInvalidError ? formErrors(error.issues.map((i) => ({ path: [i.field], message: i.message }))) : formErrors([{ path: ['review-refusal'], message: error.message }]);
        // A refused change shows the page as it now stands; a review with problems shows what was typed.
        return renderReview(request, reply, page, error instanceof ReviewInvalidError ? { content, errors, status: 400 } : { errors, status: 409 });
      }
      throw error;
    }
    setFlash(request, complete
      ? { heading: `${ROUND_LABELS[found.round]} complete`, text: 'It now counts in the results, and in moderation once the plan has two complete reviews.' }
      : { heading: `${ROUND_LABELS[found.round]} saved as a draft`, text: 'Only you can change it. Mark it complete when every criterion is rated.' });
    return reply.redirect(reviewsPath(found.inspectionId), 303);
  });

  app.post(`${REVIEWS}/:caseId/:round/reopen`, allow('cases:review'), async (request, reply) => {
    const found = await target(request, reply);
    if (!found) return reply;
    try {
      await reopenReview(db.kysely, found.inspectionId, found.caseId, found.round, actorOf(request), context(request));
    } catch (error) {
      if (error instanceof ReviewNotFoundError) return reply.callNotFound();
      if (error instanceof ReviewRefusedError) {
        const page = await openReview(db.kysely, found.inspectionId, found.caseId, found.round, actorOf(request), context(request));
        return renderReview(request, reply, page, { errors: formErrors([{ path: ['review-refusal'], message: error.message }]), status: 409 });
      }
      throw error;
    }
    setFlash(request, { heading: `${ROUND_LABELS[found.round]} reopened`, text: 'It is a draft again and no longer counts in the results until you mark it complete.' });
    return reply.redirect(reviewPath(found.inspectionId, found.caseId, found.round), 303);
  });
}
