// Administrators' triage of page feedback: the queue by status, and one item to mark.
import type { Locator } from 'playwright-core';
import type { Visitor } from '../support/journey.ts';
import { escapeRegExp } from './cases-common.ts';
import { oneLine } from './evidence-common.ts';
import { submitAndWait } from './evidence-note-form-page.ts';
import { readSummaryList } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

export type FeedbackRow = { page: string; feedback: string };

export class FeedbackQueuePage extends GovukPage {
  readonly title: string;
  readonly heading = 'Page feedback';

  /** `status` as the tabs name it: 'New', 'In progress', 'Resolved' or 'Spam'. */
  constructor(visitor: Visitor, status = 'New') {
    super(visitor);
    this.title = `Page feedback: ${status.toLowerCase()}`;
  }

  static async open(visitor: Visitor, status?: { code: string; label: string }): Promise<FeedbackQueuePage> {
    await visitor.visit(`/admin/feedback${status ? `?status=${status.code}` : ''}`);
    return new FeedbackQueuePage(visitor, status?.label).arrived();
  }

  /** The status tabs with their counts, e.g. "New (2)". */
  async tabs(): Promise<string[]> {
    return (await this.page.getByRole('navigation', { name: 'Feedback by status' }).getByRole('link').allInnerTexts()).map(oneLine);
  }

  async rows(): Promise<FeedbackRow[]> {
    const rows = await this.page.getByRole('main').locator('table tbody tr').all();
    return Promise.all(rows.map(async (row) => ({ page: oneLine(await row.locator('td').nth(1).innerText()), feedback: oneLine(await row.locator('td').nth(2).innerText()) })));
  }

  #row(containing: string): Locator {
    return this.page.getByRole('main').locator('table tbody tr', { hasText: new RegExp(escapeRegExp(containing)) });
  }

  async triage(containing: string): Promise<void> {
    await this.#row(containing).getByRole('link', { name: /^Triage/ }).click();
  }

  async showStatus(label: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Feedback by status' }).getByRole('link', { name: new RegExp(`^${escapeRegExp(label)} \\(`) }).click();
  }
}

export class FeedbackTriagePage extends GovukPage {
  readonly title = 'Triage page feedback';
  readonly heading = 'Triage page feedback';

  async details(): Promise<Record<string, string>> {
    const list = await readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list'));
    return Object.fromEntries(Object.entries(list).map(([k, v]) => [k, oneLine(v)]));
  }

  async mark(status: string, note: string): Promise<void> {
    const main = this.page.getByRole('main');
    await main.getByRole('group', { name: 'Status' }).getByRole('radio', { name: status, exact: true }).check();
    await main.getByLabel('Triage note (optional)', { exact: true }).fill(note);
    await submitAndWait(this.page, main.getByRole('button', { name: 'Save', exact: true }));
  }
}
