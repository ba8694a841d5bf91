// Sharing the chosen ids with the local area: what they will see, and when documents are due.
import type { Visitor } from '../support/journey.ts';
import { readSummaryList } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

export class CasesSharePage extends GovukPage {
  readonly title = 'Share the sample with the local area';
  readonly heading = 'Share the sample with the local area';

  constructor(visitor: Visitor) {
    super(visitor);
  }

  /** Tracked children, Plans to review, Documents due by. */
  async summary(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list').first());
  }

  async share(): Promise<void> {
    await this.page.getByRole('button', { name: 'Share with the local area', exact: true }).click();
  }
}
