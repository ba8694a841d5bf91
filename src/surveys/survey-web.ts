// What every survey page needs from a request: who is acting, the request id for the audit log,
// and the addresses of the survey pages.
import type { FastifyRequest } from 'fastify';
import type { Actor, Context } from '../inspections/inspection.service.ts';
import type { Survey } from './survey.service.ts';
import { audienceSlug } from './survey.ts';

/** The signed-in person making the request; survey pages other than answering all need one. */
export function actorOf(request: FastifyRequest): Actor {
  const principal = request.visitor.principal!;
  return { id: principal.userId, label: principal.email };
}

export function context(request: FastifyRequest): Context {
  return { requestId: request.id };
}

export function surveysPath(inspectionId: string, rest = ''): string {
  return `/inspections/${inspectionId}/surveys${rest}`;
}

export function surveyPath(survey: Pick<Survey, 'inspectionId' | 'audience'>, rest = ''): string {
  return surveysPath(survey.inspectionId, `/${audienceSlug(survey.audience)}${rest}`);
}
