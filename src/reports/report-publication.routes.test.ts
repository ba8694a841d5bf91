// HTTP tests of the report's last pages on PGlite and PostgreSQL: who may send for the factual
// accuracy check, sign off, publish and correct; errors shown with the typing kept; and each step
// carried out through its page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getInspection } from '../inspections/inspection.service.ts';
import { signedInClient } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, type TestApp, type TestClient } from '../platform/web/test-app.ts';
import { addComment } from './report-comment.service.ts';
import { completeFactualAccuracyCheck, createReportFixture, signOffByBothLeads, type ReportFixture } from './report-publication-test-support.ts';

function decode(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** The error summary's items as 'href message'. */
function errorSummary(html: string): string[] {
  const start = html.indexOf('govuk-error-summary__list');
  if (start < 0) return [];
  const list = html.slice(start, html.indexOf('</ul>', start));
  return [...list.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${decode(m[2]!)}`);
}

type Clients = Record<'lead' | 'cqcLead' | 'inspector' | 'qaReader' | 'officer', TestClient>;

describeEachDatabase('report sign-off and publication pages', (kind) => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp(kind);
  });
  after(async () => {
    await t.close();
  });

  async function withClients(fixture: ReportFixture): Promise<Clients> {
    return {
      lead: await signedInClient(t.app, fixture.lead),
      cqcLead: await signedInClient(t.app, fixture.cqcLead),
      inspector: await signedInClient(t.app, fixture.inspector),
      qaReader: await signedInClient(t.app, fixture.qaReader),
      officer: await signedInClient(t.app, fixture.officer),
    };
  }

  const statusOf = async (id: string) => (await getInspection(t.db.kysely, id))!.inspection.status;

  test('the QA reader sends the draft for the factual accuracy check; errors keep what was typed', async () => {
    const fixture = await createReportFixture(t.db);
    const id = fixture.inspectionId;
    const clients = await withClients(fixture);
    const page = `/inspections/${id}/report/send-for-factual-accuracy`;
    for (const who of ['lead', 'inspector', 'officer'] as const) assert.equal((await clients[who].get(page)).statusCode, 403, who);
    assert.equal((await clients.lead.post(page, { workingDays: '5' }, { formPage: `/inspections/${id}` })).statusCode, 403);

    // An open QA comment: the page says what is missing and offers no form.
    await addComment(t.db.kysely, id, 'quality_assurance', 'experience.1', { body: 'Which survey?', shownVersion: 1 }, fixture.qaReaderActor);
    const blocked = await clients.qaReader.get(page);
    assert.equal(blocked.statusCode, 200);
    assert.match(blocked.body, /Before you send the draft/);
    assert.match(blocked.body, /Resolve 1 quality assurance comment/);
    assert.doesNotMatch(blocked.body, /name="workingDays"/);
    const refused = await clients.qaReader.post(page, { workingDays: '5' });
    assert.deepEqual(errorSummary(refused.body), ['#missing The draft cannot be sent to the local area yet']);
    await t.db.kysely.updateTable('report_comment').set({ status: 'resolved', responded_at: new Date(), responded_by_label: 'test' }).where('inspection_id', '=', id).execute();

    const form = await clients.qaReader.get(page);
    assert.match(form.body, /name="workingDays"[^>]*value="5"/);
    assert.match(form.body, /Version 1 of the draft will be sent/);
    const wrong = await clients.qaReader.post(page, { workingDays: 'five' });
    assert.deepEqual(errorSummary(wrong.body), ['#workingDays The number of working days must be a whole number, like 5']);
    assert.match(wrong.body, /name="workingDays"[^>]*value="five"/);
    const tooMany = await clients.qaReader.post(page, { workingDays: '25' });
    assert.deepEqual(errorSummary(tooMany.body), ['#workingDays The number of working days must be from 1 to 20']);
    assert.equal(await statusOf(id), 'quality_assurance');

    const sent = await clients.qaReader.post(page, { workingDays: '3' });
    assert.equal(sent.statusCode, 302);
    assert.equal(sent.headers.location, `/inspections/${id}/report`);
    assert.equal(await statusOf(id), 'factual_accuracy');
    const report = await t.db.kysely.selectFrom('report').select(['factual_accuracy_version', 'factual_accuracy_deadline']).where('inspection_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(report.factual_accuracy_version, 1);
    assert.ok(report.factual_accuracy_deadline);
    // Once sent, the QA reader's page is closed.
    assert.equal((await clients.qaReader.get(page)).statusCode, 403);
  });

  test('each lead signs off the report as it reads; a page opened before a change signs nothing', async () => {
    const fixture = await createReportFixture(t.db, '202');
    const id = fixture.inspectionId;
    await completeFactualAccuracyCheck(t.db, fixture);
    const clients = await withClients(fixture);
    const page = `/inspections/${id}/report/sign-off`;
    for (const who of ['inspector', 'qaReader', 'officer'] as const) assert.equal((await clients[who].get(page)).statusCode, 403, who);

    const shown = await clients.cqcLead.get(page);
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /Not signed off/);
    assert.match(shown.body, /As the CQC lead inspector, you confirm/);
    const hash = /name="documentHash" value="([0-9a-f]{64})"/.exec(shown.body)?.[1];
    assert.ok(hash);

    const tampered = await clients.cqcLead.post(page, { documentHash: 'f'.repeat(64) });
    assert.equal(tampered.statusCode, 200);
    assert.deepEqual(errorSummary(tampered.body), ['#missing The report has changed since you opened this page. Read it again, then sign it off']);

    const signed = await clients.cqcLead.post(page, { documentHash: hash });
    assert.equal(signed.statusCode, 302);
    const again = await clients.cqcLead.get(page);
    assert.match(again.body, /You signed off this report on/);
    assert.doesNotMatch(again.body, /name="documentHash"/);
    const row = await t.db.kysely.selectFrom('report_sign_off').select(['role', 'user_id', 'version_number', 'document_hash']).where('inspection_id', '=', id).execute();
    assert.deepEqual(row, [{ role: 'cqc_lead', user_id: fixture.cqcLead.userId, version_number: 1, document_hash: hash }]);
  });

  test('the Ofsted lead publishes now after confirming, or at a time in England, and may cancel a schedule', async () => {
    const fixture = await createReportFixture(t.db, '353');
    const id = fixture.inspectionId;
    await completeFactualAccuracyCheck(t.db, fixture);
    const clients = await withClients(fixture);
    const page = `/inspections/${id}/report/publish`;
    for (const who of ['cqcLead', 'inspector', 'qaReader', 'officer'] as const) assert.equal((await clients[who].get(page)).statusCode, 403, who);

    // Without the sign-offs: the page says what is missing and offers no form; a post is refused.
    const waiting = await clients.lead.get(page);
    assert.match(waiting.body, /Before the report can be published/);
    assert.match(waiting.body, /The Ofsted lead has not signed off/);
    assert.match(waiting.body, /The CQC lead has not signed off/);
    assert.doesNotMatch(waiting.body, /name="when"/);
    const refused = await clients.lead.post(page, { when: 'now', confirm: 'yes' });
    assert.deepEqual(errorSummary(refused.body), ['#missing Both the Ofsted lead and the CQC lead must sign off the report before it is published']);
    assert.equal(await statusOf(id), 'factual_accuracy');

    await signOffByBothLeads(t.db, fixture);
    const form = await clients.lead.get(page);
    assert.match(form.body, /name="when"/);
    assert.deepEqual(errorSummary((await clients.lead.post(page, {})).body), ['#when Select when to publish the report']);
    const badDate = await clients.lead.post(page, { when: 'at', 'publishAt-day': '31', 'publishAt-month': '2', 'publishAt-year': '2027', 'publishAt-time': '9am' });
    assert.deepEqual(errorSummary(badDate.body), ['#publishAt-day Publication date must be a real date']);
    assert.match(badDate.body, /name="publishAt-time"[^>]*value="9am"/);
    const noTime = await clients.lead.post(page, { when: 'at', 'publishAt-day': '1', 'publishAt-month': '3', 'publishAt-year': '2027', 'publishAt-time': '' });
    assert.deepEqual(errorSummary(noTime.body), ['#publishAt-time Enter the publication time']);
    const past = await clients.lead.post(page, { when: 'at', 'publishAt-day': '1', 'publishAt-month': '1', 'publishAt-year': '2020', 'publishAt-time': '09:00' });
    assert.deepEqual(errorSummary(past.body), ['#publishAt-day The publication time must be in the future']);

    // At a time: 9:30am in England, in summer time, is 8:30 UTC.
    const year = new Date().getUTCFullYear() + 1;
    const scheduled = await clients.lead.post(page, { when: 'at', 'publishAt-day': '15', 'publishAt-month': '6', 'publishAt-year': String(year), 'publishAt-time': '9:30am' });
    assert.equal(scheduled.statusCode, 302, errorSummary(scheduled.body).join());
    const report = await t.db.kysely.selectFrom('report').select(['scheduled_for', 'scheduled_by']).where('inspection_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(new Date(report.scheduled_for!).toISOString(), `${year}-06-15T08:30:00.000Z`);
    assert.equal(report.scheduled_by, fixture.lead.userId);
    const showing = await clients.lead.get(page);
    assert.match(showing.body, new RegExp(`scheduled to be published on 15 June ${year} at 9:30am`));
    assert.equal(await t.db.kysely.selectFrom('report_publication').select('id').where('inspection_id', '=', id).executeTakeFirst(), undefined, 'nothing published yet');
    const cancelled = await clients.lead.post(`${page}/cancel`, {}, { formPage: page });
    assert.equal(cancelled.statusCode, 302);
    assert.equal((await t.db.kysely.selectFrom('report').select('scheduled_for').where('inspection_id', '=', id).executeTakeFirstOrThrow()).scheduled_for, null);

    // Now: a confirmation page first.
    const confirm = await clients.lead.post(page, { when: 'now' });
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Publish the report now\?/);
    assert.equal(await statusOf(id), 'factual_accuracy');
    const published = await clients.lead.post(page, { when: 'now', confirm: 'yes' }, { formPage: page });
    assert.equal(published.statusCode, 302);
    assert.equal(await statusOf(id), 'published');
    assert.equal((await clients.lead.get(page)).statusCode, 403, 'the page is closed once published');
  });

  test('the Ofsted lead publishes a correction with a note; errors keep the corrected text', async () => {
    const fixture = await createReportFixture(t.db, '354');
    const id = fixture.inspectionId;
    await completeFactualAccuracyCheck(t.db, fixture);
    await signOffByBothLeads(t.db, fixture);
    const clients = await withClients(fixture);
    const page = `/inspections/${id}/report/corrections/new`;
    assert.equal((await clients.lead.get(page)).statusCode, 403, 'not before publication');
    await clients.lead.post(`/inspections/${id}/report/publish`, { when: 'now', confirm: 'yes' });
    assert.equal(await statusOf(id), 'published');
    for (const who of ['cqcLead', 'inspector', 'officer'] as const) assert.equal((await clients[who].get(page)).statusCode, 403, who);

    const form = await clients.lead.get(page);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Most children and young people with SEND are happy, safe and well supported\./);
    assert.match(form.body, /- Waiting times for therapies\.\n- The quality of EHC plans\./);

    const typed = { 'section-experience': 'Most children are happy and safe. <script>alert(1)</script>', note: '' };
    const noNote = await clients.lead.post(page, typed);
    assert.deepEqual(errorSummary(noNote.body), ['#note Enter what was corrected and why']);
    assert.match(noNote.body, /Most children are happy and safe\. &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(noNote.body, /<script>alert/);

    const longNote = await clients.lead.post(page, { ...typed, note: 'x'.repeat(1001) });
    assert.deepEqual(errorSummary(longNote.body), ['#note What was corrected and why must be 1,000 characters or fewer']);

    const done = await clients.lead.post(page, {
      'section-about_partnership': 'The council commissions alternative provision from three providers.',
      'section-experience': 'Most children and young people with SEND are happy and safe.',
      'section-do_better': '- Waiting times for therapies.\n- The quality of EHC plans.',
      note: 'Removed “well supported”, which the evidence did not show.',
    });
    assert.equal(done.statusCode, 302, errorSummary(done.body).join());
    const rows = await t.db.kysely.selectFrom('report_publication').select(['sequence', 'correction_note']).where('inspection_id', '=', id).orderBy('sequence').execute();
    assert.deepEqual(rows, [
      { sequence: 1, correction_note: null },
      { sequence: 2, correction_note: 'Removed “well supported”, which the evidence did not show.' },
    ]);
  });
});
