// What became of one file of person-level data: accepted, or not imported with every problem by
// row and column (and the same list as a CSV file).
import type { Visitor } from '../support/journey.ts';
import { readSummaryList, readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { downloadFrom, type Download } from './cases-common.ts';

export type ImportProblem = { row: string; column: string; problem: string };

export class CasesImportPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, result: { fileName: string; accepted: boolean }) {
    super(visitor);
    this.title = `${result.accepted ? 'File accepted' : 'File not imported'}: ${result.fileName}`;
    this.heading = result.accepted ? 'The file was accepted' : 'The file was not imported';
  }

  /** File, Status, Rows read, Data as at, Sent by, Sent. */
  async details(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list').first());
  }

  /** The warning under the heading of a file not imported, without its "Warning" prefix. */
  async warning(): Promise<string> {
    return (await this.page.getByRole('main').locator('.govuk-warning-text__text').innerText()).replace(/^Warning\s*/, '').trim();
  }

  async problems(): Promise<ImportProblem[]> {
    const rows = await readTable(this.page.getByRole('table', { name: /^Problems in / }));
    return rows.map((row) => ({ row: row.Row, column: row.Column, problem: row.Problem }));
  }

  async downloadProblems(): Promise<Download> {
    return downloadFrom(this.page, this.page.getByRole('link', { name: 'Download every problem as a CSV file', exact: true }));
  }

  async sendAnotherFile(): Promise<void> {
    await this.page.getByRole('link', { name: 'Send another file', exact: true }).click();
  }
}
