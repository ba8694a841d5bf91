// A survey's links to share, one per place that passes it on, each with its QR code to download.
import fs from 'node:fs';
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';
import { lowerFirst, nameWithHiddenText, type SurveyAudienceName } from './survey-audience.ts';

export type SurveyLink = { name: string; url: string; responses: string };

export class SurveyLinksPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, audience: SurveyAudienceName) {
    super(visitor);
    this.title = `Links to share: ${lowerFirst(audience)} survey`;
    this.heading = this.title;
  }

  async addLink(name: string): Promise<void> {
    await this.page.getByLabel('Name of the link', { exact: true }).fill(name);
    await this.page.getByRole('button', { name: 'Add link', exact: true }).click();
  }

  /** Each link: its name, the address to share (from its read-only box) and its responses so far. */
  async links(): Promise<SurveyLink[]> {
    const rows = await this.page.getByRole('table').locator('tbody tr').all();
    return Promise.all(
      rows.map(async (row) => ({
        name: (await row.locator('th').innerText()).trim(),
        url: await row.getByRole('textbox').inputValue(),
        responses: (await row.locator('td.govuk-table__cell--numeric').innerText()).trim(),
      })),
    );
  }

  /** Downloads the QR code of the named link as the browser saves it. */
  async downloadQrCode(name: string): Promise<{ fileName: string; bytes: Buffer }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('link', { name: nameWithHiddenText('Download QR code (PNG)', `for ${name}`) }).click(),
    ]);
    const file = await download.path();
    return { fileName: download.suggestedFilename(), bytes: fs.readFileSync(file) };
  }
}
