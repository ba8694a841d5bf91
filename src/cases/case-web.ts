// The addresses of the cases pages, and who is acting in a request.
export { actorOf, context } from '../platform/web/request-actor.ts';

export function casesPath(inspectionId: string, rest = ''): string {
  return `/inspections/${inspectionId}/cases${rest}`;
}

export function dataRequestPath(inspectionId: string, rest = ''): string {
  return `/inspections/${inspectionId}/data-request${rest}`;
}
