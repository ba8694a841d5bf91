// The draft's versions, newest first, each with who saved it and their note, and links to compare.
import { oneLine } from './evidence-common.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

export class VersionsPage extends GovukPage {
  readonly title = 'Versions of the draft';
  readonly heading = 'Versions of the draft';

  /** Each version's row: "Version", "Saved" and "What changed". */
  async versions(): Promise<{ version: string; saved: string; whatChanged: string }[]> {
    const rows = await readTable(this.page.getByRole('table', { name: 'Versions, newest first' }));
    return rows.map((row) => ({ version: row.Version, saved: oneLine(row.Saved), whatChanged: row['What changed'] }));
  }

  /** Follows a version's "Compare with version n" (the changes it made). */
  async compareWithPrevious(version: number): Promise<void> {
    await this.page.getByRole('main').getByRole('link', { name: new RegExp(`^Compare with version ${version - 1} `) }).click();
  }
}
