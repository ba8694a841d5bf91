// Person-level data: the form to send a file (with the date the data describe) and the history of
// every file sent, newest first.
import type { Visitor } from '../support/journey.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { casesAddress, type CasesInspection, type FileToUpload } from './cases-common.ts';

export type ImportHistoryRow = { file: string; status: string; rows: string; problems: string; dataAsAt: string; sentBy: string };

export class CasesImportsPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Person-level data';

  constructor(visitor: Visitor, inspection: Pick<CasesInspection, 'reference'>) {
    super(visitor);
    this.title = `Person-level data: ${inspection.reference}`;
  }

  static async open(visitor: Visitor, inspection: CasesInspection): Promise<CasesImportsPage> {
    await visitor.visit(casesAddress(inspection, '/imports'));
    return new CasesImportsPage(visitor, inspection).arrived();
  }

  /** The date the form will send, as typed in its boxes: { day, month, year }. */
  async dataDate(): Promise<{ day: string; month: string; year: string }> {
    const group = this.page.getByRole('group', { name: 'Date the data describe' });
    return {
      day: await group.getByLabel('Day', { exact: true }).inputValue(),
      month: await group.getByLabel('Month', { exact: true }).inputValue(),
      year: await group.getByLabel('Year', { exact: true }).inputValue(),
    };
  }

  /** Chooses the file and sends it, with the date already in the form. */
  async upload(file: FileToUpload): Promise<void> {
    await this.page.getByLabel('Upload a file', { exact: true }).setInputFiles(file);
    await this.page.getByRole('button', { name: 'Upload and check', exact: true }).click();
  }

  /** The files sent, newest first; "No file has been sent yet" is an empty list. */
  async history(): Promise<ImportHistoryRow[]> {
    const table = this.page.getByRole('table', { name: /^Files of person-level data sent/ });
    if ((await table.count()) === 0) return [];
    return (await readTable(table)).map((row) => ({
      file: row.File,
      status: row.Status.split('\n')[0].trim(),
      rows: row.Rows,
      problems: row.Problems,
      dataAsAt: row['Data as at'],
      sentBy: row['Sent by'],
    }));
  }

  async openImport(fileName: string, nth = 0): Promise<void> {
    await this.page.getByRole('table', { name: /^Files of person-level data sent/ }).getByRole('link', { name: fileName, exact: true }).nth(nth).click();
  }
}
