// An inspector corrects the themes of one comment: the correction replaces the automatic coding.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export class SurveyChangeThemesPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Change the themes of this comment';

  constructor(visitor: Visitor, reference: string) {
    super(visitor);
    this.title = `Change the themes of a comment: ${reference}`;
  }

  async ticked(): Promise<string[]> {
    const boxes = await this.page.getByRole('main').locator('input[type="checkbox"]:checked').all();
    return Promise.all(boxes.map(async (box) => (await this.page.locator(`label[for="${await box.getAttribute('id')}"]`).innerText()).trim()));
  }

  /** Unticks every theme, then ticks those given. */
  async chooseOnly(...themes: string[]): Promise<void> {
    for (const box of await this.page.getByRole('main').locator('input[type="checkbox"]:checked').all()) await box.uncheck();
    for (const theme of themes) await this.page.getByRole('checkbox', { name: theme, exact: true }).check();
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save themes', exact: true }).click();
  }
}
