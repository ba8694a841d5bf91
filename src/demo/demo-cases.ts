// The demo inspection's cases, made through the same use cases people use: the data request under
// way, a synthetic person-level file imported, a sample drawn, one case replaced and the sample
// shared, documents sent, tracking under way, and plan reviews (some reviewed twice, to moderate).
import type { Actor } from '../inspections/inspection.service.ts';
import { addCaseDocument } from '../cases/case-documents.service.ts';
import { importPersonLevelData } from '../cases/case-import.service.ts';
import { currentSample, drawCaseSample, replaceCase, shareWithArea } from '../cases/case-sample.service.ts';
import { addNote, saveMeeting } from '../cases/case-tracking.service.ts';
import { changeItemStatus, ensureDataRequest, getDataRequest, uploadItemFiles } from '../cases/data-request.service.ts';
import { templateHeadings, templateRow } from '../cases/person-template.ts';
import { saveReview } from '../cases/plan-review.service.ts';
import type { Db } from '../platform/db/database.ts';
import { addWorkingDays } from '../platform/working-days.ts';
import { childSeed, createRandom, type Random } from './demo-random.ts';
import { syntheticPeople } from './demo-people.ts';
import type { DemoDates } from './demo.ts';
import { stringify } from 'csv-stringify/sync';

/** Several thousand children and young people: a mid-sized area. */
export const DEMO_PEOPLE_COUNT = 4_800;
export const DEMO_SAMPLE_SEED = 'northbrook-2026';
const DEMO_FILE_LIMIT = 5 * 1024 * 1024;

export type DemoCaseActors = { lead: Actor; cqcLead: Actor; inspector: Actor; officer: Actor };

export type SeededDemoCases = { people: number; tracked: number; reviewed: number; secondReviews: number };

/** The person-level file as the area would send it: the template's headings, one row a child. */
export function demoPersonLevelCsv(dataDate: string, seed: number): { csv: string; count: number } {
  const people = syntheticPeople({ count: DEMO_PEOPLE_COUNT, seed: childSeed(seed, 'people'), dataDate });
  const headings = templateHeadings();
  const rows = people.map((person) => {
    const row = templateRow(person) as Record<string, string>;
    return headings.map((h) => row[h] ?? '');
  });
  return { csv: stringify([headings, ...rows]), count: people.length };
}

/** Short documents that say plainly they belong to the fictional demo area. */
function demoDocument(title: string, lines: string[]): Buffer {
  return Buffer.from([`${title}`, 'Northbrook (a fictional area for demonstration)', '', ...lines, ''].join('\n'));
}

async function seedDataRequest(db: Db, inspectionId: string, actors: DemoCaseActors): Promise<void> {
  await ensureDataRequest(db.kysely, inspectionId, actors.lead);
  const overview = await getDataRequest(db.kysely, inspectionId, '2000-01-01');
  const sent: Record<string, { file: string; lines: string[] }> = {
    self_evaluation: { file: 'northbrook-send-self-evaluation.txt', lines: ['What we know about our children and young people with SEND, what is working and what is not yet.'] },
    send_strategy: { file: 'northbrook-send-strategy-2025-2028.txt', lines: ['Our shared ambitions for children and young people with SEND, agreed with the parent carer forum.'] },
    governance_structure: { file: 'northbrook-send-partnership-governance.txt', lines: ['The SEND partnership board, its members and how it reports to the council and the ICB.'] },
  };
  for (const item of overview.items) {
    const planned = item.code ? sent[item.code] : undefined;
    if (!planned) continue;
    await uploadItemFiles(db.kysely, inspectionId, item.id, [{ fileName: planned.file, bytes: demoDocument(item.title, planned.lines) }], actors.officer, DEMO_FILE_LIMIT);
    if (item.code === 'self_evaluation') await changeItemStatus(db.kysely, inspectionId, item.id, { action: 'accept', note: '' }, actors.lead);
  }
}

