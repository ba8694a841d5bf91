// Fieldwork activity pages: the list by day, recording and correcting an activity (a stale
// correction is refused with the typing kept), removing one recorded by mistake, an activity's page
// with its notes, and the day-by-day timetable with inspectors booked twice flagged.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { DATE_PARTS, datePartsOf, parseDateInput, type DatePart } from '../inspections/date-input.ts';
import { getInspection, inspectionScope, type InspectionDetails } from '../inspections/inspection.service.ts';
import { can, type Permission } from '../platform/auth/permissions.ts';
import { asArray, formErrors, type FormErrors } from '../platform/web/forms.ts';
import { actorOf, context } from '../platform/web/request-actor.ts';
import { setFlash } from '../platform/web/views.ts';
import {
  ActivityChangedBeforeRemovalError,
  ActivityConflictError,
  ActivityInUseError,
  ActivityInputError,
  ActivityNotFoundError,
  DESCRIPTION_MAX_LENGTH,
  EvidenceClosedError,
  activityInUseMessage,
  clashMessage,
  dayHeading,
  findClashes,
  timetableDays,
  validateActivity,
  type ActivityInput,
  type ActivityIssue,
  type Clash,
} from './activity.ts';
import {
  createActivity,
  fieldworkTeam,
  getActivity,
  listActivities,
  removeActivity,
  trackedChildChoices,
  updateActivity,
  viewActivity,
  type ActivityDetail,
  type ActivitySummary,
  type TrackedChildChoice,
} from './activity.service.ts';
import { ACTIVITY_KINDS, ACTIVITY_KIND_LABELS, PARTICIPANT_GROUPS, PARTICIPANT_GROUP_LABELS, POLARITY_LABELS, SETTING_TYPES, SETTING_TYPE_LABELS, type ParticipantGroup } from './evidence.ts';

const VIEWS = 'evidence/views';
const FIELDWORK = '/inspections/:inspectionId/fieldwork';

type ActivityParams = { activityId: string };
type FormValues = Record<string, string | string[]>;
type Form = { values: FormValues; errors: FormErrors; conflict?: ActivityDetail };

export function fieldworkPath(inspectionId: string, rest = ''): string {
  return `/inspections/${inspectionId}/fieldwork${rest}`;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : '';
}

const participantField = (group: ParticipantGroup) => `participants-${group}`;

/** A count box: blank is nobody; anything that is not a number stays NaN, for the rules to refuse. */
function countOf(value: string): number {
  const typed = value.replace(/[\s,]/g, '');
  if (typed === '') return 0;
  return /^[-+]?\d+(\.\d+)?$/.test(typed) ? Number(typed) : Number.NaN;
}

function formValuesOf(body: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const name of ['kind', 'title', 'settingType', 'urn', 'heldOn-day', 'heldOn-month', 'heldOn-year', 'startsAt', 'endsAt', 'place', 'caseId', 'description', 'revision']) {
    values[name] = text(body[name]);
  }
  for (const group of PARTICIPANT_GROUPS) values[participantField(group)] = text(body[participantField(group)]);
  values.inspectorIds = asArray(body.inspectorIds);
  return values;
}

function valuesOfActivity(activity: ActivityDetail): FormValues {
  const date = datePartsOf(activity.heldOn);
  const values: FormValues = {
    kind: activity.kind,
    title: activity.title,
    settingType: activity.settingType ?? '',
    urn: activity.urn ?? '',
    'heldOn-day': date.day,
    'heldOn-month': date.month,
    'heldOn-year': date.year,
    startsAt: activity.startsAt,
    endsAt: activity.endsAt,
    place: activity.place,
    caseId: activity.caseId ?? '',
    description: activity.description,
    revision: String(activity.revision),
    inspectorIds: activity.inspectors.map((i) => i.id),
  };
  for (const group of PARTICIPANT_GROUPS) values[participantField(group)] = activity.participants[group] ? String(activity.participants[group]) : '';
  return values;
}

function inputOf(values: FormValues, heldOn: string): ActivityInput {
  const one = (name: string) => text(values[name]);
  return {
    kind: one('kind'),
    title: one('title'),
    settingType: one('settingType') || null,
    urn: one('urn') || null,
    heldOn,
    startsAt: one('startsAt'),
    endsAt: one('endsAt'),
    place: one('place'),
    inspectorIds: asArray(values.inspectorIds),
    participants: Object.fromEntries(PARTICIPANT_GROUPS.map((g) => [g, countOf(one(participantField(g)))])),
    caseId: one('caseId') || null,
    description: one('description'),
  };
}

