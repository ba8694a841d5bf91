// Case tracking pages: the tracked children with their progress, a child's page (record, meeting,
// notes, documents), recording the meeting and adding notes marked as evidence for criteria.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { DATE_PARTS, parseDateInput, type DatePart } from '../inspections/date-input.ts';
import { getInspection, inspectionScope, type InspectionDetails } from '../inspections/inspection.service.ts';
import { can, type Permission } from '../platform/auth/permissions.ts';
import { formatDate } from '../platform/web/format.ts';
import { asArray, formErrors, type FormErrors } from '../platform/web/forms.ts';
import { setFlash } from '../platform/web/views.ts';
import { ATTENDEE_GROUPS, ATTENDEE_LABELS, ATTENDEE_NOTE_MAX_LENGTH, CaseNotFoundError, NOTE_MAX_LENGTH, PROGRESS_LABELS, TrackingInputError, type TrackingIssue } from './case-tracking.ts';
import { addNote, saveMeeting, viewMeeting, viewTrackedChild, viewTrackedChildren, type TrackedChildPage, type TrackingMeeting } from './case-tracking.service.ts';
import { actorOf, casesPath, context } from './case-web.ts';
import {
  PLACEMENT_LABELS,
  PRIMARY_NEED_LABELS,
  SEN_STATUS_LABELS,
  SEX_LABELS,
  SOCIAL_CARE_LABELS,
  TWENTY_WEEKS_DAYS,
  daysBetween,
  isInAlternativeProvision,
  type PersonRecord,
} from './case.ts';

const VIEWS = 'cases/views';
const TRACKED = '/inspections/:inspectionId/cases/tracked';

type CaseParams = { caseId: string };

const PROGRESS_TAG_CLASSES = { not_started: 'govuk-tag--grey', in_progress: 'govuk-tag--blue', met: 'govuk-tag--green' } as const;

function trackedPath(inspectionId: string, rest = ''): string {
  return casesPath(inspectionId, `/tracked${rest}`);
}

function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}

function weeks(days: number): string {
  const w = Math.round((days / 7) * 10) / 10;
  return `${w.toLocaleString('en-GB')} ${w === 1 ? 'week' : 'weeks'}`;
}

/** The record as summary list rows: no name and no date of birth, neither of which is ever held. */
function recordRows(record: PersonRecord, dataDate: string) {
  const row = (key: string, text: string) => ({ key: { text: key }, value: { text } });
  const date = (value: string | null) => (value ? formatDate(value) : 'Not given');
  const rows = [
    row('Age', `${record.age} (on ${formatDate(dataDate)}, the date of the data)`),
    row('Year group', record.yearGroup ?? 'Not given'),
    row('Sex', SEX_LABELS[record.sex]),
    row('Primary need', `${PRIMARY_NEED_LABELS[record.primaryNeed]} (${record.primaryNeed})`),
    row('SEN status', SEN_STATUS_LABELS[record.senStatus]),
    row('Placement', PLACEMENT_LABELS[record.placementType]),
    row('Setting', record.settingName ? `${record.settingName}${record.settingUrn ? ` (URN ${record.settingUrn})` : ''}` : 'Not given'),
    row('In alternative provision', yesNo(isInAlternativeProvision(record))),
    row('Educated out of area', yesNo(record.outOfArea)),
    row('Social care', SOCIAL_CARE_LABELS[record.socialCareStatus]),
  ];
  if (record.senStatus === 'EHCP' || record.requestDate) {
    rows.push(row('Request for an EHC needs assessment', date(record.requestDate)));
    rows.push(row('Decision whether to assess', date(record.assessmentDecisionDate)));
    let issued = date(record.planIssuedDate);
    if (record.requestDate && record.planIssuedDate) {
      const days = daysBetween(record.requestDate, record.planIssuedDate);
      issued += `: ${weeks(days)} after the request${days > TWENTY_WEEKS_DAYS ? ', over the 20-week limit' : ''}${record.exceptionApplies ? ' (an exception to the time limit applies)' : ''}`;
    }
    rows.push(row('EHC plan issued', issued));
    rows.push(row('Last annual review', date(record.lastReviewDate)));
  }
  return rows;
}

