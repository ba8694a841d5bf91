// Unit tests of the translation form: it lists exactly what must be translated, saves only what
// was filled, keeps what was typed when something is wrong, and never writes an invalid definition.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { surveyTemplateDefinition } from '../frameworks/survey-templates.ts';
import {
  applyTranslations,
  readTranslationForm,
  translationFormValues,
  translationItems,
  translationProgress,
  translationSections,
} from './survey-translation.ts';
import { SURVEY_AUDIENCES, missingTranslations, surveyDefinitionSchema, type SurveyDefinition } from './survey.ts';

const URDU = 'ur';

/** A made-up translation that keeps every {marker}, as a translator must. */
function urduFor(english: string): string {
  return `ترجمہ ${english}`;
}

function completeValues(definition: SurveyDefinition): Record<string, string> {
  return Object.fromEntries(translationItems(definition).map((i) => [i.field, urduFor(i.english)]));
}

function read(definition: SurveyDefinition, body: Record<string, string>, offered = false) {
  return readTranslationForm(definition, URDU, 'Urdu', body, offered);
}

function saved(definition: SurveyDefinition, body: Record<string, string>): SurveyDefinition {
  const result = read(definition, body);
  assert.ok(result.ok, `expected no errors, got ${JSON.stringify(!result.ok && result.issues)}`);
  return surveyDefinitionSchema.parse(applyTranslations(definition, URDU, result.values));
}

for (const audience of SURVEY_AUDIENCES) {
  test(`the form of the ${audience} survey has one field for each item that must be translated`, () => {
    const definition = surveyTemplateDefinition(audience, '2023');
    const items = translationItems(definition);
    assert.equal(items.length, missingTranslations(definition, URDU).length);
    assert.equal(new Set(items.map((i) => i.field)).size, items.length, 'field names are unique');
    assert.ok(items.every((i) => /^[a-z][A-Za-z0-9_-]*$/.test(i.field)), 'field names are usable as element ids');
    assert.deepEqual(translationProgress(definition, URDU), { translated: 0, total: items.length });

    const complete = saved(definition, completeValues(definition));
    assert.deepEqual(missingTranslations(complete, URDU), []);
    assert.deepEqual(translationProgress(complete, URDU), { translated: items.length, total: items.length });
  });
}

test('the children and young people survey asks for the picture scale, not the five-point one', () => {
  const definition = surveyTemplateDefinition('children_young_people', '2023');
  const phrases = translationSections(definition).find((s) => s.id === 'page-text')!.items.map((i) => i.phraseKey);
  assert.ok(phrases.includes('picture_agree'));
  assert.ok(!phrases.includes('scale_strongly_agree'));
  const options = translationItems(definition).filter((i) => i.kind === 'option');
  assert.ok(options.every((i) => i.questionId !== 'adults_listen'), 'agreement questions have no answers of their own to translate');
  assert.ok(options.some((i) => i.field === 'q-age_phase-option-age_under_11' && i.english === 'Under 11'));
});

test('saving part of a translation writes only what was filled, and progress counts it', () => {
  const definition = surveyTemplateDefinition('children_young_people', '2023');
  const partial = saved(definition, {
    title: 'اپنی مدد کے بارے میں بتائیں',
    introduction: 'ہم انسپکٹر ہیں۔',
    'phrase-start': 'ابھی شروع کریں',
    'q-support_level-text': 'کیا آپ کے پاس EHC پلان ہے؟',
    'q-support_level-option-ehc_plan': 'ہاں',
  });
  assert.equal(partial.translations[URDU]!.title, 'اپنی مدد کے بارے میں بتائیں');
  assert.deepEqual(partial.translations[URDU]!.phrases, { start: 'ابھی شروع کریں' });
  const question = partial.questions.find((q) => q.id === 'support_level')!;
  assert.deepEqual(question.translations[URDU], { text: 'کیا آپ کے پاس EHC پلان ہے؟', options: { ehc_plan: 'ہاں' } });
  assert.ok(partial.questions.filter((q) => q.id !== 'support_level').every((q) => !(URDU in q.translations)));
  assert.equal(translationProgress(partial, URDU).translated, 5);
  assert.equal(translationProgress(partial, URDU).total - 5, missingTranslations(partial, URDU).length);
  // The English is untouched.
  assert.equal(partial.title, definition.title);
  assert.equal(question.text, definition.questions.find((q) => q.id === 'support_level')!.text);
});

