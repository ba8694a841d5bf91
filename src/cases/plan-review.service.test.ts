// Database tests of plan reviews on PGlite and PostgreSQL: only the current sample's plans count,
// drafts and completion, who may write which round, reopening, evidence tags, moderation, audit.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Actor } from '../inspections/inspection.service.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { addAcceptedImport, addFixtureSample, createCasesFixture, type CasesFixture, type FixtureImport, type FixtureSample } from './case-test-support.ts';
import { PLAN_REVIEW_INSTRUMENT } from './plan-review-instrument.ts';
import type { ReviewContent } from './plan-review.ts';
import {
  ReviewInvalidError,
  ReviewNotFoundError,
  NOT_INDEPENDENT,
  ReviewRefusedError,
  aggregateResults,
  listReviewCases,
  openReview,
  reopenReview,
  reviewSummary,
  saveReview,
  viewModeration,
} from './plan-review.service.ts';

const IDS = PLAN_REVIEW_INSTRUMENT.criteria.map((c) => c.id);

/** A complete review: every criterion met unless given, with a comment wherever it is not. */
function review(grade: string, ratings: Record<string, string> = {}, criteria: string[] = []): ReviewContent {
  return {
    ratings: Object.fromEntries(IDS.map((id) => [id, { rating: ratings[id] ?? 'met', comment: ratings[id] && ratings[id] !== 'met' ? `Why ${id} is ${ratings[id]}` : '' }])),
    overallGrade: grade,
    summary: 'Reviewed against the instrument.',
    criteria,
  };
}

