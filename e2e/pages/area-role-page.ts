// Giving a person a role in a local area partnership, by the area's 3-digit code.
import { GovukPage } from './govuk-page.ts';

export class AreaRolePage extends GovukPage {
  readonly title = 'Add or change a local area role';
  readonly heading = 'Add or change a local area role';

  /** The role as the radios read it, e.g. "Contributor". */
  async saveRole(laCode: string, role: string): Promise<void> {
    await this.page.getByLabel('Local authority code', { exact: true }).fill(laCode);
    await this.page.getByRole('group', { name: 'Role in the local area' }).getByRole('radio', { name: role, exact: true }).check();
    await this.page.getByRole('button', { name: 'Save role', exact: true }).click();
  }
}
