// Publishing the report: both sign-offs shown, now or at a set time, and the confirmation before it goes public.
import { oneLine } from './evidence-common.ts';
import { submitAndWait } from './evidence-note-form-page.ts';
import { GovukPage } from './govuk-page.ts';

export class PublishPage extends GovukPage {
  readonly title = 'Publish the report';
  readonly heading = 'Publish the report';

  async missing(): Promise<string[]> {
    return (await this.page.locator('#missing li').allInnerTexts()).map(oneLine);
  }

  async publishNow(): Promise<void> {
    const main = this.page.getByRole('main');
    await main.getByRole('radio', { name: 'Now', exact: true }).check();
    await submitAndWait(this.page, main.getByRole('button', { name: 'Continue', exact: true }));
  }
}

export class PublishConfirmPage extends GovukPage {
  readonly title = 'Publish the report now?';
  readonly heading = 'Publish the report now?';

  async warning(): Promise<string> {
    return oneLine((await this.page.getByRole('main').locator('.govuk-warning-text__text').innerText()).replace(/^Warning\s*/, ''));
  }

  async publish(): Promise<void> {
    await submitAndWait(this.page, this.page.getByRole('main').getByRole('button', { name: 'Publish the report', exact: true }));
  }
}
