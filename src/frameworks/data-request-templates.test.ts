import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DATA_REQUEST_TEMPLATE_DIR, loadDataRequestTemplates, parseDataRequestTemplate } from './data-request-templates.ts';
import { FrameworkDataError, loadFrameworkDefinitions } from './framework-files.ts';

const frameworks = loadFrameworkDefinitions();

function raw(code: '2016' | '2023'): { items: Record<string, unknown>[] } & Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(DATA_REQUEST_TEMPLATE_DIR, `${code}.json`), 'utf8')) as { items: Record<string, unknown>[] };
}

function refusal(mutate: (template: ReturnType<typeof raw>) => void): string {
  const template = raw('2023');
  mutate(template);
  try {
    parseDataRequestTemplate(template, 'test.json', frameworks);
  } catch (error) {
    assert.ok(error instanceof FrameworkDataError);
    return error.message;
  }
  assert.fail('the list was accepted');
}

test('both shipped lists load, each item code is unique within its list, and the person-level data are asked for under 2023', () => {
  const templates = loadDataRequestTemplates();
  assert.deepEqual([...templates.keys()].sort(), ['2016', '2023']);
  for (const [framework, template] of templates) {
    const codes = template.items.map((i) => i.code);
    assert.equal(new Set(codes).size, codes.length, `codes repeat in ${framework}`);
    assert.ok(template.items.length >= 5, framework);
  }
  const codes2023 = templates.get('2023')!.items.map((i) => i.code);
  for (const expected of ['person_level_data', 'health_commissioning_template', 'residential_special_school_template', 'self_evaluation', 'send_strategy', 'action_plans', 'commissioning_and_delivery']) {
    assert.ok(codes2023.includes(expected), expected);
  }
  assert.ok(!codes2023.some((c) => c.includes('case_document')), 'case documents are asked for on the sample pages, not here');
  const personLevel = templates.get('2023')!.items.find((i) => i.code === 'person_level_data')!;
  assert.equal(personLevel.dueWorkingDays, 3, 'the framework timeline has person-level data due on day 3');
});

test('a malformed list is refused with a message naming the file, the place and the problem', () => {
  assert.match(refusal((t) => (t.items[1]!.code = t.items[0]!.code)), /test\.json[\s\S]*items\.1\.code: The code "person_level_data" is used by more than one item/);
  assert.match(refusal((t) => delete t.items[0]!.title), /items\.0\.title/);
  assert.match(refusal((t) => (t.items[0]!.dueWorkingDays = 2.5)), /items\.0\.dueWorkingDays/);
  assert.match(refusal((t) => (t.items[0]!.sources = ['not a web address'])), /Sources must be web addresses/);
  assert.match(refusal((t) => (t.items[0]!.colour = 'blue')), /items\.0/);
  assert.match(refusal((t) => delete t.items[0]!.note), /items\.0\.note: An unverified item needs a note/);
  assert.match(refusal((t) => (t.items[0]!.dueWorkingDays = 5)), /person_level_data is due 5 working days after notification, but its milestone "person_level_data_due" falls on day 3/);
  assert.match(refusal((t) => (t.items[0]!.milestone = 'no_such_milestone')), /names milestone "no_such_milestone"/);
  assert.match(refusal((t) => (t.inspectionTypes = ['inspection_by_post'])), /inspection type "inspection_by_post"/);
});

test('a folder that lacks a framework, names a file wrongly or holds broken JSON is refused', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'data-requests-'));
  try {
    writeFileSync(path.join(dir, '2023.json'), JSON.stringify(raw('2023')));
    assert.throws(() => loadDataRequestTemplates(dir, frameworks), /No data request list in .* for framework: 2016/);
    writeFileSync(path.join(dir, 'old.json'), JSON.stringify(raw('2016')));
    assert.throws(() => loadDataRequestTemplates(dir, frameworks), /is for framework 2016, so the file must be named 2016\.json/);
    rmSync(path.join(dir, 'old.json'));
    writeFileSync(path.join(dir, '2016.json'), '{ "framework": ');
    assert.throws(() => loadDataRequestTemplates(dir, frameworks), /2016\.json could not be read/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
