// One inspection's page: its status, what the visitor may do next, its stages, details and team.
import type { Visitor } from '../support/journey.ts';
import { readTable, readTaskList } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class InspectionDashboardPage extends GovukPage {
  readonly title: string | RegExp;
  readonly heading: string;

  /** Just after creation the reference is not known yet: pass a pattern for it. */
  constructor(visitor: Visitor, inspection: { reference: string | RegExp; area: string; type: string }) {
    super(visitor);
    const reference = typeof inspection.reference === 'string' ? escapeRegExp(inspection.reference) : inspection.reference.source;
    this.title = new RegExp(`^${reference}: ${escapeRegExp(inspection.area)}$`);
    this.heading = `${inspection.area}: ${inspection.type.toLowerCase()}`;
  }

  async reference(): Promise<string> {
    return (await this.page.getByRole('main').locator('.govuk-caption-l').first().innerText()).trim();
  }

  /** The status tag, in words. */
  async status(): Promise<string> {
    const line = this.page.getByRole('main').locator('p', { hasText: /^Status:/ });
    return (await line.locator('.govuk-tag').innerText()).trim();
  }

  async changeStatus(): Promise<void> {
    await this.page.getByRole('button', { name: 'Change status' }).click();
  }

  async mayChangeStatus(): Promise<boolean> {
    return (await this.page.getByRole('button', { name: 'Change status' }).count()) > 0;
  }

  async manageTeam(): Promise<void> {
    await this.page.getByRole('link', { name: 'Manage the team' }).click();
  }

  async statusHistory(): Promise<void> {
    await this.page.getByRole('link', { name: 'Status history' }).click();
  }

  /** The "Inspection stages" task list: each stage and where it stands (Completed, In progress …). */
  async stages(): Promise<{ task: string; status: string }[]> {
    return readTaskList(this.page.getByRole('main').locator('.govuk-task-list'));
  }

  /** The team as listed on the page: name (without the email address shown to the team), role and organisation. */
  async team(): Promise<{ name: string; role: string; organisation: string }[]> {
    const table = this.page.getByRole('table', { name: 'Inspection team' });
    if ((await table.count()) === 0) return [];
    return (await readTable(table)).map((row) => ({ name: row.Name.split('\n')[0].trim(), role: row.Role, organisation: row.Organisation }));
  }

  async mayManageTeam(): Promise<boolean> {
    return (await this.page.getByRole('link', { name: 'Manage the team' }).count()) > 0;
  }
}
