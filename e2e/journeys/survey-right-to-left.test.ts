// A right-to-left language end to end: the area's nominated officer translates the children and
// young people's survey into Urdu and offers it, the lead opens the survey, and a young person
// answers it in Urdu, every page marked up as Urdu written right to left.
import assert from 'node:assert/strict';
import { InspectionDashboardPage } from '../pages/inspection-dashboard-page.ts';
import { signInAs } from '../pages/signed-in.ts';
import { answerEach, type AnswerStep, type AnswerWords } from '../pages/survey-answering.ts';
import { SurveyCheckAnswersPage } from '../pages/survey-check-answers-page.ts';
import { SurveyConfirmPage } from '../pages/survey-confirm-page.ts';
import { SurveyLanguagesPage } from '../pages/survey-languages-page.ts';
import { SurveyLivePage } from '../pages/survey-live-page.ts';
import { SurveysOverviewPage } from '../pages/survey-overview-page.ts';
import { SurveyPage } from '../pages/survey-page.ts';
import { SurveyPreviewPage } from '../pages/survey-preview-page.ts';
import type { RespondentLanguage } from '../pages/survey-respondent-page.ts';
import { SurveySentPage } from '../pages/survey-sent-page.ts';
import { SurveyStartPage } from '../pages/survey-start-page.ts';
import { SurveyTranslationPage, type TranslationBox } from '../pages/survey-translation-page.ts';
import { describeJourneys } from '../support/journey.ts';
import { SURVEY_AREA, SURVEY_INSPECTION_TYPE, inspectionFor, seedSurveyJourneys } from '../support/survey-seed.ts';

const AUDIENCE = 'Children and young people';
const TITLE = 'Tell us about the help you get';
const URDU = { name: 'Urdu', nativeName: 'اردو' };
const URDU_PAGES: RespondentLanguage = { code: 'ur', dir: 'rtl' };

const NOT_NAMES = 'کسی کا نام نہ لکھیں۔';

