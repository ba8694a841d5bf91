// "Open the survey now?" and "Close the survey now?": the lead confirms a change that cannot be undone.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';
import type { SurveyAudienceName } from './survey-audience.ts';

export class SurveyConfirmPage extends GovukPage {
  readonly title: string;
  readonly heading: string;
  readonly action: 'open' | 'close';

  constructor(visitor: Visitor, audience: SurveyAudienceName, action: 'open' | 'close') {
    super(visitor);
    this.action = action;
    this.heading = action === 'open' ? 'Open the survey now?' : 'Close the survey now?';
    this.title = `${this.heading} ${audience} survey`;
  }

  async warning(): Promise<string> {
    return (await this.page.locator('.govuk-warning-text__text').innerText()).replace(/^Warning\s*/, '').trim();
  }

  async confirm(): Promise<void> {
    await this.page.getByRole('button', { name: this.action === 'open' ? 'Open the survey' : 'Close the survey', exact: true }).click();
  }
}
