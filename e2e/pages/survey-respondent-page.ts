// What every page a survey respondent sees shares: the page's language and direction on <html>.
import assert from 'node:assert/strict';
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export type RespondentLanguage = { code: string; dir: 'ltr' | 'rtl' };

export const ENGLISH: RespondentLanguage = { code: 'en', dir: 'ltr' };

export abstract class RespondentPage extends GovukPage {
  readonly language: RespondentLanguage;

  constructor(visitor: Visitor, language: RespondentLanguage = ENGLISH) {
    super(visitor);
    this.language = language;
  }

  /** As GovukPage's, and the whole page is marked up in the respondent's language and its direction. */
  override async arrived(): Promise<this> {
    await super.arrived();
    await this.#inLanguage();
    return this;
  }

  override async arrivedWithErrors(): Promise<string[]> {
    const errors = await super.arrivedWithErrors();
    await this.#inLanguage();
    return errors;
  }

  async #inLanguage(): Promise<void> {
    const html = this.page.locator('html');
    assert.deepEqual(
      { lang: await html.getAttribute('lang'), dir: await html.getAttribute('dir') },
      { lang: this.language.code, dir: this.language.dir },
      `<html lang dir> on ${this.page.url()}`,
    );
  }

  async back(text = 'Back'): Promise<void> {
    await this.page.getByRole('link', { name: text, exact: true }).click();
  }

  /** Where each error in the summary links to ("#answer"). */
  async errorLinks(): Promise<string[]> {
    const links = await this.errorSummary().getByRole('link').all();
    return Promise.all(links.map(async (link) => (await link.getAttribute('href')) ?? ''));
  }
}
