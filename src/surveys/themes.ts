// The 20-theme taxonomy for coding what families, young people and practitioners say (domain brief §5.2).

export const THEME_CODES = [
  'IDENT_EARLY',
  'EHCNA_TIMELINESS',
  'EHCP_QUALITY',
  'ANNUAL_REVIEW',
  'THERAPY_WAITS',
  'ND_PATHWAY',
  'MENTAL_HEALTH',
  'COMMUNICATION',
  'COPRODUCTION',
  'LOCAL_OFFER',
  'MAINSTREAM_INCLUSION',
  'PLACEMENT_SUFFICIENCY',
  'ATTENDANCE_EXCLUSION',
  'ALT_PROVISION',
  'TRANSITIONS_PFA',
  'SOCIAL_CARE_SHORT_BREAKS',
  'TRANSPORT',
  'PARTNERSHIP_LEADERSHIP',
  'DISPUTES_REDRESS',
  'FAMILY_IMPACT',
] as const;

export type ThemeCode = (typeof THEME_CODES)[number];

export type Theme = { code: ThemeCode; name: string; definition: string };

export const THEMES: readonly Theme[] = [
  {
    code: 'IDENT_EARLY',
    name: 'Early identification and SEN support',
    definition: 'Whether needs are spotted early (health visitors, early years, schools) and met at SEN support level before any escalation.',
  },
  {
    code: 'EHCNA_TIMELINESS',
    name: 'Timeliness of EHC needs assessments',
    definition: 'Whether assessments and plans meet the 6/16/20-week deadlines; refusals to assess; educational psychologist capacity.',
  },
  {
    code: 'EHCP_QUALITY',
    name: 'Quality of EHC plans',
    definition: 'Plans that are accurate, person-centred and SMART, with a golden thread, contributions from health and social care, and specific provision.',
  },
  {
    code: 'ANNUAL_REVIEW',
    name: 'Annual reviews and keeping plans up to date',
    definition: 'Reviews held on time, decisions within 4 weeks, phase-transfer deadlines, plans that reflect changing needs.',
  },
  {
    code: 'THERAPY_WAITS',
    name: 'Health therapies and equipment',
    definition: 'Access and waits for SALT, OT, physiotherapy, community paediatrics, specialist equipment.',
  },
  {
    code: 'ND_PATHWAY',
    name: 'Neurodevelopmental pathway',
    definition: 'Waits for autism and ADHD assessment and diagnosis, and support before and after diagnosis.',
  },
  {
    code: 'MENTAL_HEALTH',
    name: 'Emotional wellbeing and CAMHS',
    definition: 'Access, thresholds and waits for mental health support; CYP reaching crisis or admission.',
  },
  {
    code: 'COMMUNICATION',
    name: 'Communication and responsiveness',
    definition: 'Families getting answers, updates, named contacts and explanations of decisions; feeling heard rather than ignored.',
  },
  {
    code: 'COPRODUCTION',
    name: 'Co-production and participation',
    definition: 'CYP and family voice in individual plans, and in strategy through the PCF and youth groups; trust in leaders.',
  },
  {
    code: 'LOCAL_OFFER',
    name: 'Local offer and information',
    definition: 'Families knowing about the local offer and finding it accurate and usable; information, advice and support services (SENDIASS); signposting.',
  },
  {
    code: 'MAINSTREAM_INCLUSION',
    name: 'Mainstream inclusion and school capability',
    definition: 'School staff training, reasonable adjustments, plans actually implemented, school attitudes to inclusion.',
  },
  {
    code: 'PLACEMENT_SUFFICIENCY',
    name: 'Specialist placements',
    definition: 'Enough special school and resourced provision places; waits for a named placement; out-of-area placements.',
  },
  {
    code: 'ATTENDANCE_EXCLUSION',
    name: 'Exclusion, attendance and children out of school',
    definition: 'Suspensions and exclusions, part-time timetables, severe absence, home education by default, children missing education.',
  },
  {
    code: 'ALT_PROVISION',
    name: 'Alternative provision',
    definition: 'How AP placements are chosen, their quality and purpose, LA and school oversight (including unregistered AP), moves back out of AP.',
  },
  {
    code: 'TRANSITIONS_PFA',
    name: 'Transitions and preparing for adulthood',
    definition: 'Moves between phases, post-16 options, employment and independence, and the move from children\'s to adult health and social care.',
  },
  {
    code: 'SOCIAL_CARE_SHORT_BREAKS',
    name: 'Social care, short breaks and community inclusion',
    definition: 'Social care assessment, short breaks and respite, activities and friendships ("valued, visible, included").',
  },
  {
    code: 'TRANSPORT',
    name: 'Home-to-school and college transport',
    definition: 'Eligibility, reliability, post-16 policy, travel training, personal travel budgets.',
  },
  {
    code: 'PARTNERSHIP_LEADERSHIP',
    name: 'Leadership, joint commissioning and accountability',
    definition: 'Shared strategy, use of data, joint commissioning between LA and ICB, clear accountability, capacity of the workforce.',
  },
  {
    code: 'DISPUTES_REDRESS',
    name: 'Disputes, complaints and redress',
    definition: 'Mediation, tribunal appeals, complaints, the Ombudsman; the sense of having to "fight" the system.',
  },
  {
    code: 'FAMILY_IMPACT',
    name: 'Impact on family wellbeing',
    definition: 'Parent stress and being blamed, giving up work, family crisis, equality and postcode-lottery effects.',
  },
];

const THEME_CODE_SET: ReadonlySet<string> = new Set(THEME_CODES);

export function isThemeCode(value: unknown): value is ThemeCode {
  return typeof value === 'string' && THEME_CODE_SET.has(value);
}
