// Evidence notes: an inspector writes a note about an activity and tags it (saved while typing with
// JavaScript, by posting the form without); a note typed while the connection drops is kept on the
// device and saved once it is back; and two inspectors changing the same note: the second is shown
// both versions and chooses to save theirs, and the history lists every version.
import assert from 'node:assert/strict';
import { evidenceAddress, fieldworkAddress } from '../pages/evidence-common.ts';
import { NoteConflictPage } from '../pages/evidence-note-conflict-page.ts';
import { NoteFormPage, submitAndWait } from '../pages/evidence-note-form-page.ts';
import { NoteHistoryPage } from '../pages/evidence-note-history-page.ts';
import { NotePage } from '../pages/evidence-note-page.ts';
import { ActivityPage } from '../pages/fieldwork-activity-page.ts';
import { signInAs } from '../pages/signed-in.ts';
import { evidenceInspectionFor, seedEvidenceJourneys } from '../support/evidence-seed.ts';
import { describeJourneys } from '../support/journey.ts';

const FOCUS_GROUP = 'Focus group with parents and carers of secondary-age young people';
const SEEDED_NOTE = 'Parents said the parent carer forum is listened to by leaders.';

const NOTE = 'Parents said speech and language therapy stops when a child moves to secondary school.\n\nTwo parents had waited over a year for an occupational therapy assessment.';
const THERAPY_THEME = 'Health therapies and equipment';
const I3 = 'I3: Children and young people receive the right help at the right time.';
const L5 = 'L5: Leaders evaluate services and make improvements.';

const seed = seedEvidenceJourneys({
  activities: [
    {
      kind: 'focus_group',
      title: FOCUS_GROUP,
      startsAt: '10:00',
      endsAt: '11:00',
      place: 'Library meeting room',
      inspectors: ['inspector', 'secondInspector'],
      participants: { parents_carers: 9 },
    },
  ],
  notes: [{ body: SEEDED_NOTE, criteria: ['L2'], polarity: 'strength', source: { activity: 0 }, author: 'lead' }],
});

/** The draft of a note this browser keeps while the service does not have it yet (see evidence-notes.js). */
async function draftOnDevice(form: NoteFormPage, inspectionId: string, noteId: string): Promise<string | undefined> {
  return form.page.evaluate((key) => {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as { content: { body: string } }).content.body : undefined;
  }, `send-inspect:note-draft:${inspectionId}:${noteId}`);
}

async function noteIdOf(form: NoteFormPage): Promise<string> {
  return form.page.locator('input[type="hidden"][name="noteId"]').inputValue();
}

