// What a survey is: audiences, question types, languages, the definition schema, and the pure
// rules for routing, validating answers, opening and closing, idempotency keys and resume codes.
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const SURVEY_AUDIENCES = ['parents_carers', 'children_young_people', 'practitioners'] as const;
export type SurveyAudience = (typeof SURVEY_AUDIENCES)[number];

export const AUDIENCE_LABELS: Readonly<Record<SurveyAudience, string>> = {
  parents_carers: 'Parents and carers',
  children_young_people: 'Children and young people',
  practitioners: 'Practitioners',
};

export function isSurveyAudience(value: unknown): value is SurveyAudience {
  return typeof value === 'string' && (SURVEY_AUDIENCES as readonly string[]).includes(value);
}

export const QUESTION_TYPES = ['single', 'multiple', 'agreement', 'text', 'number'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTION_TYPE_LABELS: Readonly<Record<QuestionType, string>> = {
  single: 'Single choice',
  multiple: 'Multiple choice',
  agreement: 'Agreement scale',
  text: 'Free text',
  number: 'Number',
};

/** The "about you" questions whose answers split the results into groups. */
export const ABOUT_YOU_DIMENSIONS = ['age_phase', 'need_type', 'support_level', 'setting_type', 'respondent_role'] as const;
export type AboutYouDimension = (typeof ABOUT_YOU_DIMENSIONS)[number];

export const ABOUT_YOU_LABELS: Readonly<Record<AboutYouDimension, string>> = {
  age_phase: 'Age or phase of education',
  need_type: 'Type of need',
  support_level: 'EHC plan or SEN support',
  setting_type: 'Type of setting',
  respondent_role: 'Role',
};

export const AGREEMENT_SCALES = {
  five_point: [
    { value: 'strongly_agree', label: 'Strongly agree' },
    { value: 'agree', label: 'Agree' },
    { value: 'neither', label: 'Neither agree nor disagree' },
    { value: 'disagree', label: 'Disagree' },
    { value: 'strongly_disagree', label: 'Strongly disagree' },
    { value: 'dont_know', label: "Don't know" },
  ],
  /** The easy-read scale: each point has a picture as well as words. */
  three_point_pictures: [
    { value: 'agree', label: 'Yes, I agree' },
    { value: 'not_sure', label: 'Not sure' },
    { value: 'disagree', label: 'No, I disagree' },
  ],
} as const;
export type AgreementScale = keyof typeof AGREEMENT_SCALES;

/** Answers that count as agreeing, for the headline "agree" figure of an agreement question. */
export const AGREEING_VALUES: ReadonlySet<string> = new Set(['strongly_agree', 'agree']);

export type Language = { code: string; name: string; nativeName: string; dir: 'ltr' | 'rtl' };

/** Languages a survey may be offered in, by ISO 639-1 code; the respondent chooses one. */
export const LANGUAGES: readonly Language[] = [
  { code: 'en', name: 'English', nativeName: 'English', dir: 'ltr' },
  { code: 'ar', name: 'Arabic', nativeName: 'العربية', dir: 'rtl' },
  { code: 'bn', name: 'Bengali', nativeName: 'বাংলা', dir: 'ltr' },
  { code: 'cy', name: 'Welsh', nativeName: 'Cymraeg', dir: 'ltr' },
  { code: 'fa', name: 'Persian (Farsi)', nativeName: 'فارسی', dir: 'rtl' },
  { code: 'gu', name: 'Gujarati', nativeName: 'ગુજરાતી', dir: 'ltr' },
  { code: 'pa', name: 'Punjabi', nativeName: 'ਪੰਜਾਬੀ', dir: 'ltr' },
  { code: 'pl', name: 'Polish', nativeName: 'Polski', dir: 'ltr' },
  { code: 'ps', name: 'Pashto', nativeName: 'پښتو', dir: 'rtl' },
  { code: 'pt', name: 'Portuguese', nativeName: 'Português', dir: 'ltr' },
  { code: 'ro', name: 'Romanian', nativeName: 'Română', dir: 'ltr' },
  { code: 'so', name: 'Somali', nativeName: 'Soomaali', dir: 'ltr' },
  { code: 'ti', name: 'Tigrinya', nativeName: 'ትግርኛ', dir: 'ltr' },
  { code: 'tr', name: 'Turkish', nativeName: 'Türkçe', dir: 'ltr' },
  { code: 'uk', name: 'Ukrainian', nativeName: 'Українська', dir: 'ltr' },
  { code: 'ur', name: 'Urdu', nativeName: 'اردو', dir: 'rtl' },
  { code: 'zh', name: 'Chinese (simplified)', nativeName: '中文', dir: 'ltr' },
];

export const DEFAULT_LANGUAGE = 'en';

export function findLanguage(code: string): Language | undefined {
  return LANGUAGES.find((l) => l.code === code);
}

/** The words around the questions that a respondent reads; each offered language needs all of them. */
export const PHRASES = {
  start: 'Start now',
  continue: 'Continue',
  back: 'Back',
  optional: '(optional)',
  chooseLanguage: 'Which language would you like to use?',
  checkAnswers: 'Check your answers before sending them',
  change: 'Change',
  notAnswered: 'Not answered',
  send: 'Send my answers',
  saveForLater: 'Save and come back later',
  savedTitle: 'Your answers have been saved',
  savedCode: 'Your code to come back is',
  savedHint: 'Write this code down. You will need it to carry on. It does not identify you.',
  resumeTitle: 'Carry on with your answers',
  resumeLabel: 'Enter your code',
  sentTitle: 'Thank you: your answers have been sent',
  sentBody: 'Your answers do not include your name and cannot be traced back to you.',
  closedTitle: 'This survey is closed',
  closedBody: 'You can no longer send answers to this survey.',
  notOpenTitle: 'This survey is not open yet',
  errorSummary: 'There is a problem',
  errorChoose: 'Choose an answer',
  errorWrite: 'Write an answer',
  errorTooLong: 'Your answer must be {max} characters or fewer',
  errorNumber: 'Enter a whole number, like 3',
  errorNumberRange: 'Enter a number from {min} to {max}',
  errorResumeCode: 'Enter the code you were given, like ABCDE-23456',
  errorResumeUnknown: 'We could not find answers saved with that code. Check the code and try again.',
  questionOf: 'Question {n} of {total}',
  scale_strongly_agree: 'Strongly agree',
  scale_agree: 'Agree',
  scale_neither: 'Neither agree nor disagree',
  scale_disagree: 'Disagree',
  scale_strongly_disagree: 'Strongly disagree',
  scale_dont_know: "Don't know",
  picture_agree: 'Yes, I agree',
  picture_not_sure: 'Not sure',
  picture_disagree: 'No, I disagree',
} as const;
export type PhraseKey = keyof typeof PHRASES;
export const PHRASE_KEYS = Object.keys(PHRASES) as PhraseKey[];

const LONG_TEXT_DEFAULT = 2000;
export const LONG_TEXT_LIMIT = 5000;

const questionId = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Question ids are lower case letters, digits and underscores, starting with a letter');
const optionValue = z.string().regex(/^[a-z0-9_]{1,40}$/, 'Option values are lower case letters, digits and underscores');
const wording = (max: number) => z.string().trim().min(1, 'Enter the wording').max(max, `Wording must be ${max} characters or fewer`);

export const questionTranslationSchema = z.strictObject({
  text: wording(500),
  hint: wording(1000).optional(),
  options: z.record(z.string(), wording(200)).optional(),
});
export type QuestionTranslation = z.infer<typeof questionTranslationSchema>;

export const questionSchema = z.strictObject({
  id: questionId,
  type: z.enum(QUESTION_TYPES),
  text: wording(500),
  hint: wording(1000).optional(),
  required: z.boolean().default(false),
  options: z.array(z.strictObject({ value: optionValue, label: wording(200) })).min(2).max(30).optional(),
  scale: z.enum(['five_point', 'three_point_pictures']).optional(),
  maxLength: z.number().int().min(10).max(LONG_TEXT_LIMIT).optional(),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  aboutYou: z.enum(ABOUT_YOU_DIMENSIONS).optional(),
  /** Framework criterion codes the question gives evidence for. */
  criteria: z.array(z.string().regex(/^[A-Z][0-9]?$/)).default([]),
  showIf: z.strictObject({ question: questionId, anyOf: z.array(optionValue).min(1) }).optional(),
  translations: z.record(z.string(), questionTranslationSchema).default({}),
});
export type Question = z.infer<typeof questionSchema>;

export const surveyTranslationSchema = z.strictObject({
  title: wording(200),
  introduction: wording(3000),
  phrases: z.partialRecord(z.enum(PHRASE_KEYS as [PhraseKey, ...PhraseKey[]]), wording(300)).default({}),
});
export type SurveyTranslation = z.infer<typeof surveyTranslationSchema>;

export const surveyDefinitionSchema = z
  .strictObject({
    title: wording(200),
    introduction: wording(3000),
    /** Short sentences, one question a page and a picture scale: the children and young people's version. */
    easyRead: z.boolean().default(false),
    /** Languages offered besides English. */
    languages: z.array(z.string()).default([]),
    translations: z.record(z.string(), surveyTranslationSchema).default({}),
    questions: z.array(questionSchema).min(1).max(80),
  })
  .superRefine((definition, ctx) => {
    for (const problem of definitionProblems(definition)) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
  });
export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;

type Problem = { message: string; path: (string | number)[] };

/** Rules a definition must keep beyond the shape of each field. */
export function definitionProblems(definition: Pick<SurveyDefinition, 'questions' | 'languages'>): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, Question>();
  definition.questions.forEach((question, index) => {
    const at = ['questions', index];
    if (seen.has(question.id)) problems.push({ message: `Question id ${question.id} is used more than once`, path: [...at, 'id'] });
    if ((question.type === 'single' || question.type === 'multiple') && !question.options) {
      problems.push({ message: `Question ${question.id} needs options to choose from`, path: [...at, 'options'] });
    }
    if (question.type !== 'single' && question.type !== 'multiple' && question.options) {
      problems.push({ message: `Question ${question.id} is not a choice question, so it cannot have options`, path: [...at, 'options'] });
    }
    if (question.aboutYou && question.type !== 'single' && question.type !== 'multiple') {
      problems.push({ message: `"About you" question ${question.id} must be a single or multiple choice`, path: [...at, 'aboutYou'] });
    }
    const values = question.options?.map((o) => o.value) ?? [];
    if (new Set(values).size !== values.length) problems.push({ message: `Question ${question.id} repeats an option value`, path: [...at, 'options'] });
    if (question.min !== undefined && question.max !== undefined && question.min > question.max) {
      problems.push({ message: `Question ${question.id} has a minimum above its maximum`, path: [...at, 'min'] });
    }
    if (question.showIf) {
      const earlier = seen.get(question.showIf.question);
      if (!earlier) {
        problems.push({ message: `Question ${question.id} depends on ${question.showIf.question}, which must come earlier`, path: [...at, 'showIf'] });
      } else {
        const allowed = new Set(optionsOf(earlier).map((o) => o.value));
        if (allowed.size === 0) problems.push({ message: `Question ${question.id} can only depend on a choice or agreement question`, path: [...at, 'showIf'] });
        for (const value of question.showIf.anyOf) {
          if (allowed.size > 0 && !allowed.has(value)) problems.push({ message: `Question ${question.id} depends on an answer ${earlier.id} does not offer: ${value}`, path: [...at, 'showIf'] });
        }
      }
    }
    seen.set(question.id, question);
  });
  for (const code of definition.languages) {
    if (code === DEFAULT_LANGUAGE || !findLanguage(code)) problems.push({ message: `Unknown language: ${code}`, path: ['languages'] });
  }
  return problems;
}

