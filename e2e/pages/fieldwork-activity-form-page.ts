// Recording (or changing) a fieldwork activity: its kind, setting, title, date and times, place,
// the inspectors there and how many people of each group took part.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';
import { EVIDENCE_AREA_NAME } from './evidence-common.ts';

export type ActivityEntry = {
  kind?: string;
  settingType?: string;
  urn?: string;
  title?: string;
  /** 'YYYY-MM-DD' */
  date?: string;
  startsAt?: string;
  endsAt?: string;
  place?: string;
  /** Names as the form lists them; ticked, the others left as they are. */
  inspectors?: string[];
  /** Group label ("Parents and carers") → what to type in its box. */
  participants?: Record<string, string>;
};

export class ActivityFormPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, options: { editing?: boolean } = {}) {
    super(visitor);
    this.heading = options.editing ? 'Change an activity' : 'Record an activity';
    this.title = `${this.heading}: ${EVIDENCE_AREA_NAME}`;
  }

  #field(label: string) {
    return this.page.getByRole('main').getByLabel(label, { exact: true });
  }

  #date(part: 'Day' | 'Month' | 'Year') {
    return this.page.getByRole('group', { name: 'Date of the activity' }).getByLabel(part, { exact: true });
  }

  async enter(entry: ActivityEntry): Promise<void> {
    if (entry.kind) await this.page.getByRole('group', { name: 'Kind of activity' }).getByLabel(entry.kind, { exact: true }).check();
    if (entry.settingType) await this.#field('Type of setting').selectOption({ label: entry.settingType });
    if (entry.urn !== undefined) await this.#field('Unique reference number (URN) (optional)').fill(entry.urn);
    if (entry.title !== undefined) await this.#field('Title').fill(entry.title);
    if (entry.date) {
      const [year, month, day] = entry.date.split('-');
      await this.#date('Day').fill(String(Number(day)));
      await this.#date('Month').fill(String(Number(month)));
      await this.#date('Year').fill(year);
    }
    if (entry.startsAt !== undefined) await this.#field('Start time').fill(entry.startsAt);
    if (entry.endsAt !== undefined) await this.#field('End time').fill(entry.endsAt);
    if (entry.place !== undefined) await this.#field('Place (optional)').fill(entry.place);
    for (const name of entry.inspectors ?? []) await this.page.getByRole('group', { name: 'Inspectors at the activity' }).getByLabel(name, { exact: true }).check();
    for (const [group, count] of Object.entries(entry.participants ?? {})) await this.page.getByRole('group', { name: 'Who took part' }).getByLabel(group, { exact: true }).fill(count);
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save activity', exact: true }).click();
  }

  /** What the form holds now, in the shape it was entered. */
  async entered(): Promise<Required<Pick<ActivityEntry, 'kind' | 'title' | 'startsAt' | 'endsAt' | 'place' | 'inspectors' | 'date'>> & { participants: Record<string, string> }> {
    const kindGroup = this.page.getByRole('group', { name: 'Kind of activity' });
    const checkedKind = await kindGroup.locator('.govuk-radios__item', { has: this.page.locator('input:checked') }).locator('label').allInnerTexts();
    const inspectors = await this.page
      .getByRole('group', { name: 'Inspectors at the activity' })
      .locator('.govuk-checkboxes__item', { has: this.page.locator('input:checked') })
      .locator('label')
      .allInnerTexts();
    const participants: Record<string, string> = {};
    for (const item of await this.page.getByRole('group', { name: 'Who took part' }).locator('.govuk-form-group').all()) {
      const value = await item.locator('input').inputValue();
      if (value !== '') participants[(await item.locator('label').innerText()).trim()] = value;
    }
    const day = await this.#date('Day').inputValue();
    const month = await this.#date('Month').inputValue();
    const year = await this.#date('Year').inputValue();
    return {
      kind: (checkedKind[0] ?? '').trim(),
      title: await this.#field('Title').inputValue(),
      date: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`,
      startsAt: await this.#field('Start time').inputValue(),
      endsAt: await this.#field('End time').inputValue(),
      place: await this.#field('Place (optional)').inputValue(),
      inspectors: inspectors.map((t) => t.trim()),
      participants,
    };
  }
}