const CRITERIA_NOTES: readonly { body: string; criteria: string[] }[] = [
  { body: 'Mother said the speech and language therapist’s advice was written into the plan word for word and the school follows it; she felt listened to at the annual review.', criteria: ['I2', 'I3'] },
  { body: 'Social worker was not invited to the last annual review; the plan’s section H is blank although the family has short breaks.', criteria: ['L6', 'I3'] },
  { body: 'The young person told us he wants to work with animals; the plan’s preparing-for-adulthood outcomes do not mention it.', criteria: ['I4', 'I2'] },
  { body: 'Waited 14 months on the neurodevelopmental pathway before the assessment; the school put support in place meanwhile.', criteria: ['I1'] },
];

async function seedTracking(db: Db, inspectionId: string, dates: DemoDates, actors: DemoCaseActors, random: Random): Promise<void> {
  const sample = (await currentSample(db.kysely, inspectionId))!;
  const tracked = sample.cases.filter((c) => c.purpose === 'tracked' && c.active);
  const groups = [
    ['child_young_person', 'family', 'education', 'health'],
    ['family', 'education', 'social_care'],
    ['child_young_person', 'family', 'education', 'health', 'social_care'],
  ];
  for (const [index, chosen] of tracked.slice(0, 3).entries()) {
    await saveMeeting(db.kysely, inspectionId, chosen.id, { heldOn: addWorkingDays(dates.notificationDate, 6 + index), attendees: groups[index]!, attendeeNote: '' }, actors.inspector);
    const note = CRITERIA_NOTES[(index + random.int(CRITERIA_NOTES.length)) % CRITERIA_NOTES.length]!;
    await addNote(db.kysely, inspectionId, chosen.id, note, actors.inspector);
  }
}

async function seedDocuments(db: Db, inspectionId: string, actors: DemoCaseActors): Promise<void> {
  const sample = (await currentSample(db.kysely, inspectionId))!;
  const chosen = sample.cases.filter((c) => c.active).slice(0, 12);
  for (const one of chosen) {
    const title = one.purpose === 'tracked' ? 'EHC plan and latest annual review' : 'EHC plan';
    await addCaseDocument(
      db.kysely,
      { inspectionId, caseId: one.id, fileName: `${one.personId}-ehc-plan.txt`, bytes: demoDocument(`${title} for ${one.personId}`, ['Sections A to K, as issued.']), description: title },
      'area',
      DEMO_FILE_LIMIT,
      actors.officer,
    );
  }
}

const CRITERIA = ['sections', 'golden_thread', 'smart_outcomes', 'provision_quantified', 'health', 'social_care', 'voice', 'annual_review', 'preparing_for_adulthood'] as const;
const GRADES = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const;
const COMMENTS: Readonly<Record<string, string>> = {
  partly_met: 'Some of it is there, but the plan does not say clearly enough what will happen, who will do it or how often.',
  not_met: 'Missing or too vague to act on: a new setting or family could not tell from the plan what the child needs.',
  not_applicable: 'Below year 9, so preparing for adulthood is not yet required.',
};

function ratingsFor(random: Random, quality: number, youngerThanYear9: boolean): Record<string, { rating: string; comment: string }> {
  const ratings: Record<string, { rating: string; comment: string }> = {};
  for (const criterion of CRITERIA) {
    if (criterion === 'preparing_for_adulthood' && youngerThanYear9) {
      ratings[criterion] = { rating: 'not_applicable', comment: COMMENTS.not_applicable! };
      continue;
    }
    const roll = random.next() + quality;
    const rating = roll > 1.05 ? 'met' : roll > 0.55 ? 'partly_met' : 'not_met';
    ratings[criterion] = { rating, comment: rating === 'met' ? '' : COMMENTS[rating]! };
  }
  return ratings;
}

function gradeFor(ratings: Record<string, { rating: string }>): string {
  const scored = Object.values(ratings).filter((r) => r.rating !== 'not_applicable');
  const met = scored.filter((r) => r.rating === 'met').length / scored.length;
  const notMet = scored.filter((r) => r.rating === 'not_met').length / scored.length;
  return met > 0.85 ? GRADES[0] : notMet > 0.35 ? GRADES[3] : met >= 0.5 ? GRADES[1] : GRADES[2];
}

