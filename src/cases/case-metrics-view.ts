// What the metrics page and the CLI show: each area figure beside England's (with its period and
// sources), in words, and the charts of the mix of needs, ages, sex and placements. Pure.
import { horizontalBarChart, type Bar } from '../platform/render/charts.ts';
import { formatCount, formatPercent, formatShare, formatWeeks, share, type CaseMetrics, type CategoryFigure, type Mix } from './case-metrics.ts';
import type { FigureBasis, NationalFigure, NationalFigures, NationalMix } from './national-figures.ts';

export const BASIS_TEXT: Readonly<Record<FigureBasis, string>> = {
  dfe: 'DfE statistics',
  third_party: 'Reported by a third party; not yet checked against DfE',
  derived: 'Worked out from published figures',
};

export type Source = { title: string; url: string };

export type NationalText = {
  /** "46.4%", or why there is no figure. */
  figure: string;
  hasFigure: boolean;
  /** The figure with its period: "46.4%, calendar 2024", or why there is none. */
  summary: string;
  period: string;
  basis: string;
  note?: string;
  sources: Source[];
};

function nationalText(figure: NationalFigure): NationalText {
  const latest = figure.latestPublished;
  const value =
    figure.value !== null
      ? figure.unit === 'weeks'
        ? formatWeeks(figure.value)
        : formatPercent(figure.value)
      : latest
        ? `Not published for recent years (the latest found is ${formatPercent(latest.value)}, for ${latest.period})`
        : 'No national figure found';
  const summary = figure.value !== null ? `${value}, ${figure.period}` : latest ? value : `${value} for ${figure.period}`;
  return { figure: value, hasFigure: figure.value !== null, summary, period: figure.period, basis: BASIS_TEXT[figure.basis], note: figure.note, sources: figure.sources };
}

export type TimelinessRow = {
  key: 'within20WeeksExcludingExceptions' | 'within20WeeksIncludingExceptions' | 'averageWeeks' | 'over52Weeks';
  label: string;
  /** What the area's figure counts, in words. */
  definition: string;
  area: string;
  england: NationalText;
};

/** The headline timeliness figures, each with England's beside it. */
export function timelinessRows(metrics: CaseMetrics, national: NationalFigures): TimelinessRow[] {
  const np = metrics.newPlans;
  const t = national.timeliness;
  return [
    {
      key: 'within20WeeksExcludingExceptions',
      label: 'Issued within 20 weeks, excluding exceptions',
      definition: `New plans with a request date and no exception to the 20-week limit (${formatCount(np.withRequestDate - np.exceptions)}), issued at most 140 days after the request. Plans where an exception applied (${formatCount(np.exceptions)}) are left out of both the count and the total, as in DfE’s figure.`,
      area: formatShare(np.within20WeeksExcludingExceptions),
      england: nationalText(t.within20WeeksExcludingExceptions),
    },
    {
      key: 'within20WeeksIncludingExceptions',
      label: 'Issued within 20 weeks, including exceptions',
      definition: `All new plans with a request date (${formatCount(np.withRequestDate)}), whether or not an exception applied, issued at most 140 days after the request.`,
      area: formatShare(np.within20WeeksIncludingExceptions),
      england: nationalText(t.within20WeeksIncludingExceptions),
    },
    {
      key: 'averageWeeks',
      label: 'Average weeks from request to plan',
      definition: `The mean of the days from request to plan over all new plans with a request date (${formatCount(np.withRequestDate)}), exceptions included, in weeks.`,
      area: np.averageWeeks === null ? 'No figure (no new plans with a request date)' : `${formatWeeks(np.averageWeeks)} (${formatCount(np.withRequestDate)} plans)`,
      england: nationalText(t.averageWeeks),
    },
    {
      key: 'over52Weeks',
      label: 'Issued after more than 52 weeks',
      definition: `All new plans with a request date (${formatCount(np.withRequestDate)}), exceptions included, issued more than 364 days after the request.`,
      area: formatShare(np.over52Weeks),
      england: nationalText(t.over52Weeks),
    },
  ];
}

export const MIX_DIMENSIONS = ['needs', 'agePhases', 'sexes', 'placementGroups'] as const;
export type MixDimension = (typeof MIX_DIMENSIONS)[number];

const DIMENSION_TITLES: Readonly<Record<MixDimension, string>> = {
  needs: 'Primary need',
  agePhases: 'Age',
  sexes: 'Sex',
  placementGroups: 'Placement',
};

function nationalMixFor(dimension: MixDimension, national: NationalFigures): NationalMix {
  const mix = national.ehcpMix;
  return { needs: mix.needs, agePhases: mix.agePhases, sexes: mix.sex, placementGroups: mix.placementGroups }[dimension];
}

export type MixRow = { code: string; label: string; ehcp: CategoryFigure | undefined; senSupport: CategoryFigure | undefined; england: number | null };

export type MixComparison = {
  dimension: MixDimension;
  title: string;
  rows: MixRow[];
  ehcpTotal: number;
  senSupportTotal: number;
  england: { label: string; population: string; period: string; basis: string; note?: string; sources: Source[] };
};

