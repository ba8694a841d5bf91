// Database tests of the data request on PGlite and PostgreSQL: the checklist made once on
// notification, uploads kept whole or not at all, audited downloads and removals, the leads' decisions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataRequestTemplate } from '../frameworks/data-request-templates.ts';
import { createInspection, type Actor } from '../inspections/inspection.service.ts';
import { createTestUser } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { addWorkingDays } from '../platform/working-days.ts';
import { addAcceptedImport, createCasesFixture, type CasesFixture } from './case-test-support.ts';
import { PERSON_LEVEL_DATA_CODE } from './data-request.ts';
import {
  DataRequestChangeError,
  DataRequestInputError,
  DataRequestNotFoundError,
  FilesRefusedError,
  addItem,
  changeItemStatus,
  downloadItemFile,
  editItem,
  ensureDataRequest,
  getDataRequest,
  getDataRequestItem,
  removeItem,
  removeItemFile,
  uploadItemFiles,
} from './data-request.service.ts';

const MAX_BYTES = 64 * 1024;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');
const DAY_AFTER_EVERYTHING_IS_DUE = '2026-12-01';

describeEachDatabase('data request service', (kind) => {
  const db = usePreparedDatabase(kind);

  const countFiles = async (inspectionId: string) =>
    Number((await db.kysely.selectFrom('stored_file').select((eb) => eb.fn.countAll<number>().as('n')).where('inspection_id', '=', inspectionId).executeTakeFirstOrThrow()).n);
  const auditOf = (inspectionId: string, action: string) =>
    db.kysely.selectFrom('audit_event').selectAll().where('inspection_id', '=', inspectionId).where('action', '=', action).orderBy('id').execute();

  async function itemByCode(fixture: CasesFixture, code: string) {
    const overview = await getDataRequest(db.kysely, fixture.inspectionId, '2026-11-09');
    const item = overview.items.find((i) => i.code === code);
    assert.ok(item, code);
    return item;
  }

  test('nothing is asked for while the inspection is planned; once notified, the framework list is made once with due dates in working days', async () => {
    const fixture = await createCasesFixture(db);
    const admin: Actor = { id: fixture.admin.userId, label: fixture.admin.email };
    const planned = await createInspection(db.kysely, { laCode: '352', frameworkCode: '2023', inspectionType: 'full', notificationDate: '2026-12-21', onsiteStartDate: '2027-01-06', onsiteEndDate: '2027-01-08' }, admin);
    assert.deepEqual(await ensureDataRequest(db.kysely, planned.id, admin), { created: 0 });
    assert.equal((await getDataRequest(db.kysely, planned.id, '2026-12-21')).items.length, 0);
    assert.equal((await getDataRequest(db.kysely, planned.id, '2026-12-21')).notified, false);

    await db.kysely.updateTable('inspection').set({ status: 'notified' }).where('id', '=', planned.id).execute();
    const template = dataRequestTemplate('2023');
    // Two first openings at once: each item is made once, and one record says so.
    const results = await Promise.all([ensureDataRequest(db.kysely, planned.id, fixture.leadActor), ensureDataRequest(db.kysely, planned.id, fixture.officerActor)]);
    assert.equal(results[0].created + results[1].created, template.items.length);
    assert.deepEqual(await ensureDataRequest(db.kysely, planned.id, fixture.leadActor), { created: 0 });

    const overview = await getDataRequest(db.kysely, planned.id, '2026-12-21');
    assert.equal(overview.notified, true);
    assert.deepEqual(overview.items.map((i) => i.code), template.items.map((i) => i.code));
    for (const [index, item] of overview.items.entries()) {
      assert.equal(item.dueDate, addWorkingDays('2026-12-21', template.items[index]!.dueWorkingDays), item.code!);
      assert.equal(item.status, 'requested');
    }
    // Notified on Monday 21 December 2026: Christmas Day and Boxing Day (moved to the Monday) are not working days.
    assert.equal(overview.items.find((i) => i.code === PERSON_LEVEL_DATA_CODE)!.dueDate, '2026-12-24');
    assert.equal(overview.items.find((i) => i.code === 'survey_distribution')!.dueDate, '2026-12-22');
    assert.equal((await auditOf(planned.id, 'data-request.create')).reduce((n, e) => n + Number((e.details as { items: number }).items), 0), template.items.length);
  });

  test('the officer uploads several files: the item is provided, each file recorded; a refused file keeps every file out', async () => {
    const fixture = await createCasesFixture(db);
    await ensureDataRequest(db.kysely, fixture.inspectionId, fixture.officerActor);
    const strategy = await itemByCode(fixture, 'send_strategy');

    const refused = await uploadItemFiles(
      db.kysely,
      fixture.inspectionId,
      strategy.id,
      [
        { fileName: 'strategy.pdf', bytes: PDF },
        { fileName: 'setup.exe', bytes: Buffer.from('MZ...') },
        { fileName: 'plan.docx', bytes: Buffer.from('not really a zip') },
        { fileName: 'huge.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(MAX_BYTES)]) },
      ],
      fixture.officerActor,
      MAX_BYTES,
    ).catch((error: unknown) => error);
    assert.ok(refused instanceof FilesRefusedError);
    assert.equal(refused.messages.length, 3);
    assert.match(refused.messages[0]!, /“setup\.exe” is not a kind of file we accept/);
    assert.match(refused.messages[1]!, /“plan\.docx” is named as Word \(\.docx\) but its contents are not/);
    assert.match(refused.messages[2]!, /“huge\.pdf” is .* files must be .* or smaller/);
    assert.equal(await countFiles(fixture.inspectionId), 0, 'nothing is stored');
    assert.equal((await itemByCode(fixture, 'send_strategy')).status, 'requested');

    const stored = await uploadItemFiles(
      db.kysely,
      fixture.inspectionId,
      strategy.id,
      [
        { fileName: 'C:\\Users\\me\\SEND strategy 2025-2028.pdf', bytes: PDF },
        { fileName: 'Strategic plan.txt', bytes: Buffer.from('Our plan, in plain text.\n') },
      ],
      fixture.officerActor,
      MAX_BYTES,
    );
    assert.equal(stored.length, 2);
    const details = (await getDataRequestItem(db.kysely, fixture.inspectionId, strategy.id, '2026-11-09'))!;
    assert.equal(details.item.status, 'provided');
    assert.equal(details.item.fileCount, 2);
    assert.deepEqual(details.files.map((f) => [f.file_name, f.size_bytes, f.uploaded_by_name]), [
      ['SEND strategy 2025-2028.pdf', PDF.length, fixture.officer.displayName],
      ['Strategic plan.txt', 25, fixture.officer.displayName],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    const uploads = await auditOf(fixture.inspectionId, 'data-request.file.upload');
    assert.equal(uploads.length, 2);
    assert.equal(uploads[0]!.actor_user_id, fixture.officer.userId);
    assert.equal(uploads[0]!.la_code, '352');
  });

  test('person-level data are not uploaded here: the item follows the imports, and a lead can accept it', async () => {
    const fixture = await createCasesFixture(db);
    await ensureDataRequest(db.kysely, fixture.inspectionId, fixture.leadActor);
    const item = await itemByCode(fixture, PERSON_LEVEL_DATA_CODE);
    const refused = await uploadItemFiles(db.kysely, fixture.inspectionId, item.id, [{ fileName: 'people.csv', bytes: Buffer.from('a,b\n') }], fixture.officerActor, MAX_BYTES).catch((e: unknown) => e);
    assert.ok(refused instanceof DataRequestChangeError);
    assert.match(refused.message, /send them on the person-level data page/);
    assert.equal(await countFiles(fixture.inspectionId), 0);
    await assert.rejects(changeItemStatus(db.kysely, fixture.inspectionId, item.id, { action: 'accept', note: '' }, fixture.leadActor), /No person-level data have been imported yet/);

    await addAcceptedImport(db, fixture, { count: 20 });
    const provided = (await getDataRequestItem(db.kysely, fixture.inspectionId, item.id, '2026-11-09'))!;
    assert.equal(provided.item.status, 'provided');
    assert.equal(provided.personLevelData?.rowCount, 20);
    assert.equal(await changeItemStatus(db.kysely, fixture.inspectionId, item.id, { action: 'accept', note: '' }, fixture.leadActor), 'accepted');
    assert.equal((await itemByCode(fixture, PERSON_LEVEL_DATA_CODE)).status, 'accepted');
  });

  test('every download is recorded with who took which file; a file is only reached through its own item', async () => {
    const fixture = await createCasesFixture(db);
    await ensureDataRequest(db.kysely, fixture.inspectionId, fixture.leadActor);
    const jsna = await itemByCode(fixture, 'jsna');
    const other = await itemByCode(fixture, 'local_offer');
    const [file] = await uploadItemFiles(db.kysely, fixture.inspectionId, jsna.id, [{ fileName: 'jsna.pdf', bytes: PDF }], fixture.officerActor, MAX_BYTES);
    const downloaded = await downloadItemFile(db.kysely, fixture.inspectionId, jsna.id, file!.id, fixture.inspectorActor, { requestId: 'req-1' });
    assert.deepEqual(Buffer.from(downloaded.content), PDF);
    const [event] = await auditOf(fixture.inspectionId, 'data-request.file.download');
    assert.equal(event!.actor_user_id, fixture.inspector.userId);
    assert.equal(event!.subject_id, file!.id);
    assert.equal(event!.request_id, 'req-1');
    assert.deepEqual({ ...(event!.details as Record<string, unknown>), sha256: undefined }, { itemId: jsna.id, item: jsna.title, fileName: 'jsna.pdf', sizeBytes: PDF.length, sha256: undefined });
    await assert.rejects(downloadItemFile(db.kysely, fixture.inspectionId, other.id, file!.id, fixture.inspectorActor), DataRequestNotFoundError);
    await assert.rejects(downloadItemFile(db.kysely, fixture.inspectionId, jsna.id, 'not-a-uuid', fixture.inspectorActor), DataRequestNotFoundError);
    assert.equal((await auditOf(fixture.inspectionId, 'data-request.file.download')).length, 1, 'a refused download is not recorded as one');
  });

  test('a file is removed by its uploader or a lead; without files the item is asked for again', async () => {
    const fixture = await createCasesFixture(db);
    const colleague = await createTestUser(db, { organisation: 'local_area', areaRole: { laCode: '352', role: 'contributor' } });
    const colleagueActor = { id: colleague.userId, label: colleague.email };
    await ensureDataRequest(db.kysely, fixture.inspectionId, fixture.leadActor);
    const plans = await itemByCode(fixture, 'action_plans');
    const [first, second] = await uploadItemFiles(db.kysely, fixture.inspectionId, plans.id, [{ fileName: 'a.pdf', bytes: PDF }, { fileName: 'b.pdf', bytes: PDF }], fixture.officerActor, MAX_BYTES);
    await changeItemStatus(db.kysely, fixture.inspectionId, plans.id, { action: 'accept', note: '' }, fixture.leadActor);

    await assert.rejects(removeItemFile(db.kysely, fixture.inspectionId, plans.id, first!.id, colleagueActor, { isLead: false }), /Only the person who uploaded a file, or a lead inspector, can remove it/);
    assert.equal(await countFiles(fixture.inspectionId), 2);
    assert.deepEqual(await removeItemFile(db.kysely, fixture.inspectionId, plans.id, first!.id, fixture.officerActor, { isLead: false }), { fileName: 'a.pdf', status: 'accepted' });
    assert.deepEqual(await removeItemFile(db.kysely, fixture.inspectionId, plans.id, second!.id, fixture.leadActor, { isLead: true }), { fileName: 'b.pdf', status: 'requested' });
    assert.equal(await countFiles(fixture.inspectionId), 0, 'the contents are deleted, not just unlinked');
    assert.equal((await itemByCode(fixture, 'action_plans')).status, 'requested');
    const removals = await auditOf(fixture.inspectionId, 'data-request.file.remove');
    assert.deepEqual(removals.map((e) => [e.actor_user_id, (e.details as { fileName: string }).fileName]), [[fixture.officer.userId, 'a.pdf'], [fixture.lead.userId, 'b.pdf']]);
  });

  test('leads accept, mark not needed with a reason, and reopen; refused decisions write nothing; overdue items are counted', async () => {
    const fixture = await createCasesFixture(db);
    await ensureDataRequest(db.kysely, fixture.inspectionId, fixture.leadActor);
    const offer = await itemByCode(fixture, 'local_offer');
    await assert.rejects(changeItemStatus(db.kysely, fixture.inspectionId, offer.id, { action: 'not_needed', note: ' ' }, fixture.leadActor), (error: unknown) => error instanceof DataRequestChangeError && error.field === 'note');
    assert.equal(await changeItemStatus(db.kysely, fixture.inspectionId, offer.id, { action: 'not_needed', note: 'The local offer is public' }, fixture.leadActor), 'not_needed');
    assert.equal((await itemByCode(fixture, 'local_offer')).statusNote, 'The local offer is public');
    assert.equal(await changeItemStatus(db.kysely, fixture.inspectionId, offer.id, { action: 'reopen', note: 'We need the link after all' }, fixture.leadActor), 'requested');
    await assert.rejects(changeItemStatus(db.kysely, fixture.inspectionId, offer.id, { action: 'reopen', note: '' }, fixture.leadActor), /already waiting for the area/);
    const statusEvents = await auditOf(fixture.inspectionId, 'data-request.item.status');
    assert.deepEqual(statusEvents.map((e) => (e.details as { to: string }).to), ['not_needed', 'requested']);

    const jsna = await itemByCode(fixture, 'jsna');
    await uploadItemFiles(db.kysely, fixture.inspectionId, jsna.id, [{ fileName: 'jsna.pdf', bytes: PDF }], fixture.officerActor, MAX_BYTES);
    await changeItemStatus(db.kysely, fixture.inspectionId, jsna.id, { action: 'accept', note: '' }, fixture.leadActor);
    const survey = await itemByCode(fixture, 'survey_distribution');
    await changeItemStatus(db.kysely, fixture.inspectionId, survey.id, { action: 'not_needed', note: 'Sent by the forum' }, fixture.leadActor);

    const later = await getDataRequest(db.kysely, fixture.inspectionId, DAY_AFTER_EVERYTHING_IS_DUE);
    const total = dataRequestTemplate('2023').items.length;
    assert.deepEqual(later.summary, { asked: total - 1, provided: 1, accepted: 1, notNeeded: 1, outstanding: total - 2, overdue: total - 2 });
    assert.ok(later.missing.every((i) => i.status === 'requested' && i.overdue));
    assert.ok(!later.missing.some((i) => i.code === 'jsna' || i.code === 'survey_distribution'));
  });

  test('leads add, edit and remove their own items; the framework’s items and items with files stay', async () => {
    const fixture = await createCasesFixture(db);
    await ensureDataRequest(db.kysely, fixture.inspectionId, fixture.leadActor);
    await assert.rejects(addItem(db.kysely, fixture.inspectionId, { title: ' ', description: '', dueDate: '2026-02-30' }, fixture.leadActor), (error: unknown) => {
      assert.ok(error instanceof DataRequestInputError);
      assert.deepEqual(error.issues.map((i) => i.field), ['title', 'dueDate']);
      return true;
    });
    const id = await addItem(db.kysely, fixture.inspectionId, { title: '  Exclusions of pupils with SEND ', description: 'Last three years', dueDate: '2026-11-13' }, fixture.leadActor);
    const overview = await getDataRequest(db.kysely, fixture.inspectionId, '2026-11-09');
    const added = overview.items.at(-1)!;
    assert.equal(added.id, id);
    assert.equal(added.title, 'Exclusions of pupils with SEND');
    assert.equal(added.code, null);
    assert.equal(added.position, dataRequestTemplate('2023').items.length + 1);

    await editItem(db.kysely, fixture.inspectionId, id, { title: 'Exclusions and suspensions', description: 'Last three years', dueDate: '2026-11-16' }, fixture.leadActor);
    const [edit] = await auditOf(fixture.inspectionId, 'data-request.item.edit');
    assert.deepEqual((edit!.details as { changes: unknown }).changes, {
      title: { from: 'Exclusions of pupils with SEND', to: 'Exclusions and suspensions' },
      dueDate: { from: '2026-11-13', to: '2026-11-16' },
    });
    const framework = await itemByCode(fixture, 'jsna');
    await editItem(db.kysely, fixture.inspectionId, framework.id, { title: framework.title, description: framework.description, dueDate: '2026-11-20' }, fixture.leadActor);
    assert.equal((await itemByCode(fixture, 'jsna')).dueDate, '2026-11-20');

    await assert.rejects(removeItem(db.kysely, fixture.inspectionId, framework.id, fixture.leadActor), /cannot be removed/);
    const [file] = await uploadItemFiles(db.kysely, fixture.inspectionId, id, [{ fileName: 'exclusions.csv', bytes: Buffer.from('year,count\n2025,12\n') }], fixture.officerActor, MAX_BYTES);
    await assert.rejects(removeItem(db.kysely, fixture.inspectionId, id, fixture.leadActor), /Remove its files first/);
    await removeItemFile(db.kysely, fixture.inspectionId, id, file!.id, fixture.leadActor, { isLead: true });
    assert.deepEqual(await removeItem(db.kysely, fixture.inspectionId, id, fixture.leadActor), { title: 'Exclusions and suspensions' });
    assert.equal(await getDataRequestItem(db.kysely, fixture.inspectionId, id, '2026-11-09'), undefined);
    assert.equal((await auditOf(fixture.inspectionId, 'data-request.item.remove')).length, 1);
  });
});
