// Inspections ready for the fieldwork and evidence journeys: the cases journeys' people and notified
// inspections (cases-seed.ts), then, through the product's own use cases, the activities, surveys
// and evidence notes a journey starts from, in each run's inspection.
import { randomUUID } from 'node:crypto';
import { prepareDatabase } from '../../src/bootstrap.ts';
import { fieldworkInspectionDates } from '../../src/demo/demo.ts';
import { createActivity } from '../../src/evidence/activity.service.ts';
import type { ActivityKind, NoteSourceKind, ParticipantGroup, Polarity, SettingType } from '../../src/evidence/evidence.ts';
import { saveNote } from '../../src/evidence/evidence-note.service.ts';
import type { Actor } from '../../src/inspections/inspection.service.ts';
import { findUserIdByEmail } from '../../src/platform/auth/user.service.ts';
import { openDatabase, type Db } from '../../src/platform/db/database.ts';
import { createSurveys } from '../../src/surveys/survey.service.ts';
import type { SurveyAudience } from '../../src/surveys/survey.ts';
import { casesInspectionFor, seedCasesJourneys, today, type CasesSeed, type SeededCasesInspection } from './cases-seed.ts';
import type { SeedTarget } from './server.ts';

/** The inspection team of the cases seed, by the keys its accounts have. */
export type TeamMember = 'lead' | 'inspector' | 'secondInspector';

export type SeedActivity = {
  kind: ActivityKind;
  title: string;
  settingType?: SettingType;
  urn?: string;
  /** Working days after the first day on site (0: the first day). */
  onsiteDay?: number;
  startsAt: string;
  endsAt: string;
  place?: string;
  inspectors: TeamMember[];
  participants: Partial<Record<ParticipantGroup, number>>;
};

/** Where a seeded note's evidence came from: one of the seeded activities (by index), a survey, or data. */
export type SeedNoteSource = { activity: number } | { survey: SurveyAudience } | { data: string };

export type SeedNote = {
  body: string;
  criteria: string[];
  themes?: string[];
  polarity: Polarity;
  source: SeedNoteSource;
  author: TeamMember;
};

export type EvidenceSeedPlan = {
  activities?: SeedActivity[];
  /** Create the inspection's three surveys (needed by notes whose source is a survey). */
  surveys?: boolean;
  notes?: SeedNote[];
};

export type SeededEvidenceInspection = SeededCasesInspection & {
  onsiteStartDate: string;
  /** In the plan's order. */
  activityIds: string[];
  noteIds: string[];
};

export type EvidenceSeed = CasesSeed & {
  evidence: { withJavaScript: SeededEvidenceInspection; withoutJavaScript: SeededEvidenceInspection };
};

/** The day `days` working days after `date` ('YYYY-MM-DD'). */
export function addWorkingDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

async function openSeedDatabase(target: SeedTarget): Promise<Db> {
  const db = target.databaseUrl
    ? await openDatabase({ kind: 'postgres', connectionString: target.databaseUrl, poolSize: 2 })
    : await openDatabase({ kind: 'pglite', dataDir: target.dataDir, command: 'the evidence journeys\u2019 seed' });
  await prepareDatabase(db);
  return db;
}

async function actorsOf(db: Db, seed: CasesSeed): Promise<Record<TeamMember, Actor>> {
  const actor = async (key: TeamMember): Promise<Actor> => {
    const id = await findUserIdByEmail(db.kysely, seed[key].email);
    if (!id) throw new Error(`The cases seed made no account for ${seed[key].email}`);
    return { id, label: seed[key].email };
  };
  return { lead: await actor('lead'), inspector: await actor('inspector'), secondInspector: await actor('secondInspector') };
}

function noteSource(source: SeedNoteSource, activityIds: string[], surveyIds: Partial<Record<SurveyAudience, string>>) {
  const none = { activityId: null, caseId: null, surveyId: null, sourceDetail: '' };
  if ('activity' in source) return { ...none, sourceKind: 'activity' as NoteSourceKind, activityId: activityIds[source.activity] };
  if ('survey' in source) {
    const surveyId = surveyIds[source.survey];
    if (!surveyId) throw new Error('A note about a survey needs the plan to create the surveys (surveys: true).');
    return { ...none, sourceKind: 'survey' as NoteSourceKind, surveyId };
  }
  return { ...none, sourceKind: 'data' as NoteSourceKind, sourceDetail: source.data };
}

async function seedEvidence(db: Db, inspection: SeededCasesInspection, actors: Record<TeamMember, Actor>, plan: EvidenceSeedPlan): Promise<SeededEvidenceInspection> {
  // The cases seed sets the inspection's dates around today in the same way.
  const { onsiteStartDate } = fieldworkInspectionDates(today());
  const activityIds: string[] = [];
  for (const activity of plan.activities ?? []) {
    const { id } = await createActivity(
      db.kysely,
      inspection.id,
      {
        kind: activity.kind,
        title: activity.title,
        settingType: activity.settingType ?? null,
        urn: activity.urn ?? null,
        heldOn: addWorkingDays(onsiteStartDate, activity.onsiteDay ?? 0),
        startsAt: activity.startsAt,
        endsAt: activity.endsAt,
        place: activity.place ?? '',
        inspectorIds: activity.inspectors.map((key) => actors[key].id!),
        participants: activity.participants,
      },
      actors.lead,
    );
    activityIds.push(id);
  }
  const surveyIds: Partial<Record<SurveyAudience, string>> = {};
  if (plan.surveys) for (const survey of await createSurveys(db.kysely, inspection.id, actors.lead)) surveyIds[survey.audience] = survey.id;
  const noteIds: string[] = [];
  for (const note of plan.notes ?? []) {
    const noteId = randomUUID();
    const content = { body: note.body, criteria: note.criteria, themes: note.themes ?? [], polarity: note.polarity, ...noteSource(note.source, activityIds, surveyIds) };
    const outcome = await saveNote(db.kysely, inspection.id, noteId, { content, baseRevision: 0, editSession: randomUUID() }, actors[note.author]);
    if (outcome.status !== 'saved') throw new Error(`The seeded note "${note.body.slice(0, 40)}" was not saved: ${outcome.status}`);
    noteIds.push(noteId);
  }
  return { ...inspection, onsiteStartDate, activityIds, noteIds };
}

/** The seed function for describeJourneys: the cases journeys' people and inspections, with the plan's evidence in each. */
export function seedEvidenceJourneys(plan: EvidenceSeedPlan = {}): (target: SeedTarget) => Promise<EvidenceSeed> {
  return async (target) => {
    const seed = await seedCasesJourneys()(target);
    const db = await openSeedDatabase(target);
    try {
      const actors = await actorsOf(db, seed);
      const withJavaScript = await seedEvidence(db, casesInspectionFor(seed, true), actors, plan);
      const withoutJavaScript = await seedEvidence(db, casesInspectionFor(seed, false), actors, plan);
      return { ...seed, evidence: { withJavaScript, withoutJavaScript } };
    } finally {
      await db.close();
    }
  };
}

export function evidenceInspectionFor(seed: EvidenceSeed, javaScript: boolean): SeededEvidenceInspection {
  return javaScript ? seed.evidence.withJavaScript : seed.evidence.withoutJavaScript;
}

/** 'Monday 23 November 2026', as the fieldwork pages head a day. */
export function dayHeading(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(`${date}T12:00:00Z`))
    .replace(',', '');
}
