// CLI verbs for accounts: add, invite, list, disable, enable and reset a password.
import { z } from 'zod';
import { CliError, DATA_HELP, DATA_OPTION, UsageError, type CliCommand, type CliContext } from '../cli.ts';
import type { Db } from '../db/database.ts';
import {
  createUser,
  disableUser,
  enableUser,
  findUserIdByEmail,
  inviteUser,
  listUsers,
  resetPassword,
  UserInputError,
} from './user.service.ts';
import { AREA_ROLES, displayNameSchema, emailSchema, laCodeSchema, ORGANISATIONS, organisationSchema, USER_STATUSES } from './user.ts';

/** Parses option values with a zod schema; problems become one usage error naming each option. */
function parseOptions<S extends z.ZodType>(schema: S, values: CliContext['values']): z.output<S> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const flag = `--${key}`;
    return values[key] === undefined ? `${flag} is required (${issue.message.toLowerCase()})` : `${flag}: ${issue.message}`;
  });
  throw new UsageError(lines.join('\n       '));
}

async function withDb<T>(context: CliContext, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await context.openDb();
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** A problem with what was asked for (duplicate email, no such area) ends the command with exit code 1. */
async function asCliError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UserInputError) throw new CliError(error.message);
    throw error;
  }
}

async function requireUserId(db: Db, email: string): Promise<string> {
  const id = await findUserIdByEmail(db.kysely, email);
  if (!id) throw new CliError(`There is no account with the email address ${email}`);
  return id;
}

const organisationList = ORGANISATIONS.join('|');
const areaRoleList = AREA_ROLES.join('|');

const addSchema = z
  .object({
    email: emailSchema,
    name: displayNameSchema,
    organisation: z.enum(ORGANISATIONS, { error: `Choose one of ${organisationList}` }),
    admin: z.boolean().optional(),
    area: laCodeSchema.optional(),
    'area-role': z.enum(AREA_ROLES, { error: `Choose one of ${areaRoleList}` }).optional(),
  })
  .refine((v) => (v.area === undefined) === (v['area-role'] === undefined), {
    path: ['area'],
    message: 'Give --area and --area-role together',
  });

const inviteSchema = z.object({ email: emailSchema, name: displayNameSchema, organisation: organisationSchema, admin: z.boolean().optional() });
const emailOnly = z.object({ email: emailSchema });
const listSchema = z.object({
  json: z.boolean().optional(),
  status: z.enum(USER_STATUSES, { error: `Choose one of ${USER_STATUSES.join('|')}` }).optional(),
  search: z.string().optional(),
});

const cliActor = null;

