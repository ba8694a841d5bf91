// The demo inspection's three surveys: their distribution links, when they ran, and synthetic
// responses whose answers hang together (a family waiting for an assessment is less content, a
// special school parent happier with the setting), arriving in waves after each link went out.
// Pure and repeatable: the same seed, dates and definitions give the same responses.
import { addCalendarDays, addWorkingDays } from '../platform/working-days.ts';
import {
  contentHash,
  validateResponse,
  visibleQuestions,
  type Answers,
  type RawAnswer,
  type SurveyAudience,
  type SurveyDefinition,
} from '../surveys/survey.ts';
import {
  parentWhatCouldBeBetter,
  parentWhatWorksWell,
  practitionerWhatToImprove,
  practitionerWhatWorksWell,
  urduWhatCouldBeBetter,
  urduWhatWorksWell,
  youngPersonBestThing,
  youngPersonChangeOneThing,
  type ParentStory,
  type PractitionerStory,
  type Pronoun,
  type YoungPersonStory,
} from './demo-comments.ts';
import { childSeed, createRandom, type Random } from './demo-random.ts';
import { DEMO_TRANSLATED_LANGUAGE } from './demo-urdu.ts';
import type { DemoDates } from './demo.ts';

export const DEMO_SEED = 990;

export type DemoLinkPlan = {
  name: string;
  /** Calendar days after opening that the link went out, and the UK hour it went out at. */
  sendDay: number;
  sendHour: number;
  /** Share of the audience's responses that came through this link. */
  share: number;
  /** A reminder sent through the link later on, which brings a second, smaller wave. */
  reminder?: { day: number; hour: number; share: number };
};

export type DemoSurveyPlan = {
  responses: number;
  links: readonly DemoLinkPlan[];
  /** Responses given in Urdu; the survey must offer it. */
  inUrdu: number;
};

export const DEMO_SURVEY_PLANS: Readonly<Record<SurveyAudience, DemoSurveyPlan>> = {
  parents_carers: {
    responses: 1012,
    inUrdu: 13,
    links: [
      { name: 'Northbrook Parent Carer Forum', sendDay: 0, sendHour: 10, share: 0.36, reminder: { day: 4, hour: 19, share: 0.25 } },
      { name: 'Council local offer newsletter', sendDay: 0, sendHour: 16, share: 0.26, reminder: { day: 5, hour: 9, share: 0.3 } },
      { name: 'Schools and colleges', sendDay: 1, sendHour: 15, share: 0.28 },
      { name: 'Health services', sendDay: 2, sendHour: 11, share: 0.1 },
    ],
  },
  children_young_people: {
    responses: 147,
    inUrdu: 0,
    links: [
      { name: 'Schools and colleges', sendDay: 1, sendHour: 9, share: 0.62 },
      { name: 'Northbrook Youth Voice', sendDay: 1, sendHour: 17, share: 0.24 },
      { name: 'Health services', sendDay: 2, sendHour: 11, share: 0.14 },
    ],
  },
  practitioners: {
    responses: 253,
    inUrdu: 0,
    links: [
      { name: 'Council SEND staff bulletin', sendDay: 0, sendHour: 11, share: 0.26 },
      { name: 'Schools and colleges SENCO network', sendDay: 0, sendHour: 14, share: 0.38, reminder: { day: 4, hour: 8, share: 0.3 } },
      { name: 'NHS Northbrook and Vale staff news', sendDay: 1, sendHour: 12, share: 0.24 },
      { name: 'Early years providers', sendDay: 2, sendHour: 10, share: 0.12 },
    ],
  },
};

// ---- UK clock time ---------------------------------------------------------------------------------

const HOUR = 3_600_000;

const UK_CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hourCycle: 'h23', hour: '2-digit', weekday: 'short', timeZoneName: 'longOffset' });

type UkClock = { hour: number; weekend: boolean; offsetMinutes: number };
const clockByHour = new Map<number, UkClock>();

