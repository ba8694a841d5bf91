// Unit tests of the report's workflow rules: stages, what is missing before each step (in the
// words the pages show), stale sign-offs, the factual accuracy deadline, publication times and the embargo.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  englandTime,
  factualAccuracyDeadline,
  correctionNoteProblem,
  isPublic,
  missingBeforeFactualAccuracy,
  missingBeforePublication,
  missingBeforeSignOff,
  parseCommandLineTime,
  publicationRefusal,
  reportStage,
  scheduleTimeProblem,
  signOffState,
  type WorkflowFacts,
} from './report-workflow.ts';

const HASH = 'a'.repeat(64);
const OLD_HASH = 'b'.repeat(64);

/** A report ready to publish: sent to the area (deadline 12 March 2027), outcome recorded, both leads signed off. */
function ready(overrides: Partial<WorkflowFacts> = {}): WorkflowFacts {
  return {
    status: 'factual_accuracy',
    draftVersion: 4,
    outcomeRecorded: true,
    openQaComments: 0,
    openFactualAccuracyComments: 0,
    factualAccuracyComments: 2,
    factualAccuracyDeadline: '2027-03-12',
    currentHash: HASH,
    signOffs: { ofsted_lead: { documentHash: HASH }, cqc_lead: { documentHash: HASH } },
    ...overrides,
  };
}

