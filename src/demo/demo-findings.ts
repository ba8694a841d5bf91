// The demo inspection's findings and outcome: twelve findings worded as a published area SEND report
// words them, each citing the demo's own evidence found as inspectors find it (notes by criterion,
// theme and polarity, a figure from the parents' survey, a plan review), one of them resting on
// fieldwork notes alone; then the inspectors' decision. Recorded through the findings service.
import { taggedReviews } from '../cases/plan-review.service.ts';
import { searchNotes } from '../evidence/evidence-search.service.ts';
import type { NoteSourceKind, Polarity } from '../evidence/evidence.ts';
import { surveyFigureRef } from '../findings/finding.ts';
import { createFinding, decideOutcome, getOutcome, listFindings, type CitationInput } from '../findings/finding.service.ts';
import type { Actor } from '../inspections/inspection.service.ts';
import type { Db } from '../platform/db/database.ts';
import { listSurveys } from '../surveys/survey.service.ts';
import type { ThemeCode } from '../surveys/themes.ts';
import type { DemoEvidenceActors, TeamKey } from './demo-evidence.ts';

/** Evidence notes a finding cites: the first `take` the evidence search lists for these filters. */
export type WantedNotes = { criterion: string; theme: ThemeCode; polarity: Polarity; source: NoteSourceKind; take: number };

export type DemoFindingPlan = {
  kind: 'experience' | 'effective' | 'to_do_better' | 'area_for_improvement';
  criteria: string[];
  body: string;
  responsibleBody: 'local_authority' | 'icb' | 'local_authority_and_icb' | null;
  /** Who on the team records it. */
  by: TeamKey;
  notes: WantedNotes[];
  /** A question of the parents' survey whose figures the finding cites (those that bear it out). */
  surveyQuestion?: string;
  /** Complete plan reviews it cites: the weaker graded ones, tagged with this criterion. */
  planReviews?: { criterion: string; take: number };
};

const WEAKER_GRADES: ReadonlySet<string> = new Set(['requires_improvement', 'inadequate']);