/** The Urdu for every item of the survey, by the translation form's field. */
const URDU_TEXT: Readonly<Record<string, string>> = {
  title: 'ہمیں اپنی مدد کے بارے میں بتائیں',
  introduction:
    'ہم انسپکٹر ہیں۔ ہم جاننا چاہتے ہیں کہ کیا آپ کو صحیح مدد ملتی ہے۔ کوئی جواب غلط نہیں ہے۔ اپنا نام نہ لکھیں۔ اس میں تقریباً 5 منٹ لگتے ہیں۔ آپ کسی سے مدد مانگ سکتے ہیں۔',
  'phrase-start': 'ابھی شروع کریں',
  'phrase-continue': 'جاری رکھیں',
  'phrase-back': 'واپس',
  'phrase-optional': '(اختیاری)',
  'phrase-chooseLanguage': 'آپ کون سی زبان استعمال کرنا چاہیں گے؟',
  'phrase-checkAnswers': 'بھیجنے سے پہلے اپنے جوابات دیکھ لیں',
  'phrase-change': 'بدلیں',
  'phrase-notAnswered': 'جواب نہیں دیا',
  'phrase-send': 'میرے جوابات بھیجیں',
  'phrase-saveForLater': 'محفوظ کریں اور بعد میں واپس آئیں',
  'phrase-savedTitle': 'آپ کے جوابات محفوظ ہو گئے ہیں',
  'phrase-savedCode': 'واپس آنے کے لیے آپ کا کوڈ یہ ہے',
  'phrase-savedHint': 'یہ کوڈ لکھ لیں۔ جاری رکھنے کے لیے آپ کو اس کی ضرورت ہو گی۔ اس سے آپ کی پہچان نہیں ہوتی۔',
  'phrase-resumeTitle': 'اپنے جوابات جاری رکھیں',
  'phrase-resumeLabel': 'اپنا کوڈ لکھیں',
  'phrase-sentTitle': 'شکریہ: آپ کے جوابات بھیج دیے گئے ہیں',
  'phrase-sentBody': 'آپ کے جوابات میں آپ کا نام نہیں ہے، اور ان سے آپ کا پتہ نہیں چل سکتا۔',
  'phrase-closedTitle': 'یہ سروے بند ہے',
  'phrase-closedBody': 'اب آپ اس سروے کے جوابات نہیں بھیج سکتے۔',
  'phrase-notOpenTitle': 'یہ سروے ابھی کھلا نہیں ہے',
  'phrase-errorSummary': 'ایک مسئلہ ہے',
  'phrase-errorChoose': 'ایک جواب چنیں',
  'phrase-errorWrite': 'ایک جواب لکھیں',
  'phrase-errorTooLong': 'آپ کا جواب {max} حروف یا اس سے کم ہونا چاہیے',
  'phrase-errorNumber': 'ایک پورا عدد لکھیں، جیسے 3',
  'phrase-errorNumberRange': '{min} سے {max} تک کوئی عدد لکھیں',
  'phrase-errorResumeCode': 'وہ کوڈ لکھیں جو آپ کو دیا گیا تھا، جیسے ABCDE-23456',
  'phrase-errorResumeUnknown': 'اس کوڈ سے محفوظ جوابات نہیں ملے۔ کوڈ دیکھ کر دوبارہ کوشش کریں۔',
  'phrase-questionOf': 'سوال {n} از {total}',
  'phrase-picture_agree': 'ہاں، میں متفق ہوں',
  'phrase-picture_not_sure': 'پتہ نہیں',
  'phrase-picture_disagree': 'نہیں، میں متفق نہیں ہوں',
  'q-age_phase-text': 'آپ کی عمر کیا ہے؟',
  'q-age_phase-option-age_under_11': '11 سال سے کم',
  'q-age_phase-option-age_11_15': '11 سے 15 سال',
  'q-age_phase-option-age_16_18': '16 سے 18 سال',
  'q-age_phase-option-age_19_25': '19 سے 25 سال',
  'q-setting_type-text': 'آپ دن میں کہاں جاتے ہیں؟',
  'q-setting_type-option-mainstream': 'سب کے لیے اسکول',
  'q-setting_type-option-special': 'خاص اسکول',
  'q-setting_type-option-college': 'کالج',
  'q-setting_type-option-alternative': 'سیکھنے کی کوئی اور جگہ',
  'q-setting_type-option-home': 'گھر پر',
  'q-setting_type-option-work_other': 'کام یا کچھ اور',
  'q-support_level-text': 'کیا آپ کے پاس EHC پلان ہے؟',
  'q-support_level-hint': 'EHC پلان ایک کاغذ ہے جو بتاتا ہے کہ آپ کو کیا مدد ملنی چاہیے۔',
  'q-support_level-option-ehc_plan': 'ہاں',
  'q-support_level-option-none': 'نہیں',
  'q-support_level-option-not_sure': 'مجھے نہیں معلوم',
  'q-adults_listen-text': 'بڑے میری بات سنتے ہیں۔',
  'q-help_make_plans-text': 'میرے بارے میں منصوبوں میں میری بات شامل ہوتی ہے۔',
  'q-help_when_needed-text': 'جب مجھے مدد چاہیے تو مل جاتی ہے۔',
  'q-happy_at_school-text': 'مجھے اپنی پڑھائی کی جگہ اچھی لگتی ہے۔',
  'q-health_help-text': 'ڈاکٹر، نرسیں اور تھراپسٹ میری مدد کرتے ہیں۔',
  'q-fun_and_friends-text': 'مجھے کھیلنے اور دوستوں سے ملنے کا موقع ملتا ہے۔',
  'q-know_what_next-text': 'مجھے پتہ ہے کہ آگے کیا ہو گا۔',
  'q-know_what_next-hint': 'جیسے نیا اسکول، کالج یا نوکری۔',
  'q-best_thing-text': 'آپ کو ملنے والی مدد میں سب سے اچھی بات کیا ہے؟',
  'q-best_thing-hint': NOT_NAMES,
  'q-change_one_thing-text': 'کون سی ایک چیز حالات بہتر بنا دے گی؟',
  'q-change_one_thing-hint': NOT_NAMES,
};

