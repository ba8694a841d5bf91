// Downloads of an inspection's evidence: every note as CSV, or the notes and activities as XLSX.
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { inspectionScope } from '../inspections/inspection.service.ts';
import { actorOf, context } from '../platform/web/request-actor.ts';
import { EXPORT_FORMATS } from './evidence-export.ts';
import { prepareEvidenceExport } from './evidence-export.service.ts';

export async function evidenceExportRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const scope = inspectionScope(db.kysely);

  for (const format of EXPORT_FORMATS) {
    app.get(`/inspections/:inspectionId/evidence/export.${format}`, { config: { permission: 'evidence:export', scope } }, async (request, reply) => {
      const prepared = await prepareEvidenceExport(db.kysely, request.scope.inspectionId!, format, actorOf(request), context(request));
      const body = new PassThrough();
      prepared.write(body).catch((error: unknown) => {
        // The headers are gone by now: the reader sees a broken download rather than a short file.
        request.log.error({ err: error }, 'evidence export stopped part way');
        body.destroy(error instanceof Error ? error : new Error(String(error)));
      });
      return reply
        .header('content-type', prepared.contentType)
        .header('content-disposition', `attachment; filename="${prepared.fileName}"`)
        .header('cache-control', 'no-store')
        .send(body);
    });
  }
}
