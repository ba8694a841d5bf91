// Managing an inspection's team: who is on it, and adding Ofsted and CQC staff with a role.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export class InspectionTeamPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Inspection team';

  constructor(visitor: Visitor, reference: string) {
    super(visitor);
    this.title = `Inspection team for ${reference}`;
  }

  /** Adds a person, found by their name in the list, with a role as the page words it. */
  async add(name: string, role: string): Promise<void> {
    const person = this.page.getByLabel('Person', { exact: true });
    const option = person.locator('option', { hasText: name });
    await person.selectOption(await option.getAttribute('value'));
    await this.page.getByRole('group', { name: 'Role on this inspection' }).getByRole('radio', { name: role, exact: true }).check();
    await this.page.getByRole('button', { name: 'Add to the team' }).click();
  }

  async members(): Promise<{ name: string; role: string }[]> {
    const rows = await this.page.getByRole('table').locator('tbody tr').all();
    return Promise.all(
      rows.map(async (row) => {
        const cells = row.locator('td');
        const name = (await cells.nth(0).innerText()).split('\n')[0].trim();
        return { name, role: (await cells.nth(1).innerText()).trim() };
      }),
    );
  }

  async returnToInspection(): Promise<void> {
    await this.page.getByRole('link', { name: 'Return to the inspection' }).click();
  }
}
