// The activities of an inspection, a table for each day: time, title and kind, inspectors, and who
// took part, with clashes flagged.
import type { Locator } from 'playwright-core';
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';
import { EVIDENCE_AREA_NAME, fieldworkAddress, oneLine, type EvidenceInspection } from './evidence-common.ts';

/** One activity as a day's table shows it. */
export type ActivityRow = { day: string; time: string; title: string; kind: string; inspectors: string; participants: string; clashes: string[] };

/** Reads the day tables of the list or the timetable (a table per day, captioned with the day). */
export async function readDayTables(main: Locator): Promise<ActivityRow[]> {
  const rows: ActivityRow[] = [];
  for (const table of await main.locator('table.govuk-table').all()) {
    const day = oneLine(await table.locator('caption').innerText());
    for (const row of await table.locator('tbody tr[id^="activity-"]').all()) {
      const cells = row.locator('td');
      const activity = cells.nth(1);
      rows.push({
        day,
        time: oneLine(await cells.nth(0).innerText()),
        title: oneLine(await activity.getByRole('link').first().innerText()),
        kind: oneLine(await activity.locator('span.govuk-body-s').first().innerText()),
        inspectors: oneLine(await cells.nth(2).innerText()),
        participants: oneLine(await cells.nth(3).innerText()),
        clashes: (await activity.locator('ul li').allInnerTexts()).map(oneLine),
      });
    }
  }
  return rows;
}

export class ActivitiesPage extends GovukPage {
  readonly title = `Activities: ${EVIDENCE_AREA_NAME}`;
  readonly heading = 'Activities';

  static async open(visitor: Visitor, inspection: EvidenceInspection): Promise<ActivitiesPage> {
    await visitor.visit(fieldworkAddress(inspection, '/activities'));
    return new ActivitiesPage(visitor).arrived();
  }

  async activities(): Promise<ActivityRow[]> {
    return readDayTables(this.page.getByRole('main'));
  }

  async recordAnActivity(): Promise<void> {
    await this.page.getByRole('main').getByRole('button', { name: 'Record an activity', exact: true }).click();
  }

  async openTimetable(): Promise<void> {
    await this.page.getByRole('link', { name: 'See the timetable, with every day of the on-site week', exact: true }).click();
  }
}
