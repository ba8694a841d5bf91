// Database tests of the survey use cases on PGlite and PostgreSQL: surveys from templates, wording
// locked once open, scheduling, links, and each response stored exactly once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { prepareDatabase } from '../bootstrap.ts';
import { createInspection } from '../inspections/inspection.service.ts';
import type { Db } from '../platform/db/database.ts';
import { createTestDatabase, describeEachDatabase } from '../platform/db/test-database.ts';
import { createSurveyFixture, openWithLink, type SurveyFixture } from './survey-test-support.ts';
import {
  SurveyChangeError,
  addChannel,
  changeDefinition,
  closeSurveyNow,
  createSurveys,
  getSurvey,
  listSurveys,
  liveCounts,
  offerLanguage,
  resumeDraft,
  saveDraftForLater,
  scheduleSurvey,
  startDraft,
  submitResponse,
  type SubmitInput,
} from './survey.service.ts';
import { issueIdempotencyKey, newClientKey } from './survey.ts';

const COMPLETE_PARENT_ANSWERS = {
  respondent_role: 'parent',
  age_phase: 'age_5_10',
  support_level: 'ehc_plan',
  needs_identified_early: 'agree',
  right_help_right_time: 'disagree',
  overall_rating: 'poor',
  what_could_be_better: 'The speech therapy waiting list is far too long.',
};

