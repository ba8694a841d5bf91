// The privacy notice: what personal data the service holds, why, and people's rights.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export class PrivacyNoticePage extends GovukPage {
  readonly title = 'Privacy notice';
  readonly heading = 'Privacy notice';

  static async open(visitor: Visitor): Promise<PrivacyNoticePage> {
    await visitor.visit('/privacy');
    return new PrivacyNoticePage(visitor).arrived();
  }
}
