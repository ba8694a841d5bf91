// The triangulation against both databases: the matrix counts notes, tracking notes and plan reviews
// of the current sample only, and a criterion's page lists, filters and pages its evidence, audited.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, test } from 'node:test';
import { addAcceptedImport, addFixtureSample, createCasesFixture, type CasesFixture } from '../cases/case-test-support.ts';
import { addNote } from '../cases/case-tracking.service.ts';
import type { Db } from '../platform/db/database.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { createSurveys } from '../surveys/survey.service.ts';
import { addFixtureNote } from './evidence-test-support.ts';
import { NOTES_PER_PAGE, criterionPage, matrix } from './triangulation.service.ts';
import type { MatrixRow } from './triangulation.ts';

async function addReview(db: Db, fixture: CasesFixture, caseId: string, values: { grade: string | null; criteria: string[]; status?: 'draft' | 'complete'; round?: 'first' | 'second'; summary?: string }) {
  const complete = (values.status ?? 'complete') === 'complete';
  await db.kysely
    .insertInto('plan_review')
    .values({
      case_id: caseId,
      inspection_id: fixture.inspectionId,
      round: values.round ?? 'first',
      reviewer_id: fixture.inspector.userId,
      reviewer_label: fixture.inspector.email,
      instrument_version: '1.0',
      ratings: JSON.stringify({}),
      overall_grade: values.grade,
      summary: values.summary ?? 'The plan sets out needs clearly.',
      criteria: values.criteria,
      status: values.status ?? 'complete',
      completed_at: complete ? new Date() : null,
    })
    .execute();
}

async function addResponses(db: Db, surveyId: string, answers: Record<string, string>[]) {
  await db.kysely
    .insertInto('survey_response')
    .values(answers.map((a) => ({ survey_id: surveyId, language: 'en', answers: JSON.stringify(a), idempotency_key: randomUUID(), content_hash: randomUUID(), source: 'api' as const })))
    .execute();
}

function rowOf(groups: { rows: MatrixRow[] }[], code: string): MatrixRow {
  return groups.flatMap((g) => g.rows).find((r) => r.code === code)!;
}

