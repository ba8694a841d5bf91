// Unit tests of the demo surveys' synthetic responses: counts, validity, routing, correlations,
// timing and repeatability.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { surveyTemplateDefinition } from '../frameworks/survey-templates.ts';
import { AGREEING_VALUES, SURVEY_AUDIENCES, missingTranslations, validateResponse, visibleQuestions, type SurveyAudience, type SurveyDefinition } from '../surveys/survey.ts';
import { createRandom } from './demo-random.ts';
import { DEMO_SURVEY_PLANS, buildDemoResponses, demoLinkSendTimes, demoSurveyPeriod, ukTime, type DemoResponse } from './demo-surveys.ts';
import { DEMO_TRANSLATED_LANGUAGE, withDemoUrdu } from './demo-urdu.ts';
import { demoInspectionDates } from './demo.ts';

const dates = demoInspectionDates('2026-12-01');
const period = demoSurveyPeriod(dates);

function definitionFor(audience: SurveyAudience): SurveyDefinition {
  const definition = surveyTemplateDefinition(audience, '2023');
  return audience === 'parents_carers' ? { ...withDemoUrdu(definition), languages: [DEMO_TRANSLATED_LANGUAGE] } : definition;
}

const definitions = new Map(SURVEY_AUDIENCES.map((a) => [a, definitionFor(a)]));
const generated = new Map(SURVEY_AUDIENCES.map((a) => [a, buildDemoResponses(a, definitions.get(a)!, period)]));
const parents = generated.get('parents_carers')!;

function share(responses: readonly DemoResponse[], test: (r: DemoResponse) => boolean): number {
  return responses.filter(test).length / responses.length;
}

describe('the seeded generator', () => {
  test('repeats itself for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return [random.next(), random.int(10), random.uuid(), random.normal()];
    };
    assert.deepEqual(draw(7), draw(7));
    assert.notDeepEqual(draw(7), draw(8));
    assert.match(createRandom(1).uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('weighted choices follow their weights', () => {
    const random = createRandom(3);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) if (random.weighted([['heavy', 3], ['light', 1]] as const) === 'heavy') heavy++;
    assert.ok(heavy > 7200 && heavy < 7800, `heavy chosen ${heavy} times in 10,000`);
  });
});

