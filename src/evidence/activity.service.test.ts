// Fieldwork activities against both databases: recording, correcting and removing them with their
// audit in the same transaction, stale corrections and removals refused, an activity a note cites
// kept, nothing half-written, and the totals' SQL agreeing with the rules.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { addAcceptedImport, addFixtureSample, createCasesFixture, type CasesFixture } from '../cases/case-test-support.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import {
  ActivityChangedBeforeRemovalError,
  ActivityConflictError,
  ActivityInUseError,
  ActivityInputError,
  ActivityNotFoundError,
  EvidenceClosedError,
  totalsOf,
  type ActivityInput,
} from './activity.ts';
import { createActivity, fieldworkTotals, getActivity, listActivities, removeActivity, trackedChildChoices, updateActivity } from './activity.service.ts';
import { addFixtureNote } from './evidence-test-support.ts';

describeEachDatabase('fieldwork activities', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;
  let trackedCaseId: string;
  let reviewCaseId: string;

  const input = (overrides: Partial<ActivityInput> = {}): ActivityInput => ({
    kind: 'focus_group',
    title: 'Focus group with parents',
    heldOn: '2026-11-24',
    startsAt: '10:00',
    endsAt: '11:00',
    place: 'Town hall',
    inspectorIds: [fixture.inspector.userId],
    participants: { parents_carers: 8 },
    description: 'Parents of children in mainstream schools',
    ...overrides,
  });
  const count = async (table: 'fieldwork_activity' | 'activity_inspector' | 'activity_participant') =>
    Number((await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const auditsOf = (action: string, subjectId: string) => db.kysely.selectFrom('audit_event').selectAll().where('action', '=', action).where('subject_id', '=', subjectId).execute();

  before(async () => {
    fixture = await createCasesFixture(db);
    const imported = await addAcceptedImport(db, fixture, { count: 30, seed: 5 });
    const ids = imported.people.map((p) => p.personId);
    const sample = await addFixtureSample(db, fixture, imported, { tracked: ids.slice(0, 2), review: ids.slice(2, 3) });
    trackedCaseId = sample.caseIds.get(ids[0]!)!;
    reviewCaseId = sample.caseIds.get(ids[2]!)!;
  });

  test('an activity is recorded with its inspectors and counts, and audited in the same transaction', async () => {
    const { id } = await createActivity(db.kysely, fixture.inspectionId, input({ inspectorIds: [fixture.inspector.userId, fixture.lead.userId], startsAt: '9.30' }), fixture.inspectorActor, {
      requestId: 'r-1',
    });
    const activity = await getActivity(db.kysely, fixture.inspectionId, id);
    assert.equal(activity?.title, 'Focus group with parents');
    assert.equal(activity?.startsAt, '09:30');
    assert.equal(activity?.revision, 1);
    assert.deepEqual(activity?.participants, { parents_carers: 8 });
    assert.deepEqual(new Set(activity?.inspectors.map((i) => i.id)), new Set([fixture.inspector.userId, fixture.lead.userId]));
    assert.ok(activity?.inspectors.some((i) => i.name === fixture.lead.displayName));
    const [audit, ...more] = await auditsOf('evidence.activity-created', id);
    assert.equal(more.length, 0);
    assert.equal(audit?.actor_user_id, fixture.inspector.userId);
    assert.equal(audit?.inspection_id, fixture.inspectionId);
    assert.equal(audit?.request_id, 'r-1');
  });

  test('bad input is refused with every issue and writes nothing', async () => {
    const before = [await count('fieldwork_activity'), await count('activity_inspector'), await count('activity_participant')];
    const error = await createActivity(
      db.kysely,
      fixture.inspectionId,
      input({ startsAt: '14:00', endsAt: '13:00', participants: { parents_carers: -1, leaders: 2000 }, inspectorIds: [fixture.qaReader.userId] }),
      fixture.inspectorActor,
    ).catch((e: unknown) => e);
    assert.ok(error instanceof ActivityInputError);
    assert.deepEqual(
      error.issues.map((i) => i.field),
      ['endsAt', 'inspectorIds', 'participants.parents_carers', 'participants.leaders'],
    );
    assert.deepEqual([await count('fieldwork_activity'), await count('activity_inspector'), await count('activity_participant')], before);
  });

  test('a tracking meeting may name a tracked child of the current sample, and no other case', async () => {
    const { id } = await createActivity(db.kysely, fixture.inspectionId, input({ kind: 'tracking_meeting', title: 'Tracking meeting', caseId: trackedCaseId }), fixture.leadActor);
    assert.equal((await getActivity(db.kysely, fixture.inspectionId, id))?.caseId, trackedCaseId);
    const error = await createActivity(db.kysely, fixture.inspectionId, input({ kind: 'tracking_meeting', caseId: reviewCaseId }), fixture.leadActor).catch((e: unknown) => e);
    assert.ok(error instanceof ActivityInputError);
    assert.deepEqual(error.issues, [{ field: 'caseId', message: 'Select a tracked child of the current sample, or none' }]);
    const choices = await trackedChildChoices(db.kysely, fixture.inspectionId);
    assert.equal(choices.length, 2, 'the tracked children only, not the plan to review');
    assert.equal(choices[0]?.caseId, trackedCaseId);
  });

  test('a correction from the revision opened is saved; a stale one is refused and writes nothing', async () => {
    const { id } = await createActivity(db.kysely, fixture.inspectionId, input({ title: 'Meeting with leaders', kind: 'meeting', participants: { leaders: 3 } }), fixture.leadActor);
    const first = await updateActivity(db.kysely, fixture.inspectionId, id, { ...input({ title: 'Meeting with SEND leaders', kind: 'meeting', participants: { leaders: 4, health_staff: 1 } }), revision: 1 }, fixture.inspectorActor);
    assert.equal(first.revision, 2);
    const after = await getActivity(db.kysely, fixture.inspectionId, id);
    assert.equal(after?.title, 'Meeting with SEND leaders');
    assert.deepEqual(after?.participants, { leaders: 4, health_staff: 1 });
    assert.deepEqual(after?.inspectors.map((i) => i.id), [fixture.inspector.userId]);

    // The lead opened the activity at revision 1 too, and saves after the inspector.
    const stale = await updateActivity(db.kysely, fixture.inspectionId, id, { ...input({ title: 'Meeting with leaders (lead’s edit)', kind: 'meeting', participants: {} }), revision: 1 }, fixture.leadActor).catch(
      (e: unknown) => e,
    );
    assert.ok(stale instanceof ActivityConflictError);
    assert.equal(stale.currentRevision, 2);
    assert.match(stale.message, /Someone changed this activity since you opened it/);
    const unchanged = await getActivity(db.kysely, fixture.inspectionId, id);
    assert.equal(unchanged?.title, 'Meeting with SEND leaders');
    assert.deepEqual(unchanged?.participants, { leaders: 4, health_staff: 1 });
    assert.equal((await auditsOf('evidence.activity-updated', id)).length, 1);
  });

  test('an unknown activity, or another inspection’s, is not found; a published inspection’s fieldwork is fixed', async () => {
    const other = await createCasesFixture(db);
    const { id } = await createActivity(db.kysely, other.inspectionId, input({ inspectorIds: [other.inspector.userId] }), other.inspectorActor);
    assert.equal(await getActivity(db.kysely, fixture.inspectionId, id), undefined);
    assert.equal(await getActivity(db.kysely, fixture.inspectionId, 'nonsense'), undefined);
    await assert.rejects(updateActivity(db.kysely, fixture.inspectionId, id, { ...input(), revision: 1 }, fixture.leadActor), ActivityNotFoundError);
    assert.equal((await listActivities(db.kysely, fixture.inspectionId)).some((a) => a.id === id), false);

    await db.kysely.updateTable('inspection').set({ status: 'published' }).where('id', '=', other.inspectionId).execute();
    await assert.rejects(createActivity(db.kysely, other.inspectionId, input({ inspectorIds: [other.inspector.userId] }), other.inspectorActor), EvidenceClosedError);
    await assert.rejects(updateActivity(db.kysely, other.inspectionId, id, { ...input({ inspectorIds: [other.inspector.userId] }), revision: 1 }, other.inspectorActor), EvidenceClosedError);
  });

  test('the totals computed in SQL agree with the rules, and the list is in time order', async () => {
    const fresh = await createCasesFixture(db);
    const mk = (overrides: Partial<ActivityInput>) =>
      createActivity(db.kysely, fresh.inspectionId, { ...input({ inspectorIds: [fresh.inspector.userId] }), ...overrides }, fresh.inspectorActor);
    assert.deepEqual(await fieldworkTotals(db.kysely, fresh.inspectionId), totalsOf([]));
    await mk({ heldOn: '2026-11-25', startsAt: '14:00', endsAt: '15:00', participants: { parents_carers: 12, children_young_people: 4 } });
    await mk({ kind: 'setting_visit', settingType: 'primary', urn: '105432', heldOn: '2026-11-24', participants: { education_staff: 3 } });
    await mk({ kind: 'setting_visit', settingType: 'primary', urn: '105432', heldOn: '2026-11-26', participants: { education_staff: 2, leaders: 1 } });
    await mk({ kind: 'setting_visit', settingType: 'health_clinic', urn: null, heldOn: '2026-11-26', startsAt: '13:00', endsAt: '14:00', participants: { health_staff: 5 } });
    await mk({ kind: 'setting_visit', settingType: 'early_help', urn: '', heldOn: '2026-11-26', startsAt: '15:00', endsAt: '16:00', participants: {} });
    await mk({ kind: 'parent_webinar', heldOn: '2026-11-12', participants: { parents_carers: 40, parent_carer_forum: 2 } });

    const list = await listActivities(db.kysely, fresh.inspectionId);
    assert.deepEqual(
      list.map((a) => `${a.heldOn} ${a.startsAt}`),
      ['2026-11-12 10:00', '2026-11-24 10:00', '2026-11-25 14:00', '2026-11-26 10:00', '2026-11-26 13:00', '2026-11-26 15:00'],
    );
    const totals = await fieldworkTotals(db.kysely, fresh.inspectionId);
    assert.deepEqual(totals, totalsOf(list));
    assert.equal(totals.familiesSpokenTo, 12 + 4 + 40 + 2);
    assert.equal(totals.staffSpokenTo, 3 + 2 + 1 + 5);
    assert.equal(totals.settingsVisited, 3);
    assert.equal(totals.activities, 6);
    assert.equal(totals.byKind.setting_visit, 4);
  });

  test('an activity recorded by mistake is removed with its people, audited, and no longer counts in the totals', async () => {
    const fresh = await createCasesFixture(db);
    const mk = (overrides: Partial<ActivityInput>) => createActivity(db.kysely, fresh.inspectionId, { ...input({ inspectorIds: [fresh.inspector.userId] }), ...overrides }, fresh.inspectorActor);
    await mk({ title: 'Focus group with parents', participants: { parents_carers: 8 } });
    const duplicate = await mk({ kind: 'setting_visit', settingType: 'primary', urn: '105432', title: 'Visit to Oak Primary (twice by mistake)', participants: { education_staff: 3, leaders: 1 } });
    const before = await fieldworkTotals(db.kysely, fresh.inspectionId);
    assert.deepEqual([before.familiesSpokenTo, before.staffSpokenTo, before.settingsVisited, before.activities], [8, 4, 1, 2]);
    const peopleOf = async (table: 'activity_inspector' | 'activity_participant') =>
      (await db.kysely.selectFrom(table).select('activity_id').where('activity_id', '=', duplicate.id).execute()).length;
    assert.deepEqual([await peopleOf('activity_inspector'), await peopleOf('activity_participant')], [1, 2]);

    const removed = await removeActivity(db.kysely, fresh.inspectionId, duplicate.id, 1, fresh.leadActor, { requestId: 'r-remove' });
    assert.deepEqual(removed, { title: 'Visit to Oak Primary (twice by mistake)' });
    assert.equal(await getActivity(db.kysely, fresh.inspectionId, duplicate.id), undefined);
    assert.deepEqual([await peopleOf('activity_inspector'), await peopleOf('activity_participant')], [0, 0], 'its inspectors and counts go with it');
    const totals = await fieldworkTotals(db.kysely, fresh.inspectionId);
    assert.equal(totals.staffSpokenTo, 0);
    assert.equal(totals.settingsVisited, 0);
    assert.equal(totals.familiesSpokenTo, 8, 'the other activity still counts');
    assert.equal(totals.activities, 1);

    const [audit, ...more] = await auditsOf('evidence.activity-removed', duplicate.id);
    assert.equal(more.length, 0);
    assert.equal(audit?.actor_user_id, fresh.lead.userId);
    assert.equal(audit?.inspection_id, fresh.inspectionId);
    assert.equal(audit?.request_id, 'r-remove');
    assert.deepEqual(audit?.details, {
      kind: 'setting_visit',
      title: 'Visit to Oak Primary (twice by mistake)',
      settingType: 'primary',
      urn: '105432',
      heldOn: '2026-11-24',
      startsAt: '10:00',
      endsAt: '11:00',
      inspectorIds: [fresh.inspector.userId],
      participants: { education_staff: 3, leaders: 1 },
      caseId: null,
      revision: 1,
    });
    await assert.rejects(removeActivity(db.kysely, fresh.inspectionId, duplicate.id, 1, fresh.leadActor), ActivityNotFoundError, 'removed once only');
  });

  test('an activity a note names as its source is kept, and the refusal says how many notes', async () => {
    const { id } = await createActivity(db.kysely, fixture.inspectionId, input({ title: 'Meeting cited by notes', kind: 'meeting', participants: { leaders: 2 } }), fixture.inspectorActor);
    const notes = [
      await addFixtureNote(db, fixture.inspectionId, { sourceKind: 'activity', activityId: id }),
      await addFixtureNote(db, fixture.inspectionId, { sourceKind: 'activity', activityId: id, polarity: 'concern' }),
      await addFixtureNote(db, fixture.inspectionId, { sourceKind: 'activity', activityId: id, polarity: 'strength' }),
    ];
    const totalsBefore = await fieldworkTotals(db.kysely, fixture.inspectionId);
    const error = await removeActivity(db.kysely, fixture.inspectionId, id, 1, fixture.inspectorActor).catch((e: unknown) => e);
    assert.ok(error instanceof ActivityInUseError);
    assert.equal(error.message, '3 evidence notes name this activity as their source. Change their source first, or keep the activity.');
    assert.deepEqual(new Set(error.noteIds), new Set(notes.map((n) => n.id)));
    assert.equal((await getActivity(db.kysely, fixture.inspectionId, id))?.participants.leaders, 2);
    assert.deepEqual(await fieldworkTotals(db.kysely, fixture.inspectionId), totalsBefore);
    const cited = await db.kysely.selectFrom('evidence_note').select('activity_id').where('id', 'in', notes.map((n) => n.id)).execute();
    assert.deepEqual(cited.map((n) => n.activity_id), [id, id, id], 'the notes still name it');
    assert.equal((await auditsOf('evidence.activity-removed', id)).length, 0);
  });

  test('a removal from a page opened before the activity was changed is refused and removes nothing', async () => {
    const { id } = await createActivity(db.kysely, fixture.inspectionId, input({ title: 'Webinar', kind: 'parent_webinar', participants: { parents_carers: 30 } }), fixture.leadActor);
    await updateActivity(db.kysely, fixture.inspectionId, id, { ...input({ title: 'Webinar for parents', kind: 'parent_webinar', participants: { parents_carers: 35 } }), revision: 1 }, fixture.inspectorActor);
    const stale = await removeActivity(db.kysely, fixture.inspectionId, id, 1, fixture.leadActor).catch((e: unknown) => e);
    assert.ok(stale instanceof ActivityChangedBeforeRemovalError);
    assert.ok(stale instanceof ActivityConflictError);
    assert.equal(stale.currentRevision, 2);
    assert.match(stale.message, /Someone changed this activity since you opened this page, so it has not been removed/);
    assert.equal((await getActivity(db.kysely, fixture.inspectionId, id))?.title, 'Webinar for parents');
    assert.equal((await auditsOf('evidence.activity-removed', id)).length, 0);

    await removeActivity(db.kysely, fixture.inspectionId, id, 2, fixture.leadActor);
    assert.equal(await getActivity(db.kysely, fixture.inspectionId, id), undefined);
  });

  test('nothing is removed once the report is published, nor from another inspection', async () => {
    const other = await createCasesFixture(db);
    const { id } = await createActivity(db.kysely, other.inspectionId, input({ inspectorIds: [other.inspector.userId] }), other.inspectorActor);
    await assert.rejects(removeActivity(db.kysely, fixture.inspectionId, id, 1, fixture.leadActor), ActivityNotFoundError);
    await assert.rejects(removeActivity(db.kysely, fixture.inspectionId, 'not-an-id', 1, fixture.leadActor), ActivityNotFoundError);

    await db.kysely.updateTable('inspection').set({ status: 'published' }).where('id', '=', other.inspectionId).execute();
    await assert.rejects(removeActivity(db.kysely, other.inspectionId, id, 1, other.leadActor), EvidenceClosedError);
    assert.ok(await getActivity(db.kysely, other.inspectionId, id), 'still there');
    assert.equal((await auditsOf('evidence.activity-removed', id)).length, 0);
  });
});
