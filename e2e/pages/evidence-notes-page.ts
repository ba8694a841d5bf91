// The inspection's evidence notes: full-text search and filters in a form that works without
// JavaScript, how many match, and each note's link, tags, snippet and source.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';
import { evidenceAddress, oneLine, type EvidenceInspection } from './evidence-common.ts';

export type ListedNote = { link: string; polarity: string; criteria: string; snippet: string; source: string };

export type NoteSearch = { words?: string; criterion?: string; theme?: string; polarity?: string; source?: string; author?: string };

export class NotesPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Evidence notes';

  constructor(visitor: Visitor, inspection: Pick<EvidenceInspection, 'reference'>) {
    super(visitor);
    this.title = `Evidence notes: ${inspection.reference}`;
  }

  static async open(visitor: Visitor, inspection: EvidenceInspection): Promise<NotesPage> {
    await visitor.visit(evidenceAddress(inspection, '/notes'));
    return new NotesPage(visitor, inspection).arrived();
  }

  /**
   * Fills the search form and applies it. Selects are chosen by the start of their option's text:
   * each option ends with how many notes it would give, e.g. "I2: Children … (3)".
   */
  async search(search: NoteSearch): Promise<void> {
    const form = this.page.getByRole('search', { name: 'Search and filter the notes' });
    await form.getByLabel('Search the notes', { exact: true }).fill(search.words ?? '');
    const choose = async (label: string, startsWith: string | undefined) => {
      const select = form.getByLabel(label, { exact: true });
      if (startsWith === undefined) return select.selectOption({ index: 0 });
      const option = (await select.locator('option').allInnerTexts()).find((text) => text.startsWith(startsWith));
      if (!option) throw new Error(`No option of "${label}" begins "${startsWith}"`);
      return select.selectOption({ label: option });
    };
    await choose('Criterion', search.criterion === undefined ? undefined : `${search.criterion}: `);
    await choose('Theme', search.theme);
    await choose('Strength or concern', search.polarity);
    await choose('Source', search.source);
    await choose('Written by', search.author);
    await form.getByRole('button', { name: 'Apply', exact: true }).click();
  }

  /** "2 notes match: containing “therapies”", "5 notes" … */
  async resultText(): Promise<string> {
    return oneLine(await this.page.locator('#note-count').innerText());
  }

  async notes(): Promise<ListedNote[]> {
    const items = await this.page.locator('ol.app-note-results > li').all();
    return Promise.all(
      items.map(async (item) => {
        const paragraphs = item.locator('p');
        return {
          link: oneLine(await item.getByRole('link').first().innerText()),
          polarity: oneLine(await item.locator('.govuk-tag').innerText()),
          criteria: oneLine((await item.locator('.govuk-\\!-font-weight-bold').allInnerTexts()).join(' ')),
          snippet: oneLine(await paragraphs.nth(1).innerText()),
          source: oneLine(await paragraphs.nth(2).innerText()).replace(/^Source: /, ''),
        };
      }),
    );
  }

  /** The words the search marked in the snippets. */
  async markedWords(): Promise<string[]> {
    return (await this.page.locator('ol.app-note-results mark').allInnerTexts()).map(oneLine);
  }
}
