// Searching evidence notes on both databases: stemmed full-text search, each filter, paging, the
// counts per filter choice, safe highlighting, the audit record, and no other inspection's notes.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { addAcceptedImport, addFixtureSample, type CasesFixture } from '../cases/case-test-support.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { NOTES_PER_PAGE, type NoteFilter } from './evidence-search.ts';
import { noteFilterChoices, searchNotes } from './evidence-search.service.ts';
import { addFixtureActivity, addFixtureNote, addManyFixtureNotes, createEvidenceFixture } from './evidence-test-support.ts';

const filter = (overrides: Partial<NoteFilter> = {}): NoteFilter => ({ q: '', page: 1, ...overrides });

describeEachDatabase('evidence notes search', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;
  let other: CasesFixture;
  const ids: Record<string, string> = {};

  before(async () => {
    fixture = await createEvidenceFixture(db);
    other = await createEvidenceFixture(db, '353');
    const imported = await addAcceptedImport(db, fixture, { count: 20, seed: 5 });
    const people = imported.people.map((p) => p.personId);
    const sample = await addFixtureSample(db, fixture, imported, { tracked: [people[0]!], review: [people[1]!] });
    const activity = await addFixtureActivity(db, fixture.inspectionId, { title: 'SEND leaders', heldOn: '2026-11-24', inspectorIds: [fixture.inspector.userId] });
    const inspector = { id: fixture.inspector.userId, label: fixture.inspector.email };
    ids.therapy = (
      await addFixtureNote(db, fixture.inspectionId, {
        body: 'Families wait too long for speech and language therapy; one parent waited a year.',
        criteria: ['I2'],
        themes: ['THERAPY_WAITS'],
        polarity: 'concern',
        sourceKind: 'activity',
        activityId: activity.id,
        createdAt: '2026-11-24T10:00:00Z',
      })
    ).id;
    ids.coproduction = (
      await addFixtureNote(db, fixture.inspectionId, {
        body: 'Co-production with the parent carer forum shapes the local offer.',
        criteria: ['L1', 'L3'],
        themes: ['COPRODUCTION', 'LOCAL_OFFER'],
        polarity: 'strength',
        sourceKind: 'tracked_case',
        caseId: sample.caseIds.get(people[0]!)!,
        author: inspector,
        createdAt: '2026-11-24T11:00:00Z',
      })
    ).id;
    ids.plan = (
      await addFixtureNote(db, fixture.inspectionId, {
        body: 'The plan lists <script>alert(1)</script> occupational & "physical" therapies < 3 but no provision is specified.',
        criteria: ['I3'],
        themes: ['EHCP_QUALITY', 'THERAPY_WAITS'],
        polarity: 'concern',
        sourceKind: 'reviewed_plan',
        caseId: sample.caseIds.get(people[1]!)!,
        author: inspector,
        createdAt: '2026-11-25T09:00:00Z',
      })
    ).id;
    ids.data = (
      await addFixtureNote(db, fixture.inspectionId, {
        body: 'Timeliness of new plans is below the national figure.',
        criteria: ['I1'],
        polarity: 'neutral',
        sourceKind: 'data',
        sourceDetail: 'SEN2 returns',
        createdAt: '2026-11-25T10:00:00Z',
      })
    ).id;
    // Another inspection's note that would match every search above.
    ids.other = (await addFixtureNote(db, other.inspectionId, { body: 'Speech and language therapy waits are long. Therapies are scarce.', criteria: ['I2'], themes: ['THERAPY_WAITS'], polarity: 'concern' })).id;
  });

  test('a search finds stemmed words: "therapies" finds "therapy" and the other way round', async () => {
    const plural = await searchNotes(db.kysely, fixture.inspectionId, filter({ q: 'therapies' }), fixture.leadActor);
    assert.deepEqual(new Set(plural.notes.map((n) => n.id)), new Set([ids.therapy, ids.plan]));
    assert.equal(plural.total, 2);
    const single = await searchNotes(db.kysely, fixture.inspectionId, filter({ q: 'therapy' }), fixture.leadActor);
    assert.deepEqual(new Set(single.notes.map((n) => n.id)), new Set([ids.therapy, ids.plan]));
  });

  test('web search syntax: a quoted phrase and a word left out with a minus', async () => {
    const phrase = await searchNotes(db.kysely, fixture.inspectionId, filter({ q: '"language therapy"' }), fixture.leadActor);
    assert.deepEqual(phrase.notes.map((n) => n.id), [ids.therapy]);
    const without = await searchNotes(db.kysely, fixture.inspectionId, filter({ q: 'therapy -speech' }), fixture.leadActor);
    assert.deepEqual(without.notes.map((n) => n.id), [ids.plan]);
  });

  test('the snippet marks only the matched words and escapes everything else', async () => {
    const result = await searchNotes(db.kysely, fixture.inspectionId, filter({ q: 'occupational' }), fixture.leadActor);
    assert.equal(result.notes.length, 1);
    const html = result.notes[0]!.snippetHtml;
    assert.match(html, /<mark>occupational<\/mark> &amp; &quot;physical&quot; therapies &lt; 3/);
    // The database drops tag-like text from snippets; whatever it keeps is escaped.
    assert.doesNotMatch(html, /<script|<\/script/);
    assert.deepEqual(html.match(/<[^>]*>/g), ['<mark>', '</mark>']);
    assert.doesNotMatch(html, /HLSTART|HLSTOP/);
  });

  test('only common words: nothing to search for, said so', async () => {
    const result = await searchNotes(db.kysely, fixture.inspectionId, filter({ q: 'the and' }), fixture.leadActor);
    assert.equal(result.searchHasWords, false);
    assert.equal(result.total, 0);
  });

  test('each filter narrows the list, and filters combine', async () => {
    const idsOf = async (f: Partial<NoteFilter>) => new Set((await searchNotes(db.kysely, fixture.inspectionId, filter(f), fixture.leadActor)).notes.map((n) => n.id));
    assert.deepEqual(await idsOf({ criterion: 'L3' }), new Set([ids.coproduction]));
    assert.deepEqual(await idsOf({ criterion: 'I2' }), new Set([ids.therapy]));
    assert.deepEqual(await idsOf({ theme: 'THERAPY_WAITS' }), new Set([ids.therapy, ids.plan]));
    assert.deepEqual(await idsOf({ polarity: 'concern' }), new Set([ids.therapy, ids.plan]));
    assert.deepEqual(await idsOf({ polarity: 'neutral' }), new Set([ids.data]));
    assert.deepEqual(await idsOf({ source: 'reviewed_plan' }), new Set([ids.plan]));
    assert.deepEqual(await idsOf({ source: 'data' }), new Set([ids.data]));
    assert.deepEqual(await idsOf({ author: fixture.inspector.userId }), new Set([ids.coproduction, ids.plan]));
    assert.deepEqual(await idsOf({ theme: 'THERAPY_WAITS', author: fixture.inspector.userId, q: 'therapies' }), new Set([ids.plan]));
    assert.deepEqual(await idsOf({ polarity: 'strength', source: 'data' }), new Set());
  });

  test('newest first without a search; sources and authors described', async () => {
    const result = await searchNotes(db.kysely, fixture.inspectionId, filter(), fixture.leadActor);
    assert.deepEqual(result.notes.map((n) => n.id), [ids.data, ids.plan, ids.coproduction, ids.therapy]);
    const byId = new Map(result.notes.map((n) => [n.id, n]));
    assert.equal(byId.get(ids.therapy)!.source, 'Meeting: SEND leaders, 24 November 2026');
    assert.match(byId.get(ids.coproduction)!.source, /^Tracked child 1 \(.+\)$/);
    assert.match(byId.get(ids.plan)!.source, /^Reviewed EHC plan 1 \(.+\)$/);
    assert.equal(byId.get(ids.data)!.source, 'Performance data: SEN2 returns');
    assert.equal(byId.get(ids.plan)!.authorId, fixture.inspector.userId);
    assert.deepEqual(byId.get(ids.coproduction)!.criteria, ['L1', 'L3']);
  });

  test('counts per filter choice leave that filter out but keep the others', async () => {
    const result = await searchNotes(db.kysely, fixture.inspectionId, filter({ polarity: 'concern' }), fixture.leadActor);
    // Polarity's own counts ignore the polarity chosen...
    assert.deepEqual(Object.fromEntries(result.facets.polarity), { concern: 2, strength: 1, neutral: 1 });
    // ...while the others count only concerns.
    assert.deepEqual(Object.fromEntries(result.facets.theme), { THERAPY_WAITS: 2, EHCP_QUALITY: 1 });
    assert.deepEqual(Object.fromEntries(result.facets.source), { activity: 1, reviewed_plan: 1 });
    assert.equal(result.facets.author.get(fixture.inspector.userId), 1);
  });

  test('another inspection’s notes never appear, in results, counts or authors', async () => {
    const all = await searchNotes(db.kysely, fixture.inspectionId, filter({ q: 'scarce' }), fixture.leadActor);
    assert.equal(all.total, 0);
    const theirs = await searchNotes(db.kysely, other.inspectionId, filter({ q: 'therapy' }), other.leadActor);
    assert.deepEqual(theirs.notes.map((n) => n.id), [ids.other]);
    const everything = await searchNotes(db.kysely, fixture.inspectionId, filter({ theme: 'THERAPY_WAITS' }), fixture.leadActor);
    assert.ok(!everything.notes.some((n) => n.id === ids.other));
    assert.equal(everything.facets.criterion.get('I2'), 1);
    const choices = await noteFilterChoices(db.kysely, fixture.inspectionId);
    assert.deepEqual(
      choices.authors.map((a) => a.id).sort(),
      [fixture.lead.userId, fixture.inspector.userId].sort(),
    );
    assert.ok(choices.criteria.some((c) => c.code === 'L6'));
  });

  test('each search is audited as a view with the filter', async () => {
    await searchNotes(db.kysely, fixture.inspectionId, filter({ q: 'therapy', polarity: 'concern' }), fixture.inspectorActor, { requestId: 'req-search' });
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('request_id', '=', 'req-search').executeTakeFirstOrThrow();
    assert.equal(audit.action, 'evidence.view-notes');
    assert.equal(audit.actor_user_id, fixture.inspector.userId);
    assert.equal(audit.inspection_id, fixture.inspectionId);
    assert.equal(audit.la_code, '352');
    assert.deepEqual(audit.details, { filter: { q: 'therapy', polarity: 'concern', page: 1 }, total: 2, shown: 2 });
  });

  test('pages of 25: every note once across the pages, and a page past the end is empty', async () => {
    const many = await createEvidenceFixture(db, '354');
    await addManyFixtureNotes(db, many.inspectionId, 60, 11);
    const seen: string[] = [];
    const times: number[] = [];
    for (let page = 1; page <= 3; page++) {
      const result = await searchNotes(db.kysely, many.inspectionId, filter({ page }), many.leadActor);
      assert.equal(result.total, 60);
      assert.equal(result.pageCount, 3);
      assert.equal(result.notes.length, page < 3 ? NOTES_PER_PAGE : 10);
      seen.push(...result.notes.map((n) => n.id));
      times.push(...result.notes.map((n) => n.createdAt.getTime()));
    }
    assert.equal(new Set(seen).size, 60);
    const past = await searchNotes(db.kysely, many.inspectionId, filter({ page: 4 }), many.leadActor);
    assert.deepEqual([past.notes.length, past.total], [0, 60]);
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first across the pages');
  });
});
