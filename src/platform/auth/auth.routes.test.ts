import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { describeEachDatabase } from '../db/test-database.ts';
import { hashSessionId } from '../web/session-store.ts';
import { SESSION_COOKIE } from '../web/security.ts';
import { createTestApp, TestClient, type TestApp } from '../web/test-app.ts';
import { generateMfaCode, generateMfaSecret } from './mfa.ts';
import { createTestUser, signInAs } from './test-users.ts';
import { enrolMfa, inviteUser } from './user.service.ts';

const GENERIC = 'Enter a correct email address and password';

/** Gives the user an authenticator secret, confirmed with the previous step's code so the current code is still unused. */
async function enrolTestMfa(t: TestApp, userId: string): Promise<string> {
  const secret = generateMfaSecret();
  const result = await enrolMfa(t.db.kysely, userId, { secret, code: generateMfaCode(secret, new Date(Date.now() - 30_000)) });
  assert.deepEqual(result, { ok: true });
  return secret;
}

async function auditActions(t: TestApp, subjectId: string): Promise<string[]> {
  const rows = await t.db.kysely.selectFrom('audit_event').select('action').where('subject_id', '=', subjectId).orderBy('id').execute();
  return rows.map((r) => r.action);
}

describeEachDatabase('signing in and out', (kind) => {
  let t: TestApp;
  before(async () => {
    // Many sign-ins from one test address: the rate limit has its own test below.
    t = await createTestApp(kind, { signInRateLimitPerMinute: 1000 });
  });
  after(async () => {
    await t.close();
  });

  test('a correct email and password signs in, in a new session, and lands on inspections', async () => {
    const user = await createTestUser(t.db, { organisation: 'ofsted' });
    const client = new TestClient(t.app);
    const page = await client.get('/sign-in');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Sign in<\/h1>/);
    const before = client.cookies.get(SESSION_COOKIE);
    assert.ok(before, 'the sign-in form starts a session for its CSRF token');
    const response = await client.post('/sign-in', { email: user.email.toUpperCase(), password: user.password });
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/inspections');
    const afterCookie = client.cookies.get(SESSION_COOKIE);
    assert.ok(afterCookie);
    assert.notEqual(afterCookie, before, 'the session id changes on sign-in (no session fixation)');
    const account = await client.get('/account');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, new RegExp(user.email.replace('.', '\\.')));
    assert.ok((await auditActions(t, user.userId)).includes('auth.sign_in'));
  });

  test('after signing in the visitor returns to the page they asked for', async () => {
    const user = await createTestUser(t.db, { organisation: 'cqc' });
    const client = new TestClient(t.app);
    const first = await client.get('/account/password');
    assert.equal(first.statusCode, 302);
    assert.equal(first.headers.location, '/sign-in');
    const response = await client.post('/sign-in', { email: user.email, password: user.password });
    assert.equal(response.headers.location, '/account/password');
  });

  test('a wrong password, an unknown email and a disabled account all get the same message, with the email kept', async () => {
    const user = await createTestUser(t.db, { organisation: 'local_area' });
    const disabled = await createTestUser(t.db, { organisation: 'ofsted' });
    await t.db.kysely.updateTable('app_user').set({ status: 'disabled' }).where('id', '=', disabled.userId).execute();
    const client = new TestClient(t.app);
    for (const [email, password] of [
      [user.email, 'not the right password'],
      ['nobody@example.test', 'whatever password'],
      [disabled.email, disabled.password],
    ]) {
      const response = await client.post('/sign-in', { email, password });
      assert.equal(response.statusCode, 200, email);
      assert.ok(response.body.includes(GENERIC), email);
      assert.ok(response.body.includes(`value="${email}"`), `the email ${email} is kept`);
      assert.doesNotMatch(response.body, /type="password"[^>]*value=/, 'the password is not sent back');
    }
    assert.equal((await client.get('/account')).statusCode, 302, 'still not signed in');
  });

  test('empty fields get their own messages', async () => {
    const client = new TestClient(t.app);
    const response = await client.post('/sign-in', { email: '', password: '' });
    assert.match(response.body, /Enter your email address/);
    assert.match(response.body, /Enter your password/);
    assert.match(response.body, /<title>Error: Sign in/);
  });

  test('five wrong passwords lock the account, even against the right password, and say when to try again', async () => {
    const user = await createTestUser(t.db, { organisation: 'ofsted' });
    const client = new TestClient(t.app);
    for (let i = 1; i <= 4; i++) {
      const response = await client.post('/sign-in', { email: user.email, password: `wrong password ${i}` });
      assert.ok(response.body.includes(GENERIC), `attempt ${i}`);
    }
    const fifth = await client.post('/sign-in', { email: user.email, password: 'wrong password 5' });
    assert.match(fifth.body, /Your account is locked because of too many wrong attempts\. Try again after \d{1,2} \w+ \d{4} at \d{1,2}:\d{2}(am|pm)/);
    const right = await client.post('/sign-in', { email: user.email, password: user.password });
    assert.match(right.body, /Your account is locked/);
    assert.equal((await client.get('/account')).statusCode, 302);
    const row = await t.db.kysely.selectFrom('app_user').select(['failed_sign_ins', 'locked_until']).where('id', '=', user.userId).executeTakeFirstOrThrow();
    assert.equal(row.failed_sign_ins, 5);
    const lockMs = row.locked_until!.getTime() - Date.now();
    assert.ok(lockMs > 50_000 && lockMs <= 60_000, `locked for about a minute (${lockMs} ms)`);
    const actions = await auditActions(t, user.userId);
    assert.equal(actions.filter((a) => a === 'auth.sign_in.failure').length, 6);
    assert.ok(actions.includes('auth.locked'));

    // Once the lock has passed, the next wrong password locks again for twice as long.
    await t.db.kysely.updateTable('app_user').set({ locked_until: new Date(Date.now() - 1000) }).where('id', '=', user.userId).execute();
    await client.post('/sign-in', { email: user.email, password: 'wrong password 6' });
    const again = await t.db.kysely.selectFrom('app_user').select('locked_until').where('id', '=', user.userId).executeTakeFirstOrThrow();
    const secondLockMs = again.locked_until!.getTime() - Date.now();
    assert.ok(secondLockMs > 110_000 && secondLockMs <= 120_000, `locked for about two minutes (${secondLockMs} ms)`);
  });

  test('with two-factor set up, the password leads to the code page; wrong and replayed codes are refused', async () => {
    const user = await createTestUser(t.db, { organisation: 'ofsted' });
    const secret = await enrolTestMfa(t, user.userId);
    const client = new TestClient(t.app);
    const signIn = await client.post('/sign-in', { email: user.email, password: user.password });
    assert.equal(signIn.headers.location, '/sign-in/two-factor');
    assert.equal((await client.get('/account')).headers.location, '/sign-in/two-factor', 'half signed in is not signed in');

    const code = generateMfaCode(secret);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const wrongResponse = await client.post('/sign-in/two-factor', { code: wrong });
    assert.equal(wrongResponse.statusCode, 200);
    assert.match(wrongResponse.body, /Enter the current 6-digit code from your authenticator app/);
    const badFormat = await client.post('/sign-in/two-factor', { code: '12ab' });
    assert.match(badFormat.body, /The code must be 6 digits/);

    const ok = await client.post('/sign-in/two-factor', { code });
    assert.equal(ok.statusCode, 302);
    assert.equal(ok.headers.location, '/inspections');
    assert.equal((await client.get('/account')).statusCode, 200);

    // Someone who saw the code cannot use it again, even with the password.
    const other = new TestClient(t.app);
    await other.post('/sign-in', { email: user.email, password: user.password });
    const replay = await other.post('/sign-in/two-factor', { code });
    assert.match(replay.body, /That code has already been used/);
    assert.equal((await other.get('/account')).statusCode, 302);
    const actions = await auditActions(t, user.userId);
    assert.equal(actions.filter((a) => a === 'auth.mfa.failure').length, 2);
  });

  test('wrong codes count towards lock-out and end the half-finished sign-in', async () => {
    const user = await createTestUser(t.db, { organisation: 'cqc' });
    const secret = await enrolTestMfa(t, user.userId);
    const client = new TestClient(t.app);
    await client.post('/sign-in', { email: user.email, password: user.password });
    const code = generateMfaCode(secret);
    const wrong = String((Number(code) + 7) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 4; i++) assert.match((await client.post('/sign-in/two-factor', { code: wrong })).body, /Enter the current 6-digit code/);
    const locked = await client.post('/sign-in/two-factor', { code: wrong }, { formPage: '/sign-in/two-factor' });
    assert.match(locked.body, /Your account is locked/);
    assert.equal((await client.get('/sign-in/two-factor')).headers.location, '/sign-in', 'the half-finished sign-in is gone');
  });

  test('when two-factor is required, staff without it must set it up before they are signed in', async () => {
    const strict = await createTestApp(kind, { requireMfa: true });
    try {
      const user = await createTestUser(strict.db, { organisation: 'local_area' });
      const client = new TestClient(strict.app);
      const signIn = await client.post('/sign-in', { email: user.email, password: user.password });
      assert.equal(signIn.headers.location, '/sign-in/two-factor/set-up');
      assert.equal((await client.get('/inspections')).headers.location, '/sign-in/two-factor/set-up');
      assert.equal((await client.get('/sign-in/two-factor')).headers.location, '/sign-in/two-factor/set-up');
      const page = await client.get('/sign-in/two-factor/set-up');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<img src="data:image\/svg\+xml;base64,[^"]+" alt="QR code/);
      const secret = /id="setup-key">([A-Z2-7 ]+)</.exec(page.body)?.[1].replaceAll(' ', '');
      assert.ok(secret, 'the setup key is shown as text');
      assert.equal((await client.get('/sign-in/two-factor/set-up')).body.includes(/id="setup-key">([A-Z2-7 ]+)</.exec(page.body)![1]), true, 'the same secret until confirmed');

      const wrong = await client.post('/sign-in/two-factor/set-up', { code: '000000' === generateMfaCode(secret) ? '111111' : '000000' });
      assert.match(wrong.body, /Enter the current 6-digit code/);
      const done = await client.post('/sign-in/two-factor/set-up', { code: generateMfaCode(secret) });
      assert.equal(done.statusCode, 302);
      assert.equal(done.headers.location, '/inspections');
      assert.equal((await client.get('/account')).statusCode, 200);
      const row = await strict.db.kysely.selectFrom('app_user').select(['mfa_secret', 'mfa_enrolled_at']).where('id', '=', user.userId).executeTakeFirstOrThrow();
      assert.equal(row.mfa_secret, secret);
      assert.ok(row.mfa_enrolled_at);

      const next = new TestClient(strict.app);
      assert.equal((await next.post('/sign-in', { email: user.email, password: user.password })).headers.location, '/sign-in/two-factor');
      assert.ok((await auditActions(strict, user.userId)).includes('auth.mfa.enrol'));
    } finally {
      await strict.close();
    }
  });

  test('signing out ends the session everywhere it was stored and says so', async () => {
    const client = new TestClient(t.app);
    const user = await signInAs(client, t.db, { organisation: 'ofsted' });
    const cookie = client.cookies.get(SESSION_COOKIE)!;
    const sessionId = decodeURIComponent(cookie).split('.')[0];
    const stored = () => t.db.kysely.selectFrom('user_session').select('id_hash').where('id_hash', '=', hashSessionId(sessionId)).executeTakeFirst();
    assert.ok(await stored(), 'the signed-in session is stored');
    const response = await client.post('/sign-out', {}, { formPage: '/account' });
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/');
    assert.equal(await stored(), undefined, 'the old session is deleted');
    const home = await client.get('/');
    assert.match(home.body, /You have signed out/);
    assert.equal((await client.get('/account')).statusCode, 302);
    assert.ok((await auditActions(t, user.userId)).includes('auth.sign_out'));
  });

  test('sign-out works for a visitor who is not signed in', async () => {
    const client = new TestClient(t.app);
    const response = await client.post('/sign-out', {}, { formPage: '/sign-in' });
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/');
  });

  test('an invited person chooses a password through their link, once', async () => {
    const invitation = await inviteUser(t.db.kysely, { email: 'New.Person@Example.test', displayName: 'New Person', organisation: 'cqc' }, null);
    const client = new TestClient(t.app);
    const page = await client.get(invitation.path);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Create your account/);
    assert.match(page.body, /new\.person@example\.test/);

    const weak = await client.post(invitation.path, { displayName: 'New Person', password: 'password123456', confirmPassword: 'password123456' });
    assert.match(weak.body, /Password is too easy to guess/);
    assert.match(weak.body, /value="New Person"/);
    const named = await client.post(invitation.path, { displayName: 'New Person', password: 'NewPerson2026!', confirmPassword: 'NewPerson2026!' });
    assert.match(named.body, /Password must not/);
    const mismatch = await client.post(invitation.path, { displayName: 'New Person', password: 'violet harbour compass', confirmPassword: 'violet harbour compasses' });
    assert.match(mismatch.body, /The passwords do not match/);

    const done = await client.post(invitation.path, { displayName: 'Nova Person', password: 'violet harbour compass', confirmPassword: 'violet harbour compass' });
    assert.equal(done.statusCode, 302);
    assert.equal(done.headers.location, '/sign-in');
    assert.match((await client.get('/sign-in')).body, /Your account is ready/);
    const signIn = await client.post('/sign-in', { email: 'new.person@example.test', password: 'violet harbour compass' });
    assert.equal(signIn.headers.location, '/inspections');
    assert.match((await client.get('/account')).body, /Nova Person/);

    const reused = await new TestClient(t.app).get(invitation.path);
    assert.equal(reused.statusCode, 404);
    assert.match(reused.body, /This invitation link cannot be used/);
  });

  test('an expired or made-up invitation link gets a friendly page', async () => {
    const invitation = await inviteUser(t.db.kysely, { email: 'late@example.test', displayName: 'Late Person', organisation: 'ofsted' }, null, {
      now: new Date(Date.now() - 8 * 24 * 60 * 60_000),
    });
    const client = new TestClient(t.app);
    for (const path of [invitation.path, '/invite/made-up-token']) {
      const response = await client.get(path);
      assert.equal(response.statusCode, 404);
      assert.match(response.body, /The link may have expired/);
    }
    const post = await client.post(invitation.path, { displayName: 'x', password: 'violet harbour compass', confirmPassword: 'violet harbour compass' }, { formPage: '/sign-in' });
    assert.equal(post.statusCode, 404);
  });
});

