// One local area partnership: its codes, region, integrated care board and kind of council.
import type { Visitor } from '../support/journey.ts';
import { readSummaryList } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

export class AreaPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, name: string) {
    super(visitor);
    this.title = name;
    this.heading = name;
  }

  async details(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list').first());
  }
}
