// Unit tests of report composition: every framework and outcome, the exact outcome sentence and its
// follow-ups, sections in the framework's order, tables, counts, historical and empty inspections, and the hash.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findOutcome, inspectionType } from '../frameworks/framework.ts';
import { composeReport, countsSentence, dateRange, documentBlocks, documentHash, OUTCOME_NOT_RECORDED, UnknownOutcomeError } from './compose.ts';
import type { ReportDocument } from './report-document.ts';
import { DEMO_COUNTS, demoInputs, everyOutcome, frameworkDefinition, NO_COUNTS } from './report-test-support.ts';

/** Every piece of text in the document's sections, in reading order. */
function allText(document: ReportDocument): string {
  return document.sections
    .flatMap((s) => [
      s.heading,
      ...documentBlocks({ ...document, sections: [s] }).map((b) => (b.type === 'paragraph' ? b.text : b.items.join('\n'))),
      ...s.subsections.map((sub) => sub.heading),
      ...s.tables.flatMap((t) => [t.caption, ...t.head, ...t.rows.flat()]),
    ])
    .join('\n');
}

function section(document: ReportDocument, code: string) {
  const found = document.sections.find((s) => s.code === code);
  assert.ok(found, `section ${code} is in the document (it has ${document.sections.map((s) => s.code).join(', ')})`);
  return found;
}

function sectionText(document: ReportDocument, code: string): string[] {
  return documentBlocks(document)
    .filter((b) => b.sectionCode === code)
    .map((b) => (b.type === 'paragraph' ? b.text : b.items.join('\n')));
}

describe('composeReport for every framework and outcome', () => {
  for (const { framework, type, outcome } of everyOutcome()) {
    test(`${framework} ${type} ${outcome}: the framework's sections in order, its exact sentence and its follow-ups`, () => {
      const definition = frameworkDefinition(framework);
      const document = composeReport(demoInputs({ framework, type, outcome }));
      const expected = findOutcome(definition, outcome)!;

      const order = definition.report.sections.map((s) => s.code);
      const codes = document.sections.map((s) => s.code);
      assert.deepEqual(
        codes,
        order.filter((c) => codes.includes(c)),
        'sections keep the framework order',
      );
      assert.equal(codes[0], 'title');
      for (const s of definition.report.sections) {
        if (s.onlyWithOutcomes && !s.onlyWithOutcomes.includes(outcome)) assert.ok(!codes.includes(s.code), `${s.code} is left out with ${outcome}`);
      }

      assert.deepEqual(document.outcome && { code: document.outcome.code, label: document.outcome.label, sentence: document.outcome.sentence }, {
        code: outcome,
        label: expected.label,
        sentence: expected.sentence,
      });
      const text = allText(document);
      if (expected.sentence && !expected.sentence.includes('[')) assert.ok(text.includes(expected.sentence), 'the exact sentence is in the report');
      assert.ok(!/\[(number|total|remaining|area)\]/.test(text), 'no blank is left unfilled');
      for (const followUp of document.outcome!.followUps) assert.ok(text.includes(followUp.text), `follow-up ${followUp.code} is stated`);
      assert.ok(!document.outcome!.followUps.some((f) => f.code === 'dfe_intervention'), 'what is not part of the inspection is not stated');

      const kinds = new Set(document.findings.map((f) => f.kind));
      for (const kind of kinds) {
        const only = definition.findingKinds.find((k) => k.code === kind)!.onlyWithOutcomes;
        assert.ok(!only || only.includes(outcome), `${kind} findings appear only with their outcomes`);
      }
      assert.equal(document.inspectionType.name, inspectionType(definition, type)!.name);
      assert.equal(document.familySummary.blocks.length > 0, true);
    });
  }
});

