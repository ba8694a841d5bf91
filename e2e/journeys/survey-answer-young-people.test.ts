// A young person answers the easy-read survey: one question a page, the agree or disagree scale
// with pictures that each have their words beside them, and two things to write; then sends it.
import assert from 'node:assert/strict';
import { fillIn, type AnswerStep } from '../pages/survey-answering.ts';
import { SurveyCheckAnswersPage } from '../pages/survey-check-answers-page.ts';
import { SurveySentPage } from '../pages/survey-sent-page.ts';
import { SurveyStartPage } from '../pages/survey-start-page.ts';
import { describeJourneys } from '../support/journey.ts';
import { inspectionFor, seedSurveyJourneys } from '../support/survey-seed.ts';

const TITLE = 'Tell us about the help you get';

/** The easy-read scale: a picture and words for each answer, the words being what is read out. */
const PICTURE_SCALE = [
  { label: 'Yes, I agree', picture: '/assets/images/scale-agree.svg', pictureAlt: '' },
  { label: 'Not sure', picture: '/assets/images/scale-not-sure.svg', pictureAlt: '' },
  { label: 'No, I disagree', picture: '/assets/images/scale-disagree.svg', pictureAlt: '' },
];

const STEPS: (AnswerStep & { pictures?: boolean })[] = [
  { question: 'How old are you?', optional: true, choose: '11 to 15', position: 'Question 1 of 12' },
  { question: 'Where do you go in the day?', optional: true, choose: 'A special school' },
  { question: 'Do you have an EHC plan?', optional: true, choose: 'Yes' },
  { question: 'Adults listen to me.', choose: 'Yes, I agree', pictures: true },
  { question: 'I help to make plans about me.', optional: true, choose: 'Not sure', pictures: true },
  { question: 'I get help when I need it.', choose: 'No, I disagree', pictures: true },
  { question: 'I feel happy where I learn.', optional: true, choose: 'Yes, I agree', pictures: true },
  { question: 'Doctors, nurses and therapists help me.', optional: true, pictures: true },
  { question: 'I can do fun things and see friends.', optional: true, choose: 'Not sure', pictures: true },
  { question: 'I know what will happen next, when I move on.', optional: true, choose: 'Yes, I agree', pictures: true },
  { question: 'What is the best thing about the help you get?', optional: true, write: 'My teacher helps me to read.' },
  { question: 'What one thing would make things better?', optional: true, write: 'More time with my friends.', position: 'Question 12 of 12' },
];

describeJourneys('a young person answers the easy-read survey', { seed: seedSurveyJourneys({ createSurveys: true, open: ['children_young_people'] }) }, (journey) => {
  journey('one question a page, the picture scale read by its words, and sending', async (youngPerson) => {
    const link = inspectionFor(youngPerson.server.seeded, youngPerson.javaScript).links.children_young_people!;

    const start = await SurveyStartPage.open(youngPerson, link, TITLE);
    assert.match(await start.mainText(), /You do not need to tell us your name/);
    await start.start();

    for (const step of STEPS) {
      const question = await fillIn(youngPerson, step);
      assert.equal(await question.answerGroups(), 1, `one question on the page for "${step.question}"`);
      if (step.pictures) assert.deepEqual(await question.pictureOptions(), PICTURE_SCALE);
      await question.continue();
    }

    const check = await new SurveyCheckAnswersPage(youngPerson).arrived();
    const answers = await check.answers();
    assert.equal(answers['Adults listen to me.'], 'Yes, I agree');
    assert.equal(answers['I get help when I need it.'], 'No, I disagree');
    assert.equal(answers['Doctors, nurses and therapists help me.'], 'Not answered');
    assert.equal(answers['What one thing would make things better?'], 'More time with my friends.');
    await check.send();

    const sent = await new SurveySentPage(youngPerson).arrived();
    assert.equal(await sent.panel(), 'Thank you: your answers have been sent');
  });
});