describe('demo survey responses', () => {
  test('the period opens after notification and closes a week before the on-site visit, in UK time', () => {
    // Notified Monday 9 November 2026; on site from Monday 23 November.
    assert.equal(period.opensAt.toISOString(), '2026-11-10T09:00:00.000Z');
    assert.equal(period.closesAt.toISOString(), '2026-11-16T00:00:00.000Z');
    // In summer the UK clock is an hour ahead of UTC.
    assert.equal(ukTime('2026-07-01', 9).toISOString(), '2026-07-01T08:00:00.000Z');
  });

  test('each audience gets about as many responses as the plan says, with 3 or 4 links', () => {
    assert.equal(parents.length, DEMO_SURVEY_PLANS.parents_carers.responses);
    assert.ok(parents.length >= 950 && parents.length <= 1100);
    assert.ok(Math.abs(generated.get('children_young_people')!.length - 150) <= 10);
    assert.ok(Math.abs(generated.get('practitioners')!.length - 250) <= 10);
    for (const audience of SURVEY_AUDIENCES) {
      const links = DEMO_SURVEY_PLANS[audience].links;
      assert.ok(links.length >= 3 && links.length <= 4, audience);
      // Every link brought some responses.
      for (const index of links.keys()) assert.ok(generated.get(audience)!.some((r) => r.link === index), `${audience} link ${index}`);
    }
  });

  test('every response passes the respondent checks unchanged and keeps to the routing', () => {
    for (const audience of SURVEY_AUDIENCES) {
      const definition = definitions.get(audience)!;
      for (const response of generated.get(audience)!) {
        const checked = validateResponse(definition, response.language, response.answers);
        assert.deepEqual(checked.errors, [], audience);
        assert.deepEqual(checked.answers, response.answers);
        const shown = new Set(visibleQuestions(definition, response.answers).map((q) => q.id));
        for (const id of Object.keys(response.answers)) assert.ok(shown.has(id), `${audience}: ${id} answered though routing hides it`);
      }
    }
  });

  test('questions behind routing are answered only by those they are shown to, and are answered by them', () => {
    const assessed = parents.filter((r) => r.answers.support_level === 'ehc_plan' || r.answers.support_level === 'assessment_underway');
    const others = parents.filter((r) => !assessed.includes(r));
    assert.ok(others.length > 100 && others.every((r) => !('ehc_process_clear' in r.answers)));
    assert.ok(share(assessed, (r) => 'ehc_process_clear' in r.answers) > 0.9);
    assert.ok(parents.filter((r) => r.answers.support_level !== 'ehc_plan').every((r) => !('plan_accurate' in r.answers)));
    assert.ok(parents.filter((r) => r.answers.local_offer_known !== 'yes').every((r) => !('local_offer_useful' in r.answers)));
    assert.ok(parents.some((r) => 'local_offer_useful' in r.answers));
  });

  test('answers hang together: waiting families are less content, special school families happier with their setting', () => {
    const disagrees = (r: DemoResponse) => r.answers.right_help_right_time === 'disagree' || r.answers.right_help_right_time === 'strongly_disagree';
    const waitingForAssessment = parents.filter((r) => {
      const waits = r.answers.waiting_for;
      return Array.isArray(waits) && (waits.includes('autism_assessment') || waits.includes('adhd_assessment'));
    });
    const waitingForNothing = parents.filter((r) => Array.isArray(r.answers.waiting_for) && r.answers.waiting_for.includes('none'));
    assert.ok(waitingForAssessment.length > 100 && waitingForNothing.length > 100);
    assert.ok(share(waitingForAssessment, disagrees) > share(waitingForNothing, disagrees) + 0.2);

    const agreesWithSetting = (r: DemoResponse) => AGREEING_VALUES.has(String(r.answers.setting_meets_needs));
    const special = parents.filter((r) => r.answers.setting_type === 'special');
    const mainstream = parents.filter((r) => r.answers.setting_type === 'mainstream');
    assert.ok(share(special, agreesWithSetting) > share(mainstream, agreesWithSetting) + 0.2);
    // Special schools are for children with plans.
    assert.ok(share(special, (r) => r.answers.support_level === 'ehc_plan') > 0.9);
  });

  test('about 55% of parents write each comment, some with personal details for redaction to find', () => {
    for (const question of ['what_works_well', 'what_could_be_better']) {
      const written = share(parents, (r) => typeof r.answers[question] === 'string');
      assert.ok(written > 0.5 && written < 0.62, `${question}: ${written}`);
    }
    const comments = SURVEY_AUDIENCES.flatMap((a) => generated.get(a)!).flatMap((r) => Object.values(r.answers).filter((v): v is string => typeof v === 'string' && v.includes(' ')));
    assert.ok(comments.every((c) => !/[{}]/.test(c)), 'every slot in a fragment is filled');
    assert.ok(comments.some((c) => /07700 900\d{3}/.test(c)), 'a phone number');
    assert.ok(comments.some((c) => /\b(my|our) (son|daughter) (Jayden|Amelia|Mohammed|Aisha|Oliver|Lily|Kacper|Zainab|Harry|Maya|Ethan|Ruby|Yusuf|Sophie|Tyler|Ellie|Ibrahim|Freya|Leo|Hafsa|Mason|Poppy|Reuben|Esme)\b/.test(c)), "a child's first name");
    assert.ok(comments.some((c) => /(Primary|Academy|School|High|Infants|Juniors)\b/.test(c)), 'a school name');
    // Many different comments, not a handful repeated.
    const parentComments = parents.map((r) => r.answers.what_could_be_better).filter((c) => typeof c === 'string');
    assert.ok(new Set(parentComments).size > parentComments.length * 0.8);
  });

  test('a few parents answer in Urdu when the survey offers it, and none when it does not', () => {
    assert.deepEqual(missingTranslations(definitions.get('parents_carers')!, DEMO_TRANSLATED_LANGUAGE), []);
    const inUrdu = parents.filter((r) => r.language === DEMO_TRANSLATED_LANGUAGE);
    assert.equal(inUrdu.length, DEMO_SURVEY_PLANS.parents_carers.inUrdu);
    const englishOnly = buildDemoResponses('parents_carers', surveyTemplateDefinition('parents_carers', '2023'), period);
    assert.ok(englishOnly.every((r) => r.language === 'en'));
  });

  test('responses arrive while the survey is open, after their link went out, busiest in the first days', () => {
    for (const audience of SURVEY_AUDIENCES) {
      const responses = generated.get(audience)!;
      const sent = demoLinkSendTimes(DEMO_SURVEY_PLANS[audience], period);
      for (const [i, r] of responses.entries()) {
        assert.ok(r.submittedAt >= sent[r.link]! && r.submittedAt < period.closesAt, `${audience} response ${i} at ${r.submittedAt.toISOString()}`);
        if (i > 0) assert.ok(r.submittedAt >= responses[i - 1]!.submittedAt, 'oldest first');
      }
    }
    const byDay = new Map<string, number>();
    for (const r of parents) byDay.set(r.submittedAt.toISOString().slice(0, 10), (byDay.get(r.submittedAt.toISOString().slice(0, 10)) ?? 0) + 1);
    const days = [...byDay.values()];
    assert.ok(days.length >= 5);
    assert.ok(Math.max(...days.slice(0, 3)) > Math.max(...days.slice(3)), `daily counts ${days.join(', ')}`);
  });

  test('the same seed gives the same responses; another seed gives others', () => {
    const definition = definitions.get('practitioners')!;
    assert.deepEqual(buildDemoResponses('practitioners', definition, period, 42), buildDemoResponses('practitioners', definition, period, 42));
    assert.notDeepEqual(buildDemoResponses('practitioners', definition, period, 42), buildDemoResponses('practitioners', definition, period, 43));
    const keys = new Set(parents.map((r) => r.idempotencyKey));
    assert.equal(keys.size, parents.length);
  });
});