describe('composeReport: the 2023 report', () => {
  test('states the outcome sentence first in the outcome section, then its follow-ups in the framework’s words', () => {
    const positive = composeReport(demoInputs({ outcome: 'positive', findings: [] }));
    assert.deepEqual(sectionText(positive, 'inspection_outcome'), [
      findOutcome(frameworkDefinition('2023'), 'positive')!.sentence!,
      'The next full inspection will be within about 5 years.',
      "Ofsted and CQC will hold engagement meetings with the local area partnership's leaders between inspections.",
    ]);

    const inconsistent = sectionText(composeReport(demoInputs({ outcome: 'inconsistent' })), 'inspection_outcome');
    assert.ok(inconsistent.includes('The next full inspection will be within about 3 years.'));
    assert.ok(inconsistent.includes('The local area partnership should update and publish its SEND strategic plan, using the recommendations in this report.'));

    const failings = sectionText(composeReport(demoInputs({ outcome: 'widespread_systemic_failings' })), 'inspection_outcome').join('\n');
    assert.match(failings, /must prepare and submit a priority action plan \(area SEND\) within 35 working days of receiving the final report/);
    assert.match(failings, /It must publish the plan within 70 working days of receiving the final report\./);
    assert.match(failings, /a monitoring inspection about 18 months after the local area partnership receives the final report/);
    assert.doesNotMatch(failings, /Improvement Notice/);
  });

  test('lists areas for priority action and for improvement in tables of responsible body and recommendation', () => {
    const document = composeReport(demoInputs({ outcome: 'widespread_systemic_failings' }));
    const [apa] = section(document, 'areas_for_priority_action').tables;
    assert.deepEqual(apa.head, ['Responsible body', 'Area for priority action']);
    assert.equal(apa.caption, 'Areas for priority action, by responsible body');
    assert.deepEqual(
      apa.rows.map((r) => r[0]),
      ['The local authority and the integrated care board', 'The local authority'],
    );
    const [afi] = section(document, 'areas_for_improvement').tables;
    assert.deepEqual(afi.head, ['Responsible body', 'Area for improvement']);
    assert.deepEqual(
      afi.rows.map((r) => r[0]),
      ['The local authority', 'Schools, colleges and health providers', 'The integrated care board'],
    );
    assert.match(afi.rows[1][1], /^Schools and colleges should work with health providers/);
  });

  test('leaves out areas for priority action, and their section, with any other outcome', () => {
    const document = composeReport(demoInputs({ outcome: 'inconsistent' }));
    assert.ok(!document.sections.some((s) => s.code === 'areas_for_priority_action'));
    assert.ok(!document.findings.some((f) => f.kind === 'area_for_priority_action'));
    assert.equal(section(document, 'areas_for_improvement').tables[0].rows.length, 3);
  });

  test('names the local area partnership and gives its details as a table', () => {
    const document = composeReport(demoInputs());
    assert.match(sectionText(document, 'about_partnership')[0], /^Northbrook local authority and NHS Northbrook and Vale Integrated Care Board are jointly responsible/);
    assert.equal(sectionText(document, 'about_partnership')[1], 'The local authority commissions alternative provision from three providers, including a pupil referral unit.');
    assert.deepEqual(section(document, 'partnership_details').tables[0], {
      caption: 'The local area partnership',
      head: ['Local authority', 'Integrated care board (ICB)'],
      rows: [['Northbrook', 'NHS Northbrook and Vale Integrated Care Board']],
    });
  });

  test('gives the inspection dates and the previous inspection’s, or says there is none', () => {
    const dates = section(composeReport(demoInputs()), 'inspection_dates');
    assert.equal(dates.heading, 'Inspection dates');
    assert.deepEqual(
      dates.blocks.map((b) => b.type === 'paragraph' && b.text),
      ['2 to 6 March 2026'],
    );
    assert.deepEqual(
      dates.subsections.map((s) => [s.heading, s.blocks.map((b) => b.type === 'paragraph' && b.text)]),
      [['Dates of previous inspection', ['25 February to 1 March 2019']]],
    );
    const first = section(composeReport(demoInputs({ previousInspection: null })), 'inspection_dates');
    assert.deepEqual(first.subsections[0].blocks.map((b) => b.type === 'paragraph' && b.text), ['There is no earlier published inspection of this local area on record.']);
  });

  test('writes findings as paragraphs under their headings, after the narrative, and the team and counts in the last section', () => {
    const document = composeReport(demoInputs());
    const experience = section(document, 'experience');
    assert.equal(experience.heading, 'What is it like to be a child or young person with SEND in this area?');
    assert.deepEqual(experience.subsections, [], 'a subsection with the section’s own heading is not repeated');
    assert.deepEqual(
      experience.blocks.map((b) => [b.key, b.source]),
      [
        ['experience.1', 'narrative'],
        ['experience.2', 'composed'],
        ['experience.3', 'composed'],
      ],
    );
    const team = sectionText(document, 'inspection_team');
    assert.deepEqual(team.slice(0, 2), ['The inspection team was:', 'Amina Rahman, Ofsted lead inspector\nOwen Price, CQC lead inspector\nGrace Okafor, Ofsted inspector\nDaniel Hughes, CQC inspector']);
    assert.ok(!team.join().includes('Quentin Reed'), 'the QA reader is not part of the inspecting team');
    assert.equal(
      team[2],
      "During the inspection, inspectors spoke to about 58 parents, carers, children and young people and 73 staff, visited 9 settings and reviewed 24 education, health and care (EHC) plans. The inspection's surveys received 412 responses.",
    );
  });
});

