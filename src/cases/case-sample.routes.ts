// The sample pages: the tracked children and plans to review (or the draw form), the sampling
// report, replacing a case with a reason, and sharing the chosen ids with the area. Every view is
// audited, as each shows person-level data.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { getInspection, inspectionScope, isUuid, type InspectionDetails } from '../inspections/inspection.service.ts';
import { can } from '../platform/auth/permissions.ts';
import { formErrors, type FormErrors } from '../platform/web/forms.ts';
import { formatDate } from '../platform/web/format.ts';
import { setFlash } from '../platform/web/views.ts';
import { PLACEMENT_LABELS, PRIMARY_NEED_LABELS, SEN_STATUS_LABELS, isInAlternativeProvision } from './case.ts';
import type { CasePurpose } from './case.table.ts';
import {
  REASON_MAX_LENGTH,
  SAMPLE_LIMITS,
  SEED_MAX_LENGTH,
  SampleInputError,
  SampleRefusedError,
  SampledCaseNotFoundError,
  currentSample,
  dataForSampling,
  drawCaseSample,
  drawRequestIssues,
  recordSampleView,
  replaceCase,
  samplingReport,
  sharePreview,
  shareWithArea,
  type CurrentSample,
  type ReportPart,
  type SampleCase,
  type SamplePage,
} from './case-sample.service.ts';
import { BASIS_LABELS, DEFAULT_REVIEW, DEFAULT_TRACKED, SAMPLING_DIMENSIONS, categoryLabel, type DrawBasis } from './case-sampling.ts';
import { actorOf, casesPath, context } from './case-web.ts';

const VIEWS = 'cases/views';
const SAMPLE = '/inspections/:inspectionId/cases/sample';

const PERCENT = new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const COUNT = new Intl.NumberFormat('en-GB');

type DrawForm = { tracked: string; review: string; seed: string };
type ReplaceForm = { reason: string; personId: string };

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** A whole number as typed, or NaN (so that '6.0', '6 children' or '' are refused, not guessed at). */
function wholeNumber(text: string): number {
  return /^\s*\d{1,6}\s*$/.test(text) ? Number(text) : Number.NaN;
}

function stratumText(stratum: SampleCase['stratum']): string {
  return SAMPLING_DIMENSIONS.flatMap((d) => (stratum[d] ? [categoryLabel(d, stratum[d])] : [])).join('; ');
}

function caseView(c: SampleCase, all: readonly SampleCase[], inspectionId: string, mayReplace: boolean) {
  const person = c.person;
  return {
    id: c.id,
    personId: c.personId,
    active: c.active,
    age: person?.age,
    need: person ? PRIMARY_NEED_LABELS[person.primaryNeed] : 'No longer in the data',
    senStatus: person ? SEN_STATUS_LABELS[person.senStatus] : '',
    placement: person ? PLACEMENT_LABELS[person.placementType] : '',
    inAlternativeProvision: person ? isInAlternativeProvision(person) : false,
    stratum: stratumText(c.stratum),
    basis: c.stratum.basis ? BASIS_LABELS[c.stratum.basis as DrawBasis] : '',
    replaced: c.active ? undefined : { at: c.replacedAt, by: c.replacedByName, reason: c.replacedReason },
    replaces: c.replacementFor ? all.find((o) => o.id === c.replacementFor)?.personId : undefined,
    replaceHref: mayReplace && c.active ? casesPath(inspectionId, `/sample/cases/${c.id}/replace`) : undefined,
  };
}

function sampleView(sample: CurrentSample, inspectionId: string, mayReplace: boolean) {
  const of = (purpose: CasePurpose) => sample.cases.filter((c) => c.purpose === purpose).map((c) => caseView(c, sample.cases, inspectionId, mayReplace));
  const active = (purpose: CasePurpose) => sample.cases.filter((c) => c.purpose === purpose && c.active).length;
  return { ...sample, tracked: of('tracked'), review: of('review'), trackedActive: active('tracked'), reviewActive: active('review') };
}

function reportView(part: ReportPart) {
  return {
    population: COUNT.format(part.population),
    sample: part.sample,
    ap: { population: COUNT.format(part.inAlternativeProvision.population), sample: part.inAlternativeProvision.sample },
    dimensions: part.dimensions.map((d) => ({
      id: `${part.purpose}-${d.dimension}`,
      label: d.label,
      rows: d.rows.map((r) => ({
        label: r.label,
        population: COUNT.format(r.population),
        populationShare: PERCENT.format(r.populationShare),
        target: r.target,
        sample: r.sample,
        sampleShare: part.sample ? PERCENT.format(r.sampleShare) : '–',
        off: r.sample !== r.target,
      })),
    })),
  };
}

