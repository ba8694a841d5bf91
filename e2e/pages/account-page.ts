// A signed-in person's own account: their details, password and two-factor set-up, and their roles.
import type { Visitor } from '../support/journey.ts';
import { readSummaryList, readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

export class AccountPage extends GovukPage {
  readonly title = 'Your account';
  readonly heading = 'Your account';

  static async open(visitor: Visitor): Promise<AccountPage> {
    await visitor.visit('/account');
    return new AccountPage(visitor).arrived();
  }

  async details(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list').first());
  }

  async changePassword(): Promise<void> {
    // "Change" with "password" for screen readers, as GOV.UK summary list actions do.
    await this.page.getByRole('link', { name: 'Change password', exact: true }).click();
  }

  async areaRoles(): Promise<{ area: string; laCode: string; role: string }[]> {
    const table = this.page.getByRole('table', { name: 'Your roles in local area partnerships' });
    if ((await table.count()) === 0) return [];
    return (await readTable(table)).map((row) => ({ area: row['Local area'], laCode: row['LA code'], role: row.Role }));
  }
}
