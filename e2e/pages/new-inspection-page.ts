// Creating an inspection, the question page: area, framework, type and the three dates.
import { GovukPage } from './govuk-page.ts';

export type DateParts = { day: number; month: number; year: number };

export type NewInspectionAnswers = {
  /** As the area list shows it, e.g. "Camden (202)". */
  area: string;
  frameworkCode: string;
  /** As the type list shows it, e.g. "Full inspection". */
  type: string;
  notification: DateParts;
  onsiteStart: DateParts;
  onsiteEnd: DateParts;
};

export class NewInspectionPage extends GovukPage {
  readonly title = 'Create an inspection';
  readonly heading = 'Create an inspection';

  async #fillDate(legend: string, date: DateParts): Promise<void> {
    const group = this.page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(String(date.day));
    await group.getByLabel('Month').fill(String(date.month));
    await group.getByLabel('Year').fill(String(date.year));
  }

  async fill(answers: NewInspectionAnswers): Promise<void> {
    await this.page.getByLabel('Local area partnership').selectOption({ label: answers.area });
    await this.page
      .getByRole('group', { name: 'Framework', exact: true })
      .getByRole('radio', { name: new RegExp(`^${answers.frameworkCode} framework`) })
      .check();
    await this.page
      .getByRole('group', { name: `Type of inspection under the ${answers.frameworkCode} framework` })
      .getByRole('radio', { name: answers.type, exact: true })
      .check();
    await this.#fillDate('Date of notification', answers.notification);
    await this.#fillDate('On-site start date', answers.onsiteStart);
    await this.#fillDate('On-site end date', answers.onsiteEnd);
  }

  async continue(): Promise<void> {
    await this.page.getByRole('button', { name: 'Continue', exact: true }).click();
  }
}
