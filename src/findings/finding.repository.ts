// SQL for findings, their citations and the outcome: the inspection locked while findings change,
// findings in order with their citations, positions within a kind, and the outcome. Executor-first.
import { sql, type Kysely } from 'kysely';
import type { InspectionStatus } from '../inspections/inspection.table.ts';
import type { Database } from '../platform/db/schema.ts';
import type { CitationKind, CitationSource, FindingCitationRow, FindingRow, InspectionOutcomeRow } from './finding.table.ts';

type Tx = Kysely<Database>;

export type FindingInspectionFacts = { id: string; la_code: string; status: InspectionStatus; framework_revision_id: string; inspection_type: string };

const FACTS = ['id', 'la_code', 'status', 'framework_revision_id', 'inspection_type'] as const;

export async function selectInspectionFacts(db: Tx, inspectionId: string): Promise<FindingInspectionFacts | undefined> {
  return db.selectFrom('inspection').select(FACTS).where('id', '=', inspectionId).executeTakeFirst();
}

/**
 * The inspection row, locked until the transaction ends: changes to its findings and outcome take
 * turns, so positions stay in order and an outcome never meets a finding it does not allow.
 */
export async function lockInspection(db: Tx, inspectionId: string): Promise<FindingInspectionFacts | undefined> {
  return db.selectFrom('inspection').select(FACTS).where('id', '=', inspectionId).forUpdate().executeTakeFirst();
}

export async function selectFindings(db: Tx, inspectionId: string): Promise<FindingRow[]> {
  return db.selectFrom('finding').selectAll().where('inspection_id', '=', inspectionId).orderBy('kind').orderBy('position').orderBy('created_at').orderBy('id').execute();
}

export async function selectFinding(db: Tx, inspectionId: string, findingId: string): Promise<FindingRow | undefined> {
  return db.selectFrom('finding').selectAll().where('id', '=', findingId).where('inspection_id', '=', inspectionId).executeTakeFirst();
}

export async function selectCitations(db: Tx, findingIds: readonly string[]): Promise<FindingCitationRow[]> {
  if (findingIds.length === 0) return [];
  return db.selectFrom('finding_citation').selectAll().where('finding_id', 'in', [...findingIds]).orderBy('created_at').orderBy('kind').orderBy('ref_id').execute();
}

/** The position after the last finding of this kind. */
export async function nextPosition(db: Tx, inspectionId: string, kind: string): Promise<number> {
  const row = await db
    .selectFrom('finding')
    .select(sql<number>`coalesce(max(position), 0)::int`.as('last'))
    .where('inspection_id', '=', inspectionId)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return row.last + 1;
}

export type FindingValues = { kind: string; criteria: string[]; body: string; responsible_body: string | null; responsible_partners: string };

export async function insertFinding(
  db: Tx,
  values: FindingValues & { inspection_id: string; position: number; origin: 'recorded' | 'imported'; created_by: string | null; created_by_label: string },
): Promise<{ id: string }> {
  return db.insertInto('finding').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Writes a finding's content and raises its revision. */
export async function updateFindingRow(db: Tx, findingId: string, values: FindingValues & { position: number }, now: Date): Promise<{ revision: number }> {
  return db
    .updateTable('finding')
    .set({ ...values, revision: sql<number>`revision + 1`, updated_at: now })
    .where('id', '=', findingId)
    .returning('revision')
    .executeTakeFirstOrThrow();
}

export async function setPosition(db: Tx, findingId: string, position: number): Promise<void> {
  await db.updateTable('finding').set({ position }).where('id', '=', findingId).execute();
}

/** Closes the gap a finding leaves when it is removed or moved to another kind. */
export async function closeGap(db: Tx, inspectionId: string, kind: string, position: number): Promise<void> {
  await db
    .updateTable('finding')
    .set({ position: sql<number>`position - 1` })
    .where('inspection_id', '=', inspectionId)
    .where('kind', '=', kind)
    .where('position', '>', position)
    .execute();
}

/**
 * The finding just before (up) or after (down) this position within its kind; with `criterion`,
 * among the findings about it only (a 2016 aspect's list).
 */
export async function selectNeighbour(
  db: Tx,
  inspectionId: string,
  kind: string,
  position: number,
  direction: 'up' | 'down',
  criterion?: string,
): Promise<{ id: string; position: number } | undefined> {
  let query = db
    .selectFrom('finding')
    .select(['id', 'position'])
    .where('inspection_id', '=', inspectionId)
    .where('kind', '=', kind)
    .where('position', direction === 'up' ? '<' : '>', position);
  if (criterion) query = query.where(sql<boolean>`criteria @> array[${criterion}]::text[]`);
  return query
    .orderBy('position', direction === 'up' ? 'desc' : 'asc')
    .limit(1)
    .executeTakeFirst();
}

export async function deleteFinding(db: Tx, findingId: string): Promise<void> {
  await db.deleteFrom('finding').where('id', '=', findingId).execute();
}

export type CitationValues = { kind: CitationKind; ref_id: string; source: CitationSource; label: string };

/** Replaces a finding's citations: those kept keep when they were first cited. */
export async function replaceCitations(db: Tx, findingId: string, citations: readonly CitationValues[]): Promise<void> {
  const existing = await db.selectFrom('finding_citation').select(['kind', 'ref_id']).where('finding_id', '=', findingId).execute();
  const wanted = new Set(citations.map((c) => `${c.kind}:${c.ref_id}`));
  const had = new Set(existing.map((c) => `${c.kind}:${c.ref_id}`));
  for (const gone of existing.filter((c) => !wanted.has(`${c.kind}:${c.ref_id}`))) {
    await db.deleteFrom('finding_citation').where('finding_id', '=', findingId).where('kind', '=', gone.kind).where('ref_id', '=', gone.ref_id).execute();
  }
  const added = citations.filter((c) => !had.has(`${c.kind}:${c.ref_id}`));
  if (added.length) await db.insertInto('finding_citation').values(added.map((c) => ({ finding_id: findingId, ...c }))).execute();
}

export async function countFindingsByKind(db: Tx, inspectionId: string): Promise<{ kind: string; count: number }[]> {
  return db.selectFrom('finding').select(['kind', sql<number>`count(*)::int`.as('count')]).where('inspection_id', '=', inspectionId).groupBy('kind').orderBy('kind').execute();
}

export type OutcomeViewRow = InspectionOutcomeRow & { decided_by_name: string | null };

export async function selectOutcome(db: Tx, inspectionId: string): Promise<OutcomeViewRow | undefined> {
  return db
    .selectFrom('inspection_outcome as o')
    .leftJoin('app_user as u', 'u.id', 'o.decided_by')
    .selectAll('o')
    .select('u.display_name as decided_by_name')
    .where('o.inspection_id', '=', inspectionId)
    .executeTakeFirst();
}

export type OutcomeValues = { outcome: string; rationale: string; decided_by: string | null; decided_by_label: string; decided_at: Date };

/** Records the outcome, or replaces the one recorded and raises its revision. */
export async function upsertOutcome(db: Tx, inspectionId: string, values: OutcomeValues): Promise<{ revision: number }> {
  return db
    .insertInto('inspection_outcome')
    .values({ inspection_id: inspectionId, ...values })
    .onConflict((oc) => oc.column('inspection_id').doUpdateSet({ ...values, revision: sql<number>`inspection_outcome.revision + 1` }))
    .returning('revision')
    .executeTakeFirstOrThrow();
}
