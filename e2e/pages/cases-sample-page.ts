// The case sample: the draw form (tracked children, plans to review, seed), the chosen children
// and plans with their strata, replaced cases struck through with the reason, and what to do next.
import type { Visitor } from '../support/journey.ts';
import { readSummaryList, readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { casesAddress, escapeRegExp, type CasesInspection } from './cases-common.ts';

export type SampledCaseRow = {
  id: string;
  age: string;
  need: string;
  senStatus: string;
  placement: string;
  inAlternativeProvision: boolean;
  /** The id this case took the place of, when it is a replacement. */
  inPlaceOf?: string;
  /** "Replaced on … by …: reason", for a case that has been replaced. */
  replaced?: string;
};

export class CasesSamplePage extends GovukPage {
  readonly title: string;
  readonly heading = 'Case sample';

  constructor(visitor: Visitor, inspection: Pick<CasesInspection, 'reference'>) {
    super(visitor);
    this.title = `Case sample: ${inspection.reference}`;
  }

  static async open(visitor: Visitor, inspection: CasesInspection): Promise<CasesSamplePage> {
    await visitor.visit(casesAddress(inspection, '/sample'));
    return new CasesSamplePage(visitor, inspection).arrived();
  }

  async draw(request: { tracked: number; review: number; seed?: string }): Promise<void> {
    await this.page.getByLabel('Number of children to track', { exact: true }).fill(String(request.tracked));
    await this.page.getByLabel('Number of EHC plans to review', { exact: true }).fill(String(request.review));
    await this.page.getByLabel('Seed (optional)', { exact: true }).fill(request.seed ?? '');
    await this.page.getByRole('button', { name: /^Draw (the sample|again)$/ }).click();
  }

  /** Seed, Method, Drawn, Tracked children, Plans to review, Shared with the local area. */
  async summary(): Promise<Record<string, string>> {
    return readSummaryList(this.page.locator('#sample-summary'));
  }

  async trackedChildren(): Promise<SampledCaseRow[]> {
    return this.#cases('Tracked children');
  }

  async plansToReview(): Promise<SampledCaseRow[]> {
    return this.#cases('Plans to review');
  }

  async #cases(caption: string): Promise<SampledCaseRow[]> {
    const rows = await readTable(this.page.getByRole('table', { name: caption, exact: true }));
    return rows.map((row) => {
      const [id, ...rest] = row.Id.split('\n').map((t) => t.trim());
      const inPlaceOf = rest.find((t) => t.startsWith('In place of '))?.replace('In place of ', '');
      // A replaced case's last cells are one: the tag, when and why.
      const replaced = row.Stratum.startsWith('Replaced') ? row.Stratum.replace(/\s*\n\s*/g, ' ') : undefined;
      return {
        id,
        age: row.Age,
        need: row['Primary need'],
        senStatus: row['SEN status'],
        placement: row.Placement,
        inAlternativeProvision: row['In AP'] === 'Yes',
        ...(inPlaceOf ? { inPlaceOf } : {}),
        ...(replaced ? { replaced } : {}),
      };
    });
  }

  async openReport(): Promise<void> {
    await this.page.getByRole('link', { name: 'How the sample covers the population, group by group', exact: true }).click();
  }

  async replace(id: string): Promise<void> {
    await this.page.getByRole('link', { name: new RegExp(`^Replace\\s+${escapeRegExp(id)}$`) }).click();
  }

  async startSharing(): Promise<void> {
    await this.page.getByRole('link', { name: 'Share the chosen ids with the local area', exact: true }).click();
  }

  async mayDraw(): Promise<boolean> {
    return (await this.page.getByRole('button', { name: /^Draw (the sample|again)$/ }).count()) > 0;
  }
}
