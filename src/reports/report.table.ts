// Table types for the report: its drafts, comments, sign-offs and publications.
import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable, Updateable } from 'kysely';
import type { NarrativeSections, ReportDocument } from './report-document.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: both drivers hand back the parsed value; written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

export type CommentStage = 'quality_assurance' | 'factual_accuracy';
export type CommentStatus = 'open' | 'resolved' | 'accepted' | 'rejected';
export type SignOffRole = 'ofsted_lead' | 'cqc_lead';

export interface ReportTable {
  inspection_id: string;
  factual_accuracy_version: number | null;
  factual_accuracy_sent_at: Date | null;
  /** 'YYYY-MM-DD' */
  factual_accuracy_deadline: string | null;
  scheduled_for: Date | null;
  scheduled_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export type ReportRow = Selectable<ReportTable>;
export type NewReportRow = Insertable<ReportTable>;
export type ReportUpdate = Updateable<ReportTable>;

export interface ReportVersionTable {
  inspection_id: string;
  number: number;
  sections: Json<NarrativeSections>;
  change_note: Generated<string>;
  created_by: string | null;
  created_by_label: string;
  created_at: CreatedAt;
}
export type ReportVersionRow = Selectable<ReportVersionTable>;
export type NewReportVersionRow = Insertable<ReportVersionTable>;

export interface ReportCommentTable {
  id: Generated<string>;
  inspection_id: string;
  stage: CommentStage;
  version_number: number;
  paragraph_key: string;
  quoted: string;
  body: string;
  author_id: string | null;
  author_label: string;
  created_at: CreatedAt;
  status: Generated<CommentStatus>;
  response: Generated<string>;
  responded_by: string | null;
  responded_by_label: string | null;
  responded_at: Date | null;
}
export type ReportCommentRow = Selectable<ReportCommentTable>;
export type NewReportCommentRow = Insertable<ReportCommentTable>;
export type ReportCommentUpdate = Updateable<ReportCommentTable>;

export interface ReportSignOffTable {
  inspection_id: string;
  role: SignOffRole;
  user_id: string | null;
  user_label: string;
  version_number: number;
  document_hash: string;
  signed_at: CreatedAt;
}
export type ReportSignOffRow = Selectable<ReportSignOffTable>;
export type NewReportSignOffRow = Insertable<ReportSignOffTable>;

export interface ReportPublicationTable {
  id: Generated<string>;
  inspection_id: string;
  sequence: number;
  document: Json<ReportDocument>;
  document_hash: string;
  version_number: number | null;
  correction_note: string | null;
  published_at: Date | string;
  published_by: string | null;
  published_by_label: string;
  pdf_file_id: string | null;
  docx_file_id: string | null;
  /** Read from the document by the database (migration 0010), for the public site's search and lists. */
  doc_reference: GeneratedAlways<string>;
  doc_la_code: GeneratedAlways<string>;
  doc_area_name: GeneratedAlways<string>;
  doc_region: GeneratedAlways<string>;
  doc_framework_code: GeneratedAlways<string>;
  doc_framework_name: GeneratedAlways<string>;
  doc_inspection_type: GeneratedAlways<string>;
  doc_inspection_type_name: GeneratedAlways<string>;
  doc_outcome_code: GeneratedAlways<string | null>;
  doc_outcome_label: GeneratedAlways<string | null>;
  /** 'YYYY-MM-DD' */
  doc_onsite_start: GeneratedAlways<string>;
  doc_onsite_end: GeneratedAlways<string>;
  doc_historical: GeneratedAlways<boolean | null>;
}
export type ReportPublicationRow = Selectable<ReportPublicationTable>;
export type NewReportPublicationRow = Insertable<ReportPublicationTable>;
export type ReportPublicationUpdate = Updateable<ReportPublicationTable>;
