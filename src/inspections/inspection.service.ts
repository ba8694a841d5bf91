// Inspection use cases: create, list what a person may see, the team, and changes of status.
// Each change runs in one transaction with its audit record, so it lands whole or not at all.
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { getArea } from '../areas/area.service.ts';
import type { LocalAreaRow } from '../areas/local-area.table.ts';
import type { FrameworkRevision } from '../frameworks/framework.ts';
import { currentFrameworkRevision, frameworkRevisionById } from '../frameworks/framework.service.ts';
import { recordAudit, type AuditActor } from '../platform/audit.ts';
import { can, type Principal, type Scope } from '../platform/auth/permissions.ts';
import { getUserSummary, listUsers } from '../platform/auth/user.service.ts';
import type { Database } from '../platform/db/schema.ts';
import {
  checkNewInspection,
  inspectionTypeName,
  isReference,
  milestonesFor,
  nextReference,
  referencePrefix,
  type InspectionIssue,
  type MilestoneSchedule,
  type NewInspectionInput,
} from './inspection.ts';
import {
  INSPECTION_STATUSES,
  ROLE_IN_A_SENTENCE,
  areaMaySeeStatus,
  checkTransition,
  type TransitionRefusal,
  type TransitionRule,
} from './inspection-lifecycle.ts';
import {
  deleteTeamMember,
  findInspectionById,
  findInspectionByIdForUpdate,
  selectFirstPublishedBefore,
  findInspectionByReference,
  findTeamMember,
  insertInspection,
  insertTeamMember,
  insertTransition,
  lockAreaForNumbering,
  selectInspections,
  selectReferencesStartingWith,
  selectTeam,
  selectTransitions,
  updateStatus,
  type InspectionListFilter,
  type InspectionListItem,
  type InspectionVisibility,
  type TeamMemberItem,
  type TransitionItem,
} from './inspection.repository.ts';
import type { InspectionRow, InspectionStatus, TeamRole } from './inspection.table.ts';

/** Who makes a change: a signed-in user, or { id: null, label: 'cli' } for the command line. */
export type Actor = NonNullable<AuditActor>;

/** Request details that go into the audit log. */
export type Context = { requestId?: string };

export const CLI_ACTOR: Actor = { id: null, label: 'cli' };

/** The new inspection breaks one or more rules; nothing was written. */
export class InspectionInputError extends Error {
  readonly issues: InspectionIssue[];
  constructor(issues: InspectionIssue[]) {
    super(issues.map((i) => i.message).join('. '));
    this.issues = issues;
  }
}

export class InspectionNotFoundError extends Error {
  readonly statusCode = 404;
  constructor() {
    super('There is no such inspection');
  }
}

/** A team change that breaks a rule; `field` is the form field it is about. */
export class TeamChangeError extends Error {
  readonly field: 'userId' | 'role' | 'form';
  constructor(field: 'userId' | 'role' | 'form', message: string) {
    super(message);
    this.field = field;
  }
}

