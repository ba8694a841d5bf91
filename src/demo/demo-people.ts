// Synthetic person-level data for a fictional area: children and young people with SEND whose
// mix of needs, ages, sex, placements and plan timeliness follows the national figures in
// ../shared/data/send-national-figures.md. Seeded, so the same seed gives the same people.
// Used by the demo, the tests and the benchmarks; nobody in it is real.
import {
  ageAt,
  type AgePhase,
  type PersonRecord,
  type PlacementType,
  type PrimaryNeed,
  type SenStatus,
  type Sex,
  type SocialCareStatus,
} from '../cases/case.ts';
import { createRandom, type Random } from './demo-random.ts';

type Weights<T> = readonly (readonly [T, number])[];

/** Share of children with SEND who have an EHC plan: 27.3% of pupils with SEN in January 2025 (figures §0). */
const EHCP_SHARE = 0.3;

/** Primary need of active EHC plans, January 2025, per cent (figures (a1)). */
const EHCP_NEEDS: Weights<PrimaryNeed> = [
  ['ASD', 31.5],
  ['SLCN', 21.3],
  ['SEMH', 20.7],
  ['MLD', 10.6],
  ['SLD', 3.9],
  ['PD', 3.9],
  ['SPLD', 2.4],
  ['HI', 1.4],
  ['PMLD', 1.3],
  ['OTH', 1.2],
  ['VI', 0.8],
  ['MSI', 0.3],
  ['UNKNOWN', 0.8],
];

/** SEN support: no national breakdown was found; SLCN is the largest (figures (a3)), the rest after Devon's example. */
const SEN_SUPPORT_NEEDS: Weights<PrimaryNeed> = [
  ['SLCN', 25],
  ['SEMH', 21],
  ['MLD', 16],
  ['SPLD', 15],
  ['ASD', 9],
  ['NSA', 6],
  ['PD', 2],
  ['HI', 1.5],
  ['VI', 1],
  ['OTH', 3],
  ['MSI', 0.5],
];

/** Age bands of EHC plans, after the safe prior in figures (b). */
const EHCP_AGES: Weights<AgePhase> = [
  ['under_5', 4],
  ['5_to_10', 38],
  ['11_to_15', 36],
  ['16_to_19', 18],
  ['20_to_25', 4],
];

/** SEN support is recorded in schools: nearly all aged 4 to 16. */
const SEN_SUPPORT_AGES: Weights<AgePhase> = [
  ['under_5', 3],
  ['5_to_10', 50],
  ['11_to_15', 42],
  ['16_to_19', 5],
];

const AGE_RANGE: Readonly<Record<AgePhase, readonly [number, number]>> = {
  under_5: [2, 4],
  '5_to_10': [5, 10],
  '11_to_15': [11, 15],
  '16_to_19': [16, 19],
  '20_to_25': [20, 25],
};

/** 70.6% of EHC plans are held by boys (figures (d)); SEN support's split was not found, taken as 64%. */
const MALE_SHARE: Readonly<Record<SenStatus, number>> = { EHCP: 0.706, SEN_SUPPORT: 0.64 };

/** Timeliness of new plans in 2024: 46.4% within 20 weeks, 7% over 52 (figures (e1)). */
const NEW_PLAN_WEEKS: Weights<'within' | 'late' | 'very_late'> = [
  ['within', 46.4],
  ['late', 46.6],
  ['very_late', 7],
];

function schoolPlacement(random: Random, status: SenStatus, special: number): PlacementType {
  if (status === 'SEN_SUPPORT') return random.weighted([['MAINSTREAM', 97], ['ALTERNATIVE_PROVISION', 1.5], ['HOME_EDUCATED', 1.5]]);
  return random.weighted([
    ['MAINSTREAM', 100 - special - 14],
    ['MAINSTREAM_RESOURCED', 6],
    ['SPECIAL', special],
    ['INDEPENDENT_SPECIAL', 3.5],
    ['ALTERNATIVE_PROVISION', 2],
    ['HOME_EDUCATED', 1],
    ['OTHER_ARRANGEMENT', 1],
    ['NONE', 0.5],
  ]);
}

