// Inspections ready for the findings, report and public site journeys, made before the server starts
// through the product's own use cases: the whole team, the area's nominated officer and an
// administrator; for each run of a journey an inspection at the stage it starts from (fieldwork with
// evidence, or report drafting with findings and the outcome); and reports published before the
// service existed, imported as an administrator would, for the public site to show.
import { randomUUID } from 'node:crypto';
import { prepareDatabase } from '../../src/bootstrap.ts';
import { demoInspectionDates } from '../../src/demo/demo.ts';
import { createActivity } from '../../src/evidence/activity.service.ts';
import type { NoteSourceKind, Polarity } from '../../src/evidence/evidence.ts';
import { saveNote } from '../../src/evidence/evidence-note.service.ts';
import { createFinding, decideOutcome } from '../../src/findings/finding.service.ts';
import type { CitationInput } from '../../src/findings/finding.ts';
import { addTeamMember, createInspection, getInspection, transitionInspection, type Actor } from '../../src/inspections/inspection.service.ts';
import type { TeamRole } from '../../src/inspections/inspection.table.ts';
import { createUser } from '../../src/platform/auth/user.service.ts';
import { openDatabase, type Db } from '../../src/platform/db/database.ts';
import type { historicalFileSchema } from '../../src/reports/historical-import.ts';
import { importHistoricalInspections } from '../../src/reports/historical-import.service.ts';
import { addChannel, createSurveys, openSurveyNow, submitResponse } from '../../src/surveys/survey.service.ts';
import type { z } from 'zod';
import type { Account, NewAccount } from './accounts.ts';
import { today } from './cases-seed.ts';
import type { SeedTarget } from './server.ts';

/** Manchester: any real area would do; the nominated officer belongs to it. */
export const REPORT_AREA = { laCode: '352', name: 'Manchester', region: 'North West' } as const;
export const REPORT_INSPECTION_TYPE = 'Full inspection';

const SEED_ACTOR: Actor = { id: null, label: 'e2e seed' };

export type ReportPerson = 'lead' | 'cqcLead' | 'inspector' | 'qaReader' | 'officer' | 'admin';

const PEOPLE: Record<ReportPerson, NewAccount> = {
  lead: { email: 'report.lead@e2e.example.test', name: 'Olu Lead', organisation: 'ofsted' },
  cqcLead: { email: 'report.cqc@e2e.example.test', name: 'Cara Health', organisation: 'cqc' },
  inspector: { email: 'report.inspector@e2e.example.test', name: 'Ines Inspector', organisation: 'ofsted' },
  qaReader: { email: 'report.qa@e2e.example.test', name: 'Quinn Reader', organisation: 'ofsted' },
  officer: {
    email: 'report.officer@e2e.example.test',
    name: 'Nadia Officer',
    organisation: 'local_area',
    area: { laCode: REPORT_AREA.laCode, role: 'nominated_officer' },
  },
  admin: { email: 'report.admin@e2e.example.test', name: 'Ada Admin', organisation: 'administration', admin: true },
};

const TEAM: [ReportPerson, TeamRole][] = [
  ['lead', 'ofsted_lead'],
  ['cqcLead', 'cqc_lead'],
  ['inspector', 'inspector'],
  ['qaReader', 'qa_reader'],
];

// ---- The evidence every seeded inspection holds ----------------------------------------------

export const FOCUS_GROUP = 'Focus group with the parent carer forum';

/** The notes, by what a journey calls them: fieldwork notes from the focus group, one from the parents' survey. */
export const NOTES = {
  therapyStops: { body: 'Parents at the forum said speech and language therapy stops when a child moves to secondary school.', criteria: ['I3'], polarity: 'concern', source: 'activity' },
  otWait: { body: 'Two parents had waited more than a year for an occupational therapy assessment.', criteria: ['I3'], polarity: 'concern', source: 'activity' },
  coProduction: { body: 'Forum members said leaders now co-produce the SEND strategy with them.', criteria: ['L2'], polarity: 'strength', source: 'activity' },
  surveyWaits: { body: 'Survey comments from parents say families wait too long to hear back from the SEND team.', criteria: ['I3'], polarity: 'concern', source: 'survey' },
} as const satisfies Record<string, { body: string; criteria: string[]; polarity: Polarity; source: 'activity' | 'survey' }>;

export type SeededNote = keyof typeof NOTES;

/** The parents' survey question mapped to I3 whose figures a finding may cite. */
export const SURVEY_QUESTION = { id: 'right_help_right_time', text: 'My child gets the right help at the right time.' } as const;
export const SURVEY_RESPONSES = 12;

