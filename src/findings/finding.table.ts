// Table types for findings, the evidence they cite, and the inspection's outcome.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export type FindingOrigin = 'recorded' | 'imported';
export type CitationKind = 'note' | 'survey_figure' | 'plan_review' | 'tracking_note';
/** The evidence matrix's columns (EVIDENCE_SOURCES in src/evidence/evidence.ts). */
export type CitationSource = 'survey' | 'case_review' | 'tracking' | 'fieldwork' | 'data';

export interface FindingTable {
  id: Generated<string>;
  inspection_id: string;
  kind: string;
  criteria: TextArray;
  body: string;
  responsible_body: string | null;
  responsible_partners: Generated<string>;
  position: number;
  origin: Generated<FindingOrigin>;
  revision: Generated<number>;
  created_by: string | null;
  created_by_label: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export type FindingRow = Selectable<FindingTable>;
export type NewFindingRow = Insertable<FindingTable>;
export type FindingUpdate = Updateable<FindingTable>;

export interface FindingCitationTable {
  finding_id: string;
  kind: CitationKind;
  ref_id: string;
  source: CitationSource;
  label: string;
  created_at: CreatedAt;
}
export type FindingCitationRow = Selectable<FindingCitationTable>;
export type NewFindingCitationRow = Insertable<FindingCitationTable>;

export interface InspectionOutcomeTable {
  inspection_id: string;
  outcome: string;
  rationale: Generated<string>;
  decided_by: string | null;
  decided_by_label: string;
  decided_at: UpdatedAt;
  revision: Generated<number>;
}
export type InspectionOutcomeRow = Selectable<InspectionOutcomeTable>;
export type NewInspectionOutcomeRow = Insertable<InspectionOutcomeTable>;