function meetingRows(meeting: TrackingMeeting | undefined) {
  const row = (key: string, text: string) => ({ key: { text: key }, value: { text } });
  if (!meeting) return [row('Date', 'Not recorded yet')];
  return [
    row('Date', meeting.heldOn ? formatDate(meeting.heldOn) : 'Not arranged yet'),
    row('Who took part', meeting.attendees.length ? meeting.attendees.map((a) => ATTENDEE_LABELS[a]).join(', ') : 'Not recorded'),
    row('Notes about who took part', meeting.attendeeNote || 'None'),
  ];
}

/** The form's date boxes, and which of them to mark for an error. */
function dateError(errors: FormErrors | undefined, values: Record<string, unknown>): { text: string; parts: DatePart[] } | undefined {
  const error = DATE_PARTS.map((part) => errors?.fields[`heldOn-${part}`]).find(Boolean);
  if (!error) return undefined;
  const parsed = parseDateInput({ day: values['heldOn-day'], month: values['heldOn-month'], year: values['heldOn-year'] }, 'date of the meeting');
  return { text: error.text, parts: parsed.ok ? [...DATE_PARTS] : parsed.parts };
}

function issueErrors(issues: readonly TrackingIssue[]): FormErrors {
  return formErrors(issues.map((issue) => ({ path: [issue.field === 'heldOn' ? 'heldOn-day' : issue.field], message: issue.message })));
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : '';
}

