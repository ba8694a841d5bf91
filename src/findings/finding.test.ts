// Unit tests of the findings' and outcome's rules under both frameworks: every kind of finding, the
// citations and the single-source flag, outcome codes and sentences, refused outcome changes, headings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadFrameworkDefinitions } from '../frameworks/framework-files.ts';
import {
  checkOutcomeCode,
  citationSource,
  distinctSources,
  findingHeadings,
  kindNoun,
  kindRank,
  outcomeChangeIssue,
  outcomesFor,
  parseCitationValue,
  placeFindings,
  pluralLabel,
  restsOnOneSource,
  sentenceIssue,
  singleSourceMessage,
  validateFinding,
  type FindingInput,
  type FindingIssue,
} from './finding.ts';

const definitions = loadFrameworkDefinitions();
const F2016 = definitions.find((d) => d.code === '2016')!;
const F2023 = definitions.find((d) => d.code === '2023')!;

const NOTE = { kind: 'note' as const, refId: '5b0d1f2e-8a7c-4e1b-9d3f-1a2b3c4d5e6f' };
const SURVEY = { kind: 'survey_figure' as const, refId: '6c1e2a3f-9b8d-4f2c-8e4a-2b3c4d5e6f70:q_waiting' };

function finding(overrides: Partial<FindingInput> = {}): FindingInput {
  return { kind: 'strength', criteria: ['A'], body: 'Leaders know their area well.', responsibleBody: null, partners: '', citations: [NOTE], ...overrides };
}

function issuesOf(result: ReturnType<typeof validateFinding>): FindingIssue[] {
  assert.equal(result.ok, false, 'expected the finding to be refused');
  return result.ok ? [] : result.issues;
}

function messageFor(result: ReturnType<typeof validateFinding>, field: FindingIssue['field']): string {
  const issue = issuesOf(result).find((i) => i.field === field);
  assert.ok(issue, `expected an issue on ${field}`);
  return issue.message;
}

describe('a 2016 finding', () => {
  const rules = { definition: F2016, origin: 'recorded' as const };

  test('a strength and an area for development need an aspect; the aspects are kept in the framework’s order', () => {
    for (const kind of ['strength', 'area_for_development']) {
      const ok = validateFinding(finding({ kind, criteria: ['C', 'A', 'C'] }), rules);
      assert.ok(ok.ok);
      assert.deepEqual(ok.value.criteria, ['A', 'C']);
      assert.equal(messageFor(validateFinding(finding({ kind, criteria: [] }), rules), 'criteria'), `Select at least one aspect the ${kind === 'strength' ? 'strength' : 'area for development'} is about`);
    }
  });

  test('a significant weakness needs no aspect, and is open only to the written statement of action outcome', () => {
    assert.ok(validateFinding(finding({ kind: 'significant_weakness', criteria: [] }), rules).ok, 'allowed while no outcome is recorded');
    assert.ok(validateFinding(finding({ kind: 'significant_weakness', criteria: [] }), { ...rules, outcome: 'wsoa_required' }).ok);
    const refused = validateFinding(finding({ kind: 'significant_weakness', criteria: [] }), { ...rules, outcome: 'wsoa_not_required' });
    assert.equal(
      messageFor(refused, 'kind'),
      'A significant weakness is given only with the outcome “Written statement of action required”, and the outcome recorded is “Written statement of action not required”: choose another kind of finding, or change the outcome first',
    );
  });

  test('2023 criteria and kinds are not the 2016 framework’s', () => {
    assert.equal(messageFor(validateFinding(finding({ criteria: ['I1'] }), rules), 'criteria'), 'Select aspects of this inspection’s framework (2016): I1 is not one of them');
    assert.equal(messageFor(validateFinding(finding({ kind: 'area_for_priority_action' }), rules), 'kind'), 'Choose a kind of finding of the 2016 framework: “area_for_priority_action” is not one');
  });

  test('no kind of the 2016 framework names a responsible body, so one sent is dropped', () => {
    const ok = validateFinding(finding({ responsibleBody: 'icb', partners: 'Someone' }), rules);
    assert.ok(ok.ok);
    assert.equal(ok.value.responsibleBody, null);
    assert.equal(ok.value.partners, '');
  });
});

