// Unit tests of the historical import file: its shape, the checks against the frameworks and the
// reference data (each problem named by where it is), and what is stored for each inspection.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { FrameworkCode, FrameworkDefinition } from '../frameworks/framework.ts';
import { loadFrameworkDefinitions } from '../frameworks/framework-files.ts';
import {
  checkHistoricalFile,
  issueLine,
  narrativeOf,
  notificationDateOf,
  parseHistoricalFile,
  publishedAtOf,
  teamOf,
  writtenSections,
  type HistoricalFile,
  type ImportContext,
} from './historical-import.ts';

const definitions = new Map<FrameworkCode, FrameworkDefinition>(loadFrameworkDefinitions().map((d) => [d.code, d]));
const def2016 = definitions.get('2016')!;
const EXAMPLE = readFileSync(path.join(import.meta.dirname, '../../docs/examples/historical-inspections.json'), 'utf8');

function context(overrides: Partial<ImportContext> = {}): ImportContext {
  return {
    frameworks: definitions,
    areas: new Map([
      ['990', { name: 'Northbrook (fictional)' }],
      ['352', { name: 'Manchester' }],
    ]),
    existingReferences: new Set(),
    existingVisits: new Map(),
    today: '2026-06-01',
    ...overrides,
  };
}

function inspection2023(extra: Record<string, unknown> = {}) {
  return {
    laCode: '990',
    framework: '2023',
    inspectionType: 'full',
    onsiteStart: '2024-02-05',
    onsiteEnd: '2024-02-09',
    publishedOn: '2024-03-22',
    outcome: 'inconsistent',
    findings: [
      { kind: 'experience', criteria: ['I3'], text: 'Children wait too long for therapy.' },
      { kind: 'area_for_improvement', criteria: ['I1'], responsibleBody: 'icb', text: 'Leaders should reduce waiting times.' },
    ],
    ...extra,
  };
}

function inspection2016(extra: Record<string, unknown> = {}) {
  return {
    laCode: '990',
    framework: '2016',
    inspectionType: 'full',
    onsiteStart: '2017-11-13',
    onsiteEnd: '2017-11-17',
    publishedOn: '2018-01-12',
    outcome: 'wsoa_required',
    findings: [
      { kind: 'strength', criteria: ['A'], text: 'Needs are identified early.' },
      { kind: 'significant_weakness', text: 'Plans are late.' },
    ],
    ...extra,
  };
}

function fileOf(...inspections: unknown[]): string {
  return JSON.stringify({ schemaVersion: 1, inspections });
}

/** Every problem with a file, as the lines the command line prints. */
function problems(json: string, ctx: ImportContext = context()): string[] {
  const parsed = parseHistoricalFile(json);
  if (!parsed.ok) return parsed.issues.map(issueLine);
  return checkHistoricalFile(parsed.file, ctx).map(issueLine);
}

function parsedFile(json: string): HistoricalFile {
  const parsed = parseHistoricalFile(json);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.issues.map(issueLine).join('\n'));
  return parsed.file;
}

test('the documented example passes every check', () => {
  assert.deepEqual(problems(EXAMPLE), []);
  assert.equal(parsedFile(EXAMPLE).inspections.length, 3);
});

test('a file that is not JSON, or not this format, says so', () => {
  assert.match(problems('{"schemaVersion": 1, "inspections": [')[0], /^\(the file\): is not valid JSON: /);
  assert.deepEqual(problems(JSON.stringify({ schemaVersion: 2, inspections: [] })), ['schemaVersion: must be 1', 'inspections: must list at least one inspection']);
  assert.deepEqual(problems(JSON.stringify({ schemaVersion: 1, inspections: [inspection2023()], extra: true })), ['extra: is not a field of this format (check its spelling)']);
});

