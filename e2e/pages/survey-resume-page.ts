// Carrying on with saved answers: the respondent types the code they were given.
import type { Visitor } from '../support/journey.ts';
import { ENGLISH, RespondentPage, type RespondentLanguage } from './survey-respondent-page.ts';

export class SurveyResumePage extends RespondentPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, heading = 'Carry on with your answers', language: RespondentLanguage = ENGLISH) {
    super(visitor, language);
    this.title = heading;
    this.heading = heading;
  }

  async enterCode(code: string, label = 'Enter your code'): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(code);
  }

  async code(label = 'Enter your code'): Promise<string> {
    return this.page.getByLabel(label, { exact: true }).inputValue();
  }

  async continue(text = 'Continue'): Promise<void> {
    await this.page.getByRole('button', { name: text, exact: true }).click();
  }
}
