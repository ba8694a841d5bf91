// The demo inspection's evidence base: the fieldwork timetable (meetings, focus groups, setting
// visits, tracking meetings and a parents' webinar, with who took part) and a few hundred evidence
// notes written the way inspectors write them, tagged to the 2023 framework so the triangulation
// tells a story: strong co-production, slow assessments and long therapy waits, one criterion thinly
// evidenced and one heard about from leaders only. The plan and the notes are pure and repeatable
// from a seed; seedDemoEvidence makes them through the same services people use.
import type { Actor } from '../inspections/inspection.service.ts';
import { metricsFor } from '../cases/case-metrics.service.ts';
import { currentSample } from '../cases/case-sample.service.ts';
import { createActivity, fieldworkTotals } from '../evidence/activity.service.ts';
import { addNoteAttachment, saveNote } from '../evidence/evidence-note.service.ts';
import type { NoteContent } from '../evidence/evidence-note.ts';
import type { ActivityKind, NoteSourceKind, ParticipantGroup, Polarity, SettingType } from '../evidence/evidence.ts';
import type { Db } from '../platform/db/database.ts';
import { addWorkingDays } from '../platform/working-days.ts';
import { listSurveys } from '../surveys/survey.service.ts';
import { AUDIENCE_LABELS, type SurveyAudience } from '../surveys/survey.ts';
import { THEMES, type ThemeCode } from '../surveys/themes.ts';
import { childSeed, createRandom, type Random } from './demo-random.ts';
import type { DemoDates } from './demo.ts';

export const DEMO_NOTE_COUNT = 300;

/** The three members of the demo team who go out on fieldwork. */
export type TeamKey = 'lead' | 'cqcLead' | 'inspector';
export type DemoEvidenceActors = Readonly<Record<TeamKey, Actor>>;

/** Whose words a note reports: it decides which sentences fit. */
type Voice = 'parents' | 'cyp' | 'staff' | 'leaders';

type TopicKey =
  | 'identification'
  | 'assessment'
  | 'therapy'
  | 'neurodevelopmental'
  | 'planQuality'
  | 'annualReview'
  | 'childVoice'
  | 'communication'
  | 'strategicCoproduction'
  | 'localOffer'
  | 'inclusion'
  | 'mentalHealth'
  | 'transitions'
  | 'alternativeProvision'
  | 'sufficiency'
  | 'attendance'
  | 'shortBreaks'
  | 'multiAgency'
  | 'sharedUnderstanding'
  | 'ambition'
  | 'transport'
  | 'disputes'
  | 'familyImpact';

// ---- The timetable -----------------------------------------------------------------------------

export type PlannedActivity = {
  key: string;
  /** Working days after notification. */
  day: number;
  kind: ActivityKind;
  title: string;
  settingType?: SettingType;
  /** The 99 prefix, like the area's code 990, belongs to no real setting. */
  urn?: string;
  startsAt: string;
  endsAt: string;
  place: string;
  team: readonly TeamKey[];
  participants: Partial<Record<ParticipantGroup, number>>;
  /** Tracking meetings: which of the sample's tracked children (in sample order). */
  trackedChild?: number;
  description: string;
  /** Whose words the notes from it report, and how the note names them. */
  voice?: Voice;
  who?: readonly string[];
  /** What its notes are about; none for tracking meetings, whose notes are written against the child. */
  topics?: readonly TopicKey[];
};

const ONLINE = 'Online (video call)';
const TOWN_HALL = 'Northbrook Town Hall, committee room 2';

/**
 * The fieldwork: meetings and focus groups in the second week, tracking meetings for each tracked
 * child, visits from the sixth working day and most of them in the week on site. Only one
 * inspector is ever booked twice at once: the lead on the Tuesday on site, where a meeting moved
 * from Thursday overlaps a visit (the timetable flags it for someone to sort out).
 */
