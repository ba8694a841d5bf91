// The summary for the local area and families: suppressed figures and redacted quotes, on the
// service (with sharing for the lead) or on its shared link for anyone.
import type { Visitor } from '../support/journey.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { lowerFirst, type SurveyAudienceName } from './survey-audience.ts';

export class SurveySummaryPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, survey: { audience: SurveyAudienceName; areaName: string }) {
    super(visitor);
    this.heading = `What ${lowerFirst(survey.audience)} told us: survey summary`;
    this.title = `${this.heading}: ${survey.areaName}`;
  }

  /** The sentence under the heading: "12 responses. The survey was open from …". */
  async introduction(): Promise<string> {
    return (await this.page.getByRole('main').locator('.govuk-body-l').first().innerText()).trim();
  }

  /** The table of one question's answers, each row Answer → Number, Percentage, 95% interval. */
  async figures(question: string): Promise<Record<string, string>[]> {
    return readTable(this.page.getByRole('table', { name: `Answers to “${question}”` }));
  }

  async share(): Promise<void> {
    await this.page.getByRole('button', { name: 'Share this summary', exact: true }).click();
  }

  async mayShare(): Promise<boolean> {
    return (await this.page.getByRole('button', { name: /^(Share this summary|Stop sharing)$/ }).count()) > 0;
  }

  /** The address anyone can open, shown once the summary is shared. */
  async sharedLink(): Promise<string> {
    return (await this.page.getByRole('main').locator('.govuk-inset-text a').getAttribute('href'))!;
  }
}
