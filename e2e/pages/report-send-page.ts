// The QA reader accepts the draft and sends it to the local area, setting its working days to comment.
import { oneLine } from './evidence-common.ts';
import { submitAndWait } from './evidence-note-form-page.ts';
import { GovukPage } from './govuk-page.ts';

export class SendForFactualAccuracyPage extends GovukPage {
  readonly title = 'Send the draft for the factual accuracy check';
  readonly heading = 'Send the draft for the factual accuracy check';

  /** "Version 2 of the draft will be sent. …" */
  async versionSent(): Promise<string> {
    return oneLine(await this.page.getByRole('main').locator('p', { hasText: /^Version \d+ of the draft will be sent/ }).innerText());
  }

  async workingDays(): Promise<string> {
    return this.page.getByRole('main').getByLabel('How many working days does the local area have to comment?').inputValue();
  }

  async send(workingDays?: number): Promise<void> {
    const main = this.page.getByRole('main');
    if (workingDays !== undefined) await main.getByLabel('How many working days does the local area have to comment?').fill(String(workingDays));
    await submitAndWait(this.page, main.getByRole('button', { name: 'Send the draft to the local area', exact: true }));
  }
}
