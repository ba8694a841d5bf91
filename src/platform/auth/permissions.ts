// Who may do what: the permission rules, pure and deny-by-default. Routes name a permission;
// scoped permissions are decided against the inspection or area the request is about.
import type { AreaRole, Organisation } from './user.table.ts';
import type { InspectionStatus, TeamRole } from '../../inspections/inspection.table.ts';

export type Permission =
  /** Anyone, signed in or not. */
  | 'public'
  /** Between a correct password and a correct two-factor code (or two-factor set-up). */
  | 'sign-in:in-progress'
  /** Any fully signed-in user: their own account pages. */
  | 'account:self'
  | 'admin:users'
  | 'admin:audit'
  | 'areas:view'
  | 'frameworks:view'
  | 'inspections:list'
  | 'inspections:create'
  | 'inspection:view'
  | 'inspection:view-internal'
  | 'inspection:manage-team'
  | 'inspection:transition'
  /** See the surveys' design, channels and live counts. */
  | 'survey:view'
  /** Change wording, open, close and schedule, add channels (the leads). */
  | 'survey:manage'
  /** Add translations (the leads and the area's officers). */
  | 'survey:translate'
  /** See the distribution links and QR codes to pass on (team and the local area). */
  | 'survey:distribute'
  /** Full results with small numbers shown, and every comment. */
  | 'survey:results'
  /** Correct the themes of a comment. */
  | 'survey:code'
  /** The suppressed, redacted summary and its exports. */
  | 'survey:summary'
  /** Import responses from another survey tool. */
  | 'survey:import'
  /** Every response as given, names and all: the lead inspector only. */
  | 'survey:export-raw'
  /** See the data request checklist and its files (team and the local area). */
  | 'data-request:view'
  /** Upload files to the data request (the area's officers, and the leads). */
  | 'data-request:upload'
  /** Change the checklist: add, edit and remove items, accept what was sent (the leads). */
  | 'data-request:manage'
  /** Send person-level data and see how its imports went (the area's officers, and the leads). */
  | 'cases:supply'
  /** Person-level records, metrics, the sample, tracking and reviews (inspectors on the team). */
  | 'cases:view'
  /** Draw the sample and replace cases in it (the leads). */
  | 'cases:sample'
  /** Record tracking meetings and notes, and review plans (inspectors on the team). */
  | 'cases:review'
  /** The cases page itself: anyone with one of the three cases permissions below or above. */
  | 'cases:hub'
  /** See which pseudonymous ids were chosen and send or read their documents (team inspectors and the area's officers). */
  | 'cases:documents'
  /** Activities, the timetable, evidence notes, the triangulation matrix and search (everyone on the team, the QA reader included). */
  | 'evidence:view'
  /** Record activities and write, tag and attach to evidence notes (the leads and inspectors, until the report is published). */
  | 'evidence:write'
  /** Export the whole evidence base as CSV or XLSX (the leads). */
  | 'evidence:export'
  /** Findings, the cited evidence and the outcome with the balance of evidence (everyone on the team). */
  | 'findings:view'
  /** Record, change and remove findings and their citations (the leads and inspectors, until publication). */
  | 'findings:write'
  /** Record the outcome: the inspectors' decision (the Ofsted and CQC leads, until publication). */
  | 'outcome:decide'
  /** The report's drafts, versions, comments and workflow (everyone on the team). */
  | 'report:view'
  /** Write the narrative and answer comments (the leads and inspectors, from drafting until publication). */
  | 'report:edit'
  /** Comment on the draft's paragraphs during quality assurance (the QA reader). */
  | 'report:qa'
  /** Read the embargoed draft and comment on its accuracy (the area's nominated officer, during the check). */
  | 'report:factual-accuracy'
  /** Sign the report off (the Ofsted and CQC leads, after the factual accuracy check is under way). */
  | 'report:sign-off'
  /** Publish now or at a set time (the Ofsted lead). */
  | 'report:publish'
  /** Publish a correction with a note (the Ofsted lead, once published). */
  | 'report:correct'
  /** The public site's feedback queue (administrators). */
  | 'feedback:triage';