describeEachDatabase('your account', (kind) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp(kind, { signInRateLimitPerMinute: 1000 });
  });
  after(async () => {
    await t.close();
  });

  test('the account page shows your details and roles', async () => {
    const client = new TestClient(t.app);
    const user = await signInAs(client, t.db, { organisation: 'local_area', areaRole: { laCode: '202', role: 'nominated_officer' } });
    const page = await client.get('/account');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(user.displayName));
    assert.match(page.body, /Local area partnership/);
    assert.match(page.body, /Camden/);
    assert.match(page.body, /Nominated officer/);
    assert.match(page.body, /Not set up/);
  });

  test('changing your password needs the current one and a good new one, and signs out other sessions', async () => {
    const client = new TestClient(t.app);
    const user = await signInAs(client, t.db, { organisation: 'ofsted' });
    const elsewhere = new TestClient(t.app);
    await elsewhere.post('/sign-in', { email: user.email, password: user.password });
    assert.equal((await elsewhere.get('/account')).statusCode, 200);

    const wrongCurrent = await client.post('/account/password', { currentPassword: 'nope nope nope', newPassword: 'amber lighthouse violin', confirmPassword: 'amber lighthouse violin' });
    assert.match(wrongCurrent.body, /Your current password is not correct/);
    const weak = await client.post('/account/password', { currentPassword: user.password, newPassword: 'password123456', confirmPassword: 'password123456' });
    assert.match(weak.body, /Password is too easy to guess/);
    const mismatch = await client.post('/account/password', { currentPassword: user.password, newPassword: 'amber lighthouse violin', confirmPassword: 'amber lighthouse' });
    assert.match(mismatch.body, /The new passwords do not match/);

    const done = await client.post('/account/password', { currentPassword: user.password, newPassword: 'amber lighthouse violin', confirmPassword: 'amber lighthouse violin' });
    assert.equal(done.statusCode, 302);
    assert.equal(done.headers.location, '/account');
    const account = await client.get('/account');
    assert.equal(account.statusCode, 200, 'this browser stays signed in');
    assert.match(account.body, /Your password has been changed/);
    assert.equal((await elsewhere.get('/account')).statusCode, 302, 'the other browser is signed out');

    const again = new TestClient(t.app);
    assert.match((await again.post('/sign-in', { email: user.email, password: user.password })).body, new RegExp(GENERIC));
    assert.equal((await again.post('/sign-in', { email: user.email, password: 'amber lighthouse violin' })).headers.location, '/inspections');
  });

  test('you can set up or replace your authenticator app from your account', async () => {
    const client = new TestClient(t.app);
    const user = await signInAs(client, t.db, { organisation: 'cqc' });
    const page = await client.get('/account/two-factor');
    assert.match(page.body, /Set up two-factor authentication/);
    const secret = /id="setup-key">([A-Z2-7 ]+)</.exec(page.body)![1].replaceAll(' ', '');
    const done = await client.post('/account/two-factor', { code: generateMfaCode(secret) });
    assert.equal(done.headers.location, '/account');
    assert.match((await client.get('/account')).body, /Two-factor authentication is set up/);
    assert.match((await client.get('/account/two-factor')).body, /Replace your authenticator app/);

    const next = new TestClient(t.app);
    assert.equal((await next.post('/sign-in', { email: user.email, password: user.password })).headers.location, '/sign-in/two-factor');
  });
});

describe('the sign-in rate limit', () => {
  describeEachDatabase('per address', (kind) => {
    test('too many sign-in attempts from one address in a minute are refused', async () => {
      const t = await createTestApp(kind, { signInRateLimitPerMinute: 3 });
      try {
        const client = new TestClient(t.app);
        for (let i = 0; i < 3; i++) assert.equal((await client.post('/sign-in', { email: 'a@example.test', password: 'wrong wrong wrong' })).statusCode, 200);
        const refused = await client.post('/sign-in', { email: 'a@example.test', password: 'wrong wrong wrong' });
        assert.equal(refused.statusCode, 429);
        assert.equal((await client.get('/sign-in')).statusCode, 200, 'the page itself is not limited');
      } finally {
        await t.close();
      }
    });
  });
});
