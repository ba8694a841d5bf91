// Changing an inspection's status: the moves the visitor's role allows, and a reason when going back.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export class ChangeStatusPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Change the status';

  constructor(visitor: Visitor, reference: string) {
    super(visitor);
    this.title = `Change the status of ${reference}`;
  }

  /** The moves offered, as the radios read. */
  async choices(): Promise<string[]> {
    const group = this.page.getByRole('group', { name: 'What happens next?' });
    return (await group.locator('.govuk-radios__label').allInnerTexts()).map((t) => t.trim());
  }

  /** Whether the page sends the visitor to the report page for a change made there. */
  async pointsToReportPage(): Promise<boolean> {
    return (await this.page.getByRole('link', { name: 'go to the report page' }).count()) > 0;
  }

  async choose(action: string, reason?: string): Promise<void> {
    await this.page.getByRole('group', { name: 'What happens next?' }).getByRole('radio', { name: action, exact: true }).check();
    if (reason !== undefined) await this.page.getByLabel('Reason', { exact: true }).fill(reason);
    await this.page.getByRole('button', { name: 'Continue', exact: true }).click();
  }
}