export const userCommands: CliCommand[] = [
  {
    name: 'users add',
    summary: 'Create an active account and print its generated password once',
    usage: `send-inspect users add --email E --name N --organisation ${organisationList} [--admin] [--area LA_CODE --area-role ROLE] [--data DIR]`,
    help: [
      '  --email E            their work email address (used to sign in)',
      '  --name N             their full name, in quotes if it has spaces',
      `  --organisation O     ${organisationList}`,
      '  --admin              make them an administrator (manages users, reads the audit log)',
      '  --area LA_CODE       give them a role in this local area (3-digit DfE code) ...',
      `  --area-role ROLE     ... with this role: ${areaRoleList}`,
      DATA_HELP,
      '',
      'The password is printed once. Give it to the person by a different way from their email.',
    ].join('\n'),
    options: {
      ...DATA_OPTION,
      email: { type: 'string' },
      name: { type: 'string' },
      organisation: { type: 'string' },
      admin: { type: 'boolean' },
      area: { type: 'string' },
      'area-role': { type: 'string' },
    },
    async run(context) {
      const input = parseOptions(addSchema, context.values);
      const { id, password } = await withDb(context, (db) =>
        asCliError(() =>
          createUser(
            db.kysely,
            {
              email: input.email,
              displayName: input.name,
              organisation: input.organisation,
              isAdmin: input.admin ?? false,
              area: input.area && input['area-role'] ? { laCode: input.area, role: input['area-role'] } : undefined,
            },
            cliActor,
          ),
        ),
      );
      context.out(`Created the account for ${input.name} <${input.email.toLowerCase()}> (id ${id}).`);
      context.out(`Password (shown once): ${password}`);
    },
  },
  {
    name: 'users invite',
    summary: 'Create an invited account and print its one-time invitation link',
    usage: `send-inspect users invite --email E --name N --organisation ${organisationList} [--admin] [--data DIR]`,
    help: [
      '  --email E            their work email address',
      '  --name N             their full name',
      `  --organisation O     ${organisationList}`,
      '  --admin              make them an administrator',
      DATA_HELP,
      '',
      'The link is valid for 7 days and works once. It uses SERVICE_URL as its address.',
    ].join('\n'),
    options: { ...DATA_OPTION, email: { type: 'string' }, name: { type: 'string' }, organisation: { type: 'string' }, admin: { type: 'boolean' } },
    async run(context) {
      const input = parseOptions(inviteSchema, context.values);
      const invitation = await withDb(context, (db) =>
        asCliError(() =>
          inviteUser(db.kysely, { email: input.email, displayName: input.name, organisation: input.organisation, isAdmin: input.admin ?? false }, cliActor),
        ),
      );
      context.out(`Invited ${input.name} <${input.email.toLowerCase()}>.`);
      context.out(`Invitation link (shown once, valid until ${invitation.expiresAt.toISOString()}): ${new URL(invitation.path, context.config.serviceUrl)}`);
    },
  },
  {
    name: 'users list',
    summary: 'List accounts',
    usage: 'send-inspect users list [--json] [--status invited|active|disabled] [--search TEXT] [--data DIR]',
    help: ['  --json               one JSON array, for scripts', '  --status S           only accounts with this status', '  --search TEXT        only names or emails containing TEXT', DATA_HELP].join('\n'),
    options: { ...DATA_OPTION, json: { type: 'boolean' }, status: { type: 'string' }, search: { type: 'string' } },
    async run(context) {
      const input = parseOptions(listSchema, context.values);
      const { users } = await withDb(context, (db) => listUsers(db.kysely, { status: input.status, search: input.search }, 1, 100_000));
      if (input.json) {
        context.out(
          JSON.stringify(
            users.map((u) => ({
              id: u.id,
              email: u.email,
              name: u.display_name,
              organisation: u.organisation,
              admin: u.is_admin,
              status: u.status,
              twoFactor: u.mfa_enrolled,
              lastSignInAt: u.last_sign_in_at?.toISOString() ?? null,
            })),
            null,
            2,
          ),
        );
        return;
      }
      if (users.length === 0) {
        context.out('No accounts found.');
        return;
      }
      const rows = users.map((u) => [u.email, u.display_name, u.organisation, u.status, u.is_admin ? 'admin' : '', u.mfa_enrolled ? '2FA' : '']);
      const header = ['EMAIL', 'NAME', 'ORGANISATION', 'STATUS', 'ADMIN', '2FA'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      for (const row of [header, ...rows]) context.out(row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
      context.out(`${users.length} ${users.length === 1 ? 'account' : 'accounts'}.`);
    },
  },
  {
    name: 'users disable',
    summary: 'Stop an account signing in and sign it out everywhere',
    usage: 'send-inspect users disable --email E [--data DIR]',
    help: ['  --email E            the account to disable', DATA_HELP].join('\n'),
    options: { ...DATA_OPTION, email: { type: 'string' } },
    async run(context) {
      const { email } = parseOptions(emailOnly, context.values);
      await withDb(context, async (db) => asCliError(async () => disableUser(db.kysely, await requireUserId(db, email), cliActor)));
      context.out(`Disabled the account ${email.toLowerCase()}. It has been signed out everywhere.`);
    },
  },
  {
    name: 'users enable',
    summary: 'Let a disabled account sign in again',
    usage: 'send-inspect users enable --email E [--data DIR]',
    help: ['  --email E            the account to enable', DATA_HELP].join('\n'),
    options: { ...DATA_OPTION, email: { type: 'string' } },
    async run(context) {
      const { email } = parseOptions(emailOnly, context.values);
      await withDb(context, async (db) => asCliError(async () => enableUser(db.kysely, await requireUserId(db, email), cliActor)));
      context.out(`Enabled the account ${email.toLowerCase()}.`);
    },
  },
  {
    name: 'users reset-password',
    summary: 'Give an account a new generated password, printed once',
    usage: 'send-inspect users reset-password --email E [--reset-two-factor] [--data DIR]',
    help: [
      '  --email E            the account',
      '  --reset-two-factor   also remove its authenticator app (lost phone)',
      DATA_HELP,
      '',
      'The account is unlocked and signed out everywhere.',
    ].join('\n'),
    options: { ...DATA_OPTION, email: { type: 'string' }, 'reset-two-factor': { type: 'boolean' } },
    async run(context) {
      const { email } = parseOptions(emailOnly, context.values);
      const clearMfa = context.values['reset-two-factor'] === true;
      const password = await withDb(context, async (db) => asCliError(async () => resetPassword(db.kysely, await requireUserId(db, email), cliActor, { clearMfa })));
      context.out(`Reset the password of ${email.toLowerCase()}${clearMfa ? ' and removed its authenticator app' : ''}.`);
      context.out(`New password (shown once): ${password}`);
    },
  },
];
