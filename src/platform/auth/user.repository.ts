// SQL for accounts, invitations and area memberships.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AppUserRow, AppUserUpdate, AreaRole, NewAppUserRow, Organisation, UserStatus } from './user.table.ts';
import type { TeamRole } from '../../inspections/inspection.table.ts';

export async function insertUser(db: Kysely<Database>, row: NewAppUserRow): Promise<string> {
  const { id } = await db.insertInto('app_user').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<AppUserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Takes the row lock too, so two sign-ins for one account count their failures one after the other. */
export async function findUserByIdForUpdate(db: Kysely<Database>, id: string): Promise<AppUserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** `email` must already be normalised (trimmed, lower case). */
export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<AppUserRow | undefined> {
  return db
    .selectFrom('app_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .executeTakeFirst();
}

export async function findUserByInviteTokenHash(db: Kysely<Database>, tokenHash: string): Promise<AppUserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('invite_token_hash', '=', tokenHash).executeTakeFirst();
}

export async function updateUser(db: Kysely<Database>, id: string, patch: AppUserUpdate): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export type UserListFilter = { search?: string; status?: UserStatus; organisation?: Organisation };

export type UserListItem = {
  id: string;
  email: string;
  display_name: string;
  organisation: Organisation;
  is_admin: boolean;
  status: UserStatus;
  mfa_enrolled: boolean;
  last_sign_in_at: Date | null;
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function selectUsers(
  db: Kysely<Database>,
  filter: UserListFilter,
  limit: number,
  offset: number,
): Promise<{ users: UserListItem[]; total: number }> {
  let query = db.selectFrom('app_user');
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search.toLowerCase())}%`;
    query = query.where((eb) =>
      eb.or([eb(eb.fn('lower', ['email']), 'like', pattern), eb(eb.fn('lower', ['display_name']), 'like', pattern)]),
    );
  }
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.organisation) query = query.where('organisation', '=', filter.organisation);
  const [{ total }] = await query.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const users = await query
    .select(['id', 'email', 'display_name', 'organisation', 'is_admin', 'status', 'last_sign_in_at'])
    .select((eb) => eb('mfa_enrolled_at', 'is not', null).$castTo<boolean>().as('mfa_enrolled'))
    .orderBy((eb) => eb.fn('lower', ['display_name']))
    .orderBy('email')
    .limit(limit)
    .offset(offset)
    .execute();
  return { users, total: Number(total) };
}

export type AreaMembershipItem = { la_code: string; area_name: string; role: AreaRole };

export async function selectAreaMemberships(db: Kysely<Database>, userId: string): Promise<AreaMembershipItem[]> {
  return db
    .selectFrom('area_membership')
    .innerJoin('local_area', 'local_area.la_code', 'area_membership.la_code')
    .select(['area_membership.la_code', 'local_area.name as area_name', 'area_membership.role'])
    .where('area_membership.user_id', '=', userId)
    .orderBy('local_area.name')
    .execute();
}

export async function selectAreaMembership(db: Kysely<Database>, userId: string, laCode: string): Promise<AreaRole | undefined> {
  const row = await db
    .selectFrom('area_membership')
    .select('role')
    .where('user_id', '=', userId)
    .where('la_code', '=', laCode)
    .executeTakeFirst();
  return row?.role;
}

export async function upsertAreaMembership(db: Kysely<Database>, userId: string, laCode: string, role: AreaRole): Promise<void> {
  await db
    .insertInto('area_membership')
    .values({ user_id: userId, la_code: laCode, role })
    .onConflict((oc) => oc.columns(['la_code', 'user_id']).doUpdateSet({ role }))
    .execute();
}

export async function deleteAreaMembership(db: Kysely<Database>, userId: string, laCode: string): Promise<void> {
  await db.deleteFrom('area_membership').where('user_id', '=', userId).where('la_code', '=', laCode).execute();
}

export type TeamRoleItem = { inspection_id: string; reference: string; la_code: string; role: TeamRole };

/** The inspection teams a user is on (read-only here: teams are managed on each inspection). */
export async function selectTeamRoles(db: Kysely<Database>, userId: string): Promise<TeamRoleItem[]> {
  return db
    .selectFrom('inspection_team_member')
    .innerJoin('inspection', 'inspection.id', 'inspection_team_member.inspection_id')
    .select(['inspection.id as inspection_id', 'inspection.reference', 'inspection.la_code', 'inspection_team_member.role'])
    .where('inspection_team_member.user_id', '=', userId)
    .orderBy('inspection.onsite_start_date', 'desc')
    .execute();
}

export async function countActiveAdmins(db: Kysely<Database>): Promise<number> {
  const [{ count }] = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('is_admin', '=', true)
    .where('status', '=', 'active')
    .execute();
  return Number(count);
}
