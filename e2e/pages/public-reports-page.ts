// The public reports site's browse and search page: words, area, region, outcome, framework and the
// dates published between, the reports that match, and the links to the feed and the open data.
import assert from 'node:assert/strict';
import type { Visitor } from '../support/journey.ts';
import { oneLine } from './evidence-common.ts';
import { submitAndWait } from './evidence-note-form-page.ts';
import { GovukPage } from './govuk-page.ts';

export type DateParts = { day: string; month: string; year: string };

export type ReportSearch = {
  words?: string;
  /** Each filter by the start of its option's text, e.g. 'Camden' or 'Widespread and/or systemic failings'; '' for "Any". */
  area?: string;
  region?: string;
  outcome?: string;
  framework?: string;
  from?: DateParts;
  to?: DateParts;
};

export type ReportListed = { area: string; facts: Record<string, string> };

const FILTERS = { area: 'Area', region: 'Region', outcome: 'Outcome', framework: 'Framework' } as const;

export class PublicReportsPage extends GovukPage {
  readonly title = 'Area SEND inspection reports';
  readonly heading = 'Area SEND inspection reports';

  static async open(visitor: Visitor, query = ''): Promise<PublicReportsPage> {
    await visitor.visit(`/reports${query}`);
    return new PublicReportsPage(visitor).arrived();
  }

  #form() {
    return this.page.getByRole('search', { name: 'Search and filter the reports' });
  }

  async #choose(label: string, startOfOption: string): Promise<void> {
    const select = this.#form().getByLabel(label, { exact: true });
    if (startOfOption === '') return void (await select.selectOption({ index: 0 }));
    const options = (await select.locator('option').allInnerTexts()).map((t) => t.trim());
    const option = options.find((text) => text.startsWith(startOfOption));
    assert.ok(option, `"${startOfOption}" is one of the ${label.toLowerCase()} choices: ${options.join(' | ')}`);
    await select.selectOption({ label: option });
  }

  async #date(legend: string, parts: DateParts): Promise<void> {
    const group = this.#form().getByRole('group', { name: legend });
    await group.getByLabel('Day', { exact: true }).fill(parts.day);
    await group.getByLabel('Month', { exact: true }).fill(parts.month);
    await group.getByLabel('Year', { exact: true }).fill(parts.year);
  }

  async search(search: ReportSearch): Promise<void> {
    if (search.words !== undefined) await this.#form().getByLabel('Search', { exact: true }).fill(search.words);
    for (const [key, label] of Object.entries(FILTERS) as [keyof typeof FILTERS, string][]) {
      const wanted = search[key];
      if (wanted !== undefined) await this.#choose(label, wanted);
    }
    if (search.from) await this.#date('Published from', search.from);
    if (search.to) await this.#date('Published to', search.to);
    await submitAndWait(this.page, this.#form().getByRole('button', { name: 'Search', exact: true }));
  }

  /** What the form holds: each filter's chosen option and the dates as typed. */
  async values(): Promise<{ words: string; filters: Record<string, string>; from: DateParts; to: DateParts }> {
    const filters: Record<string, string> = {};
    for (const label of Object.values(FILTERS)) {
      filters[label] = oneLine(await this.#form().getByLabel(label, { exact: true }).locator('option:checked').innerText());
    }
    const date = async (legend: string) => {
      const group = this.#form().getByRole('group', { name: legend });
      return {
        day: await group.getByLabel('Day', { exact: true }).inputValue(),
        month: await group.getByLabel('Month', { exact: true }).inputValue(),
        year: await group.getByLabel('Year', { exact: true }).inputValue(),
      };
    };
    return { words: await this.#form().getByLabel('Search', { exact: true }).inputValue(), filters, from: await date('Published from'), to: await date('Published to') };
  }

  /** "3 reports published", "1 report matches" … */
  async resultText(): Promise<string> {
    return oneLine(await this.page.locator('#report-count').innerText());
  }

  async results(): Promise<ReportListed[]> {
    const items = await this.page.locator('li.app-report-results__item').all();
    const listed: ReportListed[] = [];
    for (const item of items) {
      const facts: Record<string, string> = {};
      for (const row of await item.locator('dl > div').all()) {
        facts[(await row.locator('dt').innerText()).replace(/:$/, '').trim()] = oneLine(await row.locator('dd').innerText());
      }
      listed.push({ area: oneLine(await item.locator('h3').innerText()), facts });
    }
    return listed;
  }

  async openReport(areaName: string): Promise<void> {
    await this.page.locator('li.app-report-results__item').getByRole('link', { name: areaName, exact: true }).click();
  }

  async clearSearch(): Promise<void> {
    await this.page.getByRole('main').getByRole('link', { name: 'Clear the search and filters', exact: true }).click();
  }

  /** The address of a link in the page's "Follow new reports and use the data" list. */
  async linkTo(name: string | RegExp): Promise<string> {
    return (await this.page.getByRole('main').getByRole('link', { name }).getAttribute('href')) ?? '';
  }
}
