// A survey's comments for the inspection team: each redacted answer with its themes and tone.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';
import { lowerFirst, nameWithHiddenText, type SurveyAudienceName } from './survey-audience.ts';

export type Comment = { question: string; response: string; text: string; themes: string[]; corrected: boolean };

export class SurveyCommentsPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, survey: { reference: string; audience: SurveyAudienceName }) {
    super(visitor);
    this.heading = `Comments in the ${lowerFirst(survey.audience)} survey`;
    this.title = `${this.heading}: ${survey.reference}`;
  }

  /** "Showing comments 1 to 6 of 6." */
  async count(): Promise<string> {
    return (await this.page.locator('#comment-count').innerText()).trim();
  }

  async comments(): Promise<Comment[]> {
    const blocks = await this.page.getByRole('main').locator('blockquote').locator('xpath=..').all();
    return Promise.all(
      blocks.map(async (block) => {
        const heading = block.getByRole('heading', { level: 2 });
        const response = (await heading.locator('.govuk-caption-s').innerText()).trim();
        return {
          question: (await heading.innerText()).replace(response, '').trim(),
          response: response.replace(/^Response\s+/, ''),
          text: (await block.locator('blockquote').innerText()).trim(),
          themes: (await block.locator('.govuk-tag--blue').allInnerTexts()).map((t) => t.trim()),
          corrected: (await block.getByText('Corrected by an inspector').count()) > 0,
        };
      }),
    );
  }

  async changeThemesOf(response: string): Promise<void> {
    await this.page.getByRole('link', { name: nameWithHiddenText('Change themes', `of response ${response}’s comment`) }).click();
  }

  async returnToResults(): Promise<void> {
    await this.page.getByRole('link', { name: 'Return to the results', exact: true }).click();
  }
}
