// The open data, for anyone: the documentation page, the CSV and JSON files, and the versioned JSON
// API with its OpenAPI description. Read-only public data, so any site may fetch it (CORS *).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RouteDeps } from '../app.ts';
import {
  API_BASE_PATH,
  QUERY_PARAMETERS,
  badParametersProblem,
  fieldTables,
  notFoundProblem,
  openApiDocument,
  parseInspectionsQuery,
  referenceParameterSchema,
  type Problem,
} from './open-data.ts';
import { codeLists, findingsCsv, inspectionsCsv, inspectionsFile, inspectionsPage, openData, publishedInspection } from './open-data.service.ts';

/** Public data changes only when a report is published or corrected: a few minutes' caching is safe. */
const CACHE_SECONDS = 300;

function openDataHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('access-control-allow-origin', '*')
    .header('cross-origin-resource-policy', 'cross-origin')
    .header('cache-control', `public, max-age=${CACHE_SECONDS}`);
}

function download(reply: FastifyReply, fileName: string, contentType: string, body: Buffer | string) {
  return openDataHeaders(reply).type(contentType).header('content-disposition', `attachment; filename="${fileName}"`).send(body);
}

function problem(reply: FastifyReply, body: Problem) {
  // Problems are not cached: the same address may answer once the report is published.
  return reply.code(body.status).header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin').header('cache-control', 'no-store').type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
}

export async function openDataRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const db = deps.db.kysely;
  const serviceUrl = deps.config.serviceUrl;
  const open = { config: { permission: 'public' as const } };

  app.get('/open-data', open, async (_request, reply) => {
    const [data, codes] = await Promise.all([openData(db, serviceUrl), codeLists(db)]);
    return reply.view('public/views/open-data.njk', {
      pageTitle: 'Open data: published area SEND inspections',
      tables: fieldTables(),
      codes,
      counts: { inspections: data.inspections.length, findings: data.findings.length },
      apiBase: `${serviceUrl.replace(/\/+$/, '')}${API_BASE_PATH}`,
      parameters: QUERY_PARAMETERS,
    });
  });

  app.get('/open-data/inspections.csv', open, async (_request, reply) => download(reply, 'inspections.csv', 'text/csv; charset=utf-8', await inspectionsCsv(await openData(db, serviceUrl))));
  app.get('/open-data/findings.csv', open, async (_request, reply) => download(reply, 'findings.csv', 'text/csv; charset=utf-8', await findingsCsv(await openData(db, serviceUrl))));
  app.get('/open-data/inspections.json', open, async (_request, reply) =>
    download(reply, 'inspections.json', 'application/json; charset=utf-8', JSON.stringify(inspectionsFile(await openData(db, serviceUrl)))),
  );

  app.get(`${API_BASE_PATH}/inspections`, open, async (request, reply) => {
    const parsed = parseInspectionsQuery(request.query as Record<string, unknown>);
    if (!parsed.ok) return problem(reply, badParametersProblem(serviceUrl, parsed.errors));
    const page = await inspectionsPage(db, parsed.query, serviceUrl);
    return openDataHeaders(reply).type('application/json; charset=utf-8').send(JSON.stringify(page));
  });

  app.get(`${API_BASE_PATH}/inspections/:reference`, open, async (request, reply) => {
    const { reference } = request.params as { reference: string };
    const found = referenceParameterSchema.safeParse(reference).success ? await publishedInspection(db, reference, serviceUrl) : undefined;
    if (!found) return problem(reply, notFoundProblem(serviceUrl, reference.slice(0, 100)));
    return openDataHeaders(reply).type('application/json; charset=utf-8').send(JSON.stringify(found));
  });

  const description = JSON.stringify(openApiDocument(serviceUrl));
  app.get(`${API_BASE_PATH}/openapi.json`, open, async (_request, reply) => openDataHeaders(reply).type('application/json; charset=utf-8').send(description));
}
