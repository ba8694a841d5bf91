// Table type for the public site's page feedback ("Is this page useful?" and "Report a problem").
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type FeedbackKind = 'useful' | 'not_useful' | 'problem';
export type FeedbackStatus = 'new' | 'in_progress' | 'resolved' | 'spam';

export interface PageFeedbackTable {
  id: Generated<string>;
  page_path: string;
  kind: FeedbackKind;
  what_doing: Generated<string>;
  what_wrong: Generated<string>;
  status: Generated<FeedbackStatus>;
  triage_note: Generated<string>;
  triaged_by: string | null;
  triaged_at: Date | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}
export type PageFeedbackRow = Selectable<PageFeedbackTable>;
export type NewPageFeedbackRow = Insertable<PageFeedbackTable>;
export type PageFeedbackUpdate = Updateable<PageFeedbackTable>;
