// Comments on the draft's paragraphs: the team's list of QA and factual accuracy comments with the
// forms to resolve, accept or reject them; the QA reader's comment on a paragraph; and the area's
// factual accuracy page (the embargoed draft sent, its deadline, its comments and the answers).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { getInspection, inspectionScope, isUuid, type InspectionDetails } from '../inspections/inspection.service.ts';
import { can, type Permission } from '../platform/auth/permissions.ts';
import { formErrors, type FormErrors } from '../platform/web/forms.ts';
import { actorOf, context } from '../platform/web/request-actor.ts';
import { setFlash } from '../platform/web/views.ts';
import { COMMENT_MAX_LENGTH, CommentInputError, CommentNotFoundError, CommentRefusedError, RESPONSE_MAX_LENGTH, decisionsFor, isParagraphKey, type CommentIssue } from './report-comment.ts';
import { addComment, answerComment, commentTarget, factualAccuracyCheck, listComments, openCommentCounts, type CommentTarget, type CommentView } from './report-comment.service.ts';
import type { CommentStage } from './report.table.ts';
import { renderDocument } from './report-draft.routes.ts';
import { composedVersion } from './report-preview.service.ts';
import { reportPath } from './report.routes.ts';

const VIEWS = 'reports/views';
const REPORT = '/inspections/:inspectionId/report';

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

const typed = z.preprocess(first, z.string().catch('')).default('');

const answerSchema = z.object({ decision: typed, response: typed, show: typed });
const commentSchema = z.object({ body: typed, version: z.preprocess(first, z.coerce.number().int().min(0).catch(0)).default(0) });
const listQuerySchema = z.object({ show: z.preprocess(first, z.enum(['open', 'all']).catch('open')).default('open') });

const STAGE_HEADINGS: Readonly<Record<CommentStage, string>> = {
  quality_assurance: 'Quality assurance comments',
  factual_accuracy: 'Factual accuracy comments from the local area',
};

const STATUS_TAG_CLASSES: Readonly<Record<CommentView['status'], string>> = {
  open: 'govuk-tag--yellow',
  resolved: 'govuk-tag--green',
  accepted: 'govuk-tag--green',
  rejected: 'govuk-tag--grey',
};

const DECISION_LABELS = { resolve: 'Resolve', accept: 'Accept the comment', reject: 'Reject the comment' } as const;

/** An answer being written to one comment, kept with its errors when the page is shown again. */
type AnswerState = { commentId: string; decision: string; response: string; errors: FormErrors };

function answerErrors(commentId: string, issues: readonly CommentIssue[]): FormErrors {
  return formErrors(issues.map((i) => ({ path: [`${i.field}-${commentId}`], message: i.message })));
}

/** Text as paragraphs of lines, so a page shows the breaks that were typed without any markup. */
function paragraphsOf(text: string): string[][] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((line) => line.trim()).filter(Boolean))
    .filter((lines) => lines.length > 0);
}

/** Where a comment is, in words: "‘<section heading>’, paragraph <n>" (n counts the section's paragraphs and lists). */
function placeOf(paragraphKey: string, headings: ReadonlyMap<string, string>): string {
  const [code, n] = paragraphKey.split('.');
  return `‘${headings.get(code!) ?? code}’, paragraph ${n}`;
}

function sectionHeadings(details: InspectionDetails): Map<string, string> {
  return new Map(details.framework.definition.report.sections.map((s) => [s.code, s.heading.replaceAll('[area]', details.area.name)]));
}

function commentRow(comment: CommentView, headings: ReadonlyMap<string, string>, answering?: AnswerState) {
  const kept = answering?.commentId === comment.id ? answering : undefined;
  return {
    ...comment,
    place: placeOf(comment.paragraphKey, headings),
    quotedLines: comment.quoted.split('\n'),
    bodyParagraphs: paragraphsOf(comment.body),
    responseParagraphs: paragraphsOf(comment.response),
    statusTag: { text: comment.statusLabel, classes: STATUS_TAG_CLASSES[comment.status] },
    decisionItems: decisionsFor(comment.stage)
      .filter((d) => d !== 'resolve')
      .map((d) => ({ value: d, text: DECISION_LABELS[d], checked: kept?.decision === d })),
    response: kept ? kept.response : comment.response,
    decisionError: kept?.errors.fields[`decision-${comment.id}`],
    responseError: kept?.errors.fields[`response-${comment.id}`],
  };
}

