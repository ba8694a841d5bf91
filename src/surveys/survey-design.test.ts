// Unit tests of designing a survey: UK times, the wording and schedule forms, applying wording
// to a definition, and routing described in words.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { surveyTemplateDefinition } from '../frameworks/survey-templates.ts';
import { parseForm } from '../platform/web/forms.ts';
import {
  aboutYouLabel,
  applyIntroduction,
  applyQuestionWording,
  criteriaOf,
  introductionFormSchema,
  londonClock,
  londonToUtc,
  parseScheduleForm,
  parseTimeOfDay,
  questionTypeLabel,
  questionWordingSchema,
  questionWordingValues,
  routingDescription,
  scheduleDateErrors,
  scheduleErrorField,
  scheduleFormValues,
} from './survey-design.ts';
import { surveyDefinitionSchema, type Question, type SurveyDefinition } from './survey.ts';

function parentsSurvey(): SurveyDefinition {
  return surveyTemplateDefinition('parents_carers', '2023');
}

function questionIn(definition: SurveyDefinition, id: string): Question {
  const question = definition.questions.find((q) => q.id === id);
  assert.ok(question, `the template has question ${id}`);
  return question;
}

describe('UK time', () => {
  test('a winter time is UTC and a summer time is an hour ahead of it', () => {
    assert.equal(londonToUtc('2026-01-15', '09:00')?.toISOString(), '2026-01-15T09:00:00.000Z');
    assert.equal(londonToUtc('2026-07-01', '09:00')?.toISOString(), '2026-07-01T08:00:00.000Z');
    assert.equal(londonToUtc('2026-07-01', '00:30')?.toISOString(), '2026-06-30T23:30:00.000Z');
  });

  test('a time skipped when the clocks go forward does not exist; a repeated one is taken the first time', () => {
    assert.equal(londonToUtc('2026-03-29', '01:30'), undefined);
    assert.equal(londonToUtc('2026-03-29', '02:00')?.toISOString(), '2026-03-29T01:00:00.000Z');
    assert.equal(londonToUtc('2026-10-25', '01:30')?.toISOString(), '2026-10-25T00:30:00.000Z');
  });

  test('a UK clock reading goes back to the same instant', () => {
    for (const iso of ['2026-01-15T09:00:00Z', '2026-07-01T23:45:00Z', '2026-10-25T00:30:00Z', '2026-10-25T02:30:00Z']) {
      const clock = londonClock(new Date(iso));
      assert.equal(londonToUtc(clock.date, clock.time)?.toISOString(), new Date(iso).toISOString());
    }
    assert.deepEqual(londonClock(new Date('2026-07-01T23:45:00Z')), { date: '2026-07-02', time: '00:45' });
  });

  test('times are read as people type them', () => {
    const cases: [string, string | undefined][] = [
      ['09:30', '09:30'],
      ['9:30', '09:30'],
      ['9.30', '09:30'],
      ['17:00', '17:00'],
      ['0:05', '00:05'],
      ['2pm', '14:00'],
      ['2:30 PM', '14:30'],
      ['12am', '00:00'],
      ['12pm', '12:00'],
      ['9 a.m.', '09:00'],
      ['9', undefined],
      ['24:00', undefined],
      ['9:60', undefined],
      ['13pm', undefined],
      ['noon', undefined],
      ['', undefined],
    ];
    for (const [input, expected] of cases) assert.equal(parseTimeOfDay(input), expected, `"${input}"`);
  });
});

