// Account use cases: create, invite, change and disable accounts; sign in with a password and a
// second factor; change passwords. Every change is audited in the transaction that makes it.
import type { Kysely } from 'kysely';
import { getArea } from '../../areas/area.service.ts';
import { recordAudit, type AuditActor } from '../audit.ts';
import type { Database } from '../db/schema.ts';
import { deleteSessionsOfUser } from '../web/session-store.ts';
import { afterFailure, isLocked } from './lockout.ts';
import { verifyMfaCode } from './mfa.ts';
import { decoyPasswordHash, generatePassword, hashPassword, passwordProblem, verifyPassword } from './password.ts';
import {
  countActiveAdmins,
  deleteAreaMembership,
  findUserByEmail,
  findUserById,
  findUserByIdForUpdate,
  findUserByInviteTokenHash,
  insertUser,
  selectAreaMembership,
  selectAreaMemberships,
  selectTeamRoles,
  selectUsers,
  updateUser,
  upsertAreaMembership,
  type AreaMembershipItem,
  type TeamRoleItem,
  type UserListFilter,
  type UserListItem,
} from './user.repository.ts';
import { generateToken, hashToken, inviteExpiry, normaliseEmail } from './user.ts';
import type { AppUserRow, AreaRole, Organisation, UserStatus } from './user.table.ts';

/** Who is making a change: a signed-in administrator, or null for the command line. */
export type Actor = AuditActor;

/** Request details that go into the audit log, and the clock (tests move it). */
export type Context = { requestId?: string; now?: Date };

/** Something wrong with what was asked for, tied to the form field it is about. */
export class UserInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

export class UserNotFoundError extends Error {
  readonly statusCode = 404;
  constructor() {
    super('There is no such user');
  }
}

const DUPLICATE_EMAIL = 'An account already exists with this email address';

type Tx = Kysely<Database>;

function nowOf(context: Context): Date {
  return context.now ?? new Date();
}

function via(actor: Actor): Record<string, unknown> {
  return actor ? {} : { via: 'command line' };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}

async function requireUser(db: Tx, id: string, forUpdate = false): Promise<AppUserRow> {
  const user = forUpdate ? await findUserByIdForUpdate(db, id) : await findUserById(db, id);
  if (!user) throw new UserNotFoundError();
  return user;
}

function checkNewPassword(field: string, password: string, user: { email: string; displayName: string }): void {
  const problem = passwordProblem(password, { email: user.email, displayName: user.displayName });
  if (problem) throw new UserInputError(field, problem);
}

async function requireArea(db: Tx, laCode: string, field: string): Promise<void> {
  if (!(await getArea(db, laCode))) throw new UserInputError(field, `There is no local area with the code ${laCode}`);
}

// ---- Accounts -------------------------------------------------------------------------------

export type NewUserInput = {
  email: string;
  displayName: string;
  organisation: Organisation;
  isAdmin?: boolean;
  /** Left out: a strong password is generated and returned once. */
  password?: string;
  /** An area membership to give the account in the same step. */
  area?: { laCode: string; role: AreaRole };
};

/** Creates an active account. Returns the generated password when none was given. */
export async function createUser(db: Kysely<Database>, input: NewUserInput, actor: Actor, context: Context = {}): Promise<{ id: string; password?: string }> {
  const email = normaliseEmail(input.email);
  const displayName = input.displayName.trim();
  if (input.password !== undefined) checkNewPassword('password', input.password, { email, displayName });
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const id = await db.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, email)) throw new UserInputError('email', DUPLICATE_EMAIL);
    if (input.area) await requireArea(trx, input.area.laCode, 'area');
    const id = await insertWithUniqueEmail(trx, {
      email,
      display_name: displayName,
      organisation: input.organisation,
      is_admin: input.isAdmin ?? false,
      status: 'active',
      password_hash: passwordHash,
    });
    await recordAudit(trx, {
      actor,
      action: 'user.create',
      subjectType: 'user',
      subjectId: id,
      details: { email, organisation: input.organisation, isAdmin: input.isAdmin ?? false, ...via(actor) },
      requestId: context.requestId,
    });
    if (input.area) await changeAreaMembership(trx, id, input.area.laCode, input.area.role, actor, context);
    return id;
  });
  return input.password === undefined ? { id, password } : { id };
}

