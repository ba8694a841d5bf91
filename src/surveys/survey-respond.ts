// Pure rules of answering a survey: page text in the respondent's language, where each answer
// leads, what the check page lists, the API body, and a short-lived cache of distribution links.
import { z } from 'zod';
import {
  PHRASE_KEYS,
  findLanguage,
  localiseQuestion,
  offeredLanguages,
  phrase,
  visibleQuestions,
  type AnswerValue,
  type Answers,
  type Language,
  type LocalisedQuestion,
  type PhraseKey,
  type Question,
  type RawAnswer,
  type SurveyDefinition,
} from './survey.ts';

/** Every piece of page text, in the respondent's language (English where a phrase has no translation). */
export function respondentPhrases(definition: SurveyDefinition, language: string): Record<PhraseKey, string> {
  return Object.fromEntries(PHRASE_KEYS.map((key) => [key, phrase(definition, language, key)])) as Record<PhraseKey, string>;
}

/** The language a page is shown in: the one asked for if the survey offers it, else English. */
export function displayLanguage(definition: SurveyDefinition, ...wanted: (string | undefined)[]): Language {
  const offered = offeredLanguages(definition);
  for (const code of wanted) {
    const match = offered.find((l) => l.code === code);
    if (match) return match;
  }
  return findLanguage('en')!;
}

export function isOffered(definition: SurveyDefinition, language: string): boolean {
  return offeredLanguages(definition).some((l) => l.code === language);
}

// ---- Where an answer leads -----------------------------------------------------------------

/** The answers with one answer replaced; a blank optional answer removes it. */
export function withAnswer(answers: Answers, questionId: string, value: AnswerValue | undefined): Answers {
  const next = { ...answers };
  if (value === undefined) delete next[questionId];
  else next[questionId] = value;
  return next;
}

/** Only the answers to questions the routing still shows: the others are not sent. */
export function keepVisibleAnswers(definition: SurveyDefinition, answers: Answers): Answers {
  const kept: Answers = {};
  for (const question of visibleQuestions(definition, answers)) {
    if (question.id in answers) kept[question.id] = answers[question.id]!;
  }
  return kept;
}

/** Where a question sits among those shown: "Question 3 of 12". */
export function questionPosition(definition: SurveyDefinition, answers: Answers, questionId: string): { number: number; total: number } | undefined {
  const visible = visibleQuestions(definition, answers);
  const index = visible.findIndex((q) => q.id === questionId);
  return index < 0 ? undefined : { number: index + 1, total: visible.length };
}

export function previousQuestion(definition: SurveyDefinition, answers: Answers, questionId: string): Question | undefined {
  const visible = visibleQuestions(definition, answers);
  const index = visible.findIndex((q) => q.id === questionId);
  return index > 0 ? visible[index - 1] : undefined;
}

export function nextQuestion(definition: SurveyDefinition, answers: Answers, questionId: string): Question | undefined {
  const visible = visibleQuestions(definition, answers);
  const index = visible.findIndex((q) => q.id === questionId);
  return index < 0 ? undefined : visible[index + 1];
}

/** The first question shown that has no answer yet: where someone coming back carries on. */
export function firstUnanswered(definition: SurveyDefinition, answers: Answers): Question | undefined {
  return visibleQuestions(definition, answers).find((q) => !(q.id in answers));
}

/** Whether a question is shown only because of an answer to `onId`, directly or through other questions. */
function dependsOn(definition: SurveyDefinition, question: Question, onId: string): boolean {
  let rule = question.showIf;
  const seen = new Set<string>();
  while (rule && !seen.has(rule.question)) {
    if (rule.question === onId) return true;
    seen.add(rule.question);
    rule = definition.questions.find((q) => q.id === rule!.question)?.showIf;
  }
  return false;
}

/**
 * After an answer is changed from the check page: the first question that the change has brought
 * into view and is still unanswered, so a new follow-up question is not skipped; otherwise none
 * (back to the check page).
 */
export function nextAfterChange(definition: SurveyDefinition, answers: Answers, changedId: string): Question | undefined {
  return visibleQuestions(definition, answers).find((q) => !(q.id in answers) && dependsOn(definition, q, changedId));
}

// ---- Showing answers -----------------------------------------------------------------------

/** What a form field shows for a stored answer: text for inputs, the chosen values for choices. */
export function fieldValue(value: AnswerValue | undefined): string | string[] {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value;
  return String(value);
}

/** An answer as lines of text for the check page: option labels in the respondent's language. */
export function answerLines(question: LocalisedQuestion, value: AnswerValue | undefined): string[] {
  if (value === undefined) return [];
  const labelOf = (v: string) => question.localOptions.find((o) => o.value === v)?.label ?? v;
  if (Array.isArray(value)) return value.map(labelOf);
  if (question.type === 'single' || question.type === 'agreement') return [labelOf(String(value))];
  return String(value).split('\n');
}

export type CheckRow = { question: LocalisedQuestion; lines: string[] };

/** The check page: every question the routing shows, answered or not, in order. */
export function checkRows(definition: SurveyDefinition, language: string, answers: Answers): CheckRow[] {
  return visibleQuestions(definition, answers).map((question) => {
    const localised = localiseQuestion(definition, question, language);
    return { question: localised, lines: answerLines(localised, answers[question.id]) };
  });
}

/** A form field as the answer rules read it: one value, several (checkboxes), or nothing. */
export function rawAnswerOf(value: unknown): RawAnswer {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return undefined;
}

// ---- The API -------------------------------------------------------------------------------

/** The most a JSON submission may weigh: room for the longest answers, no room for abuse. */
export const API_BODY_LIMIT = 64 * 1024;

export const apiSubmissionSchema = z.strictObject({
  language: z.string().max(10).default('en'),
  answers: z.record(
    z.string().max(40),
    z.union([z.string(), z.array(z.string().max(200)).max(30), z.number()]),
  ),
});
export type ApiSubmission = z.infer<typeof apiSubmissionSchema>;

/** A short description of what was wrong with a JSON body, for the 400 reply. */
export function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string[] {
  return issues.slice(0, 10).map((issue) => (issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message));
}

// ---- A short-lived cache -------------------------------------------------------------------

/**
 * Remembers lookups for a few seconds so a burst of submissions costs no queries for the lookup.
 * Misses are not remembered: an unknown code is looked up each time (the rate limit bounds that).
 * Concurrent lookups of the same key share one query.
 */
export function createShortCache<T>(lookup: (key: string) => Promise<T | undefined>, options: { ttlMs: number; maxEntries: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: Promise<T | undefined>; expiresAt: number }>();

  function get(key: string): Promise<T | undefined> {
    const hit = entries.get(key);
    if (hit && hit.expiresAt > now()) return hit.value;
    if (entries.size >= options.maxEntries) entries.clear();
    const value = lookup(key);
    const entry = { value, expiresAt: now() + options.ttlMs };
    entries.set(key, entry);
    value.then(
      (found) => {
        if (found === undefined && entries.get(key) === entry) entries.delete(key);
      },
      () => {
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    return value;
  }

  /** Looks the key up afresh (when a cached value may be out of date). */
  function refresh(key: string): Promise<T | undefined> {
    entries.delete(key);
    return get(key);
  }

  return { get, refresh };
}
