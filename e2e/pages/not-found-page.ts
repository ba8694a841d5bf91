// The page shown for an address the service does not have.
import assert from 'node:assert/strict';
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export class NotFoundPage extends GovukPage {
  readonly title = 'Page not found';
  readonly heading = 'Page not found';

  /** Goes to an address that does not exist and expects a 404 with the friendly page. */
  static async open(visitor: Visitor, missingPath: string): Promise<NotFoundPage> {
    const response = await visitor.visit(missingPath);
    assert.equal(response?.status(), 404, `${missingPath} answers 404`);
    return new NotFoundPage(visitor).arrived();
  }
}