async function insertWithUniqueEmail(trx: Tx, row: Parameters<typeof insertUser>[1]): Promise<string> {
  try {
    return await insertUser(trx, row);
  } catch (error) {
    // Two admins adding the same person at once: the unique index decides.
    if (isUniqueViolation(error)) throw new UserInputError('email', DUPLICATE_EMAIL);
    throw error;
  }
}

export type InviteInput = { email: string; displayName: string; organisation: Organisation; isAdmin?: boolean };

export type Invitation = { id: string; path: string; expiresAt: Date };

/** Creates an invited account and a one-time link (valid 7 days) for the person to choose a password. */
export async function inviteUser(db: Kysely<Database>, input: InviteInput, actor: Actor, context: Context = {}): Promise<Invitation> {
  const email = normaliseEmail(input.email);
  const token = generateToken();
  const expiresAt = inviteExpiry(nowOf(context));
  const id = await db.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, email)) throw new UserInputError('email', DUPLICATE_EMAIL);
    const id = await insertWithUniqueEmail(trx, {
      email,
      display_name: input.displayName.trim(),
      organisation: input.organisation,
      is_admin: input.isAdmin ?? false,
      status: 'invited',
      invite_token_hash: hashToken(token),
      invite_expires_at: expiresAt,
    });
    await recordAudit(trx, {
      actor,
      action: 'user.invite',
      subjectType: 'user',
      subjectId: id,
      details: { email, organisation: input.organisation, isAdmin: input.isAdmin ?? false, expiresAt: expiresAt.toISOString(), ...via(actor) },
      requestId: context.requestId,
    });
    return id;
  });
  return { id, path: `/invite/${token}`, expiresAt };
}

/** A new link for someone whose invitation has not been used (the old link stops working). */
export async function renewInvitation(db: Kysely<Database>, userId: string, actor: Actor, context: Context = {}): Promise<Invitation> {
  const token = generateToken();
  const expiresAt = inviteExpiry(nowOf(context));
  await db.transaction().execute(async (trx) => {
    const user = await requireUser(trx, userId, true);
    if (user.status !== 'invited') throw new UserInputError('form', 'This person has already accepted their invitation');
    await updateUser(trx, userId, { invite_token_hash: hashToken(token), invite_expires_at: expiresAt });
    await recordAudit(trx, {
      actor,
      action: 'user.invite.renew',
      subjectType: 'user',
      subjectId: userId,
      details: { expiresAt: expiresAt.toISOString(), ...via(actor) },
      requestId: context.requestId,
    });
  });
  return { id: userId, path: `/invite/${token}`, expiresAt };
}

export type OpenInvitation = { userId: string; email: string; displayName: string; organisation: Organisation };

function isOpenInvitation(user: AppUserRow | undefined, now: Date): user is AppUserRow {
  return !!user && user.status === 'invited' && !!user.invite_expires_at && user.invite_expires_at.getTime() > now.getTime();
}

/** The invitation a link is for, or null when the link is wrong, used or expired. */
export async function findInvitation(db: Kysely<Database>, token: string, context: Context = {}): Promise<OpenInvitation | null> {
  const user = await findUserByInviteTokenHash(db, hashToken(token));
  if (!isOpenInvitation(user, nowOf(context))) return null;
  return { userId: user.id, email: user.email, displayName: user.display_name, organisation: user.organisation };
}

export class InvitationNotValidError extends Error {
  constructor() {
    super('This invitation link has expired or has already been used');
  }
}

/** Sets the invited person's password and name, and activates the account. The link then stops working. */
export async function acceptInvitation(
  db: Kysely<Database>,
  token: string,
  input: { displayName: string; password: string },
  context: Context = {},
): Promise<{ userId: string }> {
  const invitation = await findInvitation(db, token, context);
  if (!invitation) throw new InvitationNotValidError();
  const displayName = input.displayName.trim();
  checkNewPassword('password', input.password, { email: invitation.email, displayName });
  const passwordHash = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    const user = await findUserByIdForUpdate(trx, invitation.userId);
    // Re-checked under the row lock: the same link used twice at once succeeds only once.
    if (!isOpenInvitation(user, nowOf(context)) || user.invite_token_hash !== hashToken(token)) throw new InvitationNotValidError();
    await updateUser(trx, user.id, {
      display_name: displayName,
      password_hash: passwordHash,
      status: 'active',
      invite_token_hash: null,
      invite_expires_at: null,
    });
    await recordAudit(trx, {
      actor: { id: user.id, label: user.email },
      action: 'user.invite.accept',
      subjectType: 'user',
      subjectId: user.id,
      requestId: context.requestId,
    });
  });
  return { userId: invitation.userId };
}

