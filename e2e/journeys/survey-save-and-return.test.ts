// Save and return: a practitioner answers two questions, saves, and later carries on in another
// browser with the code they wrote down (a wrong code first), then sends.
import assert from 'node:assert/strict';
import { SurveyAnswerPage } from '../pages/survey-answer-page.ts';
import { answerEach, type AnswerStep } from '../pages/survey-answering.ts';
import { SurveyCheckAnswersPage } from '../pages/survey-check-answers-page.ts';
import { SurveyResumePage } from '../pages/survey-resume-page.ts';
import { SurveySavedPage } from '../pages/survey-saved-page.ts';
import { SurveySentPage } from '../pages/survey-sent-page.ts';
import { SurveyStartPage } from '../pages/survey-start-page.ts';
import { describeJourneys } from '../support/journey.ts';
import { inspectionFor, seedSurveyJourneys } from '../support/survey-seed.ts';

const TITLE = 'Practitioners: tell inspectors how SEND arrangements work in this area';
const AGE_GROUP = 'Which age group do you mainly work with?';
/** Shaped like a code, but nobody was given it. */
const WRONG_CODE = 'ABCDE-23456';

const FIRST_SITTING: AnswerStep[] = [
  { question: 'What is your role?', choose: 'SENCO', position: 'Question 1 of 16' },
  { question: 'Where do you mainly work?', optional: true, choose: 'Mainstream school' },
];

const SECOND_SITTING: AnswerStep[] = [
  { question: AGE_GROUP, optional: true, choose: '5 to 10 years', position: 'Question 3 of 16' },
  { question: "Children and young people's needs are identified early and accurately.", choose: 'Agree' },
  { question: 'EHC needs assessments are completed in good time.', optional: true, choose: 'Disagree' },
  { question: 'My advice to EHC needs assessments is reflected in the final plans.', optional: true },
  { question: 'Children, young people and families are involved in decisions about their support.', optional: true, choose: 'Agree' },
  { question: 'Waiting times for health services are reasonable.', optional: true, choose: 'Strongly disagree' },
  { question: 'Young people are well prepared for adulthood, including the move to adult services.', optional: true },
  { question: "Education, health and social care work well together to meet children's needs.", choose: 'Disagree' },
  { question: 'I have had the training I need to support children and young people with SEND.', optional: true, choose: 'Agree' },
  { question: 'Leaders understand the needs of children and young people with SEND in this area.', optional: true },
  { question: 'Services are commissioned to meet local needs, for example therapy capacity matches demand.', optional: true, choose: 'Strongly disagree' },
  { question: 'Leaders check how well services work and make improvements.', optional: true, choose: "Don't know" },
  { question: 'What works well in this area for children and young people with SEND?', optional: true, write: 'Our SEND team answers emails quickly.' },
  { question: 'What most needs to improve?', optional: true, write: 'Waits for speech and language therapy are far too long.', position: 'Question 16 of 16' },
];

describeJourneys('saving answers and coming back to them', { seed: seedSurveyJourneys({ createSurveys: true, open: ['practitioners'] }) }, (journey) => {
  journey('a practitioner saves after two answers and carries on in another browser with the code', async (firstBrowser) => {
    const link = inspectionFor(firstBrowser.server.seeded, firstBrowser.javaScript).links.practitioners!;

    await (await SurveyStartPage.open(firstBrowser, link, TITLE)).start();
    await answerEach(firstBrowser, FIRST_SITTING);
    await (await new SurveyAnswerPage(firstBrowser, `${AGE_GROUP} (optional)`).arrived()).saveForLater();
    const saved = await new SurveySavedPage(firstBrowser).arrived();
    const code = await saved.code();
    assert.match(code, /^[A-Z2-9]{5}-[A-Z2-9]{5}$/, 'a short code of letters and digits that cannot be mistaken for each other');
    assert.match(await saved.mainText(), /It does not identify you/);

    // Another day, another browser: nothing carries over but the code.
    const secondBrowser = await firstBrowser.newVisitor();
    await (await SurveyStartPage.open(secondBrowser, link, TITLE)).carryOnWithSavedAnswers();
    const resume = await new SurveyResumePage(secondBrowser).arrived();
    await resume.enterCode(WRONG_CODE);
    await resume.continue();
    assert.deepEqual(await resume.arrivedWithErrors(), ['We could not find answers saved with that code. Check the code and try again.']);
    assert.deepEqual(await resume.errorLinks(), ['#code']);
    assert.equal(await resume.code(), WRONG_CODE, 'the code typed is kept to correct');

    // Typed as people do: lower case, with a space for the dash.
    await resume.enterCode(code.toLowerCase().replace('-', ' '));
    await resume.continue();
    await answerEach(secondBrowser, SECOND_SITTING);

    const check = await new SurveyCheckAnswersPage(secondBrowser).arrived();
    const answers = await check.answers();
    assert.equal(answers['What is your role?'], 'SENCO', 'the answers from the first sitting are there');
    assert.equal(answers['Where do you mainly work?'], 'Mainstream school');
    assert.equal(answers[AGE_GROUP], '5 to 10 years');
    assert.equal(answers['What most needs to improve?'], 'Waits for speech and language therapy are far too long.');
    await check.send();
    assert.equal(await (await new SurveySentPage(secondBrowser).arrived()).panel(), 'Thank you: your answers have been sent');
  });
});
