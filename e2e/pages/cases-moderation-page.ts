// Moderation: how far first and second reviewers agree (Cohen's kappa), and every point where the
// two reviews of a plan differ.
import type { Visitor } from '../support/journey.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import type { CasesInspection } from './cases-common.ts';

export type Disagreement = { criterion: string; first: string; second: string };

export class CasesModerationPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Moderation of EHC plan reviews';

  constructor(visitor: Visitor, inspection: Pick<CasesInspection, 'reference'>) {
    super(visitor);
    this.title = `Moderation of EHC plan reviews: ${inspection.reference}`;
  }

  /** "1 of the 5 plans to review has two complete reviews." */
  async pairs(): Promise<string> {
    return (await this.page.locator('#pair-count').innerText()).trim();
  }

  /** The kappa in words, for all criteria together and for the overall grade. */
  async agreement(): Promise<{ criteria: string; grade: string }> {
    const text = async (id: string) => (await this.page.locator(`#${id}`).innerText()).replace(/^[^:]+:\s*/, '').trim();
    return { criteria: await text('pooled-kappa'), grade: await text('grade-kappa') };
  }

  /** The kappa table: one row per criterion, then all criteria together and the overall grade. */
  async kappaTable(): Promise<Record<string, string>[]> {
    return readTable(this.page.getByRole('table', { name: 'Agreement between first and second reviews' }));
  }

  /** The plans whose two reviews differ somewhere, by the heading of their section. */
  async plansWithDisagreements(): Promise<string[]> {
    return (await this.page.getByRole('heading', { level: 3, name: /^Plan / }).allInnerTexts()).map((t) => t.replace(/^Plan /, '').trim());
  }

  /** Where the two reviews of one plan differ: criterion, the first rating, the second (comments after the rating). */
  async disagreementsFor(plan: string): Promise<Disagreement[]> {
    const rows = await readTable(this.page.getByRole('table', { name: `Where the two reviews of plan ${plan} differ` }));
    return rows.map((row) => {
      const [first, second] = Object.keys(row).filter((k) => k !== 'Criterion');
      return { criterion: row.Criterion, first: row[first].split('\n')[0].trim(), second: row[second].split('\n')[0].trim() };
    });
  }
}
