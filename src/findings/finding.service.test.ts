// Findings and the outcome against both databases: recording, changing, moving and removing findings
// with their audit, stale changes refused, evidence of another inspection refused, the single-source
// flag, citations of each kind of evidence, the outcome's rules, the report's order and historical imports.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { addAcceptedImport, addFixtureSample, type CasesFixture } from '../cases/case-test-support.ts';
import { addNote } from '../cases/case-tracking.service.ts';
import { addFixtureNote } from '../evidence/evidence-test-support.ts';
import { findOutcome } from '../frameworks/framework.ts';
import { getInspection } from '../inspections/inspection.service.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { createSurveys } from '../surveys/survey.service.ts';
import { addFixtureFinding, createFindingsFixture, setFixtureOutcome } from './finding-test-support.ts';
import {
  FindingConflictError,
  FindingInputError,
  FindingsClosedError,
  HistoricalFindingsError,
  OutcomeConflictError,
  OutcomeInputError,
  citationCandidates,
  createFinding,
  decideOutcome,
  findingsForReport,
  getFinding,
  getOutcome,
  importHistoricalFindings,
  listFindings,
  moveFinding,
  removeFinding,
  updateFinding,
  type FindingInput,
} from './finding.service.ts';

function refusal(error: unknown): string[] {
  assert.ok(error instanceof FindingInputError, `expected FindingInputError, got ${String(error)}`);
  return error.issues.map((i) => i.message);
}

