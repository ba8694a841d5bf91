// Test fixtures for fieldwork and evidence: activities and notes written straight to the tables (with
// each note's version-1 row, and the tally counted again), so tests and benchmarks need not go through the services.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createCasesFixture, type CasesFixture } from '../cases/case-test-support.ts';
import { allCriteria } from '../frameworks/framework.ts';
import { getInspection } from '../inspections/inspection.service.ts';
import type { Db } from '../platform/db/database.ts';
import type { Database } from '../platform/db/schema.ts';
import type { NoteContent } from './evidence-note.ts';
import { recountTally } from './evidence-tally.repository.ts';
import { THEME_CODES, type ActivityKind, type NoteSourceKind, type ParticipantGroup, type Polarity, type SettingType } from './evidence.ts';

type AnyDb = Db | Kysely<Database>;

function kyselyOf(db: AnyDb): Kysely<Database> {
  // A Kysely instance has selectFrom; a Db (possibly a test proxy, which `in` cannot see through) has kysely.
  return typeof (db as Kysely<Database>).selectFrom === 'function' ? (db as Kysely<Database>) : (db as Db).kysely;
}

/** The cases fixture (a notified 2023 inspection with its team); notes and activities hang off it. */
export async function createEvidenceFixture(db: Db, laCode = '352'): Promise<CasesFixture> {
  return createCasesFixture(db, laCode);
}

export type FixtureActivity = {
  id?: string;
  kind?: ActivityKind;
  title?: string;
  settingType?: SettingType | null;
  urn?: string | null;
  heldOn?: string;
  startsAt?: string;
  endsAt?: string;
  place?: string;
  caseId?: string | null;
  description?: string;
  inspectorIds?: string[];
  participants?: Partial<Record<ParticipantGroup, number>>;
  createdBy?: { id: string | null; label: string };
};

