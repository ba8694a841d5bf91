// Friendly error pages: 404, 403 (expired form), 429, and a 500 that shows no detail to users.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || (request.headers.accept ?? '').startsWith('application/json');
}

export function setUpErrorPages(app: FastifyInstance): void {
  app.setNotFoundHandler(
    { preHandler: app.rateLimit ? app.rateLimit({ max: 120, timeWindow: '1 minute' }) : undefined },
    async (request: FastifyRequest, reply: FastifyReply) => {
      reply.code(404);
      if (wantsJson(request)) return { error: 'Not found' };
      return reply.view('errors/not-found.njk', {});
    },
  );

  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: error.code, status }, error.message);
    reply.code(status);
    if (wantsJson(request)) return { error: status >= 500 ? 'Sorry, there is a problem with the service' : error.message };
    if (status === 404) return reply.view('errors/not-found.njk', {});
    if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      return reply.view('errors/form-expired.njk', {});
    }
    if (status === 429) return reply.view('errors/too-many-requests.njk', {});
    if (status === 413) return reply.view('errors/problem.njk', { heading: 'The information you sent is too large', message: 'Go back and send less at once.' });
    if (status < 500) return reply.view('errors/problem.njk', { heading: 'There is a problem with your request', message: error.message });
    return reply.view('errors/server-error.njk', {});
  });
}