describe('composeReport: the 2016 letter', () => {
  test('carries the written statement of action sentence, its paragraph and the significant weaknesses', () => {
    const document = composeReport(demoInputs({ framework: '2016', outcome: 'wsoa_required' }));
    const wsoa = sectionText(document, 'wsoa_statement');
    assert.equal(wsoa[0], findOutcome(frameworkDefinition('2016'), 'wsoa_required')!.sentence);
    assert.ok(wsoa.includes("The local authority and the area's clinical commissioning group(s) must produce a written statement of action and submit it to Ofsted within 70 days of this letter being published."));
    assert.ok(wsoa.some((t) => /revisit the area about 18 months after this letter is published/.test(t)));
    const at = wsoa.indexOf('The written statement of action must explain how the local area will tackle these significant weaknesses:');
    assert.ok(at > 0);
    assert.equal(wsoa[at + 1], 'Weak strategic leadership and joint commissioning across education, health and care.\nThe poor quality of EHC plans, which do not reflect children and young people’s needs.');
  });

  test('says nothing extra when no written statement is required, and leaves out significant weaknesses', () => {
    const document = composeReport(demoInputs({ framework: '2016', outcome: 'wsoa_not_required' }));
    assert.ok(!document.sections.some((s) => s.code === 'wsoa_statement'));
    assert.ok(!document.findings.some((f) => f.kind === 'significant_weakness'));
    assert.deepEqual(
      documentBlocks(document)
        .filter((b) => b.sectionCode === 'main_findings')
        .map((b) => b.source),
      ['narrative', 'narrative'],
    );
    assert.ok(!allText(document).includes('written statement of action is required'));
  });

  test('lists strengths and areas for development under each aspect, a finding on two aspects under both', () => {
    const document = composeReport(demoInputs({ framework: '2016' }));
    const identifying = section(document, 'aspect_identifying');
    assert.equal(identifying.heading, "The effectiveness of the local area in identifying children and young people's special educational needs and/or disabilities");
    assert.deepEqual(
      identifying.subsections.map((s) => [s.heading, s.findingKind, s.blocks.map((b) => b.type === 'list' && b.items)]),
      [
        ['Strengths', 'strength', [['Early years practitioners identify children’s needs quickly and accurately.', 'Leaders have a clear and accurate understanding of the local area’s strengths and weaknesses.']]],
        ['Areas for development', 'area_for_development', [['Identification of needs in the 16 to 25 age range is not timely enough.']]],
      ],
    );
    const assessing = section(document, 'aspect_assessing').subsections[0].blocks[0];
    assert.ok(assessing.type === 'list' && assessing.items.includes('Leaders have a clear and accurate understanding of the local area’s strengths and weaknesses.'));
  });

  test('opens with the dates, the purpose and the team, gives the counts in the method, and is signed by the leads', () => {
    const document = composeReport(demoInputs({ framework: '2016' }));
    const opening = sectionText(document, 'opening');
    assert.match(opening[0], /^From 25 February to 1 March 2019, Ofsted and the Care Quality Commission \(CQC\) carried out a joint inspection of the local area of Northbrook to judge the effectiveness/);
    assert.equal(opening[1], 'The inspection team was:');
    assert.match(sectionText(document, 'method')[0], /^During the inspection, inspectors spoke to about 58 parents/);
    assert.deepEqual(sectionText(document, 'sign_off'), ['Yours sincerely', 'Amina Rahman, Ofsted lead inspector', 'Owen Price, CQC lead inspector']);
    assert.equal(document.title, 'Joint local area SEND inspection in Northbrook');
    assert.equal(sectionText(document, 'title')[0], 'This letter is addressed to the Director of Children\'s Services and the clinical commissioning group(s) for the area.');
  });

  test('a revisit states its outcome in the main findings, and never prints a blank', () => {
    const all = composeReport(demoInputs({ framework: '2016', type: 'revisit', outcome: 'sufficient_progress_all' }));
    assert.equal(
      sectionText(all, 'main_findings')[0],
      'Inspectors found that the area has made sufficient progress in addressing all of the significant weaknesses identified at the initial inspection.',
    );
    assert.match(sectionText(all, 'opening')[0], /revisited the local area of Northbrook to decide whether sufficient progress has been made/);
    const some = composeReport(demoInputs({ framework: '2016', type: 'revisit', outcome: 'sufficient_progress_some' }));
    assert.equal(sectionText(some, 'main_findings')[0], 'Outcome: Sufficient progress on some significant weaknesses.');
    assert.equal(some.outcome!.sentence, findOutcome(frameworkDefinition('2016'), 'sufficient_progress_some')!.sentence, 'the model keeps the framework’s sentence');
    const none = sectionText(composeReport(demoInputs({ framework: '2016', type: 'revisit', outcome: 'sufficient_progress_none' })), 'main_findings');
    assert.equal(none[0], findOutcome(frameworkDefinition('2016'), 'sufficient_progress_none')!.sentence);
    assert.ok(none.includes('The Department for Education and NHS England will decide the next steps where the area has not made sufficient progress.'));
  });
});

