// Database tests of sign-off and publication on PGlite and PostgreSQL: sending for the factual
// accuracy check, sign-offs made stale by any change, publishing refused without both, publishing
// now, scheduled publication by the job (not before its time, once however many runs), corrections,
// the stored files, and no change after publication except a correction.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { FindingsClosedError, createFinding, decideOutcome, listFindings } from '../findings/finding.service.ts';
import { setFixtureOutcome } from '../findings/finding-test-support.ts';
import { getInspection, TransitionRefusedError } from '../inspections/inspection.service.ts';
import type { Db } from '../platform/db/database.ts';
import type { Database } from '../platform/db/schema.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { addComment, answerComment } from './report-comment.service.ts';
import { ReportClosedError } from './report-draft.ts';
import { saveDraft } from './report-draft.service.ts';
import { getPublishedReport } from './published-report.service.ts';
import {
  CorrectionInputError,
  ReportStepInputError,
  ReportStepRefusedError,
  SignOffOutdatedError,
  cancelScheduledPublication,
  publicationFile,
  publicationStatus,
  publishCorrection,
  publishDueReports,
  publishNow,
  schedulePublication,
  sendForFactualAccuracy,
  signOff,
  signOffPage,
  type PublicationRenderers,
} from './report-publication.service.ts';
import {
  FIXTURE_NARRATIVE,
  completeFactualAccuracyCheck,
  createReportFixture,
  publishReportForTest,
  signOffByBothLeads,
  type ReportFixture,
} from './report-publication-test-support.ts';
import { factualAccuracyDeadline } from './report-workflow.ts';

const MINUTE = 60_000;

async function count(db: Kysely<Database>, table: 'report_publication' | 'report_sign_off' | 'inspection_transition', inspectionId: string): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('inspection_id', '=', inspectionId).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function statusOf(db: Db, inspectionId: string) {
  return (await getInspection(db.kysely, inspectionId))!.inspection.status;
}

async function audits(db: Db, inspectionId: string, action: string) {
  return db.kysely.selectFrom('audit_event').select(['actor_label', 'outcome', 'details']).where('inspection_id', '=', inspectionId).where('action', '=', action).orderBy('id').execute();
}

function refusedWith(headline: string | RegExp, missing?: string[]) {
  return (error: unknown) => {
    assert.ok(error instanceof ReportStepRefusedError, String(error));
    if (typeof headline === 'string') assert.equal(error.headline, headline);
    else assert.match(error.headline, headline);
    if (missing) assert.deepEqual(error.missing, missing);
    return true;
  };
}

/** A fixture in the factual accuracy check with the area's comment answered: ready for sign-off. */
async function checked(db: Db, laCode = '352'): Promise<ReportFixture> {
  const fixture = await createReportFixture(db, laCode);
  await completeFactualAccuracyCheck(db, fixture);
  return fixture;
}

async function signedOff(db: Db, laCode = '352'): Promise<ReportFixture> {
  const fixture = await checked(db, laCode);
  await signOffByBothLeads(db, fixture);
  return fixture;
}

