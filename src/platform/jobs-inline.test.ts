// The in-process job runner: runs on its due times, never overlaps itself, survives failures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInlineJobs } from './jobs-inline.ts';
import { recordingLog, waitFor } from './jobs-test-support.ts';

// Croner reads six fields as seconds first, so these tests run in seconds rather than minutes.
const EVERY_SECOND = '* * * * * *';

test('the inline runner runs a scheduled job on its due times and stops when told', async () => {
  const log = recordingLog();
  const jobs = createInlineJobs(log);
  let runs = 0;
  await jobs.schedule('test.tick', EVERY_SECOND, async () => {
    runs++;
  });
  await sleep(1200);
  assert.equal(runs, 0, 'nothing runs before start()');
  await jobs.start();
  assert.ok(await waitFor(() => runs >= 2, 3500), `ran ${runs} times in 3.5 s`);
  await jobs.stop();
  const atStop = runs;
  await sleep(1500);
  assert.equal(runs, atStop, 'no runs after stop()');
  assert.ok(log.entries.some((e) => e.level === 'info' && e.message === 'Job finished' && e.details.job === 'test.tick'));
});

test('a run still going when the next due time comes is not overlapped; stop() waits for it', async () => {
  const log = recordingLog();
  const jobs = createInlineJobs(log);
  let active = 0;
  let mostAtOnce = 0;
  let finished = 0;
  await jobs.schedule('test.slow', EVERY_SECOND, async () => {
    active++;
    mostAtOnce = Math.max(mostAtOnce, active);
    await sleep(2300);
    active--;
    finished++;
  });
  await jobs.start();
  assert.ok(await waitFor(() => finished >= 1 && active === 1, 6000), 'a second run started after the first finished');
  await jobs.stop();
  assert.equal(active, 0, 'stop() resolved only after the run in progress finished');
  assert.equal(mostAtOnce, 1, 'never two runs at once');
  assert.equal(finished, 2);
  const skipped = log.entries.filter((e) => e.level === 'warn' && e.details.job === 'test.slow');
  assert.ok(skipped.length >= 2, `due times during a run were skipped and logged (${skipped.length})`);
});

test('a failing run is logged and the next due time runs again', async () => {
  const log = recordingLog();
  const jobs = createInlineJobs(log);
  let attempts = 0;
  await jobs.schedule('test.flaky', EVERY_SECOND, async () => {
    attempts++;
    if (attempts === 1) throw new Error('first attempt fails');
  });
  await jobs.start();
  assert.ok(await waitFor(() => attempts >= 2, 3500));
  await jobs.stop();
  const failures = log.entries.filter((e) => e.level === 'error' && e.message === 'Job failed');
  assert.equal(failures.length, 1);
  assert.equal((failures[0].details.err as Error).message, 'first attempt fails');
});

test('bad names, bad schedules and a second registration of the same job are refused', async () => {
  const jobs = createInlineJobs(recordingLog());
  await assert.rejects(jobs.schedule('Not A Name', '15 3 * * *', async () => {}), /Job name "Not A Name" is not valid/);
  await assert.rejects(jobs.schedule('test.bad-cron', '61 3 * * *', async () => {}), /not a valid cron expression/);
  await jobs.schedule('test.once', '15 3 * * *', async () => {});
  await assert.rejects(jobs.schedule('test.once', '15 4 * * *', async () => {}), /already scheduled/);
  await jobs.stop();
});
