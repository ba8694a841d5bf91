// Unit tests of the narrative's rules: which sections inspectors write in each framework, reading a
// textarea into paragraphs and lists and back (a property over random blocks), the limits with
// their messages, and the word-level diff between two versions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadFrameworkDefinitions } from '../frameworks/framework-files.ts';
import type { FrameworkDefinition } from '../frameworks/framework.ts';
import type { Block } from './report-document.ts';
import {
  PARAGRAPH_MAX_LENGTH,
  SECTION_MAX_BLOCKS,
  SECTION_MAX_LENGTH,
  checkNarrative,
  diffNarrative,
  narrativeSectionCodes,
  narrativeSections,
  parseSectionText,
  sameNarrative,
  sectionText,
  type NarrativeSectionInfo,
} from './report-draft.ts';

const frameworks = new Map(loadFrameworkDefinitions().map((d) => [d.code, d]));
const framework = (code: string): FrameworkDefinition => frameworks.get(code as FrameworkDefinition['code'])!;

test('inspectors write the 2016 letter’s narrative sections, not its title, WSoA sentence or sign-off', () => {
  assert.deepEqual(narrativeSectionCodes(framework('2016')), ['opening', 'method', 'main_findings', 'aspect_identifying', 'aspect_assessing', 'aspect_outcomes']);
});

test('inspectors write the 2023 report’s narrative sections, not those made from data', () => {
  assert.deepEqual(narrativeSectionCodes(framework('2023')), ['about_partnership', 'experience', 'effective', 'do_better']);
});

test('the sections are shown with their headings, the area named, and the framework’s description', () => {
  const sections = narrativeSections(framework('2016'), 'Manchester');
  assert.equal(sections[0]!.code, 'opening');
  assert.equal(sections[0]!.heading, 'Introduction');
  assert.match(sections[0]!.description, /dates of the inspection/);
  assert.ok(sections.every((s) => !s.heading.includes('[area]')));
});

test('a blank line separates paragraphs, and a paragraph’s own line breaks become spaces', () => {
  assert.deepEqual(parseSectionText('First line\ncontinues here.\r\n\r\n  Second   paragraph.  \n\n\n'), [
    { type: 'paragraph', text: 'First line continues here.' },
    { type: 'paragraph', text: 'Second paragraph.' },
  ]);
});

test('consecutive lines starting "- " or "* " make one list, beside the paragraph that leads into it', () => {
  assert.deepEqual(parseSectionText('Leaders should:\n- improve waiting times\n* share plans sooner\n\n- a second list'), [
    { type: 'paragraph', text: 'Leaders should:' },
    { type: 'list', items: ['improve waiting times', 'share plans sooner'] },
    { type: 'list', items: ['a second list'] },
  ]);
  assert.deepEqual(parseSectionText('- one\nThen a paragraph'), [
    { type: 'list', items: ['one'] },
    { type: 'paragraph', text: 'Then a paragraph' },
  ]);
  assert.deepEqual(parseSectionText('-not a list\n*nor this'), [{ type: 'paragraph', text: '-not a list *nor this' }]);
});

test('markup is kept as text and control characters are dropped', () => {
  assert.deepEqual(parseSectionText('<script>alert(1)</script> **bold** [link](http://x)\u0000'), [{ type: 'paragraph', text: '<script>alert(1)</script> **bold** [link](http://x)' }]);
  assert.deepEqual(parseSectionText('   \n\n \t '), []);
});

