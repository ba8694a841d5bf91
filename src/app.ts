// buildApp(deps): the whole web application as a Fastify instance that does not listen.
// Platform concerns are set up in a fixed order, then each capability adds its routes.
import { randomUUID } from 'node:crypto';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { areaRoutes } from './areas/area.routes.ts';
import type { Config } from './config.ts';
import type { Db } from './platform/db/database.ts';
import { frameworkRoutes } from './frameworks/framework.routes.ts';
import { inspectionRoutes } from './inspections/inspection.routes.ts';
import { accountRoutes } from './platform/auth/account.routes.ts';
import { adminUsersRoutes } from './platform/auth/admin-users.routes.ts';
import { auditRoutes } from './platform/auth/audit.routes.ts';
import { authRoutes } from './platform/auth/auth.routes.ts';
import { requireRoutePermissions, setUpAccessControl } from './platform/auth/guard.ts';
import { setUpAssets } from './platform/web/assets.ts';
import { contentRoutes } from './platform/web/content.routes.ts';
import { setUpErrorPages } from './platform/web/errors.ts';
import { setUpHealthChecks } from './platform/web/health.ts';
import { setUpCsrf, setUpSecurityHeaders, setUpSessions } from './platform/web/security.ts';
import { setUpViews } from './platform/web/views.ts';
import { surveyDesignRoutes } from './surveys/survey-design.routes.ts';
import { surveyDistributionRoutes } from './surveys/survey-distribution.routes.ts';
import { surveyRespondRoutes } from './surveys/survey-respond.routes.ts';
import { surveyResultsRoutes } from './surveys/survey-results.routes.ts';
import { surveyTransferRoutes } from './surveys/survey-transfer.routes.ts';
import { caseImportRoutes } from './cases/case-import.routes.ts';
import { dataRequestRoutes } from './cases/data-request.routes.ts';
import { caseMetricsRoutes } from './cases/case-metrics.routes.ts';
import { caseSampleRoutes } from './cases/case-sample.routes.ts';
import { caseTrackingRoutes } from './cases/case-tracking.routes.ts';
import { caseDocumentRoutes } from './cases/case-documents.routes.ts';
import { casesRoutes } from './cases/cases.routes.ts';
import { planReviewRoutes } from './cases/plan-review.routes.ts';
import { evidenceSearchRoutes } from './evidence/evidence-search.routes.ts';
import { evidenceExportRoutes } from './evidence/evidence-export.routes.ts';
import { triangulationRoutes } from './evidence/triangulation.routes.ts';
import { activityRoutes } from './evidence/activity.routes.ts';
import { fieldworkRoutes } from './evidence/fieldwork.routes.ts';
import { evidenceNoteRoutes } from './evidence/evidence-note.routes.ts';
import { findingRoutes } from './findings/finding.routes.ts';
import { reportRoutes } from './reports/report.routes.ts';
import { reportDraftRoutes } from './reports/report-draft.routes.ts';
import { reportCommentRoutes } from './reports/report-comment.routes.ts';
import { reportPublicationRoutes } from './reports/report-publication.routes.ts';
import { openDataRoutes } from './public/open-data.routes.ts';
import { publicReportsRoutes } from './public/public-reports.routes.ts';
import { pageFeedbackRoutes } from './public/page-feedback.routes.ts';

export type AppDeps = {
  config: Config;
  db: Db;
  /** A logger instance or options; tests pass false. */
  logger?: FastifyServerOptions['logger'] | FastifyServerOptions['loggerInstance'];
};

/** What routes may reach: the database and configuration (services are built from these). */
export type RouteDeps = { config: Config; db: Db };

/** Invitation links carry a one-time secret in the path; logs keep only the route. */
function withoutSecrets(path: string): string {
  return path.replace(/^\/invite\/[^/]+/, '/invite/:token').replace(/^\/survey-summaries\/[^/.]+/, '/survey-summaries/:summaryToken');
}

function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    // Paths only: query strings can carry search terms or names.
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: withoutSecrets(req.url.split('?')[0]) }),
    },
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
  };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db } = deps;
  const app = Fastify({
    logger: deps.logger === undefined ? loggerOptions(config) : (deps.logger as FastifyServerOptions['logger']),
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });

  requireRoutePermissions(app);
  setUpHealthChecks(app, config, db);
  await setUpSecurityHeaders(app, config);
  await app.register(fastifyFormbody);
  await app.register(fastifyRateLimit, { global: false });
  await setUpSessions(app, config, db);
  await setUpAccessControl(app, db, config.sessionIdleMinutes);
  await setUpCsrf(app);
  await setUpAssets(app, config.production);
  await setUpViews(app, config);
  setUpErrorPages(app);

  const routeDeps: RouteDeps = { config, db };
  await app.register(contentRoutes, routeDeps);
  await app.register(authRoutes, routeDeps);
  await app.register(accountRoutes, routeDeps);
  await app.register(adminUsersRoutes, routeDeps);
  await app.register(auditRoutes, routeDeps);
  await app.register(areaRoutes, routeDeps);
  await app.register(frameworkRoutes, routeDeps);
  await app.register(inspectionRoutes, routeDeps);
  await app.register(surveyDesignRoutes, routeDeps);
  await app.register(surveyDistributionRoutes, routeDeps);
  await app.register(surveyRespondRoutes, routeDeps);
  await app.register(surveyResultsRoutes, routeDeps);
  await app.register(surveyTransferRoutes, routeDeps);
  await app.register(caseImportRoutes, routeDeps);
  await app.register(dataRequestRoutes, routeDeps);
  await app.register(caseMetricsRoutes, routeDeps);
  await app.register(caseSampleRoutes, routeDeps);
  await app.register(caseTrackingRoutes, routeDeps);
  await app.register(caseDocumentRoutes, routeDeps);
  await app.register(casesRoutes, routeDeps);
  await app.register(planReviewRoutes, routeDeps);
  await app.register(evidenceSearchRoutes, routeDeps);
  await app.register(evidenceExportRoutes, routeDeps);
  await app.register(triangulationRoutes, routeDeps);
  await app.register(activityRoutes, routeDeps);
  await app.register(fieldworkRoutes, routeDeps);
  await app.register(evidenceNoteRoutes, routeDeps);
  await app.register(findingRoutes, routeDeps);
  await app.register(reportRoutes, routeDeps);
  await app.register(reportDraftRoutes, routeDeps);
  await app.register(reportCommentRoutes, routeDeps);
  await app.register(reportPublicationRoutes, routeDeps);
  await app.register(openDataRoutes, routeDeps);
  await app.register(publicReportsRoutes, routeDeps);
  await app.register(pageFeedbackRoutes, routeDeps);
  return app;
}
