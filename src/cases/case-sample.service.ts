// Case sample use cases: draw (reproducibly, from the import in use), replace a case with a reason,
// share the chosen ids with the area, the sampling report, and the sample for other pages. Each
// change runs in one transaction with its audit record.
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor, Context } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { formatDate } from '../platform/web/format.ts';
import { addWorkingDays, todayInEngland } from '../platform/working-days.ts';
import type { PersonRecord } from './case.ts';
import type { CasePurpose, CaseSampleRow } from './case.table.ts';
import {
  DEFAULT_MINIMUM_PER_STRATUM,
  DIMENSION_CATEGORIES,
  DIMENSION_LABELS,
  SAMPLING_DIMENSIONS,
  categoryLabel,
  countCategories,
  drawSample,
  mustStayInAlternativeProvision,
  replacementFor,
  samplingTargets,
  samplingUnit,
  tallyPopulation,
  stratumOf,
  unitAt,
  type PopulationTally,
  type DrawBasis,
  type SampleDraw,
  type SamplingDimension,
  type SamplingUnit,
  type Stratum,
} from './case-sampling.ts';
import {
  insertSample,
  insertSampledCases,
  lockInspection,
  markCaseReplaced,
  markSampleShared,
  selectCurrentSample,
  selectSampledCase,
  selectSampledCases,
  selectSamplingPopulation,
  supersedeSample,
  type SampledCaseWithNames,
} from './case-sample.repository.ts';
import { selectCurrentImport, selectPeopleByIds } from './person.repository.ts';

type Tx = Kysely<Database>;

export const SAMPLE_LIMITS = { tracked: { min: 0, max: 20 }, review: { min: 0, max: 200 } } as const;
export const SEED_MAX_LENGTH = 64;
export const REASON_MAX_LENGTH = 1000;
/** Working days the area has to send the chosen children's documents. */
export const DOCUMENTS_DUE_WORKING_DAYS = 2;

const PURPOSE_NAMES: Readonly<Record<CasePurpose, string>> = { tracked: 'a tracked child', review: 'a plan to review' };

/** What was asked for breaks a rule; `field` is the form field it is about. Nothing was written. */
export class SampleInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** The sample cannot be drawn, replaced or shared as things stand (no data, shared already...). */
export class SampleRefusedError extends Error {}

export class SampledCaseNotFoundError extends Error {
  readonly statusCode = 404;
  constructor() {
    super('There is no such case in the sample');
  }
}

// ---- Seeds ------------------------------------------------------------------------------------

const SEED_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const SEED_PATTERN = /^[A-Za-z0-9 ._-]+$/;

/** A short seed that is easy to read out and type again, like 'K7PA-XM4Q' (40 bits). */
export function makeSeed(): string {
  const part = () => Array.from({ length: 4 }, () => SEED_LETTERS[randomInt(SEED_LETTERS.length)]).join('');
  return `${part()}-${part()}`;
}

export type DrawRequest = { tracked: number; review: number; seed?: string | null };

export type DrawIssue = { field: 'tracked' | 'review' | 'seed'; message: string };

/** What is wrong with the numbers and seed asked for, as a form or the command line gives them (empty when nothing is). */
export function drawRequestIssues(request: DrawRequest): DrawIssue[] {
  const issues: DrawIssue[] = [];
  for (const field of ['tracked', 'review'] as const) {
    const { min, max } = SAMPLE_LIMITS[field];
    const value = request[field];
    if (!Number.isInteger(value) || value < min || value > max) {
      const what = field === 'tracked' ? 'tracked children' : 'plans to review';
      issues.push({ field, message: `Enter the number of ${what} as a whole number from ${min} to ${max}` });
    }
  }
  if (issues.length === 0 && request.tracked + request.review === 0) issues.push({ field: 'tracked', message: 'Ask for at least one tracked child or plan to review' });
  const seed = request.seed?.trim();
  if (seed && seed.length > SEED_MAX_LENGTH) issues.push({ field: 'seed', message: `The seed must be ${SEED_MAX_LENGTH} characters or fewer` });
  else if (seed && !SEED_PATTERN.test(seed)) issues.push({ field: 'seed', message: 'The seed can only contain letters, numbers, spaces, hyphens, underscores and full stops' });
  return issues;
}

function checkDrawRequest(request: DrawRequest): { tracked: number; review: number; seed: string | undefined } {
  const [issue] = drawRequestIssues(request);
  if (issue) throw new SampleInputError(issue.field, issue.message);
  return { tracked: request.tracked, review: request.review, seed: request.seed?.trim() || undefined };
}

