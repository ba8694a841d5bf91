// The public reports site over HTTP on both databases: search with filters and plain errors, a
// report's page with its downloads, summary and corrections, the embargo (404 until the moment),
// caching, and the Atom feed and sitemap listing only what is public.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { createTestUser, signedInClient } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { correctFixtureReport, publishFixtureReport, type FixtureReport } from '../reports/published-report-test-support.ts';

const BASE = 'https://reports.example.test';
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
const canPrint = fs.existsSync(process.env.CHROME_PATH ?? '/usr/bin/chromium');

describeEachDatabase('public reports site', (kind) => {
  let t: TestApp;
  let anonymous: TestClient;
  let manchester: FixtureReport;
  let camden: FixtureReport;
  let norfolk: FixtureReport;
  let embargoed: FixtureReport;

  before(async () => {
    t = await createTestApp(kind, { serviceUrl: BASE });
    anonymous = new TestClient(t.app);
    manchester = await publishFixtureReport(t.db, { laCode: '352', outcome: 'inconsistent', publishedAt: hoursAgo(48) });
    camden = await publishFixtureReport(t.db, {
      laCode: '202',
      outcome: 'positive',
      publishedAt: hoursAgo(24),
      narrative: 'Leaders wrote <script>alert("x")</script> & meant it.',
    });
    norfolk = await publishFixtureReport(t.db, { laCode: '926', frameworkCode: '2016', outcome: 'wsoa_required', publishedAt: new Date('2019-05-01T08:00:00Z') });
    embargoed = await publishFixtureReport(t.db, { laCode: '330', outcome: 'widespread_systemic_failings', publishedAt: new Date(Date.now() + 3_600_000) });
  });

  after(async () => {
    await t.close();
  });

  test('the search page lists what is published, newest first, and may be cached', async () => {
    const page = await anonymous.get('/reports');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-xl">Area SEND inspection reports<\/h1>/);
    assert.match(page.body, /3 reports published/);
    const listed = [...page.body.matchAll(/<a class="govuk-link" href="\/reports\/(send-[^"]+)">/g)].map((m) => m[1]);
    assert.deepEqual(listed, [camden.slug, manchester.slug, norfolk.slug]);
    assert.ok(!page.body.includes(embargoed.slug), 'the embargoed report is not listed');
    assert.ok(!page.body.includes('Birmingham'), 'nor is its area offered');
    assert.equal(page.headers['cache-control'], 'public, max-age=300');
    assert.match(page.body, /Is this page useful\?/);
    assert.match(page.body, /href="\/feedback\/problem\?page=%2Freports"/);
  });

  test('filters narrow the results and are kept in the form', async () => {
    const london = await anonymous.get('/reports?region=London&framework=2023');
    assert.match(london.body, /1 report matches/);
    assert.match(london.body, /href="\/reports\/send-202-/);
    assert.doesNotMatch(london.body, /href="\/reports\/send-352-/);
    assert.match(london.body, /<option value="London" selected>London<\/option>/);
    const older = await anonymous.get('/reports?to-day=31&to-month=12&to-year=2022');
    assert.match(older.body, /1 report matches/);
    assert.match(older.body, /Norfolk/);
    const none = await anonymous.get('/reports?q=nowhere');
    assert.equal(none.statusCode, 200);
    assert.match(none.body, /No reports match/);
    assert.match(none.body, /see every published report/);
  });

  test('a date that does not exist is an error that keeps what was typed', async () => {
    const page = await anonymous.get('/reports?q=camden&region=London&from-day=31&from-month=2&from-year=2027');
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /There is a problem/);
    assert.match(page.body, /<a href="#from-day">Date published from must be a real date<\/a>/);
    assert.match(page.body, /name="from-day" type="text" value="31"/);
    assert.match(page.body, /name="q" type="search" spellcheck="false" value="camden"/);
    assert.match(page.body, /<option value="London" selected>London<\/option>/);
    assert.equal(page.headers['cache-control'], 'no-store');
    const unknownArea = await anonymous.get('/reports?area=330');
    assert.equal(unknownArea.statusCode, 400, 'an area whose only report is embargoed is not a choice');
    assert.match(unknownArea.body, /Choose an area from the list/);
  });

  test('a report page shows the report, its facts, downloads, the family summary link and the feedback question', async () => {
    const page = await anonymous.get(`/reports/${camden.slug}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-xl">Area SEND inspection of Camden Local Area Partnership<\/h1>/);
    assert.match(page.body, /Positive experiences and outcomes/);
    assert.match(page.body, /23 November 2026 to 27 November 2026/);
    assert.match(page.body, new RegExp(`href="/reports/${camden.slug}/report.pdf"`));
    assert.match(page.body, new RegExp(`href="/reports/${camden.slug}/report.docx"`));
    assert.match(page.body, new RegExp(`href="/reports/${camden.slug}/summary"`));
    assert.match(page.body, /Leaders wrote &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; meant it\./);
    assert.ok(!page.body.includes('<script>alert'), 'nothing the report holds is markup');
    assert.doesNotMatch(page.body, /id="corrections"/);
    assert.match(page.body, /<form method="post" action="\/feedback"/);
    assert.equal(page.headers['cache-control'], 'public, max-age=300');
    assert.equal(page.headers.vary, 'Cookie');
  });

  test('a corrected report shows the corrected text and each correction with its date and note', async () => {
    await correctFixtureReport(t.db, manchester, {
      note: 'Corrected the name of the parent carer forum.',
      publishedAt: hoursAgo(1),
      change: (d) => ({ ...d, sections: d.sections.map((s) => (s.code === 'experience' ? { ...s, blocks: [{ type: 'paragraph', text: 'The corrected paragraph.', key: 'experience.1', source: 'narrative' }] } : s)) }),
    });
    const page = await anonymous.get(`/reports/${manchester.slug}`);
    assert.match(page.body, /The corrected paragraph\./);
    assert.doesNotMatch(page.body, /know their area well/);
    assert.match(page.body, /<h2 class="govuk-heading-l" id="corrections">Corrections<\/h2>/);
    assert.match(page.body, /Corrected the name of the parent carer forum\./);
    assert.match(page.body, /see the corrections/);
  });

  test('the family summary has its own page linking back to the report', async () => {
    const page = await anonymous.get(`/reports/${camden.slug}/summary`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /What we found in Camden/);
    assert.match(page.body, new RegExp(`<a class="govuk-link" href="/reports/${camden.slug}">Read the full report</a>`));
  });

  test('before its moment a report is not there at all, and the answer is not cached', async () => {
    for (const path of ['', '/summary', '/report.pdf', '/report.docx']) {
      const page = await anonymous.get(`/reports/${embargoed.slug}${path}`);
      assert.equal(page.statusCode, 404, path);
      assert.match(page.body, /Page not found/);
      assert.equal(page.headers['cache-control'], 'no-store', path);
    }
    assert.equal((await anonymous.get('/reports/send-999-2026-1')).statusCode, 404);
    assert.equal((await anonymous.get('/reports/not-a-report')).statusCode, 404);
  });

  test('the Word document is made once, kept, and named after the area', async () => {
    const first = await anonymous.get(`/reports/${camden.slug}/report.docx`);
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.match(String(first.headers['content-disposition']), /attachment; filename="camden-area-send-inspection-2026.docx"/);
    assert.equal(first.rawPayload.subarray(0, 2).toString(), 'PK');
    const second = await anonymous.get(`/reports/${camden.slug}/report.docx`);
    assert.deepEqual(second.rawPayload, first.rawPayload, 'every reader gets the same file');
    const page = await anonymous.get(`/reports/${camden.slug}`);
    assert.match(page.body, /\(DOCX, \d+ KB\)/, 'its size is shown once it is known');
  });

  test('the PDF is made from the same report', { skip: canPrint ? false : 'Chromium is not installed' }, async () => {
    const pdf = await anonymous.get(`/reports/${norfolk.slug}/report.pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(String(pdf.headers['content-disposition']), /filename="norfolk-area-send-inspection-2019.pdf"/);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  });

  test('signed-in visitors\' pages are never stored by caches', async () => {
    const admin = await createTestUser(t.db, { organisation: 'administration', isAdmin: true });
    const client = await signedInClient(t.app, admin);
    const page = await client.get(`/reports/${camden.slug}`);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'private, no-store');
  });

  test('the Atom feed lists published reports with absolute addresses, never embargoed ones', async () => {
    const feed = await anonymous.get('/reports/feed.atom');
    assert.equal(feed.statusCode, 200);
    assert.equal(feed.headers['content-type'], 'application/atom+xml; charset=utf-8');
    assert.match(feed.body, /^<\?xml version="1.0" encoding="utf-8"\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    const entries = [...feed.body.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => m[1]!);
    const ids = entries.map((e) => /<id>([^<]+)<\/id>/.exec(e)?.[1]);
    // Manchester's correction an hour ago brings it to the top.
    assert.deepEqual(ids, [`${BASE}/reports/${manchester.slug}`, `${BASE}/reports/${camden.slug}`, `${BASE}/reports/${norfolk.slug}`]);
    assert.match(entries[0]!, /Corrected on/);
    assert.ok(!feed.body.includes(embargoed.slug));
  });

  test('the sitemap lists the public pages, each report and its summary, never embargoed ones', async () => {
    const sitemap = await anonymous.get('/sitemap.xml');
    assert.equal(sitemap.statusCode, 200);
    assert.equal(sitemap.headers['content-type'], 'application/xml; charset=utf-8');
    const locs = [...sitemap.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    for (const report of [manchester, camden, norfolk]) {
      assert.ok(locs.includes(`${BASE}/reports/${report.slug}`), report.slug);
      assert.ok(locs.includes(`${BASE}/reports/${report.slug}/summary`), report.slug);
    }
    for (const path of ['/', '/reports', '/open-data']) assert.ok(locs.includes(`${BASE}${path}`), path);
    assert.ok(!sitemap.body.includes(embargoed.slug));
  });

  test('many reports are paged, with the search kept in the page links', async () => {
    for (let i = 0; i < 21; i++) await publishFixtureReport(t.db, { laCode: '340', outcome: 'positive', publishedAt: hoursAgo(100 + i) });
    const first = await anonymous.get('/reports?area=340');
    assert.match(first.body, /21 reports match\. Showing 1 to 20\./);
    assert.match(first.body, /href="\/reports\?area=340&amp;page=2"/);
    const second = await anonymous.get('/reports?area=340&page=2');
    assert.match(second.body, /21 reports match\. Showing 21 to 21\./);
    const beyond = await anonymous.get('/reports?area=340&page=9');
    assert.match(beyond.body, /There are no results on page 9: there are 2 pages\./);
  });
});
