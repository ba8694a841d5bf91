// Changing a survey question's wording before the survey opens.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';
import type { SurveyAudienceName } from './survey-audience.ts';

export class SurveyQuestionPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, question: { audience: SurveyAudienceName; number: number }) {
    super(visitor);
    this.title = `Change question ${question.number}: ${question.audience} survey`;
    this.heading = `Change question ${question.number}`;
  }

  async wording(): Promise<string> {
    return this.page.getByLabel('Question', { exact: true }).inputValue();
  }

  async hint(): Promise<string> {
    return this.page.getByLabel('Hint (optional)', { exact: true }).inputValue();
  }

  async changeWording(text: string): Promise<void> {
    await this.page.getByLabel('Question', { exact: true }).fill(text);
  }

  async changeHint(text: string): Promise<void> {
    await this.page.getByLabel('Hint (optional)', { exact: true }).fill(text);
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save changes', exact: true }).click();
  }

  /** The message shown beside a field, without the hidden "Error:" prefix. */
  async errorBeside(fieldId: string): Promise<string> {
    return (await this.page.locator(`#${fieldId}-error`).innerText()).replace(/^Error:\s*/, '').trim();
  }
}