describe('the wording of a question', () => {
  test('the form starts from the question as it stands', () => {
    const question = questionIn(parentsSurvey(), 'support_level');
    const values = questionWordingValues(question);
    assert.equal(values.text, question.text);
    assert.equal(values.required, 'yes');
    assert.equal(values['option-ehc_plan'], 'Yes, they have an EHC plan');
    assert.equal(values.hint, '');
  });

  test('new wording is applied and option values, routing and criteria stay the same', () => {
    const definition = parentsSurvey();
    const question = questionIn(definition, 'support_level');
    const form = { ...questionWordingValues(question), text: '  Does your child have an EHC plan?  ', hint: 'An EHC plan sets out the support your child should get.', required: 'no', 'option-ehc_plan': 'Yes, an EHC plan' };
    const parsed = parseForm(questionWordingSchema(question), form);
    assert.ok(parsed.ok);
    const changed = applyQuestionWording(definition, 'support_level', parsed.data);
    const after = questionIn(changed, 'support_level');
    assert.equal(after.text, 'Does your child have an EHC plan?');
    assert.equal(after.hint, 'An EHC plan sets out the support your child should get.');
    assert.equal(after.required, false);
    assert.deepEqual(after.options?.map((o) => o.value), question.options?.map((o) => o.value));
    assert.equal(after.options?.[0]?.label, 'Yes, an EHC plan');
    assert.deepEqual(questionIn(changed, 'plan_accurate').showIf, { question: 'support_level', anyOf: ['ehc_plan'] });
    assert.ok(surveyDefinitionSchema.safeParse(changed).success, 'the changed definition is still valid');
    assert.equal(questionIn(definition, 'support_level').text, question.text, 'the original is not changed');
  });

  test('blank, over-long and repeated wording is refused beside the field', () => {
    const question = questionIn(parentsSurvey(), 'respondent_role');
    const values = questionWordingValues(question);
    const parsed = parseForm(questionWordingSchema(question), { ...values, text: '   ', 'option-carer': 'Parent', hint: 'x'.repeat(1001), required: 'maybe' });
    assert.ok(!parsed.ok);
    assert.deepEqual(parsed.errors.fields.text, { text: 'Enter the question' });
    assert.deepEqual(parsed.errors.fields.hint, { text: 'The hint must be 1000 characters or fewer' });
    assert.deepEqual(parsed.errors.fields.required, { text: 'Select whether people must answer the question' });
    assert.match(parsed.errors.fields['option-carer']!.text, /Answer 2 has the same wording as another answer/);
    const blankOption = parseForm(questionWordingSchema(question), { ...values, 'option-parent': '' });
    assert.ok(!blankOption.ok);
    assert.deepEqual(blankOption.errors.summary, [{ text: 'Enter the wording of answer 1', href: '#option-parent' }]);
  });

  test('an agreement question has no answers of its own to reword', () => {
    const question = questionIn(parentsSurvey(), 'needs_identified_early');
    const parsed = parseForm(questionWordingSchema(question), { text: 'Needs were spotted early.', hint: '', required: 'yes', 'option-agree': 'injected' });
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.data.optionLabels, {});
    const changed = applyQuestionWording(parentsSurvey(), question.id, parsed.data);
    assert.equal(questionIn(changed, question.id).options, undefined);
  });

  test('removing the hint removes its translations, and keeps the translated question', () => {
    const definition = parentsSurvey();
    const question = questionIn(definition, 'age_phase');
    question.translations = { ur: { text: 'آپ کا بچہ کتنی عمر کا ہے؟', hint: 'ایک بچے کے بارے میں جواب دیں۔' } };
    const parsed = parseForm(questionWordingSchema(question), { ...questionWordingValues(question), hint: '' });
    assert.ok(parsed.ok);
    const after = questionIn(applyQuestionWording(definition, 'age_phase', parsed.data), 'age_phase');
    assert.equal(after.hint, undefined);
    assert.deepEqual(after.translations, { ur: { text: 'آپ کا بچہ کتنی عمر کا ہے؟' } });
  });

  test('the title and introduction are read, checked and applied', () => {
    const blank = parseForm(introductionFormSchema, { title: '', introduction: 'x'.repeat(3001) });
    assert.ok(!blank.ok);
    assert.deepEqual(Object.keys(blank.errors.fields), ['title', 'introduction']);
    const parsed = parseForm(introductionFormSchema, { title: ' Tell us ', introduction: 'First.\r\nSecond.' });
    assert.ok(parsed.ok);
    const changed = applyIntroduction(parentsSurvey(), parsed.data);
    assert.equal(changed.title, 'Tell us');
    assert.equal(changed.introduction, 'First.\nSecond.');
  });
});

describe('questions described in words', () => {
  test('routing names the earlier question and the answers that lead to it', () => {
    const definition = parentsSurvey();
    assert.equal(
      routingDescription(definition, questionIn(definition, 'plan_accurate')),
      "Only asked if 'Does your child have an education, health and care (EHC) plan?' is 'Yes, they have an EHC plan'",
    );
    assert.equal(
      routingDescription(definition, questionIn(definition, 'ehc_process_clear')),
      "Only asked if 'Does your child have an education, health and care (EHC) plan?' is 'Yes, they have an EHC plan' or 'An EHC needs assessment is under way'",
    );
    assert.equal(routingDescription(definition, questionIn(definition, 'respondent_role')), undefined);
  });

  test('routing on a multiple choice question says "includes"', () => {
    const definition = parentsSurvey();
    const routed: Question = { ...questionIn(definition, 'needs_identified_early'), id: 'autism_support', showIf: { question: 'need_type', anyOf: ['autism', 'adhd'] } };
    assert.equal(routingDescription({ questions: [...definition.questions, routed] }, routed), "Only asked if 'What are your child's main needs?' includes any of 'Autism' or 'ADHD'");
  });

  test('criteria carry the framework headings, and types their labels', () => {
    const question = questionIn(parentsSurvey(), 'plan_accurate');
    assert.deepEqual(criteriaOf(question, new Map([['I2', 'Participation'], ['I3', 'Right help']])), [
      { code: 'I2', heading: 'Participation' },
      { code: 'I3', heading: 'Right help' },
    ]);
    assert.equal(questionTypeLabel(question), 'Agreement scale (5 points and "Don\'t know")');
    assert.equal(aboutYouLabel(questionIn(parentsSurvey(), 'support_level')), 'About you: EHC plan or SEN support');
    assert.equal(aboutYouLabel(questionIn(parentsSurvey(), 'age_phase')), 'About you: age or phase of education');
    assert.equal(aboutYouLabel(question), undefined);
    assert.equal(questionTypeLabel(questionIn(surveyTemplateDefinition('children_young_people', '2023'), 'adults_listen')), 'Agreement scale with pictures (3 points)');
  });
});

