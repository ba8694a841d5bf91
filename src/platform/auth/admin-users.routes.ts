// Administrators' user management: find, invite and change accounts, their roles and their sign-in.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../../app.ts';
import { formErrors, parseForm, singleFieldError, type FormErrors } from '../web/forms.ts';
import { setFlash } from '../web/views.ts';
import { NotFoundError } from './guard.ts';
import {
  disableUser,
  enableUser,
  getUserSummary,
  inviteUser,
  listUsers,
  renewInvitation,
  resetMfa,
  resetPassword,
  setAreaMembership,
  updateAccount,
  UserInputError,
  type Actor,
  type Invitation,
  type UserSummary,
} from './user.service.ts';
import {
  AREA_ROLE_HINTS,
  AREA_ROLE_LABELS,
  AREA_ROLES,
  areaRoleSchema,
  displayNameSchema,
  emailSchema,
  laCodeSchema,
  ORGANISATION_LABELS,
  ORGANISATIONS,
  organisationSchema,
  USER_STATUS_LABELS,
  USER_STATUSES,
} from './user.ts';

const VIEWS = 'platform/auth/views/admin';
const admin = { permission: 'admin:users' as const };
const PAGE_SIZE = 50;

const checkbox = z
  .union([z.literal('yes'), z.array(z.string())])
  .optional()
  .transform((v) => v === 'yes' || (Array.isArray(v) && v.includes('yes')));

const inviteSchema = z.object({
  displayName: displayNameSchema,
  email: emailSchema,
  organisation: organisationSchema,
  isAdmin: checkbox,
});

const detailsSchema = z.object({
  displayName: displayNameSchema,
  organisation: organisationSchema,
  isAdmin: checkbox,
});

const areaSchema = z.object({ laCode: laCodeSchema, role: areaRoleSchema });

const resetPasswordSchema = z.object({ clearMfa: checkbox });

