// Triangulation: with notes on a few criteria from fieldwork, a survey and performance data, the
// matrix counts them in the right cells and highlights a criterion evidenced from one kind of
// source only; its page lists its notes; and the notes list finds a note by a form of a word it
// contains and narrows to a criterion.
import assert from 'node:assert/strict';
import { CriterionPage } from '../pages/evidence-criterion-page.ts';
import { NotesPage } from '../pages/evidence-notes-page.ts';
import { NotePage } from '../pages/evidence-note-page.ts';
import { TriangulationPage } from '../pages/evidence-triangulation-page.ts';
import { FieldworkHubPage } from '../pages/fieldwork-hub-page.ts';
import { signInAs } from '../pages/signed-in.ts';
import { evidenceInspectionFor, seedEvidenceJourneys, type SeedNote } from '../support/evidence-seed.ts';
import { describeJourneys } from '../support/journey.ts';

const L2 = { code: 'L2', heading: 'Leaders actively engage and work with children, young people and families.' };

const WAITS = 'Parents described waits of more than a year for speech and language therapy.';
const SURVEY_COMMENTS = 'Survey comments say therapies stop when young people leave school at 16.';
const SEN2 = 'The share of EHC plans issued within 20 weeks rose from 48% to 72% in a year.';
const FORUM = 'Forum members said leaders now co-produce the SEND strategy with them.';
const COMMISSIONED = 'Leaders commissioned more speech therapy after the forum raised the waits.';
const LOCAL_OFFER = 'A parent said nobody told her about the local offer until her son was 12.';
const EARLY_HELP = 'Early help referrals are answered within five working days, the data show.';

const NOTES: SeedNote[] = [
  // I1: one item from each of three kinds of source.
  { body: WAITS, criteria: ['I1'], polarity: 'concern', source: { activity: 0 }, author: 'inspector' },
  { body: SURVEY_COMMENTS, criteria: ['I1'], polarity: 'concern', source: { survey: 'parents_carers' }, author: 'inspector' },
  { body: SEN2, criteria: ['I1'], polarity: 'strength', source: { data: 'SEN2 2025: plans issued within 20 weeks' }, author: 'lead' },
  // L2: three fieldwork notes and nothing else.
  { body: FORUM, criteria: ['L2'], polarity: 'strength', source: { activity: 0 }, author: 'secondInspector' },
  { body: COMMISSIONED, criteria: ['L2'], polarity: 'strength', source: { activity: 0 }, author: 'inspector' },
  { body: LOCAL_OFFER, criteria: ['L2'], polarity: 'concern', source: { activity: 0 }, author: 'inspector' },
  // I3: a single item.
  { body: EARLY_HELP, criteria: ['I3'], polarity: 'neutral', source: { data: 'Early help dashboard, autumn term' }, author: 'lead' },
];

const seed = seedEvidenceJourneys({
  activities: [
    {
      kind: 'focus_group',
      title: 'Focus group with the parent carer forum',
      startsAt: '14:00',
      endsAt: '15:30',
      inspectors: ['lead', 'inspector'],
      participants: { parent_carer_forum: 7 },
    },
  ],
  surveys: true,
  notes: NOTES,
});