export async function reportCommentRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const scope = inspectionScope(db.kysely);
  const allow = (permission: Permission) => ({ config: { permission, scope } });

  async function detailsOf(request: FastifyRequest): Promise<InspectionDetails> {
    // The scope has found the inspection already.
    return (await getInspection(db.kysely, request.scope.inspectionId!))!;
  }

  // ---- The team's list -------------------------------------------------------------------------

  async function renderComments(request: FastifyRequest, reply: FastifyReply, show: 'open' | 'all', answering?: AnswerState, status?: number) {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const comments = await listComments(db.kysely, inspectionId, { openOnly: show === 'open' });
    const counts = await openCommentCounts(db.kysely, inspectionId);
    const headings = sectionHeadings(details);
    if (status) reply.code(status);
    const stages: CommentStage[] = ['quality_assurance', 'factual_accuracy'];
    return reply.view(`${VIEWS}/comments.njk`, {
      inspection: details.inspection,
      area: details.area,
      show,
      counts,
      groups: stages.map((stage) => ({
        stage,
        heading: STAGE_HEADINGS[stage],
        open: stage === 'quality_assurance' ? counts.qaOpen : counts.factualAccuracyOpen,
        comments: comments.filter((c) => c.stage === stage).map((c) => commentRow(c, headings, answering)),
      })),
      errors: answering?.errors,
      mayAnswer: can(request.visitor, 'report:edit', request.scope),
      responseMaxLength: RESPONSE_MAX_LENGTH,
      answerAction: (id: string) => reportPath(inspectionId, `/comments/${id}/answer`),
      openHref: reportPath(inspectionId, '/comments'),
      allHref: reportPath(inspectionId, '/comments?show=all'),
      previewHref: reportPath(inspectionId, '/preview'),
      backLink: { href: reportPath(inspectionId), text: 'The report' },
    });
  }

  app.get(`${REPORT}/comments`, allow('report:view'), async (request, reply) => {
    const { show } = listQuerySchema.parse(request.query ?? {});
    return renderComments(request, reply, show);
  });

  app.post(`${REPORT}/comments/:commentId/answer`, allow('report:edit'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const { commentId } = request.params as { commentId: string };
    if (!isUuid(commentId)) return reply.callNotFound();
    const form = answerSchema.parse(request.body ?? {});
    const show = form.show === 'all' ? 'all' : 'open';
    // A comment with no radios (QA) is resolved by its button.
    const decision = form.decision || 'resolve';
    let answered: { status: CommentView['status'] };
    try {
      answered = await answerComment(db.kysely, inspectionId, commentId, { decision, response: form.response }, actorOf(request), context(request));
    } catch (error) {
      const keep = (errors: FormErrors, code: number) => renderComments(request, reply, 'all', { commentId, decision: form.decision, response: form.response, errors }, code);
      if (error instanceof CommentInputError) return keep(answerErrors(commentId, error.issues), 400);
      if (error instanceof CommentRefusedError) return keep(formErrors([{ path: [`comment-${commentId}`], message: error.message }]), 409);
      if (error instanceof CommentNotFoundError) return reply.callNotFound();
      throw error;
    }
    setFlash(request, { heading: `Comment ${answered.status}` });
    return reply.redirect(reportPath(inspectionId, `/comments${show === 'all' ? '?show=all' : ''}`));
  });

  // ---- Commenting on a paragraph (the QA reader and the area) ----------------------------------

  type CommentPage = { stage: CommentStage; paragraphKey: string; version: number; body?: string; errors?: FormErrors; refusal?: string; status?: number };

  function pathsFor(stage: CommentStage, inspectionId: string, paragraphKey: string) {
    const base = stage === 'quality_assurance' ? '' : '/factual-accuracy';
    return {
      action: reportPath(inspectionId, `${base}/paragraphs/${encodeURIComponent(paragraphKey)}/comment`),
      back: stage === 'quality_assurance' ? reportPath(inspectionId, `/preview#${paragraphKey}`) : reportPath(inspectionId, `/factual-accuracy#${paragraphKey}`),
      backText: stage === 'quality_assurance' ? 'The draft report' : 'The draft report for checking',
    };
  }

  async function renderCommentForm(request: FastifyRequest, reply: FastifyReply, page: CommentPage) {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    let target: CommentTarget | undefined;
    let refusal = page.refusal;
    try {
      target = await commentTarget(db.kysely, inspectionId, page.stage, page.paragraphKey, page.version);
    } catch (error) {
      if (error instanceof CommentNotFoundError) return reply.callNotFound();
      if (!(error instanceof CommentRefusedError)) throw error;
      refusal ??= error.message;
    }
    const paths = pathsFor(page.stage, inspectionId, page.paragraphKey);
    const earlier = target ? (await listComments(db.kysely, inspectionId, { stage: page.stage })).filter((c) => c.paragraphKey === page.paragraphKey) : [];
    reply.code(page.status ?? (refusal ? 409 : 200));
    return reply.view(`${VIEWS}/comment-form.njk`, {
      inspection: details.inspection,
      area: details.area,
      stage: page.stage,
      paragraph: target && { ...target.paragraph, lines: target.paragraph.text.split('\n') },
      version: target?.version ?? page.version,
      body: page.body ?? '',
      refusal,
      earlier: earlier.map((c) => commentRow(c, sectionHeadings(details))),
      errors: page.errors ?? (refusal && page.body ? formErrors([{ path: ['body'], message: refusal }]) : undefined),
      bodyMaxLength: COMMENT_MAX_LENGTH,
      action: paths.action,
      backLink: { href: paths.back, text: paths.backText },
    });
  }

  function commentRoutes(stage: CommentStage, permission: Permission, prefix: string) {
    const url = `${REPORT}${prefix}/paragraphs/:paragraphKey/comment`;
    const keyOf = (request: FastifyRequest) => (request.params as { paragraphKey: string }).paragraphKey;

    app.get(url, allow(permission), async (request, reply) => {
      const paragraphKey = keyOf(request);
      if (!isParagraphKey(paragraphKey)) return reply.callNotFound();
      const version = commentSchema.parse(request.query ?? {}).version;
      return renderCommentForm(request, reply, { stage, paragraphKey, version });
    });

    app.post(url, allow(permission), async (request, reply) => {
      const inspectionId = request.scope.inspectionId!;
      const paragraphKey = keyOf(request);
      if (!isParagraphKey(paragraphKey)) return reply.callNotFound();
      const form = commentSchema.parse(request.body ?? {});
      try {
        await addComment(db.kysely, inspectionId, stage, paragraphKey, { body: form.body, shownVersion: form.version }, actorOf(request), context(request));
      } catch (error) {
        if (error instanceof CommentInputError) {
          return renderCommentForm(request, reply, { stage, paragraphKey, version: form.version, body: form.body, errors: formErrors(error.issues.map((i) => ({ path: [i.field], message: i.message }))), status: 400 });
        }
        // Refused (the stage moved on, or the deadline passed): the page says why and keeps what was typed.
        if (error instanceof CommentRefusedError) return renderCommentForm(request, reply, { stage, paragraphKey, version: form.version, body: form.body, refusal: error.message, status: 409 });
        if (error instanceof CommentNotFoundError) return reply.callNotFound();
        throw error;
      }
      setFlash(request, { heading: 'Comment added', text: stage === 'quality_assurance' ? 'The team will resolve it.' : 'The inspectors will accept or reject it, and you will see their answer on this page.' });
      return reply.redirect(pathsFor(stage, inspectionId, paragraphKey).back);
    });
  }

  commentRoutes('quality_assurance', 'report:qa', '');
  commentRoutes('factual_accuracy', 'report:factual-accuracy', '/factual-accuracy');

  // ---- The area's factual accuracy page --------------------------------------------------------

  app.get(`${REPORT}/factual-accuracy`, allow('report:factual-accuracy'), async (request, reply) => {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const check = await factualAccuracyCheck(db.kysely, inspectionId);
    const document = check ? await composedVersion(db.kysely, inspectionId, check.version) : undefined;
    const commentHref = (key: string) => reportPath(inspectionId, `/factual-accuracy/paragraphs/${encodeURIComponent(key)}/comment`);
    const comments = check ? await listComments(db.kysely, inspectionId, { stage: 'factual_accuracy' }) : [];
    return reply.view(`${VIEWS}/factual-accuracy.njk`, {
      inspection: details.inspection,
      area: details.area,
      check,
      reportHtml: document ? renderDocument(document, check?.open ? commentHref : undefined) : undefined,
      comments: comments.map((c) => commentRow(c, sectionHeadings(details))),
      backLink: { href: `/inspections/${inspectionId}`, text: 'The inspection' },
    });
  });
}
