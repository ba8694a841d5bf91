// One inspection's page: its status, what the visitor may do next, its stages, details and team.
import type { Visitor } from '../support/journey.ts';
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
}
