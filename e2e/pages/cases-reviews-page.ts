// The EHC plans to review, where each plan's two reviews stand, and the results so far.
import type { Visitor } from '../support/journey.ts';
import { readSummaryList, readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { casesAddress, escapeRegExp, type CasesInspection } from './cases-common.ts';

export type ReviewedPlanRow = { plan: string; first: string; second: string };

export class CasesReviewsPage extends GovukPage {
  readonly title: string;
  readonly heading = 'EHC plan reviews';

  constructor(visitor: Visitor, inspection: Pick<CasesInspection, 'reference'>) {
    super(visitor);
    this.title = `EHC plan reviews: ${inspection.reference}`;
  }

  static async open(visitor: Visitor, inspection: CasesInspection): Promise<CasesReviewsPage> {
    await visitor.visit(casesAddress(inspection, '/reviews'));
    return new CasesReviewsPage(visitor, inspection).arrived();
  }

  /** Plans to review, first and second reviews complete, when the sample was drawn. */
  async counts(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list').first());
  }

  /** Each plan's pseudonymous id with the state of its first and second review (status, then reviewer, as shown). */
  async plans(): Promise<ReviewedPlanRow[]> {
    const rows = await readTable(this.page.getByRole('table', { name: 'Plans to review and where their reviews stand' }));
    const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();
    return rows.map((row) => ({ plan: row.Plan.replace(/\s*:\s*first review$/, '').trim(), first: oneLine(row['First review']), second: oneLine(row['Second review']) }));
  }

  async openFirstReview(plan: string): Promise<void> {
    await this.page.getByRole('link', { name: new RegExp(`^${escapeRegExp(plan)}\\s*:\\s*first review$`) }).click();
  }

  async openSecondReview(plan: string): Promise<void> {
    await this.page.getByRole('link', { name: new RegExp(`^(Start|Open) second review\\s+of plan ${escapeRegExp(plan)}$`) }).click();
  }

  async openModeration(): Promise<void> {
    await this.page.getByRole('link', { name: /^Moderation:/ }).click();
  }

  /** The results table: each criterion with how many plans met it, partly met it … */
  async criterionResults(): Promise<Record<string, string>[]> {
    return readTable(this.page.locator('#criterion-results'));
  }
}
