// Database tests of the inspection use cases, on PGlite and PostgreSQL: creating keeps the
// framework revision, changes of status write history and audit together or not at all, teams.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { prepareDatabase } from '../bootstrap.ts';
import { loadFrameworkDefinitions } from '../frameworks/framework-files.ts';
import { currentFrameworkRevision, syncFrameworks } from '../frameworks/framework.service.ts';
import type { Principal } from '../platform/auth/permissions.ts';
import { loadPrincipal } from '../platform/auth/principal.repository.ts';
import { createTestUser, type TestUser } from '../platform/auth/test-users.ts';
import type { Db } from '../platform/db/database.ts';
import { createTestDatabase, describeEachDatabase } from '../platform/db/test-database.ts';
import type { NewInspectionInput } from './inspection.ts';
import {
  CLI_ACTOR,
  InspectionInputError,
  TeamChangeError,
  TransitionRefusedError,
  addTeamMember,
  createInspection,
  findInspection,
  getInspection,
  listInspectionsFor,
  removeTeamMember,
  transitionInspection,
  transitionInspectionIn,
  type Actor,
} from './inspection.service.ts';

const MANCHESTER: NewInspectionInput = {
  laCode: '352',
  frameworkCode: '2023',
  inspectionType: 'full',
  notificationDate: '2026-01-12',
  onsiteStartDate: '2026-01-26',
  onsiteEndDate: '2026-01-30',
};

function actorFor(user: TestUser): Actor {
  return { id: user.userId, label: user.email };
}

