// One fieldwork activity: what it was, when and where, who was there and took part, any clash with
// another activity of the same inspector, and the evidence notes written about it.
import type { Visitor } from '../support/journey.ts';
import { readSummaryList, readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { EVIDENCE_AREA_NAME, idInAddress, oneLine } from './evidence-common.ts';

export class ActivityPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, activityTitle: string) {
    super(visitor);
    this.heading = activityTitle;
    this.title = `${activityTitle}: ${EVIDENCE_AREA_NAME}`;
  }

  /** The activity's id, from the page's address. */
  id(): string {
    return idInAddress(this.page, 'activities');
  }

  /** Kind of activity, Date, Time, Place, Inspectors, Description. */
  async details(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list').first());
  }

  /** "Who took part": group → people. */
  async participants(): Promise<Record<string, string>> {
    const rows = await readTable(this.page.getByRole('table', { name: 'Who took part' }));
    return Object.fromEntries(rows.map((row) => [row.Group, row.People]));
  }

  /** The clashes listed under the red "Clash" tag, one line each. */
  async clashes(): Promise<string[]> {
    const tag = this.page.getByRole('main').locator('.govuk-tag', { hasText: /^\s*Clash\s*$/ });
    if ((await tag.count()) === 0) return [];
    return (await tag.locator('xpath=following-sibling::ul[1]/li').allInnerTexts()).map(oneLine);
  }

  /** The notes about the activity: the text of each link. */
  async notes(): Promise<string[]> {
    const list = this.page.getByRole('main').locator('#notes ~ ul.govuk-list > li > a');
    return (await list.allInnerTexts()).map(oneLine);
  }

  async writeNote(): Promise<void> {
    await this.page.getByRole('link', { name: 'Write a note about this activity', exact: true }).click();
  }

  async backTo(link: string): Promise<void> {
    await this.page.getByRole('link', { name: link, exact: true }).first().click();
  }
}
