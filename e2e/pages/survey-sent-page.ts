// The confirmation a respondent sees once their answers have been sent.
import type { Visitor } from '../support/journey.ts';
import { ENGLISH, RespondentPage, type RespondentLanguage } from './survey-respondent-page.ts';

export class SurveySentPage extends RespondentPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, heading = 'Thank you: your answers have been sent', language: RespondentLanguage = ENGLISH) {
    super(visitor, language);
    this.title = heading;
    this.heading = heading;
  }

  /** The green confirmation panel's heading. */
  async panel(): Promise<string> {
    return (await this.page.locator('.govuk-panel--confirmation .govuk-panel__title').innerText()).trim();
  }
}
