// The cases page's overview: where the person-level data, the sample, tracking and reviews stand.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { selectHubCounts, type HubCounts } from './case-hub.repository.ts';

export type CasesOverview = HubCounts;

export async function casesOverview(db: Kysely<Database>, inspectionId: string): Promise<CasesOverview> {
  return selectHubCounts(db, inspectionId);
}
