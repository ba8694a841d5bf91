// Unit tests of the comment rules: the factual accuracy deadline (the end of its day in England) and
// how it reads, when each kind of comment may be added, and what an answer must hold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { todayInEngland } from '../platform/working-days.ts';
import { answerIssues, commentBodyIssues, commentingRefusal, deadlineSentence, decisionsFor, isParagraphKey, isWithinDeadline } from './report-comment.ts';

test('the deadline reads as the end of its day, with the weekday', () => {
  assert.equal(deadlineSentence('2026-12-11'), 'Send your comments by 11:59pm on Friday 11 December 2026 (UK time)');
});

test('comments are taken up to and including the deadline day in England, summer time included', () => {
  assert.ok(isWithinDeadline('2026-12-11', '2026-12-11'));
  assert.ok(!isWithinDeadline('2026-12-11', '2026-12-12'));
  // 23:30 UTC on 11 June is 00:30 on 12 June in England: the day has ended there.
  assert.equal(todayInEngland(new Date('2026-06-11T23:30:00Z')), '2026-06-12');
  assert.ok(!isWithinDeadline('2026-06-11', todayInEngland(new Date('2026-06-11T23:30:00Z'))));
  assert.ok(isWithinDeadline('2026-06-11', todayInEngland(new Date('2026-06-11T22:59:00Z'))));
});

test('QA comments only in quality assurance; the area’s only in the check, once sent and until the deadline; none once published', () => {
  const sent = { version: 2, deadline: '2026-12-11' };
  assert.equal(commentingRefusal('quality_assurance', 'quality_assurance', { version: null, deadline: null }, '2026-12-01'), undefined);
  assert.match(commentingRefusal('quality_assurance', 'reporting', sent, '2026-12-01')!, /only while the draft report is in quality assurance/);
  assert.match(commentingRefusal('factual_accuracy', 'quality_assurance', sent, '2026-12-01')!, /only during the factual accuracy check/);
  assert.match(commentingRefusal('factual_accuracy', 'factual_accuracy', { version: null, deadline: null }, '2026-12-01')!, /has not been sent/);
  assert.equal(commentingRefusal('factual_accuracy', 'factual_accuracy', sent, '2026-12-11'), undefined);
  assert.equal(commentingRefusal('factual_accuracy', 'factual_accuracy', sent, '2026-12-12'), 'The deadline for factual accuracy comments was 11:59pm on Friday 11 December 2026. Contact the lead inspector');
  assert.equal(commentingRefusal('factual_accuracy', 'published', sent, '2026-12-01'), 'The report is published: it can only be changed by a published correction');
});

test('a comment needs words; a rejection needs a reason; QA comments are only resolved', () => {
  assert.deepEqual(commentBodyIssues(' '), [{ field: 'body', message: 'Enter your comment' }]);
  assert.equal(commentBodyIssues('x'.repeat(5001))[0]!.message, 'Your comment must be 5,000 characters or fewer');
  assert.deepEqual(decisionsFor('quality_assurance'), ['resolve']);
  assert.deepEqual(decisionsFor('factual_accuracy'), ['accept', 'reject']);
  assert.deepEqual(answerIssues('factual_accuracy', 'reject', ''), [{ field: 'response', message: 'Enter why you are rejecting this comment' }]);
  assert.deepEqual(answerIssues('factual_accuracy', 'accept', ''), []);
  assert.deepEqual(answerIssues('factual_accuracy', '', 'note'), [{ field: 'decision', message: 'Select whether you accept or reject this comment' }]);
  assert.deepEqual(answerIssues('quality_assurance', 'resolve', ''), []);
  assert.equal(answerIssues('quality_assurance', 'accept', '')[0]!.field, 'decision');
});

test('paragraph keys are a section code and a number', () => {
  assert.ok(isParagraphKey('experience.1'));
  assert.ok(isParagraphKey('aspect_identifying.12'));
  assert.ok(!isParagraphKey('experience.0'));
  assert.ok(!isParagraphKey('experience'));
  assert.ok(!isParagraphKey('../x.1'));
  assert.ok(!isParagraphKey(3));
});
