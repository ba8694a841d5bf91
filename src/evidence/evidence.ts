// The vocabulary of fieldwork and evidence: kinds of activity and setting, the groups of people who
// take part, a note's polarity and sources, the triangulation's kinds of source, and when an
// inspection's evidence may still be written. Pure.
import type { InspectionStatus } from '../inspections/inspection.table.ts';
import { isBeforePublication } from '../platform/auth/permissions.ts';
import { THEME_CODES, THEMES, type ThemeCode } from '../surveys/themes.ts';

export const ACTIVITY_KINDS = ['meeting', 'focus_group', 'setting_visit', 'tracking_meeting', 'parent_webinar'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_KIND_LABELS: Readonly<Record<ActivityKind, string>> = {
  meeting: 'Meeting',
  focus_group: 'Focus group',
  setting_visit: 'Setting visit',
  tracking_meeting: 'Tracking meeting',
  parent_webinar: 'Parent and carer webinar',
};

export const SETTING_TYPES = [
  'early_years',
  'primary',
  'secondary',
  'special_school',
  'alternative_provision',
  'further_education',
  'health_clinic',
  'social_care',
  'early_help',
] as const;
export type SettingType = (typeof SETTING_TYPES)[number];

export const SETTING_TYPE_LABELS: Readonly<Record<SettingType, string>> = {
  early_years: 'Early years setting',
  primary: 'Primary school',
  secondary: 'Secondary school',
  special_school: 'Special school',
  alternative_provision: 'Alternative provision',
  further_education: 'Further education college',
  health_clinic: 'Health clinic',
  social_care: 'Social care service',
  early_help: 'Early help service',
};

/** The groups whose numbers are counted at each activity, in the order pages list them. */
export const PARTICIPANT_GROUPS = [
  'parents_carers',
  'children_young_people',
  'parent_carer_forum',
  'education_staff',
  'health_staff',
  'social_care_staff',
  'leaders',
] as const;
export type ParticipantGroup = (typeof PARTICIPANT_GROUPS)[number];

export const PARTICIPANT_GROUP_LABELS: Readonly<Record<ParticipantGroup, string>> = {
  parents_carers: 'Parents and carers',
  children_young_people: 'Children and young people',
  parent_carer_forum: 'Parent carer forum members',
  education_staff: 'Education staff',
  health_staff: 'Health staff',
  social_care_staff: 'Social care staff',
  leaders: 'Leaders',
};

/**
 * How each group is reported: "spoke to N parents, carers, children and young people and M staff".
 * Parent carer forum members are parents and carers; leaders are staff of the partnership.
 */
export const PARTICIPANT_GROUP_AUDIENCE: Readonly<Record<ParticipantGroup, 'families' | 'staff'>> = {
  parents_carers: 'families',
  children_young_people: 'families',
  parent_carer_forum: 'families',
  education_staff: 'staff',
  health_staff: 'staff',
  social_care_staff: 'staff',
  leaders: 'staff',
};

/** The most people of one group an activity can have; more is a typing mistake. */
export const PARTICIPANT_COUNT_MAX = 1000;

export const POLARITIES = ['strength', 'concern', 'neutral'] as const;
export type Polarity = (typeof POLARITIES)[number];

export const POLARITY_LABELS: Readonly<Record<Polarity, string>> = {
  strength: 'Strength',
  concern: 'Concern',
  neutral: 'Neither',
};

/** Where a note's evidence came from. */
export const NOTE_SOURCE_KINDS = ['activity', 'tracked_case', 'reviewed_plan', 'survey', 'data'] as const;
export type NoteSourceKind = (typeof NOTE_SOURCE_KINDS)[number];

export const NOTE_SOURCE_LABELS: Readonly<Record<NoteSourceKind, string>> = {
  activity: 'Fieldwork activity',
  tracked_case: 'Tracked child',
  reviewed_plan: 'Reviewed EHC plan',
  survey: 'Survey',
  data: 'Performance data',
};

/** The kinds of source the triangulation matrix compares, in its column order. */
export const EVIDENCE_SOURCES = ['survey', 'case_review', 'tracking', 'fieldwork', 'data'] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

export const EVIDENCE_SOURCE_LABELS: Readonly<Record<EvidenceSource, string>> = {
  survey: 'Surveys',
  case_review: 'Case reviews',
  tracking: 'Tracking',
  fieldwork: 'Fieldwork notes',
  data: 'Performance data',
};

/** The matrix column a note's source falls in. */
export const SOURCE_OF_NOTE: Readonly<Record<NoteSourceKind, EvidenceSource>> = {
  activity: 'fieldwork',
  tracked_case: 'tracking',
  reviewed_plan: 'case_review',
  survey: 'survey',
  data: 'data',
};

/** A criterion with fewer items of evidence than this is highlighted as thinly evidenced. */
export const THIN_EVIDENCE_MINIMUM = 3;

export const NOTE_BODY_MAX_LENGTH = 10_000;
export const SOURCE_DETAIL_MAX_LENGTH = 300;

export { THEME_CODES, THEMES, type ThemeCode };

export function isActivityKind(value: unknown): value is ActivityKind {
  return typeof value === 'string' && (ACTIVITY_KINDS as readonly string[]).includes(value);
}
export function isSettingType(value: unknown): value is SettingType {
  return typeof value === 'string' && (SETTING_TYPES as readonly string[]).includes(value);
}
export function isParticipantGroup(value: unknown): value is ParticipantGroup {
  return typeof value === 'string' && (PARTICIPANT_GROUPS as readonly string[]).includes(value);
}
export function isPolarity(value: unknown): value is Polarity {
  return typeof value === 'string' && (POLARITIES as readonly string[]).includes(value);
}
export function isNoteSourceKind(value: unknown): value is NoteSourceKind {
  return typeof value === 'string' && (NOTE_SOURCE_KINDS as readonly string[]).includes(value);
}
export function isThemeCode(value: unknown): value is ThemeCode {
  return typeof value === 'string' && (THEME_CODES as readonly string[]).includes(value);
}

/** Activities and notes are written from planning to the end of reporting; once published the evidence base is fixed. */
export function evidenceIsOpen(status: InspectionStatus | undefined): boolean {
  return isBeforePublication(status);
}
