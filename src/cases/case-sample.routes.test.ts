// HTTP tests of the sample pages on PGlite and PostgreSQL: the draw form and its errors, the sample
// tables, the sampling report, replacing a case, sharing with the area, who is refused, and the
// audit of every view.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signInWithPassword } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, csrfTokenIn, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { addAcceptedImport, createCasesFixture, type CasesFixture, type FixtureImport } from './case-test-support.ts';

function decode(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

function text(html: string): string {
  return decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** A table's body rows as trimmed cell texts. */
function tableRows(html: string, id: string): string[][] {
  assert.ok(html.includes(`id="${id}"`), `no table ${id}`);
  const start = html.indexOf(`id="${id}"`);
  const table = html.slice(start, html.indexOf('</table>', start));
  const body = table.slice(table.indexOf('<tbody'));
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => text(cell[1]!)));
}

function inputValue(html: string, name: string): string | undefined {
  return new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? (html.includes(`name="${name}"`) ? '' : undefined);
}

describeEachDatabase('case sample pages', (kind) => {
  let t: TestApp;
  let fixture: CasesFixture;
  let imported: FixtureImport;
  let lead: TestClient;
  let inspector: TestClient;
  const path = (rest = '') => `/inspections/${fixture.inspectionId}/cases/sample${rest}`;
  const views = async (action: string) =>
    (await t.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', action).where('inspection_id', '=', fixture.inspectionId).execute()).length;

  async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
    const client = new TestClient(t.app);
    await signInWithPassword(client, user.email, user.password);
    return client;
  }

  before(async () => {
    t = await createTestApp(kind);
    fixture = await createCasesFixture(t.db);
    lead = await signedIn(fixture.lead);
    inspector = await signedIn(fixture.inspector);
  });
  after(async () => {
    await t.close();
  });

  test('before any data is accepted, the page says there is nothing to draw from and offers no form', async () => {
    const page = await lead.get(path());
    assert.equal(page.statusCode, 200);
    assert.match(text(page.body), /No person-level data has been accepted for this inspection yet/);
    assert.equal(inputValue(page.body, 'tracked'), undefined);
    const report = await lead.get(path('/report'));
    assert.equal(report.statusCode, 200);
    assert.match(text(report.body), /The sample has not been drawn yet/);
  });

  test('the draw form keeps what was typed and says what is wrong with each number', async () => {
    imported = await addAcceptedImport(t.db, fixture, { count: 400, seed: 5 });
    const form = await lead.get(path());
    assert.equal(inputValue(form.body, 'tracked'), '6');
    assert.equal(inputValue(form.body, 'review'), '40');
    assert.match(text(form.body), /From 400 children and young people in person-level-data\.csv/);
    const refused = await lead.post(path(), { tracked: 'six', review: '500', seed: 'no;way' });
    assert.equal(refused.statusCode, 400);
    const body = decode(refused.body);
    assert.match(body, /<title>Error: Case sample/);
    assert.match(body, /href="#tracked">Enter the number of tracked children as a whole number from 0 to 20</);
    assert.match(body, /href="#review">Enter the number of plans to review as a whole number from 0 to 200</);
    assert.match(body, /href="#seed">The seed can only contain letters, numbers, spaces, hyphens, underscores and full stops</);
    assert.equal(inputValue(refused.body, 'tracked'), 'six');
    assert.equal(inputValue(refused.body, 'review'), '500');
    assert.equal(inputValue(refused.body, 'seed'), 'no;way');
    const samples = await t.db.kysely.selectFrom('case_sample').select('id').where('inspection_id', '=', fixture.inspectionId).execute();
    assert.deepEqual(samples, [], 'nothing drawn');
  });

  test('the lead draws the sample; the page shows both tables, the seed and the version, and each view is audited', async () => {
    const drawn = await lead.post(path(), { tracked: '6', review: '40', seed: 'autumn-visit' });
    assert.equal(drawn.statusCode, 303);
    assert.equal(drawn.headers.location, path());
    const before = await views('cases.view-sample');
    const page = await lead.get(path());
    assert.equal(page.statusCode, 200);
    const body = text(page.body);
    assert.match(body, /Sample drawn 6 tracked children and 40 plans to review, with the seed autumn-visit\./);
    assert.match(body, /Seed autumn-visit/);
    assert.match(body, /Algorithm version balanced-quota-1/);
    const tracked = tableRows(page.body, 'tracked-children');
    const review = tableRows(page.body, 'plans-to-review');
    assert.equal(tracked.length, 6);
    assert.equal(review.length, 40);
    const people = new Map(imported.people.map((p) => [p.personId, p]));
    for (const row of review) {
      const person = people.get(row[0]!)!;
      assert.ok(person, `${row[0]} is in the data`);
      assert.equal(row[1], String(person.age));
      assert.equal(row[3], 'EHC plan');
    }
    assert.ok(tracked.some((row) => row[5] === 'Yes'), 'a tracked child is in alternative provision');
    assert.match(tracked[0]![6]!, /At least one tracked child in alternative provision/);
    assert.equal(await views('cases.view-sample'), before + 1);

    // An inspector sees the sample but may not draw, replace or share.
    const forInspector = await inspector.get(path());
    assert.equal(forInspector.statusCode, 200);
    assert.equal(tableRows(forInspector.body, 'plans-to-review').length, 40);
    assert.equal(inputValue(forInspector.body, 'tracked'), undefined, 'no draw form');
    assert.ok(!forInspector.body.includes('/replace'), 'no replace links');
    assert.ok(!forInspector.body.includes('id="share-link"'));
    const audit = await t.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'cases.view-sample').where('actor_user_id', '=', fixture.inspector.userId).executeTakeFirstOrThrow();
    assert.equal(audit.la_code, '352');
    assert.deepEqual(audit.details, { page: 'sample' });
  });

  test('the sampling report sets population, target and sample side by side, group by group', async () => {
    const before = await views('cases.view-sample-report');
    const page = await inspector.get(path('/report'));
    assert.equal(page.statusCode, 200);
    const needs = tableRows(page.body, 'review-needArea');
    assert.ok(needs.length >= 4);
    assert.equal(needs.reduce((s, r) => s + Number(r[3]), 0), 40, 'targets add up to 40');
    assert.equal(needs.reduce((s, r) => s + Number(r[4]), 0), 40, 'the sample adds up to 40');
    const plans = imported.people.filter((p) => p.senStatus === 'EHCP').length;
    assert.ok(needs.reduce((s, r) => s + Number(r[1].replace(/,/g, '')), 0) >= plans - 6);
    const senStatus = tableRows(page.body, 'tracked-senStatus');
    assert.deepEqual(senStatus.map((r) => r[0]), ['EHC plan', 'SEN support']);
    assert.equal(senStatus.reduce((s, r) => s + Number(r[1].replace(/,/g, '')), 0), 400);
    for (const id of ['tracked-agePhase', 'tracked-placementGroup', 'tracked-timeliness', 'review-agePhase', 'review-timeliness']) assert.ok(tableRows(page.body, id).length > 0, id);
    assert.equal(await views('cases.view-sample-report'), before + 1);
  });

  test('replacing a case needs a reason; a named id must be in the data, free and fit; the replaced case stays, struck through', async () => {
    const page = await lead.get(path());
    const review = tableRows(page.body, 'plans-to-review');
    const firstId = review[0]![0]!;
    const at = page.body.indexOf(`>${firstId}<`, page.body.indexOf('id="plans-to-review"'));
    const caseId = /id="case-([0-9a-f-]{36})"/.exec(page.body.slice(page.body.lastIndexOf('id="case-', at)))![1]!;
    const replacePath = path(`/cases/${caseId}/replace`);
    const form = await lead.get(replacePath);
    assert.equal(form.statusCode, 200);
    assert.match(text(form.body), new RegExp(`Replace ${firstId}`));

    const noReason = await lead.post(replacePath, { reason: '  ', personId: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(decode(noReason.body), /href="#reason">Enter the reason for replacing this case</);

    const unknown = await lead.post(replacePath, { reason: 'Moved away', personId: 'NOT-THERE' });
    assert.equal(unknown.statusCode, 400);
    assert.match(decode(unknown.body), /href="#personId">There is no child or young person with the id NOT-THERE in the data the sample was drawn from</);
    assert.equal(inputValue(unknown.body, 'personId'), 'NOT-THERE');
    assert.match(decode(unknown.body), />\s*Moved away<\/textarea>/);

    const chosen = new Set([...tableRows(page.body, 'tracked-children'), ...review].map((r) => r[0]));
    const support = imported.people.find((p) => p.senStatus === 'SEN_SUPPORT' && !chosen.has(p.personId))!;
    const notPlan = await lead.post(replacePath, { reason: 'Moved away', personId: support.personId });
    assert.equal(notPlan.statusCode, 400);
    assert.match(decode(notPlan.body), /does not have an EHC plan, so cannot be a plan to review/);
    const taken = await lead.post(replacePath, { reason: 'Moved away', personId: review[1]![0]! });
    assert.match(decode(taken.body), /is already in the sample, as a plan to review: name someone else/);

    assert.equal((await inspector.post(replacePath, { reason: 'x' }, { csrf: csrfTokenIn(page.body) })).statusCode, 403);

    const done = await lead.post(replacePath, { reason: 'The family has moved out of the area', personId: '' });
    assert.equal(done.statusCode, 303);
    const after = await lead.get(path());
    assert.match(text(after.body), new RegExp(`Case replaced ${firstId} has been replaced by \\S+, the next child`));
    const rows = tableRows(after.body, 'plans-to-review');
    assert.equal(rows.length, 41);
    const struck = rows.find((r) => r[0] === firstId)!;
    assert.match(struck.join(' '), /Replaced on .* by .*: The family has moved out of the area/);
    assert.ok(after.body.includes(`<s>${firstId}</s>`), 'struck through');
    assert.ok(rows.some((r) => r[0]!.endsWith(`In place of ${firstId}`)));
    assert.equal((await lead.get(path('/cases/00000000-0000-4000-8000-000000000000/replace'))).statusCode, 404);
    assert.equal((await lead.get(path('/cases/not-a-case/replace'))).statusCode, 404);
  });

  test('sharing asks for confirmation, then shows the ids to the area and stops redraws', async () => {
    assert.equal((await inspector.get(path('/share'))).statusCode, 403);
    const confirm = await lead.get(path('/share'));
    assert.equal(confirm.statusCode, 200);
    assert.match(text(confirm.body), /Tracked children 6 Plans to review 40 Documents due by/);
    const shared = await lead.post(path('/share'), {});
    assert.equal(shared.statusCode, 303);
    const page = await lead.get(path());
    assert.match(text(page.body), /Sample shared with the local area The area can now see the 46 chosen ids and what each is for\. Their documents are due by \d{1,2} [A-Z][a-z]+ \d{4}\./);
    assert.match(text(page.body), /cannot be drawn again/);
    assert.equal(inputValue(page.body, 'tracked'), undefined, 'no draw form after sharing');
    const sample = await t.db.kysely.selectFrom('case_sample').selectAll().where('inspection_id', '=', fixture.inspectionId).where('superseded_at', 'is', null).executeTakeFirstOrThrow();
    assert.ok(sample.shared_at);
    assert.ok(sample.documents_due);

    const redraw = await lead.post(path(), { tracked: '6', review: '40', seed: '' }, { csrf: csrfTokenIn(page.body) });
    assert.equal(redraw.statusCode, 400);
    assert.match(decode(redraw.body), /has been shared with the local area, so it cannot be drawn again/);
    const again = await lead.get(path('/share'));
    assert.match(text(again.body), /The sample was shared with the local area on/);
    const twice = await lead.post(path('/share'), {}, { csrf: csrfTokenIn(again.body) });
    assert.equal(twice.statusCode, 400);
    assert.match(decode(twice.body), /href="#share">The sample was shared with the local area on \d{1,2} [A-Z][a-z]+ \d{4}</);
  });

  test('the area and the QA reader may not see the sample pages', async () => {
    const officer = await signedIn(fixture.officer);
    const qa = await signedIn(fixture.qaReader);
    for (const client of [officer, qa]) {
      for (const url of [path(), path('/report'), path('/share')]) assert.equal((await client.get(url)).statusCode, 403, url);
    }
  });
});