/** The form's fields from top to bottom: the error summary lists problems in the order the page shows them. */
const FIELD_ORDER: readonly ActivityIssue['field'][] = [
  'kind',
  'settingType',
  'urn',
  'caseId',
  'title',
  'heldOn',
  'startsAt',
  'endsAt',
  'place',
  'inspectorIds',
  ...PARTICIPANT_GROUPS.map((g) => `participants.${g}` as const),
  'description',
];

/** Issues as the page's errors, each linking to the box it is about. */
function issueErrors(issues: readonly ActivityIssue[], dateParts: readonly DatePart[] = ['day']): FormErrors {
  const inPageOrder = [...issues].sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
  return formErrors(
    inPageOrder.map((issue) => {
      if (issue.field === 'heldOn') return { path: [`heldOn-${dateParts[0] ?? 'day'}`], message: issue.message };
      if (issue.field.startsWith('participants.')) return { path: [participantField(issue.field.slice('participants.'.length) as ParticipantGroup)], message: issue.message };
      return { path: [issue.field], message: issue.message };
    }),
  );
}

/** The date boxes' error, and which boxes to mark. */
function dateError(errors: FormErrors | undefined, values: FormValues): { text: string; parts: DatePart[] } | undefined {
  const error = DATE_PARTS.map((part) => errors?.fields[`heldOn-${part}`]).find(Boolean);
  if (!error) return undefined;
  const parsed = parseDateInput({ day: values['heldOn-day'], month: values['heldOn-month'], year: values['heldOn-year'] }, 'date of the activity');
  return { text: error.text, parts: parsed.ok ? [...DATE_PARTS] : parsed.parts };
}

/** '8 parents and carers, 3 leaders' */
export function participantsText(participants: Partial<Record<ParticipantGroup, number>>): string {
  const parts = PARTICIPANT_GROUPS.filter((g) => participants[g]).map((g) => `${participants[g]!.toLocaleString('en-GB')} ${PARTICIPANT_GROUP_LABELS[g].toLowerCase()}`);
  return parts.length ? parts.join(', ') : 'Nobody counted';
}

function kindText(activity: Pick<ActivitySummary, 'kind' | 'settingType' | 'urn'>): string {
  let label = ACTIVITY_KIND_LABELS[activity.kind];
  if (activity.settingType) label += `: ${SETTING_TYPE_LABELS[activity.settingType].toLowerCase()}`;
  if (activity.urn) label += ` (URN ${activity.urn})`;
  return label;
}

/** What removing the activity does to the inspection's totals, for the warning on the confirmation page. */
function removalConsequence(activity: Pick<ActivitySummary, 'kind' | 'participants'>): string {
  const people = PARTICIPANT_GROUPS.reduce((sum, g) => sum + (activity.participants[g] ?? 0), 0);
  const counted =
    people === 0
      ? 'Nobody was counted at this activity, so the numbers of people in the inspection’s totals will not change'
      : `The ${people === 1 ? '1 person' : `${people.toLocaleString('en-GB')} people`} counted at this activity will no longer count in the inspection’s totals`;
  const visit = activity.kind === 'setting_visit' ? ', and the visit will no longer count among the settings visited' : '';
  return `${counted}${visit}. This cannot be undone.`;
}

function childText(caseId: string | null, children: readonly TrackedChildChoice[]): string | undefined {
  if (!caseId) return undefined;
  const child = children.find((c) => c.caseId === caseId);
  return child ? `Tracked child ${child.personId}` : 'A child no longer among the tracked children';
}

/** An activity as a row of the list or the timetable, with its clashes explained. */
function activityRow(inspectionId: string, activity: ActivitySummary, clashes: ReadonlyMap<string, Clash[]>) {
  const own = clashes.get(activity.id) ?? [];
  return {
    ...activity,
    href: fieldworkPath(inspectionId, `/activities/${activity.id}`),
    kindText: kindText(activity),
    inspectorsText: activity.inspectors.map((i) => i.name).join(', ') || 'No inspectors named',
    participantsText: participantsText(activity.participants),
    clashes: own.map((c) => ({ text: clashMessage(c), href: fieldworkPath(inspectionId, `/activities/${c.otherId}`) })),
  };
}

