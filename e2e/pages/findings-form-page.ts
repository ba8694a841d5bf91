// Adding or changing a finding: its criteria, its text, who is responsible (for recommendations),
// and the evidence it rests on, offered for the criteria chosen.
import type { Locator } from 'playwright-core';
import type { Visitor } from '../support/journey.ts';
import { escapeRegExp } from './cases-common.ts';
import { submitAndWait } from './evidence-note-form-page.ts';
import { oneLine } from './evidence-common.ts';
import { GovukPage } from './govuk-page.ts';

export type FindingEntry = {
  /** Criterion codes, e.g. ['I3']. */
  criteria?: string[];
  text?: string;
  /** The responsible body as the radio reads, e.g. 'The integrated care board'. */
  responsible?: string;
  /** Evidence to tick, each by the start of its label (a note's text, or "Parents and carers survey: …"). */
  evidence?: string[];
};

export class FindingFormPage extends GovukPage {
  readonly title: RegExp;
  readonly heading: RegExp;

  /** `heading` is the page's heading, e.g. "Add an area for improvement" (the kind's name varies). */
  constructor(visitor: Visitor, inspection: { reference: string }, heading: RegExp = /^Add an? .+/) {
    super(visitor);
    this.heading = heading;
    this.title = new RegExp(`${heading.source.replace(/\$$/, '')}: ${escapeRegExp(inspection.reference)}$`);
  }

  #main(): Locator {
    return this.page.getByRole('main');
  }

  text(): Locator {
    return this.#main().getByLabel('The finding', { exact: true });
  }

  #criterion(code: string): Locator {
    return this.#main().getByRole('checkbox', { name: new RegExp(`^${escapeRegExp(code)}: `) });
  }

  #evidence(label: string): Locator {
    return this.#main().getByRole('checkbox', { name: new RegExp(`^${escapeRegExp(label)}`) });
  }

  async enter(entry: FindingEntry): Promise<void> {
    for (const code of entry.criteria ?? []) await this.#criterion(code).check();
    if (entry.text !== undefined) await this.text().fill(entry.text);
    if (entry.responsible) await this.#main().getByRole('group', { name: 'Who is responsible for acting on it?' }).getByRole('radio', { name: entry.responsible, exact: true }).check();
    for (const label of entry.evidence ?? []) await this.#evidence(label).check();
  }

  /** Shows the evidence tagged with the criteria ticked; the page comes back with what was typed and chosen. */
  async showEvidence(): Promise<void> {
    await submitAndWait(this.page, this.#main().getByRole('button', { name: /^Show evidence for these / }));
  }

  async save(): Promise<void> {
    await submitAndWait(this.page, this.#main().getByRole('button', { name: 'Save finding', exact: true }));
  }

  /** The evidence offered to cite: each checkbox's label, its hint (what it is, its figures) and whether it is ticked. */
  async evidenceOffered(): Promise<{ label: string; hint: string; ticked: boolean }[]> {
    const boxes = await this.#main().locator('input[name="evidence"]').all();
    return Promise.all(
      boxes.map(async (box) => {
        const id = await box.getAttribute('id');
        return {
          label: oneLine(await this.page.locator(`label[for="${id}"]`).innerText()),
          hint: oneLine(await this.page.locator(`[id="${id}-item-hint"]`).innerText()),
          ticked: await box.isChecked(),
        };
      }),
    );
  }

  async criteriaTicked(): Promise<string[]> {
    const boxes = await this.#main().locator('input[name="criteria"]:checked').all();
    return Promise.all(boxes.map(async (box) => (await box.getAttribute('value')) ?? ''));
  }
}
