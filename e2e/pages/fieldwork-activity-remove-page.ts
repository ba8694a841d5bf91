// The page that asks whether to remove an activity recorded by mistake, showing what it was and
// what its removal does to the inspection's totals.
import type { Visitor } from '../support/journey.ts';
import { readSummaryList } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { EVIDENCE_AREA_NAME, oneLine } from './evidence-common.ts';

export class RemoveActivityPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Are you sure you want to remove this activity?';

  constructor(visitor: Visitor, activityTitle: string) {
    super(visitor);
    this.title = `Remove ${activityTitle}: ${EVIDENCE_AREA_NAME}`;
  }

  /** Activity, Kind of activity, Date, Time, Place, Inspectors, Who took part. */
  async details(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list').first());
  }

  /** The warning of what removing it does, without the icon's hidden "Warning". */
  async warning(): Promise<string> {
    return oneLine((await this.page.locator('.govuk-warning-text__text').innerText()).replace(/^Warning\s*/, ''));
  }

  async remove(): Promise<void> {
    await this.page.getByRole('button', { name: 'Remove activity', exact: true }).click();
  }
}
