// Tests of the survey import and export CLI verbs on both databases: a raw export imported into
// another survey gives the same answers; problems print with row and column and import nothing;
// progress on long files; hand-written mappings; exports audited as the command line.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { CliError, UsageError, parseCommandArgs } from '../platform/cli.ts';
import type { Db } from '../platform/db/database.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { surveyTransferCommands } from './survey-transfer.cli.ts';
import { createSurveyFixture, openWithLink } from './survey-test-support.ts';
import { submitResponse, type Survey } from './survey.service.ts';
import { newClientKey, type Answers } from './survey.ts';

async function run(db: Db, name: string, argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const verb = surveyTransferCommands.find((c) => c.name === name)!;
  const { values, positionals } = parseCommandArgs(verb, argv);
  const out: string[] = [];
  const err: string[] = [];
  const code = await verb.run({
    config: loadConfig({ NODE_ENV: 'test' }),
    values,
    positionals,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    // The verb closes what it opens; the suite keeps one database across runs.
    openDb: async () => ({ ...db, close: async () => {} }),
  });
  return { code: code ?? 0, out, err };
}

const PARENT_ANSWERS: Answers[] = [
  { respondent_role: 'parent', age_phase: 'age_5_10', support_level: 'ehc_plan', need_type: ['autism', 'speech_language'], needs_identified_early: 'agree', plan_accurate: 'disagree', right_help_right_time: 'disagree', overall_rating: 'poor', what_could_be_better: 'The wait for speech therapy, 18 months, is far too long.\nNobody calls back.' },
  { respondent_role: 'carer', age_phase: 'age_11_15', support_level: 'sen_support', needs_identified_early: 'strongly_disagree', right_help_right_time: 'dont_know', overall_rating: 'very_poor', what_works_well: '-- the new key worker is great' },
  { respondent_role: 'foster_carer', age_phase: 'age_0_4', support_level: 'none', needs_identified_early: 'neither', right_help_right_time: 'agree', overall_rating: 'good', waiting_for: ['none'] },
];

/** A response's answers in a form that compares regardless of key order. */
function canonical(answers: Answers): string {
  return JSON.stringify(Object.keys(answers).sort().map((k) => [k, answers[k]]));
}