const listQuerySchema = z.object({
  search: z.string().trim().max(200).optional().catch(undefined),
  status: z.enum(USER_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

const userIdParam = z.object({ userId: z.uuid() });
const areaParam = z.object({ userId: z.uuid(), laCode: z.string().regex(/^\d{3}$/) });

function actorOf(request: FastifyRequest): Actor {
  const principal = request.visitor.principal!;
  return { id: principal.userId, label: principal.email };
}

function userIdOf(request: FastifyRequest): string {
  const parsed = userIdParam.safeParse(request.params);
  if (!parsed.success) throw new NotFoundError('Not found');
  return parsed.data.userId;
}

const organisationItems = ORGANISATIONS.map((value) => ({ value, text: ORGANISATION_LABELS[value] }));
const areaRoleItems = AREA_ROLES.map((value) => ({ value, text: AREA_ROLE_LABELS[value], hint: { text: AREA_ROLE_HINTS[value] } }));

/** Pages that show a password or a link once must not be kept by the browser or a proxy. */
function doNotStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}

function bodyOf(request: FastifyRequest): Record<string, unknown> {
  return (request.body ?? {}) as Record<string, unknown>;
}

function pageErrors(message: string, href: string): FormErrors {
  return { summary: [{ text: message, href }], fields: {} };
}

export async function adminUsersRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const kysely = deps.db.kysely;
  const context = (request: FastifyRequest) => ({ requestId: request.id });

  async function loadUser(request: FastifyRequest): Promise<UserSummary> {
    const user = await getUserSummary(kysely, userIdOf(request));
    if (!user) throw new NotFoundError('Not found');
    return user;
  }

  function userPage(reply: FastifyReply, user: UserSummary, request: FastifyRequest, extra: Record<string, unknown> = {}) {
    return reply.view(`${VIEWS}/user.njk`, {
      user,
      isSelf: user.id === request.visitor.principal!.userId,
      organisationLabel: ORGANISATION_LABELS[user.organisation],
      statusLabel: USER_STATUS_LABELS[user.status],
      areaRoleLabels: AREA_ROLE_LABELS,
      backLink: { href: '/admin/users', text: 'All users' },
      ...extra,
    });
  }

  function showLink(reply: FastifyReply, user: { id: string; displayName: string; email: string }, invitation: Invitation, renewed: boolean) {
    doNotStore(reply);
    return reply.view(`${VIEWS}/invitation-link.njk`, {
      user,
      link: new URL(invitation.path, deps.config.serviceUrl).toString(),
      expiresAt: invitation.expiresAt,
      renewed,
    });
  }

  app.get('/admin/users', { config: admin }, async (request, reply) => {
    const query = listQuerySchema.parse(request.query ?? {});
    const page = query.page ?? 1;
    const list = await listUsers(kysely, { search: query.search, status: query.status }, page, PAGE_SIZE);
    return reply.view(`${VIEWS}/users.njk`, {
      list,
      query,
      pageCount: Math.max(1, Math.ceil(list.total / PAGE_SIZE)),
      organisationLabels: ORGANISATION_LABELS,
      statusLabels: USER_STATUS_LABELS,
      statusItems: [{ value: '', text: 'Any status' }, ...USER_STATUSES.map((value) => ({ value, text: USER_STATUS_LABELS[value] }))],
    });
  });

  const invitePage = (reply: FastifyReply, form: { errors?: FormErrors; values?: Record<string, unknown> } = {}) =>
    reply.view(`${VIEWS}/invite.njk`, { organisationItems, values: {}, backLink: { href: '/admin/users' }, ...form });

  app.get('/admin/users/invite', { config: admin }, async (_request, reply) => invitePage(reply));

  app.post('/admin/users/invite', { config: admin }, async (request, reply) => {
    const form = parseForm(inviteSchema, request.body);
    if (!form.ok) return invitePage(reply, { errors: form.errors, values: form.values });
    try {
      const invitation = await inviteUser(kysely, form.data, actorOf(request), context(request));
      return showLink(reply, { id: invitation.id, displayName: form.data.displayName, email: form.data.email }, invitation, false);
    } catch (error) {
      if (error instanceof UserInputError) return invitePage(reply, { errors: singleFieldError(error.field, error.message), values: bodyOf(request) });
      throw error;
    }
  });

  app.get('/admin/users/:userId', { config: admin }, async (request, reply) => userPage(reply, await loadUser(request), request));

  const detailsPage = (reply: FastifyReply, user: UserSummary, form: { errors?: FormErrors; values?: Record<string, unknown> } = {}) =>
    reply.view(`${VIEWS}/details.njk`, {
      user,
      organisationItems,
      values: { displayName: user.displayName, organisation: user.organisation, isAdmin: user.isAdmin ? 'yes' : undefined },
      backLink: { href: `/admin/users/${user.id}` },
      ...form,
    });

  app.get('/admin/users/:userId/details', { config: admin }, async (request, reply) => detailsPage(reply, await loadUser(request)));

  app.post('/admin/users/:userId/details', { config: admin }, async (request, reply) => {
    const user = await loadUser(request);
    const form = parseForm(detailsSchema, request.body);
    if (!form.ok) return detailsPage(reply, user, { errors: form.errors, values: form.values });
    try {
      await updateAccount(kysely, user.id, form.data, actorOf(request), context(request));
    } catch (error) {
      if (error instanceof UserInputError) return detailsPage(reply, user, { errors: singleFieldError(error.field, error.message), values: bodyOf(request) });
      throw error;
    }
    setFlash(request, { heading: 'Account details saved' });
    return reply.redirect(`/admin/users/${user.id}`);
  });

  const areaPage = (reply: FastifyReply, user: UserSummary, form: { errors?: FormErrors; values?: Record<string, unknown> } = {}) =>
    reply.view(`${VIEWS}/area.njk`, { user, areaRoleItems, values: {}, backLink: { href: `/admin/users/${user.id}` }, ...form });

  app.get('/admin/users/:userId/areas', { config: admin }, async (request, reply) => areaPage(reply, await loadUser(request)));

  app.post('/admin/users/:userId/areas', { config: admin }, async (request, reply) => {
    const user = await loadUser(request);
    const form = parseForm(areaSchema, request.body);
    if (!form.ok) return areaPage(reply, user, { errors: form.errors, values: form.values });
    try {
      await setAreaMembership(kysely, user.id, form.data.laCode, form.data.role, actorOf(request), context(request));
    } catch (error) {
      if (error instanceof UserInputError) return areaPage(reply, user, { errors: singleFieldError('laCode', error.message), values: bodyOf(request) });
      throw error;
    }
    setFlash(request, { heading: 'Local area role saved', text: `${user.displayName} is now ${/^[aeiou]/i.test(AREA_ROLE_LABELS[form.data.role]) ? 'an' : 'a'} ${AREA_ROLE_LABELS[form.data.role].toLowerCase()} for area ${form.data.laCode}.` });
    return reply.redirect(`/admin/users/${user.id}`);
  });

  app.post('/admin/users/:userId/areas/:laCode/remove', { config: admin }, async (request, reply) => {
    const parsed = areaParam.safeParse(request.params);
    if (!parsed.success) throw new NotFoundError('Not found');
    const user = await loadUser(request);
    await setAreaMembership(kysely, user.id, parsed.data.laCode, null, actorOf(request), context(request));
    setFlash(request, { heading: 'Local area role removed', text: `${user.displayName} is no longer a member of area ${parsed.data.laCode}.` });
    return reply.redirect(`/admin/users/${user.id}`);
  });

  app.post('/admin/users/:userId/disable', { config: admin }, async (request, reply) => {
    const user = await loadUser(request);
    try {
      await disableUser(kysely, user.id, actorOf(request), context(request));
    } catch (error) {
      if (error instanceof UserInputError) return userPage(reply.code(400), user, request, { errors: pageErrors(error.message, '#account-actions') });
      throw error;
    }
    setFlash(request, { heading: 'Account disabled', text: `${user.displayName} can no longer sign in and has been signed out.` });
    return reply.redirect(`/admin/users/${user.id}`);
  });

  app.post('/admin/users/:userId/enable', { config: admin }, async (request, reply) => {
    const user = await loadUser(request);
    await enableUser(kysely, user.id, actorOf(request), context(request));
    setFlash(request, { heading: 'Account enabled', text: `${user.displayName} can sign in again.` });
    return reply.redirect(`/admin/users/${user.id}`);
  });

  app.post('/admin/users/:userId/invitation', { config: admin }, async (request, reply) => {
    const user = await loadUser(request);
    try {
      const invitation = await renewInvitation(kysely, user.id, actorOf(request), context(request));
      return showLink(reply, user, invitation, true);
    } catch (error) {
      if (error instanceof UserInputError) return userPage(reply.code(400), user, request, { errors: pageErrors(error.message, '#account-actions') });
      throw error;
    }
  });

  app.get('/admin/users/:userId/reset-password', { config: admin }, async (request, reply) => {
    const user = await loadUser(request);
    return reply.view(`${VIEWS}/reset-password.njk`, { user, backLink: { href: `/admin/users/${user.id}` } });
  });

  app.post('/admin/users/:userId/reset-password', { config: admin }, async (request, reply) => {
    const user = await loadUser(request);
    const form = parseForm(resetPasswordSchema, request.body);
    const clearMfa = form.ok && form.data.clearMfa;
    try {
      const password = await resetPassword(kysely, user.id, actorOf(request), { clearMfa, ...context(request) });
      doNotStore(reply);
      return reply.view(`${VIEWS}/new-password.njk`, { user, password, clearMfa });
    } catch (error) {
      if (error instanceof UserInputError) {
        return reply.code(400).view(`${VIEWS}/reset-password.njk`, { user, errors: formErrors([{ path: ['clearMfa'], message: error.message }]) });
      }
      throw error;
    }
  });

  app.get('/admin/users/:userId/reset-two-factor', { config: admin }, async (request, reply) => {
    const user = await loadUser(request);
    return reply.view(`${VIEWS}/reset-two-factor.njk`, { user, backLink: { href: `/admin/users/${user.id}` } });
  });

  app.post('/admin/users/:userId/reset-two-factor', { config: admin }, async (request, reply) => {
    const user = await loadUser(request);
    await resetMfa(kysely, user.id, actorOf(request), context(request));
    setFlash(request, {
      heading: 'Two-factor authentication reset',
      text: `${user.displayName} has been signed out. Their old authenticator app no longer works for this service.`,
    });
    return reply.redirect(`/admin/users/${user.id}`);
  });
}
