// Inspection pages: the list, creating one (question page, then check answers), the dashboard,
// changing the status, managing the team and the status history.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { listAreas } from '../areas/area.service.ts';
import { totalsSentence } from '../evidence/activity.ts';
import { fieldworkTotals } from '../evidence/activity.service.ts';
import { listCurrentFrameworks } from '../frameworks/framework.service.ts';
import { can } from '../platform/auth/permissions.ts';
import { ORGANISATION_LABELS } from '../platform/auth/user.ts';
import { parseForm, singleFieldError, type FormErrors } from '../platform/web/forms.ts';
import { setFlash } from '../platform/web/views.ts';
import { dateFieldErrors, formValuesOf, issuesAsFormErrors, newInspectionFormSchema, typeFieldFor } from './inspection-form.ts';
import {
  INSPECTION_STATUSES,
  REASON_MAX_LENGTH,
  STAGES,
  STAGE_PROGRESS_LABELS,
  TEAM_ROLES,
  TEAM_ROLE_LABELS,
  checkTransition,
  reportPageChanges,
  stagesForArea,
  stagesForTeam,
  statusLabelForArea,
  statusPageChoices,
  transitionsAllowedFor,
  transitionsFrom,
  type StageView,
} from './inspection-lifecycle.ts';
import { milestonesFor, onsiteDiffersFromTimeline, inspectionTypeName, type NewInspectionInput } from './inspection.ts';
import {
  InspectionInputError,
  TeamChangeError,
  TransitionRefusedError,
  addTeamMember,
  createInspection,
  getInspection,
  inspectionScope,
  listInspectionsFor,
  listTeamCandidates,
  listTransitions,
  removeTeamMember,
  transitionInspection,
  validateNewInspection,
  type Actor,
  type InspectionDetails,
} from './inspection.service.ts';
import type { InspectionStatus, TeamRole } from './inspection.table.ts';

declare module 'fastify' {
  interface Session {
    /** The answers of a new inspection between its question page and its check answers page. */
    newInspection?: NewInspectionInput;
  }
}

const VIEWS = 'inspections/views';

/** Tag colours carry no meaning on their own: every tag also says the stage in words. */
const STATUS_TAG_CLASSES: Readonly<Record<InspectionStatus, string>> = {
  planned: 'govuk-tag--grey',
  notified: 'govuk-tag--blue',
  fieldwork: 'govuk-tag--light-blue',
  reporting: 'govuk-tag--purple',
  quality_assurance: 'govuk-tag--pink',
  factual_accuracy: 'govuk-tag--yellow',
  published: 'govuk-tag--green',
  follow_up: 'govuk-tag--turquoise',
  closed: 'govuk-tag--grey',
};

function actorOf(request: FastifyRequest): Actor {
  const principal = request.visitor.principal!;
  return { id: principal.userId, label: principal.email };
}

function context(request: FastifyRequest) {
  return { requestId: request.id };
}

/** Whether the visitor sees the inspection as the inspectorates do, rather than as the local area. */
function seesInternalView(request: FastifyRequest): boolean {
  const principal = request.visitor.principal!;
  return principal.isAdmin || principal.teamRoles.has(request.scope.inspectionId!);
}

function statusTag(status: InspectionStatus, forArea: boolean) {
  return { text: forArea ? statusLabelForArea(status) : STAGES[status].label, classes: STATUS_TAG_CLASSES[status] };
}

function inspectionPath(id: string, rest = ''): string {
  return `/inspections/${id}${rest}`;
}

// ---- Creating ------------------------------------------------------------------------------

async function renderNewForm(reply: FastifyReply, db: RouteDeps['db'], form: { values?: Record<string, unknown>; errors?: FormErrors }) {
  const [areas, frameworks] = await Promise.all([listAreas(db.kysely), listCurrentFrameworks(db.kysely)]);
  const values = form.values ?? {};
  return reply.view(`${VIEWS}/new.njk`, {
    areas,
    // The newest framework first: it is the one most inspections use.
    frameworks: [...frameworks].sort((a, b) => b.code.localeCompare(a.code)).map((f) => ({
      code: f.code,
      name: f.definition.name,
      inForce: f.definition.inForce,
      typeField: typeFieldFor(f.code),
      types: f.definition.inspectionTypes.map((t) => ({ code: t.code, name: t.name, description: t.description })),
    })),
    values,
    errors: form.errors,
    dateErrors: dateFieldErrors(form.errors, values),
    backLink: { href: '/inspections' },
  });
}

