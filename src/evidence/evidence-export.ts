// The evidence export's shape: its columns, one note or activity as a spreadsheet row, and the file's name. Pure.
import type { SurveyAudience } from '../surveys/survey.ts';
import {
  ACTIVITY_KIND_LABELS,
  NOTE_SOURCE_LABELS,
  PARTICIPANT_GROUPS,
  PARTICIPANT_GROUP_LABELS,
  POLARITY_LABELS,
  SETTING_TYPE_LABELS,
  type ActivityKind,
  type NoteSourceKind,
  type ParticipantGroup,
  type Polarity,
  type SettingType,
} from './evidence.ts';
import { describeNoteSource } from './evidence-search.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type EvidenceExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: unknown): value is EvidenceExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

export const EXPORT_CONTENT_TYPES: Readonly<Record<EvidenceExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** "SEND-352-2026-1-evidence.csv" */
export function exportFileName(reference: string, format: EvidenceExportFormat): string {
  return `${reference.replace(/[^A-Za-z0-9-]/g, '')}-evidence.${format}`;
}

export type ExportColumn = { header: string; key: string; width?: number };
type ExportRecord = Record<string, string | number | null>;

export const NOTE_EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: 'Note id', key: 'id', width: 38 },
  { header: 'Created', key: 'created', width: 18 },
  { header: 'Last edited', key: 'lastEdited', width: 18 },
  { header: 'Author', key: 'author', width: 24 },
  { header: 'Last edited by', key: 'lastEditedBy', width: 24 },
  { header: 'Version', key: 'version', width: 8 },
  { header: 'Polarity', key: 'polarity', width: 10 },
  { header: 'Source kind', key: 'sourceKind', width: 20 },
  { header: 'Source', key: 'source', width: 40 },
  { header: 'Criteria', key: 'criteria', width: 14 },
  { header: 'Themes', key: 'themes', width: 30 },
  { header: 'Note', key: 'body', width: 80 },
  { header: 'Attachments', key: 'attachments', width: 30 },
];

/** A note as the export reads it, with its source and the names of its people and files. */
export type NoteForExport = {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  authorName: string;
  updatedByName: string;
  version: number;
  polarity: Polarity;
  sourceKind: NoteSourceKind;
  sourceDetail: string;
  activity: { kind: ActivityKind; title: string; heldOn: string } | null;
  case: { personId: string; position: number } | null;
  surveyAudience: SurveyAudience | null;
  criteria: string[];
  themes: string[];
  body: string;
  attachments: string[];
};

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "2026-11-24 10:05", UK time: sorts as text and reads plainly in a spreadsheet. */
export function exportDateTime(instant: Date): string {
  const part = Object.fromEntries(LONDON_PARTS.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

export function noteExportRecord(note: NoteForExport): ExportRecord {
  return {
    id: note.id,
    created: exportDateTime(note.createdAt),
    lastEdited: exportDateTime(note.updatedAt),
    author: note.authorName,
    lastEditedBy: note.updatedByName,
    version: note.version,
    polarity: POLARITY_LABELS[note.polarity],
    sourceKind: NOTE_SOURCE_LABELS[note.sourceKind],
    source: describeNoteSource({ kind: note.sourceKind, detail: note.sourceDetail, activity: note.activity, case: note.case, surveyAudience: note.surveyAudience }),
    criteria: note.criteria.join('; '),
    themes: note.themes.join('; '),
    body: note.body,
    attachments: note.attachments.join('; '),
  };
}

export const ACTIVITY_EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: 'Activity id', key: 'id', width: 38 },
  { header: 'Kind', key: 'kind', width: 20 },
  { header: 'Title', key: 'title', width: 40 },
  { header: 'Setting type', key: 'settingType', width: 24 },
  { header: 'URN', key: 'urn', width: 10 },
  { header: 'Date', key: 'heldOn', width: 12 },
  { header: 'Start', key: 'startsAt', width: 8 },
  { header: 'End', key: 'endsAt', width: 8 },
  { header: 'Place', key: 'place', width: 24 },
  { header: 'Inspectors', key: 'inspectors', width: 40 },
  ...PARTICIPANT_GROUPS.map((group) => ({ header: PARTICIPANT_GROUP_LABELS[group], key: `group_${group}`, width: 12 })),
];

export type ActivityForExport = {
  id: string;
  kind: ActivityKind;
  title: string;
  settingType: SettingType | null;
  urn: string | null;
  heldOn: string;
  startsAt: string;
  endsAt: string;
  place: string;
  inspectors: string[];
  participants: Partial<Record<ParticipantGroup, number>>;
};

/** An activity as a row; a group nobody came from counts 0, so every count column is a number. */
export function activityExportRecord(activity: ActivityForExport): ExportRecord {
  const record: ExportRecord = {
    id: activity.id,
    kind: ACTIVITY_KIND_LABELS[activity.kind],
    title: activity.title,
    settingType: activity.settingType ? SETTING_TYPE_LABELS[activity.settingType] : '',
    urn: activity.urn ?? '',
    heldOn: activity.heldOn,
    startsAt: activity.startsAt,
    endsAt: activity.endsAt,
    place: activity.place,
    inspectors: activity.inspectors.join('; '),
  };
  for (const group of PARTICIPANT_GROUPS) record[`group_${group}`] = activity.participants[group] ?? 0;
  return record;
}
