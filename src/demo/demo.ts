// The demonstration data: a clearly fictional local area, its people and one inspection whose report is being drafted.
import type { LocalAreaRecord } from '../areas/area.ts';
import type { TeamRole } from '../inspections/inspection.table.ts';
import type { AreaRole, Organisation } from '../platform/auth/user.table.ts';
import { AUDIENCE_LABELS, SURVEY_AUDIENCES, type SurveyAudience } from '../surveys/survey.ts';
import { addWorkingDays, isWorkingDay } from '../platform/working-days.ts';

/** Code 990 and ONS code E06999990 belong to no real council. */
export const DEMO_AREA: LocalAreaRecord = {
  la_code: '990',
  gss_code: 'E06999990',
  name: 'Northbrook (fictional)',
  region: 'North West',
  icb: 'NHS Northbrook and Vale Integrated Care Board (fictional)',
};

export type DemoAccount = {
  role: string;
  email: string;
  displayName: string;
  organisation: Organisation;
  isAdmin?: boolean;
  teamRole?: TeamRole;
  areaRole?: AreaRole;
};

/** One account for each role; the addresses use the reserved .example domain, so no mail can reach anyone. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { role: 'Administrator', email: 'admin@send-inspect.example', displayName: 'Sam Administrator', organisation: 'administration', isAdmin: true },
  { role: 'Ofsted lead inspector', email: 'ofsted.lead@ofsted.example', displayName: 'Helen Carter', organisation: 'ofsted', teamRole: 'ofsted_lead' },
  { role: 'CQC lead inspector', email: 'cqc.lead@cqc.example', displayName: 'David Okafor', organisation: 'cqc', teamRole: 'cqc_lead' },
  { role: 'Inspector', email: 'inspector@ofsted.example', displayName: 'Priya Shah', organisation: 'ofsted', teamRole: 'inspector' },
  { role: 'QA reader', email: 'qa.reader@ofsted.example', displayName: 'Margaret Lewis', organisation: 'ofsted', teamRole: 'qa_reader' },
  { role: 'Nominated officer (local area)', email: 'nominated.officer@northbrook.example', displayName: 'Tom Richardson', organisation: 'local_area', areaRole: 'nominated_officer' },
  { role: 'Leader (local area)', email: 'leader@northbrook.example', displayName: 'Angela Brooks', organisation: 'local_area', areaRole: 'leader' },
  { role: 'Contributor (local area)', email: 'contributor@northbrook.example', displayName: 'James Wilson', organisation: 'local_area', areaRole: 'contributor' },
  { role: 'Parent carer forum representative', email: 'forum@northbrook.example', displayName: 'Fatima Hussain', organisation: 'local_area', areaRole: 'pcf_representative' },
];

export type DemoDates = { notificationDate: string; onsiteStartDate: string; onsiteEndDate: string };

function lastWorkingDayOnOrBefore(date: string): string {
  let day = date;
  while (!isWorkingDay(day)) day = addWorkingDays(day, -1);
  return day;
}

/** Working days from notification to the demo's today: two after the week on site, the report being drafted. */
const DEMO_WORKING_DAYS_SINCE_NOTIFICATION = 16;

/** Working days from notification to today for an inspection in fieldwork: the day before its week on site. */
const FIELDWORK_WORKING_DAYS_SINCE_NOTIFICATION = 9;

/** Dates under the 2023 timeline (fieldwork from working day 8, on site from working day 10 to 14) for an inspection notified `workingDaysAgo` working days before `today`. */
function inspectionDatesNotified(today: string, workingDaysAgo: number): DemoDates {
  const notificationDate = addWorkingDays(lastWorkingDayOnOrBefore(today), -workingDaysAgo);
  return {
    notificationDate,
    onsiteStartDate: addWorkingDays(notificationDate, 10),
    onsiteEndDate: addWorkingDays(notificationDate, 14),
  };
}

/** Dates that put the demo inspection just past its week on site: notified sixteen working days ago. */
export function demoInspectionDates(today: string): DemoDates {
  return inspectionDatesNotified(today, DEMO_WORKING_DAYS_SINCE_NOTIFICATION);
}

/** Dates that put an inspection in fieldwork today, its week on site still to come (the browser tests' seeds of fieldwork). */
export function fieldworkInspectionDates(today: string): DemoDates {
  return inspectionDatesNotified(today, FIELDWORK_WORKING_DAYS_SINCE_NOTIFICATION);
}

/** "Its cases: 4,800 children and young people in the person-level data; …" for the console. */
export function casesLine(cases: { people: number; tracked: number; reviewed: number; secondReviews: number }): string {
  const n = new Intl.NumberFormat('en-GB');
  return `Its cases: ${n.format(cases.people)} children and young people in the person-level data; ${cases.tracked} children tracked; ${cases.reviewed} plans reviewed, ${cases.secondReviews} of them twice.`;
}

/** The demo surveys' response counts, for the console: "1,012 from parents and carers, ...". */
export function surveyCountsLine(counts: Readonly<Record<SurveyAudience, number>>): string {
  return SURVEY_AUDIENCES.map((audience) => `${counts[audience].toLocaleString('en-GB')} from ${AUDIENCE_LABELS[audience].toLowerCase()}`).join(', ');
}

/** The console lines that show the generated passwords (once: they are stored only as hashes). */
export function credentialsTable(accounts: readonly { role: string; email: string; password: string }[]): string[] {
  const roleWidth = Math.max(...accounts.map((a) => a.role.length));
  const emailWidth = Math.max(...accounts.map((a) => a.email.length));
  return [
    'Demo accounts (these passwords are shown only now; reset one with: send-inspect users reset-password --email EMAIL):',
    ...accounts.map((a) => `  ${a.role.padEnd(roleWidth)}  ${a.email.padEnd(emailWidth)}  ${a.password}`),
  ];
}
