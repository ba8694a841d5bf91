// The tracked children of the current sample, with each one's meeting, notes, documents and progress.
import type { Visitor } from '../support/journey.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { casesAddress, type CasesInspection } from './cases-common.ts';

export type TrackedChildRow = { id: string; age: string; need: string; placement: string; meeting: string; notes: string; documents: string; progress: string };

export class CasesTrackedPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Tracked children';

  constructor(visitor: Visitor, area: { name: string }) {
    super(visitor);
    this.title = `Tracked children: ${area.name}`;
  }

  static async open(visitor: Visitor, inspection: CasesInspection, area: { name: string }): Promise<CasesTrackedPage> {
    await visitor.visit(casesAddress(inspection, '/tracked'));
    return new CasesTrackedPage(visitor, area).arrived();
  }

  /** The table's caption: "6 tracked children". */
  async caption(): Promise<string> {
    return (await this.page.getByRole('main').locator('table caption').innerText()).trim();
  }

  async children(): Promise<TrackedChildRow[]> {
    const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();
    return (await readTable(this.page.getByRole('main').getByRole('table'))).map((row) => ({
      id: row.Id,
      age: row.Age,
      need: row['Primary need'],
      placement: oneLine(row.Placement),
      meeting: oneLine(row.Meeting),
      notes: row.Notes,
      documents: row.Documents,
      progress: row.Progress,
    }));
  }

  async openChild(id: string): Promise<void> {
    await this.page.getByRole('main').getByRole('link', { name: id, exact: true }).click();
  }
}
