// The local area partnerships: search by name or code and narrow by region.
import type { Visitor } from '../support/journey.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

export type AreaRow = { name: string; laCode: string; onsCode: string; region: string; icb: string };

export class AreasPage extends GovukPage {
  readonly title = 'Local areas';
  readonly heading = 'Local areas';

  static async open(visitor: Visitor): Promise<AreasPage> {
    await visitor.visit('/areas');
    return new AreasPage(visitor).arrived();
  }

  /** Searches with both fields as given: an empty text or "All regions" leaves that filter off. */
  async search(text: string, region = 'All regions'): Promise<void> {
    await this.page.getByLabel('Search by name or code', { exact: true }).fill(text);
    await this.page.getByLabel('Region', { exact: true }).selectOption({ label: region });
    await this.page.getByRole('button', { name: 'Search', exact: true }).click();
  }

  /** The heading over the results, e.g. "1 local area found". */
  async resultsHeading(): Promise<string> {
    return (await this.page.getByRole('heading', { level: 2, name: /^\d+ local areas?( found)?$/ }).innerText()).trim();
  }

  async areas(): Promise<AreaRow[]> {
    const table = this.page.getByRole('table');
    if ((await table.count()) === 0) return [];
    return (await readTable(table)).map((row) => ({
      name: row.Name,
      laCode: row['LA code'],
      onsCode: row['ONS code'],
      region: row.Region,
      icb: row['Integrated care board (ICB)'],
    }));
  }

  async openArea(name: string): Promise<void> {
    await this.page.getByRole('table').getByRole('link', { name, exact: true }).click();
  }
}
