import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ageAt, timelinessBand } from '../cases/case.ts';
import { syntheticPeople } from './demo-people.ts';

const people = syntheticPeople({ count: 20_000, seed: 11, dataDate: '2026-11-02' });

function share(predicate: (p: (typeof people)[number]) => boolean, among = people): number {
  return among.filter(predicate).length / among.length;
}

test('the same seed gives the same people; another seed gives others', () => {
  assert.deepEqual(syntheticPeople({ count: 200, seed: 11, dataDate: '2026-11-02' }), people.slice(0, 200));
  assert.notDeepEqual(syntheticPeople({ count: 200, seed: 12, dataDate: '2026-11-02' }), people.slice(0, 200));
});

test('ids are unique and nobody is over 25 or born after the data date', () => {
  assert.equal(new Set(people.map((p) => p.personId)).size, people.length);
  for (const p of people) {
    assert.ok(p.age >= 0 && p.age <= 25, `${p.personId} is ${p.age}`);
    assert.equal(ageAt(p.birthMonth, '2026-11-02'), p.age);
  }
});

test('plans follow the national mix: about 70% male, autism the commonest need, under half of recent plans within 20 weeks', () => {
  const plans = people.filter((p) => p.senStatus === 'EHCP');
  assert.ok(Math.abs(share((p) => p.sex === 'M', plans) - 0.706) < 0.03);
  assert.ok(Math.abs(share((p) => p.primaryNeed === 'ASD', plans) - 0.315) < 0.03);
  const timed = plans.filter((p) => timelinessBand(p) !== 'no_request_date');
  const within = share((p) => timelinessBand(p) === 'within_20_weeks', timed);
  assert.ok(within > 0.4 && within < 0.52, `within 20 weeks: ${within}`);
});

test('dates run in order: request, decision, plan, review; SEN support has no plan dates; NSA only with SEN support', () => {
  for (const p of people) {
    if (p.senStatus === 'SEN_SUPPORT') {
      assert.equal(p.planIssuedDate, null);
      continue;
    }
    assert.notEqual(p.primaryNeed, 'NSA');
    assert.ok(p.planIssuedDate && p.planIssuedDate <= '2026-11-02');
    if (p.requestDate) assert.ok(p.requestDate <= p.assessmentDecisionDate! && p.assessmentDecisionDate! <= p.planIssuedDate);
    if (p.lastReviewDate) assert.ok(p.lastReviewDate > p.planIssuedDate);
  }
});
