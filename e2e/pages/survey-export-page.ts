// A survey's downloads: suppressed results for everyone allowed, comments and raw responses for some.
import fs from 'node:fs';
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';
import { lowerFirst, type SurveyAudienceName } from './survey-audience.ts';

export class SurveyExportPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, audience: SurveyAudienceName) {
    super(visitor);
    this.title = `Export: ${lowerFirst(audience)} survey`;
    this.heading = this.title;
  }

  /** The download links offered, e.g. "Download results as CSV". */
  async downloads(): Promise<string[]> {
    return (await this.page.getByRole('main').getByRole('link', { name: /^Download / }).allInnerTexts()).map((t) => t.trim());
  }

  async download(link: string): Promise<{ fileName: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByRole('link', { name: link, exact: true }).click()]);
    return { fileName: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
  }
}
