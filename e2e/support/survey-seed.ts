// Inspections ready for the survey journeys, made before the server starts through the product's own
// use cases in one database session (a CLI run per step would cost seconds each): the people, one
// inspection in fieldwork for each run of a journey, and its surveys as far as that journey needs them.
import { prepareDatabase } from '../../src/bootstrap.ts';
import { fieldworkInspectionDates } from '../../src/demo/demo.ts';
import { addTeamMember, createInspection, getInspection, transitionInspection, type Actor } from '../../src/inspections/inspection.service.ts';
import { createUser } from '../../src/platform/auth/user.service.ts';
import { openDatabase, type Db } from '../../src/platform/db/database.ts';
import { addChannel, createSurveys, openSurveyNow } from '../../src/surveys/survey.service.ts';
import type { SurveyAudience } from '../../src/surveys/survey.ts';
import type { Account, NewAccount } from './accounts.ts';
import type { SeedTarget } from './server.ts';

/** Manchester: any real area would do; the nominated officer belongs to it. */
export const SURVEY_AREA = { laCode: '352', name: 'Manchester' } as const;
export const SURVEY_INSPECTION_TYPE = 'Full inspection';
/** The link the seed gives each survey it opens or links, as a lead would name it. */
export const SEEDED_LINK_NAME = 'Council newsletter';

export type SurveySeedPlan = {
  /** Create the inspection's three surveys from the templates (as "Create the surveys" does). */
  createSurveys: boolean;
  /** Surveys to open now (each also gets a link). */
  open?: SurveyAudience[];
  /** Surveys that get a link without being opened. */
  linked?: SurveyAudience[];
};

export type SeededSurveyInspection = {
  id: string;
  reference: string;
  /** The respondents' address of each survey's seeded link, e.g. /s/AB12CD34. */
  links: Partial<Record<SurveyAudience, string>>;
};

export type SurveySeed = {
  lead: Account;
  officer: Account;
  inspections: { withJavaScript: SeededSurveyInspection; withoutJavaScript: SeededSurveyInspection };
};

/** Today in England as YYYY-MM-DD: the inspection's dates are set around it, as the demo's are. */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

const SEED_ACTOR: Actor = { id: null, label: 'e2e seed' };

const PEOPLE: Record<'lead' | 'officer', NewAccount> = {
  lead: { email: 'survey.lead@e2e.example.test', name: 'Olu Lead', organisation: 'ofsted' },
  officer: {
    email: 'survey.officer@e2e.example.test',
    name: 'Nadia Officer',
    organisation: 'local_area',
    area: { laCode: SURVEY_AREA.laCode, role: 'nominated_officer' },
  },
};

async function openSeedDatabase(target: SeedTarget): Promise<Db> {
  const db = target.databaseUrl
    ? await openDatabase({ kind: 'postgres', connectionString: target.databaseUrl, poolSize: 2 })
    : await openDatabase({ kind: 'pglite', dataDir: target.dataDir, command: 'the survey journeys\u2019 seed' });
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

/** An inspection of the area in fieldwork, with the lead on its team, and its surveys as planned. */
async function seedInspection(db: Db, leadId: string, plan: SurveySeedPlan): Promise<SeededSurveyInspection> {
  const dates = fieldworkInspectionDates(today());
  const inspection = await createInspection(db.kysely, { laCode: SURVEY_AREA.laCode, frameworkCode: '2023', inspectionType: 'full', ...dates }, SEED_ACTOR);
  await addTeamMember(db.kysely, inspection.id, { userId: leadId, role: 'ofsted_lead' }, SEED_ACTOR);
  const lead: Actor = { id: leadId, label: PEOPLE.lead.email };
  await transitionInspection(db.kysely, inspection.id, { to: 'notified' }, lead);
  await transitionInspection(db.kysely, inspection.id, { to: 'fieldwork' }, lead);
  const links: SeededSurveyInspection['links'] = {};
  if (plan.createSurveys) {
    const surveys = await createSurveys(db.kysely, inspection.id, lead);
    for (const survey of surveys) {
      const opening = plan.open?.includes(survey.audience) ?? false;
      if (opening) await openSurveyNow(db.kysely, survey.id, lead);
      if (opening || plan.linked?.includes(survey.audience)) {
        links[survey.audience] = `/s/${(await addChannel(db.kysely, survey.id, SEEDED_LINK_NAME, lead)).code}`;
      }
    }
  }
  const details = await getInspection(db.kysely, inspection.id);
  if (details?.area.name !== SURVEY_AREA.name) throw new Error(`Area ${SURVEY_AREA.laCode} is called "${details?.area.name}", not ${SURVEY_AREA.name}`);
  return { id: inspection.id, reference: inspection.reference, links };
}

/** The seed function for describeJourneys: a lead, the area's nominated officer, and an inspection per run. */
export function seedSurveyJourneys(plan: SurveySeedPlan): (target: SeedTarget) => Promise<SurveySeed> {
  return async (target) => {
    const db = await openSeedDatabase(target);
    try {
      const lead = await addPerson(db, PEOPLE.lead);
      const officer = await addPerson(db, PEOPLE.officer);
      const withJavaScript = await seedInspection(db, lead.id, plan);
      const withoutJavaScript = await seedInspection(db, lead.id, plan);
      return { lead, officer, inspections: { withJavaScript, withoutJavaScript } };
    } finally {
      await db.close();
    }
  };
}

export function inspectionFor(seed: SurveySeed, javaScript: boolean): SeededSurveyInspection {
  return javaScript ? seed.inspections.withJavaScript : seed.inspections.withoutJavaScript;
}
