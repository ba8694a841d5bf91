// Changing one's own password: the current one, then the new one twice.
import { GovukPage } from './govuk-page.ts';

export class ChangePasswordPage extends GovukPage {
  readonly title = 'Change your password';
  readonly heading = 'Change your password';

  async change(current: string, newPassword: string, confirmation = newPassword): Promise<void> {
    // exact: with JavaScript, GOV.UK's password input adds a "Show password" button.
    await this.page.getByLabel('Current password', { exact: true }).fill(current);
    await this.page.getByLabel('New password', { exact: true }).fill(newPassword);
    await this.page.getByLabel('Confirm new password', { exact: true }).fill(confirmation);
    await this.page.getByRole('button', { name: 'Change password', exact: true }).click();
  }

  /** The password fields after a refusal: a password is never sent back to the browser. */
  async passwordsShown(): Promise<string[]> {
    return Promise.all(
      ['Current password', 'New password', 'Confirm new password'].map((label) => this.page.getByLabel(label, { exact: true }).inputValue()),
    );
  }
}