/** The UK hour, weekday and offset of an instant; one reading serves the whole UTC hour it falls in. */
function ukClock(instant: Date): UkClock {
  const key = Math.floor(instant.getTime() / HOUR);
  let clock = clockByHour.get(key);
  if (!clock) {
    clock = readUkClock(new Date(key * HOUR));
    if (clockByHour.size > 10_000) clockByHour.clear();
    clockByHour.set(key, clock);
  }
  return clock;
}

function readUkClock(instant: Date): UkClock {
  const parts = UK_CLOCK.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const offset = /GMT([+-])(\d{2}):(\d{2})/.exec(part('timeZoneName'));
  return {
    hour: Number(part('hour')),
    weekend: part('weekday') === 'Sat' || part('weekday') === 'Sun',
    offsetMinutes: offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0,
  };
}

const UK_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The UK calendar day of an instant, as 'YYYY-MM-DD'. */
function ukDate(instant: Date): string {
  return UK_DATE.format(instant);
}

/** The instant a UK clock shows `hour`:00 on a calendar day ('YYYY-MM-DD'). */
export function ukTime(date: string, hour: number): Date {
  const asUtc = new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);
  return new Date(asUtc.getTime() - ukClock(asUtc).offsetMinutes * 60_000);
}

// ---- When the surveys ran ----------------------------------------------------------------------------

export type DemoPeriod = { opensAt: Date; closesAt: Date };

/**
 * The area sends the surveys out after notification and they close before inspectors arrive: open
 * from 9am on the working day after notification until midnight a week before the on-site week,
 * so they have closed by the time the demo is in fieldwork.
 */
export function demoSurveyPeriod(dates: DemoDates): DemoPeriod {
  return {
    opensAt: ukTime(addWorkingDays(dates.notificationDate, 1), 9),
    closesAt: ukTime(addCalendarDays(dates.onsiteStartDate, -7), 0),
  };
}

/** When each link went out: on its planned day, but never after the survey closed. */
export function demoLinkSendTimes(plan: DemoSurveyPlan, period: DemoPeriod): Date[] {
  return plan.links.map((link) => daysAfterOpening(period, link.sendDay, link.sendHour));
}

function daysAfterOpening(period: DemoPeriod, days: number, hour: number): Date {
  return clampTime(ukTime(addCalendarDays(ukDate(period.opensAt), days), hour), period);
}

function clampTime(time: Date, period: DemoPeriod): Date {
  const latest = period.closesAt.getTime() - 12 * HOUR;
  return new Date(Math.max(period.opensAt.getTime(), Math.min(time.getTime(), latest)));
}

/** How likely someone of the audience is to answer at an hour of the UK day, relative to the busiest. */
const HOURLY: Readonly<Record<SurveyAudience, readonly number[]>> = {
  // Parents answer in the evening, once children are in bed, and in the school day.
  parents_carers: [0.08, 0.04, 0.02, 0.02, 0.02, 0.04, 0.12, 0.3, 0.45, 0.6, 0.6, 0.55, 0.65, 0.6, 0.55, 0.45, 0.45, 0.45, 0.55, 0.8, 1, 1, 0.8, 0.35],
  // Children and young people mostly answer at school or college with an adult.
  children_young_people: [0, 0, 0, 0, 0, 0, 0, 0.05, 0.4, 1, 1, 0.9, 0.6, 0.9, 0.9, 0.5, 0.35, 0.3, 0.35, 0.35, 0.25, 0.15, 0.05, 0],
  practitioners: [0.01, 0, 0, 0, 0, 0, 0.03, 0.25, 0.7, 0.9, 0.85, 0.75, 0.9, 0.8, 0.75, 0.8, 0.85, 0.5, 0.3, 0.25, 0.25, 0.15, 0.05, 0.02],
};

const WEEKEND: Readonly<Record<SurveyAudience, number>> = { parents_carers: 0.85, children_young_people: 0.25, practitioners: 0.12 };

/**
 * A time after a link (or its reminder) went out: most people answer within a day or so, others
 * drift in until closing, and the time of day follows the audience's habits.
 */
