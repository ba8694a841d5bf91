// The audit log page for administrators: who did what and when, filtered and paged.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../../app.ts';
import { searchAudit, type AuditFilters, type AuditPage } from '../audit.ts';
import { checkAuditQuery, isUuid, type AuditQuery } from './audit-filter.ts';
import { findUserIdByEmail } from './user.service.ts';

const PAGE_SIZE = 50;

const text = z.string().max(400).optional().catch(undefined);
const querySchema = z.object({
  user: text,
  inspection: text,
  action: text,
  'from-day': text,
  'from-month': text,
  'from-year': text,
  'to-day': text,
  'to-month': text,
  'to-year': text,
  page: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined),
});

type RawQuery = z.output<typeof querySchema>;

function toAuditQuery(raw: RawQuery): AuditQuery {
  return {
    user: raw.user,
    inspection: raw.inspection,
    action: raw.action,
    from: { day: raw['from-day'], month: raw['from-month'], year: raw['from-year'] },
    to: { day: raw['to-day'], month: raw['to-month'], year: raw['to-year'] },
  };
}

/** The filters as a query string, for the paging links. */
function queryString(raw: RawQuery, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    if (key !== 'page' && typeof value === 'string' && value.trim()) params.set(key, value.trim());
  }
  params.set('page', String(page));
  return `?${params.toString()}`;
}

/** Details as short "key: value" lines; nested values as JSON. */
function describeDetails(details: Record<string, unknown>): string[] {
  return Object.entries(details ?? {}).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

export async function auditRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const kysely = deps.db.kysely;

  app.get('/admin/audit', { config: { permission: 'admin:audit' } }, async (request, reply) => {
    const raw = querySchema.parse(request.query ?? {});
    const { filters, errors } = checkAuditQuery(toAuditQuery(raw));
    const search: AuditFilters = { inspectionId: filters.inspectionId, action: filters.action, from: filters.from, to: filters.to };
    if (filters.user) {
      const userId = isUuid(filters.user) ? filters.user.toLowerCase() : await findUserIdByEmail(kysely, filters.user);
      if (userId) search.actorUserId = userId;
      else {
        errors.fields.user = { text: 'There is no user with that email address' };
        errors.summary.push({ text: 'There is no user with that email address', href: '#user' });
      }
    }
    const page = raw.page ?? 1;
    const result: AuditPage | null = errors.summary.length ? null : await searchAudit(kysely, search, page, PAGE_SIZE);
    const pageCount = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1;
    return reply.view('platform/auth/views/audit.njk', {
      values: raw,
      errors: errors.summary.length ? errors : undefined,
      filtered: Object.values(search).some(Boolean),
      result,
      events: (result?.events ?? []).map((e) => ({ ...e, detailLines: describeDetails(e.details) })),
      pageCount,
      previousHref: result && page > 1 ? `/admin/audit${queryString(raw, page - 1)}` : undefined,
      nextHref: result && page < pageCount ? `/admin/audit${queryString(raw, page + 1)}` : undefined,
    });
  });
}
