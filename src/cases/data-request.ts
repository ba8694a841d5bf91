// The data request as rules: what each item's status becomes after uploads, removals and the
// leads' decisions, when an item is overdue, and the counts that say what is still missing.
import { todayInEngland } from '../platform/working-days.ts';
import type { DataRequestStatus } from './case.table.ts';

/** The framework item that is met by importing person-level data rather than by uploading files. */
export const PERSON_LEVEL_DATA_CODE = 'person_level_data';

export const DATA_REQUEST_STATUSES: readonly DataRequestStatus[] = ['requested', 'provided', 'accepted', 'not_needed'];

export const STATUS_LABELS: Readonly<Record<DataRequestStatus, string>> = {
  requested: 'Requested',
  provided: 'Provided',
  accepted: 'Accepted',
  not_needed: 'Not needed',
};

export const STATUS_ACTIONS = ['accept', 'not_needed', 'reopen'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

export const STATUS_ACTION_LABELS: Readonly<Record<StatusAction, string>> = {
  accept: 'Accept what has been provided',
  not_needed: 'Mark as not needed',
  reopen: 'Reopen: ask the area for it again',
};

export const TITLE_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 5000;
export const NOTE_MAX_LENGTH = 1000;
/** Files taken in one upload; each is held in memory until the form's security check has passed. */
export const MAX_FILES_PER_UPLOAD = 5;

export function isStatusAction(value: unknown): value is StatusAction {
  return typeof value === 'string' && (STATUS_ACTIONS as readonly string[]).includes(value);
}

/**
 * The status people see. The person-level data item takes no files: it counts as provided once an
 * accepted import exists, unless a lead has accepted it or marked it not needed.
 */
export function effectiveStatus(stored: DataRequestStatus, item: { personLevelData: boolean; hasAcceptedImport: boolean }): DataRequestStatus {
  if (item.personLevelData && stored === 'requested' && item.hasAcceptedImport) return 'provided';
  return stored;
}

/** A file arriving means there is something for the leads to look at, whatever the item's status was. */
export function statusAfterUpload(): DataRequestStatus {
  return 'provided';
}

/** Without files, nothing is left provided or accepted: the item is asked for again. */
export function statusAfterFileRemoved(status: DataRequestStatus, filesLeft: number): DataRequestStatus {
  return filesLeft === 0 && (status === 'provided' || status === 'accepted') ? 'requested' : status;
}

export type StatusChange = { ok: true; status: DataRequestStatus; note: string | null } | { ok: false; field: 'action' | 'note'; message: string };

/**
 * What a lead's decision does to an item in its current (effective) status. Not needed takes a
 * reason; reopening may say what is still wanted.
 */
export function checkStatusChange(current: DataRequestStatus, action: StatusAction, note: string, item: { personLevelData: boolean; hasFiles: boolean }): StatusChange {
  const trimmed = note.trim();
  if (trimmed.length > NOTE_MAX_LENGTH) return { ok: false, field: 'note', message: `The note must be ${NOTE_MAX_LENGTH} characters or fewer` };
  switch (action) {
    case 'accept':
      // A reopened item keeps its files: a lead may still decide they are enough.
      if (current === 'provided' || (current === 'requested' && item.hasFiles)) return { ok: true, status: 'accepted', note: null };
      if (current === 'accepted') return { ok: false, field: 'action', message: 'The item is already accepted' };
      if (current === 'not_needed') return { ok: false, field: 'action', message: 'The item is marked as not needed. Reopen it first if the area is to provide it' };
      return {
        ok: false,
        field: 'action',
        message: item.personLevelData
          ? 'No person-level data have been imported yet, so there is nothing to accept'
          : 'Nothing has been uploaded for this item yet, so there is nothing to accept. Mark it as not needed if the area need not send it',
      };
    case 'not_needed':
      if (current === 'not_needed') return { ok: false, field: 'action', message: 'The item is already marked as not needed' };
      if (!trimmed) return { ok: false, field: 'note', message: 'Say why the item is not needed' };
      return { ok: true, status: 'not_needed', note: trimmed };
    case 'reopen':
      if (current === 'requested') return { ok: false, field: 'action', message: 'The item is already waiting for the area' };
      if (current === 'provided' && item.personLevelData) {
        return { ok: false, field: 'action', message: 'The person-level data have been imported. The area can send a corrected file on the person-level data page, which replaces the data in use' };
      }
      return { ok: true, status: 'requested', note: trimmed || null };
  }
}

/** The decisions open to a lead for an item in this status, in the order a page offers them. */
export function actionsFor(current: DataRequestStatus, item: { personLevelData: boolean; hasFiles: boolean }): StatusAction[] {
  return STATUS_ACTIONS.filter((action) => checkStatusChange(current, action, 'a reason', item).ok);
}

/** Whoever uploaded a file may take it away again; the leads may remove any. */
export function mayRemoveFile(file: { uploadedBy: string | null }, person: { id: string | null; isLead: boolean }): boolean {
  return person.isLead || (person.id !== null && file.uploadedBy === person.id);
}

/** Due and still not sent: items the area has sent, or need not send, are never overdue. */
export function isOverdue(item: { status: DataRequestStatus; dueDate: string }, today: string): boolean {
  return item.status === 'requested' && item.dueDate < today;
}

export type SummaryItem = { status: DataRequestStatus; dueDate: string; position: number };

export type DataRequestSummary = {
  /** Items the area is asked for: all but those marked not needed. */
  asked: number;
  /** Provided or accepted. */
  provided: number;
  accepted: number;
  notNeeded: number;
  outstanding: number;
  overdue: number;
};

export function summarise(items: readonly SummaryItem[], today: string): DataRequestSummary {
  const count = (test: (item: SummaryItem) => boolean) => items.filter(test).length;
  const notNeeded = count((i) => i.status === 'not_needed');
  const provided = count((i) => i.status === 'provided' || i.status === 'accepted');
  return {
    asked: items.length - notNeeded,
    provided,
    accepted: count((i) => i.status === 'accepted'),
    notNeeded,
    outstanding: count((i) => i.status === 'requested'),
    overdue: count((i) => isOverdue(i, today)),
  };
}

/** "N of M provided, K overdue". */
export function summaryText(summary: DataRequestSummary): string {
  return `${summary.provided} of ${summary.asked} provided, ${summary.overdue} overdue`;
}

/** What is still missing, most pressing first: overdue items, then by due date, then in list order. */
export function missingItems<T extends SummaryItem>(items: readonly T[], today: string): T[] {
  return items
    .filter((i) => i.status === 'requested')
    .sort((a, b) => Number(isOverdue(b, today)) - Number(isOverdue(a, today)) || a.dueDate.localeCompare(b.dueDate) || a.position - b.position);
}

/** Why an item may not be removed, or undefined when it may. */
export function removalRefusal(item: { code: string | null; fileCount: number }): string | undefined {
  if (item.code !== null) return 'Items from the framework’s list cannot be removed, so the record shows they were asked for. Mark it as not needed instead, saying why';
  if (item.fileCount > 0) return 'The item has files. Remove its files first, or mark it as not needed';
  return undefined;
}

/** Items the team adds go after the framework's list, even when added before the list is made. */
export function nextPosition(highestPosition: number | null, frameworkItemCount: number): number {
  return Math.max(highestPosition ?? 0, frameworkItemCount) + 1;
}

export type ItemInput = { title: string; description: string; dueDate: string };
export type ItemIssue = { field: 'title' | 'description' | 'dueDate'; message: string };

function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** The rules an item the team writes must meet. */
export function checkItemInput(input: ItemInput): ItemIssue[] {
  const issues: ItemIssue[] = [];
  const title = input.title.trim();
  if (!title) issues.push({ field: 'title', message: 'Enter a title for the item' });
  else if (title.length > TITLE_MAX_LENGTH) issues.push({ field: 'title', message: `The title must be ${TITLE_MAX_LENGTH} characters or fewer` });
  if (input.description.trim().length > DESCRIPTION_MAX_LENGTH) issues.push({ field: 'description', message: `The description must be ${DESCRIPTION_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer` });
  if (!isRealDate(input.dueDate)) issues.push({ field: 'dueDate', message: 'The due date must be a real date' });
  return issues;
}

/** The date in England at an instant, as 'YYYY-MM-DD': an item is overdue from the day after its due date there. */
export const dateInEngland = todayInEngland;
