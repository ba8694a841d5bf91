import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachDatabase } from '../db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../web/test-app.ts';
import { generateMfaCode, generateMfaSecret } from './mfa.ts';
import { createTestUser, signInAs, signInWithPassword, type TestUser } from './test-users.ts';
import { enrolMfa, getUserSummary } from './user.service.ts';

describeEachDatabase('user administration', (kind) => {
  let t: TestApp;
  let admin: TestClient;
  let adminUser: TestUser;
  before(async () => {
    t = await createTestApp(kind, { signInRateLimitPerMinute: 1000 });
    admin = new TestClient(t.app);
    adminUser = await signInAs(admin, t.db, { organisation: 'administration', isAdmin: true, displayName: 'Ada Admin' });
  });
  after(async () => {
    await t.close();
  });

  async function actionsAbout(userId: string): Promise<{ action: string; actor_user_id: string | null }[]> {
    return t.db.kysely.selectFrom('audit_event').select(['action', 'actor_user_id']).where('subject_id', '=', userId).orderBy('id').execute();
  }

  test('people who are not administrators are refused, and the refusal is audited', async () => {
    const client = new TestClient(t.app);
    const user = await signInAs(client, t.db, { organisation: 'ofsted' });
    for (const url of ['/admin/users', '/admin/users/invite', `/admin/users/${adminUser.userId}`, '/admin/audit']) {
      const response = await client.get(url);
      assert.equal(response.statusCode, 403, url);
      assert.match(response.body, /You do not have permission to see this page/);
    }
    const post = await client.post('/admin/users/invite', { displayName: 'X', email: 'x@example.test', organisation: 'cqc' }, { formPage: '/account' });
    assert.equal(post.statusCode, 403);
    assert.equal(await t.db.kysely.selectFrom('app_user').select('id').where('email', '=', 'x@example.test').executeTakeFirst(), undefined);
    const denied = await t.db.kysely.selectFrom('audit_event').select('action').where('actor_user_id', '=', user.userId).where('action', '=', 'access.denied').execute();
    assert.equal(denied.length, 5);
    assert.doesNotMatch((await client.get('/account')).body, /href="\/admin\/users"/, 'no Users link in the navigation');
  });

  test('the user list searches by name or email and filters by status', async () => {
    await createTestUser(t.db, { organisation: 'cqc', displayName: 'Zebedee Quill', email: 'zq@cqc.example' });
    const disabled = await createTestUser(t.db, { organisation: 'ofsted', displayName: 'Zara Quinn', email: 'zara.quinn@ofsted.example' });
    await t.db.kysely.updateTable('app_user').set({ status: 'disabled' }).where('id', '=', disabled.userId).execute();
    const all = await admin.get('/admin/users');
    assert.equal(all.statusCode, 200);
    assert.match(all.body, />Ada Admin<\/a>/);
    const byName = await admin.get('/admin/users?search=zebedee');
    assert.match(byName.body, /Zebedee Quill/);
    assert.doesNotMatch(byName.body, />Ada Admin<\/a>/);
    assert.match(byName.body, /1 user found/);
    const byEmail = await admin.get('/admin/users?search=OFSTED.EXAMPLE');
    assert.match(byEmail.body, /Zara Quinn/);
    const byStatus = await admin.get('/admin/users?search=Z&status=disabled');
    assert.match(byStatus.body, /Zara Quinn/);
    assert.doesNotMatch(byStatus.body, /Zebedee Quill/);
    const none = await admin.get('/admin/users?search=%25');
    assert.match(none.body, /No users match your search/, 'a % is searched for literally');
  });

  test('inviting shows the link once; a duplicate email is refused with the input kept', async () => {
    const form = await admin.get('/admin/users/invite');
    assert.match(form.body, /Invite a user/);
    const invalid = await admin.post('/admin/users/invite', { displayName: '', email: 'not-an-email', organisation: '' });
    assert.match(invalid.body, /Enter a full name/);
    assert.match(invalid.body, /Enter an email address in the correct format/);
    assert.match(invalid.body, /Select an organisation/);
    assert.match(invalid.body, /value="not-an-email"/);

    const created = await admin.post('/admin/users/invite', { displayName: 'Priya Shah', email: 'priya.shah@council.example', organisation: 'local_area', isAdmin: 'yes' });
    assert.equal(created.statusCode, 200);
    assert.equal(created.headers['cache-control'], 'no-store');
    const link = /id="invitation-link">([^<]+)</.exec(created.body)?.[1];
    assert.ok(link?.startsWith('http://localhost:3000/invite/'), link);
    assert.match(created.body, /It will not be shown again/);

    const duplicate = await admin.post('/admin/users/invite', { displayName: 'Priya S', email: 'Priya.Shah@Council.example', organisation: 'cqc' });
    assert.equal(duplicate.statusCode, 200);
    assert.match(duplicate.body, /An account already exists with this email address/);
    assert.match(duplicate.body, /value="Priya\.Shah@Council\.example"/);
    assert.match(duplicate.body, /value="Priya S"/);
    assert.match(duplicate.body, /value="cqc" checked/);

    const invited = new TestClient(t.app);
    const accept = await invited.post(new URL(link!).pathname, { displayName: 'Priya Shah', password: 'saffron tulip glacier', confirmPassword: 'saffron tulip glacier' });
    assert.equal(accept.headers.location, '/sign-in');
    const id = (await t.db.kysely.selectFrom('app_user').select('id').where('email', '=', 'priya.shah@council.example').executeTakeFirstOrThrow()).id;
    const summary = await getUserSummary(t.db.kysely, id);
    assert.equal(summary?.status, 'active');
    assert.equal(summary?.isAdmin, true);
    assert.deepEqual((await actionsAbout(id)).map((a) => a.action), ['user.invite', 'user.invite.accept']);
  });

  test('an over-long name is refused with the input kept, and nothing is written', async () => {
    const longName = 'A'.repeat(201);
    const before = await t.db.kysely.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const response = await admin.post('/admin/users/invite', { displayName: longName, email: 'long.name@example.test', organisation: 'ofsted' });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Full name must be 200 characters or fewer/);
    assert.match(response.body, /value="long\.name@example\.test"/);
    assert.ok(response.body.includes(`value="${longName}"`));
    const after = await t.db.kysely.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
  });

  test('an invited person who lost their link can be given a new one, and the old one stops working', async () => {
    const created = await admin.post('/admin/users/invite', { displayName: 'Omar Lost', email: 'omar@example.test', organisation: 'ofsted' });
    const oldLink = new URL(/id="invitation-link">([^<]+)</.exec(created.body)![1]).pathname;
    const id = (await t.db.kysely.selectFrom('app_user').select('id').where('email', '=', 'omar@example.test').executeTakeFirstOrThrow()).id;
    const page = await admin.get(`/admin/users/${id}`);
    assert.match(page.body, /Create a new invitation link/);
    const renewed = await admin.post(`/admin/users/${id}/invitation`, {}, { formPage: `/admin/users/${id}` });
    const newLink = new URL(/id="invitation-link">([^<]+)</.exec(renewed.body)![1]).pathname;
    assert.notEqual(newLink, oldLink);
    assert.equal((await new TestClient(t.app).get(oldLink)).statusCode, 404);
    assert.equal((await new TestClient(t.app).get(newLink)).statusCode, 200);
  });

  test("the user page shows details, status, two-factor, area memberships and team roles", async () => {
    const user = await createTestUser(t.db, { organisation: 'local_area', displayName: 'Lee Area', areaRole: { laCode: '202', role: 'leader' } });
    const page = await admin.get(`/admin/users/${user.userId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Lee Area/);
    assert.match(page.body, /Local area partnership/);
    assert.match(page.body, /Camden/);
    assert.match(page.body, /Leader/);
    assert.match(page.body, /Not set up/);
    assert.match(page.body, /Not on any inspection team/);
    assert.equal((await admin.get('/admin/users/not-a-uuid')).statusCode, 404);
    assert.equal((await admin.get('/admin/users/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  });

  test('organisation and administrator access can be changed, but not your own administrator access', async () => {
    const user = await createTestUser(t.db, { organisation: 'cqc', displayName: 'Chris Change' });
    const saved = await admin.post(`/admin/users/${user.userId}/details`, { displayName: 'Chris Changed', organisation: 'ofsted', isAdmin: 'yes' });
    assert.equal(saved.headers.location, `/admin/users/${user.userId}`);
    const summary = await getUserSummary(t.db.kysely, user.userId);
    assert.equal(summary?.organisation, 'ofsted');
    assert.equal(summary?.displayName, 'Chris Changed');
    assert.equal(summary?.isAdmin, true);
    const actions = (await actionsAbout(user.userId)).map((a) => a.action);
    assert.ok(actions.includes('user.update'));
    assert.ok(actions.includes('user.role.change'));

    const self = await admin.post(`/admin/users/${adminUser.userId}/details`, { displayName: 'Ada Admin', organisation: 'administration' });
    assert.match(self.body, /You cannot remove your own administrator access/);
    assert.equal((await getUserSummary(t.db.kysely, adminUser.userId))?.isAdmin, true);
  });

  test('area memberships are added, changed and removed; unknown areas are refused', async () => {
    const user = await createTestUser(t.db, { organisation: 'local_area', displayName: 'Mo Member' });
    const missing = await admin.post(`/admin/users/${user.userId}/areas`, { laCode: '', role: '' });
    assert.match(missing.body, /Enter a local authority code/);
    assert.match(missing.body, /Select a role in the local area/);
    const unknown = await admin.post(`/admin/users/${user.userId}/areas`, { laCode: '999', role: 'leader' });
    assert.match(unknown.body, /There is no local area with the code 999/);
    assert.match(unknown.body, /value="999"/);

    assert.equal((await admin.post(`/admin/users/${user.userId}/areas`, { laCode: '202', role: 'contributor' })).statusCode, 302);
    assert.equal((await admin.post(`/admin/users/${user.userId}/areas`, { laCode: '202', role: 'pcf_representative' })).statusCode, 302);
    let summary = await getUserSummary(t.db.kysely, user.userId);
    assert.deepEqual(summary?.areaMemberships.map((m) => [m.la_code, m.role]), [['202', 'pcf_representative']]);
    const page = await admin.get(`/admin/users/${user.userId}`);
    assert.match(page.body, /Parent carer forum representative/);

    const removed = await admin.post(`/admin/users/${user.userId}/areas/202/remove`, {}, { formPage: `/admin/users/${user.userId}` });
    assert.equal(removed.statusCode, 302);
    summary = await getUserSummary(t.db.kysely, user.userId);
    assert.equal(summary?.areaMemberships.length, 0);
    const changes = (await actionsAbout(user.userId)).filter((a) => a.action === 'user.role.change');
    assert.equal(changes.length, 3);
    assert.ok(changes.every((c) => c.actor_user_id === adminUser.userId));
  });

  test('disabling signs the person out and stops them signing in; an admin cannot disable themself', async () => {
    const person = new TestClient(t.app);
    const user = await signInAs(person, t.db, { organisation: 'ofsted' });
    assert.equal((await person.get('/account')).statusCode, 200);
    const disabled = await admin.post(`/admin/users/${user.userId}/disable`, {}, { formPage: `/admin/users/${user.userId}` });
    assert.equal(disabled.statusCode, 302);
    assert.match((await admin.get(`/admin/users/${user.userId}`)).body, /Account disabled/);
    assert.equal((await person.get('/account')).statusCode, 302, 'signed out');
    await assert.rejects(signInWithPassword(new TestClient(t.app), user.email, user.password));

    const enabled = await admin.post(`/admin/users/${user.userId}/enable`, {}, { formPage: `/admin/users/${user.userId}` });
    assert.equal(enabled.statusCode, 302);
    await signInWithPassword(new TestClient(t.app), user.email, user.password);

    const self = await admin.post(`/admin/users/${adminUser.userId}/disable`, {}, { formPage: `/admin/users/${user.userId}` });
    assert.equal(self.statusCode, 400);
    assert.match(self.body, /You cannot disable your own account/);
    assert.equal((await getUserSummary(t.db.kysely, adminUser.userId))?.status, 'active');
    const actions = (await actionsAbout(user.userId)).map((a) => a.action);
    assert.ok(actions.includes('user.disable') && actions.includes('user.enable'));
  });

  test('resetting a password shows the new one once; it works and the old one does not', async () => {
    const user = await createTestUser(t.db, { organisation: 'cqc' });
    const secret = generateMfaSecret();
    await enrolMfa(t.db.kysely, user.userId, { secret, code: generateMfaCode(secret) });
    const confirm = await admin.get(`/admin/users/${user.userId}/reset-password`);
    assert.match(confirm.body, /Also reset two-factor authentication/);
    const reset = await admin.post(`/admin/users/${user.userId}/reset-password`, { clearMfa: 'yes' });
    assert.equal(reset.statusCode, 200);
    assert.equal(reset.headers['cache-control'], 'no-store');
    const password = /id="new-password">([^<]+)</.exec(reset.body)?.[1];
    assert.ok(password && password.length >= 20);
    await assert.rejects(signInWithPassword(new TestClient(t.app), user.email, user.password));
    await signInWithPassword(new TestClient(t.app), user.email, password);
    assert.equal((await getUserSummary(t.db.kysely, user.userId))?.mfaEnrolled, false);
    assert.ok((await actionsAbout(user.userId)).some((a) => a.action === 'user.password.reset'));
  });

  test('resetting two-factor removes the authenticator app and signs the person out', async () => {
    const person = new TestClient(t.app);
    const user = await signInAs(person, t.db, { organisation: 'ofsted' });
    const secret = generateMfaSecret();
    await enrolMfa(t.db.kysely, user.userId, { secret, code: generateMfaCode(secret) });
    assert.match((await admin.get(`/admin/users/${user.userId}`)).body, /Reset two-factor authentication/);
    const reset = await admin.post(`/admin/users/${user.userId}/reset-two-factor`, {});
    assert.equal(reset.statusCode, 302);
    assert.equal((await getUserSummary(t.db.kysely, user.userId))?.mfaEnrolled, false);
    assert.equal((await person.get('/account')).statusCode, 302);
    assert.ok((await actionsAbout(user.userId)).some((a) => a.action === 'user.mfa.reset'));
  });
});
