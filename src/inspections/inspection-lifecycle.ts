// The life of an inspection: its stages in order, who on the team may move it between them,
// and what the local area partnership may see of each stage.
import type { InspectionStatus, TeamRole } from './inspection.table.ts';

export const INSPECTION_STATUSES: readonly InspectionStatus[] = [
  'planned',
  'notified',
  'fieldwork',
  'reporting',
  'quality_assurance',
  'factual_accuracy',
  'published',
  'follow_up',
  'closed',
];

export const TEAM_ROLES: readonly TeamRole[] = ['ofsted_lead', 'cqc_lead', 'inspector', 'qa_reader'];

export const TEAM_ROLE_LABELS: Readonly<Record<TeamRole, string>> = {
  ofsted_lead: 'Ofsted lead inspector',
  cqc_lead: 'CQC lead inspector',
  inspector: 'Inspector',
  qa_reader: 'Quality assurance reader',
};

export type Stage = {
  status: InspectionStatus;
  label: string;
  /** What happens in this stage, for the inspection team. */
  description: string;
};

export const STAGES: Readonly<Record<InspectionStatus, Stage>> = {
  planned: {
    status: 'planned',
    label: 'Planned',
    description: 'The inspection is scheduled and the team is being put together. The local area has not been told.',
  },
  notified: {
    status: 'notified',
    label: 'Notified',
    description:
      'The local area has been told. The set-up discussion is held, the information request is sent and the surveys are opened.',
  },
  fieldwork: {
    status: 'fieldwork',
    label: 'Fieldwork',
    description: 'Inspectors track cases, meet leaders, practitioners, children, young people and families, and visit settings.',
  },
  reporting: {
    status: 'reporting',
    label: 'Report drafting',
    description: 'The team has given final feedback and is writing the draft report.',
  },
  quality_assurance: {
    status: 'quality_assurance',
    label: 'Quality assurance',
    description: 'A quality assurance reader checks the draft report and either accepts it or returns it for changes.',
  },
  factual_accuracy: {
    status: 'factual_accuracy',
    label: 'Factual accuracy check',
    description: 'The local area checks the draft report for factual errors before it is finalised.',
  },
  published: {
    status: 'published',
    label: 'Published',
    description: 'The final report is published and the outcome is no longer embargoed.',
  },
  follow_up: {
    status: 'follow_up',
    label: 'Follow-up',
    description: 'The local area acts on the report: its strategic plan or priority action plan, and any monitoring.',
  },
  closed: {
    status: 'closed',
    label: 'Closed',
    description: 'The inspection and its follow-up are complete.',
  },
};

export type TransitionRule = {
  from: InspectionStatus;
  to: InspectionStatus;
  /** The team roles that may make this change. */
  roles: readonly TeamRole[];
  /** A change backwards must say why, so the team knows what to fix. */
  reasonRequired: boolean;
  /** How the choice reads on the change-status page. */
  action: string;
  /**
   * Made on a report page, never on the change-status page: that page sets what the change needs
   * (the local area's deadline, both leads' sign-offs). `path` follows /inspections/:id.
   */
  madeFrom?: { page: 'report'; path: string; why: string };
};

const LEADS: readonly TeamRole[] = ['ofsted_lead', 'cqc_lead'];
const OFSTED_LEAD: readonly TeamRole[] = ['ofsted_lead'];

export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'planned', to: 'notified', roles: OFSTED_LEAD, reasonRequired: false, action: 'Notify the local area' },
  { from: 'notified', to: 'fieldwork', roles: LEADS, reasonRequired: false, action: 'Start fieldwork' },
  { from: 'fieldwork', to: 'reporting', roles: LEADS, reasonRequired: false, action: 'End fieldwork and start the report' },
  { from: 'reporting', to: 'quality_assurance', roles: LEADS, reasonRequired: false, action: 'Send the draft report for quality assurance' },
  {
    from: 'quality_assurance',
    to: 'factual_accuracy',
    roles: ['qa_reader'],
    reasonRequired: false,
    action: 'Accept the draft and send it for the factual accuracy check',
    madeFrom: { page: 'report', path: '/report/send-for-factual-accuracy', why: 'You set there how many working days the local area has to comment.' },
  },
  { from: 'quality_assurance', to: 'reporting', roles: ['qa_reader'], reasonRequired: true, action: 'Return the draft report for changes' },
  {
    from: 'factual_accuracy',
    to: 'published',
    roles: OFSTED_LEAD,
    reasonRequired: false,
    action: 'Publish the final report',
    madeFrom: { page: 'report', path: '/report/publish', why: 'It is published there, now or at a set time, once both the Ofsted lead and the CQC lead have signed it off.' },
  },
  { from: 'factual_accuracy', to: 'reporting', roles: LEADS, reasonRequired: true, action: 'Return the report for redrafting' },
  { from: 'published', to: 'follow_up', roles: OFSTED_LEAD, reasonRequired: false, action: 'Start follow-up' },
  { from: 'follow_up', to: 'closed', roles: OFSTED_LEAD, reasonRequired: false, action: 'Close the inspection' },
];