/** Mainstream 43.3% and special 32.3% of EHC plans in January 2024 (figures (c)), spread by age. */
function placementFor(random: Random, status: SenStatus, age: number): PlacementType {
  if (age < 5) return random.weighted([['EARLY_YEARS', 70], ['MAINSTREAM', 20], ['SPECIAL', status === 'EHCP' ? 10 : 0]]);
  if (age <= 10) return schoolPlacement(random, status, 30);
  if (age <= 15) return schoolPlacement(random, status, 38);
  if (age <= 19) {
    if (status === 'SEN_SUPPORT') return random.weighted([['MAINSTREAM', 60], ['FURTHER_EDUCATION', 40]]);
    return random.weighted([['FURTHER_EDUCATION', 45], ['SPECIAL', 25], ['MAINSTREAM', 10], ['SPECIALIST_POST16', 10], ['NEET', 6], ['OTHER_ARRANGEMENT', 4]]);
  }
  return random.weighted([['FURTHER_EDUCATION', 40], ['SPECIALIST_POST16', 30], ['NEET', 15], ['OTHER_ARRANGEMENT', 15]]);
}

function socialCareFor(random: Random, age: number): SocialCareStatus {
  if (age >= 18) return random.weighted([['NONE', 93], ['CARE_LEAVER', 7]]);
  return random.weighted([['NONE', 79], ['EARLY_HELP', 6], ['CHILD_IN_NEED', 8], ['CHILD_PROTECTION', 2.5], ['LOOKED_AFTER', 4.5]]);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function dayMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

const DAY = 86_400_000;

/** The birth month of someone `age` years old at `dataDate`. */
function birthMonthFor(random: Random, age: number, dataDate: string): string {
  const [y, m] = dataDate.split('-').map(Number) as [number, number];
  const monthsBack = age * 12 + random.int(12);
  const index = y * 12 + (m - 1) - monthsBack;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** England's year group at the data date: reception is the year a child turns 5. */
function yearGroupFor(birthMonth: string, dataDate: string): string | null {
  const [by, bm] = birthMonth.split('-').map(Number) as [number, number];
  const [y, m] = dataDate.split('-').map(Number) as [number, number];
  const academicStart = m >= 9 ? y : y - 1;
  const ageAtSeptember = academicStart - by - (bm >= 9 ? 1 : 0);
  const group = ageAtSeptember - 4;
  if (group === 0) return 'R';
  if (group === -1) return 'N2';
  if (group === -2) return 'N1';
  if (group >= 1 && group <= 14) return String(group);
  return null;
}

function planDates(random: Random, age: number, birthMonth: string, dataDate: string): Pick<PersonRecord, 'requestDate' | 'assessmentDecisionDate' | 'planIssuedDate' | 'exceptionApplies' | 'lastReviewDate'> {
  const end = dayMs(dataDate);
  const born = dayMs(`${birthMonth}-01`);
  const yearsHeld = Math.min(age - 2, random.weighted([[0, 22], [1, 18], [2, 15], [3, 12], [4, 10], [6, 13], [9, 10]]));
  // Nobody's plan is issued in their first months of life.
  const issued = Math.max(born + 120 * DAY, end - Math.max(0, yearsHeld) * 365 * DAY - random.int(365) * DAY - DAY);
  const band = random.weighted(NEW_PLAN_WEEKS);
  const weeks = band === 'within' ? 12 + random.int(9) : band === 'late' ? 21 + random.int(31) : 53 + random.int(30);
  const requested = issued - weeks * 7 * DAY;
  const decided = requested + (4 + random.int(5)) * 7 * DAY;
  const knownRequest = (yearsHeld <= 3 || random.chance(0.6)) && requested > born + 31 * DAY;
  const sinceIssue = Math.floor((end - issued) / DAY);
  // Most plans were reviewed in the last year; about one in six is overdue.
  let lastReview: number | null = null;
  if (sinceIssue > 330) {
    const overdue = random.chance(0.16);
    lastReview = overdue ? end - (366 + random.int(300)) * DAY : end - random.int(Math.min(360, sinceIssue - 1)) * DAY;
    if (lastReview <= issued) lastReview = null;
  }
  return {
    requestDate: knownRequest ? isoDate(requested) : null,
    assessmentDecisionDate: knownRequest ? isoDate(Math.min(decided, issued)) : null,
    planIssuedDate: isoDate(issued),
    exceptionApplies: band !== 'within' && random.chance(0.08),
    lastReviewDate: lastReview === null ? null : isoDate(lastReview),
  };
}

function personId(random: Random, taken: Set<string>): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  for (;;) {
    let id = 'NB';
    for (let i = 0; i < 8; i++) id += letters[random.int(letters.length)];
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

const SETTINGS: Readonly<Partial<Record<PlacementType, readonly string[]>>> = {
  EARLY_YEARS: ['Little Acorns Nursery', 'Northbrook Children’s Centre Nursery', 'Riverside Pre-school'],
  MAINSTREAM: ['Northbrook Primary School', 'St Anne’s CE Primary School', 'Millfield Academy', 'Northbrook High School', 'Castle Hill School', 'Westgate Primary School'],
  MAINSTREAM_RESOURCED: ['Millfield Academy (resourced provision)', 'Westgate Primary School (speech and language base)'],
  SPECIAL: ['Oakwood Special School', 'Brookside Academy', 'The Orchard School'],
  INDEPENDENT_SPECIAL: ['Hillcrest Independent School', 'Meadowbank School'],
  ALTERNATIVE_PROVISION: ['Northbrook Pupil Referral Unit', 'Pathways Alternative Provision'],
  FURTHER_EDUCATION: ['Northbrook College', 'Riverside Sixth Form College'],
  SPECIALIST_POST16: ['Horizons Specialist College'],
};

/** A URN-like six-digit number for a fictional setting, fixed per name. */
function fictionalUrn(name: string): string {
  let hash = 7;
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return String(900000 + (hash % 99999));
}

export type SyntheticPeopleOptions = { count: number; seed: number; dataDate: string };

/** `count` synthetic children and young people as at `dataDate`. */
export function syntheticPeople({ count, seed, dataDate }: SyntheticPeopleOptions): PersonRecord[] {
  const random = createRandom(seed);
  const taken = new Set<string>();
  const people: PersonRecord[] = [];
  for (let i = 0; i < count; i++) {
    const senStatus: SenStatus = random.chance(EHCP_SHARE) ? 'EHCP' : 'SEN_SUPPORT';
    const [low, high] = AGE_RANGE[random.weighted(senStatus === 'EHCP' ? EHCP_AGES : SEN_SUPPORT_AGES)];
    const age = random.between(low, high);
    const birthMonth = birthMonthFor(random, age, dataDate);
    const exactAge = ageAt(birthMonth, dataDate);
    const sex: Sex = random.chance(0.004) ? 'U' : random.chance(MALE_SHARE[senStatus]) ? 'M' : 'F';
    const primaryNeed = random.weighted(senStatus === 'EHCP' ? EHCP_NEEDS : SEN_SUPPORT_NEEDS);
    const placementType = placementFor(random, senStatus, exactAge);
    const settingNames = SETTINGS[placementType];
    const settingName = settingNames ? random.pick(settingNames) : null;
    const alsoAp = placementType !== 'ALTERNATIVE_PROVISION' && exactAge >= 5 && exactAge <= 16 && random.chance(0.015);
    const dates =
      senStatus === 'EHCP'
        ? planDates(random, Math.max(exactAge, 3), birthMonth, dataDate)
        : { requestDate: null, assessmentDecisionDate: null, planIssuedDate: null, exceptionApplies: false, lastReviewDate: null };
    people.push({
      personId: personId(random, taken),
      birthMonth,
      age: exactAge,
      yearGroup: yearGroupFor(birthMonth, dataDate),
      sex,
      primaryNeed,
      senStatus,
      ...dates,
      placementType,
      settingName,
      settingUrn: settingName ? fictionalUrn(settingName) : null,
      alternativeProvision: alsoAp,
      outOfArea: senStatus === 'EHCP' && random.chance(placementType === 'INDEPENDENT_SPECIAL' ? 0.5 : 0.04),
      socialCareStatus: socialCareFor(random, exactAge),
    });
  }
  return people;
}
