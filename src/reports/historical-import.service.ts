// Imports inspections done before the service existed from the documented JSON file: every
// inspection checked first, then each written with its outcome, findings and published report,
// all in one transaction, so a file with any problem writes nothing.
import type { Kysely } from 'kysely';
import { listAreas } from '../areas/area.service.ts';
import type { LocalAreaRow } from '../areas/local-area.table.ts';
import { FRAMEWORK_CODES, findOutcome, inspectionType, type FrameworkCode, type FrameworkRevision } from '../frameworks/framework.ts';
import { currentFrameworkRevision } from '../frameworks/framework.service.ts';
import { HistoricalFindingsError, importHistoricalFindings } from '../findings/finding.service.ts';
import { createHistoricalInspection, listAllInspections, type Actor, type InspectionSummary } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { todayInEngland } from '../platform/working-days.ts';
import { composeReport, documentHash } from './compose.ts';
import {
  checkHistoricalFile,
  issueLine,
  narrativeOf,
  notificationDateOf,
  parseHistoricalFile,
  publishedAtOf,
  teamOf,
  type HistoricalInspection,
  type ImportContext,
  type ImportIssue,
} from './historical-import.ts';
import { insertImportedPublication, insertImportedReport, lockHistoricalImports } from './historical-import.repository.ts';

/** The file could not be imported; nothing was written. `issues` says what and where. */
export class HistoricalImportError extends Error {
  readonly issues: ImportIssue[];
  constructor(issues: ImportIssue[]) {
    super(`The file was not imported, and nothing was written:\n${issues.map((i) => `  ${issueLine(i)}`).join('\n')}`);
    this.issues = issues;
  }
}

export type ImportedInspection = { reference: string; areaName: string; outcome: string; findings: number; publishedAt: Date };
export type HistoricalImportResult = { dryRun: boolean; inspections: ImportedInspection[] };

export type HistoricalImportOptions = {
  actor: Actor;
  /** Check and write everything, then roll it all back. */
  dryRun?: boolean;
  /** One line per inspection as it is written. */
  onProgress?: (line: string) => void;
  /** The day in England (today unless told): no report can have been published later. */
  today?: string;
};

/** Thrown to undo a dry run once everything has been written and checked. */
class DryRunFinished extends Error {
  readonly result: ImportedInspection[];
  constructor(result: ImportedInspection[]) {
    super('dry run');
    this.result = result;
  }
}

type Loaded = { context: ImportContext; revisions: Map<FrameworkCode, FrameworkRevision>; areas: Map<string, LocalAreaRow>; existing: InspectionSummary[] };

const PUBLISHED_STATUSES = new Set(['published', 'follow_up', 'closed']);

async function loadContext(trx: Kysely<Database>, today: string): Promise<Loaded> {
  const [areaRows, existing, ...revisionList] = await Promise.all([listAreas(trx), listAllInspections(trx), ...FRAMEWORK_CODES.map((code) => currentFrameworkRevision(trx, code))]);
  const revisions = new Map<FrameworkCode, FrameworkRevision>();
  for (const revision of revisionList) if (revision) revisions.set(revision.code, revision);
  const areas = new Map(areaRows.map((a) => [a.la_code, a]));
  return {
    revisions,
    areas,
    existing,
    context: {
      frameworks: new Map([...revisions].map(([code, r]) => [code, r.definition])),
      areas,
      existingReferences: new Set(existing.map((i) => i.reference.toUpperCase())),
      existingVisits: new Map(existing.map((i) => [`${i.la_code} ${i.onsite_start_date}`, i.reference])),
      today,
    },
  };
}

/** The area's last published inspection before this one, from those held and those in the file. */
function previousInspectionOf(inspection: HistoricalInspection, file: readonly HistoricalInspection[], existing: readonly InspectionSummary[]): { start: string; end: string } | null {
  const candidates = [
    ...existing.filter((i) => i.la_code === inspection.laCode && PUBLISHED_STATUSES.has(i.status)).map((i) => ({ start: i.onsite_start_date, end: i.onsite_end_date })),
    ...file.filter((i) => i.laCode === inspection.laCode).map((i) => ({ start: i.onsiteStart, end: i.onsiteEnd })),
  ].filter((c) => c.start < inspection.onsiteStart);
  return candidates.reduce<{ start: string; end: string } | null>((latest, c) => (latest === null || c.start > latest.start ? c : latest), null);
}

