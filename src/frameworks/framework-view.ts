// How framework facts read on a page: milestone timings, deadlines and outcome conditions in words.
import { milestoneWorkingDays, type Deadline, type FrameworkDefinition, type Milestone } from './framework.ts';

const DEADLINE_STARTS: Record<Deadline['from'], string> = {
  report_published: 'the report is published',
  final_report_received: 'the final report is received',
  inspection_end: 'the inspection ends',
};

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function unitWords(n: number, unit: Deadline['unit'] | Milestone['unit']): string {
  switch (unit) {
    case 'working_days':
      return plural(n, 'working day', 'working days');
    case 'calendar_days':
      return plural(n, 'calendar day', 'calendar days');
    case 'months':
      return plural(n, 'month', 'months');
    case 'years':
      return plural(n, 'year', 'years');
  }
}

/** "Within 35 working days of when the final report is received", "About 18 months after the report is published". */
export function describeDeadline(deadline: Deadline): string {
  const amount = unitWords(deadline.amount, deadline.unit);
  return deadline.approximate
    ? `Within about ${amount} after ${DEADLINE_STARTS[deadline.from]}`
    : `Within ${amount} after ${DEADLINE_STARTS[deadline.from]}`;
}

/** When a milestone falls: "Day 0", "Days 10 to 14", or, when counted otherwise, "70 calendar days after Letter published". */
export function describeMilestoneTiming(timeline: readonly Milestone[], milestone: Milestone): string {
  const days = milestoneWorkingDays(timeline, milestone.code);
  if (days) return days.start === days.end ? `Day ${days.start}` : `Days ${days.start} to ${days.end}`;
  const from = timeline.find((m) => m.code === milestone.from)?.label ?? 'notification';
  const span = milestone.endOffset === undefined ? unitWords(milestone.offset, milestone.unit) : `${milestone.offset} to ${unitWords(milestone.endOffset, milestone.unit)}`;
  return `${span} after ${from.toLowerCase()}`;
}

/** "Only when: Written statement of action required" for outcome-dependent items. */
export function describeOutcomeCondition(definition: FrameworkDefinition, outcomes: readonly string[] | undefined): string | undefined {
  if (!outcomes?.length) return undefined;
  const labels = outcomes.map((code) => definition.inspectionTypes.flatMap((t) => t.outcomes).find((o) => o.code === code)?.label ?? code);
  return `Only with the outcome: ${labels.join(' or ')}`;
}

/** A short, readable name for a source link: the site it is on. */
export function sourceLabel(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '').replace(/\.$/, '');
  } catch {
    return url;
  }
}
