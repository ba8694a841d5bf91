// Confirming a change of status: what it was, what it becomes, and the reason given.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export class ConfirmStatusPage extends GovukPage {
  readonly title = 'Confirm the change of status';
  readonly heading: string;

  constructor(visitor: Visitor, action: string) {
    super(visitor);
    this.heading = `${action}?`;
  }

  async confirm(): Promise<void> {
    await this.page.getByRole('button', { name: 'Confirm and change status' }).click();
  }
}
