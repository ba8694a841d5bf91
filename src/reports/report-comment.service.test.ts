// Comments on the draft against both databases: the QA reader's comments only in quality
// assurance, quoting the paragraph of the version; resolving them; the area's comments only in the
// factual accuracy check and until the end of the deadline day in England; accepting, and
// rejecting only with a reason; the open counts sign-off reads; and each change audited.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createCasesFixture, type CasesFixture } from '../cases/case-test-support.ts';
import { moveInspectionForTest } from '../inspections/inspection-test-support.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { CommentInputError, CommentNotFoundError, CommentRefusedError } from './report-comment.ts';
import { addComment, answerComment, commentTarget, factualAccuracyCheck, listComments, openCommentCounts } from './report-comment.service.ts';
import { PUBLISHED_REFUSAL, parseSectionText } from './report-draft.ts';
import { saveDraft } from './report-draft.service.ts';

describeEachDatabase('comments on the draft report', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;
  let qaComment: string;
  const faComments: string[] = [];

  const qaActor = () => ({ id: fixture.qaReader.userId, label: fixture.qaReader.email });
  const commentCount = async () => Number((await db.kysely.selectFrom('report_comment').select((eb) => eb.fn.countAll<number>().as('n')).where('inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow()).n);
  const auditsOf = (subjectId: string) => db.kysely.selectFrom('audit_event').select(['action', 'actor_user_id', 'details']).where('subject_id', '=', subjectId).orderBy('occurred_at').execute();

  before(async () => {
    fixture = await createCasesFixture(db);
    await moveInspectionForTest(db.kysely, fixture.inspectionId, 'reporting');
    const sections = { experience: parseSectionText('Families told inspectors they feel heard.\n\nSome wait too long for assessments.') };
    await saveDraft(db.kysely, fixture.inspectionId, sections, 'First draft', 0, fixture.inspectorActor);
  });

  test('the QA reader cannot comment before the draft is in quality assurance', async () => {
    await assert.rejects(
      addComment(db.kysely, fixture.inspectionId, 'quality_assurance', 'experience.1', { body: 'Too soon', shownVersion: 1 }, qaActor()),
      (error: unknown) => error instanceof CommentRefusedError && error.message === 'Quality assurance comments can be added only while the draft report is in quality assurance',
    );
    assert.equal(await commentCount(), 0);
    await moveInspectionForTest(db.kysely, fixture.inspectionId, 'quality_assurance');
  });

  test('a QA comment quotes the paragraph of the version shown, and is audited', async () => {
    const target = await commentTarget(db.kysely, fixture.inspectionId, 'quality_assurance', 'experience.2', 1);
    assert.equal(target.paragraph.text, 'Some wait too long for assessments.');
    assert.equal(target.paragraph.sectionHeading, 'What is it like to be a child or young person with SEND in this area?');

    const added = await addComment(db.kysely, fixture.inspectionId, 'quality_assurance', 'experience.2', { body: '  Say how long, and for which assessments. ', shownVersion: 1 }, qaActor(), { requestId: 'q1' });
    qaComment = added.id;
    assert.equal(added.version, 1);
    // A later version changes the paragraph; the comment keeps the words it was made on.
    await saveDraft(db.kysely, fixture.inspectionId, { experience: parseSectionText('Families told inspectors they feel heard.\n\nSome wait over a year for autism assessments.') }, 'After QA', 1, fixture.inspectorActor);
    const [comment] = await listComments(db.kysely, fixture.inspectionId);
    assert.equal(comment!.quoted, 'Some wait too long for assessments.');
    assert.equal(comment!.body, 'Say how long, and for which assessments.');
    assert.equal(comment!.paragraphKey, 'experience.2');
    assert.equal(comment!.versionNumber, 1);
    assert.equal(comment!.author, fixture.qaReader.displayName);
    assert.equal(comment!.status, 'open');
    const audits = await auditsOf(qaComment);
    assert.deepEqual(audits.map((a) => a.action), ['report.comment.add']);
    assert.deepEqual(audits[0]!.details, { stage: 'quality_assurance', version: 1, paragraphKey: 'experience.2' });
    assert.deepEqual(await openCommentCounts(db.kysely, fixture.inspectionId), { qaOpen: 1, factualAccuracyOpen: 0 });
  });

  test('an empty comment, a paragraph the version does not have and a version that does not exist are refused', async () => {
    await assert.rejects(addComment(db.kysely, fixture.inspectionId, 'quality_assurance', 'experience.1', { body: '   ', shownVersion: 2 }, qaActor()), (error: unknown) => error instanceof CommentInputError && error.issues[0]!.message === 'Enter your comment');
    await assert.rejects(addComment(db.kysely, fixture.inspectionId, 'quality_assurance', 'experience.9', { body: 'x', shownVersion: 2 }, qaActor()), CommentNotFoundError);
    await assert.rejects(addComment(db.kysely, fixture.inspectionId, 'quality_assurance', 'experience.1', { body: 'x', shownVersion: 7 }, qaActor()), CommentNotFoundError);
    await assert.rejects(addComment(db.kysely, fixture.inspectionId, 'quality_assurance', '<script>', { body: 'x', shownVersion: 2 }, qaActor()), CommentNotFoundError);
    await assert.rejects(addComment(db.kysely, fixture.inspectionId, 'quality_assurance', 'experience.1', { body: 'x', shownVersion: 0 }, qaActor()), CommentRefusedError);
    assert.equal(await commentCount(), 1);
  });

  test('the team resolves a QA comment with a note, once; a QA comment cannot be accepted or rejected', async () => {
    await assert.rejects(answerComment(db.kysely, fixture.inspectionId, qaComment, { decision: 'reject', response: 'no' }, fixture.leadActor), CommentInputError);
    const answered = await answerComment(db.kysely, fixture.inspectionId, qaComment, { decision: 'resolve', response: 'Added the waiting time. ' }, fixture.leadActor);
    assert.deepEqual(answered, { stage: 'quality_assurance', status: 'resolved' });
    const [comment] = await listComments(db.kysely, fixture.inspectionId);
    assert.equal(comment!.status, 'resolved');
    assert.equal(comment!.response, 'Added the waiting time.');
    assert.equal(comment!.respondedBy, fixture.lead.displayName);
    await assert.rejects(answerComment(db.kysely, fixture.inspectionId, qaComment, { decision: 'resolve', response: '' }, fixture.inspectorActor), (error: unknown) => error instanceof CommentRefusedError && /already been resolved/.test(error.message));
    assert.deepEqual((await auditsOf(qaComment)).map((a) => a.action), ['report.comment.add', 'report.comment.resolve']);
    assert.deepEqual(await openCommentCounts(db.kysely, fixture.inspectionId), { qaOpen: 0, factualAccuracyOpen: 0 });
  });

  test('the area cannot comment until the draft has been sent, nor after the end of the deadline day in England', async () => {
    await moveInspectionForTest(db.kysely, fixture.inspectionId, 'factual_accuracy');
    const officer = fixture.officerActor;
    await assert.rejects(addComment(db.kysely, fixture.inspectionId, 'factual_accuracy', 'experience.1', { body: 'x', shownVersion: 2 }, officer), (error: unknown) => error instanceof CommentRefusedError && /not been sent/.test(error.message));
    assert.equal(await factualAccuracyCheck(db.kysely, fixture.inspectionId), null);
    // Sent as the sending does it (the report's publication service): version 2, deadline Friday 11 December 2026.
    await db.kysely.updateTable('report').set({ factual_accuracy_version: 2, factual_accuracy_sent_at: new Date('2026-12-04T10:00:00Z'), factual_accuracy_deadline: '2026-12-11' }).where('inspection_id', '=', fixture.inspectionId).execute();

    const lastMinute = new Date('2026-12-11T23:59:00Z');
    const check = await factualAccuracyCheck(db.kysely, fixture.inspectionId, lastMinute);
    assert.equal(check?.deadlineSentence, 'Send your comments by 11:59pm on Friday 11 December 2026 (UK time)');
    assert.equal(check?.open, true);
    const added = await addComment(db.kysely, fixture.inspectionId, 'factual_accuracy', 'experience.2', { body: 'It is 40 weeks, not a year.', shownVersion: 99 }, officer, {}, lastMinute);
    assert.equal(added.version, 2, 'the area comments on the version sent, whatever the page said');
    faComments.push(added.id);
    faComments.push((await addComment(db.kysely, fixture.inspectionId, 'factual_accuracy', 'experience.1', { body: 'We also heard this.', shownVersion: 2 }, officer, {}, lastMinute)).id);
    faComments.push((await addComment(db.kysely, fixture.inspectionId, 'factual_accuracy', 'about_partnership.1', { body: 'The ICB is named wrongly.', shownVersion: 2 }, officer, {}, lastMinute)).id);

    const nextDay = new Date('2026-12-12T00:00:30Z');
    assert.equal((await factualAccuracyCheck(db.kysely, fixture.inspectionId, nextDay))?.open, false);
    await assert.rejects(
      addComment(db.kysely, fixture.inspectionId, 'factual_accuracy', 'experience.1', { body: 'Late', shownVersion: 2 }, officer, {}, nextDay),
      (error: unknown) => error instanceof CommentRefusedError && error.message === 'The deadline for factual accuracy comments was 11:59pm on Friday 11 December 2026. Contact the lead inspector',
    );
    assert.equal(await commentCount(), 4);
    assert.deepEqual(await openCommentCounts(db.kysely, fixture.inspectionId), { qaOpen: 0, factualAccuracyOpen: 3 });
    const first = (await listComments(db.kysely, fixture.inspectionId, { stage: 'factual_accuracy' })).find((c) => c.id === faComments[0]);
    assert.equal(first!.quoted, 'Some wait over a year for autism assessments.');
  });

  test('a QA comment cannot be added during the factual accuracy check', async () => {
    await assert.rejects(addComment(db.kysely, fixture.inspectionId, 'quality_assurance', 'experience.1', { body: 'x', shownVersion: 2 }, qaActor()), CommentRefusedError);
  });

  test('inspectors reject a factual accuracy comment only with a reason, and accept with or without a note', async () => {
    const [wrong, heard, icb] = faComments as [string, string, string];
    await assert.rejects(
      answerComment(db.kysely, fixture.inspectionId, wrong, { decision: 'reject', response: '  ' }, fixture.leadActor),
      (error: unknown) => error instanceof CommentInputError && error.issues[0]!.field === 'response' && error.issues[0]!.message === 'Enter why you are rejecting this comment',
    );
    await assert.rejects(answerComment(db.kysely, fixture.inspectionId, wrong, { decision: 'resolve', response: '' }, fixture.leadActor), (error: unknown) => error instanceof CommentInputError && error.issues[0]!.field === 'decision');
    assert.equal((await listComments(db.kysely, fixture.inspectionId, { openOnly: true })).length, 3);

    assert.equal((await answerComment(db.kysely, fixture.inspectionId, wrong, { decision: 'reject', response: 'The area’s own data says 52 weeks.' }, fixture.leadActor)).status, 'rejected');
    assert.equal((await answerComment(db.kysely, fixture.inspectionId, heard, { decision: 'accept', response: '' }, fixture.inspectorActor)).status, 'accepted');
    assert.deepEqual(await openCommentCounts(db.kysely, fixture.inspectionId), { qaOpen: 0, factualAccuracyOpen: 1 });
    const rejected = (await listComments(db.kysely, fixture.inspectionId)).find((c) => c.id === wrong)!;
    assert.equal(rejected.response, 'The area’s own data says 52 weeks.');
    assert.deepEqual((await auditsOf(wrong)).map((a) => a.action), ['report.comment.add', 'report.comment.reject']);
    assert.deepEqual((await auditsOf(heard)).map((a) => a.action), ['report.comment.add', 'report.comment.accept']);

    await assert.rejects(answerComment(db.kysely, fixture.inspectionId, '00000000-0000-4000-8000-000000000000', { decision: 'accept', response: '' }, fixture.leadActor), CommentNotFoundError);
    await moveInspectionForTest(db.kysely, fixture.inspectionId, 'published');
    await assert.rejects(answerComment(db.kysely, fixture.inspectionId, icb, { decision: 'accept', response: '' }, fixture.leadActor), (error: unknown) => error instanceof CommentRefusedError && error.message === PUBLISHED_REFUSAL);
  });
});
