// The demo's Urdu version of the parents and carers survey, so the demonstration shows a
// right-to-left language being offered and answered alongside English.
import type { PhraseKey, QuestionTranslation, SurveyDefinition, SurveyTranslation } from '../surveys/survey.ts';

export const DEMO_TRANSLATED_LANGUAGE = 'ur';

const SURVEY: Omit<SurveyTranslation, 'phrases'> = {
  title: 'والدین اور نگہداشت کرنے والے: اپنے علاقے میں SEND کی مدد کے بارے میں انسپکٹرز کو بتائیں',
  introduction:
    'آفسٹیڈ (Ofsted) اور کیئر کوالٹی کمیشن (CQC) یہ معائنہ کر رہے ہیں کہ آپ کے علاقے میں تعلیم، صحت اور سماجی نگہداشت کی خدمات خصوصی تعلیمی ضروریات اور معذوری (SEND) والے بچوں اور نوجوانوں کے لیے مل کر کتنا اچھا کام کرتی ہیں۔ آپ کے جوابات سے انسپکٹرز کو یہ طے کرنے میں مدد ملتی ہے کہ انہیں کن باتوں کو دیکھنا چاہیے۔ اس سروے میں تقریباً 10 منٹ لگتے ہیں۔ اپنا نام یا اپنے بچے کا نام نہ لکھیں: آپ کے جوابات گمنام ہیں، اور آپ جو بھی نام لکھیں گے وہ معائنہ ٹیم کے باہر کسی کو دکھانے سے پہلے ہٹا دیے جاتے ہیں۔',
};

const PHRASES: Partial<Record<PhraseKey, string>> = {
  start: 'ابھی شروع کریں',
  continue: 'جاری رکھیں',
  back: 'واپس',
  optional: '(اختیاری)',
  chooseLanguage: 'آپ کون سی زبان استعمال کرنا چاہیں گے؟',
  checkAnswers: 'بھیجنے سے پہلے اپنے جوابات چیک کریں',
  change: 'تبدیل کریں',
  notAnswered: 'جواب نہیں دیا',
  send: 'میرے جوابات بھیجیں',
  saveForLater: 'محفوظ کریں اور بعد میں واپس آئیں',
  savedTitle: 'آپ کے جوابات محفوظ کر لیے گئے ہیں',
  savedCode: 'واپس آنے کے لیے آپ کا کوڈ یہ ہے',
  savedHint: 'یہ کوڈ لکھ لیں۔ جاری رکھنے کے لیے آپ کو اس کی ضرورت ہوگی۔ اس سے آپ کی شناخت نہیں ہوتی۔',
  resumeTitle: 'اپنے جوابات جاری رکھیں',
  resumeLabel: 'اپنا کوڈ درج کریں',
  sentTitle: 'شکریہ: آپ کے جوابات بھیج دیے گئے ہیں',
  sentBody: 'آپ کے جوابات میں آپ کا نام شامل نہیں ہے، اور ان سے آپ کی شناخت نہیں کی جا سکتی۔',
  closedTitle: 'یہ سروے بند ہو چکا ہے',
  closedBody: 'اب آپ اس سروے کے جوابات نہیں بھیج سکتے۔',
  notOpenTitle: 'یہ سروے ابھی کھلا نہیں ہے',
  errorSummary: 'ایک مسئلہ ہے',
  errorChoose: 'ایک جواب منتخب کریں',
  errorWrite: 'ایک جواب لکھیں',
  errorTooLong: 'آپ کا جواب {max} حروف یا اس سے کم ہونا چاہیے',
  errorNumber: 'ایک پورا عدد درج کریں، جیسے 3',
  errorNumberRange: '{min} سے {max} تک کوئی عدد درج کریں',
  errorResumeCode: 'وہ کوڈ درج کریں جو آپ کو دیا گیا تھا، جیسے ABCDE-23456',
  errorResumeUnknown: 'ہمیں اس کوڈ کے ساتھ محفوظ کیے گئے جوابات نہیں ملے۔ کوڈ چیک کریں اور دوبارہ کوشش کریں۔',
  questionOf: '{total} میں سے سوال {n}',
  scale_strongly_agree: 'پوری طرح متفق',
  scale_agree: 'متفق',
  scale_neither: 'نہ متفق نہ غیر متفق',
  scale_disagree: 'غیر متفق',
  scale_strongly_disagree: 'بالکل غیر متفق',
  scale_dont_know: 'معلوم نہیں',
};