export const REASON_MAX_LENGTH = 1000;

export function isInspectionStatus(value: unknown): value is InspectionStatus {
  return typeof value === 'string' && (INSPECTION_STATUSES as readonly string[]).includes(value);
}

export function isTeamRole(value: unknown): value is TeamRole {
  return typeof value === 'string' && (TEAM_ROLES as readonly string[]).includes(value);
}

export function findTransition(from: InspectionStatus, to: InspectionStatus): TransitionRule | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to);
}

/** Every change out of a status, whoever may make it. */
export function transitionsFrom(from: InspectionStatus): TransitionRule[] {
  return TRANSITIONS.filter((t) => t.from === from);
}

/** The changes a team member in this role may make now; none for someone not on the team. */
export function transitionsAllowedFor(from: InspectionStatus, role: TeamRole | undefined): TransitionRule[] {
  if (!role) return [];
  return transitionsFrom(from).filter((t) => t.roles.includes(role));
}

/** The changes the change-status page offers this role: those not made on a report page. */
export function statusPageChoices(from: InspectionStatus, role: TeamRole | undefined): TransitionRule[] {
  return transitionsAllowedFor(from, role).filter((t) => !t.madeFrom);
}

/** The changes this role makes on a report page at this status. */
export function reportPageChanges(from: InspectionStatus, role: TeamRole | undefined): TransitionRule[] {
  return transitionsAllowedFor(from, role).filter((t) => t.madeFrom);
}

/** How each role reads inside a sentence. */
export const ROLE_IN_A_SENTENCE: Readonly<Record<TeamRole, string>> = {
  ofsted_lead: 'the Ofsted lead inspector',
  cqc_lead: 'the CQC lead inspector',
  inspector: 'an inspector',
  qa_reader: 'the quality assurance reader',
};

function describeRoles(roles: readonly TeamRole[]): string {
  const names = roles.map((r) => ROLE_IN_A_SENTENCE[r]);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
}

export type TransitionRefusal =
  | { code: 'same-status'; message: string }
  | { code: 'not-allowed'; message: string }
  | { code: 'not-on-team'; message: string }
  | { code: 'wrong-role'; message: string }
  | { code: 'reason-required'; message: string }
  | { code: 'reason-too-long'; message: string }
  | { code: 'made-from-report'; message: string };

export type TransitionCheck = { ok: true; rule: TransitionRule } | { ok: false; refusal: TransitionRefusal };

export type TransitionAttempt = {
  from: InspectionStatus;
  to: InspectionStatus;
  role: TeamRole | undefined;
  reason?: string | null;
  /** Where the change is made: the change-status page (the default) or a report page. */
  via?: 'status-page' | 'report';
  /**
   * The command line or a scheduled job, acting with the database's own authority rather than a
   * team role. Only for changes made from the report, whose own checks (sign-offs) still apply.
   */
  bySystem?: boolean;
};

/** Where to go instead, for a change made on a report page. */
export function madeFromReportMessage(rule: TransitionRule): string {
  return rule.madeFrom ? `${rule.action} on the report page. ${rule.madeFrom.why}` : rule.action;
}

