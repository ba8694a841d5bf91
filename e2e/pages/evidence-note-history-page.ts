// Every version of an evidence note, newest first: who saved it and when, what changed, and the
// content as it was.
import { GovukPage } from './govuk-page.ts';
import { oneLine } from './evidence-common.ts';

export type NoteVersionCard = { heading: string; savedBy: string; changes: string[]; text: string };

export class NoteHistoryPage extends GovukPage {
  readonly title = 'History of the evidence note';
  readonly heading = 'History of the evidence note';

  async versions(): Promise<NoteVersionCard[]> {
    const cards = await this.page.getByRole('main').locator('.govuk-summary-card').all();
    return Promise.all(
      cards.map(async (card) => ({
        heading: oneLine(await card.locator('.govuk-summary-card__title').innerText()),
        savedBy: oneLine(await card.locator('p', { hasText: /^Saved by / }).innerText()),
        changes: (await card.locator('ul.govuk-list--bullet li').allInnerTexts()).map(oneLine),
        text: (await card.locator('p.app-note-body').allInnerTexts()).join('\n\n'),
      })),
    );
  }
}
