// Use cases for the metrics: work them out from the inspection's current import, and let the team
// see them with each view on record (the figures come from special-category person-level data).
import type { Kysely } from 'kysely';
import type { Actor, Context } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { buildCaseMetrics, metricsWindow, type CaseMetrics } from './case-metrics.ts';
import { countPlans, tallyPeople } from './case-metrics.repository.ts';
import { selectCurrentImport } from './person.repository.ts';

type Tx = Kysely<Database>;

export type MetricsImport = { id: string; fileName: string; dataDate: string; rowCount: number; acceptedAt: Date | null };

export type CaseMetricsResult = { import: MetricsImport; metrics: CaseMetrics };

/** The metrics of the inspection's current accepted import, or null when it has none. Not audited: see viewCaseMetrics. */
export async function metricsFor(db: Tx, inspectionId: string): Promise<CaseMetricsResult | null> {
  const current = await selectCurrentImport(db, inspectionId);
  if (!current) return null;
  const window = metricsWindow(current.data_date);
  const [plans, tallies] = await Promise.all([countPlans(db, current.id, window), tallyPeople(db, current.id)]);
  return {
    import: { id: current.id, fileName: current.file_name, dataDate: current.data_date, rowCount: current.row_count, acceptedAt: current.finished_at },
    metrics: buildCaseMetrics(window, plans, tallies),
  };
}

export type MetricsInspection = { id: string; laCode: string };

/**
 * The metrics for a page or the CLI, with the view put on record whether or not there are data:
 * `details` says where it was seen (page or CLI) so the log shows who saw what.
 */
export async function viewCaseMetrics(db: Tx, inspection: MetricsInspection, actor: Actor, details: Record<string, unknown>, context: Context = {}): Promise<CaseMetricsResult | null> {
  const result = await metricsFor(db, inspection.id);
  await recordAudit(db, {
    actor,
    action: 'cases.view-metrics',
    inspectionId: inspection.id,
    laCode: inspection.laCode,
    subjectType: result ? 'case_import' : 'inspection',
    subjectId: result?.import.id ?? inspection.id,
    details: { ...details, importId: result?.import.id ?? null, people: result?.metrics.people ?? 0 },
    requestId: context.requestId,
  });
  return result;
}
