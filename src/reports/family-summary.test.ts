// Unit tests of the family summary: one for every framework and outcome, short sentences, plain words,
// who must act and what happens next, and finding text cut only between words.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { composeReport } from './compose.ts';
import { firstSentence, LIST_ITEMS, SENTENCE_WORDS, shortenSentence, wordCount } from './family-summary.ts';
import type { FamilySummary } from './report-document.ts';
import { demoInputs, everyOutcome } from './report-test-support.ts';

function summaryText(summary: FamilySummary): string[] {
  return summary.blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : b.items));
}

/** Sentences, each list item counting as one. */
function sentences(summary: FamilySummary): string[] {
  return summaryText(summary).flatMap((text) => text.split(/(?<=[.!?…:])\s+/)).filter(Boolean);
}

const LONG_FINDING =
  'Leaders across education, health and care have worked with the parent carer forum over the last three years to redesign the way that children and young people move between primary and secondary school and into further education, training and employment.';

describe('familySummary for every framework and outcome', () => {
  const cases = [...everyOutcome(), { framework: '2023' as const, type: 'full', outcome: null }, { framework: '2016' as const, type: 'full', outcome: null }];
  for (const { framework, type, outcome } of cases) {
    test(`${framework} ${type} ${outcome ?? 'no outcome'}: short sentences in plain words`, () => {
      const { familySummary: summary } = composeReport(demoInputs({ framework, type, outcome }));
      assert.equal(summary.title, 'What inspectors found in Northbrook: a summary for children, young people and families');
      assert.ok(summary.blocks.length >= 3);
      for (const sentence of sentences(summary)) assert.ok(wordCount(sentence) <= SENTENCE_WORDS, `"${sentence}" has ${wordCount(sentence)} words`);
      const text = summaryText(summary).join(' ');
      assert.ok(text.includes('special educational needs and disabilities (SEND)'), 'SEND is spelt out');
      assert.ok(text.indexOf('(SEND)') <= text.indexOf(' SEND ') || !text.includes(' SEND '), 'SEND is spelt out before it is used');
      assert.doesNotMatch(text, /systemic|and\/or|\bHMCI\b|\bWSoA\b/i);
      const ehc = text.indexOf('EHC');
      if (ehc >= 0) assert.ok(text.slice(0, ehc + 4).includes('education, health and care (EHC)'), 'EHC is spelt out the first time');
      assert.ok(text.endsWith('You can read the full report to find out more.'));
    });
  }
});

describe('familySummary content', () => {
  test('says what the outcome means and what happens next in plain words', () => {
    const positive = summaryText(composeReport(demoInputs({ outcome: 'positive' })).familySummary);
    assert.ok(positive.includes('Inspectors found that children and young people with SEND in Northbrook usually have good experiences. Leaders are already working on the things that need to improve.'));
    assert.ok(positive.includes('Inspectors will come back for a full inspection within about 5 years.'));

    const failings = summaryText(composeReport(demoInputs({ outcome: 'widespread_systemic_failings' })).familySummary);
    assert.ok(failings.includes('The council and the NHS must write a plan to fix the most urgent problems.'));
    assert.ok(failings.includes('They must publish it within 70 working days.'));
    assert.ok(failings.includes('Inspectors will come back in about 18 months to check on progress.'));

    const none = summaryText(composeReport(demoInputs({ outcome: null })).familySummary);
    assert.ok(none.includes('Inspectors have not yet decided the outcome of this inspection.'));
    assert.ok(!none.includes('What happens next:'));
  });

  test('lists what is working well and what needs to get better, and who must act on each recommendation', () => {
    const summary = composeReport(demoInputs({ outcome: 'widespread_systemic_failings' })).familySummary;
    const blocks = summary.blocks.map((b) => (b.type === 'paragraph' ? b.text : b.items));
    const after = (lead: string) => blocks[blocks.indexOf(lead) + 1] as string[];
    assert.deepEqual(after('These things are working well:'), [
      'Leaders across the partnership are ambitious for children and young people with SEND and listen to what families tell them.',
      'Young people take part in a wide range of clubs and activities in their communities.',
    ]);
    assert.equal(after('These things need to get better:').length, 2);
    assert.equal(after('The council and the NHS must fix these problems urgently:').length, 1);
    // EHC was spelt out in the list before, so it is not spelt out again.
    assert.deepEqual(after('The council must fix these problems urgently:'), ['The council should make sure that EHC plans are issued within 20 weeks.']);
    assert.equal(after('Schools, colleges and health providers must also improve these things:').length, 1);
    assert.match(after('The NHS must also improve these things:')[0], /^The integrated care board \(ICB\) should make sure/);
  });

  test('a long list of findings is cut short and points to the full report', () => {
    const findings = Array.from({ length: 9 }, (_, i) => ({ kind: 'strength', criteria: ['A'], body: `Strength number ${i + 1} is described here.`, responsibleBody: null, partners: '' }));
    const summary = composeReport(demoInputs({ framework: '2016', outcome: 'wsoa_not_required', findings })).familySummary;
    const list = summary.blocks.find((b) => b.type === 'list');
    assert.ok(list?.type === 'list');
    assert.equal(list.items.length, LIST_ITEMS);
    assert.equal(list.items.at(-1), `The full report describes ${9 - LIST_ITEMS + 1} more.`);
  });

  test('the same finding under two aspects is listed once', () => {
    const findings = [{ kind: 'strength', criteria: ['A', 'B'], body: 'One strength.', responsibleBody: null, partners: '' }];
    const summary = composeReport(demoInputs({ framework: '2016', outcome: 'wsoa_not_required', findings })).familySummary;
    assert.deepEqual(summary.blocks.find((b) => b.type === 'list'), { type: 'list', items: ['One strength.'] });
  });
});

