// HTTP tests of the findings pages on PGlite and PostgreSQL: who may read and write, an inspection
// with no evidence at all, choosing the kind, form errors keeping what was typed, showing evidence for
// the criteria chosen, citing, a stale change, the read-only page, moving and removing, and the outcome.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addAcceptedImport, addFixtureSample, type CasesFixture } from '../cases/case-test-support.ts';
import { addFixtureNote } from '../evidence/evidence-test-support.ts';
import { signedInClient } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { addFixtureFinding, createFindingsFixture } from './finding-test-support.ts';
import { getFinding, getOutcome, listFindings, updateFinding } from './finding.service.ts';

function decode(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** The page's text without tags, spaces collapsed. */
function textOf(html: string): string {
  return decode(html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

/** The error summary's items as 'href message'. */
function errorSummary(html: string): string[] {
  const start = html.indexOf('govuk-error-summary__list');
  if (start < 0) return [];
  const list = html.slice(start, html.indexOf('</ul>', start));
  return [...list.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${decode(m[2]!)}`);
}

/** Whether the checkbox or radio with this name and value is checked. */
function isChecked(html: string, name: string, value: string): boolean {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*value="${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`).exec(html)?.[0];
  assert.ok(input, `no ${name} input with value ${value}`);
  return / checked/.test(input);
}

describeEachDatabase('findings pages', (kind) => {
  let t: TestApp;
  let fixture: CasesFixture;
  let empty: CasesFixture;
  let lead: TestClient;
  let inspector: TestClient;
  let qaReader: TestClient;
  let officer: TestClient;
  let otherOfficer: TestClient;
  let emptyLead: TestClient;
  let fieldworkNote: string;
  let dataNote: string;
  let otherNote: string;
  let reviewId: string;
  let reviewPerson: string;

  const path = (rest = '') => `/inspections/${fixture.inspectionId}/findings${rest}`;
  const form = (overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
    kind: 'effective',
    criteria: ['I1'],
    body: 'Leaders know their area well.',
    evidence: [`note:${fieldworkNote}`],
    action: 'save',
    ...overrides,
  });

  before(async () => {
    t = await createTestApp(kind);
    fixture = await createFindingsFixture(t.db);
    empty = await createFindingsFixture(t.db, { laCode: '202' });
    fieldworkNote = (await addFixtureNote(t.db, fixture.inspectionId, { criteria: ['I1'], polarity: 'strength', body: 'Parents praised the <b>key workers</b>.' })).id;
    await t.db.kysely.updateTable('evidence_note').set({ source_kind: 'activity', source_detail: '' }).where('id', '=', fieldworkNote).execute();
    dataNote = (await addFixtureNote(t.db, fixture.inspectionId, { criteria: ['I1'], polarity: 'concern', body: 'Plans are late.' })).id;
    otherNote = (await addFixtureNote(t.db, (await createFindingsFixture(t.db, { laCode: '202' })).inspectionId, { criteria: ['I1'], body: 'Not this inspection’s.' })).id;
    const imported = await addAcceptedImport(t.db, fixture, { count: 20, seed: 4 });
    reviewPerson = imported.people[0]!.personId;
    const sample = await addFixtureSample(t.db, fixture, imported, { tracked: [], review: [reviewPerson] });
    reviewId = (
      await t.db.kysely
        .insertInto('plan_review')
        .values({
          case_id: sample.caseIds.get(reviewPerson)!,
          inspection_id: fixture.inspectionId,
          round: 'first',
          reviewer_id: fixture.inspector.userId,
          reviewer_label: fixture.inspector.email,
          instrument_version: '1.0',
          ratings: JSON.stringify({}),
          overall_grade: 'good',
          summary: 'A clear plan.',
          criteria: ['I1'],
          status: 'complete',
          completed_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const signIn = (user: { email: string; password: string }) => signedInClient(t.app, user);
    lead = await signIn(fixture.lead);
    inspector = await signIn(fixture.inspector);
    qaReader = await signIn(fixture.qaReader);
    officer = await signIn(fixture.officer);
    otherOfficer = await signIn(empty.officer);
    emptyLead = await signIn(empty.lead);
  });
  after(async () => {
    await t.close();
  });

  test('the team reads the findings; the area does not, and another area does not learn the inspection exists', async () => {
    assert.equal((await inspector.get(path())).statusCode, 200);
    assert.equal((await qaReader.get(path())).statusCode, 200);
    assert.equal((await officer.get(path())).statusCode, 403);
    assert.equal((await otherOfficer.get(path())).statusCode, 404);
    assert.equal((await new TestClient(t.app).get(path())).statusCode, 302);
    const dashboard = await inspector.get(`/inspections/${fixture.inspectionId}`);
    assert.ok(dashboard.body.includes(`href="${path()}"`), 'the dashboard links to the findings');
  });

  test('the QA reader reads but cannot write; only the leads decide the outcome', async () => {
    const formPage = path();
    assert.equal((await qaReader.get(path('/new'))).statusCode, 403);
    assert.equal((await qaReader.post(path('/new'), form(), { formPage })).statusCode, 403);
    assert.equal((await qaReader.get(path('/outcome'))).statusCode, 403);
    assert.equal((await inspector.get(path('/outcome'))).statusCode, 403);
    assert.equal((await inspector.post(path('/outcome'), { outcome: 'positive', revision: '0' }, { formPage })).statusCode, 403);
    assert.equal((await lead.get(path('/outcome'))).statusCode, 200);
    const page = await qaReader.get(path());
    assert.ok(!page.body.includes('Add a finding'));
    assert.equal((await officer.get(path('/new?kind=effective'))).statusCode, 403);
    assert.equal(await getOutcome(t.db.kysely, fixture.inspectionId), null);
  });

  test('an inspection with no surveys, cases or evidence still has its pages, saying so', async () => {
    const emptyPath = (rest = '') => `/inspections/${empty.inspectionId}/findings${rest}`;
    const page = await emptyLead.get(emptyPath());
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.ok(text.includes('No findings recorded yet.'));
    assert.ok(text.includes('No outcome recorded.'));
    assert.ok(text.includes('No evidence recorded yet'));
    assert.ok(text.includes('What is it like to be a child or young person with SEND in this area?'));
    assert.ok(!text.includes('Areas for priority action') || text.includes('Add an area for priority action'), 'open while no outcome is recorded');
    const formPage = await emptyLead.get(emptyPath('/new?kind=area_for_improvement&criterion=L2'));
    assert.equal(formPage.statusCode, 200);
    const formText = textOf(formPage.body);
    assert.ok(formText.includes('No evidence notes are tagged with these criteria yet.'));
    assert.ok(formText.includes('The inspection has no surveys, so there are no survey figures.'));
    assert.ok(formText.includes('No complete plan reviews are tagged with these criteria.'));
    assert.ok(isChecked(formPage.body, 'criteria', 'L2'));
    assert.ok(formPage.body.includes('name="responsibleBody"'), 'a kind that names a responsible body asks for it');
    const outcome = await emptyLead.get(emptyPath('/outcome'));
    assert.ok(textOf(outcome.body).includes('No evidence recorded yet'));
  });

  test('a finding is added by choosing its kind first; the form asks only what the kind needs', async () => {
    const chooser = await inspector.get(path('/new'));
    assert.equal(chooser.statusCode, 200);
    assert.ok(chooser.body.includes('value="area_for_priority_action"'));
    assert.equal((await inspector.get(path('/new?kind=rumour'))).statusCode, 400);
    const experience = await inspector.get(path('/new?kind=experience'));
    assert.equal(experience.statusCode, 200);
    assert.ok(!experience.body.includes('name="responsibleBody"'));
    assert.ok(!experience.body.includes('name="partners"'));
    assert.ok(textOf(experience.body).includes('Select the criteria the finding is about, then select “Show evidence for these criteria”.'));
  });

  test('a form with problems comes back with what was typed and chosen, and nothing is written', async () => {
    const before = (await listFindings(t.db.kysely, fixture.inspectionId)).length;
    const response = await inspector.post(
      path('/new'),
      form({ kind: 'area_for_improvement', criteria: ['I1', 'L3'], body: 'Typed <script>alert(1)</script> text', evidence: [], responsibleBody: 'named_partners', partners: '' }),
      { formPage: path('/new?kind=area_for_improvement') },
    );
    assert.equal(response.statusCode, 400);
    assert.deepEqual(errorSummary(response.body), [
      '#partners Name the partners responsible, as you chose “Named partners”',
      '#evidence A finding must cite the evidence it rests on: select at least one item of evidence',
    ]);
    assert.ok(response.body.includes('Typed &lt;script&gt;alert(1)&lt;/script&gt; text'), 'typed text kept, escaped');
    assert.ok(!response.body.includes('<script>alert(1)'));
    assert.ok(isChecked(response.body, 'criteria', 'I1') && isChecked(response.body, 'criteria', 'L3'));
    assert.ok(isChecked(response.body, 'responsibleBody', 'named_partners'));
    assert.ok(response.body.includes('id="evidence"'), 'the error links to the first item of evidence');
    assert.equal((await listFindings(t.db.kysely, fixture.inspectionId)).length, before);
  });

  test('showing evidence for the criteria keeps the typing and the evidence chosen; the evidence is grouped by source', async () => {
    const response = await inspector.post(path('/new'), form({ body: 'Half written', action: 'show-evidence', evidence: [`note:${dataNote}`] }), { formPage: path('/new?kind=effective') });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(errorSummary(response.body), []);
    assert.ok(response.body.includes('Half written'));
    assert.ok(isChecked(response.body, 'evidence', `note:${dataNote}`));
    assert.ok(!isChecked(response.body, 'evidence', `note:${fieldworkNote}`));
    assert.ok(response.body.includes('Parents praised the &lt;b&gt;key workers&lt;/b&gt;.'), 'note text is escaped');
    assert.ok(!isChecked(response.body, 'evidence', `plan_review:${reviewId}`));
    const text = textOf(response.body);
    assert.ok(text.indexOf('Evidence notes') < text.indexOf('Survey figures') && text.indexOf('Survey figures') < text.indexOf('Plan reviews'));
    assert.ok(text.includes(`EHC plan of ${reviewPerson}: Good`));
  });

  test('a finding is saved citing its evidence; one resting on one kind of source is tagged on the findings page', async () => {
    const response = await inspector.post(path('/new'), form({ body: 'Key workers help families.' }), { formPage: path('/new?kind=effective') });
    assert.equal(response.statusCode, 302);
    const [saved] = (await listFindings(t.db.kysely, fixture.inspectionId)).filter((f) => f.body === 'Key workers help families.');
    assert.ok(saved);
    assert.equal(response.headers.location, path(`#finding-${saved.id}`));
    const page = await inspector.get(path());
    const card = page.body.slice(page.body.indexOf(`id="finding-${saved.id}"`));
    const cardText = textOf(card.slice(0, card.indexOf('govuk-summary-card"', 10) > 0 ? card.indexOf('govuk-summary-card"', 10) : undefined));
    assert.ok(cardText.includes('1 item of evidence cited, from fieldwork notes'), cardText);
    assert.ok(cardText.includes('One kind of source'));
    assert.ok(cardText.includes('Rests on one kind of source: fieldwork notes'));
    assert.ok(textOf(page.body).includes('1 rests on one kind of source'));
  });

  test('a note of another inspection is refused with the form kept', async () => {
    const response = await inspector.post(path('/new'), form({ body: 'Borrowed evidence', evidence: [`note:${otherNote}`] }), { formPage: path('/new?kind=effective') });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(errorSummary(response.body), ['#evidence An evidence note cited is not this inspection’s: select evidence from the lists']);
    assert.ok(response.body.includes('Borrowed evidence'));
    assert.ok(!(await listFindings(t.db.kysely, fixture.inspectionId)).some((f) => f.body === 'Borrowed evidence'));
  });

  test('a stale change keeps what was typed and shows the newer version', async () => {
    const { id } = await addFixtureFinding(t.db, fixture.inspectionId, { kind: 'to_do_better', body: 'Original words.', citations: [{ kind: 'note', refId: dataNote, source: 'data' }] });
    const edit = await inspector.get(path(`/${id}`));
    assert.equal(edit.statusCode, 200);
    assert.ok(edit.body.includes('name="revision" value="1"'));
    assert.ok(isChecked(edit.body, 'evidence', `note:${dataNote}`));
    await updateFinding(t.db.kysely, fixture.inspectionId, id, { kind: 'to_do_better', criteria: ['I1'], body: 'The lead’s newer words.', responsibleBody: null, partners: '', citations: [{ kind: 'note', refId: dataNote }], revision: 1 }, fixture.leadActor);
    const response = await inspector.post(path(`/${id}`), form({ kind: 'to_do_better', body: 'My stale words.', evidence: [`note:${dataNote}`], revision: '1' }), { formPage: path(`/${id}`) });
    assert.equal(response.statusCode, 409);
    const text = textOf(response.body);
    assert.ok(text.includes('The finding as it is now'));
    assert.ok(text.includes('The lead’s newer words.'));
    assert.ok(response.body.includes('My stale words.'));
    assert.ok(response.body.includes('name="revision" value="2"'), 'saving again replaces it deliberately');
    assert.equal((await getFinding(t.db.kysely, fixture.inspectionId, id))!.body, 'The lead’s newer words.');
    const again = await inspector.post(path(`/${id}`), form({ kind: 'to_do_better', body: 'My words after all.', evidence: [`note:${dataNote}`], revision: '2' }), { formPage: path(`/${id}`) });
    assert.equal(again.statusCode, 302);
    assert.equal((await getFinding(t.db.kysely, fixture.inspectionId, id))!.body, 'My words after all.');
  });

  test('the QA reader sees a finding read-only, without the case work it cites', async () => {
    const { id } = await addFixtureFinding(t.db, fixture.inspectionId, {
      kind: 'experience',
      body: 'Plans are clear.',
      citations: [
        { kind: 'plan_review', refId: reviewId, source: 'case_review', label: `Review of the EHC plan of ${reviewPerson} (graded good)` },
        { kind: 'note', refId: dataNote, source: 'data', label: '“Plans are late.” (performance data, concern)' },
      ],
    });
    const page = await qaReader.get(path(`/${id}`));
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes('<form method="post" action="' + path(`/${id}`)));
    const text = textOf(page.body);
    assert.ok(text.includes('Plans are clear.'));
    assert.ok(text.includes('“Plans are late.” (performance data, concern)'));
    assert.ok(!text.includes(reviewPerson), 'the child’s pseudonymous id is not shown');
    assert.ok(text.includes('A plan review of a sampled child (only inspectors see case work)'));
    assert.equal((await qaReader.post(path(`/${id}`), form(), { formPage: path() })).statusCode, 403);
    const inspectorPage = await inspector.get(path(`/${id}`));
    assert.ok(isChecked(inspectorPage.body, 'evidence', `plan_review:${reviewId}`), 'inspectors see the review cited, chosen in the form');
    assert.ok(textOf(inspectorPage.body).includes(`EHC plan of ${reviewPerson}: Good`));
  });

  test('findings move within their list and are removed after a confirmation', async () => {
    const one = await addFixtureFinding(t.db, fixture.inspectionId, { kind: 'area_for_improvement', responsibleBody: 'icb', body: 'First AFI.' });
    const two = await addFixtureFinding(t.db, fixture.inspectionId, { kind: 'area_for_improvement', responsibleBody: 'icb', body: 'Second AFI.' });
    const moved = await inspector.post(path(`/${two.id}/move`), { direction: 'up' }, { formPage: path() });
    assert.equal(moved.statusCode, 302);
    const order = (await listFindings(t.db.kysely, fixture.inspectionId)).filter((f) => f.kind === 'area_for_improvement').map((f) => f.body);
    assert.deepEqual(order, ['Second AFI.', 'First AFI.']);
    const confirm = await inspector.get(path(`/${one.id}/remove`));
    assert.equal(confirm.statusCode, 200);
    assert.ok(textOf(confirm.body).includes('Are you sure you want to remove this area for improvement?'));
    const stale = await inspector.post(path(`/${one.id}/remove`), { revision: '5' }, { formPage: path(`/${one.id}/remove`) });
    assert.equal(stale.statusCode, 409);
    const removed = await inspector.post(path(`/${one.id}/remove`), { revision: '1' }, { formPage: path(`/${one.id}/remove`) });
    assert.equal(removed.statusCode, 302);
    assert.equal(await getFinding(t.db.kysely, fixture.inspectionId, one.id), undefined);
    assert.equal((await inspector.get(path(`/${one.id}`))).statusCode, 404);
  });

  test('a 2016 inspection lists strengths and areas for development under each aspect, then the significant weaknesses', async () => {
    const old = await createFindingsFixture(t.db, { framework: '2016', laCode: '202' });
    const oldLead = await signedInClient(t.app, old.lead);
    const oldPath = (rest = '') => `/inspections/${old.inspectionId}/findings${rest}`;
    const a1 = await addFixtureFinding(t.db, old.inspectionId, { kind: 'strength', criteria: ['A'], body: 'Strength about A.' });
    await addFixtureFinding(t.db, old.inspectionId, { kind: 'strength', criteria: ['B'], body: 'Strength about B.' });
    const a2 = await addFixtureFinding(t.db, old.inspectionId, { kind: 'strength', criteria: ['A', 'C'], body: 'Strength about A and C.' });
    await addFixtureFinding(t.db, old.inspectionId, { kind: 'significant_weakness', criteria: [], body: 'Weak joint commissioning.' });
    const page = await oldLead.get(oldPath());
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    const at = (words: string) => text.indexOf(words);
    assert.ok(at('identifying children and young people') < at('Strength about A.'));
    assert.ok(at('Strength about A.') < at('Strength about A and C.') && at('Strength about A and C.') < at('assessing and meeting the needs'));
    assert.ok(at('assessing and meeting the needs') < at('Strength about B.') && at('Strength about B.') < at('improving outcomes'));
    assert.ok(text.lastIndexOf('Strength about A and C.') > at('improving outcomes'), 'a finding about two aspects shows under both');
    assert.ok(at('Significant weaknesses') > at('improving outcomes') && at('Weak joint commissioning.') > at('Significant weaknesses'));
    assert.ok(decode(page.body).includes(`href="${oldPath('/new?kind=area_for_development&criterion=B')}"`));
    assert.ok(text.includes('Is a written statement of action required?'));
    // Moving within aspect A's strengths swaps the two findings about A, whatever lies between them in other aspects.
    const moved = await oldLead.post(oldPath(`/${a2.id}/move`), { direction: 'up', criterion: 'A' }, { formPage: oldPath() });
    assert.equal(moved.statusCode, 302);
    const strengths = (await listFindings(t.db.kysely, old.inspectionId)).filter((f) => f.kind === 'strength').map((f) => f.id);
    assert.deepEqual([strengths[0], strengths.at(-1)], [a2.id, a1.id]);
    const form = await oldLead.get(oldPath('/new?kind=significant_weakness'));
    assert.ok(textOf(form.body).includes('Which aspects is it about? (optional)'));
    assert.ok(textOf(form.body).includes('as none is chosen, the evidence for every aspect is listed'));
    const outcome = await oldLead.post(oldPath('/outcome'), { outcome: 'wsoa_not_required', rationale: '', revision: '0' });
    assert.equal(outcome.statusCode, 400);
    assert.deepEqual(errorSummary(outcome.body), ['#outcome Change or remove 1 finding first: the outcome “Written statement of action not required” does not allow significant weaknesses']);
  });

  test('the outcome page shows the framework’s sentences and the balance of evidence, and never pre-selects', async () => {
    const page = await lead.get(path('/outcome'));
    assert.equal(page.statusCode, 200);
    for (const value of ['positive', 'inconsistent', 'widespread_systemic_failings']) assert.equal(isChecked(page.body, 'outcome', value), false);
    const text = textOf(page.body);
    assert.ok(text.includes("The report will say: “The local area partnership's SEND arrangements typically lead to positive experiences"));
    assert.ok(page.body.includes('id="balance-I1"'));
    const balance = textOf(page.body.slice(page.body.indexOf('id="balance-I1"'), page.body.indexOf('</tr>', page.body.indexOf('id="balance-I1"'))));
    assert.match(balance, /I1 : .* 3 2 1 Case reviews, Fieldwork notes, Performance data Nothing/, "a good plan review counts as a strength");

    const typed = await lead.post(path('/outcome'), { outcome: 'positive', rationale: '', revision: '0', sentence: 'The partnership is outstanding.' });
    assert.equal(typed.statusCode, 400);
    assert.match(errorSummary(typed.body)[0]!, /^#outcome The sentence for the outcome “Positive experiences and outcomes” must be the framework’s own/);
    assert.ok(isChecked(typed.body, 'outcome', 'positive'), 'the choice made is kept');
    const none = await lead.post(path('/outcome'), { rationale: 'Thinking', revision: '0' });
    assert.deepEqual(errorSummary(none.body), ['#outcome Select the outcome']);
    assert.ok(none.body.includes('Thinking'));

    const saved = await lead.post(path('/outcome'), { outcome: 'inconsistent', rationale: 'Mixed <b>picture</b>', revision: '0' });
    assert.equal(saved.statusCode, 302);
    const findings = await inspector.get(path());
    const outcomeText = textOf(findings.body.slice(findings.body.indexOf('id="outcome"'), findings.body.indexOf('id="balance-of-evidence"')));
    assert.ok(outcomeText.includes('Inconsistent experiences and outcomes'));
    assert.ok(outcomeText.includes('“The local area partnership\'s arrangements lead to inconsistent experiences and outcomes'));
    assert.ok(findings.body.includes('Mixed &lt;b&gt;picture&lt;/b&gt;'));
    assert.ok(!findings.body.includes('Change the outcome'), 'inspectors do not decide the outcome');
    const stale = await lead.post(path('/outcome'), { outcome: 'positive', rationale: '', revision: '0' });
    assert.equal(stale.statusCode, 409);
    assert.ok(textOf(stale.body).includes('Someone recorded the outcome “Inconsistent experiences and outcomes” after you opened this page'));
    assert.equal((await getOutcome(t.db.kysely, fixture.inspectionId))!.code, 'inconsistent');
  });
});