export async function activityRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const scope = inspectionScope(db.kysely);
  const allow = (permission: Permission) => ({ config: { permission, scope } });

  async function detailsOf(request: FastifyRequest): Promise<InspectionDetails> {
    // The scope has found the inspection already.
    return (await getInspection(db.kysely, request.scope.inspectionId!))!;
  }

  function basics(details: InspectionDetails) {
    return { inspection: details.inspection, area: details.area };
  }

  app.get(`${FIELDWORK}/activities`, allow('evidence:view'), async (request, reply) => {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const activities = await listActivities(db.kysely, inspectionId);
    const clashes = findClashes(activities);
    const days = [...Map.groupBy(activities, (a) => a.heldOn)].map(([date, list]) => ({
      date,
      heading: dayHeading(date),
      activities: list.map((a) => activityRow(inspectionId, a, clashes)),
    }));
    return reply.view(`${VIEWS}/activity-list.njk`, {
      ...basics(details),
      days,
      count: activities.length,
      clashCount: clashes.size,
      mayWrite: can(request.visitor, 'evidence:write', request.scope),
      newHref: fieldworkPath(inspectionId, '/activities/new'),
      timetableHref: fieldworkPath(inspectionId, '/timetable'),
      backLink: { href: fieldworkPath(inspectionId), text: 'Fieldwork and evidence' },
    });
  });

  async function renderForm(request: FastifyRequest, reply: FastifyReply, activity: ActivityDetail | undefined, form?: Form) {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const values = form?.values ?? (activity ? valuesOfActivity(activity) : { inspectorIds: [] as string[] });
    const children = await trackedChildChoices(db.kysely, inspectionId);
    const chosenInspectors = new Set(asArray(values.inspectorIds));
    if (form) reply.code(form.conflict ? 409 : 400);
    const one = (name: string) => text(values[name]);
    return reply.view(`${VIEWS}/activity-form.njk`, {
      ...basics(details),
      editing: activity !== undefined,
      values,
      errors: form?.errors,
      dateError: dateError(form?.errors, values),
      kinds: ACTIVITY_KINDS.map((k) => ({ value: k, text: ACTIVITY_KIND_LABELS[k], checked: one('kind') === k })),
      settingTypes: [
        { value: '', text: 'Select the type of setting' },
        ...SETTING_TYPES.map((s) => ({ value: s, text: SETTING_TYPE_LABELS[s], selected: one('settingType') === s })),
      ],
      inspectors: fieldworkTeam(details).map((m) => ({ value: m.id, text: m.name, checked: chosenInspectors.has(m.id) })),
      groups: PARTICIPANT_GROUPS.map((g) => ({ name: participantField(g), label: PARTICIPANT_GROUP_LABELS[g], value: one(participantField(g)), error: form?.errors.fields[participantField(g)] })),
      children: children.length
        ? [{ value: '', text: 'None: not about one child' }, ...children.map((c) => ({ value: c.caseId, text: `Tracked child ${c.personId}`, selected: one('caseId') === c.caseId }))]
        : undefined,
      conflict: form?.conflict && activityRow(inspectionId, form.conflict, new Map()),
      conflictChild: form?.conflict && childText(form.conflict.caseId, children),
      descriptionMaxLength: DESCRIPTION_MAX_LENGTH,
      onsiteEndDate: details.inspection.onsite_end_date,
      notificationDate: details.inspection.notification_date,
      action: activity ? fieldworkPath(inspectionId, `/activities/${activity.id}/edit`) : fieldworkPath(inspectionId, '/activities/new'),
      cancelHref: activity ? fieldworkPath(inspectionId, `/activities/${activity.id}`) : fieldworkPath(inspectionId, '/activities'),
      backLink: activity ? { href: fieldworkPath(inspectionId, `/activities/${activity.id}`), text: activity.title } : { href: fieldworkPath(inspectionId, '/activities'), text: 'Activities' },
    });
  }

  /**
   * Reads the form. A date that cannot be read is reported with every other problem at once: the
   * other rules are checked here against the inspection, as the service would.
   */
  async function readForm(request: FastifyRequest): Promise<{ values: FormValues; input?: ActivityInput; errors?: FormErrors }> {
    const values = formValuesOf((request.body ?? {}) as Record<string, unknown>);
    const parsed = parseDateInput({ day: values['heldOn-day'], month: values['heldOn-month'], year: values['heldOn-year'] }, 'date of the activity');
    if (parsed.ok) return { values, input: inputOf(values, parsed.date) };
    const details = await detailsOf(request);
    const window = { notificationDate: details.inspection.notification_date, onsiteEndDate: details.inspection.onsite_end_date };
    const checked = validateActivity(inputOf(values, details.inspection.notification_date), window, fieldworkTeam(details).map((m) => m.id));
    const others = checked.ok ? [] : checked.issues;
    return { values, errors: issueErrors([{ field: 'heldOn', message: parsed.message }, ...others], parsed.parts) };
  }

  app.get(`${FIELDWORK}/activities/new`, allow('evidence:write'), async (request, reply) => renderForm(request, reply, undefined));

  app.post(`${FIELDWORK}/activities/new`, allow('evidence:write'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const form = await readForm(request);
    if (!form.input) return renderForm(request, reply, undefined, { values: form.values, errors: form.errors! });
    let created: { id: string };
    try {
      created = await createActivity(db.kysely, inspectionId, form.input, actorOf(request), context(request));
    } catch (error) {
      if (error instanceof ActivityInputError) return renderForm(request, reply, undefined, { values: form.values, errors: issueErrors(error.issues) });
      throw error;
    }
    setFlash(request, { heading: 'Activity recorded', text: form.input.title.trim() });
    return reply.redirect(fieldworkPath(inspectionId, `/activities/${created.id}`));
  });

  async function activityOf(request: FastifyRequest): Promise<ActivityDetail | undefined> {
    return getActivity(db.kysely, request.scope.inspectionId!, (request.params as ActivityParams).activityId);
  }

  app.get(`${FIELDWORK}/activities/:activityId`, allow('evidence:view'), async (request, reply) => {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const page = await viewActivity(db.kysely, inspectionId, (request.params as ActivityParams).activityId, actorOf(request), context(request));
    if (!page) return reply.callNotFound();
    const { activity, notes } = page;
    const sameDay = (await listActivities(db.kysely, inspectionId)).filter((a) => a.heldOn === activity.heldOn);
    const children = activity.caseId ? await trackedChildChoices(db.kysely, inspectionId) : [];
    const mayWrite = can(request.visitor, 'evidence:write', request.scope);
    return reply.view(`${VIEWS}/activity-view.njk`, {
      ...basics(details),
      activity: { ...activityRow(inspectionId, activity, findClashes(sameDay)), dayHeading: dayHeading(activity.heldOn), childText: childText(activity.caseId, children) },
      participants: PARTICIPANT_GROUPS.filter((g) => activity.participants[g]).map((g) => ({ label: PARTICIPANT_GROUP_LABELS[g], count: activity.participants[g] })),
      notes: notes.map((n) => ({ ...n, href: `/inspections/${inspectionId}/evidence/notes/${n.id}`, polarityLabel: POLARITY_LABELS[n.polarity] })),
      mayWrite,
      editHref: fieldworkPath(inspectionId, `/activities/${activity.id}/edit`),
      removeHref: fieldworkPath(inspectionId, `/activities/${activity.id}/remove`),
      newNoteHref: `/inspections/${inspectionId}/evidence/notes/new?activityId=${activity.id}`,
      timetableHref: fieldworkPath(inspectionId, `/timetable#activity-${activity.id}`),
      backLink: { href: fieldworkPath(inspectionId, '/activities'), text: 'Activities' },
    });
  });

  app.get(`${FIELDWORK}/activities/:activityId/edit`, allow('evidence:write'), async (request, reply) => {
    const activity = await activityOf(request);
    if (!activity) return reply.callNotFound();
    return renderForm(request, reply, activity);
  });

  app.post(`${FIELDWORK}/activities/:activityId/edit`, allow('evidence:write'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const activity = await activityOf(request);
    if (!activity) return reply.callNotFound();
    const form = await readForm(request);
    if (!form.input) return renderForm(request, reply, activity, { values: form.values, errors: form.errors! });
    const revision = Number(text(form.values.revision));
    try {
      await updateActivity(db.kysely, inspectionId, activity.id, { ...form.input, revision }, actorOf(request), context(request));
    } catch (error) {
      if (error instanceof ActivityInputError) return renderForm(request, reply, activity, { values: form.values, errors: issueErrors(error.issues) });
      if (error instanceof ActivityConflictError) {
        // The form now starts from the activity as it stands, so saving again is a deliberate choice to replace it.
        const current = (await activityOf(request))!;
        const values = { ...form.values, revision: String(current.revision) };
        return renderForm(request, reply, current, { values, errors: formErrors([{ path: ['current-activity'], message: error.message }]), conflict: current });
      }
      if (error instanceof ActivityNotFoundError) return reply.callNotFound();
      if (error instanceof EvidenceClosedError) return reply.code(403).send(error.message);
      throw error;
    }
    setFlash(request, { heading: 'Activity saved' });
    return reply.redirect(fieldworkPath(inspectionId, `/activities/${activity.id}`));
  });

  /**
   * The removal page, showing the activity as it is now (so the revision sent back is the one the
   * person saw). While notes name it as their source, it lists them and offers no button. The notes
   * may speak of children, so the page's view is on record as the activity page's is.
   */
  async function renderRemoval(request: FastifyRequest, reply: FastifyReply, refusal?: { message: string; field: 'current-activity' | 'citing-notes' }) {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const page = await viewActivity(db.kysely, inspectionId, (request.params as ActivityParams).activityId, actorOf(request), context(request));
    if (!page) return reply.callNotFound();
    const { activity, notes } = page;
    const children = activity.caseId ? await trackedChildChoices(db.kysely, inspectionId) : [];
    const activityHref = fieldworkPath(inspectionId, `/activities/${activity.id}`);
    if (refusal) reply.code(409);
    return reply.view(`${VIEWS}/activity-remove.njk`, {
      ...basics(details),
      activity: { ...activityRow(inspectionId, activity, new Map()), dayHeading: dayHeading(activity.heldOn), childText: childText(activity.caseId, children) },
      revision: activity.revision,
      consequence: removalConsequence(activity),
      inUse: notes.length ? activityInUseMessage(notes.length) : undefined,
      notes: notes.map((n) => ({ ...n, href: `/inspections/${inspectionId}/evidence/notes/${n.id}`, polarityLabel: POLARITY_LABELS[n.polarity] })),
      errors: refusal && formErrors([{ path: [refusal.field], message: refusal.message }]),
      action: fieldworkPath(inspectionId, `/activities/${activity.id}/remove`),
      cancelHref: activityHref,
      backLink: { href: activityHref, text: activity.title },
    });
  }

  app.get(`${FIELDWORK}/activities/:activityId/remove`, allow('evidence:write'), async (request, reply) => renderRemoval(request, reply));

  app.post(`${FIELDWORK}/activities/:activityId/remove`, allow('evidence:write'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const { activityId } = request.params as ActivityParams;
    const revision = Number(text((request.body as Record<string, unknown> | undefined)?.revision));
    let removed: { title: string };
    try {
      removed = await removeActivity(db.kysely, inspectionId, activityId, revision, actorOf(request), context(request));
    } catch (error) {
      if (error instanceof ActivityChangedBeforeRemovalError) return renderRemoval(request, reply, { message: error.message, field: 'current-activity' });
      if (error instanceof ActivityInUseError) return renderRemoval(request, reply, { message: error.message, field: 'citing-notes' });
      if (error instanceof ActivityNotFoundError) return reply.callNotFound();
      if (error instanceof EvidenceClosedError) return reply.code(403).send(error.message);
      throw error;
    }
    setFlash(request, { heading: `Activity removed: ${removed.title}` });
    return reply.redirect(fieldworkPath(inspectionId, '/activities'));
  });

  app.get(`${FIELDWORK}/timetable`, allow('evidence:view'), async (request, reply) => {
    const details = await detailsOf(request);
    const { inspection } = details;
    const activities = await listActivities(db.kysely, inspection.id);
    const clashes = findClashes(activities);
    const days = timetableDays(activities, { notificationDate: inspection.notification_date, onsiteStartDate: inspection.onsite_start_date, onsiteEndDate: inspection.onsite_end_date });
    const clashList = activities
      .filter((a) => clashes.has(a.id))
      .map((a) => ({
        href: `#activity-${a.id}`,
        text: `${dayHeading(a.heldOn)}, ${a.startsAt}–${a.endsAt}, ${a.title}: ${clashes
          .get(a.id)!
          .map((c) => clashMessage(c).replace(/^Clash: /, ''))
          .join('; ')}`,
      }));
    return reply.view(`${VIEWS}/timetable.njk`, {
      ...basics(details),
      days: days.map((day) => ({
        date: day.date,
        heading: dayHeading(day.date),
        onSite: day.onSite,
        activities: day.activities.map((a) => activityRow(inspection.id, a, clashes)),
      })),
      clashList,
      mayWrite: can(request.visitor, 'evidence:write', request.scope),
      newHref: fieldworkPath(inspection.id, '/activities/new'),
      listHref: fieldworkPath(inspection.id, '/activities'),
      backLink: { href: fieldworkPath(inspection.id), text: 'Fieldwork and evidence' },
    });
  });
}