/** Twelve parents' answers: four agree that their child gets the right help at the right time. */
function parentAnswers(n: number): Record<string, string> {
  return {
    respondent_role: 'parent',
    age_phase: n % 2 === 0 ? 'age_5_10' : 'age_11_15',
    support_level: n < 8 ? 'ehc_plan' : 'sen_support',
    needs_identified_early: n < 9 ? 'disagree' : 'agree',
    right_help_right_time: n < 8 ? 'disagree' : 'agree',
    overall_rating: n < 7 ? 'poor' : 'good',
  };
}

/** The findings a report-drafting inspection has, all citing the seeded evidence, and its outcome. */
export const REPORT_FINDINGS = [
  { kind: 'experience', criteria: ['I3'], body: 'Children and young people with SEND often wait too long for the therapies they need.', responsibleBody: null, cites: ['therapyStops', 'survey'] },
  { kind: 'effective', criteria: ['L2'], body: 'Leaders work closely with the parent carer forum, which helps to shape the SEND strategy.', responsibleBody: null, cites: ['coProduction'] },
  { kind: 'to_do_better', criteria: ['I3'], body: 'Waiting times for occupational therapy assessments are too long.', responsibleBody: null, cites: ['otWait'] },
  {
    kind: 'area_for_improvement',
    criteria: ['I3'],
    body: 'Leaders across the partnership should reduce the time children wait for therapy assessments, so that children get the help they need sooner.',
    responsibleBody: 'local_authority_and_icb',
    cites: ['otWait', 'survey'],
  },
] as const satisfies readonly { kind: string; criteria: string[]; body: string; responsibleBody: string | null; cites: (SeededNote | 'survey')[] }[];

export const REPORT_OUTCOME = {
  code: 'inconsistent',
  label: 'Inconsistent experiences and outcomes',
  sentence: 'The local area partnership\'s arrangements lead to inconsistent experiences and outcomes for children and young people with SEND. The local area partnership must work jointly to make improvements.',
} as const;

// ---- Reports published before the service ------------------------------------------------------

/** Three areas' earlier reports: different regions and outcomes, so the public search has something to narrow. */
export const HISTORY: z.input<typeof historicalFileSchema> = {
  schemaVersion: 1,
  inspections: [
    {
      reference: 'SEND-202-2024-1',
      laCode: '202',
      framework: '2023',
      inspectionType: 'full',
      onsiteStart: '2024-02-05',
      onsiteEnd: '2024-02-09',
      publishedOn: '2024-03-22',
      outcome: 'positive',
      findings: [
        { kind: 'experience', criteria: ['I1'], text: 'Children’s needs are identified early, and families feel listened to.' },
        { kind: 'effective', criteria: ['L1'], text: 'Leaders share an accurate understanding of the area’s strengths and weaknesses.' },
        { kind: 'area_for_improvement', criteria: ['I4'], text: 'The ICB should make sure young people move to adult health services smoothly.', responsibleBody: 'icb' },
      ],
      narrative: { experience: ['Most children and young people with SEND in Camden are well supported in their schools and communities.'] },
      team: [
        { name: 'Rae Lindqvist', role: 'ofsted_lead' },
        { name: 'Tom Okafor', role: 'cqc_lead' },
      ],
    },
    {
      reference: 'SEND-383-2024-1',
      laCode: '383',
      framework: '2023',
      inspectionType: 'full',
      onsiteStart: '2024-05-13',
      onsiteEnd: '2024-05-17',
      publishedOn: '2024-07-05',
      outcome: 'widespread_systemic_failings',
      findings: [
        { kind: 'experience', criteria: ['I3'], text: 'Too many children wait more than a year for an assessment of their needs.' },
        {
          kind: 'area_for_priority_action',
          criteria: ['L1'],
          text: 'Leaders across the partnership must act urgently to reduce the time families wait for EHC needs assessments.',
          responsibleBody: 'local_authority_and_icb',
        },
      ],
      team: [{ name: 'Priya Anand', role: 'ofsted_lead' }],
    },
    {
      reference: 'SEND-330-2018-1',
      laCode: '330',
      framework: '2016',
      inspectionType: 'full',
      onsiteStart: '2018-06-11',
      onsiteEnd: '2018-06-15',
      publishedOn: '2018-08-03',
      outcome: 'wsoa_required',
      findings: [
        { kind: 'strength', criteria: ['A'], text: 'Health visitors identify most young children’s needs early.' },
        { kind: 'significant_weakness', criteria: [], text: 'The timeliness and quality of education, health and care plans.' },
      ],
      team: [{ name: 'Alex Morgan', role: 'ofsted_lead' }],
    },
  ],
};

