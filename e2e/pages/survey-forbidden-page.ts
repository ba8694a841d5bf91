// What a signed-in person sees at a survey page their role does not open (the team's full results, say).
import assert from 'node:assert/strict';
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export class SurveyForbiddenPage extends GovukPage {
  readonly title = 'You do not have permission to see this page';
  readonly heading = 'You do not have permission to see this page';

  /** Goes to the address and expects a 403 with the service's explanation. */
  static async open(visitor: Visitor, path: string): Promise<SurveyForbiddenPage> {
    const response = await visitor.visit(path);
    assert.equal(response?.status(), 403, `${path} answers 403`);
    return new SurveyForbiddenPage(visitor).arrived();
  }
}
