// SQL for inspections, their teams and their status history.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { Organisation, UserStatus } from '../platform/auth/user.table.ts';
import type {
  InspectionRow,
  InspectionStatus,
  InspectionTeamMemberRow,
  NewInspectionRow,
  TeamRole,
} from './inspection.table.ts';

export async function insertInspection(db: Kysely<Database>, row: NewInspectionRow): Promise<InspectionRow> {
  return db.insertInto('inspection').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findInspectionById(db: Kysely<Database>, id: string): Promise<InspectionRow | undefined> {
  return db.selectFrom('inspection').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Takes the row lock, so two changes of status to one inspection happen one after the other. */
export async function findInspectionByIdForUpdate(db: Kysely<Database>, id: string): Promise<InspectionRow | undefined> {
  return db.selectFrom('inspection').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findInspectionByReference(db: Kysely<Database>, reference: string): Promise<InspectionRow | undefined> {
  return db
    .selectFrom('inspection')
    .selectAll()
    .where((eb) => eb(eb.fn('upper', ['reference']), '=', reference.toUpperCase()))
    .executeTakeFirst();
}

/**
 * Locks the area's row for the rest of the transaction: inspections of one area are then
 * numbered one at a time, so two at once cannot take the same reference.
 */
export async function lockAreaForNumbering(db: Kysely<Database>, laCode: string): Promise<boolean> {
  const row = await db.selectFrom('local_area').select('la_code').where('la_code', '=', laCode).forUpdate().executeTakeFirst();
  return row !== undefined;
}

export async function selectReferencesStartingWith(db: Kysely<Database>, prefix: string): Promise<string[]> {
  const rows = await db
    .selectFrom('inspection')
    .select('reference')
    .where('reference', 'like', `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    .execute();
  return rows.map((r) => r.reference);
}

/** Who may see which inspections; an empty visibility sees nothing. */
export type InspectionVisibility =
  | { all: true }
  | { all: false; teamUserId?: string; areaCodes: readonly string[]; hiddenFromAreas: readonly InspectionStatus[] };

export type InspectionListFilter = { status?: InspectionStatus; laCode?: string };

export type InspectionListItem = {
  id: string;
  reference: string;
  la_code: string;
  area_name: string;
  framework_revision_id: string;
  framework_code: string;
  framework_revision: number;
  inspection_type: string;
  status: InspectionStatus;
  notification_date: string;
  onsite_start_date: string;
  onsite_end_date: string;
  team_role: TeamRole | null;
};

/** A user id no account has: the viewer's team role is then always empty. */
const NO_VIEWER = '00000000-0000-0000-0000-000000000000';

export async function selectInspections(
  db: Kysely<Database>,
  visibility: InspectionVisibility,
  filter: InspectionListFilter,
  viewerUserId: string | null,
): Promise<InspectionListItem[]> {
  let query = db
    .selectFrom('inspection')
    .innerJoin('local_area', 'local_area.la_code', 'inspection.la_code')
    .innerJoin('framework_revision', 'framework_revision.id', 'inspection.framework_revision_id')
    .leftJoin('inspection_team_member as viewer', (join) =>
      join.onRef('viewer.inspection_id', '=', 'inspection.id').on('viewer.user_id', '=', viewerUserId ?? NO_VIEWER),
    )
    .select([
      'inspection.id',
      'inspection.reference',
      'inspection.la_code',
      'local_area.name as area_name',
      'inspection.framework_revision_id',
      'framework_revision.framework_code',
      'framework_revision.revision as framework_revision',
      'inspection.inspection_type',
      'inspection.status',
      'inspection.notification_date',
      'inspection.onsite_start_date',
      'inspection.onsite_end_date',
      'viewer.role as team_role',
    ]);
  if (!visibility.all) {
    const { teamUserId, areaCodes, hiddenFromAreas } = visibility;
    query = query.where((eb) => {
      const visible = [];
      if (teamUserId) visible.push(eb('viewer.user_id', '=', teamUserId));
      if (areaCodes.length) {
        visible.push(
          eb.and([
            eb('inspection.la_code', 'in', [...areaCodes]),
            ...(hiddenFromAreas.length ? [eb('inspection.status', 'not in', [...hiddenFromAreas])] : []),
          ]),
        );
      }
      return visible.length ? eb.or(visible) : eb.val(false);
    });
  }
  if (filter.status) query = query.where('inspection.status', '=', filter.status);
  if (filter.laCode) query = query.where('inspection.la_code', '=', filter.laCode);
  return query.orderBy('inspection.onsite_start_date', 'desc').orderBy('inspection.reference').execute();
}

export type TeamMemberItem = {
  user_id: string;
  role: TeamRole;
  display_name: string;
  email: string;
  organisation: Organisation;
  user_status: UserStatus;
  added_at: Date;
};

export async function selectTeam(db: Kysely<Database>, inspectionId: string): Promise<TeamMemberItem[]> {
  return db
    .selectFrom('inspection_team_member')
    .innerJoin('app_user', 'app_user.id', 'inspection_team_member.user_id')
    .select([
      'inspection_team_member.user_id',
      'inspection_team_member.role',
      'app_user.display_name',
      'app_user.email',
      'app_user.organisation',
      'app_user.status as user_status',
      'inspection_team_member.created_at as added_at',
    ])
    .where('inspection_team_member.inspection_id', '=', inspectionId)
    .orderBy('inspection_team_member.created_at')
    .orderBy('app_user.display_name')
    .execute();
}

export async function findTeamMember(db: Kysely<Database>, inspectionId: string, userId: string): Promise<InspectionTeamMemberRow | undefined> {
  return db
    .selectFrom('inspection_team_member')
    .selectAll()
    .where('inspection_id', '=', inspectionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function insertTeamMember(db: Kysely<Database>, inspectionId: string, userId: string, role: TeamRole): Promise<void> {
  await db.insertInto('inspection_team_member').values({ inspection_id: inspectionId, user_id: userId, role }).execute();
}

export async function deleteTeamMember(db: Kysely<Database>, inspectionId: string, userId: string): Promise<void> {
  await db.deleteFrom('inspection_team_member').where('inspection_id', '=', inspectionId).where('user_id', '=', userId).execute();
}

/** Moves the status only if it is still `from`, and says whether it did. */
export async function updateStatus(db: Kysely<Database>, inspectionId: string, from: InspectionStatus, to: InspectionStatus): Promise<boolean> {
  const result = await db
    .updateTable('inspection')
    .set({ status: to, updated_at: new Date() })
    .where('id', '=', inspectionId)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertTransition(
  db: Kysely<Database>,
  row: { inspectionId: string; from: InspectionStatus; to: InspectionStatus; actorUserId: string | null; reason: string | null },
): Promise<void> {
  await db
    .insertInto('inspection_transition')
    .values({
      inspection_id: row.inspectionId,
      from_status: row.from,
      to_status: row.to,
      actor_user_id: row.actorUserId,
      reason: row.reason,
    })
    .execute();
}

export type TransitionItem = {
  id: string;
  from_status: InspectionStatus;
  to_status: InspectionStatus;
  reason: string | null;
  occurred_at: Date;
  actor_name: string | null;
};

export async function selectTransitions(db: Kysely<Database>, inspectionId: string): Promise<TransitionItem[]> {
  return db
    .selectFrom('inspection_transition')
    .leftJoin('app_user', 'app_user.id', 'inspection_transition.actor_user_id')
    .select([
      'inspection_transition.id',
      'inspection_transition.from_status',
      'inspection_transition.to_status',
      'inspection_transition.reason',
      'inspection_transition.occurred_at',
      'app_user.display_name as actor_name',
    ])
    .where('inspection_transition.inspection_id', '=', inspectionId)
    .orderBy('inspection_transition.occurred_at')
    .orderBy('inspection_transition.id')
    .execute();
}

/** Inspections whose first move to 'published' (in the status history) was before the cut-off. */
export async function selectFirstPublishedBefore(db: Kysely<Database>, cutOff: Date): Promise<{ id: string; la_code: string; published_at: Date }[]> {
  return db
    .selectFrom('inspection as i')
    .innerJoin(
      (eb) => eb.selectFrom('inspection_transition').select(['inspection_id', sql<Date>`min(occurred_at)`.as('published_at')]).where('to_status', '=', 'published').groupBy('inspection_id').as('p'),
      (join) => join.onRef('p.inspection_id', '=', 'i.id'),
    )
    .select(['i.id', 'i.la_code', 'p.published_at'])
    .where('p.published_at', '<', cutOff)
    .execute();
}
