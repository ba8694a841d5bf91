// The local area's page for the factual accuracy check: the embargoed draft, the deadline, a link to
// comment on each paragraph, and its comments with the inspectors' answers.
import type { Visitor } from '../support/journey.ts';
import { oneLine } from './evidence-common.ts';
import { PageWithReport, reportAddress, type ReportInspection } from './report-common.ts';

export class FactualAccuracyPage extends PageWithReport {
  readonly title = 'Check the draft report for factual accuracy';
  readonly heading = 'Check the draft report for factual accuracy';

  static async open(visitor: Visitor, inspection: ReportInspection): Promise<FactualAccuracyPage> {
    await visitor.visit(reportAddress(inspection, '/factual-accuracy'));
    return new FactualAccuracyPage(visitor).arrived();
  }

  async embargoNotice(): Promise<string> {
    return oneLine((await this.page.getByRole('main').locator('.govuk-warning-text__text').first().innerText()).replace(/^Warning\s*/, ''));
  }

  /** "Send your comments by 11:59pm on Friday 11 December 2026 (UK time)." */
  async deadline(): Promise<string> {
    return oneLine(await this.page.getByRole('main').locator('p', { hasText: /^Send your comments by / }).innerText());
  }

  /** The area's comments with the inspectors' answers, each as its text reads. */
  async comments(): Promise<string[]> {
    const heading = this.page.getByRole('heading', { name: 'Your comments and the inspectors’ answers', level: 2 });
    const items = heading.locator('xpath=following-sibling::div');
    return (await items.allInnerTexts()).map(oneLine);
  }
}
