// One account as an administrator sees it: details, local area roles, team places, and sign-in and access.
import type { Visitor } from '../support/journey.ts';
import { readSummaryList, readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

export class UserPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, name: string) {
    super(visitor);
    this.title = name;
    this.heading = name;
  }

  /** The "Details" summary list: Name, Email address, Organisation, Status … */
  async details(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list').first());
  }

  /** The person's roles in local area partnerships, by column ("Local area", "LA code", "Role"). */
  async areaRoles(): Promise<{ area: string; laCode: string; role: string }[]> {
    const table = this.page.getByRole('table', { name: 'Roles in local area partnerships' });
    if ((await table.count()) === 0) return [];
    return (await readTable(table)).map((row) => ({ area: row['Local area'], laCode: row['LA code'], role: row.Role }));
  }

  async addAreaRole(): Promise<void> {
    await this.page.getByRole('link', { name: 'Add or change a local area role', exact: true }).click();
  }

  async disableAccount(): Promise<void> {
    await this.page.getByRole('button', { name: 'Disable account', exact: true }).click();
  }

  async mayEnableAccount(): Promise<boolean> {
    return (await this.page.getByRole('button', { name: 'Enable account', exact: true }).count()) === 1;
  }
}
