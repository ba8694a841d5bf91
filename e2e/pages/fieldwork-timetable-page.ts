// The timetable: every working day on site with its activities in time order, and a warning that
// lists each activity whose inspector is booked elsewhere at the same time.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';
import { readDayTables, type ActivityRow } from './fieldwork-activities-page.ts';
import { EVIDENCE_AREA_NAME, fieldworkAddress, oneLine, type EvidenceInspection } from './evidence-common.ts';

export class TimetablePage extends GovukPage {
  readonly title = `Timetable: ${EVIDENCE_AREA_NAME}`;
  readonly heading = 'Timetable';

  static async open(visitor: Visitor, inspection: EvidenceInspection): Promise<TimetablePage> {
    await visitor.visit(fieldworkAddress(inspection, '/timetable'));
    return new TimetablePage(visitor).arrived();
  }

  /** The warning above the days ("2 activities have an inspector booked elsewhere at the same time."), or null. */
  async clashWarning(): Promise<string | null> {
    const warning = this.page.locator('#clashes .govuk-warning-text__text');
    return (await warning.count()) ? oneLine(await warning.innerText()).replace(/^Warning\s*/, '') : null;
  }

  /** The clashing activities listed under the warning. */
  async clashList(): Promise<string[]> {
    return (await this.page.locator('#clashes ul li').allInnerTexts()).map(oneLine);
  }

  /** The day headings, in order. */
  async days(): Promise<string[]> {
    return (await this.page.getByRole('main').locator('table caption').allInnerTexts()).map(oneLine);
  }

  async activities(): Promise<ActivityRow[]> {
    return readDayTables(this.page.getByRole('main'));
  }
}
