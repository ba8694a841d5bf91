// What the fieldwork and evidence pages share: the inspection they belong to and their addresses.
import type { Page } from 'playwright-core';

/** The inspection a fieldwork or evidence page belongs to, as the seed made it. */
export type EvidenceInspection = { id: string; reference: string };

/** The area of every seeded inspection: page titles end with its name. */
export const EVIDENCE_AREA_NAME = 'Manchester';

/** The address of a page under the inspection's fieldwork, e.g. fieldworkAddress(inspection, '/timetable'). */
export function fieldworkAddress(inspection: Pick<EvidenceInspection, 'id'>, rest = ''): string {
  return `/inspections/${inspection.id}/fieldwork${rest}`;
}

/** The address of a page under the inspection's evidence, e.g. evidenceAddress(inspection, '/notes'). */
export function evidenceAddress(inspection: Pick<EvidenceInspection, 'id'>, rest = ''): string {
  return `/inspections/${inspection.id}/evidence${rest}`;
}

/** Text as a person reads it: runs of spaces and line breaks as one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The id at the end of the page's address, e.g. an activity's or a note's. */
export function idInAddress(page: Page, after: string): string {
  const match = new RegExp(`/${after}/([0-9a-f-]{36})(?:[/?#]|$)`).exec(new URL(page.url()).pathname);
  if (!match) throw new Error(`${page.url()} does not name an id after /${after}/`);
  return match[1];
}
