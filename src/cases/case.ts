// The person-level data's vocabulary and the categories drawn from it (age phase, broad area of
// need, placement group, timeliness), shared by the import, the metrics and the sample. Pure.

/** Primary need codes (school census / SEN2, from ../shared/data/send-national-figures.md (h)). */
export const PRIMARY_NEEDS = ['ASD', 'SLCN', 'SEMH', 'MLD', 'SLD', 'PMLD', 'SPLD', 'HI', 'VI', 'MSI', 'PD', 'DS', 'OTH', 'NSA', 'UNKNOWN'] as const;
export type PrimaryNeed = (typeof PRIMARY_NEEDS)[number];

export const PRIMARY_NEED_LABELS: Readonly<Record<PrimaryNeed, string>> = {
  ASD: 'Autistic spectrum disorder',
  SLCN: 'Speech, language and communication needs',
  SEMH: 'Social, emotional and mental health',
  MLD: 'Moderate learning difficulty',
  SLD: 'Severe learning difficulty',
  PMLD: 'Profound and multiple learning difficulty',
  SPLD: 'Specific learning difficulty',
  HI: 'Hearing impairment',
  VI: 'Visual impairment',
  MSI: 'Multi-sensory impairment',
  PD: 'Physical disability',
  DS: 'Down syndrome',
  OTH: 'Other difficulty or disability',
  NSA: 'SEN support but no specialist assessment of need',
  UNKNOWN: 'Need not yet known',
};

/** The Code of Practice's four broad areas of need, plus the rest. */
export const NEED_AREAS = ['communication_interaction', 'cognition_learning', 'semh', 'sensory_physical', 'other'] as const;
export type NeedArea = (typeof NEED_AREAS)[number];

export const NEED_AREA_LABELS: Readonly<Record<NeedArea, string>> = {
  communication_interaction: 'Communication and interaction',
  cognition_learning: 'Cognition and learning',
  semh: 'Social, emotional and mental health',
  sensory_physical: 'Sensory and/or physical',
  other: 'Other or not known',
};

const NEED_AREA_OF: Readonly<Record<PrimaryNeed, NeedArea>> = {
  ASD: 'communication_interaction',
  SLCN: 'communication_interaction',
  SEMH: 'semh',
  MLD: 'cognition_learning',
  SLD: 'cognition_learning',
  PMLD: 'cognition_learning',
  SPLD: 'cognition_learning',
  HI: 'sensory_physical',
  VI: 'sensory_physical',
  MSI: 'sensory_physical',
  PD: 'sensory_physical',
  DS: 'other',
  OTH: 'other',
  NSA: 'other',
  UNKNOWN: 'other',
};

export function needArea(need: PrimaryNeed): NeedArea {
  return NEED_AREA_OF[need];
}

/** EHC plan (census provision E) or SEN support (K). */
export const SEN_STATUSES = ['EHCP', 'SEN_SUPPORT'] as const;
export type SenStatus = (typeof SEN_STATUSES)[number];
export const SEN_STATUS_LABELS: Readonly<Record<SenStatus, string>> = { EHCP: 'EHC plan', SEN_SUPPORT: 'SEN support' };

export const SEXES = ['F', 'M', 'U'] as const;
export type Sex = (typeof SEXES)[number];
export const SEX_LABELS: Readonly<Record<Sex, string>> = { F: 'Female', M: 'Male', U: 'Not known or not stated' };

/** Placement types, grouped after the SEN2 caseload categories. */
export const PLACEMENT_TYPES = [
  'EARLY_YEARS',
  'MAINSTREAM',
  'MAINSTREAM_RESOURCED',
  'SPECIAL',
  'INDEPENDENT_SPECIAL',
  'ALTERNATIVE_PROVISION',
  'FURTHER_EDUCATION',
  'SPECIALIST_POST16',
  'HOME_EDUCATED',
  'OTHER_ARRANGEMENT',
  'NEET',
  'NONE',
] as const;
export type PlacementType = (typeof PLACEMENT_TYPES)[number];

export const PLACEMENT_LABELS: Readonly<Record<PlacementType, string>> = {
  EARLY_YEARS: 'Early years setting',
  MAINSTREAM: 'Mainstream school',
  MAINSTREAM_RESOURCED: 'Mainstream school with resourced provision or SEN unit',
  SPECIAL: 'State-funded special school',
  INDEPENDENT_SPECIAL: 'Independent or non-maintained special school',
  ALTERNATIVE_PROVISION: 'Alternative provision or pupil referral unit',
  FURTHER_EDUCATION: 'Further education college',
  SPECIALIST_POST16: 'Specialist post-16 institution',
  HOME_EDUCATED: 'Elective home education',
  OTHER_ARRANGEMENT: 'Other arrangements by the council or parents',
  NEET: 'Not in education, employment or training',
  NONE: 'No placement (awaiting provision)',
};

export const PLACEMENT_GROUPS = ['early_years', 'mainstream', 'special', 'alternative_provision', 'post16', 'elsewhere'] as const;
export type PlacementGroup = (typeof PLACEMENT_GROUPS)[number];
export const PLACEMENT_GROUP_LABELS: Readonly<Record<PlacementGroup, string>> = {
  early_years: 'Early years',
  mainstream: 'Mainstream school',
  special: 'Special school',
  alternative_provision: 'Alternative provision',
  post16: 'Further education and post-16',
  elsewhere: 'Educated elsewhere or no placement',
};

