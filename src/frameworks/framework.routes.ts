// Read-only pages for the inspection frameworks: the list, and everything in one revision.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { isFrameworkCode, type FrameworkRevision } from './framework.ts';
import { currentFrameworkRevision, frameworkRevisionByNumber, listCurrentFrameworks, listFrameworkRevisions } from './framework.service.ts';
import { describeDeadline, describeMilestoneTiming, describeOutcomeCondition, sourceLabel } from './framework-view.ts';

const VIEWS = 'frameworks/views';

export async function frameworkRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const db = deps.db.kysely;
  const config = { permission: 'frameworks:view' as const };

  async function showRevision(reply: FastifyReply, framework: FrameworkRevision): Promise<FastifyReply> {
    const [current, revisions] = await Promise.all([currentFrameworkRevision(db, framework.code), listFrameworkRevisions(db, framework.code)]);
    const definition = framework.definition;
    return reply.view(`${VIEWS}/detail.njk`, {
      framework,
      definition,
      currentRevision: current?.revision,
      revisions,
      describeDeadline,
      describeMilestoneTiming,
      outcomeCondition: (outcomes: string[] | undefined) => describeOutcomeCondition(definition, outcomes),
      sourceLabel,
      unverifiedCount: JSON.stringify(definition).split('"unverified":true').length - 1,
    });
  }

  app.get('/frameworks', { config }, async (_request, reply) => {
    const frameworks = await listCurrentFrameworks(db);
    return reply.view(`${VIEWS}/list.njk`, { frameworks });
  });

  app.get<{ Params: { code: string } }>('/frameworks/:code', { config }, async (request, reply) => {
    const { code } = request.params;
    const framework = isFrameworkCode(code) ? await currentFrameworkRevision(db, code) : undefined;
    if (!framework) return reply.callNotFound();
    return showRevision(reply, framework);
  });

  app.get<{ Params: { code: string; revision: string } }>('/frameworks/:code/revisions/:revision', { config }, async (request, reply) => {
    const { code, revision } = request.params;
    const number = /^[1-9][0-9]{0,8}$/.test(revision) ? Number(revision) : NaN;
    const framework = isFrameworkCode(code) && Number.isInteger(number) ? await frameworkRevisionByNumber(db, code, number) : undefined;
    if (!framework) return reply.callNotFound();
    return showRevision(reply, framework);
  });
}