/** A published report as a reader finds it on the public site. */
export type SeededPublishedReport = { reference: string; slug: string; areaName: string; region: string; outcomeLabel: string };

export const HISTORICAL_REPORTS: readonly SeededPublishedReport[] = [
  { reference: 'SEND-202-2024-1', slug: 'send-202-2024-1', areaName: 'Camden', region: 'London', outcomeLabel: 'Positive experiences and outcomes' },
  { reference: 'SEND-383-2024-1', slug: 'send-383-2024-1', areaName: 'Leeds', region: 'Yorkshire and The Humber', outcomeLabel: 'Widespread and/or systemic failings' },
  { reference: 'SEND-330-2018-1', slug: 'send-330-2018-1', areaName: 'Birmingham', region: 'West Midlands', outcomeLabel: 'Written statement of action required' },
];

// ---- Seeding -------------------------------------------------------------------------------

export type ReportSeedPlan = {
  /**
   * The stage of each run's inspection: 'evidence' is fieldwork with the notes and the parents'
   * survey answered but no findings; 'reporting' adds the findings and the outcome and starts the
   * report. Left out: no inspection.
   */
  inspection?: 'evidence' | 'reporting';
  /** Import the three earlier reports (HISTORY) so the public site has published reports. */
  history?: boolean;
};

export type SeededReportInspection = {
  id: string;
  reference: string;
  /** The slug of its public page once published: the reference in lower case. */
  slug: string;
  /** The seeded notes' ids, by name. */
  noteIds: Record<SeededNote, string>;
};

export type ReportSeed = Record<ReportPerson, Account & { id: string }> & {
  inspections: { withJavaScript: SeededReportInspection; withoutJavaScript: SeededReportInspection } | undefined;
};

async function openSeedDatabase(target: SeedTarget): Promise<Db> {
  const db = target.databaseUrl
    ? await openDatabase({ kind: 'postgres', connectionString: target.databaseUrl, poolSize: 2 })
    : await openDatabase({ kind: 'pglite', dataDir: target.dataDir, command: 'the report journeys\u2019 seed' });
  await prepareDatabase(db);
  return db;
}

async function addPerson(db: Db, person: NewAccount): Promise<Account & { id: string }> {
  const created = await createUser(
    db.kysely,
    { email: person.email, displayName: person.name, organisation: person.organisation, area: person.area, isAdmin: person.admin },
    SEED_ACTOR,
  );
  return { ...person, id: created.id, password: created.password! };
}

function actorOf(person: Account & { id: string }): Actor {
  return { id: person.id, label: person.email };
}

/** Opens the parents' survey and sends it twelve answers through the survey's API use case; returns the survey's id. */
async function answeredParentsSurvey(db: Db, inspectionId: string, lead: Actor): Promise<string> {
  const surveys = await createSurveys(db.kysely, inspectionId, lead);
  const parents = surveys.find((s) => s.audience === 'parents_carers');
  if (!parents) throw new Error('The inspection has no parents and carers survey');
  const open = await openSurveyNow(db.kysely, parents.id, lead);
  const channel = await addChannel(db.kysely, parents.id, 'Council newsletter', lead);
  for (let n = 0; n < SURVEY_RESPONSES; n++) {
    const result = await submitResponse(db.kysely, open, {
      surveyId: parents.id,
      channelId: channel.id,
      language: 'en',
      answers: parentAnswers(n),
      idempotencyKey: randomUUID(),
      source: 'api',
      keySecret: '',
    });
    if (result.outcome !== 'stored') throw new Error(`Seeded survey answer ${n + 1} was not stored: ${JSON.stringify(result)}`);
  }
  return parents.id;
}

async function seedNotes(db: Db, inspectionId: string, sources: { activityId: string; surveyId: string }, author: Actor): Promise<Record<SeededNote, string>> {
  const ids = {} as Record<SeededNote, string>;
  for (const [name, note] of Object.entries(NOTES) as [SeededNote, (typeof NOTES)[SeededNote]][]) {
    const noteId = randomUUID();
    const sourceKind: NoteSourceKind = note.source;
    const content = {
      body: note.body,
      criteria: [...note.criteria],
      themes: [],
      polarity: note.polarity,
      sourceKind,
      activityId: note.source === 'activity' ? sources.activityId : null,
      surveyId: note.source === 'survey' ? sources.surveyId : null,
      caseId: null,
      sourceDetail: '',
    };
    const outcome = await saveNote(db.kysely, inspectionId, noteId, { content, baseRevision: 0, editSession: randomUUID() }, author);
    if (outcome.status !== 'saved') throw new Error(`The seeded note "${note.body.slice(0, 40)}" was not saved: ${outcome.status}`);
    ids[name] = noteId;
  }
  return ids;
}

