// The list of inspections a person may see: where staff land after signing in.
import type { Visitor } from '../support/journey.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

export class InspectionsPage extends GovukPage {
  readonly title = 'Inspections';
  readonly heading = 'Inspections';

  static async open(visitor: Visitor): Promise<InspectionsPage> {
    await visitor.visit('/inspections');
    return new InspectionsPage(visitor).arrived();
  }

  async startCreating(): Promise<void> {
    await this.page.getByRole('button', { name: 'Create an inspection' }).click();
  }

  async openInspection(reference: string): Promise<void> {
    await this.page.getByRole('link', { name: reference, exact: true }).click();
  }

  /** The inspections listed, by column heading ("Reference", "Local area", "Type", "Status" …). */
  async inspections(): Promise<Record<string, string>[]> {
    const table = this.page.getByRole('table');
    return (await table.count()) === 0 ? [] : readTable(table);
  }
}
