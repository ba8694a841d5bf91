// Unit tests of the inspection lifecycle: every allowed and refused change, per team role.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InspectionStatus, TeamRole } from './inspection.table.ts';
import {
  INSPECTION_STATUSES,
  TEAM_ROLES,
  areaMaySeeStatus,
  checkTransition,
  stagesForArea,
  stagesForTeam,
  statusLabelForArea,
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

describe('inspection lifecycle', () => {
  for (const from of INSPECTION_STATUSES) {
    for (const to of INSPECTION_STATUSES) {
      const expected = EXPECTED[`${from}>${to}`];
      for (const role of TEAM_ROLES) {
        const allowed = expected?.roles.includes(role) ?? false;
        test(`${role}: ${from} → ${to} is ${allowed ? 'allowed' : 'refused'}`, () => {
          const check = checkTransition({ from, to, role, reason: 'Section 3 needs evidence for each finding' });
          assert.equal(check.ok, allowed);
          if (!check.ok) {
            const code = from === to ? 'same-status' : expected ? 'wrong-role' : 'not-allowed';
            assert.equal(check.refusal.code, code);
          }
        });
      }
    }
  }

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
