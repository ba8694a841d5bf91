// The fieldwork and evidence hub of an inspection: the totals sentence computed from the activities,
// the counts by kind and group, and the way to every fieldwork and evidence page.
import type { Visitor } from '../support/journey.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { EVIDENCE_AREA_NAME, fieldworkAddress, oneLine, type EvidenceInspection } from './evidence-common.ts';

export class FieldworkHubPage extends GovukPage {
  readonly title = `Fieldwork and evidence: ${EVIDENCE_AREA_NAME}`;
  readonly heading = 'Fieldwork and evidence';

  static async open(visitor: Visitor, inspection: EvidenceInspection): Promise<FieldworkHubPage> {
    await visitor.visit(fieldworkAddress(inspection));
    return new FieldworkHubPage(visitor).arrived();
  }

  /** "Inspectors spoke to about N parents, carers, children and young people and M staff, and visited K settings." */
  async totalsSentence(): Promise<string> {
    return oneLine(await this.page.locator('#fieldwork-totals').innerText());
  }

  /** "Activities by kind": each kind's count and the settings visited. */
  async activitiesByKind(): Promise<Record<string, string>> {
    const rows = await readTable(this.page.getByRole('table', { name: 'Activities by kind' }));
    return Object.fromEntries(rows.map((row) => [row['Kind of activity'], row.Activities]));
  }

  async follow(link: string): Promise<void> {
    await this.page.getByRole('main').getByRole('link', { name: link, exact: true }).click();
  }
}