describe('report workflow', () => {
  test('the stage follows the inspection, with a scheduled publication as its own stage', () => {
    assert.equal(reportStage('fieldwork', null), 'not_started');
    assert.equal(reportStage('reporting', null), 'drafting');
    assert.equal(reportStage('quality_assurance', null), 'quality_assurance');
    assert.equal(reportStage('factual_accuracy', null), 'factual_accuracy');
    assert.equal(reportStage('factual_accuracy', new Date('2027-03-20T09:00:00Z')), 'scheduled');
    assert.equal(reportStage('published', null), 'published');
    assert.equal(reportStage('closed', null), 'published');
  });

  test('before sending to the area: a saved draft, the outcome, every QA comment resolved', () => {
    const facts = ready({ status: 'quality_assurance', draftVersion: null, outcomeRecorded: false, openQaComments: 1 });
    assert.deepEqual(missingBeforeFactualAccuracy(facts), ['Save a draft of the report', 'Record the outcome', 'Resolve 1 quality assurance comment']);
    assert.deepEqual(missingBeforeFactualAccuracy(ready({ status: 'quality_assurance', openQaComments: 3 })), ['Resolve 3 quality assurance comments']);
    assert.deepEqual(missingBeforeFactualAccuracy(ready({ status: 'quality_assurance' })), []);
  });

  test('before sign-off: the outcome, comments resolved and answered, and the area’s check over', () => {
    const today = '2027-03-15';
    assert.deepEqual(missingBeforeSignOff(ready(), today), []);
    assert.deepEqual(missingBeforeSignOff(ready({ outcomeRecorded: false, openFactualAccuracyComments: 2 }), today), ['Record the outcome', 'Answer 2 factual accuracy comments']);
    assert.deepEqual(missingBeforeSignOff(ready({ openFactualAccuracyComments: 1 }), today), ['Answer 1 factual accuracy comment']);
    // No comments yet: the area has until the end of its deadline day.
    assert.deepEqual(missingBeforeSignOff(ready({ factualAccuracyComments: 0 }), '2027-03-12'), [
      'Wait for the local area’s comments: it can comment until the end of Friday 12 March 2027',
    ]);
    assert.deepEqual(missingBeforeSignOff(ready({ factualAccuracyComments: 0 }), '2027-03-13'), [], 'the deadline has passed with none open');
    // Comments made and all answered: no need to wait for the deadline.
    assert.deepEqual(missingBeforeSignOff(ready({ factualAccuracyComments: 3 }), '2027-03-10'), []);
    assert.deepEqual(missingBeforeSignOff(ready({ status: 'quality_assurance' }), today), ['Send the draft to the local area for the factual accuracy check']);
    assert.deepEqual(missingBeforeSignOff(ready({ status: 'published' }), today), ['The report is already published: it can only be changed by a published correction']);
  });

  test('a sign-off holds for the document signed; any change makes it stale', () => {
    assert.equal(signOffState(undefined, HASH), 'missing');
    assert.equal(signOffState({ documentHash: HASH }, HASH), 'current');
    assert.equal(signOffState({ documentHash: OLD_HASH }, HASH), 'stale');
  });

  test('publication needs both current sign-offs, and says which is missing or stale', () => {
    const today = '2027-03-15';
    assert.deepEqual(missingBeforePublication(ready(), today), []);
    const cqcMissing = ready({ signOffs: { ofsted_lead: { documentHash: HASH } } });
    assert.deepEqual(missingBeforePublication(cqcMissing, today), ['The CQC lead has not signed off']);
    assert.equal(publicationRefusal(cqcMissing), 'Both the Ofsted lead and the CQC lead must sign off the report before it is published');
    const stale = ready({ signOffs: { ofsted_lead: { documentHash: OLD_HASH }, cqc_lead: { documentHash: HASH } } });
    assert.deepEqual(missingBeforePublication(stale, today), ['The Ofsted lead’s sign-off is for an earlier version: sign off again']);
    const neither = ready({ signOffs: {}, openFactualAccuracyComments: 1 });
    assert.deepEqual(missingBeforePublication(neither, today), ['Answer 1 factual accuracy comment', 'The Ofsted lead has not signed off', 'The CQC lead has not signed off']);
    assert.equal(publicationRefusal(ready({ status: 'reporting' })), 'The report can only be published at the end of the factual accuracy check');
  });

  test('the deadline is working days after the day the draft is sent, in England', () => {
    // Sent on Friday 5 March 2027: 5 working days is Friday 12 March.
    assert.equal(factualAccuracyDeadline(new Date('2027-03-05T10:00:00Z'), 5), '2027-03-12');
    // Sent at 11:30pm on Sunday 13 June 2027 UK time (British Summer Time, 22:30 UTC): counted from the 13th.
    assert.equal(factualAccuracyDeadline(new Date('2027-06-13T22:30:00Z'), 1), '2027-06-14');
    // 12:30am on Monday 14 June UK time is still 13 June in UTC: counted from the 14th.
    assert.equal(factualAccuracyDeadline(new Date('2027-06-13T23:30:00Z'), 1), '2027-06-15');
    // Easter 2027: Good Friday 26 March and Easter Monday 29 March are not working days.
    assert.equal(factualAccuracyDeadline(new Date('2027-03-24T12:00:00Z'), 2), '2027-03-30');
    assert.equal(factualAccuracyDeadline(new Date('2027-03-24T12:00:00Z'), 20), '2027-04-23');
  });

  test('the embargo: nothing is public before its moment', () => {
    const now = new Date('2027-03-20T09:00:00Z');
    assert.equal(isPublic(undefined, now), false);
    assert.equal(isPublic(null, now), false);
    assert.equal(isPublic({ publishedAt: new Date('2027-03-20T09:00:01Z') }, now), false);
    assert.equal(isPublic({ publishedAt: new Date('2027-03-20T09:00:00Z') }, now), true);
    assert.equal(isPublic({ publishedAt: new Date('2026-01-01T00:00:00Z') }, now), true);
  });

  test('a publication time is in the future and within a year', () => {
    const now = new Date('2027-03-20T09:00:00Z');
    assert.equal(scheduleTimeProblem(new Date('2027-03-20T09:00:00Z'), now), 'The publication time must be in the future');
    assert.equal(scheduleTimeProblem(new Date('2027-03-20T09:01:00Z'), now), undefined);
    assert.equal(scheduleTimeProblem(new Date('2028-03-20T09:00:00Z'), now), undefined);
    assert.equal(scheduleTimeProblem(new Date('2028-03-22T09:00:00Z'), now), 'The publication time must be within a year from now');
  });

  test('times are read in England’s time, summer and winter', () => {
    assert.deepEqual(englandTime('2027-01-15', '09:30'), { ok: true, at: new Date('2027-01-15T09:30:00Z') });
    assert.deepEqual(englandTime('2027-07-15', '9.30am'), { ok: true, at: new Date('2027-07-15T08:30:00Z') });
    assert.deepEqual(englandTime('2027-07-15', '2pm'), { ok: true, at: new Date('2027-07-15T13:00:00Z') });
    assert.equal(englandTime('2027-07-15', 'noonish').ok, false);
    // The clocks go forward at 1am on 28 March 2027: 1:30am does not happen.
    assert.match(String(!englandTime('2027-03-28', '01:30').ok && (englandTime('2027-03-28', '01:30') as { message: string }).message), /clocks go forward/);
  });

  test('the command line takes "YYYY-MM-DD HH:MM" in England or an ISO time with its offset', () => {
    assert.deepEqual(parseCommandLineTime('2027-07-15 09:30'), { ok: true, at: new Date('2027-07-15T08:30:00Z') });
    assert.deepEqual(parseCommandLineTime('2027-07-15T09:30:00Z'), { ok: true, at: new Date('2027-07-15T09:30:00Z') });
    assert.deepEqual(parseCommandLineTime('2027-07-15T09:30:00+01:00'), { ok: true, at: new Date('2027-07-15T08:30:00Z') });
    assert.equal(parseCommandLineTime('2027-02-30 09:30').ok, false);
    assert.equal(parseCommandLineTime('tomorrow').ok, false);
    assert.deepEqual(parseCommandLineTime('2027-07-15T09:30'), { ok: true, at: new Date('2027-07-15T08:30:00Z') }, 'without an offset, England’s time');
  });

  test('a correction needs a note of what was corrected and why, of at most 1000 characters', () => {
    assert.equal(correctionNoteProblem('   '), 'Enter what was corrected and why');
    assert.equal(correctionNoteProblem('x'.repeat(1001)), 'What was corrected and why must be 1,000 characters or fewer');
    assert.equal(correctionNoteProblem('Corrected the number of settings visited.'), undefined);
  });
});