/** In the order they are recorded, which is the order the report lists them within each kind. */
export const DEMO_FINDINGS: readonly DemoFindingPlan[] = [
  // What it is like to be a child or young person with SEND in the area
  {
    kind: 'experience',
    criteria: ['I1'],
    responsibleBody: null,
    by: 'inspector',
    body: 'Most children with SEND in Northbrook have their needs identified early. Health visitors, early years settings and the area SENCO service work well together, so many children get help before they start school. Early years settings value the quick, practical advice they get from the area SENCO.',
    notes: [
      { criterion: 'I1', theme: 'IDENT_EARLY', polarity: 'strength', source: 'activity', take: 2 },
      { criterion: 'I1', theme: 'IDENT_EARLY', polarity: 'strength', source: 'reviewed_plan', take: 1 },
    ],
  },
  {
    kind: 'experience',
    criteria: ['I1'],
    responsibleBody: null,
    by: 'lead',
    body: 'Many children and young people wait too long for their needs to be assessed. Too few EHC plans are issued within 20 weeks, and some families wait more than a year. Educational psychology advice is often late, which holds assessments up. Families are often not told when a deadline will be missed and have to chase for news.',
    notes: [
      { criterion: 'I1', theme: 'EHCNA_TIMELINESS', polarity: 'concern', source: 'activity', take: 2 },
      { criterion: 'I1', theme: 'EHCNA_TIMELINESS', polarity: 'concern', source: 'tracked_case', take: 1 },
      { criterion: 'I1', theme: 'EHCNA_TIMELINESS', polarity: 'concern', source: 'data', take: 1 },
    ],
    surveyQuestion: 'assessed_without_delay',
  },
  {
    kind: 'experience',
    criteria: ['I2'],
    responsibleBody: null,
    by: 'inspector',
    body: 'Children and young people are listened to and are involved in decisions about their support. Their views are written into most plans in their own words. Many parents told inspectors that they helped to write their child’s outcomes and recognise their child in the plan.',
    notes: [
      { criterion: 'I2', theme: 'COPRODUCTION', polarity: 'strength', source: 'activity', take: 2 },
      { criterion: 'I2', theme: 'COPRODUCTION', polarity: 'strength', source: 'tracked_case', take: 1 },
      { criterion: 'I2', theme: 'COPRODUCTION', polarity: 'strength', source: 'survey', take: 1 },
    ],
  },
  // What the area partnership is doing that is effective
  {
    kind: 'effective',
    criteria: ['L1'],
    responsibleBody: null,
    by: 'lead',
    // Heard from leaders only: the one finding the findings page flags as resting on one kind of source.
    body: 'Leaders across education, health and care share an ambition for children and young people with SEND, and see inclusion as everyone’s responsibility. The SEND strategy for 2025 to 2028 was written with the parent carer forum and sets out clear priorities.',
    notes: [{ criterion: 'L1', theme: 'PARTNERSHIP_LEADERSHIP', polarity: 'strength', source: 'activity', take: 2 }],
  },
  {
    kind: 'effective',
    criteria: ['I2', 'L2'],
    responsibleBody: null,
    by: 'lead',
    body: 'Co-production with families is strong. The parent carer forum is involved in strategic work from the start, and young people help to interview candidates for senior SEND posts. Leaders redesigned the local offer website and the short breaks offer with the forum, and take-up of short breaks rose by a fifth last year.',
    notes: [
      { criterion: 'L2', theme: 'COPRODUCTION', polarity: 'strength', source: 'activity', take: 2 },
      { criterion: 'L2', theme: 'LOCAL_OFFER', polarity: 'strength', source: 'activity', take: 1 },
      { criterion: 'L2', theme: 'LOCAL_OFFER', polarity: 'strength', source: 'survey', take: 1 },
      { criterion: 'I3', theme: 'SOCIAL_CARE_SHORT_BREAKS', polarity: 'strength', source: 'data', take: 1 },
    ],
  },
  {
    kind: 'effective',
    criteria: ['I4'],
    responsibleBody: null,
    by: 'inspector',
    body: 'Young people are well prepared for adulthood. Partners plan moves between schools and into college carefully. The number of young people on supported internships at Northbrook College has doubled in two years, and fewer young people with EHC plans are not in education, employment or training than in similar areas.',
    notes: [
      { criterion: 'I4', theme: 'TRANSITIONS_PFA', polarity: 'strength', source: 'activity', take: 2 },
      { criterion: 'I4', theme: 'TRANSITIONS_PFA', polarity: 'strength', source: 'data', take: 1 },
    ],
  },
  // What the area partnership needs to do better
  {
    kind: 'to_do_better',
    criteria: ['I3', 'L4'],
    responsibleBody: null,
    by: 'cqcLead',
    body: 'Children and young people wait too long for speech and language therapy and occupational therapy. The median wait for a first speech and language therapy appointment is 31 weeks. The therapy set out in EHC plans is often not provided while children wait, and plans too often say that a child will have ‘access to’ therapy rather than how much they will get.',
    notes: [
      { criterion: 'I3', theme: 'THERAPY_WAITS', polarity: 'concern', source: 'activity', take: 2 },
      { criterion: 'I3', theme: 'THERAPY_WAITS', polarity: 'concern', source: 'data', take: 1 },
      { criterion: 'I3', theme: 'THERAPY_WAITS', polarity: 'concern', source: 'reviewed_plan', take: 1 },
    ],
    surveyQuestion: 'health_meets_needs',
    planReviews: { criterion: 'I3', take: 1 },
  },
  {
    kind: 'to_do_better',
    criteria: ['I1', 'L4'],
    responsibleBody: null,
    by: 'cqcLead',
    body: 'Waits for autism and ADHD assessments are too long. About 1,900 children and young people are waiting, and the median wait is 22 months. Some children’s mental health gets worse while they wait. The neurodiversity hub now gives advice to families who are waiting, but this does not yet reach enough of them.',
    notes: [
      { criterion: 'I1', theme: 'ND_PATHWAY', polarity: 'concern', source: 'data', take: 1 },
      { criterion: 'I1', theme: 'ND_PATHWAY', polarity: 'concern', source: 'activity', take: 1 },
      { criterion: 'I1', theme: 'ND_PATHWAY', polarity: 'concern', source: 'tracked_case', take: 1 },
      { criterion: 'I1', theme: 'ND_PATHWAY', polarity: 'strength', source: 'survey', take: 1 },
    ],
    surveyQuestion: 'waiting_for',
  },
  {
    kind: 'to_do_better',
    criteria: ['I3', 'L5'],
    responsibleBody: null,
    by: 'inspector',
    body: 'The quality of EHC plans is too variable. Too many plans have outcomes that could belong to any child, and health and social care sections are often missing or out of date. Changes agreed at annual reviews are slow to appear in amended plans. Leaders’ own audits rate about a third of plans as needing improvement.',
    notes: [
      { criterion: 'I3', theme: 'EHCP_QUALITY', polarity: 'concern', source: 'activity', take: 1 },
      { criterion: 'I3', theme: 'ANNUAL_REVIEW', polarity: 'concern', source: 'activity', take: 1 },
      { criterion: 'I3', theme: 'ANNUAL_REVIEW', polarity: 'concern', source: 'reviewed_plan', take: 1 },
      { criterion: 'L5', theme: 'EHCP_QUALITY', polarity: 'neutral', source: 'data', take: 1 },
    ],
    surveyQuestion: 'plan_accurate',
    planReviews: { criterion: 'L5', take: 2 },
  },
  // Areas for improvement, each with the body responsible for it
  {
    kind: 'area_for_improvement',
    criteria: ['I1'],
    responsibleBody: 'local_authority',
    by: 'lead',
    body: 'Leaders in the local authority should improve the timeliness of EHC needs assessments, including the educational psychology advice that assessments rely on, so that plans are issued within 20 weeks and families are kept informed at each stage.',
    notes: [
      { criterion: 'I1', theme: 'EHCNA_TIMELINESS', polarity: 'concern', source: 'activity', take: 1 },
      { criterion: 'I1', theme: 'EHCNA_TIMELINESS', polarity: 'concern', source: 'data', take: 1 },
    ],
    surveyQuestion: 'ehc_process_clear',
  },
  {
    kind: 'area_for_improvement',
    criteria: ['I3', 'L4'],
    responsibleBody: 'icb',
    by: 'cqcLead',
    body: 'Leaders in the ICB should reduce waiting times for speech and language therapy, occupational therapy and neurodevelopmental assessments, and make sure that children and young people and their families get the support they need while they wait.',
    notes: [
      { criterion: 'I3', theme: 'THERAPY_WAITS', polarity: 'concern', source: 'data', take: 1 },
      { criterion: 'I1', theme: 'ND_PATHWAY', polarity: 'concern', source: 'data', take: 1 },
      { criterion: 'I3', theme: 'THERAPY_WAITS', polarity: 'concern', source: 'survey', take: 1 },
    ],
    surveyQuestion: 'waiting_for',
  },
  {
    kind: 'area_for_improvement',
    criteria: ['I3', 'L5'],
    responsibleBody: 'local_authority_and_icb',
    by: 'lead',
    body: 'Leaders in the local authority and the ICB should improve the quality of EHC plans, so that health and social care advice is timely and current, the provision each child needs is clearly set out, and plans are amended promptly after annual reviews.',
    notes: [
      { criterion: 'I3', theme: 'EHCP_QUALITY', polarity: 'concern', source: 'reviewed_plan', take: 1 },
      { criterion: 'L5', theme: 'EHCP_QUALITY', polarity: 'neutral', source: 'data', take: 1 },
    ],
    planReviews: { criterion: 'I3', take: 2 },
  },
];

