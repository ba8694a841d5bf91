// The report's last pages: the QA reader sends the draft for the factual accuracy check (with the
// area's deadline), each lead signs off the report as it reads, the Ofsted lead publishes it now or
// at a set time (or cancels the schedule), and publishes corrections with a note once published.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { DATE_PARTS, parseDateInput, type DatePart } from '../inspections/date-input.ts';
import { getInspection, inspectionScope, TransitionRefusedError, type InspectionDetails } from '../inspections/inspection.service.ts';
import type { Permission } from '../platform/auth/permissions.ts';
import { formErrors, parseForm, singleFieldError, type FormErrors } from '../platform/web/forms.ts';
import { formatDateTime } from '../platform/web/format.ts';
import { actorOf, context } from '../platform/web/request-actor.ts';
import { setFlash } from '../platform/web/views.ts';
import { todayInEngland } from '../platform/working-days.ts';
import { dayInWords } from './report-comment.ts';
import type { NarrativeSections } from './report-document.ts';
import { parseSectionText, sectionText, type NarrativeSectionInfo } from './report-draft.ts';
import {
  CorrectionInputError,
  ReportStepInputError,
  ReportStepRefusedError,
  SignOffOutdatedError,
  cancelScheduledPublication,
  correctionPage,
  publicationStatus,
  publishCorrection,
  publishNow,
  schedulePublication,
  sendForFactualAccuracy,
  signOff,
  signOffPage,
  type CorrectionPage,
} from './report-publication.service.ts';
import { CORRECTION_NOTE_MAX_LENGTH, FACTUAL_ACCURACY_DAYS, englandTime, factualAccuracyDeadline, isSignOffRole } from './report-workflow.ts';
import { reportPath } from './report.routes.ts';

const VIEWS = 'reports/views';
const REPORT = '/inspections/:inspectionId/report';

type Form = { values?: Record<string, unknown>; errors?: FormErrors };

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** A refusal with what must happen first: the summary leads to the list on the page. */
function refusalErrors(error: ReportStepRefusedError): FormErrors {
  return formErrors([{ path: ['missing'], message: error.headline }]);
}

function details(request: FastifyRequest, db: RouteDeps['db']): Promise<InspectionDetails> {
  // The route's scope has found the inspection already.
  return getInspection(db.kysely, request.scope.inspectionId!) as Promise<InspectionDetails>;
}

// ---- Forms ---------------------------------------------------------------------------------

const workingDaysSchema = z.object({
  workingDays: z.preprocess(
    (v) => (typeof first(v) === 'string' ? String(first(v)).trim() : ''),
    z
      .string()
      .min(1, 'Enter how many working days the local area has to comment')
      .regex(/^\d+$/, 'The number of working days must be a whole number, like 5')
      .transform(Number)
      .refine((n) => n >= FACTUAL_ACCURACY_DAYS.min && n <= FACTUAL_ACCURACY_DAYS.max, `The number of working days must be from ${FACTUAL_ACCURACY_DAYS.min} to ${FACTUAL_ACCURACY_DAYS.max}`),
  ),
});

const signOffSchema = z.object({ documentHash: z.preprocess(first, z.string().regex(/^[0-9a-f]{64}$/, 'Open the report again and sign it off')) });

const publishSchema = z.object({
  when: z.preprocess((v) => (first(v) === '' ? undefined : first(v)), z.enum(['now', 'at'], 'Select when to publish the report')),
  confirm: z.preprocess(first, z.literal('yes').optional()),
});

/** The date and time boxes as one instant in England, or the error and the boxes it is about. */
function readPublishAt(body: Record<string, unknown>): { ok: true; at: Date } | { ok: false; errors: FormErrors } {
  const parts = Object.fromEntries(DATE_PARTS.map((p) => [p, first(body[`publishAt-${p}`])])) as Partial<Record<DatePart, unknown>>;
  const date = parseDateInput(parts, 'publication date');
  const time = String(first(body['publishAt-time']) ?? '').trim();
  const issues: { path: string[]; message: string }[] = [];
  if (!date.ok) issues.push({ path: [`publishAt-${date.parts[0] ?? 'day'}`], message: date.message });
  if (time === '') issues.push({ path: ['publishAt-time'], message: 'Enter the publication time' });
  if (issues.length || !date.ok) return { ok: false, errors: formErrors(issues) };
  const at = englandTime(date.date, time);
  if (!at.ok) return { ok: false, errors: singleFieldError('publishAt-time', at.message) };
  return { ok: true, at: at.at };
}

function dateErrorOf(errors: FormErrors | undefined): { text: string; parts: DatePart[] } | undefined {
  const parts = DATE_PARTS.filter((p) => errors?.fields[`publishAt-${p}`]);
  if (!parts.length) return undefined;
  return { text: errors!.fields[`publishAt-${parts[0]}`]!.text, parts };
}

function sectionField(code: string): string {
  return `section-${code}`;
}

