// Choosing the kind of finding to add: the kinds the framework's report has and the outcome allows.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export class FindingKindPage extends GovukPage {
  readonly title: string;
  readonly heading = 'What kind of finding do you want to add?';

  constructor(visitor: Visitor, inspection: { reference: string }) {
    super(visitor);
    this.title = `${this.heading}: ${inspection.reference}`;
  }

  /** The kinds offered, as the radios read. */
  async kinds(): Promise<string[]> {
    return (await this.page.getByRole('main').locator('.govuk-radios__label').allInnerTexts()).map((t) => t.trim());
  }

  async choose(label: string): Promise<void> {
    await this.page.getByRole('main').getByRole('radio', { name: label, exact: true }).check();
    await this.page.getByRole('main').getByRole('button', { name: 'Continue', exact: true }).click();
  }
}