/** One dimension of the mix for EHC plans and SEN support side by side, with England's share of EHC plans. */
export function mixComparison(metrics: CaseMetrics, national: NationalFigures, dimension: MixDimension): MixComparison {
  const nationalMix = nationalMixFor(dimension, national);
  const shares = nationalMix.shares as Readonly<Record<string, number | undefined>>;
  const ehcp = metrics.mix.EHCP[dimension];
  const senSupport = metrics.mix.SEN_SUPPORT[dimension];
  // Needs list only those present; keep the vocabulary's order across both lists.
  const codes = metrics.mix.all[dimension].map((c) => c.code);
  const rows = codes.map((code) => {
    const inEhcp = ehcp.find((c) => c.code === code);
    const inSupport = senSupport.find((c) => c.code === code);
    return { code, label: (inEhcp ?? inSupport)!.label, ehcp: inEhcp, senSupport: inSupport, england: shares[code] ?? null };
  });
  return {
    dimension,
    title: DIMENSION_TITLES[dimension],
    rows,
    ehcpTotal: metrics.mix.EHCP.total,
    senSupportTotal: metrics.mix.SEN_SUPPORT.total,
    england: { label: nationalMix.label, population: nationalMix.population, period: nationalMix.period, basis: BASIS_TEXT[nationalMix.basis], note: nationalMix.note, sources: nationalMix.sources },
  };
}

/** A category left out of a list (needs list only those present) has none of the total. */
function figureCell(figure: CategoryFigure | undefined, total: number): { count: string; percent: string } {
  return figure ? { count: formatCount(figure.count), percent: formatPercent(figure.share.percent) } : { count: '0', percent: formatPercent(share(0, total).percent) };
}

export type MixTableRow = { label: string; ehcpCount: string; ehcpPercent: string; england: string; senSupportCount: string; senSupportPercent: string };

export function mixTableRows(comparison: MixComparison): MixTableRow[] {
  return comparison.rows.map((row) => {
    const ehcp = figureCell(row.ehcp, comparison.ehcpTotal);
    const support = figureCell(row.senSupport, comparison.senSupportTotal);
    return {
      label: row.label,
      ehcpCount: ehcp.count,
      ehcpPercent: ehcp.percent,
      england: row.england === null ? 'No figure' : formatPercent(row.england),
      senSupportCount: support.count,
      senSupportPercent: support.percent,
    };
  });
}

export type MixCharts = { ehcp?: { svg: string }; senSupport?: { svg: string } };

/**
 * Bar charts of the shares (whole percentages, as the chart draws them; the table has one decimal
 * place). On the EHC plans chart, England's share is written under each bar that has one.
 */
export function mixCharts(comparison: MixComparison): MixCharts {
  const charts: MixCharts = {};
  const bars = (pick: (row: MixRow) => CategoryFigure | undefined, withEngland: boolean): Bar[] =>
    comparison.rows
      .filter((row) => pick(row) !== undefined && (comparison.dimension !== 'needs' || pick(row)!.count > 0))
      .map((row) => ({
        label: row.label,
        value: pick(row)!.share.percent ?? 0,
        note: withEngland && row.england !== null ? `England: ${formatPercent(row.england)}` : undefined,
      }));
  if (comparison.ehcpTotal > 0) {
    charts.ehcp = {
      svg: horizontalBarChart({
        title: `${comparison.title}: children and young people with EHC plans`,
        caption: `Share of the ${formatCount(comparison.ehcpTotal)} with EHC plans in this area. England: ${comparison.england.period}, ${comparison.england.population.toLowerCase()}.`,
        unit: 'percent',
        bars: bars((row) => row.ehcp, true),
        id: `chart-${comparison.dimension}-ehcp`,
      }).svg,
    };
  }
  if (comparison.senSupportTotal > 0) {
    charts.senSupport = {
      svg: horizontalBarChart({
        title: `${comparison.title}: children and young people on SEN support`,
        caption: `Share of the ${formatCount(comparison.senSupportTotal)} on SEN support in this area. No national figure is shown for SEN support.`,
        unit: 'percent',
        bars: bars((row) => row.senSupport, false),
        id: `chart-${comparison.dimension}-sen-support`,
      }).svg,
    };
  }
  return charts;
}

export type CategoryTableRow = { label: string; cells: { count: string; percent: string }[] };

/** A dimension with no national figure (placement types, social care): EHC plans, SEN support and everyone. */
export function categoryTable(metrics: CaseMetrics, dimension: 'placementTypes' | 'socialCare'): CategoryTableRow[] {
  const mixes: Mix[] = [metrics.mix.EHCP, metrics.mix.SEN_SUPPORT, metrics.mix.all];
  // Everyone's list holds every category present in either.
  return metrics.mix.all[dimension].map(({ code, label }) => ({
    label,
    cells: mixes.map((mix) => figureCell(mix[dimension].find((c) => c.code === code), mix.total)),
  }));
}