export const DEMO_ACTIVITY_PLAN: readonly PlannedActivity[] = [
  // Week of notification: setting up
  { key: 'set-up', day: 1, kind: 'meeting', title: 'Set-up meeting with the nominated officer and SEND leaders', startsAt: '10:00', endsAt: '11:30', place: ONLINE, team: ['lead', 'cqcLead'], participants: { leaders: 3 }, description: 'Introductions, arrangements for the fieldwork weeks, and the area’s self-evaluation.', voice: 'leaders', who: ['leaders', 'senior leaders', 'the nominated officer'], topics: ['ambition', 'strategicCoproduction', 'sharedUnderstanding', 'multiAgency'] },
  { key: 'forum-intro', day: 1, kind: 'meeting', title: 'Parent carer forum: introductory meeting', startsAt: '14:00', endsAt: '15:00', place: ONLINE, team: ['lead'], participants: { parent_carer_forum: 3 }, description: 'Forum steering group members on how the forum works with leaders.', voice: 'parents', who: ['forum members', 'the forum’s co-chairs', 'members of the forum'], topics: ['strategicCoproduction', 'localOffer', 'communication'] },
  { key: 'dcs', day: 2, kind: 'meeting', title: 'Director of children’s services and lead member for education', startsAt: '09:30', endsAt: '10:30', place: TOWN_HALL, team: ['lead'], participants: { leaders: 2 }, description: '', voice: 'leaders', who: ['the director of children’s services', 'the lead member', 'leaders'], topics: ['ambition', 'strategicCoproduction', 'sufficiency', 'sharedUnderstanding'] },
  { key: 'icb-leaders', day: 2, kind: 'meeting', title: 'ICB leaders: chief nurse, director of commissioning and designated clinical officer', startsAt: '11:00', endsAt: '12:00', place: ONLINE, team: ['cqcLead'], participants: { leaders: 3 }, description: '', voice: 'leaders', who: ['ICB leaders', 'the chief nurse', 'the director of commissioning'], topics: ['ambition', 'therapy', 'neurodevelopmental', 'multiAgency'] },
  { key: 'sencos-primary', day: 2, kind: 'focus_group', title: 'SENCOs from primary schools', startsAt: '13:30', endsAt: '15:00', place: ONLINE, team: ['inspector'], participants: { education_staff: 6 }, description: 'Six SENCOs from mainstream primary schools across the area.', voice: 'staff', who: ['SENCOs', 'several SENCOs', 'primary SENCOs', 'two SENCOs'], topics: ['identification', 'assessment', 'inclusion', 'therapy', 'annualReview'] },
  { key: 'dco-dmo', day: 3, kind: 'meeting', title: 'Designated clinical officer and designated medical officer', startsAt: '09:30', endsAt: '10:30', place: ONLINE, team: ['cqcLead'], participants: { health_staff: 2 }, description: '', voice: 'staff', who: ['the designated clinical officer', 'the designated medical officer'], topics: ['multiAgency', 'planQuality', 'therapy'] },
  { key: 'health-fg', day: 3, kind: 'focus_group', title: 'Health practitioners: health visiting, school nursing and community paediatrics', startsAt: '11:00', endsAt: '12:30', place: ONLINE, team: ['cqcLead'], participants: { health_staff: 5 }, description: '', voice: 'staff', who: ['health practitioners', 'health visitors', 'school nurses', 'a community paediatrician'], topics: ['identification', 'neurodevelopmental', 'multiAgency', 'transitions'] },
  { key: 'sencos-secondary', day: 3, kind: 'focus_group', title: 'SENCOs from secondary schools and colleges', startsAt: '13:30', endsAt: '15:00', place: ONLINE, team: ['inspector'], participants: { education_staff: 5 }, description: '', voice: 'staff', who: ['SENCOs', 'secondary SENCOs', 'several SENCOs', 'a college learning support manager'], topics: ['inclusion', 'attendance', 'alternativeProvision', 'transitions', 'assessment'] },
  { key: 'webinar', day: 3, kind: 'parent_webinar', title: 'Webinar for parents and carers', startsAt: '18:30', endsAt: '19:30', place: ONLINE, team: ['lead', 'inspector'], participants: { parents_carers: 9 }, description: 'Open to all parents and carers in Northbrook; advertised by the forum and the local offer.', voice: 'parents', who: ['parents', 'several parents', 'one parent', 'carers'], topics: ['assessment', 'communication', 'familyImpact', 'disputes', 'childVoice', 'strategicCoproduction'] },
  { key: 'send-managers', day: 4, kind: 'meeting', title: 'SEND and inclusion service managers', startsAt: '09:30', endsAt: '11:00', place: TOWN_HALL, team: ['lead'], participants: { leaders: 2, education_staff: 2 }, description: '', voice: 'leaders', who: ['service managers', 'the head of SEND', 'managers'], topics: ['assessment', 'annualReview', 'planQuality', 'sharedUnderstanding', 'ambition'] },
  { key: 'social-care-fg', day: 4, kind: 'focus_group', title: 'Social care practitioners: disabled children’s team and short breaks', startsAt: '10:00', endsAt: '11:00', place: ONLINE, team: ['cqcLead'], participants: { social_care_staff: 4 }, description: '', voice: 'staff', who: ['social workers', 'practitioners', 'a short breaks coordinator'], topics: ['shortBreaks', 'multiAgency', 'transitions', 'planQuality'] },
  { key: 'early-years-fg', day: 4, kind: 'focus_group', title: 'Early years practitioners and health visitors', startsAt: '13:00', endsAt: '14:30', place: ONLINE, team: ['inspector'], participants: { education_staff: 3, health_staff: 2 }, description: '', voice: 'staff', who: ['early years practitioners', 'health visitors', 'nursery managers'], topics: ['identification', 'therapy', 'transitions'] },
  { key: 'commissioning', day: 4, kind: 'meeting', title: 'Joint commissioning leads (council and ICB)', startsAt: '14:00', endsAt: '15:00', place: ONLINE, team: ['cqcLead'], participants: { leaders: 2 }, description: '', voice: 'leaders', who: ['commissioners', 'the joint commissioning manager', 'leaders'], topics: ['sufficiency', 'therapy', 'alternativeProvision', 'sharedUnderstanding', 'strategicCoproduction'] },
  // The second week: tracking, focus groups, the first visits
  { key: 'tracking-4', day: 5, kind: 'tracking_meeting', title: 'Tracking meeting', trackedChild: 3, startsAt: '09:30', endsAt: '10:45', place: ONLINE, team: ['inspector'], participants: { parents_carers: 1, children_young_people: 1, education_staff: 1, health_staff: 1 }, description: 'The family, the school’s SENCO and the speech and language therapist.' },
  { key: 'ep-service', day: 5, kind: 'meeting', title: 'Educational psychology service', startsAt: '11:00', endsAt: '12:00', place: ONLINE, team: ['lead'], participants: { education_staff: 2 }, description: '', voice: 'staff', who: ['educational psychologists', 'the principal educational psychologist'], topics: ['assessment', 'identification', 'inclusion'] },
  { key: 'tracking-5', day: 5, kind: 'tracking_meeting', title: 'Tracking meeting', trackedChild: 4, startsAt: '13:30', endsAt: '14:45', place: ONLINE, team: ['cqcLead'], participants: { parents_carers: 2, education_staff: 1, health_staff: 1, social_care_staff: 1 }, description: 'Both parents, the SENCO, the school nurse and the family’s social worker.' },
  { key: 'parents-under-5', day: 5, kind: 'focus_group', title: 'Parents and carers of children under five', startsAt: '16:00', endsAt: '17:30', place: 'Vale Park family hub', team: ['lead'], participants: { parents_carers: 5 }, description: '', voice: 'parents', who: ['parents', 'two mothers', 'one father', 'several parents'], topics: ['identification', 'therapy', 'localOffer', 'communication', 'childVoice'] },
  { key: 'tracking-1', day: 6, kind: 'tracking_meeting', title: 'Tracking meeting', trackedChild: 0, startsAt: '09:30', endsAt: '10:45', place: ONLINE, team: ['inspector'], participants: { parents_carers: 1, education_staff: 1, social_care_staff: 1 }, description: 'Mother, the head of year and the social worker.' },
  { key: 'visit-nursery', day: 6, kind: 'setting_visit', title: 'Brookside Nursery', settingType: 'early_years', urn: '990311', startsAt: '10:00', endsAt: '11:30', place: 'Brookside Nursery, Mill Lane', team: ['lead'], participants: { education_staff: 2 }, description: 'Nursery with a specially resourced place for children with complex needs.', voice: 'staff', who: ['nursery staff', 'the manager', 'the nursery’s SENCO'], topics: ['identification', 'therapy', 'transitions'] },
  { key: 'youth-voice', day: 6, kind: 'focus_group', title: 'Northbrook Youth Voice: young people with SEND', startsAt: '13:30', endsAt: '15:00', place: 'Northbrook Youth Centre', team: ['inspector'], participants: { children_young_people: 5 }, description: '', voice: 'cyp', who: ['young people', 'one young person', 'several young people'], topics: ['strategicCoproduction', 'childVoice', 'mentalHealth', 'transport', 'transitions'] },
  { key: 'community-health', day: 6, kind: 'meeting', title: 'Children’s community health services leaders', startsAt: '14:00', endsAt: '15:00', place: ONLINE, team: ['cqcLead'], participants: { health_staff: 2, leaders: 1 }, description: '', voice: 'leaders', who: ['health leaders', 'service managers', 'the head of therapies'], topics: ['therapy', 'neurodevelopmental', 'sharedUnderstanding', 'ambition'] },
  { key: 'tracking-2', day: 7, kind: 'tracking_meeting', title: 'Tracking meeting', trackedChild: 1, startsAt: '09:30', endsAt: '10:45', place: ONLINE, team: ['inspector'], participants: { parents_carers: 2, children_young_people: 1, education_staff: 1, health_staff: 1 }, description: 'The young person and both parents, the SENCO and the occupational therapist.' },
  { key: 'visit-juniors', day: 7, kind: 'setting_visit', title: 'Castle Hill Juniors', settingType: 'primary', urn: '990142', startsAt: '10:30', endsAt: '12:00', place: 'Castle Hill Juniors, Castle Road', team: ['lead'], participants: { education_staff: 2, children_young_people: 2 }, description: '', voice: 'staff', who: ['staff', 'the SENCO', 'teaching assistants', 'the headteacher'], topics: ['inclusion', 'therapy', 'annualReview'] },
  { key: 'camhs', day: 7, kind: 'meeting', title: 'CAMHS and emotional wellbeing service leads', startsAt: '13:30', endsAt: '14:30', place: ONLINE, team: ['cqcLead'], participants: { health_staff: 2 }, description: '', voice: 'leaders', who: ['CAMHS leaders', 'service leads', 'the clinical lead'], topics: ['mentalHealth', 'neurodevelopmental', 'multiAgency', 'ambition'] },
  { key: 'ap-oversight', day: 7, kind: 'meeting', title: 'Alternative provision: commissioning and oversight', startsAt: '15:00', endsAt: '16:00', place: TOWN_HALL, team: ['lead'], participants: { leaders: 2, education_staff: 1 }, description: '', voice: 'leaders', who: ['leaders', 'the head of the pupil referral unit', 'officers'], topics: ['alternativeProvision', 'attendance', 'sufficiency', 'ambition'] },
  { key: 'tracking-3', day: 8, kind: 'tracking_meeting', title: 'Tracking meeting', trackedChild: 2, startsAt: '09:30', endsAt: '10:45', place: ONLINE, team: ['inspector'], participants: { parents_carers: 1, children_young_people: 1, education_staff: 2, health_staff: 1, social_care_staff: 1 }, description: 'The young person, mother, college tutor and SENCO, the school nurse and the social worker.' },
  { key: 'visit-special', day: 8, kind: 'setting_visit', title: 'Ashgrove Special School', settingType: 'special_school', urn: '990207', startsAt: '10:00', endsAt: '12:00', place: 'Ashgrove Special School, Ashgrove Road', team: ['lead', 'cqcLead'], participants: { education_staff: 3, children_young_people: 3 }, description: 'Special school for pupils aged 4 to 19 with complex learning difficulties.', voice: 'staff', who: ['staff', 'the headteacher', 'therapists based at the school', 'teachers'], topics: ['sufficiency', 'therapy', 'transitions', 'multiAgency'] },
  { key: 'parents-nd', day: 8, kind: 'focus_group', title: 'Parents and carers of children waiting for autism or ADHD assessment', startsAt: '13:00', endsAt: '14:30', place: ONLINE, team: ['inspector'], participants: { parents_carers: 6 }, description: '', voice: 'parents', who: ['parents', 'several parents', 'one mother', 'a father'], topics: ['neurodevelopmental', 'familyImpact', 'mentalHealth', 'inclusion'] },
  { key: 'early-help-leads', day: 8, kind: 'meeting', title: 'Designated social care officer and early help leads', startsAt: '13:30', endsAt: '14:30', place: ONLINE, team: ['lead'], participants: { social_care_staff: 2 }, description: '', voice: 'leaders', who: ['the designated social care officer', 'early help leads', 'managers'], topics: ['shortBreaks', 'multiAgency', 'familyImpact'] },
  { key: 'tracking-6', day: 9, kind: 'tracking_meeting', title: 'Tracking meeting', trackedChild: 5, startsAt: '09:30', endsAt: '10:45', place: ONLINE, team: ['cqcLead'], participants: { parents_carers: 1, education_staff: 1, health_staff: 1 }, description: 'Father, the SENCO and the community paediatrician.' },
  { key: 'casework', day: 9, kind: 'meeting', title: 'SEND casework team: mediation, tribunals and complaints', startsAt: '11:00', endsAt: '12:00', place: TOWN_HALL, team: ['lead'], participants: { education_staff: 2 }, description: '', voice: 'staff', who: ['caseworkers', 'the team manager', 'officers'], topics: ['disputes', 'communication', 'assessment'] },
  { key: 'visit-cdc', day: 9, kind: 'setting_visit', title: 'Northbrook Child Development Centre', settingType: 'health_clinic', startsAt: '11:00', endsAt: '12:30', place: 'Northbrook General Hospital, Child Development Centre', team: ['inspector'], participants: { health_staff: 3, parents_carers: 2 }, description: 'Community paediatrics, therapies and the neurodevelopmental assessment clinic.', voice: 'staff', who: ['clinicians', 'paediatricians', 'therapists', 'staff'], topics: ['neurodevelopmental', 'therapy', 'identification'] },
  { key: 'therapists', day: 9, kind: 'focus_group', title: 'Therapists: speech and language, occupational therapy and physiotherapy', startsAt: '13:30', endsAt: '15:00', place: ONLINE, team: ['cqcLead'], participants: { health_staff: 5 }, description: '', voice: 'staff', who: ['therapists', 'speech and language therapists', 'an occupational therapist'], topics: ['therapy', 'planQuality', 'multiAgency'] },
  { key: 'parents-post-16', day: 9, kind: 'focus_group', title: 'Parents and carers of young people aged 14 to 25', startsAt: '15:30', endsAt: '17:00', place: 'Northbrook College, conference room', team: ['lead'], participants: { parents_carers: 5 }, description: '', voice: 'parents', who: ['parents', 'several parents', 'one carer', 'two fathers'], topics: ['transitions', 'transport', 'annualReview', 'shortBreaks', 'strategicCoproduction'] },
  // The week on site
  { key: 'on-site-start', day: 10, kind: 'meeting', title: 'Start of the week on site with the partnership’s leaders', startsAt: '09:00', endsAt: '10:00', place: TOWN_HALL, team: ['lead', 'cqcLead', 'inspector'], participants: { leaders: 4 }, description: 'Lines of enquiry for the week and the evidence still needed.' },
  { key: 'visit-high', day: 10, kind: 'setting_visit', title: 'Northbrook High School', settingType: 'secondary', urn: '990158', startsAt: '10:30', endsAt: '12:30', place: 'Northbrook High School, Station Road', team: ['inspector'], participants: { education_staff: 3, children_young_people: 3 }, description: '' },
  { key: 'visit-ap', day: 10, kind: 'setting_visit', title: 'The Bridge Centre (pupil referral unit)', settingType: 'alternative_provision', urn: '990415', startsAt: '10:30', endsAt: '12:00', place: 'The Bridge Centre, Canal Street', team: ['lead'], participants: { education_staff: 2, children_young_people: 2 }, description: '' },
  { key: 'visit-social-care', day: 10, kind: 'setting_visit', title: 'Disabled children’s team', settingType: 'social_care', startsAt: '13:30', endsAt: '15:00', place: 'Northbrook Children’s Services, Civic Centre', team: ['cqcLead'], participants: { social_care_staff: 3 }, description: '' },
  { key: 'visit-college', day: 11, kind: 'setting_visit', title: 'Northbrook College', settingType: 'further_education', urn: '990466', startsAt: '09:30', endsAt: '11:30', place: 'Northbrook College, main campus', team: ['inspector'], participants: { education_staff: 2, children_young_people: 3 }, description: 'Supported internships and the foundation learning department.' },
  { key: 'visit-early-help', day: 11, kind: 'setting_visit', title: 'Early help hub, Vale Park family centre', settingType: 'early_help', startsAt: '10:00', endsAt: '11:30', place: 'Vale Park family hub', team: ['cqcLead'], participants: { social_care_staff: 2, parents_carers: 1 }, description: '' },
  { key: 'visit-resourced', day: 11, kind: 'setting_visit', title: 'Vale Park Academy: resourced provision for autistic pupils', settingType: 'secondary', urn: '990173', startsAt: '11:30', endsAt: '13:00', place: 'Vale Park Academy', team: ['lead'], participants: { education_staff: 2 }, description: '' },
  { key: 'assistant-director', day: 11, kind: 'meeting', title: 'Assistant director for education (moved from Thursday)', startsAt: '12:30', endsAt: '13:15', place: TOWN_HALL, team: ['lead'], participants: { leaders: 1 }, description: 'Moved at the area’s request; overlaps the end of the Vale Park visit.' },
  { key: 'parents-mainstream', day: 11, kind: 'focus_group', title: 'Parents and carers of children in mainstream schools', startsAt: '15:30', endsAt: '17:00', place: 'Northbrook Library, meeting room', team: ['inspector'], participants: { parents_carers: 5 }, description: '' },
  { key: 'visit-primary', day: 12, kind: 'setting_visit', title: 'St Aidan’s C of E Primary School', settingType: 'primary', urn: '990126', startsAt: '09:30', endsAt: '11:00', place: 'St Aidan’s C of E Primary School', team: ['cqcLead', 'inspector'], participants: { education_staff: 2 }, description: '' },
  { key: 'forum-strategy', day: 12, kind: 'meeting', title: 'Parent carer forum: co-production and strategy', startsAt: '13:00', endsAt: '14:30', place: TOWN_HALL, team: ['lead'], participants: { parent_carer_forum: 5 }, description: '' },
  { key: 'visit-special-post-16', day: 12, kind: 'setting_visit', title: 'Ashgrove Special School: post-16 department', settingType: 'special_school', urn: '990207', startsAt: '13:30', endsAt: '15:00', place: 'Ashgrove Special School, sixth form building', team: ['inspector'], participants: { education_staff: 1, children_young_people: 2 }, description: '' },
  { key: 'health-commissioning', day: 12, kind: 'meeting', title: 'Health commissioning: therapies and the neurodevelopmental pathway', startsAt: '14:00', endsAt: '15:00', place: ONLINE, team: ['cqcLead'], participants: { leaders: 1, health_staff: 1 }, description: '' },
  { key: 'partnership-board', day: 13, kind: 'meeting', title: 'SEND partnership board: chairs and senior leaders', startsAt: '10:00', endsAt: '11:00', place: TOWN_HALL, team: ['lead', 'cqcLead'], participants: { leaders: 3 }, description: '' },
  { key: 'nominated-officer', day: 14, kind: 'meeting', title: 'Keeping in touch with the nominated officer', startsAt: '09:30', endsAt: '10:00', place: ONLINE, team: ['lead'], participants: { leaders: 1 }, description: '' },
];

