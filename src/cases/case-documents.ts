// The area's case documents: why each chosen id was chosen, in words, and what a document's
// description may be. The area sees a case's pseudonymous id and purpose, nothing else. Pure.
import type { CasePurpose } from './case.table.ts';

export const PURPOSE_LABELS: Readonly<Record<CasePurpose, string>> = {
  tracked: 'Tracked child',
  review: 'Plan to review',
};

export const DESCRIPTION_MAX_LENGTH = 200;

/** Why the documents of a case are asked for, as the area reads it. */
export const PURPOSE_HINTS: Readonly<Record<CasePurpose, string>> = {
  tracked: 'Inspectors will follow this child or young person’s experience and meet the people who work with them: send their EHC plan or SEN support plan, the latest review and recent reports.',
  review: 'Inspectors will review this child or young person’s EHC plan: send the final plan, its appendices and the latest annual review.',
};

/** A description is optional, at most 200 characters, one line. */
export function checkDescription(value: string): { ok: true; value: string } | { ok: false; message: string } {
  const text = value.replace(/\s+/g, ' ').trim();
  if (text.length > DESCRIPTION_MAX_LENGTH) {
    return { ok: false, message: `The description must be ${DESCRIPTION_MAX_LENGTH} characters or fewer (it has ${text.length})` };
  }
  return { ok: true, value: text };
}
