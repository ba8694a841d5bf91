// Use cases of fieldwork activities: recording, correcting and removing an activity (a stale
// correction or removal is refused), listing them, one activity, and the inspection's totals. Each
// change is audited in its transaction.
import type { Kysely } from 'kysely';
import { currentSample } from '../cases/case-sample.service.ts';
import { isTrackedCase } from '../cases/case-tracking.service.ts';
import { getInspection, isUuid, type Actor, type Context, type InspectionDetails } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { listNotesForActivity, type NoteSummary } from './evidence-note.service.ts';
import {
  ActivityChangedBeforeRemovalError,
  ActivityConflictError,
  ActivityInUseError,
  ActivityInputError,
  ActivityNotFoundError,
  EvidenceClosedError,
  goesOnFieldwork,
  totalsFrom,
  validateActivity,
  type Activity,
  type ActivityInput,
  type ActivityIssue,
  type FieldworkTotals,
} from './activity.ts';
import {
  deleteActivityRow,
  insertActivity,
  replaceActivityPeople,
  selectActivities,
  selectActivityForUpdate,
  selectActivityInspectors,
  selectActivityParticipants,
  selectGroupCounts,
  selectKindCounts,
  updateActivityRow,
  type ActivityValues,
} from './activity.repository.ts';
import { evidenceIsOpen, type ActivityKind, type ParticipantGroup, type SettingType } from './evidence.ts';
import type { FieldworkActivityRow } from './evidence.table.ts';

type Tx = Kysely<Database>;

export type ActivitySummary = {
  id: string;
  kind: ActivityKind;
  title: string;
  settingType: SettingType | null;
  urn: string | null;
  heldOn: string;
  startsAt: string;
  endsAt: string;
  place: string;
  inspectors: { id: string; name: string }[];
  participants: Partial<Record<ParticipantGroup, number>>;
  caseId: string | null;
};

export type ActivityDetail = ActivitySummary & {
  description: string;
  /** What a correction must start from: raised by every save. */
  revision: number;
  createdByLabel: string;
  createdAt: Date;
  updatedAt: Date;
};

/** The team members who may be named at an activity: its leads and inspectors. */
export function fieldworkTeam(details: InspectionDetails): { id: string; name: string }[] {
  return details.team.filter((m) => goesOnFieldwork(m.role)).map((m) => ({ id: m.user_id, name: m.display_name }));
}

async function openInspection(db: Tx, inspectionId: string): Promise<InspectionDetails> {
  const details = await getInspection(db, inspectionId);
  if (!details) throw new ActivityNotFoundError();
  if (!evidenceIsOpen(details.inspection.status)) throw new EvidenceClosedError();
  return details;
}

/** The rules of activity.ts, and that a tracked child named is one of the current sample's. */
async function checkedActivity(db: Tx, details: InspectionDetails, input: ActivityInput): Promise<Activity> {
  const { inspection } = details;
  const window = { notificationDate: inspection.notification_date, onsiteEndDate: inspection.onsite_end_date };
  const checked = validateActivity(input, window, fieldworkTeam(details).map((m) => m.id));
  const issues: ActivityIssue[] = checked.ok ? [] : [...checked.issues];
  const caseId = checked.ok ? checked.value.caseId : input.kind === 'tracking_meeting' ? input.caseId?.trim() || null : null;
  if (caseId && !(await isTrackedCase(db, inspection.id, caseId))) {
    issues.push({ field: 'caseId', message: 'Select a tracked child of the current sample, or none' });
  }
  if (issues.length || !checked.ok) throw new ActivityInputError(issues);
  return checked.value;
}

function valuesOf(activity: Activity): ActivityValues {
  return {
    kind: activity.kind,
    title: activity.title,
    setting_type: activity.settingType,
    urn: activity.urn,
    held_on: activity.heldOn,
    starts_at: activity.startsAt,
    ends_at: activity.endsAt,
    place: activity.place,
    case_id: activity.caseId,
    description: activity.description,
  };
}

function auditDetails(activity: Activity): Record<string, unknown> {
  return {
    kind: activity.kind,
    heldOn: activity.heldOn,
    startsAt: activity.startsAt,
    endsAt: activity.endsAt,
    inspectorIds: activity.inspectorIds,
    participants: activity.participants,
    caseId: activity.caseId,
  };
}