export type DemoActivity = PlannedActivity & { heldOn: string };

/** The last working day before the week on site: the notes are written about the activities held up to then. */
export function demoDay(dates: DemoDates): string {
  return addWorkingDays(dates.notificationDate, 9);
}

export function planDemoActivities(dates: DemoDates): DemoActivity[] {
  return DEMO_ACTIVITY_PLAN.map((a) => ({ ...a, heldOn: addWorkingDays(dates.notificationDate, a.day) }));
}

// ---- Words -------------------------------------------------------------------------------------

/** A sentence and, when it only makes sense in some people's mouths, whose. */
type Line = { text: string; voices?: readonly Voice[] };
type Bank = Readonly<Record<Polarity, readonly Line[]>>;

const FAMILIES: readonly Voice[] = ['parents', 'cyp'];
const PROFESSIONALS: readonly Voice[] = ['staff', 'leaders'];

type Topic = {
  themes: readonly ThemeCode[];
  criteria: readonly string[];
  /** Criteria a note may also be tagged with. */
  also: readonly string[];
  /** Weights of strength, concern and neither. */
  balance: readonly [number, number, number];
  said: Bank;
  /** Sentences about one child's case and plan; topics without them are not written about cases. */
  seen?: Bank;
};

const TOPICS: Readonly<Record<TopicKey, Topic>> = {
  identification: {
    themes: ['IDENT_EARLY'],
    criteria: ['I1'],
    also: ['L6'],
    balance: [0.6, 0.18, 0.22],
    said: {
      strength: [
        { text: '{Who} described health visitors picking up speech delay at the two-year check and referring quickly to the early years SEND team.' },
        { text: 'Early years settings can get advice from the area SENCO within a fortnight; {who} said the advice is quick and practical.' },
        { text: '{Who} said the portage service visited at home within weeks and helped them understand what their child needed.', voices: ['parents'] },
        { text: 'SEN support is well understood in the schools {who} work in: needs are picked up early and support plans are reviewed each term.', voices: PROFESSIONALS },
      ],
      concern: [
        { text: '{Who} said needs were missed until {year}, when things at school broke down, and only then did anyone suggest an assessment.' },
        { text: 'Some schools still wait for a diagnosis before putting support in place; {who} gave examples of children going without for most of a school year.' },
        { text: '{Who} described being told for two years that their child was "just a bit behind".', voices: ['parents'] },
      ],
      neutral: [
        { text: '{Who} described the graduated approach and the local SEN support toolkit; how consistently schools use it was not clear.' },
        { text: 'The integrated review at age two is carried out jointly in some family hubs but not yet in all of them.' },
      ],
    },
    seen: {
      strength: [{ text: 'Needs were identified early by the health visitor and the nursery, and support was in place before the request for assessment.' }],
      concern: [{ text: 'Concerns were first raised in reception but nothing was put in place until {year}.' }],
      neutral: [{ text: 'The records do not show when needs were first identified.' }],
    },
  },
  assessment: {
    themes: ['EHCNA_TIMELINESS'],
    criteria: ['I1'],
    also: ['I3', 'L4'],
    balance: [0.12, 0.73, 0.15],
    said: {
      strength: [
        { text: '{Who} said the SEND team kept them informed at each stage of the assessment and the plan arrived within 20 weeks.', voices: ['parents'] },
        { text: 'The new triage of requests is helping: {who} said decisions on whether to assess now usually come within six weeks.' },
      ],
      concern: [
        { text: '{Who} described waiting {weeks} weeks from the request to the final plan, with little contact from the SEND team meanwhile.', voices: ['parents', 'staff'] },
        { text: 'Educational psychologists’ capacity is the bottleneck: {who} said their advice is routinely late and assessments stall without it.' },
        { text: '{Who} said requests are often refused at first and agreed only once the family asks for mediation.', voices: ['parents', 'staff'] },
        { text: 'Schools are paying for interim support themselves while assessments drift past 20 weeks; {who} said this cannot go on.', voices: PROFESSIONALS },
        { text: 'Families are not told when a deadline will be missed; {who} found out only by chasing.', voices: ['parents', 'staff'] },
      ],
      neutral: [
        { text: 'Leaders have recruited two locum educational psychologists; it is too early to see the effect on timeliness.' },
        { text: '{Who} said the quality of advice for assessments varies between services more than its timeliness does.' },
      ],
    },
    seen: {
      strength: [{ text: 'The plan was issued in {shortWeeks} weeks and the family said the process was clear.' }],
      concern: [
        { text: 'The plan took {weeks} weeks to issue; the family had no update for long stretches.' },
        { text: 'Educational psychology advice arrived in week 19 and the plan was issued in week {weeks}.' },
      ],
      neutral: [{ text: 'The request for assessment was made by the school; the dates in the file are incomplete.' }],
    },
  },
  therapy: {
    themes: ['THERAPY_WAITS'],
    criteria: ['I3'],
    also: ['L4'],
    balance: [0.15, 0.7, 0.15],
    said: {
      strength: [
        { text: '{Who} praised the speech and language therapy drop-in for the under-fives, which sees children within weeks.' },
        { text: 'Occupational therapists now train school staff so that advice is followed between appointments; {who} valued this.' },
      ],
      concern: [
        { text: '{Who} said children wait about {months} months for speech and language therapy after referral, and the therapy in plans is not always delivered.' },
        { text: 'Occupational therapy waits are long, and {who} said equipment for home took months to arrive.' },
        { text: 'Therapy in section F is often written as "access to" rather than a set amount; {who} said this lets delivery slip.' },
        { text: '{Who} said speech and language therapists stop direct work when a child moves to secondary school.' },
      ],
      neutral: [
        { text: 'The ICB has commissioned a review of therapy capacity, due to report in the spring.' },
        { text: 'Waits vary by service: physiotherapy sees children quickly, speech and language therapy much less so.' },
      ],
    },
    seen: {
      strength: [{ text: 'Therapy is delivered as the plan says, and the therapist comes to reviews.' }],
      concern: [
        { text: '{Child} waited {months} months for speech and language therapy; the therapy in the plan was not delivered meanwhile.' },
        { text: 'An occupational therapy assessment was requested over a year ago and has not happened.' },
      ],
      neutral: [{ text: 'Therapy advice in the plan dates from the original assessment and has not been updated.' }],
    },
  },
  neurodevelopmental: {
    themes: ['ND_PATHWAY'],
    criteria: ['I1'],
    also: ['I3', 'L4'],
    balance: [0.2, 0.6, 0.2],
    said: {
      strength: [
        { text: 'Support before diagnosis has improved: {who} described the neurodiversity hub’s advice line and parent workshops for families who are waiting.' },
        { text: 'Schools can now refer straight to the pathway, which {who} said saves families months.' },
      ],
      concern: [
        { text: '{Who} said the wait for an autism assessment is around {ndMonths} months, and longer for ADHD.' },
        { text: 'Families are still told that support depends on a diagnosis; {who} said this happens often.' },
        { text: '{Who} described children’s mental health getting worse while they waited on the neurodevelopmental pathway.' },
      ],
      neutral: [{ text: 'The neurodevelopmental pathway was redesigned last year; the new model is not yet fully in place.' }],
    },
    seen: {
      strength: [{ text: '{Child} was assessed within the pathway’s target and the school adjusted support straight away.' }],
      concern: [{ text: '{Child} has been waiting {ndMonths} months for an autism assessment; the school has put some support in place meanwhile.' }],
      neutral: [{ text: '{Child} is on the neurodevelopmental pathway; the file does not say when an assessment is expected.' }],
    },
  },
  planQuality: {
    themes: ['EHCP_QUALITY'],
    criteria: ['I3'],
    also: ['I2'],
    balance: [0.45, 0.35, 0.2],
    said: {
      strength: [
        { text: '{Who} said recent plans describe children well and the outcomes are specific enough to check at review.' },
        { text: 'Health advice is now written into plans in terms schools can use; {who} gave examples where section G is clear and current.' },
      ],
      concern: [
        { text: '{Who} said plans are often generic, with outcomes that could belong to any child.' },
        { text: 'Social care sections are frequently blank or say "no needs identified" when the family has a social worker.' },
        { text: '{Who} said provision in plans is not quantified, so it is hard to hold anyone to it.' },
      ],
      neutral: [{ text: 'Plans written in the last year appear better than older ones that have not been properly reviewed.' }],
    },
    seen: {
      strength: [
        { text: 'The plan gives a clear picture of {child}: strengths, needs and what works are all well described.' },
        { text: 'Outcomes are specific and measurable, and the provision in section F is quantified.' },
        { text: 'There is a clear thread from needs through outcomes to provision.' },
      ],
      concern: [
        { text: 'Outcomes in the plan are vague ("to make progress in literacy") and could not be measured.' },
        { text: 'Section F says "access to speech and language therapy" without saying how often or by whom.' },
        { text: 'Section H is blank although the family receives short breaks.' },
      ],
      neutral: [{ text: 'The plan is adequate but long, repeating the advice rather than summarising it.' }],
    },
  },
  annualReview: {
    themes: ['ANNUAL_REVIEW'],
    criteria: ['I3'],
    also: ['I4'],
    balance: [0.35, 0.45, 0.2],
    said: {
      strength: [{ text: '{Who} said annual reviews are held on time and the SEND team comes to the key phase transfer reviews.' }],
      concern: [
        { text: '{Who} said changes agreed at annual review take months to appear in the amended plan.' },
        { text: 'Reviews are held in school but the paperwork often gets no reply from the local authority; {who} described waiting over a term.', voices: ['parents', 'staff'] },
        { text: '{Who} said plans still describe needs from several years ago because reviews have not led to amendments.' },
      ],
      neutral: [{ text: 'The local authority has a new annual review team; {who} had mixed experiences of it so far.' }],
    },
    seen: {
      strength: [{ text: 'The last annual review was on time and the plan was amended within four weeks.' }],
      concern: [
        { text: 'The plan has not been amended since the annual review {months} months ago.' },
        { text: 'The annual review was late and did not consider the move to secondary school.' },
      ],
      neutral: [{ text: 'The latest review paperwork was not in the file; we have asked the area for it.' }],
    },
  },
  childVoice: {
    themes: ['COPRODUCTION', 'COMMUNICATION'],
    criteria: ['I2'],
    also: [],
    balance: [0.72, 0.08, 0.2],
    said: {
      strength: [
        { text: '{Who} felt listened to: their child’s views were written into the plan in the child’s own words.', voices: ['parents'] },
        { text: 'Children’s views are gathered before reviews with pictures and short videos; {who} gave several examples.', voices: PROFESSIONALS },
        { text: '{Who} said they helped to write the outcomes and recognised their child in the plan.', voices: ['parents'] },
        { text: '{Who} said staff ask what they want and act on it, and they know who to talk to.', voices: ['cyp'] },
        { text: '{Who} described reviews planned around the young person, held where they feel comfortable.' },
      ],
      concern: [{ text: '{Who} said their views were recorded but made no difference to the decision.' }],
      neutral: [{ text: 'The "all about me" section is completed in most plans, but the strength of the child’s voice in it varies.' }],
    },
    seen: {
      strength: [
        { text: '{Child}’s views are in their own words and shape the outcomes.' },
        { text: 'The family’s views are recorded in detail and the plan reflects them.' },
      ],
      concern: [{ text: '{Child}’s views are missing from the plan; section A was written by professionals.' }],
      neutral: [{ text: '{Child}’s views were gathered for the first plan but not at the last review.' }],
    },
  },
  communication: {
    themes: ['COMMUNICATION'],
    criteria: ['I2'],
    also: ['I3'],
    balance: [0.5, 0.3, 0.2],
    said: {
      strength: [{ text: '{Who} praised having a named SEND officer who replies to emails within a few days.' }],
      concern: [
        { text: '{Who} said they struggle to get answers from the SEND team, with calls not returned and caseworkers changing often.' },
        { text: '{Who} described letters that explain decisions poorly, full of jargon and with no clear next step.' },
      ],
      neutral: [{ text: '{Who} said communication depends heavily on which caseworker a family has.' }],
    },
    seen: {
      strength: [{ text: 'The family had a named caseworker throughout and said they always knew what was happening.' }],
      concern: [{ text: 'The family said they had three different caseworkers in a year and had to repeat their story each time.' }],
      neutral: [{ text: 'Correspondence in the file is mostly standard letters; the family’s experience of it was mixed.' }],
    },
  },
  strategicCoproduction: {
    themes: ['COPRODUCTION'],
    criteria: ['L2'],
    also: ['I2'],
    balance: [0.8, 0.05, 0.15],
    said: {
      strength: [
        { text: 'The parent carer forum is involved from the start of strategy work, not consulted at the end; {who} gave the short breaks review as an example.', voices: ['parents', 'staff', 'leaders'] },
        { text: 'Northbrook Youth Voice helped to rewrite the local offer pages for young people, and leaders acted on what they said.' },
        { text: 'The forum co-chairs the partnership board’s co-production group; {who} described a relationship of trust and honest challenge.', voices: ['parents', 'leaders'] },
        { text: 'Leaders reported back to families on what changed after the last consultation, in a "you said, we did" update.' },
        { text: '{Who} said young people interview candidates for senior SEND posts, and their views count.' },
      ],
      concern: [{ text: 'Co-production is strong at a strategic level, but {who} said it has not yet reached every school.' }],
      neutral: [{ text: 'The co-production charter was signed last year; {who} said it is early to see its effect everywhere.', voices: ['parents', 'staff', 'leaders'] }],
    },
  },
  localOffer: {
    themes: ['LOCAL_OFFER'],
    criteria: ['L2'],
    also: ['I2'],
    balance: [0.5, 0.3, 0.2],
    said: {
      strength: [
        { text: '{Who} found the local offer website easier to use since it was redesigned with the forum.' },
        { text: 'The information, advice and support service is valued: {who} said its advisers helped families through the assessment.' },
      ],
      concern: [{ text: '{Who} had not heard of the local offer, or found its information out of date.' }],
      neutral: [{ text: 'The local offer is thorough but long; {who} said families mainly rely on other parents.' }],
    },
  },
  inclusion: {
    themes: ['MAINSTREAM_INCLUSION'],
    criteria: ['I3'],
    also: ['L6'],
    balance: [0.6, 0.2, 0.2],
    said: {
      strength: [
        { text: 'Schools have good access to training from the inclusion team; {who} said the autism-friendly schools programme makes a real difference.', voices: ['parents', 'staff', 'leaders'] },
        { text: '{Who} described sensible adjustments at {school} that let children stay in mainstream.' },
        { text: 'Outreach from the special schools supports mainstream staff well; {who} valued how quickly it responds.', voices: PROFESSIONALS },
      ],
      concern: [
        { text: '{Who} said some schools are reluctant to admit children with EHC plans, citing a lack of funding.', voices: ['parents', 'staff', 'leaders'] },
        { text: 'Support in plans is not always delivered in school; {who} gave examples of one-to-one hours being shared.' },
      ],
      neutral: [{ text: 'Inclusion varies between schools; about half have signed the area’s inclusion charter.', voices: PROFESSIONALS }],
    },
    seen: {
      strength: [{ text: 'The school has made sensible adjustments; {child} attends full time and is making progress.' }],
      concern: [{ text: 'The support in the plan is not fully delivered in school: one-to-one hours are shared with another pupil.' }],
      neutral: [{ text: 'The school’s provision map broadly matches the plan, though some of it is not yet in place.' }],
    },
  },
  mentalHealth: {
    themes: ['MENTAL_HEALTH'],
    criteria: ['I3'],
    also: ['L4'],
    balance: [0.3, 0.5, 0.2],
    said: {
      strength: [{ text: 'Mental health support teams in schools are valued; {who} described early, practical help.' }],
      concern: [
        { text: '{Who} said the threshold for CAMHS is high and children are sent back to school support without further help.' },
        { text: '{Who} described waiting months for CAMHS and feeling left alone meanwhile.', voices: FAMILIES },
      ],
      neutral: [{ text: 'The emotional wellbeing offer has changed recently; {who} said it was not clear which service to approach.' }],
    },
    seen: {
      strength: [{ text: 'The mental health support team in school has worked with {child} weekly since the autumn.' }],
      concern: [{ text: '{Child} was referred to CAMHS and did not meet the threshold; no other support was offered.' }],
      neutral: [{ text: '{Child}’s emotional wellbeing is mentioned in the plan but there is no outcome for it.' }],
    },
  },
  transitions: {
    themes: ['TRANSITIONS_PFA'],
    criteria: ['I4'],
    also: [],
    balance: [0.55, 0.22, 0.23],
    said: {
      strength: [
        { text: 'The move from primary to secondary is well planned, with extra visits and a transition passport; {who} valued it.' },
        { text: 'Supported internships at Northbrook College are growing; {who} described young people moving into paid work.' },
      ],
      concern: [
        { text: '{Who} said planning for adulthood starts too late, often in Year 11 rather than Year 9.' },
        { text: 'The move to adult health services is poorly coordinated; {who} described young people left between paediatric and adult care.' },
      ],
      neutral: [{ text: 'Post-16 options are improving, but {who} said few young people with complex needs have a local option after 19.' }],
    },
    seen: {
      strength: [{ text: 'Preparing-for-adulthood outcomes reflect {child}’s wish to work and live independently.' }],
      concern: [{ text: 'The plan does not mention preparing for adulthood, although {child} is in Year 10.' }],
      neutral: [{ text: 'A transition review is planned for next term; the options are still being explored with the family.' }],
    },
  },
  alternativeProvision: {
    themes: ['ALT_PROVISION'],
    criteria: ['L4'],
    also: ['I4'],
    balance: [0.35, 0.45, 0.2],
    said: {
      strength: [{ text: 'The local authority keeps a register of alternative provision and visits each provider; {who} described regular quality checks.' }],
      concern: [
        { text: '{Who} said some pupils spend long periods in alternative provision without a plan to return.' },
        { text: 'Oversight of unregistered alternative provision is patchy; {who} could not say how many pupils attend it.' },
      ],
      neutral: [{ text: 'A new alternative provision strategy is in draft; its commissioning plan has not been agreed.' }],
    },
  },
  sufficiency: {
    themes: ['PLACEMENT_SUFFICIENCY'],
    criteria: ['L4'],
    also: ['I3'],
    balance: [0.15, 0.65, 0.2],
    said: {
      strength: [{ text: 'Two new resourced provisions opened in September, and {who} said they are already making a difference.' }],
      concern: [
        { text: '{Who} said there are not enough special school places, so children wait in mainstream without the right support.' },
        { text: 'Out-of-area placements have risen; {who} described long journeys and children losing friendships.' },
        { text: 'Resourced provision for autistic pupils is full and has a waiting list.' },
      ],
      neutral: [{ text: 'The sufficiency plan projects need well, but the new special free school will not open until 2028.' }],
    },
  },
  attendance: {
    themes: ['ATTENDANCE_EXCLUSION'],
    criteria: ['I4'],
    also: ['I3'],
    balance: [0.3, 0.5, 0.2],
    said: {
      strength: [{ text: '{School} works closely with the local authority to avoid exclusions; {who} described a clear support plan.' }],
      concern: [
        { text: '{Who} described children on part-time timetables for months with no review date.' },
        { text: 'Pupils with EHC plans are still suspended often; {who} said families are regularly called to collect children early.' },
        { text: '{Who} said some families chose home education because they felt school could not meet needs.' },
      ],
      neutral: [{ text: 'The attendance team has begun tracking pupils with EHC plans separately; it is too early to see the effect.' }],
    },
    seen: {
      strength: [{ text: '{Child}’s attendance has risen since the plan was amended and transport was arranged.' }],
      concern: [{ text: '{Child} has been on a part-time timetable for {months} months without a review.' }],
      neutral: [{ text: '{Child}’s attendance dipped last term; the school is monitoring it.' }],
    },
  },
  shortBreaks: {
    themes: ['SOCIAL_CARE_SHORT_BREAKS'],
    criteria: ['I3'],
    also: ['L6'],
    balance: [0.6, 0.2, 0.2],
    said: {
      strength: [
        { text: '{Who} spoke highly of the short breaks offer, especially the holiday clubs.', voices: ['parents', 'cyp', 'staff'] },
        { text: 'The disabled children’s team carries out assessments promptly; {who} described social workers who know families well.' },
      ],
      concern: [{ text: '{Who} said short breaks are hard to get and the eligibility criteria are unclear.' }],
      neutral: [{ text: 'The short breaks statement is up to date, but take-up varies across the area.' }],
    },
    seen: {
      strength: [{ text: 'The family receives short breaks, which they said keep them going.' }],
      concern: [{ text: 'A social care assessment was requested and the family has heard nothing since.' }],
      neutral: [{ text: 'The family has a direct payment for short breaks; the plan does not mention it.' }],
    },
  },
  multiAgency: {
    themes: ['PARTNERSHIP_LEADERSHIP'],
    criteria: ['L6'],
    also: ['L3'],
    balance: [0.62, 0.15, 0.23],
    said: {
      strength: [
        { text: 'Professionals work well together across education, health and care; {who} described joint meetings that sort problems out quickly.' },
        { text: 'The designated clinical officer has good oversight of health advice for plans.' },
        { text: 'Shared training across services has helped staff understand each other’s roles; {who} valued it.' },
      ],
      concern: [{ text: 'Information sharing between health and education is slow; {who} said reports often arrive after the review.' }],
      neutral: [{ text: 'The multi-agency panel meets monthly; {who} said its decisions are not always clearly recorded.' }],
    },
    seen: {
      strength: [{ text: 'The school, the therapist and the social worker all came to the last review and agreed a joint plan.' }],
      concern: [{ text: 'Health advice was not updated at the last review, so the plan still reflects needs from several years ago.' }],
      neutral: [{ text: 'Several professionals are involved; it is not clear from the records who coordinates them.' }],
    },
  },
  sharedUnderstanding: {
    themes: ['PARTNERSHIP_LEADERSHIP'],
    criteria: ['L3'],
    also: ['L4'],
    balance: [0.5, 0.2, 0.3],
    said: {
      strength: [
        { text: 'Leaders know their strengths and weaknesses; the self-evaluation matches what {who} told us.' },
        { text: 'The joint strategic needs assessment has a strong section on SEND and is used to plan services.' },
      ],
      concern: [{ text: 'Leaders’ information about children at SEN support is weak; {who} could not say how many were waiting for therapy.' }],
      neutral: [{ text: 'The SEND dashboard brings education and health data together, but the health figures run a quarter behind.' }],
    },
  },
  ambition: {
    themes: ['PARTNERSHIP_LEADERSHIP'],
    criteria: ['L1'],
    also: [],
    balance: [0.7, 0.1, 0.2],
    said: {
      strength: [
        { text: 'Leaders are ambitious for children with SEND; the strategy sets clear priorities shared by the council and the ICB.' },
        { text: '{Who} spoke with conviction about inclusion being everyone’s responsibility.' },
        { text: 'The SEND strategy was written with families and sets measurable targets for 2028.' },
      ],
      concern: [{ text: 'Leaders’ ambition is not yet matched by capacity in some services; {who} acknowledged the gap.' }],
      neutral: [{ text: 'Progress against the strategy’s priorities is reported to the partnership board each quarter.' }],
    },
  },
  transport: {
    themes: ['TRANSPORT'],
    criteria: ['I4'],
    also: ['I3'],
    balance: [0.3, 0.5, 0.2],
    said: {
      strength: [{ text: 'Travel training helps young people become independent; {who} called it life-changing.' }],
      concern: [{ text: '{Who} said transport arrangements were changed at short notice, which upset children and families.' }],
      neutral: [{ text: 'The post-16 transport policy changed this year; {who} said it was unclear how it applied to them.' }],
    },
  },
  disputes: {
    themes: ['DISPUTES_REDRESS'],
    criteria: ['I2'],
    also: [],
    balance: [0.35, 0.4, 0.25],
    said: {
      strength: [{ text: 'Mediation is offered early and {who} said it settled disagreements without going to tribunal.' }],
      concern: [{ text: '{Who} described having to "fight" for everything and going to tribunal to get the right school.' }],
      neutral: [{ text: 'Tribunal appeals have fallen slightly this year; leaders put this down to earlier mediation.' }],
    },
  },
  familyImpact: {
    themes: ['FAMILY_IMPACT'],
    criteria: ['I3'],
    also: [],
    balance: [0.15, 0.65, 0.2],
    said: {
      strength: [{ text: '{Who} said early help made a real difference to family life.' }],
      concern: [
        { text: '{Who} described giving up work to care for their child while waiting for support.', voices: ['parents'] },
        { text: '{Who} said parents feel blamed for their child’s behaviour rather than helped.' },
      ],
      neutral: [{ text: '{Who} described experiences that depend on the school and the part of Northbrook a family lives in.' }],
    },
    seen: {
      strength: [{ text: 'The family said early help support kept them going while they waited for the plan.' }],
      concern: [{ text: 'The mother has given up work to look after {child}; the family feels unsupported.' }],
      neutral: [{ text: 'The family described both good and poor experiences depending on the service.' }],
    },
  },
};