function urduFor(box: TranslationBox): string {
  const text = URDU_TEXT[box.field];
  if (!text) throw new Error(`No Urdu written for the box "${box.field}" ("${box.english}"): add it to URDU_TEXT`);
  return text;
}

const WORDS: AnswerWords = { optional: URDU_TEXT['phrase-optional'], continue: URDU_TEXT['phrase-continue'], language: URDU_PAGES };
const AGREE = URDU_TEXT['phrase-picture_agree'];
const NOT_SURE = URDU_TEXT['phrase-picture_not_sure'];
const DISAGREE = URDU_TEXT['phrase-picture_disagree'];
const BEST_THING = 'میری استانی مجھے پڑھنا سکھاتی ہیں۔';

const STEPS: AnswerStep[] = [
  { question: URDU_TEXT['q-age_phase-text'], optional: true, choose: URDU_TEXT['q-age_phase-option-age_11_15'], position: 'سوال 1 از 12' },
  { question: URDU_TEXT['q-setting_type-text'], optional: true, choose: URDU_TEXT['q-setting_type-option-mainstream'] },
  { question: URDU_TEXT['q-support_level-text'], optional: true, choose: URDU_TEXT['q-support_level-option-not_sure'] },
  { question: URDU_TEXT['q-adults_listen-text'], choose: AGREE },
  { question: URDU_TEXT['q-help_make_plans-text'], optional: true, choose: NOT_SURE },
  { question: URDU_TEXT['q-help_when_needed-text'], choose: DISAGREE },
  { question: URDU_TEXT['q-happy_at_school-text'], optional: true, choose: AGREE },
  { question: URDU_TEXT['q-health_help-text'], optional: true },
  { question: URDU_TEXT['q-fun_and_friends-text'], optional: true, choose: AGREE },
  { question: URDU_TEXT['q-know_what_next-text'], optional: true, choose: NOT_SURE },
  { question: URDU_TEXT['q-best_thing-text'], optional: true, write: BEST_THING },
  { question: URDU_TEXT['q-change_one_thing-text'], optional: true, position: 'سوال 12 از 12' },
];

