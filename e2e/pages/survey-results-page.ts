// A survey's full results for the inspection team: every figure, a chart and a table per question.
import type { Locator } from 'playwright-core';
import type { Visitor } from '../support/journey.ts';
import { readSummaryList, readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { escapeRegExp, lowerFirst, type SurveyAudienceName } from './survey-audience.ts';

export class SurveyResultsPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, survey: { reference: string; audience: SurveyAudienceName }) {
    super(visitor);
    this.heading = `Results of the ${lowerFirst(survey.audience)} survey`;
    this.title = `${this.heading}: ${survey.reference}`;
  }

  /** Responses, the survey's state and when the figures were worked out. */
  async facts(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list').first());
  }

  /** The section of one question, found by its heading. */
  question(text: string): Locator {
    return this.page.getByRole('main').locator('section').filter({ has: this.page.getByRole('heading', { name: text, exact: true }) });
  }

  /** The question's chart: an image named by its title, whose figures are in the table below it. */
  chart(text: string): Locator {
    return this.question(text).getByRole('img', { name: new RegExp(`^${escapeRegExp(text)}`) });
  }

  /** The question's table, each answer as Answer → Number, Percentage, 95% interval. */
  async figures(text: string): Promise<Record<string, string>[]> {
    return readTable(this.question(text).getByRole('table'));
  }

  async readTheComments(): Promise<void> {
    await this.page.getByRole('link', { name: 'Read the comments', exact: true }).click();
  }

  async openSummary(): Promise<void> {
    await this.page.getByRole('main').getByRole('link', { name: 'Summary for the local area and families', exact: true }).click();
  }
}
