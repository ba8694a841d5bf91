// HTTP tests of the plan review pages on PGlite and PostgreSQL: the list and results, saving a
// draft, completion errors with everything kept, the second review refused to the first reviewer,
// reopening, moderation figures on a hand-made set with known kappas, who is kept out, and audit.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signInWithPassword } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { addAcceptedImport, addFixtureSample, createCasesFixture, type CasesFixture, type FixtureImport, type FixtureSample } from './case-test-support.ts';
import { PRIMARY_NEED_LABELS } from './case.ts';
import { PLAN_REVIEW_INSTRUMENT } from './plan-review-instrument.ts';
import { saveReview } from './plan-review.service.ts';
import type { ReviewContent } from './plan-review.ts';

const IDS = PLAN_REVIEW_INSTRUMENT.criteria.map((c) => c.id);

function decode(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

function text(html: string): string {
  return decode(html.replace(/<svg[\s\S]*?<\/svg>/g, ' ').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** The body rows of the table with this id (or the first table after it), as cell texts. */
function tableRows(html: string, id: string): string[][] {
  const at = html.indexOf(`id="${id}"`);
  assert.ok(at >= 0, `no element with id ${id}`);
  const start = html.lastIndexOf('<table', at) >= html.lastIndexOf('</table>', at) && html.lastIndexOf('<table', at) >= 0 ? html.lastIndexOf('<table', at) : html.indexOf('<table', at);
  const table = html.slice(start, html.indexOf('</table>', start));
  const body = table.slice(table.indexOf('<tbody'));
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => text(cell[1]!)));
}

function errorLinks(html: string): string[] {
  const summary = html.slice(html.indexOf('govuk-error-summary'), html.indexOf('</ul>', html.indexOf('govuk-error-summary')));
  return [...summary.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]!);
}

