// Unit tests of the inspection lifecycle: every allowed and refused change, per team role.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InspectionStatus, TeamRole } from './inspection.table.ts';
import {
  INSPECTION_STATUSES,
  TEAM_ROLES,
  areaMaySeeStatus,
  checkTransition,
  reportPageChanges,
  stagesForArea,
  stagesForTeam,
  statusLabelForArea,
  statusPageChoices,
  transitionsAllowedFor,
} from './inspection-lifecycle.ts';

// The rules from the service design, written out independently of TRANSITIONS so a slip in either shows.
const EXPECTED: Record<string, { roles: TeamRole[]; reason: boolean }> = {
  'planned>notified': { roles: ['ofsted_lead'], reason: false },
  'notified>fieldwork': { roles: ['ofsted_lead', 'cqc_lead'], reason: false },
  'fieldwork>reporting': { roles: ['ofsted_lead', 'cqc_lead'], reason: false },
  'reporting>quality_assurance': { roles: ['ofsted_lead', 'cqc_lead'], reason: false },
  'quality_assurance>factual_accuracy': { roles: ['qa_reader'], reason: false },
  'quality_assurance>reporting': { roles: ['qa_reader'], reason: true },
  'factual_accuracy>published': { roles: ['ofsted_lead'], reason: false },
  'factual_accuracy>reporting': { roles: ['ofsted_lead', 'cqc_lead'], reason: true },
  'published>follow_up': { roles: ['ofsted_lead'], reason: false },
  'follow_up>closed': { roles: ['ofsted_lead'], reason: false },
};

// Made on the report pages (they set the deadline, need the sign-offs), never on the change-status page.
const FROM_REPORT = new Set(['quality_assurance>factual_accuracy', 'factual_accuracy>published']);

