import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  allCriteria,
  findingKindsFor,
  frameworkContentHash,
  frameworkDefinitionSchema,
  inspectionType,
  milestoneWorkingDays,
  reportSectionsFor,
  scheduleTimeline,
  type FrameworkDefinition,
} from './framework.ts';
import { FRAMEWORK_DATA_DIR, FrameworkDataError, loadFrameworkDefinitions, parseFrameworkDefinition } from './framework-files.ts';
import { describeDeadline, describeMilestoneTiming } from './framework-view.ts';

const definitions = loadFrameworkDefinitions();
const f2016 = definitions.find((d) => d.code === '2016')!;
const f2023 = definitions.find((d) => d.code === '2023')!;

function rawFile(code: '2016' | '2023'): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FRAMEWORK_DATA_DIR, `framework-${code}.json`), 'utf8')) as Record<string, unknown>;
}

function problemsWith(mutate: (raw: FrameworkDefinition) => void, code: '2016' | '2023' = '2023'): string[] {
  const raw = rawFile(code) as unknown as FrameworkDefinition;
  mutate(raw);
  const result = frameworkDefinitionSchema.safeParse(raw);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

// Exact wording, as given by domain research (shared/docs/domain.md §2.5, §2.6, §3.3).
const WSOA =
  "As a result of the findings of this inspection, and in accordance with the Children Act 2004 (Joint Area Reviews) Regulations 2015, Her Majesty's Chief Inspector (HMCI) has determined that a written statement of action is required because of significant areas of weakness in the local area's practice. HMCI has also determined that the local authority and the area's clinical commissioning group are jointly responsible for submitting the written statement of action to Ofsted.";
const REVISIT_ALL = 'the area has made sufficient progress in addressing all of the significant weaknesses identified at the initial inspection';
const REVISIT_NONE =
  'The area has not made sufficient progress in addressing any of the significant weaknesses identified at the initial inspection. As none of the significant weaknesses have improved, it is for DfE and NHS England to determine the next steps. This may include the Secretary of State using his powers of intervention. Ofsted and CQC will not carry out any further revisit unless directed to do so by the Secretary of State.';
const OUTCOMES_2023 = {
  positive:
    "The local area partnership's SEND arrangements typically lead to positive experiences and outcomes for children and young people with SEND. The local area partnership is taking action where improvements are needed.",
  inconsistent:
    "The local area partnership's arrangements lead to inconsistent experiences and outcomes for children and young people with SEND. The local area partnership must work jointly to make improvements.",
  widespread_systemic_failings:
    'There are widespread and/or systemic failings leading to significant concerns about the experiences and outcomes of children and young people with SEND, which the local area partnership must address urgently.',
};

describe('framework definitions', () => {
  test('both shipped definitions load and pass the schema', () => {
    assert.deepEqual(definitions.map((d) => d.code), ['2016', '2023']);
    for (const d of definitions) assert.ok(frameworkDefinitionSchema.safeParse(d).success, d.code);
  });

  test('periods in force', () => {
    assert.deepEqual(f2016.inForce, { from: '2016-05-01', until: '2022-12-31' });
    assert.deepEqual(f2023.inForce, { from: '2023-01-01', until: null });
    assert.deepEqual(f2023.updates.map((u) => u.date), ['2024-04-01', '2025-06-06', '2025-07-07']);
  });

  test('2016: three aspects with their questions and letter headings', () => {
    const aspects = allCriteria(f2016);
    assert.deepEqual(aspects.map((a) => [a.code, a.heading]), [
      ['A', 'Identifying needs'],
      ['B', 'Assessing and meeting needs'],
      ['C', 'Improving outcomes'],
    ]);
    assert.equal(aspects[0].question, 'How effectively does the local area identify children and young people who have special educational needs and/or disabilities?');
    assert.equal(aspects[1].letterHeading, 'The effectiveness of the local area in assessing and meeting the needs of children and young people who have special educational needs and/or disabilities');
    assert.ok(aspects.every((a) => !a.unverified && a.sources.length > 0), 'the aspect headings are confirmed and sourced');
  });

  test('2016: the written statement of action outcome carries the exact sentence and a 70 calendar day deadline', () => {
    const full = inspectionType(f2016, 'full')!;
    assert.deepEqual(full.outcomes.map((o) => o.code), ['wsoa_not_required', 'wsoa_required']);
    const required = full.outcomes[1];
    assert.equal(required.sentence, WSOA);
    assert.equal(full.outcomes[0].sentence, null);
    const wsoa = required.followUps.find((f) => f.code === 'written_statement_of_action')!;
    assert.deepEqual(
      wsoa.deadlines.map((d) => [d.amount, d.unit]),
      [[70, 'calendar_days']],
    );
    assert.equal(describeDeadline(wsoa.deadlines[0]), 'Within 70 calendar days after the report is published');
  });

  test('2016: finding kinds, and significant weaknesses only with a written statement of action', () => {
    assert.deepEqual(f2016.findingKinds.map((k) => k.code), ['strength', 'area_for_development', 'significant_weakness']);
    assert.deepEqual(findingKindsFor(f2016, 'wsoa_not_required').map((k) => k.code), ['strength', 'area_for_development']);
    assert.equal(findingKindsFor(f2016, 'wsoa_required').length, 3);
  });

  test('2016: revisits judge sufficient progress on each significant weakness, with the exact sentences', () => {
    const revisit = inspectionType(f2016, 'revisit')!;
    assert.equal(revisit.notice?.workingDays, 10);
    assert.equal(revisit.itemJudgement?.appliesTo, 'significant_weakness');
    assert.deepEqual(revisit.itemJudgement?.options.map((o) => o.code), ['sufficient_progress', 'insufficient_progress']);
    const sentences = Object.fromEntries(revisit.outcomes.map((o) => [o.code, o]));
    assert.equal(sentences.sufficient_progress_all.sentence, REVISIT_ALL);
    assert.equal(sentences.sufficient_progress_none.sentence, REVISIT_NONE);
    assert.equal(sentences.sufficient_progress_some.unverified, true, 'no real sentence was found for partial progress');
  });

  test('2016: 5 working days notice, 5 days on site, feedback on the last day', () => {
    const full = inspectionType(f2016, 'full')!;
    assert.equal(full.notice?.workingDays, 5);
    assert.equal(full.onSite?.days, 5);
    assert.deepEqual(milestoneWorkingDays(full.timeline, 'notification'), { start: 0, end: 0 });
    assert.deepEqual(milestoneWorkingDays(full.timeline, 'onsite'), { start: 5, end: 9 });
    assert.deepEqual(milestoneWorkingDays(full.timeline, 'feedback'), { start: 9, end: 9 });
    const wsoa = full.timeline.find((m) => m.code === 'wsoa_due')!;
    assert.equal(wsoa.unit, 'calendar_days');
    assert.equal(wsoa.offset, 70);
    assert.equal(describeMilestoneTiming(full.timeline, wsoa), '70 calendar days after letter published');
  });

  test('2016: letter sections in order, one per aspect with strengths and areas for development', () => {
    assert.deepEqual(f2016.report.sections.map((s) => s.code), [
      'title', 'opening', 'method', 'wsoa_statement', 'main_findings', 'aspect_identifying', 'aspect_assessing', 'aspect_outcomes', 'sign_off',
    ]);
    assert.equal(f2016.report.title, 'Joint local area SEND inspection in [area]');
    const aspectSections = f2016.report.sections.filter((s) => s.criterion);
    assert.deepEqual(aspectSections.map((s) => s.criterion), ['A', 'B', 'C']);
    for (const section of aspectSections) {
      assert.equal(section.heading, allCriteria(f2016).find((c) => c.code === section.criterion)?.letterHeading);
      assert.deepEqual(section.subsections.map((s) => s.heading), ['Strengths', 'Areas for development']);
    }
    assert.deepEqual(reportSectionsFor(f2016, 'wsoa_not_required').map((s) => s.code).includes('wsoa_statement'), false);
    assert.deepEqual(reportSectionsFor(f2016, 'wsoa_required').map((s) => s.code).includes('wsoa_statement'), true);
  });

  test('2023: the five impact criteria (confirmed) and six leadership criteria (not verified)', () => {
    const [impact, leadership] = f2023.criterionGroups;
    assert.deepEqual(impact.criteria.map((c) => c.heading), [
      "Children and young people's needs are identified accurately and assessed in a timely and effective way.",
      'Children, young people and their families participate in decision-making about their individual plans and support.',
      'Children and young people receive the right help at the right time.',
      'Children and young people are well prepared for their next steps and achieve strong outcomes.',
      'Children and young people are valued, visible and included in their communities.',
    ]);
    assert.ok(impact.criteria.every((c) => !c.unverified && c.sources.length > 0));
    assert.equal(leadership.criteria.length, 6);
    assert.ok(leadership.criteria.every((c) => c.unverified && c.description.length > 0));
    assert.match(leadership.criteria[3].heading, /alternative provision/);
  });

  test('2023: every outcome has its exact sentence and follow-ups', () => {
    const full = inspectionType(f2023, 'full')!;
    assert.deepEqual(Object.fromEntries(full.outcomes.map((o) => [o.code, o.sentence])), OUTCOMES_2023);
    assert.ok(full.outcomes.every((o) => !o.unverified));
    const followUps = (code: string) => full.outcomes.find((o) => o.code === code)!.followUps;
    const nextInspectionYears = (code: string) => followUps(code).find((f) => f.code === 'next_full_inspection')!.deadlines[0];
    assert.deepEqual([nextInspectionYears('positive').amount, nextInspectionYears('inconsistent').amount, nextInspectionYears('widespread_systemic_failings').amount], [5, 3, 3]);
    assert.ok(nextInspectionYears('positive').approximate);
    assert.ok(followUps('inconsistent').some((f) => f.code === 'strategic_plan_update'));
    for (const code of Object.keys(OUTCOMES_2023)) assert.ok(followUps(code).some((f) => f.code === 'engagement_meetings'), code);
    const pap = followUps('widespread_systemic_failings').find((f) => f.code === 'priority_action_plan')!;
    assert.deepEqual(pap.deadlines.map((d) => [d.amount, d.unit, d.from]), [
      [35, 'working_days', 'final_report_received'],
      [70, 'working_days', 'final_report_received'],
    ]);
    const monitoring = followUps('widespread_systemic_failings').find((f) => f.code === 'monitoring_inspection')!;
    assert.deepEqual([monitoring.deadlines[0].amount, monitoring.deadlines[0].unit, monitoring.deadlines[0].approximate], [18, 'months', true]);
  });

  test('2023: areas for priority action only under outcome 3, both kinds name a responsible body', () => {
    const apa = f2023.findingKinds.find((k) => k.code === 'area_for_priority_action')!;
    const afi = f2023.findingKinds.find((k) => k.code === 'area_for_improvement')!;
    assert.deepEqual(apa.onlyWithOutcomes, ['widespread_systemic_failings']);
    assert.equal(afi.onlyWithOutcomes, undefined);
    assert.ok(apa.needsResponsibleBody && afi.needsResponsibleBody);
    assert.deepEqual(f2023.responsibleBodies.map((b) => b.code), ['local_authority', 'icb', 'local_authority_and_icb', 'named_partners']);
    assert.equal(findingKindsFor(f2023, 'positive').some((k) => k.code === 'area_for_priority_action'), false);
    assert.equal(findingKindsFor(f2023, 'widespread_systemic_failings').some((k) => k.code === 'area_for_priority_action'), true);
  });

  test('2023: inspection types', () => {
    assert.deepEqual(f2023.inspectionTypes.map((t) => t.code), ['full', 'monitoring', 'engagement_meeting', 'thematic_review']);
    assert.equal(inspectionType(f2023, 'monitoring')?.itemJudgement?.appliesTo, 'area_for_priority_action');
    assert.ok(f2023.inspectionTypes.every((t) => t.description.length > 40));
  });

  test('2023: the full inspection timeline in working days from notification', () => {
    const timeline = inspectionType(f2023, 'full')!.timeline;
    const at = (code: string) => milestoneWorkingDays(timeline, code);
    assert.deepEqual(at('notification'), { start: 0, end: 0 });
    assert.deepEqual(at('fieldwork_begins'), { start: 8, end: 8 });
    assert.deepEqual(at('onsite'), { start: 10, end: 14 });
    assert.deepEqual(at('final_feedback'), { start: 14, end: 14 });
    assert.deepEqual(at('case_documents_due'), { start: 6, end: 6 }, 'two days after the case-tracking choice');
    const codes = timeline.map((m) => m.code);
    for (const code of ['setup_discussion', 'information_request', 'surveys_open', 'person_level_data_due', 'case_tracking_selection']) assert.ok(codes.includes(code), code);
    for (const code of ['draft_report', 'factual_accuracy', 'final_report_received', 'publication']) {
      const milestone = timeline.find((m) => m.code === code)!;
      assert.equal(milestone.unverified, true, `${code} is an estimate, so it is flagged`);
      assert.ok(milestone.note, `${code} says why`);
    }
    assert.deepEqual(at('factual_accuracy'), { start: 30, end: 34 });
    const starts = timeline.filter((m) => m.unit === 'working_days').map((m) => at(m.code)!.start);
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b), 'milestones are listed in date order');
  });

  test('2023: report sections in order, all flagged as not verified', () => {
    assert.deepEqual(f2023.report.sections.map((s) => s.heading), [
      'Area SEND inspection of [area] Local Area Partnership',
      'Inspection dates',
      'Inspection outcome',
      'Information about the local area partnership',
      'What is it like to be a child or young person with SEND in this area?',
      'What is the area partnership doing that is effective?',
      'What does the area partnership need to do better?',
      'Areas for priority action',
      'Areas for improvement',
      'Local area partnership details',
      'Information about this inspection',
    ]);
    assert.ok(f2023.report.sections.every((s) => s.unverified));
    assert.equal(reportSectionsFor(f2023, 'positive').some((s) => s.code === 'areas_for_priority_action'), false);
    assert.equal(reportSectionsFor(f2023, 'widespread_systemic_failings').some((s) => s.code === 'areas_for_priority_action'), true);
  });

  test('every unverified element says where it came from or why', () => {
    const walk = (value: unknown, where: string): void => {
      if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${where}.${i}`));
      if (!value || typeof value !== 'object') return;
      const item = value as { unverified?: boolean; sources?: string[]; note?: string };
      if (item.unverified) assert.ok((item.sources?.length ?? 0) > 0 || item.note, `${where} is unverified with neither source nor note`);
      for (const [k, v] of Object.entries(value)) walk(v, `${where}.${k}`);
    };
    for (const d of definitions) walk(d, d.code);
  });
});

describe('scheduling a timeline', () => {
  test('2023 full inspection notified on Monday 2 June 2025', () => {
    const scheduled = Object.fromEntries(scheduleTimeline(inspectionType(f2023, 'full')!, '2025-06-02').map((m) => [m.code, m]));
    assert.equal(scheduled.fieldwork_begins.date, '2025-06-12');
    assert.equal(scheduled.onsite.date, '2025-06-16');
    assert.equal(scheduled.onsite.endDate, '2025-06-20');
    assert.equal(scheduled.final_feedback.date, '2025-06-20');
  });

  test('2016: the written statement of action only with that outcome, counted in calendar days', () => {
    const full = inspectionType(f2016, 'full')!;
    assert.equal(scheduleTimeline(full, '2019-11-04').some((m) => m.code === 'wsoa_due'), false);
    const withWsoa = Object.fromEntries(scheduleTimeline(full, '2019-11-04', 'wsoa_required').map((m) => [m.code, m]));
    assert.equal(withWsoa.onsite.date, '2019-11-11');
    assert.equal(withWsoa.onsite.endDate, '2019-11-15');
    const published = new Date(`${withWsoa.letter_published.date}T00:00:00Z`);
    const due = new Date(`${withWsoa.wsoa_due.date}T00:00:00Z`);
    assert.equal((due.getTime() - published.getTime()) / 86_400_000, 70);
  });
});

describe('a broken definition fails loudly', () => {
  test('an outcome without its sentence field', () => {
    const problems = problemsWith((d) => {
      delete (d.inspectionTypes[0].outcomes[0] as Partial<FrameworkDefinition['inspectionTypes'][0]['outcomes'][0]>).sentence;
    });
    assert.ok(problems.some((p) => p.startsWith('inspectionTypes.0.outcomes.0.sentence')), problems.join('\n'));
  });

  test('a reference to an outcome that does not exist', () => {
    const problems = problemsWith((d) => {
      d.findingKinds[3].onlyWithOutcomes = ['systemic'];
    });
    assert.ok(problems.some((p) => p.includes('Unknown outcome "systemic"')), problems.join('\n'));
  });

  test('a milestone counted from a later or unknown milestone, or ending before it starts', () => {
    const problems = problemsWith((d) => {
      d.inspectionTypes[0].timeline[2].from = 'publication';
      d.inspectionTypes[0].timeline[3].endOffset = 0;
    });
    assert.ok(problems.some((p) => p.includes('counts from "publication"')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('ends before it starts')), problems.join('\n'));
  });

  test('a timeline that does not start with notification on day 0', () => {
    const problems = problemsWith((d) => {
      d.inspectionTypes[1].timeline.shift();
    }, '2016');
    assert.ok(problems.some((p) => p.includes('must start with the notification milestone')), problems.join('\n'));
  });

  test('duplicate codes, misspelt fields and bad source addresses', () => {
    const problems = problemsWith((d) => {
      d.criterionGroups[0].criteria[1].code = 'I1';
      (d.criterionGroups[0].criteria[2] as Record<string, unknown>).headng = 'typo';
      d.sources = ['not a url', 'javascript:alert(1)'];
    });
    assert.ok(problems.some((p) => p.includes('criterion code "I1" is used more than once')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('headng')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('sources.0')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('sources.1: Sources must be web addresses')), 'only web links may be sources');
  });

  test('a broken file in the data folder stops the load and names the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'frameworks-'));
    try {
      const broken = rawFile('2023');
      delete broken.inspectionTypes;
      writeFileSync(path.join(dir, 'framework-2023.json'), JSON.stringify(broken));
      assert.throws(() => loadFrameworkDefinitions(dir), (e: unknown) => e instanceof FrameworkDataError && e.message.includes('framework-2023.json') && e.message.includes('inspectionTypes'));
      writeFileSync(path.join(dir, 'framework-2023.json'), '{ not json');
      assert.throws(() => loadFrameworkDefinitions(dir), (e: unknown) => e instanceof FrameworkDataError && /could not be read/.test(e.message));
      writeFileSync(path.join(dir, 'framework-2023.json'), JSON.stringify(rawFile('2023')));
      writeFileSync(path.join(dir, 'copy-2023.json'), JSON.stringify(rawFile('2023')));
      assert.throws(() => loadFrameworkDefinitions(dir), /More than one file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('content hash', () => {
  test('does not depend on key order, and changes with any wording', () => {
    const reordered = Object.fromEntries(Object.entries(rawFile('2016')).reverse());
    assert.equal(frameworkContentHash(parseFrameworkDefinition(reordered, 'test')), frameworkContentHash(f2016));
    const edited = rawFile('2016') as unknown as FrameworkDefinition;
    edited.criterionGroups[0].criteria[0].description += ' More.';
    assert.notEqual(frameworkContentHash(parseFrameworkDefinition(edited, 'test')), frameworkContentHash(f2016));
  });
});
