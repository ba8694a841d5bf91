// The report's hub: its stage, the task list from draft to publication, what the person can do now,
// and the links to the report's pages.
import type { Visitor } from '../support/journey.ts';
import { oneLine } from './evidence-common.ts';
import { readTaskList } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { reportAddress, type ReportInspection } from './report-common.ts';

export class ReportHubPage extends GovukPage {
  readonly title: string;
  readonly heading = 'The report';

  constructor(visitor: Visitor, areaName: string) {
    super(visitor);
    this.title = `The report: ${areaName}`;
  }

  static async open(visitor: Visitor, inspection: ReportInspection, areaName: string): Promise<ReportHubPage> {
    await visitor.visit(reportAddress(inspection));
    return new ReportHubPage(visitor, areaName).arrived();
  }

  /** The stage tag, e.g. "Report drafting". */
  async stage(): Promise<string> {
    return oneLine(await this.page.getByRole('main').locator('p', { hasText: /^Stage:/ }).locator('.govuk-tag').innerText());
  }

  async tasks(): Promise<{ task: string; status: string }[]> {
    return (await readTaskList(this.page.getByRole('main').locator('.govuk-task-list'))).map((t) => ({ task: t.task, status: oneLine(t.status) }));
  }

  /** What the person can move the report on to from here ("You can now: …"). */
  async changes(): Promise<string[]> {
    const list = this.page.getByRole('main').locator('p', { hasText: /^You can now:$/ }).locator('xpath=following-sibling::ul[1]');
    return (await list.count()) === 0 ? [] : (await list.getByRole('link').allInnerTexts()).map(oneLine);
  }

  async follow(name: string | RegExp): Promise<void> {
    await this.page.getByRole('main').getByRole('link', { name, exact: typeof name === 'string' }).first().click();
  }
}
