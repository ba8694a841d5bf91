// The sampling report: for the tracked children and for the plans to review, how the sample covers
// the population, group by group (population, target, chosen).
import type { Locator } from 'playwright-core';
import type { Visitor } from '../support/journey.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import type { CasesInspection } from './cases-common.ts';

export type Part = 'Tracked children' | 'Plans to review';
export type ReportRow = { group: string; population: string; target: string; chosen: string };

export class CasesSampleReportPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Sampling report';

  constructor(visitor: Visitor, inspection: Pick<CasesInspection, 'reference'>) {
    super(visitor);
    this.title = `Sampling report: ${inspection.reference}`;
  }

  /** The report's headings for its two parts, in order. */
  async parts(): Promise<string[]> {
    return (await this.page.getByRole('main').getByRole('heading', { level: 2 }).allInnerTexts()).map((t) => t.trim());
  }

  /** The sentence under a part's heading: "40 chosen now from 212 children … In alternative provision: …". */
  async introduction(part: Part): Promise<string> {
    return (await this.#part(part).locator('xpath=following-sibling::div[1]').innerText()).trim();
  }

  /** One dimension's table in one part (e.g. 'Age phase' of the plans to review). */
  async groups(part: Part, dimension: string): Promise<ReportRow[]> {
    const tables = this.page.getByRole('table', { name: dimension, exact: true });
    // Each dimension has a table in each part, tracked children first.
    const table = tables.nth(part === 'Tracked children' ? 0 : 1);
    return (await readTable(table)).map((row) => ({ group: row.Group, population: row.Population, target: row.Target, chosen: row.Chosen.replace(/\s*\(not the target\)$/, '') }));
  }

  #part(part: Part): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 2, name: part, exact: true });
  }
}
