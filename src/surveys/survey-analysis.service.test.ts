// Database tests of survey analysis on PGlite and PostgreSQL: streaming in batches (in this thread and
// in worker threads, with the same result), the stored result and when it is out of date, theme
// corrections (validated, audited, winning over the model) and the comment list.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { prepareDatabase } from '../bootstrap.ts';
import type { Db } from '../platform/db/database.ts';
import { createTestDatabase, describeEachDatabase } from '../platform/db/test-database.ts';
import { codeComment } from './comment-coding.ts';
import type { AnalysisResult } from './survey-analysis.ts';
import { analyseSurvey, correctCommentThemes, findComment, getAnalysis, listComments, recalculateAnalysis } from './survey-analysis.service.ts';
import { createSurveyFixture, type SurveyFixture } from './survey-test-support.ts';
import { SurveyChangeError, SurveyNotFoundError } from './survey.service.ts';
import type { Answers } from './survey.ts';

const AGREEMENT = ['strongly_agree', 'agree', 'neither', 'disagree', 'strongly_disagree', 'dont_know'];
const COMMENTS = [
  'We waited two years for an autism assessment and nobody told us anything.',
  'The speech and language therapy stopped after six sessions.',
  'Our SENCO is brilliant and really listens to us.',
  'Please email me at jane.smith@example.com about the taxi that never turns up.',
  'Nothing',
  'No',
];

/** A parent's answers, varied by n: routing kept (the EHC questions only with a plan or an assessment). */
function parentAnswers(n: number): Answers {
  const support = ['ehc_plan', 'sen_support', 'assessment_underway', 'none'][n % 4]!;
  const answers: Answers = {
    respondent_role: n % 5 === 0 ? 'carer' : 'parent',
    age_phase: ['age_0_4', 'age_5_10', 'age_11_15', 'age_16_18'][n % 4]!,
    need_type: n % 3 === 0 ? ['autism', 'adhd'] : ['speech_language'],
    support_level: support,
    needs_identified_early: AGREEMENT[n % 6]!,
    right_help_right_time: AGREEMENT[(n * 5) % 6]!,
    overall_rating: ['very_good', 'good', 'neither', 'poor', 'very_poor'][n % 5]!,
    local_offer_known: n % 2 ? 'yes' : 'no',
  };
  if (support === 'ehc_plan' || support === 'assessment_underway') answers.ehc_process_clear = AGREEMENT[(n * 7) % 6]!;
  if (n % 2) answers.local_offer_useful = AGREEMENT[(n * 3) % 6]!;
  if (n % 3 !== 1) answers.what_could_be_better = COMMENTS[n % COMMENTS.length]!;
  if (n % 4 === 0) answers.what_works_well = COMMENTS[(n + 2) % COMMENTS.length]!;
  return answers;
}

async function insertResponses(db: Db, surveyId: string, answers: Answers[], language = 'en'): Promise<number[]> {
  const rows = await db.kysely
    .insertInto('survey_response')
    .values(answers.map((a) => ({ survey_id: surveyId, language, answers: JSON.stringify(a), idempotency_key: randomUUID(), content_hash: randomUUID(), source: 'api' as const })))
    .returning('id')
    .execute();
  return rows.map((r) => Number(r.id));
}

/** The result without the moment it was computed, to compare two analyses. */
function figures(result: AnalysisResult): Omit<AnalysisResult, 'computedAt'> {
  const { computedAt: _computedAt, ...rest } = result;
  return rest;
}

