// The page feedback retention job: feedback older than the period goes whatever its status, newer
// feedback stays, and the deletion is audited by count alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../config.ts';
import type { Db } from '../platform/db/database.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import type { JobHandler, Jobs } from '../platform/jobs.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { ENFORCE_FEEDBACK_RETENTION_CRON, ENFORCE_FEEDBACK_RETENTION_JOB, scheduleFeedbackJobs } from './page-feedback-jobs.ts';
import { enforceFeedbackRetention } from './page-feedback.service.ts';
import type { FeedbackStatus } from './page-feedback.table.ts';

const DAY = 86_400_000;
const RETENTION_DAYS = 365;
const NOW = new Date('2030-06-15T03:00:00Z');

function daysBefore(days: number): Date {
  return new Date(NOW.getTime() - days * DAY);
}

/** A problem report sent at `sentAt`, holding the kind of personal detail readers type. */
async function addFeedback(db: Db, sentAt: Date, status: FeedbackStatus = 'new'): Promise<string> {
  const row = await db.kysely
    .insertInto('page_feedback')
    .values({
      page_path: '/reports/send-990-2026-1',
      kind: 'problem',
      what_doing: 'Reading about my son Sam Jones at Hillside School',
      what_wrong: 'Call me on 07700 900123 about it',
      status,
      created_at: sentAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function remaining(db: Db, ids: string[]): Promise<string[]> {
  const rows = await db.kysely.selectFrom('page_feedback').select('id').where('id', 'in', ids).execute();
  return rows.map((r) => r.id).sort();
}

async function retentionAudits(db: Db) {
  return db.kysely
    .selectFrom('audit_event')
    .select(['actor_user_id', 'actor_label', 'subject_type', 'subject_id', 'inspection_id', 'details'])
    .where('action', '=', 'feedback.retention-enforced')
    .orderBy('id')
    .execute();
}

describeEachDatabase('page feedback retention', (kind) => {
  const db = usePreparedDatabase(kind);

  test('feedback older than the period goes whatever its status, newer feedback stays, and one audit event holds the count without the texts', async () => {
    const statuses: FeedbackStatus[] = ['new', 'in_progress', 'resolved', 'spam'];
    const old = await Promise.all(statuses.map((status, i) => addFeedback(db, daysBefore(RETENTION_DAYS + 1 + i), status)));
    const recent = [
      await addFeedback(db, daysBefore(RETENTION_DAYS - 1), 'resolved'),
      await addFeedback(db, new Date(NOW.getTime() - RETENTION_DAYS * DAY + 60_000), 'spam'),
      await addFeedback(db, daysBefore(0)),
    ];
    const auditsBefore = (await retentionAudits(db)).length;

    const result = await enforceFeedbackRetention(db.kysely, RETENTION_DAYS, NOW);

    assert.equal(result.deleted, 4);
    assert.deepEqual(result.sentBefore, daysBefore(RETENTION_DAYS));
    assert.deepEqual(await remaining(db, old), [], 'every old item went, new, in progress, resolved or spam');
    assert.deepEqual(await remaining(db, recent), [...recent].sort(), 'feedback within the period stays');

    const audits = await retentionAudits(db);
    assert.equal(audits.length, auditsBefore + 1);
    const audit = audits.at(-1)!;
    assert.equal(audit.actor_user_id, null);
    assert.equal(audit.actor_label, null);
    assert.equal(audit.subject_type, 'page_feedback');
    assert.equal(audit.subject_id, null);
    assert.equal(audit.inspection_id, null);
    assert.deepEqual(audit.details, { deleted: 4, sentBefore: daysBefore(RETENTION_DAYS).toISOString(), retentionDays: RETENTION_DAYS });
    const written = JSON.stringify(audit);
    for (const text of ['Sam Jones', '07700', '/reports/send-990-2026-1']) assert.ok(!written.includes(text), `the audit does not hold "${text}"`);
  });

  test('when no feedback is older than the period, nothing is deleted and nothing is audited', async () => {
    const recent = [await addFeedback(db, daysBefore(RETENTION_DAYS - 1)), await addFeedback(db, daysBefore(1), 'resolved')];
    await enforceFeedbackRetention(db.kysely, RETENTION_DAYS, NOW);
    const auditsBefore = (await retentionAudits(db)).length;

    const result = await enforceFeedbackRetention(db.kysely, RETENTION_DAYS, NOW);

    assert.equal(result.deleted, 0);
    assert.deepEqual(await remaining(db, recent), [...recent].sort());
    assert.equal((await retentionAudits(db)).length, auditsBefore);
  });
});

test('the retention job runs daily at 04:00, after the evidence job, with the configured period', async () => {
  const scheduled: { name: string; cron: string; handler: JobHandler }[] = [];
  const jobs: Jobs = { kind: 'inline', schedule: async (name, cron, handler) => void scheduled.push({ name, cron, handler }), start: async () => {}, stop: async () => {} };
  await scheduleFeedbackJobs(jobs, {} as never, RETENTION_DAYS);
  assert.deepEqual(
    scheduled.map(({ name, cron }) => ({ name, cron })),
    [{ name: ENFORCE_FEEDBACK_RETENTION_JOB, cron: ENFORCE_FEEDBACK_RETENTION_CRON }],
  );
  assert.equal(ENFORCE_FEEDBACK_RETENTION_JOB, 'feedback.enforce-retention');
  assert.equal(ENFORCE_FEEDBACK_RETENTION_CRON, '0 4 * * *');
});

test('FEEDBACK_RETENTION_DAYS is a year unless set, and must be between 30 and 3650', () => {
  assert.equal(loadConfig({}).feedbackRetentionDays, 365);
  assert.equal(loadConfig({ FEEDBACK_RETENTION_DAYS: '30' }).feedbackRetentionDays, 30);
  assert.equal(loadConfig({ FEEDBACK_RETENTION_DAYS: '3650' }).feedbackRetentionDays, 3650);
  for (const bad of ['29', '3651', '0', 'a year', '90.5']) {
    assert.throws(() => loadConfig({ FEEDBACK_RETENTION_DAYS: bad }), (error: unknown) => error instanceof ConfigError && /FEEDBACK_RETENTION_DAYS/.test(error.message), bad);
  }
});
