// Recording a tracked child's meeting: its date and which groups took part.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export class CasesMeetingPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Tracking meeting';

  constructor(visitor: Visitor, id: string) {
    super(visitor);
    this.title = `Tracking meeting for ${id}`;
  }

  /** The date as 'YYYY-MM-DD', typed into the day, month and year boxes. */
  async enterDate(date: string): Promise<void> {
    const [year, month, day] = date.split('-');
    const group = this.page.getByRole('group', { name: 'Date of the meeting' });
    await group.getByLabel('Day', { exact: true }).fill(String(Number(day)));
    await group.getByLabel('Month', { exact: true }).fill(String(Number(month)));
    await group.getByLabel('Year', { exact: true }).fill(year);
  }

  async tick(...groups: string[]): Promise<void> {
    const fieldset = this.page.getByRole('group', { name: 'Who took part' });
    for (const name of groups) await fieldset.getByLabel(name, { exact: true }).check();
  }

  async describeAttendance(text: string): Promise<void> {
    await this.page.getByLabel('Notes about who took part (optional)', { exact: true }).fill(text);
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save meeting', exact: true }).click();
  }
}
