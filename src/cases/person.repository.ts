// SQL for the person-level records and which import is in use: executor-first functions.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { PersonRecord, PlacementType, PrimaryNeed, SenStatus, Sex, SocialCareStatus } from './case.ts';
import type { CaseImportRow, NewPersonRecordRow, PersonRecordRow } from './case.table.ts';

type Tx = Kysely<Database>;

/** The accepted import an inspection's data come from now: the latest not superseded. */
export async function selectCurrentImport(db: Tx, inspectionId: string): Promise<CaseImportRow | undefined> {
  return db
    .selectFrom('case_import')
    .selectAll()
    .where('inspection_id', '=', inspectionId)
    .where('status', '=', 'accepted')
    .where('superseded_at', 'is', null)
    .orderBy('finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function selectImport(db: Tx, inspectionId: string, importId: string): Promise<CaseImportRow | undefined> {
  return db.selectFrom('case_import').selectAll().where('id', '=', importId).where('inspection_id', '=', inspectionId).executeTakeFirst();
}

export function toPersonRow(importId: string, line: number, person: PersonRecord): NewPersonRecordRow {
  return {
    import_id: importId,
    line,
    person_id: person.personId,
    birth_month: person.birthMonth,
    age: person.age,
    year_group: person.yearGroup,
    sex: person.sex,
    primary_need: person.primaryNeed,
    sen_status: person.senStatus,
    request_date: person.requestDate,
    assessment_decision_date: person.assessmentDecisionDate,
    plan_issued_date: person.planIssuedDate,
    exception_applies: person.exceptionApplies,
    last_review_date: person.lastReviewDate,
    placement_type: person.placementType,
    setting_name: person.settingName,
    setting_urn: person.settingUrn,
    alternative_provision: person.alternativeProvision,
    out_of_area: person.outOfArea,
    social_care_status: person.socialCareStatus,
  };
}

export function toPersonRecord(row: PersonRecordRow): PersonRecord {
  return {
    personId: row.person_id,
    birthMonth: row.birth_month,
    age: row.age,
    yearGroup: row.year_group,
    sex: row.sex as Sex,
    primaryNeed: row.primary_need as PrimaryNeed,
    senStatus: row.sen_status as SenStatus,
    requestDate: row.request_date,
    assessmentDecisionDate: row.assessment_decision_date,
    planIssuedDate: row.plan_issued_date,
    exceptionApplies: row.exception_applies,
    lastReviewDate: row.last_review_date,
    placementType: row.placement_type as PlacementType,
    settingName: row.setting_name,
    settingUrn: row.setting_urn,
    alternativeProvision: row.alternative_provision,
    outOfArea: row.out_of_area,
    socialCareStatus: row.social_care_status as SocialCareStatus,
  };
}

// ---- Each import's records are a partition of person_record -----------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PERSON_TABLE = /^person_record_[0-9a-f]{32}$/;

/**
 * The table holding an import's records, person_record_<id without dashes>. Names go into DDL,
 * which takes no parameters, so they are built only from an id the database generated, and only
 * once it has been checked to be a UUID.
 */
export function personTableName(importId: string): string {
  const id = importId.toLowerCase();
  if (!UUID.test(id)) throw new Error('An import id must be a UUID');
  return `person_record_${id.replaceAll('-', '')}`;
}

/**
 * Creates the table an import's records are loaded into: person_record's columns and defaults,
 * no index or key to keep up while loading, and a CHECK that every row belongs to the import,
 * which lets attaching it as a partition skip scanning it. Nothing reads it until it is attached.
 */
export async function createPersonTable(db: Tx, importId: string): Promise<string> {
  const table = personTableName(importId);
  await sql`create table ${sql.id(table)} (like person_record including defaults, check (import_id = ${sql.lit(importId.toLowerCase())}::uuid))`.execute(db);
  return table;
}

/**
 * Indexes a loaded import's table (one sort, far cheaper than an index kept up row by row) and
 * attaches it to person_record, where its records become visible with the transaction's commit.
 */
export async function attachPersonTable(db: Tx, importId: string): Promise<void> {
  const table = personTableName(importId);
  // Room to sort a large import's keys in memory (for this transaction only, and only as needed).
  await sql`select set_config('maintenance_work_mem', '256MB', true)`.execute(db);
  await sql`alter table ${sql.id(table)} add primary key (import_id, person_id)`.execute(db);
  await sql`alter table person_record attach partition ${sql.id(table)} for values in (${sql.lit(importId.toLowerCase())})`.execute(db);
}

/** Drops the tables of imports' records, attached or not: a whole import's rows go at once. */
export async function dropPersonTables(db: Tx, importIds: readonly string[]): Promise<void> {
  for (const importId of importIds) await sql`drop table if exists ${sql.id(personTableName(importId))}`.execute(db);
}

/** Drops record tables whose import no longer exists (an inspection deleted whole, or a process that stopped part way); returns how many. */
export async function dropOrphanPersonTables(db: Tx): Promise<number> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'r' and c.relname ~ '^person_record_[0-9a-f]{32}$'
      and not exists (select 1 from case_import i where replace(i.id::text, '-', '') = substring(c.relname from 15))`.execute(db);
  const names = rows.map((r) => r.name).filter((name) => PERSON_TABLE.test(name));
  for (const name of names) await sql`drop table if exists ${sql.id(name)}`.execute(db);
  return names.length;
}

/** Writes an import's records as its partition: its table created, filled in batches of 2,000 rows, indexed and attached. */
export async function insertPeople(db: Tx, importId: string, people: readonly PersonRecord[], firstLine = 2): Promise<void> {
  const BATCH = 2000;
  // The table has person_record's columns; Kysely knows it only by that name.
  const table = (await createPersonTable(db, importId)) as 'person_record';
  for (let start = 0; start < people.length; start += BATCH) {
    const rows = people.slice(start, start + BATCH).map((person, i) => toPersonRow(importId, firstLine + start + i, person));
    await db.insertInto(table).values(rows).execute();
  }
  await attachPersonTable(db, importId);
}

export async function selectPerson(db: Tx, importId: string, personId: string): Promise<PersonRecord | undefined> {
  const row = await db.selectFrom('person_record').selectAll().where('import_id', '=', importId).where('person_id', '=', personId).executeTakeFirst();
  return row ? toPersonRecord(row) : undefined;
}

export async function selectPeopleByIds(db: Tx, importId: string, personIds: readonly string[]): Promise<PersonRecord[]> {
  if (personIds.length === 0) return [];
  const rows = await db.selectFrom('person_record').selectAll().where('import_id', '=', importId).where('person_id', 'in', [...personIds]).execute();
  return rows.map(toPersonRecord);
}

export async function countPeople(db: Tx, importId: string): Promise<number> {
  const row = await db.selectFrom('person_record').select(sql<number>`count(*)::int`.as('n')).where('import_id', '=', importId).executeTakeFirstOrThrow();
  return row.n;
}
