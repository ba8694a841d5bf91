// The translation form of a survey: every item a respondent reads, as form fields, and the rules
// that turn what was typed into a change of the definition (only what was filled is written).
import {
  PHRASES,
  phrasesUsedBy,
  type PhraseKey,
  type Question,
  type QuestionTranslation,
  type SurveyDefinition,
  type SurveyTranslation,
} from './survey.ts';

/** The longest translation of each kind of item: the same limits as the definition's schema. */
export const TRANSLATION_LIMITS = {
  title: 200,
  introduction: 3000,
  phrase: 300,
  text: 500,
  hint: 1000,
  option: 200,
} as const;

export type TranslationItemKind = keyof typeof TRANSLATION_LIMITS;

export type TranslationItem = {
  /** The form field's name and id. */
  field: string;
  kind: TranslationItemKind;
  /** What the respondent reads in English. */
  english: string;
  maxLength: number;
  multiline: boolean;
  /** Markers such as {max} that are replaced when the text is shown, so a translation must keep them. */
  placeholders: string[];
  phraseKey?: PhraseKey;
  questionId?: string;
  optionValue?: string;
};

export type TranslationSection = { id: string; heading: string; note?: string; items: TranslationItem[] };

function item(field: string, kind: TranslationItemKind, english: string, extra: Partial<TranslationItem> = {}): TranslationItem {
  return {
    field,
    kind,
    english,
    maxLength: TRANSLATION_LIMITS[kind],
    multiline: kind === 'introduction' || kind === 'hint' || english.length > 120,
    placeholders: [...new Set(english.match(/\{\w+\}/g) ?? [])],
    ...extra,
  };
}

function choiceOptions(question: Question): { value: string; label: string }[] {
  // Agreement scales are worded by the page text, shared by every question that uses them.
  return question.type === 'single' || question.type === 'multiple' ? (question.options ?? []) : [];
}

/** Everything to translate, grouped as the form shows it: the survey, its page text, then each question. */
export function translationSections(definition: Pick<SurveyDefinition, 'title' | 'introduction' | 'questions'>): TranslationSection[] {
  const sections: TranslationSection[] = [
    { id: 'survey', heading: 'Title and introduction', items: [item('title', 'title', definition.title), item('introduction', 'introduction', definition.introduction)] },
    { id: 'page-text', heading: 'Page text', items: phrasesUsedBy(definition).map((key) => item(`phrase-${key}`, 'phrase', PHRASES[key], { phraseKey: key })) },
  ];
  definition.questions.forEach((question, index) => {
    const items = [item(`q-${question.id}-text`, 'text', question.text, { questionId: question.id })];
    if (question.hint) items.push(item(`q-${question.id}-hint`, 'hint', question.hint, { questionId: question.id }));
    for (const option of choiceOptions(question)) {
      items.push(item(`q-${question.id}-option-${option.value}`, 'option', option.label, { questionId: question.id, optionValue: option.value }));
    }
    const note = question.type === 'agreement' ? 'Its answers are the agreement scale, translated once under "Page text".' : undefined;
    sections.push({ id: `question-${question.id}`, heading: `Question ${index + 1}`, ...(note ? { note } : {}), items });
  });
  return sections;
}

export function translationItems(definition: Pick<SurveyDefinition, 'title' | 'introduction' | 'questions'>): TranslationItem[] {
  return translationSections(definition).flatMap((s) => s.items);
}

/** The translation saved for an item, if there is one. */
export function savedTranslation(definition: SurveyDefinition, language: string, target: TranslationItem): string | undefined {
  const survey = definition.translations[language];
  const question = target.questionId ? definition.questions.find((q) => q.id === target.questionId)?.translations[language] : undefined;
  switch (target.kind) {
    case 'title':
      return survey?.title;
    case 'introduction':
      return survey?.introduction;
    case 'phrase':
      return survey?.phrases[target.phraseKey!];
    case 'text':
      return question?.text;
    case 'hint':
      return question?.hint;
    case 'option':
      return question?.options?.[target.optionValue!];
  }
}

export type TranslationProgress = { translated: number; total: number };

export function translationProgress(definition: SurveyDefinition, language: string): TranslationProgress {
  const items = translationItems(definition);
  return { translated: items.filter((i) => savedTranslation(definition, language, i)).length, total: items.length };
}

/** The form's starting values: what is saved already. */
export function translationFormValues(definition: SurveyDefinition, language: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const target of translationItems(definition)) values[target.field] = savedTranslation(definition, language, target) ?? '';
  return values;
}

export type TranslationFormIssue = { field: string; message: string };

export type TranslationFormResult =
  | { ok: true; values: Record<string, string> }
  | { ok: false; values: Record<string, string>; issues: TranslationFormIssue[] };