/** A change of status that the lifecycle or the actor's role does not allow; nothing was written. */
export class TransitionRefusedError extends Error {
  readonly refusal: TransitionRefusal;
  constructor(refusal: TransitionRefusal) {
    super(refusal.message);
    this.refusal = refusal;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

type Tx = Kysely<Database>;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---- Creating ------------------------------------------------------------------------------

/** The rules a new inspection must meet, checked against the database as it is now. */
export async function validateNewInspection(db: Kysely<Database>, input: NewInspectionInput): Promise<InspectionIssue[]> {
  const [area, framework] = await Promise.all([getArea(db, input.laCode), currentFrameworkRevision(db, input.frameworkCode)]);
  return checkNewInspection(input, { areaExists: area !== undefined, framework });
}

/**
 * Creates a planned inspection on the revision of the framework in force now; the inspection
 * stays on that revision whatever revisions come later. Throws InspectionInputError (writing
 * nothing) when a rule is broken.
 */
export async function createInspection(db: Kysely<Database>, input: NewInspectionInput, actor: Actor, context: Context = {}): Promise<InspectionRow> {
  return db.transaction().execute(async (trx) => {
    const areaExists = await lockAreaForNumbering(trx, input.laCode);
    const framework = await currentFrameworkRevision(trx, input.frameworkCode);
    const issues = checkNewInspection(input, { areaExists, framework });
    if (issues.length || !framework) throw new InspectionInputError(issues);
    const taken = await selectReferencesStartingWith(trx, referencePrefix(input.laCode, input.notificationDate));
    const inspection = await insertInspection(trx, {
      reference: nextReference(input.laCode, input.notificationDate, taken),
      la_code: input.laCode,
      framework_revision_id: framework.id,
      inspection_type: input.inspectionType,
      notification_date: input.notificationDate,
      onsite_start_date: input.onsiteStartDate,
      onsite_end_date: input.onsiteEndDate,
      created_by: actor.id,
    });
    await recordAudit(trx, {
      actor,
      action: 'inspection.create',
      inspectionId: inspection.id,
      laCode: inspection.la_code,
      subjectType: 'inspection',
      subjectId: inspection.id,
      details: {
        reference: inspection.reference,
        framework: framework.code,
        frameworkRevision: framework.revision,
        inspectionType: inspection.inspection_type,
        notificationDate: inspection.notification_date,
        onsiteStartDate: inspection.onsite_start_date,
        onsiteEndDate: inspection.onsite_end_date,
      },
      requestId: context.requestId,
    });
    return inspection;
  });
}

export type HistoricalInspectionInput = NewInspectionInput & { reference?: string };

/**
 * Records an inspection done before the service existed, already published, in the caller's
 * transaction: the historical import writes its findings and report in the same one, checks the
 * input against the framework first, and audits the import. Without a reference it is given the
 * next free one, as a new inspection would be.
 */
export async function createHistoricalInspection(trx: Tx, input: HistoricalInspectionInput, actor: Actor): Promise<InspectionRow> {
  const areaExists = await lockAreaForNumbering(trx, input.laCode);
  const framework = await currentFrameworkRevision(trx, input.frameworkCode);
  if (!areaExists) throw new InspectionInputError([{ field: 'laCode', message: `There is no local area with the code ${input.laCode}` }]);
  if (!framework) throw new InspectionInputError([{ field: 'frameworkCode', message: `The ${input.frameworkCode} framework has not been loaded into this service` }]);
  const reference =
    input.reference?.toUpperCase() ??
    nextReference(input.laCode, input.notificationDate, await selectReferencesStartingWith(trx, referencePrefix(input.laCode, input.notificationDate)));
  return insertInspection(trx, {
    reference,
    la_code: input.laCode,
    framework_revision_id: framework.id,
    inspection_type: input.inspectionType,
    status: 'published',
    historical: true,
    notification_date: input.notificationDate,
    onsite_start_date: input.onsiteStartDate,
    onsite_end_date: input.onsiteEndDate,
    created_by: actor.id,
  });
}

// ---- Reading -------------------------------------------------------------------------------

/** Administrators see every inspection; others those they are on the team of, and their areas' once notified. */
export function visibilityFor(principal: Principal): InspectionVisibility {
  if (principal.isAdmin) return { all: true };
  return {
    all: false,
    teamUserId: principal.userId,
    areaCodes: [...principal.areaRoles.keys()],
    hiddenFromAreas: INSPECTION_STATUSES.filter((s) => !areaMaySeeStatus(s)),
  };
}

export type InspectionSummary = InspectionListItem & { inspection_type_name: string };

/** Adds each inspection type's name, read from the framework revision the inspection is on. */
async function withTypeNames(db: Kysely<Database>, items: InspectionListItem[]): Promise<InspectionSummary[]> {
  const revisions = new Map<string, FrameworkRevision | undefined>();
  for (const id of new Set(items.map((i) => i.framework_revision_id))) revisions.set(id, await frameworkRevisionById(db, id));
  return items.map((item) => {
    const revision = revisions.get(item.framework_revision_id);
    return { ...item, inspection_type_name: revision ? inspectionTypeName(revision, item.inspection_type) : item.inspection_type };
  });
}

export async function listInspectionsFor(db: Kysely<Database>, principal: Principal, filter: InspectionListFilter = {}): Promise<InspectionSummary[]> {
  return withTypeNames(db, await selectInspections(db, visibilityFor(principal), filter, principal.userId));
}

/** Every inspection, for the command line (which runs with the database's own authority). */
export async function listAllInspections(db: Kysely<Database>, filter: InspectionListFilter = {}): Promise<InspectionSummary[]> {
  return withTypeNames(db, await selectInspections(db, { all: true }, filter, null));
}

export type InspectionDetails = {
  inspection: InspectionRow;
  area: LocalAreaRow;
  framework: FrameworkRevision;
  team: TeamMemberItem[];
  schedule: MilestoneSchedule;
};

async function detailsOf(db: Kysely<Database>, inspection: InspectionRow): Promise<InspectionDetails> {
  const [area, framework, team] = await Promise.all([
    getArea(db, inspection.la_code),
    frameworkRevisionById(db, inspection.framework_revision_id),
    selectTeam(db, inspection.id),
  ]);
  // Both are foreign keys of the inspection row, so they exist.
  if (!area || !framework) throw new Error(`Inspection ${inspection.id} refers to a missing area or framework revision`);
  const schedule = milestonesFor(framework, inspection.inspection_type, inspection.notification_date);
  return { inspection, area, framework, team, schedule };
}

export async function getInspection(db: Kysely<Database>, id: string): Promise<InspectionDetails | undefined> {
  if (!isUuid(id)) return undefined;
  const inspection = await findInspectionById(db, id);
  return inspection ? detailsOf(db, inspection) : undefined;
}

/** Finds an inspection by its id or its reference (any case). */
export async function findInspection(db: Kysely<Database>, idOrReference: string): Promise<InspectionDetails | undefined> {
  const key = idOrReference.trim();
  if (isUuid(key)) return getInspection(db, key);
  if (!isReference(key)) return undefined;
  const inspection = await findInspectionByReference(db, key);
  return inspection ? detailsOf(db, inspection) : undefined;
}

export async function listTeam(db: Kysely<Database>, inspectionId: string): Promise<TeamMemberItem[]> {
  return selectTeam(db, inspectionId);
}

export async function listTransitions(db: Kysely<Database>, inspectionId: string): Promise<TransitionItem[]> {
  return selectTransitions(db, inspectionId);
}

/**
 * Resolves the inspection a route is about from its :inspectionId parameter. Null (a 404) for a
 * malformed or unknown id, and for a signed-in person who may not see the inspection at all (a
 * local area before it is notified, another area, staff not on the team), so that nobody learns
 * that an inspection exists before they are meant to. Signed-out visitors get the scope, so the
 * guard sends them to sign in.
 */
export function inspectionScope(db: Kysely<Database>): (request: FastifyRequest) => Promise<Scope | null> {
  return async (request) => {
    const id = (request.params as { inspectionId?: unknown } | undefined)?.inspectionId;
    if (!isUuid(id)) return null;
    const inspection = await findInspectionById(db, id);
    if (!inspection) return null;
    const scope: Scope = { inspectionId: inspection.id, laCode: inspection.la_code, inspectionStatus: inspection.status };
    const visitor = request.visitor;
    if (visitor?.principal && !can(visitor, 'inspection:view', scope)) return null;
    return scope;
  };
}

// ---- The team ------------------------------------------------------------------------------

export type TeamCandidate = { id: string; displayName: string; email: string; organisation: 'ofsted' | 'cqc' };

/** Active Ofsted and CQC staff who are not yet on the inspection's team. */
export async function listTeamCandidates(db: Kysely<Database>, inspectionId: string): Promise<TeamCandidate[]> {
  const onTeam = new Set((await selectTeam(db, inspectionId)).map((m) => m.user_id));
  const candidates: TeamCandidate[] = [];
  for (const organisation of ['ofsted', 'cqc'] as const) {
    const { users } = await listUsers(db, { status: 'active', organisation }, 1, 2000);
    for (const u of users) {
      if (!onTeam.has(u.id)) candidates.push({ id: u.id, displayName: u.display_name, email: u.email, organisation });
    }
  }
  return candidates.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Each lead role is held by one person at a time, from the matching inspectorate. */
const LEAD_ORGANISATION: Partial<Record<TeamRole, 'ofsted' | 'cqc'>> = { ofsted_lead: 'ofsted', cqc_lead: 'cqc' };

async function requireInspectionForUpdate(trx: Tx, inspectionId: string): Promise<InspectionRow> {
  const inspection = isUuid(inspectionId) ? await findInspectionByIdForUpdate(trx, inspectionId) : undefined;
  if (!inspection) throw new InspectionNotFoundError();
  return inspection;
}

export type TeamAddition = { userId: string; role: TeamRole };

/** Puts an active Ofsted or CQC user on the team in one role. Locks the inspection so lead rules hold under concurrent changes. */
export async function addTeamMember(db: Kysely<Database>, inspectionId: string, addition: TeamAddition, actor: Actor, context: Context = {}): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const inspection = await requireInspectionForUpdate(trx, inspectionId);
    const { userId, role } = addition;
    const user = isUuid(userId) ? await getUserSummary(trx, userId) : undefined;
    if (!user) throw new TeamChangeError('userId', 'Select a person to add to the team');
    if (user.status !== 'active') throw new TeamChangeError('userId', `${user.displayName}'s account is not active, so they cannot join the team`);
    if (user.organisation !== 'ofsted' && user.organisation !== 'cqc') {
      throw new TeamChangeError('userId', 'Only Ofsted and CQC staff can be on an inspection team');
    }
    const leadOrganisation = LEAD_ORGANISATION[role];
    if (leadOrganisation && user.organisation !== leadOrganisation) {
      throw new TeamChangeError('role', `${capitalise(ROLE_IN_A_SENTENCE[role])} must be ${leadOrganisation === 'ofsted' ? 'Ofsted' : 'CQC'} staff`);
    }
    const team = await selectTeam(trx, inspection.id);
    const existing = team.find((m) => m.user_id === userId);
    if (existing) {
      throw new TeamChangeError(
        'userId',
        `${user.displayName} is already on the team as ${ROLE_IN_A_SENTENCE[existing.role]}. Each person has one role on an inspection: remove them first to change it`,
      );
    }
    const holder = leadOrganisation ? team.find((m) => m.role === role) : undefined;
    if (holder) {
      throw new TeamChangeError(
        'role',
        `${holder.display_name} is already ${ROLE_IN_A_SENTENCE[role]}. An inspection has one at a time, who answers for its decisions: remove ${holder.display_name} first to hand the role over`,
      );
    }
    await insertTeamMember(trx, inspection.id, userId, role);
    await recordAudit(trx, {
      actor,
      action: 'inspection.team.add',
      inspectionId: inspection.id,
      laCode: inspection.la_code,
      subjectType: 'user',
      subjectId: userId,
      details: { role },
      requestId: context.requestId,
    });
  });
}

