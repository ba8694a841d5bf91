// What the team's report pages share: their addresses, and reading the report where a page shows it
// (its paragraphs carry keys, and the reader who may comment has a link after each).
import type { Locator } from 'playwright-core';
import { escapeRegExp } from './cases-common.ts';
import { oneLine } from './evidence-common.ts';
import { GovukPage } from './govuk-page.ts';

/** The inspection a report page belongs to, as the seed made it. */
export type ReportInspection = { id: string; reference: string };

/** The address of a report page, e.g. reportAddress(inspection, '/edit'). */
export function reportAddress(inspection: Pick<ReportInspection, 'id'>, rest = ''): string {
  return `/inspections/${inspection.id}/report${rest}`;
}

/** The report's title as the 2023 framework words it. */
export function reportTitle(areaName: string): string {
  return `Area SEND inspection of ${areaName} Local Area Partnership`;
}

/**
 * A team page showing the report as it reads: the page has its own main heading, and the report
 * (an <article>) starts with its title one level down.
 */
export abstract class PageWithReport extends GovukPage {
  report(): Locator {
    return this.page.locator('article.app-report');
  }

  /** The report's section headings, in order. */
  async sectionHeadings(): Promise<string[]> {
    return (await this.report().locator('.app-report__section > h3').allInnerTexts()).map(oneLine);
  }

  /** The paragraph (or list) holding this text: its key says where it is in the report. */
  block(containing: string): Locator {
    return this.report().locator('[data-key]').filter({ hasText: new RegExp(escapeRegExp(containing)) }).first();
  }

  async keyOf(containing: string): Promise<string> {
    return (await this.block(containing).getAttribute('data-key')) ?? '';
  }

  /** Follows "Comment on this paragraph" after the paragraph holding this text. */
  async commentOn(containing: string): Promise<void> {
    await this.block(containing).locator('xpath=following-sibling::p[1]').getByRole('link', { name: /^Comment on this / }).click();
  }
}