test('the form starts with what is saved, and a field it did not post keeps its translation', () => {
  const definition = surveyTemplateDefinition('children_young_people', '2023');
  const first = saved(definition, { title: 'عنوان', introduction: 'تعارف', 'q-adults_listen-text': 'بڑے میری بات سنتے ہیں۔' });
  assert.equal(translationFormValues(first, URDU)['q-adults_listen-text'], 'بڑے میری بات سنتے ہیں۔');
  assert.equal(translationFormValues(first, URDU)['q-help_make_plans-text'], '');
  // Only the title is posted: everything else stays as it was.
  const second = saved(first, { title: 'نیا عنوان' });
  assert.equal(second.translations[URDU]!.title, 'نیا عنوان');
  assert.equal(second.translations[URDU]!.introduction, 'تعارف');
  assert.equal(second.questions.find((q) => q.id === 'adults_listen')!.translations[URDU]!.text, 'بڑے میری بات سنتے ہیں۔');
});

test('clearing a field takes its translation away while the language is not offered', () => {
  const definition = surveyTemplateDefinition('children_young_people', '2023');
  const first = saved(definition, { title: 'عنوان', introduction: 'تعارف', 'q-adults_listen-text': 'بڑے میری بات سنتے ہیں۔' });
  const cleared = saved(first, { ...translationFormValues(first, URDU), 'q-adults_listen-text': '  ', title: '', introduction: '' });
  assert.equal(cleared.translations[URDU], undefined);
  assert.ok(!(URDU in cleared.questions.find((q) => q.id === 'adults_listen')!.translations));
});

test('a blank field is an error once the language is offered', () => {
  const definition = surveyTemplateDefinition('children_young_people', '2023');
  const complete = saved(definition, completeValues(definition));
  const result = read(complete, { ...translationFormValues(complete, URDU), 'phrase-back': '' }, true);
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.issues.map((i) => i.field), ['phrase-back']);
  assert.match(!result.ok ? result.issues[0]!.message : '', /Urdu is offered to respondents/);
});

test('over-long text is refused beside its field, and everything typed is kept', () => {
  const definition = surveyTemplateDefinition('children_young_people', '2023');
  const body = { title: 'ع'.repeat(201), introduction: 'تعارف', 'q-age_phase-text': 'آپ کی عمر کیا ہے؟', 'q-age_phase-option-age_under_11': 'ب'.repeat(200) };
  const result = read(definition, body);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.issues, [{ field: 'title', message: 'The Urdu for "Tell us about the help you get" must be 200 characters or fewer' }]);
  assert.equal(result.values.title, body.title);
  assert.equal(result.values['q-age_phase-text'], body['q-age_phase-text']);
  assert.equal(result.values['q-age_phase-option-age_under_11'], body['q-age_phase-option-age_under_11']);
});

test('page text must keep its {markers}, which become numbers on the page', () => {
  const definition = surveyTemplateDefinition('parents_carers', '2023');
  const result = read(definition, { title: 'عنوان', introduction: 'تعارف', 'phrase-questionOf': 'سوال {n}' });
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.issues, [{ field: 'phrase-questionOf', message: 'Keep {total} in the Urdu for "Question {n} of {total}": it is replaced by a number when the page is shown' }]);
  assert.ok(read(definition, { title: 'عنوان', introduction: 'تعارف', 'phrase-questionOf': 'سوال {n} از {total}' }).ok);
});

test('page text is saved with the title and introduction, and a hint or answer with its question', () => {
  const definition = surveyTemplateDefinition('children_young_people', '2023');
  const result = read(definition, { 'phrase-start': 'شروع', 'q-support_level-option-none': 'نہیں' });
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.issues.map((i) => i.field), ['title', 'introduction', 'q-support_level-text']);
  assert.equal(!result.ok && result.values['phrase-start'], 'شروع');
});

test('Windows line ends in a pasted introduction are kept as plain new lines', () => {
  const definition = surveyTemplateDefinition('practitioners', '2023');
  const translated = saved(definition, { title: 'عنوان', introduction: 'پہلی سطر\r\nدوسری سطر' });
  assert.equal(translated.translations[URDU]!.introduction, 'پہلی سطر\nدوسری سطر');
});
