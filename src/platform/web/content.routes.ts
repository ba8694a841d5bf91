// The service's own pages: start page, accessibility statement, privacy notice, cookies, contact.
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../app.ts';

export async function contentRoutes(app: FastifyInstance, _deps: RouteDeps): Promise<void> {
  const page = { config: { permission: 'public' as const } };
  app.get('/', page, async (request, reply) => {
    if (request.visitor.principal) return reply.redirect('/inspections');
    return reply.view('content/start.njk', {});
  });
  app.get('/accessibility', page, async (_request, reply) => reply.view('content/accessibility.njk', {}));
  app.get('/privacy', page, async (_request, reply) => reply.view('content/privacy.njk', {}));
  app.get('/cookies', page, async (_request, reply) => reply.view('content/cookies.njk', {}));
  app.get('/contact', page, async (_request, reply) => reply.view('content/contact.njk', {}));
}
