// SQL for deleting an inspection's fieldwork and evidence once its retention period is over.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { deleteTally } from './evidence-tally.repository.ts';

type Tx = Kysely<Database>;

/** Of the inspections given, those that still hold activities or evidence notes. */
export async function selectInspectionsWithEvidence(db: Tx, inspectionIds: readonly string[]): Promise<Set<string>> {
  if (inspectionIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('inspection as i')
    .select('i.id')
    .where('i.id', 'in', inspectionIds)
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('fieldwork_activity').select(sql`1`.as('x')).whereRef('fieldwork_activity.inspection_id', '=', 'i.id')),
        eb.exists(eb.selectFrom('evidence_note').select(sql`1`.as('x')).whereRef('evidence_note.inspection_id', '=', 'i.id')),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => r.id));
}

export type DeletedEvidence = { activities: number; notes: number; versions: number; attachments: number };

/**
 * Deletes every activity (its inspectors and participant counts go with it), every note (its
 * versions and attachment links go with it), the notes' tally and the attachments' files of one inspection.
 */
export async function deleteEvidence(db: Tx, inspectionId: string): Promise<DeletedEvidence> {
  const versions = await db
    .selectFrom('evidence_note_version')
    .innerJoin('evidence_note', 'evidence_note.id', 'evidence_note_version.note_id')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('evidence_note.inspection_id', '=', inspectionId)
    .executeTakeFirst();
  // The links go with the notes, so the files they point at are found first.
  const attachmentFiles = await db
    .selectFrom('evidence_note_file')
    .innerJoin('evidence_note', 'evidence_note.id', 'evidence_note_file.note_id')
    .select('evidence_note_file.file_id')
    .where('evidence_note.inspection_id', '=', inspectionId)
    .execute();
  const fileIds = [...new Set(attachmentFiles.map((f) => f.file_id))];
  // Notes before activities, so no note is first rewritten to drop its link to an activity about to go.
  const notes = Number((await db.deleteFrom('evidence_note').where('inspection_id', '=', inspectionId).executeTakeFirst()).numDeletedRows);
  await deleteTally(db, inspectionId);
  const activities = Number((await db.deleteFrom('fieldwork_activity').where('inspection_id', '=', inspectionId).executeTakeFirst()).numDeletedRows);
  const attachments = fileIds.length
    ? Number((await db.deleteFrom('stored_file').where('id', 'in', fileIds).where('inspection_id', '=', inspectionId).executeTakeFirst()).numDeletedRows)
    : 0;
  return { activities, notes, versions: versions?.n ?? 0, attachments };
}
