// A lead signs off the report as it reads now: each lead's sign-off and what is still missing.
import { oneLine } from './evidence-common.ts';
import { submitAndWait } from './evidence-note-form-page.ts';
import { readSummaryList } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

export class SignOffPage extends GovukPage {
  readonly title = 'Sign off the report';
  readonly heading = 'Sign off the report';

  /** Each lead's sign-off: "Not signed off", or "Signed off Olu Lead, version 2, …". */
  async signOffs(): Promise<Record<string, string>> {
    const list = await readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list').first());
    return Object.fromEntries(Object.entries(list).map(([k, v]) => [k, oneLine(v)]));
  }

  async missing(): Promise<string[]> {
    return (await this.page.locator('#missing li').allInnerTexts()).map(oneLine);
  }

  async signOff(): Promise<void> {
    await submitAndWait(this.page, this.page.getByRole('main').getByRole('button', { name: /^Sign off the report/ }));
  }
}