export type UserList = { users: UserListItem[]; total: number; page: number; pageSize: number };

export async function listUsers(db: Kysely<Database>, filter: UserListFilter = {}, page = 1, pageSize = 50): Promise<UserList> {
  const { users, total } = await selectUsers(db, { ...filter, search: filter.search?.trim() || undefined }, pageSize, (page - 1) * pageSize);
  return { users, total, page, pageSize };
}

export type UserSummary = {
  id: string;
  email: string;
  displayName: string;
  organisation: Organisation;
  isAdmin: boolean;
  status: UserStatus;
  mfaEnrolled: boolean;
  mfaEnrolledAt: Date | null;
  lastSignInAt: Date | null;
  lockedUntil: Date | null;
  inviteExpiresAt: Date | null;
  createdAt: Date;
  areaMemberships: AreaMembershipItem[];
  teamRoles: TeamRoleItem[];
};

export async function getUserSummary(db: Kysely<Database>, id: string, context: Context = {}): Promise<UserSummary | undefined> {
  const user = await findUserById(db, id);
  if (!user) return undefined;
  const [areaMemberships, teamRoles] = await Promise.all([selectAreaMemberships(db, id), selectTeamRoles(db, id)]);
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    organisation: user.organisation,
    isAdmin: user.is_admin,
    status: user.status,
    mfaEnrolled: user.mfa_enrolled_at !== null,
    mfaEnrolledAt: user.mfa_enrolled_at,
    lastSignInAt: user.last_sign_in_at,
    lockedUntil: isLocked(user.locked_until, nowOf(context)) ? user.locked_until : null,
    inviteExpiresAt: user.status === 'invited' ? user.invite_expires_at : null,
    createdAt: user.created_at,
    areaMemberships,
    teamRoles,
  };
}

/** The name an authenticator app shows for this account: its email address. */
export async function accountNameFor(db: Kysely<Database>, userId: string): Promise<string> {
  return (await requireUser(db, userId)).email;
}

/** The id of the account with this email (any case), if there is one. */
export async function findUserIdByEmail(db: Kysely<Database>, email: string): Promise<string | undefined> {
  return (await findUserByEmail(db, normaliseEmail(email)))?.id;
}

export type AccountChanges = { displayName?: string; organisation?: Organisation; isAdmin?: boolean };

/** Changes an account's name, organisation or administrator access. */
export async function updateAccount(db: Kysely<Database>, userId: string, changes: AccountChanges, actor: Actor, context: Context = {}): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await requireUser(trx, userId, true);
    const details: Record<string, { from: unknown; to: unknown }> = {};
    const displayName = changes.displayName?.trim();
    if (displayName !== undefined && displayName !== user.display_name) details.displayName = { from: user.display_name, to: displayName };
    if (changes.organisation !== undefined && changes.organisation !== user.organisation) {
      details.organisation = { from: user.organisation, to: changes.organisation };
    }
    const adminChange = changes.isAdmin !== undefined && changes.isAdmin !== user.is_admin;
    if (adminChange && !changes.isAdmin) await checkMayRemoveAdmin(trx, user, actor);
    if (Object.keys(details).length === 0 && !adminChange) return;
    await updateUser(trx, userId, {
      display_name: displayName ?? user.display_name,
      organisation: changes.organisation ?? user.organisation,
      is_admin: changes.isAdmin ?? user.is_admin,
    });
    if (Object.keys(details).length) {
      await recordAudit(trx, { actor, action: 'user.update', subjectType: 'user', subjectId: userId, details: { ...details, ...via(actor) }, requestId: context.requestId });
    }
    if (adminChange) {
      await recordAudit(trx, {
        actor,
        action: 'user.role.change',
        subjectType: 'user',
        subjectId: userId,
        details: { isAdmin: { from: user.is_admin, to: changes.isAdmin }, ...via(actor) },
        requestId: context.requestId,
      });
    }
  });
}

async function checkMayRemoveAdmin(trx: Tx, user: AppUserRow, actor: Actor): Promise<void> {
  if (actor && actor.id === user.id) throw new UserInputError('isAdmin', 'You cannot remove your own administrator access. Ask another administrator');
  if (user.status === 'active' && (await countActiveAdmins(trx)) <= 1) {
    throw new UserInputError('isAdmin', 'This is the only active administrator. Make someone else an administrator first');
  }
}

export async function setAdmin(db: Kysely<Database>, userId: string, isAdmin: boolean, actor: Actor, context: Context = {}): Promise<void> {
  await updateAccount(db, userId, { isAdmin }, actor, context);
}