describe('a 2023 finding', () => {
  const rules = { definition: F2023, origin: 'recorded' as const };
  const i3 = (overrides: Partial<FindingInput> = {}) => finding({ criteria: ['I3'], ...overrides });

  test('the findings under the criteria need a criterion and no responsible body', () => {
    for (const kind of ['experience', 'effective', 'to_do_better']) {
      const ok = validateFinding(i3({ kind, responsibleBody: 'icb' }), rules);
      assert.ok(ok.ok, kind);
      assert.equal(ok.value.responsibleBody, null);
      assert.equal(messageFor(validateFinding(i3({ kind, criteria: [] }), rules), 'criteria').startsWith('Select at least one criterion'), true);
    }
  });

  test('areas for priority action and for improvement need a responsible body of the framework', () => {
    for (const kind of ['area_for_priority_action', 'area_for_improvement']) {
      const label = kind === 'area_for_priority_action' ? 'area for priority action' : 'area for improvement';
      assert.equal(messageFor(validateFinding(i3({ kind }), rules), 'responsibleBody'), `Select who is responsible for acting on the ${label}`);
      assert.equal(messageFor(validateFinding(i3({ kind, responsibleBody: 'parish_council' }), rules), 'responsibleBody'), 'Select who is responsible from the list: “parish_council” is not one of the choices');
      for (const body of ['local_authority', 'icb', 'local_authority_and_icb']) {
        const ok = validateFinding(i3({ kind, responsibleBody: body, partners: 'ignored' }), rules);
        assert.ok(ok.ok, `${kind} ${body}`);
        assert.equal(ok.value.responsibleBody, body);
        assert.equal(ok.value.partners, '', 'partners are named only for named partners');
      }
    }
  });

  test('named partners must be named', () => {
    const missing = validateFinding(i3({ kind: 'area_for_improvement', responsibleBody: 'named_partners', partners: '   ' }), rules);
    assert.equal(messageFor(missing, 'partners'), 'Name the partners responsible, as you chose “Named partners”');
    const named = validateFinding(i3({ kind: 'area_for_improvement', responsibleBody: 'named_partners', partners: '  Schools   and the trust ' }), rules);
    assert.ok(named.ok);
    assert.equal(named.value.partners, 'Schools and the trust');
    const long = validateFinding(i3({ kind: 'area_for_improvement', responsibleBody: 'named_partners', partners: 'x'.repeat(501) }), rules);
    assert.match(messageFor(long, 'partners'), /500 characters or fewer \(there are 501\)/);
  });

  test('an area for priority action is open only to widespread and/or systemic failings', () => {
    const kind = 'area_for_priority_action';
    const base = i3({ kind, responsibleBody: 'local_authority' });
    assert.ok(validateFinding(base, { ...rules, outcome: 'widespread_systemic_failings' }).ok);
    for (const outcome of ['positive', 'inconsistent']) {
      assert.match(messageFor(validateFinding(base, { ...rules, outcome }), 'kind'), /^An area for priority action is given only with the outcome “Widespread and\/or systemic failings”/);
    }
    assert.ok(validateFinding(i3({ kind: 'area_for_improvement', responsibleBody: 'icb' }), { ...rules, outcome: 'positive' }).ok, 'areas for improvement go with any outcome');
  });

  test('2016 aspects are not 2023 criteria', () => {
    assert.equal(messageFor(validateFinding(i3({ criteria: ['A', 'B'] }), rules), 'criteria'), 'Select criteria of this inspection’s framework (2023): A, B are not among them');
  });
});

describe('what every finding must hold', () => {
  const rules = { definition: F2023, origin: 'recorded' as const };
  const base = (overrides: Partial<FindingInput> = {}) => finding({ kind: 'effective', criteria: ['L1'], ...overrides });

  test('the text is trimmed, its line endings made \\n, and must be 1 to 5,000 characters', () => {
    const ok = validateFinding(base({ body: '  First.\r\n\r\nSecond.  ' }), rules);
    assert.ok(ok.ok);
    assert.equal(ok.value.body, 'First.\n\nSecond.');
    assert.equal(messageFor(validateFinding(base({ body: '   ' }), rules), 'body'), 'Enter the finding');
    assert.equal(messageFor(validateFinding(base({ body: 'x'.repeat(5001) }), rules), 'body'), 'The finding must be 5,000 characters or fewer (it has 5,001)');
    assert.ok(validateFinding(base({ body: 'x'.repeat(5000) }), rules).ok);
  });

  test('a recorded finding must cite the evidence it rests on; each item once', () => {
    assert.equal(messageFor(validateFinding(base({ citations: [] }), rules), 'citations'), 'A finding must cite the evidence it rests on: select at least one item of evidence');
    const twice = validateFinding(base({ citations: [NOTE, NOTE, SURVEY] }), rules);
    assert.ok(twice.ok);
    assert.deepEqual(twice.value.citations, [NOTE, SURVEY]);
  });

  test('a citation that is not a kind of evidence or not a well-formed reference is refused', () => {
    assert.match(messageFor(validateFinding(base({ citations: [{ kind: 'note', refId: 'not-an-id' }] }), rules), 'citations'), /^Select evidence from the lists/);
    assert.match(messageFor(validateFinding(base({ citations: [{ kind: 'rumour' as 'note', refId: NOTE.refId }] }), rules), 'citations'), /^Select evidence from the lists/);
    assert.match(messageFor(validateFinding(base({ citations: [{ kind: 'survey_figure', refId: NOTE.refId }] }), rules), 'citations'), /^Select evidence from the lists/);
  });

  test('an imported finding cites nothing and needs nothing cited', () => {
    const ok = validateFinding(base({ citations: [NOTE] }), { ...rules, origin: 'imported' });
    assert.ok(ok.ok);
    assert.deepEqual(ok.value.citations, []);
    assert.ok(validateFinding(base({ citations: [] }), { ...rules, origin: 'imported' }).ok);
  });

  test('every problem is reported at once', () => {
    const fields = issuesOf(validateFinding({ kind: 'area_for_improvement', criteria: [], body: '', responsibleBody: null, partners: '', citations: [] }, rules)).map((i) => i.field);
    assert.deepEqual(fields, ['criteria', 'body', 'responsibleBody', 'citations']);
    assert.equal(messageFor(validateFinding(base({ kind: '' }), rules), 'kind'), 'Choose what kind of finding this is');
  });
});

