// The cases page: one place to reach the person-level data, its figures, the sample, tracking,
// plan reviews and case documents, each offered only to those who may use it.
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { getInspection, inspectionScope } from '../inspections/inspection.service.ts';
import { can, type Permission } from '../platform/auth/permissions.ts';
import { casesOverview } from './case-hub.service.ts';
import { casesPath } from './case-web.ts';

export async function casesRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const scope = inspectionScope(db.kysely);

  app.get('/inspections/:inspectionId/cases', { config: { permission: 'cases:hub', scope } }, async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const details = (await getInspection(db.kysely, inspectionId))!;
    const may = (permission: Permission) => can(request.visitor, permission, request.scope);
    return reply.view('cases/views/cases.njk', {
      inspection: details.inspection,
      area: details.area,
      overview: await casesOverview(db.kysely, inspectionId),
      may: {
        supply: may('cases:supply'),
        view: may('cases:view'),
        sample: may('cases:sample'),
        documents: may('cases:documents'),
      },
      paths: {
        imports: casesPath(inspectionId, '/imports'),
        metrics: casesPath(inspectionId, '/metrics'),
        sample: casesPath(inspectionId, '/sample'),
        report: casesPath(inspectionId, '/sample/report'),
        tracked: casesPath(inspectionId, '/tracked'),
        reviews: casesPath(inspectionId, '/reviews'),
        moderation: casesPath(inspectionId, '/reviews/moderation'),
        documents: casesPath(inspectionId, '/documents'),
        template: '/cases/template.csv',
        templateXlsx: '/cases/template.xlsx',
      },
      backLink: { href: `/inspections/${inspectionId}`, text: 'Back to the inspection' },
    });
  });
}