function quoted(english: string): string {
  const oneLine = english.replace(/\s+/g, ' ').trim();
  return `"${oneLine.length > 60 ? `${oneLine.slice(0, 57).trimEnd()}...` : oneLine}"`;
}

/** What the form posted for an item: absent when the form had no such field (the survey changed since it was shown). */
function postedValue(body: Record<string, unknown>, field: string): string | undefined {
  const raw = body[field];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw[0] : raw;
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : '';
}

/**
 * Reads the posted translation form. Every posted field is kept as typed, to show again with any
 * errors; a field the form did not post keeps its saved translation. `offered`: the language is
 * offered to respondents, so no translation may be taken away.
 */
export function readTranslationForm(definition: SurveyDefinition, language: string, languageName: string, body: unknown, offered: boolean): TranslationFormResult {
  const posted = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const items = translationItems(definition);
  const values: Record<string, string> = {};
  for (const target of items) values[target.field] = postedValue(posted, target.field) ?? savedTranslation(definition, language, target) ?? '';
  const filled = (field: string) => (values[field] ?? '').trim() !== '';
  const issues: TranslationFormIssue[] = [];
  const problems = new Map<string, string>();
  const complain = (field: string, message: string) => {
    if (!problems.has(field)) problems.set(field, message);
  };

  for (const target of items) {
    const text = (values[target.field] ?? '').trim();
    if (!text) {
      if (offered) complain(target.field, `Enter the ${languageName} for ${quoted(target.english)}: ${languageName} is offered to respondents, so every item needs a translation. To remove one, stop offering ${languageName} first.`);
      continue;
    }
    if (text.length > target.maxLength) complain(target.field, `The ${languageName} for ${quoted(target.english)} must be ${target.maxLength} characters or fewer`);
    for (const marker of target.placeholders) {
      if (!text.includes(marker)) complain(target.field, `Keep ${marker} in the ${languageName} for ${quoted(target.english)}: it is replaced by a number when the page is shown`);
    }
  }

  // The survey's title and introduction come first: page text is saved with them, never alone.
  const surveyLevel = items.filter((i) => i.kind === 'phrase' || i.kind === 'title' || i.kind === 'introduction');
  if (surveyLevel.some((i) => filled(i.field))) {
    for (const target of surveyLevel.filter((i) => i.kind !== 'phrase' && !filled(i.field))) {
      complain(target.field, `Enter the ${languageName} for the survey's ${target.kind} as well: the title, introduction and page text are saved together, starting with the title and introduction`);
    }
  }
  // A question's hint and answers are saved once its own wording is translated.
  for (const question of definition.questions) {
    const textField = `q-${question.id}-text`;
    const rest = items.filter((i) => i.questionId === question.id && i.kind !== 'text');
    if (!filled(textField) && rest.some((i) => filled(i.field))) {
      complain(textField, `Enter the ${languageName} for the question ${quoted(question.text)} as well: its hint and answers are saved with it`);
    }
  }

  // In the order of the form, so the error summary reads from top to bottom.
  for (const target of items) {
    const message = problems.get(target.field);
    if (message) issues.push({ field: target.field, message });
  }
  return issues.length ? { ok: false, values, issues } : { ok: true, values };
}

/**
 * The definition with the form's translations written in: filled items are set, blank ones are
 * left untranslated. The values must have passed readTranslationForm.
 */
export function applyTranslations(definition: SurveyDefinition, language: string, values: Record<string, string>): SurveyDefinition {
  const items = translationItems(definition);
  // Fields missing from the values (an item added since the form was read) keep what is saved.
  const current = { ...translationFormValues(definition, language), ...values };
  const value = (field: string) => {
    const text = (current[field] ?? '').trim();
    return text === '' ? undefined : text;
  };

  const phrases: SurveyTranslation['phrases'] = {};
  for (const target of items.filter((i) => i.kind === 'phrase')) {
    const text = value(target.field);
    if (text) phrases[target.phraseKey!] = text;
  }
  const title = value('title');
  const introduction = value('introduction');
  const translations = { ...definition.translations };
  if (title && introduction) translations[language] = { title, introduction, phrases };
  else delete translations[language];

  const questions = definition.questions.map((question) => {
    const text = value(`q-${question.id}-text`);
    const rest = { ...question.translations };
    if (!text) {
      delete rest[language];
      return { ...question, translations: rest };
    }
    const translation: QuestionTranslation = { text };
    const hint = question.hint ? value(`q-${question.id}-hint`) : undefined;
    if (hint) translation.hint = hint;
    const options: Record<string, string> = {};
    for (const option of choiceOptions(question)) {
      const label = value(`q-${question.id}-option-${option.value}`);
      if (label) options[option.value] = label;
    }
    if (Object.keys(options).length) translation.options = options;
    return { ...question, translations: { ...rest, [language]: translation } };
  });
  return { ...definition, translations, questions };
}
