// One framework revision: criteria, types of inspection with their outcomes and timelines, and the report.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export class FrameworkPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, framework: { code: string; name: string }) {
    super(visitor);
    this.title = `${framework.name} framework (${framework.code})`;
    this.heading = framework.name;
  }

  /** The caption above the heading, e.g. "Framework 2023, revision 1". */
  async caption(): Promise<string> {
    return (await this.page.getByRole('main').locator('.govuk-caption-l').first().innerText()).trim();
  }

  /**
   * The outcome sentences quoted under one type of inspection (by its heading), in order: the
   * words the report states for each possible outcome.
   */
  async outcomeSentences(inspectionType: string): Promise<string[]> {
    const heading = this.page.getByRole('heading', { level: 3, name: inspectionType, exact: true });
    const id = await heading.getAttribute('id');
    // The quotes from this type's heading up to the next type's heading.
    const quotes = this.page.locator(`h3[id="${id}"] ~ blockquote:not(h3[id="${id}"] ~ h3 ~ blockquote)`);
    return (await quotes.allInnerTexts()).map((t) => t.trim());
  }

  /** How many items carry the "Wording not verified" mark (the explanation above them not counted). */
  async unverifiedMarks(): Promise<number> {
    return this.page.getByRole('main').locator('.app-provenance').getByText('Wording not verified', { exact: true }).count();
  }
}