/** The check answers page reads the draft again with the framework's names and the milestones it will have. */
async function checkAnswersView(db: RouteDeps['db'], draft: NewInspectionInput) {
  const [areas, frameworks] = await Promise.all([listAreas(db.kysely), listCurrentFrameworks(db.kysely)]);
  const area = areas.find((a) => a.la_code === draft.laCode);
  const framework = frameworks.find((f) => f.code === draft.frameworkCode);
  if (!area || !framework) return undefined;
  const schedule = milestonesFor(framework, draft.inspectionType, draft.notificationDate);
  return {
    draft,
    area,
    framework,
    typeName: inspectionTypeName(framework, draft.inspectionType),
    schedule,
    onsiteDiffers: onsiteDiffersFromTimeline(schedule.milestones, draft.onsiteStartDate, draft.onsiteEndDate),
  };
}

// ---- The dashboard -------------------------------------------------------------------------

function taskListItems(stages: StageView[]) {
  return stages.map((stage) => ({
    title: { text: stage.label },
    hint: { text: stage.description },
    status:
      stage.progress === 'completed'
        ? { text: STAGE_PROGRESS_LABELS.completed }
        : { tag: { text: STAGE_PROGRESS_LABELS[stage.progress], classes: stage.progress === 'in_progress' ? 'govuk-tag--light-blue' : 'govuk-tag--blue' } },
  }));
}

function teamView(details: InspectionDetails, internal: boolean) {
  // The local area sees who is inspecting it, not who checks the report inside the inspectorates.
  const members = internal ? details.team : details.team.filter((m) => m.role !== 'qa_reader');
  return members.map((m) => ({
    userId: m.user_id,
    name: m.display_name,
    email: internal ? m.email : undefined,
    role: TEAM_ROLE_LABELS[m.role],
    organisation: ORGANISATION_LABELS[m.organisation],
    active: m.user_status === 'active',
  }));
}

// ---- Routes --------------------------------------------------------------------------------

const statusChoiceSchema = z.object({
  to: z.preprocess((v) => (v === '' ? undefined : v), z.enum(INSPECTION_STATUSES as [InspectionStatus, ...InspectionStatus[]], 'Select what happens next')),
  reason: z
    .string()
    .trim()
    .max(REASON_MAX_LENGTH, `The reason must be ${REASON_MAX_LENGTH} characters or fewer`)
    .optional()
    .transform((v) => v ?? ''),
  confirm: z.literal('yes').optional(),
});

const teamAdditionSchema = z.object({
  userId: z.string('Select a person to add to the team').trim().min(1, 'Select a person to add to the team'),
  role: z.enum(TEAM_ROLES as [TeamRole, ...TeamRole[]], 'Select their role on the team'),
});

