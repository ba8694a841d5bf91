// One evidence note: its text, strength or concern, criteria, themes and source, who wrote and last
// changed it, and the ways to change it and see every version.
import type { Visitor } from '../support/journey.ts';
import { readSummaryList } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { evidenceAddress, idInAddress, type EvidenceInspection } from './evidence-common.ts';

export class NotePage extends GovukPage {
  readonly title = 'Evidence note';
  readonly heading = 'Evidence note';

  static async open(visitor: Visitor, inspection: EvidenceInspection, noteId: string): Promise<NotePage> {
    await visitor.visit(evidenceAddress(inspection, `/notes/${noteId}`));
    return new NotePage(visitor).arrived();
  }

  id(): string {
    return idInAddress(this.page, 'notes');
  }

  /** The note's text, paragraphs separated by a blank line. */
  async text(): Promise<string> {
    return (await this.page.getByRole('main').locator('p.app-note-body').allInnerTexts()).join('\n\n');
  }

  /** Strength or concern, Criteria, Themes, Source. */
  async content(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list').first());
  }

  /** Written by, Last changed. */
  async authorship(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list--no-border'));
  }

  async change(): Promise<void> {
    await this.page.getByRole('link', { name: 'Change this note', exact: true }).click();
  }

  async history(): Promise<void> {
    await this.page.getByRole('link', { name: 'See every version of this note', exact: true }).click();
  }
}
