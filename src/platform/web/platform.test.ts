import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachDatabase } from '../db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from './test-app.ts';

describeEachDatabase('web platform', (kind) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp(kind);
  });
  after(async () => {
    await t.close();
  });

  test('the start page is a GOV.UK page with a CSP nonce and security headers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/' });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<h1 class="govuk-heading-xl">Area SEND inspections<\/h1>/);
    const csp = String(response.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, 'the CSP carries a nonce');
    assert.ok(response.body.includes(`nonce="${nonce}"`), 'inline script uses the nonce');
    assert.equal(response.headers['x-frame-options'], 'SAMEORIGIN');
    assert.equal(response.headers['strict-transport-security'], undefined, 'no HSTS outside production');
    assert.equal(response.headers['set-cookie'], undefined, 'no session cookie for an anonymous visit');
  });

  test('health checks the database; ping and info answer', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/health' });
    assert.equal(health.statusCode, 200);
    assert.deepEqual(health.json().components.database, { status: 'UP', kind });
    assert.equal((await t.app.inject({ method: 'GET', url: '/ping' })).json().status, 'UP');
    assert.equal((await t.app.inject({ method: 'GET', url: '/info' })).json().database, kind);
  });

  test('content pages and a friendly 404', async () => {
    for (const url of ['/accessibility', '/privacy', '/cookies', '/contact']) {
      const response = await t.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, url);
    }
    const missing = await t.app.inject({ method: 'GET', url: '/no-such-page' });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /Page not found/);
  });

  test('GOV.UK assets are served, their template sources are not', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/assets/govuk-frontend.min.css' })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/assets/fonts/bold-b542beb274-v2.woff2' })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/assets/app.js' })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/assets/template.njk' })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url: '/assets/index.scss' })).statusCode, 404);
  });

  test('a form post without a valid CSRF token is refused and says why', async () => {
    const client = new TestClient(t.app);
    const response = await client.post('/sign-out', {}, { csrf: 'forged-token' });
    assert.equal(response.statusCode, 403);
    assert.match(response.body, /Your form could not be sent/);
  });

  test('every route declares a permission', () => {
    assert.ok(t.app.routeRegistry.length > 5);
    for (const route of t.app.routeRegistry) assert.ok(route.permission, `${route.method} ${route.url}`);
  });
});
