// Test fixtures for cases: a notified inspection with a team and area officers, an accepted import
// of synthetic people, and (when asked) a sample written straight to the database.
import { syntheticPeople } from '../demo/demo-people.ts';
import { addTeamMember, createInspection, transitionInspection, type Actor } from '../inspections/inspection.service.ts';
import type { TeamRole } from '../inspections/inspection.table.ts';
import { createTestUser, type TestUser } from '../platform/auth/test-users.ts';
import type { Db } from '../platform/db/database.ts';
import type { PersonRecord } from './case.ts';
import type { CasePurpose } from './case.table.ts';
import { insertPeople } from './person.repository.ts';

export type CasesFixture = {
  inspectionId: string;
  laCode: string;
  admin: TestUser;
  lead: TestUser;
  leadActor: Actor;
  cqcLead: TestUser;
  inspector: TestUser;
  inspectorActor: Actor;
  qaReader: TestUser;
  officer: TestUser;
  officerActor: Actor;
};

export const FIXTURE_DATA_DATE = '2026-11-02';

function actor(user: TestUser): Actor {
  return { id: user.userId, label: user.email };
}

/** The framework and type of a fixture's inspection (2023 full unless said). */
export type FixtureInspectionKind = { framework?: '2016' | '2023'; inspectionType?: string };

/** A notified inspection (2023 full by default) of Manchester (352) with both leads, an inspector, a QA reader and the area's nominated officer. */
export async function createCasesFixture(db: Db, laCode = '352', kind: FixtureInspectionKind = {}): Promise<CasesFixture> {
  const admin = await createTestUser(db, { organisation: 'administration', isAdmin: true });
  const adminActor = actor(admin);
  const inspection = await createInspection(
    db.kysely,
    {
      laCode,
      frameworkCode: kind.framework ?? '2023',
      inspectionType: kind.inspectionType ?? 'full',
      notificationDate: '2026-11-09',
      onsiteStartDate: '2026-11-23',
      onsiteEndDate: '2026-11-27',
    },
    adminActor,
  );
  const team = new Map<TeamRole, TestUser>();
  for (const role of ['ofsted_lead', 'cqc_lead', 'inspector', 'qa_reader'] as const) {
    const user = await createTestUser(db, { organisation: role === 'cqc_lead' ? 'cqc' : 'ofsted' });
    await addTeamMember(db.kysely, inspection.id, { userId: user.userId, role }, adminActor);
    team.set(role, user);
  }
  const officer = await createTestUser(db, { organisation: 'local_area', areaRole: { laCode, role: 'nominated_officer' } });
  const lead = team.get('ofsted_lead')!;
  await transitionInspection(db.kysely, inspection.id, { to: 'notified' }, actor(lead));
  return {
    inspectionId: inspection.id,
    laCode,
    admin,
    lead,
    leadActor: actor(lead),
    cqcLead: team.get('cqc_lead')!,
    inspector: team.get('inspector')!,
    inspectorActor: actor(team.get('inspector')!),
    qaReader: team.get('qa_reader')!,
    officer,
    officerActor: actor(officer),
  };
}

export type FixtureImport = { importId: string; people: PersonRecord[] };

/** An accepted import of `count` synthetic people (or the people given), written without the file reader. */
export async function addAcceptedImport(db: Db, fixture: CasesFixture, options: { count?: number; seed?: number; people?: PersonRecord[] } = {}): Promise<FixtureImport> {
  const people = options.people ?? syntheticPeople({ count: options.count ?? 500, seed: options.seed ?? 7, dataDate: FIXTURE_DATA_DATE });
  const now = new Date();
  await db.kysely.updateTable('case_import').set({ superseded_at: now }).where('inspection_id', '=', fixture.inspectionId).where('status', '=', 'accepted').where('superseded_at', 'is', null).execute();
  const created = await db.kysely
    .insertInto('case_import')
    .values({
      inspection_id: fixture.inspectionId,
      file_name: 'person-level-data.csv',
      file_format: 'csv',
      status: 'accepted',
      data_date: FIXTURE_DATA_DATE,
      row_count: people.length,
      imported_by: fixture.officer.userId,
      imported_by_label: fixture.officer.email,
      finished_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertPeople(db.kysely, created.id, people);
  return { importId: created.id, people };
}

export type FixtureSample = { sampleId: string; caseIds: Map<string, string> };

/** A sample of the people named, written straight to the database (no drawing). Returns person id → case id. */
export async function addFixtureSample(db: Db, fixture: CasesFixture, imported: FixtureImport, chosen: { tracked: string[]; review: string[] }): Promise<FixtureSample> {
  const sample = await db.kysely
    .insertInto('case_sample')
    .values({ inspection_id: fixture.inspectionId, import_id: imported.importId, seed: 'fixture', algorithm_version: 'fixture', tracked_requested: chosen.tracked.length, review_requested: chosen.review.length, drawn_by: fixture.lead.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const caseIds = new Map<string, string>();
  const add = async (purpose: CasePurpose, ids: string[]) => {
    for (const [position, personId] of ids.entries()) {
      const row = await db.kysely
        .insertInto('sampled_case')
        .values({ sample_id: sample.id, inspection_id: fixture.inspectionId, person_id: personId, purpose, position: position + 1, stratum: JSON.stringify({}), origin: 'drawn' })
        .returning('id')
        .executeTakeFirstOrThrow();
      caseIds.set(personId, row.id);
    }
  };
  await add('tracked', chosen.tracked);
  await add('review', chosen.review);
  return { sampleId: sample.id, caseIds };
}
