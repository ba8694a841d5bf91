// Signing in and out: email and password, the authenticator code (or setting one up), invitations.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../../app.ts';
import { formErrors, parseForm, singleFieldError } from '../web/forms.ts';
import { formatDateTime } from '../web/format.ts';
import { setFlash } from '../web/views.ts';
import { freshSession, landingPath, pendingMfaSecret } from './auth-session.ts';
import { codeSchema, renderMfaSetUp } from './mfa-pages.ts';
import { generateMfaSecret } from './mfa.ts';
import {
  acceptInvitation,
  accountNameFor,
  enrolMfa,
  findInvitation,
  InvitationNotValidError,
  recordSignOut,
  signIn,
  UserInputError,
  verifySignInCode,
} from './user.service.ts';
import { ORGANISATION_LABELS } from './user.ts';

const VIEWS = 'platform/auth/views';

export const GENERIC_SIGN_IN_ERROR = 'Enter a correct email address and password';

const signInSchema = z.object({
  email: z.string({ error: 'Enter your email address' }).trim().min(1, 'Enter your email address').max(320, 'Email address must be 320 characters or fewer'),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(1024, 'Password must be 1024 characters or fewer'),
});

const inviteSchema = z
  .object({
    displayName: z.string({ error: 'Enter your full name' }).trim().min(1, 'Enter your full name').max(200, 'Full name must be 200 characters or fewer'),
    password: z.string({ error: 'Enter a password' }).min(1, 'Enter a password'),
    confirmPassword: z.string({ error: 'Confirm your password' }).min(1, 'Confirm your password'),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  });

export function lockedMessage(until: Date): string {
  return `Your account is locked because of too many wrong attempts. Try again after ${formatDateTime(until)}`;
}

function codeErrorMessage(outcome: 'invalid' | 'replayed'): string {
  return outcome === 'replayed'
    ? 'That code has already been used. Wait for your app to show a new code and enter that'
    : 'Enter the current 6-digit code from your authenticator app';
}

async function finishSignIn(request: FastifyRequest, reply: FastifyReply, userId: string): Promise<FastifyReply> {
  const returnTo = request.session.get('returnTo');
  await freshSession(request, {});
  request.session.set('userId', userId);
  return reply.redirect(landingPath(returnTo));
}