const NUMBERS: Record<string, readonly string[]> = {
  weeks: ['32', '35', '38', '41', '44', '48', '52', 'over 30', 'nearly 40'],
  shortWeeks: ['17', '18', '19', '20'],
  months: ['seven', 'eight', 'nine', 'ten', '11', '14', '18'],
  ndMonths: ['18', '20', '22', '26', '30'],
  year: ['Year 2', 'Year 3', 'Year 4', 'Year 5', 'Year 7', 'Year 8'],
  school: ['Northbrook Primary', 'St Aidan’s', 'Vale Park Academy', 'Hollins Lane School', 'Brookside Infants', 'Northbrook High', 'Moorfield Academy', 'Castle Hill Juniors'],
};

/** Sentences placing a note in its source, by whose words it reports. */
const CONTEXT: Readonly<Record<Voice, readonly string[]>> = {
  parents: ['{Few} parents raised this independently.', 'This came up more than once.', 'Others in the group agreed.', 'Strong feeling about this in the group.', 'Said with some emotion.'],
  cyp: ['The others nodded along.', '{Few} of the young people said the same.', 'Said quietly but clearly.', 'One young person spoke for the group on this.'],
  staff: ['{Few} others in the group agreed.', 'Consistent with what we heard elsewhere this week.', 'Said without prompting.', 'Staff gave specific examples.'],
  leaders: ['Leaders were candid about this.', 'Leaders gave examples when asked.', 'Consistent with the self-evaluation.', 'Leaders referred to the SEND strategy.'],
};

