// The live counts of the inspection's three surveys together.
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

export class SurveysLivePage extends GovukPage {
  readonly title = 'Responses so far';
  readonly heading = 'Responses so far';

  /** Each survey's row: its status (in words, with any date under it) and its responses. */
  async surveys(): Promise<{ survey: string; status: string; responses: number }[]> {
    const rows = await readTable(this.page.getByRole('table', { name: 'Responses by audience' }));
    return rows.map((row) => ({ survey: row.Survey, status: row.Status.split('\n')[0].trim(), responses: Number(row.Responses) }));
  }

  async total(): Promise<number> {
    return Number((await this.page.getByRole('table').locator('tfoot td').innerText()).trim());
  }
}
