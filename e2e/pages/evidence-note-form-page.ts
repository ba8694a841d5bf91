// Writing or changing an evidence note: the text, strength or concern, where the evidence came
// from, the criteria and themes it bears on, and (with JavaScript) the line saying what the
// autosave has done.
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';
import { escapeRegExp } from './cases-common.ts';
import { oneLine } from './evidence-common.ts';

/** Clicks a button that posts a form and waits until the page it leads to has loaded. */
export async function submitAndWait(page: Page, button: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('load'), button.click()]);
}

export type NoteEntry = {
  body?: string;
  /** Criterion codes, e.g. ['I3']. */
  criteria?: string[];
  /** Theme names as listed, e.g. 'Health therapies and equipment'. */
  themes?: string[];
  polarity?: 'Strength' | 'Concern' | 'Neither';
  /** The kind of source as listed ('Fieldwork activity', 'Performance data' …). */
  source?: string;
  /** For a fieldwork activity: the option's text begins with the activity's title. */
  activity?: string;
  /** For performance data: "Which data". */
  whichData?: string;
};

/** What the form holds. */
export type NoteFormValues = { body: string; criteria: string[]; themes: string[]; polarity: string; source: string; activity: string };

export class NoteFormPage extends GovukPage {
  readonly heading: string;
  readonly title: string;

  constructor(visitor: Visitor, options: { changing?: boolean } = {}) {
    super(visitor);
    this.heading = options.changing ? 'Change the evidence note' : 'Write an evidence note';
    this.title = this.heading;
  }

  body(): Locator {
    return this.page.getByRole('main').getByLabel('Note', { exact: true });
  }

  /** The line the autosave writes to (empty without JavaScript). */
  status(): Locator {
    return this.page.locator('[data-note-status]');
  }

  /** Waits until the autosave's line says what `expected` says, and returns it. */
  async statusSays(expected: RegExp, timeout = 15_000): Promise<string> {
    await this.status().filter({ hasText: expected }).waitFor({ timeout });
    return oneLine(await this.status().innerText());
  }

  #criterion(code: string): Locator {
    return this.page.getByRole('main').getByRole('checkbox', { name: new RegExp(`^${escapeRegExp(code)}: `) });
  }

  async #openThemes(): Promise<void> {
    const details = this.page.getByRole('main').locator('details', { has: this.page.getByText('Themes (optional)', { exact: true }) });
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
  }

  async enter(entry: NoteEntry): Promise<void> {
    if (entry.body !== undefined) await this.body().fill(entry.body);
    if (entry.polarity) await this.page.getByRole('group', { name: 'Is this a strength or a concern?' }).getByLabel(entry.polarity, { exact: true }).check();
    if (entry.source) await this.page.getByRole('group', { name: 'Where did the evidence come from?' }).getByLabel(entry.source, { exact: true }).check();
    if (entry.activity) {
      const select = this.page.getByRole('main').getByLabel('Activity', { exact: true });
      const option = (await select.locator('option').allInnerTexts()).find((text) => text.startsWith(`${entry.activity} (`));
      assert.ok(option, `the activity "${entry.activity}" is offered`);
      await select.selectOption({ label: option });
    }
    if (entry.whichData !== undefined) await this.page.getByRole('main').getByLabel('Which data', { exact: true }).fill(entry.whichData);
    for (const code of entry.criteria ?? []) await this.#criterion(code).check();
    if (entry.themes?.length) {
      await this.#openThemes();
      for (const theme of entry.themes) await this.page.getByRole('main').getByRole('checkbox', { name: theme, exact: true }).check();
    }
  }

  /** Types into the note's text as a person does, key by key, after what is there. */
  async type(text: string, delayMs = 20): Promise<void> {
    await this.body().click();
    await this.body().press('End');
    await this.body().pressSequentially(text, { delay: delayMs });
  }

  async values(): Promise<NoteFormValues> {
    const main = this.page.getByRole('main');
    const checkedLabels = (group: Locator) => group.locator('.govuk-checkboxes__item, .govuk-radios__item', { has: this.page.locator('input:checked') }).locator('> label').allInnerTexts();
    const criteria = (await main.locator('input[name="criteria"]:checked').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value))).sort();
    const themes = (await checkedLabels(main.locator('.govuk-details'))).map(oneLine);
    const polarity = (await checkedLabels(this.page.getByRole('group', { name: 'Is this a strength or a concern?' })))[0] ?? '';
    const source = (await this.page.getByRole('group', { name: 'Where did the evidence come from?' }).locator('.govuk-radios__item', { has: this.page.locator('input:checked') }).locator('label').allInnerTexts())[0] ?? '';
    const activitySelect = main.getByLabel('Activity', { exact: true });
    const activity = (await activitySelect.count()) ? oneLine(await activitySelect.locator('option:checked').innerText()) : '';
    return { body: await this.body().inputValue(), criteria, themes, polarity: oneLine(polarity), source: oneLine(source), activity };
  }

  /**
   * Saves the form and waits for the page it leads to. With JavaScript the script saves first and
   * posts the form after, so the click alone does not wait for the next page.
   */
  async save(): Promise<void> {
    await submitAndWait(this.page, this.page.getByRole('button', { name: 'Save note', exact: true }));
  }
}