/** Where in a tracked child's case or a reviewed plan the note's point came from. */
const CASE_CONTEXT: Readonly<Record<'tracked_case' | 'reviewed_plan', readonly string[]>> = {
  tracked_case: ['Discussed at the tracking meeting with the family and the school.', 'The family and the SENCO agreed about this.', 'Confirmed by the records the area sent.', 'The family raised this before we asked.'],
  reviewed_plan: ['Seen in the plan and the latest annual review paperwork.', 'The advice in the appendices says the same.', 'Noted when reviewing the plan against the advice it was written from.', 'The second reviewer agreed.'],
};

const FOLLOW_UP: Readonly<Record<Polarity, readonly string[]>> = {
  strength: ['Test on site whether this is typical.', 'Check against the plans we review.', 'A good example to cite if it holds up.', 'Look for the impact in the tracked cases.', 'Ask leaders how they know it is working.'],
  concern: ['Raise with leaders in the week on site.', 'Follow up with the SEND casework team.', 'Ask the ICB what is being done and by when.', 'Check how widespread this is.', 'Line of enquiry for the week on site.', 'Look for this in the plans we review.'],
  neutral: ['Need more evidence before drawing a conclusion.', 'Check against the person-level data.', 'Ask the nominated officer for the latest figures.', 'Keep under review.'],
};

