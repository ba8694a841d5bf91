// Case documents: the pseudonymous ids the inspectors chose, what each is for, the due date, and
// each one's documents with a form to upload more.
import type { Locator } from 'playwright-core';
import type { Visitor } from '../support/journey.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import { casesAddress, type CasesInspection, type FileToUpload } from './cases-common.ts';

export class CasesDocumentsPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Case documents';

  constructor(visitor: Visitor, area: { name: string }) {
    super(visitor);
    this.title = `Case documents: ${area.name}`;
  }

  static async open(visitor: Visitor, inspection: CasesInspection, area: { name: string }): Promise<CasesDocumentsPage> {
    await visitor.visit(casesAddress(inspection, '/documents'));
    return new CasesDocumentsPage(visitor, area).arrived();
  }

  /** Every chosen id on the page with what it is for ("Tracked child" or "Plan to review"), in order. */
  async chosen(): Promise<{ id: string; purpose: string }[]> {
    const sections = await this.page.getByRole('main').locator('section').all();
    return Promise.all(
      sections.map(async (section) => ({
        id: (await section.getByRole('heading', { level: 3 }).innerText()).trim(),
        purpose: (await section.locator('.govuk-tag').first().innerText()).trim(),
      })),
    );
  }

  /** The warning that says when the documents are due. */
  async due(): Promise<string> {
    return (await this.page.getByRole('main').locator('.govuk-warning-text__text').innerText()).replace(/^Warning\s*/, '').trim();
  }

  case(id: string): Locator {
    return this.page.getByRole('region', { name: id, exact: true });
  }

  async upload(id: string, file: FileToUpload, description = ''): Promise<void> {
    const section = this.case(id);
    await section.getByLabel(`Upload a document for ${id}`, { exact: true }).setInputFiles(file);
    if (description) await section.getByLabel('What the document is (optional)', { exact: true }).fill(description);
    await section.getByRole('button', { name: 'Upload document', exact: true }).click();
  }

  /** The documents received for one id: file name (with size) and the description under it. */
  async documentsFor(id: string): Promise<{ document: string; uploaded: string }[]> {
    const table = this.case(id).getByRole('table');
    if ((await table.count()) === 0) return [];
    return (await readTable(table)).map((row) => ({ document: row.Document, uploaded: row.Uploaded }));
  }
}