export const DEMO_OUTCOME = {
  code: 'inconsistent',
  rationale:
    'Children’s needs are identified early, co-production with families is strong and young people are well prepared for adulthood. But long waits for assessments and therapies, and plans of variable quality, mean that too many children and young people do not get the help they need when they need it. Leaders know this and have plans in place, which have not yet made enough difference for families.',
} as const;

export type SeededDemoFindings = { findings: number; singleSource: number; outcomeLabel: string };

/** The notes the evidence search lists first for each filter, each once. */
async function citedNotes(db: Db, inspectionId: string, wanted: readonly WantedNotes[], actor: Actor): Promise<CitationInput[]> {
  const chosen: string[] = [];
  for (const want of wanted) {
    const found = await searchNotes(db.kysely, inspectionId, { q: '', criterion: want.criterion, theme: want.theme, polarity: want.polarity, source: want.source, page: 1 }, actor);
    const fresh = found.notes.filter((n) => !chosen.includes(n.id)).slice(0, want.take);
    if (fresh.length === 0) throw new Error(`The demo has no ${want.polarity} notes from ${want.source} on ${want.criterion} (${want.theme}) for a finding to cite`);
    chosen.push(...fresh.map((n) => n.id));
  }
  return chosen.map((refId) => ({ kind: 'note', refId }));
}

