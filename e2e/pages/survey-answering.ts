// Answering a run of survey questions as a respondent does: on each page, check it is the question
// expected, answer it (or leave an optional one blank) and press Continue.
import assert from 'node:assert/strict';
import type { Visitor } from '../support/journey.ts';
import { SurveyAnswerPage } from './survey-answer-page.ts';
import { ENGLISH, type RespondentLanguage } from './survey-respondent-page.ts';

export type AnswerStep = {
  /** The question as the page words it. */
  question: string;
  /** Optional questions carry the survey's "(optional)" after their wording. */
  optional?: boolean;
  /** The radio to choose, the checkboxes to tick or the text to write; none leaves it blank. */
  choose?: string;
  tick?: string[];
  write?: string;
  /** "Question 8 of 22", when the step should check where it is. */
  position?: string;
};

export type AnswerWords = { optional: string; continue: string; language: RespondentLanguage };

export const ENGLISH_WORDS: AnswerWords = { optional: '(optional)', continue: 'Continue', language: ENGLISH };

export function headingOf(step: AnswerStep, words: AnswerWords = ENGLISH_WORDS): string {
  return step.optional ? `${step.question} ${words.optional}` : step.question;
}

/** Arrives at the step's question page (checked with axe) and fills in its answer, without continuing. */
export async function fillIn(visitor: Visitor, step: AnswerStep, words: AnswerWords = ENGLISH_WORDS): Promise<SurveyAnswerPage> {
  const page = await new SurveyAnswerPage(visitor, headingOf(step, words), words.language).arrived();
  if (step.position) assert.equal(await page.position(), step.position);
  if (step.choose) await page.choose(step.choose);
  if (step.tick) await page.tick(...step.tick);
  if (step.write !== undefined) await page.write(step.write);
  return page;
}

/** Answers each question in turn, pressing Continue after each. */
export async function answerEach(visitor: Visitor, steps: AnswerStep[], words: AnswerWords = ENGLISH_WORDS): Promise<void> {
  for (const step of steps) await (await fillIn(visitor, step, words)).continue(words.continue);
}
