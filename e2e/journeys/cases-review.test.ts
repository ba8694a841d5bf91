// EHC plan reviews: an inspector completes the first review of a plan (after being told a
// criterion is still unrated), a second inspector reviews the same plan with some different
// ratings, and the lead reads the disagreements and Cohen's kappa on the moderation page.
import assert from 'node:assert/strict';
import { CasesHubPage } from '../pages/cases-hub-page.ts';
import { CasesModerationPage } from '../pages/cases-moderation-page.ts';
import { CasesReviewPage, type CriterionRating } from '../pages/cases-review-page.ts';
import { CasesReviewsPage } from '../pages/cases-reviews-page.ts';
import { signInAs } from '../pages/signed-in.ts';
import { describeJourneys } from '../support/journey.ts';
import { casesInspectionFor, seedCasesJourneys } from '../support/cases-seed.ts';

const PLANS_TO_REVIEW = 3;

// The review instrument's criteria, as the form titles them.
const SECTIONS = 'Sections A to K are present and sound';
const GOLDEN_THREAD = 'The golden thread: aspirations, needs, outcomes and provision connect';
const SMART = 'Outcomes are SMART and person-centred';
const SECTION_F = 'Section F provision is specific and quantified';
const HEALTH = "Health needs and provision (sections C and G), with health's contribution";
const SOCIAL_CARE = "Social care needs and provision (sections D, H1 and H2), with social care's contribution";
const VOICE = "The child's or young person's voice, views and aspirations (section A)";
const ANNUAL_REVIEW = 'The plan has been reviewed on time';
const ADULTHOOD = 'Preparing for adulthood (from year 9)';

const MET: CriterionRating = { rating: 'Met' };

/** The first reviewer finds two weaknesses. */
const FIRST: Record<string, CriterionRating> = {
  [SECTIONS]: MET,
  [GOLDEN_THREAD]: MET,
  [SMART]: { rating: 'Partly met', comment: 'Outcomes describe services, not what will change for the child.' },
  [SECTION_F]: { rating: 'Partly met', comment: 'Speech and language therapy is "regular", with no hours.' },
  [HEALTH]: MET,
  [SOCIAL_CARE]: MET,
  [VOICE]: MET,
  [ANNUAL_REVIEW]: MET,
  [ADULTHOOD]: MET,
};

/** The second agrees on seven criteria: section F is not met at all, and the child's voice is only partly there. */
const SECOND: Record<string, CriterionRating> = {
  ...FIRST,
  [SECTION_F]: { rating: 'Not met', comment: 'No amounts anywhere in section F.' },
  [VOICE]: { rating: 'Partly met', comment: 'Section A is written by professionals only.' },
};

/**
 * Cohen's kappa over the nine paired ratings: they agree on 7 of 9 (78%); by chance, from each
 * reviewer's own mix (7 met and 2 partly met; 6 met, 2 partly met and 1 not met), on
 * (7×6 + 2×2) / 81 = 46/81 (57%). Kappa = (63/81 − 46/81) / (35/81) = 17/35 = 0.49: moderate.
 */
const EXPECTED_KAPPA = { Kappa: '0.49', 'Paired ratings': '9', Agreed: '78%', 'Agreement expected by chance': '57%', 'Strength of agreement': 'Moderate' };

async function rateAll(review: CasesReviewPage, ratings: Record<string, CriterionRating>, leaveOut?: string): Promise<void> {
  for (const [criterion, rating] of Object.entries(ratings)) {
    if (criterion !== leaveOut) await review.rate(criterion, rating);
  }
}