const FEW = ['Two', 'Three', 'Several', 'Four'];

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Fills {who}, {child}, {weeks}… and their capitalised forms ({Who}, {Child}). */
function fill(template: string, slots: Readonly<Record<string, string>>, random: Random): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const key = name.charAt(0).toLowerCase() + name.slice(1);
    const value = slots[key] ?? (NUMBERS[key] ? random.pick(NUMBERS[key]) : key === 'few' ? random.pick(FEW).toLowerCase() : undefined);
    if (value === undefined) throw new Error(`No words for ${whole}`);
    return name === key ? value : capitalise(value);
  });
}

function linesFor(bank: Bank, polarity: Polarity, voice: Voice | undefined): readonly Line[] {
  const fitting = bank[polarity].filter((line) => !voice || !line.voices || line.voices.includes(voice));
  return fitting.length ? fitting : bank[polarity];
}

/** Up to `n` different entries, in a random order. */
function some<T>(random: Random, items: readonly T[], n: number): T[] {
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < n && pool.length) chosen.push(pool.splice(random.int(pool.length), 1)[0]!);
  return chosen;
}

// ---- The notes ---------------------------------------------------------------------------------

export type DemoCaseRef = { index: number; age: number | undefined };
export type DemoFigures = {
  dataDate: string;
  within20Weeks: number | null;
  averageWeeks: number | null;
  over52Weeks: number | null;
  reviewsOverdue: number | null;
  alternativeProvision: number | null;
  outOfArea: number | null;
};

export type NoteSource =
  | { kind: 'activity'; activityKey: string }
  | { kind: 'tracked_case'; trackedIndex: number }
  | { kind: 'reviewed_plan'; planIndex: number }
  | { kind: 'survey'; audience: SurveyAudience }
  | { kind: 'data' };

export type DemoNoteContent = { body: string; criteria: string[]; themes: ThemeCode[]; polarity: Polarity; sourceDetail: string };

export type DemoNote = DemoNoteContent & {
  id: string;
  source: NoteSource;
  author: TeamKey;
  /** Later versions, each from its own editing session. */
  edits: { by: TeamKey; editSession: string; content: DemoNoteContent }[];
  editSession: string;
  attachment?: { fileName: string; text: string };
};

export type DemoNoteFacts = {
  dates: DemoDates;
  /** The tracked children and the plans reviewed, in sample order, with ages when known. */
  tracked: readonly DemoCaseRef[];
  reviewed: readonly DemoCaseRef[];
  figures: DemoFigures | undefined;
};

/** How the notes written from phrases are spread over their sources; the data notes are written out in full. */
const SOURCE_SHARE: readonly (readonly [Exclude<NoteSourceKind, 'data'>, number])[] = [
  ['activity', 0.56],
  ['tracked_case', 0.14],
  ['reviewed_plan', 0.14],
  ['survey', 0.14],
];

const CASE_TOPICS: readonly TopicKey[] = (Object.keys(TOPICS) as TopicKey[]).filter((k) => TOPICS[k].seen);

const SURVEY_VOICES: Readonly<Record<SurveyAudience, { voice: Voice; who: readonly string[]; topics: readonly TopicKey[] }>> = {
  parents_carers: {
    voice: 'parents',
    who: ['parents responding to the survey', 'several parents in their comments', 'many parents in the survey'],
    topics: ['assessment', 'communication', 'therapy', 'neurodevelopmental', 'localOffer', 'childVoice', 'strategicCoproduction', 'familyImpact', 'inclusion', 'shortBreaks', 'transport'],
  },
  children_young_people: {
    voice: 'cyp',
    who: ['young people responding to the survey', 'several young people in their comments'],
    topics: ['inclusion', 'mentalHealth', 'transitions', 'childVoice'],
  },
  practitioners: {
    voice: 'staff',
    who: ['practitioners responding to the survey', 'several practitioners in their comments', 'school staff in the survey'],
    topics: ['multiAgency', 'assessment', 'therapy', 'inclusion', 'planQuality'],
  },
};

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
function monthOf(date: string): string {
  return MONTH_NAMES[Number(date.slice(5, 7)) - 1]!;
}

function percent(value: number | null, fallback: number): string {
  return `${(value ?? fallback).toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`;
}

type DataNote = { topic: TopicKey; detail: string; polarity: Polarity; body: string; criteria: string[] };

/** Notes on the area's figures: those from the person-level data quote what its metrics show. */
function dataNotes(facts: DemoNoteFacts): DataNote[] {
  const f = facts.figures;
  const month = monthOf(f?.dataDate ?? facts.dates.notificationDate);
  const within = f?.within20Weeks ?? 38;
  const overdue = f?.reviewsOverdue ?? 27;
  const outOfArea = f?.outOfArea ?? 9;
  return [
    {
      topic: 'assessment',
      detail: `Person-level data: 20-week timeliness, 12 months to ${month}`,
      polarity: within < 55 ? 'concern' : within < 70 ? 'neutral' : 'strength',
      criteria: ['I1', 'I3'],
      body: [
        `${percent(within, 38)} of new EHC plans in the 12 months to ${month} were issued within 20 weeks, leaving out those where an exception applied: ${within < 45 ? 'well below the national figure of about half' : within < 55 ? 'close to the national figure of about half, so about half of families waited longer than the law allows' : 'above the national figure of about half'}.`,
        `The average wait from request to plan was ${f?.averageWeeks ?? 29} weeks, and ${percent(f?.over52Weeks ?? null, 6)} took more than a year.`,
        within < 55 ? 'This matches what families and SENCOs told us.' : 'Families and SENCOs described longer waits than this; ask how the figures are counted.',
      ].join(' '),
    },
    {
      topic: 'annualReview',
      detail: `Person-level data: annual reviews, plans over 12 months old at ${month}`,
      polarity: overdue > 20 ? 'concern' : 'neutral',
      criteria: ['I3'],
      body:
        overdue > 20
          ? `${percent(overdue, 27)} of plans for children aged five and over had no annual review in the last 12 months. Leaders say the new annual review team is clearing the backlog; the data do not yet show it. Ask for the monthly trend.`
          : `${percent(overdue, 27)} of plans for children aged five and over had no annual review in the last 12 months. Reviews are mostly held on time; what the data cannot show is whether plans are amended afterwards, which is what families and SENCOs complained of. Check in the plans we review.`,
    },
    {
      topic: 'alternativeProvision',
      detail: `Person-level data: placements in alternative provision at ${month}`,
      polarity: 'neutral',
      criteria: ['L4'],
      body: `${percent(f?.alternativeProvision ?? null, 3)} of children and young people with EHC plans are placed in or attend alternative provision. Leaders could tell us which providers, but not for how long each pupil has been there. Check the register on site.`,
    },
    {
      topic: 'sufficiency',
      detail: `Person-level data: placements out of area at ${month}`,
      polarity: outOfArea > 6 ? 'concern' : 'neutral',
      criteria: ['L4'],
      body: `${percent(outOfArea, 9)} of children and young people with EHC plans are placed outside Northbrook. Most are in independent special schools. Consistent with what parents said about the shortage of local special school places.`,
    },
    {
      topic: 'therapy',
      detail: 'Community health waiting times (ICB), quarter to September',
      polarity: 'concern',
      criteria: ['I3', 'L4'],
      body: 'The median wait for a first speech and language therapy appointment is 31 weeks, and 38% of children on the list have waited more than 18 weeks. Occupational therapy is similar; physiotherapy is within target. The ICB’s recovery plan expects waits to fall from the spring.',
    },
    {
      topic: 'neurodevelopmental',
      detail: 'Neurodevelopmental pathway waiting list (ICB), October',
      polarity: 'concern',
      criteria: ['I1', 'L4'],
      body: 'About 1,900 children and young people are waiting for an autism or ADHD assessment. The median wait is 22 months; the longest waits are for secondary-age young people. Referrals have doubled in three years.',
    },
    {
      topic: 'attendance',
      detail: 'Suspensions and absence of pupils with EHC plans, last academic year',
      polarity: 'concern',
      criteria: ['I4'],
      body: 'The suspension rate for pupils with EHC plans is above the national average and rising. Persistent absence of pupils with EHC plans is also high, particularly in secondary schools.',
    },
    {
      topic: 'transitions',
      detail: 'Post-16 destinations of young people with EHC plans',
      polarity: 'strength',
      criteria: ['I4'],
      body: 'Fewer young people with EHC plans are not in education, employment or training than in similar areas, and the number on supported internships has doubled in two years. Destinations after 19 are less well tracked.',
    },
    {
      topic: 'identification',
      detail: 'School census: pupils at SEN support, January',
      polarity: 'neutral',
      criteria: ['I1'],
      body: 'The share of pupils at SEN support is close to the national figure, but varies widely between schools, from 5% to over 25%. Leaders are looking at whether identification or inclusion explains the spread.',
    },
    {
      topic: 'disputes',
      detail: 'Mediation and tribunal appeals, last calendar year',
      polarity: 'neutral',
      criteria: ['I2'],
      body: 'Appeals to the tribunal fell slightly last year, and more disagreements were settled at mediation. Most appeals that went ahead were about the school named in the plan.',
    },
    {
      topic: 'shortBreaks',
      detail: 'Short breaks take-up, last financial year',
      polarity: 'strength',
      criteria: ['I3'],
      body: 'Take-up of short breaks rose by a fifth last year after the offer was redesigned with the forum. Holiday club places were fully used.',
    },
    {
      topic: 'mentalHealth',
      detail: 'CAMHS referrals and waiting times (ICB), quarter to September',
      polarity: 'concern',
      criteria: ['I3'],
      body: 'About four in ten referrals to CAMHS are not accepted. Of those accepted, a third wait more than 18 weeks for treatment. Leaders said the mental health support teams in schools now cover about half of pupils.',
    },
  ];
}

