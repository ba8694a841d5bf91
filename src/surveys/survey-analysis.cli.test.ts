// Tests of `survey analyse` on both databases: the readable report, JSON, the suppressed view,
// the audit record, and clear errors for a missing, malformed or unknown survey id.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { CliError, UsageError, parseCommandArgs } from '../platform/cli.ts';
import type { Db } from '../platform/db/database.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { surveyAnalysisCommands } from './survey-analysis.cli.ts';
import type { AnalysisResult } from './survey-analysis.ts';
import { createSurveyFixture, type SurveyFixture } from './survey-test-support.ts';
import type { Answers } from './survey.ts';

const analyse = surveyAnalysisCommands.find((c) => c.name === 'survey analyse')!;

async function run(db: Db | null, argv: string[]): Promise<{ out: string[]; err: string[] }> {
  const { values, positionals } = parseCommandArgs(analyse, argv);
  const out: string[] = [];
  const err: string[] = [];
  await analyse.run({
    config: loadConfig({ NODE_ENV: 'test' }),
    values,
    positionals,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    // The verb closes what it opens; the suite keeps one database across runs.
    openDb: async () => {
      if (!db) throw new Error('this run must not open the database');
      return { ...db, close: async () => {} };
    },
  });
  return { out, err };
}

describeEachDatabase('survey analyse CLI', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: SurveyFixture;
  let surveyId: string;

  before(async () => {
    fixture = await createSurveyFixture(db);
    surveyId = fixture.surveys.get('parents_carers')!.id;
    const answers: Answers[] = [
      ...Array.from({ length: 14 }, (): Answers => ({ respondent_role: 'parent', needs_identified_early: 'agree', what_could_be_better: 'The wait for speech and language therapy is far too long.' })),
      ...Array.from({ length: 4 }, (): Answers => ({ respondent_role: 'carer', needs_identified_early: 'disagree' })),
    ];
    await db.kysely
      .insertInto('survey_response')
      .values(answers.map((a) => ({ survey_id: surveyId, language: 'en', answers: JSON.stringify(a), idempotency_key: randomUUID(), content_hash: randomUUID(), source: 'api' as const })))
      .execute();
  });

  test('prints a readable report: counts, percentages with intervals, and themes', async () => {
    const { out, err } = await run(db, ['--survey', surveyId]);
    assert.equal(out[0], `Parents and carers survey ${surveyId}`);
    assert.match(out[1]!, /^18 responses, analysed \d{4}-\d\d-\d\dT/);
    assert.ok(out.includes('respondent_role: Which of these best describes you?'));
    assert.ok(out.includes('  Answered by 18 of 18'));
    assert.ok(out.some((line) => /^ {2}Parent\s+14\s+77\.8%\s+\(54\.8% to 91\.0%\)$/.test(line)), out.join('\n'));
    assert.ok(out.some((line) => /^ {2}Carer or guardian\s+4\s+22\.2%/.test(line)));
    assert.ok(out.some((line) => /^ {2}Agreeing\s+14\s+77\.8%/.test(line)));
    assert.ok(out.some((line) => /^ {2}14 comments \(positive \d+, negative \d+, mixed \d+, neutral \d+\)$/.test(line)), out.join('\n'));
    assert.ok(out.some((line) => line.startsWith('Top themes across all comments')));
    assert.ok(out.some((line) => /^ {2}Health therapies and equipment\s+14/.test(line)), out.join('\n'));
    assert.ok(out.includes('Languages: English 18'));
    assert.match(err[0]!, /^Analysis of 18 responses ready in \d+\.\d s$/);
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'survey.results-viewed').where('subject_id', '=', surveyId).executeTakeFirstOrThrow();
    assert.equal(audit.actor_label, 'cli');
  });

  test('--json prints the analysis; --suppressed hides figures under the threshold', async () => {
    const full = JSON.parse((await run(db, ['--survey', surveyId, '--json'])).out.join('\n')) as AnalysisResult;
    assert.equal(full.responseCount, 18);
    assert.equal(full.suppressionThreshold, null);
    const role = full.questions.find((q) => q.questionId === 'respondent_role')!;
    assert.equal(role.options!.find((o) => o.value === 'carer')!.count, 4);
    const suppressed = JSON.parse((await run(db, ['--survey', surveyId, '--json', '--suppressed'])).out.join('\n')) as AnalysisResult;
    assert.equal(suppressed.suppressionThreshold, 10);
    const hidden = suppressed.questions.find((q) => q.questionId === 'respondent_role')!;
    assert.equal(hidden.options!.find((o) => o.value === 'carer')!.count, null);
    assert.equal(hidden.answered, 18);
    const text = (await run(db, ['--survey', surveyId, '--suppressed'])).out;
    assert.ok(text.includes('Suppressed as the local area sees it: figures under 10 are hidden.'));
    assert.ok(text.some((line) => /^ {2}Carer or guardian\s+fewer than 10$/.test(line)), text.join('\n'));
    const summaryViews = await db.kysely.selectFrom('audit_event').select('id').where('action', '=', 'survey.summary-viewed').where('subject_id', '=', surveyId).execute();
    assert.equal(summaryViews.length, 2);
  });

  test('an unknown survey is a clear error', async () => {
    const id = randomUUID();
    await assert.rejects(run(db, ['--survey', id]), (e: unknown) => e instanceof CliError && e.message === `There is no survey with the id ${id}`);
    await assert.rejects(run(db, ['--survey', 'SEND-352-2026-1']), (e: unknown) => e instanceof CliError && /--survey must be a survey id, or an inspection reference and an audience/.test(e.message));
  });
});

test('a missing survey id is a usage error, before the database is opened', async () => {
  await assert.rejects(run(null, []), (e: unknown) => e instanceof UsageError && e.message === '--survey is required');
  assert.throws(() => parseCommandArgs(analyse, ['--survey', randomUUID(), '--format', 'csv']), UsageError);
});
