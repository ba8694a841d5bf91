// An inspection's status history: every change, who made it, when and why.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export type StatusChange = { from: string; to: string; by: string; reason: string };

export class StatusHistoryPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Status history';

  constructor(visitor: Visitor, reference: string) {
    super(visitor);
    this.title = `Status history of ${reference}`;
  }

  async changes(): Promise<StatusChange[]> {
    const rows = await this.page.getByRole('table').locator('tbody tr').all();
    return Promise.all(
      rows.map(async (row) => {
        const [, from, to, by, reason] = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
        return { from, to, by, reason };
      }),
    );
  }
}