describeEachDatabase('findings and the outcome', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;
  let other: CasesFixture;
  let fieldworkNote: string;
  let secondFieldworkNote: string;
  let dataNote: string;
  let otherInspectionNote: string;

  const auditsOf = (action: string, subjectId: string) => db.kysely.selectFrom('audit_event').selectAll().where('action', '=', action).where('subject_id', '=', subjectId).execute();
  const findingCount = async (inspectionId: string) =>
    Number((await db.kysely.selectFrom('finding').select((eb) => eb.fn.countAll<number>().as('n')).where('inspection_id', '=', inspectionId).executeTakeFirstOrThrow()).n);
  const note = (id: string) => ({ kind: 'note' as const, refId: id });
  const input = (overrides: Partial<FindingInput> = {}): FindingInput => ({
    kind: 'effective',
    criteria: ['I1'],
    body: 'Leaders identify needs early.',
    responsibleBody: null,
    partners: '',
    citations: [note(fieldworkNote)],
    ...overrides,
  });

  before(async () => {
    fixture = await createFindingsFixture(db);
    other = await createFindingsFixture(db, { laCode: '202' });
    fieldworkNote = (await addFixtureNote(db, fixture.inspectionId, { criteria: ['I1'], polarity: 'strength', sourceKind: 'data', body: 'placeholder' })).id;
    // A fieldwork note needs an activity; the fixture writes the note straight, so the source kind is enough here.
    await db.kysely.updateTable('evidence_note').set({ source_kind: 'activity', source_detail: '', body: 'Parents said the <b>key workers</b> helped.' }).where('id', '=', fieldworkNote).execute();
    secondFieldworkNote = (await addFixtureNote(db, fixture.inspectionId, { criteria: ['I1'], polarity: 'concern', body: 'Waits are long.' })).id;
    await db.kysely.updateTable('evidence_note').set({ source_kind: 'activity', source_detail: '' }).where('id', '=', secondFieldworkNote).execute();
    dataNote = (await addFixtureNote(db, fixture.inspectionId, { criteria: ['I1'], polarity: 'concern', sourceKind: 'data', body: 'Timeliness of plans fell to 40%.' })).id;
    otherInspectionNote = (await addFixtureNote(db, other.inspectionId, { criteria: ['I1'], body: 'Another area’s note' })).id;
  });

  describe('recording', () => {
    test('a finding is recorded last of its kind with its citations labelled, and audited in the same transaction', async () => {
      const first = await createFinding(db.kysely, fixture.inspectionId, input({ kind: 'experience' }), fixture.inspectorActor, { requestId: 'r-1' });
      const second = await createFinding(db.kysely, fixture.inspectionId, input({ kind: 'experience', body: 'Second.', citations: [note(fieldworkNote), note(dataNote)] }), fixture.leadActor);
      const one = (await getFinding(db.kysely, fixture.inspectionId, first.id))!;
      const two = (await getFinding(db.kysely, fixture.inspectionId, second.id))!;
      assert.equal(one.position, 1);
      assert.equal(two.position, 2);
      assert.equal(one.kindLabel, 'What it is like for children and young people');
      assert.equal(one.origin, 'recorded');
      assert.equal(one.revision, 1);
      assert.deepEqual(one.citations, [{ kind: 'note', refId: fieldworkNote, source: 'fieldwork', label: '“Parents said the <b>key workers</b> helped.” (fieldwork activity, strength)' }]);
      assert.deepEqual(two.sources, ['fieldwork', 'data']);
      const [audit, ...more] = await auditsOf('finding.create', first.id);
      assert.equal(more.length, 0);
      assert.equal(audit?.actor_user_id, fixture.inspector.userId);
      assert.equal(audit?.request_id, 'r-1');
      assert.equal(audit?.inspection_id, fixture.inspectionId);
    });

    test('findings recorded at the same moment each get their own place in order', async () => {
      const f = await createFindingsFixture(db, { laCode: '202' });
      const n = (await addFixtureNote(db, f.inspectionId, { criteria: ['I5'] })).id;
      await Promise.all(Array.from({ length: 6 }, (_, i) => createFinding(db.kysely, f.inspectionId, { ...input({ kind: 'experience', criteria: ['I5'], body: `At once ${i}` }), citations: [note(n)] }, f.inspectorActor)));
      assert.deepEqual((await listFindings(db.kysely, f.inspectionId)).map((x) => x.position), [1, 2, 3, 4, 5, 6]);
    });

    test('a finding with no evidence is refused, and nothing is written', async () => {
      const before = await findingCount(fixture.inspectionId);
      const error = await createFinding(db.kysely, fixture.inspectionId, input({ citations: [] }), fixture.inspectorActor).catch((e: unknown) => e);
      assert.deepEqual(refusal(error), ['A finding must cite the evidence it rests on: select at least one item of evidence']);
      assert.equal(await findingCount(fixture.inspectionId), before);
    });

    test('a note of another inspection is refused, and nothing is written', async () => {
      const before = await findingCount(fixture.inspectionId);
      const error = await createFinding(db.kysely, fixture.inspectionId, input({ citations: [note(fieldworkNote), note(otherInspectionNote)] }), fixture.inspectorActor).catch((e: unknown) => e);
      assert.deepEqual(refusal(error), ['An evidence note cited is not this inspection’s: select evidence from the lists']);
      const unknown = await createFinding(db.kysely, fixture.inspectionId, input({ citations: [note(randomUUID()), note(randomUUID())] }), fixture.inspectorActor).catch((e: unknown) => e);
      assert.deepEqual(refusal(unknown), ['2 evidence notes cited are not this inspection’s: select evidence from the lists']);
      assert.equal(await findingCount(fixture.inspectionId), before);
    });

    test('a finding resting on one kind of source is flagged, not refused; another kind of source clears the flag', async () => {
      const { id } = await createFinding(db.kysely, fixture.inspectionId, input({ kind: 'to_do_better', citations: [note(fieldworkNote), note(secondFieldworkNote)] }), fixture.inspectorActor);
      const flagged = (await getFinding(db.kysely, fixture.inspectionId, id))!;
      assert.equal(flagged.singleSource, true);
      assert.deepEqual(flagged.sources, ['fieldwork']);
      await updateFinding(db.kysely, fixture.inspectionId, id, { ...input({ kind: 'to_do_better', citations: [note(fieldworkNote), note(dataNote)] }), revision: 1 }, fixture.inspectorActor);
      const cleared = (await getFinding(db.kysely, fixture.inspectionId, id))!;
      assert.equal(cleared.singleSource, false);
      assert.deepEqual(cleared.sources, ['fieldwork', 'data']);
    });

    test('survey figures, plan reviews and tracking notes are cited with their source and figures as shown', async () => {
      const surveys = await createSurveys(db.kysely, fixture.inspectionId, fixture.leadActor);
      const parents = surveys.find((s) => s.audience === 'parents_carers')!;
      await db.kysely
        .insertInto('survey_response')
        .values(
          [...Array.from({ length: 20 }, () => 'agree'), ...Array.from({ length: 10 }, () => 'disagree')].map((answer) => ({
            survey_id: parents.id,
            language: 'en',
            answers: JSON.stringify({ prepared_next_steps: answer }),
            idempotency_key: randomUUID(),
            content_hash: randomUUID(),
            source: 'api' as const,
          })),
        )
        .execute();
      const imported = await addAcceptedImport(db, fixture, { count: 30, seed: 3 });
      const people = imported.people.map((p) => p.personId);
      const sample = await addFixtureSample(db, fixture, imported, { tracked: [people[0]!], review: [people[1]!] });
      const tracked = await addNote(db.kysely, fixture.inspectionId, sample.caseIds.get(people[0]!)!, { body: 'Waited a year for therapy.', criteria: ['I4'] }, fixture.inspectorActor);
      const review = await db.kysely
        .insertInto('plan_review')
        .values({
          case_id: sample.caseIds.get(people[1]!)!,
          inspection_id: fixture.inspectionId,
          round: 'first',
          reviewer_id: fixture.inspector.userId,
          reviewer_label: fixture.inspector.email,
          instrument_version: '1.0',
          ratings: JSON.stringify({}),
          overall_grade: 'requires_improvement',
          summary: 'Outcomes are vague.',
          criteria: ['I4'],
          status: 'complete',
          completed_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const citations = [
        { kind: 'survey_figure' as const, refId: `${parents.id}:prepared_next_steps` },
        { kind: 'plan_review' as const, refId: review.id },
        { kind: 'tracking_note' as const, refId: tracked.id },
      ];
      const { id } = await createFinding(db.kysely, fixture.inspectionId, input({ kind: 'effective', criteria: ['I4'], citations }), fixture.inspectorActor);
      const finding = (await getFinding(db.kysely, fixture.inspectionId, id))!;
      assert.deepEqual(
        finding.citations.map((c) => [c.kind, c.source]),
        [
          ['plan_review', 'case_review'],
          ['survey_figure', 'survey'],
          ['tracking_note', 'tracking'],
        ],
      );
      const label = (k: string) => finding.citations.find((c) => c.kind === k)!.label;
      assert.match(label('survey_figure'), /^Parents and carers survey, “.+”: Agree or strongly agree: 67% of 30 answers$/);
      assert.equal(label('plan_review'), `Review of the EHC plan of ${people[1]} (graded requires improvement): Outcomes are vague.`);
      assert.equal(label('tracking_note'), `Tracking note on ${people[0]}: Waited a year for therapy.`);
      assert.deepEqual(finding.sources, ['survey', 'case_review', 'tracking']);

      const candidates = await citationCandidates(db.kysely, fixture.inspectionId, ['I4'], fixture.inspectorActor, {}, { caseDetail: true });
      assert.deepEqual(candidates.surveyFigures.map((f) => f.refId), [`${parents.id}:prepared_next_steps`]);
      assert.deepEqual(candidates.surveyFigures[0]!.figures, ['Agree or strongly agree: 67% of 30 answers']);
      assert.deepEqual(candidates.planReviews.map((r) => r.refId), [review.id]);
      assert.deepEqual(candidates.trackingNotes.map((t) => t.refId), [tracked.id]);
      const forQa = await citationCandidates(db.kysely, fixture.inspectionId, ['I4'], fixture.inspectorActor, {}, { caseDetail: false });
      assert.equal(forQa.caseDetail, false);
      assert.deepEqual([forQa.planReviews, forQa.trackingNotes], [[], []], 'case work is not offered to those who may not see it');

      // Another inspection's survey and review are refused.
      const otherSurveys = await createSurveys(db.kysely, other.inspectionId, other.leadActor);
      const otherParents = otherSurveys.find((s) => s.audience === 'parents_carers')!;
      const error = await createFinding(
        db.kysely,
        other.inspectionId,
        input({ criteria: ['I4'], citations: [{ kind: 'survey_figure', refId: `${parents.id}:prepared_next_steps` }, { kind: 'plan_review', refId: review.id }, { kind: 'survey_figure', refId: `${otherParents.id}:no_such_question` }] }),
        other.inspectorActor,
      ).catch((e: unknown) => e);
      assert.deepEqual(refusal(error), [
        '2 survey figures cited are not from this inspection’s surveys: select evidence from the lists',
        'A plan review cited is not a complete review of this inspection’s sample: select evidence from the lists',
      ]);
    });

    test('the evidence a form offers for criteria: notes tagged with them, newest first, each once', async () => {
      const candidates = await citationCandidates(db.kysely, fixture.inspectionId, ['I1', 'L5'], fixture.inspectorActor, {}, { caseDetail: true });
      assert.deepEqual(candidates.criteria, ['I1', 'L5']);
      assert.deepEqual(new Set(candidates.notes.map((n) => n.refId)), new Set([fieldworkNote, secondFieldworkNote, dataNote]));
      assert.ok(!candidates.notes.some((n) => n.refId === otherInspectionNote));
      assert.equal(candidates.notes.find((n) => n.refId === dataNote)!.source, 'data');
      const none = await citationCandidates(db.kysely, fixture.inspectionId, [], fixture.inspectorActor, {}, { caseDetail: true });
      assert.deepEqual([none.criteria, none.notes], [[], []]);
    });
  });

  describe('changing', () => {
    test('a stale change is refused with the finding as it is now, and nothing is written', async () => {
      const { id } = await createFinding(db.kysely, fixture.inspectionId, input({ kind: 'effective', body: 'First words.' }), fixture.inspectorActor);
      const { revision } = await updateFinding(db.kysely, fixture.inspectionId, id, { ...input({ kind: 'effective', body: 'Lead’s words.' }), revision: 1 }, fixture.leadActor);
      assert.equal(revision, 2);
      const error = await updateFinding(db.kysely, fixture.inspectionId, id, { ...input({ kind: 'effective', body: 'Inspector’s words.' }), revision: 1 }, fixture.inspectorActor).catch((e: unknown) => e);
      assert.ok(error instanceof FindingConflictError);
      assert.equal(error.current.body, 'Lead’s words.');
      assert.equal(error.current.revision, 2);
      assert.equal((await getFinding(db.kysely, fixture.inspectionId, id))!.body, 'Lead’s words.');
      assert.equal((await auditsOf('finding.update', id)).length, 1);
    });

    test('a citation kept keeps its label as cited; a new one is labelled as the note reads now', async () => {
      const { id } = await createFinding(db.kysely, fixture.inspectionId, input({ kind: 'effective', citations: [note(dataNote)] }), fixture.inspectorActor);
      const before = (await getFinding(db.kysely, fixture.inspectionId, id))!.citations[0]!.label;
      await db.kysely.updateTable('evidence_note').set({ body: 'Timeliness of plans fell to 35%.' }).where('id', '=', dataNote).execute();
      await updateFinding(db.kysely, fixture.inspectionId, id, { ...input({ kind: 'effective', citations: [note(dataNote), note(fieldworkNote)] }), revision: 1 }, fixture.inspectorActor);
      const after = (await getFinding(db.kysely, fixture.inspectionId, id))!;
      assert.equal(after.citations.find((c) => c.refId === dataNote)!.label, before);
      assert.match(before, /40%/);
      await db.kysely.updateTable('evidence_note').set({ body: 'Timeliness of plans fell to 40%.' }).where('id', '=', dataNote).execute();
    });

    test('a finding given another kind goes last of that kind, and its old kind closes up', async () => {
      const f = await createFindingsFixture(db, { laCode: '202' });
      const n = (await addFixtureNote(db, f.inspectionId, { criteria: ['I2'] })).id;
      const make = (body: string, k = 'experience') => createFinding(db.kysely, f.inspectionId, { ...input({ kind: k, criteria: ['I2'], body }), citations: [note(n)] }, f.inspectorActor);
      const a = await make('A');
      const b = await make('B');
      const c = await make('C');
      await make('X', 'effective');
      await updateFinding(db.kysely, f.inspectionId, a.id, { ...input({ kind: 'effective', criteria: ['I2'], body: 'A' }), citations: [note(n)], revision: 1 }, f.inspectorActor);
      const list = await listFindings(db.kysely, f.inspectionId);
      assert.deepEqual(
        list.map((x) => `${x.kind}:${x.position}:${x.body}`),
        ['experience:1:B', 'experience:2:C', 'effective:1:X', 'effective:2:A'],
      );
      assert.deepEqual([b.id, c.id], list.slice(0, 2).map((x) => x.id));
      // Moving: up and down within the kind, and not past either end.
      assert.deepEqual(await moveFinding(db.kysely, f.inspectionId, c.id, { direction: 'up' }, f.inspectorActor), { moved: true });
      assert.deepEqual(await moveFinding(db.kysely, f.inspectionId, c.id, { direction: 'up' }, f.inspectorActor), { moved: false });
      assert.deepEqual((await listFindings(db.kysely, f.inspectionId)).slice(0, 2).map((x) => x.body), ['C', 'B']);
      assert.equal((await auditsOf('finding.update', c.id)).filter((e) => (e.details as { moved?: string }).moved === 'up').length, 1);
      // Removing: a stale removal is refused; then the rest close up.
      const stale = await removeFinding(db.kysely, f.inspectionId, c.id, 7, f.inspectorActor).catch((e: unknown) => e);
      assert.ok(stale instanceof FindingConflictError);
      await removeFinding(db.kysely, f.inspectionId, c.id, 1, f.inspectorActor);
      assert.deepEqual(
        (await listFindings(db.kysely, f.inspectionId)).map((x) => `${x.kind}:${x.position}:${x.body}`),
        ['experience:1:B', 'effective:1:X', 'effective:2:A'],
      );
      const [removed] = await auditsOf('finding.remove', c.id);
      assert.equal((removed?.details as { body?: string }).body, 'C');
      assert.equal(await getFinding(db.kysely, f.inspectionId, c.id), undefined);
    });

    test('once the report is published, findings and the outcome are fixed', async () => {
      const f = await createFindingsFixture(db, { laCode: '202' });
      const existing = await addFixtureFinding(db, f.inspectionId);
      await db.kysely.updateTable('inspection').set({ status: 'published' }).where('id', '=', f.inspectionId).execute();
      await assert.rejects(createFinding(db.kysely, f.inspectionId, input(), f.inspectorActor), FindingsClosedError);
      await assert.rejects(updateFinding(db.kysely, f.inspectionId, existing.id, { ...input(), revision: 1 }, f.inspectorActor), FindingsClosedError);
      await assert.rejects(removeFinding(db.kysely, f.inspectionId, existing.id, 1, f.inspectorActor), FindingsClosedError);
      await assert.rejects(decideOutcome(db.kysely, f.inspectionId, { outcome: 'positive', rationale: '', revision: 0 }, f.leadActor), FindingsClosedError);
    });
  });

  describe('the outcome', () => {
    test('the outcome is recorded with the framework’s sentence, audited, and a stale page is refused', async () => {
      const f = await createFindingsFixture(db, { laCode: '202' });
      assert.equal(await getOutcome(db.kysely, f.inspectionId), null);
      const { revision } = await decideOutcome(db.kysely, f.inspectionId, { outcome: 'inconsistent', rationale: ' Mixed picture. ', revision: 0 }, f.leadActor, { requestId: 'r-9' });
      assert.equal(revision, 1);
      const details = (await getInspection(db.kysely, f.inspectionId))!;
      const outcome = (await getOutcome(db.kysely, f.inspectionId))!;
      assert.equal(outcome.code, 'inconsistent');
      assert.equal(outcome.sentence, findOutcome(details.framework.definition, 'inconsistent')!.sentence);
      assert.equal(outcome.rationale, 'Mixed picture.');
      assert.equal(outcome.decidedBy, f.lead.displayName);
      const [audit] = await auditsOf('outcome.decide', f.inspectionId);
      assert.deepEqual(audit?.details, { outcome: 'inconsistent', previous: null, revision: 1, rationaleLength: 14 });
      assert.equal(audit?.request_id, 'r-9');
      const stale = await decideOutcome(db.kysely, f.inspectionId, { outcome: 'positive', rationale: '', revision: 0 }, { id: f.cqcLead.userId, label: f.cqcLead.email }).catch((e: unknown) => e);
      assert.ok(stale instanceof OutcomeConflictError);
      assert.equal(stale.current?.code, 'inconsistent');
      assert.equal((await getOutcome(db.kysely, f.inspectionId))!.code, 'inconsistent');
    });

    test('an outcome not of the inspection type, or a sentence not the framework’s, is refused', async () => {
      const f = await createFindingsFixture(db, { laCode: '202' });
      const wrong = await decideOutcome(db.kysely, f.inspectionId, { outcome: 'effective_action_all', rationale: '', revision: 0 }, f.leadActor).catch((e: unknown) => e);
      assert.ok(wrong instanceof OutcomeInputError);
      assert.deepEqual(wrong.issues, [{ field: 'outcome', message: 'Select one of the outcomes of a full inspection under the 2023 framework: “effective_action_all” is not one of them' }]);
      const typed = await decideOutcome(db.kysely, f.inspectionId, { outcome: 'positive', rationale: '', revision: 0, sentence: 'The area is outstanding.' }, f.leadActor).catch((e: unknown) => e);
      assert.ok(typed instanceof OutcomeInputError);
      assert.match(typed.issues[0]!.message, /must be the framework’s own/);
      const long = await decideOutcome(db.kysely, f.inspectionId, { outcome: 'positive', rationale: 'x'.repeat(5001), revision: 0 }, f.leadActor).catch((e: unknown) => e);
      assert.ok(long instanceof OutcomeInputError);
      assert.equal(long.issues[0]!.field, 'rationale');
      assert.equal(await getOutcome(db.kysely, f.inspectionId), null);
    });

    test('areas for priority action: only with widespread failings, and the outcome cannot become positive while they stand', async () => {
      const f = await createFindingsFixture(db, { laCode: '202' });
      const n = (await addFixtureNote(db, f.inspectionId, { criteria: ['L1'] })).id;
      const priority = { ...input({ kind: 'area_for_priority_action', criteria: ['L1'], responsibleBody: 'local_authority_and_icb' }), citations: [note(n)] };
      await decideOutcome(db.kysely, f.inspectionId, { outcome: 'positive', rationale: '', revision: 0 }, f.leadActor);
      const closed = await createFinding(db.kysely, f.inspectionId, priority, f.inspectorActor).catch((e: unknown) => e);
      assert.match(refusal(closed)[0]!, /^An area for priority action is given only with the outcome “Widespread and\/or systemic failings”, and the outcome recorded is “Positive experiences and outcomes”/);
      await decideOutcome(db.kysely, f.inspectionId, { outcome: 'widespread_systemic_failings', rationale: '', revision: 1 }, f.leadActor);
      await createFinding(db.kysely, f.inspectionId, priority, f.inspectorActor);
      await createFinding(db.kysely, f.inspectionId, priority, f.inspectorActor);
      const refused = await decideOutcome(db.kysely, f.inspectionId, { outcome: 'positive', rationale: '', revision: 2 }, f.leadActor).catch((e: unknown) => e);
      assert.ok(refused instanceof OutcomeInputError);
      assert.deepEqual(refused.issues, [{ field: 'outcome', message: 'Change or remove 2 findings first: the outcome “Positive experiences and outcomes” does not allow areas for priority action' }]);
      assert.equal((await getOutcome(db.kysely, f.inspectionId))!.code, 'widespread_systemic_failings');
      assert.equal((await auditsOf('outcome.decide', f.inspectionId)).length, 2);
    });

    test('2016: significant weaknesses stand only with a written statement of action, whose sentence the outcome carries', async () => {
      const f = await createFindingsFixture(db, { framework: '2016', laCode: '202' });
      const n = (await addFixtureNote(db, f.inspectionId, { criteria: ['B'] })).id;
      await createFinding(db.kysely, f.inspectionId, { kind: 'significant_weakness', criteria: [], body: 'Joint commissioning is weak.', responsibleBody: null, partners: '', citations: [note(n)] }, f.inspectorActor);
      await createFinding(db.kysely, f.inspectionId, { kind: 'area_for_development', criteria: ['B'], body: 'Plans are late.', responsibleBody: null, partners: '', citations: [note(n)] }, f.inspectorActor);
      await createFinding(db.kysely, f.inspectionId, { kind: 'strength', criteria: ['A'], body: 'Needs are identified early.', responsibleBody: null, partners: '', citations: [note(n)] }, f.inspectorActor);
      const refused = await decideOutcome(db.kysely, f.inspectionId, { outcome: 'wsoa_not_required', rationale: '', revision: 0 }, f.leadActor).catch((e: unknown) => e);
      assert.ok(refused instanceof OutcomeInputError);
      assert.equal(refused.issues[0]!.message, 'Change or remove 1 finding first: the outcome “Written statement of action not required” does not allow significant weaknesses');
      await decideOutcome(db.kysely, f.inspectionId, { outcome: 'wsoa_required', rationale: '', revision: 0 }, f.leadActor);
      const report = await findingsForReport(db.kysely, f.inspectionId);
      assert.equal(report.outcome?.label, 'Written statement of action required');
      assert.match(report.outcome!.sentence!, /^As a result of the findings of this inspection/);
      assert.deepEqual(
        report.findings.map((x) => x.kind),
        ['strength', 'area_for_development', 'significant_weakness'],
        'in the framework’s order of kinds',
      );
      assert.deepEqual(report.findings.map((x) => x.singleSource), [true, true, true]);
    });
  });

  describe('the report’s findings and historical imports', () => {
    test('findingsForReport lists findings by the framework’s kinds, then position', async () => {
      const f = await createFindingsFixture(db, { laCode: '202' });
      await addFixtureFinding(db, f.inspectionId, { kind: 'area_for_improvement', responsibleBody: 'icb', body: 'AFI 1' });
      await addFixtureFinding(db, f.inspectionId, { kind: 'experience', body: 'Exp 2', position: 2 });
      await addFixtureFinding(db, f.inspectionId, { kind: 'experience', body: 'Exp 1', position: 1 });
      await addFixtureFinding(db, f.inspectionId, { kind: 'to_do_better', body: 'Better 1' });
      const report = await findingsForReport(db.kysely, f.inspectionId);
      assert.deepEqual(report.findings.map((x) => x.body), ['Exp 1', 'Exp 2', 'Better 1', 'AFI 1']);
      assert.equal(report.findings[3]!.responsibleBodyLabel, 'The integrated care board');
      assert.equal(report.outcome, null);
      await setFixtureOutcome(db, f.inspectionId, 'inconsistent');
      assert.equal((await findingsForReport(db.kysely, f.inspectionId)).outcome?.label, 'Inconsistent experiences and outcomes');
    });

    test('historical findings are imported in the importer’s transaction, uncited and unflagged, with the outcome', async () => {
      const f = await createFindingsFixture(db, { laCode: '202' });
      const cli = { id: null, label: 'cli' };
      await db.kysely.transaction().execute((trx) =>
        importHistoricalFindings(
          trx,
          f.inspectionId,
          [
            { kind: 'area_for_priority_action', criteria: ['L4'], body: 'Commission therapy services.', responsibleBody: 'named_partners', partners: 'The ICB and schools' },
            { kind: 'experience', criteria: ['I1', 'I3'], body: 'Families wait too long.', responsibleBody: null, partners: '' },
          ],
          'widespread_systemic_failings',
          cli,
        ),
      );
      const report = await findingsForReport(db.kysely, f.inspectionId);
      assert.deepEqual(report.findings.map((x) => [x.kind, x.origin, x.citations.length, x.singleSource]), [
        ['experience', 'imported', 0, false],
        ['area_for_priority_action', 'imported', 0, false],
      ]);
      assert.equal(report.findings[1]!.partners, 'The ICB and schools');
      assert.equal(report.outcome?.code, 'widespread_systemic_failings');
      assert.equal(report.outcome?.decidedBy, 'cli');

      const g = await createFindingsFixture(db, { laCode: '202' });
      const error = await db.kysely
        .transaction()
        .execute((trx) =>
          importHistoricalFindings(
            trx,
            g.inspectionId,
            [
              { kind: 'experience', criteria: ['Z9'], body: 'Unknown criterion.', responsibleBody: null, partners: '' },
              { kind: 'area_for_priority_action', criteria: ['L1'], body: 'Not with this outcome.', responsibleBody: 'icb', partners: '' },
            ],
            'positive',
            cli,
          ),
        )
        .catch((e: unknown) => e);
      assert.ok(error instanceof HistoricalFindingsError);
      assert.deepEqual(error.problems.map((p) => p.finding), [1, 2]);
      assert.match(error.problems[0]!.message, /Z9 is not one of them/);
      const unknownOutcome = await db.kysely.transaction().execute((trx) => importHistoricalFindings(trx, g.inspectionId, [], 'brilliant', cli)).catch((e: unknown) => e);
      assert.ok(unknownOutcome instanceof HistoricalFindingsError);
      assert.match(unknownOutcome.message, /^Outcome: Select one of the outcomes/);
      assert.equal(await findingCount(g.inspectionId), 0);
      assert.equal(await getOutcome(db.kysely, g.inspectionId), null);
    });
  });
});
