// A published report on the public site: its facts, the downloads, the summary for families, the
// report itself, and "Is this page useful?".
import type { Visitor } from '../support/journey.ts';
import { oneLine } from './evidence-common.ts';
import { readSummaryList } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

export class PublicReportPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  /** `reportTitle` is the report's own title, e.g. "Area SEND inspection of Camden Local Area Partnership". */
  constructor(visitor: Visitor, reportTitle: string) {
    super(visitor);
    this.title = reportTitle;
    this.heading = reportTitle;
  }

  static async open(visitor: Visitor, slug: string, reportTitle: string): Promise<PublicReportPage> {
    await visitor.visit(`/reports/${slug}`);
    return new PublicReportPage(visitor, reportTitle).arrived();
  }

  /** "Local area", "Inspected", "Outcome", "Inspection", "Published", "Reference". */
  async facts(): Promise<Record<string, string>> {
    const facts = await readSummaryList(this.page.locator('.app-report-facts'));
    return Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, oneLine(v)]));
  }

  /** The download links: their text and address. */
  async downloads(): Promise<{ text: string; href: string }[]> {
    const links = await this.page.getByRole('main').getByRole('link', { name: /^Download the report as / }).all();
    return Promise.all(links.map(async (link) => ({ text: oneLine(await link.innerText()), href: (await link.getAttribute('href')) ?? '' })));
  }

  /** The report's section headings, in order. */
  async sectionHeadings(): Promise<string[]> {
    return (await this.page.locator('article.app-report h2').allInnerTexts()).map(oneLine);
  }

  async reportText(): Promise<string> {
    return oneLine(await this.page.locator('article.app-report').innerText());
  }

  async openFamilySummary(): Promise<void> {
    await this.page.getByRole('main').getByRole('link', { name: 'Read the summary for children, young people and families', exact: true }).click();
  }
}

export class PublicReportSummaryPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, areaName: string) {
    super(visitor);
    this.heading = `What inspectors found in ${areaName}: a summary for children, young people and families`;
    this.title = this.heading;
  }

  async text(): Promise<string> {
    return oneLine(await this.page.locator('article.app-family-summary').innerText());
  }
}