async function changeAreaMembership(trx: Tx, userId: string, laCode: string, role: AreaRole | null, actor: Actor, context: Context): Promise<void> {
  const previous = (await selectAreaMembership(trx, userId, laCode)) ?? null;
  if (previous === role) return;
  if (role) {
    await requireArea(trx, laCode, 'laCode');
    await upsertAreaMembership(trx, userId, laCode, role);
  } else {
    await deleteAreaMembership(trx, userId, laCode);
  }
  await recordAudit(trx, {
    actor,
    action: 'user.role.change',
    laCode,
    subjectType: 'user',
    subjectId: userId,
    details: { areaRole: { from: previous, to: role }, ...via(actor) },
    requestId: context.requestId,
  });
}

/** Gives a user a role in a local area partnership, changes it, or (role null) removes it. */
export async function setAreaMembership(
  db: Kysely<Database>,
  userId: string,
  laCode: string,
  role: AreaRole | null,
  actor: Actor,
  context: Context = {},
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await requireUser(trx, userId, true);
    await changeAreaMembership(trx, userId, laCode, role, actor, context);
  });
}

/** Stops an account signing in and signs it out everywhere. */
export async function disableUser(db: Kysely<Database>, userId: string, actor: Actor, context: Context = {}): Promise<void> {
  if (actor && actor.id === userId) throw new UserInputError('form', 'You cannot disable your own account');
  await db.transaction().execute(async (trx) => {
    const user = await requireUser(trx, userId, true);
    if (user.status === 'disabled') return;
    await updateUser(trx, userId, { status: 'disabled', invite_token_hash: null, invite_expires_at: null });
    await deleteSessionsOfUser(trx, userId);
    await recordAudit(trx, { actor, action: 'user.disable', subjectType: 'user', subjectId: userId, details: via(actor), requestId: context.requestId });
  });
}

/** Lets a disabled account sign in again (an account that never chose a password needs a new invitation or a password reset). */
export async function enableUser(db: Kysely<Database>, userId: string, actor: Actor, context: Context = {}): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await requireUser(trx, userId, true);
    if (user.status !== 'disabled') return;
    await updateUser(trx, userId, {
      status: user.password_hash ? 'active' : 'invited',
      failed_sign_ins: 0,
      locked_until: null,
    });
    await recordAudit(trx, { actor, action: 'user.enable', subjectType: 'user', subjectId: userId, details: via(actor), requestId: context.requestId });
  });
}

/**
 * Gives the account a new generated password (returned once), unlocks it and signs it out
 * everywhere. With clearMfa the authenticator app must be set up again too.
 */
export async function resetPassword(
  db: Kysely<Database>,
  userId: string,
  actor: Actor,
  options: { clearMfa?: boolean } & Context = {},
): Promise<string> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const user = await requireUser(trx, userId, true);
    if (user.status === 'disabled') throw new UserInputError('form', 'This account is disabled. Enable it before resetting its password');
    await updateUser(trx, userId, {
      password_hash: passwordHash,
      status: 'active',
      invite_token_hash: null,
      invite_expires_at: null,
      failed_sign_ins: 0,
      locked_until: null,
      ...(options.clearMfa ? { mfa_secret: null, mfa_enrolled_at: null, mfa_last_used_step: null } : {}),
    });
    await deleteSessionsOfUser(trx, userId);
    await recordAudit(trx, {
      actor,
      action: 'user.password.reset',
      subjectType: 'user',
      subjectId: userId,
      details: { mfaCleared: options.clearMfa ?? false, ...via(actor) },
      requestId: options.requestId,
    });
  });
  return password;
}

/** Removes the account's authenticator app (lost phone): it sets one up at the next sign-in. */
export async function resetMfa(db: Kysely<Database>, userId: string, actor: Actor, context: Context = {}): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await requireUser(trx, userId, true);
    if (!user.mfa_secret) return;
    await updateUser(trx, userId, { mfa_secret: null, mfa_enrolled_at: null, mfa_last_used_step: null });
    await deleteSessionsOfUser(trx, userId);
    await recordAudit(trx, { actor, action: 'user.mfa.reset', subjectType: 'user', subjectId: userId, details: via(actor), requestId: context.requestId });
  });
}

// ---- Signing in -----------------------------------------------------------------------------

