// One review of an EHC plan (first or second): the child's record, each criterion rated with a
// comment, the overall grade, and the framework criteria it is evidence for.
import type { Visitor } from '../support/journey.ts';
import { readSummaryList } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

export type Round = 'First' | 'Second';

/** A criterion's rating as the form words it, and the comment (needed unless met). */
export type CriterionRating = { rating: 'Met' | 'Partly met' | 'Not met' | 'Not applicable'; comment?: string };

export class CasesReviewPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, review: { round: Round; plan: string }) {
    super(visitor);
    this.heading = `${review.round} review of plan ${review.plan}`;
    this.title = this.heading;
  }

  /** "This review" and the other round, as shown (status first). */
  async state(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list').first());
  }

  /** The criteria in the order of the form: each is a group of radios named by its title. */
  async criteria(): Promise<string[]> {
    const legends = await this.page.getByRole('main').locator('form fieldset:has(input[name^="rating"]) legend').allInnerTexts();
    return legends.map((t) => t.trim());
  }

  async rate(criterion: string, value: CriterionRating): Promise<void> {
    await this.page.getByRole('group', { name: criterion, exact: true }).getByLabel(value.rating, { exact: true }).check();
    if (value.comment !== undefined) await this.page.getByLabel(`Comment on: ${criterion}`, { exact: true }).fill(value.comment);
  }

  async grade(grade: string): Promise<void> {
    await this.page.getByRole('group', { name: 'Overall grade', exact: true }).getByLabel(grade, { exact: true }).check();
  }

  async markAsEvidenceFor(criterion: RegExp): Promise<void> {
    await this.page.getByRole('main').getByRole('checkbox', { name: criterion }).check();
  }

  async saveAndMarkComplete(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save and mark complete', exact: true }).click();
  }

  async saveAsDraft(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save as draft', exact: true }).click();
  }
}
