// SQL for stored framework revisions. A revision is written once and never changed.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { FrameworkCode, FrameworkDefinition } from './framework.ts';
import type { FrameworkRevisionRow } from './framework-revision.table.ts';

export async function findLatestRevision(db: Kysely<Database>, code: FrameworkCode): Promise<FrameworkRevisionRow | undefined> {
  return db
    .selectFrom('framework_revision')
    .selectAll()
    .where('framework_code', '=', code)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function findRevisionById(db: Kysely<Database>, id: string): Promise<FrameworkRevisionRow | undefined> {
  return db.selectFrom('framework_revision').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRevisionByNumber(db: Kysely<Database>, code: FrameworkCode, revision: number): Promise<FrameworkRevisionRow | undefined> {
  return db
    .selectFrom('framework_revision')
    .selectAll()
    .where('framework_code', '=', code)
    .where('revision', '=', revision)
    .executeTakeFirst();
}

export type RevisionSummary = Pick<FrameworkRevisionRow, 'id' | 'framework_code' | 'revision' | 'content_hash' | 'loaded_at'>;

export async function listRevisionSummaries(db: Kysely<Database>, code: FrameworkCode): Promise<RevisionSummary[]> {
  return db
    .selectFrom('framework_revision')
    .select(['id', 'framework_code', 'revision', 'content_hash', 'loaded_at'])
    .where('framework_code', '=', code)
    .orderBy('revision', 'desc')
    .execute();
}

export async function insertRevision(
  db: Kysely<Database>,
  values: { code: FrameworkCode; revision: number; contentHash: string; definition: FrameworkDefinition },
): Promise<FrameworkRevisionRow> {
  return db
    .insertInto('framework_revision')
    .values({
      framework_code: values.code,
      revision: values.revision,
      content_hash: values.contentHash,
      definition: JSON.stringify(values.definition),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
