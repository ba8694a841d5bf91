// SQL for imports of person-level data: the import record through its states, writing its rows
// (COPY on PostgreSQL, multi-row inserts on PGlite) and the history: executor-first functions.
import { once } from 'node:events';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../platform/db/database.ts';
import type { Database } from '../platform/db/schema.ts';
import type { PersonRecord } from './case.ts';
import type { CaseImportRow, NewCaseImportRow, StoredProblem } from './case.table.ts';
import { attachPersonTable, createPersonTable, dropOrphanPersonTables, dropPersonTables, toPersonRow } from './person.repository.ts';

type Tx = Kysely<Database>;

export async function selectInspectionArea(db: Tx, inspectionId: string): Promise<{ la_code: string; reference: string } | undefined> {
  return db.selectFrom('inspection').select(['la_code', 'reference']).where('id', '=', inspectionId).executeTakeFirst();
}

/** Holds the inspection's row until the transaction ends, so that two imports finishing together take turns. */
export async function lockInspection(db: Tx, inspectionId: string): Promise<boolean> {
  const row = await db.selectFrom('inspection').select('id').where('id', '=', inspectionId).forUpdate().executeTakeFirst();
  return row !== undefined;
}

export async function insertImport(db: Tx, row: NewCaseImportRow): Promise<string> {
  const created = await db.insertInto('case_import').values(row).returning('id').executeTakeFirstOrThrow();
  return created.id;
}

export type ImportOutcomeUpdate = {
  file_format: 'csv' | 'xlsx';
  file_sha256: string | null;
  row_count: number;
  problem_count: number;
  problems: StoredProblem[];
  file_problem: string | null;
  finished_at: Date;
};

/** Marks a loading import rejected and drops the table of any rows it wrote. */
export async function rejectImport(db: Tx, importId: string, outcome: ImportOutcomeUpdate): Promise<void> {
  await dropPersonTables(db, [importId]);
  await db
    .updateTable('case_import')
    .set({ ...outcome, status: 'rejected', problems: JSON.stringify(outcome.problems) })
    .where('id', '=', importId)
    .where('status', '=', 'loading')
    .execute();
}

