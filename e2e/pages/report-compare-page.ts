// Two versions of the draft compared: words added and removed, paragraphs tagged added, removed or changed.
import type { Visitor } from '../support/journey.ts';
import { oneLine } from './evidence-common.ts';
import { GovukPage } from './govuk-page.ts';

export class CompareVersionsPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, from: number, to: number) {
    super(visitor);
    this.heading = `Changes from version ${from} to version ${to}`;
    this.title = this.heading;
  }

  /** What the page says of the whole comparison, e.g. "1 section changed. …" */
  async summary(): Promise<string> {
    return oneLine(await this.page.getByRole('main').locator('p', { hasText: /changed\.|say the same/ }).first().innerText());
  }

  /** The runs of words added, as a sighted reader sees them (underlined). */
  async added(): Promise<string[]> {
    return this.#marked('ins.app-diff__added', /^\[added: |\]$/g);
  }

  /** The runs of words removed (struck through). */
  async removed(): Promise<string[]> {
    return this.#marked('del.app-diff__removed', /^\[removed: |\]$/g);
  }

  async #marked(selector: string, hiddenWords: RegExp): Promise<string[]> {
    const texts = await this.page.getByRole('main').locator(`.app-diff__block ${selector}`).allInnerTexts();
    return texts.map((t) => oneLine(t.replace(hiddenWords, '')));
  }
}