/** Decides whether a change of status may happen, and if not, says why in plain English. */
export function checkTransition(attempt: TransitionAttempt): TransitionCheck {
  const { from, to, role } = attempt;
  const refuse = (code: TransitionRefusal['code'], message: string): TransitionCheck => ({ ok: false, refusal: { code, message } });
  if (from === to) return refuse('same-status', `The inspection is already at ${STAGES[to].label.toLowerCase()}`);
  const rule = findTransition(from, to);
  if (!rule) {
    return refuse('not-allowed', `An inspection at ${STAGES[from].label.toLowerCase()} cannot move to ${STAGES[to].label.toLowerCase()}`);
  }
  const fromReport = attempt.via === 'report';
  if (!rule.madeFrom && fromReport) {
    return refuse('not-allowed', `${STAGES[from].label} to ${STAGES[to].label.toLowerCase()} is a change made on the change-status page`);
  }
  if (!(fromReport && attempt.bySystem)) {
    if (!role) return refuse('not-on-team', 'Only members of the inspection team can change its status');
    if (!rule.roles.includes(role)) {
      return refuse('wrong-role', `Only ${describeRoles(rule.roles)} can ${rule.action.charAt(0).toLowerCase()}${rule.action.slice(1)}`);
    }
  }
  if (rule.madeFrom && !fromReport) return refuse('made-from-report', madeFromReportMessage(rule));
  const reason = attempt.reason?.trim() ?? '';
  if (rule.reasonRequired && reason === '') return refuse('reason-required', 'Enter the reason for returning the report');
  if (reason.length > REASON_MAX_LENGTH) return refuse('reason-too-long', `The reason must be ${REASON_MAX_LENGTH} characters or fewer`);
  return { ok: true, rule };
}

export type StageProgress = 'completed' | 'in_progress' | 'not_started';

export const STAGE_PROGRESS_LABELS: Readonly<Record<StageProgress, string>> = {
  completed: 'Completed',
  in_progress: 'In progress',
  not_started: 'Not yet started',
};

/** Where each stage stands for an inspection at `status`: earlier stages done, later ones to come. */
export function progressOf(stage: InspectionStatus, status: InspectionStatus): StageProgress {
  if (status === 'closed') return 'completed';
  const stageIndex = INSPECTION_STATUSES.indexOf(stage);
  const currentIndex = INSPECTION_STATUSES.indexOf(status);
  if (stageIndex < currentIndex) return 'completed';
  return stageIndex === currentIndex ? 'in_progress' : 'not_started';
}

// The local area partnership learns of its inspection at notification, and sees report drafting
// and quality assurance as one stage: QA returns are internal to the inspectorates.
const AREA_STAGE_OF: Readonly<Record<InspectionStatus, InspectionStatus | null>> = {
  planned: null,
  notified: 'notified',
  fieldwork: 'fieldwork',
  reporting: 'reporting',
  quality_assurance: 'reporting',
  factual_accuracy: 'factual_accuracy',
  published: 'published',
  follow_up: 'follow_up',
  closed: 'closed',
};

const AREA_STAGE_TEXT: Readonly<Partial<Record<InspectionStatus, { label: string; description: string }>>> = {
  notified: {
    label: 'Notified',
    description: 'You have been told about the inspection. Inspectors hold a set-up discussion, request information and open the surveys.',
  },
  fieldwork: {
    label: 'Fieldwork',
    description: 'Inspectors track cases, meet leaders, practitioners, children, young people and families, and visit settings.',
  },
  reporting: {
    label: 'Report being written',
    description: 'Inspectors have given final feedback and are writing and checking the report. The outcome is embargoed.',
  },
  factual_accuracy: {
    label: 'Factual accuracy check',
    description: 'You check the draft report for factual errors and tell the lead inspector about any you find.',
  },
  published: { label: 'Published', description: 'The final report is published.' },
  follow_up: {
    label: 'Follow-up',
    description: 'You act on the report: update your strategic plan or write a priority action plan, as the outcome requires.',
  },
  closed: { label: 'Closed', description: 'The inspection and its follow-up are complete.' },
};

/** Whether the local area partnership may know about an inspection at this status. */
export function areaMaySeeStatus(status: InspectionStatus): boolean {
  return AREA_STAGE_OF[status] !== null;
}

export type StageView = { status: InspectionStatus; label: string; description: string; progress: StageProgress };

/** The stages as the inspection team sees them. */
export function stagesForTeam(status: InspectionStatus): StageView[] {
  return INSPECTION_STATUSES.map((s) => ({ ...STAGES[s], progress: progressOf(s, status) }));
}

/** The stages as the local area partnership sees them: no planning, no separate quality assurance. */
export function stagesForArea(status: InspectionStatus): StageView[] {
  const current = AREA_STAGE_OF[status];
  if (current === null) return [];
  return INSPECTION_STATUSES.filter((s) => AREA_STAGE_TEXT[s]).map((s) => ({
    status: s,
    ...AREA_STAGE_TEXT[s]!,
    progress: progressOf(s, current),
  }));
}

/** How the status reads to the local area: quality assurance shows as report writing. */
export function statusLabelForArea(status: InspectionStatus): string {
  const stage = AREA_STAGE_OF[status];
  return stage ? AREA_STAGE_TEXT[stage]!.label : '';
}
