// The contact page: how to get help with the service.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export class ContactPage extends GovukPage {
  readonly title = 'Contact';
  readonly heading = 'Contact';

  static async open(visitor: Visitor): Promise<ContactPage> {
    await visitor.visit('/contact');
    return new ContactPage(visitor).arrived();
  }
}
