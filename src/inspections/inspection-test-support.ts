// Test fixtures for the lifecycle: walks an inspection forward to a status through the real
// transitions, each made by a team member holding the role (the report's changes as the system).
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { INSPECTION_STATUSES, findTransition } from './inspection-lifecycle.ts';
import { findInspection, listTeam, transitionInspection } from './inspection.service.ts';
import type { InspectionStatus } from './inspection.table.ts';

/**
 * Moves the inspection forward one stage at a time until it is at `to`. The changes made from the
 * report (sending for the factual accuracy check, publishing) are made without the report's own
 * steps, so a test about something else can reach any stage; tests of the report use its service.
 */
export async function moveInspectionForTest(db: Kysely<Database>, inspectionId: string, to: InspectionStatus): Promise<void> {
  const details = await findInspection(db, inspectionId);
  if (!details) throw new Error(`No inspection ${inspectionId}`);
  const team = await listTeam(db, inspectionId);
  let status = details.inspection.status;
  if (INSPECTION_STATUSES.indexOf(to) < INSPECTION_STATUSES.indexOf(status)) throw new Error(`The inspection is already past ${to}`);
  while (status !== to) {
    const next = INSPECTION_STATUSES[INSPECTION_STATUSES.indexOf(status) + 1]!;
    const rule = findTransition(status, next);
    if (!rule) throw new Error(`No change from ${status} to ${next}`);
    if (rule.madeFrom) {
      await transitionInspection(db, inspectionId, { to: next }, { id: null, label: 'test' }, {}, { via: 'report' });
    } else {
      const member = team.find((m) => rule.roles.includes(m.role));
      if (!member) throw new Error(`Nobody on the team may move ${status} to ${next}`);
      await transitionInspection(db, inspectionId, { to: next }, { id: member.user_id, label: member.email });
    }
    status = next;
  }
}