export async function inspectionRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const scope = inspectionScope(db.kysely);

  app.get('/inspections', { config: { permission: 'inspections:list' } }, async (request, reply) => {
    const principal = request.visitor.principal!;
    const inspections = await listInspectionsFor(db.kysely, principal);
    return reply.view(`${VIEWS}/list.njk`, {
      inspections: inspections.map((i) => {
        const forArea = !principal.isAdmin && i.team_role === null;
        return { ...i, statusTag: statusTag(i.status, forArea), href: inspectionPath(i.id) };
      }),
      mayCreate: can(request.visitor, 'inspections:create'),
    });
  });

  app.get('/inspections/new', { config: { permission: 'inspections:create' } }, async (request, reply) => {
    const draft = request.session.get('newInspection');
    return renderNewForm(reply, db, { values: draft ? formValuesOf(draft) : {} });
  });

  app.post('/inspections/new', { config: { permission: 'inspections:create' } }, async (request, reply) => {
    const parsed = parseForm(newInspectionFormSchema, request.body);
    if (!parsed.ok) return renderNewForm(reply, db, parsed);
    const issues = await validateNewInspection(db.kysely, parsed.data);
    if (issues.length) {
      return renderNewForm(reply, db, { values: request.body as Record<string, unknown>, errors: issuesAsFormErrors(issues, parsed.data) });
    }
    request.session.set('newInspection', parsed.data);
    return reply.redirect('/inspections/new/check');
  });

  app.get('/inspections/new/check', { config: { permission: 'inspections:create' } }, async (request, reply) => {
    const draft = request.session.get('newInspection');
    const view = draft ? await checkAnswersView(db, draft) : undefined;
    if (!view) return reply.redirect('/inspections/new');
    return reply.view(`${VIEWS}/check.njk`, { ...view, backLink: { href: '/inspections/new' } });
  });

  app.post('/inspections/new/check', { config: { permission: 'inspections:create' } }, async (request, reply) => {
    const draft = request.session.get('newInspection');
    if (!draft) return reply.redirect('/inspections/new');
    try {
      const inspection = await createInspection(db.kysely, draft, actorOf(request), context(request));
      request.session.set('newInspection', undefined);
      setFlash(request, { heading: `Inspection ${inspection.reference} created`, text: 'It is planned: the local area cannot see it until the Ofsted lead inspector notifies them.' });
      return reply.redirect(inspectionPath(inspection.id));
    } catch (error) {
      // The rules are checked again here: an area or framework may have changed since the answers were given.
      if (!(error instanceof InspectionInputError)) throw error;
      return renderNewForm(reply, db, { values: formValuesOf(draft), errors: issuesAsFormErrors(error.issues, draft) });
    }
  });

  app.get('/inspections/:inspectionId', { config: { permission: 'inspection:view', scope } }, async (request, reply) => {
    const details = (await getInspection(db.kysely, request.scope.inspectionId!))!;
    const principal = request.visitor.principal!;
    const internal = seesInternalView(request);
    const { inspection, framework } = details;
    const role = principal.teamRoles.get(inspection.id);
    const mayViewEvidence = can(request.visitor, 'evidence:view', request.scope);
    return reply.view(`${VIEWS}/dashboard.njk`, {
      ...details,
      internal,
      teamRole: role ? TEAM_ROLE_LABELS[role] : undefined,
      typeName: inspectionTypeName(framework, inspection.inspection_type),
      statusTag: statusTag(inspection.status, !internal),
      stages: taskListItems(internal ? stagesForTeam(inspection.status) : stagesForArea(inspection.status)),
      team: teamView(details, internal),
      onsiteDiffers: onsiteDiffersFromTimeline(details.schedule.milestones, inspection.onsite_start_date, inspection.onsite_end_date),
      statusChanges: transitionsAllowedFor(inspection.status, role),
      mayUseStatusPage: statusPageChoices(inspection.status, role).length > 0,
      mayManageTeam: can(request.visitor, 'inspection:manage-team', request.scope),
      mayViewHistory: can(request.visitor, 'inspection:view-internal', request.scope),
      mayViewDataRequest: can(request.visitor, 'data-request:view', request.scope) && inspection.status !== 'planned',
      mayOpenCases: (['cases:view', 'cases:supply', 'cases:documents'] as const).some((p) => can(request.visitor, p, request.scope)),
      fieldworkSentence: mayViewEvidence ? totalsSentence(await fieldworkTotals(db.kysely, inspection.id)) : undefined,
      mayViewReport: can(request.visitor, 'report:view', request.scope),
      mayCheckReport: can(request.visitor, 'report:factual-accuracy', request.scope),
      backLink: { href: '/inspections', text: 'All inspections' },
    });
  });

  // ---- Status ----

  async function renderStatusPage(request: FastifyRequest, reply: FastifyReply, form: { values?: Record<string, unknown>; errors?: FormErrors } = {}) {
    const details = (await getInspection(db.kysely, request.scope.inspectionId!))!;
    const status = details.inspection.status;
    const role = request.visitor.principal!.teamRoles.get(details.inspection.id);
    return reply.view(`${VIEWS}/status.njk`, {
      ...details,
      current: STAGES[status],
      choices: statusPageChoices(status, role).map((t) => ({ ...t, toLabel: STAGES[t.to].label })),
      // Changes this person makes on a report page, which sets what they need (a deadline, sign-offs).
      reportChanges: reportPageChanges(status, role),
      // Who may move the inspection on, for a team member who cannot at this stage.
      othersMayChange: transitionsFrom(status).map((t) => ({ action: t.action, roles: t.roles.map((r) => TEAM_ROLE_LABELS[r]), madeFrom: t.madeFrom })),
      reasonMaxLength: REASON_MAX_LENGTH,
      values: form.values ?? {},
      errors: form.errors,
      backLink: { href: inspectionPath(details.inspection.id) },
    });
  }

  const transitionRoute = { config: { permission: 'inspection:transition' as const, scope } };

  app.get('/inspections/:inspectionId/status', transitionRoute, async (request, reply) => renderStatusPage(request, reply));

  app.post('/inspections/:inspectionId/status', transitionRoute, async (request, reply) => {
    const parsed = parseForm(statusChoiceSchema, request.body);
    if (!parsed.ok) return renderStatusPage(request, reply, parsed);
    const { to, reason, confirm } = parsed.data;
    const inspectionId = request.scope.inspectionId!;
    const from = request.scope.inspectionStatus!;
    const role = request.visitor.principal!.teamRoles.get(inspectionId);
    const check = checkTransition({ from, to, role, reason });
    const refusalErrors = (refusal: { code: string; message: string }) =>
      singleFieldError(refusal.code === 'reason-required' || refusal.code === 'reason-too-long' ? 'reason' : 'to', refusal.message);
    if (!check.ok) return renderStatusPage(request, reply, { values: request.body as Record<string, unknown>, errors: refusalErrors(check.refusal) });
    if (confirm !== 'yes') {
      const details = (await getInspection(db.kysely, inspectionId))!;
      return reply.view(`${VIEWS}/status-confirm.njk`, {
        ...details,
        rule: check.rule,
        from: STAGES[from],
        to: STAGES[to],
        reason,
        backLink: { href: inspectionPath(inspectionId, '/status') },
      });
    }
    try {
      await transitionInspection(db.kysely, inspectionId, { to, reason }, actorOf(request), context(request));
    } catch (error) {
      if (!(error instanceof TransitionRefusedError)) throw error;
      return renderStatusPage(request, reply, { values: request.body as Record<string, unknown>, errors: refusalErrors(error.refusal) });
    }
    setFlash(request, { heading: 'Status changed', text: `The inspection is now at: ${STAGES[to].label.toLowerCase()}.` });
    return reply.redirect(inspectionPath(inspectionId));
  });

  // ---- Team ----

  async function renderTeamPage(request: FastifyRequest, reply: FastifyReply, form: { values?: Record<string, unknown>; errors?: FormErrors } = {}) {
    const details = (await getInspection(db.kysely, request.scope.inspectionId!))!;
    const candidates = await listTeamCandidates(db.kysely, details.inspection.id);
    return reply.view(`${VIEWS}/team.njk`, {
      ...details,
      members: teamView(details, true),
      candidates: candidates.map((c) => ({ ...c, organisationLabel: c.organisation === 'ofsted' ? 'Ofsted' : 'CQC' })),
      roles: TEAM_ROLES.map((r) => ({ value: r, text: TEAM_ROLE_LABELS[r] })),
      currentUserId: request.visitor.principal!.userId,
      values: form.values ?? {},
      errors: form.errors,
      backLink: { href: inspectionPath(details.inspection.id) },
    });
  }

  const teamRoute = { config: { permission: 'inspection:manage-team' as const, scope } };

  app.get('/inspections/:inspectionId/team', teamRoute, async (request, reply) => renderTeamPage(request, reply));

  app.post('/inspections/:inspectionId/team', teamRoute, async (request, reply) => {
    const parsed = parseForm(teamAdditionSchema, request.body);
    if (!parsed.ok) return renderTeamPage(request, reply, parsed);
    const inspectionId = request.scope.inspectionId!;
    try {
      await addTeamMember(db.kysely, inspectionId, parsed.data, actorOf(request), context(request));
    } catch (error) {
      if (!(error instanceof TeamChangeError)) throw error;
      return renderTeamPage(request, reply, { values: request.body as Record<string, unknown>, errors: singleFieldError(error.field, error.message) });
    }
    const team = (await getInspection(db.kysely, inspectionId))!.team;
    const added = team.find((m) => m.user_id === parsed.data.userId)!;
    setFlash(request, { heading: `${added.display_name} added to the team`, text: `Their role is ${TEAM_ROLE_LABELS[added.role].toLowerCase()}.` });
    return reply.redirect(inspectionPath(inspectionId, '/team'));
  });

  app.get('/inspections/:inspectionId/team/:userId/remove', teamRoute, async (request, reply) => {
    const details = (await getInspection(db.kysely, request.scope.inspectionId!))!;
    const member = details.team.find((m) => m.user_id === (request.params as { userId: string }).userId);
    if (!member) return reply.callNotFound();
    return reply.view(`${VIEWS}/team-remove.njk`, {
      ...details,
      member: { ...member, roleLabel: TEAM_ROLE_LABELS[member.role] },
      isSelf: member.user_id === request.visitor.principal!.userId,
      backLink: { href: inspectionPath(details.inspection.id, '/team') },
    });
  });

  app.post('/inspections/:inspectionId/team/:userId/remove', teamRoute, async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const userId = (request.params as { userId: string }).userId;
    const member = (await getInspection(db.kysely, inspectionId))!.team.find((m) => m.user_id === userId);
    if (!member) return reply.callNotFound();
    try {
      await removeTeamMember(db.kysely, inspectionId, userId, actorOf(request), context(request));
    } catch (error) {
      if (!(error instanceof TeamChangeError)) throw error;
      return renderTeamPage(request, reply, { errors: singleFieldError('form', error.message) });
    }
    setFlash(request, { heading: `${member.display_name} removed from the team` });
    return reply.redirect(inspectionPath(inspectionId, '/team'));
  });

  // ---- History ----

  app.get('/inspections/:inspectionId/history', { config: { permission: 'inspection:view-internal', scope } }, async (request, reply) => {
    const details = (await getInspection(db.kysely, request.scope.inspectionId!))!;
    const transitions = await listTransitions(db.kysely, details.inspection.id);
    return reply.view(`${VIEWS}/history.njk`, {
      ...details,
      transitions: transitions.map((t) => ({ ...t, fromLabel: STAGES[t.from_status].label, toLabel: STAGES[t.to_status].label })),
      backLink: { href: inspectionPath(details.inspection.id) },
    });
  });
}