export type SamplingData = { importId: string; fileName: string; dataDate: string; rowCount: number };

/** The accepted person-level data a draw would use now; undefined when there is none. */
export async function dataForSampling(db: Kysely<Database>, inspectionId: string): Promise<SamplingData | undefined> {
  const imported = await selectCurrentImport(db, inspectionId);
  return imported ? { importId: imported.id, fileName: imported.file_name, dataDate: imported.data_date, rowCount: imported.row_count } : undefined;
}

// ---- Drawing ----------------------------------------------------------------------------------

export type DrawnSample = { sampleId: string; importId: string; seed: string; algorithmVersion: string; draw: SampleDraw; supersededSampleId: string | null };

async function laCodeOf(db: Tx, inspectionId: string): Promise<string> {
  const laCode = await lockInspection(db, inspectionId);
  if (laCode === undefined) throw new SampleRefusedError('There is no such inspection');
  return laCode;
}

/**
 * Draws the tracked children and plans to review from the accepted import in use, with the seed
 * given or a new one, and keeps it with the algorithm's version so the draw can be repeated. A
 * new draw replaces the one before only while that has not been shared with the area.
 */
export async function drawCaseSample(db: Kysely<Database>, inspectionId: string, request: DrawRequest, actor: Actor, context: Context = {}): Promise<DrawnSample> {
  const checked = checkDrawRequest(request);
  const seed = checked.seed ?? makeSeed();
  return db.transaction().execute(async (trx) => {
    const laCode = await laCodeOf(trx, inspectionId);
    const previous = await selectCurrentSample(trx, inspectionId);
    if (previous?.shared_at) {
      throw new SampleRefusedError('The sample has been shared with the local area, so it cannot be drawn again. Replace single cases instead, giving a reason for each.');
    }
    const imported = await selectCurrentImport(trx, inspectionId);
    if (!imported) throw new SampleRefusedError('There is no person-level data to draw from yet. The local area must send it, and it must be accepted, before the sample can be drawn.');
    const population = await selectSamplingPopulation(trx, imported.id);
    const draw = drawSample(population, { tracked: checked.tracked, review: checked.review, seed, minimum: DEFAULT_MINIMUM_PER_STRATUM });
    const now = new Date();
    if (previous) await supersedeSample(trx, previous.id, now);
    const sample = await insertSample(trx, {
      inspection_id: inspectionId,
      import_id: imported.id,
      seed,
      algorithm_version: draw.algorithmVersion,
      tracked_requested: checked.tracked,
      review_requested: checked.review,
      drawn_by: actor.id,
      drawn_at: now,
    });
    await insertSampledCases(
      trx,
      [draw.tracked, draw.review].flatMap((part) =>
        part.chosen.map((c) => ({
          sample_id: sample.id,
          inspection_id: inspectionId,
          person_id: c.unit.personId,
          purpose: part.purpose,
          position: c.position,
          stratum: JSON.stringify(c.stratum),
          origin: 'drawn' as const,
        })),
      ),
    );
    await recordAudit(trx, {
      actor,
      action: 'cases.sample-drawn',
      inspectionId,
      laCode,
      subjectType: 'case_sample',
      subjectId: sample.id,
      details: {
        importId: imported.id,
        seed,
        algorithmVersion: draw.algorithmVersion,
        tracked: draw.tracked.chosen.length,
        review: draw.review.chosen.length,
        trackedRequested: checked.tracked,
        reviewRequested: checked.review,
        supersedes: previous?.id ?? null,
      },
      requestId: context.requestId,
    });
    return { sampleId: sample.id, importId: imported.id, seed, algorithmVersion: draw.algorithmVersion, draw, supersededSampleId: previous?.id ?? null };
  });
}

// ---- Reading the sample -----------------------------------------------------------------------

export type SampleCase = {
  id: string;
  personId: string;
  purpose: CasePurpose;
  position: number;
  stratum: Partial<Stratum>;
  origin: 'drawn' | 'replacement';
  active: boolean;
  replacedAt: Date | null;
  replacedByName: string | null;
  replacedReason: string | null;
  replacementFor: string | null;
  /** The child's record in the sample's import (undefined only if it has gone from the data). */
  person: PersonRecord | undefined;
};