/** The few notes that carry the thin and single-source parts of the story, written out in full. */
function fixedNotes(): { source: NoteSource; author: TeamKey; content: DemoNoteContent }[] {
  return [
    {
      source: { kind: 'activity', activityKey: 'youth-voice' },
      author: 'inspector',
      content: {
        body: 'Young people described the inclusive youth club at Northbrook Youth Centre, where they have made friends outside school. Two said they now go into town with friends on Saturdays. They would like more clubs like it.',
        criteria: ['I5'],
        themes: ['SOCIAL_CARE_SHORT_BREAKS'],
        polarity: 'strength',
        sourceDetail: '',
      },
    },
    {
      source: { kind: 'tracked_case', trackedIndex: 1 },
      author: 'inspector',
      content: {
        body: 'Outside school the young person has few friendships and does not take part in any activities; the family said they had found nothing suitable nearby. The plan has no outcome about community life. Check the short breaks and leisure offer on site.',
        criteria: ['I5', 'I3'],
        themes: ['SOCIAL_CARE_SHORT_BREAKS', 'FAMILY_IMPACT'],
        polarity: 'concern',
        sourceDetail: '',
      },
    },
    {
      source: { kind: 'activity', activityKey: 'send-managers' },
      author: 'lead',
      content: {
        body: 'Managers showed us the quality assurance framework for EHC plans: a monthly audit of a sample of new plans, moderated with health and social care. Audit findings have led to training for caseworkers on writing outcomes. They could not yet show the effect on plan quality.',
        criteria: ['L5', 'I3'],
        themes: ['EHCP_QUALITY', 'PARTNERSHIP_LEADERSHIP'],
        polarity: 'strength',
        sourceDetail: '',
      },
    },
    {
      source: { kind: 'data' },
      author: 'lead',
      content: {
        body: 'The area’s last three plan audits rated about a third of plans as needing improvement, mostly for health and social care sections. The audit samples are small and not chosen at random.',
        criteria: ['L5'],
        themes: ['EHCP_QUALITY'],
        polarity: 'neutral',
        sourceDetail: 'EHC plan quality assurance audits, last three quarters',
      },
    },
  ];
}

type Writer = { source: NoteSource; voice: Voice | undefined; who: readonly string[]; topics: readonly TopicKey[]; author: TeamKey; caseRef?: DemoCaseRef };

function childWords(ref: DemoCaseRef | undefined): string {
  return ref?.age !== undefined && ref.age >= 14 ? 'the young person' : 'the child';
}

/** Who the next note is written about, chosen by the source shares; notes are written only about what has happened. */
function chooseWriter(random: Random, facts: DemoNoteFacts, held: readonly DemoActivity[]): Writer {
  const kind = random.weighted(SOURCE_SHARE);
  if (kind === 'activity' || (kind === 'tracked_case' && !facts.tracked.length) || (kind === 'reviewed_plan' && !facts.reviewed.length)) {
    const activity = random.weighted(held.map((a) => [a, a.kind === 'focus_group' || a.kind === 'parent_webinar' ? 3 : 2] as const));
    return { source: { kind: 'activity', activityKey: activity.key }, voice: activity.voice, who: activity.who!, topics: activity.topics!, author: random.pick(activity.team) };
  }
  if (kind === 'tracked_case') {
    const ref = random.pick(facts.tracked);
    const meeting = held.find((a) => a.trackedChild === ref.index);
    return { source: { kind, trackedIndex: ref.index }, voice: undefined, who: [], topics: CASE_TOPICS, author: meeting?.team[0] ?? 'inspector', caseRef: ref };
  }
  if (kind === 'reviewed_plan') {
    const ref = random.pick(facts.reviewed);
    // The reviewers of the demo's plans: the inspector and the lead in turn, the CQC lead now and then.
    const author: TeamKey = random.chance(0.2) ? 'cqcLead' : ref.index % 2 === 0 ? 'inspector' : 'lead';
    return { source: { kind, planIndex: ref.index }, voice: undefined, who: [], topics: CASE_TOPICS, author, caseRef: ref };
  }
  const audience = random.weighted<SurveyAudience>([
    ['parents_carers', 0.55],
    ['children_young_people', 0.2],
    ['practitioners', 0.25],
  ]);
  const survey = SURVEY_VOICES[audience];
  return { source: { kind: 'survey', audience }, voice: survey.voice, who: survey.who, topics: survey.topics, author: audience === 'practitioners' ? random.pick<TeamKey>(['cqcLead', 'inspector']) : random.pick<TeamKey>(['lead', 'inspector']) };
}

function tagsFor(random: Random, topic: Topic): { criteria: string[]; themes: ThemeCode[] } {
  const criteria = [...topic.criteria];
  const extra = random.chance(0.45) ? some(random, topic.also, random.chance(0.2) ? 2 : 1) : [];
  for (const code of extra) if (!criteria.includes(code) && criteria.length < 3) criteria.push(code);
  const themes = topic.themes.length > 1 && random.chance(0.4) ? [...topic.themes] : [topic.themes[0]!];
  return { criteria, themes };
}

function surveyDetail(audience: SurveyAudience, topic: Topic): string {
  const theme = THEMES.find((t) => t.code === topic.themes[0])!;
  return `${AUDIENCE_LABELS[audience]} survey: comments about ${theme.name.charAt(0).toLowerCase()}${theme.name.slice(1)}`;
}

/** One note's text: what was found (one or two sentences), then perhaps where it came up and what to do next. */
function composeBody(random: Random, writer: Writer, topic: Topic, polarity: Polarity): string {
  const bank = writer.caseRef ? topic.seen! : topic.said;
  const first: Record<string, string> = { who: writer.who.length ? random.pick(writer.who) : 'they', child: childWords(writer.caseRef) };
  // Once the note has said who, "they" does.
  const later = { ...first, who: 'they' };
  const findings = some(random, linesFor(bank, polarity, writer.voice), random.weighted([[1, 0.5], [2, 0.38], [3, 0.12]])).map((line, i) => fill(line.text, i === 0 ? first : later, random));
  const slots = first;
  const sentences = [...findings];
  const kind = writer.source.kind;
  if (kind === 'tracked_case' || kind === 'reviewed_plan') {
    if (random.chance(0.45)) sentences.push(random.pick(CASE_CONTEXT[kind]));
  } else if (kind === 'activity' && writer.voice && random.chance(0.5)) {
    sentences.push(fill(random.pick(CONTEXT[writer.voice]), slots, random));
  }
  const followUps = sentences.length < 2 || random.chance(0.55) ? some(random, FOLLOW_UP[polarity], random.chance(0.15) ? 2 : 1) : [];
  return [...sentences, ...followUps].join(' ');
}

/** A later version: an inspector adds what they found since, and now and then changes their mind about its weight. */
const UPDATES: Readonly<Record<Polarity, readonly { text: string; polarity?: Polarity; alsoCriterion?: string }[]>> = {
  strength: [
    { text: 'Update: seen again on another visit; this looks typical rather than a one-off.' },
    { text: 'Update: leaders showed us their evaluation, which supports this.', alsoCriterion: 'L6' },
    { text: 'Update: the family told us the improvement has not lasted since the change of school; less sure this is a strength now.', polarity: 'neutral' },
  ],
  concern: [
    { text: 'Update: two of the plans we reviewed show the same thing.' },
    { text: 'Update: leaders accepted this when we raised it and said a recovery plan is in place; we have asked to see it.', alsoCriterion: 'L4' },
    { text: 'Update: the nominated officer sent figures showing this is improving since September; still a concern for now.' },
  ],
  neutral: [
    { text: 'Update: the latest figures from the nominated officer show the same picture across the area, so this is a concern.', polarity: 'concern' },
    { text: 'Update: further evidence this week suggests it is working; recorded as a strength.', polarity: 'strength' },
  ],
};

