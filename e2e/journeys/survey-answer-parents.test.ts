// A parent answers the parents and carers survey from its link, end to end, without an account:
// radios, checkboxes, the agreement scale, routing, a missed required answer, a comment with a
// character count, checking and changing an answer, sending. The lead then sees it counted.
import assert from 'node:assert/strict';
import { signInAs } from '../pages/signed-in.ts';
import { SurveyAnswerPage } from '../pages/survey-answer-page.ts';
import { answerEach, fillIn, type AnswerStep } from '../pages/survey-answering.ts';
import { SurveyCheckAnswersPage } from '../pages/survey-check-answers-page.ts';
import { SurveyLivePage } from '../pages/survey-live-page.ts';
import { SurveySentPage } from '../pages/survey-sent-page.ts';
import { SurveyStartPage } from '../pages/survey-start-page.ts';
import { describeJourneys } from '../support/journey.ts';
import { SEEDED_LINK_NAME, inspectionFor, seedSurveyJourneys } from '../support/survey-seed.ts';

const TITLE = 'Parents and carers: tell inspectors about SEND support in your area';
const EHC_QUESTION = 'Does your child have an education, health and care (EHC) plan?';
const EHC_PROCESS = 'The EHC needs assessment process was clear and kept to time.';
const EHC_PLAN_ACCURATE = "My child's EHC plan describes their needs and the help they should get accurately.";
const LOCAL_OFFER_USEFUL = 'The local offer helps me find the information and support I need.';
const NEEDS = "What are your child's main needs?";
const WORKS_WELL_LIMIT = 2000;
const WORKS_WELL = 'Her speech therapist at school is brilliant and explains everything to us.';

const BEFORE_EHC: AnswerStep[] = [
  // Before the EHC plan question is answered, its two follow-up questions are not counted.
  { question: 'Which of these best describes you?', choose: 'Parent', position: 'Question 1 of 21' },
  { question: 'How old is the child or young person you are answering about?', choose: '5 to 10 years' },
  { question: NEEDS, optional: true, tick: ['Autism', 'Speech, language and communication'] },
];

const AFTER_EHC: AnswerStep[] = [
  { question: 'Where does your child spend most of their day?', optional: true, choose: 'Mainstream school' },
  { question: "My child's needs were identified early enough.", choose: 'Disagree' },
  { question: "My child's needs were assessed without long waits.", optional: true, choose: 'Strongly disagree' },
  // "Yes, they have an EHC plan" brings in the two questions about the plan.
  { question: EHC_PROCESS, optional: true, choose: 'Agree', position: 'Question 8 of 23' },
  { question: EHC_PLAN_ACCURATE, optional: true, choose: 'Neither agree nor disagree', position: 'Question 9 of 23' },
  { question: "I am involved in decisions about my child's support.", optional: true, choose: 'Agree' },
  { question: "My child's views are listened to.", optional: true },
  { question: 'My child gets the right help at the right time.', choose: 'Disagree' },
  { question: "My child's school, college or nursery understands and meets their needs.", optional: true, choose: 'Agree' },
  { question: "Health services meet my child's needs.", optional: true, choose: "Don't know" },
  { question: 'Is your child waiting for any of these?', optional: true, tick: ['Speech and language therapy', 'Occupational therapy'] },
  { question: 'My child is being well prepared for their next steps, such as a new school, college, work or adult life.', optional: true },
  {
    question: 'My child can take part in activities in our community, such as clubs, short breaks and time with friends.',
    optional: true,
    choose: 'Disagree',
  },
  // "No" to the local offer: the question about how useful it is is not asked.
  { question: 'Do you know about the local offer?', optional: true, choose: 'No' },
  { question: 'I know who to contact when I need help or information.', optional: true, choose: 'Agree', position: 'Question 19 of 23' },
  { question: 'The council and health services listen to families and act on what we say.', optional: true, choose: 'Neither agree nor disagree' },
  { question: 'Overall, how would you rate the support for your child in this area?', choose: 'Poor' },
];

