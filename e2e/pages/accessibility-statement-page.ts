// The accessibility statement: how accessible the service is and how to report a problem.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export class AccessibilityStatementPage extends GovukPage {
  readonly title = 'Accessibility statement';
  readonly heading = 'Accessibility statement for Area SEND inspections';

  static async open(visitor: Visitor): Promise<AccessibilityStatementPage> {
    await visitor.visit('/accessibility');
    return new AccessibilityStatementPage(visitor).arrived();
  }
}
