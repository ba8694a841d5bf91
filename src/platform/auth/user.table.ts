// Table types for accounts, sessions and area memberships.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Organisation = 'ofsted' | 'cqc' | 'local_area' | 'administration';
export type UserStatus = 'invited' | 'active' | 'disabled';
export type AreaRole = 'nominated_officer' | 'leader' | 'contributor' | 'pcf_representative';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  organisation: Organisation;
  is_admin: Generated<boolean>;
  status: Generated<UserStatus>;
  password_hash: string | null;
  mfa_secret: string | null;
  mfa_enrolled_at: Date | null;
  mfa_last_used_step: number | null;
  failed_sign_ins: Generated<number>;
  locked_until: Date | null;
  invite_token_hash: string | null;
  invite_expires_at: Date | null;
  last_sign_in_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export type AppUserRow = Selectable<AppUserTable>;
export type NewAppUserRow = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;

export interface UserSessionTable {
  id_hash: string;
  user_id: string | null;
  data: ColumnType<Record<string, unknown>, string, string>;
  expires_at: Date;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export type UserSessionRow = Selectable<UserSessionTable>;

export interface AreaMembershipTable {
  la_code: string;
  user_id: string;
  role: AreaRole;
  created_at: CreatedAt;
}
export type AreaMembershipRow = Selectable<AreaMembershipTable>;
