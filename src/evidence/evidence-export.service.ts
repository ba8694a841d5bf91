// Exporting an inspection's evidence: every note (CSV), or the notes and the activities (XLSX, two
// sheets), streamed a batch at a time; each export is put on record before any of it leaves.
import type { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Actor, Context } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { writeCsv } from '../platform/render/csv.ts';
import { writeXlsx } from '../platform/render/xlsx.ts';
import { listActivities } from './activity.service.ts';
import {
  ACTIVITY_EXPORT_COLUMNS,
  EXPORT_CONTENT_TYPES,
  NOTE_EXPORT_COLUMNS,
  activityExportRecord,
  exportFileName,
  noteExportRecord,
  type EvidenceExportFormat,
} from './evidence-export.ts';
import {
  countNotesForExport,
  selectNotesForExport,
  type NoteCursor,
  type NoteExportRow,
} from './evidence-export.repository.ts';
import { selectInspectionFacts } from './evidence-search.repository.ts';
import { EvidenceInspectionNotFoundError } from './evidence-search.service.ts';

/** Rows read from the database per batch. */
const EXPORT_BATCH = 500;

export type ExportCounts = { notes: number; activities: number };

export type PreparedEvidenceExport = {
  fileName: string;
  contentType: string;
  /** Writes the file to the stream and ends it; returns how many notes and activities it holds. */
  write: (output: Writable) => Promise<ExportCounts>;
};

function noteOf(row: NoteExportRow) {
  return {
    id: row.id,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    authorName: row.author_name,
    updatedByName: row.updated_by_name,
    version: Number(row.version),
    polarity: row.polarity,
    sourceKind: row.source_kind,
    sourceDetail: row.source_detail,
    activity: row.activity_kind && row.activity_title && row.activity_held_on ? { kind: row.activity_kind, title: row.activity_title, heldOn: row.activity_held_on } : null,
    case: row.case_person_id !== null && row.case_position !== null ? { personId: row.case_person_id, position: Number(row.case_position) } : null,
    surveyAudience: row.survey_audience,
    criteria: row.criteria,
    themes: row.themes,
    body: row.body,
    attachments: row.attachments,
  };
}

async function* noteRecords(db: Kysely<Database>, inspectionId: string, counts: ExportCounts) {
  let after: NoteCursor | null = null;
  for (;;) {
    const batch = await selectNotesForExport(db, inspectionId, after, EXPORT_BATCH);
    for (const row of batch) {
      counts.notes++;
      yield noteExportRecord(noteOf(row));
    }
    if (batch.length < EXPORT_BATCH) return;
    const last = batch[batch.length - 1]!;
    after = { at: last.cursor_at, id: last.id };
  }
}

/** An inspection has dozens of activities, not thousands: they come from the activities' own list. */
async function* activityRecords(db: Kysely<Database>, inspectionId: string, counts: ExportCounts) {
  for (const activity of await listActivities(db, inspectionId)) {
    counts.activities++;
    yield activityExportRecord({ ...activity, inspectors: activity.inspectors.map((i) => i.name) });
  }
}

/**
 * Makes the export ready to send: its file name, type and writer. The export is audited first
 * (as a view of the evidence, with the format and the number of notes), so every file that leaves
 * has a record of who took it.
 */
export async function prepareEvidenceExport(
  db: Kysely<Database>,
  inspectionId: string,
  format: EvidenceExportFormat,
  actor: Actor,
  context: Context & { via?: string } = {},
): Promise<PreparedEvidenceExport> {
  const facts = await selectInspectionFacts(db, inspectionId);
  if (!facts) throw new EvidenceInspectionNotFoundError();
  await recordAudit(db, {
    actor,
    action: 'evidence.view-export',
    inspectionId,
    laCode: facts.la_code,
    subjectType: 'inspection',
    subjectId: inspectionId,
    details: { ...(context.via ? { via: context.via } : {}), format, notes: await countNotesForExport(db, inspectionId) },
    requestId: context.requestId,
  });
  return {
    fileName: exportFileName(facts.reference, format),
    contentType: EXPORT_CONTENT_TYPES[format],
    write: async (output) => {
      const counts: ExportCounts = { notes: 0, activities: 0 };
      const noteColumns = [...NOTE_EXPORT_COLUMNS];
      if (format === 'csv') {
        await writeCsv(output, noteColumns, noteRecords(db, inspectionId, counts));
      } else {
        await writeXlsx(output, [
          { name: 'Notes', columns: noteColumns, rows: noteRecords(db, inspectionId, counts) },
          { name: 'Activities', columns: [...ACTIVITY_EXPORT_COLUMNS], rows: activityRecords(db, inspectionId, counts) },
        ]);
      }
      return counts;
    },
  };
}

/** Audits and writes the export to the stream (ending it); a CSV holds the notes, an XLSX the notes and the activities. */
export async function exportEvidence(
  db: Kysely<Database>,
  inspectionId: string,
  format: EvidenceExportFormat,
  stream: Writable,
  actor: Actor,
  context: Context & { via?: string } = {},
): Promise<ExportCounts> {
  const prepared = await prepareEvidenceExport(db, inspectionId, format, actor, context);
  return prepared.write(stream);
}