/** Records an activity. Throws ActivityInputError (nothing written) when a rule is broken. */
export async function createActivity(db: Tx, inspectionId: string, input: ActivityInput, actor: Actor, context: Context = {}): Promise<{ id: string }> {
  const details = await openInspection(db, inspectionId);
  return db.transaction().execute(async (trx) => {
    const activity = await checkedActivity(trx, details, input);
    const { id } = await insertActivity(trx, { ...valuesOf(activity), inspection_id: inspectionId, created_by: actor.id, created_by_label: actor.label });
    await replaceActivityPeople(trx, id, activity.inspectorIds, activity.participants);
    await recordAudit(trx, {
      actor,
      action: 'evidence.activity-created',
      inspectionId,
      laCode: details.inspection.la_code,
      subjectType: 'fieldwork_activity',
      subjectId: id,
      details: auditDetails(activity),
      requestId: context.requestId,
    });
    return { id };
  });
}

/**
 * Corrects an activity. `input.revision` is the revision the person opened: if someone has saved
 * the activity since, ActivityConflictError is thrown and nothing is written, so one person's
 * correction never silently undoes another's.
 */
export async function updateActivity(
  db: Tx,
  inspectionId: string,
  activityId: string,
  input: ActivityInput & { revision: number },
  actor: Actor,
  context: Context = {},
): Promise<{ revision: number }> {
  if (!isUuid(activityId)) throw new ActivityNotFoundError();
  const details = await openInspection(db, inspectionId);
  return db.transaction().execute(async (trx) => {
    const stored = await selectActivityForUpdate(trx, inspectionId, activityId);
    if (!stored) throw new ActivityNotFoundError();
    const activity = await checkedActivity(trx, details, input);
    if (stored.revision !== input.revision) throw new ActivityConflictError(stored.revision);
    const { revision } = await updateActivityRow(trx, activityId, valuesOf(activity));
    await replaceActivityPeople(trx, activityId, activity.inspectorIds, activity.participants);
    await recordAudit(trx, {
      actor,
      action: 'evidence.activity-updated',
      inspectionId,
      laCode: details.inspection.la_code,
      subjectType: 'fieldwork_activity',
      subjectId: activityId,
      details: { ...auditDetails(activity), revision },
      requestId: context.requestId,
    });
    return { revision };
  });
}

/**
 * Removes an activity recorded by mistake, with its inspectors and participant counts, so its
 * people no longer count in the inspection's totals. `expectedRevision` is the revision the person
 * saw when they confirmed: if the activity has been saved since, ActivityChangedBeforeRemovalError
 * is thrown. While any evidence note names it as its source, ActivityInUseError is thrown: the
 * notes would otherwise be left citing nothing. Either way nothing is removed.
 */
export async function removeActivity(db: Tx, inspectionId: string, activityId: string, expectedRevision: number, actor: Actor, context: Context = {}): Promise<{ title: string }> {
  if (!isUuid(activityId)) throw new ActivityNotFoundError();
  const details = await openInspection(db, inspectionId);
  return db.transaction().execute(async (trx) => {
    // Locked first: a note saved meanwhile naming the activity waits for this transaction, then finds it gone.
    const stored = await selectActivityForUpdate(trx, inspectionId, activityId);
    if (!stored) throw new ActivityNotFoundError();
    if (stored.revision !== expectedRevision) throw new ActivityChangedBeforeRemovalError(stored.revision);
    const citing = await listNotesForActivity(trx, inspectionId, activityId);
    if (citing.length) throw new ActivityInUseError(citing.map((n) => n.id));
    const inspectors = await selectActivityInspectors(trx, inspectionId, activityId);
    const participants = await selectActivityParticipants(trx, inspectionId, activityId);
    await deleteActivityRow(trx, activityId);
    await recordAudit(trx, {
      actor,
      action: 'evidence.activity-removed',
      inspectionId,
      laCode: details.inspection.la_code,
      subjectType: 'fieldwork_activity',
      subjectId: activityId,
      details: {
        kind: stored.kind,
        title: stored.title,
        settingType: stored.setting_type,
        urn: stored.urn,
        heldOn: stored.held_on,
        startsAt: stored.starts_at,
        endsAt: stored.ends_at,
        inspectorIds: inspectors.map((i) => i.user_id),
        participants: Object.fromEntries(participants.map((p) => [p.participant_group, p.participant_count])),
        caseId: stored.case_id,
        revision: stored.revision,
      },
      requestId: context.requestId,
    });
    return { title: stored.title };
  });
}

