// The notes list's pure rules: reading filters with plain errors, describing them, sources in
// words, safe highlighting, shortening, and the export's rows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { activityExportRecord, exportDateTime, exportFileName, noteExportRecord } from './evidence-export.ts';
import {
  describeFilter,
  describeNoteSource,
  filterQuery,
  highlightHtml,
  matchSentence,
  pageCountOf,
  parseNoteFilter,
  shortenBody,
  type FilterChoices,
  type NoteFilter,
} from './evidence-search.ts';

const AUTHOR = '0b6c3f5e-8f1a-4c55-9f7e-2a1d0c9b8e71';
const choices: FilterChoices = {
  criteria: [
    { code: 'I1', heading: 'Identifying needs' },
    { code: 'L2', heading: 'Leaders’ understanding' },
  ],
  authors: [{ id: AUTHOR, name: 'Jo Bloggs' }],
};

describe('parseNoteFilter', () => {
  test('blank means any: an empty query is every note, page 1', () => {
    assert.deepEqual(parseNoteFilter({}, choices), { ok: true, filter: { q: '', page: 1 } });
    assert.deepEqual(parseNoteFilter({ q: '  ', criterion: '', page: '' }, choices), { ok: true, filter: { q: '', page: 1 } });
  });

  test('good values are taken, codes in any case, spaces tidied', () => {
    const parsed = parseNoteFilter({ q: '  speech   therapy ', criterion: 'l2', theme: 'therapy_waits', polarity: 'concern', source: 'tracked_case', author: AUTHOR, page: '3' }, choices);
    assert.deepEqual(parsed, {
      ok: true,
      filter: { q: 'speech therapy', criterion: 'L2', theme: 'THERAPY_WAITS', polarity: 'concern', source: 'tracked_case', author: AUTHOR, page: 3 },
    });
  });

  test('every bad value is reported at once, with what was typed kept', () => {
    const parsed = parseNoteFilter({ q: 'x'.repeat(201), criterion: 'B', theme: 'X', polarity: 'good', source: 'gossip', author: 'someone', page: '-2' }, choices);
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    assert.deepEqual(
      parsed.issues.map((i) => i.field),
      ['q', 'criterion', 'theme', 'polarity', 'source', 'author', 'page'],
    );
    assert.equal(parsed.issues[1]!.message, '"B" is not a criterion of this inspection’s framework. Choose one from the list');
    assert.equal(parsed.values.q.length, 201);
    assert.equal(parsed.values.source, 'gossip');
  });

  test('a 200-character search is allowed; page numbers must be whole and in range', () => {
    assert.equal(parseNoteFilter({ q: 'x'.repeat(200) }, choices).ok, true);
    for (const page of ['0', '1.5', 'two', '10001', '99999999999']) assert.equal(parseNoteFilter({ page }, choices).ok, false, page);
    assert.equal(parseNoteFilter({ page: '10000' }, choices).ok, true);
  });

  test('a repeated parameter takes its first value', () => {
    assert.deepEqual(parseNoteFilter({ polarity: ['strength', 'concern'] }, choices), { ok: true, filter: { q: '', polarity: 'strength', page: 1 } });
  });
});

describe('describing the filters', () => {
  const all: NoteFilter = { q: 'therapy', criterion: 'I1', theme: 'THERAPY_WAITS', polarity: 'concern', source: 'survey', author: AUTHOR, page: 2 };

  test('in words, for the heading', () => {
    assert.equal(describeFilter(all, choices), 'containing “therapy”, concerns, tagged I1 (Identifying needs), with the theme Health therapies and equipment, from surveys, written by Jo Bloggs');
    assert.equal(describeFilter({ q: '', page: 1 }, choices), '');
  });

  test('how many match', () => {
    assert.equal(matchSentence(0, { q: '', page: 1 }, choices), 'No notes have been written yet');
    assert.equal(matchSentence(1, { q: '', page: 1 }, choices), '1 note');
    assert.equal(matchSentence(1234, { q: '', page: 1 }, choices), '1,234 notes');
    assert.equal(matchSentence(0, { q: 'x', page: 1 }, choices), 'No notes match: containing “x”');
    assert.equal(matchSentence(1, { q: '', polarity: 'strength', page: 1 }, choices), '1 note matches: strengths');
    assert.equal(matchSentence(2, { q: '', polarity: 'neutral', page: 1 }, choices), '2 notes match: neither strengths nor concerns');
  });

  test('as a query string for links, page 1 left out', () => {
    assert.equal(filterQuery(all, 1), `?q=therapy&criterion=I1&theme=THERAPY_WAITS&polarity=concern&source=survey&author=${AUTHOR}`);
    assert.equal(filterQuery({ q: 'a b&c', page: 1 }, 4), '?q=a+b%26c&page=4');
    assert.equal(filterQuery({ q: '', page: 1 }), '');
  });

  test('pages of 25', () => {
    assert.deepEqual([0, 1, 25, 26, 5000].map(pageCountOf), [1, 1, 1, 2, 200]);
  });
});

