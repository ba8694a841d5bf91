// Reading GOV.UK components the way a person reads them: a summary list as key → value, a table as rows by column.
import type { Locator } from 'playwright-core';

/** A GOV.UK summary list as key → value (the "Change" actions left out). */
export async function readSummaryList(list: Locator): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const row of await list.locator('.govuk-summary-list__row').all()) {
    const key = (await row.locator('.govuk-summary-list__key').innerText()).trim();
    result[key] = (await row.locator('.govuk-summary-list__value').innerText()).trim();
  }
  return result;
}

/** A table's body rows, each as column heading → cell text (row headers included). */
export async function readTable(table: Locator): Promise<Record<string, string>[]> {
  const headings = (await table.locator('thead th').allInnerTexts()).map((t) => t.trim());
  const rows: Record<string, string>[] = [];
  for (const row of await table.locator('tbody tr').all()) {
    const cells = (await row.locator('th, td').allInnerTexts()).map((t) => t.trim());
    rows.push(Object.fromEntries(headings.map((heading, i) => [heading, cells[i] ?? ''])));
  }
  return rows;
}

/** A GOV.UK task list: each task's name and its status as shown (a tag or plain text). */
export async function readTaskList(list: Locator): Promise<{ task: string; status: string }[]> {
  const items = await list.locator('.govuk-task-list__item').all();
  return Promise.all(
    items.map(async (item) => ({
      task: (await item.locator('.govuk-task-list__name-and-hint > :first-child').innerText()).trim(),
      status: (await item.locator('.govuk-task-list__status').innerText()).trim(),
    })),
  );
}
