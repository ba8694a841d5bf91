// The one Database interface: every table the product has, by name.
import type { LocalAreaTable } from '../../areas/local-area.table.ts';
import type { FrameworkRevisionTable } from '../../frameworks/framework-revision.table.ts';
import type {
  InspectionTable,
  InspectionTeamMemberTable,
  InspectionTransitionTable,
} from '../../inspections/inspection.table.ts';
import type {
  SurveyAnalysisTable,
  SurveyChannelTable,
  SurveyCommentCorrectionTable,
  SurveyDraftTable,
  SurveyImportStagingRowTable,
  SurveyImportStagingTable,
  SurveyImportTable,
  SurveyResponseTable,
  SurveyTable,
} from '../../surveys/survey.table.ts';
import type {
  CaseDocumentTable,
  CaseImportTable,
  CaseSampleTable,
  DataRequestFileTable,
  DataRequestItemTable,
  PersonRecordTable,
  PlanReviewTable,
  SampledCaseTable,
  TrackingMeetingTable,
  TrackingNoteTable,
} from '../../cases/case.table.ts';
import type {
  ActivityInspectorTable,
  ActivityParticipantTable,
  EvidenceNoteFileTable,
  EvidenceNoteTable,
  EvidenceNoteVersionTable,
  EvidenceTallyTable,
  FieldworkActivityTable,
} from '../../evidence/evidence.table.ts';
import type { FindingCitationTable, FindingTable, InspectionOutcomeTable } from '../../findings/finding.table.ts';
import type {
  ReportCommentTable,
  ReportPublicationTable,
  ReportSignOffTable,
  ReportTable,
  ReportVersionTable,
} from '../../reports/report.table.ts';
import type { PageFeedbackTable } from '../../public/page-feedback.table.ts';
import type { StoredFileTable } from '../files/stored-file.table.ts';
import type { AuditEventTable } from '../audit-event.table.ts';
import type { AppUserTable, AreaMembershipTable, UserSessionTable } from '../auth/user.table.ts';

export interface SchemaMigrationTable {
  name: string;
  applied_at: Date;
}

export interface Database {
  schema_migration: SchemaMigrationTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  local_area: LocalAreaTable;
  area_membership: AreaMembershipTable;
  framework_revision: FrameworkRevisionTable;
  inspection: InspectionTable;
  inspection_team_member: InspectionTeamMemberTable;
  inspection_transition: InspectionTransitionTable;
  audit_event: AuditEventTable;
  survey: SurveyTable;
  survey_channel: SurveyChannelTable;
  survey_draft: SurveyDraftTable;
  survey_import: SurveyImportTable;
  survey_import_staging: SurveyImportStagingTable;
  survey_import_staging_row: SurveyImportStagingRowTable;
  survey_response: SurveyResponseTable;
  survey_comment_correction: SurveyCommentCorrectionTable;
  survey_analysis: SurveyAnalysisTable;
  data_request_item: DataRequestItemTable;
  stored_file: StoredFileTable;
  data_request_file: DataRequestFileTable;
  case_import: CaseImportTable;
  person_record: PersonRecordTable;
  case_sample: CaseSampleTable;
  sampled_case: SampledCaseTable;
  case_document: CaseDocumentTable;
  tracking_meeting: TrackingMeetingTable;
  tracking_note: TrackingNoteTable;
  plan_review: PlanReviewTable;
  fieldwork_activity: FieldworkActivityTable;
  activity_inspector: ActivityInspectorTable;
  activity_participant: ActivityParticipantTable;
  evidence_note: EvidenceNoteTable;
  evidence_note_version: EvidenceNoteVersionTable;
  evidence_note_file: EvidenceNoteFileTable;
  evidence_tally: EvidenceTallyTable;
  finding: FindingTable;
  finding_citation: FindingCitationTable;
  inspection_outcome: InspectionOutcomeTable;
  report: ReportTable;
  report_version: ReportVersionTable;
  report_comment: ReportCommentTable;
  report_sign_off: ReportSignOffTable;
  report_publication: ReportPublicationTable;
  page_feedback: PageFeedbackTable;
}