describeEachDatabase('triangulation', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;
  let trackedCase: string;
  let reviewCases: string[];

  before(async () => {
    fixture = await createCasesFixture(db);
    const imported = await addAcceptedImport(db, fixture, { count: 60, seed: 5 });
    const ids = imported.people.map((p) => p.personId);
    // An earlier draw, superseded, with a tracking note and a review on I3: neither may count.
    const old = await addFixtureSample(db, fixture, imported, { tracked: [ids[40]!], review: [ids[41]!] });
    await db.kysely.insertInto('tracking_note').values({ case_id: old.caseIds.get(ids[40]!)!, body: 'Old note', criteria: ['I3'], written_by: fixture.inspector.userId, written_by_label: fixture.inspector.email }).execute();
    await addReview(db, fixture, old.caseIds.get(ids[41]!)!, { grade: 'inadequate', criteria: ['I3'] });
    await db.kysely.updateTable('case_sample').set({ superseded_at: new Date() }).where('id', '=', old.sampleId).execute();

    const sample = await addFixtureSample(db, fixture, imported, { tracked: ids.slice(0, 2), review: ids.slice(2, 8) });
    trackedCase = sample.caseIds.get(ids[0]!)!;
    reviewCases = ids.slice(2, 8).map((id) => sample.caseIds.get(id)!);
    // A replaced tracked child's note does not count either.
    const replaced = sample.caseIds.get(ids[1]!)!;
    await addNote(db.kysely, fixture.inspectionId, replaced, { body: 'Replaced child', criteria: ['I3'] }, fixture.inspectorActor);
    await db.kysely.updateTable('sampled_case').set({ replaced_at: new Date(), replaced_reason: 'Moved away' }).where('id', '=', replaced).execute();
    await addNote(db.kysely, fixture.inspectionId, trackedCase, { body: 'Tracking: the plan was late.', criteria: ['I3', 'L1'] }, fixture.inspectorActor);
    await addNote(db.kysely, fixture.inspectionId, trackedCase, { body: 'Tracking: the family felt heard.', criteria: ['I3'] }, fixture.inspectorActor);

    await addReview(db, fixture, reviewCases[0]!, { grade: 'outstanding', criteria: ['I3'], summary: 'A plan that tells the child’s story well.' });
    await addReview(db, fixture, reviewCases[1]!, { grade: 'good', criteria: ['I3', 'I4'] });
    await addReview(db, fixture, reviewCases[2]!, { grade: 'requires_improvement', criteria: ['I3'] });
    await addReview(db, fixture, reviewCases[3]!, { grade: 'inadequate', criteria: ['L1'] });
    // A draft, and a second review of a plan already counted: neither counts.
    await addReview(db, fixture, reviewCases[4]!, { grade: 'inadequate', criteria: ['I3'], status: 'draft' });
    await addReview(db, fixture, reviewCases[0]!, { grade: 'inadequate', criteria: ['I3'], round: 'second' });

    const author = { id: fixture.lead.userId, label: fixture.lead.email };
    await addFixtureNote(db, fixture.inspectionId, { criteria: ['I3'], polarity: 'strength', sourceKind: 'activity', body: 'Fieldwork strength on I3', author, createdAt: '2026-11-24T10:00:00Z' });
    await addFixtureNote(db, fixture.inspectionId, { criteria: ['I3', 'I1'], polarity: 'concern', sourceKind: 'survey', body: 'Survey concern', author, createdAt: '2026-11-24T11:00:00Z' });
    await addFixtureNote(db, fixture.inspectionId, { criteria: ['I3'], polarity: 'neutral', sourceKind: 'tracked_case', body: 'Tracked child note', author, createdAt: '2026-11-24T12:00:00Z' });
    await addFixtureNote(db, fixture.inspectionId, { criteria: ['I3'], polarity: 'concern', sourceKind: 'reviewed_plan', body: 'Reviewed plan concern', author, createdAt: '2026-11-24T13:00:00Z' });
    await addFixtureNote(db, fixture.inspectionId, { criteria: ['L2'], polarity: 'strength', sourceKind: 'data', body: 'Data strength', author, createdAt: '2026-11-24T14:00:00Z' });
    await addFixtureNote(db, fixture.inspectionId, { criteria: ['L2'], polarity: 'concern', sourceKind: 'data', body: 'Data concern', author, createdAt: '2026-11-24T15:00:00Z' });
    await addFixtureNote(db, fixture.inspectionId, { criteria: ['L2'], polarity: 'concern', sourceKind: 'data', body: 'Data concern again', author, createdAt: '2026-11-24T16:00:00Z' });
  });

  test('the matrix counts notes by source and polarity, and the current sample’s tracking notes and complete first reviews', async () => {
    const m = await matrix(db.kysely, fixture.inspectionId);
    assert.deepEqual(
      m.groups.flatMap((g) => g.rows.map((r) => r.code)),
      ['I1', 'I2', 'I3', 'I4', 'I5', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6'],
    );
    const i3 = rowOf(m.groups, 'I3');
    assert.deepEqual(i3.cells.fieldwork, { total: 1, strengths: 1, concerns: 0 });
    assert.deepEqual(i3.cells.survey, { total: 1, strengths: 0, concerns: 1 });
    assert.deepEqual(i3.cells.tracking, { total: 3, strengths: 0, concerns: 0 }, 'one note about a tracked child and two tracking notes');
    assert.deepEqual(i3.cells.case_review, { total: 4, strengths: 2, concerns: 2 }, 'a note and three complete first reviews: outstanding, good, requires improvement');
    assert.deepEqual(i3.cells.data, { total: 0, strengths: 0, concerns: 0 });
    assert.deepEqual(i3.total, { total: 9, strengths: 3, concerns: 3 });
    assert.deepEqual(i3.highlights, []);

    const l1 = rowOf(m.groups, 'L1');
    assert.deepEqual(l1.cells.tracking.total, 1);
    assert.deepEqual(l1.cells.case_review, { total: 1, strengths: 0, concerns: 1 });
    assert.deepEqual(
      l1.highlights.map((h) => h.reason),
      ['Only 2 items of evidence'],
    );
    const l2 = rowOf(m.groups, 'L2');
    assert.deepEqual(
      l2.highlights.map((h) => h.reason),
      ['Evidence from performance data only'],
    );
    assert.deepEqual(rowOf(m.groups, 'I5').highlights.map((h) => h.reason), ['No evidence yet']);
    assert.ok(m.highlighted.some((r) => r.code === 'L2') && !m.highlighted.some((r) => r.code === 'I3'));
  });

  test('a criterion’s page has its counts, its notes newest first with their source, and its reviews and tracking notes; the view is audited', async () => {
    const page = await criterionPage(db.kysely, fixture.inspectionId, 'I3', fixture.inspectorActor, { requestId: 'req-i3' }, { caseDetail: true });
    assert.ok(page);
    assert.equal(page.criterion.heading.length > 0, true);
    assert.equal(page.criterion.description.length > 0, true);
    assert.deepEqual(page.row.total, { total: 9, strengths: 3, concerns: 3 });
    assert.deepEqual(
      page.notes.items.map((n) => n.excerpt),
      ['Reviewed plan concern', 'Tracked child note', 'Survey concern', 'Fieldwork strength on I3'],
    );
    assert.equal(page.notes.total, 4);
    assert.equal(page.notes.items[3]!.source, 'Fieldwork activity');
    assert.equal(page.notes.items[0]!.author, fixture.lead.displayName);
    assert.deepEqual(
      page.reviews.items.map((r) => r.gradeLabel),
      ['Outstanding', 'Good', 'Requires improvement'],
    );
    assert.equal(page.reviews.count, 3);
    assert.equal(page.reviews.completedReviews, 4, 'the grade distribution covers every complete first review');
    assert.deepEqual(
      page.reviews.grades.map((g) => [g.code, g.count]),
      [
        ['outstanding', 1],
        ['good', 1],
        ['requires_improvement', 1],
        ['inadequate', 1],
      ],
    );
    assert.deepEqual(
      page.tracking.items.map((t) => [t.caseId, t.body]),
      [
        [trackedCase, 'Tracking: the family felt heard.'],
        [trackedCase, 'Tracking: the plan was late.'],
      ],
    );
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'evidence.view-criterion').where('request_id', '=', 'req-i3').executeTakeFirstOrThrow();
    assert.equal(audit.actor_user_id, fixture.inspector.userId);
    assert.equal(audit.subject_type, 'criterion');
    assert.equal(audit.subject_id, 'I3');
    assert.equal(audit.inspection_id, fixture.inspectionId);
    const details = (typeof audit.details === 'string' ? JSON.parse(audit.details) : audit.details) as { notes: string[]; reviews: string[]; trackingNotes: string[] };
    assert.equal(details.notes.length, 4);
    assert.equal(details.reviews.length, 3);
    assert.equal(details.trackingNotes.length, 2);
  });

  test('without the cases permission, the page gives the counts of reviews and tracking notes but not their content', async () => {
    const page = await criterionPage(db.kysely, fixture.inspectionId, 'I3', fixture.inspectorActor, {}, { caseDetail: false });
    assert.ok(page);
    assert.equal(page.reviews.shown, false);
    assert.deepEqual(page.reviews.items, []);
    assert.equal(page.reviews.count, 3);
    assert.equal(page.tracking.shown, false);
    assert.deepEqual(page.tracking.items, []);
    assert.equal(page.tracking.count, 2);
  });

  test('notes can be filtered by polarity and source', async () => {
    const concerns = await criterionPage(db.kysely, fixture.inspectionId, 'I3', fixture.inspectorActor, {}, { filter: { polarity: 'concern' } });
    assert.deepEqual(
      concerns!.notes.items.map((n) => n.excerpt),
      ['Reviewed plan concern', 'Survey concern'],
    );
    const surveyConcerns = await criterionPage(db.kysely, fixture.inspectionId, 'I3', fixture.inspectorActor, {}, { filter: { polarity: 'concern', sourceKind: 'survey' } });
    assert.deepEqual(
      surveyConcerns!.notes.items.map((n) => n.excerpt),
      ['Survey concern'],
    );
    const none = await criterionPage(db.kysely, fixture.inspectionId, 'I3', fixture.inspectorActor, {}, { filter: { sourceKind: 'data' } });
    assert.equal(none!.notes.total, 0);
    assert.deepEqual(none!.notes.items, []);
  });

  test('a criterion the framework does not have has no page, and nothing is audited', async () => {
    const before = await db.kysely.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'evidence.view-criterion').executeTakeFirstOrThrow();
    assert.equal(await criterionPage(db.kysely, fixture.inspectionId, 'A', fixture.inspectorActor), undefined, 'a 2016 code on a 2023 inspection');
    assert.equal(await criterionPage(db.kysely, fixture.inspectionId, 'i3', fixture.inspectorActor), undefined);
    const after = await db.kysely.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'evidence.view-criterion').executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  test('survey questions mapped to the criterion show their figures, suppressed as the summary is', async () => {
    const surveys = await createSurveys(db.kysely, fixture.inspectionId, fixture.leadActor);
    const byAudience = new Map(surveys.map((s) => [s.audience, s]));
    const parents = byAudience.get('parents_carers')!;
    const practitioners = byAudience.get('practitioners')!;
    await addResponses(db, parents.id, [
      ...Array.from({ length: 12 }, () => ({ prepared_next_steps: 'agree' })),
      ...Array.from({ length: 8 }, () => ({ prepared_next_steps: 'strongly_agree' })),
      ...Array.from({ length: 10 }, () => ({ prepared_next_steps: 'disagree' })),
    ]);
    await addResponses(db, practitioners.id, [{ prepared_for_adulthood: 'agree' }, { prepared_for_adulthood: 'agree' }]);
    const page = await criterionPage(db.kysely, fixture.inspectionId, 'I4', fixture.inspectorActor);
    const parentsEvidence = page!.surveys.find((s) => s.audience === 'parents_carers')!;
    assert.equal(parentsEvidence.responseCount, 30);
    assert.deepEqual(
      parentsEvidence.questions.map((q) => [q.questionId, q.figures]),
      [['prepared_next_steps', ['Agree or strongly agree: 67% of 30 answers']]],
    );
    const practitionersEvidence = page!.surveys.find((s) => s.audience === 'practitioners')!;
    assert.deepEqual(practitionersEvidence.questions[0]!.figures, ['Fewer than 10 people answered this question, so its figures are not shown.']);
    const children = page!.surveys.find((s) => s.audience === 'children_young_people')!;
    assert.equal(children.responseCount, 0);
    assert.deepEqual(children.questions[0]!.figures, []);
    // More answers: the figures follow them, however recently they were worked out.
    await addResponses(db, parents.id, Array.from({ length: 10 }, () => ({ prepared_next_steps: 'disagree' })));
    const later = await criterionPage(db.kysely, fixture.inspectionId, 'I4', fixture.inspectorActor);
    assert.deepEqual(later!.surveys.find((s) => s.audience === 'parents_carers')!.questions[0]!.figures, ['Agree or strongly agree: 50% of 40 answers']);
    // I3 has written-answer questions too: they are named, not counted.
    const i3 = await criterionPage(db.kysely, fixture.inspectionId, 'I3', fixture.inspectorActor);
    assert.ok(i3!.surveys.find((s) => s.audience === 'parents_carers')!.writtenQuestions.some((q) => q.questionId === 'what_works_well'));
  });

  test('a long list of notes comes a page at a time, and a page past the end shows the last', async () => {
    const author = { id: fixture.lead.userId, label: fixture.lead.email };
    for (let i = 0; i < NOTES_PER_PAGE + 5; i++) {
      await addFixtureNote(db, fixture.inspectionId, { criteria: ['L6'], polarity: 'neutral', sourceKind: 'data', body: `Paged note ${i}`, author, createdAt: new Date(Date.UTC(2026, 10, 25, 9, i)) });
    }
    const first = await criterionPage(db.kysely, fixture.inspectionId, 'L6', fixture.inspectorActor);
    assert.equal(first!.notes.total, NOTES_PER_PAGE + 5);
    assert.equal(first!.notes.items.length, NOTES_PER_PAGE);
    assert.equal(first!.notes.pageCount, 2);
    assert.equal(first!.notes.items[0]!.excerpt, `Paged note ${NOTES_PER_PAGE + 4}`);
    const second = await criterionPage(db.kysely, fixture.inspectionId, 'L6', fixture.inspectorActor, {}, { page: 2 });
    assert.deepEqual(
      second!.notes.items.map((n) => n.excerpt),
      ['Paged note 4', 'Paged note 3', 'Paged note 2', 'Paged note 1', 'Paged note 0'],
    );
    const beyond = await criterionPage(db.kysely, fixture.inspectionId, 'L6', fixture.inspectorActor, {}, { page: 9 });
    assert.equal(beyond!.notes.page, 2);
    assert.equal(beyond!.notes.items.length, 5);
  });
});