describeJourneys('cases: EHC plan reviews and moderation', { seed: seedCasesJourneys({ people: 150, sample: { tracked: 2, review: PLANS_TO_REVIEW, seed: 'plan-reviews' } }) }, (journey) => {
  journey('two inspectors review the same plan and the lead moderates their ratings', async (inspector) => {
    const { lead, secondInspector } = inspector.server.seeded;
    const inspection = casesInspectionFor(inspector.server.seeded, inspector.javaScript);

    // The first inspector finds the plans to review from the cases page.
    await signInAs(inspector, inspector.server.seeded.inspector);
    const hub = await CasesHubPage.open(inspector, inspection);
    await hub.follow('Plan reviews');
    let reviews = await new CasesReviewsPage(inspector, inspection).arrived();
    const plans = await reviews.plans();
    assert.equal(plans.length, PLANS_TO_REVIEW);
    assert.deepEqual(plans[0], { plan: plans[0].plan, first: 'Not started', second: 'After the first review' });
    const plan = plans[0].plan;

    // Completing with a criterion unrated is refused, and nothing typed is lost.
    await reviews.openFirstReview(plan);
    let review = await new CasesReviewPage(inspector, { round: 'First', plan }).arrived();
    assert.deepEqual(await review.criteria(), Object.keys(FIRST));
    await rateAll(review, FIRST, ADULTHOOD);
    await review.grade('Good');
    await review.saveAndMarkComplete();
    assert.deepEqual(await review.arrivedWithErrors(), [`Rate ‘${ADULTHOOD}’`]);
    assert.equal(await review.page.getByLabel(`Comment on: ${SECTION_F}`, { exact: true }).inputValue(), FIRST[SECTION_F].comment);
    assert.ok(await review.page.getByRole('group', { name: 'Overall grade', exact: true }).getByLabel('Good', { exact: true }).isChecked());

    await review.rate(ADULTHOOD, MET);
    await review.markAsEvidenceFor(/^I3: /);
    await review.saveAndMarkComplete();
    reviews = await new CasesReviewsPage(inspector, inspection).arrived();
    assert.match(await reviews.successBanner(), /First review complete/);
    const reviewed = (await reviews.plans())[0];
    assert.equal(reviewed.first, `Complete ${inspector.server.seeded.inspector.name}`);
    assert.match(reviewed.second, /^Not started Start second review/);

    // A second inspector reviews the same plan on its own merits.
    const second = await inspector.newVisitor();
    await signInAs(second, secondInspector);
    const secondList = await CasesReviewsPage.open(second, inspection);
    await secondList.openSecondReview(plan);
    review = await new CasesReviewPage(second, { round: 'Second', plan }).arrived();
    assert.match(await review.mainText(), /Review the plan on its own merits, without looking at the first review/);
    assert.doesNotMatch(await review.mainText(), /Outcomes describe services/, 'the first review’s comments are not shown');
    await rateAll(review, SECOND);
    await review.grade('Requires improvement');
    await review.saveAndMarkComplete();
    const afterSecond = await new CasesReviewsPage(second, inspection).arrived();
    assert.match(await afterSecond.successBanner(), /Second review complete/);
    assert.equal((await afterSecond.counts())['Second reviews complete'], '1');

    // The lead sees where the two reviews differ, and how far the reviewers agree.
    const team = await inspector.newVisitor();
    await signInAs(team, lead);
    const leadList = await CasesReviewsPage.open(team, inspection);
    await leadList.openModeration();
    const moderation = await new CasesModerationPage(team, inspection).arrived();
    assert.equal(await moderation.pairs(), `1 of the ${PLANS_TO_REVIEW} plans to review has two complete reviews.`);
    assert.deepEqual(await moderation.plansWithDisagreements(), [plan]);
    assert.deepEqual(await moderation.disagreementsFor(plan), [
      { criterion: SECTION_F, first: 'Partly met', second: 'Not met' },
      { criterion: VOICE, first: 'Met', second: 'Partly met' },
      { criterion: 'Overall grade', first: 'Good', second: 'Requires improvement' },
    ]);
    const kappa = (await moderation.kappaTable()).find((row) => row.Compared === 'All criteria together');
    assert.ok(kappa, 'the kappa table has a row for all criteria together');
    assert.deepEqual({ ...kappa, Compared: undefined }, { Compared: undefined, ...EXPECTED_KAPPA });
    assert.match((await moderation.agreement()).criteria, /^Moderate agreement \(kappa 0\.49, /);
  });
});
