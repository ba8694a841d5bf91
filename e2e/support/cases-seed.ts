// Inspections ready for the cases journeys, made before the server starts through the product's own
// use cases in one database session: the lead, two inspectors and the area's nominated officer, and
// for each run of a journey a notified inspection with, as far as that journey needs them, accepted
// person-level data (synthetic children, imported from a CSV file as the area would send it) and a
// sample drawn from them.
import { importPersonLevelData } from '../../src/cases/case-import.service.ts';
import { drawCaseSample } from '../../src/cases/case-sample.service.ts';
import type { PersonRecord } from '../../src/cases/case.ts';
import { templateHeadings, templateRow } from '../../src/cases/person-template.ts';
import { prepareDatabase } from '../../src/bootstrap.ts';
import { fieldworkInspectionDates } from '../../src/demo/demo.ts';
import { syntheticPeople } from '../../src/demo/demo-people.ts';
import { addTeamMember, createInspection, getInspection, transitionInspection, type Actor } from '../../src/inspections/inspection.service.ts';
import type { TeamRole } from '../../src/inspections/inspection.table.ts';
import { createUser } from '../../src/platform/auth/user.service.ts';
import { openDatabase, type Db } from '../../src/platform/db/database.ts';
import type { Account, NewAccount } from './accounts.ts';
import type { SeedTarget } from './server.ts';

/** Manchester: any real area would do; the nominated officer belongs to it. */
export const CASES_AREA = { laCode: '352', name: 'Manchester' } as const;
/** The seed of the synthetic children: the same children in every run. */
const PEOPLE_SEED = 20_261;

export type CasesSeedPlan = {
  /** Accepted person-level data describing this many synthetic children and young people. */
  people?: number;
  /** A sample drawn from them by the lead (needs `people`). */
  sample?: { tracked: number; review: number; seed: string };
};

export type SeededCasesInspection = {
  id: string;
  reference: string;
  /** 'YYYY-MM-DD' */
  notificationDate: string;
  onsiteEndDate: string;
  /** The date the person-level data describe, when there are any. */
  dataDate: string | undefined;
};

type PersonKey = 'lead' | 'inspector' | 'secondInspector' | 'officer';

export type CasesSeed = Record<PersonKey, Account> & {
  inspections: { withJavaScript: SeededCasesInspection; withoutJavaScript: SeededCasesInspection };
};

const SEED_ACTOR: Actor = { id: null, label: 'e2e seed' };

const PEOPLE: Record<PersonKey, NewAccount> = {
  lead: { email: 'cases.lead@e2e.example.test', name: 'Olu Lead', organisation: 'ofsted' },
  inspector: { email: 'cases.inspector@e2e.example.test', name: 'Ines Inspector', organisation: 'ofsted' },
  secondInspector: { email: 'cases.second@e2e.example.test', name: 'Sam Second', organisation: 'ofsted' },
  officer: {
    email: 'cases.officer@e2e.example.test',
    name: 'Nadia Officer',
    organisation: 'local_area',
    area: { laCode: CASES_AREA.laCode, role: 'nominated_officer' },
  },
};

const TEAM: [PersonKey, TeamRole][] = [
  ['lead', 'ofsted_lead'],
  ['inspector', 'inspector'],
  ['secondInspector', 'inspector'],
];