/** The accepted import in use before this one, now superseded; its id, if there was one. */
export async function supersedeCurrentImports(db: Tx, inspectionId: string, exceptImportId: string, now: Date): Promise<string[]> {
  const rows = await db
    .updateTable('case_import')
    .set({ superseded_at: now })
    .where('inspection_id', '=', inspectionId)
    .where('status', '=', 'accepted')
    .where('superseded_at', 'is', null)
    .where('id', '!=', exceptImportId)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Makes a loading import's rows part of person_record (seen by others once the transaction commits). */
export async function attachImportRows(db: Tx, importId: string): Promise<void> {
  await attachPersonTable(db, importId);
}

export async function acceptImport(db: Tx, importId: string, outcome: ImportOutcomeUpdate): Promise<boolean> {
  const result = await db
    .updateTable('case_import')
    .set({ ...outcome, status: 'accepted', problems: JSON.stringify(outcome.problems) })
    .where('id', '=', importId)
    .where('status', '=', 'loading')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes an import that never finished, rows and all. */
export async function deleteImport(db: Tx, importId: string): Promise<void> {
  await dropPersonTables(db, [importId]);
  await db.deleteFrom('case_import').where('id', '=', importId).execute();
}

/**
 * Imports left loading since before `startedBefore` (their process stopped): deleted with their
 * rows' tables. Tables whose import is gone some other way go too. Returns the imports deleted.
 */
export async function deleteLoadingImportsBefore(db: Tx, startedBefore: Date): Promise<number> {
  const rows = await db.deleteFrom('case_import').where('status', '=', 'loading').where('started_at', '<', startedBefore).returning('id').execute();
  await dropOrphanPersonTables(db);
  return rows.length;
}

export type ImportListRow = Omit<CaseImportRow, 'problems'> & { imported_by_name: string | null };

/** An inspection's imports, newest first, without their problems. */
export async function selectImports(db: Tx, inspectionId: string): Promise<ImportListRow[]> {
  return db
    .selectFrom('case_import')
    .leftJoin('app_user', 'app_user.id', 'case_import.imported_by')
    .select([
      'case_import.id',
      'case_import.inspection_id',
      'case_import.file_name',
      'case_import.file_format',
      'case_import.file_sha256',
      'case_import.status',
      'case_import.data_date',
      'case_import.row_count',
      'case_import.problem_count',
      'case_import.file_problem',
      'case_import.imported_by',
      'case_import.imported_by_label',
      'case_import.started_at',
      'case_import.finished_at',
      'case_import.superseded_at',
      'app_user.display_name as imported_by_name',
    ])
    .where('case_import.inspection_id', '=', inspectionId)
    .orderBy('case_import.started_at', 'desc')
    .orderBy('case_import.id')
    .execute();
}

export async function selectImportWithName(db: Tx, inspectionId: string, importId: string): Promise<(CaseImportRow & { imported_by_name: string | null }) | undefined> {
  return db
    .selectFrom('case_import')
    .leftJoin('app_user', 'app_user.id', 'case_import.imported_by')
    .selectAll('case_import')
    .select('app_user.display_name as imported_by_name')
    .where('case_import.id', '=', importId)
    .where('case_import.inspection_id', '=', inspectionId)
    .executeTakeFirst();
}

export async function countImportRows(db: Tx, importId: string): Promise<number> {
  const row = await db.selectFrom('person_record').select(sql<number>`count(*)::int`.as('n')).where('import_id', '=', importId).executeTakeFirstOrThrow();
  return row.n;
}

// ---- Writing rows ----------------------------------------------------------------------------

export type CheckedPerson = { line: number; record: PersonRecord };

/** Writes an import's rows as they are checked: `write` a batch at a time, then `finish`, or `abort` to keep none. */
export type PersonWriter = {
  write: (people: readonly CheckedPerson[]) => Promise<void>;
  finish: () => Promise<void>;
  abort: () => Promise<void>;
};

const COLUMNS = [
  'import_id',
  'line',
  'person_id',
  'birth_month',
  'age',
  'year_group',
  'sex',
  'primary_need',
  'sen_status',
  'request_date',
  'assessment_decision_date',
  'plan_issued_date',
  'exception_applies',
  'last_review_date',
  'placement_type',
  'setting_name',
  'setting_urn',
  'alternative_provision',
  'out_of_area',
  'social_care_status',
] as const;

/** Rows per INSERT on PGlite: 20 parameters each, well under the protocol's 65,535. */
const INSERT_ROWS = 1000;
/** Text gathered before it is handed to the COPY stream. */
const COPY_CHUNK = 256 * 1024;

/** A value in COPY's text format: \N for null; backslash, tab and line breaks escaped. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  // Only free text can hold these; codes, ids and dates were checked to hold none.
  return /[\\\t\n\r]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}

function copyLine(importId: string, line: number, p: PersonRecord): string {
  const nullable = (v: string | null) => (v === null ? '\\N' : v);
  return `${importId}\t${line}\t${p.personId}\t${p.birthMonth}\t${p.age}\t${nullable(p.yearGroup)}\t${p.sex}\t${p.primaryNeed}\t${p.senStatus}\t${nullable(p.requestDate)}\t${nullable(p.assessmentDecisionDate)}\t${nullable(p.planIssuedDate)}\t${p.exceptionApplies ? 't' : 'f'}\t${nullable(p.lastReviewDate)}\t${p.placementType}\t${copyText(p.settingName)}\t${nullable(p.settingUrn)}\t${p.alternativeProvision ? 't' : 'f'}\t${p.outOfArea ? 't' : 'f'}\t${p.socialCareStatus}\n`;
}

/**
 * On PostgreSQL the rows stream into one COPY on a connection of their own: PostgreSQL's fastest
 * way in, into the import's own table with no index to keep up; and the rows are written in one
 * statement, so a stopped import leaves none behind.
 */
async function openCopyWriter(connectionString: string, importId: string, table: string): Promise<PersonWriter> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  let failure: Error | undefined;
  // A deep buffer lets rows be checked while PostgreSQL is still storing the last ones.
  const stream = client.query(copyFrom(`COPY ${table} (${COLUMNS.join(', ')}) FROM STDIN`, { highWaterMark: 4 * COPY_CHUNK }));
  stream.on('error', (error: Error) => {
    failure ??= error;
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await client.end().catch(() => undefined);
  };
  let pending = '';
  const push = async () => {
    if (failure) throw failure;
    const text = pending;
    pending = '';
    if (!stream.write(text)) await once(stream, 'drain');
    if (failure) throw failure;
  };
  return {
    async write(people) {
      for (const { line, record } of people) pending += copyLine(importId, line, record);
      if (pending.length >= COPY_CHUNK) await push();
    },
    async finish() {
      try {
        if (pending) await push();
        const done = once(stream, 'finish');
        stream.end();
        await done;
        if (failure) throw failure;
      } finally {
        await close();
      }
    },
    async abort() {
      if (closed) return;
      // destroy() sends CopyFail: the server rolls the COPY back, so none of its rows stay.
      stream.destroy(new Error('import refused'));
      await once(stream, 'close').catch(() => undefined);
      await close();
    },
  };
}

/** On PGlite (one process, no COPY from a stream) rows go in as multi-row inserts. */
function openInsertWriter(db: Tx, importId: string, table: string): PersonWriter {
  let pending: CheckedPerson[] = [];
  const flush = async () => {
    const rows = pending.map((p) => toPersonRow(importId, p.line, p.record));
    pending = [];
    // The import's own table has person_record's columns; Kysely knows it only by that name.
    if (rows.length) await db.insertInto(table as 'person_record').values(rows).execute();
  };
  return {
    async write(people) {
      for (const person of people) {
        pending.push(person);
        if (pending.length === INSERT_ROWS) await flush();
      }
    },
    finish: flush,
    async abort() {
      pending = [];
    },
  };
}

/**
 * Creates the import's own table (committed at once, so the COPY's connection sees it; unattached,
 * so nobody else does) and a writer filling it.
 */
export async function openPersonWriter(db: Db, importId: string): Promise<PersonWriter> {
  const table = await createPersonTable(db.kysely, importId);
  if (db.kind === 'postgres' && db.connectionString) return openCopyWriter(db.connectionString, importId, table);
  return openInsertWriter(db.kysely, importId, table);
}
