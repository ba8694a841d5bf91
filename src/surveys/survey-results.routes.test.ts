// HTTP tests of the survey results pages on PGlite and PostgreSQL: full results with intervals and
// breakdowns, suppression in what the local area sees, correcting themes, sharing, the PDF.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signInAs, signInWithPassword } from '../platform/auth/test-users.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { createTestApp, TestClient, type TestApp } from '../platform/web/test-app.ts';
import { shareSummary } from './survey-results.service.ts';
import { closeSurveyNow, submitResponse, type Survey } from './survey.service.ts';
import { createSurveyFixture, openWithLink, type SurveyFixture } from './survey-test-support.ts';
import { newClientKey, type Answers } from './survey.ts';
import { pdfTestSkipReason } from '../platform/render/pdf-test-support.ts';

/** The 95% Wilson interval, worked out here independently of the analysis, in whole percentages. */
function wilson(count: number, base: number): string {
  const z = 1.959964;
  const p = count / base;
  const centre = (p + (z * z) / (2 * base)) / (1 + (z * z) / base);
  const half = (z / (1 + (z * z) / base)) * Math.sqrt((p * (1 - p)) / base + (z * z) / (4 * base * base));
  // The analysis keeps one decimal place; pages show whole percentages of that.
  const whole = (x: number) => Math.round(Math.round(x * 1000) / 10);
  return `${whole(centre - half)}% to ${whole(centre + half)}%`;
}

function decode(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** One question's section of a results or summary page. */
function section(html: string, questionId: string): string {
  const start = html.indexOf(`id="question-${questionId}"`);
  assert.ok(start >= 0, `no section for ${questionId}`);
  return html.slice(start, html.indexOf('</section>', start));
}

/** The rows of the first table in some HTML, as trimmed cell texts. */
function tableRows(html: string): string[][] {
  const body = html.slice(html.indexOf('<tbody'), html.indexOf('</tbody>'));
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => decode(cell[1]!.replace(/<[^>]+>/g, '').trim())),
  );
}