export type AnswerValue = string | string[] | number;
export type Answers = Record<string, AnswerValue>;

export function optionsOf(question: Question): readonly { value: string; label: string }[] {
  if (question.type === 'agreement') return AGREEMENT_SCALES[question.scale ?? 'five_point'];
  return question.options ?? [];
}

export function textLimit(question: Question): number {
  return question.maxLength ?? LONG_TEXT_DEFAULT;
}

// ---- Routing -------------------------------------------------------------------------------

/** Whether an answer to a question that routes matches one of the values that show another. */
function answerMatches(answer: AnswerValue | undefined, anyOf: readonly string[]): boolean {
  if (answer === undefined) return false;
  if (Array.isArray(answer)) return answer.some((a) => anyOf.includes(a));
  return anyOf.includes(String(answer));
}

/** The questions a respondent sees, given their answers so far: routing hides the rest. */
export function visibleQuestions(definition: Pick<SurveyDefinition, 'questions'>, answers: Answers): Question[] {
  const visible = new Set<string>();
  const result: Question[] = [];
  for (const question of definition.questions) {
    const rule = question.showIf;
    if (rule && (!visible.has(rule.question) || !answerMatches(answers[rule.question], rule.anyOf))) continue;
    visible.add(question.id);
    result.push(question);
  }
  return result;
}

