// Test fixtures for sign-off and publication: a 2023 inspection in quality assurance with findings,
// the outcome and a saved draft; then sent to the area, checked, signed off by both leads, and
// published, each through the real services.
import type { CasesFixture } from '../cases/case-test-support.ts';
import { addFixtureFinding, createFindingsFixture, setFixtureOutcome } from '../findings/finding-test-support.ts';
import { moveInspectionForTest } from '../inspections/inspection-test-support.ts';
import type { Actor } from '../inspections/inspection.service.ts';
import type { Db } from '../platform/db/database.ts';
import { addComment, answerComment } from './report-comment.service.ts';
import type { NarrativeSections } from './report-document.ts';
import { saveDraft } from './report-draft.service.ts';
import { publishNow, sendForFactualAccuracy, signOff, signOffPage } from './report-publication.service.ts';

export type ReportFixture = CasesFixture & { cqcLeadActor: Actor; qaReaderActor: Actor };

export const FIXTURE_NARRATIVE: NarrativeSections = {
  about_partnership: [{ type: 'paragraph', text: 'The council commissions alternative provision from three providers.' }],
  experience: [{ type: 'paragraph', text: 'Most children and young people with SEND are happy, safe and well supported.' }],
  do_better: [{ type: 'list', items: ['Waiting times for therapies.', 'The quality of EHC plans.'] }],
};

function actorOf(user: { userId: string; email: string }): Actor {
  return { id: user.userId, label: user.email };
}

/** A 2023 full inspection in quality assurance: findings, the outcome (positive) and version 1 of the draft. */
export async function createReportFixture(db: Db, laCode = '352'): Promise<ReportFixture> {
  const fixture = await createFindingsFixture(db, { laCode });
  await moveInspectionForTest(db.kysely, fixture.inspectionId, 'reporting');
  await addFixtureFinding(db, fixture.inspectionId, { kind: 'experience', criteria: ['I3'], body: 'Children get the right help at the right time.' });
  await addFixtureFinding(db, fixture.inspectionId, { kind: 'effective', criteria: ['L1'], body: 'Leaders listen to what families tell them.' });
  await addFixtureFinding(db, fixture.inspectionId, { kind: 'area_for_improvement', criteria: ['L5'], body: 'Leaders should check the quality of EHC plans.', responsibleBody: 'local_authority' });
  await setFixtureOutcome(db, fixture.inspectionId, 'positive');
  await saveDraft(db.kysely, fixture.inspectionId, FIXTURE_NARRATIVE, 'First draft', 0, fixture.leadActor);
  await moveInspectionForTest(db.kysely, fixture.inspectionId, 'quality_assurance');
  return { ...fixture, cqcLeadActor: actorOf(fixture.cqcLead), qaReaderActor: actorOf(fixture.qaReader) };
}

/** The QA reader sends the draft to the area; the area's officer comments once and an inspector accepts it, ending the check. */
export async function completeFactualAccuracyCheck(db: Db, fixture: ReportFixture): Promise<void> {
  await sendForFactualAccuracy(db.kysely, fixture.inspectionId, { workingDays: 5 }, fixture.qaReaderActor);
  const comment = await addComment(db.kysely, fixture.inspectionId, 'factual_accuracy', 'experience.1', { body: 'The survey closed on 20 November.', shownVersion: 1 }, fixture.officerActor);
  await answerComment(db.kysely, fixture.inspectionId, comment.id, { decision: 'accept', response: '' }, fixture.inspectorActor);
}

/** Both leads sign off the report as it reads now. */
export async function signOffByBothLeads(db: Db, fixture: ReportFixture): Promise<void> {
  const { currentHash } = await signOffPage(db.kysely, fixture.inspectionId);
  await signOff(db.kysely, fixture.inspectionId, currentHash, fixture.leadActor);
  await signOff(db.kysely, fixture.inspectionId, currentHash, fixture.cqcLeadActor);
}

/** A report published through every real step, for tests of what comes after publication. */
export async function publishReportForTest(db: Db, laCode = '352'): Promise<ReportFixture & { publicationId: string }> {
  const fixture = await createReportFixture(db, laCode);
  await completeFactualAccuracyCheck(db, fixture);
  await signOffByBothLeads(db, fixture);
  const { publicationId } = await publishNow(db.kysely, fixture.inspectionId, fixture.leadActor);
  return { ...fixture, publicationId };
}
