// Translating a survey into one language: a box for every item a respondent reads, labelled with its English.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';
import { lowerFirst, type SurveyAudienceName } from './survey-audience.ts';

export type TranslationBox = {
  /** The field's id, e.g. "title", "phrase-continue", "q-age_phase-option-age_under_11". */
  field: string;
  /** The English the respondent reads, as the box's label gives it. */
  english: string;
  /** The box's language and direction, which the page sets so typing shows the right way round. */
  lang: string | null;
  dir: string | null;
};

export class SurveyTranslationPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, audience: SurveyAudienceName, language: { name: string; nativeName: string }) {
    super(visitor);
    this.title = `Translate into ${language.name}: ${lowerFirst(audience)} survey`;
    this.heading = `Translate into ${language.name} (${language.nativeName})`;
  }

  /** "0 of 63 items translated." */
  async progress(): Promise<string> {
    return (await this.page.getByRole('main').locator('p strong', { hasText: /items translated/ }).innerText()).trim();
  }

  async boxes(): Promise<TranslationBox[]> {
    const inputs = await this.page.locator('main form').locator('input.govuk-input, textarea.govuk-textarea').all();
    return Promise.all(
      inputs.map(async (input) => {
        const field = (await input.getAttribute('id'))!;
        const english = (await this.page.locator(`label[for="${field}"]`).innerText()).trim();
        return { field, english, lang: await input.getAttribute('lang'), dir: await input.getAttribute('dir') };
      }),
    );
  }

  /** Types into every box what `translate` gives for it; returns the boxes it filled. */
  async fillEvery(translate: (box: TranslationBox) => string): Promise<TranslationBox[]> {
    const boxes = await this.boxes();
    for (const box of boxes) await this.page.locator(`#${box.field}`).fill(translate(box));
    return boxes;
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save translations', exact: true }).click();
  }
}
