// Test fixtures for findings: an inspection of either framework with its team, and findings (with
// their citations) and the outcome written straight to the tables, so tests need not go through the service.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createCasesFixture, type CasesFixture } from '../cases/case-test-support.ts';
import type { Db } from '../platform/db/database.ts';
import type { Database } from '../platform/db/schema.ts';
import type { CitationKind, CitationSource, FindingOrigin } from './finding.table.ts';

type AnyDb = Db | Kysely<Database>;

function kyselyOf(db: AnyDb): Kysely<Database> {
  return typeof (db as Kysely<Database>).selectFrom === 'function' ? (db as Kysely<Database>) : (db as Db).kysely;
}


export type FindingsFixtureOptions = { framework?: '2016' | '2023'; inspectionType?: string; laCode?: string };

/**
 * A notified inspection (2023 full by default; 2016 full when asked) with both leads, an inspector,
 * a QA reader and the area's nominated officer: the same shape as the cases fixture.
 */
export async function createFindingsFixture(db: Db, options: FindingsFixtureOptions = {}): Promise<CasesFixture> {
  return createCasesFixture(db, options.laCode ?? '352', { framework: options.framework, inspectionType: options.inspectionType });
}

export type FixtureCitation = { kind: CitationKind; refId: string; source: CitationSource; label?: string };

export type FixtureFinding = {
  kind?: string;
  criteria?: string[];
  body?: string;
  responsibleBody?: string | null;
  partners?: string;
  /** Defaults to last of its kind. */
  position?: number;
  origin?: FindingOrigin;
  citations?: FixtureCitation[];
};

/** Inserts a finding (effective practice on I1 citing one made-up fieldwork note unless told otherwise) with its citations. */
export async function addFixtureFinding(db: AnyDb, inspectionId: string, overrides: FixtureFinding = {}): Promise<{ id: string }> {
  const k = kyselyOf(db);
  const kind = overrides.kind ?? 'effective';
  const last = await k.selectFrom('finding').select((eb) => eb.fn.max('position').as('p')).where('inspection_id', '=', inspectionId).where('kind', '=', kind).executeTakeFirst();
  const origin = overrides.origin ?? 'recorded';
  const row = await k
    .insertInto('finding')
    .values({
      inspection_id: inspectionId,
      kind,
      criteria: overrides.criteria ?? ['I1'],
      body: overrides.body ?? 'Leaders know the waiting times for therapy well.',
      responsible_body: overrides.responsibleBody ?? null,
      responsible_partners: overrides.partners ?? '',
      position: overrides.position ?? Number(last?.p ?? 0) + 1,
      origin,
      created_by: null,
      created_by_label: 'fixture',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const citations = overrides.citations ?? (origin === 'recorded' ? [{ kind: 'note' as const, refId: randomUUID(), source: 'fieldwork' as const }] : []);
  if (citations.length) {
    await k
      .insertInto('finding_citation')
      .values(citations.map((c) => ({ finding_id: row.id, kind: c.kind, ref_id: c.refId, source: c.source, label: c.label ?? `Cited ${c.kind}` })))
      .execute();
  }
  return { id: row.id };
}

/** Records an outcome straight in the table. */
export async function setFixtureOutcome(db: AnyDb, inspectionId: string, outcome: string, rationale = ''): Promise<void> {
  await kyselyOf(db)
    .insertInto('inspection_outcome')
    .values({ inspection_id: inspectionId, outcome, rationale, decided_by: null, decided_by_label: 'fixture' })
    .onConflict((oc) => oc.column('inspection_id').doUpdateSet({ outcome, rationale }))
    .execute();
}
