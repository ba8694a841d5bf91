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

/** Writes records in batches of 2,000 (one statement each keeps under the parameter limit). */
export async function insertPeople(db: Tx, importId: string, people: readonly PersonRecord[], firstLine = 2): Promise<void> {
  const BATCH = 2000;
  for (let start = 0; start < people.length; start += BATCH) {
    const rows = people.slice(start, start + BATCH).map((person, i) => toPersonRow(importId, firstLine + start + i, person));
    await db.insertInto('person_record').values(rows).execute();
  }
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
