// SQL for fieldwork activities: the activity rows, their inspectors and participant counts, and
// the inspection's totals in two set-based queries. Executor-first functions.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { ActivityKind, ParticipantGroup, SettingType } from './evidence.ts';
import type { FieldworkActivityRow } from './evidence.table.ts';

type Tx = Kysely<Database>;

export type ActivityValues = {
  kind: ActivityKind;
  title: string;
  setting_type: SettingType | null;
  urn: string | null;
  held_on: string;
  starts_at: string;
  ends_at: string;
  place: string;
  case_id: string | null;
  description: string;
};

export async function insertActivity(db: Tx, values: ActivityValues & { inspection_id: string; created_by: string | null; created_by_label: string }): Promise<{ id: string }> {
  return db.insertInto('fieldwork_activity').values(values).returning('id').executeTakeFirstOrThrow();
}

/** The activity, locked until the transaction ends, so two saves of it take turns. */
export async function selectActivityForUpdate(db: Tx, inspectionId: string, activityId: string): Promise<FieldworkActivityRow | undefined> {
  return db.selectFrom('fieldwork_activity').selectAll().where('inspection_id', '=', inspectionId).where('id', '=', activityId).forUpdate().executeTakeFirst();
}

export async function updateActivityRow(db: Tx, activityId: string, values: ActivityValues): Promise<{ revision: number }> {
  return db
    .updateTable('fieldwork_activity')
    .set({ ...values, revision: sql<number>`revision + 1`, updated_at: new Date() })
    .where('id', '=', activityId)
    .returning('revision')
    .executeTakeFirstOrThrow();
}

/** Deletes the activity; its inspectors and participant counts go with it. */
export async function deleteActivityRow(db: Tx, activityId: string): Promise<void> {
  await db.deleteFrom('fieldwork_activity').where('id', '=', activityId).execute();
}

/** Replaces the activity's inspectors and participant counts with those given. */
export async function replaceActivityPeople(db: Tx, activityId: string, inspectorIds: readonly string[], participants: Partial<Record<ParticipantGroup, number>>): Promise<void> {
  await db.deleteFrom('activity_inspector').where('activity_id', '=', activityId).execute();
  await db.deleteFrom('activity_participant').where('activity_id', '=', activityId).execute();
  if (inspectorIds.length) {
    await db
      .insertInto('activity_inspector')
      .values(inspectorIds.map((user_id) => ({ activity_id: activityId, user_id })))
      .execute();
  }
  const counts = (Object.entries(participants) as [ParticipantGroup, number][]).filter(([, n]) => n > 0);
  if (counts.length) {
    await db
      .insertInto('activity_participant')
      .values(counts.map(([participant_group, participant_count]) => ({ activity_id: activityId, participant_group, participant_count })))
      .execute();
  }
}

/** The inspection's activities in time order; with `activityId`, that one only. */
export async function selectActivities(db: Tx, inspectionId: string, activityId?: string): Promise<FieldworkActivityRow[]> {
  let query = db.selectFrom('fieldwork_activity').selectAll().where('inspection_id', '=', inspectionId);
  if (activityId) query = query.where('id', '=', activityId);
  return query.orderBy('held_on').orderBy('starts_at').orderBy('ends_at').orderBy('title').orderBy('id').execute();
}

export type ActivityInspectorRow = { activity_id: string; user_id: string; display_name: string };

/** The inspectors of the inspection's activities (of one, with `activityId`), by name. */
export async function selectActivityInspectors(db: Tx, inspectionId: string, activityId?: string): Promise<ActivityInspectorRow[]> {
  let query = db
    .selectFrom('activity_inspector as ai')
    .innerJoin('fieldwork_activity as a', 'a.id', 'ai.activity_id')
    .innerJoin('app_user as u', 'u.id', 'ai.user_id')
    .select(['ai.activity_id', 'ai.user_id', 'u.display_name'])
    .where('a.inspection_id', '=', inspectionId);
  if (activityId) query = query.where('a.id', '=', activityId);
  return query.orderBy('u.display_name').orderBy('ai.user_id').execute();
}

export type ActivityParticipantRow = { activity_id: string; participant_group: ParticipantGroup; participant_count: number };

export async function selectActivityParticipants(db: Tx, inspectionId: string, activityId?: string): Promise<ActivityParticipantRow[]> {
  let query = db
    .selectFrom('activity_participant as p')
    .innerJoin('fieldwork_activity as a', 'a.id', 'p.activity_id')
    .select(['p.activity_id', 'p.participant_group', 'p.participant_count'])
    .where('a.inspection_id', '=', inspectionId);
  if (activityId) query = query.where('a.id', '=', activityId);
  return query.execute();
}

export type KindCountRow = { kind: ActivityKind; activities: number; settings: number };
export type GroupCountRow = { participant_group: ParticipantGroup; people: number };

/**
 * Activities by kind, with the settings visited counted for setting visits: each URN once, and
 * each visit without a URN once. One pass over the inspection's activities.
 */
export async function selectKindCounts(db: Tx, inspectionId: string): Promise<KindCountRow[]> {
  return db
    .selectFrom('fieldwork_activity')
    .select(['kind', sql<number>`count(*)::int`.as('activities'), sql<number>`(count(distinct urn) + count(*) filter (where urn is null))::int`.as('settings')])
    .where('inspection_id', '=', inspectionId)
    .groupBy('kind')
    .execute();
}

/** People who took part, by group, across the inspection's activities. */
export async function selectGroupCounts(db: Tx, inspectionId: string): Promise<GroupCountRow[]> {
  return db
    .selectFrom('activity_participant as p')
    .innerJoin('fieldwork_activity as a', 'a.id', 'p.activity_id')
    .select(['p.participant_group', sql<number>`sum(p.participant_count)::int`.as('people')])
    .where('a.inspection_id', '=', inspectionId)
    .groupBy('p.participant_group')
    .execute();
}
