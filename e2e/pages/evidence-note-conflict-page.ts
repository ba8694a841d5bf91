// Shown when a note was saved by someone else while it was being changed: their version beside the
// person's own, kept in the form, to keep or save over theirs.
import type { Visitor } from '../support/journey.ts';
import { readSummaryList } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { oneLine } from './evidence-common.ts';
import { submitAndWait } from './evidence-note-form-page.ts';

export class NoteConflictPage extends GovukPage {
  readonly title = 'Someone else changed this note while you were editing it';
  readonly heading = 'Someone else changed this note while you were editing it';

  constructor(visitor: Visitor) {
    super(visitor);
  }

  /** "Saved by NAME at TIME (version N)." */
  async theirsSavedBy(): Promise<string> {
    return oneLine(await this.page.getByRole('main').locator('p', { hasText: /^Saved by / }).first().innerText());
  }

  async theirText(): Promise<string> {
    return (await this.page.locator('.app-note-theirs p.app-note-body').allInnerTexts()).join('\n\n');
  }

  async theirContent(): Promise<Record<string, string>> {
    return readSummaryList(this.page.locator('.app-note-theirs .govuk-summary-list'));
  }

  async myText(): Promise<string> {
    return this.page.getByRole('main').getByLabel('Note', { exact: true }).inputValue();
  }

  async saveMyVersion(): Promise<void> {
    await submitAndWait(this.page, this.page.getByRole('button', { name: 'Save my version instead', exact: true }));
  }

  async keepTheirs(): Promise<void> {
    await this.page.getByRole('link', { name: 'Keep their version', exact: true }).click();
  }
}