export type SignInResult =
  | { outcome: 'signed-in'; userId: string }
  | { outcome: 'mfa-verify'; userId: string }
  | { outcome: 'mfa-setup'; userId: string }
  | { outcome: 'invalid' }
  | { outcome: 'locked'; until: Date };

function actorOf(user: AppUserRow): Actor {
  return { id: user.id, label: user.email };
}

/** Records one more failure and locks the account when there have been too many. */
async function countFailure(trx: Tx, user: AppUserRow, action: string, details: Record<string, unknown>, context: Context): Promise<Date | null> {
  const { failedSignIns, lockedUntil } = afterFailure(user.failed_sign_ins, nowOf(context));
  await updateUser(trx, user.id, { failed_sign_ins: failedSignIns, locked_until: lockedUntil ?? user.locked_until });
  await recordAudit(trx, {
    actor: actorOf(user),
    action,
    outcome: 'failure',
    subjectType: 'user',
    subjectId: user.id,
    details: { ...details, consecutiveFailures: failedSignIns },
    requestId: context.requestId,
  });
  if (lockedUntil) {
    await recordAudit(trx, {
      actor: actorOf(user),
      action: 'auth.locked',
      outcome: 'failure',
      subjectType: 'user',
      subjectId: user.id,
      details: { lockedUntil: lockedUntil.toISOString(), consecutiveFailures: failedSignIns },
      requestId: context.requestId,
    });
  }
  return lockedUntil;
}

async function completeSignIn(trx: Tx, user: AppUserRow, method: string, context: Context, extra: { mfaLastUsedStep?: number } = {}): Promise<void> {
  await updateUser(trx, user.id, {
    failed_sign_ins: 0,
    locked_until: null,
    last_sign_in_at: nowOf(context),
    ...(extra.mfaLastUsedStep !== undefined ? { mfa_last_used_step: extra.mfaLastUsedStep } : {}),
  });
  await recordAudit(trx, { actor: actorOf(user), action: 'auth.sign_in', subjectType: 'user', subjectId: user.id, details: { method }, requestId: context.requestId });
}

/**
 * Checks an email and password. The failure cases (no account, disabled, invited, wrong password)
 * look the same from outside and take about the same time; only a lock-out is told apart, so the
 * person knows when to try again. Failures reset only once the whole sign-in succeeds.
 */
export async function signIn(
  db: Kysely<Database>,
  credentials: { email: string; password: string },
  options: { requireMfa: boolean } & Context,
): Promise<SignInResult> {
  const found = await findUserByEmail(db, normaliseEmail(credentials.email));
  const now = nowOf(options);
  if (!found || found.status !== 'active' || !found.password_hash) {
    await verifyPassword(await decoyPasswordHash(), credentials.password);
    await recordAudit(db, {
      actor: found ? actorOf(found) : null,
      action: 'auth.sign_in.failure',
      outcome: 'failure',
      subjectType: found ? 'user' : undefined,
      subjectId: found?.id,
      details: { reason: found ? `account ${found.status}` : 'no such account' },
      requestId: options.requestId,
    });
    return { outcome: 'invalid' };
  }
  if (isLocked(found.locked_until, now)) {
    await recordAudit(db, {
      actor: actorOf(found),
      action: 'auth.sign_in.failure',
      outcome: 'failure',
      subjectType: 'user',
      subjectId: found.id,
      details: { reason: 'locked' },
      requestId: options.requestId,
    });
    return { outcome: 'locked', until: found.locked_until! };
  }
  const correct = await verifyPassword(found.password_hash, credentials.password);
  return db.transaction().execute(async (trx): Promise<SignInResult> => {
    const user = await requireUser(trx, found.id, true);
    if (isLocked(user.locked_until, now)) return { outcome: 'locked', until: user.locked_until! };
    if (!correct) {
      const lockedUntil = await countFailure(trx, user, 'auth.sign_in.failure', { reason: 'wrong password' }, options);
      return lockedUntil ? { outcome: 'locked', until: lockedUntil } : { outcome: 'invalid' };
    }
    if (user.mfa_secret && user.mfa_enrolled_at) return { outcome: 'mfa-verify', userId: user.id };
    if (options.requireMfa) return { outcome: 'mfa-setup', userId: user.id };
    await completeSignIn(trx, user, 'password', options);
    return { outcome: 'signed-in', userId: user.id };
  });
}

export type CodeResult = { outcome: 'signed-in' } | { outcome: 'invalid' | 'replayed' } | { outcome: 'locked'; until: Date };