export async function removeTeamMember(db: Kysely<Database>, inspectionId: string, userId: string, actor: Actor, context: Context = {}): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const inspection = await requireInspectionForUpdate(trx, inspectionId);
    const member = isUuid(userId) ? await findTeamMember(trx, inspection.id, userId) : undefined;
    if (!member) throw new TeamChangeError('form', 'That person is not on the team');
    if (actor.id === userId) {
      throw new TeamChangeError('form', 'You cannot remove yourself from the team. Ask an administrator or the Ofsted lead inspector');
    }
    await deleteTeamMember(trx, inspection.id, userId);
    await recordAudit(trx, {
      actor,
      action: 'inspection.team.remove',
      inspectionId: inspection.id,
      laCode: inspection.la_code,
      subjectType: 'user',
      subjectId: userId,
      details: { role: member.role },
      requestId: context.requestId,
    });
  });
}

// ---- Changes of status ---------------------------------------------------------------------

export type TransitionRequest = { to: InspectionStatus; reason?: string | null };
export type TransitionResult = { from: InspectionStatus; to: InspectionStatus; rule: TransitionRule };
/**
 * `via: 'report'` is for the reports service only: sending the draft for the factual accuracy
 * check and publishing are made on the report pages, which check what those changes need first.
 */
export type TransitionOptions = { via?: 'status-page' | 'report' };