describeEachDatabase('inspection service', (kind) => {
  let db: Db;
  let admin: TestUser;
  let ofstedLead: TestUser;
  let cqcLead: TestUser;
  let qaReader: TestUser;

  before(async () => {
    db = await createTestDatabase(kind);
    await prepareDatabase(db);
    admin = await createTestUser(db, { organisation: 'administration', isAdmin: true });
    ofstedLead = await createTestUser(db, { organisation: 'ofsted' });
    cqcLead = await createTestUser(db, { organisation: 'cqc' });
    qaReader = await createTestUser(db, { organisation: 'ofsted' });
  });
  after(async () => {
    await db.close();
  });

  const count = async (table: 'inspection' | 'inspection_transition' | 'audit_event') =>
    Number((await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  async function staffedInspection(input: Partial<NewInspectionInput> = {}) {
    const inspection = await createInspection(db.kysely, { ...MANCHESTER, ...input }, actorFor(admin));
    await addTeamMember(db.kysely, inspection.id, { userId: ofstedLead.userId, role: 'ofsted_lead' }, actorFor(admin));
    await addTeamMember(db.kysely, inspection.id, { userId: cqcLead.userId, role: 'cqc_lead' }, actorFor(admin));
    await addTeamMember(db.kysely, inspection.id, { userId: qaReader.userId, role: 'qa_reader' }, actorFor(admin));
    return inspection;
  }

  test('an inspection keeps the framework revision it was created under', async () => {
    const before = await currentFrameworkRevision(db.kysely, '2023');
    const inspection = await createInspection(db.kysely, MANCHESTER, actorFor(admin));
    assert.equal(inspection.framework_revision_id, before!.id);
    assert.equal(inspection.status, 'planned');
    assert.match(inspection.reference, /^SEND-352-2026-\d+$/);

    // A correction to the framework's wording becomes a new revision.
    const edited = loadFrameworkDefinitions().find((d) => d.code === '2023')!;
    edited.summary = `${edited.summary} (corrected)`;
    const [synced] = await syncFrameworks(db.kysely, [edited]);
    assert.equal(synced.created, true);
    const current = await currentFrameworkRevision(db.kysely, '2023');
    assert.notEqual(current!.id, before!.id);

    const details = await getInspection(db.kysely, inspection.id);
    assert.equal(details?.framework.id, before!.id);
    assert.equal(details?.framework.revision, before!.revision);
    const later = await createInspection(db.kysely, MANCHESTER, actorFor(admin));
    assert.equal(later.framework_revision_id, current!.id);

    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'inspection.create').where('subject_id', '=', inspection.id).executeTakeFirstOrThrow();
    assert.equal(audit.actor_user_id, admin.userId);
    assert.equal(audit.inspection_id, inspection.id);
    assert.equal(audit.la_code, '352');
    assert.equal((audit.details as { reference: string }).reference, inspection.reference);
  });

  test('references count up within an area and year, and find the inspection', async () => {
    const first = await createInspection(db.kysely, { ...MANCHESTER, laCode: '351' }, actorFor(admin));
    const second = await createInspection(db.kysely, { ...MANCHESTER, laCode: '351' }, actorFor(admin));
    assert.equal(first.reference, 'SEND-351-2026-1');
    assert.equal(second.reference, 'SEND-351-2026-2');
    assert.equal((await findInspection(db.kysely, 'send-351-2026-2'))?.inspection.id, second.id);
    assert.equal((await findInspection(db.kysely, second.id))?.inspection.reference, 'SEND-351-2026-2');
    assert.equal(await findInspection(db.kysely, 'SEND-351-2026-99'), undefined);
  });

  test('the command line creates inspections under its own label', async () => {
    const inspection = await createInspection(db.kysely, { ...MANCHESTER, laCode: '353' }, CLI_ACTOR);
    assert.equal(inspection.created_by, null);
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('subject_id', '=', inspection.id).executeTakeFirstOrThrow();
    assert.equal(audit.actor_label, 'cli');
    assert.equal(audit.actor_user_id, null);
  });

  test('a new inspection that breaks the rules writes nothing', async () => {
    const [inspections, audits] = [await count('inspection'), await count('audit_event')];
    await assert.rejects(
      createInspection(db.kysely, { ...MANCHESTER, laCode: '999', inspectionType: 'revisit', onsiteEndDate: '2026-01-20' }, actorFor(admin)),
      (error: unknown) => {
        assert.ok(error instanceof InspectionInputError);
        assert.deepEqual(error.issues.map((i) => i.field), ['laCode', 'inspectionType', 'onsiteEndDate']);
        return true;
      },
    );
    assert.equal(await count('inspection'), inspections);
    assert.equal(await count('audit_event'), audits);
  });

  test('a change of status writes the history and the audit record together', async () => {
    const inspection = await staffedInspection();
    const result = await transitionInspection(db.kysely, inspection.id, { to: 'notified' }, actorFor(ofstedLead), { requestId: 'req-1' });
    assert.deepEqual([result.from, result.to], ['planned', 'notified']);
    const details = await getInspection(db.kysely, inspection.id);
    assert.equal(details?.inspection.status, 'notified');
    const history = await db.kysely.selectFrom('inspection_transition').selectAll().where('inspection_id', '=', inspection.id).execute();
    assert.equal(history.length, 1);
    assert.deepEqual([history[0].from_status, history[0].to_status, history[0].actor_user_id, history[0].reason], ['planned', 'notified', ofstedLead.userId, null]);
    const audit = await db.kysely
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'inspection.status.change')
      .where('inspection_id', '=', inspection.id)
      .execute();
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0].details, { from: 'planned', to: 'notified', role: 'ofsted_lead' });
    assert.equal(audit[0].request_id, 'req-1');
  });

  test('a return for changes keeps its reason', async () => {
    const inspection = await staffedInspection();
    for (const [to, who] of [['notified', ofstedLead], ['fieldwork', cqcLead], ['reporting', cqcLead], ['quality_assurance', ofstedLead]] as const) {
      await transitionInspection(db.kysely, inspection.id, { to }, actorFor(who));
    }
    await transitionInspection(db.kysely, inspection.id, { to: 'reporting', reason: '  Evidence for finding 3 is thin  ' }, actorFor(qaReader));
    const last = await db.kysely
      .selectFrom('inspection_transition')
      .select(['to_status', 'reason'])
      .where('inspection_id', '=', inspection.id)
      .where('from_status', '=', 'quality_assurance')
      .executeTakeFirstOrThrow();
    assert.deepEqual(last, { to_status: 'reporting', reason: 'Evidence for finding 3 is thin' });
  });

  test('an illegal or forbidden change writes nothing', async () => {
    const inspection = await staffedInspection();
    const counts = async () => [await count('inspection_transition'), await count('audit_event')];
    const before = await counts();
    const refused = async (to: 'published' | 'notified', who: TestUser, code: string) =>
      assert.rejects(transitionInspection(db.kysely, inspection.id, { to }, actorFor(who)), (error: unknown) => {
        assert.ok(error instanceof TransitionRefusedError);
        assert.equal(error.refusal.code, code);
        return true;
      });
    await refused('published', ofstedLead, 'not-allowed');
    await refused('notified', cqcLead, 'wrong-role');
    await refused('notified', admin, 'not-on-team');
    assert.deepEqual(await counts(), before);
    assert.equal((await getInspection(db.kysely, inspection.id))?.inspection.status, 'planned');
  });

  test('the report’s changes are refused unless made from the report, and then land in the caller’s transaction', async () => {
    const inspection = await staffedInspection();
    for (const [to, who] of [['notified', ofstedLead], ['fieldwork', cqcLead], ['reporting', cqcLead], ['quality_assurance', ofstedLead]] as const) {
      await transitionInspection(db.kysely, inspection.id, { to }, actorFor(who));
    }
    await assert.rejects(transitionInspection(db.kysely, inspection.id, { to: 'factual_accuracy' }, actorFor(qaReader)), (error: unknown) => {
      assert.ok(error instanceof TransitionRefusedError);
      assert.equal(error.refusal.code, 'made-from-report');
      return true;
    });
    // From the report, the lifecycle's roles still hold for a person.
    await assert.rejects(transitionInspection(db.kysely, inspection.id, { to: 'factual_accuracy' }, actorFor(ofstedLead), {}, { via: 'report' }), /Only the quality assurance reader/);

    // The caller's failure after the change undoes it.
    await assert.rejects(
      db.kysely.transaction().execute(async (trx) => {
        await transitionInspectionIn(trx, inspection.id, { to: 'factual_accuracy' }, actorFor(qaReader), {}, { via: 'report' });
        throw new Error('the caller failed');
      }),
      /the caller failed/,
    );
    assert.equal((await getInspection(db.kysely, inspection.id))?.inspection.status, 'quality_assurance');

    await db.kysely.transaction().execute((trx) => transitionInspectionIn(trx, inspection.id, { to: 'factual_accuracy' }, actorFor(qaReader), {}, { via: 'report' }));
    // The command line publishes with the database's authority: no team role, audited as itself.
    await transitionInspection(db.kysely, inspection.id, { to: 'published' }, CLI_ACTOR, {}, { via: 'report' });
    assert.equal((await getInspection(db.kysely, inspection.id))?.inspection.status, 'published');
    const audits = await db.kysely
      .selectFrom('audit_event')
      .select(['actor_label', 'details'])
      .where('action', '=', 'inspection.status.change')
      .where('inspection_id', '=', inspection.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(audits.slice(-2), [
      { actor_label: qaReader.email, details: { from: 'quality_assurance', to: 'factual_accuracy', role: 'qa_reader', via: 'report' } },
      { actor_label: 'cli', details: { from: 'factual_accuracy', to: 'published', via: 'report' } },
    ]);
    // Someone without an account cannot make the other changes.
    await assert.rejects(transitionInspection(db.kysely, inspection.id, { to: 'follow_up' }, CLI_ACTOR), /Only members of the inspection team/);
  });

  test('if the audit record cannot be written, the change of status is undone', async () => {
    const inspection = await staffedInspection();
    await sql`create function refuse_status_audit() returns trigger language plpgsql as $$
      begin
        if new.action = 'inspection.status.change' then raise exception 'audit unavailable'; end if;
        return new;
      end; $$`.execute(db.kysely);
    await sql`create trigger refuse_status_audit before insert on audit_event for each row execute function refuse_status_audit()`.execute(db.kysely);
    try {
      await assert.rejects(transitionInspection(db.kysely, inspection.id, { to: 'notified' }, actorFor(ofstedLead)), /audit unavailable/);
    } finally {
      await sql`drop trigger refuse_status_audit on audit_event`.execute(db.kysely);
      await sql`drop function refuse_status_audit()`.execute(db.kysely);
    }
    assert.equal((await getInspection(db.kysely, inspection.id))?.inspection.status, 'planned');
    const history = await db.kysely.selectFrom('inspection_transition').select('id').where('inspection_id', '=', inspection.id).execute();
    assert.equal(history.length, 0);
  });

  test('team rules: inspectorate staff only, one role each, one lead of each kind', async () => {
    const inspection = await createInspection(db.kysely, MANCHESTER, actorFor(admin));
    const add = (user: TestUser, role: 'ofsted_lead' | 'cqc_lead' | 'inspector' | 'qa_reader') =>
      addTeamMember(db.kysely, inspection.id, { userId: user.userId, role }, actorFor(admin));
    const refusal = async (promise: Promise<void>, pattern: RegExp) =>
      assert.rejects(promise, (error: unknown) => error instanceof TeamChangeError && pattern.test(error.message));

    await add(ofstedLead, 'ofsted_lead');
    const secondOfsted = await createTestUser(db, { organisation: 'ofsted', displayName: 'Second Ofsted' });
    await refusal(add(secondOfsted, 'ofsted_lead'), /is already the Ofsted lead inspector\. An inspection has one at a time/);
    await refusal(add(ofstedLead, 'inspector'), /already on the team as the Ofsted lead inspector/);
    await refusal(add(cqcLead, 'ofsted_lead'), /^The Ofsted lead inspector must be Ofsted staff/);
    await refusal(add(secondOfsted, 'cqc_lead'), /^The CQC lead inspector must be CQC staff/);
    const council = await createTestUser(db, { organisation: 'local_area', areaRole: { laCode: '352', role: 'leader' } });
    await refusal(add(council, 'inspector'), /Only Ofsted and CQC staff/);
    await add(secondOfsted, 'inspector');
    await add(cqcLead, 'cqc_lead');

    const additions = await db.kysely.selectFrom('audit_event').select('details').where('action', '=', 'inspection.team.add').where('inspection_id', '=', inspection.id).execute();
    assert.equal(additions.length, 3);

    await refusal(removeTeamMember(db.kysely, inspection.id, ofstedLead.userId, actorFor(ofstedLead)), /cannot remove yourself/);
    await removeTeamMember(db.kysely, inspection.id, ofstedLead.userId, actorFor(admin));
    await add(await createTestUser(db, { organisation: 'ofsted' }), 'ofsted_lead');
    const removal = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'inspection.team.remove').where('inspection_id', '=', inspection.id).executeTakeFirstOrThrow();
    assert.equal(removal.subject_id, ofstedLead.userId);
    assert.deepEqual(removal.details, { role: 'ofsted_lead' });
    const team = (await getInspection(db.kysely, inspection.id))!.team;
    assert.deepEqual(team.map((m) => m.role).sort(), ['cqc_lead', 'inspector', 'ofsted_lead']);
  });

  test('who sees which inspections', async () => {
    const inspection = await staffedInspection({ laCode: '330' });
    const councilUser = await createTestUser(db, { organisation: 'local_area', areaRole: { laCode: '330', role: 'nominated_officer' } });
    const otherCouncil = await createTestUser(db, { organisation: 'local_area', areaRole: { laCode: '331', role: 'leader' } });
    const bystander = await createTestUser(db, { organisation: 'ofsted' });
    const principal = async (user: TestUser): Promise<Principal> => (await loadPrincipal(db.kysely, user.userId))!;
    const sees = async (user: TestUser) => (await listInspectionsFor(db.kysely, await principal(user))).some((i) => i.id === inspection.id);

    assert.equal(await sees(admin), true);
    assert.equal(await sees(ofstedLead), true);
    assert.equal(await sees(qaReader), true);
    assert.equal(await sees(bystander), false);
    assert.equal(await sees(councilUser), false, 'the area cannot see a planned inspection');
    await transitionInspection(db.kysely, inspection.id, { to: 'notified' }, actorFor(ofstedLead));
    assert.equal(await sees(councilUser), true, 'the area sees it once notified');
    assert.equal(await sees(otherCouncil), false);

    const mine = (await listInspectionsFor(db.kysely, await principal(ofstedLead), { status: 'notified' })).find((i) => i.id === inspection.id);
    assert.equal(mine?.team_role, 'ofsted_lead');
    assert.equal(mine?.inspection_type_name, 'Full inspection');
    assert.equal(mine?.area_name, 'Birmingham');
  });
});