describe('composeReport with little to go on', () => {
  test('a draft with no outcome says plainly that the outcome has not been recorded', () => {
    const modern = composeReport(demoInputs({ outcome: null }));
    assert.equal(modern.outcome, null);
    assert.deepEqual(sectionText(modern, 'inspection_outcome'), [OUTCOME_NOT_RECORDED]);
    assert.equal(section(modern, 'areas_for_priority_action').tables[0].rows.length, 2, 'areas for priority action already recorded are shown');
    assert.ok(!composeReport(demoInputs({ outcome: null, findings: [] })).sections.some((s) => s.code === 'areas_for_priority_action'));
    const older = composeReport(demoInputs({ framework: '2016', outcome: null }));
    assert.equal(sectionText(older, 'main_findings')[0], OUTCOME_NOT_RECORDED);
    assert.ok(!older.sections.some((s) => s.code === 'wsoa_statement'));
    // Before the outcome, significant weaknesses already recorded are shown rather than lost.
    assert.ok(sectionText(older, 'main_findings').includes('Significant weaknesses identified by inspectors:'));
  });

  test('no findings and no narrative: the composed sections only, nothing empty', () => {
    for (const framework of ['2016', '2023'] as const) {
      const document = composeReport(demoInputs({ framework, findings: [], narrative: {} }));
      assert.deepEqual(document.findings, []);
      for (const s of document.sections) assert.ok(s.blocks.length + s.subsections.length + s.tables.length > 0, `${framework} ${s.code} has something in it`);
      assert.ok(!document.sections.some((s) => ['experience', 'effective', 'do_better', 'aspect_identifying', 'main_findings'].includes(s.code)));
    }
  });

  test('a historical inspection with no team and no counts shows neither', () => {
    for (const framework of ['2016', '2023'] as const) {
      const document = composeReport(demoInputs({ framework, historical: true }));
      assert.equal(document.historical, true);
      assert.deepEqual(document.team, []);
      assert.deepEqual(document.counts, NO_COUNTS);
      const text = allText(document);
      assert.ok(!text.includes('The inspection team was'));
      assert.ok(!text.includes('During the inspection'));
      assert.ok(!/surveys? received/.test(text));
      assert.ok(!document.sections.some((s) => s.code === 'sign_off'));
    }
    const modern = composeReport(demoInputs({ historical: true }));
    assert.ok(!modern.sections.some((s) => s.code === 'inspection_team'), 'the section is left out when there is nothing to put in it');
  });

  test('narrative for a section the report does not have is ignored, and line breaks read as spaces', () => {
    const document = composeReport(
      demoInputs({
        narrative: {
          nonsense: [{ type: 'paragraph', text: 'Not shown' }],
          experience: [
            { type: 'paragraph', text: 'Line one\nline two.' },
            { type: 'paragraph', text: '   ' },
            { type: 'list', items: ['First\n item', ''] },
          ],
        },
      }),
    );
    assert.ok(!allText(document).includes('Not shown'));
    assert.deepEqual(
      section(document, 'experience')
        .blocks.filter((b) => b.source === 'narrative')
        .map((b) => (b.type === 'paragraph' ? b.text : b.items)),
      ['Line one line two.', ['First item']],
    );
  });

  test('a finding written in two paragraphs stays two paragraphs', () => {
    const document = composeReport(demoInputs({ findings: [{ kind: 'effective', criteria: ['L1'], body: 'First paragraph.\n\nSecond\nparagraph.', responsibleBody: null, partners: '' }] }));
    assert.deepEqual(sectionText(document, 'effective'), ['First paragraph.', 'Second paragraph.']);
    assert.equal(document.findings[0].text, 'First paragraph.\n\nSecond\nparagraph.', 'the open data keeps the text as written');
  });

  test('an outcome the inspection type does not have is refused', () => {
    assert.throws(() => composeReport(demoInputs({ outcome: 'wsoa_required' })), UnknownOutcomeError);
    assert.throws(() => composeReport(demoInputs({ type: 'monitoring', outcome: 'positive' })), /not an outcome of a monitoring inspection/);
  });
});

