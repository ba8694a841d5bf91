// An inspection's findings under the report's headings, each with the evidence it cites and a flag
// when it rests on one kind of source; the outcome with the framework's sentence; the balance of evidence.
import type { Locator } from 'playwright-core';
import type { Visitor } from '../support/journey.ts';
import { oneLine } from './evidence-common.ts';
import { readSummaryList, readTable } from './govuk-components.ts';
import { GovukPage } from './govuk-page.ts';

/** The inspection the findings belong to, as the seed made it. */
export type FindingsInspection = { id: string; reference: string };

export function findingsAddress(inspection: Pick<FindingsInspection, 'id'>, rest = ''): string {
  return `/inspections/${inspection.id}/findings${rest}`;
}

/** A finding as its card shows it: title ("Finding 1"), text, and the rows under it by key. */
export type FindingCard = { title: string; text: string; details: Record<string, string> };

export class FindingsPage extends GovukPage {
  readonly title: string;
  readonly heading = 'Findings and outcome';

  constructor(visitor: Visitor, inspection: Pick<FindingsInspection, 'reference'>) {
    super(visitor);
    this.title = `Findings and outcome: ${inspection.reference}`;
  }

  static async open(visitor: Visitor, inspection: FindingsInspection): Promise<FindingsPage> {
    await visitor.visit(findingsAddress(inspection));
    return new FindingsPage(visitor, inspection).arrived();
  }

  /** "No findings recorded yet." or "3 findings recorded: 1 rests on one kind of source." */
  async countText(): Promise<string> {
    return oneLine(await this.page.locator('#finding-count, #no-findings').innerText());
  }

  async addFinding(): Promise<void> {
    await this.page.getByRole('main').getByRole('button', { name: 'Add a finding', exact: true }).click();
  }

  /** The findings of a kind (by its code), as listed where the report will have them. */
  async findingsOfKind(kind: string): Promise<FindingCard[]> {
    return readCards(this.page.locator(`#findings-${kind} .govuk-summary-card`));
  }

  /** The outcome recorded, as its summary list reads, or undefined when none is. */
  async outcome(): Promise<Record<string, string> | undefined> {
    const list = this.page.locator('#outcome-recorded');
    return (await list.count()) === 0 ? undefined : readSummaryList(list);
  }

  async noOutcomeText(): Promise<string> {
    return oneLine(await this.page.locator('#no-outcome').innerText());
  }

  async followOutcomeLink(name: 'Record the outcome' | 'Change the outcome'): Promise<void> {
    await this.page.getByRole('main').getByRole('link', { name, exact: true }).click();
  }
}

async function readCards(cards: Locator): Promise<FindingCard[]> {
  const result: FindingCard[] = [];
  for (const card of await cards.all()) {
    const paragraphs = await card.locator('.govuk-summary-card__content > p.govuk-body').allInnerTexts();
    result.push({
      title: (await card.locator('.govuk-summary-card__title').innerText()).trim(),
      text: paragraphs.map(oneLine).join('\n\n'),
      details: Object.fromEntries(Object.entries(await readSummaryList(card.locator('.govuk-summary-list'))).map(([k, v]) => [k, oneLine(v)])),
    });
  }
  return result;
}

/** The balance of evidence table: a row per criterion by column ("Criterion" holds "I3: …"). */
export async function readBalance(table: Locator): Promise<Record<string, string>[]> {
  return (await readTable(table)).map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, oneLine(v)])));
}