export type CurrentSample = {
  id: string;
  importId: string;
  /** False when later data have been accepted since the sample was drawn. */
  importIsCurrent: boolean;
  seed: string;
  algorithmVersion: string;
  trackedRequested: number;
  reviewRequested: number;
  drawnAt: Date;
  sharedAt: Date | null;
  documentsDue: string | null;
  cases: SampleCase[];
};

function caseOf(row: SampledCaseWithNames, people: ReadonlyMap<string, PersonRecord>): SampleCase {
  return {
    id: row.id,
    personId: row.person_id,
    purpose: row.purpose,
    position: row.position,
    stratum: row.stratum as Partial<Stratum>,
    origin: row.origin,
    active: row.replaced_at === null,
    replacedAt: row.replaced_at,
    replacedByName: row.replaced_by_name,
    replacedReason: row.replaced_reason,
    replacementFor: row.replacement_for,
    person: people.get(row.person_id),
  };
}

async function sampleWithCases(db: Tx, sample: CaseSampleRow): Promise<CurrentSample> {
  const rows = await selectSampledCases(db, sample.id);
  const people = new Map((await selectPeopleByIds(db, sample.import_id, rows.map((r) => r.person_id))).map((p) => [p.personId, p]));
  const current = await selectCurrentImport(db, sample.inspection_id);
  return {
    id: sample.id,
    importId: sample.import_id,
    importIsCurrent: current?.id === sample.import_id,
    seed: sample.seed,
    algorithmVersion: sample.algorithm_version,
    trackedRequested: sample.tracked_requested,
    reviewRequested: sample.review_requested,
    drawnAt: sample.drawn_at,
    sharedAt: sample.shared_at,
    documentsDue: sample.documents_due,
    cases: rows.map((row) => caseOf(row, people)),
  };
}

/** The sample in use with all its cases, active and replaced, and their records; undefined before the first draw. Not audited: callers that show it record the view. */
export async function currentSample(db: Kysely<Database>, inspectionId: string): Promise<CurrentSample | undefined> {
  const sample = await selectCurrentSample(db, inspectionId);
  return sample ? sampleWithCases(db, sample) : undefined;
}

export type SamplePage = 'sample' | 'report' | 'replace' | 'share';

/** Records that someone looked at a page showing the sample's person-level data. */
export async function recordSampleView(db: Kysely<Database>, inspectionId: string, laCode: string, page: SamplePage, actor: Actor, context: Context & { sampleId?: string; caseId?: string } = {}): Promise<void> {
  await recordAudit(db, {
    actor,
    action: page === 'report' ? 'cases.view-sample-report' : 'cases.view-sample',
    inspectionId,
    laCode,
    subjectType: context.caseId ? 'sampled_case' : 'case_sample',
    subjectId: context.caseId ?? context.sampleId,
    details: { page },
    requestId: context.requestId,
  });
}

export type ChosenForArea = { sharedAt: Date; documentsDue: string | null; cases: { caseId: string; personId: string; purpose: CasePurpose }[] };

/**
 * What the area may know of the sample: once it has been shared, the pseudonymous ids of the
 * children chosen now (not those replaced) and what each is for. Undefined before sharing.
 */
export async function chosenIds(db: Kysely<Database>, inspectionId: string): Promise<ChosenForArea | undefined> {
  const sample = await selectCurrentSample(db, inspectionId);
  if (!sample?.shared_at) return undefined;
  const rows = await selectSampledCases(db, sample.id);
  return {
    sharedAt: sample.shared_at,
    documentsDue: sample.documents_due,
    cases: rows.filter((r) => r.replaced_at === null).map((r) => ({ caseId: r.id, personId: r.person_id, purpose: r.purpose })),
  };
}

// ---- Replacing a case -------------------------------------------------------------------------

export type ReplaceRequest = { reason: string; personId?: string | null };
export type ReplacedCase = { caseId: string; personId: string; basis: DrawBasis };

function describeCase(purpose: CasePurpose): string {
  return purpose === 'tracked' ? 'tracked child' : 'plan to review';
}

/**
 * Replaces an active case of the sample in use, keeping it (with the reason) and linking the new
 * one to it: the child the inspector names, or the next in the sample's random order from the
 * same stratum. Allowed after the sample has been shared.
 */
