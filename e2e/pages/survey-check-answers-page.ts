// The respondent's answers before sending, each with a Change link; and Send.
import type { Visitor } from '../support/journey.ts';
import { readSummaryList } from './govuk-components.ts';
import { nameWithHiddenText } from './survey-audience.ts';
import { ENGLISH, RespondentPage, type RespondentLanguage } from './survey-respondent-page.ts';

export class SurveyCheckAnswersPage extends RespondentPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, heading = 'Check your answers before sending them', language: RespondentLanguage = ENGLISH) {
    super(visitor, language);
    this.title = heading;
    this.heading = heading;
  }

  /** Question → answer as shown (several answers on separate lines). */
  async answers(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list'));
  }

  /** Follows the Change link of one question; its hidden text names the question. */
  async change(question: string, changeText = 'Change'): Promise<void> {
    await this.page.getByRole('link', { name: nameWithHiddenText(changeText, question) }).click();
  }

  async send(text = 'Send my answers'): Promise<void> {
    await this.page.getByRole('button', { name: text, exact: true }).click();
  }
}
