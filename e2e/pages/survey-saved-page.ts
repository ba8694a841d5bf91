// After "Save and come back later": the code to carry on with, to write down.
import type { Visitor } from '../support/journey.ts';
import { ENGLISH, RespondentPage, type RespondentLanguage } from './survey-respondent-page.ts';

export class SurveySavedPage extends RespondentPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, heading = 'Your answers have been saved', language: RespondentLanguage = ENGLISH) {
    super(visitor, language);
    this.title = heading;
    this.heading = heading;
  }

  async code(): Promise<string> {
    return (await this.page.locator('.app-resume-code').innerText()).trim();
  }
}
