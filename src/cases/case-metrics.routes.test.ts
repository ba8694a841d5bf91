// HTTP tests of the metrics page on PGlite and PostgreSQL: the hand-made population's figures beside
// England's, the accessible charts with their tables, the audit of each view, who is refused, and
// the page shown before any data have been accepted.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signInWithPassword } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { handMadePeople } from './case-metrics-test-support.ts';
import { addAcceptedImport, createCasesFixture, type CasesFixture } from './case-test-support.ts';

function decode(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

function text(html: string): string {
  return decode(html.replace(/<svg[\s\S]*?<\/svg>/g, ' ').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** The markup of the element with this id, up to the end of the first element of its kind that closes it. */
function element(html: string, id: string, tag: string): string {
  const start = html.lastIndexOf(`<${tag}`, html.indexOf(`id="${id}"`));
  assert.ok(html.includes(`id="${id}"`), `no element with id ${id}`);
  return html.slice(start, html.indexOf(`</${tag}>`, start));
}

/** A table's body rows as trimmed cell texts. */
function tableRows(html: string, id: string): string[][] {
  const table = element(html, id, 'table');
  const body = table.slice(table.indexOf('<tbody'));
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => text(cell[1]!)));
}

/** A summary card or list, from its id to the end of its rows. */
function card(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `no summary list ${id}`);
  return html.slice(start, html.indexOf('</dl>', start));
}

/** A summary card's rows as [key, value] texts. */
function cardRows(html: string, id: string): string[][] {
  return [...card(html, id).matchAll(/<dt[^>]*>([\s\S]*?)<\/dt>\s*<dd[^>]*>([\s\S]*?)<\/dd>/g)].map((m) => [text(m[1]!), text(m[2]!)]);
}

