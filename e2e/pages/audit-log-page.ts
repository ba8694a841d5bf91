// The audit log for administrators: every sign-in, change and refusal, filtered by who, what and when.
import type { Visitor } from '../support/journey.ts';
import { readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';
import type { DateParts } from './new-inspection-page.ts';

export type AuditFilters = { user?: string; inspection?: string; action?: string; from?: DateParts; to?: DateParts };

export type AuditEntry = { time: string; who: string; action: string; outcome: string; inspection: string; details: string };

export class AuditLogPage extends GovukPage {
  readonly title = 'Audit log';
  readonly heading = 'Audit log';

  static async open(visitor: Visitor): Promise<AuditLogPage> {
    await visitor.visit('/admin/audit');
    return new AuditLogPage(visitor).arrived();
  }

  #filters() {
    return this.page.getByRole('search', { name: 'Audit log' });
  }

  async #fillDate(legend: string, date: DateParts | undefined): Promise<void> {
    const group = this.#filters().getByRole('group', { name: legend, exact: true });
    await group.getByLabel('Day').fill(date ? String(date.day) : '');
    await group.getByLabel('Month').fill(date ? String(date.month) : '');
    await group.getByLabel('Year').fill(date ? String(date.year) : '');
  }

  /** Sets every filter (those not given are emptied) and applies them. */
  async filter(filters: AuditFilters): Promise<void> {
    const form = this.#filters();
    await form.getByLabel('User', { exact: true }).fill(filters.user ?? '');
    await form.getByLabel('Inspection ID', { exact: true }).fill(filters.inspection ?? '');
    await form.getByLabel('Action', { exact: true }).fill(filters.action ?? '');
    await this.#fillDate('Date from', filters.from);
    await this.#fillDate('Date to', filters.to);
    await form.getByRole('button', { name: 'Filter', exact: true }).click();
  }

  /** The filters as the form shows them now. */
  async filterValues(): Promise<{ action: string; from: string[]; to: string[] }> {
    const form = this.#filters();
    const date = (legend: string) => {
      const group = form.getByRole('group', { name: legend, exact: true });
      return Promise.all(['Day', 'Month', 'Year'].map((part) => group.getByLabel(part).inputValue()));
    };
    return { action: await form.getByLabel('Action', { exact: true }).inputValue(), from: await date('Date from'), to: await date('Date to') };
  }

  async entries(): Promise<AuditEntry[]> {
    const table = this.page.getByRole('table');
    if ((await table.count()) === 0) return [];
    return (await readTable(table)).map((row) => ({
      time: row.Time,
      who: row.Who,
      action: row.Action,
      outcome: row.Outcome,
      inspection: row.Inspection,
      details: row.Details,
    }));
  }

  async clearFilters(): Promise<void> {
    await this.page.getByRole('link', { name: 'Clear filters', exact: true }).click();
  }
}
