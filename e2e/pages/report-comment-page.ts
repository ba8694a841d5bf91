// Commenting on one paragraph of the draft: the QA reader's comment, or the local area's on its accuracy.
import type { Visitor } from '../support/journey.ts';
import { oneLine } from './evidence-common.ts';
import { submitAndWait } from './evidence-note-form-page.ts';
import { GovukPage } from './govuk-page.ts';

export class CommentPage extends GovukPage {
  readonly title = 'Comment on a paragraph';
  readonly heading: string;

  constructor(visitor: Visitor, stage: 'quality_assurance' | 'factual_accuracy') {
    super(visitor);
    this.heading = stage === 'factual_accuracy' ? 'Comment on the accuracy of a paragraph' : 'Comment on a paragraph';
  }

  /** Which section and version the paragraph is from ("From ‘…’ in version 2 of the draft:"). */
  async from(): Promise<string> {
    return oneLine(await this.page.getByRole('main').locator('p', { hasText: /^From ‘/ }).innerText());
  }

  /** The paragraph commented on, as quoted on the page. */
  async quoted(): Promise<string> {
    return oneLine(await this.page.getByRole('main').locator('.govuk-inset-text').first().innerText());
  }

  async comment(text: string): Promise<void> {
    const main = this.page.getByRole('main');
    await main.getByLabel('Your comment', { exact: true }).fill(text);
    await submitAndWait(this.page, main.getByRole('button', { name: 'Add comment', exact: true }));
  }
}