describe('citations and sources', () => {
  test('each kind of citation has its source; a note’s is its own source’s column', () => {
    assert.equal(citationSource('note', 'activity'), 'fieldwork');
    assert.equal(citationSource('note', 'tracked_case'), 'tracking');
    assert.equal(citationSource('note', 'reviewed_plan'), 'case_review');
    assert.equal(citationSource('note', 'survey'), 'survey');
    assert.equal(citationSource('note', 'data'), 'data');
    assert.equal(citationSource('survey_figure'), 'survey');
    assert.equal(citationSource('plan_review'), 'case_review');
    assert.equal(citationSource('tracking_note'), 'tracking');
  });

  test('a recorded finding resting on one kind of source is flagged; imported findings never are', () => {
    assert.deepEqual(distinctSources(['fieldwork', 'survey', 'fieldwork']), ['survey', 'fieldwork']);
    assert.equal(restsOnOneSource('recorded', ['fieldwork', 'fieldwork']), true);
    assert.equal(restsOnOneSource('recorded', ['fieldwork', 'survey']), false);
    assert.equal(restsOnOneSource('imported', ['fieldwork']), false);
    assert.equal(restsOnOneSource('recorded', []), false);
    assert.equal(singleSourceMessage('fieldwork'), 'Rests on one kind of source: fieldwork notes');
    assert.equal(singleSourceMessage('case_review'), 'Rests on one kind of source: case reviews');
  });

  test('a form value carries a citation’s kind and reference', () => {
    assert.deepEqual(parseCitationValue(`note:${NOTE.refId}`), NOTE);
    assert.deepEqual(parseCitationValue(`survey_figure:${SURVEY.refId}`), SURVEY);
    assert.equal(parseCitationValue('note'), undefined);
    assert.equal(parseCitationValue(`gossip:${NOTE.refId}`), undefined);
    assert.equal(parseCitationValue('survey_figure:abc:q1'), undefined);
  });
});

