// Page feedback over HTTP on both databases: "Is this page useful?" from a real page, a problem
// report, and what is refused (the honeypot quietly, too fast, links and script with the text kept,
// other sites, too many posts); then the administrators' triage queue, audited.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createTestUser, signedInClient } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { publishFixtureReport, type FixtureReport } from '../reports/published-report-test-support.ts';
import { MIN_SECONDS_BEFORE_SENDING, feedbackFormToken, feedbackKey } from './page-feedback.ts';
import { recordFeedback } from './page-feedback.service.ts';

const POSTS_PER_MINUTE = 5;

/** Each test posts from its own address, so only the rate limit's own test meets the limit. */
function newAddress(): string {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${c}`;
}

describeEachDatabase('page feedback', (kind) => {
  let t: TestApp;
  let report: FixtureReport;
  let oldToken: () => string;

  before(async () => {
    t = await createTestApp(kind, { feedbackPostsPerMinute: POSTS_PER_MINUTE });
    report = await publishFixtureReport(t.db, { laCode: '202', publishedAt: new Date(Date.now() - 3_600_000) });
    const key = feedbackKey(t.config.sessionSecret);
    oldToken = () => feedbackFormToken(key, new Date(Date.now() - 10_000));
  });

  after(async () => {
    await t.close();
  });

  function post(fields: Record<string, string>, options: { address?: string; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
    return t.app.inject({
      method: 'POST',
      url: '/feedback',
      remoteAddress: options.address ?? newAddress(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
      payload: new URLSearchParams(fields).toString(),
    });
  }

  const stored = () => t.db.kysely.selectFrom('page_feedback').selectAll().orderBy('created_at').execute();
  const storedFor = async (page: string) => (await stored()).filter((f) => f.page_path === page);

  test('"Yes" on a report page is kept with no account, no session and no cookie', async () => {
    const page = await new TestClient(t.app).get(`/reports/${report.slug}`);
    assert.equal(page.headers['set-cookie'], undefined, 'a public page starts no session');
    const form = /<form method="post" action="\/feedback"[\s\S]*?<\/form>/.exec(page.body)![0];
    const hidden = Object.fromEntries([...form.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
    assert.deepEqual(Object.keys(hidden).sort(), ['formToken', 'page']);
    assert.equal(hidden.page, `/reports/${report.slug}`);
    // A person reads the page before answering.
    await sleep(MIN_SECONDS_BEFORE_SENDING * 1000 + 100);
    const sent = await post({ ...hidden, website: '', kind: 'useful' });
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `/feedback/thanks?page=${encodeURIComponent(`/reports/${report.slug}`)}&kind=useful`);
    const rows = await storedFor(`/reports/${report.slug}`);
    assert.deepEqual(
      rows.map((r) => [r.kind, r.status, r.what_doing, r.what_wrong]),
      [['useful', 'new', '', '']],
    );
    const thanks = await new TestClient(t.app).get(String(sent.headers.location));
    assert.match(thanks.body, /Thank you for your feedback/);
    assert.match(thanks.body, new RegExp(`href="/reports/${report.slug}">Go back to the page you were on`));
    assert.doesNotMatch(thanks.body, /report a problem with this page/);
  });

  test('"No" thanks the reader and offers to report a problem', async () => {
    const sent = await post({ page: '/reports', kind: 'not_useful', formToken: oldToken(), website: '' });
    assert.equal(sent.statusCode, 303);
    const thanks = await new TestClient(t.app).get(String(sent.headers.location));
    assert.match(thanks.body, /<a class="govuk-link" href="\/feedback\/problem\?page=%2Freports">report a problem with this page<\/a>/);
    assert.equal((await storedFor('/reports')).filter((r) => r.kind === 'not_useful').length, 1);
  });

  test('a problem is reported from its own page, which works without JavaScript', async () => {
    const page = await new TestClient(t.app).get(`/feedback/problem?page=${encodeURIComponent('/reports?region=London')}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /What were you doing\?/);
    assert.match(page.body, /What went wrong\?/);
    assert.equal(page.headers['cache-control'], 'no-store');
    const sent = await post({ page: '/reports?region=London', kind: 'problem', formToken: oldToken(), website: '', whatDoing: 'Looking for London', whatWrong: 'The region filter\r\nforgot my choice' });
    assert.equal(sent.statusCode, 303);
    const [row] = await storedFor('/reports?region=London');
    assert.equal(row?.kind, 'problem');
    assert.equal(row?.what_doing, 'Looking for London');
    assert.equal(row?.what_wrong, 'The region filter\nforgot my choice');
    const elsewhere = await new TestClient(t.app).get('/feedback/problem?page=https%3A%2F%2Fevil.example');
    assert.equal(elsewhere.statusCode, 200);
    assert.match(elsewhere.body, /<input type="hidden" name="page" value="\/">/, 'a page not on this site becomes the service as a whole');
  });

  test('software that fills in the hidden field is thanked, and nothing is kept', async () => {
    const before = (await stored()).length;
    const sent = await post({ page: '/reports', kind: 'problem', formToken: oldToken(), website: 'http://spam.example', whatWrong: 'Buy now' });
    assert.equal(sent.statusCode, 303);
    assert.match(String(sent.headers.location), /^\/feedback\/thanks\?/);
    assert.equal((await stored()).length, before);
  });

  test('a form sent straight after it was shown is refused, with what was typed kept', async () => {
    const before = (await stored()).length;
    const fresh = feedbackFormToken(feedbackKey(t.config.sessionSecret), new Date());
    const sent = await post({ page: '/reports', kind: 'problem', formToken: fresh, website: '', whatDoing: 'Reading', whatWrong: 'Too quick' });
    assert.equal(sent.statusCode, 400);
    assert.match(sent.body, /There is a problem/);
    assert.match(sent.body, /sent very quickly after the page opened/);
    assert.match(sent.body, /Too quick<\/textarea>/);
    assert.equal((await stored()).length, before);
    const forged = await post({ page: '/reports', kind: 'useful', formToken: '1.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', website: '' });
    assert.equal(forged.statusCode, 400);
    assert.match(forged.body, /could not be checked/);
    assert.equal((await stored()).length, before);
  });

  test('script or a web address in a problem report is refused with a clear message, the text kept and shown as text', async () => {
    const before = (await stored()).length;
    const script = await post({ page: '/reports', kind: 'problem', formToken: oldToken(), website: '', whatDoing: 'Reading', whatWrong: '<script>alert("x")</script>' });
    assert.equal(script.statusCode, 400);
    assert.match(script.body, /<a href="#whatWrong">Remove the web address or code from ‘What went wrong’<\/a>/);
    assert.match(script.body, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;<\/textarea>/);
    assert.ok(!script.body.includes('<script>alert'), 'never rendered as markup');
    const link = await post({ page: '/reports', kind: 'problem', formToken: oldToken(), website: '', whatDoing: 'see https://spam.example', whatWrong: 'x' });
    assert.equal(link.statusCode, 400);
    assert.match(link.body, /Remove the web address or code from ‘What you were doing’/);
    const long = await post({ page: '/reports', kind: 'problem', formToken: oldToken(), website: '', whatWrong: 'x'.repeat(1201) });
    assert.match(long.body, /What went wrong must be 1,200 characters or fewer/);
    const empty = await post({ page: '/reports', kind: 'problem', formToken: oldToken(), website: '' });
    assert.match(empty.body, /Enter what went wrong/);
    assert.equal((await stored()).length, before);
  });

  test('a page not on this site, a made-up kind, or a post from another site is refused', async () => {
    const before = (await stored()).length;
    for (const page of ['https://evil.example/', '//evil.example', '', 'reports']) {
      const sent = await post({ page, kind: 'useful', formToken: oldToken(), website: '' });
      assert.equal(sent.statusCode, 400, page);
      assert.match(sent.body, /Your feedback could not be sent/);
    }
    assert.equal((await post({ page: '/reports', kind: 'love', formToken: oldToken(), website: '' })).statusCode, 400);
    const crossOrigin = await post({ page: '/reports', kind: 'useful', formToken: oldToken(), website: '' }, { headers: { origin: 'https://evil.example' } });
    assert.equal(crossOrigin.statusCode, 403);
    const crossSite = await post({ page: '/reports', kind: 'useful', formToken: oldToken(), website: '' }, { headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(crossSite.statusCode, 403);
    assert.equal((await stored()).length, before);
    const sameOrigin = await post({ page: '/reports', kind: 'useful', formToken: oldToken(), website: '' }, { headers: { origin: 'http://localhost', host: 'localhost:80', 'sec-fetch-site': 'same-origin' } });
    assert.equal(sameOrigin.statusCode, 303);
  });

  test('too many posts from one address are answered 429 with a page', async () => {
    const address = newAddress();
    for (let i = 0; i < POSTS_PER_MINUTE; i++) {
      assert.equal((await post({ page: '/', kind: 'useful', formToken: oldToken(), website: '' }, { address })).statusCode, 303);
    }
    const refused = await post({ page: '/', kind: 'useful', formToken: oldToken(), website: '' }, { address });
    assert.equal(refused.statusCode, 429);
    assert.match(refused.headers['content-type'] as string, /text\/html/);
    assert.match(refused.body, /Too many attempts/);
    assert.equal((await post({ page: '/', kind: 'useful', formToken: oldToken(), website: '' })).statusCode, 303, 'another address is not affected');
  });

  test('administrators triage feedback by status; the change is audited; others cannot see the queue', async () => {
    const item = await recordFeedback(t.db.kysely, { pagePath: '/reports', kind: 'problem', whatDoing: 'Tom & "Jerry"', whatWrong: '<b>stored before the rules</b>' });
    const admin = await createTestUser(t.db, { organisation: 'administration', isAdmin: true });
    const client = await signedInClient(t.app, admin);
    const queue = await client.get('/admin/feedback');
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /New \(\d+\)/);
    assert.match(queue.body, /Tom &amp; &quot;Jerry&quot;/);
    assert.match(queue.body, /&lt;b&gt;stored before the rules&lt;\/b&gt;/);
    assert.match(queue.body, new RegExp(`href="/admin/feedback/${item.id}"`));
    const audit = await client.get('/admin/audit');
    assert.match(audit.body, /<a class="govuk-service-navigation__link" href="\/admin\/feedback">\s*Page feedback/, 'the queue is in the administrators\' navigation');

    const refused = await client.post(`/admin/feedback/${item.id}`, { status: 'gone', note: '' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Choose a status/);

    const saved = await client.post(`/admin/feedback/${item.id}`, { status: 'resolved', note: 'Fixed the filter.' });
    assert.equal(saved.statusCode, 302);
    assert.equal(saved.headers.location, '/admin/feedback?status=new');
    const row = await t.db.kysely.selectFrom('page_feedback').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'resolved');
    assert.equal(row.triage_note, 'Fixed the filter.');
    assert.equal(row.triaged_by, admin.userId);
    const audited = await t.db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'feedback.triage').where('subject_id', '=', item.id).execute();
    assert.equal(audited.length, 1);
    assert.equal(audited[0]?.actor_user_id, admin.userId);
    assert.deepEqual(audited[0]?.details, { page: '/reports', from: 'new', to: 'resolved', noteChanged: true });
    const resolved = await client.get('/admin/feedback?status=resolved');
    assert.match(resolved.body, /Fixed the filter\./);
    assert.match(resolved.body, /aria-current="page">Resolved \(1\)/);

    assert.equal((await client.get('/admin/feedback/00000000-0000-0000-0000-000000000000')).statusCode, 404);
    const inspector = await signedInClient(t.app, await createTestUser(t.db, { organisation: 'ofsted' }));
    assert.equal((await inspector.get('/admin/feedback')).statusCode, 403);
    assert.equal((await inspector.post(`/admin/feedback/${item.id}`, { status: 'spam', note: '' }, { formPage: '/reports' })).statusCode, 403);
    const signedOut = await new TestClient(t.app).get('/admin/feedback');
    assert.equal(signedOut.statusCode, 302);
    assert.equal(signedOut.headers.location, '/sign-in');
  });
});