async function citedReviews(db: Db, inspectionId: string, wanted: { criterion: string; take: number }): Promise<CitationInput[]> {
  const reviews = (await taggedReviews(db.kysely, inspectionId, wanted.criterion)).filter((r) => r.grade !== null && WEAKER_GRADES.has(r.grade));
  if (reviews.length === 0) throw new Error(`The demo has no complete plan review tagged ${wanted.criterion} for a finding to cite`);
  return reviews.slice(0, wanted.take).map((r) => ({ kind: 'plan_review', refId: r.reviewId }));
}

/**
 * Records the demo's findings, as the team member each names, and then the outcome as the Ofsted
 * lead. The inspection must be before publication, with its evidence, surveys and plan reviews seeded.
 */
export async function seedDemoFindings(db: Db, inspectionId: string, actors: DemoEvidenceActors): Promise<SeededDemoFindings> {
  const parents = (await listSurveys(db.kysely, inspectionId)).find((s) => s.audience === 'parents_carers');
  if (!parents) throw new Error('The demo inspection has no parents’ survey for its findings to cite');
  for (const plan of DEMO_FINDINGS) {
    const actor = actors[plan.by];
    const citations = await citedNotes(db, inspectionId, plan.notes, actor);
    if (plan.surveyQuestion) {
      const question = parents.definition.questions.find((q) => q.id === plan.surveyQuestion && q.type !== 'text');
      if (!question) throw new Error(`The parents’ survey has no question ${plan.surveyQuestion} with figures to cite`);
      citations.push({ kind: 'survey_figure', refId: surveyFigureRef(parents.id, question.id) });
    }
    if (plan.planReviews) citations.push(...(await citedReviews(db, inspectionId, plan.planReviews)));
    await createFinding(db.kysely, inspectionId, { kind: plan.kind, criteria: plan.criteria, body: plan.body, responsibleBody: plan.responsibleBody, partners: '', citations }, actor);
  }
  await decideOutcome(db.kysely, inspectionId, { outcome: DEMO_OUTCOME.code, rationale: DEMO_OUTCOME.rationale, revision: 0 }, actors.lead);
  const findings = await listFindings(db.kysely, inspectionId);
  const outcome = await getOutcome(db.kysely, inspectionId);
  return { findings: findings.length, singleSource: findings.filter((f) => f.singleSource).length, outcomeLabel: outcome?.label ?? DEMO_OUTCOME.code };
}