function arrivalTime(random: Random, audience: SurveyAudience, sentAt: Date, period: DemoPeriod): Date {
  const start = sentAt.getTime();
  const end = period.closesAt.getTime();
  for (let attempt = 0; attempt < 200; attempt++) {
    const delay = random.chance(0.8) ? -Math.log(1 - random.next()) * 22 * HOUR : random.next() * (end - start);
    const at = start + delay;
    if (at >= end) continue;
    const clock = ukClock(new Date(at));
    const likelihood = HOURLY[audience][clock.hour]! * (clock.weekend ? WEEKEND[audience] : 1);
    if (random.chance(likelihood)) return new Date(Math.floor(at / 1000) * 1000);
  }
  return new Date(Math.floor((start + random.next() * (end - start)) / 1000) * 1000);
}

// ---- Answers -----------------------------------------------------------------------------------------

type Raw = Record<string, RawAnswer | number>;

function fivePoint(random: Random, score: number, dontKnow = 0.03): string {
  if (random.chance(dontKnow)) return 'dont_know';
  const s = score + random.normal() * 0.75;
  if (s > 1.25) return 'strongly_agree';
  if (s > 0.3) return 'agree';
  if (s > -0.3) return 'neither';
  if (s > -1.25) return 'disagree';
  return 'strongly_disagree';
}

function threePoint(random: Random, score: number): string {
  const s = score + random.normal() * 0.8;
  if (s > 0.05) return 'agree';
  if (s > -0.75) return 'not_sure';
  return 'disagree';
}

/** Leaves out an optional answer now and then, as people do. */
function sometimes<T>(random: Random, value: T, skip = 0.03): T | undefined {
  return random.chance(skip) ? undefined : value;
}

function parentSetting(random: Random, age: string, support: string): string {
  const plan = support === 'ehc_plan';
  switch (age) {
    case 'age_0_4':
      return random.weighted([['early_years', 85], ['home', 10], ['special', plan ? 5 : 0]]);
    case 'age_16_18':
      return random.weighted([['college', 52], ['special', plan ? 28 : 2], ['mainstream', 6], ['home', 7], ['work_other', 7]]);
    case 'age_19_25':
      return random.weighted([['college', 45], ['work_other', 30], ['home', 17], ['special', plan ? 8 : 0]]);
    default:
      return random.weighted([
        ['mainstream', plan ? 40 : 78],
        ['resourced', plan ? 10 : 3],
        ['special', plan ? 36 : 1],
        ['alternative', age === 'age_11_15' ? 5 : 2],
        ['home', 7],
      ]);
  }
}

function parentNeeds(random: Random, age: string): string[] {
  const young = age === 'age_0_4' || age === 'age_5_10';
  const teen = age === 'age_11_15' || age === 'age_16_18';
  const chances: [string, number][] = [
    ['autism', 0.52],
    ['adhd', young ? 0.18 : 0.34],
    ['speech_language', young ? 0.5 : 0.18],
    ['learning', 0.26],
    ['semh', teen ? 0.4 : 0.15],
    ['physical', 0.08],
    ['sensory', 0.06],
    ['medical', 0.1],
    ['other', 0.04],
  ];
  const needs = chances.filter(([, p]) => random.chance(p)).map(([need]) => need);
  return needs.length > 0 ? needs : [random.weighted([['autism', 3], ['speech_language', 2], ['learning', 2], ['semh', 2]])];
}

function parentWaits(random: Random, age: string, needs: readonly string[], setting: string): string[] {
  const need = (n: string) => needs.includes(n);
  const adult = age === 'age_19_25';
  const chances: [string, number][] = [
    ['autism_assessment', adult ? 0.02 : need('autism') ? 0.3 : 0.08],
    ['adhd_assessment', adult ? 0.03 : need('adhd') ? 0.42 : 0.05],
    ['speech_therapy', need('speech_language') ? 0.35 : 0.04],
    ['occupational_therapy', need('physical') || need('autism') ? 0.18 : 0.04],
    ['physiotherapy', need('physical') ? 0.3 : 0.01],
    ['mental_health', need('semh') ? 0.4 : age === 'age_11_15' || age === 'age_16_18' ? 0.08 : 0.03],
    ['equipment', need('physical') || need('sensory') ? 0.2 : 0.01],
    ['school_place', setting === 'home' || setting === 'alternative' ? 0.35 : 0.03],
  ];
  return chances.filter(([, p]) => random.chance(p)).map(([w]) => w);
}