const word = fc.stringMatching(/^[A-Za-z0-9.,;:'()<>&"£%-]{1,12}$/);
const sentence = fc.array(word, { minLength: 1, maxLength: 12 }).map((words) => words.join(' '));
// A paragraph that does not start like a list item (parsing would read it as one).
const paragraphText = sentence.filter((s) => !/^[-*] /.test(s) && !/^[-*]$/.test(s));
const block: fc.Arbitrary<Block> = fc.oneof(
  paragraphText.map((text): Block => ({ type: 'paragraph', text })),
  fc.array(sentence, { minLength: 1, maxLength: 5 }).map((items): Block => ({ type: 'list', items })),
);

test('blocks written out as text read back as the same blocks (lists apart stay apart)', () => {
  fc.assert(
    fc.property(fc.array(block, { maxLength: 8 }), (blocks) => {
      assert.deepEqual(parseSectionText(sectionText(blocks)), blocks);
    }),
  );
});

test('any text read into blocks, written out and read again, gives the same blocks', () => {
  const typed = fc.array(fc.oneof(sentence, fc.constantFrom('', '- ', '* ', '  ', '-', '\r')), { maxLength: 20 }).map((lines) => lines.join('\n'));
  fc.assert(
    fc.property(typed, (text) => {
      const blocks = parseSectionText(text);
      assert.deepEqual(parseSectionText(sectionText(blocks)), blocks);
    }),
  );
});

const SECTIONS: NarrativeSectionInfo[] = [
  { code: 'experience', heading: 'What is it like to be a child or young person with SEND in this area?', description: '' },
  { code: 'do_better', heading: 'What does the area partnership need to do better?', description: '' },
];

test('a draft within the limits is stored in one form: framework order, spaces tidied, empty sections left out', () => {
  const checked = checkNarrative(SECTIONS, {
    do_better: [{ type: 'paragraph', text: '  Shorter   waits. ' }],
    experience: [{ type: 'paragraph', text: '   ' }],
  });
  assert.deepEqual(checked, { ok: true, value: { do_better: [{ type: 'paragraph', text: 'Shorter waits.' }] } });
  assert.deepEqual(Object.keys(checked.ok ? checked.value : {}), ['do_better']);
});

test('a section too long, a paragraph too long and too many paragraphs are refused, naming the section', () => {
  const long = 'x'.repeat(PARAGRAPH_MAX_LENGTH + 1);
  const checked = checkNarrative(SECTIONS, {
    experience: [{ type: 'paragraph', text: 'Fine.' }, { type: 'paragraph', text: long }],
    do_better: [{ type: 'list', items: ['a', long] }],
  });
  assert.equal(checked.ok, false);
  assert.deepEqual(!checked.ok && checked.issues, [
    { section: 'experience', message: 'Paragraph 2 of ‘What is it like to be a child or young person with SEND in this area?’ must be 3,000 characters or fewer (it has 3,001): split it into shorter paragraphs' },
    { section: 'do_better', message: 'Item 2 of the list at paragraph 1 of ‘What does the area partnership need to do better?’ must be 3,000 characters or fewer (it has 3,001): split it into shorter paragraphs' },
  ]);

  const many = Array.from({ length: SECTION_MAX_BLOCKS + 1 }, () => ({ type: 'paragraph' as const, text: 'Short.' }));
  const tooMany = checkNarrative(SECTIONS, { experience: many });
  assert.deepEqual(!tooMany.ok && tooMany.issues.map((i) => i.message), ['‘What is it like to be a child or young person with SEND in this area?’ must have 200 paragraphs and lists or fewer (it has 201): join some paragraphs']);

  const paragraphs = Array.from({ length: 8 }, () => ({ type: 'paragraph' as const, text: 'y'.repeat(2_600) }));
  const tooLong = checkNarrative(SECTIONS, { do_better: paragraphs });
  assert.ok(SECTION_MAX_LENGTH < 8 * 2_600);
  assert.deepEqual(!tooLong.ok && tooLong.issues.map((i) => i.message), ['The text for ‘What does the area partnership need to do better?’ must be 20,000 characters or fewer (it has 20,814)']);
});

test('sections the framework does not let inspectors write, and blocks that are not paragraphs or lists, are refused', () => {
  const checked = checkNarrative(SECTIONS, { inspection_outcome: [{ type: 'paragraph', text: 'Positive' }], experience: [{ type: 'heading', text: 'x' }] });
  assert.deepEqual(!checked.ok && checked.issues, [
    { section: 'inspection_outcome', message: '“inspection_outcome” is not a section inspectors write in this framework’s report' },
    { section: 'experience', message: 'The text for ‘What is it like to be a child or young person with SEND in this area?’ could not be read: paragraphs and lists only' },
  ]);
});

test('two drafts say the same when their sections’ blocks are the same, whatever the order of their keys', () => {
  const a = { experience: [{ type: 'paragraph' as const, text: 'A' }], do_better: [{ type: 'list' as const, items: ['b'] }] };
  const b = { do_better: [{ type: 'list' as const, items: ['b'] }], experience: [{ type: 'paragraph' as const, text: 'A' }] };
  assert.ok(sameNarrative(a, b));
  assert.ok(!sameNarrative(a, { ...b, experience: [{ type: 'paragraph', text: 'A.' }] }));
  assert.ok(sameNarrative({}, { experience: [] }));
  // jsonb hands objects back with its own key order.
  const fromDatabase = JSON.parse('{"experience": [{"text": "A", "type": "paragraph"}], "do_better": [{"items": ["b"], "type": "list"}]}') as typeof a;
  assert.ok(sameNarrative(a, fromDatabase));
});

test('a list follows the paragraph leading into it on the next line; other blocks are a blank line apart', () => {
  assert.equal(
    sectionText([
      { type: 'paragraph', text: 'Leaders should:' },
      { type: 'list', items: ['cut waits', 'check plans'] },
      { type: 'paragraph', text: 'Next.' },
      { type: 'list', items: ['x'] },
      { type: 'list', items: ['y'] },
    ]),
    'Leaders should:\n- cut waits\n- check plans\n\nNext.\n- x\n\n- y',
  );
});

test('the diff marks words added and removed within a changed paragraph, and whole paragraphs added', () => {
  const before = { experience: [{ type: 'paragraph' as const, text: 'Families wait too long for assessments.' }, { type: 'paragraph' as const, text: 'Unchanged.' }] };
  const after = {
    experience: [
      { type: 'paragraph' as const, text: 'Families wait far too long for health assessments.' },
      { type: 'paragraph' as const, text: 'Unchanged.' },
      { type: 'paragraph' as const, text: 'A new paragraph.' },
    ],
  };
  const diff = diffNarrative(SECTIONS, before, after);
  assert.equal(diff.changedSections, 1);
  const [experience, doBetter] = diff.sections;
  assert.equal(experience!.changed, true);
  assert.equal(doBetter!.changed, false);
  const [changed, same, added] = experience!.blocks;
  assert.equal(changed!.change, 'changed');
  assert.ok(changed!.type === 'paragraph');
  const spans = changed!.type === 'paragraph' ? changed!.spans : [];
  assert.deepEqual(spans.filter((s) => s.change === 'added').map((s) => s.text.trim()), ['far', 'health']);
  assert.equal(spans.filter((s) => s.change !== 'removed').map((s) => s.text).join(''), after.experience[0]!.text);
  assert.equal(same!.change, 'same');
  assert.deepEqual(added, { type: 'paragraph', change: 'added', spans: [{ change: 'added', text: 'A new paragraph.' }] });
});

test('a rewritten paragraph shows as removed and added; list items are compared item by item', () => {
  const before = {
    experience: [{ type: 'paragraph' as const, text: 'Completely different words here.' }],
    do_better: [{ type: 'list' as const, items: ['Reduce waits for therapy.', 'Gone item', 'Same item'] }],
  };
  const after = {
    experience: [{ type: 'paragraph' as const, text: 'Nothing alike at all, truly.' }],
    do_better: [{ type: 'list' as const, items: ['Reduce waits for speech therapy.', 'Same item', 'New item'] }],
  };
  const diff = diffNarrative(SECTIONS, before, after);
  assert.deepEqual(
    diff.sections[0]!.blocks.map((b) => b.change),
    ['removed', 'added'],
  );
  const list = diff.sections[1]!.blocks[0]!;
  assert.equal(list.type, 'list');
  assert.equal(list.change, 'changed');
  const items = list.type === 'list' ? list.items : [];
  assert.deepEqual(items.map((i) => i.change), ['changed', 'removed', 'same', 'added']);
  assert.deepEqual(items[0]!.spans.filter((s) => s.change === 'added').map((s) => s.text.trim()), ['speech']);
});

test('comparing a draft with itself changes nothing', () => {
  const narrative = { experience: [{ type: 'paragraph' as const, text: 'A' }, { type: 'list' as const, items: ['b', 'c'] }] };
  const diff = diffNarrative(SECTIONS, narrative, narrative);
  assert.equal(diff.changedSections, 0);
  assert.ok(diff.sections.every((s) => !s.changed));
});