const PLACEMENT_GROUP_OF: Readonly<Record<PlacementType, PlacementGroup>> = {
  EARLY_YEARS: 'early_years',
  MAINSTREAM: 'mainstream',
  MAINSTREAM_RESOURCED: 'mainstream',
  SPECIAL: 'special',
  INDEPENDENT_SPECIAL: 'special',
  ALTERNATIVE_PROVISION: 'alternative_provision',
  FURTHER_EDUCATION: 'post16',
  SPECIALIST_POST16: 'post16',
  HOME_EDUCATED: 'elsewhere',
  OTHER_ARRANGEMENT: 'elsewhere',
  NEET: 'elsewhere',
  NONE: 'elsewhere',
};

export function placementGroup(type: PlacementType): PlacementGroup {
  return PLACEMENT_GROUP_OF[type];
}

export const SOCIAL_CARE_STATUSES = ['NONE', 'EARLY_HELP', 'CHILD_IN_NEED', 'CHILD_PROTECTION', 'LOOKED_AFTER', 'CARE_LEAVER'] as const;
export type SocialCareStatus = (typeof SOCIAL_CARE_STATUSES)[number];
export const SOCIAL_CARE_LABELS: Readonly<Record<SocialCareStatus, string>> = {
  NONE: 'No social care involvement',
  EARLY_HELP: 'Early help',
  CHILD_IN_NEED: 'Child in need',
  CHILD_PROTECTION: 'Child protection plan',
  LOOKED_AFTER: 'Looked after child',
  CARE_LEAVER: 'Care leaver',
};

/** Age phases used across the product (age in whole years at the data date). */
export const AGE_PHASES = ['under_5', '5_to_10', '11_to_15', '16_to_19', '20_to_25'] as const;
export type AgePhase = (typeof AGE_PHASES)[number];
export const AGE_PHASE_LABELS: Readonly<Record<AgePhase, string>> = {
  under_5: 'Under 5',
  '5_to_10': '5 to 10',
  '11_to_15': '11 to 15',
  '16_to_19': '16 to 19',
  '20_to_25': '20 to 25',
};

export function agePhase(age: number): AgePhase {
  if (age < 5) return 'under_5';
  if (age <= 10) return '5_to_10';
  if (age <= 15) return '11_to_15';
  if (age <= 19) return '16_to_19';
  return '20_to_25';
}

export const MAX_AGE = 25;

/** Whole years between a birth month ('YYYY-MM') and a date ('YYYY-MM-DD'), born on the 1st. */
export function ageAt(birthMonth: string, date: string): number {
  const [by, bm] = birthMonth.split('-').map(Number) as [number, number];
  const [y, m] = date.split('-').map(Number) as [number, number];
  return y - by - (m < bm ? 1 : 0);
}

/** The 20-week statutory limit for a new plan, in days (Code of Practice 9.40). */
export const TWENTY_WEEKS_DAYS = 140;
export const FIFTY_TWO_WEEKS_DAYS = 364;

export const TIMELINESS_BANDS = ['within_20_weeks', '20_to_52_weeks', 'over_52_weeks', 'no_request_date', 'not_applicable'] as const;
export type TimelinessBand = (typeof TIMELINESS_BANDS)[number];
export const TIMELINESS_LABELS: Readonly<Record<TimelinessBand, string>> = {
  within_20_weeks: 'Plan issued within 20 weeks',
  '20_to_52_weeks': 'Plan issued in 20 to 52 weeks',
  over_52_weeks: 'Plan issued after more than 52 weeks',
  no_request_date: 'Plan with no request date',
  not_applicable: 'No EHC plan',
};

/** Days from one 'YYYY-MM-DD' to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function timelinessBand(record: Pick<PersonRecord, 'senStatus' | 'requestDate' | 'planIssuedDate'>): TimelinessBand {
  if (record.senStatus !== 'EHCP') return 'not_applicable';
  if (!record.requestDate || !record.planIssuedDate) return 'no_request_date';
  const days = daysBetween(record.requestDate, record.planIssuedDate);
  if (days <= TWENTY_WEEKS_DAYS) return 'within_20_weeks';
  if (days <= FIFTY_TWO_WEEKS_DAYS) return '20_to_52_weeks';
  return 'over_52_weeks';
}

/** One child or young person in the area's person-level data, as imported and checked. */
export type PersonRecord = {
  personId: string;
  /** 'YYYY-MM' */
  birthMonth: string;
  /** Whole years at the import's data date. */
  age: number;
  yearGroup: string | null;
  sex: Sex;
  primaryNeed: PrimaryNeed;
  senStatus: SenStatus;
  requestDate: string | null;
  assessmentDecisionDate: string | null;
  planIssuedDate: string | null;
  exceptionApplies: boolean;
  lastReviewDate: string | null;
  placementType: PlacementType;
  settingName: string | null;
  settingUrn: string | null;
  alternativeProvision: boolean;
  outOfArea: boolean;
  socialCareStatus: SocialCareStatus;
};

/** In alternative provision: placed there, or attending it alongside another placement. */
export function isInAlternativeProvision(record: Pick<PersonRecord, 'placementType' | 'alternativeProvision'>): boolean {
  return record.alternativeProvision || record.placementType === 'ALTERNATIVE_PROVISION';
}
