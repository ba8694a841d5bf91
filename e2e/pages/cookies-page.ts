// The cookies page: which cookies the service sets and why.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export class CookiesPage extends GovukPage {
  readonly title = 'Cookies';
  readonly heading = 'Cookies';

  static async open(visitor: Visitor): Promise<CookiesPage> {
    await visitor.visit('/cookies');
    return new CookiesPage(visitor).arrived();
  }
}