/** Today in England as YYYY-MM-DD: the inspection's dates are set around it, as the demo's are. */
export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The synthetic children every seeded inspection's data describe, as at `dataDate`. */
export function seededPeople(count: number, dataDate: string): PersonRecord[] {
  return syntheticPeople({ count, seed: PEOPLE_SEED, dataDate });
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** People as a CSV file on the person-level data template; `change` alters a row's cells first. */
export function personCsv(people: readonly PersonRecord[], change: (row: Record<string, string>, index: number) => void = () => {}): Buffer {
  const headings = templateHeadings();
  const lines = [headings.join(',')];
  people.forEach((person, index) => {
    const row: Record<string, string> = { ...templateRow(person) };
    change(row, index);
    lines.push(headings.map((h) => csvCell(row[h] ?? '')).join(','));
  });
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

async function openSeedDatabase(target: SeedTarget): Promise<Db> {
  const db = target.databaseUrl
    ? await openDatabase({ kind: 'postgres', connectionString: target.databaseUrl, poolSize: 2 })
    : await openDatabase({ kind: 'pglite', dataDir: target.dataDir, command: 'the cases journeys\u2019 seed' });
  await prepareDatabase(db);
  return db;
}

async function addPerson(db: Db, person: NewAccount): Promise<Account & { id: string }> {
  const created = await createUser(
    db.kysely,
    { email: person.email, displayName: person.name, organisation: person.organisation, area: person.area },
    SEED_ACTOR,
  );
  return { ...person, id: created.id, password: created.password! };
}

function actorOf(person: Account & { id: string }): Actor {
  return { id: person.id, label: person.email };
}

async function* once(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** A notified inspection of the area with the team on it, and its data and sample as planned. */
async function seedInspection(db: Db, people: Record<PersonKey, Account & { id: string }>, plan: CasesSeedPlan): Promise<SeededCasesInspection> {
  const dates = fieldworkInspectionDates(today());
  const inspection = await createInspection(db.kysely, { laCode: CASES_AREA.laCode, frameworkCode: '2023', inspectionType: 'full', ...dates }, SEED_ACTOR);
  for (const [key, role] of TEAM) await addTeamMember(db.kysely, inspection.id, { userId: people[key].id, role }, SEED_ACTOR);
  const lead = actorOf(people.lead);
  await transitionInspection(db.kysely, inspection.id, { to: 'notified' }, lead);

  let dataDate: string | undefined;
  if (plan.people) {
    dataDate = today();
    const bytes = personCsv(seededPeople(plan.people, dataDate));
    const report = await importPersonLevelData(db, inspection.id, { fileName: 'person-level-data.csv', chunks: once(bytes), size: bytes.length }, actorOf(people.officer), { dataDate });
    if (report.status !== 'accepted') {
      throw new Error(`The seeded person-level data were refused: ${report.fileProblem ?? JSON.stringify(report.problems.slice(0, 5))}`);
    }
  }
  if (plan.sample) {
    if (!plan.people) throw new Error('A sample needs person-level data to be drawn from: give the plan `people` too.');
    await drawCaseSample(db.kysely, inspection.id, plan.sample, lead);
  }

  const details = await getInspection(db.kysely, inspection.id);
  if (details?.area.name !== CASES_AREA.name) throw new Error(`Area ${CASES_AREA.laCode} is called "${details?.area.name}", not ${CASES_AREA.name}`);
  return { id: inspection.id, reference: inspection.reference, notificationDate: dates.notificationDate, onsiteEndDate: dates.onsiteEndDate, dataDate };
}

/** The seed function for describeJourneys: the people, and an inspection per run made as the plan says. */
export function seedCasesJourneys(plan: CasesSeedPlan = {}): (target: SeedTarget) => Promise<CasesSeed> {
  return async (target) => {
    const db = await openSeedDatabase(target);
    try {
      const people = {} as Record<PersonKey, Account & { id: string }>;
      for (const key of Object.keys(PEOPLE) as PersonKey[]) people[key] = await addPerson(db, PEOPLE[key]);
      const withJavaScript = await seedInspection(db, people, plan);
      const withoutJavaScript = await seedInspection(db, people, plan);
      return { ...people, inspections: { withJavaScript, withoutJavaScript } };
    } finally {
      await db.close();
    }
  };
}

export function casesInspectionFor(seed: CasesSeed, javaScript: boolean): SeededCasesInspection {
  return javaScript ? seed.inspections.withJavaScript : seed.inspections.withoutJavaScript;
}