export async function replaceCase(db: Kysely<Database>, inspectionId: string, caseId: string, request: ReplaceRequest, actor: Actor, context: Context = {}): Promise<ReplacedCase> {
  const reason = request.reason.trim();
  if (reason === '') throw new SampleInputError('reason', 'Enter the reason for replacing this case');
  if (reason.length > REASON_MAX_LENGTH) throw new SampleInputError('reason', `The reason must be ${REASON_MAX_LENGTH} characters or fewer`);
  const named = request.personId?.trim() || undefined;
  return db.transaction().execute(async (trx) => {
    const laCode = await laCodeOf(trx, inspectionId);
    const sample = await selectCurrentSample(trx, inspectionId);
    const old = await selectSampledCase(trx, inspectionId, caseId);
    if (!sample || !old || old.sample_id !== sample.id) throw new SampledCaseNotFoundError();
    if (old.replaced_at) throw new SampleRefusedError(`This case was replaced on ${formatDate(old.replaced_at)}: replace the case that took its place instead`);
    const cases = await selectSampledCases(trx, sample.id);
    const population = await selectSamplingPopulation(trx, sample.import_id);
    const find = (personId: string) => {
      const i = population.personIds.indexOf(personId);
      return i < 0 ? undefined : unitAt(population, i);
    };
    const inSample = cases.map((c) => ({ personId: c.person_id, purpose: c.purpose, active: c.replaced_at === null }));
    let chosen: { unit: SamplingUnit; stratum: Stratum };
    if (named) {
      const unit = find(named);
      if (!unit) throw new SampleInputError('personId', `There is no child or young person with the id ${named} in the data the sample was drawn from`);
      const already = cases.find((c) => c.person_id === named);
      if (already) throw new SampleInputError('personId', `${named} is already in the sample, as ${PURPOSE_NAMES[already.purpose]}${already.replaced_at ? ' (since replaced)' : ''}: name someone else`);
      if (old.purpose === 'review' && unit.senStatus !== 'EHCP') throw new SampleInputError('personId', `${named} does not have an EHC plan, so cannot be a plan to review: name a child or young person with a plan`);
      if (!unit.inAlternativeProvision && mustStayInAlternativeProvision(population, inSample, { personId: old.person_id, purpose: old.purpose })) {
        throw new SampleInputError('personId', `${old.person_id} is the only tracked child in alternative provision: name another child in alternative provision, or leave the id blank to choose one automatically`);
      }
      chosen = { unit, stratum: stratumOf(unit, 'named') };
    } else {
      const own = find(old.person_id);
      const stratum = own ? stratumOf(own, 'replacement') : (old.stratum as Stratum);
      const found = replacementFor(population, inSample, { personId: old.person_id, purpose: old.purpose, stratum }, sample.seed);
      if (!found) throw new SampleRefusedError(`There is nobody left in the data who could replace this ${describeCase(old.purpose)}`);
      chosen = found;
    }
    await markCaseReplaced(trx, old.id, { at: new Date(), by: actor.id, reason });
    const [created] = await insertSampledCases(trx, [
      {
        sample_id: sample.id,
        inspection_id: inspectionId,
        person_id: chosen.unit.personId,
        purpose: old.purpose,
        position: old.position,
        stratum: JSON.stringify(chosen.stratum),
        origin: 'replacement',
        replacement_for: old.id,
      },
    ]);
    await recordAudit(trx, {
      actor,
      action: 'cases.sample-case-replaced',
      inspectionId,
      laCode,
      subjectType: 'sampled_case',
      subjectId: old.id,
      details: { sampleId: sample.id, purpose: old.purpose, replacedPersonId: old.person_id, newCaseId: created!.id, newPersonId: chosen.unit.personId, method: named ? 'named' : 'automatic', basis: chosen.stratum.basis },
      requestId: context.requestId,
    });
    return { caseId: created!.id, personId: chosen.unit.personId, basis: chosen.stratum.basis };
  });
}

// ---- Sharing with the area --------------------------------------------------------------------

export type SharedSample = { sharedAt: Date; documentsDue: string; cases: number };

/** What sharing now would do: how many ids the area would see and when their documents would be due. */
export async function sharePreview(db: Kysely<Database>, inspectionId: string, now: Date = new Date()): Promise<{ cases: number; documentsDue: string; sharedAt: Date | null } | undefined> {
  const sample = await selectCurrentSample(db, inspectionId);
  if (!sample) return undefined;
  const cases = (await selectSampledCases(db, sample.id)).filter((c) => c.replaced_at === null).length;
  return { cases, documentsDue: sample.documents_due ?? addWorkingDays(todayInEngland(now), DOCUMENTS_DUE_WORKING_DAYS), sharedAt: sample.shared_at };
}

