// "Report a problem with this page" and the thanks after any feedback, on the public site.
import { oneLine } from './evidence-common.ts';
import { submitAndWait } from './evidence-note-form-page.ts';
import { GovukPage } from './govuk-page.ts';
import { readBeforeAnswering } from './public-common.ts';

export class ReportProblemPage extends GovukPage {
  readonly title = 'Report a problem with this page';
  readonly heading = 'Report a problem with this page';

  /** "About the page /reports/… ." */
  async about(): Promise<string> {
    return oneLine(await this.page.getByRole('main').locator('p', { hasText: /^About the page / }).innerText());
  }

  async values(): Promise<{ whatDoing: string; whatWrong: string }> {
    const main = this.page.getByRole('main');
    return {
      whatDoing: await main.getByLabel('What were you doing?', { exact: true }).inputValue(),
      whatWrong: await main.getByLabel('What went wrong?', { exact: true }).inputValue(),
    };
  }

  /** Fills in the two boxes and, after reading time, sends them. */
  async send(whatDoing: string, whatWrong: string): Promise<void> {
    const main = this.page.getByRole('main');
    await main.getByLabel('What were you doing?', { exact: true }).fill(whatDoing);
    await main.getByLabel('What went wrong?', { exact: true }).fill(whatWrong);
    await readBeforeAnswering(this.page);
    await submitAndWait(this.page, main.getByRole('button', { name: 'Send', exact: true }));
  }
}

export class FeedbackThanksPage extends GovukPage {
  readonly title = 'Thank you for your feedback';
  readonly heading = 'Thank you for your feedback';

  async offersToReportAProblem(): Promise<boolean> {
    return (await this.page.getByRole('main').getByRole('link', { name: 'report a problem with this page', exact: true }).count()) > 0;
  }

  async reportAProblem(): Promise<void> {
    await this.page.getByRole('main').getByRole('link', { name: 'report a problem with this page', exact: true }).click();
  }

  async backToThePage(): Promise<string> {
    return (await this.page.getByRole('main').getByRole('link', { name: 'Go back to the page you were on', exact: true }).getAttribute('href')) ?? '';
  }
}
