// What the plan review pages show: the pseudonymous record, status tags, the results tables and
// grade chart, and kappas in words, built from the review data. Pure.
import { horizontalBarChart, type Chart } from '../platform/render/charts.ts';
import { formatDate } from '../platform/web/format.ts';
import {
  PLACEMENT_LABELS,
  PRIMARY_NEED_LABELS,
  SEN_STATUS_LABELS,
  SEX_LABELS,
  SOCIAL_CARE_LABELS,
  TIMELINESS_LABELS,
  daysBetween,
  timelinessBand,
  type PersonRecord,
} from './case.ts';
import { gradeLabel, ratingChoices, ratingLabel, type PlanReviewInstrument } from './plan-review-instrument.ts';
import { KAPPA_BANDS, KAPPA_BAND_LABELS, KAPPA_BAND_MEANINGS, REVIEW_STATUS_LABELS, formatKappa, type AggregateResults, type KappaResult, type ReviewStatus } from './plan-review.ts';

export type TableCell = { text?: string; html?: string; format?: 'numeric'; classes?: string };
export type SummaryRow = { key: { text: string }; value: { text: string } };

const STATUS_TAG_CLASSES: Readonly<Record<ReviewStatus, string>> = {
  not_started: 'govuk-tag--grey',
  in_progress: 'govuk-tag--yellow',
  complete: 'govuk-tag--green',
};

export function statusTag(status: ReviewStatus): { text: string; classes: string } {
  return { text: REVIEW_STATUS_LABELS[status], classes: STATUS_TAG_CLASSES[status] };
}

function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}

/** The record the plan was drawn from, as held: no name and no date of birth. */
export function personSummaryRows(person: PersonRecord): SummaryRow[] {
  const row = (key: string, value: string | null | undefined): SummaryRow => ({ key: { text: key }, value: { text: value && value !== '' ? value : 'Not recorded' } });
  const weeks = person.requestDate && person.planIssuedDate ? `${(daysBetween(person.requestDate, person.planIssuedDate) / 7).toFixed(1)} weeks` : null;
  return [
    row('Pseudonymous id', person.personId),
    row('Age at the data date', `${person.age}`),
    row('Year group', person.yearGroup),
    row('Sex', SEX_LABELS[person.sex]),
    row('Primary need', PRIMARY_NEED_LABELS[person.primaryNeed]),
    row('SEN status', SEN_STATUS_LABELS[person.senStatus]),
    row('Placement', PLACEMENT_LABELS[person.placementType]),
    row('Setting', person.settingName),
    row('In alternative provision', yesNo(person.alternativeProvision)),
    row('Placed out of area', yesNo(person.outOfArea)),
    row('Social care', SOCIAL_CARE_LABELS[person.socialCareStatus]),
    row('Request for assessment', formatDate(person.requestDate)),
    row('Plan issued', formatDate(person.planIssuedDate)),
    row('Time to issue the plan', weeks ? `${weeks} (${TIMELINESS_LABELS[timelinessBand(person)].toLowerCase()})` : null),
    row('Last annual review', formatDate(person.lastReviewDate)),
  ];
}

export type TableView = { caption: string; head: TableCell[]; rows: TableCell[][] };

/** Each criterion's ratings across the complete first reviews: counts, with "not applicable" only where it can apply. */
export function criterionResultsTable(instrument: PlanReviewInstrument, results: AggregateResults): TableView {
  const scale = [...instrument.ratings, instrument.notApplicable];
  return {
    caption: 'Ratings of each criterion in the complete first reviews',
    head: [{ text: 'Criterion' }, ...scale.map((r) => ({ text: r.label, format: 'numeric' as const }))],
    rows: instrument.criteria.map((criterion) => {
      const counts = results.byCriterion.find((c) => c.criterionId === criterion.id)?.counts ?? {};
      const allowed = new Set(ratingChoices(instrument, criterion).map((r) => r.code));
      return [
        { text: criterion.title },
        ...scale.map((r) => (allowed.has(r.code) ? { text: (counts[r.code] ?? 0).toLocaleString('en-GB'), format: 'numeric' as const } : { text: 'Does not apply', format: 'numeric' as const, classes: 'govuk-body-s' })),
      ];
    }),
  };
}

export function gradeChart(instrument: PlanReviewInstrument, results: AggregateResults): Chart {
  return horizontalBarChart({
    title: 'Overall grades of the plans reviewed',
    caption: `Number of plans given each grade in the ${results.reviews.toLocaleString('en-GB')} complete first ${results.reviews === 1 ? 'review' : 'reviews'}.`,
    unit: 'count',
    bars: instrument.grades.map((g) => ({ label: g.label, value: results.grades[g.code] ?? 0 })),
    labelHeading: 'Overall grade',
    valueHeading: 'Plans',
    id: 'review-grades',
  });
}

const PERCENT = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 0 });

/** One row of the kappa table: what was compared, kappa, n, agreement and strength. */
export function kappaRow(label: string, result: KappaResult): TableCell[] {
  const kappa = result.kappa === null ? (result.undefinedBecause === 'no_variation' ? 'Cannot be worked out' : 'Not yet') : formatKappa(result.kappa);
  return [
    { text: label },
    { text: kappa, format: 'numeric' },
    { text: result.n.toLocaleString('en-GB'), format: 'numeric' },
    { text: result.observed === null ? '' : PERCENT.format(result.observed), format: 'numeric' },
    { text: result.expected === null ? '' : PERCENT.format(result.expected), format: 'numeric' },
    { text: result.band ? KAPPA_BAND_LABELS[result.band] : result.undefinedBecause === 'no_variation' ? 'Same rating throughout' : '' },
  ];
}

export const KAPPA_TABLE_HEAD: TableCell[] = [
  { text: 'Compared' },
  { text: 'Kappa', format: 'numeric' },
  { text: 'Paired ratings', format: 'numeric' },
  { text: 'Agreed', format: 'numeric' },
  { text: 'Agreement expected by chance', format: 'numeric' },
  { text: 'Strength of agreement' },
];

export function kappaBandRows(): TableCell[][] {
  return KAPPA_BANDS.map((band) => {
    const [range, meaning] = KAPPA_BAND_MEANINGS[band].split(/: (.+)/) as [string, string];
    return [{ text: KAPPA_BAND_LABELS[band] }, { text: range }, { text: meaning.charAt(0).toUpperCase() + meaning.slice(1) }];
  });
}

export function ratingText(instrument: PlanReviewInstrument, rating: string): string {
  return rating === '' ? 'Not rated' : ratingLabel(instrument, rating);
}

export function gradeText(instrument: PlanReviewInstrument, grade: string | null): string {
  return grade ? gradeLabel(instrument, grade) : 'No grade';
}
