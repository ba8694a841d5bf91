// The triangulation matrix: each criterion of the framework against the kinds of source, with the
// count of items and of strengths and concerns in each cell, and the criteria to look at.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';
import { escapeRegExp } from './cases-common.ts';
import { evidenceAddress, oneLine, type EvidenceInspection } from './evidence-common.ts';

/** A cell as a sighted reader sees it: "3" over "2 strengths" and "1 concern". */
export type MatrixCell = { total: number; parts: string[] };

export type MatrixRow = { code: string; cells: Record<string, MatrixCell>; toLookAt: string };

export class TriangulationPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Triangulation of evidence';

  constructor(visitor: Visitor, inspection: Pick<EvidenceInspection, 'reference'>) {
    super(visitor);
    this.title = `Triangulation of evidence: ${inspection.reference}`;
  }

  static async open(visitor: Visitor, inspection: EvidenceInspection): Promise<TriangulationPage> {
    await visitor.visit(evidenceAddress(inspection, '/triangulation'));
    return new TriangulationPage(visitor, inspection).arrived();
  }

  /** The matrix's rows by criterion code; each cell by its column heading ("Surveys" … "All sources"). */
  async matrix(): Promise<Map<string, MatrixRow>> {
    const table = this.page.locator('#triangulation');
    const headings = (await table.locator('thead th').allInnerTexts()).map(oneLine);
    const rows = new Map<string, MatrixRow>();
    for (const row of await table.locator('tbody tr[id^="criterion-"]').all()) {
      const code = (await row.getAttribute('id'))!.slice('criterion-'.length);
      const cells: Record<string, MatrixCell> = {};
      const tds = await row.locator('td').all();
      // The first heading is the criterion's (a th); the last column is "To look at".
      for (const [i, td] of tds.slice(0, -1).entries()) {
        cells[headings[i + 1]] = {
          total: Number((await td.locator('.govuk-\\!-font-weight-bold').innerText()).replace(/,/g, '')),
          parts: (await td.locator('span.govuk-body-s').allInnerTexts()).map((p) => oneLine(p).replace(/\s*,$/, '')),
        };
      }
      rows.set(code, { code, cells, toLookAt: oneLine(await tds.at(-1)!.innerText()) });
    }
    return rows;
  }

  /** "Criteria to look at": each criterion's link text and the reasons under it. */
  async criteriaToLookAt(): Promise<{ criterion: string; reasons: string }[]> {
    const items = await this.page.locator('#highlighted-criteria > li').all();
    return Promise.all(
      items.map(async (item) => ({
        criterion: oneLine(await item.getByRole('link').innerText()),
        reasons: oneLine(await item.locator('span').innerText()),
      })),
    );
  }

  /** Follows the criterion's link in the matrix. */
  async openCriterion(code: string): Promise<void> {
    await this.page.locator(`#criterion-${code}`).getByRole('link', { name: new RegExp(`^${escapeRegExp(code)}:? `) }).click();
  }
}