test('wrong types, missing fields and misspelt fields name their place in the file', () => {
  const bad = inspection2023({ laCode: 990, framework: 2023, outcom: 'positive', onsiteStart: '2024-02-30' });
  delete (bad as Record<string, unknown>).outcome;
  assert.deepEqual(problems(fileOf(inspection2023(), bad)), [
    'inspections[1].laCode: must be text, not a number',
    'inspections[1].framework: must be one of: 2016, 2023 (as text, in quotes)',
    'inspections[1].onsiteStart: must be a real date written as YYYY-MM-DD, like 2019-03-04 (not "2024-02-30")',
    'inspections[1].outcome: is required: an outcome code of the framework for this type of inspection',
    'inspections[1].outcom: is not a field of this format (check its spelling)',
  ]);
  const findings = inspection2023({ findings: [{ kind: 'experience', criteria: 'I3', text: '' }], team: [{ name: 'A Person', role: 'lead' }] });
  assert.deepEqual(problems(fileOf(findings)), [
    'inspections[0].findings[0].criteria: must be a list, not text',
    'inspections[0].findings[0].text: must not be empty',
    'inspections[0].team[0].role: must be one of: ofsted_lead, cqc_lead, ofsted_inspector, cqc_inspector',
  ]);
});

test('an unknown finding kind lists the framework’s kinds', () => {
  const file = fileOf(inspection2023(), inspection2023({ onsiteStart: '2024-03-04', onsiteEnd: '2024-03-08', publishedOn: '2024-04-19' }), inspection2016({ findings: [{ kind: 'strenght', criteria: ['A'], text: 'Typo.' }] }));
  assert.deepEqual(problems(file), ['inspections[2].findings[0].kind: "strenght" is not a finding kind of the 2016 framework (strength, area_for_development, significant_weakness)']);
});

test('unknown criteria, outcomes, inspection types and areas are refused with what is allowed', () => {
  assert.deepEqual(problems(fileOf(inspection2016({ findings: [{ kind: 'strength', criteria: ['A', 'D', 'A'], text: 'x' }] }))), [
    'inspections[0].findings[0].criteria[1]: "D" is not a criterion of the 2016 framework (A, B, C)',
    'inspections[0].findings[0].criteria[2]: A is listed more than once',
  ]);
  assert.deepEqual(problems(fileOf(inspection2016({ outcome: 'positive' }))), [
    'inspections[0].outcome: "positive" is not an outcome of a full inspection under the 2016 framework (wsoa_not_required, wsoa_required)',
  ]);
  assert.deepEqual(problems(fileOf(inspection2023({ inspectionType: 'inspection' }))), [
    'inspections[0].inspectionType: "inspection" is not an inspection type of the 2023 framework (full, monitoring, engagement_meeting, thematic_review)',
  ]);
  assert.deepEqual(problems(fileOf(inspection2023({ inspectionType: 'engagement_meeting' }))), ['inspections[0].inspectionType: an engagement meeting has no outcome, so it has no report to import']);
  assert.deepEqual(problems(fileOf(inspection2023({ laCode: '999', reference: 'SEND-352-2024-1' }))), [
    'inspections[0].laCode: there is no local area with the code 999',
    'inspections[0].reference: SEND-352-2024-1 does not start with SEND-999-, the area’s code',
  ]);
});