async function summariesOf(db: Tx, inspectionId: string, rows: FieldworkActivityRow[], activityId?: string): Promise<ActivitySummary[]> {
  if (rows.length === 0) return [];
  const inspectors = Map.groupBy(await selectActivityInspectors(db, inspectionId, activityId), (r) => r.activity_id);
  const participants = Map.groupBy(await selectActivityParticipants(db, inspectionId, activityId), (r) => r.activity_id);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: row.title,
    settingType: row.setting_type,
    urn: row.urn,
    heldOn: row.held_on,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    place: row.place,
    inspectors: (inspectors.get(row.id) ?? []).map((i) => ({ id: i.user_id, name: i.display_name })),
    participants: Object.fromEntries((participants.get(row.id) ?? []).map((p) => [p.participant_group, p.participant_count])),
    caseId: row.case_id,
  }));
}

/** The inspection's activities in time order, with their inspectors and participant counts. */
export async function listActivities(db: Tx, inspectionId: string): Promise<ActivitySummary[]> {
  return summariesOf(db, inspectionId, await selectActivities(db, inspectionId));
}

/** One activity of the inspection; undefined for an unknown id or another inspection's activity. */
export async function getActivity(db: Tx, inspectionId: string, activityId: string): Promise<ActivityDetail | undefined> {
  if (!isUuid(activityId) || !isUuid(inspectionId)) return undefined;
  const rows = await selectActivities(db, inspectionId, activityId);
  const row = rows[0];
  if (!row) return undefined;
  const [summary] = await summariesOf(db, inspectionId, rows, activityId);
  return { ...summary!, description: row.description, revision: row.revision, createdByLabel: row.created_by_label, createdAt: row.created_at, updatedAt: row.updated_at };
}

/**
 * An activity's page: the activity and the notes written about it. The notes may speak of
 * children, so each view is on record.
 */
export async function viewActivity(db: Tx, inspectionId: string, activityId: string, actor: Actor, context: Context = {}): Promise<{ activity: ActivityDetail; notes: NoteSummary[] } | undefined> {
  // Read before the transaction: it reads several tables at once, which a transaction on PGlite must not.
  const facts = await getInspection(db, inspectionId);
  if (!facts) return undefined;
  return db.transaction().execute(async (trx) => {
    const activity = await getActivity(trx, inspectionId, activityId);
    if (!activity) return undefined;
    const notes = await listNotesForActivity(trx, inspectionId, activityId);
    await recordAudit(trx, {
      actor,
      action: 'evidence.view-activity',
      inspectionId,
      laCode: facts.inspection.la_code,
      subjectType: 'fieldwork_activity',
      subjectId: activityId,
      details: { notes: notes.length },
      requestId: context.requestId,
    });
    return { activity, notes };
  });
}

/** The totals the dashboard and the fieldwork page show, in two set-based queries. */
export async function fieldworkTotals(db: Tx, inspectionId: string): Promise<FieldworkTotals> {
  const kinds = await selectKindCounts(db, inspectionId);
  const groups = await selectGroupCounts(db, inspectionId);
  return totalsFrom({
    kinds: kinds.map((k) => ({ kind: k.kind, count: k.activities })),
    groups: groups.map((g) => ({ group: g.participant_group, count: g.people })),
    settingsVisited: kinds.find((k) => k.kind === 'setting_visit')?.settings ?? 0,
  });
}

export type TrackedChildChoice = { caseId: string; personId: string };

/** The current sample's tracked children (by their pseudonymous ids), for naming the child a tracking meeting is about. */
export async function trackedChildChoices(db: Tx, inspectionId: string): Promise<TrackedChildChoice[]> {
  const sample = await currentSample(db, inspectionId);
  return (sample?.cases ?? []).filter((c) => c.purpose === 'tracked' && c.active).map((c) => ({ caseId: c.id, personId: c.personId }));
}
