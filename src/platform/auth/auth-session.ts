// What signing in keeps in the session besides the user id: the new authenticator secret being set up.
import type { FastifyRequest } from 'fastify';
import { safeReturnPath } from './guard.ts';

declare module 'fastify' {
  interface Session {
    /** A new authenticator secret shown to the user, kept until a code from it confirms it. */
    mfaSetupSecret?: string;
  }
}

/** Where to go once signed in: the page the visitor first asked for, if it is on this site. */
export function landingPath(returnTo: string | undefined): string {
  return safeReturnPath(returnTo) ?? '/inspections';
}

/**
 * Starts a new session (a new id, so an id planted before sign-in is useless) and puts back only
 * what the sign-in still needs.
 */
export async function freshSession(request: FastifyRequest, keep: { returnTo?: string }): Promise<void> {
  await request.session.regenerate();
  if (keep.returnTo) request.session.set('returnTo', keep.returnTo);
}

/** The authenticator secret being set up, created on first view and kept until confirmed. */
export function pendingMfaSecret(request: FastifyRequest, generate: () => string): string {
  let secret = request.session.get('mfaSetupSecret');
  if (!secret) {
    secret = generate();
    request.session.set('mfaSetupSecret', secret);
  }
  return secret;
}