/** What a change takes after the database or transaction it is made in. */
type TransitionArguments = [inspectionId: string, request: TransitionRequest, actor: Actor, context?: Context, options?: TransitionOptions];

/**
 * Moves the inspection to another stage if the lifecycle allows it and the actor's role on the
 * team may make that change. The history row, the new status and the audit record are written
 * together; a refused change throws TransitionRefusedError and writes nothing.
 */
export async function transitionInspection(db: Kysely<Database>, ...change: TransitionArguments): Promise<TransitionResult> {
  return db.transaction().execute((trx) => transitionInspectionIn(trx, ...change));
}

/**
 * The same change inside the caller's transaction, so that it lands with the caller's own writes
 * (a publication row, say) or not at all. A change from the report by an actor without an account
 * (the command line, a scheduled job) acts with the database's authority instead of a team role.
 */
export async function transitionInspectionIn(trx: Kysely<Database>, ...[inspectionId, request, actor, context = {}, options = {}]: TransitionArguments): Promise<TransitionResult> {
  const inspection = await requireInspectionForUpdate(trx, inspectionId);
  const member = actor.id ? await findTeamMember(trx, inspection.id, actor.id) : undefined;
  const reason = request.reason?.trim() || null;
  const via = options.via ?? 'status-page';
  const check = checkTransition({ from: inspection.status, to: request.to, role: member?.role, reason, via, bySystem: actor.id === null });
  if (!check.ok) throw new TransitionRefusedError(check.refusal);
  // The row is locked, so the status cannot have moved since it was read.
  if (!(await updateStatus(trx, inspection.id, inspection.status, request.to))) throw new Error('The inspection changed while its status was being updated');
  await insertTransition(trx, { inspectionId: inspection.id, from: inspection.status, to: request.to, actorUserId: actor.id, reason });
  await recordAudit(trx, {
    actor,
    action: 'inspection.status.change',
    inspectionId: inspection.id,
    laCode: inspection.la_code,
    subjectType: 'inspection',
    subjectId: inspection.id,
    details: { from: inspection.status, to: request.to, role: member?.role, ...(reason ? { reason } : {}), ...(via === 'report' ? { via } : {}) },
    requestId: context.requestId,
  });
  return { from: inspection.status, to: request.to, rule: check.rule };
}

export type PublishedInspection = { id: string; laCode: string; publishedAt: Date };

/**
 * Inspections first published before the cut-off, for retention: publication is the first move to
 * 'published', so a later reopening does not restart the clock.
 */
export async function inspectionsFirstPublishedBefore(db: Kysely<Database>, cutOff: Date): Promise<PublishedInspection[]> {
  const rows = await selectFirstPublishedBefore(db, cutOff);
  return rows.map((r) => ({ id: r.id, laCode: r.la_code, publishedAt: new Date(r.published_at) }));
}
