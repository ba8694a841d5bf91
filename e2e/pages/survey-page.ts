// One survey, as the inspection team sees it: status, details, its questions and what to do next.
import type { Visitor } from '../support/journey.ts';
import { readSummaryList } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { audienceSlug, type SurveyAudienceName } from './survey-audience.ts';

export class SurveyPage extends GovukPage {
  readonly title: string;
  readonly heading: string;
  readonly audience: SurveyAudienceName;

  constructor(visitor: Visitor, survey: { reference: string; audience: SurveyAudienceName }) {
    super(visitor);
    this.audience = survey.audience;
    this.title = `${survey.audience} survey: ${survey.reference}`;
    this.heading = `${survey.audience} survey`;
  }

  static async open(visitor: Visitor, inspection: { id: string; reference: string }, audience: SurveyAudienceName): Promise<SurveyPage> {
    await visitor.visit(`/inspections/${inspection.id}/surveys/${audienceSlug(audience)}`);
    return new SurveyPage(visitor, { reference: inspection.reference, audience }).arrived();
  }

  /** The status tag beside "Status:" under the heading. */
  async status(): Promise<string> {
    return (await this.page.getByRole('main').locator('p', { hasText: /^Status:/ }).locator('.govuk-tag').innerText()).trim();
  }

  /** Title, introduction, status, dates, responses, languages… as key → value. */
  async details(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-grid-column-two-thirds .govuk-summary-list').first());
  }

  /** Each question card's title: "6. My child's needs were identified early enough." */
  async questions(): Promise<string[]> {
    return (await this.page.locator('.govuk-summary-card__title').allInnerTexts()).map((t) => t.trim());
  }

  async changeQuestion(number: number): Promise<void> {
    await this.page.getByRole('link', { name: new RegExp(`^Change question ${number}\\b`) }).click();
  }

  async preview(): Promise<void> {
    await this.page.getByRole('button', { name: 'Preview the survey', exact: true }).click();
  }

  async openNow(): Promise<void> {
    await this.page.getByRole('button', { name: 'Open the survey now', exact: true }).click();
  }

  async closeNow(): Promise<void> {
    await this.page.getByRole('button', { name: 'Close the survey now', exact: true }).click();
  }

  async follow(link: string): Promise<void> {
    await this.page.getByRole('main').getByRole('link', { name: link, exact: true }).click();
  }
}
