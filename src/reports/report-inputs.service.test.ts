// Tests of gathering a report's inputs on both databases: an inspection with nothing recorded, then
// with fieldwork, surveys, findings, an outcome, a saved draft and an earlier published inspection.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, test } from 'node:test';
import type { CasesFixture } from '../cases/case-test-support.ts';
import { addFixtureActivity, createEvidenceFixture } from '../evidence/evidence-test-support.ts';
import { CLI_ACTOR, createInspection, InspectionNotFoundError } from '../inspections/inspection.service.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { createSurveys, openSurveyNow } from '../surveys/survey.service.ts';
import { composeReport, OUTCOME_NOT_RECORDED } from './compose.ts';
import { composeCurrentReport, gatherReportInputs, recordReportExport, reportCounts } from './report-inputs.service.ts';

describeEachDatabase('gatherReportInputs', (kind) => {
  const db = usePreparedDatabase(kind);

  test('an inspection with nothing recorded gives empty inputs, null counts, and a report that composes', async () => {
    const fixture = await createEvidenceFixture(db, '350');
    const inputs = await gatherReportInputs(db.kysely, fixture.inspectionId);
    assert.equal(inputs.details.inspection.id, fixture.inspectionId);
    assert.deepEqual(inputs.findings, []);
    assert.equal(inputs.outcome, null);
    assert.deepEqual(inputs.narrative, {});
    assert.deepEqual(inputs.counts, { surveyResponses: null, familiesSpokenTo: null, staffSpokenTo: null, settingsVisited: null, plansReviewed: null });
    assert.equal(inputs.previousInspection, null);
    const document = composeReport(inputs);
    assert.equal(document.title, 'Area SEND inspection of Bolton Local Area Partnership');
    assert.ok(document.sections.find((s) => s.code === 'inspection_outcome')!.blocks.some((b) => b.type === 'paragraph' && b.text === OUTCOME_NOT_RECORDED));
    assert.equal(document.team.length, 3, 'both leads and the inspector; not the QA reader');
  });

  test('an unknown inspection is refused', async () => {
    await assert.rejects(gatherReportInputs(db.kysely, randomUUID()), InspectionNotFoundError);
    await assert.rejects(gatherReportInputs(db.kysely, 'not-an-id'), InspectionNotFoundError);
  });

  describeFigures();

  function describeFigures() {
    let fixture: CasesFixture;
    before(async () => {
      fixture = await createEvidenceFixture(db, '351');
    });

    test('counts surveys only once one has opened: 0 responses is not the same as no survey', async () => {
      const surveys = await createSurveys(db.kysely, fixture.inspectionId, fixture.leadActor);
      assert.equal((await reportCounts(db.kysely, fixture.inspectionId)).surveyResponses, null, 'surveys set up but never opened');
      const parents = surveys.find((s) => s.audience === 'parents_carers')!;
      await openSurveyNow(db.kysely, parents.id, fixture.leadActor);
      assert.equal((await reportCounts(db.kysely, fixture.inspectionId)).surveyResponses, 0);
      await db.kysely
        .insertInto('survey_response')
        .values(
          Array.from({ length: 3 }, () => ({
            survey_id: parents.id,
            language: 'en',
            answers: JSON.stringify({}),
            idempotency_key: randomUUID(),
            content_hash: randomUUID(),
            source: 'api' as const,
          })),
        )
        .execute();
      assert.equal((await reportCounts(db.kysely, fixture.inspectionId)).surveyResponses, 3);
    });

    test('counts people spoken to and settings visited from the fieldwork', async () => {
      await addFixtureActivity(db, fixture.inspectionId, { kind: 'focus_group', participants: { parents_carers: 6, children_young_people: 2 } });
      await addFixtureActivity(db, fixture.inspectionId, { kind: 'setting_visit', urn: '100001', participants: { education_staff: 3, leaders: 1 } });
      const counts = await reportCounts(db.kysely, fixture.inspectionId);
      assert.deepEqual({ families: counts.familiesSpokenTo, staff: counts.staffSpokenTo, settings: counts.settingsVisited, plans: counts.plansReviewed }, { families: 8, staff: 4, settings: 1, plans: null });
    });

    test('takes the findings, the outcome and the latest draft’s narrative, or the narrative it is given', async () => {
      await db.kysely
        .insertInto('finding')
        .values([
          { inspection_id: fixture.inspectionId, kind: 'effective', criteria: ['L1'], body: 'Leaders listen to families.', position: 1, created_by_label: 'fixture' },
          { inspection_id: fixture.inspectionId, kind: 'area_for_improvement', criteria: ['I1'], body: 'Assess needs sooner.', responsible_body: 'icb', position: 1, created_by_label: 'fixture' },
        ])
        .execute();
      await db.kysely.insertInto('inspection_outcome').values({ inspection_id: fixture.inspectionId, outcome: 'inconsistent', decided_by_label: 'fixture' }).execute();
      const sections = { experience: [{ type: 'paragraph' as const, text: 'Saved in the draft.' }] };
      await db.kysely
        .insertInto('report_version')
        .values({ inspection_id: fixture.inspectionId, number: 1, sections: JSON.stringify(sections), created_by_label: 'fixture' })
        .execute();

      const inputs = await gatherReportInputs(db.kysely, fixture.inspectionId);
      assert.deepEqual(
        inputs.findings.map((f) => f.body),
        ['Leaders listen to families.', 'Assess needs sooner.'],
      );
      assert.equal(inputs.outcome?.code, 'inconsistent');
      assert.deepEqual(inputs.narrative, sections);

      const given = { experience: [{ type: 'paragraph' as const, text: 'Being edited now.' }] };
      assert.deepEqual((await gatherReportInputs(db.kysely, fixture.inspectionId, given)).narrative, given);

      const document = await composeCurrentReport(db.kysely, fixture.inspectionId);
      assert.equal(document.outcome?.code, 'inconsistent');
      assert.ok(document.sections.find((s) => s.code === 'inspection_outcome')!.blocks.some((b) => b.type === 'paragraph' && b.text === 'The next full inspection will be within about 3 years.'));
      assert.deepEqual(document.sections.find((s) => s.code === 'areas_for_improvement')!.tables[0].rows, [['The integrated care board', 'Assess needs sooner.']]);
      assert.ok(document.sections.find((s) => s.code === 'experience')!.blocks.some((b) => b.type === 'paragraph' && b.text === 'Saved in the draft.'));
      const method = document.sections.find((s) => s.code === 'inspection_team')!.blocks.at(-1);
      assert.deepEqual(method && method.type === 'paragraph' && method.text, "During the inspection, inspectors spoke to about 8 parents, carers, children and young people and 4 staff and visited 1 setting. The inspection's surveys received 3 responses.");
    });
  }

  test('finds the area’s latest earlier published inspection, not a later or unpublished one', async () => {
    const fixture = await createEvidenceFixture(db, '353');
    const admin = { id: fixture.admin.userId, label: fixture.admin.email };
    const make = async (notificationDate: string, onsiteStartDate: string, onsiteEndDate: string, status: 'published' | 'closed' | 'reporting') => {
      const row = await createInspection(db.kysely, { laCode: '353', frameworkCode: '2023', inspectionType: 'full', notificationDate, onsiteStartDate, onsiteEndDate }, admin);
      await db.kysely.updateTable('inspection').set({ status }).where('id', '=', row.id).execute();
    };
    await make('2024-03-04', '2024-03-18', '2024-03-22', 'closed');
    await make('2025-03-03', '2025-03-17', '2025-03-21', 'published');
    await make('2025-09-01', '2025-09-15', '2025-09-19', 'reporting');
    await make('2027-03-01', '2027-03-15', '2027-03-19', 'published');
    const inputs = await gatherReportInputs(db.kysely, fixture.inspectionId);
    assert.deepEqual([inputs.previousInspection, inputs.previousInspectionEnd], ['2025-03-17', '2025-03-21']);
    const dates = composeReport(inputs).sections.find((s) => s.code === 'inspection_dates')!;
    assert.deepEqual(dates.subsections[0].blocks[0], { type: 'paragraph', text: '17 to 21 March 2025', key: 'inspection_dates.2', source: 'composed' });
  });

  test('records a report taken away as a file in the audit log', async () => {
    const fixture = await createEvidenceFixture(db, '354');
    const inputs = await gatherReportInputs(db.kysely, fixture.inspectionId);
    await recordReportExport(db.kysely, inputs.details, 'pdf', CLI_ACTOR, { via: 'cli' });
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'report.export').where('inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow();
    assert.deepEqual([audit.actor_label, audit.la_code, audit.details], ['cli', '354', { format: 'pdf', via: 'cli' }]);
  });
});