export async function caseSampleRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const scope = inspectionScope(db.kysely);
  const allow = (permission: 'cases:view' | 'cases:sample') => ({ config: { permission, scope } });

  /** The inspection the address names; the scope has checked that it exists and may be seen. */
  async function inspectionOf(request: FastifyRequest): Promise<InspectionDetails> {
    return (await getInspection(db.kysely, request.scope.inspectionId!))!;
  }

  function basics(details: InspectionDetails) {
    return { inspection: details.inspection, area: details.area, backLink: { href: casesPath(details.inspection.id), text: 'Cases' } };
  }

  async function audit(request: FastifyRequest, details: InspectionDetails, page: SamplePage, subject: { sampleId?: string; caseId?: string } = {}) {
    await recordSampleView(db.kysely, details.inspection.id, details.inspection.la_code, page, actorOf(request), { ...context(request), ...subject });
  }

  // ---- The sample, or the draw form ----------------------------------------------------------

  async function renderSample(request: FastifyRequest, reply: FastifyReply, form?: { values: DrawForm; errors: FormErrors }) {
    const details = await inspectionOf(request);
    const inspectionId = details.inspection.id;
    const maySample = can(request.visitor, 'cases:sample', request.scope);
    const [sample, data] = await Promise.all([currentSample(db.kysely, inspectionId), dataForSampling(db.kysely, inspectionId)]);
    await audit(request, details, 'sample', { sampleId: sample?.id });
    if (form) reply.code(400);
    return reply.view(`${VIEWS}/sample-page.njk`, {
      ...basics(details),
      sample: sample ? sampleView(sample, inspectionId, maySample) : undefined,
      data,
      mayDraw: maySample && data !== undefined && !sample?.sharedAt,
      maySample,
      limits: SAMPLE_LIMITS,
      seedMaxLength: SEED_MAX_LENGTH,
      values: form?.values ?? { tracked: String(sample?.trackedRequested ?? DEFAULT_TRACKED), review: String(sample?.reviewRequested ?? DEFAULT_REVIEW), seed: '' },
      errors: form?.errors,
      paths: {
        draw: casesPath(inspectionId, '/sample'),
        report: casesPath(inspectionId, '/sample/report'),
        share: casesPath(inspectionId, '/sample/share'),
        imports: casesPath(inspectionId, '/imports'),
        tracked: casesPath(inspectionId, '/tracked'),
        reviews: casesPath(inspectionId, '/reviews'),
      },
    });
  }

  app.get(SAMPLE, allow('cases:view'), async (request, reply) => renderSample(request, reply));

  app.post(SAMPLE, allow('cases:sample'), async (request, reply) => {
    const values: DrawForm = { tracked: field(request.body, 'tracked'), review: field(request.body, 'review'), seed: field(request.body, 'seed') };
    const drawRequest = { tracked: wholeNumber(values.tracked), review: wholeNumber(values.review), seed: values.seed };
    const issues = drawRequestIssues(drawRequest);
    if (issues.length) return renderSample(request, reply, { values, errors: formErrors(issues.map((i) => ({ path: [i.field], message: i.message }))) });
    try {
      const drawn = await drawCaseSample(db.kysely, request.scope.inspectionId!, drawRequest, actorOf(request), context(request));
      const { tracked, review } = drawn.draw;
      setFlash(request, {
        heading: 'Sample drawn',
        text: `${tracked.chosen.length} tracked ${tracked.chosen.length === 1 ? 'child' : 'children'} and ${review.chosen.length} ${review.chosen.length === 1 ? 'plan' : 'plans'} to review, with the seed ${drawn.seed}. The same seed and data always give the same sample.`,
      });
      return reply.redirect(casesPath(request.scope.inspectionId!, '/sample'), 303);
    } catch (error) {
      if (error instanceof SampleInputError) return renderSample(request, reply, { values, errors: formErrors([{ path: [error.field], message: error.message }]) });
      if (error instanceof SampleRefusedError) return renderSample(request, reply, { values, errors: formErrors([{ path: ['tracked'], message: error.message }]) });
      throw error;
    }
  });

  // ---- The sampling report -------------------------------------------------------------------

  app.get(`${SAMPLE}/report`, allow('cases:view'), async (request, reply) => {
    const details = await inspectionOf(request);
    const report = await samplingReport(db.kysely, details.inspection.id);
    await audit(request, details, 'report', { sampleId: report?.sample.id });
    return reply.view(`${VIEWS}/sample-report.njk`, {
      ...basics(details),
      backLink: { href: casesPath(details.inspection.id, '/sample'), text: 'The sample' },
      sample: report?.sample,
      tracked: report ? reportView(report.tracked) : undefined,
      review: report ? reportView(report.review) : undefined,
      paths: { sample: casesPath(details.inspection.id, '/sample') },
    });
  });

  // ---- Replacing a case ----------------------------------------------------------------------

  /** The case the address names in the sample in use; otherwise a 404. */
  async function caseOf(request: FastifyRequest, reply: FastifyReply): Promise<{ details: InspectionDetails; sample: CurrentSample; sampled: SampleCase } | undefined> {
    const caseId = (request.params as { caseId?: string }).caseId;
    const details = await inspectionOf(request);
    const sample = isUuid(caseId) ? await currentSample(db.kysely, details.inspection.id) : undefined;
    const sampled = sample?.cases.find((c) => c.id === caseId);
    if (!sample || !sampled) {
      await reply.callNotFound();
      return undefined;
    }
    return { details, sample, sampled };
  }

  async function renderReplace(request: FastifyRequest, reply: FastifyReply, found: { details: InspectionDetails; sample: CurrentSample; sampled: SampleCase }, form?: { values: ReplaceForm; errors: FormErrors }) {
    const { details, sample, sampled } = found;
    await audit(request, details, 'replace', { caseId: sampled.id });
    if (form) reply.code(400);
    return reply.view(`${VIEWS}/sample-replace.njk`, {
      ...basics(details),
      backLink: { href: casesPath(details.inspection.id, '/sample'), text: 'The sample' },
      sampled: caseView(sampled, sample.cases, details.inspection.id, false),
      purpose: sampled.purpose,
      shared: sample.sharedAt !== null,
      reasonMaxLength: REASON_MAX_LENGTH,
      values: form?.values ?? { reason: '', personId: '' },
      errors: form?.errors,
      action: casesPath(details.inspection.id, `/sample/cases/${sampled.id}/replace`),
      cancelHref: casesPath(details.inspection.id, '/sample'),
    });
  }

  app.get(`${SAMPLE}/cases/:caseId/replace`, allow('cases:sample'), async (request, reply) => {
    const found = await caseOf(request, reply);
    if (!found) return reply;
    return renderReplace(request, reply, found);
  });

  app.post(`${SAMPLE}/cases/:caseId/replace`, allow('cases:sample'), async (request, reply) => {
    const found = await caseOf(request, reply);
    if (!found) return reply;
    const values: ReplaceForm = { reason: field(request.body, 'reason'), personId: field(request.body, 'personId') };
    try {
      const replaced = await replaceCase(db.kysely, found.details.inspection.id, found.sampled.id, { reason: values.reason, personId: values.personId }, actorOf(request), context(request));
      setFlash(request, {
        heading: 'Case replaced',
        text: `${found.sampled.personId} has been replaced by ${replaced.personId}${replaced.basis === 'named' ? ', as you asked' : replaced.basis === 'replacement' ? ', the next child in the sample’s random order from the same stratum' : ', the next child in the sample’s random order from the nearest stratum'}. The replaced case and your reason are kept.`,
      });
      return reply.redirect(casesPath(found.details.inspection.id, '/sample'), 303);
    } catch (error) {
      if (error instanceof SampleInputError) return renderReplace(request, reply, found, { values, errors: formErrors([{ path: [error.field], message: error.message }]) });
      if (error instanceof SampleRefusedError) return renderReplace(request, reply, found, { values, errors: formErrors([{ path: ['reason'], message: error.message }]) });
      if (error instanceof SampledCaseNotFoundError) return reply.callNotFound();
      throw error;
    }
  });

  // ---- Sharing with the area -----------------------------------------------------------------

  async function renderShare(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors) {
    const details = await inspectionOf(request);
    const preview = await sharePreview(db.kysely, details.inspection.id);
    const sample = preview ? await currentSample(db.kysely, details.inspection.id) : undefined;
    await audit(request, details, 'share', { sampleId: sample?.id });
    if (errors) reply.code(400);
    return reply.view(`${VIEWS}/sample-share.njk`, {
      ...basics(details),
      backLink: { href: casesPath(details.inspection.id, '/sample'), text: 'The sample' },
      preview,
      counts: sample ? { tracked: sample.cases.filter((c) => c.active && c.purpose === 'tracked').length, review: sample.cases.filter((c) => c.active && c.purpose === 'review').length } : undefined,
      errors,
      action: casesPath(details.inspection.id, '/sample/share'),
      sampleHref: casesPath(details.inspection.id, '/sample'),
    });
  }

  app.get(`${SAMPLE}/share`, allow('cases:sample'), async (request, reply) => renderShare(request, reply));

  app.post(`${SAMPLE}/share`, allow('cases:sample'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    try {
      const shared = await shareWithArea(db.kysely, inspectionId, actorOf(request), new Date(), context(request));
      setFlash(request, {
        heading: 'Sample shared with the local area',
        text: `The area can now see the ${shared.cases} chosen ids and what each is for. Their documents are due by ${formatDate(shared.documentsDue)}.`,
      });
      return reply.redirect(casesPath(inspectionId, '/sample'), 303);
    } catch (error) {
      if (!(error instanceof SampleRefusedError)) throw error;
      return renderShare(request, reply, formErrors([{ path: ['share'], message: error.message }]));
    }
  });
}