export const ALL_PERMISSIONS: readonly Permission[] = [
  'public',
  'sign-in:in-progress',
  'account:self',
  'admin:users',
  'admin:audit',
  'areas:view',
  'frameworks:view',
  'inspections:list',
  'inspections:create',
  'inspection:view',
  'inspection:view-internal',
  'inspection:manage-team',
  'inspection:transition',
  'survey:view',
  'survey:manage',
  'survey:translate',
  'survey:distribute',
  'survey:results',
  'survey:code',
  'survey:summary',
  'survey:import',
  'survey:export-raw',
  'data-request:view',
  'data-request:upload',
  'data-request:manage',
  'cases:supply',
  'cases:view',
  'cases:sample',
  'cases:review',
  'cases:documents',
  'cases:hub',
  'evidence:view',
  'evidence:write',
  'evidence:export',
  'findings:view',
  'findings:write',
  'outcome:decide',
  'report:view',
  'report:edit',
  'report:qa',
  'report:factual-accuracy',
  'report:sign-off',
  'report:publish',
  'report:correct',
  'feedback:triage',
];

export type Principal = {
  userId: string;
  displayName: string;
  email: string;
  organisation: Organisation;
  isAdmin: boolean;
  /** inspection id → the user's role on that inspection's team */
  teamRoles: ReadonlyMap<string, TeamRole>;
  /** DfE LA code → the user's role in that local area partnership */
  areaRoles: ReadonlyMap<string, AreaRole>;
};

/** A partly signed-in visitor: the password was right, the second factor is still to come. */
export type PendingSignIn = { userId: string; stage: 'mfa-verify' | 'mfa-setup' };

/** The inspection (or area) a request is about, resolved by the route. */
export type Scope = {
  inspectionId?: string;
  laCode?: string;
  inspectionStatus?: InspectionStatus;
};

export type Visitor = { principal: Principal | null; pending: PendingSignIn | null };

export function isInspectorateStaff(principal: Principal): boolean {
  return principal.organisation === 'ofsted' || principal.organisation === 'cqc';
}

/** The local area may see its inspection from notification on, never while it is only planned. */
export function areaMaySeeInspection(status: InspectionStatus | undefined): boolean {
  return status !== undefined && status !== 'planned';
}

/** Work that feeds the report (activities, evidence notes) is written until it is published; afterwards it is fixed. */
export function isBeforePublication(status: InspectionStatus | undefined): boolean {
  return status !== undefined && status !== 'published' && status !== 'follow_up' && status !== 'closed';
}

/** The report is drafted, quality assured and checked for accuracy in these stages; its text changes only then. */
export function isReportDraftingStage(status: InspectionStatus | undefined): boolean {
  return status === 'reporting' || status === 'quality_assurance' || status === 'factual_accuracy';
}

/** Once published, the report changes only by a published correction. */
export function isAfterPublication(status: InspectionStatus | undefined): boolean {
  return status === 'published' || status === 'follow_up' || status === 'closed';
}

function teamRole(principal: Principal, scope: Scope): TeamRole | undefined {
  return scope.inspectionId ? principal.teamRoles.get(scope.inspectionId) : undefined;
}

function areaRole(principal: Principal, scope: Scope): AreaRole | undefined {
  return scope.laCode ? principal.areaRoles.get(scope.laCode) : undefined;
}

function isLead(role: TeamRole | undefined): boolean {
  return role === 'ofsted_lead' || role === 'cqc_lead';
}

/** Inspectors who gather evidence: the leads and the team's inspectors, not the QA reader. */
function isInspector(role: TeamRole | undefined): boolean {
  return isLead(role) || role === 'inspector';
}

/** The area's officers who send information, once the area has been told of the inspection. */
function isAreaOfficer(principal: Principal, scope: Scope): boolean {
  const role = areaRole(principal, scope);
  return (role === 'nominated_officer' || role === 'contributor') && areaMaySeeInspection(scope.inspectionStatus);
}

