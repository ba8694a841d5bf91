// Security headers (CSP with per-response nonces), cookies, sessions and CSRF checks.
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifySession from '@fastify/session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../db/database.ts';
import { DatabaseSessionStore } from './session-store.ts';

export const SESSION_COOKIE = 'send_inspect_session';

export async function setUpSecurityHeaders(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.production ? [] : null,
      },
    },
    hsts: config.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
}

export async function setUpSessions(app: FastifyInstance, config: Config, db: Db): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: config.sessionSecret,
    cookieName: SESSION_COOKIE,
    store: new DatabaseSessionStore(db.kysely, config.sessionIdleMinutes),
    saveUninitialized: false,
    // Saved when changed; refreshSessionExpiry() extends an active session now and then.
    rolling: false,
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      maxAge: config.sessionIdleMinutes * 60_000,
    },
  });
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every form post must carry the session's CSRF token; checked once the body is parsed. */
export async function setUpCsrf(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/session',
    getToken: (request: FastifyRequest) => {
      const body = request.body as Record<string, unknown> | undefined;
      const fromBody = body && typeof body._csrf === 'string' ? body._csrf : undefined;
      return fromBody ?? (request.headers['x-csrf-token'] as string | undefined);
    },
  });
  app.addHook('preHandler', (request: FastifyRequest, reply: FastifyReply, done) => {
    if (!UNSAFE_METHODS.has(request.method) || request.routeOptions.config?.csrf === false) return done();
    app.csrfProtection(request, reply, done);
  });
}

const REFRESH_AFTER_MS = 5 * 60_000;

/**
 * Keeps an active session alive without writing it on every request: once it has been used for
 * five minutes since it was last extended, its expiry moves on (and so it is saved once).
 */
export function refreshSessionExpiry(request: FastifyRequest, idleMinutes: number): void {
  const session = request.session;
  const expires = session?.cookie?.expires;
  if (!expires) return;
  const extendedAt = new Date(expires).getTime() - idleMinutes * 60_000;
  if (Date.now() - extendedAt < REFRESH_AFTER_MS) return;
  session.touch();
  session.set('extendedAt', Date.now());
}
