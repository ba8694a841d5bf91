// The data request checklist: what the area has been asked for, when each item is due and where it stands.
import type { Visitor } from '../support/journey.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import type { CasesInspection } from './cases-common.ts';

export type DataRequestRow = { item: string; due: string; sent: string; status: string };

export class CasesDataRequestPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Data request';

  constructor(visitor: Visitor, inspection: Pick<CasesInspection, 'reference'>) {
    super(visitor);
    this.title = `Data request: ${inspection.reference}`;
  }

  static async open(visitor: Visitor, inspection: CasesInspection): Promise<CasesDataRequestPage> {
    await visitor.visit(`/inspections/${inspection.id}/data-request`);
    return new CasesDataRequestPage(visitor, inspection).arrived();
  }

  /** The "Items" table, one row per item. */
  async items(): Promise<DataRequestRow[]> {
    const rows = await readTable(this.page.getByRole('table', { name: 'Items' }));
    return rows.map((row) => ({ item: row.Item.split('\n')[0].trim(), due: row.Due, sent: row.Sent, status: row.Status }));
  }

  async item(title: string): Promise<DataRequestRow> {
    const found = (await this.items()).find((row) => row.item === title);
    if (!found) throw new Error(`No item "${title}" on the data request`);
    return found;
  }

  async openItem(title: string): Promise<void> {
    await this.page.getByRole('table', { name: 'Items' }).getByRole('link', { name: title, exact: true }).click();
  }
}