/** A second reviewer agrees on most criteria and differs on about one in five. */
function secondOpinion(random: Random, first: Record<string, { rating: string; comment: string }>): Record<string, { rating: string; comment: string }> {
  const second: Record<string, { rating: string; comment: string }> = {};
  for (const [criterion, value] of Object.entries(first)) {
    if (value.rating === 'not_applicable' || !random.chance(0.2)) {
      second[criterion] = { ...value };
      continue;
    }
    const rating = value.rating === 'met' ? 'partly_met' : value.rating === 'partly_met' ? random.pick(['met', 'not_met']) : 'partly_met';
    second[criterion] = { rating, comment: rating === 'met' ? '' : COMMENTS[rating]! };
  }
  return second;
}

async function seedReviews(db: Db, inspectionId: string, actors: DemoCaseActors, random: Random): Promise<{ reviewed: number; secondReviews: number }> {
  const sample = (await currentSample(db.kysely, inspectionId))!;
  const plans = sample.cases.filter((c) => c.purpose === 'review' && c.active).slice(0, 10);
  let secondReviews = 0;
  for (const [index, plan] of plans.entries()) {
    const youngerThanYear9 = (plan.person?.age ?? 14) < 13;
    const first = ratingsFor(random, index % 3 === 0 ? 0.1 : 0.35, youngerThanYear9);
    const reviewer = index % 2 === 0 ? actors.inspector : actors.lead;
    const summary = 'Reviewed with the plan, the latest annual review and the advice in section K.';
    await saveReview(db.kysely, inspectionId, plan.id, 'first', { ratings: first, overallGrade: gradeFor(first), summary, criteria: ['I3', 'L5'] }, { complete: true }, reviewer);
    if (index < 6) {
      const second = secondOpinion(random, first);
      await saveReview(db.kysely, inspectionId, plan.id, 'second', { ratings: second, overallGrade: gradeFor(second), summary: 'Second review for moderation.', criteria: [] }, { complete: true }, actors.cqcLead);
      secondReviews++;
    }
  }
  return { reviewed: plans.length, secondReviews };
}

/** Seeds the demo inspection's cases; `today` is the demo's date, inside its fieldwork week. */
export async function seedDemoCases(db: Db, inspectionId: string, dates: DemoDates, actors: DemoCaseActors, seed: number): Promise<SeededDemoCases> {
  const random = createRandom(childSeed(seed, 'cases'));
  await seedDataRequest(db, inspectionId, actors);
  const dataDate = addWorkingDays(dates.notificationDate, 2);
  const { csv, count } = demoPersonLevelCsv(dataDate, seed);
  const report = await importPersonLevelData(db, inspectionId, { fileName: 'northbrook-person-level-data.csv', chunks: [Buffer.from(csv)] as unknown as AsyncIterable<Uint8Array> }, actors.officer, { dataDate });
  if (report.status !== 'accepted') throw new Error(`The demo's person-level file was refused: ${JSON.stringify(report).slice(0, 500)}`);
  await drawCaseSample(db.kysely, inspectionId, { tracked: 6, review: 40, seed: DEMO_SAMPLE_SEED }, actors.lead);
  const sample = (await currentSample(db.kysely, inspectionId))!;
  const toReplace = sample.cases.find((c) => c.purpose === 'review' && c.active);
  if (toReplace) await replaceCase(db.kysely, inspectionId, toReplace.id, { reason: 'The plan was ceased last month: the young person has moved out of the area.' }, actors.lead);
  await shareWithArea(db.kysely, inspectionId, actors.lead, new Date(`${addWorkingDays(dates.notificationDate, 4)}T10:00:00Z`));
  await seedDocuments(db, inspectionId, actors);
  await seedTracking(db, inspectionId, dates, actors, random);
  const reviews = await seedReviews(db, inspectionId, actors, random);
  return { people: count, tracked: sample.cases.filter((c) => c.purpose === 'tracked' && c.active).length, ...reviews };
}
