// Table types for surveys, their distribution channels, answers in progress, responses and coding.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Answers, SurveyAudience, SurveyDefinition } from './survey.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type ResponseSource = 'web' | 'api' | 'import';

export interface SurveyTable {
  id: Generated<string>;
  inspection_id: string;
  audience: SurveyAudience;
  definition: Json<SurveyDefinition>;
  definition_version: Generated<number>;
  opens_at: Date | null;
  closes_at: Date | null;
  suppression_threshold: Generated<number>;
  summary_token: string | null;
  summary_shared_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export type SurveyRow = Selectable<SurveyTable>;
export type NewSurveyRow = Insertable<SurveyTable>;
export type SurveyUpdate = Updateable<SurveyTable>;

export interface SurveyChannelTable {
  id: Generated<string>;
  survey_id: string;
  code: string;
  name: string;
  created_by: string | null;
  created_at: CreatedAt;
}
export type SurveyChannelRow = Selectable<SurveyChannelTable>;

export interface SurveyDraftTable {
  id: Generated<string>;
  survey_id: string;
  channel_id: string | null;
  language: string;
  answers: Json<Answers>;
  idempotency_key: string;
  resume_code_hash: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  expires_at: Date | string;
}
export type SurveyDraftRow = Selectable<SurveyDraftTable>;

export interface SurveyImportTable {
  id: Generated<string>;
  survey_id: string;
  file_name: string;
  mapping: Json<unknown>;
  row_count: number;
  imported_by: string | null;
  imported_at: CreatedAt;
  /** The SHA-256 of the file, so the same file is not imported twice. */
  file_sha256: string | null;
}
export type SurveyImportRow = Selectable<SurveyImportTable>;

/** A file uploaded for import, held until it is imported or a day has passed. */
export interface SurveyImportStagingTable {
  id: Generated<string>;
  survey_id: string;
  file_name: string;
  file_sha256: string;
  file_format: 'csv' | 'xlsx';
  headings: Json<string[]>;
  row_count: number;
  mapping: Json<unknown>;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Date | string;
}
export type SurveyImportStagingRow = Selectable<SurveyImportStagingTable>;

/** One row of an uploaded file, as the text of its cells; `line` is its row number in the file. */
export interface SurveyImportStagingRowTable {
  staging_id: string;
  line: number;
  cells: Json<string[]>;
}

export interface SurveyResponseTable {
  id: Generated<number>;
  survey_id: string;
  channel_id: string | null;
  language: string;
  answers: Json<Answers>;
  idempotency_key: string;
  content_hash: string;
  source: ResponseSource;
  import_id: string | null;
  submitted_at: ColumnType<Date, Date | string | undefined, never>;
}
export type SurveyResponseRow = Selectable<SurveyResponseTable>;
export type NewSurveyResponseRow = Insertable<SurveyResponseTable>;

export interface SurveyCommentCorrectionTable {
  response_id: number;
  question_id: string;
  survey_id: string;
  themes: string[];
  corrected_by: string | null;
  corrected_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export type SurveyCommentCorrectionRow = Selectable<SurveyCommentCorrectionTable>;

export interface SurveyAnalysisTable {
  survey_id: string;
  response_count: number;
  result: Json<unknown>;
  computed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export type SurveyAnalysisRow = Selectable<SurveyAnalysisTable>;