describeJourneys('evidence: triangulation and search', { seed }, (journey) => {
  journey('the lead reads the matrix, opens a criterion evidenced from one kind of source, and searches the notes', async (lead) => {
    const people = lead.server.seeded;
    const inspection = evidenceInspectionFor(people, lead.javaScript);
    await signInAs(lead, people.lead);
    const hub = await FieldworkHubPage.open(lead, inspection);
    await hub.follow('See how each criterion is evidenced (triangulation)');
    const triangulation = await new TriangulationPage(lead, inspection).arrived();

    // Counts in the right cells: each kind of source in its column, strengths and concerns under the total.
    const matrix = await triangulation.matrix();
    const none = { total: 0, parts: [] };
    assert.deepEqual(matrix.get('I1')?.cells, {
      Surveys: { total: 1, parts: ['0 strengths', '1 concern'] },
      'Case reviews': none,
      Tracking: none,
      'Fieldwork notes': { total: 1, parts: ['0 strengths', '1 concern'] },
      'Performance data': { total: 1, parts: ['1 strength', '0 concerns'] },
      'All sources': { total: 3, parts: ['1 strength', '2 concerns'] },
    });
    assert.equal(matrix.get('I1')?.toLookAt, 'Nothing', 'three items from three kinds of source need no second look');
    assert.deepEqual(matrix.get('L2')?.cells['Fieldwork notes'], { total: 3, parts: ['2 strengths', '1 concern'] });
    assert.equal(matrix.get('L2')?.cells['All sources'].total, 3);
    assert.equal(matrix.get('L2')?.toLookAt, 'One kind of source Evidence from fieldwork notes only');
    assert.deepEqual(matrix.get('I3')?.cells['Performance data'], { total: 1, parts: ['0 strengths', '0 concerns'] });
    assert.equal(matrix.get('I3')?.toLookAt, 'Thin evidence Only 1 item of evidence One kind of source Evidence from performance data only');
    assert.equal(matrix.get('L6')?.toLookAt, 'Thin evidence No evidence yet');
    assert.equal(matrix.size, 11, 'every criterion of the 2023 framework has a row');

    const toLookAt = await triangulation.criteriaToLookAt();
    assert.ok(!toLookAt.some((c) => c.criterion.startsWith('I1:')), 'I1 is not listed to look at');
    assert.deepEqual(
      toLookAt.find((c) => c.criterion.startsWith('L2:')),
      { criterion: `${L2.code}: ${L2.heading}`, reasons: 'Evidence from fieldwork notes only.' },
    );

    // The criterion's page: its counts, why it is highlighted, and its notes.
    await triangulation.openCriterion('L2');
    const criterion = await new CriterionPage(lead, inspection, L2).arrived();
    assert.deepEqual(await criterion.highlights(), ['One kind of source Evidence from fieldwork notes only.']);
    const counts = await criterion.counts();
    assert.deepEqual(counts['Fieldwork notes'], { items: '3', breakdown: '2 strengths, 1 concern' });
    assert.deepEqual(counts.Surveys, { items: '0', breakdown: 'None' });
    assert.deepEqual(counts['All sources'], { items: '3', breakdown: '2 strengths, 1 concern' });
    assert.match(await criterion.notesSummary(), /^3 notes, newest first\./);
    const listed = await criterion.notes();
    assert.deepEqual(listed.map((n) => n.excerpt).sort(), [COMMISSIONED, FORUM, LOCAL_OFFER].sort());
    assert.deepEqual(listed.find((n) => n.excerpt === LOCAL_OFFER)?.polarity, 'Concern');
    await criterion.openNote(FORUM);
    const note = await new NotePage(lead).arrived();
    assert.equal(await note.text(), FORUM);

    // Search: "therapies" finds the notes that say "therapy" as well, and the criterion narrows them.
    let notes = await NotesPage.open(lead, inspection);
    assert.equal(await notes.resultText(), `${NOTES.length} notes.`);
    await notes.search({ words: 'therapies' });
    notes = await new NotesPage(lead, inspection).arrived();
    assert.equal(await notes.resultText(), '3 notes match: containing “therapies”.');
    const found = await notes.notes();
    assert.equal(found.length, 3);
    assert.ok(found.some((n) => n.snippet.includes('speech and language therapy')), 'a note that says “therapy” is found');
    assert.deepEqual([...new Set((await notes.markedWords()).map((w) => w.toLowerCase()))].sort(), ['therapies', 'therapy']);

    await notes.search({ words: 'therapies', criterion: 'L2' });
    notes = await new NotesPage(lead, inspection).arrived();
    assert.equal(await notes.resultText(), `1 note matches: containing “therapies”, tagged L2 (${L2.heading}).`);
    const narrowed = await notes.notes();
    assert.deepEqual(
      narrowed.map((n) => [n.polarity, n.criteria]),
      [['Strength', 'L2']],
    );
    // The snippet is the matching passage, by whole words (a closing full stop is not a word).
    assert.ok(COMMISSIONED.startsWith(narrowed[0].snippet.replace(/…/g, '').trim()), `the snippet is from the note: ${narrowed[0].snippet}`);
    assert.match(narrowed[0].snippet, /^Leaders commissioned more speech therapy/);
  });
});