describe('shortening finding text', () => {
  test('takes the first sentence', () => {
    assert.equal(firstSentence('Waits are long. Families are not told why.'), 'Waits are long.');
    assert.equal(firstSentence('  No full stop at all  '), 'No full stop at all');
    assert.equal(firstSentence('Plans for 16 to 25 year olds, e.g. at college, are late. Next.'), 'Plans for 16 to 25 year olds, e.g. at college, are late.');
  });

  test('cuts a long sentence at a clause boundary, between words, and never mid-word', () => {
    const text = 'Leaders have worked with the parent carer forum over the last three years to redesign transitions, which has made moving school easier for many children.';
    assert.equal(shortenSentence(text), 'Leaders have worked with the parent carer forum over the last three years to redesign transitions.');
    // No boundary late enough ("and" in "health and care" would leave too short a clause): whole words and an ellipsis.
    assert.equal(shortenSentence(LONG_FINDING), 'Leaders across education, health and care have worked with the parent carer forum over the last three years to redesign…');
  });

  test('a sentence with no boundary to cut at ends in an ellipsis after a whole word', () => {
    const text = Array.from({ length: 30 }, (_, i) => `word${i + 1}`).join(' ');
    const short = shortenSentence(text);
    assert.equal(short, `${Array.from({ length: SENTENCE_WORDS }, (_, i) => `word${i + 1}`).join(' ')}…`);
  });

  test('a short sentence is kept whole, with a full stop', () => {
    assert.equal(shortenSentence('Short breaks are well planned'), 'Short breaks are well planned.');
    assert.equal(shortenSentence('Are they?'), 'Are they?');
  });

  test('every finding line in every summary is the start of a finding, in whole words', () => {
    let checked = 0;
    const unexpand = (text: string) => text.replace('education, health and care (EHC) plan', 'EHC plan').replace('integrated care board (ICB)', 'ICB');
    for (const { framework, type, outcome } of everyOutcome()) {
      const document = composeReport(demoInputs({ framework, type, outcome }));
      const findingWords = document.findings.map((f) => f.text.split(/\s+/));
      for (const block of document.familySummary.blocks) {
        if (block.type !== 'list') continue;
        for (const item of block.items) {
          const words = unexpand(item).replace(/[.…]$/, '').split(' ');
          const fromFinding = findingWords.filter((f) => words.slice(0, 3).every((w, i) => f[i] === w));
          if (!fromFinding.length) continue;
          checked++;
          const whole = (source: string[]) => words.every((word, i) => word === (i === words.length - 1 ? source[i]?.replace(/[.,;:]$/, '') : source[i]));
          assert.ok(fromFinding.some(whole), `"${item}" is the start of a finding, in whole words`);
        }
      }
    }
    assert.ok(checked > 20, `${checked} finding lines checked`);
  });
});
