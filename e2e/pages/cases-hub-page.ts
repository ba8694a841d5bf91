// The cases page of an inspection: person-level data, the sample, tracking, reviews and case
// documents, each linked for those who may use them.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';
import { casesAddress, type CasesInspection } from './cases-common.ts';

export class CasesHubPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Cases';

  constructor(visitor: Visitor, inspection: Pick<CasesInspection, 'reference'>) {
    super(visitor);
    this.title = `Cases: ${inspection.reference}`;
  }

  static async open(visitor: Visitor, inspection: CasesInspection): Promise<CasesHubPage> {
    await visitor.visit(casesAddress(inspection));
    return new CasesHubPage(visitor, inspection).arrived();
  }

  async follow(link: string): Promise<void> {
    await this.page.getByRole('main').getByRole('link', { name: link, exact: true }).click();
  }
}
