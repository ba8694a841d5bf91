// Replacing one case of the sample, with the reason kept beside it.
import type { Visitor } from '../support/journey.ts';
import { readSummaryList } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

export class CasesReplacePage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, id: string) {
    super(visitor);
    this.heading = `Replace ${id}`;
    this.title = this.heading;
  }

  /** Chosen as, Age, Primary need, SEN status, Placement, Stratum. */
  async details(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list').first());
  }

  async giveReason(reason: string): Promise<void> {
    await this.page.getByLabel('Why is this case being replaced?', { exact: true }).fill(reason);
  }

  async replace(): Promise<void> {
    await this.page.getByRole('button', { name: 'Replace the case', exact: true }).click();
  }
}