/** Is this radio or checkbox ticked in the page? */
function isChecked(html: string, name: string, value: string): boolean {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*value="${value}"[^>]*>`).exec(html)?.[0];
  assert.ok(input, `no input ${name}=${value}`);
  return /\schecked\b/.test(input);
}

/** Form fields for a review: every criterion met unless given, with comments where not. */
function formFields(action: 'draft' | 'complete', grade: string, ratings: Record<string, string> = {}, extra: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = { action, overallGrade: grade, summary: '' };
  for (const id of IDS) {
    fields[`rating-${id}`] = ratings[id] ?? 'met';
    fields[`comment-${id}`] = ratings[id] && ratings[id] !== 'met' ? `Comment on ${id}` : '';
  }
  return { ...fields, ...extra };
}

function content(grade: string, ratings: Record<string, string> = {}): ReviewContent {
  return {
    ratings: Object.fromEntries(IDS.map((id) => [id, { rating: ratings[id] ?? 'met', comment: ratings[id] && ratings[id] !== 'met' ? `Why ${id}` : '' }])),
    overallGrade: grade,
    summary: '',
    criteria: [],
  };
}

describeEachDatabase('plan review pages', (kind) => {
  let t: TestApp;
  let fixture: CasesFixture;
  let imported: FixtureImport;
  let sample: FixtureSample;
  let plans: string[];
  let tracked: string;
  let lead: TestClient;
  let inspector: TestClient;
  let qaReader: TestClient;
  let officer: TestClient;

  const reviews = () => `/inspections/${fixture.inspectionId}/cases/reviews`;
  const reviewUrl = (personId: string, round: 'first' | 'second', rest = '') => `${reviews()}/${sample.caseIds.get(personId)}/${round}${rest}`;
  const lastAudit = async (action: string) => t.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('id', 'desc').executeTakeFirst();
  const stored = async (personId: string, round: 'first' | 'second') =>
    t.db.kysely.selectFrom('plan_review').selectAll().where('case_id', '=', sample.caseIds.get(personId)!).where('round', '=', round).executeTakeFirst();

  async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
    const client = new TestClient(t.app);
    await signInWithPassword(client, user.email, user.password);
    return client;
  }

  before(async () => {
    t = await createTestApp(kind);
    fixture = await createCasesFixture(t.db);
    imported = await addAcceptedImport(t.db, fixture, { count: 40, seed: 5 });
    plans = imported.people.slice(0, 5).map((p) => p.personId);
    tracked = imported.people[10]!.personId;
    sample = await addFixtureSample(t.db, fixture, imported, { tracked: [tracked], review: plans });
    [lead, inspector, qaReader, officer] = await Promise.all([fixture.lead, fixture.inspector, fixture.qaReader, fixture.officer].map(signedIn));
  });
  after(async () => {
    await t?.close();
  });

  test('the list shows the plans to review, not started, is audited, and is kept from the QA reader and the area', async () => {
    const response = await inspector.get(reviews());
    assert.equal(response.statusCode, 200);
    const rows = tableRows(response.body, 'review-cases');
    assert.deepEqual(rows.map((r) => r[0]!.split(' ')[0]), plans);
    assert.ok(rows.every((r) => r[1] === 'Not started' && r[2] === 'After the first review'));
    assert.match(text(response.body), /No first review is complete yet/);
    assert.ok(!response.body.includes(tracked), 'tracked children are not plans to review');
    const audit = await lastAudit('cases.view-reviews');
    assert.equal(audit?.actor_user_id, fixture.inspector.userId);
    assert.deepEqual(audit?.details, { cases: 5 });
    assert.equal((await qaReader.get(reviews())).statusCode, 403);
    assert.equal((await officer.get(reviews())).statusCode, 403);
    assert.equal((await officer.get(`${reviews()}/moderation`)).statusCode, 403);
  });

  test('the review form shows the pseudonymous record and a question per criterion; viewing it is audited', async () => {
    const person = imported.people[0]!;
    const response = await inspector.get(reviewUrl(person.personId, 'first'));
    assert.equal(response.statusCode, 200);
    const page = text(response.body);
    assert.match(page, new RegExp(`First review of plan ${person.personId}`));
    assert.ok(page.includes(PRIMARY_NEED_LABELS[person.primaryNeed]));
    assert.ok(!page.includes(person.birthMonth), 'no date of birth, not even the month');
    for (const criterion of PLAN_REVIEW_INSTRUMENT.criteria) {
      assert.ok(page.includes(criterion.title), criterion.title);
      assert.ok(response.body.includes(`name="rating-${criterion.id}"`));
      assert.ok(response.body.includes(`name="comment-${criterion.id}"`));
    }
    assert.match(page, /Save and mark complete/);
    assert.match(page, /Save as draft/);
    assert.match(page, /I1: Children and young people's needs are identified accurately/);
    const audit = await lastAudit('cases.view-review');
    assert.equal(audit?.subject_id, sample.caseIds.get(person.personId));
    assert.deepEqual(audit?.details, { personId: person.personId, round: 'first', reviewId: null });
    assert.equal((await inspector.get(`${reviews()}/${sample.caseIds.get(tracked)}/first`)).statusCode, 404, 'a tracked case is not a plan to review');
    assert.equal((await inspector.get(`${reviews()}/${sample.caseIds.get(plans[0]!)}/third`)).statusCode, 404);
    assert.equal((await inspector.get(`${reviews()}/not-a-case/first`)).statusCode, 404);
  });

  test('a draft is saved with what was given, and the list shows it in progress with its reviewer', async () => {
    const url = reviewUrl(plans[0]!, 'first');
    const response = await inspector.post(url, { action: 'draft', 'rating-voice': 'partly_met', 'comment-voice': '', summary: 'Started reading', criteria: ['I2'] });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, reviews());
    const row = await stored(plans[0]!, 'first');
    assert.equal(row?.status, 'draft');
    assert.equal(row?.reviewer_id, fixture.inspector.userId);
    assert.deepEqual(row?.ratings, { voice: { rating: 'partly_met', comment: '' } });
    assert.deepEqual(row?.criteria, ['I2']);
    const list = await inspector.get(reviews());
    assert.match(text(list.body), /First review saved as a draft/);
    const first = tableRows(list.body, 'review-cases')[0]!;
    assert.equal(first[1], `In progress ${fixture.inspector.displayName}`);
  });

  test('completing with gaps re-renders everything typed, with an error summary linking to each field, and writes nothing', async () => {
    const url = reviewUrl(plans[0]!, 'first');
    const fields = { action: 'complete', 'rating-sections': 'met', 'rating-voice': 'partly_met', 'comment-voice': '', 'comment-health': 'Health advice is copied from 2019', summary: 'Changed summary', criteria: ['I2', 'I3'] };
    const response = await inspector.post(url, fields);
    assert.equal(response.statusCode, 400);
    const links = errorLinks(response.body);
    const expected = [...IDS.filter((id) => id !== 'sections').map((id) => (id === 'voice' ? '#comment-voice' : `#rating-${id}`)), '#overallGrade'];
    assert.deepEqual(links, expected);
    for (const link of links) assert.ok(response.body.includes(`id="${link.slice(1)}"`), `the page has the field ${link}`);
    assert.match(text(response.body), /Say why ‘The child's or young person's voice, views and aspirations \(section A\)’ is partly met/);
    assert.ok(isChecked(response.body, 'rating-voice', 'partly_met'));
    assert.ok(isChecked(response.body, 'rating-sections', 'met'));
    assert.ok(isChecked(response.body, 'criteria', 'I3'));
    assert.ok(response.body.includes('Health advice is copied from 2019'));
    assert.ok(response.body.includes('Changed summary'));
    assert.match(response.body, /<title>Error: /);
    const row = await stored(plans[0]!, 'first');
    assert.equal(row?.status, 'draft');
    assert.equal(row?.summary, 'Started reading', 'nothing written');
  });

  test('a complete review counts in the results; its reviewer alone may reopen it, which is audited', async () => {
    const url = reviewUrl(plans[0]!, 'first');
    const done = await inspector.post(url, formFields('complete', 'good', { voice: 'partly_met' }, { criteria: ['I2'] }));
    assert.equal(done.statusCode, 303);
    assert.equal((await stored(plans[0]!, 'first'))?.status, 'complete');

    const list = await inspector.get(reviews());
    const first = tableRows(list.body, 'review-cases')[0]!;
    assert.match(first[1]!, /^Complete/);
    assert.match(first[2]!, /^Not started Start second review/);
    assert.match(text(list.body), /From the 1 complete first review/);
    assert.ok(list.body.includes('<svg'), 'the grades chart');
    assert.deepEqual(tableRows(list.body, 'grade-results').find((r) => r[0] === 'Good'), ['Good', '1']);

    const leadView = await lead.get(url);
    assert.match(text(leadView.body), /has completed this review. Only they can reopen and change it/);
    assert.ok(!leadView.body.includes('Reopen this review'));
    assert.match(text(leadView.body), /Partly met Comment on voice/);
    const refused = await lead.post(`${url}/reopen`, {}, { formPage: url });
    assert.equal(refused.statusCode, 409);
    assert.deepEqual(errorLinks(refused.body), ['#review-refusal']);

    const page = await inspector.get(url);
    assert.ok(page.body.includes('Reopen this review'));
    const reopened = await inspector.post(`${url}/reopen`, {}, { formPage: url });
    assert.equal(reopened.statusCode, 303);
    assert.equal((await stored(plans[0]!, 'first'))?.status, 'draft');
    const audit = await lastAudit('cases.review-reopened');
    assert.equal(audit?.actor_user_id, fixture.inspector.userId);
    assert.equal((await inspector.post(url, formFields('complete', 'good', { voice: 'partly_met' }))).statusCode, 303);
  });

  test('the second review is refused to the first reviewer and taken by someone else', async () => {
    const url = reviewUrl(plans[0]!, 'second');
    const page = await inspector.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(text(page.body), /You wrote the first review of this plan, so the second review must be done by someone else on the team/);
    assert.ok(!page.body.includes('Save and mark complete'));
    const refused = await inspector.post(url, formFields('complete', 'good'), { formPage: reviewUrl(plans[0]!, 'first') });
    assert.equal(refused.statusCode, 409);
    assert.deepEqual(errorLinks(refused.body), ['#review-refusal']);
    assert.equal(await stored(plans[0]!, 'second'), undefined);

    const notYet = await lead.get(reviewUrl(plans[1]!, 'second'));
    assert.match(text(notYet.body), /The second review can start once the first review is complete/);

    // The lead has read this plan's first review (earlier in this suite), so the CQC lead takes the second.
    const leadRefused = await lead.get(url);
    assert.match(text(leadRefused.body), /You have read the first review of this plan, so a second review by you would not be independent/);
    const cqcLead = await signedIn(fixture.cqcLead);
    const cqcPage = await cqcLead.get(url);
    assert.match(text(cqcPage.body), /Review the plan on its own merits, without looking at the first review/);
    assert.ok(!text(cqcPage.body).includes('Comment on voice'), "the first review's comments are not on the second review's page");
    assert.equal((await cqcLead.post(url, formFields('complete', 'good'))).statusCode, 303);
    assert.equal((await stored(plans[0]!, 'second'))?.reviewer_id, fixture.cqcLead.userId);
  });

  test('moderation shows kappas worked out by hand and each disagreement with both reviews', async () => {
    // Plan 1 (above): voice partly met / met, grades good / good. Plans 2 to 4 below.
    const cqc = { id: fixture.cqcLead.userId, label: fixture.cqcLead.email };
    const leadActor = fixture.leadActor;
    const arranged: [string, ReviewContent, ReviewContent][] = [
      [plans[1]!, content('good', { smart_outcomes: 'not_met' }), content('requires_improvement', { smart_outcomes: 'not_met' })],
      [plans[2]!, content('requires_improvement', { smart_outcomes: 'partly_met' }), content('requires_improvement', { smart_outcomes: 'partly_met' })],
      [plans[3]!, content('requires_improvement', { smart_outcomes: 'met' }), content('requires_improvement', { smart_outcomes: 'not_met' })],
    ];
    for (const [personId, first, second] of arranged) {
      await saveReview(t.db.kysely, fixture.inspectionId, sample.caseIds.get(personId)!, 'first', first, { complete: true }, cqc);
      await saveReview(t.db.kysely, fixture.inspectionId, sample.caseIds.get(personId)!, 'second', second, { complete: true }, leadActor);
    }
    const response = await inspector.get(`${reviews()}/moderation`);
    assert.equal(response.statusCode, 200);
    assert.match(text(response.body), /4 of the 5 plans to review have two complete reviews/);
    const rows = tableRows(response.body, 'kappa-table');
    const row = (label: string) => rows.find((r) => r[0] === label);
    // SMART outcomes: agreed 3 of 4; first met 2, partly 1, not 1; second met 1, partly 1, not 2: p_e 5/16, kappa 7/11.
    assert.deepEqual(row('Outcomes are SMART and person-centred'), ['Outcomes are SMART and person-centred', '0.64', '4', '75%', '31%', 'Substantial']);
    // Voice: agreed 3 of 4; first met 3, partly 1; second met 4: p_e 3/4, kappa 0.
    assert.deepEqual(row("The child's or young person's voice, views and aspirations (section A)"), ["The child's or young person's voice, views and aspirations (section A)", '0.00', '4', '75%', '75%', 'Slight']);
    assert.deepEqual(row('Sections A to K are present and sound'), ['Sections A to K are present and sound', 'Cannot be worked out', '4', '100%', '100%', 'Same rating throughout']);
    // All together: 36 pairs, 34 agreed; p_e 1093/1296; kappa 131/203 = 0.645.
    assert.deepEqual(row('All criteria together'), ['All criteria together', '0.65', '36', '94%', '84%', 'Substantial']);
    // Grades: (good, good), (good, RI), (RI, RI) × 2: p_o 3/4, p_e 1/2, kappa 0.5.
    assert.deepEqual(row('Overall grade'), ['Overall grade', '0.50', '4', '75%', '50%', 'Moderate']);
    assert.match(text(response.body), /Overall grade: Moderate agreement \(kappa 0\.50, 0\.41 to 0\.60: reasonable agreement, with room to align how the criteria are applied\)\. Over 4 plans the reviewers agreed 75% of the time, where chance alone would give 50%\./);

    const page = text(response.body);
    assert.match(page, new RegExp(`Plan ${plans[0]} First review by ${fixture.inspector.displayName} · Second review by ${fixture.cqcLead.displayName}`));
    assert.deepEqual(tableRows(response.body, 'plan-1'), [["The child's or young person's voice, views and aspirations (section A)", 'Partly met Comment on voice', 'Met']]);
    assert.deepEqual(tableRows(response.body, 'plan-2'), [['Overall grade', 'Good', 'Requires improvement']]);
    assert.deepEqual(tableRows(response.body, 'plan-3'), [['Outcomes are SMART and person-centred', 'Met', 'Not met Why smart_outcomes']]);
    assert.ok(!page.includes(`Plan ${plans[2]} First review`), 'a plan with no disagreement is not listed among them');
    assert.match(page, new RegExp(`Plans on which the reviewers agreed throughout Plan ${plans[2]}`));
    const audit = await lastAudit('cases.view-moderation');
    assert.equal(audit?.actor_user_id, fixture.inspector.userId);
    assert.deepEqual(audit?.details, { pairs: 4 });
  });

  test('the area cannot post a review', async () => {
    const url = reviewUrl(plans[4]!, 'first');
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await officer.get('/inspections')).body)?.[1] ?? '';
    const response = await officer.post(url, formFields('draft', 'good'), { csrf });
    assert.equal(response.statusCode, 403);
    assert.equal(await stored(plans[4]!, 'first'), undefined);
  });
});
