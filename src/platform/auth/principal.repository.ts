// Loads who a signed-in user is and what they belong to, for permission checks.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Principal } from './permissions.ts';

export async function loadPrincipal(db: Kysely<Database>, userId: string): Promise<Principal | null> {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'display_name', 'email', 'organisation', 'is_admin', 'status'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.status !== 'active') return null;
  const [team, areas] = await Promise.all([
    db.selectFrom('inspection_team_member').select(['inspection_id', 'role']).where('user_id', '=', userId).execute(),
    db.selectFrom('area_membership').select(['la_code', 'role']).where('user_id', '=', userId).execute(),
  ]);
  return {
    userId: user.id,
    displayName: user.display_name,
    email: user.email,
    organisation: user.organisation,
    isAdmin: user.is_admin,
    teamRoles: new Map(team.map((t) => [t.inspection_id, t.role])),
    areaRoles: new Map(areas.map((a) => [a.la_code, a.role])),
  };
}