test('criteria and responsible bodies follow each kind of finding’s rules', () => {
  const findings = [
    { kind: 'experience', criteria: [], text: 'No criterion.' },
    { kind: 'area_for_improvement', criteria: ['I1'], text: 'No body.' },
    { kind: 'area_for_improvement', criteria: ['I1'], responsibleBody: 'council', text: 'Unknown body.' },
    { kind: 'to_do_better', criteria: ['I1'], responsibleBody: 'icb', text: 'A body where none belongs.' },
    { kind: 'area_for_improvement', criteria: ['I1'], responsibleBody: 'named_partners', text: 'Partners not named.' },
    { kind: 'area_for_improvement', criteria: ['I1'], responsibleBody: 'icb', partners: 'Northbrook College', text: 'Partners where none belong.' },
    { kind: 'area_for_priority_action', criteria: ['L1'], responsibleBody: 'icb', text: 'Needs another outcome.' },
  ];
  assert.deepEqual(problems(fileOf(inspection2023({ findings }))), [
    'inspections[0].findings[0].criteria: experience findings need at least one criterion (I1, I2, I3, I4, I5, L1, L2, L3, L4, L5, L6)',
    'inspections[0].findings[1].responsibleBody: area_for_improvement findings must name the body responsible (local_authority, icb, local_authority_and_icb, named_partners)',
    'inspections[0].findings[2].responsibleBody: "council" is not a responsible body of the 2023 framework (local_authority, icb, local_authority_and_icb, named_partners)',
    'inspections[0].findings[3].responsibleBody: to_do_better findings have no responsible body: leave it out or set it to null',
    'inspections[0].findings[4].partners: must name the partners when the responsible body is named_partners',
    'inspections[0].findings[5].partners: is only for findings whose responsible body is named partners: leave it out',
    'inspections[0].findings[6].kind: area_for_priority_action findings are only for inspections with the outcome widespread_systemic_failings, and this inspection’s outcome is inconsistent',
  ]);
  assert.deepEqual(problems(fileOf(inspection2016({ findings: [{ kind: 'strength', criteria: ['A'], responsibleBody: 'icb', text: 'x' }] }))), [
    'inspections[0].findings[0].responsibleBody: "icb" is not a responsible body of the 2016 framework (it has none)',
  ]);
});

test('dates must be in order, in the framework’s time and already past', () => {
  assert.deepEqual(problems(fileOf(inspection2023({ onsiteEnd: '2024-02-02', publishedOn: '2024-02-01' }))), [
    'inspections[0].onsiteEnd: 2024-02-02 is before the on-site start (2024-02-05)',
    'inspections[0].publishedOn: 2024-02-01 is before the on-site end (2024-02-02): a report is published after the inspection',
  ]);
  assert.deepEqual(problems(fileOf(inspection2023({ onsiteEnd: '2024-03-05' }))), ['inspections[0].onsiteEnd: is more than 14 days after the on-site start (2024-02-05)']);
  assert.deepEqual(problems(fileOf(inspection2023({ publishedOn: '2026-06-02' }))), ['inspections[0].publishedOn: 2026-06-02 is in the future: only reports already published can be imported']);
  assert.deepEqual(problems(fileOf(inspection2016({ onsiteStart: '2023-03-06', onsiteEnd: '2023-03-08', publishedOn: '2023-04-01' }))), [
    'inspections[0].onsiteStart: 2023-03-06 is outside the time the 2016 framework was in force (2016-05-01 to 2022-12-31)',
  ]);
});

test('narrative sections must be ones inspectors write for that outcome', () => {
  const narrative = { main_findings: ['ok'], wsoa_statement: ['composed from data'], experience: ['a 2023 section'] };
  assert.deepEqual(problems(fileOf(inspection2016({ outcome: 'wsoa_not_required', findings: [], narrative }))), [
    'inspections[0].narrative.experience: is not a section inspectors write in a report under the 2016 framework with this outcome (opening, method, main_findings, aspect_identifying, aspect_assessing, aspect_outcomes)',
    'inspections[0].narrative.wsoa_statement: is not a section inspectors write in a report under the 2016 framework with this outcome (opening, method, main_findings, aspect_identifying, aspect_assessing, aspect_outcomes)',
  ]);
  assert.deepEqual(writtenSections(definitions.get('2023')!, 'positive'), ['about_partnership', 'experience', 'effective', 'do_better']);
  const [withBlocks] = parsedFile(fileOf(inspection2016({ narrative: { opening: [' A paragraph. ', { type: 'list', items: ['one', 'two'] }, { type: 'paragraph', text: 'B' }] } }))).inspections;
  assert.deepEqual(narrativeOf(withBlocks).opening, [
    { type: 'paragraph', text: 'A paragraph.' },
    { type: 'list', items: ['one', 'two'] },
    { type: 'paragraph', text: 'B' },
  ]);
  assert.deepEqual(problems(fileOf(inspection2016({ narrative: { opening: [{ type: 'list', items: [] }, { type: 'heading', text: 'x' }, 3] } }))), [
    'inspections[0].narrative.opening[0].items: a list needs at least one item',
    'inspections[0].narrative.opening[1]: must be a paragraph (text), { "type": "paragraph", "text": "..." } or { "type": "list", "items": ["..."] }',
    'inspections[0].narrative.opening[2]: must be a paragraph (text), { "type": "paragraph", "text": "..." } or { "type": "list", "items": ["..."] }',
  ]);
});

