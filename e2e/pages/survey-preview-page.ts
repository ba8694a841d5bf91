// A survey as respondents will see it, every question on one page with the answer boxes switched off.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';
import { lowerFirst, type SurveyAudienceName } from './survey-audience.ts';

export class SurveyPreviewPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, audience: SurveyAudienceName) {
    super(visitor);
    this.title = `Preview: ${audience} survey`;
    this.heading = `Preview: ${lowerFirst(audience)} survey`;
  }

  /** Each question's wording as the respondent reads it (legend or label), in order. */
  async questions(): Promise<string[]> {
    const preview = this.page.locator('#preview');
    return (await preview.locator('.govuk-fieldset__legend, label.govuk-label--m').allInnerTexts()).map((t) => t.trim());
  }

  /** How many answer boxes are not switched off: a preview sends nothing. */
  async enabledInputs(): Promise<number> {
    return this.page.locator('#preview').locator('input:not([disabled]), textarea:not([disabled])').count();
  }

  /** Shows the preview in another language, chosen by its own name from the links above the questions. */
  async showIn(nativeName: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Language of the preview' }).getByRole('link', { name: nativeName, exact: true }).click();
  }

  /** The language and direction the previewed survey is marked up in. */
  async previewLanguage(): Promise<{ lang: string | null; dir: string | null }> {
    const preview = this.page.locator('#preview');
    return { lang: await preview.getAttribute('lang'), dir: await preview.getAttribute('dir') };
  }

  async back(): Promise<void> {
    await this.page.getByRole('link', { name: 'Back', exact: true }).click();
  }
}
