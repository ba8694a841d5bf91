// Use cases for frameworks: store the shipped definitions as revisions, and read the one an
// inspection was created under (never a newer one) or the one in force now.
import { sql, type Kysely } from 'kysely';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { FRAMEWORK_CODES, frameworkContentHash, type FrameworkCode, type FrameworkDefinition, type FrameworkRevision } from './framework.ts';
import { loadFrameworkDefinitions } from './framework-files.ts';
import {
  findLatestRevision,
  findRevisionById,
  findRevisionByNumber,
  insertRevision,
  listRevisionSummaries,
  type RevisionSummary,
} from './framework.repository.ts';
import type { FrameworkRevisionRow } from './framework-revision.table.ts';

// Any fixed number: app instances starting together take turns to sync.
const FRAMEWORK_SYNC_LOCK_KEY = 7_240_512_031;

export type FrameworkSyncResult = { code: FrameworkCode; revision: number; created: boolean }[];

function toRevision(row: FrameworkRevisionRow): FrameworkRevision {
  return {
    id: row.id,
    code: row.framework_code as FrameworkCode,
    revision: row.revision,
    // Stored definitions were validated before they were written, and are never changed.
    definition: row.definition as FrameworkDefinition,
  };
}

/**
 * Stores each shipped definition whose content differs from the framework's newest revision as
 * the next revision; an unchanged file writes nothing. Inspections keep the revision they were
 * created under, so a new revision never changes an inspection already running.
 */
export async function syncFrameworks(db: Kysely<Database>, definitions: FrameworkDefinition[] = loadFrameworkDefinitions()): Promise<FrameworkSyncResult> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${FRAMEWORK_SYNC_LOCK_KEY})`.execute(trx);
    const result: FrameworkSyncResult = [];
    for (const definition of definitions) {
      const contentHash = frameworkContentHash(definition);
      const latest = await findLatestRevision(trx, definition.code);
      if (latest?.content_hash === contentHash) {
        result.push({ code: definition.code, revision: latest.revision, created: false });
        continue;
      }
      const revision = (latest?.revision ?? 0) + 1;
      const row = await insertRevision(trx, { code: definition.code, revision, contentHash, definition });
      await recordAudit(trx, {
        actor: null,
        action: 'framework.revision-created',
        subjectType: 'framework_revision',
        subjectId: row.id,
        details: { framework: definition.code, revision, contentHash },
      });
      result.push({ code: definition.code, revision, created: true });
    }
    return result;
  });
}

/** The revision in force now: the newest one stored for the framework. */
export async function currentFrameworkRevision(db: Kysely<Database>, code: FrameworkCode): Promise<FrameworkRevision | undefined> {
  const row = await findLatestRevision(db, code);
  return row ? toRevision(row) : undefined;
}

export async function frameworkRevisionById(db: Kysely<Database>, id: string): Promise<FrameworkRevision | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const row = await findRevisionById(db, id);
  return row ? toRevision(row) : undefined;
}

export async function frameworkRevisionByNumber(db: Kysely<Database>, code: FrameworkCode, revision: number): Promise<FrameworkRevision | undefined> {
  if (!Number.isInteger(revision) || revision < 1) return undefined;
  const row = await findRevisionByNumber(db, code, revision);
  return row ? toRevision(row) : undefined;
}

/** The revision in force for each framework that has been loaded, oldest framework first. */
export async function listCurrentFrameworks(db: Kysely<Database>): Promise<FrameworkRevision[]> {
  const revisions: FrameworkRevision[] = [];
  for (const code of FRAMEWORK_CODES) {
    const current = await currentFrameworkRevision(db, code);
    if (current) revisions.push(current);
  }
  return revisions;
}

export async function listFrameworkRevisions(db: Kysely<Database>, code: FrameworkCode): Promise<RevisionSummary[]> {
  return listRevisionSummaries(db, code);
}
