// What the public reports site's pages share: "Is this page useful?" at their foot, and reading a
// file the page links to as a reader's browser would fetch it.
import type { Page } from 'playwright-core';
import { submitAndWait } from './evidence-note-form-page.ts';

/** The earliest a reader's answer is taken after the page is shown (the service's spam check). */
export const FEEDBACK_MIN_SECONDS = 2;

/** Waits as a person reading the page would before answering, so the form's time check accepts the answer. */
export async function readBeforeAnswering(page: Page): Promise<void> {
  await page.waitForTimeout(FEEDBACK_MIN_SECONDS * 1000 + 200);
}

/** Answers "Is this page useful?" at the foot of the page. */
export async function answerIsThisPageUseful(page: Page, answer: 'Yes' | 'No'): Promise<void> {
  const section = page.locator('section.app-page-feedback');
  await readBeforeAnswering(page);
  await submitAndWait(page, section.getByRole('button', { name: new RegExp(`^${answer} this page is`) }));
}

export async function reportAProblem(page: Page): Promise<void> {
  await page.locator('section.app-page-feedback').getByRole('link', { name: 'Report a problem with this page', exact: true }).click();
}

export type Fetched = { status: number; contentType: string; disposition: string; body: Buffer };

/** Fetches an address of the site with the page's cookies (a download, a feed), without leaving the page. */
export async function fetchFrom(page: Page, href: string): Promise<Fetched> {
  const response = await page.request.get(new URL(href, page.url()).toString());
  return {
    status: response.status(),
    contentType: response.headers()['content-type'] ?? '',
    disposition: response.headers()['content-disposition'] ?? '',
    body: await response.body(),
  };
}
