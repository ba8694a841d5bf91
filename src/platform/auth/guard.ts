// Deny by default: every route must name a permission, and each request is checked against it
// before its handler runs. Denials are audited.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Db } from '../db/database.ts';
import { recordAudit } from '../audit.ts';
import { refreshSessionExpiry } from '../web/security.ts';
import { can, type PendingSignIn, type Permission, type Scope, type Visitor } from './permissions.ts';
import { loadPrincipal } from './principal.repository.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may use this route. Required on every route. */
    permission?: Permission;
    /** Finds the inspection or area the request is about; null means "no such thing" (404). */
    scope?: (request: FastifyRequest) => Promise<Scope | null>;
    /** Set false only for routes that must accept posts without a session (none yet). */
    csrf?: boolean;
    /**
     * A JSON API a page's script calls: a signed-out visitor is answered 401 in JSON, which the
     * script can act on, instead of being redirected to the sign-in page.
     */
    json?: boolean;
  }
  interface FastifyRequest {
    visitor: Visitor;
    scope: Scope;
  }
  interface FastifyInstance {
    routeRegistry: RegisteredRoute[];
  }
  interface FastifyReply {
    /** Values every page template receives (set by the views plugin). */
    locals: Record<string, unknown>;
  }
}

declare module 'fastify' {
  interface Session {
    userId?: string;
    pending?: PendingSignIn;
    flash?: unknown;
    extendedAt?: number;
    returnTo?: string;
  }
}

/** `csrf` is false for the few routes that take no form (a JSON API with no cookies). */
export type RegisteredRoute = { method: string; url: string; permission: Permission; csrf: boolean };

export class NotFoundError extends Error {
  statusCode = 404;
}

/** Where to send a visitor who must sign in first; only same-site paths are kept. */
export function safeReturnPath(path: string | undefined): string | undefined {
  if (!path || !path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return undefined;
  return path;
}

/** Call before any route is registered: a route without a permission stops the app starting. */
export function requireRoutePermissions(app: FastifyInstance): void {
  app.decorate('routeRegistry', [] as RegisteredRoute[]);
  app.addHook('onRoute', (route: RouteOptions) => {
    route.config ??= {};
    const config = route.config as { permission?: Permission };
    if (!config.permission && route.url.startsWith('/assets/')) config.permission = 'public';
    if (!config.permission) {
      throw new Error(`Route ${String(route.method)} ${route.url} does not declare a permission (deny by default).`);
    }
    for (const method of [route.method].flat()) {
      app.routeRegistry.push({ method: String(method), url: route.url, permission: config.permission, csrf: (route.config as { csrf?: boolean }).csrf !== false });
    }
  });
}

/** Call after sessions are set up: works out who the visitor is, then checks each request. */
export async function setUpAccessControl(app: FastifyInstance, db: Db, idleMinutes: number): Promise<void> {
  app.decorateRequest('visitor', null as unknown as Visitor);
  app.decorateRequest('scope', null as unknown as Scope);

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const session = request.session;
    const userId = session?.get('userId');
    const principal = userId ? await loadPrincipal(db.kysely, userId) : null;
    if (userId && !principal) session.set('userId', undefined);
    if (principal) refreshSessionExpiry(request, idleMinutes);
    request.visitor = { principal, pending: principal ? null : (session?.get('pending') ?? null) };
  });

  app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    const config = request.routeOptions.config;
    const permission = config?.permission;
    if (!permission) throw new NotFoundError('Not found');
    const scope = config.scope ? await config.scope(request) : {};
    if (scope === null) {
      // Not there, or not for this person: either way they learn nothing, and the attempt is on record.
      if (request.visitor.principal) await auditRefusal(db, request, permission, 'not found or not visible');
      throw new NotFoundError('Not found');
    }
    request.scope = scope;
    if (can(request.visitor, permission, scope)) return;
    await refuse(db, request, reply, permission);
  });
}

async function refuse(db: Db, request: FastifyRequest, reply: FastifyReply, permission: Permission): Promise<void> {
  const { principal, pending } = request.visitor;
  if (!principal) {
    if (pending && permission !== 'sign-in:in-progress') {
      return reply.redirect(pending.stage === 'mfa-setup' ? '/sign-in/two-factor/set-up' : '/sign-in/two-factor');
    }
    if (permission === 'sign-in:in-progress') return reply.redirect('/sign-in');
    if (request.routeOptions.config?.json) {
      return reply.code(401).header('cache-control', 'no-store').send({ status: 'signed-out', error: 'You have been signed out. Sign in again to save your work.' });
    }
    if (request.method === 'GET') request.session.set('returnTo', safeReturnPath(request.url));
    return reply.redirect('/sign-in');
  }
  await auditRefusal(db, request, permission, 'permission');
  reply.code(403);
  return reply.view('errors/forbidden.njk', {});
}

async function auditRefusal(db: Db, request: FastifyRequest, permission: Permission, reason: string): Promise<void> {
  const principal = request.visitor.principal!;
  await recordAudit(db.kysely, {
    actor: { id: principal.userId, label: principal.email },
    action: 'access.denied',
    outcome: 'denied',
    inspectionId: request.scope?.inspectionId ?? null,
    laCode: request.scope?.laCode ?? null,
    details: { method: request.method, route: request.routeOptions.url, permission, reason, path: request.url.split('?')[0] },
    requestId: request.id,
  });
}
