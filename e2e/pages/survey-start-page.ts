// The first page of a survey for someone who follows its link: its title, introduction and Start.
import type { Visitor } from '../support/journey.ts';
import { escapeRegExp } from './survey-audience.ts';
import { ENGLISH, RespondentPage, type RespondentLanguage } from './survey-respondent-page.ts';

export class SurveyStartPage extends RespondentPage {
  readonly title: string;
  readonly heading: string;

  /** `surveyTitle` as the page shows it in the visitor's language. */
  constructor(visitor: Visitor, surveyTitle: string, language: RespondentLanguage = ENGLISH) {
    super(visitor, language);
    this.title = surveyTitle;
    this.heading = surveyTitle;
  }

  /** Follows a survey link, as from a newsletter or a QR code. */
  static async open(visitor: Visitor, link: string, surveyTitle: string): Promise<SurveyStartPage> {
    await visitor.visit(link);
    return new SurveyStartPage(visitor, surveyTitle).arrived();
  }

  /** The languages offered at the start, each by its own name. */
  async languages(): Promise<string[]> {
    const radios = await this.page.locator('input[type="radio"][name="language"]').all();
    return Promise.all(radios.map(async (radio) => (await this.page.locator(`label[for="${await radio.getAttribute('id')}"]`).innerText()).trim()));
  }

  /** Follows the language link at the top of the page, named in its own language (with its English name hidden after it). */
  async showIn(nativeName: string): Promise<void> {
    const nav = this.page.getByRole('navigation', { name: /./ }).filter({ has: this.page.locator('.govuk-language-navigation__list') });
    await nav.getByRole('link', { name: new RegExp(`^${escapeRegExp(nativeName)}( |$)`) }).click();
  }

  async chooseLanguage(nativeName: string): Promise<void> {
    await this.page.getByRole('radio', { name: nativeName, exact: true }).check();
  }

  async start(text = 'Start now'): Promise<void> {
    await this.page.getByRole('button', { name: text, exact: true }).click();
  }

  async carryOnWithSavedAnswers(text = 'Carry on with your answers'): Promise<void> {
    await this.page.getByRole('link', { name: text, exact: true }).click();
  }
}
