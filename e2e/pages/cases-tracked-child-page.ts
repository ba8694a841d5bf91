// One tracked child: the record (no name, no date of birth), the tracking meeting, documents received
// and the inspectors' notes, with the form to add a note marked as evidence for framework criteria.
import type { Visitor } from '../support/journey.ts';
import { readSummaryList } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

export type TrackingNoteCard = { heading: string; text: string; evidenceFor: string[] };

export class CasesTrackedChildPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, id: string) {
    super(visitor);
    this.heading = `Tracked child ${id}`;
    this.title = this.heading;
  }

  async record(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list').first());
  }

  /** The meeting card: Date, Who took part, Notes about who took part. */
  async meeting(): Promise<Record<string, string>> {
    return readSummaryList(this.page.locator('.govuk-summary-card', { has: this.page.getByRole('heading', { name: /^Meeting with the child/ }) }));
  }

  async recordTheMeeting(): Promise<void> {
    await this.page.getByRole('link', { name: /^(Record|Change) the tracking meeting/ }).click();
  }

  /** The notes, newest first: the author and time, the text, and the criteria each is evidence for. */
  async notes(): Promise<TrackingNoteCard[]> {
    const cards = await this.page.locator('.govuk-summary-card').filter({ hasNot: this.page.getByRole('heading', { name: /^Meeting with the child/ }) }).all();
    return Promise.all(
      cards.map(async (card) => ({
        heading: (await card.locator('.govuk-summary-card__title').innerText()).trim(),
        text: (await card.locator('.govuk-summary-card__content > p.govuk-body').allInnerTexts()).join('\n\n').trim(),
        evidenceFor: (await card.locator('li').allInnerTexts()).map((t) => t.trim()),
      })),
    );
  }

  async addNote(text: string, evidenceFor: string[] = []): Promise<void> {
    await this.page.getByLabel('Note', { exact: true }).fill(text);
    for (const criterion of evidenceFor) await this.page.getByRole('checkbox', { name: new RegExp(`^${criterion}: `) }).check();
    await this.page.getByRole('button', { name: 'Add note', exact: true }).click();
  }
}
