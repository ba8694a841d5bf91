// A criterion's page: how much evidence there is from each kind of source, the notes tagged with
// it (filtered by strength or concern and source), survey figures, case reviews and tracking.
import type { Visitor } from '../support/journey.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { escapeRegExp } from './cases-common.ts';
import { oneLine, type EvidenceInspection } from './evidence-common.ts';

export type CriterionNote = { polarity: string; source: string; excerpt: string; byline: string };

export class CriterionPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, inspection: Pick<EvidenceInspection, 'reference'>, criterion: { code: string; heading: string }) {
    super(visitor);
    this.heading = `${criterion.code}: ${criterion.heading}`;
    this.title = `${criterion.code}: ${criterion.heading} – ${inspection.reference}`;
  }

  /** The tags and reasons shown under the heading ("One kind of source Evidence from fieldwork notes only."). */
  async highlights(): Promise<string[]> {
    const lines = this.page.getByRole('main').locator('h1 ~ p.govuk-body', { has: this.page.locator('.govuk-tag') });
    return (await lines.allInnerTexts()).map(oneLine);
  }

  /** "Evidence so far": kind of source → items and the strengths and concerns. */
  async counts(): Promise<Record<string, { items: string; breakdown: string }>> {
    const rows = await readTable(this.page.locator('#criterion-counts'));
    return Object.fromEntries(rows.map((row) => [row['Kind of source'], { items: row.Items, breakdown: row['Strengths and concerns'] }]));
  }

  /** "3 notes, newest first." */
  async notesSummary(): Promise<string> {
    return oneLine(await this.page.locator('#notes-summary').innerText());
  }

  async notes(): Promise<CriterionNote[]> {
    const items = await this.page.locator('#criterion-notes > li').all();
    return Promise.all(
      items.map(async (item) => {
        const paragraphs = item.locator('p');
        return {
          polarity: oneLine(await item.locator('.govuk-tag').innerText()),
          source: oneLine(await paragraphs.nth(0).locator('span.govuk-body-s').innerText()),
          excerpt: oneLine(await paragraphs.nth(1).innerText()),
          byline: oneLine(await paragraphs.nth(2).innerText()),
        };
      }),
    );
  }

  async openNote(excerptStart: string): Promise<void> {
    const item = this.page.locator('#criterion-notes > li', { hasText: new RegExp(escapeRegExp(excerptStart)) });
    await item.getByRole('link', { name: /^(Open the note|Read the whole note)/ }).click();
  }
}
