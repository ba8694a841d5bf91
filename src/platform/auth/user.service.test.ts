import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDatabase } from '../db/test-database.ts';
import { usePreparedDatabase } from '../web/test-app.ts';
import {
  createUser,
  disableUser,
  enableUser,
  inviteUser,
  setAdmin,
  setAreaMembership,
  signIn,
  updateAccount,
  UserInputError,
} from './user.service.ts';

const isInputError = (field: string, pattern: RegExp) => (e: unknown) => e instanceof UserInputError && e.field === field && pattern.test(e.message);

describeEachDatabase('account use cases', (kind) => {
  const db = usePreparedDatabase(kind);

  test('createUser stores the email in lower case, refuses duplicates in any case, and checks a given password', async () => {
    const { id, password } = await createUser(db.kysely, { email: ' Sam.Smith@Example.test ', displayName: ' Sam Smith ', organisation: 'ofsted' }, null);
    assert.ok(password);
    const row = await db.kysely.selectFrom('app_user').select(['email', 'display_name', 'status', 'password_hash']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([row.email, row.display_name, row.status], ['sam.smith@example.test', 'Sam Smith', 'active']);
    assert.doesNotMatch(row.password_hash!, new RegExp(password), 'only a hash is stored');
    await assert.rejects(createUser(db.kysely, { email: 'SAM.SMITH@example.TEST', displayName: 'Other', organisation: 'cqc' }, null), isInputError('email', /already exists/));
    await assert.rejects(inviteUser(db.kysely, { email: 'sam.smith@example.test', displayName: 'Other', organisation: 'cqc' }, null), isInputError('email', /already exists/));
    await assert.rejects(
      createUser(db.kysely, { email: 'weak@example.test', displayName: 'Weak', organisation: 'cqc', password: 'password123456' }, null),
      isInputError('password', /too easy to guess/),
    );
    const chosen = await createUser(db.kysely, { email: 'chosen@example.test', displayName: 'Chosen', organisation: 'cqc', password: 'granite meadow pelican' }, null);
    assert.equal(chosen.password, undefined, 'a chosen password is not echoed back');
  });

  test('an invited account cannot sign in until the invitation is accepted', async () => {
    await inviteUser(db.kysely, { email: 'pending@example.test', displayName: 'Pending', organisation: 'cqc' }, null);
    assert.deepEqual(await signIn(db.kysely, { email: 'pending@example.test', password: 'anything at all' }, { requireMfa: false }), { outcome: 'invalid' });
  });

  test('area memberships need an existing area; bad input writes nothing', async () => {
    const { id } = await createUser(db.kysely, { email: 'area.user@example.test', displayName: 'Area User', organisation: 'local_area' }, null);
    await assert.rejects(setAreaMembership(db.kysely, id, '999', 'leader', null), isInputError('laCode', /no local area with the code 999/));
    const before = await db.kysely.selectFrom('audit_event').select('id').where('subject_id', '=', id).execute();
    await setAreaMembership(db.kysely, id, '202', 'leader', null);
    await setAreaMembership(db.kysely, id, '202', 'leader', null);
    const after = await db.kysely.selectFrom('audit_event').select('action').where('subject_id', '=', id).execute();
    assert.equal(after.length - before.length, 1, 'setting the same role again changes and audits nothing');
  });

  test('the last active administrator keeps administrator access', async () => {
    const first = await createUser(db.kysely, { email: 'only.admin@example.test', displayName: 'Only Admin', organisation: 'administration', isAdmin: true }, null);
    const others = await db.kysely.selectFrom('app_user').select('id').where('is_admin', '=', true).where('id', '!=', first.id).execute();
    for (const o of others) await setAdmin(db.kysely, o.id, false, null);
    await assert.rejects(setAdmin(db.kysely, first.id, false, null), isInputError('isAdmin', /only active administrator/));
    const second = await createUser(db.kysely, { email: 'second.admin@example.test', displayName: 'Second Admin', organisation: 'administration', isAdmin: true }, null);
    const actor = { id: second.id, label: 'second.admin@example.test' };
    await assert.rejects(updateAccount(db.kysely, second.id, { isAdmin: false }, actor), isInputError('isAdmin', /your own administrator access/));
    await setAdmin(db.kysely, first.id, false, actor);
  });

  test('disabling yourself is refused; enabling an account that never had a password returns it to invited', async () => {
    const { id } = await createUser(db.kysely, { email: 'self@example.test', displayName: 'Self', organisation: 'ofsted', isAdmin: true }, null);
    await assert.rejects(disableUser(db.kysely, id, { id, label: 'self@example.test' }), isInputError('form', /your own account/));
    const invited = await inviteUser(db.kysely, { email: 'never@example.test', displayName: 'Never', organisation: 'cqc' }, null);
    await disableUser(db.kysely, invited.id, null);
    await enableUser(db.kysely, invited.id, null);
    const row = await db.kysely.selectFrom('app_user').select(['status', 'invite_token_hash']).where('id', '=', invited.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'invited', invite_token_hash: null });
  });
});
