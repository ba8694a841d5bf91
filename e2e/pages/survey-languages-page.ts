// The languages a survey is offered in, how far each translation has got, and offering one.
import type { Visitor } from '../support/journey.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { lowerFirst, nameWithHiddenText, type SurveyAudienceName } from './survey-audience.ts';

export class SurveyLanguagesPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, audience: SurveyAudienceName) {
    super(visitor);
    this.title = `Languages: ${lowerFirst(audience)} survey`;
    this.heading = this.title;
  }

  /** The row of one language (by its English name): how much is translated and its status tag. */
  async language(name: string): Promise<{ translated: string; status: string }> {
    const rows = await readTable(this.page.getByRole('table', { name: /Languages the survey can be translated into/ }));
    const row = rows.find((r) => r.Language.split('\n')[0].trim() === name);
    if (!row) throw new Error(`No row for ${name} on ${this.page.url()}`);
    return { translated: row.Translated, status: row.Status };
  }

  /** The languages listed under "Offered now". */
  async offeredNow(): Promise<string[]> {
    const list = this.page.getByRole('heading', { name: 'Offered now' }).locator('xpath=following-sibling::*[1]');
    return (await list.locator('li').allInnerTexts()).map((t) => t.trim());
  }

  async translateInto(name: string): Promise<void> {
    await this.page.getByRole('link', { name: nameWithHiddenText('Translate', `into ${name}`) }).click();
  }

  async offer(name: string): Promise<void> {
    await this.page.getByRole('button', { name: nameWithHiddenText('Offer this language', `: ${name}`) }).click();
  }

  async returnToSurvey(): Promise<void> {
    await this.page.getByRole('main').getByRole('link', { name: 'Return to the survey', exact: true }).click();
  }
}