function parentMood(story: Omit<ParentStory, 'mood' | 'pronoun'>, random: Random): number {
  const settingEffect: Record<string, number> = { special: 0.85, resourced: 0.4, early_years: 0.45, college: 0.1, alternative: -0.5, home: -0.9, work_other: 0 };
  const supportEffect: Record<string, number> = { ehc_plan: 0.15, assessment_underway: -0.55, sen_support: -0.25, none: -0.35, not_sure: -0.1 };
  const assessments = story.waiting.filter((w) => w === 'autism_assessment' || w === 'adhd_assessment').length;
  const otherWaits = story.waiting.length - assessments;
  const grownUp = story.age === 'age_16_18' || story.age === 'age_19_25' ? -0.15 : 0;
  const mu = -0.1 + (settingEffect[story.setting] ?? 0) + (supportEffect[story.support] ?? 0) - 0.45 * assessments - 0.3 * Math.min(otherWaits, 2) + grownUp;
  return mu + random.normal() * 0.85;
}

function parentResponse(random: Random, inUrdu: boolean): { raw: Raw; story: ParentStory } {
  const role = random.weighted([['parent', 88], ['carer', 5], ['foster_carer', 3], ['other_family', 4]]);
  const age = random.weighted([['age_0_4', 8], ['age_5_10', 35], ['age_11_15', 35], ['age_16_18', 14], ['age_19_25', 8]]);
  const supportWeights: Record<string, [string, number][]> = {
    age_0_4: [['ehc_plan', 18], ['assessment_underway', 22], ['sen_support', 35], ['none', 14], ['not_sure', 11]],
    age_5_10: [['ehc_plan', 40], ['assessment_underway', 18], ['sen_support', 32], ['none', 5], ['not_sure', 5]],
    age_11_15: [['ehc_plan', 47], ['assessment_underway', 14], ['sen_support', 31], ['none', 4], ['not_sure', 4]],
    age_16_18: [['ehc_plan', 60], ['assessment_underway', 8], ['sen_support', 22], ['none', 6], ['not_sure', 4]],
    age_19_25: [['ehc_plan', 70], ['assessment_underway', 3], ['sen_support', 10], ['none', 12], ['not_sure', 5]],
  };
  const support = random.weighted(supportWeights[age]!);
  const needs = parentNeeds(random, age);
  const setting = parentSetting(random, age, support);
  const waiting = parentWaits(random, age, needs, setting);
  const localOfferKnown = random.weighted(inUrdu ? [['yes', 25], ['no', 55], ['not_sure', 20]] : [['yes', 56], ['no', 29], ['not_sure', 15]]);
  const partial = { role, age, needs, support, setting, waiting, localOfferKnown };
  const pronoun: Pronoun = random.weighted([['he', 62], ['she', 33], ['they', 5]]);
  const mood = parentMood(partial, random);
  const story: ParentStory = { ...partial, mood, pronoun };

  const waitsFor = (w: string) => waiting.includes(w);
  const assessmentWait = waitsFor('autism_assessment') || waitsFor('adhd_assessment') ? -0.55 : 0;
  const healthWait = ['speech_therapy', 'occupational_therapy', 'physiotherapy', 'mental_health', 'equipment'].some(waitsFor) ? -0.6 : 0;
  const settingFit: Record<string, number> = { special: 0.8, resourced: 0.4, early_years: 0.3, college: 0.1, home: -1.1, alternative: -0.3 };
  const older = age === 'age_16_18' || age === 'age_19_25';
  const lateNeeds = !['age_0_4', 'age_5_10'].includes(age) && (needs.includes('semh') || needs.includes('adhd')) ? -0.3 : 0;

  const raw: Raw = {
    respondent_role: role,
    age_phase: age,
    need_type: sometimes(random, needs, 0.04),
    support_level: support,
    setting_type: sometimes(random, setting),
    needs_identified_early: fivePoint(random, mood - 0.2 + (age === 'age_0_4' ? 0.3 : 0) + lateNeeds, 0.02),
    assessed_without_delay: sometimes(random, fivePoint(random, mood - 0.6 + assessmentWait * 1.4 + (support === 'assessment_underway' ? -0.4 : 0))),
    ehc_process_clear: sometimes(random, fivePoint(random, mood - 0.5 + (support === 'assessment_underway' ? -0.5 : 0))),
    plan_accurate: sometimes(random, fivePoint(random, mood + 0.1 + (setting === 'special' ? 0.3 : 0))),
    involved_in_decisions: sometimes(random, fivePoint(random, mood + 0.3)),
    child_views_heard: sometimes(random, fivePoint(random, mood + 0.2, 0.06)),
    right_help_right_time: fivePoint(random, mood - 0.3 + assessmentWait + healthWait * 0.5, 0.01),
    setting_meets_needs: sometimes(random, fivePoint(random, mood + 0.4 + (settingFit[setting] ?? 0) + (setting === 'mainstream' && needs.includes('semh') ? -0.3 : 0), setting === 'home' ? 0.3 : 0.02)),
    health_meets_needs: sometimes(random, fivePoint(random, mood - 0.4 + healthWait + assessmentWait * 0.5, 0.07)),
    waiting_for: sometimes(random, waiting.length > 0 ? waiting : ['none'], 0.06),
    prepared_next_steps: sometimes(random, fivePoint(random, mood - 0.2 + (older ? -0.25 : 0), age === 'age_0_4' ? 0.2 : 0.1)),
    included_in_community: sometimes(random, fivePoint(random, mood - 0.5, 0.04)),
    local_offer_known: sometimes(random, localOfferKnown),
    local_offer_useful: sometimes(random, fivePoint(random, mood - 0.35, 0.05)),
    know_who_to_contact: sometimes(random, fivePoint(random, mood - 0.1)),
    leaders_listen: sometimes(random, fivePoint(random, mood - 0.75, 0.12)),
    overall_rating: overallRating(random, mood),
  };
  const writes = (p: number) => random.chance(p);
  if (writes(inUrdu ? 0.45 : 0.55 + (mood > 0.5 ? 0.05 : 0))) raw.what_works_well = inUrdu ? urduWhatWorksWell(story, random) : parentWhatWorksWell(story, random);
  if (writes(inUrdu ? 0.5 : 0.55 + (mood < -0.5 ? 0.08 : mood > 0.5 ? -0.1 : 0))) raw.what_could_be_better = inUrdu ? urduWhatCouldBeBetter(story, random) : parentWhatCouldBeBetter(story, random);
  return { raw, story };
}