describe('describeNoteSource', () => {
  test('each kind of source in words', () => {
    assert.equal(describeNoteSource({ kind: 'activity', detail: '', activity: { kind: 'focus_group', title: 'SENCOs', heldOn: '2026-11-24' } }), 'Focus group: SENCOs, 24 November 2026');
    assert.equal(describeNoteSource({ kind: 'tracked_case', detail: '', case: { personId: 'P0042', position: 3 } }), 'Tracked child 3 (P0042)');
    assert.equal(describeNoteSource({ kind: 'reviewed_plan', detail: 'Section F', case: { personId: 'P0007', position: 1 } }), 'Reviewed EHC plan 1 (P0007): Section F');
    assert.equal(describeNoteSource({ kind: 'survey', detail: 'question 4', surveyAudience: 'parents_carers' }), 'Survey of parents and carers: question 4');
    assert.equal(describeNoteSource({ kind: 'data', detail: 'SEN2 2025' }), 'Performance data: SEN2 2025');
  });

  test('a source since removed says so', () => {
    assert.equal(describeNoteSource({ kind: 'activity', detail: '', activity: null }), 'Fieldwork activity (since deleted)');
    assert.equal(describeNoteSource({ kind: 'tracked_case', detail: '', case: null }), 'Tracked child (no longer in the sample)');
  });
});

describe('highlightHtml', () => {
  const markers = { start: 'HLSTARTabcX', stop: 'HLSTOPabcX' };
  test('only the markers become tags; everything else is escaped', () => {
    assert.equal(
      highlightHtml('a <b>bold</b> & "HLSTARTabcXtherapyHLSTOPabcX" it\'s', markers),
      'a &lt;b&gt;bold&lt;/b&gt; &amp; &quot;<mark>therapy</mark>&quot; it&#39;s',
    );
  });
  test('typed tags stay text, even ones that look like mark', () => {
    assert.equal(highlightHtml('<mark>x</mark>', markers), '&lt;mark&gt;x&lt;/mark&gt;');
  });
});

test('shortenBody cuts long notes at a word and flattens line breaks', () => {
  assert.equal(shortenBody('short\nnote'), 'short note');
  const long = 'word '.repeat(100);
  const short = shortenBody(long, 50);
  assert.ok(short.length <= 51 && short.endsWith('word…'), short);
});

describe('export rows', () => {
  test('a note as a row: dates in UK time, labels, codes joined', () => {
    const record = noteExportRecord({
      id: 'n1',
      createdAt: new Date('2026-06-01T09:05:00Z'),
      updatedAt: new Date('2026-11-24T09:05:00Z'),
      authorName: 'Jo',
      updatedByName: 'Sam',
      version: 3,
      polarity: 'neutral',
      sourceKind: 'data',
      sourceDetail: 'SEN2',
      activity: null,
      case: null,
      surveyAudience: null,
      criteria: ['I1', 'L2'],
      themes: ['TRANSPORT'],
      body: 'Text',
      attachments: ['a.pdf', 'b.docx'],
    });
    assert.deepEqual(record, {
      id: 'n1',
      created: '2026-06-01 10:05',
      lastEdited: '2026-11-24 09:05',
      author: 'Jo',
      lastEditedBy: 'Sam',
      version: 3,
      polarity: 'Neither',
      sourceKind: 'Performance data',
      source: 'Performance data: SEN2',
      criteria: 'I1; L2',
      themes: 'TRANSPORT',
      body: 'Text',
      attachments: 'a.pdf; b.docx',
    });
  });

  test('an activity as a row, with 0 for groups nobody came from', () => {
    const record = activityExportRecord({
      id: 'a1',
      kind: 'meeting',
      title: 'Leaders',
      settingType: null,
      urn: null,
      heldOn: '2026-11-24',
      startsAt: '09:00',
      endsAt: '10:00',
      place: 'Hall',
      inspectors: ['A', 'B'],
      participants: { leaders: 4 },
    });
    assert.equal(record.kind, 'Meeting');
    assert.equal(record.settingType, '');
    assert.equal(record.inspectors, 'A; B');
    assert.equal(record.group_leaders, 4);
    assert.equal(record.group_parents_carers, 0);
  });

  test('file names and times', () => {
    assert.equal(exportFileName('SEND-352-2026-1', 'csv'), 'SEND-352-2026-1-evidence.csv');
    assert.equal(exportDateTime(new Date('2026-03-29T00:30:00Z')), '2026-03-29 00:30');
    assert.equal(exportDateTime(new Date('2026-03-29T01:30:00Z')), '2026-03-29 02:30');
  });
});