/** Inserts an activity (a meeting on the second day on site unless told otherwise) with its inspectors and participant counts. */
export async function addFixtureActivity(db: AnyDb, inspectionId: string, overrides: FixtureActivity = {}): Promise<{ id: string }> {
  const k = kyselyOf(db);
  const kind = overrides.kind ?? 'meeting';
  const settingType = overrides.settingType !== undefined ? overrides.settingType : kind === 'setting_visit' ? 'primary' : null;
  const row = await k
    .insertInto('fieldwork_activity')
    .values({
      ...(overrides.id ? { id: overrides.id } : {}),
      inspection_id: inspectionId,
      kind,
      title: overrides.title ?? 'Meeting with SEND leaders',
      setting_type: settingType,
      urn: overrides.urn ?? null,
      held_on: overrides.heldOn ?? '2026-11-24',
      starts_at: overrides.startsAt ?? '10:00',
      ends_at: overrides.endsAt ?? '11:00',
      place: overrides.place ?? 'Town hall',
      case_id: overrides.caseId ?? null,
      description: overrides.description ?? '',
      created_by: overrides.createdBy?.id ?? null,
      created_by_label: overrides.createdBy?.label ?? 'fixture',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const inspectorIds = overrides.inspectorIds ?? [];
  if (inspectorIds.length > 0) {
    await k
      .insertInto('activity_inspector')
      .values(inspectorIds.map((userId) => ({ activity_id: row.id, user_id: userId })))
      .execute();
  }
  const participants = Object.entries(overrides.participants ?? { education_staff: 4 }).filter(([, count]) => (count ?? 0) > 0);
  if (participants.length > 0) {
    await k
      .insertInto('activity_participant')
      .values(participants.map(([group, count]) => ({ activity_id: row.id, participant_group: group as ParticipantGroup, participant_count: count! })))
      .execute();
  }
  return { id: row.id };
}

export type FixtureNote = {
  id?: string;
  body?: string;
  criteria?: string[];
  themes?: string[];
  polarity?: Polarity;
  sourceKind?: NoteSourceKind;
  activityId?: string | null;
  caseId?: string | null;
  surveyId?: string | null;
  sourceDetail?: string;
  /** Defaults to the inspection's first lead on the team. */
  author?: { id: string | null; label: string };
  /** Who saved it last; defaults to the author. */
  updatedBy?: { id: string | null; label: string };
  createdAt?: Date | string;
  updatedAt?: Date | string;
  editSession?: string;
};

type NoteValues = {
  id: string;
  inspection_id: string;
  body: string;
  criteria: string[];
  themes: string[];
  polarity: Polarity;
  source_kind: NoteSourceKind;
  activity_id: string | null;
  case_id: string | null;
  survey_id: string | null;
  source_detail: string;
  edit_session: string;
  author_id: string | null;
  author_label: string;
  updated_by: string | null;
  updated_by_label: string;
  created_at: Date;
  updated_at: Date;
};

const AUTHOR_PREFERENCE = ['ofsted_lead', 'cqc_lead', 'inspector'];

async function defaultAuthor(k: Kysely<Database>, inspectionId: string): Promise<{ id: string | null; label: string }> {
  const members = await k
    .selectFrom('inspection_team_member')
    .innerJoin('app_user', 'app_user.id', 'inspection_team_member.user_id')
    .select(['app_user.id', 'app_user.email', 'inspection_team_member.role'])
    .where('inspection_team_member.inspection_id', '=', inspectionId)
    .orderBy('inspection_team_member.created_at')
    .execute();
  const rank = (role: string) => (AUTHOR_PREFERENCE.includes(role) ? AUTHOR_PREFERENCE.indexOf(role) : AUTHOR_PREFERENCE.length);
  const member = members.sort((a, b) => rank(a.role) - rank(b.role))[0];
  return member ? { id: member.id, label: member.email } : { id: null, label: 'fixture' };
}

function noteValues(inspectionId: string, overrides: FixtureNote, author: { id: string | null; label: string }): NoteValues {
  const createdAt = new Date(overrides.createdAt ?? new Date());
  const updatedBy = overrides.updatedBy ?? author;
  const sourceKind = overrides.sourceKind ?? 'data';
  return {
    id: overrides.id ?? randomUUID(),
    inspection_id: inspectionId,
    body: overrides.body ?? 'Leaders know the waiting times for therapy assessments well.',
    criteria: overrides.criteria ?? ['I1'],
    themes: overrides.themes ?? [],
    polarity: overrides.polarity ?? 'neutral',
    source_kind: sourceKind,
    activity_id: overrides.activityId ?? null,
    case_id: overrides.caseId ?? null,
    survey_id: overrides.surveyId ?? null,
    source_detail: overrides.sourceDetail ?? (sourceKind === 'data' ? 'Local area performance data' : ''),
    edit_session: overrides.editSession ?? randomUUID(),
    author_id: author.id,
    author_label: author.label,
    updated_by: updatedBy.id,
    updated_by_label: updatedBy.label,
    created_at: createdAt,
    updated_at: new Date(overrides.updatedAt ?? createdAt),
  };
}

function versionOf(note: NoteValues) {
  return {
    note_id: note.id,
    version: 1,
    body: note.body,
    criteria: note.criteria,
    themes: note.themes,
    polarity: note.polarity,
    source_kind: note.source_kind,
    activity_id: note.activity_id,
    case_id: note.case_id,
    survey_id: note.survey_id,
    source_detail: note.source_detail,
    edit_session: note.edit_session,
    edited_by: note.updated_by,
    edited_by_label: note.updated_by_label,
    edited_at: note.updated_at,
  };
}

async function insertNotes(k: Kysely<Database>, notes: NoteValues[]): Promise<void> {
  if (notes.length === 0) return;
  await k.insertInto('evidence_note').values(notes).execute();
  await k.insertInto('evidence_note_version').values(notes.map(versionOf)).execute();
}

/** Inserts one note (version 1, revision 1) and its version row, and counts it in the tally. Defaults: a neutral note on I1 from performance data by the first lead. */
export async function addFixtureNote(db: AnyDb, inspectionId: string, overrides: FixtureNote = {}): Promise<{ id: string }> {
  const k = kyselyOf(db);
  const author = overrides.author ?? (await defaultAuthor(k, inspectionId));
  const note = noteValues(inspectionId, overrides, author);
  await insertNotes(k, [note]);
  await recountTally(k, inspectionId);
  return { id: note.id };
}

/** A small deterministic generator, so a seed always gives the same notes. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPENINGS = [
  'Parents told us that',
  'Leaders explained that',
  'A SENCo described how',
  'Health staff said that',
  'The young person told us that',
  'Case records show that',
  'Social workers explained that',
  'The parent carer forum said that',
];
const MIDDLES = [
  'waiting times for speech and language therapy have grown',
  'EHC needs assessments are mostly finished within twenty weeks',
  'annual reviews are often late and plans are not updated',
  'families struggle to get a reply from the SEND team',
  'the neurodevelopmental pathway has a long waiting list',
  'co-production with families shapes the local offer',
  'transitions to adulthood are planned early',
  'short breaks are hard to find for children with complex needs',
  'school transport arrangements caused missed education',
  'mental health support in schools has improved',
];
const CLOSINGS = [
  'This matches what the survey found.',
  'Leaders are aware and have a plan.',
  'We saw this in several of the tracked cases.',
  'This is having a real impact on families.',
  'Records did not show any follow-up.',
  '',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function pickSome<T>(random: () => number, items: readonly T[], most: number): T[] {
  const count = Math.floor(random() * (most + 1));
  const chosen = new Set<T>();
  for (let i = 0; i < count; i++) chosen.add(pick(random, items));
  return [...chosen];
}

type SourceChoices = { activityIds: string[]; trackedCaseIds: string[]; reviewCaseIds: string[]; surveyIds: string[] };

async function sourcesOf(k: Kysely<Database>, inspectionId: string): Promise<SourceChoices> {
  const [activities, cases, surveys] = await Promise.all([
    k.selectFrom('fieldwork_activity').select('id').where('inspection_id', '=', inspectionId).execute(),
    k.selectFrom('sampled_case').select(['id', 'purpose']).where('inspection_id', '=', inspectionId).execute(),
    k.selectFrom('survey').select('id').where('inspection_id', '=', inspectionId).execute(),
  ]);
  return {
    activityIds: activities.map((a) => a.id),
    trackedCaseIds: cases.filter((c) => c.purpose === 'tracked').map((c) => c.id),
    reviewCaseIds: cases.filter((c) => c.purpose === 'review').map((c) => c.id),
    surveyIds: surveys.map((s) => s.id),
  };
}

/** A source for a generated note: one the inspection has, falling back to performance data. */
function pickSource(random: () => number, sources: SourceChoices): Pick<FixtureNote, 'sourceKind' | 'activityId' | 'caseId' | 'surveyId' | 'sourceDetail'> {
  const kinds: NoteSourceKind[] = ['data'];
  if (sources.activityIds.length > 0) kinds.push('activity', 'activity', 'activity');
  if (sources.trackedCaseIds.length > 0) kinds.push('tracked_case');
  if (sources.reviewCaseIds.length > 0) kinds.push('reviewed_plan');
  if (sources.surveyIds.length > 0) kinds.push('survey');
  const kind = pick(random, kinds);
  switch (kind) {
    case 'activity':
      return { sourceKind: kind, activityId: pick(random, sources.activityIds) };
    case 'tracked_case':
      return { sourceKind: kind, caseId: pick(random, sources.trackedCaseIds) };
    case 'reviewed_plan':
      return { sourceKind: kind, caseId: pick(random, sources.reviewCaseIds) };
    case 'survey':
      return { sourceKind: kind, surveyId: pick(random, sources.surveyIds) };
    default:
      return { sourceKind: 'data', sourceDetail: pick(random, ['EHC plan timeliness (SEN2)', 'Absence and exclusions', 'Waiting times for therapies']) };
  }
}

const BATCH = 500;

/**
 * Inserts `count` varied notes (criteria of the inspection's framework, themes, polarities, sources
 * among the inspection's activities, sampled cases and surveys, authors from its team, dates across
 * the fieldwork week) in multi-row inserts of 500. The same seed gives the same notes.
 */
export async function addManyFixtureNotes(db: AnyDb, inspectionId: string, count: number, seed = 1): Promise<string[]> {
  const k = kyselyOf(db);
  const details = await getInspection(k, inspectionId);
  if (!details) throw new Error(`No inspection ${inspectionId}`);
  const criteria = allCriteria(details.framework.definition).map((c) => c.code);
  const authors: { id: string | null; label: string }[] = details.team.filter((m) => m.role !== 'qa_reader').map((m) => ({ id: m.user_id, label: m.email }));
  if (authors.length === 0) authors.push({ id: null, label: 'fixture' });
  const sources = await sourcesOf(k, inspectionId);
  const random = seededRandom(seed);
  const start = Date.parse(`${details.inspection.onsite_start_date}T08:00:00Z`);
  const ids: string[] = [];
  let batch: NoteValues[] = [];
  for (let i = 0; i < count; i++) {
    const author = pick(random, authors);
    const note = noteValues(
      inspectionId,
      {
        body: [pick(random, OPENINGS), pick(random, MIDDLES) + '.', pick(random, CLOSINGS)].filter(Boolean).join(' '),
        criteria: [pick(random, criteria), ...pickSome(random, criteria, 1)].filter((c, n, all) => all.indexOf(c) === n),
        themes: pickSome(random, THEME_CODES, 2),
        polarity: pick(random, ['strength', 'concern', 'concern', 'neutral'] as const),
        ...pickSource(random, sources),
        createdAt: new Date(start + Math.floor(random() * 5 * 24 * 60) * 60_000),
      },
      author,
    );
    ids.push(note.id);
    batch.push(note);
    if (batch.length === BATCH) {
      await insertNotes(k, batch);
      batch = [];
    }
  }
  await insertNotes(k, batch);
  await recountTally(k, inspectionId);
  return ids;
}

/** A note's content about an activity: a concern tagged I1 and L2, with any field replaced. */
export function fixtureNoteContent(activityId: string, overrides: Partial<NoteContent> = {}): NoteContent {
  return {
    body: 'Parents said the wait for a speech and language assessment was over a year.',
    criteria: ['I1', 'L2'],
    themes: [],
    polarity: 'concern',
    sourceKind: 'activity',
    activityId,
    caseId: null,
    surveyId: null,
    sourceDetail: '',
    ...overrides,
  };
}
