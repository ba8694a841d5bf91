// Who is acting in a request, and the request id, in the shape the audit log takes.
import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../audit.ts';

/** The signed-in person making the request; every page behind sign-in has one. */
export function actorOf(request: FastifyRequest): NonNullable<AuditActor> {
  const principal = request.visitor.principal!;
  return { id: principal.userId, label: principal.email };
}

export function context(request: FastifyRequest): { requestId?: string } {
  return { requestId: request.id };
}