describe('inspection lifecycle', () => {
  for (const from of INSPECTION_STATUSES) {
    for (const to of INSPECTION_STATUSES) {
      const expected = EXPECTED[`${from}>${to}`];
      for (const role of TEAM_ROLES) {
        const allowed = expected?.roles.includes(role) ?? false;
        test(`${role}: ${from} → ${to} is ${allowed ? 'allowed' : 'refused'}`, () => {
          const via = FROM_REPORT.has(`${from}>${to}`) ? 'report' : 'status-page';
          const check = checkTransition({ from, to, role, reason: 'Section 3 needs evidence for each finding', via });
          assert.equal(check.ok, allowed);
          if (!check.ok) {
            const code = from === to ? 'same-status' : expected ? 'wrong-role' : 'not-allowed';
            assert.equal(check.refusal.code, code);
          }
        });
      }
    }
  }

  test('sending for the factual accuracy check and publishing are refused on the change-status page and point to the report', () => {
    const send = checkTransition({ from: 'quality_assurance', to: 'factual_accuracy', role: 'qa_reader' });
    assert.deepEqual(send, {
      ok: false,
      refusal: {
        code: 'made-from-report',
        message: 'Accept the draft and send it for the factual accuracy check on the report page. You set there how many working days the local area has to comment.',
      },
    });
    const publish = checkTransition({ from: 'factual_accuracy', to: 'published', role: 'ofsted_lead', via: 'status-page' });
    assert.equal(!publish.ok && publish.refusal.code, 'made-from-report');
    assert.match(!publish.ok ? publish.refusal.message : '', /^Publish the final report on the report page/);
    // The report cannot make the other changes.
    const other = checkTransition({ from: 'factual_accuracy', to: 'reporting', role: 'ofsted_lead', reason: 'Wrong figures', via: 'report' });
    assert.equal(!other.ok && other.refusal.code, 'not-allowed');
  });

  test('the command line and scheduled jobs make the report’s changes with no team role, and only those', () => {
    assert.equal(checkTransition({ from: 'factual_accuracy', to: 'published', role: undefined, via: 'report', bySystem: true }).ok, true);
    assert.equal(checkTransition({ from: 'quality_assurance', to: 'factual_accuracy', role: undefined, via: 'report', bySystem: true }).ok, true);
    const notFromReport = checkTransition({ from: 'planned', to: 'notified', role: undefined, bySystem: true });
    assert.equal(!notFromReport.ok && notFromReport.refusal.code, 'not-on-team');
    const skipping = checkTransition({ from: 'reporting', to: 'published', role: undefined, via: 'report', bySystem: true });
    assert.equal(!skipping.ok && skipping.refusal.code, 'not-allowed');
    const wrongRole = checkTransition({ from: 'factual_accuracy', to: 'published', role: 'cqc_lead', via: 'report' });
    assert.equal(!wrongRole.ok && wrongRole.refusal.code, 'wrong-role');
  });

  test('someone not on the team cannot change the status at all', () => {
    const check = checkTransition({ from: 'planned', to: 'notified', role: undefined });
    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.refusal.code, 'not-on-team');
  });

  test('returning a report needs a reason; going forward does not', () => {
    const returned = checkTransition({ from: 'quality_assurance', to: 'reporting', role: 'qa_reader', reason: '   ' });
    assert.deepEqual(returned, { ok: false, refusal: { code: 'reason-required', message: 'Enter the reason for returning the report' } });
    const fromFactualAccuracy = checkTransition({ from: 'factual_accuracy', to: 'reporting', role: 'cqc_lead' });
    assert.equal(!fromFactualAccuracy.ok && fromFactualAccuracy.refusal.code, 'reason-required');
    assert.equal(checkTransition({ from: 'reporting', to: 'quality_assurance', role: 'cqc_lead' }).ok, true);
  });

  test('a reason longer than 1000 characters is refused', () => {
    const check = checkTransition({ from: 'quality_assurance', to: 'reporting', role: 'qa_reader', reason: 'x'.repeat(1001) });
    assert.equal(!check.ok && check.refusal.code, 'reason-too-long');
    assert.equal(checkTransition({ from: 'quality_assurance', to: 'reporting', role: 'qa_reader', reason: 'x'.repeat(1000) }).ok, true);
  });

  test('refusals name who may make the change', () => {
    const check = checkTransition({ from: 'planned', to: 'notified', role: 'cqc_lead' });
    assert.equal(!check.ok && check.refusal.message, 'Only the Ofsted lead inspector can notify the local area');
    const qa = checkTransition({ from: 'quality_assurance', to: 'factual_accuracy', role: 'ofsted_lead' });
    assert.match(!qa.ok ? qa.refusal.message : '', /^Only the quality assurance reader can accept the draft/);
    const skip = checkTransition({ from: 'planned', to: 'published', role: 'ofsted_lead' });
    assert.equal(!skip.ok && skip.refusal.message, 'An inspection at planned cannot move to published');
  });

  test('each role is offered only its own changes', () => {
    const offered = (status: InspectionStatus, role: TeamRole) => transitionsAllowedFor(status, role).map((t) => t.to);
    assert.deepEqual(offered('quality_assurance', 'qa_reader'), ['factual_accuracy', 'reporting']);
    assert.deepEqual(offered('quality_assurance', 'ofsted_lead'), []);
    assert.deepEqual(offered('factual_accuracy', 'ofsted_lead'), ['published', 'reporting']);
    assert.deepEqual(offered('factual_accuracy', 'cqc_lead'), ['reporting']);
    assert.deepEqual(offered('fieldwork', 'inspector'), []);
    assert.deepEqual(offered('closed', 'ofsted_lead'), []);
    assert.deepEqual(transitionsAllowedFor('planned', undefined), []);
    // The change-status page offers only what is not made on the report pages.
    assert.deepEqual(statusPageChoices('quality_assurance', 'qa_reader').map((t) => t.to), ['reporting']);
    assert.deepEqual(statusPageChoices('factual_accuracy', 'ofsted_lead').map((t) => t.to), ['reporting']);
    assert.deepEqual(reportPageChanges('quality_assurance', 'qa_reader').map((t) => t.madeFrom?.path), ['/report/send-for-factual-accuracy']);
    assert.deepEqual(reportPageChanges('factual_accuracy', 'ofsted_lead').map((t) => t.madeFrom?.path), ['/report/publish']);
    assert.deepEqual(reportPageChanges('factual_accuracy', 'cqc_lead'), []);
  });

  test('the stages show as completed, in progress or not yet started', () => {
    const stages = stagesForTeam('reporting');
    assert.equal(stages.length, 9);
    assert.deepEqual(
      stages.map((s) => s.progress),
      ['completed', 'completed', 'completed', 'in_progress', 'not_started', 'not_started', 'not_started', 'not_started', 'not_started'],
    );
    assert.ok(stagesForTeam('closed').every((s) => s.progress === 'completed'));
  });

  test('the local area never sees a planned inspection, nor quality assurance as its own stage', () => {
    assert.equal(areaMaySeeStatus('planned'), false);
    for (const status of INSPECTION_STATUSES.filter((s) => s !== 'planned')) assert.equal(areaMaySeeStatus(status), true, status);
    assert.deepEqual(stagesForArea('planned'), []);
    const stages = stagesForArea('quality_assurance');
    assert.ok(!stages.some((s) => s.status === 'planned' || s.status === 'quality_assurance'));
    assert.equal(stages.find((s) => s.status === 'reporting')?.progress, 'in_progress');
    assert.equal(statusLabelForArea('quality_assurance'), statusLabelForArea('reporting'));
    assert.ok(!JSON.stringify(stagesForArea('quality_assurance')).toLowerCase().includes('quality assurance'));
  });
});