/** The figures printed at the ends of a chart's bars. */
function chartFigures(html: string): string[] {
  const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
  return [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+">(\d+%)<\/text>/g)].map((m) => m[1]!);
}

/** Page text without markup, scripts or dates: what a reader sees, minus the calendar. */
function visibleText(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return decode(main.replace(/<svg[\s\S]*?<\/svg>/g, (svg) => ` ${svg.replace(/<title[\s\S]*?<\/title>|<desc[\s\S]*?<\/desc>/g, '')} `).replace(/<[^>]+>/g, ' '))
    .replace(/\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/g, ' ')
    .replace(/\s+/g, ' ');
}

const PARENT_BASE: Answers = { respondent_role: 'parent', age_phase: 'age_5_10', overall_rating: 'good', right_help_right_time: 'agree' };

describeEachDatabase('survey results pages', (kind) => {
  let t: TestApp;
  let fixture: SurveyFixture;
  let parents: Survey;
  let lead: TestClient;
  let inspector: TestClient;
  let officer: TestClient;

  async function respond(survey: Survey, channelId: string | null, answers: Answers): Promise<number> {
    const result = await submitResponse(t.db.kysely, survey, { surveyId: survey.id, channelId, language: 'en', answers, idempotencyKey: newClientKey(), source: 'api', keySecret: fixture.keySecret });
    assert.equal(result.outcome, 'stored', JSON.stringify(result));
    return (result as { responseId: number }).responseId;
  }

  const path = (audience: string, rest: string) => `/inspections/${fixture.inspectionId}/surveys/${audience}${rest}`;

  before(async () => {
    t = await createTestApp(kind);
    fixture = await createSurveyFixture(t.db);
    // The local area sees an inspection once it has been notified.
    await t.db.kysely.updateTable('inspection').set({ status: 'notified' }).where('id', '=', fixture.inspectionId).execute();
    lead = new TestClient(t.app);
    await signInWithPassword(lead, fixture.lead.email, fixture.lead.password);
    inspector = new TestClient(t.app);
    await signInAs(inspector, t.db, { organisation: 'ofsted', teamRole: { inspectionId: fixture.inspectionId, role: 'inspector' } });
    officer = new TestClient(t.app);
    await signInAs(officer, t.db, { organisation: 'local_area', areaRole: { laCode: '352', role: 'nominated_officer' } });

    const opened = await openWithLink(t.db, fixture, 'parents_carers');
    parents = opened.survey;
    // 30 parents: 12 agree, 9 strongly agree, 6 disagree, 3 neither that needs were identified early;
    // 20 with an EHC plan and 10 with SEN support.
    const early = [...Array(12).fill('agree'), ...Array(9).fill('strongly_agree'), ...Array(6).fill('disagree'), ...Array(3).fill('neither')];
    for (let i = 0; i < 30; i++) {
      await respond(parents, opened.channel.id, {
        ...PARENT_BASE,
        support_level: i % 3 === 2 ? 'sen_support' : 'ehc_plan',
        needs_identified_early: early[i]!,
        ...(i < 4 ? { what_could_be_better: 'We waited eighteen months for the EHC needs assessment and nobody answered our emails to jo.bloggs@example.com.' } : {}),
      });
    }
  });
  after(async () => {
    await t.close();
  });

  test("the results page shows counts, percentages and intervals, and the chart's figures equal the table's", async () => {
    const page = await inspector.get(path('parents-carers', '/results'));
    assert.equal(page.statusCode, 200);
    const html = section(page.body, 'needs_identified_early');
    assert.match(html, /Answered by 30 of 30 respondents\./);
    const rows = tableRows(html);
    assert.deepEqual(rows.find((r) => r[0] === 'Agree'), ['Agree', '12', '40%', wilson(12, 30)]);
    assert.deepEqual(rows.find((r) => r[0] === 'Strongly agree'), ['Strongly agree', '9', '30%', wilson(9, 30)]);
    assert.deepEqual(chartFigures(html), rows.map((r) => r[2]));
    assert.match(html, /role="img"/);
    assert.match(page.body, /Recalculate/);

    const audit = await t.db.kysely.selectFrom('audit_event').select('details').where('action', '=', 'survey.results-viewed').where('subject_id', '=', parents.id).execute();
    assert.deepEqual(audit.at(-1)?.details, { audience: 'parents_carers', page: 'results', breakdownBy: null });
  });

  test('recalculating analyses the survey again and says so', async () => {
    const posted = await inspector.post(path('parents-carers', '/results/recalculate'), {}, { formPage: path('parents-carers', '/results') });
    assert.equal(posted.statusCode, 302);
    assert.equal(posted.headers.location, path('parents-carers', '/results'));
    const page = await inspector.get(path('parents-carers', '/results'));
    assert.match(page.body, /Results recalculated/);
    const audit = await t.db.kysely.selectFrom('audit_event').select('action').where('action', '=', 'survey.results-recalculated').where('subject_id', '=', parents.id).execute();
    assert.equal(audit.length, 1);
  });

  test('a survey nobody has answered has results and a summary that say so', async () => {
    const results = await inspector.get(path('children-young-people', '/results'));
    assert.equal(results.statusCode, 200);
    assert.match(results.body, /Nobody has answered this question yet/);
    const summary = await officer.get(path('children-young-people', '/summary'));
    assert.equal(summary.statusCode, 200);
    assert.match(summary.body, /Fewer than 10 children and young people answered the survey/);
    assert.match(summary.body, /The survey has not opened yet/);
  });

  test('a routed question gives its base and the condition it was asked on', async () => {
    const page = await inspector.get(path('parents-carers', '/results'));
    assert.match(decode(section(page.body, 'plan_accurate')), /asked only if the answer to “Does your child have an education, health and care \(EHC\) plan\?” was “Yes, they have an EHC plan”/);
  });

  test('the results break down by an "about you" question, with group sizes', async () => {
    const page = await inspector.get(path('parents-carers', '/results?by=support_level'));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<option value="support_level" selected>/);
    const html = section(page.body, 'needs_identified_early');
    const tables = html.split('<table').slice(1).map((t) => tableRows(`<table${t}`));
    const breakdown = tables.find((rows) => rows.some((r) => r[0] === 'Yes, they have an EHC plan'));
    assert.ok(breakdown, 'a breakdown table');
    // Of the 20 with a plan (i % 3 != 2), 14 agreed or strongly agreed; of the 10 on SEN support, 7.
    const plan = breakdown.find((r) => r[0] === 'Yes, they have an EHC plan')!;
    const sen = breakdown.find((r) => r[0] === 'No, they get SEN support without a plan')!;
    assert.equal(plan[1], '20');
    assert.equal(sen[1], '10');
    const agreed = (i: number) => i < 21;
    const planAgreeing = [...Array(30).keys()].filter((i) => i % 3 !== 2 && agreed(i)).length;
    assert.equal(plan[2], `${Math.round((planAgreeing / 20) * 100)}%`);
    assert.equal(plan[3], wilson(planAgreeing, 20));
  });

  test('with 9 responses the summary the local area sees shows no figure under 10, while the team sees the 9', async () => {
    const { survey, channel } = await openWithLink(t.db, fixture, 'practitioners');
    for (let i = 0; i < 9; i++) {
      await respond(survey, channel.id, { respondent_role: 'senco', needs_identified: i < 5 ? 'agree' : 'disagree', agencies_work_together: 'agree', what_works_well: 'The speech and language therapy team are brilliant.' });
    }
    const summary = await officer.get(path('practitioners', '/summary'));
    assert.equal(summary.statusCode, 200);
    const text = visibleText(summary.body);
    assert.match(text, /Fewer than 10 practitioners answered the survey/);
    assert.match(text, /Fewer than 10 /);
    const small = text.match(/(?<![\w.])[1-9](?![\d\w])%?/g);
    assert.equal(small, null, `figures under 10 on the area's summary: ${small?.join(', ')} in ${text}`);
    assert.doesNotMatch(summary.body, />\s*[1-9]%?\s*</, 'no small figure in the markup either');

    const audit = await t.db.kysely.selectFrom('audit_event').select('details').where('action', '=', 'survey.summary-viewed').where('subject_id', '=', survey.id).execute();
    assert.deepEqual(audit.map((a) => a.details), [{ audience: 'practitioners', format: 'page' }]);

    const results = await inspector.get(path('practitioners', '/results'));
    assert.equal(results.statusCode, 200);
    const rows = tableRows(section(results.body, 'needs_identified'));
    assert.deepEqual(rows.find((r) => r[0] === 'Agree'), ['Agree', '5', '56%', wilson(5, 9)]);
    assert.match(results.body, /Answered by 9 of 9 respondents/);
  });

  test('a nominated officer can read the summary but not the results or comments', async () => {
    assert.equal((await officer.get(path('parents-carers', '/summary'))).statusCode, 200);
    assert.equal((await officer.get(path('parents-carers', '/results'))).statusCode, 403);
    assert.equal((await officer.get(path('parents-carers', '/comments'))).statusCode, 403);
    assert.equal((await officer.get(`/inspections/${fixture.inspectionId}/surveys/themes`)).statusCode, 403);
  });

  test("correcting a comment's themes changes it in the list and in the results", async () => {
    const list = await inspector.get(path('parents-carers', '/comments?question=what_could_be_better'));
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Showing comments 1 to 4 of 4/);
    assert.doesNotMatch(list.body, /Corrected by an inspector/);
    assert.match(list.body, /nobody answered our emails to/);
    assert.doesNotMatch(list.body, /jo\.bloggs/, 'comments are listed redacted');
    const viewed = await t.db.kysely.selectFrom('audit_event').select('details').where('action', '=', 'survey.results-viewed').where('subject_id', '=', parents.id).execute();
    assert.deepEqual(viewed.at(-1)?.details, { audience: 'parents_carers', page: 'comments', question: 'what_could_be_better', theme: null, pageNumber: 1 });
    const change = /href="([^"]*\/comments\/(\d+)\/what_could_be_better[^"]*)"/.exec(list.body);
    assert.ok(change, 'a "Change themes" link');
    const formPath = decode(change[1]!).split('?')[0]!;

    const form = await inspector.get(decode(change[1]!));
    assert.equal(form.statusCode, 200);
    assert.doesNotMatch(form.body, /jo\.bloggs/, 'the comment to recode is shown redacted');
    assert.match(form.body, /value="TRANSPORT"/);
    const posted = await inspector.post(formPath, { themes: ['TRANSPORT'], question: 'what_could_be_better' }, { formPage: decode(change[1]!) });
    assert.equal(posted.statusCode, 302);
    assert.equal(posted.headers.location, path('parents-carers', '/comments?question=what_could_be_better'));

    const filtered = await inspector.get(path('parents-carers', '/comments?question=what_could_be_better&theme=TRANSPORT'));
    assert.match(filtered.body, /Themes changed/);
    assert.match(filtered.body, /Showing comments 1 to 1 of 1/);
    assert.match(filtered.body, /Corrected by an inspector/);
    assert.match(filtered.body, /Home-to-school and college transport<\/strong> \(chosen by an inspector\)/);

    const results = await inspector.get(path('parents-carers', '/results'));
    const themes = results.body.slice(results.body.indexOf('id="comments-what_could_be_better-heading"'));
    const transport = tableRows(themes).find((r) => r[0] === 'Home-to-school and college transport');
    assert.ok(transport, 'the corrected theme is counted');
    assert.equal(transport[1], '1');
  });

  test('choosing 4 themes is an error and the choices are kept', async () => {
    const list = await inspector.get(path('parents-carers', '/comments'));
    const href = decode(/href="([^"]*\/comments\/\d+\/what_could_be_better)"/.exec(list.body)![1]!);
    const chosen = ['TRANSPORT', 'EHCNA_TIMELINESS', 'COMMUNICATION', 'FAMILY_IMPACT'];
    const posted = await inspector.post(href, { themes: chosen });
    assert.equal(posted.statusCode, 400);
    assert.match(posted.body, /<title>Error: /);
    assert.match(posted.body, /Choose no more than 3 themes/);
    assert.match(posted.body, /href="#themes"/);
    for (const code of chosen) assert.match(posted.body, new RegExp(`value="${code}" checked`));
    const none = await inspector.post(href, {});
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /Choose at least one theme/);
  });

  test('a QA reader reads the comments but cannot change their themes; an unknown comment is not found', async () => {
    const reader = new TestClient(t.app);
    await signInAs(reader, t.db, { organisation: 'ofsted', teamRole: { inspectionId: fixture.inspectionId, role: 'qa_reader' } });
    const list = await reader.get(path('parents-carers', '/comments'));
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /Change themes/);
    const href = decode(/href="([^"]*\/comments\/\d+\/what_could_be_better)"/.exec((await inspector.get(path('parents-carers', '/comments'))).body)![1]!);
    assert.equal((await reader.get(href)).statusCode, 403);
    assert.equal((await inspector.get(path('parents-carers', '/comments/999999999/what_could_be_better'))).statusCode, 404);
    assert.equal((await inspector.get(path('parents-carers', '/comments/1/overall_rating'))).statusCode, 404);
  });

  test('themes across the surveys count comments by audience', async () => {
    const page = await inspector.get(`/inspections/${fixture.inspectionId}/surveys/themes`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Themes across the surveys/);
    assert.match(page.body, /<svg[^>]*role="img"/);
    const rows = tableRows(page.body);
    const transport = rows.find((r) => r[0] === 'Home-to-school and college transport');
    assert.ok(transport);
    // Parents and carers, children and young people, practitioners, then the total.
    assert.deepEqual(transport.slice(1, 5), ['1', '0', '0', '1']);
  });

  test('a shared summary can be read without signing in until sharing stops', async () => {
    const refused = await lead.post(path('parents-carers', '/summary/share'), {}, { formPage: path('parents-carers', '/summary') });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /once the survey has closed/);

    await closeSurveyNow(t.db.kysely, parents.id, fixture.leadActor);
    const summaryPage = await lead.get(path('parents-carers', '/summary'));
    assert.match(summaryPage.body, /Share this summary/);
    const shared = await lead.post(path('parents-carers', '/summary/share'), {}, { formPage: path('parents-carers', '/summary') });
    assert.equal(shared.statusCode, 302);
    const row = await t.db.kysely.selectFrom('survey').select(['summary_token', 'summary_shared_at']).where('id', '=', parents.id).executeTakeFirstOrThrow();
    assert.ok(row.summary_token && row.summary_shared_at);

    const family = new TestClient(t.app);
    const publicPage = await family.get(`/survey-summaries/${row.summary_token}`);
    assert.equal(publicPage.statusCode, 200);
    assert.match(String(publicPage.headers['x-robots-tag']), /noindex/);
    assert.match(publicPage.body, /What parents and carers told us/);
    assert.match(decode(publicPage.body), /% of parents and carers who answered agreed that “my child's needs were identified early enough”/);
    assert.match(publicPage.body, /Fewer than 10 responses/);
    assert.equal((await family.get('/survey-summaries/not-a-real-token-at-all')).statusCode, 404);

    const stopped = await lead.post(path('parents-carers', '/summary/stop-sharing'), {}, { formPage: path('parents-carers', '/summary') });
    assert.equal(stopped.statusCode, 302);
    assert.equal((await family.get(`/survey-summaries/${row.summary_token}`)).statusCode, 404);
    assert.equal((await family.get(`/survey-summaries/${row.summary_token}.pdf`)).statusCode, 404);
    assert.equal((await inspector.post(path('parents-carers', '/summary/share'), {}, { formPage: path('parents-carers', '/summary') })).statusCode, 403);

    const actions = (await t.db.kysely.selectFrom('audit_event').select('action').where('subject_id', '=', parents.id).execute()).map((r) => r.action);
    assert.ok(actions.includes('survey.summary-shared') && actions.includes('survey.summary-unshared'));
  });

  test('the summary is a PDF to download', async (context) => {
    // PDFs are printed by Chromium: without it this test cannot run, and says why (never skipped in CI, which sets REQUIRE_BROWSER_TESTS).
    const skipReason = pdfTestSkipReason(t.config);
    if (skipReason) return context.skip(skipReason);
    const pdf = await officer.get(path('parents-carers', '/summary.pdf'));
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(String(pdf.headers['content-disposition']), /^attachment; filename="manchester-parents-carers-survey-summary\.pdf"$/);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    const audit = await t.db.kysely.selectFrom('audit_event').select('details').where('action', '=', 'survey.summary-viewed').where('subject_id', '=', parents.id).execute();
    assert.ok(audit.some((a) => (a.details as { format?: string }).format === 'pdf'));

    const shared = await shareSummary(t.db.kysely, parents.id, fixture.leadActor);
    const publicPdf = await new TestClient(t.app).get(`/survey-summaries/${shared.summaryToken}.pdf`);
    assert.equal(publicPdf.statusCode, 200);
    assert.match(String(publicPdf.headers['x-robots-tag']), /noindex/);
    assert.equal(publicPdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  });
});

describeEachDatabase('survey summary PDF without Chromium', (kind) => {
  let t: TestApp;
  after(async () => {
    await t.close();
  });

  test('asking for the PDF says it cannot be made, with status 503', async () => {
    t = await createTestApp(kind, { chromePath: '/nonexistent/chromium' });
    const fixture = await createSurveyFixture(t.db);
    const lead = new TestClient(t.app);
    await signInWithPassword(lead, fixture.lead.email, fixture.lead.password);
    const response = await lead.get(`/inspections/${fixture.inspectionId}/surveys/parents-carers/summary.pdf`);
    assert.equal(response.statusCode, 503);
    assert.match(response.body, /The PDF cannot be made at the moment/);
  });
});
