// The open data's documentation page: what is published, the files, the API and every field.
import type { Visitor } from '../support/journey.ts';
import { oneLine } from './evidence-common.ts';
import { GovukPage } from './govuk-page.ts';

export class OpenDataPage extends GovukPage {
  readonly title = 'Open data: published area SEND inspections';
  readonly heading = 'Open data: published area SEND inspections';

  static async open(visitor: Visitor): Promise<OpenDataPage> {
    await visitor.visit('/open-data');
    return new OpenDataPage(visitor).arrived();
  }

  /** "There are 3 published inspections with 7 findings." */
  async counts(): Promise<string> {
    return oneLine(await this.page.getByRole('main').locator('p', { hasText: /^There (is|are) \d+ published inspection/ }).innerText());
  }

  async fileLink(name: string): Promise<string> {
    return (await this.page.getByRole('main').getByRole('link', { name, exact: true }).getAttribute('href')) ?? '';
  }
}
