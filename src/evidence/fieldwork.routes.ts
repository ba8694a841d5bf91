// The fieldwork and evidence hub: the inspection's computed totals, activities by kind and people
// by group, how many notes there are, and the way to every fieldwork and evidence page.
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { getInspection, inspectionScope } from '../inspections/inspection.service.ts';
import { can } from '../platform/auth/permissions.ts';
import { totalsSentence } from './activity.ts';
import { fieldworkPath } from './activity.routes.ts';
import { fieldworkTotals } from './activity.service.ts';
import { noteCounts } from './evidence-note.service.ts';
import { ACTIVITY_KINDS, ACTIVITY_KIND_LABELS, PARTICIPANT_GROUPS, PARTICIPANT_GROUP_AUDIENCE, PARTICIPANT_GROUP_LABELS } from './evidence.ts';

const VIEWS = 'evidence/views';

export async function fieldworkRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const scope = inspectionScope(db.kysely);

  app.get('/inspections/:inspectionId/fieldwork', { config: { permission: 'evidence:view', scope } }, async (request, reply) => {
    const details = (await getInspection(db.kysely, request.scope.inspectionId!))!;
    const inspectionId = details.inspection.id;
    const totals = await fieldworkTotals(db.kysely, inspectionId);
    const notes = await noteCounts(db.kysely, inspectionId);
    const evidencePath = (rest: string) => `/inspections/${inspectionId}/evidence${rest}`;
    return reply.view(`${VIEWS}/fieldwork.njk`, {
      inspection: details.inspection,
      area: details.area,
      totals,
      sentence: totalsSentence(totals),
      byKind: ACTIVITY_KINDS.map((k) => ({ label: ACTIVITY_KIND_LABELS[k], count: totals.byKind[k] })),
      byGroup: PARTICIPANT_GROUPS.map((g) => ({ label: PARTICIPANT_GROUP_LABELS[g], count: totals.byGroup[g], audience: PARTICIPANT_GROUP_AUDIENCE[g] === 'families' ? 'Families' : 'Staff' })),
      notes,
      mayWrite: can(request.visitor, 'evidence:write', request.scope),
      mayExport: can(request.visitor, 'evidence:export', request.scope),
      links: {
        activities: fieldworkPath(inspectionId, '/activities'),
        newActivity: fieldworkPath(inspectionId, '/activities/new'),
        timetable: fieldworkPath(inspectionId, '/timetable'),
        notes: evidencePath('/notes'),
        newNote: evidencePath('/notes/new'),
        triangulation: evidencePath('/triangulation'),
        exportCsv: evidencePath('/export.csv'),
        exportXlsx: evidencePath('/export.xlsx'),
      },
      backLink: { href: `/inspections/${inspectionId}`, text: 'Inspection' },
    });
  });
}
