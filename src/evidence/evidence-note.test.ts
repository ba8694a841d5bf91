// Unit tests of evidence notes' rules: what a note must hold, and how a save meets the stored note.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contentChanges, contentEquals, decideSave, validateNoteContent, type NoteContent, type NoteRules, type StoredNoteState } from './evidence-note.ts';
import { NOTE_BODY_MAX_LENGTH, SOURCE_DETAIL_MAX_LENGTH, THEME_CODES } from './evidence.ts';

const RULES_2023: NoteRules = {
  criterionCodes: ['I1', 'I2', 'I3', 'I4', 'I5', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6'],
  frameworkCode: '2023',
  otherFrameworks: [
    { code: '2016', criterionCodes: ['A', 'B', 'C'] },
    { code: '2023', criterionCodes: ['I1', 'I2', 'I3', 'I4', 'I5', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6'] },
  ],
};
const RULES_2016: NoteRules = { criterionCodes: ['A', 'B', 'C'], frameworkCode: '2016', otherFrameworks: [{ code: '2023', criterionCodes: RULES_2023.criterionCodes }] };

const ACTIVITY = '0b6f8d3e-2c4a-4d1e-9f3a-1a2b3c4d5e6f';
const CASE = '1c7f8d3e-2c4a-4d1e-9f3a-1a2b3c4d5e6f';
const SURVEY = '2d8f8d3e-2c4a-4d1e-9f3a-1a2b3c4d5e6f';
const SESSION_A = 'aaaaaaaa-2c4a-4d1e-9f3a-1a2b3c4d5e6f';
const SESSION_B = 'bbbbbbbb-2c4a-4d1e-9f3a-1a2b3c4d5e6f';

function content(overrides: Partial<NoteContent> = {}): NoteContent {
  return {
    body: 'Parents said waiting times for therapy are long.',
    criteria: ['I1'],
    themes: [],
    polarity: 'concern',
    sourceKind: 'activity',
    activityId: ACTIVITY,
    caseId: null,
    surveyId: null,
    sourceDetail: '',
    ...overrides,
  };
}

function fieldsOf(result: ReturnType<typeof validateNoteContent>): string[] {
  return result.ok ? [] : result.issues.map((i) => i.field);
}

function messageFor(result: ReturnType<typeof validateNoteContent>, field: string): string {
  assert.equal(result.ok, false);
  const issue = !result.ok ? result.issues.find((i) => i.field === field) : undefined;
  assert.ok(issue, `an issue for ${field}`);
  return issue.message;
}

describe('validateNoteContent', () => {
  test('a complete note is kept in its stored shape: trimmed, \\n line endings, criteria and themes in order, once each', () => {
    const result = validateNoteContent(
      {
        body: '  Line one\r\nLine two  ',
        criteria: ['L2', 'I1', 'L2'],
        themes: [THEME_CODES[3], THEME_CODES[0]],
        polarity: 'strength',
        sourceKind: 'activity',
        activityId: ACTIVITY,
        caseId: CASE,
        surveyId: '',
        sourceDetail: ' the morning session ',
      },
      RULES_2023,
    );
    assert.ok(result.ok);
    assert.deepEqual(result.value, {
      body: 'Line one\nLine two',
      criteria: ['I1', 'L2'],
      themes: [THEME_CODES[0], THEME_CODES[3]],
      polarity: 'strength',
      sourceKind: 'activity',
      activityId: ACTIVITY,
      // Only the reference the source kind names is kept.
      caseId: null,
      surveyId: null,
      sourceDetail: 'the morning session',
    });
  });

  test('a single criterion or theme sent as a string is taken as a list of one', () => {
    const result = validateNoteContent({ ...content(), criteria: 'I2', themes: THEME_CODES[1] }, RULES_2023);
    assert.ok(result.ok);
    assert.deepEqual(result.value.criteria, ['I2']);
    assert.deepEqual(result.value.themes, [THEME_CODES[1]]);
  });

  test('an empty body, or one over the limit, is refused with its length', () => {
    assert.equal(messageFor(validateNoteContent({ ...content(), body: '   \n ' }, RULES_2023), 'body'), 'Enter the note');
    const long = validateNoteContent({ ...content(), body: 'x'.repeat(NOTE_BODY_MAX_LENGTH + 1) }, RULES_2023);
    assert.match(messageFor(long, 'body'), /10,000 characters or fewer \(it has 10,001\)/);
    assert.ok(validateNoteContent({ ...content(), body: 'x'.repeat(NOTE_BODY_MAX_LENGTH) }, RULES_2023).ok);
  });

  test('a criterion of the other framework is named as such', () => {
    assert.equal(
      messageFor(validateNoteContent({ ...content(), criteria: ['I3'] }, RULES_2016), 'criteria'),
      'I3 is a criterion of the 2023 framework; this inspection is under the 2016 framework. Select criteria of the 2016 framework',
    );
    assert.match(messageFor(validateNoteContent({ ...content(), criteria: ['I1', 'B'] }, RULES_2023), 'criteria'), /^B is a criterion of the 2016 framework; this inspection is under the 2023 framework/);
  });

  test('a code of no framework is refused as not one of the inspection’s', () => {
    assert.equal(messageFor(validateNoteContent({ ...content(), criteria: ['Z9'] }, RULES_2023), 'criteria'), 'Select criteria of this inspection’s framework (2023): Z9 is not one of them');
  });

  test('unknown themes are refused', () => {
    assert.match(messageFor(validateNoteContent({ ...content(), themes: ['NOT_A_THEME'] }, RULES_2023), 'themes'), /NOT_A_THEME is not a theme/);
  });

  test('polarity and source kind must be chosen from the lists', () => {
    const result = validateNoteContent({ body: 'Something seen' }, RULES_2023);
    assert.deepEqual(fieldsOf(result).sort(), ['polarity', 'sourceKind']);
    assert.deepEqual(fieldsOf(validateNoteContent({ ...content(), polarity: 'positive' }, RULES_2023)), ['polarity']);
    assert.deepEqual(fieldsOf(validateNoteContent({ ...content(), sourceKind: 'rumour' }, RULES_2023)), ['sourceKind']);
  });

  test('each source kind needs its own reference, and a reference must look like one', () => {
    assert.equal(messageFor(validateNoteContent({ ...content(), activityId: null }, RULES_2023), 'activityId'), 'Select the activity the evidence came from');
    assert.equal(messageFor(validateNoteContent({ ...content(), sourceKind: 'tracked_case', activityId: null }, RULES_2023), 'caseId'), 'Select the tracked child the evidence came from');
    assert.equal(messageFor(validateNoteContent({ ...content(), sourceKind: 'reviewed_plan', caseId: '' }, RULES_2023), 'caseId'), 'Select the EHC plan reviewed');
    assert.equal(messageFor(validateNoteContent({ ...content(), sourceKind: 'survey' }, RULES_2023), 'surveyId'), 'Select the survey the evidence came from');
    assert.match(messageFor(validateNoteContent({ ...content(), activityId: 'not-an-id' }, RULES_2023), 'activityId'), /from the list/);
    const tracked = validateNoteContent({ ...content(), sourceKind: 'tracked_case', caseId: CASE }, RULES_2023);
    assert.ok(tracked.ok);
    assert.equal(tracked.value.activityId, null);
    assert.equal(tracked.value.caseId, CASE);
    const survey = validateNoteContent({ ...content(), sourceKind: 'survey', surveyId: SURVEY }, RULES_2023);
    assert.ok(survey.ok);
    assert.equal(survey.value.surveyId, SURVEY);
  });

  test('data needs to say which data, within the limit', () => {
    const data = { ...content(), sourceKind: 'data', activityId: null };
    assert.equal(messageFor(validateNoteContent({ ...data, sourceDetail: '  ' }, RULES_2023), 'sourceDetail'), 'Enter which data the evidence came from');
    assert.match(messageFor(validateNoteContent({ ...data, sourceDetail: 'x'.repeat(SOURCE_DETAIL_MAX_LENGTH + 1) }, RULES_2023), 'sourceDetail'), /^Which data must be 300 characters or fewer \(it has 301\)/);
    const ok = validateNoteContent({ ...data, sourceDetail: 'SEN2 return 2025' }, RULES_2023);
    assert.ok(ok.ok);
    assert.equal(ok.value.activityId, null);
    assert.match(messageFor(validateNoteContent({ ...content(), sourceDetail: 'x'.repeat(SOURCE_DETAIL_MAX_LENGTH + 1) }, RULES_2023), 'sourceDetail'), /^The detail of the source must be/);
  });

  test('every problem is reported at once', () => {
    const result = validateNoteContent({ body: '', criteria: ['A'], themes: ['X'], polarity: '', sourceKind: 'data', sourceDetail: '' }, RULES_2023);
    assert.deepEqual(fieldsOf(result), ['body', 'criteria', 'themes', 'polarity', 'sourceDetail']);
  });
});

describe('contentEquals and contentChanges', () => {
  test('contents are equal only when every part is', () => {
    assert.ok(contentEquals(content(), content()));
    assert.ok(!contentEquals(content(), content({ body: 'Other' })));
    assert.ok(!contentEquals(content(), content({ criteria: ['I1', 'I2'] })));
    assert.ok(!contentEquals(content(), content({ themes: [THEME_CODES[0]] })));
    assert.ok(!contentEquals(content(), content({ polarity: 'strength' })));
    assert.ok(!contentEquals(content(), content({ activityId: CASE })));
    assert.ok(!contentEquals(content(), content({ sourceDetail: 'x' })));
  });

  test('changes list criteria and themes added and removed, and other parts changed', () => {
    const changes = contentChanges(content(), content({ body: 'New', criteria: ['I2'], polarity: 'strength', sourceKind: 'data', activityId: null, sourceDetail: 'SEN2' }));
    assert.deepEqual(changes, [{ field: 'body' }, { field: 'criteria', added: ['I2'], removed: ['I1'] }, { field: 'polarity' }, { field: 'source' }]);
    assert.deepEqual(contentChanges(content(), content()), []);
  });
});

describe('decideSave', () => {
  const stored: StoredNoteState = { revision: 3, version: 2, editSession: SESSION_A, content: content() };

  test('a note not stored yet is created', () => {
    assert.equal(decideSave(undefined, { content: content(), baseRevision: 0, editSession: SESSION_A }), 'create');
  });

  test('a repeated save after a lost acknowledgement is unchanged', () => {
    // The first save was stored (revision 1, session A) but its answer never arrived; the page sends it again from revision 0.
    const first: StoredNoteState = { revision: 1, version: 1, editSession: SESSION_A, content: content() };
    assert.equal(decideSave(first, { content: content(), baseRevision: 0, editSession: SESSION_A }), 'unchanged');
  });

  test('the same content is unchanged whoever sends it and from whatever revision', () => {
    assert.equal(decideSave(stored, { content: content(), baseRevision: 1, editSession: SESSION_B }), 'unchanged');
    assert.equal(decideSave(stored, { content: content(), baseRevision: 3, editSession: SESSION_B }), 'unchanged');
  });

  test('this page’s own earlier save is amended, even from an older base revision', () => {
    assert.equal(decideSave(stored, { content: content({ body: 'More text' }), baseRevision: 3, editSession: SESSION_A }), 'amend');
    assert.equal(decideSave(stored, { content: content({ body: 'More text' }), baseRevision: 1, editSession: SESSION_A }), 'amend');
  });

  test('another session that started from the stored revision makes a new version', () => {
    assert.equal(decideSave(stored, { content: content({ body: 'My edit' }), baseRevision: 3, editSession: SESSION_B }), 'new-version');
  });

  test('another inspector’s later save makes a stale save a conflict', () => {
    // Page B read revision 2; since then session A saved (revision 3).
    assert.equal(decideSave(stored, { content: content({ body: 'My edit' }), baseRevision: 2, editSession: SESSION_B }), 'conflict');
    // A base revision ahead of the stored one is no better.
    assert.equal(decideSave(stored, { content: content({ body: 'My edit' }), baseRevision: 4, editSession: SESSION_B }), 'conflict');
  });
});
