// "Is this page useful?" and "Report a problem with this page" on the public pages, and the
// administrators' triage queue. Readers post without an account or a session (so public pages stay
// cacheable); a signed form time, a honeypot, a same-site check and a per-address limit stand in
// for the session's CSRF token against spam and posts made from other sites.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import type { Config } from '../config.ts';
import { NotFoundError } from '../platform/auth/guard.ts';
import { formErrors, parseForm, type FormErrors } from '../platform/web/forms.ts';
import { actorOf, context } from '../platform/web/request-actor.ts';
import { setFlash } from '../platform/web/views.ts';
import {
  FEEDBACK_KIND_LABELS,
  FEEDBACK_STATUSES,
  FEEDBACK_STATUS_LABELS,
  FEEDBACK_TEXT_MAX_LENGTH,
  HONEYPOT_FIELD,
  PAGE_PATH_MAX_LENGTH,
  TRIAGE_NOTE_MAX_LENGTH,
  checkFeedbackFormToken,
  feedbackFormToken,
  feedbackKey,
  feedbackPostOf,
  isFeedbackKind,
  isFeedbackStatus,
  isSitePath,
  problemTextSchema,
  triageSchema,
  type FeedbackPost,
  type FormTokenCheck,
} from './page-feedback.ts';
import { FeedbackNotFoundError, feedbackQueue, getFeedback, recordFeedback, triageFeedback, type FeedbackItem } from './page-feedback.service.ts';
import type { FeedbackKind, FeedbackStatus } from './page-feedback.table.ts';

const VIEWS = 'public/views';

const keys = new Map<string, Buffer>();

function keyOf(config: Config): Buffer {
  let key = keys.get(config.sessionSecret);
  if (!key) {
    key = feedbackKey(config.sessionSecret);
    keys.set(config.sessionSecret, key);
  }
  return key;
}

export type FeedbackComponent = { page: string; token: string; honeypot: string; problemHref: string };

/** The page a form is about: the address asked for, or its path alone when that is too long to keep. */
function pageOf(request: FastifyRequest): string {
  const url = request.url;
  return url.length <= PAGE_PATH_MAX_LENGTH ? url : url.split('?')[0]!.slice(0, PAGE_PATH_MAX_LENGTH);
}

/** What a public page's "Is this page useful?" needs: the page, a freshly signed form time, the trap's name. */
export function feedbackComponent(request: FastifyRequest, config: Config, now = new Date()): FeedbackComponent {
  const page = pageOf(request);
  return { page, token: feedbackFormToken(keyOf(config), now), honeypot: HONEYPOT_FIELD, problemHref: `/feedback/problem?page=${encodeURIComponent(page)}` };
}

/** Posts from another site's page (a browser says so with Sec-Fetch-Site or Origin) are not readers'. */
function isCrossSite(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== new URL(`${request.protocol}://${request.host}`).host;
  } catch {
    return true;
  }
}

const TOKEN_MESSAGES: Readonly<Record<Exclude<FormTokenCheck, 'ok'>, string>> = {
  'too-fast': 'Your feedback was sent very quickly after the page opened, so it was not kept. Check it, then send it again',
  expired: 'The page had been open for more than a day, so your feedback was not kept. Check it, then send it again',
  invalid: 'Your feedback could not be checked, so it was not kept. Send it again',
};

const thanksQuery = z.object({ page: z.string().optional().catch(undefined), kind: z.string().optional().catch(undefined) }).catch({});
const queueQuery = z
  .object({
    status: z.string().optional().catch(undefined),
    page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
  })
  .catch({});

function statusTabs(counts: Record<FeedbackStatus, number>, current: FeedbackStatus) {
  return FEEDBACK_STATUSES.map((status) => ({
    href: `/admin/feedback?status=${status}`,
    text: FEEDBACK_STATUS_LABELS[status],
    count: counts[status],
    current: status === current,
  }));
}

function itemView(item: FeedbackItem) {
  return { ...item, kindLabel: FEEDBACK_KIND_LABELS[item.kind], statusLabel: FEEDBACK_STATUS_LABELS[item.status], href: `/admin/feedback/${item.id}` };
}

