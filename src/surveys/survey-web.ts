// What every survey page needs from a request: who is acting, the request id for the audit log,
// and the addresses of the survey pages.
import type { Survey } from './survey.service.ts';
import { audienceSlug } from './survey.ts';

export { actorOf, context } from '../platform/web/request-actor.ts';

export function surveysPath(inspectionId: string, rest = ''): string {
  return `/inspections/${inspectionId}/surveys${rest}`;
}

export function surveyPath(survey: Pick<Survey, 'inspectionId' | 'audience'>, rest = ''): string {
  return surveysPath(survey.inspectionId, `/${audienceSlug(survey.audience)}${rest}`);
}
