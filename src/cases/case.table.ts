// Table types for the data request, stored files, person-level data, the case sample, tracking and plan reviews.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;
/** 'YYYY-MM-DD' (both drivers hand dates back as text). */
type DateText = string;

export type DataRequestStatus = 'requested' | 'provided' | 'accepted' | 'not_needed';

export interface DataRequestItemTable {
  id: Generated<string>;
  inspection_id: string;
  code: string | null;
  title: string;
  description: Generated<string>;
  position: number;
  due_date: DateText;
  status: Generated<DataRequestStatus>;
  status_note: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export type DataRequestItemRow = Selectable<DataRequestItemTable>;
export type NewDataRequestItemRow = Insertable<DataRequestItemTable>;
export type DataRequestItemUpdate = Updateable<DataRequestItemTable>;

export interface DataRequestFileTable {
  item_id: string;
  file_id: string;
}

export type CaseImportStatus = 'loading' | 'accepted' | 'rejected';
export type StoredProblem = { line: number | null; column: string | null; message: string };

export interface CaseImportTable {
  id: Generated<string>;
  inspection_id: string;
  file_name: string;
  file_format: 'csv' | 'xlsx';
  file_sha256: string | null;
  status: CaseImportStatus;
  data_date: DateText;
  row_count: Generated<number>;
  problem_count: Generated<number>;
  problems: ColumnType<StoredProblem[], string | undefined, string>;
  file_problem: string | null;
  imported_by: string | null;
  imported_by_label: string;
  started_at: CreatedAt;
  finished_at: Date | null;
  superseded_at: Date | null;
}
export type CaseImportRow = Selectable<CaseImportTable>;
export type NewCaseImportRow = Insertable<CaseImportTable>;
export type CaseImportUpdate = Updateable<CaseImportTable>;

export interface PersonRecordTable {
  import_id: string;
  line: number;
  person_id: string;
  birth_month: string;
  age: number;
  year_group: string | null;
  sex: string;
  primary_need: string;
  sen_status: string;
  request_date: DateText | null;
  assessment_decision_date: DateText | null;
  plan_issued_date: DateText | null;
  exception_applies: boolean;
  last_review_date: DateText | null;
  placement_type: string;
  setting_name: string | null;
  setting_urn: string | null;
  alternative_provision: boolean;
  out_of_area: boolean;
  social_care_status: string;
}
export type PersonRecordRow = Selectable<PersonRecordTable>;
export type NewPersonRecordRow = Insertable<PersonRecordTable>;

export interface CaseSampleTable {
  id: Generated<string>;
  inspection_id: string;
  import_id: string;
  seed: string;
  algorithm_version: string;
  tracked_requested: number;
  review_requested: number;
  shared_at: Date | null;
  documents_due: DateText | null;
  drawn_by: string | null;
  drawn_at: CreatedAt;
  superseded_at: Date | null;
}
export type CaseSampleRow = Selectable<CaseSampleTable>;
export type NewCaseSampleRow = Insertable<CaseSampleTable>;

export type CasePurpose = 'tracked' | 'review';

export interface SampledCaseTable {
  id: Generated<string>;
  sample_id: string;
  inspection_id: string;
  person_id: string;
  purpose: CasePurpose;
  position: number;
  stratum: Json<Record<string, string>>;
  origin: 'drawn' | 'replacement';
  replaced_at: Date | null;
  replaced_by: string | null;
  replaced_reason: string | null;
  replacement_for: string | null;
}
export type SampledCaseRow = Selectable<SampledCaseTable>;
export type NewSampledCaseRow = Insertable<SampledCaseTable>;

export interface CaseDocumentTable {
  case_id: string;
  file_id: string;
  description: Generated<string>;
}

export type TrackingAttendee = 'child_young_person' | 'family' | 'education' | 'health' | 'social_care';

export interface TrackingMeetingTable {
  case_id: string;
  held_on: DateText | null;
  attendees: ColumnType<TrackingAttendee[], TrackingAttendee[] | undefined, TrackingAttendee[]>;
  attendee_note: Generated<string>;
  updated_by: string | null;
  updated_at: UpdatedAt;
}
export type TrackingMeetingRow = Selectable<TrackingMeetingTable>;

export interface TrackingNoteTable {
  id: Generated<string>;
  case_id: string;
  body: string;
  criteria: ColumnType<string[], string[] | undefined, string[]>;
  written_by: string | null;
  written_by_label: string;
  written_at: CreatedAt;
}
export type TrackingNoteRow = Selectable<TrackingNoteTable>;

export type ReviewRound = 'first' | 'second';
export type CriterionRating = { rating: string; comment: string };

export interface PlanReviewTable {
  id: Generated<string>;
  case_id: string;
  inspection_id: string;
  round: ReviewRound;
  reviewer_id: string | null;
  reviewer_label: string;
  instrument_version: string;
  ratings: ColumnType<Record<string, CriterionRating>, string | undefined, string>;
  overall_grade: string | null;
  summary: Generated<string>;
  criteria: ColumnType<string[], string[] | undefined, string[]>;
  status: Generated<'draft' | 'complete'>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  completed_at: Date | null;
}
export type PlanReviewRow = Selectable<PlanReviewTable>;
