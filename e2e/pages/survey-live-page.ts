// The live counts of one survey while it is open: in all, by link, by day and by language.
import type { Locator } from 'playwright-core';
import type { Visitor } from '../support/journey.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { audienceSlug, lowerFirst, type SurveyAudienceName } from './survey-audience.ts';

export class SurveyLivePage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, audience: SurveyAudienceName) {
    super(visitor);
    this.title = `Responses so far: ${lowerFirst(audience)} survey`;
    this.heading = this.title;
  }

  /** Opens the page from a bookmark, as a lead keeps it to hand while a survey is open. */
  static async open(visitor: Visitor, inspectionId: string, audience: SurveyAudienceName): Promise<SurveyLivePage> {
    await visitor.visit(`/inspections/${inspectionId}/surveys/${audienceSlug(audience)}/live`);
    return new SurveyLivePage(visitor, audience).arrived();
  }

  async refresh(): Promise<void> {
    await this.page.getByRole('link', { name: 'Refresh the figures', exact: true }).click();
  }

  /** The figure after "Responses:". */
  async total(): Promise<number> {
    return Number((await this.page.locator('#live-figures .govuk-body-l strong').innerText()).trim());
  }

  async #counts(table: Locator, labelHeading: string): Promise<Record<string, number>> {
    if ((await table.count()) === 0) return {};
    return Object.fromEntries((await readTable(table)).map((row) => [row[labelHeading], Number(row.Responses)]));
  }

  async byLink(): Promise<Record<string, number>> {
    return this.#counts(this.page.getByRole('table', { name: 'Responses by link' }), 'Link');
  }

  async byLanguage(): Promise<Record<string, number>> {
    return this.#counts(this.page.getByRole('table', { name: 'Responses by language' }), 'Language');
  }

  /** The table under the daily chart: each day's count. */
  async byDay(): Promise<Record<string, string>[]> {
    const table = this.page.getByRole('table', { name: 'The figures in the chart' });
    return (await table.count()) === 0 ? [] : readTable(table);
  }

  async allSurveys(): Promise<void> {
    await this.page.getByRole('link', { name: 'Responses to all the surveys', exact: true }).click();
  }
}