describeJourneys('evidence: writing notes', { seed }, (journey) => {
  journey('an inspector writes a note about an activity and tags it with criteria, a theme, polarity and source', async (inspector) => {
    const inspection = evidenceInspectionFor(inspector.server.seeded, inspector.javaScript);
    await signInAs(inspector, inspector.server.seeded.inspector);
    await inspector.visit(fieldworkAddress(inspection, `/activities/${inspection.activityIds[0]}`));
    let activity = await new ActivityPage(inspector, FOCUS_GROUP).arrived();
    await activity.writeNote();
    let form = await new NoteFormPage(inspector).arrived();
    // Opened from the activity, the note's source is that activity.
    const fromActivity = await form.values();
    assert.equal(fromActivity.source, 'Fieldwork activity');
    assert.match(fromActivity.activity, new RegExp(`^${FOCUS_GROUP} \\(`));
    const noteId = await noteIdOf(form);

    if (inspector.javaScript) {
      // Saved while typing: the status line says so, and the text survives a reload.
      assert.equal((await form.status().innerText()).trim(), '', 'nothing is said before anything is typed');
      await form.enter({ criteria: ['I3', 'L5'], themes: [THERAPY_THEME], polarity: 'Concern' });
      await form.enter({ body: NOTE });
      assert.match(await form.statusSays(/^Saved at \d\d:\d\d$/), /^Saved at \d\d:\d\d$/);
      await form.page.reload();
      form = await new NoteFormPage(inspector, { changing: /\/edit$/.test(new URL(form.page.url()).pathname) }).arrived();
      assert.equal(await form.body().inputValue(), NOTE, 'the saved text is on the page after a reload');
      await NotePage.open(inspector, inspection, noteId);
    } else {
      // Posted with no polarity and no text: both are asked for, and every choice made is kept.
      await form.enter({ criteria: ['I3', 'L5'], themes: [THERAPY_THEME] });
      await form.save();
      assert.deepEqual(await form.arrivedWithErrors(), ['Enter the note', 'Select whether the note is a strength, a concern or neither']);
      const kept = await form.values();
      assert.deepEqual(kept.criteria, ['I3', 'L5']);
      assert.deepEqual(kept.themes, [THERAPY_THEME]);
      assert.equal(kept.source, 'Fieldwork activity');
      assert.equal(kept.activity, fromActivity.activity);
      await form.enter({ body: NOTE, polarity: 'Concern' });
      await form.save();
      const saved = await new NotePage(inspector).arrived();
      assert.match(await saved.successBanner(), /Note saved/);
      assert.equal(saved.id(), noteId, 'the note keeps the id its form was given');
    }

    // The note's page shows what it is evidence for and where it came from.
    const note = new NotePage(inspector);
    assert.equal(await note.text(), NOTE);
    assert.deepEqual(await note.content(), {
      'Strength or concern': 'Concern',
      Criteria: `${I3}\n${L5}`,
      Themes: THERAPY_THEME,
      Source: `Fieldwork activity: ${FOCUS_GROUP}`,
    });
    assert.match((await note.authorship())['Written by'], new RegExp(`^${inspector.server.seeded.inspector.name}, `));

    // The activity lists it among its notes.
    await note.page.getByRole('main').getByRole('link', { name: FOCUS_GROUP, exact: true }).click();
    activity = await new ActivityPage(inspector, FOCUS_GROUP).arrived();
    const notes = await activity.notes();
    assert.ok(notes.some((text) => text.startsWith('Parents said speech and language therapy')), `the activity lists the note: ${notes.join(' | ')}`);
  });

  journey('a note typed while the connection drops is kept on the device and saved when it is back', async (inspector) => {
    const inspection = evidenceInspectionFor(inspector.server.seeded, inspector.javaScript);
    const before = 'At the focus group, parents said the new key workers answer within a week';
    const after = ', and that the local offer website now lists every short break.';
    await signInAs(inspector, inspector.server.seeded.secondInspector);
    await inspector.visit(evidenceAddress(inspection, `/notes/new?activityId=${inspection.activityIds[0]}`));
    const form = await new NoteFormPage(inspector).arrived();
    const noteId = await noteIdOf(form);
    await form.enter({ polarity: 'Strength', criteria: ['L2'] });

    if (!inspector.javaScript) {
      // Without the script nothing claims to save while typing: the note is stored when posted.
      await form.type(before + after, 0);
      assert.equal((await form.status().innerText()).trim(), '');
      await form.save();
      const note = await new NotePage(inspector).arrived();
      assert.equal(note.id(), noteId);
      assert.equal(await note.text(), before + after);
      return;
    }

    await form.type(before);
    await form.statusSays(/^Saved at /);
    const context = form.page.context();
    await context.setOffline(true);
    try {
      await form.type(after);
      assert.equal(
        await form.statusSays(/offline/),
        'Not saved: you are offline. Your text is kept on this device and will be saved when you are back online',
      );
      assert.equal(await draftOnDevice(form, inspection.id, noteId), before + after, 'the whole text is kept on the device');
    } finally {
      await context.setOffline(false);
    }
    await form.statusSays(/^Saved at /);
    assert.equal(await draftOnDevice(form, inspection.id, noteId), undefined, 'the device lets go of the draft once it is saved');

    const note = await NotePage.open(inspector, inspection, noteId);
    assert.equal(await note.text(), before + after);
  });

  journey('two inspectors change the same note: the second sees both versions and saves theirs', async (inspector) => {
    const people = inspector.server.seeded;
    const inspection = evidenceInspectionFor(people, inspector.javaScript);
    const noteId = inspection.noteIds[0];
    const edit = evidenceAddress(inspection, `/notes/${noteId}/edit`);
    const inesText = `${SEEDED_NOTE} Two forum members added that they now co-chair the SEND board.`;
    const samText = `${SEEDED_NOTE} The forum’s chair said leaders act on what it raises, for example on transport.`;

    // Both open the note to change it.
    const ines = inspector;
    await signInAs(ines, people.inspector);
    await ines.visit(edit);
    const inesForm = await new NoteFormPage(ines, { changing: true }).arrived();
    const sam = await inspector.newVisitor();
    await signInAs(sam, people.secondInspector);
    await sam.visit(edit);
    const samForm = await new NoteFormPage(sam, { changing: true }).arrived();
    assert.equal(await samForm.body().inputValue(), SEEDED_NOTE);

    // Ines saves first.
    await inesForm.enter({ body: inesText });
    await inesForm.save();
    const inesNote = await new NotePage(ines).arrived();
    assert.equal(await inesNote.text(), inesText);

    // Sam's change meets hers: with the script as soon as it tries to save, without it on posting.
    await samForm.enter({ body: samText });
    if (sam.javaScript) {
      // The autosave hears of the conflict as a 409, which the page handles: not a failed resource.
      inspector.expectAnswer(/\/evidence\/api\/notes\//, 409);
      await samForm.statusSays(/^Someone else changed this note while you were editing it/);
      await submitAndWait(samForm.page, samForm.page.getByRole('button', { name: 'Compare your version with theirs', exact: true }));
    } else {
      await samForm.save();
    }
    const conflict = await new NoteConflictPage(sam).arrived();
    assert.match(await conflict.theirsSavedBy(), new RegExp(`^Saved by ${people.inspector.name} at .+ \\(version 2\\)\\.$`));
    assert.equal(await conflict.theirText(), inesText);
    assert.equal(await conflict.myText(), samText);

    await conflict.saveMyVersion();
    const samNote = await new NotePage(sam).arrived();
    assert.match(await samNote.successBanner(), /Note saved/);
    assert.equal(await samNote.text(), samText);
    assert.match((await samNote.authorship())['Last changed'], new RegExp(`^${people.secondInspector.name}, .+ \\(version 3\\)$`));

    // Every version is kept, with who saved it and when.
    await samNote.history();
    const history = new NoteHistoryPage(sam);
    await history.arrived();
    const versions = await history.versions();
    assert.deepEqual(
      versions.map((v) => [v.heading, v.savedBy.replace(/, .+$/, ''), v.text]),
      [
        ['Version 3 Current', `Saved by ${people.secondInspector.name}`, samText],
        ['Version 2', `Saved by ${people.inspector.name}`, inesText],
        ['Version 1', `Saved by ${people.lead.name}`, SEEDED_NOTE],
      ],
    );
    assert.ok(versions.every((v) => /^Saved by .+, .*\d/.test(v.savedBy)), `each version says when: ${versions.map((v) => v.savedBy).join(' | ')}`);
  });
});
