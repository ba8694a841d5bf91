// HTTP tests of the triangulation pages on PGlite and PostgreSQL: who may see them, the matrix with
// its highlights, and a criterion's page with its filter, pages, case evidence and unknown codes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addAcceptedImport, addFixtureSample, createCasesFixture, type CasesFixture } from '../cases/case-test-support.ts';
import { addNote } from '../cases/case-tracking.service.ts';
import { allCriteria } from '../frameworks/framework.ts';
import { getInspection } from '../inspections/inspection.service.ts';
import { signedInClient } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { addFixtureNote } from './evidence-test-support.ts';

function decode(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** The page's text without tags, spaces collapsed: what a reader (or a screen reader) gets. */
function textOf(html: string): string {
  return decode(html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').replace(/ ,/g, ',');
}

/** The HTML of the element with this id, up to its closing tag of the same name (no nesting of that tag inside). */
function element(html: string, tag: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `no element with id ${id}`);
  const open = html.lastIndexOf(`<${tag}`, start);
  return html.slice(open, html.indexOf(`</${tag}>`, start) + tag.length + 3);
}

describeEachDatabase('triangulation pages', (kind) => {
  let t: TestApp;
  let fixture: CasesFixture;
  let lead: TestClient;
  let inspector: TestClient;
  let qaReader: TestClient;
  let officer: TestClient;
  let trackedCase: string;
  let reviewCase: string;
  let personIds: string[];

  let criterionHeading: string;

  const path = (rest: string) => `/inspections/${fixture.inspectionId}/evidence${rest}`;

  before(async () => {
    t = await createTestApp(kind);
    fixture = await createCasesFixture(t.db);
    const details = await getInspection(t.db.kysely, fixture.inspectionId);
    criterionHeading = allCriteria(details!.framework.definition).find((c) => c.code === 'I3')!.heading;
    const imported = await addAcceptedImport(t.db, fixture, { count: 30, seed: 2 });
    personIds = imported.people.map((p) => p.personId);
    const sample = await addFixtureSample(t.db, fixture, imported, { tracked: [personIds[0]!], review: [personIds[1]!] });
    trackedCase = sample.caseIds.get(personIds[0]!)!;
    reviewCase = sample.caseIds.get(personIds[1]!)!;
    await addNote(t.db.kysely, fixture.inspectionId, trackedCase, { body: 'Tracking note: waiting a year for therapy.', criteria: ['I3'] }, fixture.inspectorActor);
    await t.db.kysely
      .insertInto('plan_review')
      .values({
        case_id: reviewCase,
        inspection_id: fixture.inspectionId,
        round: 'first',
        reviewer_id: fixture.inspector.userId,
        reviewer_label: fixture.inspector.email,
        instrument_version: '1.0',
        ratings: JSON.stringify({}),
        overall_grade: 'requires_improvement',
        summary: 'Review summary: outcomes are vague.',
        criteria: ['I3'],
        status: 'complete',
        completed_at: new Date(),
      })
      .execute();
    const author = { id: fixture.lead.userId, label: fixture.lead.email };
    await addFixtureNote(t.db, fixture.inspectionId, { criteria: ['I3'], polarity: 'strength', sourceKind: 'activity', body: 'Parents praised the <b>new</b> key workers.', author, createdAt: '2026-11-24T10:00:00Z' });
    await addFixtureNote(t.db, fixture.inspectionId, { criteria: ['I3'], polarity: 'concern', sourceKind: 'data', sourceDetail: 'Waiting times return', body: 'Waits for speech therapy have doubled.', author, createdAt: '2026-11-24T11:00:00Z' });
    for (let i = 0; i < 55; i++) {
      await addFixtureNote(t.db, fixture.inspectionId, { criteria: ['L6'], polarity: 'neutral', sourceKind: 'activity', body: `Joint working note ${i}`, author, createdAt: new Date(Date.UTC(2026, 10, 25, 9, i)) });
    }
    const signIn = (user: { email: string; password: string }) => signedInClient(t.app, user);
    lead = await signIn(fixture.lead);
    inspector = await signIn(fixture.inspector);
    qaReader = await signIn(fixture.qaReader);
    officer = await signIn(fixture.officer);
  });
  after(async () => {
    await t.close();
  });

  test('the team, the QA reader included, sees the matrix; the area does not', async () => {
    assert.equal((await inspector.get(path('/triangulation'))).statusCode, 200);
    assert.equal((await qaReader.get(path('/triangulation'))).statusCode, 200);
    assert.equal((await officer.get(path('/triangulation'))).statusCode, 403);
    assert.equal((await officer.get(path('/criteria/I3'))).statusCode, 403);
    const stranger = new TestClient(t.app);
    assert.equal((await stranger.get(path('/triangulation'))).statusCode, 302, 'signed-out visitors are sent to sign in');
  });

  test('the matrix has a row per criterion with each cell readable in full, and lists the highlighted criteria with their reasons', async () => {
    const response = await lead.get(path('/triangulation'));
    const html = response.body;
    const table = element(html, 'table', 'triangulation');
    assert.ok(table.includes(`href="${path('/criteria/I3')}"`));
    const i3 = textOf(element(table, 'tr', 'criterion-I3'));
    // Fieldwork 1 strength; case reviews: the review (requires improvement, a concern); tracking: the note; data: 1 concern.
    // Columns: surveys, case reviews (the review graded requires improvement), tracking (the tracking note), fieldwork, data, all sources.
    assert.equal(
      i3.trim(),
      `I3 : ${criterionHeading} 0 items 1 item: 0 strengths, 1 concern 1 item: 0 strengths, 0 concerns 1 item: 1 strength, 0 concerns 1 item: 0 strengths, 1 concern 4 items: 1 strength, 2 concerns Nothing`,
    );
    assert.ok(!element(table, 'tr', 'criterion-I3').includes('govuk-tag'), 'I3 has four items from four kinds of source');
    const l6 = textOf(element(table, 'tr', 'criterion-L6'));
    assert.ok(l6.includes('One kind of source') && l6.includes('Evidence from fieldwork notes only'), l6);
    const i1 = textOf(element(table, 'tr', 'criterion-I1'));
    assert.ok(i1.includes('Thin evidence') && i1.includes('No evidence yet'), i1);
    const summary = textOf(element(html, 'ul', 'highlighted-criteria'));
    assert.ok(summary.includes('Evidence from fieldwork notes only'));
    assert.ok(!summary.includes('I3:'), 'a well-evidenced criterion is not listed');
    assert.ok(html.includes('role="region" aria-labelledby="matrix-caption" tabindex="0"'), 'the wide table scrolls in a labelled, focusable region');
  });

  test('a criterion’s page shows its description, counts, notes, reviews and tracking notes, and offers a note to inspectors', async () => {
    const response = await inspector.get(path('/criteria/I3'));
    assert.equal(response.statusCode, 200);
    const html = response.body;
    const text = textOf(html);
    assert.match(text, /I3: /);
    assert.ok(html.includes('Parents praised the &lt;b&gt;new&lt;/b&gt; key workers.'), 'note text is escaped');
    assert.ok(text.includes('Performance data: Waiting times return'));
    assert.ok(text.indexOf('Waits for speech therapy') < text.indexOf('Parents praised'), 'newest first');
    assert.ok(html.includes(`href="${path('/notes/new?criterion=I3')}"`));
    assert.ok(text.includes('Review summary: outcomes are vague.'));
    assert.ok(text.includes('Overall grade: Requires improvement'));
    assert.ok(html.includes(`href="/inspections/${fixture.inspectionId}/cases/reviews/${reviewCase}/first"`));
    assert.ok(text.includes('Tracking note: waiting a year for therapy.'));
    assert.ok(html.includes(`href="/inspections/${fixture.inspectionId}/cases/tracked/${trackedCase}"`));
    assert.ok(text.includes('The inspection’s surveys have not been set up yet, so there are no survey figures.'));
    const counts = textOf(element(html, 'table', 'criterion-counts'));
    assert.ok(counts.includes('All sources 4 1 strength, 2 concerns'), counts);
  });

  test('the QA reader sees the notes and counts but not the reviews or tracking notes themselves, and is not offered a note', async () => {
    const html = (await qaReader.get(path('/criteria/I3'))).body;
    const text = textOf(html);
    assert.ok(text.includes('Waits for speech therapy have doubled.'));
    assert.ok(!text.includes('Review summary: outcomes are vague.'));
    assert.ok(!text.includes('Tracking note: waiting a year'));
    assert.ok(text.includes('1 complete plan review is counted for this criterion.'));
    assert.ok(text.includes('1 tracking note is counted for this criterion.'));
    assert.ok(!html.includes('/notes/new?criterion=I3'));
  });

  test('the notes can be filtered through the query string; an unknown value is ignored', async () => {
    const concerns = textOf((await lead.get(path('/criteria/I3?polarity=concern'))).body);
    assert.ok(concerns.includes('Waits for speech therapy') && !concerns.includes('Parents praised'));
    assert.ok(concerns.includes('matching what you chose'));
    const fromActivities = textOf((await lead.get(path('/criteria/I3?source=activity'))).body);
    assert.ok(fromActivities.includes('Parents praised') && !fromActivities.includes('Waits for speech therapy'));
    const nothing = textOf((await lead.get(path('/criteria/I3?source=survey'))).body);
    assert.ok(nothing.includes('No evidence notes for this criterion match what you chose.'));
    const ignored = await lead.get(path('/criteria/I3?polarity=sideways&source=%3Cx%3E&page=abc'));
    assert.equal(ignored.statusCode, 200);
    assert.ok(textOf(ignored.body).includes('Parents praised'));
  });

  test('a long list of notes is paged with GOV.UK pagination that keeps the filter', async () => {
    const first = await lead.get(path('/criteria/L6?polarity=neutral'));
    const text = textOf(first.body);
    assert.ok(text.includes('Notes 1 to 50 of 55 matching what you chose'), text.slice(0, 2000));
    assert.ok(first.body.includes('govuk-pagination'));
    assert.ok(decode(first.body).includes(`${path('/criteria/L6?polarity=neutral&page=2')}#notes`));
    const second = textOf((await lead.get(path('/criteria/L6?polarity=neutral&page=2'))).body);
    assert.ok(second.includes('Notes 51 to 55 of 55'));
    assert.ok(second.includes('Joint working note 0') && !second.includes('Joint working note 54'));
  });

  test('a code the framework does not have is a page not found', async () => {
    assert.equal((await lead.get(path('/criteria/Z9'))).statusCode, 404);
    assert.equal((await lead.get(path('/criteria/A'))).statusCode, 404, 'a 2016 code on a 2023 inspection');
    assert.equal((await lead.get(`/inspections/00000000-0000-4000-8000-000000000000/evidence/criteria/I3`)).statusCode, 404);
  });
});
