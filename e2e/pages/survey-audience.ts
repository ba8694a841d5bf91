// The three survey audiences as the inspectors' pages name them, and their addresses.
export type SurveyAudienceName = 'Parents and carers' | 'Children and young people' | 'Practitioners';

const SLUGS: Readonly<Record<SurveyAudienceName, string>> = {
  'Parents and carers': 'parents-carers',
  'Children and young people': 'children-young-people',
  Practitioners: 'practitioners',
};

/** The audience's part of a survey's address, e.g. /inspections/ID/surveys/parents-carers. */
export function audienceSlug(audience: SurveyAudienceName): string {
  return SLUGS[audience];
}

/** A survey page's address, e.g. surveyPath(id, 'Parents and carers', '/results'). */
export function surveyPath(inspectionId: string, audience: SurveyAudienceName, rest = ''): string {
  return `/inspections/${inspectionId}/surveys/${SLUGS[audience]}${rest}`;
}

/** "Parents and carers" → "parents and carers", as headings put it mid-sentence. */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The accessible name of a link or button whose words end in visually hidden text, such as
 * "Offer this language<span class="govuk-visually-hidden">: Urdu</span>": the hidden span is laid out
 * as a block, so the name may have a space where the two parts meet.
 */
export function nameWithHiddenText(visible: string, hidden: string): RegExp {
  return new RegExp(`^${escapeRegExp(visible)}\\s*${escapeRegExp(hidden.trim())}$`);
}
