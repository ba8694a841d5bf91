// Fieldwork and evidence's scheduled job: once an inspection has been published for the retention
// period, its activities, evidence notes with every version, and their attachments are deleted, and
// the deletion audited.
import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import type { Jobs } from '../platform/jobs.ts';
import { inspectionsFirstPublishedBefore } from '../inspections/inspection.service.ts';
import { deleteEvidence, selectInspectionsWithEvidence, type DeletedEvidence } from './evidence-retention.repository.ts';

export const ENFORCE_EVIDENCE_RETENTION_JOB = 'evidence.enforce-retention';
/** 03:55 UK time, after the cases' job. */
export const ENFORCE_EVIDENCE_RETENTION_CRON = '55 3 * * *';

const DAY_MS = 86_400_000;

export type EvidenceRetentionResult = { inspections: number; deleted: (DeletedEvidence & { inspectionId: string })[] };

/** The evidence of inspections published more than `retentionDays` ago is deleted, one inspection per transaction. */
export async function enforceEvidenceRetention(db: Kysely<Database>, retentionDays: number, now = new Date()): Promise<EvidenceRetentionResult> {
  const cutOff = new Date(now.getTime() - retentionDays * DAY_MS);
  const published = await inspectionsFirstPublishedBefore(db, cutOff);
  const holding = await selectInspectionsWithEvidence(db, published.map((i) => i.id));
  const expired = published.filter((i) => holding.has(i.id));
  const deleted: EvidenceRetentionResult['deleted'] = [];
  for (const inspection of expired) {
    const removed = await db.transaction().execute(async (trx) => {
      const counts = await deleteEvidence(trx, inspection.id);
      await recordAudit(trx, {
        actor: null,
        action: 'evidence.retention-enforced',
        inspectionId: inspection.id,
        laCode: inspection.laCode,
        subjectType: 'inspection',
        subjectId: inspection.id,
        details: { ...counts, publishedAt: inspection.publishedAt.toISOString(), retentionDays },
      });
      return counts;
    });
    deleted.push({ inspectionId: inspection.id, ...removed });
  }
  return { inspections: expired.length, deleted };
}

export async function scheduleEvidenceJobs(jobs: Jobs, db: Kysely<Database>, retentionDays: number): Promise<void> {
  await jobs.schedule(ENFORCE_EVIDENCE_RETENTION_JOB, ENFORCE_EVIDENCE_RETENTION_CRON, async () => {
    await enforceEvidenceRetention(db, retentionDays);
  });
}