describeEachDatabase('survey analysis service', (kind) => {
  let db: Db;
  let fixture: SurveyFixture;

  before(async () => {
    db = await createTestDatabase(kind);
    await prepareDatabase(db);
    fixture = await createSurveyFixture(db);
  });
  after(async () => {
    await db.close();
  });

  test('analyses every response in batches, and worker threads give the same result as this thread', async () => {
    const f = await createSurveyFixture(db);
    const survey = f.surveys.get('parents_carers')!;
    await insertResponses(db, survey.id, Array.from({ length: 61 }, (_, n) => parentAnswers(n)));
    await insertResponses(db, survey.id, [parentAnswers(100), parentAnswers(101)], 'ur');
    // Imported rows could hold anything: they count as responses with no answers.
    await insertResponses(db, survey.id, [null as unknown as Answers, ['parent'] as unknown as Answers], 'pl');
    const inline = await analyseSurvey(db.kysely, survey.id, { workers: 0, batchSize: 10 });
    assert.equal(inline.responseCount, 65);
    assert.equal(inline.definitionVersion, survey.definitionVersion);
    assert.deepEqual(inline.languages, [{ code: 'en', count: 61 }, { code: 'pl', count: 2 }, { code: 'ur', count: 2 }]);
    const support = inline.questions.find((q) => q.questionId === 'support_level')!;
    assert.equal(support.answered, 63);
    assert.equal(support.shown, 65);
    const ehc = inline.questions.find((q) => q.questionId === 'ehc_process_clear')!;
    assert.equal(ehc.shown, support.options!.filter((o) => o.value === 'ehc_plan' || o.value === 'assessment_underway').reduce((s, o) => s + o.count!, 0));
    const better = inline.commentQuestions.find((q) => q.questionId === 'what_could_be_better')!;
    assert.equal(better.answered, 63 - Array.from({ length: 61 }, (_, n) => n).filter((n) => n % 3 === 1).length - 1);
    assert.ok(inline.themes.length > 0);
    assert.ok(inline.themes.flatMap((t) => t.quotes).every((q) => !q.text.includes('jane.smith@example.com')), 'quotes are redacted');
    const progress: number[] = [];
    const threaded = await analyseSurvey(db.kysely, survey.id, { workers: 2, batchSize: 10, waitForWorkers: true, onProgress: (n) => progress.push(n) });
    assert.deepEqual(figures(threaded), figures(inline));
    assert.deepEqual(progress, [10, 20, 30, 40, 50, 60, 65]);
  });

  test('the stored result is reused until a response or a correction makes it out of date', async () => {
    const f = await createSurveyFixture(db);
    const survey = f.surveys.get('parents_carers')!;
    const ids = await insertResponses(db, survey.id, Array.from({ length: 12 }, (_, n) => parentAnswers(n)));
    const first = await getAnalysis(db.kysely, survey.id);
    const stored = await db.kysely.selectFrom('survey_analysis').selectAll().where('survey_id', '=', survey.id).executeTakeFirstOrThrow();
    assert.equal(stored.response_count, 12);
    assert.equal((await getAnalysis(db.kysely, survey.id)).computedAt, first.computedAt, 'reused');
    await insertResponses(db, survey.id, [parentAnswers(12)]);
    const second = await getAnalysis(db.kysely, survey.id);
    assert.equal(second.responseCount, 13);
    assert.notEqual(second.computedAt, first.computedAt);
    const commented = ids.find((_, n) => n % 3 !== 1)!;
    await correctCommentThemes(db.kysely, { surveyId: survey.id, responseId: commented, questionId: 'what_could_be_better', themes: ['TRANSPORT'] }, f.leadActor);
    assert.equal(await db.kysely.selectFrom('survey_analysis').select('survey_id').where('survey_id', '=', survey.id).executeTakeFirst(), undefined, 'a correction drops the stored result');
    const third = await getAnalysis(db.kysely, survey.id);
    assert.ok(third.themes.some((t) => t.code === 'TRANSPORT' && t.quotes.some((q) => q.responseId === commented && q.confidence === 1)));
    // A correction stored after an analysis began makes that analysis out of date too.
    await db.kysely.updateTable('survey_comment_correction').set({ corrected_at: new Date(Date.now() + 60_000) }).where('response_id', '=', commented).execute();
    assert.notEqual((await getAnalysis(db.kysely, survey.id)).computedAt, third.computedAt);
  });

  test('several callers at once share one analysis', async () => {
    const f = await createSurveyFixture(db);
    const survey = f.surveys.get('practitioners')!;
    const [a, b] = await Promise.all([getAnalysis(db.kysely, survey.id), getAnalysis(db.kysely, survey.id)]);
    assert.equal(a, b);
    assert.equal(a.responseCount, 0);
  });

  test('a correction is validated, stored, audited, and wins over the model', async () => {
    const survey = fixture.surveys.get('parents_carers')!;
    const [withComment, withoutComment] = await insertResponses(db, survey.id, [
      { respondent_role: 'parent', what_could_be_better: 'The taxi to school is late every single day.' },
      { respondent_role: 'parent' },
    ]);
    const other = fixture.surveys.get('practitioners')!;
    const [elsewhere] = await insertResponses(db, other.id, [{ what_could_be_better: 'Something' }]);
    const correct = (change: Partial<{ responseId: number; questionId: string; themes: string[] }>) =>
      correctCommentThemes(db.kysely, { surveyId: survey.id, responseId: withComment!, questionId: 'what_could_be_better', themes: ['TRANSPORT'], ...change }, fixture.leadActor, { requestId: 'req-1' });
    const refused = async (change: Parameters<typeof correct>[0], field: string, message: RegExp) =>
      assert.rejects(correct(change), (e: unknown) => e instanceof SurveyChangeError && e.field === field && message.test(e.message));
    await refused({ themes: [] }, 'themes', /at least one theme/);
    await refused({ themes: ['TRANSPORT', 'FAMILY_IMPACT', 'ND_PATHWAY', 'COMMUNICATION'] }, 'themes', /no more than 3/);
    await refused({ themes: ['TRANSPORT', 'NOT_A_THEME'] }, 'themes', /"NOT_A_THEME" is not a theme/);
    await refused({ questionId: 'overall_rating' }, 'questionId', /free-text/);
    await refused({ questionId: 'what_works_well' }, 'questionId', /no comment/);
    await refused({ responseId: withoutComment }, 'questionId', /no comment/);
    await refused({ responseId: elsewhere }, 'responseId', /no such response/);
    await refused({ responseId: 2 ** 60 }, 'responseId', /no such response/);
    const corrections = () => db.kysely.selectFrom('survey_comment_correction').selectAll().where('survey_id', '=', survey.id).execute();
    assert.equal((await corrections()).length, 0, 'nothing written');

    const model = codeComment('The taxi to school is late every single day.');
    const corrected = await correct({ themes: ['FAMILY_IMPACT', 'TRANSPORT', 'FAMILY_IMPACT'] });
    assert.deepEqual(corrected.themes.map((t) => [t.code, t.confidence]), [['FAMILY_IMPACT', 1], ['TRANSPORT', 1]]);
    assert.equal(corrected.corrected, true);
    await correct({ themes: ['ATTENDANCE_EXCLUSION'] });
    const rows = await corrections();
    assert.equal(rows.length, 1, 'a second correction replaces the first');
    assert.deepEqual(rows[0]!.themes, ['ATTENDANCE_EXCLUSION']);
    assert.equal(rows[0]!.corrected_by, fixture.lead.userId);
    const audits = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'survey.comment-recoded').where('subject_id', '=', survey.id).orderBy('id').execute();
    assert.equal(audits.length, 2);
    assert.equal(audits[0]!.subject_id, survey.id);
    assert.equal(audits[0]!.request_id, 'req-1');
    assert.equal(audits[0]!.inspection_id, fixture.inspectionId);
    const details = audits[1]!.details as Record<string, unknown>;
    assert.deepEqual(details.previousThemes, ['FAMILY_IMPACT', 'TRANSPORT']);
    assert.equal(details.previousSource, 'correction');
    assert.deepEqual((audits[0]!.details as Record<string, unknown>).previousThemes, model.themes.map((t) => t.code));
    assert.ok(!JSON.stringify(audits).includes('taxi'), 'the comment itself is not copied into the log');

    const result = await analyseSurvey(db.kysely, survey.id);
    const better = result.commentQuestions.find((q) => q.questionId === 'what_could_be_better')!;
    assert.deepEqual(better.themes.map((t) => t.code), ['ATTENDANCE_EXCLUSION']);
    const found = await findComment(db.kysely, survey.id, withComment!, 'what_could_be_better');
    assert.deepEqual(found?.themes.map((t) => t.code), ['ATTENDANCE_EXCLUSION']);
    assert.equal(await findComment(db.kysely, survey.id, withoutComment!, 'what_could_be_better'), undefined);
    assert.equal(await findComment(db.kysely, other.id, withComment!, 'what_could_be_better'), undefined);
  });

  test('lists comments a page at a time, redacted, filtered by question or theme', async () => {
    const f = await createSurveyFixture(db);
    const survey = f.surveys.get('parents_carers')!;
    const answers: Answers[] = [
      { what_could_be_better: 'Please email me at jane.smith@example.com about the taxi that never turns up.', what_works_well: 'Our SENCO is brilliant and really listens to us.' },
      { what_could_be_better: 'We waited two years for an autism assessment and nobody told us anything.' },
      { what_could_be_better: '   ' },
      { what_works_well: 'The speech and language therapy was good until it stopped.' },
      { what_could_be_better: 'The school bus is always late and my son misses the start of lessons.' },
    ];
    const ids = await insertResponses(db, survey.id, answers);
    const all = await listComments(db.kysely, survey.id, { page: 1, pageSize: 2 });
    assert.equal(all.total, 5, 'blank answers are not comments');
    assert.deepEqual(all.items.map((c) => [c.responseId, c.questionId]), [[ids[0], 'what_works_well'], [ids[0], 'what_could_be_better']]);
    const email = all.items[1]!;
    assert.ok(!email.redacted.includes('jane.smith@example.com'), email.redacted);
    assert.ok(!('original' in email) && !JSON.stringify(all).includes('jane.smith'), 'the original text is never listed');
    assert.equal(email.questionText, 'What could be better?');
    assert.ok(email.themes.length >= 1 && email.themes.length <= 3);
    assert.equal(email.corrected, false);
    const third = await listComments(db.kysely, survey.id, { page: 3, pageSize: 2 });
    assert.deepEqual(third.items.map((c) => c.responseId), [ids[4]]);
    const beyond = await listComments(db.kysely, survey.id, { page: 9, pageSize: 2 });
    assert.deepEqual([beyond.items.length, beyond.total], [0, 5]);
    const works = await listComments(db.kysely, survey.id, { questionId: 'what_works_well' });
    assert.deepEqual(works.items.map((c) => c.responseId), [ids[0], ids[3]]);
    assert.equal((await listComments(db.kysely, survey.id, { questionId: 'overall_rating' })).total, 0);

    await correctCommentThemes(db.kysely, { surveyId: survey.id, responseId: ids[1]!, questionId: 'what_could_be_better', themes: ['TRANSPORT'] }, f.leadActor);
    // What the filter must find: the corrected comment, and those the model codes as transport.
    const expected = answers.flatMap((a, n) =>
      (['what_works_well', 'what_could_be_better'] as const).flatMap((questionId) => {
        const text = a[questionId];
        if (typeof text !== 'string' || !text.trim()) return [];
        const transport = n === 1 ? questionId === 'what_could_be_better' : codeComment(text).themes.some((t) => t.code === 'TRANSPORT');
        return transport ? [[ids[n], questionId]] : [];
      }),
    );
    const transport = await listComments(db.kysely, survey.id, { theme: 'TRANSPORT', pageSize: 50 });
    assert.deepEqual(transport.items.map((c) => [c.responseId, c.questionId]), expected);
    assert.equal(transport.total, expected.length);
    const corrected = transport.items.find((c) => c.responseId === ids[1])!;
    assert.deepEqual([corrected.corrected, corrected.themes], [true, [{ code: 'TRANSPORT', name: 'Home-to-school and college transport', confidence: 1 }]]);
    const second = await listComments(db.kysely, survey.id, { theme: 'TRANSPORT', pageSize: 1, page: 2 });
    assert.equal(second.total, expected.length);
    assert.deepEqual(second.items.map((c) => [c.responseId, c.questionId]), expected.slice(1, 2));
  });

  test('recalculating is audited; an unknown survey is not found', async () => {
    const survey = fixture.surveys.get('children_young_people')!;
    const result = await recalculateAnalysis(db.kysely, survey.id, fixture.leadActor, { requestId: 'req-2' });
    assert.equal(result.audience, 'children_young_people');
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'survey.analysis-recalculated').executeTakeFirstOrThrow();
    assert.equal(audit.subject_id, survey.id);
    const missing = randomUUID();
    await assert.rejects(analyseSurvey(db.kysely, missing), SurveyNotFoundError);
    await assert.rejects(getAnalysis(db.kysely, missing), SurveyNotFoundError);
    await assert.rejects(listComments(db.kysely, missing), SurveyNotFoundError);
  });
});
