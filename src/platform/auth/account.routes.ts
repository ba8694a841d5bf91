// A signed-in user's own account: details and roles, password change, authenticator app set-up.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../../app.ts';
import { parseForm, singleFieldError } from '../web/forms.ts';
import { setFlash } from '../web/views.ts';
import { codeSchema, renderMfaSetUp } from './mfa-pages.ts';
import { freshSession, pendingMfaSecret } from './auth-session.ts';
import { generateMfaSecret } from './mfa.ts';
import { changePassword, enrolMfa, getUserSummary, UserInputError, UserNotFoundError } from './user.service.ts';
import { AREA_ROLE_LABELS, ORGANISATION_LABELS } from './user.ts';

const VIEWS = 'platform/auth/views';
const self = { permission: 'account:self' as const };

const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: 'Enter your current password' }).min(1, 'Enter your current password'),
    newPassword: z.string({ error: 'Enter a new password' }).min(1, 'Enter a new password'),
    confirmPassword: z.string({ error: 'Confirm your new password' }).min(1, 'Confirm your new password'),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The new passwords do not match',
  });

function userIdOf(request: FastifyRequest): string {
  return request.visitor.principal!.userId;
}

export async function accountRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const kysely = deps.db.kysely;

  app.get('/account', { config: self }, async (request, reply) => {
    const user = await getUserSummary(kysely, userIdOf(request));
    if (!user) throw new UserNotFoundError();
    return reply.view(`${VIEWS}/account.njk`, {
      user,
      organisationLabel: ORGANISATION_LABELS[user.organisation],
      areaRoleLabels: AREA_ROLE_LABELS,
      requireMfa: deps.config.requireMfa,
    });
  });

  const passwordPage = (reply: FastifyReply, form: { errors?: unknown } = {}) =>
    reply.view(`${VIEWS}/change-password.njk`, { backLink: { href: '/account' }, ...form });

  app.get('/account/password', { config: self }, async (_request, reply) => passwordPage(reply));

  app.post('/account/password', { config: { ...self, rateLimit: { max: deps.config.signInRateLimitPerMinute, timeWindow: '1 minute' } } }, async (request, reply) => {
    const form = parseForm(changePasswordSchema, request.body);
    if (!form.ok) return passwordPage(reply, { errors: form.errors });
    const userId = userIdOf(request);
    try {
      await changePassword(kysely, userId, form.data, { requestId: request.id });
    } catch (error) {
      if (error instanceof UserInputError) return passwordPage(reply, { errors: singleFieldError(error.field, error.message) });
      throw error;
    }
    // The change signed the account out everywhere; this browser continues in a new session.
    await freshSession(request, {});
    request.session.set('userId', userId);
    setFlash(request, { heading: 'Your password has been changed', text: 'Anywhere else you were signed in has been signed out.' });
    return reply.redirect('/account');
  });

  async function twoFactorPage(request: FastifyRequest, reply: FastifyReply, form: { errors?: unknown } = {}) {
    const principal = request.visitor.principal!;
    const user = await getUserSummary(kysely, principal.userId);
    const secret = pendingMfaSecret(request, generateMfaSecret);
    return renderMfaSetUp(
      reply,
      { secret, accountName: principal.email, action: '/account/two-factor', backLink: { href: '/account' }, replacing: user?.mfaEnrolled ?? false },
      form,
    );
  }

  app.get('/account/two-factor', { config: self }, async (request, reply) => twoFactorPage(request, reply));

  app.post('/account/two-factor', { config: self }, async (request, reply) => {
    const secret = request.session.get('mfaSetupSecret');
    if (!secret) return reply.redirect('/account/two-factor');
    const form = parseForm(codeSchema, request.body);
    if (!form.ok) return twoFactorPage(request, reply, { errors: form.errors });
    const result = await enrolMfa(kysely, userIdOf(request), { secret, code: form.data.code }, { requestId: request.id });
    if (!result.ok) {
      return twoFactorPage(request, reply, { errors: singleFieldError('code', 'Enter the current 6-digit code from your authenticator app') });
    }
    request.session.set('mfaSetupSecret', undefined);
    setFlash(request, { heading: 'Two-factor authentication is set up', text: 'You will need a code from your authenticator app each time you sign in.' });
    return reply.redirect('/account');
  });
}
