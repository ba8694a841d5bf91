// The plain-English summary of a report for children, young people and families, written from its structured findings and outcome in short sentences.
import { findOutcome, type Deadline, type FrameworkDefinition } from '../frameworks/framework.ts';
import type { Block, DocumentFinding, FamilySummary, ReportDocument } from './report-document.ts';

/** What the summary is written from: the composed document's facts. */
export type SummarySource = Pick<ReportDocument, 'area' | 'framework' | 'inspectionType' | 'dates' | 'outcome' | 'findings'>;

/** Sentences are kept to about this many words, the length most readers take in at once. */
export const SENTENCE_WORDS = 20;
/** A list shows at most this many findings; the rest are left to the full report. */
export const LIST_ITEMS = 6;

const MONTH_YEAR = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

// ---- Shortening finding text -----------------------------------------------------------------

/** The text up to the end of its first sentence. */
export function firstSentence(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const end = /[.!?](?=\s+["'‘“(]?[A-Z0-9])/.exec(trimmed);
  return end ? trimmed.slice(0, end.index + 1) : trimmed;
}

const CLAUSE_STARTS = new Set(['and', 'but', 'because', 'which', 'so', 'while', 'although', 'where', 'including', 'as']);
const SHORTEST_CLAUSE = 6;

function asSentence(words: string[]): string {
  const text = words.join(' ').replace(/[,;:–—-]+$/, '');
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * A sentence cut to at most `max` words, only ever between words: at the last clause boundary
 * (a comma, a semicolon, or a word such as "and" or "because") that leaves a clause of some length,
 * or failing that after whole words with an ellipsis, so a reader sees that it goes on.
 */
export function shortenSentence(sentence: string, max = SENTENCE_WORDS): string {
  const words = sentence.trim().split(/\s+/).filter(Boolean);
  if (words.length <= max) return asSentence(words);
  for (let end = max; end >= SHORTEST_CLAUSE; end--) {
    if (/[,;:]$/.test(words[end - 1])) return asSentence(words.slice(0, end));
    if (end < words.length && CLAUSE_STARTS.has(words[end].toLowerCase())) return asSentence(words.slice(0, end));
  }
  return `${words
    .slice(0, max)
    .join(' ')
    .replace(/[,;:.–—-]+$/, '')}…`;
}

// Abbreviations spelt out the first time the summary uses them (`marker` shows it has been); words swapped for plainer ones.
const EXPANSIONS: { key: string; pattern: RegExp; long: string; marker: string }[] = [
  { key: 'EHC', pattern: /\bEHC ?P(?:lan)?(s?)\b/i, long: 'education, health and care (EHC) plan$1', marker: 'education, health and care (EHC) plan' },
  { key: 'ICB', pattern: /\bICB(s?)\b/, long: 'integrated care board$1 (ICB$1)', marker: 'integrated care board' },
  { key: 'SENCO', pattern: /\bSENCO(s?)\b/, long: 'special educational needs coordinator$1 (SENCO$1)', marker: 'special educational needs coordinator' },
  { key: 'CAMHS', pattern: /\bCAMHS\b/, long: "children and young people's mental health services (CAMHS)", marker: '(CAMHS)' },
];
const PLAINER: [RegExp, string][] = [
  [/\bsystemic\b/gi, 'deep-rooted'],
  [/\band\/or\b/g, 'or'],
];

type Plain = { expanded: Set<string> };

function plainWords(text: string, state: Plain): string {
  let result = text;
  for (const [pattern, plainer] of PLAINER) result = result.replace(pattern, plainer);
  for (const { key, pattern, long } of EXPANSIONS) if (!state.expanded.has(key)) result = result.replace(pattern, long);
  return result;
}

/** A finding as one short sentence, with its jargon spelt out the first time. */
function findingLine(text: string, state: Plain): string {
  const line = shortenSentence(plainWords(firstSentence(text), state));
  for (const { key, marker } of EXPANSIONS) if (line.includes(marker)) state.expanded.add(key);
  return line;
}

function findingList(findings: DocumentFinding[], state: Plain): string[] {
  const lines = [...new Set(findings.map((f) => f.text))].map((text) => findingLine(text, state));
  if (lines.length <= LIST_ITEMS) return lines;
  const more = lines.length - (LIST_ITEMS - 1);
  return [...lines.slice(0, LIST_ITEMS - 1), `The full report describes ${more} more.`];
}

// ---- What the outcome means ------------------------------------------------------------------

const OUTCOME_WORDS: Record<string, (area: string) => string[]> = {
  positive: (area) => [
    `Inspectors found that children and young people with SEND in ${area} usually have good experiences.`,
    'Leaders are already working on the things that need to improve.',
  ],
  inconsistent: (area) => [
    `Inspectors found that children and young people with SEND in ${area} have mixed experiences.`,
    'Some get the help they need, but others do not.',
    'The council and the NHS must work together to make things better.',
  ],
  widespread_systemic_failings: (area) => [
    `Inspectors found serious problems in the help for children and young people with SEND in ${area}.`,
    'Many children and young people do not get the help they need.',
    'The council and the NHS must fix these problems urgently.',
  ],
  effective_action_all: () => ['Inspectors found that leaders have taken the right steps to fix the most urgent problems.'],
  effective_action_not_all: () => [
    'Inspectors found that leaders have not yet fixed all of the most urgent problems.',
    'The government and NHS England will decide what happens next.',
  ],
  wsoa_not_required: (area) => [`Inspectors did not find serious weaknesses in the help for children and young people with SEND in ${area}.`],
  wsoa_required: (area) => [
    `Inspectors found serious weaknesses in the help for children and young people with SEND in ${area}.`,
    'The council and the NHS must write a plan to put them right.',
  ],
  sufficient_progress_all: () => ['Inspectors found that leaders have made enough progress on all of the serious weaknesses found before.'],
  sufficient_progress_some: () => [
    'Inspectors found that leaders have made enough progress on some of the serious weaknesses found before.',
    'They have not made enough progress on the others.',
  ],
  sufficient_progress_none: () => ['Inspectors found that leaders have not made enough progress on the serious weaknesses found before.'],
};

function outcomeWords(source: SummarySource): string[] {
  const { outcome, area } = source;
  if (!outcome) return ['Inspectors have not yet decided the outcome of this inspection.'];
  return OUTCOME_WORDS[outcome.code]?.(area.name) ?? [`The outcome of the inspection is: ${outcome.label}.`];
}

// ---- What happens next -----------------------------------------------------------------------

const UNITS: Record<Deadline['unit'], [string, string]> = {
  working_days: ['working day', 'working days'],
  calendar_days: ['day', 'days'],
  months: ['month', 'months'],
  years: ['year', 'years'],
};

function span(deadline: Deadline | undefined): string | undefined {
  if (!deadline) return undefined;
  const [one, many] = UNITS[deadline.unit];
  return `${deadline.approximate ? 'about ' : ''}${deadline.amount} ${deadline.amount === 1 ? one : many}`;
}

function deadlineOf(deadlines: readonly Deadline[], word?: string): Deadline | undefined {
  return (word ? deadlines.find((d) => d.label.toLowerCase().startsWith(word)) : undefined) ?? deadlines[0];
}

const NEXT_WORDS: Record<string, (deadlines: readonly Deadline[]) => string[]> = {
  next_full_inspection: (d) => {
    const when = span(deadlineOf(d));
    return [when ? `Inspectors will come back for a full inspection within ${when}.` : 'Inspectors will come back for another full inspection.'];
  },
  strategic_plan_update: () => ['The council and the NHS will update their plan for SEND services and publish it.'],
  priority_action_plan: (d) => {
    const publish = span(deadlineOf(d, 'publish'));
    return ['The council and the NHS must write a plan to fix the most urgent problems.', ...(publish ? [`They must publish it within ${publish}.`] : [])];
  },
  monitoring_inspection: (d) => {
    const when = span(deadlineOf(d));
    return [when ? `Inspectors will come back in ${when} to check on progress.` : 'Inspectors will come back to check on progress.'];
  },
  engagement_meetings: () => ['Inspectors will meet leaders between inspections to check how things are going.'],
  written_statement_of_action: (d) => {
    const when = span(deadlineOf(d));
    return [`The council and the NHS must write a plan to put the serious weaknesses right${when ? ` within ${when}` : ''}.`];
  },
  progress_review_visits: () => ['The government and NHS England will visit to check on progress.'],
  revisit: (d) => {
    const when = span(deadlineOf(d));
    return [when ? `Inspectors will come back in ${when} to check on progress.` : 'Inspectors will come back to check on progress.'];
  },
  dfe_next_steps: () => ['The government and NHS England will decide what happens next.'],
};

function nextSteps(source: SummarySource, definition: FrameworkDefinition): string[] {
  if (!source.outcome) return [];
  const followUps = findOutcome(definition, source.outcome.code)?.followUps ?? [];
  const lines = followUps.flatMap((f) => NEXT_WORDS[f.code]?.(f.deadlines) ?? []);
  return [...new Set(lines)];
}

// ---- Who must act ----------------------------------------------------------------------------

function whoMustAct(finding: DocumentFinding): string {
  switch (finding.responsibleBody) {
    case 'local_authority':
      return 'The council';
    case 'icb':
      return 'The NHS';
    case 'local_authority_and_icb':
      return 'The council and the NHS';
    default: {
      const named = finding.partners.trim();
      return named ? named.charAt(0).toUpperCase() + named.slice(1) : 'Partners across the area';
    }
  }
}

/** Recommendations grouped by who must act on them, in the order each group first appears. */
function byWhoMustAct(findings: DocumentFinding[]): [string, DocumentFinding[]][] {
  return [...Map.groupBy(findings, whoMustAct)];
}

// ---- The summary -----------------------------------------------------------------------------

function paragraph(sentences: string[]): Block {
  return { type: 'paragraph', text: sentences.join(' ') };
}

function visitWords(source: SummarySource): string[] {
  const when = MONTH_YEAR.format(new Date(`${source.dates.onsiteEnd}T00:00:00Z`));
  const checking: Record<string, string> = {
    monitoring: 'They checked whether leaders have fixed the most urgent problems found at the last inspection.',
    revisit: 'They checked whether leaders have put right the serious weaknesses found at the last inspection.',
  };
  return [
    `In ${when}, inspectors from Ofsted and the Care Quality Commission (CQC) visited ${source.area.name}.`,
    'They looked at how well services help children and young people with special educational needs and disabilities (SEND).',
    ...(checking[source.inspectionType.code] ? [checking[source.inspectionType.code]] : ['These services include the council, the NHS, schools and colleges.']),
  ];
}

const WORKING_WELL = new Set(['effective', 'strength']);
const TO_GET_BETTER = new Set(['to_do_better', 'area_for_development']);

/**
 * The summary: what inspectors looked at, what the outcome means, what is working well, what needs
 * to get better and who must act, and what happens next. Every sentence is short; finding text is
 * cut only between words.
 */
export function familySummary(source: SummarySource, definition: FrameworkDefinition): FamilySummary {
  const state: Plain = { expanded: new Set() };
  const findings = source.findings;
  const ofKinds = (kinds: Set<string>) => findings.filter((f) => kinds.has(f.kind));
  const blocks: Block[] = [paragraph(visitWords(source)), paragraph(outcomeWords(source))];

  const good = ofKinds(WORKING_WELL);
  if (good.length) blocks.push(paragraph(['These things are working well:']), { type: 'list', items: findingList(good, state) });

  const weaknesses = ofKinds(new Set(['significant_weakness']));
  if (weaknesses.length) blocks.push(paragraph(['Inspectors found these serious weaknesses:']), { type: 'list', items: findingList(weaknesses, state) });

  const better = ofKinds(TO_GET_BETTER);
  if (better.length) blocks.push(paragraph(['These things need to get better:']), { type: 'list', items: findingList(better, state) });

  for (const [who, group] of byWhoMustAct(ofKinds(new Set(['area_for_priority_action'])))) {
    blocks.push(paragraph([`${who} must fix these problems urgently:`]), { type: 'list', items: findingList(group, state) });
  }
  for (const [who, group] of byWhoMustAct(ofKinds(new Set(['area_for_improvement'])))) {
    blocks.push(paragraph([`${who} must also improve these things:`]), { type: 'list', items: findingList(group, state) });
  }

  const next = nextSteps(source, definition);
  if (next.length) blocks.push(paragraph(['What happens next:']), { type: 'list', items: next });
  blocks.push(paragraph(['You can read the full report to find out more.']));
  return { title: `What inspectors found in ${source.area.name}: a summary for children, young people and families`, blocks };
}
