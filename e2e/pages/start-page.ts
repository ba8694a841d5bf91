// The start page: what the service is for, who it is for, and the way in.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';
import { SignInPage } from './sign-in-page.ts';

export class StartPage extends GovukPage {
  readonly title = 'Area SEND inspections';
  readonly heading = 'Area SEND inspections';

  static async open(visitor: Visitor): Promise<StartPage> {
    await visitor.visit('/');
    return new StartPage(visitor).arrived();
  }

  async startSignIn(): Promise<SignInPage> {
    // GOV.UK start buttons are links styled as buttons, announced as buttons.
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    return new SignInPage(this.visitor).arrived();
  }
}
