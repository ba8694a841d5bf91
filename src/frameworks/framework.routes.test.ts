import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signInAs } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';
import type { FrameworkDefinition } from './framework.ts';
import { loadFrameworkDefinitions } from './framework-files.ts';
import { syncFrameworks } from './framework.service.ts';

function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describeEachDatabase('framework pages', (kind) => {
  let t: TestApp;
  let client: TestClient;
  const [f2016, f2023] = loadFrameworkDefinitions();

  before(async () => {
    t = await createTestApp(kind);
    client = new TestClient(t.app);
    await signInAs(client, t.db, { organisation: 'ofsted' });
  });
  after(async () => {
    await t.close();
  });

  test('signed-out visitors are sent to sign in; users with no role are refused', async () => {
    assert.equal((await new TestClient(t.app).get('/frameworks/2023')).headers.location, '/sign-in');
    const outsider = new TestClient(t.app);
    await signInAs(outsider, t.db, { organisation: 'local_area' });
    assert.equal((await outsider.get('/frameworks')).statusCode, 403);
  });

  test('the list shows both frameworks, their periods and current revision', async () => {
    const response = await client.get('/frameworks');
    assert.equal(response.statusCode, 200);
    const body = text(response.body);
    assert.ok(body.includes('Joint local area SEND inspection'));
    assert.ok(body.includes('1 May 2016 to 31 December 2022'));
    assert.ok(body.includes('Area SEND inspection'));
    assert.ok(body.includes('1 January 2023 to now'));
    assert.equal(body.match(/Revision 1/g)?.length, 2);
    assert.match(response.body, /href="\/frameworks\/2016"/);
    assert.match(response.body, /href="\/frameworks\/2023"/);
  });

  test('the 2023 page shows criteria, exact outcome sentences, follow-ups, types, sections and the timeline', async () => {
    const response = await client.get('/frameworks/2023');
    assert.equal(response.statusCode, 200);
    const body = text(response.body);
    for (const criterion of f2023.criterionGroups.flatMap((g) => g.criteria)) assert.ok(body.includes(`${criterion.code}. ${criterion.heading}`), criterion.code);
    for (const outcome of f2023.inspectionTypes[0].outcomes) assert.ok(body.includes(outcome.sentence!), outcome.code);
    assert.ok(body.includes('Submit the priority action plan: Within 35 working days after the final report is received.'));
    assert.ok(body.includes('Publish the priority action plan: Within 70 working days after the final report is received.'));
    assert.ok(body.includes('Monitoring inspection: Within about 18 months after the final report is received.'));
    for (const name of ['Full inspection', 'Monitoring inspection', 'Engagement meeting', 'Thematic review']) assert.ok(body.includes(name), name);
    assert.ok(body.includes('Inspectors on site Days 10 to 14'));
    assert.ok(body.includes('Fieldwork begins Day 8'));
    assert.ok(body.includes('Final feedback meeting Day 14'));
    const headings = f2023.report.sections.map((s) => body.indexOf(s.heading));
    assert.ok(headings.every((i) => i >= 0), 'every report section is listed');
    assert.ok(body.includes('Only with the outcome: Widespread and/or systemic failings'));
  });

  test('unverified wording is tagged, with its source linked', async () => {
    const response = await client.get('/frameworks/2023');
    const tags = response.body.match(/<strong class="govuk-tag govuk-tag--yellow">Wording not verified<\/strong>/g) ?? [];
    assert.ok(tags.length >= 6 + f2023.report.sections.length, `found ${tags.length} tags`);
    const leadership = f2023.criterionGroups[1].criteria[0];
    const at = response.body.indexOf(leadership.heading);
    const following = response.body.slice(at, at + 2000);
    assert.match(following, /Wording not verified/);
    assert.match(following, /href="https:\/\/www\.gov\.uk\/government\/publications\/area-send-framework-and-handbook\/area-send-inspections-framework-and-handbook"/);
    const confirmed = f2023.criterionGroups[0].criteria[0];
    const confirmedAt = response.body.indexOf(confirmed.heading);
    assert.doesNotMatch(response.body.slice(confirmedAt, response.body.indexOf(f2023.criterionGroups[0].criteria[1].heading)), /Wording not verified/);
  });

  test('the 2016 page shows the aspects, the WSoA sentence, revisit sentences and the letter order', async () => {
    const response = await client.get('/frameworks/2016');
    assert.equal(response.statusCode, 200);
    const body = text(response.body);
    for (const aspect of f2016.criterionGroups[0].criteria) assert.ok(body.includes(aspect.question!), aspect.code);
    for (const type of f2016.inspectionTypes) for (const outcome of type.outcomes) if (outcome.sentence) assert.ok(body.includes(outcome.sentence), outcome.code);
    assert.ok(body.includes('Written statement of action produced: Within 70 calendar days after the report is published.'));
    assert.ok(body.includes('Written statement of action due 70 calendar days after letter published'));
    assert.ok(body.includes('Inspectors on site Days 5 to 9'));
    const order = f2016.report.sections.map((s) => body.indexOf(`${s.heading} ${s.description.slice(0, 20)}`));
    assert.ok(order.every((i) => i >= 0), 'each section is listed');
    assert.deepEqual(order, [...order].sort((a, b) => a - b), 'in order');
  });

  test('an older revision stays viewable and says it is not current', async () => {
    const edited: FrameworkDefinition = structuredClone(f2023);
    edited.summary = 'A corrected summary.';
    await syncFrameworks(t.db.kysely, [edited]);
    const current = await client.get('/frameworks/2023');
    assert.ok(text(current.body).includes('A corrected summary.'));
    assert.match(current.body, /href="\/frameworks\/2023\/revisions\/1">Revision 1<\/a>/);
    const old = await client.get('/frameworks/2023/revisions/1');
    assert.equal(old.statusCode, 200);
    assert.ok(text(old.body).includes('This is revision 1, which is no longer current.'));
    assert.ok(!text(old.body).includes('A corrected summary.'));
  });

  test('unknown frameworks and revisions are not found', async () => {
    for (const url of ['/frameworks/2019', '/frameworks/2023/revisions/99', '/frameworks/2023/revisions/abc', '/frameworks/2023/revisions/0']) {
      assert.equal((await client.get(url)).statusCode, 404, url);
    }
  });
});