export async function authRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, config } = deps;
  const kysely = db.kysely;
  const rateLimit = { max: config.signInRateLimitPerMinute, timeWindow: '1 minute' };

  app.get('/sign-in', { config: { permission: 'public' } }, async (request, reply) => {
    if (request.visitor.principal) return reply.redirect(landingPath(undefined));
    return reply.view(`${VIEWS}/sign-in.njk`, { values: {} });
  });

  app.post('/sign-in', { config: { permission: 'public', rateLimit } }, async (request, reply) => {
    const form = parseForm(signInSchema, request.body);
    if (!form.ok) return reply.view(`${VIEWS}/sign-in.njk`, { errors: form.errors, values: { email: form.values.email } });
    const result = await signIn(kysely, form.data, { requireMfa: config.requireMfa, requestId: request.id });
    if (result.outcome === 'invalid' || result.outcome === 'locked') {
      const message = result.outcome === 'locked' ? lockedMessage(result.until) : GENERIC_SIGN_IN_ERROR;
      return reply.view(`${VIEWS}/sign-in.njk`, { errors: singleFieldError('email', message), values: { email: form.data.email } });
    }
    if (result.outcome === 'signed-in') return finishSignIn(request, reply, result.userId);
    const returnTo = request.session.get('returnTo');
    await freshSession(request, { returnTo });
    request.session.set('pending', { userId: result.userId, stage: result.outcome });
    return reply.redirect(result.outcome === 'mfa-verify' ? '/sign-in/two-factor' : '/sign-in/two-factor/set-up');
  });

  const inProgress = { permission: 'sign-in:in-progress' as const };

  app.get('/sign-in/two-factor', { config: inProgress }, async (request, reply) => {
    if (request.visitor.pending?.stage !== 'mfa-verify') return reply.redirect('/sign-in/two-factor/set-up');
    return reply.view(`${VIEWS}/two-factor.njk`, { values: {} });
  });

  app.post('/sign-in/two-factor', { config: { ...inProgress, rateLimit } }, async (request, reply) => {
    const pending = request.visitor.pending!;
    if (pending.stage !== 'mfa-verify') return reply.redirect('/sign-in/two-factor/set-up');
    const form = parseForm(codeSchema, request.body);
    if (!form.ok) return reply.view(`${VIEWS}/two-factor.njk`, { errors: form.errors, values: {} });
    const result = await verifySignInCode(kysely, pending.userId, form.data.code, { requestId: request.id });
    if (result.outcome === 'signed-in') return finishSignIn(request, reply, pending.userId);
    if (result.outcome === 'locked') {
      // The sign-in stops here: after the lock-out both steps must be done again.
      await freshSession(request, {});
      return reply.view(`${VIEWS}/sign-in.njk`, { errors: singleFieldError('email', lockedMessage(result.until)), values: {} });
    }
    return reply.view(`${VIEWS}/two-factor.njk`, { errors: singleFieldError('code', codeErrorMessage(result.outcome)), values: {} });
  });

  async function setUpPage(request: FastifyRequest, reply: FastifyReply, form: { errors?: unknown } = {}) {
    const accountName = await accountNameFor(kysely, request.visitor.pending!.userId);
    const secret = pendingMfaSecret(request, generateMfaSecret);
    return renderMfaSetUp(reply, { secret, accountName, action: '/sign-in/two-factor/set-up', signingIn: true }, form);
  }

  app.get('/sign-in/two-factor/set-up', { config: inProgress }, async (request, reply) => {
    if (request.visitor.pending?.stage !== 'mfa-setup') return reply.redirect('/sign-in/two-factor');
    return setUpPage(request, reply);
  });

  app.post('/sign-in/two-factor/set-up', { config: { ...inProgress, rateLimit } }, async (request, reply) => {
    const pending = request.visitor.pending!;
    if (pending.stage !== 'mfa-setup') return reply.redirect('/sign-in/two-factor');
    const secret = request.session.get('mfaSetupSecret');
    if (!secret) return reply.redirect('/sign-in/two-factor/set-up');
    const form = parseForm(codeSchema, request.body);
    if (!form.ok) return setUpPage(request, reply, { errors: form.errors });
    const result = await enrolMfa(kysely, pending.userId, { secret, code: form.data.code, completingSignIn: true }, { requestId: request.id });
    if (!result.ok) return setUpPage(request, reply, { errors: singleFieldError('code', codeErrorMessage(result.reason)) });
    return finishSignIn(request, reply, pending.userId);
  });

  app.post('/sign-out', { config: { permission: 'public' } }, async (request, reply) => {
    const userId = request.visitor.principal?.userId;
    if (userId) await recordSignOut(kysely, userId, { requestId: request.id });
    // A new, empty session: everything of the old one is deleted, and it carries only the banner.
    await freshSession(request, {});
    setFlash(request, { heading: 'You have signed out' });
    return reply.redirect('/');
  });

  app.get('/invite/:token', { config: { permission: 'public' } }, async (request, reply) => {
    const invitation = await findInvitation(kysely, tokenOf(request));
    if (!invitation) return invalidInvitation(reply);
    return reply.view(`${VIEWS}/invite.njk`, { invitation: describeInvitation(invitation), values: { displayName: invitation.displayName } });
  });

  app.post('/invite/:token', { config: { permission: 'public', rateLimit } }, async (request, reply) => {
    const token = tokenOf(request);
    const invitation = await findInvitation(kysely, token);
    if (!invitation) return invalidInvitation(reply);
    const form = parseForm(inviteSchema, request.body);
    const values = { displayName: (request.body as Record<string, unknown> | undefined)?.displayName };
    const page = { invitation: describeInvitation(invitation), values };
    if (!form.ok) return reply.view(`${VIEWS}/invite.njk`, { ...page, errors: form.errors });
    try {
      await acceptInvitation(kysely, token, form.data, { requestId: request.id });
    } catch (error) {
      if (error instanceof InvitationNotValidError) return invalidInvitation(reply);
      if (error instanceof UserInputError) return reply.view(`${VIEWS}/invite.njk`, { ...page, errors: formErrors([{ path: [error.field], message: error.message }]) });
      throw error;
    }
    setFlash(request, { heading: 'Your account is ready', text: 'Sign in with your email address and the password you chose.' });
    return reply.redirect('/sign-in');
  });
}

function tokenOf(request: FastifyRequest): string {
  return (request.params as { token: string }).token;
}

function describeInvitation(invitation: { email: string; organisation: keyof typeof ORGANISATION_LABELS }) {
  return { email: invitation.email, organisation: ORGANISATION_LABELS[invitation.organisation] };
}

function invalidInvitation(reply: FastifyReply): FastifyReply {
  reply.code(404);
  return reply.view(`${VIEWS}/invite-invalid.njk`, {});
}