/**
 * The notes, repeatably from `seed`: most about what was said at the activities already held, the
 * rest about the tracked children, the plans reviewed, the surveys and the area's data. A few have
 * later versions, and three carry a short file.
 */
export function buildDemoNotes(facts: DemoNoteFacts, seed: number, count = DEMO_NOTE_COUNT): DemoNote[] {
  const random = createRandom(childSeed(seed, 'evidence-notes'));
  const today = demoDay(facts.dates);
  const held = planDemoActivities(facts.dates).filter((a) => a.heldOn <= today && a.topics?.length);
  const seen = new Set<string>();
  const notes: DemoNote[] = [];
  const add = (source: NoteSource, author: TeamKey, content: DemoNoteContent) => {
    seen.add(content.body);
    notes.push({ ...content, id: random.uuid(), source, author, editSession: random.uuid(), edits: [] });
  };
  for (const note of fixedNotes()) add(note.source, note.author, note.content);
  for (const note of dataNotes(facts)) {
    const topic = TOPICS[note.topic];
    add({ kind: 'data' }, random.pick<TeamKey>(['lead', 'cqcLead']), { body: note.body, criteria: note.criteria, themes: [topic.themes[0]!], polarity: note.polarity, sourceDetail: note.detail });
  }
  while (notes.length < count) {
    const writer = chooseWriter(random, facts, held);
    const key = random.pick(writer.topics);
    const topic = TOPICS[key];
    const polarity = random.weighted<Polarity>([
      ['strength', topic.balance[0]],
      ['concern', topic.balance[1]],
      ['neutral', topic.balance[2]],
    ]);
    let body = composeBody(random, writer, topic, polarity);
    for (let tries = 0; seen.has(body) && tries < 20; tries++) body = composeBody(random, writer, topic, polarity);
    if (seen.has(body)) continue;
    const sourceDetail = writer.source.kind === 'survey' ? surveyDetail(writer.source.audience, topic) : '';
    add(writer.source, writer.author, { body, polarity, sourceDetail, ...tagsFor(random, topic) });
  }
  addEdits(random, notes);
  addAttachments(notes);
  return notes;
}

const TEAM: readonly TeamKey[] = ['lead', 'cqcLead', 'inspector'];

function addEdits(random: Random, notes: DemoNote[]): void {
  const candidates = notes.filter((n) => n.source.kind === 'activity' || n.source.kind === 'tracked_case');
  for (const [index, note] of some(random, candidates, 6).entries()) {
    let current: DemoNoteContent = { body: note.body, criteria: note.criteria, themes: note.themes, polarity: note.polarity, sourceDetail: note.sourceDetail };
    // One note is edited twice, so its history has three versions.
    for (let v = 0; v < (index === 0 ? 2 : 1); v++) {
      const update = random.pick(UPDATES[current.polarity]);
      const criteria = update.alsoCriterion && !current.criteria.includes(update.alsoCriterion) && current.criteria.length < 3 ? [...current.criteria, update.alsoCriterion] : current.criteria;
      current = { ...current, body: `${current.body} ${update.text}`, polarity: update.polarity ?? current.polarity, criteria };
      // Some are amended by a colleague who was there too, the others by their author.
      const by = index % 2 === 0 && v === 0 ? TEAM.find((k) => k !== note.author)! : note.author;
      note.edits.push({ by, editSession: random.uuid(), content: current });
    }
  }
}

function addAttachments(notes: DemoNote[]): void {
  const files = [
    { match: (n: DemoNote) => n.source.kind === 'activity' && n.source.activityKey === 'sencos-primary', fileName: 'senco-focus-group-flipchart.txt', text: 'What works: area SENCO advice, outreach from Ashgrove, the autism-friendly schools training.\nWhat does not: waiting for EP advice, SALT waits, annual review paperwork going unanswered.' },
    { match: (n: DemoNote) => n.source.kind === 'activity' && n.source.activityKey === 'forum-intro', fileName: 'forum-co-production-examples.txt', text: 'Examples the forum gave of working with leaders:\n- short breaks review (2024)\n- local offer redesign\n- co-production charter\n- the SEND strategy 2025 to 2028' },
    { match: (n: DemoNote) => n.source.kind === 'data' && n.sourceDetail.startsWith('Community health'), fileName: 'therapy-waits-summary.txt', text: 'Speech and language therapy: median 31 weeks to first appointment\nOccupational therapy: median 27 weeks\nPhysiotherapy: median 9 weeks\n(ICB figures, quarter to September; fictional demonstration data)' },
  ];
  for (const file of files) {
    const note = notes.find(file.match);
    if (note) note.attachment = { fileName: file.fileName, text: `${file.text}\n` };
  }
}

// ---- Seeding -----------------------------------------------------------------------------------

export type SeededDemoEvidence = { activities: number; notes: number; familiesSpokenTo: number; staffSpokenTo: number; settingsVisited: number };

/** "Its fieldwork: 48 activities …" for the console. */
export function evidenceLine(evidence: SeededDemoEvidence): string {
  return `Its fieldwork: ${evidence.activities} activities (about ${evidence.familiesSpokenTo} parents, carers, children and young people and ${evidence.staffSpokenTo} staff; ${evidence.settingsVisited} settings), and ${evidence.notes} evidence notes.`;
}

const FILE_LIMIT = 1024 * 1024;

function contentFor(note: DemoNoteContent, source: NoteSource, ids: { activity: Map<string, string>; tracked: string[]; reviewed: string[]; survey: Map<SurveyAudience, string> }): NoteContent {
  const refs = {
    activityId: source.kind === 'activity' ? ids.activity.get(source.activityKey)! : null,
    caseId: source.kind === 'tracked_case' ? ids.tracked[source.trackedIndex]! : source.kind === 'reviewed_plan' ? ids.reviewed[source.planIndex]! : null,
    surveyId: source.kind === 'survey' ? ids.survey.get(source.audience)! : null,
  };
  return { body: note.body, criteria: note.criteria, themes: note.themes, polarity: note.polarity, sourceKind: source.kind, sourceDetail: note.sourceDetail, ...refs };
}

/** Seeds the demo inspection's activities and notes; it must be in fieldwork with its sample drawn and its plans reviewed. */
export async function seedDemoEvidence(database: Db, inspectionId: string, dates: DemoDates, actors: DemoEvidenceActors, seed: number): Promise<SeededDemoEvidence> {
  const db = database.kysely;
  const sample = await currentSample(db, inspectionId);
  const active = sample?.cases.filter((c) => c.active) ?? [];
  const tracked = active.filter((c) => c.purpose === 'tracked');
  // The plans the demo has reviewed: the first ten chosen for review (see seedDemoCases).
  const reviewed = active.filter((c) => c.purpose === 'review').slice(0, 10);
  const activityIds = new Map<string, string>();
  for (const planned of planDemoActivities(dates)) {
    const caseId = planned.trackedChild === undefined ? null : (tracked[planned.trackedChild]?.id ?? null);
    if (planned.trackedChild !== undefined && !caseId) continue;
    const title = caseId ? `Tracking meeting: ${tracked[planned.trackedChild!]!.personId}` : planned.title;
    const { id } = await createActivity(
      db,
      inspectionId,
      {
        kind: planned.kind,
        title,
        settingType: planned.settingType ?? null,
        urn: planned.urn ?? null,
        heldOn: planned.heldOn,
        startsAt: planned.startsAt,
        endsAt: planned.endsAt,
        place: planned.place,
        inspectorIds: planned.team.map((k) => actors[k].id!),
        participants: planned.participants,
        caseId,
        description: planned.description,
      },
      actors[planned.team[0]!],
    );
    activityIds.set(planned.key, id);
  }
  const metrics = await metricsFor(db, inspectionId);
  const m = metrics?.metrics;
  const figures: DemoFigures | undefined = m && {
    dataDate: m.dataDate,
    within20Weeks: m.newPlans.within20WeeksExcludingExceptions.percent,
    averageWeeks: m.newPlans.averageWeeks,
    over52Weeks: m.newPlans.over52Weeks.percent,
    reviewsOverdue: m.annualReviews.fiveAndOver.percent,
    alternativeProvision: m.mix.EHCP.alternativeProvision.percent,
    outOfArea: m.mix.EHCP.outOfArea.percent,
  };
  const ageOf = (c: (typeof active)[number]) => c.person?.age ?? undefined;
  const notes = buildDemoNotes({ dates, tracked: tracked.map((c, index) => ({ index, age: ageOf(c) })), reviewed: reviewed.map((c, index) => ({ index, age: ageOf(c) })), figures }, seed);
  const surveys = await listSurveys(db, inspectionId);
  const ids = { activity: activityIds, tracked: tracked.map((c) => c.id), reviewed: reviewed.map((c) => c.id), survey: new Map(surveys.map((s) => [s.audience, s.id])) };
  let written = 0;
  for (const note of notes) {
    if (note.source.kind === 'activity' && !activityIds.has(note.source.activityKey)) continue;
    let outcome = await saveNote(db, inspectionId, note.id, { content: contentFor(note, note.source, ids), baseRevision: 0, editSession: note.editSession }, actors[note.author]);
    for (const edit of note.edits) {
      if (outcome.status === 'conflict') break;
      outcome = await saveNote(db, inspectionId, note.id, { content: contentFor(edit.content, note.source, ids), baseRevision: outcome.revision, editSession: edit.editSession }, actors[edit.by]);
    }
    if (note.attachment) await addNoteAttachment(db, inspectionId, note.id, { fileName: note.attachment.fileName, bytes: Buffer.from(note.attachment.text) }, FILE_LIMIT, actors[note.author]);
    written++;
  }
  const totals = await fieldworkTotals(db, inspectionId);
  return { activities: totals.activities, notes: written, familiesSpokenTo: totals.familiesSpokenTo, staffSpokenTo: totals.staffSpokenTo, settingsVisited: totals.settingsVisited };
}
