// The Ofsted lead sets up an inspection's surveys: creates them, rewords a question, previews,
// adds a link with its QR code, opens the parents and carers survey and watches the live counts.
import assert from 'node:assert/strict';
import { InspectionDashboardPage } from '../pages/inspection-dashboard-page.ts';
import { signInAs } from '../pages/signed-in.ts';
import { SurveyConfirmPage } from '../pages/survey-confirm-page.ts';
import { SurveyLinksPage } from '../pages/survey-links-page.ts';
import { SurveysLivePage } from '../pages/survey-live-all-page.ts';
import { SurveyLivePage } from '../pages/survey-live-page.ts';
import { SurveysOverviewPage } from '../pages/survey-overview-page.ts';
import { SurveyPage } from '../pages/survey-page.ts';
import { SurveyPreviewPage } from '../pages/survey-preview-page.ts';
import { SurveyQuestionPage } from '../pages/survey-question-page.ts';
import { describeJourneys } from '../support/journey.ts';
import { SURVEY_AREA, SURVEY_INSPECTION_TYPE, inspectionFor, seedSurveyJourneys } from '../support/survey-seed.ts';

const PARENTS = 'Parents and carers';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Question 6 of the parents and carers template, and the lead's plainer wording of it.
const QUESTION = { number: 6, template: "My child's needs were identified early enough.", reworded: "My child's needs were spotted early enough." };
const HINT = 'Think about the first time you asked for help.';

describeJourneys('setting up the surveys', { seed: seedSurveyJourneys({ createSurveys: false }) }, (journey) => {
  journey('the Ofsted lead creates the surveys, rewords a question, adds a link with a QR code and opens the survey', async (lead) => {
    const { reference, id } = inspectionFor(lead.server.seeded, lead.javaScript);

    // From the inspection to its surveys, which do not exist yet.
    const list = await signInAs(lead, lead.server.seeded.lead);
    await list.openInspection(reference);
    const dashboard = await new InspectionDashboardPage(lead, { reference, area: SURVEY_AREA.name, type: SURVEY_INSPECTION_TYPE }).arrived();
    await dashboard.page.getByRole('link', { name: 'Go to the surveys', exact: true }).click();
    let overview = await new SurveysOverviewPage(lead, reference).arrived();
    assert.deepEqual(await overview.surveys(), []);

    await overview.createSurveys();
    overview = await new SurveysOverviewPage(lead, reference).arrived();
    assert.match(await overview.successBanner(), /The three surveys have been created/);
    const surveys = await overview.surveys();
    assert.deepEqual(
      surveys.map((s) => [s.survey, s.status, s.responses]),
      [
        [PARENTS, 'Not open', '0'],
        ['Children and young people', 'Not open', '0'],
        ['Practitioners', 'Not open', '0'],
      ],
    );
    assert.equal(surveys[1].title, 'Tell us about the help you get');

    await overview.openSurvey(PARENTS);
    let survey = await new SurveyPage(lead, { reference, audience: PARENTS }).arrived();
    assert.equal(await survey.status(), 'Not open');
    assert.ok((await survey.questions()).includes(`${QUESTION.number}. ${QUESTION.template}`));

    // A blank question is refused, and what was typed in the other box stays.
    await survey.changeQuestion(QUESTION.number);
    const change = await new SurveyQuestionPage(lead, { audience: PARENTS, number: QUESTION.number }).arrived();
    assert.equal(await change.wording(), QUESTION.template);
    await change.changeWording('   ');
    await change.changeHint(HINT);
    await change.save();
    const errors = await change.arrivedWithErrors();
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^Enter the (question|wording)/i);
    assert.equal(await change.errorSummary().getByRole('link').getAttribute('href'), '#text');
    assert.equal(await change.errorBeside('text'), errors[0]);
    assert.equal(await change.hint(), HINT);

    await change.changeWording(QUESTION.reworded);
    await change.save();
    survey = await new SurveyPage(lead, { reference, audience: PARENTS }).arrived();
    assert.match(await survey.successBanner(), new RegExp(`Question ${QUESTION.number} has been changed`));
    const questions = await survey.questions();
    assert.ok(questions.includes(`${QUESTION.number}. ${QUESTION.reworded}`), `the new wording is listed: ${questions.join(' | ')}`);

    // The preview shows the survey as respondents will see it, with nothing to fill in.
    await survey.preview();
    const preview = await new SurveyPreviewPage(lead, PARENTS).arrived();
    const previewed = await preview.questions();
    assert.ok(previewed.includes(QUESTION.reworded), `the preview has the new wording: ${previewed.join(' | ')}`);
    assert.ok(!previewed.includes(QUESTION.template));
    assert.equal(await preview.enabledInputs(), 0);
    await preview.back();
    survey = await new SurveyPage(lead, { reference, audience: PARENTS }).arrived();

    // A link for the parent carer forum, with its QR code.
    await survey.follow('Links and QR codes to share');
    let links = await new SurveyLinksPage(lead, PARENTS).arrived();
    await links.addLink('Parent carer forum');
    links = await new SurveyLinksPage(lead, PARENTS).arrived();
    assert.match(await links.successBanner(), /Link added: Parent carer forum/);
    const [forum] = await links.links();
    assert.equal(forum.name, 'Parent carer forum');
    assert.equal(forum.responses, '0');
    assert.match(forum.url, new RegExp(`^${lead.server.url}/s/[A-Za-z0-9_-]+$`));
    const qr = await links.downloadQrCode('Parent carer forum');
    assert.equal(qr.fileName, 'parents-carers-parent-carer-forum-qr.png');
    assert.ok(qr.bytes.subarray(0, 8).equals(PNG_SIGNATURE), 'the QR code is a PNG image');
    assert.ok(qr.bytes.length > 500, 'the QR code image is not empty');

    // Opening the survey is confirmed first; afterwards its wording is fixed.
    survey = await SurveyPage.open(lead, { id, reference }, PARENTS);
    await survey.openNow();
    const confirm = await new SurveyConfirmPage(lead, PARENTS, 'open').arrived();
    assert.match(await confirm.warning(), /wording cannot change/);
    await confirm.confirm();
    survey = await new SurveyPage(lead, { reference, audience: PARENTS }).arrived();
    assert.match(await survey.successBanner(), /The survey is open/);
    assert.equal(await survey.status(), 'Open');
    assert.equal(await survey.page.getByRole('link', { name: /^Change question/ }).count(), 0, 'no question can be changed once open');

    // The live counts: nothing yet, by the forum's link or any other.
    await survey.follow('Live responses');
    const live = await new SurveyLivePage(lead, PARENTS).arrived();
    assert.equal(await live.total(), 0);
    assert.deepEqual(await live.byLink(), { 'Parent carer forum': 0 });
    await live.allSurveys();
    const all = await new SurveysLivePage(lead).arrived();
    assert.deepEqual(
      (await all.surveys()).map((s) => [s.survey, s.status, s.responses]),
      [
        [PARENTS, 'Open', 0],
        ['Children and young people', 'Not open', 0],
        ['Practitioners', 'Not open', 0],
      ],
    );
    assert.equal(await all.total(), 0);
  });
});