describeEachDatabase('survey transfer CLI', (kind) => {
  const db = usePreparedDatabase(kind);
  let dir: string;
  let source: Survey;
  let target: Survey;
  let targetKey: string;

  const answersOf = async (surveyId: string) =>
    (await db.kysely.selectFrom('survey_response').select(['answers', 'language']).where('survey_id', '=', surveyId).execute()).map((r) => `${r.language} ${canonical(r.answers)}`).sort();

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'send-inspect-transfer-'));
    const first = await createSurveyFixture(db);
    const opened = await openWithLink(db, first, 'parents_carers');
    source = opened.survey;
    for (const answers of PARENT_ANSWERS) {
      const result = await submitResponse(db.kysely, source, { surveyId: source.id, channelId: opened.channel.id, language: 'en', answers, idempotencyKey: newClientKey(), source: 'api', keySecret: first.keySecret });
      assert.equal(result.outcome, 'stored', JSON.stringify(result));
    }
    const second = await createSurveyFixture(db);
    target = second.surveys.get('parents_carers')!;
    const reference = (await db.kysely.selectFrom('inspection').select('reference').where('id', '=', second.inspectionId).executeTakeFirstOrThrow()).reference;
    targetKey = `${reference}/parents-carers`;
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a raw CSV export imported into another survey gives the same answers', async () => {
    const file = path.join(dir, 'raw.csv');
    const exported = await run(db, 'survey export', ['--survey', source.id, '--format', 'csv', '--kind', 'raw', '--out', file]);
    assert.deepEqual(exported.out, [`Wrote 3 raw responses to ${file}`]);
    assert.ok(fs.readFileSync(file, 'utf8').includes("'-- the new key worker is great"), 'text starting like a formula is guarded in the file');
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'survey.raw-exported').executeTakeFirstOrThrow();
    assert.deepEqual([audit.actor_label, audit.actor_user_id, audit.details], ['cli', null, { audience: 'parents_carers', format: 'csv', kind: 'raw' }]);

    const imported = await run(db, 'survey import', ['--survey', targetKey, file]);
    assert.equal(imported.code, 0, imported.err.join('\n'));
    assert.equal(imported.out[0], 'raw.csv: 3 rows. Columns:');
    assert.ok(imported.out.includes('  Response id → Ignore this column'));
    assert.ok(imported.out.includes("  What are your child's main needs?: Autism [need_type.autism] → Q3. What are your child's main needs?: Autism"));
    assert.match(imported.out.at(-1)!, /^Imported 3 responses into the parents and carers survey \(import [0-9a-f-]{36}\)\.$/);
    assert.deepEqual(await answersOf(target.id), await answersOf(source.id));
    const times = async (surveyId: string) => (await db.kysely.selectFrom('survey_response').select('submitted_at').where('survey_id', '=', surveyId).execute()).map((r) => Math.floor(r.submitted_at.getTime() / 1000)).sort();
    assert.deepEqual(await times(target.id), await times(source.id), 'when each response was sent comes across too');

    await assert.rejects(run(db, 'survey import', ['--survey', target.id, file]), (e: unknown) => e instanceof CliError && /Importing it again would count the same people twice/.test(e.message));
    assert.equal((await answersOf(target.id)).length, 3);
  });

  test('an xlsx export round-trips too, and results and comments export', async () => {
    const file = path.join(dir, 'raw.xlsx');
    await run(db, 'survey export', ['--survey', source.id, '--format', 'xlsx', '--kind', 'raw', '--out', file]);
    assert.deepEqual([...fs.readFileSync(file).subarray(0, 2)], [0x50, 0x4b]);
    const other = (await createSurveyFixture(db)).surveys.get('parents_carers')!;
    const imported = await run(db, 'survey import', ['--survey', other.id, file]);
    assert.equal(imported.code, 0, imported.err.join('\n'));
    assert.deepEqual(await answersOf(other.id), await answersOf(source.id));

    const results = await run(db, 'survey export', ['--survey', source.id, '--format', 'csv', '--out', path.join(dir, 'results.csv')]);
    assert.match(results.out[0]!, /^Wrote [\d,]+ rows of results \(small numbers suppressed\) to /);
    assert.match(fs.readFileSync(path.join(dir, 'results.csv'), 'utf8'), /^\uFEFFQuestion id,/);
    const comments = await run(db, 'survey export', ['--survey', source.id, '--format', 'xlsx', '--kind', 'comments', '--out', path.join(dir, 'comments.xlsx')]);
    assert.deepEqual(comments.out, [`Wrote 2 comments (personal details removed) to ${path.join(dir, 'comments.xlsx')}`]);
  });

  test('problems are printed with row and column and nothing is imported, unless --skip-invalid', async () => {
    const fresh = (await createSurveyFixture(db)).surveys.get('parents_carers')!;
    const file = path.join(dir, 'smartsurvey.csv');
    fs.writeFileSync(
      file,
      [
        'Respondent,Which of these best describes you?,How old is the child or young person you are answering about?,Overall rating',
        '1,Parent,5 to 10 years,Good',
        '2,Grandparent,5 to 10 years,Poor',
        '3,Parent,12-15,Excellent',
      ].join('\n'),
    );
    const refused = await run(db, 'survey import', ['--survey', fresh.id, file]);
    assert.equal(refused.code, 1);
    assert.deepEqual(refused.err, [
      'Row 3, column ‘Which of these best describes you?’: ‘Grandparent’ is not one of the answers',
      'Row 4, column ‘How old is the child or young person you are answering about?’: ‘12-15’ is not one of the answers',
      'Row 4, column ‘Overall rating’: ‘Excellent’ is not one of the answers',
      '2 rows have problems, so nothing was imported. Correct the file, or choose to leave those rows out.',
      'Run again with --skip-invalid to import the 1 row without problems and leave out the rest.',
    ]);
    assert.deepEqual(await answersOf(fresh.id), []);
    assert.equal(Number((await db.kysely.selectFrom('survey_import_staging').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), 0, 'the held file is deleted');

    const mapping = path.join(dir, 'mapping.json');
    fs.writeFileSync(mapping, JSON.stringify({ columns: { Respondent: 'ignore', 'Overall rating': 'overall_rating' }, values: { age_phase: { '12-15': 'age_11_15' }, overall_rating: { Excellent: 'very_good' } } }));
    const skipped = await run(db, 'survey import', ['--survey', fresh.id, '--mapping', mapping, '--skip-invalid', file]);
    assert.equal(skipped.code, 0);
    assert.deepEqual(skipped.err, ['Row 3, column ‘Which of these best describes you?’: ‘Grandparent’ is not one of the answers']);
    assert.equal(skipped.out.at(-1), 'Left out 1 row with 1 problem, listed above.');
    assert.deepEqual(await answersOf(fresh.id), [
      `en ${canonical({ respondent_role: 'parent', age_phase: 'age_11_15', overall_rating: 'very_good' })}`,
      `en ${canonical({ respondent_role: 'parent', age_phase: 'age_5_10', overall_rating: 'good' })}`,
    ]);
  });

  test('a long file reports its progress every 10,000 rows', async () => {
    const fresh = (await createSurveyFixture(db)).surveys.get('parents_carers')!;
    const file = path.join(dir, 'long.csv');
    const lines = ['Which of these best describes you?;My child gets the right help at the right time.'];
    for (let i = 0; i < 20_500; i++) lines.push(`${i % 2 ? 'Parent' : 'Carer or guardian'};${i % 3 ? 'Agree' : 'Disagree'}`);
    fs.writeFileSync(file, lines.join('\r\n'));
    const result = await run(db, 'survey import', ['--survey', fresh.id, file]);
    assert.equal(result.code, 0, result.err.join('\n'));
    assert.deepEqual(result.err, ['Read 10,000 rows…', 'Read 20,000 rows…', 'Checked 10,000 rows…', 'Checked 20,000 rows…']);
    assert.equal(result.out.at(-1)?.startsWith('Imported 20,500 responses'), true);
  });

  test('bad arguments are usage errors; a missing file or survey is a plain error', async () => {
    await assert.rejects(run(db, 'survey export', ['--survey', source.id, '--format', 'pdf', '--out', 'x']), (e: unknown) => e instanceof UsageError && /--format must be one of: csv, xlsx/.test(e.message));
    await assert.rejects(run(db, 'survey export', ['--survey', source.id, '--format', 'csv', '--out', 'x', '--kind', 'everything']), UsageError);
    await assert.rejects(run(db, 'survey import', ['--survey', source.id, path.join(dir, 'nope.csv')]), (e: unknown) => e instanceof CliError && /There is no file/.test(e.message));
    await assert.rejects(run(db, 'survey import', ['--survey', 'SEND-999-2020-1/parents-carers', path.join(dir, 'raw.csv')]), (e: unknown) => e instanceof CliError && /no inspection with the reference SEND-999-2020-1/.test(e.message));
    await assert.rejects(run(db, 'survey export', ['--survey', '6f1c1f5e-1111-4111-8111-111111111111', '--format', 'csv', '--out', 'x']), (e: unknown) => e instanceof CliError && /no survey with the id/.test(e.message));
    const empty = path.join(dir, 'empty.csv');
    fs.writeFileSync(empty, '');
    await assert.rejects(run(db, 'survey import', ['--survey', source.id, empty]), (e: unknown) => e instanceof CliError && /The file is empty/.test(e.message));
  });
});