describeEachDatabase('plan review service', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;
  let imported: FixtureImport;
  let sample: FixtureSample;
  let lead: Actor;
  let inspector: Actor;
  let cqcLead: Actor;
  let reviewIds: string[];
  let olderYear: string;
  let younger: string;

  const caseOf = (personId: string) => sample.caseIds.get(personId)!;
  const audits = async (action: string) => db.kysely.selectFrom('audit_event').selectAll().where('action', '=', action).where('inspection_id', '=', fixture.inspectionId).orderBy('id').execute();

  before(async () => {
    fixture = await createCasesFixture(db);
    imported = await addAcceptedImport(db, fixture, { count: 120, seed: 11 });
    lead = fixture.leadActor;
    inspector = fixture.inspectorActor;
    cqcLead = { id: fixture.cqcLead.userId, label: fixture.cqcLead.email };
    olderYear = imported.people.find((p) => p.yearGroup !== null && /^\d+$/.test(p.yearGroup) && Number(p.yearGroup) >= 10)!.personId;
    younger = imported.people.find((p) => p.yearGroup !== null && /^\d+$/.test(p.yearGroup) && Number(p.yearGroup) <= 6)!.personId;
    const others = imported.people.map((p) => p.personId).filter((id) => id !== olderYear && id !== younger);
    // An earlier sample, superseded: none of its cases may be reviewed.
    const old = await addFixtureSample(db, fixture, imported, { tracked: [], review: others.slice(20, 22) });
    await db.kysely.updateTable('case_sample').set({ superseded_at: new Date() }).where('id', '=', old.sampleId).execute();
    reviewIds = [olderYear, younger, ...others.slice(0, 8)];
    sample = await addFixtureSample(db, fixture, imported, { tracked: others.slice(8, 10), review: reviewIds });
    // A replaced review case drops out of the list.
    await db.kysely.updateTable('sampled_case').set({ replaced_at: new Date(), replaced_reason: 'Plan ceased' }).where('id', '=', caseOf(reviewIds.at(-1)!)).execute();
    reviewIds = reviewIds.slice(0, -1);
  });

  test('the list holds only the plans to review of the current sample, in order, and viewing it is audited', async () => {
    const list = await listReviewCases(db.kysely, fixture.inspectionId, inspector, { requestId: 'req-list' });
    assert.deepEqual(list.cases.map((c) => c.personId), reviewIds);
    assert.ok(list.cases.every((c) => c.firstStatus === 'not_started' && c.secondStatus === 'not_started'));
    assert.equal(list.results.reviews, 0);
    const audit = (await audits('cases.view-reviews')).at(-1)!;
    assert.equal(audit.actor_user_id, inspector.id);
    assert.equal(audit.la_code, '352');
    assert.equal(audit.request_id, 'req-list');
    assert.deepEqual(audit.details, { cases: reviewIds.length });
  });

  test('a tracked case, a replaced case or a case of a superseded sample cannot be reviewed', async () => {
    const tracked = [...sample.caseIds.entries()].find(([personId]) => !reviewIds.includes(personId) && personId !== reviewIds.at(-1))!;
    const oldCase = await db.kysely.selectFrom('sampled_case').innerJoin('case_sample', 'case_sample.id', 'sampled_case.sample_id').select('sampled_case.id').where('case_sample.superseded_at', 'is not', null).where('sampled_case.inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow();
    const replaced = await db.kysely.selectFrom('sampled_case').select('id').where('sample_id', '=', sample.sampleId).where('replaced_at', 'is not', null).executeTakeFirstOrThrow();
    for (const caseId of [tracked[1], oldCase.id, replaced.id]) {
      await assert.rejects(openReview(db.kysely, fixture.inspectionId, caseId, 'first', inspector), ReviewNotFoundError);
      await assert.rejects(saveReview(db.kysely, fixture.inspectionId, caseId, 'first', review('good'), { complete: false }, inspector), ReviewNotFoundError);
    }
  });

  test('a draft may be partial; completing with gaps is refused with every gap named and nothing written', async () => {
    const caseId = caseOf(younger);
    const draft: ReviewContent = { ratings: { voice: { rating: 'partly_met', comment: '' } }, overallGrade: null, summary: '  first thoughts ', criteria: ['I2'] };
    const saved = await saveReview(db.kysely, fixture.inspectionId, caseId, 'first', draft, { complete: false }, inspector, { requestId: 'req-draft' });
    assert.equal(saved.status, 'draft');
    assert.deepEqual(saved.content, { ratings: { voice: { rating: 'partly_met', comment: '' } }, overallGrade: null, summary: 'first thoughts', criteria: ['I2'] });
    assert.equal(saved.instrumentVersion, PLAN_REVIEW_INSTRUMENT.version);
    assert.equal(saved.reviewer.name, fixture.inspector.displayName);
    const audit = (await audits('cases.review-saved')).at(-1)!;
    assert.equal(audit.subject_id, saved.id);
    assert.deepEqual(audit.details, { caseId, personId: younger, round: 'first', status: 'draft', overallGrade: null, criteria: ['I2'] });

    const completedBefore = (await audits('cases.review-completed')).length;
    await assert.rejects(saveReview(db.kysely, fixture.inspectionId, caseId, 'first', { ...draft, summary: 'changed' }, { complete: true }, inspector), (error: unknown) => {
      assert.ok(error instanceof ReviewInvalidError);
      assert.deepEqual(error.issues.map((i) => i.field), [...IDS.map((id) => (id === 'voice' ? 'comment-voice' : `rating-${id}`)), 'overallGrade']);
      return true;
    });
    const page = await openReview(db.kysely, fixture.inspectionId, caseId, 'first', inspector);
    assert.equal(page.review!.content.summary, 'first thoughts', 'the refused save changed nothing');
    assert.equal(page.review!.status, 'draft');
    assert.equal((await audits('cases.review-completed')).length, completedBefore);
  });

  test('preparing for adulthood cannot be "not applicable" for a young person in year 10, but can below year 9', async () => {
    const older = review('good', { preparing_for_adulthood: 'not_applicable' });
    await assert.rejects(saveReview(db.kysely, fixture.inspectionId, caseOf(olderYear), 'first', older, { complete: true }, lead), (error: unknown) => {
      assert.ok(error instanceof ReviewInvalidError);
      assert.equal(error.issues.length, 1);
      assert.match(error.issues[0]!.message, /^This plan is for someone in year 1\d, so ‘Preparing for adulthood \(from year 9\)’ applies from year 9/);
      return true;
    });
    const done = await saveReview(db.kysely, fixture.inspectionId, caseOf(younger), 'first', review('requires_improvement', { preparing_for_adulthood: 'not_applicable', smart_outcomes: 'not_met' }, ['I1', 'I3']), { complete: true }, inspector);
    assert.equal(done.status, 'complete');
    assert.ok(done.completedAt instanceof Date);
    assert.deepEqual(done.content.criteria, ['I1', 'I3']);
  });

  test('evidence tags must be criteria of the inspection framework', async () => {
    await assert.rejects(saveReview(db.kysely, fixture.inspectionId, caseOf(reviewIds[2]!), 'first', review('good', {}, ['I1', 'Q7']), { complete: false }, lead), (error: unknown) => {
      assert.ok(error instanceof ReviewInvalidError);
      assert.deepEqual(error.issues, [{ field: 'criteria', message: "Q7 is not a criterion of this inspection's framework: choose from the list" }]);
      return true;
    });
  });

  test('only the author changes a review; a complete review is reopened by its author alone, and that is audited', async () => {
    const caseId = caseOf(reviewIds[3]!);
    await saveReview(db.kysely, fixture.inspectionId, caseId, 'first', review('good'), { complete: false }, lead);
    await assert.rejects(saveReview(db.kysely, fixture.inspectionId, caseId, 'first', review('inadequate'), { complete: false }, inspector), (error: unknown) => {
      assert.ok(error instanceof ReviewRefusedError);
      assert.equal(error.message, `${fixture.lead.displayName} is writing this review. Only they can change it`);
      return true;
    });
    const asSeen = await openReview(db.kysely, fixture.inspectionId, caseId, 'first', inspector);
    assert.match(asSeen.refusal!, /is writing this review/);
    assert.equal(asSeen.review!.content.overallGrade, 'good', 'others may read a draft');

    await saveReview(db.kysely, fixture.inspectionId, caseId, 'first', review('good'), { complete: true }, lead);
    await assert.rejects(saveReview(db.kysely, fixture.inspectionId, caseId, 'first', review('outstanding'), { complete: true }, lead), /This review is complete. Reopen it to make changes/);
    await assert.rejects(reopenReview(db.kysely, fixture.inspectionId, caseId, 'first', inspector), /Only .* who wrote this review, can reopen it/);
    const leadPage = await openReview(db.kysely, fixture.inspectionId, caseId, 'first', lead);
    assert.equal(leadPage.mayReopen, true);
    assert.equal((await openReview(db.kysely, fixture.inspectionId, caseId, 'first', inspector)).mayReopen, false);

    const reopened = await reopenReview(db.kysely, fixture.inspectionId, caseId, 'first', lead, { requestId: 'req-reopen' });
    assert.equal(reopened.status, 'draft');
    assert.equal(reopened.completedAt, null);
    assert.equal(reopened.content.overallGrade, 'good', 'reopening keeps what was written');
    const audit = (await audits('cases.review-reopened')).at(-1)!;
    assert.equal(audit.actor_user_id, lead.id);
    assert.equal(audit.subject_id, reopened.id);
    assert.equal(audit.request_id, 'req-reopen');
    await assert.rejects(reopenReview(db.kysely, fixture.inspectionId, caseId, 'first', lead), /Only a complete review can be reopened/);
  });

  test('the second review waits for a complete first review, and must be by someone else, who does not see the first until done', async () => {
    const caseId = caseOf(reviewIds[4]!);
    await assert.rejects(saveReview(db.kysely, fixture.inspectionId, caseId, 'second', review('good'), { complete: false }, lead), /The second review can start once the first review is complete$/);
    await saveReview(db.kysely, fixture.inspectionId, caseId, 'first', review('good'), { complete: false }, inspector);
    await assert.rejects(saveReview(db.kysely, fixture.inspectionId, caseId, 'second', review('good'), { complete: false }, lead), /once the first review is complete: .* has not completed it yet/);
    await saveReview(db.kysely, fixture.inspectionId, caseId, 'first', review('good', { voice: 'partly_met' }), { complete: true }, inspector);
    await assert.rejects(saveReview(db.kysely, fixture.inspectionId, caseId, 'second', review('good'), { complete: false }, inspector), (error: unknown) => {
      assert.ok(error instanceof ReviewRefusedError);
      assert.equal(error.message, 'You wrote the first review of this plan, so the second review must be done by someone else on the team');
      return true;
    });
    const inspectorSecond = await openReview(db.kysely, fixture.inspectionId, caseId, 'second', inspector);
    assert.match(inspectorSecond.refusal!, /You wrote the first review/);

    await saveReview(db.kysely, fixture.inspectionId, caseId, 'second', { ratings: {}, overallGrade: null, summary: 'Started', criteria: [] }, { complete: false }, lead);
    const blind = await openReview(db.kysely, fixture.inspectionId, caseId, 'first', lead);
    assert.equal(blind.hidden, true);
    assert.deepEqual(blind.review!.content, { ratings: {}, overallGrade: null, summary: '', criteria: [] });
    assert.equal(blind.review!.status, 'complete');
    const openAudit = (await audits('cases.view-review')).at(-1)!;
    assert.deepEqual(openAudit.details, { personId: reviewIds[4], round: 'first', reviewId: blind.review!.id, hidden: true });
    const secondPage = await openReview(db.kysely, fixture.inspectionId, caseId, 'second', lead);
    assert.equal(secondPage.refusal, null);
    assert.deepEqual(secondPage.other, { status: 'complete', reviewer: { id: inspector.id, label: inspector.label, name: fixture.inspector.displayName } });
    await saveReview(db.kysely, fixture.inspectionId, caseId, 'second', review('good'), { complete: true }, lead);
    assert.equal((await openReview(db.kysely, fixture.inspectionId, caseId, 'first', lead)).hidden, false);
  });

  test('moderation compares plans with both reviews complete; kappas, disagreements and the summary are right', async () => {
    // Plans 5 to 8: first reviews by the CQC lead, second by the inspector.
    const plans = reviewIds.slice(5, 9).map(caseOf);
    const firsts = [review('good'), review('requires_improvement', { smart_outcomes: 'partly_met' }), review('inadequate', { smart_outcomes: 'not_met' }), review('good', { health: 'not_met' })];
    const seconds = [review('good'), review('requires_improvement', { smart_outcomes: 'not_met' }), review('requires_improvement', { smart_outcomes: 'not_met' }), review('good', { health: 'not_met' })];
    for (const [i, caseId] of plans.entries()) {
      await saveReview(db.kysely, fixture.inspectionId, caseId, 'first', firsts[i]!, { complete: true }, cqcLead);
      await saveReview(db.kysely, fixture.inspectionId, caseId, 'second', seconds[i]!, { complete: true }, inspector);
    }
    // Plan 4 (previous test) also has two complete reviews: voice partly met against met, grades both good.
    const view = await viewModeration(db.kysely, fixture.inspectionId, lead, { requestId: 'req-mod' });
    assert.equal(view.pairs.length, 5);
    assert.equal(view.moderation.pairs, 5);
    // Grades over 5 plans: (good,good)×3, (ri,ri), (inadequate,ri): p_o = 4/5; first 3 good, 1 ri, 1 inadequate; second 3 good, 2 ri.
    const pe = (3 * 3 + 1 * 2) / 25;
    assert.ok(Math.abs(view.moderation.grade.kappa! - (0.8 - pe) / (1 - pe)) < 1e-12);
    // smart_outcomes: (met,met)×3, (partly,not), (not,not): p_o 4/5; first 3 met, 1 partly, 1 not; second 3 met, 2 not.
    const smart = view.moderation.byCriterion.find((c) => c.criterionId === 'smart_outcomes')!.kappa;
    assert.ok(Math.abs(smart.kappa! - (0.8 - (9 + 2) / 25) / (1 - (9 + 2) / 25)) < 1e-12);
    assert.equal(view.moderation.byCriterion.find((c) => c.criterionId === 'health')!.kappa.kappa, 1);
    assert.equal(view.moderation.pooled.n, 45);
    assert.deepEqual(
      view.moderation.disagreements.map((d) => [d.personId, d.criteria.map((c) => c.criterionId), d.grade]),
      [
        [reviewIds[4], ['voice'], null],
        [reviewIds[6], ['smart_outcomes'], null],
        [reviewIds[7], [], { first: 'inadequate', second: 'requires_improvement' }],
      ],
    );
    const audit = (await audits('cases.view-moderation')).at(-1)!;
    assert.deepEqual(audit.details, { pairs: 5 });
    assert.equal(audit.request_id, 'req-mod');

    const summary = await reviewSummary(db.kysely, fixture.inspectionId);
    assert.equal(summary.plansToReview, reviewIds.length);
    assert.equal(summary.firstReviewsComplete, 6, 'plan 2 (younger) and plans 4 to 8');
    assert.equal(summary.secondReviewsComplete, 5);
    assert.equal(summary.overallKappa, view.moderation.pooled.kappa);

    const results = await aggregateResults(db.kysely, fixture.inspectionId);
    assert.equal(results.reviews, 6);
    assert.deepEqual(results.grades, { outstanding: 0, good: 3, requires_improvement: 2, inadequate: 1 });
    assert.deepEqual(results.byCriterion.find((c) => c.criterionId === 'smart_outcomes')!.counts, { met: 3, partly_met: 1, not_met: 2 });
    assert.deepEqual(results.byCriterion.find((c) => c.criterionId === 'preparing_for_adulthood')!.counts, { met: 5, partly_met: 0, not_met: 0, not_applicable: 1 });
  });

  test('with no sample there is nothing to review', async () => {
    const other = await createCasesFixture(db);
    const list = await listReviewCases(db.kysely, other.inspectionId, other.leadActor);
    assert.deepEqual(list, { sampleDrawnAt: null, cases: [], results: { reviews: 0, byCriterion: list.results.byCriterion, grades: { outstanding: 0, good: 0, requires_improvement: 0, inadequate: 0 } } });
    assert.deepEqual(await reviewSummary(db.kysely, other.inspectionId), { plansToReview: 0, firstReviewsComplete: 0, secondReviewsComplete: 0, overallKappa: null });
  });

  test("someone who has read a plan's first review cannot start its second review", async () => {
    const caseId = caseOf(olderYear);
    await saveReview(db.kysely, fixture.inspectionId, caseId, 'first', review('good', { preparing_for_adulthood: 'met' }), { complete: true }, inspector);
    const read = await openReview(db.kysely, fixture.inspectionId, caseId, 'first', lead);
    assert.equal(read.hidden, false, 'nothing hides a complete first review from a reader who is not reviewing it');
    const secondPage = await openReview(db.kysely, fixture.inspectionId, caseId, 'second', lead);
    assert.equal(secondPage.refusal, NOT_INDEPENDENT);
    await assert.rejects(saveReview(db.kysely, fixture.inspectionId, caseId, 'second', review('good'), { complete: false }, lead), (error: unknown) => error instanceof ReviewRefusedError && error.message === NOT_INDEPENDENT);
    assert.equal((await db.kysely.selectFrom('plan_review').select('id').where('case_id', '=', caseId).where('round', '=', 'second').execute()).length, 0);
  });
});