function correctionErrors(error: CorrectionInputError): FormErrors {
  return formErrors(error.issues.map((i) => ({ path: [i.section === 'note' || i.section === 'form' ? i.section : sectionField(i.section)], message: i.message })));
}

// ---- Routes --------------------------------------------------------------------------------

export async function reportPublicationRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const scope = inspectionScope(db.kysely);
  const allow = (permission: Permission) => ({ config: { permission, scope } });

  // ---- Sending for the factual accuracy check ----

  async function renderSend(request: FastifyRequest, reply: FastifyReply, form: Form = {}) {
    const inspectionDetails = await details(request, db);
    const status = await publicationStatus(db.kysely, inspectionDetails.inspection.id);
    return reply.view(`${VIEWS}/send-for-factual-accuracy.njk`, {
      ...inspectionDetails,
      status,
      missing: status.missing.beforeFactualAccuracy,
      days: FACTUAL_ACCURACY_DAYS,
      exampleDeadline: dayInWords(factualAccuracyDeadline(new Date(), FACTUAL_ACCURACY_DAYS.default)),
      values: form.values ?? { workingDays: String(FACTUAL_ACCURACY_DAYS.default) },
      errors: form.errors,
      previewHref: reportPath(inspectionDetails.inspection.id, '/preview'),
      backLink: { href: reportPath(inspectionDetails.inspection.id) },
    });
  }

  app.get(`${REPORT}/send-for-factual-accuracy`, allow('report:qa'), async (request, reply) => renderSend(request, reply));

  app.post(`${REPORT}/send-for-factual-accuracy`, allow('report:qa'), async (request, reply) => {
    const parsed = parseForm(workingDaysSchema, request.body);
    if (!parsed.ok) return renderSend(request, reply, parsed);
    const inspectionId = request.scope.inspectionId!;
    const values = request.body as Record<string, unknown>;
    try {
      const sent = await sendForFactualAccuracy(db.kysely, inspectionId, { workingDays: parsed.data.workingDays }, actorOf(request), context(request));
      setFlash(request, {
        heading: 'Draft sent for the factual accuracy check',
        text: `The local area’s nominated officer can comment on version ${sent.version} until the end of ${dayInWords(sent.deadline)}.`,
      });
      return reply.redirect(reportPath(inspectionId));
    } catch (error) {
      if (error instanceof ReportStepRefusedError) return renderSend(request, reply, { values, errors: refusalErrors(error) });
      if (error instanceof ReportStepInputError) return renderSend(request, reply, { values, errors: singleFieldError('workingDays', error.message) });
      if (error instanceof TransitionRefusedError) return renderSend(request, reply, { values, errors: singleFieldError('missing', error.message) });
      throw error;
    }
  });

  // ---- Sign-off ----

  async function renderSignOff(request: FastifyRequest, reply: FastifyReply, form: Form = {}) {
    const inspectionId = request.scope.inspectionId!;
    const page = await signOffPage(db.kysely, inspectionId);
    const role = request.visitor.principal!.teamRoles.get(inspectionId);
    const mine = isSignOffRole(role) ? page.signOffs.find((s) => s.role === role) : undefined;
    return reply.view(`${VIEWS}/sign-off.njk`, {
      ...page.details,
      page,
      mine,
      roleName: role === 'ofsted_lead' ? 'Ofsted lead inspector' : 'CQC lead inspector',
      errors: form.errors,
      previewHref: reportPath(inspectionId, '/preview'),
      backLink: { href: reportPath(inspectionId) },
    });
  }

  app.get(`${REPORT}/sign-off`, allow('report:sign-off'), async (request, reply) => renderSignOff(request, reply));

  app.post(`${REPORT}/sign-off`, allow('report:sign-off'), async (request, reply) => {
    const parsed = parseForm(signOffSchema, request.body);
    if (!parsed.ok) return renderSignOff(request, reply, { errors: singleFieldError('missing', 'The report has changed since you opened this page. Read it again, then sign it off') });
    const inspectionId = request.scope.inspectionId!;
    try {
      const signed = await signOff(db.kysely, inspectionId, parsed.data.documentHash, actorOf(request), context(request));
      setFlash(request, { heading: `You have signed off version ${signed.version} of the report`, text: 'If the narrative, the findings or the outcome change, you will need to sign it off again.' });
      return reply.redirect(reportPath(inspectionId));
    } catch (error) {
      if (error instanceof SignOffOutdatedError) return renderSignOff(request, reply, { errors: singleFieldError('missing', error.message) });
      if (error instanceof ReportStepRefusedError) return renderSignOff(request, reply, { errors: refusalErrors(error) });
      throw error;
    }
  });

  // ---- Publication ----

  async function renderPublish(request: FastifyRequest, reply: FastifyReply, form: Form = {}) {
    const inspectionDetails = await details(request, db);
    const status = await publicationStatus(db.kysely, inspectionDetails.inspection.id);
    return reply.view(`${VIEWS}/publish.njk`, {
      ...inspectionDetails,
      status,
      missing: status.missing.beforePublication,
      values: form.values ?? {},
      errors: form.errors,
      dateError: dateErrorOf(form.errors),
      thisYear: todayInEngland().slice(0, 4),
      previewHref: reportPath(inspectionDetails.inspection.id, '/preview'),
      backLink: { href: reportPath(inspectionDetails.inspection.id) },
    });
  }

  app.get(`${REPORT}/publish`, allow('report:publish'), async (request, reply) => renderPublish(request, reply));

  app.post(`${REPORT}/publish`, allow('report:publish'), async (request, reply) => {
    const values = (request.body ?? {}) as Record<string, unknown>;
    const parsed = parseForm(publishSchema, values);
    if (!parsed.ok) return renderPublish(request, reply, parsed);
    const inspectionId = request.scope.inspectionId!;
    try {
      if (parsed.data.when === 'at') {
        const at = readPublishAt(values);
        if (!at.ok) return await renderPublish(request, reply, { values, errors: at.errors });
        await schedulePublication(db.kysely, inspectionId, at.at, actorOf(request), context(request));
        setFlash(request, { heading: 'Publication scheduled', text: `The report will be published on ${formatDateTime(at.at)} (UK time), if both sign-offs still hold then. Until then it stays embargoed.` });
        return reply.redirect(reportPath(inspectionId));
      }
      if (parsed.data.confirm !== 'yes') {
        const inspectionDetails = await details(request, db);
        return reply.view(`${VIEWS}/publish-confirm.njk`, { ...inspectionDetails, backLink: { href: reportPath(inspectionId, '/publish') } });
      }
      await publishNow(db.kysely, inspectionId, actorOf(request), context(request));
      setFlash(request, { heading: 'Report published', text: 'The report, its PDF and DOCX and the summary for families are now on the public reports site.' });
      return reply.redirect(reportPath(inspectionId));
    } catch (error) {
      if (error instanceof ReportStepRefusedError) return renderPublish(request, reply, { values, errors: refusalErrors(error) });
      if (error instanceof ReportStepInputError) return renderPublish(request, reply, { values, errors: singleFieldError('publishAt-day', error.message) });
      throw error;
    }
  });

  app.post(`${REPORT}/publish/cancel`, allow('report:publish'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    try {
      await cancelScheduledPublication(db.kysely, inspectionId, actorOf(request), context(request));
    } catch (error) {
      if (error instanceof ReportStepRefusedError) return renderPublish(request, reply, { errors: refusalErrors(error) });
      throw error;
    }
    setFlash(request, { heading: 'Scheduled publication cancelled', text: 'The report stays embargoed until you publish it.' });
    return reply.redirect(reportPath(inspectionId, '/publish'));
  });

  // ---- Corrections ----

  function correctionView(page: CorrectionPage, texts: Record<string, string>, note: string, errors?: FormErrors) {
    return {
      ...page.details,
      latest: page.latest,
      sections: page.sections.map((s: NarrativeSectionInfo) => ({
        ...s,
        id: sectionField(s.code),
        value: texts[s.code] ?? '',
        error: errors?.fields[sectionField(s.code)],
      })),
      note,
      noteMaxLength: CORRECTION_NOTE_MAX_LENGTH,
      errors,
      backLink: { href: reportPath(page.details.inspection.id) },
    };
  }

  app.get(`${REPORT}/corrections/new`, allow('report:correct'), async (request, reply) => {
    const page = await correctionPage(db.kysely, request.scope.inspectionId!);
    if (!page) return reply.redirect(reportPath(request.scope.inspectionId!));
    const texts = Object.fromEntries(page.sections.map((s) => [s.code, sectionText(page.narrative[s.code] ?? [])]));
    return reply.view(`${VIEWS}/correction.njk`, correctionView(page, texts, ''));
  });

  app.post(`${REPORT}/corrections/new`, allow('report:correct'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const page = await correctionPage(db.kysely, inspectionId);
    if (!page) return reply.redirect(reportPath(inspectionId));
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => {
      const value = first(body[name]);
      return typeof value === 'string' ? value : '';
    };
    const texts = Object.fromEntries(page.sections.map((s) => [s.code, text(sectionField(s.code))]));
    const note = text('note');
    const narrative: NarrativeSections = Object.fromEntries(page.sections.map((s) => [s.code, parseSectionText(texts[s.code] ?? '')]));
    try {
      const published = await publishCorrection(db.kysely, inspectionId, { narrative, note }, actorOf(request), context(request));
      setFlash(request, { heading: 'Correction published', text: `The corrected report is on the public reports site with your note (correction ${published.sequence - 1}).` });
      return reply.redirect(reportPath(inspectionId));
    } catch (error) {
      if (error instanceof CorrectionInputError) return reply.view(`${VIEWS}/correction.njk`, correctionView(page, texts, note, correctionErrors(error)));
      if (error instanceof ReportStepRefusedError) return reply.view(`${VIEWS}/correction.njk`, correctionView(page, texts, note, singleFieldError('form', error.headline)));
      throw error;
    }
  });
}
