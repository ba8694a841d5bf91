// Unit tests of the inspection rules: milestone dates over bank holidays, checks on a new
// inspection, references, and reading GOV.UK date inputs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FrameworkCode, FrameworkRevision } from '../frameworks/framework.ts';
import { loadFrameworkDefinitions } from '../frameworks/framework-files.ts';
import { parseDateInput } from './date-input.ts';
import {
  checkNewInspection,
  milestonesFor,
  nextReference,
  onsiteDiffersFromTimeline,
  type NewInspectionContext,
  type NewInspectionInput,
} from './inspection.ts';

const definitions = loadFrameworkDefinitions();

function revision(code: FrameworkCode): FrameworkRevision {
  const definition = definitions.find((d) => d.code === code);
  assert.ok(definition, `the ${code} framework ships with the code`);
  return { id: `00000000-0000-4000-8000-00000000${code}`, code, revision: 1, definition };
}

function dateOf(framework: FrameworkRevision, type: string, notification: string, code: string) {
  const { milestones, problem } = milestonesFor(framework, type, notification);
  assert.equal(problem, undefined);
  const milestone = milestones.find((m) => m.code === code);
  assert.ok(milestone, `milestone ${code}`);
  return milestone;
}

describe('milestones', () => {
  test('working days from notification skip weekends and the Christmas bank holidays', () => {
    const framework = revision('2023');
    // Monday 15 December 2025: 25 and 26 December 2025 and 1 January 2026 are bank holidays.
    const onsite = dateOf(framework, 'full', '2025-12-15', 'onsite');
    assert.equal(onsite.date, '2025-12-31');
    assert.equal(onsite.endDate, '2026-01-07');
    assert.equal(dateOf(framework, 'full', '2025-12-15', 'final_feedback').date, '2026-01-07');
    assert.equal(dateOf(framework, 'full', '2025-12-15', 'notification').date, '2025-12-15');
  });

  test('a milestone counted from another counts from that one', () => {
    // Case tracking chosen on working day 4 (Friday 19 December 2025), documents due 2 working days later.
    const due = dateOf(revision('2023'), 'full', '2025-12-15', 'case_documents_due');
    assert.equal(due.date, '2025-12-23');
  });

  test('Easter is skipped too', () => {
    // Monday 30 March 2026; Good Friday is 3 April, Easter Monday 6 April.
    const onsite = dateOf(revision('2016'), 'full', '2026-03-30', 'onsite');
    assert.deepEqual([onsite.date, onsite.endDate], ['2026-04-08', '2026-04-14']);
  });

  test('milestones keep the framework order and say which are unverified or conditional', () => {
    const { milestones } = milestonesFor(revision('2016'), 'full', '2021-11-01');
    assert.equal(milestones[0].code, 'notification');
    assert.equal(milestones.find((m) => m.code === 'letter_published')?.unverified, true);
    assert.equal(milestones.find((m) => m.code === 'onsite')?.unverified, false);
    const wsoa = milestones.find((m) => m.code === 'wsoa_due');
    assert.deepEqual(wsoa?.onlyWithOutcomes, ['wsoa_required']);
    assert.equal(wsoa?.unit, 'calendar_days');
    const letter = milestones.find((m) => m.code === 'letter_published')!;
    const days = (Date.parse(wsoa!.date) - Date.parse(letter.date)) / 86_400_000;
    assert.equal(days, 70);
  });

  test('dates past the known bank holidays are reported, not guessed', () => {
    const { milestones, problem } = milestonesFor(revision('2023'), 'full', '2028-12-01');
    assert.deepEqual(milestones, []);
    assert.match(problem ?? '', /31 December 2028/);
  });

  test('on-site dates that differ from the timeline are noticed', () => {
    const { milestones } = milestonesFor(revision('2023'), 'full', '2026-01-12');
    const onsite = milestones.find((m) => m.code === 'onsite')!;
    assert.equal(onsiteDiffersFromTimeline(milestones, onsite.date, onsite.endDate), false);
    assert.equal(onsiteDiffersFromTimeline(milestones, onsite.date, onsite.date), true);
  });
});