/** Deny by default: only the cases listed here are allowed. */
export function can(visitor: Visitor, permission: Permission, scope: Scope = {}): boolean {
  if (permission === 'public') return true;
  if (permission === 'sign-in:in-progress') return visitor.pending !== null && visitor.principal === null;
  const principal = visitor.principal;
  if (!principal) return false;
  switch (permission) {
    case 'account:self':
    case 'inspections:list':
      return true;
    case 'admin:users':
    case 'admin:audit':
    case 'inspections:create':
      return principal.isAdmin;
    case 'areas:view':
    case 'frameworks:view':
      return principal.isAdmin || isInspectorateStaff(principal) || principal.areaRoles.size > 0;
    case 'inspection:view':
      if (principal.isAdmin || teamRole(principal, scope)) return true;
      return areaRole(principal, scope) !== undefined && areaMaySeeInspection(scope.inspectionStatus);
    case 'inspection:view-internal':
    case 'inspection:transition':
      return teamRole(principal, scope) !== undefined;
    case 'inspection:manage-team':
      return principal.isAdmin || teamRole(principal, scope) === 'ofsted_lead';
    case 'survey:view':
    case 'survey:results':
      return teamRole(principal, scope) !== undefined;
    case 'survey:manage':
    case 'survey:import':
      return isLead(teamRole(principal, scope));
    case 'survey:code':
      return isLead(teamRole(principal, scope)) || teamRole(principal, scope) === 'inspector';
    case 'survey:export-raw':
      return teamRole(principal, scope) === 'ofsted_lead';
    case 'survey:translate': {
      if (isLead(teamRole(principal, scope))) return true;
      const role = areaRole(principal, scope);
      return (role === 'nominated_officer' || role === 'contributor') && areaMaySeeInspection(scope.inspectionStatus);
    }
    case 'survey:distribute':
    case 'survey:summary':
      if (teamRole(principal, scope)) return true;
      return areaRole(principal, scope) !== undefined && areaMaySeeInspection(scope.inspectionStatus);
    case 'data-request:view':
      if (teamRole(principal, scope)) return true;
      return areaRole(principal, scope) !== undefined && areaMaySeeInspection(scope.inspectionStatus);
    case 'data-request:upload':
    case 'cases:supply':
      return isLead(teamRole(principal, scope)) || isAreaOfficer(principal, scope);
    case 'data-request:manage':
    case 'cases:sample':
      return isLead(teamRole(principal, scope));
    case 'cases:view':
    case 'cases:review':
      return isInspector(teamRole(principal, scope));
    case 'cases:documents':
      return isInspector(teamRole(principal, scope)) || isAreaOfficer(principal, scope);
    case 'evidence:view':
      return teamRole(principal, scope) !== undefined;
    case 'evidence:write':
      return isInspector(teamRole(principal, scope)) && isBeforePublication(scope.inspectionStatus);
    case 'evidence:export':
      return isLead(teamRole(principal, scope));
    case 'findings:view':
    case 'report:view':
      return teamRole(principal, scope) !== undefined;
    case 'findings:write':
      return isInspector(teamRole(principal, scope)) && isBeforePublication(scope.inspectionStatus);
    case 'outcome:decide':
      return isLead(teamRole(principal, scope)) && isBeforePublication(scope.inspectionStatus);
    case 'report:edit':
      return isInspector(teamRole(principal, scope)) && isReportDraftingStage(scope.inspectionStatus);
    case 'report:qa':
      return teamRole(principal, scope) === 'qa_reader' && scope.inspectionStatus === 'quality_assurance';
    case 'report:factual-accuracy':
      return areaRole(principal, scope) === 'nominated_officer' && scope.inspectionStatus === 'factual_accuracy';
    case 'report:sign-off':
      return isLead(teamRole(principal, scope)) && scope.inspectionStatus === 'factual_accuracy';
    case 'report:publish':
      return teamRole(principal, scope) === 'ofsted_lead' && scope.inspectionStatus === 'factual_accuracy';
    case 'report:correct':
      return teamRole(principal, scope) === 'ofsted_lead' && isAfterPublication(scope.inspectionStatus);
    case 'feedback:triage':
      return principal.isAdmin;
    case 'cases:hub':
      return can(visitor, 'cases:view', scope) || can(visitor, 'cases:supply', scope) || can(visitor, 'cases:documents', scope);
    default:
      return false;
  }
}