function overallRating(random: Random, mood: number): string {
  const s = mood + random.normal() * 0.45;
  if (s > 1.1) return 'very_good';
  if (s > 0.25) return 'good';
  if (s > -0.4) return 'neither';
  if (s > -1.2) return 'poor';
  return 'very_poor';
}

function youngPersonResponse(random: Random): Raw {
  const age = random.weighted([['age_under_11', 24], ['age_11_15', 46], ['age_16_18', 22], ['age_19_25', 8]]);
  const settings: Record<string, [string, number][]> = {
    age_under_11: [['mainstream', 60], ['special', 35], ['home', 5]],
    age_11_15: [['mainstream', 52], ['special', 33], ['alternative', 9], ['home', 6]],
    age_16_18: [['college', 58], ['special', 27], ['work_other', 8], ['home', 7]],
    age_19_25: [['college', 50], ['work_other', 35], ['home', 15]],
  };
  const setting = random.weighted(settings[age]!);
  const support = random.weighted([['ehc_plan', setting === 'special' ? 80 : 45], ['none', 15], ['not_sure', 30]]);
  const settingEffect: Record<string, number> = { special: 0.5, college: 0.2, alternative: -0.3, home: -0.8 };
  const mood = 0.35 + (settingEffect[setting] ?? 0) + random.normal() * 0.8;
  const story: YoungPersonStory = { age, setting, support, mood };
  const older = age === 'age_16_18' || age === 'age_19_25';
  const raw: Raw = {
    age_phase: sometimes(random, age, 0.02),
    setting_type: sometimes(random, setting, 0.03),
    support_level: sometimes(random, support, 0.05),
    adults_listen: threePoint(random, mood + 0.3),
    help_make_plans: sometimes(random, threePoint(random, mood - 0.2)),
    help_when_needed: threePoint(random, mood + 0.1),
    happy_at_school: sometimes(random, threePoint(random, mood + 0.2 + (setting === 'special' ? 0.4 : setting === 'home' ? -0.6 : 0))),
    health_help: sometimes(random, threePoint(random, mood - 0.1)),
    fun_and_friends: sometimes(random, threePoint(random, mood - 0.25)),
    know_what_next: sometimes(random, threePoint(random, mood - 0.35 + (older ? -0.2 : 0))),
  };
  if (random.chance(0.45)) raw.best_thing = youngPersonBestThing(story, random);
  if (random.chance(0.42)) raw.change_one_thing = youngPersonChangeOneThing(story, random);
  return raw;
}