export async function caseTrackingRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
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

  app.get(TRACKED, allow('cases:view'), async (request, reply) => {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const tracked = await viewTrackedChildren(db.kysely, inspectionId, actorOf(request), context(request));
    return reply.view(`${VIEWS}/tracking-list.njk`, {
      ...basics(details),
      sample: tracked.sample,
      children: tracked.children.map((child) => ({
        ...child,
        href: trackedPath(inspectionId, `/${child.caseId}`),
        need: child.record ? PRIMARY_NEED_LABELS[child.record.primaryNeed] : '',
        placement: child.record ? PLACEMENT_LABELS[child.record.placementType] : '',
        inAlternativeProvision: child.record ? isInAlternativeProvision(child.record) : false,
        attendeesText: child.attendees.map((a) => ATTENDEE_LABELS[a]).join(', '),
        progressTag: { text: PROGRESS_LABELS[child.progress], classes: PROGRESS_TAG_CLASSES[child.progress] },
      })),
      sampleHref: casesPath(inspectionId, '/sample'),
      documentsHref: casesPath(inspectionId, '/documents'),
      backLink: { href: casesPath(inspectionId), text: 'Cases' },
    });
  });

  /** The child's page; with a note form that failed, its errors and what was typed. */
  async function renderChild(request: FastifyRequest, reply: FastifyReply, note: { errors?: FormErrors; body?: string; criteria?: string[] } = {}) {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const { caseId } = request.params as CaseParams;
    const page: TrackedChildPage | undefined = await viewTrackedChild(db.kysely, inspectionId, caseId, actorOf(request), context(request));
    if (!page) return reply.callNotFound();
    const mayReview = can(request.visitor, 'cases:review', request.scope);
    const criterionHeadings = new Map(details.framework.definition.criterionGroups.flatMap((g) => g.criteria.map((c) => [c.code, c.heading] as const)));
    const chosen = new Set(note.criteria ?? []);
    if (note.errors) reply.code(400);
    return reply.view(`${VIEWS}/tracking-case.njk`, {
      ...basics(details),
      page,
      recordRows: page.record ? recordRows(page.record, page.sample.dataDate) : undefined,
      meetingRows: meetingRows(page.meeting),
      notes: page.notes.map((n) => ({
        ...n,
        paragraphs: n.body.split(/\n\s*\n/).map((p) => p.split('\n')),
        criteria: n.criteria.map((code) => ({ code, heading: criterionHeadings.get(code) ?? code })),
      })),
      documents: page.documents.map((d) => ({ ...d, href: casesPath(inspectionId, `/documents/${page.caseId}/files/${d.fileId}`) })),
      mayReview,
      meetingHref: trackedPath(inspectionId, `/${page.caseId}/meeting`),
      noteAction: trackedPath(inspectionId, `/${page.caseId}/notes`),
      documentsHref: casesPath(inspectionId, '/documents'),
      noteMaxLength: NOTE_MAX_LENGTH,
      criterionGroups: details.framework.definition.criterionGroups.map((group, i) => ({
        idPrefix: i === 0 ? 'criteria' : `criteria-${group.code}`,
        title: group.title,
        items: group.criteria.map((c) => ({ value: c.code, text: `${c.code}: ${c.heading}`, checked: chosen.has(c.code) })),
      })),
      noteBody: note.body ?? '',
      errors: note.errors,
      backLink: { href: trackedPath(inspectionId), text: 'Tracked children' },
    });
  }

  app.get(`${TRACKED}/:caseId`, allow('cases:view'), async (request, reply) => renderChild(request, reply));

  async function renderMeeting(request: FastifyRequest, reply: FastifyReply, form?: { values: Record<string, unknown>; errors: FormErrors }) {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const { caseId } = request.params as CaseParams;
    const page = await viewMeeting(db.kysely, inspectionId, caseId, actorOf(request), context(request));
    if (!page) return reply.callNotFound();
    let values = form?.values;
    if (!values) {
      const [year, month, day] = page.meeting?.heldOn?.split('-') ?? ['', '', ''];
      values = {
        'heldOn-day': day ? String(Number(day)) : '',
        'heldOn-month': month ? String(Number(month)) : '',
        'heldOn-year': year ?? '',
        attendees: page.meeting?.attendees ?? [],
        attendeeNote: page.meeting?.attendeeNote ?? '',
      };
    }
    const ticked = new Set(asArray(values.attendees));
    if (form) reply.code(400);
    return reply.view(`${VIEWS}/tracking-meeting.njk`, {
      ...basics(details),
      personId: page.personId,
      values,
      dateError: dateError(form?.errors, values),
      attendeeItems: ATTENDEE_GROUPS.map((group) => ({ value: group, text: ATTENDEE_LABELS[group], checked: ticked.has(group) })),
      attendeeNoteMaxLength: ATTENDEE_NOTE_MAX_LENGTH,
      onsiteEndDate: details.inspection.onsite_end_date,
      action: trackedPath(inspectionId, `/${page.caseId}/meeting`),
      cancelHref: trackedPath(inspectionId, `/${page.caseId}`),
      errors: form?.errors,
      backLink: { href: trackedPath(inspectionId, `/${page.caseId}`), text: `Tracked child ${page.personId}` },
    });
  }

  app.get(`${TRACKED}/:caseId/meeting`, allow('cases:review'), async (request, reply) => renderMeeting(request, reply));

  app.post(`${TRACKED}/:caseId/meeting`, allow('cases:review'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const { caseId } = request.params as CaseParams;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values: Record<string, unknown> = {
      'heldOn-day': text(body['heldOn-day']),
      'heldOn-month': text(body['heldOn-month']),
      'heldOn-year': text(body['heldOn-year']),
      attendees: asArray(body.attendees),
      attendeeNote: text(body.attendeeNote),
    };
    const parts = { day: values['heldOn-day'], month: values['heldOn-month'], year: values['heldOn-year'] };
    const blank = DATE_PARTS.every((part) => String(parts[part]).trim() === '');
    let heldOn: string | null = null;
    if (!blank) {
      const parsed = parseDateInput(parts, 'date of the meeting');
      if (!parsed.ok) return renderMeeting(request, reply, { values, errors: formErrors([{ path: [`heldOn-${parsed.parts[0]}`], message: parsed.message }]) });
      heldOn = parsed.date;
    }
    try {
      const input = { heldOn, attendees: values.attendees as string[], attendeeNote: values.attendeeNote as string };
      await saveMeeting(db.kysely, inspectionId, caseId, input, actorOf(request), context(request));
    } catch (error) {
      if (error instanceof TrackingInputError) return renderMeeting(request, reply, { values, errors: issueErrors(error.issues) });
      if (error instanceof CaseNotFoundError) return reply.callNotFound();
      throw error;
    }
    setFlash(request, { heading: 'Tracking meeting saved' });
    return reply.redirect(trackedPath(inspectionId, `/${caseId}`));
  });

  app.post(`${TRACKED}/:caseId/notes`, allow('cases:review'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const { caseId } = request.params as CaseParams;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const note = { body: text(body.body), criteria: asArray(body.criteria) };
    try {
      await addNote(db.kysely, inspectionId, caseId, note, actorOf(request), context(request));
    } catch (error) {
      if (error instanceof TrackingInputError) return renderChild(request, reply, { errors: issueErrors(error.issues), ...note });
      if (error instanceof CaseNotFoundError) return reply.callNotFound();
      throw error;
    }
    setFlash(request, { heading: 'Note added' });
    return reply.redirect(trackedPath(inspectionId, `/${caseId}#notes`));
  });
}
