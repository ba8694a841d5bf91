// SQL for the cases page's overview: counts only, no one's details.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { selectCurrentSample } from './case-sample.repository.ts';
import { selectCurrentImport } from './person.repository.ts';

type Tx = Kysely<Database>;

export type HubCounts = {
  currentImport: { id: string; fileName: string; dataDate: string; rowCount: number; finishedAt: Date | null } | null;
  importsRefused: number;
  sample: { id: string; drawnAt: Date; sharedAt: Date | null; documentsDue: string | null; tracked: number; review: number } | null;
  meetingsHeld: number;
  trackingNotes: number;
  casesWithDocuments: number;
  firstReviewsComplete: number;
  secondReviewsComplete: number;
};

const n = sql<number>`count(*)::int`.as('n');

export async function selectHubCounts(db: Tx, inspectionId: string): Promise<HubCounts> {
  const current = await selectCurrentImport(db, inspectionId);
  const refused = await db.selectFrom('case_import').select(n).where('inspection_id', '=', inspectionId).where('status', '=', 'rejected').executeTakeFirstOrThrow();
  const sample = await selectCurrentSample(db, inspectionId);
  const counts = { tracked: 0, review: 0, meetings: 0, notes: 0, withDocuments: 0, first: 0, second: 0 };
  if (sample) {
    const active = db.selectFrom('sampled_case').where('sample_id', '=', sample.id).where('replaced_at', 'is', null);
    const byPurpose = await active.select(['purpose', n]).groupBy('purpose').execute();
    for (const row of byPurpose) counts[row.purpose] = row.n;
    counts.meetings = (await active.innerJoin('tracking_meeting', 'tracking_meeting.case_id', 'sampled_case.id').select(n).where('tracking_meeting.held_on', 'is not', null).executeTakeFirstOrThrow()).n;
    counts.notes = (await active.innerJoin('tracking_note', 'tracking_note.case_id', 'sampled_case.id').select(n).executeTakeFirstOrThrow()).n;
    counts.withDocuments = (await active.select(n).where((eb) => eb.exists(eb.selectFrom('case_document').select(sql`1`.as('x')).whereRef('case_document.case_id', '=', 'sampled_case.id'))).executeTakeFirstOrThrow()).n;
    const reviews = await active
      .innerJoin('plan_review', 'plan_review.case_id', 'sampled_case.id')
      .select(['plan_review.round', n])
      .where('plan_review.status', '=', 'complete')
      .groupBy('plan_review.round')
      .execute();
    for (const row of reviews) counts[row.round] = row.n;
  }
  return {
    currentImport: current ? { id: current.id, fileName: current.file_name, dataDate: current.data_date, rowCount: current.row_count, finishedAt: current.finished_at } : null,
    importsRefused: refused.n,
    sample: sample ? { id: sample.id, drawnAt: sample.drawn_at, sharedAt: sample.shared_at, documentsDue: sample.documents_due, tracked: counts.tracked, review: counts.review } : null,
    meetingsHeld: counts.meetings,
    trackingNotes: counts.notes,
    casesWithDocuments: counts.withDocuments,
    firstReviewsComplete: counts.first,
    secondReviewsComplete: counts.second,
  };
}