async function writeInspection(trx: Kysely<Database>, inspection: HistoricalInspection, file: readonly HistoricalInspection[], loaded: Loaded, actor: Actor): Promise<ImportedInspection> {
  const revision = loaded.revisions.get(inspection.framework)!;
  const area = loaded.areas.get(inspection.laCode)!;
  const definition = revision.definition;
  const row = await createHistoricalInspection(
    trx,
    {
      reference: inspection.reference,
      laCode: inspection.laCode,
      frameworkCode: inspection.framework,
      inspectionType: inspection.inspectionType,
      notificationDate: notificationDateOf(inspection, definition),
      onsiteStartDate: inspection.onsiteStart,
      onsiteEndDate: inspection.onsiteEnd,
    },
    actor,
  );
  const findings = inspection.findings.map((f) => ({ kind: f.kind, criteria: f.criteria, body: f.text, responsibleBody: f.responsibleBody, partners: f.partners }));
  await importHistoricalFindings(trx, row.id, findings, inspection.outcome, actor);
  const previous = previousInspectionOf(inspection, file, loaded.existing);
  const document = composeReport({
    details: { inspection: row, area, framework: revision, team: teamOf(inspection) },
    findings,
    outcome: { code: inspection.outcome },
    narrative: narrativeOf(inspection),
    counts: { surveyResponses: null, familiesSpokenTo: null, staffSpokenTo: null, settingsVisited: null, plansReviewed: null },
    previousInspection: previous?.start ?? null,
    previousInspectionEnd: previous?.end ?? null,
  });
  const publishedAt = publishedAtOf(inspection.publishedOn);
  await insertImportedReport(trx, row.id);
  const publicationId = await insertImportedPublication(trx, { inspectionId: row.id, document, documentHash: documentHash(document), publishedAt, actor });
  await recordAudit(trx, {
    actor,
    action: 'inspection.import',
    inspectionId: row.id,
    laCode: row.la_code,
    subjectType: 'inspection',
    subjectId: row.id,
    details: {
      reference: row.reference,
      framework: revision.code,
      frameworkRevision: revision.revision,
      inspectionType: row.inspection_type,
      onsiteStartDate: row.onsite_start_date,
      onsiteEndDate: row.onsite_end_date,
      outcome: inspection.outcome,
      findings: findings.length,
      publicationId,
      publishedAt: publishedAt.toISOString(),
    },
  });
  const outcome = findOutcome(definition, inspection.outcome);
  const type = inspectionType(definition, inspection.inspectionType);
  return { reference: row.reference, areaName: area.name, outcome: `${type?.name ?? inspection.inspectionType}: ${outcome?.label ?? inspection.outcome}`, findings: findings.length, publishedAt };
}

function findingsProblems(error: HistoricalFindingsError, index: number): ImportIssue[] {
  return error.problems.map((p) => ({ path: p.finding === undefined ? `inspections[${index}]` : `inspections[${index}].findings[${p.finding - 1}]`, message: p.message }));
}

function progressLine(n: number, total: number, done: ImportedInspection): string {
  return `${n}/${total} ${done.reference} ${done.areaName}: ${done.outcome}, ${done.findings} finding${done.findings === 1 ? '' : 's'}, published ${done.publishedAt.toISOString()}`;
}

/**
 * Imports the file's inspections, or none of them. Each becomes a published, historical
 * inspection with its outcome and findings (imported, so citing no evidence) and its report,
 * composed from them as any report is, published at PUBLISHED_TIME_OF_DAY on its day. Throws
 * HistoricalImportError listing every problem when any inspection cannot be imported.
 */
export async function importHistoricalInspections(db: Kysely<Database>, json: string, options: HistoricalImportOptions): Promise<HistoricalImportResult> {
  const shape = parseHistoricalFile(json);
  if (!shape.ok) throw new HistoricalImportError(shape.issues);
  const { inspections } = shape.file;
  const today = options.today ?? todayInEngland();
  try {
    const done = await db.transaction().execute(async (trx) => {
      await lockHistoricalImports(trx);
      const loaded = await loadContext(trx, today);
      const issues = checkHistoricalFile(shape.file, loaded.context);
      if (issues.length) throw new HistoricalImportError(issues);
      const written: ImportedInspection[] = [];
      for (const [index, inspection] of inspections.entries()) {
        try {
          written.push(await writeInspection(trx, inspection, inspections, loaded, options.actor));
        } catch (error) {
          // The checks above mirror the findings service's rules; should it still refuse, say where.
          if (error instanceof HistoricalFindingsError) throw new HistoricalImportError(findingsProblems(error, index));
          throw error;
        }
        options.onProgress?.(progressLine(index + 1, inspections.length, written.at(-1)!));
      }
      if (options.dryRun) throw new DryRunFinished(written);
      return written;
    });
    return { dryRun: false, inspections: done };
  } catch (error) {
    if (error instanceof DryRunFinished) return { dryRun: true, inspections: error.result };
    throw error;
  }
}
