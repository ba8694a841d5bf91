// Unit tests of the demo's findings: each keeps the 2023 framework's rules, the report's sections
// get three each, one finding (and only one) rests on one kind of source, the survey figures cited
// are of questions about the finding's criteria, and the outcome is one the framework offers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SOURCE_OF_NOTE } from '../evidence/evidence.ts';
import { checkOutcomeCode, validateFinding } from '../findings/finding.ts';
import { loadFrameworkDefinitions } from '../frameworks/framework-files.ts';
import { surveyTemplateDefinition } from '../frameworks/survey-templates.ts';
import { DEMO_FINDINGS, DEMO_OUTCOME, type DemoFindingPlan } from './demo-findings.ts';

const definition = loadFrameworkDefinitions().find((f) => f.code === '2023')!;
const parentsSurvey = surveyTemplateDefinition('parents_carers', '2023');
const ANY_NOTE = { kind: 'note' as const, refId: '00000000-0000-4000-8000-000000000000' };

/** The kinds of source a planned finding cites, as the findings page counts them. */
function sourcesOf(plan: DemoFindingPlan): Set<string> {
  const sources = new Set<string>(plan.notes.map((n) => SOURCE_OF_NOTE[n.source]));
  if (plan.surveyQuestion) sources.add('survey');
  if (plan.planReviews) sources.add('case_review');
  return sources;
}

test('every demo finding keeps the 2023 framework’s rules, with the outcome recorded', () => {
  for (const plan of DEMO_FINDINGS) {
    const checked = validateFinding({ ...plan, partners: '', citations: [ANY_NOTE] }, { definition, outcome: DEMO_OUTCOME.code, origin: 'recorded' });
    assert.ok(checked.ok, `${plan.body.slice(0, 40)}: ${checked.ok ? '' : JSON.stringify(checked.issues)}`);
    assert.deepEqual(checked.value.criteria, plan.criteria, 'criteria in the framework’s order');
    assert.ok(plan.notes.length > 0, 'every finding cites notes');
    assert.doesNotMatch(plan.body, /\s{2}|^\s|\s$/);
  }
});

test('three findings for each section of the report, and areas for improvement for the council, the ICB and both', () => {
  const byKind = Map.groupBy(DEMO_FINDINGS, (f) => f.kind);
  assert.deepEqual([...byKind].map(([kind, list]) => [kind, list.length]), [
    ['experience', 3],
    ['effective', 3],
    ['to_do_better', 3],
    ['area_for_improvement', 3],
  ]);
  assert.deepEqual(byKind.get('area_for_improvement')!.map((f) => f.responsibleBody), ['local_authority', 'icb', 'local_authority_and_icb']);
  assert.ok(DEMO_FINDINGS.filter((f) => f.kind !== 'area_for_improvement').every((f) => f.responsibleBody === null));
});

test('exactly one finding rests on one kind of source: the leaders’ ambition, heard in fieldwork only', () => {
  const single = DEMO_FINDINGS.filter((plan) => sourcesOf(plan).size === 1);
  assert.equal(single.length, 1);
  assert.deepEqual(single[0]!.criteria, ['L1']);
  assert.deepEqual([...sourcesOf(single[0]!)], ['fieldwork']);
});

test('each survey figure cited is a parents’ survey question with figures about one of the finding’s criteria', () => {
  const cited = DEMO_FINDINGS.filter((f) => f.surveyQuestion);
  assert.ok(cited.length >= 5);
  for (const plan of cited) {
    const question = parentsSurvey.questions.find((q) => q.id === plan.surveyQuestion);
    assert.ok(question && question.type !== 'text', plan.surveyQuestion);
    assert.ok(question.criteria.some((c) => plan.criteria.includes(c)), `${plan.surveyQuestion} is about ${question.criteria.join(', ')}`);
  }
  // Plan reviews are tagged I3 and L5 in the demo.
  for (const plan of DEMO_FINDINGS.filter((f) => f.planReviews)) assert.ok(['I3', 'L5'].includes(plan.planReviews!.criterion));
});

test('the outcome is the framework’s “inconsistent”, with the inspectors’ reasons', () => {
  const checked = checkOutcomeCode(definition, 'full', DEMO_OUTCOME.code);
  assert.ok(checked.ok);
  assert.equal(checked.outcome.label, 'Inconsistent experiences and outcomes');
  assert.ok(DEMO_OUTCOME.rationale.length > 100);
});
