// The metrics page: figures from the inspection's current person-level data beside England's, with
// accessible charts of needs, ages, sex and placements; every view is audited.
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { getInspection, inspectionScope } from '../inspections/inspection.service.ts';
import { can } from '../platform/auth/permissions.ts';
import { POPULATION_LABELS, POPULATIONS, formatCount, formatPercent, formatShare, type CaseMetrics } from './case-metrics.ts';
import { MIX_DIMENSIONS, categoryTable, mixCharts, mixComparison, mixTableRows, timelinessRows } from './case-metrics-view.ts';
import { viewCaseMetrics } from './case-metrics.service.ts';
import { actorOf, casesPath, context } from './case-web.ts';
import { nationalFigures, type NationalFigures } from './national-figures.ts';

const VIEWS = 'cases/views';

type Cell = { text: string; format?: 'numeric' };
type Table = { caption: string; head: Cell[]; rows: Cell[][] };

const numeric = (text: string): Cell => ({ text, format: 'numeric' });

function metricsView(metrics: CaseMetrics, national: NationalFigures) {
  const reviews = metrics.annualReviews;
  const senStatus: Table = {
    caption: 'Children and young people by SEN status',
    head: [{ text: 'SEN status' }, numeric('Number'), numeric('Share')],
    rows: metrics.senStatus.map((s) => [{ text: s.label }, numeric(formatCount(s.count)), numeric(formatPercent(s.share.percent))]),
  };
  const mixes = MIX_DIMENSIONS.map((dimension) => {
    const comparison = mixComparison(metrics, national, dimension);
    const table: Table = {
      caption: `${comparison.title}: this area and England`,
      head: [{ text: comparison.title }, numeric('EHC plans'), numeric('Share of EHC plans'), numeric('England, share of EHC plans'), numeric('SEN support'), numeric('Share of SEN support')],
      rows: mixTableRows(comparison).map((r) => [{ text: r.label }, numeric(r.ehcpCount), numeric(r.ehcpPercent), numeric(r.england), numeric(r.senSupportCount), numeric(r.senSupportPercent)]),
    };
    return { dimension, title: comparison.title, england: comparison.england, charts: mixCharts(comparison), table };
  });
  const populationHead = [numeric('EHC plans'), numeric('Share'), numeric('SEN support'), numeric('Share'), numeric('Everyone'), numeric('Share')];
  const categoryRows = (dimension: 'placementTypes' | 'socialCare') =>
    categoryTable(metrics, dimension).map((row) => [{ text: row.label }, ...row.cells.flatMap((c) => [numeric(c.count), numeric(c.percent)])]);
  return {
    people: formatCount(metrics.people),
    senStatus,
    newPlans: {
      from: metrics.newPlans.from,
      to: metrics.newPlans.to,
      issued: formatCount(metrics.newPlans.issued),
      withRequestDate: formatCount(metrics.newPlans.withRequestDate),
      withoutRequestDate: metrics.newPlans.withoutRequestDate,
      withoutRequestDateText: formatCount(metrics.newPlans.withoutRequestDate),
    },
    timeliness: timelinessRows(metrics, national),
    reviews: {
      cutoff: reviews.cutoff,
      under5Cutoff: reviews.under5Cutoff,
      rows: [
        { key: { text: 'All plans due a review' }, value: { text: formatShare(reviews.overdue) } },
        { key: { text: 'Aged 5 and over (12 months)' }, value: { text: formatShare(reviews.fiveAndOver) } },
        { key: { text: 'Under 5 (6 months)' }, value: { text: formatShare(reviews.under5) } },
        { key: { text: 'England' }, value: { text: 'No national figure found' } },
      ],
      withoutIssueDate: reviews.withoutIssueDate,
      withoutIssueDateText: formatCount(reviews.withoutIssueDate),
    },
    mixes,
    settings: {
      caption: 'Alternative provision and education out of area',
      head: [{ text: 'Who' }, numeric('Number'), numeric('In alternative provision'), numeric('Educated out of area')],
      rows: POPULATIONS.map((p) => [{ text: POPULATION_LABELS[p] }, numeric(formatCount(metrics.mix[p].total)), numeric(formatShare(metrics.mix[p].alternativeProvision)), numeric(formatShare(metrics.mix[p].outOfArea))]),
    } satisfies Table,
    placementTypes: { caption: 'Placement type, by SEN status', head: [{ text: 'Placement type' }, ...populationHead], rows: categoryRows('placementTypes') } satisfies Table,
    socialCare: { caption: 'Social care status, by SEN status', head: [{ text: 'Social care status' }, ...populationHead], rows: categoryRows('socialCare') } satisfies Table,
  };
}

export async function caseMetricsRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const scope = inspectionScope(db.kysely);
  // Read now, so that a malformed figures file stops the app starting rather than a page failing.
  const national = nationalFigures();

  app.get('/inspections/:inspectionId/cases/metrics', { config: { permission: 'cases:view', scope } }, async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    // The scope has checked the inspection exists.
    const details = (await getInspection(db.kysely, inspectionId))!;
    const result = await viewCaseMetrics(db.kysely, { id: inspectionId, laCode: details.area.la_code }, actorOf(request), { page: 'metrics' }, context(request));
    const common = {
      heading: { reference: details.inspection.reference, areaName: details.area.name },
      paths: { imports: casesPath(inspectionId, '/imports') },
      maySupply: can(request.visitor, 'cases:supply', request.scope),
      backLink: { href: casesPath(inspectionId), text: 'Cases' },
    };
    if (!result) return reply.view(`${VIEWS}/metrics-no-data.njk`, common);
    return reply.view(`${VIEWS}/metrics.njk`, {
      ...common,
      dataImport: { ...result.import, rowCount: formatCount(result.import.rowCount) },
      view: metricsView(result.metrics, national),
    });
  });
}