/** Shows the chosen ids to the area and asks for their documents within 2 working days. After this the sample cannot be redrawn. */
export async function shareWithArea(db: Kysely<Database>, inspectionId: string, actor: Actor, now: Date = new Date(), context: Context = {}): Promise<SharedSample> {
  return db.transaction().execute(async (trx) => {
    const laCode = await laCodeOf(trx, inspectionId);
    const sample = await selectCurrentSample(trx, inspectionId);
    if (!sample) throw new SampleRefusedError('There is no sample to share yet: draw it first');
    if (sample.shared_at) throw new SampleRefusedError(`The sample was shared with the local area on ${formatDate(sample.shared_at)}`);
    const active = (await selectSampledCases(trx, sample.id)).filter((c) => c.replaced_at === null).length;
    if (active === 0) throw new SampleRefusedError('The sample has no cases to share');
    const documentsDue = addWorkingDays(todayInEngland(now), DOCUMENTS_DUE_WORKING_DAYS);
    await markSampleShared(trx, sample.id, now, documentsDue);
    await recordAudit(trx, {
      actor,
      action: 'cases.sample-shared',
      inspectionId,
      laCode,
      subjectType: 'case_sample',
      subjectId: sample.id,
      details: { documentsDue, cases: active },
      requestId: context.requestId,
    });
    return { sharedAt: now, documentsDue, cases: active };
  });
}

// ---- The sampling report ----------------------------------------------------------------------

export type ReportRow = { category: string; label: string; population: number; populationShare: number; sample: number; sampleShare: number; target: number };
export type ReportDimension = { dimension: SamplingDimension; label: string; rows: ReportRow[] };
export type ReportPart = {
  purpose: CasePurpose;
  population: number;
  sample: number;
  dimensions: ReportDimension[];
  inAlternativeProvision: { population: number; sample: number };
};
export type SamplingReport = { sample: Omit<CurrentSample, 'cases'>; tracked: ReportPart; review: ReportPart };

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function reportPart(purpose: CasePurpose, population: PopulationTally, chosen: readonly SamplingUnit[], requested: number): ReportPart {
  const targets = samplingTargets(population.counts, Math.min(requested, population.total), DEFAULT_MINIMUM_PER_STRATUM);
  const counts = countCategories(chosen);
  return {
    purpose,
    population: population.total,
    sample: chosen.length,
    dimensions: SAMPLING_DIMENSIONS.map((dimension) => ({
      dimension,
      label: DIMENSION_LABELS[dimension],
      rows: DIMENSION_CATEGORIES[dimension]
        .filter((category) => population.counts[dimension][category]! > 0 || counts[dimension][category]! > 0)
        .map((category) => ({
          category,
          label: categoryLabel(dimension, category),
          population: population.counts[dimension][category]!,
          populationShare: share(population.counts[dimension][category]!, population.total),
          sample: counts[dimension][category]!,
          sampleShare: share(counts[dimension][category]!, chosen.length),
          target: targets[dimension][category]!,
        })),
    })),
    inAlternativeProvision: { population: population.inAlternativeProvision, sample: chosen.filter((u) => u.inAlternativeProvision).length },
  };
}

/**
 * For each dimension and category: the population and its share, the sample now (replacements
 * included) and its share, and the target the draw aimed for, for tracked children (drawn from
 * everyone) and for plans to review (drawn from plans not among the tracked children drawn).
 * Undefined before the first draw.
 */
export async function samplingReport(db: Kysely<Database>, inspectionId: string): Promise<SamplingReport | undefined> {
  const row = await selectCurrentSample(db, inspectionId);
  if (!row) return undefined;
  const { cases, ...sample } = await sampleWithCases(db, row);
  const population = await selectSamplingPopulation(db, row.import_id);
  const trackedDrawn = new Set(cases.filter((c) => c.purpose === 'tracked' && c.origin === 'drawn').map((c) => c.personId));
  const unitsOf = (purpose: CasePurpose) => cases.filter((c) => c.purpose === purpose && c.active && c.person).map((c) => samplingUnit(c.person!));
  return {
    sample,
    tracked: reportPart('tracked', tallyPopulation(population), unitsOf('tracked'), row.tracked_requested),
    review: reportPart('review', tallyPopulation(population, { plansOnly: true, excluding: trackedDrawn }), unitsOf('review'), row.review_requested),
  };
}