async function seedFindings(db: Db, inspectionId: string, noteIds: Record<SeededNote, string>, surveyId: string, people: Record<ReportPerson, Account & { id: string }>): Promise<void> {
  for (const finding of REPORT_FINDINGS) {
    const citations: CitationInput[] = finding.cites.map((cited) =>
      cited === 'survey' ? { kind: 'survey_figure', refId: `${surveyId}:${SURVEY_QUESTION.id}` } : { kind: 'note', refId: noteIds[cited] },
    );
    await createFinding(
      db.kysely,
      inspectionId,
      { kind: finding.kind, criteria: [...finding.criteria], body: finding.body, responsibleBody: finding.responsibleBody, partners: '', citations },
      actorOf(people.inspector),
    );
  }
  await decideOutcome(db.kysely, inspectionId, { outcome: REPORT_OUTCOME.code, rationale: 'Experiences differ too much between schools.', revision: 0 }, actorOf(people.lead));
}

/** A 2023 full inspection of the area in fieldwork with its evidence, taken on to report drafting when planned. */
async function seedInspection(db: Db, people: Record<ReportPerson, Account & { id: string }>, stage: 'evidence' | 'reporting'): Promise<SeededReportInspection> {
  const dates = demoInspectionDates(today());
  const inspection = await createInspection(db.kysely, { laCode: REPORT_AREA.laCode, frameworkCode: '2023', inspectionType: 'full', ...dates }, SEED_ACTOR);
  for (const [key, role] of TEAM) await addTeamMember(db.kysely, inspection.id, { userId: people[key].id, role }, SEED_ACTOR);
  const lead = actorOf(people.lead);
  await transitionInspection(db.kysely, inspection.id, { to: 'notified' }, lead);
  await transitionInspection(db.kysely, inspection.id, { to: 'fieldwork' }, lead);

  const { id: activityId } = await createActivity(
    db.kysely,
    inspection.id,
    {
      kind: 'focus_group',
      title: FOCUS_GROUP,
      heldOn: dates.onsiteStartDate,
      startsAt: '10:00',
      endsAt: '11:00',
      place: 'Town hall, committee room 2',
      inspectorIds: [people.lead.id, people.inspector.id],
      participants: { parent_carer_forum: 8 },
    },
    lead,
  );
  const surveyId = await answeredParentsSurvey(db, inspection.id, lead);
  const noteIds = await seedNotes(db, inspection.id, { activityId, surveyId }, actorOf(people.inspector));

  if (stage === 'reporting') {
    await seedFindings(db, inspection.id, noteIds, surveyId, people);
    await transitionInspection(db.kysely, inspection.id, { to: 'reporting' }, lead);
  }
  const details = await getInspection(db.kysely, inspection.id);
  if (details?.area.name !== REPORT_AREA.name) throw new Error(`Area ${REPORT_AREA.laCode} is called "${details?.area.name}", not ${REPORT_AREA.name}`);
  return { id: inspection.id, reference: inspection.reference, slug: inspection.reference.toLowerCase(), noteIds };
}

/** The seed function for describeJourneys: the people, an inspection per run at the planned stage, and the earlier reports. */
export function seedReportJourneys(plan: ReportSeedPlan): (target: SeedTarget) => Promise<ReportSeed> {
  return async (target) => {
    const db = await openSeedDatabase(target);
    try {
      const people = {} as Record<ReportPerson, Account & { id: string }>;
      for (const key of Object.keys(PEOPLE) as ReportPerson[]) people[key] = await addPerson(db, PEOPLE[key]);
      const stage = plan.inspection;
      const inspections = stage ? { withJavaScript: await seedInspection(db, people, stage), withoutJavaScript: await seedInspection(db, people, stage) } : undefined;
      if (plan.history) await importHistoricalInspections(db.kysely, JSON.stringify(HISTORY), { actor: actorOf(people.admin), today: today() });
      return { ...people, inspections };
    } finally {
      await db.close();
    }
  };
}

export function reportInspectionFor(seed: ReportSeed, javaScript: boolean): SeededReportInspection {
  if (!seed.inspections) throw new Error('The seed made no inspection: give the plan an `inspection` stage.');
  return javaScript ? seed.inspections.withJavaScript : seed.inspections.withoutJavaScript;
}