test('the same inspection twice, in the file or already held, is refused', () => {
  const again = inspection2023({ reference: 'send-990-2024-1' });
  assert.deepEqual(problems(fileOf(inspection2023({ reference: 'SEND-990-2024-1' }), again)), [
    'inspections[1].onsiteStart: inspections[0] is also of area 990 on site from 2024-02-05',
    'inspections[1].reference: SEND-990-2024-1 is also the reference of inspections[0]',
  ]);
  const held = context({ existingReferences: new Set(['SEND-990-2024-1']), existingVisits: new Map([['990 2017-11-13', 'SEND-990-2017-1']]) });
  assert.deepEqual(problems(fileOf(inspection2023({ reference: 'SEND-990-2024-1' }), inspection2016()), held), [
    'inspections[0].reference: an inspection SEND-990-2024-1 already exists: a published report changes only by a correction',
    'inspections[1].onsiteStart: the inspection SEND-990-2017-1 of area 990 on site from 2017-11-13 already exists',
  ]);
  assert.deepEqual(problems(fileOf(inspection2023({ team: [{ name: 'A', role: 'ofsted_lead' }, { name: 'B', role: 'ofsted_lead' }] }))), [
    'inspections[0].team[1].role: an inspection has one ofsted_lead: team[0] is already',
  ]);
});

test('problems are listed in file order, inspection 10 after inspection 9', () => {
  const inspections = Array.from({ length: 11 }, (_, n) => inspection2023({ laCode: n === 9 || n === 10 ? '999' : '990', onsiteStart: `2024-02-${String(n + 1).padStart(2, '0')}`, onsiteEnd: '2024-02-14' }));
  assert.deepEqual(problems(fileOf(...inspections)).map((line) => line.split(':')[0]), ['inspections[9].laCode', 'inspections[10].laCode']);
});

test('what is stored: notification before the on-site start, publication at 09:30 in England, narrative blocks and team', () => {
  const [full2016, revisit, full2023] = parsedFile(EXAMPLE).inspections;
  assert.equal(notificationDateOf(full2016, def2016), '2017-11-06', 'five working days’ notice');
  assert.equal(notificationDateOf(revisit, def2016), '2019-05-24', 'ten working days’ notice, over the spring bank holiday');
  assert.equal(notificationDateOf(full2023, definitions.get('2023')!), '2024-01-22');
  assert.equal(publishedAtOf('2018-01-12').toISOString(), '2018-01-12T09:30:00.000Z', 'winter: GMT');
  assert.equal(publishedAtOf('2019-07-26').toISOString(), '2019-07-26T08:30:00.000Z', 'summer: BST');
  assert.equal(publishedAtOf('2024-03-31').toISOString(), '2024-03-31T08:30:00.000Z', 'the day the clocks go forward');
  assert.deepEqual(narrativeOf(full2016).method[1], { type: 'list', items: ['Inspectors looked at a range of information about the performance of the local area.', 'They met leaders from the local area for health, social care and education.'] });
  assert.deepEqual(narrativeOf(full2016).opening[0].type, 'paragraph');
  assert.deepEqual(teamOf(full2023).map((m) => [m.display_name, m.role, m.organisation]), [
    ['Alex Morgan', 'ofsted_lead', 'ofsted'],
    ['Chris Lee', 'cqc_lead', 'cqc'],
    ['Dana Owusu', 'inspector', 'ofsted'],
    ['Eli Brooks', 'inspector', 'cqc'],
  ]);
});
