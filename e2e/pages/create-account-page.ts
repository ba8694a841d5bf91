// Where an invited person lands from their link: confirm their name and choose a password.
import { GovukPage } from './govuk-page.ts';

export class CreateAccountPage extends GovukPage {
  readonly title = 'Create your account';
  readonly heading = 'Create your account';

  async name(): Promise<string> {
    return this.page.getByLabel('Full name', { exact: true }).inputValue();
  }

  async createAccount(password: string, confirmation = password): Promise<void> {
    // exact: with JavaScript, GOV.UK's password input adds a "Show password" button.
    await this.page.getByLabel('Create a password', { exact: true }).fill(password);
    await this.page.getByLabel('Confirm your password', { exact: true }).fill(confirmation);
    await this.page.getByRole('button', { name: 'Create account', exact: true }).click();
  }
}
