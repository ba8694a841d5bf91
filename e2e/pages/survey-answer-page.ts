// One question of a survey, as the respondent answers it: choose, tick or write, then Continue.
import type { Locator } from 'playwright-core';
import type { Visitor } from '../support/journey.ts';
import { ENGLISH, RespondentPage, type RespondentLanguage } from './survey-respondent-page.ts';

export type PictureOption = { label: string; picture: string | null; pictureAlt: string | null };

export class SurveyAnswerPage extends RespondentPage {
  readonly title: string;
  readonly heading: string;

  /** `heading`: the question as the page words it, with " (optional)" after an optional one. */
  constructor(visitor: Visitor, heading: string, language: RespondentLanguage = ENGLISH) {
    super(visitor, language);
    this.title = heading;
    this.heading = heading;
  }

  /** "Question 4 of 22". */
  async position(): Promise<string> {
    return (await this.page.getByRole('main').locator('.govuk-caption-l').innerText()).trim();
  }

  /** Radios and checkboxes on the page: one question a page means one group. */
  async answerGroups(): Promise<number> {
    return this.page.getByRole('main').locator('form fieldset, form textarea, form input[type="text"]').count();
  }

  async choose(label: string): Promise<void> {
    await this.page.getByRole('radio', { name: label, exact: true }).check();
  }

  async tick(...labels: string[]): Promise<void> {
    for (const label of labels) await this.page.getByRole('checkbox', { name: label, exact: true }).check();
  }

  async write(text: string): Promise<void> {
    await this.textBox().fill(text);
  }

  textBox(): Locator {
    return this.page.getByRole('main').getByRole('textbox');
  }

  /** The radios and checkboxes that are selected, by their labels. */
  async selected(): Promise<string[]> {
    const inputs = await this.page.getByRole('main').locator('input[type="radio"]:checked, input[type="checkbox"]:checked').all();
    return Promise.all(inputs.map(async (input) => (await this.page.locator(`label[for="${await input.getAttribute('id')}"]`).innerText()).trim()));
  }

  /** The options of a picture scale: each radio's name as a screen reader says it, and its picture. */
  async pictureOptions(): Promise<PictureOption[]> {
    const labels = await this.page.locator('.govuk-radios__item label').all();
    return Promise.all(
      labels.map(async (label) => {
        const picture = label.locator('img');
        const hasPicture = (await picture.count()) > 0;
        return {
          label: (await label.innerText()).trim(),
          picture: hasPicture ? await picture.getAttribute('src') : null,
          pictureAlt: hasPicture ? await picture.getAttribute('alt') : null,
        };
      }),
    );
  }

  /**
   * What the character count says: with JavaScript the live count ("You have 1,960 characters
   * remaining"), without it the limit under the box ("You can enter up to 2000 characters").
   */
  async characterCount(): Promise<string> {
    const live = this.page.locator('.govuk-character-count__status');
    if (this.visitor.javaScript && (await live.count()) > 0) return (await live.innerText()).trim();
    return (await this.page.locator('#answer-info').innerText()).trim();
  }

  async continue(text = 'Continue'): Promise<void> {
    await this.page.getByRole('button', { name: text, exact: true }).click();
  }

  async saveForLater(text = 'Save and come back later'): Promise<void> {
    await this.page.getByRole('button', { name: text, exact: true }).click();
  }

  /** The message beside the answer, without the hidden prefix. */
  async errorBesideAnswer(): Promise<string> {
    return (await this.page.locator('.govuk-error-message').innerText()).replace(/^[^:]*:\s*/, '').trim();
  }
}