describe('the outcome', () => {
  test('each inspection type offers its framework’s outcomes', () => {
    assert.deepEqual(outcomesFor(F2016, 'full').map((o) => o.code), ['wsoa_not_required', 'wsoa_required']);
    assert.deepEqual(outcomesFor(F2016, 'revisit').map((o) => o.code), ['sufficient_progress_all', 'sufficient_progress_some', 'sufficient_progress_none']);
    assert.deepEqual(outcomesFor(F2023, 'full').map((o) => o.code), ['positive', 'inconsistent', 'widespread_systemic_failings']);
    assert.deepEqual(outcomesFor(F2023, 'monitoring').map((o) => o.code), ['effective_action_all', 'effective_action_not_all']);
    assert.deepEqual(outcomesFor(F2023, 'engagement_meeting'), []);
  });

  test('an outcome code must be one of the inspection type’s', () => {
    assert.ok(checkOutcomeCode(F2023, 'full', 'positive').ok);
    assert.ok(checkOutcomeCode(F2016, 'full', 'wsoa_required').ok);
    const wrongType = checkOutcomeCode(F2023, 'full', 'effective_action_all');
    assert.ok(!wrongType.ok && wrongType.message === 'Select one of the outcomes of a full inspection under the 2023 framework: “effective_action_all” is not one of them', JSON.stringify(wrongType));
    const wrongFramework = checkOutcomeCode(F2016, 'full', 'positive');
    assert.ok(!wrongFramework.ok && wrongFramework.message.includes('under the 2016 framework'));
    const blank = checkOutcomeCode(F2023, 'full', ' ');
    assert.ok(!blank.ok && blank.message === 'Select the outcome');
    const none = checkOutcomeCode(F2023, 'engagement_meeting', 'positive');
    assert.ok(!none.ok && none.message.endsWith('has no outcome to record'));
  });

  test('the sentence is the framework’s own, word for word', () => {
    const positive = outcomesFor(F2023, 'full').find((o) => o.code === 'positive')!;
    assert.equal(sentenceIssue(positive, undefined), undefined, 'no sentence sent: the framework’s is used');
    assert.equal(sentenceIssue(positive, positive.sentence), undefined);
    assert.match(sentenceIssue(positive, 'The partnership is brilliant.')!, /^The sentence for the outcome “Positive experiences and outcomes” must be the framework’s own/);
    const notRequired = outcomesFor(F2016, 'full').find((o) => o.code === 'wsoa_not_required')!;
    assert.equal(sentenceIssue(notRequired, null), undefined);
    assert.match(sentenceIssue(notRequired, 'Anything')!, /adds no sentence/);
  });

  test('an outcome that does not allow findings already recorded is refused, naming how many to change', () => {
    const counts = [
      { kind: 'area_for_priority_action', count: 2 },
      { kind: 'area_for_improvement', count: 4 },
    ];
    assert.equal(
      outcomeChangeIssue(F2023, 'positive', counts),
      'Change or remove 2 findings first: the outcome “Positive experiences and outcomes” does not allow areas for priority action',
    );
    assert.equal(outcomeChangeIssue(F2023, 'widespread_systemic_failings', counts), undefined);
    assert.equal(outcomeChangeIssue(F2016, 'wsoa_not_required', [{ kind: 'significant_weakness', count: 1 }, { kind: 'strength', count: 3 }]), 'Change or remove 1 finding first: the outcome “Written statement of action not required” does not allow significant weaknesses');
    assert.equal(outcomeChangeIssue(F2016, 'wsoa_required', [{ kind: 'significant_weakness', count: 1 }]), undefined);
  });
});

describe('where findings sit in the report', () => {
  test('2016: each aspect with its strengths and areas for development, then the significant weaknesses', () => {
    const headings = findingHeadings(F2016, 'Barsetshire');
    assert.deepEqual(
      headings.map((h) => [h.code, h.places.map((p) => `${p.kind}${p.criterion ? `/${p.criterion}` : ''}:${p.heading}`)]),
      [
        ['aspect_identifying', ['strength/A:Strengths', 'area_for_development/A:Areas for development']],
        ['aspect_assessing', ['strength/B:Strengths', 'area_for_development/B:Areas for development']],
        ['aspect_outcomes', ['strength/C:Strengths', 'area_for_development/C:Areas for development']],
        ['significant_weakness', ['significant_weakness:Significant weaknesses']],
      ],
    );
  });

  test('2023: the report’s sections in order, each with its kind', () => {
    const headings = findingHeadings(F2023, 'Barsetshire');
    assert.deepEqual(
      headings.map((h) => h.places.map((p) => p.kind)),
      [['experience'], ['effective'], ['to_do_better'], ['area_for_priority_action'], ['area_for_improvement']],
    );
  });

  test('findings are placed by kind and aspect; a finding about two aspects shows under both', () => {
    const places = findingHeadings(F2016, 'X').flatMap((h) => h.places);
    const a = { kind: 'strength', criteria: ['A'] };
    const ab = { kind: 'strength', criteria: ['A', 'B'] };
    const sw = { kind: 'significant_weakness', criteria: [] };
    const { lists, unplaced } = placeFindings(places, [a, ab, sw]);
    assert.deepEqual(lists[0], [a, ab]);
    assert.deepEqual(lists[2], [ab]);
    assert.deepEqual(lists.at(-1), [sw]);
    assert.deepEqual(unplaced, []);
    assert.deepEqual(placeFindings(places, [{ kind: 'strength', criteria: [] }]).unplaced.length, 1);
  });

  test('kinds rank in the framework’s order; labels read as plurals', () => {
    const rank = kindRank(F2023);
    assert.ok(rank('experience') < rank('area_for_improvement'));
    assert.equal(pluralLabel('Area for priority action'), 'Areas for priority action');
    assert.equal(pluralLabel('Significant weakness'), 'Significant weaknesses');
    assert.equal(pluralLabel('Strength'), 'Strengths');
    assert.equal(kindNoun(F2016, 'strength'), 'strength');
    assert.equal(kindNoun(F2016, 'significant_weakness'), 'significant weakness');
    assert.equal(kindNoun(F2023, 'area_for_priority_action'), 'area for priority action');
    assert.equal(kindNoun(F2023, 'experience'), undefined, 'reported under a question, so not counted as nouns');
    assert.equal(kindNoun(F2023, 'to_do_better'), undefined);
  });
});
