// Pages for the local area partnerships: search the list, and see one area's details.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { formErrors } from '../platform/web/forms.ts';
import { councilType, REGIONS, reportName, SPLIT_ICB_AREAS } from './area.ts';
import { findAreas, getArea } from './area.service.ts';

const VIEWS = 'areas/views';

const searchSchema = z.object({
  q: z.string().trim().max(100, 'Search text must be 100 characters or fewer').optional().default(''),
  region: z
    .string()
    .optional()
    .default('')
    .refine((value) => value === '' || (REGIONS as readonly string[]).includes(value), 'Select a region from the list'),
});

function firstValue(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

export async function areaRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const db = deps.db.kysely;

  app.get('/areas', { config: { permission: 'areas:view' } }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const raw = { q: firstValue(query.q), region: firstValue(query.region) };
    const parsed = searchSchema.safeParse(raw);
    const values = { q: typeof raw.q === 'string' ? raw.q : '', region: typeof raw.region === 'string' ? raw.region : '' };
    if (!parsed.success) {
      reply.code(400);
      return reply.view(`${VIEWS}/list.njk`, { errors: formErrors(parsed.error.issues), values, regions: REGIONS, areas: [], searched: true });
    }
    const filters = { text: parsed.data.q, region: parsed.data.region };
    const areas = await findAreas(db, filters);
    return reply.view(`${VIEWS}/list.njk`, {
      values: { q: parsed.data.q, region: parsed.data.region },
      regions: REGIONS,
      areas,
      searched: Boolean(filters.text || filters.region),
    });
  });

  app.get<{ Params: { laCode: string } }>('/areas/:laCode', { config: { permission: 'areas:view' } }, async (request, reply) => {
    const area = await getArea(db, request.params.laCode);
    if (!area) return reply.callNotFound();
    return reply.view(`${VIEWS}/detail.njk`, {
      area,
      councilType: councilType(area.gss_code),
      reportName: reportName(area.name),
      otherIcbs: SPLIT_ICB_AREAS[area.la_code],
    });
  });
}