/** The second step of signing in: the code from the authenticator app. Wrong and reused codes count towards lock-out. */
export async function verifySignInCode(db: Kysely<Database>, userId: string, code: string, context: Context = {}): Promise<CodeResult> {
  const now = nowOf(context);
  return db.transaction().execute(async (trx): Promise<CodeResult> => {
    const user = await requireUser(trx, userId, true);
    if (user.status !== 'active' || !user.mfa_secret) return { outcome: 'invalid' };
    if (isLocked(user.locked_until, now)) return { outcome: 'locked', until: user.locked_until! };
    const check = verifyMfaCode(user.mfa_secret, code, user.mfa_last_used_step, now);
    if (!check.ok) {
      const lockedUntil = await countFailure(trx, user, 'auth.mfa.failure', { reason: check.reason === 'replayed' ? 'code already used' : 'wrong code' }, context);
      return lockedUntil ? { outcome: 'locked', until: lockedUntil } : { outcome: check.reason };
    }
    await completeSignIn(trx, user, 'password and authenticator app', context, { mfaLastUsedStep: check.step });
    return { outcome: 'signed-in' };
  });
}

export type EnrolResult = { ok: true } | { ok: false; reason: 'invalid' | 'replayed' };

/**
 * Saves a new authenticator secret once a code from it proves the app is set up. When this is
 * the set-up step of signing in, it also completes the sign-in.
 */
export async function enrolMfa(
  db: Kysely<Database>,
  userId: string,
  input: { secret: string; code: string; completingSignIn?: boolean },
  context: Context = {},
): Promise<EnrolResult> {
  const now = nowOf(context);
  return db.transaction().execute(async (trx): Promise<EnrolResult> => {
    const user = await requireUser(trx, userId, true);
    if (user.status !== 'active') return { ok: false, reason: 'invalid' };
    const check = verifyMfaCode(input.secret, input.code, null, now);
    if (!check.ok) {
      await recordAudit(trx, {
        actor: actorOf(user),
        action: 'auth.mfa.failure',
        outcome: 'failure',
        subjectType: 'user',
        subjectId: user.id,
        details: { reason: 'wrong code while setting up' },
        requestId: context.requestId,
      });
      return check;
    }
    await updateUser(trx, userId, { mfa_secret: input.secret, mfa_enrolled_at: now, mfa_last_used_step: check.step });
    await recordAudit(trx, {
      actor: actorOf(user),
      action: 'auth.mfa.enrol',
      subjectType: 'user',
      subjectId: user.id,
      details: { replacedPrevious: user.mfa_enrolled_at !== null },
      requestId: context.requestId,
    });
    if (input.completingSignIn) await completeSignIn(trx, user, 'password and new authenticator app', context, { mfaLastUsedStep: check.step });
    return { ok: true };
  });
}

/** The user's own password change: the current password first, then a new one that meets the policy. */
export async function changePassword(
  db: Kysely<Database>,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  context: Context = {},
): Promise<void> {
  const user = await requireUser(db, userId);
  const now = nowOf(context);
  if (isLocked(user.locked_until, now)) {
    throw new UserInputError('currentPassword', 'There have been too many wrong passwords. Try again later');
  }
  const correct = user.password_hash ? await verifyPassword(user.password_hash, input.currentPassword) : false;
  if (!correct) {
    await db.transaction().execute(async (trx) => {
      await countFailure(trx, await requireUser(trx, userId, true), 'auth.password.change', { reason: 'wrong current password' }, context);
    });
    throw new UserInputError('currentPassword', 'Your current password is not correct');
  }
  checkNewPassword('newPassword', input.newPassword, { email: user.email, displayName: user.display_name });
  if (input.newPassword === input.currentPassword) throw new UserInputError('newPassword', 'Your new password must be different from your current password');
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, userId, { password_hash: passwordHash, failed_sign_ins: 0, locked_until: null });
    // Any other browser signed in as this user is signed out; the caller starts a fresh session.
    await deleteSessionsOfUser(trx, userId);
    await recordAudit(trx, { actor: actorOf(user), action: 'auth.password.change', subjectType: 'user', subjectId: userId, requestId: context.requestId });
  });
}

export async function recordSignOut(db: Kysely<Database>, userId: string, context: Context = {}): Promise<void> {
  const user = await findUserById(db, userId);
  await recordAudit(db, {
    actor: user ? actorOf(user) : { id: userId, label: 'unknown' },
    action: 'auth.sign_out',
    subjectType: 'user',
    subjectId: userId,
    requestId: context.requestId,
  });
}
