// One item of the data request: its due date and status, its files, the upload form for the area
// and the lead inspector's decision.
import type { Visitor } from '../support/journey.ts';
import { readSummaryList, readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import type { FileToUpload } from './cases-common.ts';

export type ItemFileRow = { file: string; size: string; uploadedBy: string };

export class CasesDataRequestItemPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, itemTitle: string) {
    super(visitor);
    this.heading = itemTitle;
    this.title = `${itemTitle}: data request`;
  }

  /** Due, Status and Asked for by, as shown. */
  async details(): Promise<Record<string, string>> {
    return readSummaryList(this.page.getByRole('main').locator('.govuk-summary-list').first());
  }

  /** The status tag's words ("Requested", "Provided", "Accepted" …). */
  async status(): Promise<string> {
    return (await this.details()).Status.split('\n')[0].trim();
  }

  /** The files uploaded so far, as listed in the table (empty when there are none). */
  async files(): Promise<ItemFileRow[]> {
    const table = this.page.getByRole('table', { name: /^Files uploaded for / });
    if ((await table.count()) === 0) return [];
    return (await readTable(table)).map((row) => ({ file: row.File.replace(/\s*\(download\)$/, ''), size: row.Size, uploadedBy: row['Uploaded by'] }));
  }

  async upload(...files: FileToUpload[]): Promise<void> {
    await this.page.getByLabel('Upload files', { exact: true }).setInputFiles(files);
    await this.page.getByRole('button', { name: 'Upload', exact: true }).click();
  }

  async mayUpload(): Promise<boolean> {
    return (await this.page.getByLabel('Upload files', { exact: true }).count()) > 0;
  }

  /** The lead's decision: one of "Accept what has been provided", "Mark as not needed", "Reopen: ask the area for it again". */
  async decide(action: string, note?: string): Promise<void> {
    await this.page.getByRole('group', { name: 'What do you want to do with this item?' }).getByLabel(action, { exact: true }).check();
    if (note !== undefined) await this.page.getByLabel('Note for the area', { exact: true }).fill(note);
    await this.page.getByRole('button', { name: 'Save the decision', exact: true }).click();
  }

  async backToTheDataRequest(): Promise<void> {
    await this.page.getByRole('link', { name: 'Data request', exact: true }).click();
  }
}
