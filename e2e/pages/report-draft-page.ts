// Writing the draft: a box for each narrative section, a note of what changed, and a new version on each save.
import { submitAndWait } from './evidence-note-form-page.ts';
import { GovukPage } from './govuk-page.ts';

export class DraftPage extends GovukPage {
  readonly title = 'Write the draft report';
  readonly heading = 'Write the draft report';

  async textOf(sectionHeading: string): Promise<string> {
    return this.page.getByRole('main').getByLabel(sectionHeading, { exact: true }).inputValue();
  }

  /** Types each section's text (replacing what was there) and the note of what changed. */
  async write(texts: Record<string, string>, changeNote?: string): Promise<void> {
    const main = this.page.getByRole('main');
    for (const [heading, text] of Object.entries(texts)) await main.getByLabel(heading, { exact: true }).fill(text);
    if (changeNote !== undefined) await main.getByLabel('What changed (optional)', { exact: true }).fill(changeNote);
  }

  async save(): Promise<void> {
    await submitAndWait(this.page, this.page.getByRole('main').getByRole('button', { name: 'Save a new version', exact: true }));
  }
}
