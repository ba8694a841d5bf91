// Setting up an authenticator app during a first sign-in: a QR code, the setup key, and a code to confirm.
import { GovukPage } from './govuk-page.ts';

export class TwoFactorSetUpPage extends GovukPage {
  readonly title = 'Set up two-factor authentication';
  readonly heading = 'Set up two-factor authentication';

  /** The key a person would type into their app if they could not scan the QR code. */
  async setupKey(): Promise<string> {
    return (await this.page.locator('#setup-key').innerText()).trim();
  }

  async hasQrCode(): Promise<boolean> {
    return (await this.page.getByRole('img', { name: /QR code/ }).count()) === 1;
  }

  async confirmCode(code: string): Promise<void> {
    await this.page.getByLabel('Code from your authenticator app').fill(code);
    await this.page.getByRole('button', { name: 'Confirm and continue' }).click();
  }
}
