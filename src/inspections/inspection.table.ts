// Table types for inspections, their teams and their state changes.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type InspectionStatus =
  | 'planned'
  | 'notified'
  | 'fieldwork'
  | 'reporting'
  | 'quality_assurance'
  | 'factual_accuracy'
  | 'published'
  | 'follow_up'
  | 'closed';
export type TeamRole = 'ofsted_lead' | 'cqc_lead' | 'inspector' | 'qa_reader';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface InspectionTable {
  id: Generated<string>;
  reference: string;
  la_code: string;
  framework_revision_id: string;
  inspection_type: string;
  status: Generated<InspectionStatus>;
  /** 'YYYY-MM-DD' */
  notification_date: string;
  onsite_start_date: string;
  onsite_end_date: string;
  created_by: string | null;
  /** Done before the product existed and imported for the public site and the open data. */
  historical: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export type InspectionRow = Selectable<InspectionTable>;
export type NewInspectionRow = Insertable<InspectionTable>;
export type InspectionUpdate = Updateable<InspectionTable>;

export interface InspectionTeamMemberTable {
  inspection_id: string;
  user_id: string;
  role: TeamRole;
  created_at: CreatedAt;
}
export type InspectionTeamMemberRow = Selectable<InspectionTeamMemberTable>;

export interface InspectionTransitionTable {
  id: Generated<string>;
  inspection_id: string;
  from_status: InspectionStatus;
  to_status: InspectionStatus;
  actor_user_id: string | null;
  reason: string | null;
  occurred_at: CreatedAt;
}
export type InspectionTransitionRow = Selectable<InspectionTransitionTable>;
