// The inspection frameworks the service knows, each with its period in force and current revision.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export class FrameworksPage extends GovukPage {
  readonly title = 'Inspection frameworks';
  readonly heading = 'Inspection frameworks';

  static async open(visitor: Visitor): Promise<FrameworksPage> {
    await visitor.visit('/frameworks');
    return new FrameworksPage(visitor).arrived();
  }

  /** The frameworks listed, by their names as links. */
  async names(): Promise<string[]> {
    return (await this.page.getByRole('table').getByRole('link').allInnerTexts()).map((t) => t.trim());
  }

  async openFramework(name: string): Promise<void> {
    await this.page.getByRole('table').getByRole('link', { name, exact: true }).click();
  }
}
