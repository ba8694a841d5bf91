// Recording the outcome: the inspectors' decision, with the balance of evidence per criterion beside
// it and each outcome's sentence as the report will state it.
import type { Visitor } from '../support/journey.ts';
import { oneLine } from './evidence-common.ts';
import { submitAndWait } from './evidence-note-form-page.ts';
import { readBalance } from './findings-page.ts';
import { GovukPage } from './govuk-page.ts';

export class OutcomePage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, inspection: { reference: string }, options: { changing?: boolean } = {}) {
    super(visitor);
    this.heading = options.changing ? 'Change the outcome' : 'Record the outcome';
    this.title = `${this.heading}: ${inspection.reference}`;
  }

  async balanceOfEvidence(): Promise<Record<string, string>[]> {
    return readBalance(this.page.locator('#balance'));
  }

  /** Each outcome offered with the sentence its hint says the report will state. */
  async outcomes(): Promise<{ label: string; hint: string }[]> {
    const items = await this.page.getByRole('main').locator('.govuk-radios__item').all();
    return Promise.all(
      items.map(async (item) => ({
        label: oneLine(await item.locator('.govuk-radios__label').innerText()),
        hint: oneLine(await item.locator('.govuk-radios__hint').innerText()),
      })),
    );
  }

  async record(outcome: string, reasons?: string): Promise<void> {
    const main = this.page.getByRole('main');
    await main.getByRole('radio', { name: outcome, exact: true }).check();
    if (reasons !== undefined) await main.getByLabel('Why the inspectors decided this (optional)', { exact: true }).fill(reasons);
    await submitAndWait(this.page, main.getByRole('button', { name: 'Record the outcome', exact: true }));
  }
}