describeEachDatabase('case metrics page', (kind) => {
  let t: TestApp;
  let fixture: CasesFixture;
  let importId: string;
  const path = () => `/inspections/${fixture.inspectionId}/cases/metrics`;

  async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
    const client = new TestClient(t.app);
    await signInWithPassword(client, user.email, user.password);
    return client;
  }

  before(async () => {
    t = await createTestApp(kind);
    fixture = await createCasesFixture(t.db);
    importId = (await addAcceptedImport(t.db, fixture, { people: handMadePeople() })).importId;
  });
  after(async () => {
    await t.close();
  });

  test('the lead sees the timeliness figures beside England’s, with period and source', async () => {
    const page = await (await signedIn(fixture.lead)).get(path());
    assert.equal(page.statusCode, 200);
    const html = page.body;
    assert.match(text(html), /New plans are those issued from 3 November 2025 to 2 November 2026, the 12 months up to the data’s date: 10 in all, 6 of them with a request date\./);
    assert.match(text(html), /4 new plans have no request date, so they are left out of the figures below\./);
    const excluding = cardRows(html, 'timeliness-within20WeeksExcludingExceptions');
    assert.equal(excluding[0]![1], '60.0% (3 of 5)');
    assert.match(excluding[1]![1], /Plans where an exception applied \(1\) are left out of both the count and the total/);
    assert.match(excluding[2]![1], /^46\.4% , calendar 2024 DfE statistics\./);
    assert.match(card(html, 'timeliness-within20WeeksExcludingExceptions'), /href="https:\/\/schoolsweek\.co\.uk\/ehcps-6000-youngsters-now-wait-a-year-for-plans"/);
    const including = cardRows(html, 'timeliness-within20WeeksIncludingExceptions');
    assert.equal(including[0]![1], '50.0% (3 of 6)');
    assert.match(including[2]![1], /^Not published for recent years \(the latest found is 58\.7%, for calendar 2019\) DfE statistics\./);
    assert.match(cardRows(html, 'timeliness-averageWeeks')[2]![1], /^No national figure found for calendar 2024 DfE statistics\./);
    assert.equal(cardRows(html, 'timeliness-averageWeeks')[0]![1], '29.4 weeks (6 plans)');
    const over = cardRows(html, 'timeliness-over52Weeks');
    assert.equal(over[0]![1], '16.7% (1 of 6)');
    assert.match(over[2]![1], /^7\.0% , calendar 2024/);
  });

  test('an inspector sees overdue reviews, the mix tables beside England and accessible charts', async () => {
    const page = await (await signedIn(fixture.inspector)).get(path());
    assert.equal(page.statusCode, 200);
    const html = page.body;
    assert.deepEqual(cardRows(html, 'annual-reviews-figures'), [
      ['All plans due a review', '57.1% (4 of 7)'],
      ['Aged 5 and over (12 months)', '60.0% (3 of 5)'],
      ['Under 5 (6 months)', '50.0% (1 of 2)'],
      ['England', 'No national figure found'],
    ]);
    assert.match(text(html), /6 months is used for them: a plan issued before 2 May 2026/);
    assert.match(text(html), /1 EHC plan has no issue date and is left out\./);
    assert.deepEqual(tableRows(html, 'sen-status'), [['EHC plan', '17', '81.0%'], ['SEN support', '4', '19.0%']]);
    const needs = tableRows(html, 'table-needs');
    assert.deepEqual(needs[0], ['Autistic spectrum disorder', '15', '88.2%', '31.5%', '0', '0.0%']);
    assert.deepEqual(needs.find((r) => r[0] === 'Speech, language and communication needs'), ['Speech, language and communication needs', '1', '5.9%', '21.3%', '2', '50.0%']);
    assert.deepEqual(needs.find((r) => r[0] === 'SEN support but no specialist assessment of need'), ['SEN support but no specialist assessment of need', '0', '0.0%', 'No figure', '1', '25.0%']);
    const ages = tableRows(html, 'table-agePhases');
    assert.deepEqual(ages.map((r) => [r[0], r[1], r[3]]), [['Under 5', '3', 'No figure'], ['5 to 10', '8', 'No figure'], ['11 to 15', '4', '36.4%'], ['16 to 19', '1', '20.1%'], ['20 to 25', '1', 'No figure']]);
    assert.deepEqual(tableRows(html, 'table-sexes')[1], ['Male', '14', '82.4%', '70.6%', '3', '75.0%']);
    assert.deepEqual(tableRows(html, 'table-placementGroups')[1], ['Mainstream school', '9', '52.9%', '43.3%', '3', '75.0%']);
    assert.deepEqual(tableRows(html, 'table-settings'), [
      ['EHC plan', '17', '11.8% (2 of 17)', '5.9% (1 of 17)'],
      ['SEN support', '4', '25.0% (1 of 4)', '0.0% (0 of 4)'],
      ['Everyone with SEND in the data', '21', '14.3% (3 of 21)', '4.8% (1 of 21)'],
    ]);
    assert.deepEqual(tableRows(html, 'table-social-care').find((r) => r[0] === 'Looked after child'), ['Looked after child', '1', '5.9%', '0', '0.0%', '1', '4.8%']);
    // Each chart is an image with its title and description, England's share written under the bar.
    const needsSection = element(html, 'mix-needs', 'section');
    assert.match(needsSection, /<svg[^>]*role="img" aria-labelledby="chart-needs-ehcp-title chart-needs-ehcp-desc"/);
    assert.match(needsSection, /<title id="chart-needs-ehcp-title">Primary need: children and young people with EHC plans<\/title>/);
    assert.match(needsSection, /Autistic spectrum disorder: 88% \(England: 31\.5%\)\./);
    assert.match(needsSection, /chart-needs-sen-support-title/);
    assert.match(text(needsSection), /England: primary need of active EHC plans, January 2025/);
  });

  test('each view is audited as a view of the metrics of the import', async () => {
    await (await signedIn(fixture.cqcLead)).get(path());
    const event = await t.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'cases.view-metrics').where('actor_user_id', '=', fixture.cqcLead.userId).executeTakeFirstOrThrow();
    assert.deepEqual([event.inspection_id, event.la_code, event.subject_id], [fixture.inspectionId, '352', importId]);
    assert.ok(event.request_id);
  });

  test('the QA reader and the area’s officer are refused', async () => {
    assert.equal((await (await signedIn(fixture.qaReader)).get(path())).statusCode, 403);
    assert.equal((await (await signedIn(fixture.officer)).get(path())).statusCode, 403);
    const seen = await t.db.kysely.selectFrom('audit_event').select('actor_user_id').where('action', '=', 'cases.view-metrics').where('actor_user_id', 'in', [fixture.qaReader.userId, fixture.officer.userId]).execute();
    assert.equal(seen.length, 0);
  });

  test('with no accepted data the page says so and links to the imports page', async () => {
    const other = await createCasesFixture(t.db);
    const page = await (await signedIn(other.lead)).get(`/inspections/${other.inspectionId}/cases/metrics`);
    assert.equal(page.statusCode, 200);
    assert.match(text(page.body), /There are no metrics yet because no person-level data have been accepted for this inspection\./);
    assert.match(page.body, new RegExp(`<a class="govuk-link" href="/inspections/${other.inspectionId}/cases/imports" id="imports-link">`));
    const audit = await t.db.kysely.selectFrom('audit_event').select(['subject_type', 'subject_id']).where('action', '=', 'cases.view-metrics').where('inspection_id', '=', other.inspectionId).execute();
    assert.deepEqual(audit, [{ subject_type: 'inspection', subject_id: other.inspectionId }]);
  });
});