describeJourneys(
  'a survey in a right-to-left language',
  { seed: seedSurveyJourneys({ createSurveys: true, linked: ['children_young_people'] }) },
  (journey) => {
    journey('the area translates the young people’s survey into Urdu, the lead opens it and a young person answers in Urdu', async (officer) => {
      const { lead, officer: nominatedOfficer } = officer.server.seeded;
      const inspection = inspectionFor(officer.server.seeded, officer.javaScript);

      // The area's nominated officer reaches the survey's languages from the inspection.
      await (await signInAs(officer, nominatedOfficer)).openInspection(inspection.reference);
      const dashboard = await new InspectionDashboardPage(officer, { reference: inspection.reference, area: SURVEY_AREA.name, type: SURVEY_INSPECTION_TYPE }).arrived();
      await dashboard.page.getByRole('link', { name: 'Go to the surveys', exact: true }).click();
      const overview = await new SurveysOverviewPage(officer, inspection.reference).arrived();
      await overview.followFor(AUDIENCE, 'Languages and translations');
      let languages = await new SurveyLanguagesPage(officer, AUDIENCE).arrived();
      assert.deepEqual(await languages.language(URDU.name), { translated: '0 of 63 items translated', status: 'Not started' });

      // Every box of the form, typed in Urdu; each box is marked as Urdu, right to left.
      await languages.translateInto(URDU.name);
      const form = await new SurveyTranslationPage(officer, AUDIENCE, URDU).arrived();
      assert.equal(await form.progress(), '0 of 63 items translated.');
      const boxes = await form.fillEvery(urduFor);
      assert.equal(boxes.length, 63);
      assert.ok(boxes.every((b) => b.lang === 'ur' && b.dir === 'rtl'), 'every box is marked lang="ur" dir="rtl"');
      await form.save();
      languages = await new SurveyLanguagesPage(officer, AUDIENCE).arrived();
      assert.match(await languages.successBanner(), /Urdu translations saved[\s\S]*63 of 63 items are translated/);
      assert.deepEqual(await languages.language(URDU.name), { translated: '63 of 63 items translated', status: 'Ready to offer' });

      await languages.offer(URDU.name);
      languages = await new SurveyLanguagesPage(officer, AUDIENCE).arrived();
      assert.match(await languages.successBanner(), /The survey is now offered in Urdu/);
      assert.deepEqual(await languages.offeredNow(), ['English', `Urdu (${URDU.nativeName})`]);

      // The lead opens the survey.
      const leadBrowser = await officer.newVisitor();
      await signInAs(leadBrowser, lead);
      let survey = await SurveyPage.open(leadBrowser, inspection, AUDIENCE);
      assert.equal((await survey.details()).Languages, 'English, Urdu');
      await survey.preview();
      await (await new SurveyPreviewPage(leadBrowser, AUDIENCE).arrived()).showIn(URDU.nativeName);
      const preview = await new SurveyPreviewPage(leadBrowser, AUDIENCE).arrived();
      assert.deepEqual(await preview.previewLanguage(), { lang: 'ur', dir: 'rtl' });
      assert.ok((await preview.questions()).includes(`${URDU_TEXT['q-adults_listen-text']}`));
      await preview.back();
      survey = await new SurveyPage(leadBrowser, { reference: inspection.reference, audience: AUDIENCE }).arrived();
      await survey.openNow();
      await (await new SurveyConfirmPage(leadBrowser, AUDIENCE, 'open').arrived()).confirm();
      survey = await new SurveyPage(leadBrowser, { reference: inspection.reference, audience: AUDIENCE }).arrived();
      assert.equal(await survey.status(), 'Open');

      // A young person follows the link, chooses Urdu, and from then on every page is Urdu, right to left.
      const youngPerson = await officer.newVisitor();
      const english = await SurveyStartPage.open(youngPerson, inspection.links.children_young_people!, TITLE);
      assert.deepEqual(await english.languages(), ['English', URDU.nativeName]);
      await english.showIn(URDU.nativeName);
      const start = await new SurveyStartPage(youngPerson, URDU_TEXT.title, URDU_PAGES).arrived();
      assert.match(await start.mainText(), /ہم انسپکٹر ہیں/);
      await start.chooseLanguage(URDU.nativeName);
      await start.start(URDU_TEXT['phrase-start']);

      await answerEach(youngPerson, STEPS, WORDS);

      const check = await new SurveyCheckAnswersPage(youngPerson, URDU_TEXT['phrase-checkAnswers'], URDU_PAGES).arrived();
      const answers = await check.answers();
      assert.equal(answers[URDU_TEXT['q-adults_listen-text']], AGREE);
      assert.equal(answers[URDU_TEXT['q-health_help-text']], URDU_TEXT['phrase-notAnswered']);
      assert.equal(answers[URDU_TEXT['q-best_thing-text']], BEST_THING);
      await check.send(URDU_TEXT['phrase-send']);
      const sent = await new SurveySentPage(youngPerson, URDU_TEXT['phrase-sentTitle'], URDU_PAGES).arrived();
      assert.equal(await sent.panel(), URDU_TEXT['phrase-sentTitle']);

      // Answers in Urdu are counted with the rest.
      const live = await SurveyLivePage.open(leadBrowser, inspection.id, AUDIENCE);
      assert.equal(await live.total(), 1);
      assert.deepEqual(await live.byLanguage(), { Urdu: 1 });
    });
  },
);
