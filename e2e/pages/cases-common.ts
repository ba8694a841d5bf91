// What the cases pages share: the inspection they belong to, their addresses, a file to upload
// and a download to read.
import fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';

/** The inspection a cases page belongs to, as the seed made it. */
export type CasesInspection = { id: string; reference: string };

/** A file chosen in a file upload field, as Playwright hands it to the browser. */
export type FileToUpload = { name: string; mimeType: string; buffer: Buffer };

export type Download = { fileName: string; bytes: Buffer };

/** The address of a page under the inspection's cases, e.g. casesAddress(inspection, '/reviews'). */
export function casesAddress(inspection: Pick<CasesInspection, 'id'>, rest = ''): string {
  return `/inspections/${inspection.id}/cases${rest}`;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The message shown beside a field, without the hidden "Error:" prefix. */
export async function errorBeside(page: Page, fieldId: string): Promise<string> {
  return (await page.locator(`#${fieldId}-error`).innerText()).replace(/^Error:\s*/, '').trim();
}

/** Follows a download link and reads what the browser saved. */
export async function downloadFrom(page: Page, link: Locator): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { fileName: download.suggestedFilename(), bytes: fs.readFileSync((await download.path())!) };
}

/** A small, real PDF (one blank page): enough for the service to recognise it as one. */
export function pdfFile(name: string): FileToUpload {
  const body = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(body, 'latin1') };
}