const NOT_SURE = 'مجھے یقین نہیں';
const NO_NAMES = 'براہ کرم لوگوں یا اسکولوں کے نام شامل نہ کریں۔';
const SELECT_ALL = 'جو بھی لاگو ہوں، سب منتخب کریں۔';

const QUESTIONS: Readonly<Record<string, QuestionTranslation>> = {
  respondent_role: {
    text: 'ان میں سے کون سا آپ کو سب سے بہتر بیان کرتا ہے؟',
    options: { parent: 'والد یا والدہ', carer: 'نگہداشت کرنے والا یا سرپرست', foster_carer: 'فوسٹر کیئرر (رضاعی نگہداشت کرنے والا)', other_family: 'خاندان کا کوئی اور فرد' },
  },
  age_phase: {
    text: 'جس بچے یا نوجوان کے بارے میں آپ جواب دے رہے ہیں اس کی عمر کتنی ہے؟',
    hint: 'اگر SEND والے آپ کے ایک سے زیادہ بچے ہیں، تو ان میں سے ایک کے بارے میں جواب دیں۔',
    options: { age_0_4: '0 سے 4 سال', age_5_10: '5 سے 10 سال', age_11_15: '11 سے 15 سال', age_16_18: '16 سے 18 سال', age_19_25: '19 سے 25 سال' },
  },
  need_type: {
    text: 'آپ کے بچے کی بنیادی ضروریات کیا ہیں؟',
    hint: SELECT_ALL,
    options: {
      autism: 'آٹزم',
      adhd: 'ADHD (توجہ کی کمی اور حد سے زیادہ متحرک ہونے کا عارضہ)',
      speech_language: 'بولنے، زبان اور بات چیت میں مشکل',
      learning: 'سیکھنے میں مشکل',
      semh: 'سماجی، جذباتی اور ذہنی صحت',
      physical: 'جسمانی معذوری',
      sensory: 'سننے یا دیکھنے میں مشکل',
      medical: 'طبی یا پیچیدہ صحت کی ضروریات',
      other: 'کچھ اور',
    },
  },
  support_level: {
    text: 'کیا آپ کے بچے کے پاس تعلیم، صحت اور نگہداشت (EHC) کا منصوبہ ہے؟',
    options: {
      ehc_plan: 'جی ہاں، ان کے پاس EHC منصوبہ ہے',
      assessment_underway: 'EHC ضروریات کا جائزہ جاری ہے',
      sen_support: 'نہیں، انہیں منصوبے کے بغیر SEN مدد ملتی ہے',
      none: 'نہیں، انہیں کوئی اضافی مدد نہیں ملتی',
      not_sure: NOT_SURE,
    },
  },
  setting_type: {
    text: 'آپ کا بچہ دن کا زیادہ تر حصہ کہاں گزارتا ہے؟',
    options: {
      early_years: 'نرسری یا ابتدائی عمر کے بچوں کا کوئی اور ادارہ',
      mainstream: 'عام (مین اسٹریم) اسکول',
      resourced: 'عام اسکول کے اندر خصوصی یونٹ یا خصوصی سہولت',
      special: 'خصوصی اسکول',
      alternative: 'متبادل تعلیم، جیسے پیوپل ریفرل یونٹ',
      college: 'کالج یا سکستھ فارم',
      home: 'گھر پر: گھر پر تعلیم، یا کسی تعلیمی ادارے میں نہیں',
      work_other: 'کام، تربیت یا کچھ اور',
    },
  },
  needs_identified_early: { text: 'میرے بچے کی ضروریات کی نشاندہی کافی جلد ہو گئی تھی۔' },
  assessed_without_delay: { text: 'میرے بچے کی ضروریات کا جائزہ لمبے انتظار کے بغیر لیا گیا۔' },
  ehc_process_clear: { text: 'EHC ضروریات کے جائزے کا طریقہ کار واضح تھا اور وقت پر مکمل ہوا۔' },
  plan_accurate: { text: 'میرے بچے کا EHC منصوبہ ان کی ضروریات کو، اور اس مدد کو جو انہیں ملنی چاہیے، درست طور پر بیان کرتا ہے۔' },
  involved_in_decisions: { text: 'میرے بچے کی مدد کے بارے میں فیصلوں میں مجھے شامل کیا جاتا ہے۔' },
  child_views_heard: { text: 'میرے بچے کی رائے سنی جاتی ہے۔' },
  right_help_right_time: { text: 'میرے بچے کو صحیح وقت پر صحیح مدد ملتی ہے۔' },
  setting_meets_needs: { text: 'میرے بچے کا اسکول، کالج یا نرسری ان کی ضروریات کو سمجھتا ہے اور انہیں پورا کرتا ہے۔' },
  health_meets_needs: {
    text: 'صحت کی خدمات میرے بچے کی ضروریات پوری کرتی ہیں۔',
    hint: 'مثال کے طور پر اسپیچ اینڈ لینگویج تھراپی، آکیوپیشنل تھراپی، فزیوتھراپی، بچوں کے ڈاکٹر (پیڈیاٹریشن) یا ذہنی صحت کی خدمات۔',
  },
  waiting_for: {
    text: 'کیا آپ کا بچہ ان میں سے کسی چیز کا انتظار کر رہا ہے؟',
    hint: SELECT_ALL,
    options: {
      autism_assessment: 'آٹزم کا جائزہ (تشخیص)',
      adhd_assessment: 'ADHD کا جائزہ (تشخیص)',
      speech_therapy: 'اسپیچ اینڈ لینگویج تھراپی',
      occupational_therapy: 'آکیوپیشنل تھراپی',
      physiotherapy: 'فزیوتھراپی',
      mental_health: 'ذہنی صحت کی مدد (CAMHS)',
      equipment: 'سامان یا گھر میں تبدیلیاں',
      school_place: 'اسکول یا کالج میں جگہ',
      none: 'ان میں سے کوئی نہیں',
    },
  },
  prepared_next_steps: { text: 'میرے بچے کو اگلے مراحل کے لیے اچھی طرح تیار کیا جا رہا ہے، جیسے نیا اسکول، کالج، کام یا بالغ زندگی۔' },
  included_in_community: { text: 'میرا بچہ ہمارے علاقے کی سرگرمیوں میں حصہ لے سکتا ہے، جیسے کلب، شارٹ بریکس (مختصر وقفے کی خدمات) اور دوستوں کے ساتھ وقت۔' },
  local_offer_known: {
    text: 'کیا آپ لوکل آفر کے بارے میں جانتے ہیں؟',
    hint: 'لوکل آفر وہ معلومات ہیں جو کونسل SEND والے بچوں اور نوجوانوں کے لیے خدمات کے بارے میں فراہم کرتی ہے۔',
    options: { yes: 'جی ہاں', no: 'نہیں', not_sure: NOT_SURE },
  },
  local_offer_useful: { text: 'لوکل آفر سے مجھے وہ معلومات اور مدد تلاش کرنے میں مدد ملتی ہے جس کی مجھے ضرورت ہے۔' },
  know_who_to_contact: { text: 'مجھے معلوم ہے کہ جب مجھے مدد یا معلومات کی ضرورت ہو تو کس سے رابطہ کرنا ہے۔' },
  leaders_listen: { text: 'کونسل اور صحت کی خدمات خاندانوں کی بات سنتی ہیں اور ہماری باتوں پر عمل کرتی ہیں۔' },
  overall_rating: {
    text: 'مجموعی طور پر، آپ اس علاقے میں اپنے بچے کو ملنے والی مدد کو کیسا قرار دیں گے؟',
    options: { very_good: 'بہت اچھی', good: 'اچھی', neither: 'نہ اچھی نہ خراب', poor: 'خراب', very_poor: 'بہت خراب' },
  },
  what_works_well: { text: 'آپ کے بچے کے لیے کیا چیز اچھی طرح کام کر رہی ہے؟', hint: NO_NAMES },
  what_could_be_better: { text: 'کیا چیز بہتر ہو سکتی ہے؟', hint: NO_NAMES },
};

/**
 * The parents' survey with the Urdu wording added (the language is not offered yet: that is the
 * lead's step). Only questions of the shipped template are translated, so a changed template shows
 * up as missing translations rather than as wrong ones.
 */
export function withDemoUrdu(definition: SurveyDefinition): SurveyDefinition {
  return {
    ...definition,
    translations: { ...definition.translations, [DEMO_TRANSLATED_LANGUAGE]: { ...SURVEY, phrases: { ...PHRASES } } },
    questions: definition.questions.map((question) => {
      const translation = QUESTIONS[question.id];
      return translation ? { ...question, translations: { ...question.translations, [DEMO_TRANSLATED_LANGUAGE]: translation } } : question;
    }),
  };
}
