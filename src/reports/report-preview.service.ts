// The draft as the report reads: the document composed from a version's narrative (or the latest
// one's) with the inspection's findings, outcome and figures as they stand now.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { composeReport } from './compose.ts';
import { getVersion, latestNarrative } from './report-draft.service.ts';
import type { ReportDocument } from './report-document.ts';
import { gatherReportInputs } from './report-inputs.service.ts';

type Tx = Kysely<Database>;

/** The report composed from one version's narrative; undefined when there is no such version. */
export async function composedVersion(db: Tx, inspectionId: string, version: number): Promise<ReportDocument | undefined> {
  const found = await getVersion(db, inspectionId, version);
  if (!found) return undefined;
  return composeReport(await gatherReportInputs(db, inspectionId, found.sections));
}

/** The report composed from the latest draft (version 0, an empty narrative, before the first save). */
export async function composedLatest(db: Tx, inspectionId: string): Promise<{ version: number; document: ReportDocument }> {
  const latest = await latestNarrative(db, inspectionId);
  const document = composeReport(await gatherReportInputs(db, inspectionId, latest?.sections ?? {}));
  return { version: latest?.version ?? 0, document };
}
