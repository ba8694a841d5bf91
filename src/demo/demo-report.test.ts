// Unit tests of the demo's report: both versions of the narrative are within the drafting rules,
// the second changes a few sentences in three sections and nothing else, and the area's previous
// inspection is a valid historical import file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FrameworkCode } from '../frameworks/framework.ts';
import { loadFrameworkDefinitions } from '../frameworks/framework-files.ts';
import { checkHistoricalFile, issueLine, parseHistoricalFile } from '../reports/historical-import.ts';
import { checkNarrative, diffNarrative, narrativeSectionCodes, narrativeSections, parseSectionText } from '../reports/report-draft.ts';
import { DEMO_HISTORY, DEMO_NARRATIVE_CHANGES, DEMO_NARRATIVE_TEXT, historyLine, reportLine, secondVersionText } from './demo-report.ts';
import { DEMO_AREA } from './demo.ts';

const frameworks = loadFrameworkDefinitions();
const definition2023 = frameworks.find((f) => f.code === '2023')!;
const sections = narrativeSections(definition2023, DEMO_AREA.name);

function narrativeOf(texts: Readonly<Record<string, string>>) {
  return Object.fromEntries(Object.entries(texts).map(([code, text]) => [code, parseSectionText(text)]));
}

test('the narrative covers every section inspectors write in a 2023 report, and both versions keep the drafting rules', () => {
  assert.deepEqual(Object.keys(DEMO_NARRATIVE_TEXT), narrativeSectionCodes(definition2023));
  for (const texts of [DEMO_NARRATIVE_TEXT, secondVersionText()]) {
    const checked = checkNarrative(sections, narrativeOf(texts));
    assert.ok(checked.ok, checked.ok ? '' : JSON.stringify(checked.issues));
    for (const code of Object.keys(texts)) assert.ok(checked.value[code]!.length >= 2, `${code} has paragraphs`);
  }
  // The partnership section shows a list as well as paragraphs.
  assert.ok(parseSectionText(DEMO_NARRATIVE_TEXT.about_partnership!).some((b) => b.type === 'list'));
});

test('the second version changes a few sentences in three sections, which the comparison shows', () => {
  const diff = diffNarrative(sections, narrativeOf(DEMO_NARRATIVE_TEXT), narrativeOf(secondVersionText()));
  assert.equal(diff.changedSections, Object.keys(DEMO_NARRATIVE_CHANGES).length);
  assert.deepEqual(diff.sections.filter((s) => s.changed).map((s) => s.code), ['about_partnership', 'experience', 'do_better']);
  const changedBlocks = diff.sections.flatMap((s) => s.blocks).filter((b) => b.change !== 'same');
  assert.equal(changedBlocks.length, 3, 'one paragraph in each');
  const second = secondVersionText();
  for (const [code, changes] of Object.entries(DEMO_NARRATIVE_CHANGES)) {
    for (const [from, to] of changes) {
      assert.ok(!second[code]!.includes(from) && second[code]!.includes(to), `${code}: “${to}”`);
    }
  }
});

test('the previous inspection is a valid historical import: 2016 framework, published, in the demo area', () => {
  const parsed = parseHistoricalFile(JSON.stringify(DEMO_HISTORY));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.issues.map(issueLine).join('\n'));
  const issues = checkHistoricalFile(parsed.file, {
    frameworks: new Map(frameworks.map((f) => [f.code as FrameworkCode, f])),
    areas: new Map([[DEMO_AREA.la_code, { name: DEMO_AREA.name }]]),
    existingReferences: new Set(),
    existingVisits: new Map(),
    today: '2026-12-01',
  });
  assert.deepEqual(issues.map(issueLine), []);
  const [inspection] = parsed.file.inspections;
  assert.equal(inspection!.framework, '2016');
  assert.equal(inspection!.laCode, DEMO_AREA.la_code);
  const kinds = new Set(inspection!.findings.map((f) => `${f.kind} ${f.criteria.join('')}`));
  for (const aspect of ['A', 'B', 'C']) assert.ok(kinds.has(`strength ${aspect}`) && kinds.has(`area_for_development ${aspect}`), `aspect ${aspect}`);
});

test('the console lines say what the report and the history hold', () => {
  assert.equal(
    reportLine({ findings: 12, singleSource: 1, outcomeLabel: 'Inconsistent experiences and outcomes', draftVersions: 2 }),
    'Its report: 12 findings (1 resting on one kind of source), the outcome “Inconsistent experiences and outcomes” and a draft in 2 versions, ready for the lead to send for quality assurance.',
  );
  assert.equal(
    historyLine({ reference: 'SEND-990-2018-1', onsiteStart: '2018-03-05', onsiteEnd: '2018-03-09', publishedAt: new Date('2018-04-27T08:30:00Z') }),
    'Its previous inspection, SEND-990-2018-1 (2016 framework, on site 2018-03-05 to 2018-03-09), is published on the public site at /reports.',
  );
});
