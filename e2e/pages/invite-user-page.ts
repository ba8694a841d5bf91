// Inviting a person: their name, work email address, organisation and whether they administer the service.
import { GovukPage } from './govuk-page.ts';

export type Invitee = {
  name: string;
  email: string;
  /** As the radios read, e.g. "Local area partnership". */
  organisation: string;
  admin?: boolean;
};

export class InviteUserPage extends GovukPage {
  readonly title = 'Invite a user';
  readonly heading = 'Invite a user';

  async fill(invitee: Invitee): Promise<void> {
    await this.page.getByLabel('Full name', { exact: true }).fill(invitee.name);
    await this.page.getByLabel('Email address', { exact: true }).fill(invitee.email);
    await this.page.getByRole('group', { name: 'Organisation' }).getByRole('radio', { name: invitee.organisation, exact: true }).check();
    await this.page.getByRole('group', { name: 'Administrator access' }).getByRole('checkbox').setChecked(invitee.admin ?? false);
  }

  async createInvitation(): Promise<void> {
    await this.page.getByRole('button', { name: 'Create invitation link', exact: true }).click();
  }

  /** What the form holds now, as a person would read it back (the organisation as its label says). */
  async answers(): Promise<Invitee> {
    return {
      name: await this.page.getByLabel('Full name', { exact: true }).inputValue(),
      email: await this.page.getByLabel('Email address', { exact: true }).inputValue(),
      organisation: await this.#organisationChosen(),
      admin: await this.page.getByRole('group', { name: 'Administrator access' }).getByRole('checkbox').isChecked(),
    };
  }

  async #organisationChosen(): Promise<string> {
    const chosen = this.page.getByRole('group', { name: 'Organisation' }).getByRole('radio', { checked: true });
    if ((await chosen.count()) === 0) return '';
    const id = await chosen.getAttribute('id');
    return (await this.page.locator(`label[for="${id}"]`).innerText()).trim();
  }
}