describe('checks on a new inspection', () => {
  const valid: NewInspectionInput = {
    laCode: '352',
    frameworkCode: '2023',
    inspectionType: 'full',
    notificationDate: '2026-01-12',
    onsiteStartDate: '2026-01-26',
    onsiteEndDate: '2026-01-30',
  };
  const context: NewInspectionContext = { areaExists: true, framework: revision('2023') };
  const messages = (input: Partial<NewInspectionInput>, ctx = context) =>
    checkNewInspection({ ...valid, ...input }, ctx).map((i) => `${i.field}: ${i.message}`);

  test('a sound inspection passes', () => {
    assert.deepEqual(messages({}), []);
  });

  test('an unknown area is refused', () => {
    assert.deepEqual(messages({ laCode: '999' }, { ...context, areaExists: false }), ['laCode: There is no local area with the code 999']);
  });

  test('a type the framework does not have is refused, naming those it has', () => {
    const [message] = messages({ inspectionType: 'revisit' });
    assert.match(message, /^inspectionType: "revisit" is not an inspection type of the Area SEND inspection framework/);
    assert.match(message, /full \(full inspection\)/);
    assert.deepEqual(messages({ frameworkCode: '2016', inspectionType: 'revisit', notificationDate: '2021-03-01', onsiteStartDate: '2021-03-15', onsiteEndDate: '2021-03-17' }, { ...context, framework: revision('2016') }), []);
  });

  test('a framework that is not loaded is refused', () => {
    assert.deepEqual(messages({}, { ...context, framework: undefined }), ['frameworkCode: The 2023 framework has not been loaded into this service']);
  });

  test('notification must be on a working day', () => {
    assert.deepEqual(messages({ notificationDate: '2026-01-10' }), ['notificationDate: Date of notification must be a working day: 10 January 2026 is a Saturday']);
    assert.deepEqual(messages({ notificationDate: '2025-12-25', onsiteStartDate: '2026-01-12', onsiteEndDate: '2026-01-16' }), [
      'notificationDate: Date of notification must be a working day: 25 December 2025 is Christmas Day, a bank holiday',
    ]);
  });

  test('dates out of order get clear messages', () => {
    assert.deepEqual(messages({ onsiteStartDate: '2026-01-12', onsiteEndDate: '2026-01-16' }), ['onsiteStartDate: The on-site start date must be after the date of notification']);
    assert.deepEqual(messages({ onsiteStartDate: '2026-01-05', onsiteEndDate: '2026-01-09' }), ['onsiteStartDate: The on-site start date must be after the date of notification']);
    assert.deepEqual(messages({ onsiteEndDate: '2026-01-23' }), ['onsiteEndDate: The on-site end date must be the same as or after the on-site start date']);
    assert.deepEqual(messages({ onsiteEndDate: '2026-01-26' }), []);
  });

  test('dates far apart are taken for typing mistakes', () => {
    assert.deepEqual(messages({ onsiteStartDate: '2026-06-01', onsiteEndDate: '2026-06-05' }), [
      'onsiteStartDate: The on-site start date must be no more than 60 days after the date of notification',
    ]);
    assert.deepEqual(messages({ onsiteEndDate: '2026-02-27' }), ['onsiteEndDate: The on-site end date must be no more than 14 days after the on-site start date']);
  });

  test('on-site days must be working days', () => {
    assert.deepEqual(messages({ onsiteEndDate: '2026-01-31' }), ['onsiteEndDate: On-site end date must be a working day: 31 January 2026 is a Saturday']);
  });

  test('notification before the framework came into force is refused', () => {
    assert.deepEqual(messages({ notificationDate: '2022-06-06', onsiteStartDate: '2022-06-20', onsiteEndDate: '2022-06-24' }), [
      'notificationDate: The date of notification must be on or after 1 January 2023, when the Area SEND inspection framework came into force',
    ]);
  });

  test('dates beyond the known bank holidays are refused', () => {
    assert.match(messages({ notificationDate: '2028-12-01', onsiteStartDate: '2028-12-15', onsiteEndDate: '2028-12-20' })[0], /^notificationDate: The date of notification is too late/);
    const farOut = messages({ notificationDate: '2031-01-13', onsiteStartDate: '2031-01-27', onsiteEndDate: '2031-01-31' });
    assert.equal(farOut[0], 'notificationDate: Date of notification must be between 1 January 2016 and 31 December 2028, the years whose bank holidays are known');
    assert.equal(farOut.length, 3);
  });
});

describe('references', () => {
  test('count up within an area and year', () => {
    assert.equal(nextReference('352', '2026-01-12', []), 'SEND-352-2026-1');
    assert.equal(nextReference('352', '2026-01-12', ['SEND-352-2026-1', 'SEND-352-2026-2']), 'SEND-352-2026-3');
    assert.equal(nextReference('352', '2027-03-01', ['SEND-352-2026-1']), 'SEND-352-2027-1');
    assert.equal(nextReference('352', '2026-01-12', ['SEND-352-2026-9', 'SEND-352-2026-10']), 'SEND-352-2026-11');
  });
});

describe('GOV.UK date input', () => {
  const read = (day: string, month: string, year: string) => parseDateInput({ day, month, year }, 'date of notification');

  test('a real date is read with leading zeros added', () => {
    assert.deepEqual(read('5', '1', '2026'), { ok: true, date: '2026-01-05' });
    assert.deepEqual(read(' 05 ', '01', '2026'), { ok: true, date: '2026-01-05' });
  });

  test('messages follow the Design System and name the boxes at fault', () => {
    assert.deepEqual(read('', '', ''), { ok: false, message: 'Enter the date of notification', parts: ['day', 'month', 'year'] });
    assert.deepEqual(read('5', '', '2026'), { ok: false, message: 'Date of notification must include a month', parts: ['month'] });
    assert.deepEqual(read('', '', '2026'), { ok: false, message: 'Date of notification must include a day and month', parts: ['day', 'month'] });
    assert.deepEqual(read('31', '2', '2026'), { ok: false, message: 'Date of notification must be a real date', parts: ['day'] });
    assert.deepEqual(read('3', '13', '2026'), { ok: false, message: 'Date of notification must be a real date', parts: ['month'] });
    assert.deepEqual(read('3', 'May', '2026'), { ok: false, message: 'Date of notification must be a real date', parts: ['month'] });
    assert.deepEqual(read('3', '5', '26'), { ok: false, message: 'Year must include 4 numbers', parts: ['year'] });
  });
});