describeEachDatabase('survey service', (kind) => {
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

  const responses = async (surveyId: string) =>
    Number((await db.kysely.selectFrom('survey_response').select((eb) => eb.fn.countAll<number>().as('n')).where('survey_id', '=', surveyId).executeTakeFirstOrThrow()).n);

  test('an inspection gets one survey per audience from the templates of its framework', async () => {
    const surveys = await listSurveys(db.kysely, fixture.inspectionId);
    assert.deepEqual(surveys.map((s) => s.audience), ['parents_carers', 'children_young_people', 'practitioners']);
    assert.ok(surveys.every((s) => s.state === 'draft' && s.responseCount === 0));
    const parents = surveys[0]!;
    assert.deepEqual(parents.definition.questions.find((q) => q.id === 'needs_identified_early')!.criteria, ['I1']);
    assert.equal(surveys[1]!.definition.easyRead, true);
  });

  test('each survey keeps the suppression threshold configured when it was created', async () => {
    assert.ok([...fixture.surveys.values()].every((s) => s.suppressionThreshold === 10), 'the default is 10');
    const other = await createSurveyFixture(db);
    const inspection = await createInspection(
      db.kysely,
      { laCode: '202', frameworkCode: '2016', inspectionType: 'full', notificationDate: '2026-11-09', onsiteStartDate: '2026-11-23', onsiteEndDate: '2026-11-27' },
      { id: other.admin.userId, label: other.admin.email },
    );
    const created = await createSurveys(db.kysely, inspection.id, other.leadActor, {}, 5);
    assert.deepEqual(created.map((s) => s.suppressionThreshold), [5, 5, 5]);
    assert.deepEqual(created[0]!.definition.questions.find((q) => q.id === 'needs_identified_early')!.criteria, ['A'], 'criteria of the 2016 framework');
  });

  test('wording can change before opening and is locked once the survey is open', async () => {
    const f = await createSurveyFixture(db);
    const survey = f.surveys.get('practitioners')!;
    const edit = (text: string) =>
      changeDefinition(db.kysely, survey.id, f.leadActor, {
        action: 'survey.question-changed',
        wording: true,
        edit: (d) => ({ ...d, questions: d.questions.map((q) => (q.id === 'training_enough' ? { ...q, text } : q)) }),
      });
    const changed = await edit('I have had enough SEND training.');
    assert.equal(changed.definitionVersion, survey.definitionVersion + 1);
    await assert.rejects(edit(''), (e: unknown) => e instanceof SurveyChangeError && /Enter the wording/.test(e.message));
    await openWithLink(db, f, 'practitioners');
    await assert.rejects(edit('Changed after opening'), /cannot change once the survey has opened/);
    assert.equal((await getSurvey(db.kysely, survey.id))!.definition.questions.find((q) => q.id === 'training_enough')!.text, 'I have had enough SEND training.');
  });

  test('a language is offered only when everything is translated', async () => {
    const survey = fixture.surveys.get('children_young_people')!;
    await assert.rejects(offerLanguage(db.kysely, survey.id, 'ur', fixture.leadActor), (e: unknown) => e instanceof SurveyChangeError && /still in English only/.test(e.message));
    await assert.rejects(offerLanguage(db.kysely, survey.id, 'xx', fixture.leadActor), /Choose a language/);
  });

  test('scheduling checks the dates, and a closed survey cannot reopen', async () => {
    const f = await createSurveyFixture(db);
    const id = f.surveys.get('parents_carers')!.id;
    const now = new Date();
    const later = new Date(now.getTime() + 86_400_000);
    await assert.rejects(scheduleSurvey(db.kysely, id, { opensAt: later, closesAt: now }, f.leadActor), /closing date must be after/);
    const scheduled = await scheduleSurvey(db.kysely, id, { opensAt: later, closesAt: new Date(later.getTime() + 86_400_000) }, f.leadActor);
    assert.equal(scheduled.state, 'scheduled');
    await assert.rejects(closeSurveyNow(db.kysely, id, f.leadActor), /not open yet/);
    await scheduleSurvey(db.kysely, id, { opensAt: new Date(now.getTime() - 1000), closesAt: null }, f.leadActor);
    const closed = await closeSurveyNow(db.kysely, id, f.leadActor);
    assert.equal(closed.state, 'closed');
    await assert.rejects(scheduleSurvey(db.kysely, id, { opensAt: now, closesAt: null }, f.leadActor), /cannot be opened again/);
  });

  test('links are named uniquely, and counted without personal data', async () => {
    const f = await createSurveyFixture(db);
    const { survey, channel } = await openWithLink(db, f, 'parents_carers', 'Parent carer forum');
    await assert.rejects(addChannel(db.kysely, survey.id, 'parent carer FORUM', f.leadActor), /already a link called/);
    await assert.rejects(addChannel(db.kysely, survey.id, '   ', f.leadActor), /Enter a name/);
    const input: SubmitInput = { surveyId: survey.id, channelId: channel.id, language: 'en', answers: COMPLETE_PARENT_ANSWERS, idempotencyKey: newClientKey(), source: 'api', keySecret: f.keySecret };
    assert.equal((await submitResponse(db.kysely, survey, input)).outcome, 'stored');
    const counts = await liveCounts(db.kysely, survey.id);
    assert.equal(counts.total, 1);
    assert.deepEqual(counts.byChannel, [{ name: 'Parent carer forum', count: 1 }]);
    assert.equal(counts.byDay.length, 1);
  });

  test('the same response sent twice at once is stored once', async () => {
    const f = await createSurveyFixture(db);
    const { survey, channel } = await openWithLink(db, f, 'parents_carers');
    const input: SubmitInput = { surveyId: survey.id, channelId: channel.id, language: 'en', answers: COMPLETE_PARENT_ANSWERS, idempotencyKey: newClientKey(), source: 'api', keySecret: f.keySecret };
    const results = await Promise.all([submitResponse(db.kysely, survey, input), submitResponse(db.kysely, survey, input), submitResponse(db.kysely, survey, input)]);
    assert.deepEqual(results.map((r) => r.outcome).sort(), ['already-stored', 'already-stored', 'stored']);
    assert.equal(await responses(survey.id), 1);
    const reused = await submitResponse(db.kysely, survey, { ...input, answers: { ...COMPLETE_PARENT_ANSWERS, overall_rating: 'good' } });
    assert.equal(reused.outcome, 'key-reused');
    assert.equal(await responses(survey.id), 1);
  });

  test('forged keys, bad answers, unknown languages and closed surveys store nothing', async () => {
    const f = await createSurveyFixture(db);
    const { survey, channel } = await openWithLink(db, f, 'parents_carers');
    const base: SubmitInput = { surveyId: survey.id, channelId: channel.id, language: 'en', answers: COMPLETE_PARENT_ANSWERS, idempotencyKey: issueIdempotencyKey(f.keySecret, survey.id), source: 'web', keySecret: f.keySecret };
    assert.equal((await submitResponse(db.kysely, survey, { ...base, idempotencyKey: issueIdempotencyKey('another secret', survey.id) })).outcome, 'bad-key');
    assert.equal((await submitResponse(db.kysely, survey, { ...base, source: 'api', idempotencyKey: 'not-a-uuid' })).outcome, 'bad-key');
    assert.equal((await submitResponse(db.kysely, survey, { ...base, language: 'ur' })).outcome, 'unknown-language');
    const tooLong = await submitResponse(db.kysely, survey, { ...base, answers: { ...COMPLETE_PARENT_ANSWERS, what_works_well: 'x'.repeat(2001) } });
    assert.equal(tooLong.outcome, 'invalid');
    assert.deepEqual(tooLong.outcome === 'invalid' && tooLong.errors, [{ questionId: 'what_works_well', message: 'Your answer must be 2000 characters or fewer' }]);
    const missing = await submitResponse(db.kysely, survey, { ...base, answers: { ...COMPLETE_PARENT_ANSWERS, overall_rating: '' } });
    assert.equal(missing.outcome === 'invalid' && missing.errors[0]!.questionId, 'overall_rating');
    await closeSurveyNow(db.kysely, survey.id, f.leadActor);
    assert.equal((await submitResponse(db.kysely, survey, base)).outcome, 'closed');
    assert.equal(await responses(survey.id), 0);
  });

  test('answers in progress come back with their code, and are gone once sent', async () => {
    const f = await createSurveyFixture(db);
    const { survey, channel } = await openWithLink(db, f, 'parents_carers');
    const draft = await startDraft(db.kysely, { survey, channel }, 'en', f.keySecret);
    const code = await saveDraftForLater(db.kysely, draft);
    assert.match(code, /^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    assert.equal(await resumeDraft(db.kysely, survey.id, 'nonsense'), 'malformed');
    assert.equal(await resumeDraft(db.kysely, survey.id, 'AAAAA-AAAAA'), 'unknown');
    const resumed = await resumeDraft(db.kysely, survey.id, code.toLowerCase().replace('-', ' '));
    assert.equal(typeof resumed === 'object' && resumed.id, draft.id);
    const result = await submitResponse(db.kysely, survey, { surveyId: survey.id, channelId: channel.id, language: 'en', answers: COMPLETE_PARENT_ANSWERS, idempotencyKey: draft.idempotencyKey, source: 'web', draftId: draft.id, keySecret: f.keySecret });
    assert.equal(result.outcome, 'stored');
    assert.equal(await resumeDraft(db.kysely, survey.id, code), 'unknown');
  });
});