describeJourneys('a parent answers the parents and carers survey', { seed: seedSurveyJourneys({ createSurveys: true, open: ['parents_carers'] }) }, (journey) => {
  journey('a parent answers every kind of question, checks and changes an answer, and sends; the lead sees it counted live', async (parent) => {
    const inspection = inspectionFor(parent.server.seeded, parent.javaScript);
    const link = inspection.links.parents_carers!;

    // The lead keeps the live page open while the survey runs: nothing has come in yet.
    const lead = await parent.newVisitor();
    await signInAs(lead, parent.server.seeded.lead);
    let live = await SurveyLivePage.open(lead, inspection.id, 'Parents and carers');
    assert.equal(await live.total(), 0);
    assert.deepEqual(await live.byLink(), { [SEEDED_LINK_NAME]: 0 });

    // No account, no sign-in: the link opens the survey.
    const start = await SurveyStartPage.open(parent, link, TITLE);
    assert.equal(await start.signedInAs(), null);
    assert.deepEqual(await start.languages(), [], 'offered in English only, so no choice of language');
    await start.start();

    await answerEach(parent, BEFORE_EHC);

    // A required question left unanswered: the error summary links to the answers, and nothing is lost.
    let ehc = await new SurveyAnswerPage(parent, EHC_QUESTION).arrived();
    assert.equal(await ehc.position(), 'Question 4 of 21');
    await ehc.continue();
    assert.deepEqual(await ehc.arrivedWithErrors(), ['Choose an answer']);
    assert.deepEqual(await ehc.errorLinks(), ['#answer']);
    assert.equal(await ehc.errorBesideAnswer(), 'Choose an answer');
    assert.equal(await ehc.page.locator('#answer').getAttribute('type'), 'radio', 'the error links to the first answer');
    await ehc.back();
    const needs = await new SurveyAnswerPage(parent, `${NEEDS} (optional)`).arrived();
    assert.deepEqual(await needs.selected(), ['Autism', 'Speech, language and communication'], 'the earlier answers are kept');
    await needs.continue();

    ehc = await new SurveyAnswerPage(parent, EHC_QUESTION).arrived();
    await ehc.choose('Yes, they have an EHC plan');
    await ehc.continue();
    await answerEach(parent, AFTER_EHC);

    // A comment, with the count of characters left (live with JavaScript, the limit without).
    const worksWell = await fillIn(parent, { question: 'What works well for your child?', optional: true, write: WORKS_WELL, position: 'Question 22 of 23' });
    assert.equal(
      await worksWell.characterCount(),
      parent.javaScript
        ? `You have ${(WORKS_WELL_LIMIT - WORKS_WELL.length).toLocaleString('en-GB')} characters remaining`
        : `You can enter up to ${WORKS_WELL_LIMIT} characters`,
    );
    await worksWell.continue();
    await answerEach(parent, [{ question: 'What could be better?', optional: true, position: 'Question 23 of 23' }]);

    // Check answers: everything as given, the EHC plan questions included, the skipped ones "Not answered".
    let check = await new SurveyCheckAnswersPage(parent).arrived();
    let answers = await check.answers();
    assert.equal(Object.keys(answers).length, 23);
    assert.equal(answers[EHC_QUESTION], 'Yes, they have an EHC plan');
    assert.equal(answers[EHC_PROCESS], 'Agree');
    assert.equal(answers[EHC_PLAN_ACCURATE], 'Neither agree nor disagree');
    assert.equal(answers[NEEDS], 'Autism\nSpeech, language and communication');
    assert.equal(answers["My child's views are listened to."], 'Not answered');
    assert.equal(answers['What works well for your child?'], WORKS_WELL);
    assert.ok(!(LOCAL_OFFER_USEFUL in answers), 'the local offer follow-up was not asked');

    // Changing the EHC plan answer to another takes the plan questions away.
    await check.change(EHC_QUESTION);
    const changing = await new SurveyAnswerPage(parent, EHC_QUESTION).arrived();
    assert.deepEqual(await changing.selected(), ['Yes, they have an EHC plan']);
    await changing.choose('No, they get SEN support without a plan');
    await changing.continue();
    check = await new SurveyCheckAnswersPage(parent).arrived();
    answers = await check.answers();
    assert.equal(answers[EHC_QUESTION], 'No, they get SEN support without a plan');
    assert.ok(!(EHC_PROCESS in answers) && !(EHC_PLAN_ACCURATE in answers), 'the EHC plan questions are gone');
    assert.equal(Object.keys(answers).length, 21);

    await check.send();
    const sent = await new SurveySentPage(parent).arrived();
    assert.equal(await sent.panel(), 'Thank you: your answers have been sent');
    assert.match(await sent.mainText(), /cannot be traced back to you/);

    // The lead, watching the live page, sees the response counted against the link it came through.
    await live.refresh();
    live = await new SurveyLivePage(lead, 'Parents and carers').arrived();
    assert.equal(await live.total(), 1);
    assert.deepEqual(await live.byLink(), { [SEEDED_LINK_NAME]: 1 });
    assert.deepEqual(await live.byLanguage(), { English: 1 });
    const days = await live.byDay();
    assert.equal(days.length, 1);
    assert.equal(days[0].Responses, '1');
  });
});
