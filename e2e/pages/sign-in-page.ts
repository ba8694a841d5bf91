// The sign-in page: email address and password, the first of two steps for staff.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export class SignInPage extends GovukPage {
  readonly title = 'Sign in';
  readonly heading = 'Sign in';

  static async open(visitor: Visitor): Promise<SignInPage> {
    await visitor.visit('/sign-in');
    return new SignInPage(visitor).arrived();
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.page.getByLabel('Email address', { exact: true }).fill(email);
    // exact: with JavaScript, GOV.UK's password input adds a "Show password" button.
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }
}