describe('the schedule form', () => {
  const now = new Date('2026-11-01T12:00:00Z');
  const draft = { state: 'draft' as const, opensAt: null };
  const dates = (field: string, day: string, month: string, year: string, time: string) => ({
    [`${field}-day`]: day,
    [`${field}-month`]: month,
    [`${field}-year`]: year,
    [`${field}-time`]: time,
  });

  test('dates and UK times become instants; blank fields mean no date', () => {
    const result = parseScheduleForm({ ...dates('opensAt', '16', '11', '2026', '09:00'), ...dates('closesAt', '', '', '', '') }, draft, now);
    assert.deepEqual(result, { ok: true, opensAt: new Date('2026-11-16T09:00:00Z'), closesAt: null });
    const summer = parseScheduleForm({ ...dates('opensAt', '1', '7', '2027', '9am'), ...dates('closesAt', '15', '7', '2027', '17:30') }, draft, now);
    assert.deepEqual(summer, { ok: true, opensAt: new Date('2027-07-01T08:00:00Z'), closesAt: new Date('2027-07-15T16:30:00Z') });
    assert.deepEqual(parseScheduleForm({}, draft, now), { ok: true, opensAt: null, closesAt: null });
  });

  test('each problem is reported beside the box it is about', () => {
    const result = parseScheduleForm({ ...dates('opensAt', '31', '2', '2027', '09:00'), ...dates('closesAt', '4', '12', '2026', '') }, draft, now);
    assert.ok(!result.ok);
    assert.deepEqual(result.errors.summary, [
      { text: 'Opening date must be a real date', href: '#opensAt-day' },
      { text: 'Enter the closing time', href: '#closesAt-time' },
    ]);
    const time = parseScheduleForm({ ...dates('opensAt', '16', '11', '2026', '25:00') }, draft, now);
    assert.ok(!time.ok);
    assert.deepEqual(time.errors.fields['opensAt-time'], { text: 'Opening time must be a real time, like 09:00 or 17:30' });
    const gap = parseScheduleForm({ ...dates('opensAt', '28', '3', '2027', '01:15') }, draft, now);
    assert.ok(!gap.ok);
    assert.match(gap.errors.fields['opensAt-time']!.text, /clocks go forward/);
    const missingYear = parseScheduleForm({ ...dates('closesAt', '4', '12', '', '17:00') }, draft, now);
    assert.ok(!missingYear.ok);
    assert.deepEqual(scheduleDateErrors(missingYear.errors, missingYear.values), { closesAt: { text: 'Closing date must include a year', parts: ['year'] } });
  });

  test('a survey not yet open must open in the future; an open one keeps its opening time', () => {
    const past = parseScheduleForm({ ...dates('opensAt', '1', '11', '2026', '11:59') }, draft, now);
    assert.ok(!past.ok);
    assert.match(past.errors.fields['opensAt-day']!.text, /must be in the future/);
    const openedAt = new Date('2026-10-20T09:00:00Z');
    const open = parseScheduleForm({ ...dates('opensAt', '1', '1', '2020', '09:00'), ...dates('closesAt', '4', '12', '2026', '17:00') }, { state: 'open', opensAt: openedAt }, now);
    assert.deepEqual(open, { ok: true, opensAt: openedAt, closesAt: new Date('2026-12-04T17:00:00Z') });
  });

  test('stored times are shown again on a UK clock, and service rules point at the date', () => {
    assert.deepEqual(scheduleFormValues({ opensAt: new Date('2027-07-01T08:00:00Z'), closesAt: null }), {
      'opensAt-day': '1',
      'opensAt-month': '7',
      'opensAt-year': '2027',
      'opensAt-time': '09:00',
    });
    assert.equal(scheduleErrorField('closesAt'), 'closesAt-day');
    assert.equal(scheduleErrorField('form'), 'form');
    const errors = { summary: [], fields: { 'closesAt-day': { text: 'The closing date must be after the opening date' } } };
    assert.deepEqual(scheduleDateErrors(errors, dates('closesAt', '4', '12', '2026', '17:00')), {
      closesAt: { text: 'The closing date must be after the opening date', parts: ['day', 'month', 'year'] },
    });
  });
});