// ---- Wording in a language -----------------------------------------------------------------

export type LocalisedQuestion = Question & { localText: string; localHint?: string; localOptions: { value: string; label: string }[] };

export function phrase(definition: SurveyDefinition, language: string, key: PhraseKey, values: Record<string, string | number> = {}): string {
  const translated = language === DEFAULT_LANGUAGE ? undefined : definition.translations[language]?.phrases[key];
  return (translated ?? PHRASES[key]).replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The phrase that labels a point of an agreement scale. */
export function scalePhraseKey(scale: AgreementScale, value: string): PhraseKey {
  return (scale === 'five_point' ? `scale_${value}` : `picture_${value}`) as PhraseKey;
}

export function localiseQuestion(definition: SurveyDefinition, question: Question, language: string): LocalisedQuestion {
  const t = language === DEFAULT_LANGUAGE ? undefined : question.translations[language];
  const scale = question.scale ?? 'five_point';
  const labelOf = (o: { value: string; label: string }) =>
    question.type === 'agreement' ? phrase(definition, language, scalePhraseKey(scale, o.value)) : (t?.options?.[o.value] ?? o.label);
  return {
    ...question,
    localText: t?.text ?? question.text,
    localHint: t?.hint ?? question.hint,
    localOptions: optionsOf(question).map((o) => ({ value: o.value, label: labelOf(o) })),
  };
}

export function localTitle(definition: SurveyDefinition, language: string): { title: string; introduction: string } {
  const t = language === DEFAULT_LANGUAGE ? undefined : definition.translations[language];
  return { title: t?.title ?? definition.title, introduction: t?.introduction ?? definition.introduction };
}

/** Languages a respondent may choose: English and every offered language. */
export function offeredLanguages(definition: Pick<SurveyDefinition, 'languages'>): Language[] {
  return [DEFAULT_LANGUAGE, ...definition.languages].map((code) => findLanguage(code)).filter((l): l is Language => l !== undefined);
}

/** The page text a survey shows: scale labels only for the scales its questions use. */
export function phrasesUsedBy(definition: Pick<SurveyDefinition, 'questions'>): PhraseKey[] {
  const scales = new Set(definition.questions.filter((q) => q.type === 'agreement').map((q) => q.scale ?? 'five_point'));
  return PHRASE_KEYS.filter((key) => {
    if (key.startsWith('scale_')) return scales.has('five_point');
    if (key.startsWith('picture_')) return scales.has('three_point_pictures');
    return true;
  });
}

/** What is still to translate before a language can be offered; empty when it is complete. */
export function missingTranslations(definition: SurveyDefinition, language: string): string[] {
  const missing: string[] = [];
  const t = definition.translations[language];
  if (!t?.title) missing.push('Survey title');
  if (!t?.introduction) missing.push('Introduction');
  for (const key of phrasesUsedBy(definition)) if (!t?.phrases[key]) missing.push(`Page text: "${PHRASES[key]}"`);
  for (const question of definition.questions) {
    const qt = question.translations[language];
    if (!qt?.text) missing.push(`Question: "${question.text}"`);
    if (question.hint && !qt?.hint) missing.push(`Hint for: "${question.text}"`);
    for (const option of question.type === 'single' || question.type === 'multiple' ? (question.options ?? []) : []) {
      if (!qt?.options?.[option.value]) missing.push(`Answer "${option.label}" to: "${question.text}"`);
    }
  }
  return missing;
}

// ---- Answers -------------------------------------------------------------------------------

export type AnswerError = { questionId: string; message: string };

/** Raw form input for one question: a string, several strings (checkboxes), or nothing. */
export type RawAnswer = string | string[] | undefined;

/**
 * Checks one answer. Returns the clean value, `undefined` for a blank optional answer, or an error
 * in the respondent's language.
 */
export function validateAnswer(
  definition: SurveyDefinition,
  language: string,
  question: Question,
  raw: RawAnswer | number,
): { value: AnswerValue | undefined } | { error: string } {
  const say = (key: PhraseKey, values?: Record<string, string | number>) => ({ error: phrase(definition, language, key, values) });
  if (question.type === 'multiple') {
    const chosen = (Array.isArray(raw) ? raw : raw === undefined || raw === '' ? [] : [String(raw)]).filter((v) => v !== '');
    const allowed = new Set(optionsOf(question).map((o) => o.value));
    if (chosen.some((v) => !allowed.has(v))) return say('errorChoose');
    if (chosen.length === 0) return question.required ? say('errorChoose') : { value: undefined };
    return { value: [...new Set(chosen)].sort((a, b) => indexOfOption(question, a) - indexOfOption(question, b)) };
  }
  if (Array.isArray(raw)) return say(question.type === 'text' ? 'errorWrite' : 'errorChoose');
  const text = raw === undefined ? '' : String(raw).trim();
  if (text === '') {
    if (!question.required) return { value: undefined };
    return say(question.type === 'text' || question.type === 'number' ? (question.type === 'text' ? 'errorWrite' : 'errorNumber') : 'errorChoose');
  }
  switch (question.type) {
    case 'single':
    case 'agreement':
      return optionsOf(question).some((o) => o.value === text) ? { value: text } : say('errorChoose');
    case 'text': {
      const limit = textLimit(question);
      return [...text].length > limit ? say('errorTooLong', { max: limit }) : { value: text.replace(/\r\n?/g, '\n') };
    }
    case 'number': {
      if (!/^-?\d{1,9}$/.test(text.replace(/,/g, ''))) return say('errorNumber');
      const value = Number(text.replace(/,/g, ''));
      const min = question.min ?? 0;
      const max = question.max ?? 1_000_000;
      return value < min || value > max ? say('errorNumberRange', { min, max }) : { value };
    }
  }
}

function indexOfOption(question: Question, value: string): number {
  return optionsOf(question).findIndex((o) => o.value === value);
}

/**
 * Checks a whole response: keeps only answers to questions the routing shows, and reports every
 * problem. Answers to hidden or unknown questions are dropped, not refused: routing may have changed
 * since they were given.
 */
export function validateResponse(
  definition: SurveyDefinition,
  language: string,
  raw: Record<string, RawAnswer | number>,
): { answers: Answers; errors: AnswerError[] } {
  const answers: Answers = {};
  const errors: AnswerError[] = [];
  for (const question of definition.questions) {
    const rule = question.showIf;
    if (rule && (!(rule.question in answers) || !answerMatches(answers[rule.question], rule.anyOf))) continue;
    const result = validateAnswer(definition, language, question, raw[question.id]);
    if ('error' in result) errors.push({ questionId: question.id, message: result.error });
    else if (result.value !== undefined) answers[question.id] = result.value;
  }
  return { answers, errors };
}

/** A stable fingerprint of a response's answers: the same answers give the same hash. */
export function contentHash(language: string, answers: Answers): string {
  const keys = Object.keys(answers).sort();
  const canonical = JSON.stringify([language, keys.map((k) => [k, answers[k]])]);
  return createHash('sha256').update(canonical).digest('base64url');
}

// ---- Opening and closing -------------------------------------------------------------------

export type SurveyState = 'draft' | 'scheduled' | 'open' | 'closed';

export const SURVEY_STATE_LABELS: Readonly<Record<SurveyState, string>> = {
  draft: 'Not open',
  scheduled: 'Scheduled',
  open: 'Open',
  closed: 'Closed',
};

/** A survey's state follows from its opening and closing times, so every app instance agrees without a job. */
export function surveyState(times: { opens_at: Date | null; closes_at: Date | null }, now: Date): SurveyState {
  if (times.closes_at && times.closes_at <= now) return 'closed';
  if (!times.opens_at) return 'draft';
  return times.opens_at <= now ? 'open' : 'scheduled';
}

/** Wording can change only before anyone could have answered. */
export function mayEditWording(state: SurveyState): boolean {
  return state === 'draft' || state === 'scheduled';
}

// ---- Idempotency keys ----------------------------------------------------------------------

/**
 * Keys for the web form are issued by the server and signed, so a forged key is recognised. API
 * clients send their own UUID instead, as the Idempotency-Key header.
 */
export function issueIdempotencyKey(secret: string, surveyId: string): string {
  const nonce = randomBytes(16).toString('base64url');
  return `${nonce}.${keySignature(secret, surveyId, nonce)}`;
}

function keySignature(secret: string, surveyId: string, nonce: string): string {
  return createHmac('sha256', secret).update(`${surveyId}:${nonce}`).digest('base64url').slice(0, 22);
}

/** The secret that signs web form keys, derived from the session secret so there is one secret to keep. */
export function surveyKeySecret(sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update('survey idempotency keys').digest('base64url');
}

export function isSignedKeyValid(secret: string, surveyId: string, key: string): boolean {
  const match = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/.exec(key);
  if (!match) return false;
  const expected = Buffer.from(keySignature(secret, surveyId, match[1]!));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isClientKeyValid(key: string): boolean {
  return UUID.test(key);
}

export function newClientKey(): string {
  return randomUUID();
}

// ---- Resume codes --------------------------------------------------------------------------

/** No 0/O, 1/I/L: codes are read from paper and typed back. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newResumeCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** Tolerates lower case, spaces and missing or extra dashes; undefined when it cannot be a code. */
export function normaliseResumeCode(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (compact.length !== 10 || [...compact].some((c) => !CODE_ALPHABET.includes(c))) return undefined;
  return `${compact.slice(0, 5)}-${compact.slice(5)}`;
}

export function hashResumeCode(code: string): string {
  return createHash('sha256').update(code).digest('base64url');
}

/** How long answers in progress are kept before they are deleted unsent. */
export const DRAFT_RETENTION_DAYS = 30;

/** Short, unguessable codes for distribution links. */
export function newChannelCode(): string {
  return randomBytes(8).toString('base64url').replace(/[-_]/g, 'x').slice(0, 10);
}

export function newSummaryToken(): string {
  return randomBytes(18).toString('base64url');
}

// ---- Addresses -----------------------------------------------------------------------------

const AUDIENCE_SLUGS: Readonly<Record<SurveyAudience, string>> = {
  parents_carers: 'parents-carers',
  children_young_people: 'children-young-people',
  practitioners: 'practitioners',
};

/** The audience as it appears in page addresses. */
export function audienceSlug(audience: SurveyAudience): string {
  return AUDIENCE_SLUGS[audience];
}

export function audienceFromSlug(slug: unknown): SurveyAudience | undefined {
  return SURVEY_AUDIENCES.find((a) => AUDIENCE_SLUGS[a] === slug);
}
