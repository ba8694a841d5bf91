// Creating an inspection, check answers: what will be created and its milestones, then create it.
import { GovukPage } from './govuk-page.ts';

export class CheckInspectionPage extends GovukPage {
  readonly title = 'Check the inspection before you create it';
  readonly heading = 'Check the inspection before you create it';

  /** The answers as the summary list shows them: key → value. */
  async answers(): Promise<Record<string, string>> {
    // The first summary list holds the answers; the milestones follow in their own.
    const rows = this.page.locator('.govuk-summary-list').first().locator('.govuk-summary-list__row');
    const result: Record<string, string> = {};
    for (const row of await rows.all()) {
      const key = (await row.locator('.govuk-summary-list__key').innerText()).trim();
      result[key] = (await row.locator('.govuk-summary-list__value').innerText()).trim();
    }
    return result;
  }

  async create(): Promise<void> {
    await this.page.getByRole('button', { name: 'Create inspection' }).click();
  }
}