describe('countsSentence', () => {
  test('leaves out what the product does not know, and tells a survey with no responses from no survey', () => {
    assert.equal(countsSentence(NO_COUNTS), null);
    assert.equal(countsSentence({ ...NO_COUNTS, surveyResponses: 0 }), "The inspection's surveys received no responses.");
    assert.equal(countsSentence({ ...NO_COUNTS, surveyResponses: 1 }), "The inspection's surveys received 1 response.");
    assert.equal(countsSentence({ ...NO_COUNTS, settingsVisited: 1, plansReviewed: 1 }), 'During the inspection, inspectors visited 1 setting and reviewed 1 education, health and care (EHC) plan.');
    assert.equal(countsSentence({ ...DEMO_COUNTS, surveyResponses: null, staffSpokenTo: 0, familiesSpokenTo: 1200 }), 'During the inspection, inspectors spoke to about 1,200 parents, carers, children and young people, visited 9 settings and reviewed 24 education, health and care (EHC) plans.');
    assert.ok(!countsSentence({ ...DEMO_COUNTS, surveyResponses: null })!.includes('survey'));
    assert.ok(!countsSentence({ ...DEMO_COUNTS, plansReviewed: 0 })!.includes('0'), 'nothing is said to have happened zero times');
  });
});

describe('dateRange', () => {
  test('writes spans the GOV.UK way', () => {
    assert.equal(dateRange('2026-03-02', '2026-03-06'), '2 to 6 March 2026');
    assert.equal(dateRange('2026-02-27', '2026-03-03'), '27 February to 3 March 2026');
    assert.equal(dateRange('2025-12-29', '2026-01-02'), '29 December 2025 to 2 January 2026');
    assert.equal(dateRange('2026-03-02', '2026-03-02'), '2 March 2026');
  });
});

describe('keys and the hash', () => {
  test('every block has a key "<section code>.<n>", numbered from 1 through the section and its subsections', () => {
    for (const framework of ['2016', '2023'] as const) {
      const document = composeReport(demoInputs({ framework }));
      const keys = documentBlocks(document).map((b) => b.key);
      assert.equal(new Set(keys).size, keys.length);
      for (const s of document.sections) {
        const own = documentBlocks({ ...document, sections: [s] }).map((b) => b.key);
        assert.deepEqual(
          own,
          own.map((_, i) => `${s.code}.${i + 1}`),
        );
      }
    }
  });

  test('the same inputs always give the same document and hash; any change gives another hash', () => {
    const a = composeReport(demoInputs());
    const b = composeReport(structuredClone(demoInputs()));
    assert.deepEqual(a, b);
    assert.match(documentHash(a), /^[0-9a-f]{64}$/);
    assert.equal(documentHash(a), documentHash(b));
    assert.equal(documentHash(a), documentHash(JSON.parse(JSON.stringify(a)) as ReportDocument), 'a document read back from the database hashes the same');
    const changed = composeReport(demoInputs({ narrative: { experience: [{ type: 'paragraph', text: 'Something else.' }] } }));
    assert.notEqual(documentHash(changed), documentHash(a));
    assert.notEqual(documentHash(composeReport(demoInputs({ outcome: 'inconsistent' }))), documentHash(a));
  });
});