export async function pageFeedbackRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, config } = deps;
  const kysely = db.kysely;
  const key = keyOf(config);
  const publicPage = { permission: 'public' as const };
  const triage = { config: { permission: 'feedback:triage' as const } };

  function notSent(reply: FastifyReply, status: number, message: string) {
    reply.code(status).header('cache-control', 'no-store');
    return reply.view('errors/problem.njk', { heading: 'Your feedback could not be sent', message });
  }

  /** The form again, with a fresh form time and what was typed kept. */
  function renderForm(reply: FastifyReply, post: Pick<FeedbackPost, 'page' | 'whatDoing' | 'whatWrong'> & { kind: FeedbackKind }, errors?: FormErrors) {
    reply.header('cache-control', 'no-store');
    if (errors) reply.code(400);
    const problem = post.kind === 'problem';
    return reply.view(`${VIEWS}/feedback-form.njk`, {
      pageTitle: problem ? 'Report a problem with this page' : 'Is this page useful?',
      problem,
      values: post,
      token: feedbackFormToken(key, new Date()),
      honeypot: HONEYPOT_FIELD,
      textMax: FEEDBACK_TEXT_MAX_LENGTH,
      errors,
      backLink: { href: post.page, text: 'Back to the page' },
    });
  }

  app.get('/feedback/problem', { config: publicPage }, async (request, reply) => {
    // Without a page of this site (a link typed or cut short), the report is about the service as a whole.
    const { page } = thanksQuery.parse(request.query);
    return renderForm(reply, { page: page && isSitePath(page) ? page : '/', kind: 'problem', whatDoing: '', whatWrong: '' });
  });

  app.post(
    '/feedback',
    {
      config: {
        ...publicPage,
        // No session and so no CSRF token: see the module's comment for what checks a post instead.
        csrf: false,
        rateLimit: { max: config.feedbackPostsPerMinute, timeWindow: '1 minute' },
      },
    },
    async (request, reply) => {
      if (isCrossSite(request)) return notSent(reply, 403, 'Feedback can only be sent from the pages of this service.');
      const post = feedbackPostOf(request.body);
      const thanks = (kind: string) => reply.header('cache-control', 'no-store').redirect(`/feedback/thanks?page=${encodeURIComponent(isSitePath(post.page) ? post.page : '/')}&kind=${kind}`, 303);
      // Only software fills in a field no one can see: it is thanked as a person would be, and nothing is kept.
      if (post.honeypot !== '') {
        request.log.info('page feedback refused: the hidden field was filled in');
        return thanks(isFeedbackKind(post.kind) ? post.kind : 'useful');
      }
      if (!isSitePath(post.page)) return notSent(reply, 400, 'It did not say which page of this service it is about. Go back to the page and try again.');
      if (!isFeedbackKind(post.kind)) return notSent(reply, 400, 'It did not say whether the page was useful. Go back to the page and try again.');
      const kind = post.kind;

      const token = checkFeedbackFormToken(key, post.formToken, new Date());
      if (token !== 'ok') {
        request.log.info({ token }, 'page feedback refused: form time');
        return renderForm(reply, { ...post, kind }, formErrors([{ path: [kind === 'problem' ? 'whatWrong' : 'send'], message: TOKEN_MESSAGES[token] }]));
      }
      if (kind === 'problem') {
        const texts = problemTextSchema.safeParse({ whatDoing: post.whatDoing, whatWrong: post.whatWrong });
        if (!texts.success) return renderForm(reply, { ...post, kind }, formErrors(texts.error.issues));
      }
      await recordFeedback(kysely, { pagePath: post.page, kind, whatDoing: post.whatDoing, whatWrong: post.whatWrong });
      return thanks(kind);
    },
  );

  app.get('/feedback/thanks', { config: publicPage }, async (request, reply) => {
    const query = thanksQuery.parse(request.query);
    const page = query.page && isSitePath(query.page) ? query.page : '/';
    reply.header('cache-control', 'no-store');
    return reply.view(`${VIEWS}/feedback-thanks.njk`, {
      pageTitle: 'Thank you for your feedback',
      page,
      askForProblem: query.kind === 'not_useful',
      problemHref: `/feedback/problem?page=${encodeURIComponent(page)}`,
    });
  });

  // ---- Triage --------------------------------------------------------------------------------

  app.get('/admin/feedback', triage, async (request, reply) => {
    const query = queueQuery.parse(request.query);
    const status: FeedbackStatus = isFeedbackStatus(query.status) ? query.status : 'new';
    const queue = await feedbackQueue(kysely, status, query.page ?? 1);
    reply.header('cache-control', 'no-store');
    return reply.view(`${VIEWS}/feedback-queue.njk`, {
      pageTitle: `Page feedback: ${FEEDBACK_STATUS_LABELS[status].toLowerCase()}`,
      statusLabel: FEEDBACK_STATUS_LABELS[status],
      tabs: statusTabs(queue.counts, status),
      items: queue.items.map(itemView),
      queue,
      previousHref: queue.page > 1 ? `/admin/feedback?status=${status}&page=${queue.page - 1}` : undefined,
      nextHref: queue.page < queue.pageCount ? `/admin/feedback?status=${status}&page=${queue.page + 1}` : undefined,
    });
  });

  async function itemOr404(request: FastifyRequest): Promise<FeedbackItem> {
    const { feedbackId } = request.params as { feedbackId: string };
    const item = await getFeedback(kysely, feedbackId);
    if (!item) throw new NotFoundError('Not found');
    return item;
  }

  function renderTriage(reply: FastifyReply, item: FeedbackItem, values: { status: string; note: string }, errors?: FormErrors) {
    reply.header('cache-control', 'no-store');
    if (errors) reply.code(400);
    return reply.view(`${VIEWS}/feedback-triage.njk`, {
      pageTitle: 'Triage page feedback',
      item: itemView(item),
      values,
      statuses: FEEDBACK_STATUSES.map((status) => ({ value: status, text: FEEDBACK_STATUS_LABELS[status], checked: values.status === status })),
      noteMax: TRIAGE_NOTE_MAX_LENGTH,
      errors,
      backLink: { href: `/admin/feedback?status=${item.status}`, text: 'Page feedback' },
    });
  }

  app.get('/admin/feedback/:feedbackId', triage, async (request, reply) => {
    const item = await itemOr404(request);
    return renderTriage(reply, item, { status: item.status, note: item.triageNote });
  });

  app.post('/admin/feedback/:feedbackId', triage, async (request, reply) => {
    const item = await itemOr404(request);
    const form = parseForm(triageSchema, request.body);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!form.ok) return renderTriage(reply, item, { status: String(body.status ?? ''), note: String(body.note ?? '') }, form.errors);
    try {
      const updated = await triageFeedback(kysely, item.id, { status: form.data.status as FeedbackStatus, note: form.data.note }, actorOf(request), context(request));
      setFlash(request, { heading: `Feedback marked as ${FEEDBACK_STATUS_LABELS[updated.status].toLowerCase()}` });
    } catch (error) {
      if (error instanceof FeedbackNotFoundError) throw new NotFoundError('Not found');
      throw error;
    }
    return reply.redirect(`/admin/feedback?status=${item.status}`);
  });
}
