// The second step of signing in: the current code from the authenticator app set up before.
import { GovukPage } from './govuk-page.ts';

export class TwoFactorPage extends GovukPage {
  readonly title = 'Enter the code from your authenticator app';
  readonly heading = 'Enter the code from your authenticator app';

  async enterCode(code: string): Promise<void> {
    await this.page.getByLabel('Enter the code from your authenticator app').fill(code);
    await this.page.getByRole('button', { name: 'Continue', exact: true }).click();
  }
}