function practitionerResponse(random: Random): Raw {
  const role = random.weighted([
    ['senco', 22], ['teacher_support', 24], ['early_years', 9], ['health', 14], ['mental_health', 5],
    ['social_care', 8], ['la_send', 7], ['educational_psychologist', 3], ['other', 8],
  ]);
  const settings: Record<string, [string, number][]> = {
    senco: [['mainstream', 60], ['special', 12], ['early_years', 10], ['college', 10], ['alternative', 8]],
    teacher_support: [['mainstream', 60], ['special', 20], ['alternative', 8], ['college', 12]],
    early_years: [['early_years', 1]],
    health: [['health_service', 90], ['special', 10]],
    mental_health: [['health_service', 70], ['mainstream', 15], ['voluntary', 15]],
    social_care: [['council', 85], ['voluntary', 15]],
    la_send: [['council', 1]],
    educational_psychologist: [['council', 1]],
    other: [['voluntary', 50], ['council', 25], ['mainstream', 25]],
  };
  const setting = random.weighted(settings[role]!);
  const ages: Record<string, [string, number][]> = {
    early_years: [['age_0_4', 1]],
    mainstream: [['age_5_10', 50], ['age_11_15', 45], ['all_ages', 5]],
    special: [['age_5_10', 30], ['age_11_15', 30], ['age_16_25', 10], ['all_ages', 30]],
    alternative: [['age_11_15', 85], ['age_5_10', 15]],
    college: [['age_16_25', 1]],
  };
  const age = random.weighted(ages[setting] ?? [['all_ages', 70], ['age_0_4', 8], ['age_5_10', 8], ['age_11_15', 7], ['age_16_25', 7]]);
  const roleEffect: Record<string, number> = { la_send: 0.55, health: -0.1, senco: -0.2, social_care: 0, educational_psychologist: -0.1 };
  const mood = -0.2 + (roleEffect[role] ?? 0) + random.normal() * 0.8;
  const story: PractitionerStory = { role, setting, age, mood };
  const is = (r: string) => (role === r ? 1 : 0);
  const youngOnly = age === 'age_0_4' || age === 'age_5_10';
  const raw: Raw = {
    respondent_role: role,
    setting_type: sometimes(random, setting, 0.02),
    age_phase: sometimes(random, age, 0.03),
    needs_identified: fivePoint(random, mood, 0.02),
    assessments_timely: sometimes(random, fivePoint(random, mood - 0.8 - 0.4 * is('senco') + 0.5 * is('la_send'), 0.05)),
    contributions_used: sometimes(random, fivePoint(random, mood - 0.2 - 0.5 * is('health') + 0.2 * is('educational_psychologist'), 0.1)),
    families_involved: sometimes(random, fivePoint(random, mood + 0.5)),
    waits_reasonable: sometimes(random, fivePoint(random, mood - 1.1 - 0.4 * is('health'), 0.04)),
    prepared_for_adulthood: sometimes(random, fivePoint(random, mood - 0.5, youngOnly ? 0.25 : 0.08)),
    agencies_work_together: fivePoint(random, mood - 0.3 + 0.4 * is('la_send'), 0.02),
    training_enough: sometimes(random, fivePoint(random, mood + 0.1 - 0.4 * is('teacher_support') - 0.2 * is('early_years'), 0.01)),
    leaders_understand_needs: sometimes(random, fivePoint(random, mood + 0.1 + 0.6 * is('la_send'), 0.08)),
    services_commissioned: sometimes(random, fivePoint(random, mood - 0.8 - 0.3 * is('health'), 0.12)),
    leaders_improve: sometimes(random, fivePoint(random, mood - 0.1 + 0.6 * is('la_send'), 0.1)),
  };
  if (random.chance(0.58)) raw.what_works_well = practitionerWhatWorksWell(story, random);
  if (random.chance(0.64)) raw.what_could_be_better = practitionerWhatToImprove(story, random);
  return raw;
}

