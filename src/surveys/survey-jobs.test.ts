// The surveys' scheduled jobs, run on their own: unsent answers and responses past retention go.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { prepareDatabase } from '../bootstrap.ts';
import type { Db } from '../platform/db/database.ts';
import { createTestDatabase, describeEachDatabase } from '../platform/db/test-database.ts';
import { enforceResponseRetention, purgeUnsentAnswers, retentionCutOff } from './survey-jobs.ts';
import { createSurveyFixture, openWithLink } from './survey-test-support.ts';
import { closeSurveyNow, startDraft, submitResponse } from './survey.service.ts';
import { newClientKey } from './survey.ts';

describeEachDatabase('survey jobs', (kind) => {
  let db: Db;
  before(async () => {
    db = await createTestDatabase(kind);
    await prepareDatabase(db);
  });
  after(async () => {
    await db.close();
  });

  test('answers in progress are deleted once they expire, and the purge is audited', async () => {
    const f = await createSurveyFixture(db);
    const link = await openWithLink(db, f, 'practitioners');
    const draft = await startDraft(db.kysely, link, 'en', f.keySecret);
    assert.deepEqual(await purgeUnsentAnswers(db.kysely, new Date()), { removed: 0, importsRemoved: 0 });
    const in31Days = new Date(Date.now() + 31 * 86_400_000);
    assert.deepEqual(await purgeUnsentAnswers(db.kysely, in31Days), { removed: 1, importsRemoved: 0 });
    assert.equal(await db.kysely.selectFrom('survey_draft').select('id').where('id', '=', draft.id).executeTakeFirst(), undefined);
    const audits = await db.kysely.selectFrom('audit_event').select('details').where('action', '=', 'surveys.purge-unsent-answers').execute();
    assert.deepEqual(audits.map((a) => a.details), [{ removed: 0, importsRemoved: 0 }, { removed: 1, importsRemoved: 0 }]);
  });

  test('responses are deleted three years after their survey closed, not before', async () => {
    const f = await createSurveyFixture(db);
    const { survey, channel } = await openWithLink(db, f, 'practitioners');
    const answers = { respondent_role: 'senco', needs_identified: 'agree', agencies_work_together: 'disagree' };
    const sent = await submitResponse(db.kysely, survey, { surveyId: survey.id, channelId: channel.id, language: 'en', answers, idempotencyKey: newClientKey(), source: 'api', keySecret: f.keySecret });
    assert.equal(sent.outcome, 'stored');
    const closed = await closeSurveyNow(db.kysely, survey.id, f.leadActor);
    const count = async () => (await db.kysely.selectFrom('survey_response').select('id').where('survey_id', '=', survey.id).execute()).length;

    const justInside = new Date(closed.closesAt!.getTime());
    justInside.setUTCFullYear(justInside.getUTCFullYear() + 3);
    assert.ok(retentionCutOff(justInside).getTime() <= closed.closesAt!.getTime());
    await enforceResponseRetention(db.kysely, justInside);
    assert.equal(await count(), 1, 'kept until three full years have passed');

    await enforceResponseRetention(db.kysely, new Date(justInside.getTime() + 60_000));
    assert.equal(await count(), 0);
  });
});
