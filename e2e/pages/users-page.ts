// Administrators' list of user accounts: search by name, email address or status, and invite someone.
import type { Visitor } from '../support/journey.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

export class UsersPage extends GovukPage {
  readonly title = 'Users';
  readonly heading = 'Users';

  static async open(visitor: Visitor): Promise<UsersPage> {
    await visitor.visit('/admin/users');
    return new UsersPage(visitor).arrived();
  }

  async invite(): Promise<void> {
    // A GOV.UK button made of a link, announced as a button.
    await this.page.getByRole('button', { name: 'Invite a user', exact: true }).click();
  }

  async search(text: string, status = 'Any status'): Promise<void> {
    const filter = this.page.getByRole('search', { name: 'Users' });
    await filter.getByLabel('Name or email address').fill(text);
    await filter.getByLabel('Status').selectOption({ label: status });
    await filter.getByRole('button', { name: 'Search', exact: true }).click();
  }

  /** The accounts listed, by column heading ("Name", "Email address", "Status" …). */
  async users(): Promise<Record<string, string>[]> {
    const table = this.page.getByRole('table');
    return (await table.count()) === 0 ? [] : readTable(table);
  }

  async openUser(name: string): Promise<void> {
    await this.page.getByRole('table').getByRole('link', { name, exact: true }).click();
  }
}