// ---- Whole responses -----------------------------------------------------------------------------------

export type DemoResponse = {
  /** Index of the link in the audience's plan it came through. */
  link: number;
  language: string;
  answers: Answers;
  contentHash: string;
  idempotencyKey: string;
  submittedAt: Date;
};

export class DemoDataError extends Error {}

/**
 * Only answers the survey's routing shows are kept, then the whole response is checked by the same
 * rule that checks a respondent's: a demo response is one a person could have sent.
 */
function checkedAnswers(definition: SurveyDefinition, language: string, raw: Raw): Answers {
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as Raw;
  const shown = new Set(visibleQuestions(definition, given as Answers).map((q) => q.id));
  const routed = Object.fromEntries(Object.entries(given).filter(([id]) => shown.has(id)));
  const { answers, errors } = validateResponse(definition, language, routed);
  if (errors.length > 0) throw new DemoDataError(`A demo response is not valid: ${errors.map((e) => `${e.questionId}: ${e.message}`).join('; ')}`);
  return answers;
}

/** The audience's synthetic responses, oldest first. */
export function buildDemoResponses(audience: SurveyAudience, definition: SurveyDefinition, period: DemoPeriod, seed: number = DEMO_SEED): DemoResponse[] {
  const plan = DEMO_SURVEY_PLANS[audience];
  const random = createRandom(childSeed(seed, audience));
  const sendTimes = demoLinkSendTimes(plan, period);
  const offersUrdu = definition.languages.includes(DEMO_TRANSLATED_LANGUAGE);
  const inUrdu = offersUrdu ? plan.inUrdu : 0;
  const responses: DemoResponse[] = [];
  for (let i = 0; i < plan.responses; i++) {
    const urdu = i < inUrdu;
    // Families answering in Urdu mostly heard about the survey from the forum or from health services.
    const link = random.weighted(plan.links.map((l, index) => [index, urdu ? (index === 0 || l.name === 'Health services' ? 1 : 0.2) : l.share] as const));
    const raw = audience === 'parents_carers' ? parentResponse(random, urdu).raw : audience === 'children_young_people' ? youngPersonResponse(random) : practitionerResponse(random);
    const language = urdu ? DEMO_TRANSLATED_LANGUAGE : 'en';
    const answers = checkedAnswers(definition, language, raw);
    const linkPlan = plan.links[link]!;
    const reminder = linkPlan.reminder && random.chance(linkPlan.reminder.share) ? linkPlan.reminder : undefined;
    const sentAt = reminder ? daysAfterOpening(period, reminder.day, reminder.hour) : sendTimes[link]!;
    responses.push({
      link,
      language,
      answers,
      contentHash: contentHash(language, answers),
      idempotencyKey: random.uuid(),
      submittedAt: arrivalTime(random, audience, sentAt, period),
    });
  }
  return responses.sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
}