describeEachDatabase('report sign-off and publication', (kind) => {
  const db = usePreparedDatabase(kind);

  test('the QA reader sends the draft for the factual accuracy check once every QA comment is resolved', async () => {
    const fixture = await createReportFixture(db);
    const id = fixture.inspectionId;
    const qa = await addComment(db.kysely, id, 'quality_assurance', 'experience.1', { body: 'Say which survey this comes from.', shownVersion: 1 }, fixture.qaReaderActor);
    await assert.rejects(sendForFactualAccuracy(db.kysely, id, { workingDays: 5 }, fixture.qaReaderActor), refusedWith('The draft cannot be sent to the local area yet', ['Resolve 1 quality assurance comment']));
    assert.equal(await statusOf(db, id), 'quality_assurance');
    await answerComment(db.kysely, id, qa.id, { decision: 'resolve', response: 'Done' }, fixture.inspectorActor);

    await assert.rejects(sendForFactualAccuracy(db.kysely, id, { workingDays: 21 }, fixture.qaReaderActor), (error: unknown) => error instanceof ReportStepInputError && /from 1 to 20/.test(error.message));
    // The lifecycle's role still holds: the QA reader accepts the draft.
    await assert.rejects(sendForFactualAccuracy(db.kysely, id, { workingDays: 5 }, fixture.leadActor), (error: unknown) => error instanceof TransitionRefusedError && error.refusal.code === 'wrong-role');
    const report = await db.kysely.selectFrom('report').selectAll().where('inspection_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(report.factual_accuracy_version, null, 'nothing written by the refusals');

    const now = new Date('2026-11-20T15:00:00Z');
    const sent = await sendForFactualAccuracy(db.kysely, id, { workingDays: 7 }, fixture.qaReaderActor, { requestId: 'send-1' }, now);
    assert.deepEqual(sent, { version: 1, deadline: factualAccuracyDeadline(now, 7) });
    assert.equal(sent.deadline, '2026-12-01');
    assert.equal(await statusOf(db, id), 'factual_accuracy');
    const after = await db.kysely.selectFrom('report').selectAll().where('inspection_id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([after.factual_accuracy_version, new Date(after.factual_accuracy_sent_at!).toISOString(), after.factual_accuracy_deadline], [1, now.toISOString(), '2026-12-01']);
    const [audit] = await audits(db, id, 'report.send-for-factual-accuracy');
    assert.equal(audit!.actor_label, fixture.qaReader.email);
    assert.deepEqual({ ...(audit!.details as object), documentHash: undefined }, { version: 1, workingDays: 7, deadline: '2026-12-01', documentHash: undefined });
    const [transition] = await audits(db, id, 'inspection.status.change').then((rows) => rows.filter((r) => (r.details as { to: string }).to === 'factual_accuracy'));
    assert.deepEqual(transition!.details, { from: 'quality_assurance', to: 'factual_accuracy', role: 'qa_reader', via: 'report' });
  });

  test('sending needs a saved draft and the outcome', async () => {
    const fixture = await createReportFixture(db);
    await db.kysely.deleteFrom('inspection_outcome').where('inspection_id', '=', fixture.inspectionId).execute();
    await db.kysely.deleteFrom('report_version').where('inspection_id', '=', fixture.inspectionId).execute();
    await assert.rejects(
      sendForFactualAccuracy(db.kysely, fixture.inspectionId, { workingDays: 5 }, fixture.qaReaderActor),
      refusedWith('The draft cannot be sent to the local area yet', ['Save a draft of the report', 'Record the outcome']),
    );
  });

  test('sign-off waits for the area’s check, and any later change makes it stale', async () => {
    const fixture = await createReportFixture(db);
    const id = fixture.inspectionId;
    await sendForFactualAccuracy(db.kysely, id, { workingDays: 5 }, fixture.qaReaderActor);
    let page = await signOffPage(db.kysely, id);
    assert.equal(page.missing.length, 1);
    assert.match(page.missing[0]!, /^Wait for the local area’s comments: it can comment until the end of /);
    await assert.rejects(signOff(db.kysely, id, page.currentHash, fixture.leadActor), refusedWith('The report cannot be signed off yet'));

    const comment = await addComment(db.kysely, id, 'factual_accuracy', 'experience.1', { body: 'The survey closed on 20 November.', shownVersion: 1 }, fixture.officerActor);
    assert.deepEqual((await signOffPage(db.kysely, id)).missing, ['Answer 1 factual accuracy comment']);
    await answerComment(db.kysely, id, comment.id, { decision: 'reject', response: 'The survey closed on 21 November.' }, fixture.inspectorActor);
    page = await signOffPage(db.kysely, id);
    assert.deepEqual(page.missing, []);
    // Only the leads sign off.
    await assert.rejects(signOff(db.kysely, id, page.currentHash, fixture.inspectorActor), refusedWith('Only the Ofsted lead and the CQC lead sign off the report'));
    await signOff(db.kysely, id, page.currentHash, fixture.leadActor, { requestId: 'sign-1' });
    await signOff(db.kysely, id, page.currentHash, fixture.cqcLeadActor);
    let status = await publicationStatus(db.kysely, id);
    assert.deepEqual(status.signOffs.map((s) => [s.role, s.state, s.versionNumber]), [['ofsted_lead', 'current', 1], ['cqc_lead', 'current', 1]]);
    assert.deepEqual(status.missing.beforePublication, []);

    // A change to the narrative: both sign-offs are for an earlier version now.
    await saveDraft(db.kysely, id, { ...FIXTURE_NARRATIVE, experience: [{ type: 'paragraph', text: 'Most children are happy and safe.' }] }, 'After the area’s comments', 1, fixture.leadActor);
    status = await publicationStatus(db.kysely, id);
    assert.deepEqual(status.signOffs.map((s) => s.stateLabel), ['Needs signing off again', 'Needs signing off again']);
    assert.deepEqual(status.missing.beforePublication, [
      'The Ofsted lead’s sign-off is for an earlier version: sign off again',
      'The CQC lead’s sign-off is for an earlier version: sign off again',
    ]);
    // A page opened before the change signs nothing.
    await assert.rejects(signOff(db.kysely, id, page.currentHash, fixture.leadActor), SignOffOutdatedError);
    page = await signOffPage(db.kysely, id);
    assert.equal(page.version, 2);
    await signOff(db.kysely, id, page.currentHash, fixture.leadActor);
    await signOff(db.kysely, id, page.currentHash, fixture.cqcLeadActor);
    assert.equal(await count(db.kysely, 'report_sign_off', id), 2, 'a new sign-off replaces the old');

    // A change to a finding makes them stale too, and so does a change of outcome.
    const [finding] = await listFindings(db.kysely, id);
    await db.kysely.updateTable('finding').set({ body: `${finding!.body} Families agree.` }).where('id', '=', finding!.id).execute();
    assert.deepEqual((await publicationStatus(db.kysely, id)).signOffs.map((s) => s.state), ['stale', 'stale']);
    await signOffByBothLeads(db, fixture);
    assert.deepEqual((await publicationStatus(db.kysely, id)).signOffs.map((s) => s.state), ['current', 'current']);
    await setFixtureOutcome(db, id, 'inconsistent');
    assert.deepEqual((await publicationStatus(db.kysely, id)).signOffs.map((s) => s.state), ['stale', 'stale']);
  });

  test('publishing is refused without both current sign-offs, and writes nothing', async () => {
    const fixture = await checked(db);
    const id = fixture.inspectionId;
    const { currentHash } = await signOffPage(db.kysely, id);
    await signOff(db.kysely, id, currentHash, fixture.leadActor);
    await assert.rejects(
      publishNow(db.kysely, id, fixture.leadActor),
      refusedWith('Both the Ofsted lead and the CQC lead must sign off the report before it is published', ['The CQC lead has not signed off']),
    );
    await assert.rejects(schedulePublication(db.kysely, id, new Date(Date.now() + 60 * MINUTE), fixture.leadActor), refusedWith(/^Both the Ofsted lead and the CQC lead must sign off/));
    await signOff(db.kysely, id, currentHash, fixture.cqcLeadActor);
    await assert.rejects(publishNow(db.kysely, id, fixture.cqcLeadActor), refusedWith('Only the Ofsted lead publishes the report'));
    assert.equal(await count(db.kysely, 'report_publication', id), 0);
    assert.equal(await statusOf(db, id), 'factual_accuracy');
  });

  test('publishing now freezes the document, moves the inspection to published and is audited, all together', async () => {
    const fixture = await signedOff(db);
    const id = fixture.inspectionId;
    const now = new Date();
    const { currentHash } = await signOffPage(db.kysely, id);
    const published = await publishNow(db.kysely, id, fixture.leadActor, { requestId: 'publish-1' }, now);
    const row = await db.kysely.selectFrom('report_publication').selectAll().where('inspection_id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([row.id, row.sequence, row.version_number, row.document_hash, row.correction_note, row.published_by], [published.publicationId, 1, 1, currentHash, null, fixture.lead.userId]);
    assert.equal(new Date(row.published_at).toISOString(), now.toISOString());
    assert.equal((row.document as { reference: string }).reference, (await getInspection(db.kysely, id))!.inspection.reference);
    assert.equal(await statusOf(db, id), 'published');
    const [audit] = await audits(db, id, 'report.publish');
    assert.deepEqual(audit!.details, { sequence: 1, version: 1, documentHash: currentHash });
    const status = await publicationStatus(db.kysely, id);
    assert.equal(status.stage, 'published');
    assert.deepEqual(status.publications.map((p) => [p.sequence, p.isPublic]), [[1, true]]);
    // Published once only.
    await assert.rejects(publishNow(db.kysely, id, fixture.leadActor), ReportStepRefusedError);
    assert.equal(await count(db.kysely, 'report_publication', id), 1);
  });

  test('a scheduled report stays embargoed until its time; the job publishes it then, once, however many runs', async () => {
    const fixture = await signedOff(db, '202');
    const id = fixture.inspectionId;
    const reference = (await getInspection(db.kysely, id))!.inspection.reference;
    const now = new Date();
    await assert.rejects(schedulePublication(db.kysely, id, new Date(now.getTime() - MINUTE), fixture.leadActor, {}, now), (error: unknown) => error instanceof ReportStepInputError && error.message === 'The publication time must be in the future');
    const at = new Date(Math.ceil((now.getTime() + 90 * MINUTE) / MINUTE) * MINUTE);
    await schedulePublication(db.kysely, id, at, fixture.leadActor, {}, now);
    let status = await publicationStatus(db.kysely, id, now);
    assert.equal(status.stage, 'scheduled');
    assert.equal(status.schedule?.at.toISOString(), at.toISOString());
    assert.equal(status.schedule?.by, fixture.lead.displayName);

    // Before its time: no publication row, nothing on the public side.
    assert.deepEqual(await publishDueReports(db.kysely, new Date(at.getTime() - 1000)), { published: [], notPublished: [] });
    assert.equal(await count(db.kysely, 'report_publication', id), 0);
    assert.equal(await getPublishedReport(db.kysely, reference.toLowerCase(), new Date(at.getTime() + 10 * MINUTE)), undefined);
    assert.equal(await statusOf(db, id), 'factual_accuracy');

    // Its time comes: two runs at once (two app instances) publish it once.
    const runAt = new Date(at.getTime() + 2000);
    const runs = await Promise.all([publishDueReports(db.kysely, runAt), publishDueReports(db.kysely, runAt)]);
    assert.deepEqual(runs.flatMap((r) => r.published), [id]);
    assert.deepEqual(await publishDueReports(db.kysely, new Date(runAt.getTime() + MINUTE)), { published: [], notPublished: [] });
    assert.equal(await count(db.kysely, 'report_publication', id), 1);
    assert.equal(await statusOf(db, id), 'published');
    assert.equal((await audits(db, id, 'inspection.status.change')).filter((a) => (a.details as { to: string }).to === 'published').length, 1);
    const row = await db.kysely.selectFrom('report_publication').selectAll().where('inspection_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(new Date(row.published_at).toISOString(), runAt.toISOString());
    assert.deepEqual([row.published_by, row.published_by_label], [fixture.lead.userId, fixture.lead.email]);
    const [audit] = await audits(db, id, 'report.publish');
    assert.equal(audit!.actor_label, 'scheduled publication');
    assert.equal((audit!.details as { scheduledFor: string }).scheduledFor, at.toISOString());
    const report = await db.kysely.selectFrom('report').selectAll().where('inspection_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(report.scheduled_for, null);
    status = await publicationStatus(db.kysely, id, runAt);
    assert.equal(status.stage, 'published');
    const shown = await getPublishedReport(db.kysely, reference.toLowerCase(), runAt);
    assert.equal(shown?.publicationId, row.id);
  });

  test('a scheduled report changed after sign-off is not published at its time, and the reasons are kept for the hub', async () => {
    const fixture = await signedOff(db, '202');
    const id = fixture.inspectionId;
    const now = new Date();
    const at = new Date(now.getTime() + 30 * MINUTE);
    await schedulePublication(db.kysely, id, at, fixture.leadActor, {}, now);
    await saveDraft(db.kysely, id, { ...FIXTURE_NARRATIVE, do_better: [{ type: 'list', items: ['Waiting times.'] }] }, '', 1, fixture.inspectorActor);

    const result = await publishDueReports(db.kysely, new Date(at.getTime() + MINUTE));
    assert.deepEqual(result.published, []);
    assert.deepEqual(result.notPublished, [{ inspectionId: id, missing: ['The Ofsted lead’s sign-off is for an earlier version: sign off again', 'The CQC lead’s sign-off is for an earlier version: sign off again'] }]);
    assert.equal(await count(db.kysely, 'report_publication', id), 0);
    assert.equal(await statusOf(db, id), 'factual_accuracy');
    const status = await publicationStatus(db.kysely, id);
    assert.equal(status.schedule, null);
    assert.equal(status.scheduleFailure?.scheduledFor?.toISOString(), at.toISOString());
    assert.equal(status.scheduleFailure?.missing.length, 2);
    const [audit] = await audits(db, id, 'report.publish');
    assert.equal(audit!.outcome, 'failure');
    // Scheduling again clears the message.
    await signOffByBothLeads(db, fixture);
    await schedulePublication(db.kysely, id, new Date(Date.now() + 30 * MINUTE), fixture.leadActor);
    assert.equal((await publicationStatus(db.kysely, id)).scheduleFailure, null);
    await cancelScheduledPublication(db.kysely, id, fixture.leadActor);
    assert.equal((await publicationStatus(db.kysely, id)).schedule, null);
    await assert.rejects(cancelScheduledPublication(db.kysely, id, fixture.leadActor), refusedWith('No publication is scheduled'));
    assert.equal((await audits(db, id, 'report.schedule-cancel')).length, 1);
  });

  test('after publication the report changes only by a correction, with a note, as the next publication', async () => {
    const fixture = await publishReportForTest(db);
    const id = fixture.inspectionId;
    // The narrative, the findings and the outcome are fixed.
    await assert.rejects(saveDraft(db.kysely, id, { ...FIXTURE_NARRATIVE, experience: [] }, '', 1, fixture.leadActor), ReportClosedError);
    const finding = { kind: 'effective', criteria: ['I1'], body: 'Another finding', responsibleBody: null, partners: '', citations: [{ kind: 'note' as const, refId: '5b0c1c0e-0000-4000-8000-000000000000' }] };
    await assert.rejects(createFinding(db.kysely, id, finding, fixture.leadActor), FindingsClosedError);
    await assert.rejects(decideOutcome(db.kysely, id, { outcome: 'inconsistent', rationale: '', revision: 1 }, fixture.leadActor));

    const corrected = { ...FIXTURE_NARRATIVE, experience: [{ type: 'paragraph' as const, text: 'Most children and young people with SEND are happy and safe.' }] };
    await assert.rejects(publishCorrection(db.kysely, id, { narrative: corrected, note: '  ' }, fixture.leadActor), (error: unknown) => {
      assert.ok(error instanceof CorrectionInputError);
      assert.deepEqual(error.issues, [{ section: 'note', message: 'Enter what was corrected and why' }]);
      return true;
    });
    await assert.rejects(publishCorrection(db.kysely, id, { narrative: FIXTURE_NARRATIVE, note: 'Nothing' }, fixture.leadActor), (error: unknown) => error instanceof CorrectionInputError && /same as the published report/.test(error.message));
    await assert.rejects(publishCorrection(db.kysely, id, { narrative: corrected, note: 'Fixed' }, fixture.cqcLeadActor), refusedWith('Only the Ofsted lead publishes the report'));
    assert.equal(await count(db.kysely, 'report_publication', id), 1);

    const first = await publishCorrection(db.kysely, id, { narrative: corrected, note: ' Removed “well supported”, which the evidence did not show. ' }, fixture.leadActor);
    assert.deepEqual([first.sequence, first.version], [2, 2]);
    const second = await publishCorrection(db.kysely, id, { narrative: { ...corrected, do_better: [{ type: 'list', items: ['Waiting times for therapies.'] }] }, note: 'Removed a duplicate item.' }, fixture.leadActor);
    assert.equal(second.sequence, 3);
    const rows = await db.kysely.selectFrom('report_publication').select(['sequence', 'version_number', 'correction_note']).where('inspection_id', '=', id).orderBy('sequence').execute();
    assert.deepEqual(rows, [
      { sequence: 1, version_number: 1, correction_note: null },
      { sequence: 2, version_number: 2, correction_note: 'Removed “well supported”, which the evidence did not show.' },
      { sequence: 3, version_number: 3, correction_note: 'Removed a duplicate item.' },
    ]);
    const [audit] = await audits(db, id, 'report.correct');
    assert.equal((audit!.details as { sequence: number }).sequence, 2);
    const reference = (await getInspection(db.kysely, id))!.inspection.reference;
    const shown = await getPublishedReport(db.kysely, reference.toLowerCase());
    assert.deepEqual(shown?.corrections.map((c) => [c.sequence, c.note]), [
      [2, 'Removed “well supported”, which the evidence did not show.'],
      [3, 'Removed a duplicate item.'],
    ]);
  });

  test('a publication’s PDF and DOCX are made once and stored', async () => {
    const fixture = await publishReportForTest(db, '202');
    const calls: string[] = [];
    const renderers: PublicationRenderers = {
      pdf: async (document) => {
        calls.push(`pdf ${document.reference}`);
        return Buffer.from('%PDF-1.7\nreport\n');
      },
      docx: async () => {
        calls.push('docx');
        return Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('docx')]);
      },
    };
    const pdf = await publicationFile(db.kysely, fixture.publicationId, 'pdf', renderers);
    const again = await publicationFile(db.kysely, fixture.publicationId, 'pdf', renderers);
    const docx = await publicationFile(db.kysely, fixture.publicationId, 'docx', renderers);
    const reference = (await getInspection(db.kysely, fixture.inspectionId))!.inspection.reference;
    assert.deepEqual(calls, [`pdf ${reference}`, 'docx']);
    assert.equal(again?.id, pdf?.id);
    assert.equal(pdf?.file_name, `${reference.toLowerCase()}-report.pdf`);
    assert.equal(Buffer.from(pdf!.content).toString(), '%PDF-1.7\nreport\n');
    assert.equal(docx?.content_type, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const row = await db.kysely.selectFrom('report_publication').select(['pdf_file_id', 'docx_file_id']).where('id', '=', fixture.publicationId).executeTakeFirstOrThrow();
    assert.deepEqual(row, { pdf_file_id: pdf!.id, docx_file_id: docx!.id });
    assert.equal(await publicationFile(db.kysely, '5b0c1c0e-0000-4000-8000-000000000000', 'pdf', renderers), undefined);
  });
});
