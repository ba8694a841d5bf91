// The public reports site for someone with no account: searching and filtering the published
// reports (by outcome, by area; a date that does not exist is explained, with what was typed kept),
// reading one, the Atom feed and the sitemap, the open data page and its CSV file; then "Is this page
// useful?" → "No" → "Report a problem with this page", where a web address is refused and the text
// kept, and an administrator triages what was sent. Without JavaScript only the feedback forms are
// walked through: the site's pages have no script of their own.
import assert from 'node:assert/strict';
import { answerIsThisPageUseful, fetchFrom } from '../pages/public-common.ts';
import { FeedbackThanksPage, ReportProblemPage } from '../pages/public-feedback-pages.ts';
import { FeedbackQueuePage, FeedbackTriagePage } from '../pages/public-feedback-queue-page.ts';
import { OpenDataPage } from '../pages/public-open-data-page.ts';
import { PublicReportPage } from '../pages/public-report-page.ts';
import { PublicReportsPage } from '../pages/public-reports-page.ts';
import { reportTitle } from '../pages/report-common.ts';
import { signInAs } from '../pages/signed-in.ts';
import { describeJourneys } from '../support/journey.ts';
import { HISTORICAL_REPORTS, HISTORY, seedReportJourneys } from '../support/report-seed.ts';

const [CAMDEN, LEEDS, BIRMINGHAM] = HISTORICAL_REPORTS as [(typeof HISTORICAL_REPORTS)[number], (typeof HISTORICAL_REPORTS)[number], (typeof HISTORICAL_REPORTS)[number]];
const FINDINGS_PUBLISHED = HISTORY.inspections.reduce((n, i) => n + (i.findings?.length ?? 0), 0);

describeJourneys('the public reports site', { seed: seedReportJourneys({ history: true }) }, (journey) => {
  journey('a visitor finds and reads reports and the open data, reports a problem with a page, and an administrator resolves it', async (visitor) => {
    const people = visitor.server.seeded;
    const run = visitor.javaScript ? 'with JavaScript' : 'without JavaScript';

    if (visitor.javaScript) {
      let reports = await PublicReportsPage.open(visitor);
      assert.equal(await reports.signedInAs(), null, 'nobody is signed in');
      assert.equal(await reports.resultText(), '3 reports published');
      assert.deepEqual(
        (await reports.results()).map((r) => r.area),
        [LEEDS.areaName, CAMDEN.areaName, BIRMINGHAM.areaName],
        'the most recently published first',
      );

      // Narrowed by outcome.
      await reports.search({ outcome: LEEDS.outcomeLabel });
      reports = await new PublicReportsPage(visitor).arrived();
      assert.equal(await reports.resultText(), '1 report matches');
      const [failings] = await reports.results();
      assert.equal(failings?.area, LEEDS.areaName);
      assert.equal(failings?.facts.Outcome, LEEDS.outcomeLabel);
      assert.equal(failings?.facts.Region, LEEDS.region);

      // By area instead.
      await reports.search({ outcome: '', area: CAMDEN.areaName });
      reports = await new PublicReportsPage(visitor).arrived();
      assert.equal(await reports.resultText(), '1 report matches');
      assert.deepEqual((await reports.results()).map((r) => [r.area, r.facts.Outcome, r.facts.Published]), [[CAMDEN.areaName, CAMDEN.outcomeLabel, '22 March 2024']]);

      // A date that does not exist is explained, and everything chosen and typed is kept.
      await reports.search({ from: { day: '31', month: '2', year: '2024' } });
      const errors = await reports.arrivedWithErrors();
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, /date published from must be a real date/i);
      const kept = await reports.values();
      assert.deepEqual(kept.from, { day: '31', month: '2', year: '2024' });
      assert.equal(kept.filters.Area, CAMDEN.areaName);

      await reports.clearSearch();
      reports = await new PublicReportsPage(visitor).arrived();
      assert.equal(await reports.resultText(), '3 reports published');
      await reports.openReport(CAMDEN.areaName);
      const camden = await new PublicReportPage(visitor, reportTitle(CAMDEN.areaName)).arrived();
      const facts = await camden.facts();
      assert.equal(facts.Outcome, CAMDEN.outcomeLabel);
      assert.equal(facts.Reference, CAMDEN.reference);
      assert.equal(facts.Published, '22 March 2024');
      assert.ok((await camden.reportText()).includes('Most children and young people with SEND in Camden are well supported'), 'the narrative imported with the report');

      // The feed and the sitemap answer as XML and list the reports.
      const feed = await fetchFrom(visitor.page, '/reports/feed.atom');
      assert.equal(feed.status, 200);
      assert.match(feed.contentType, /^application\/atom\+xml/);
      for (const report of HISTORICAL_REPORTS) assert.ok(feed.body.toString('utf8').includes(`/reports/${report.slug}`), `the feed has ${report.reference}`);
      const sitemap = await fetchFrom(visitor.page, '/sitemap.xml');
      assert.equal(sitemap.status, 200);
      assert.match(sitemap.contentType, /^application\/xml/);
      assert.ok(sitemap.body.toString('utf8').includes(`/reports/${LEEDS.slug}</loc>`), 'the sitemap lists the reports');

      // The open data: its page, and the inspections as CSV.
      const openData = await OpenDataPage.open(visitor);
      assert.equal(await openData.counts(), `There are 3 published inspections with ${FINDINGS_PUBLISHED} findings.`);
      const csv = await fetchFrom(visitor.page, await openData.fileLink('inspections.csv'));
      assert.equal(csv.status, 200);
      assert.match(csv.contentType, /^text\/csv/);
      assert.match(csv.disposition, /filename="inspections\.csv"/);
      const lines = csv.body.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
      assert.equal(lines.length, 4, 'a heading row and a row per published inspection');
      for (const report of HISTORICAL_REPORTS) assert.ok(lines.some((line) => line.includes(report.reference)), `the CSV has ${report.reference}`);
    }

    // "Is this page useful?" → "No", then "Report a problem with this page".
    const doing = `Reading the Leeds report (${run})`;
    const wrong = `The table of areas for priority action is hard to read on my phone (${run}).`;
    const leeds = await PublicReportPage.open(visitor, LEEDS.slug, reportTitle(LEEDS.areaName));
    await answerIsThisPageUseful(leeds.page, 'No');
    let thanks = await new FeedbackThanksPage(visitor).arrived();
    assert.equal(await thanks.offersToReportAProblem(), true, 'a reader who said “No” is asked what was wrong');
    await thanks.reportAProblem();
    const problem = await new ReportProblemPage(visitor).arrived();
    assert.match(await problem.about(), new RegExp(`^About the page /reports/${LEEDS.slug}\\.`));

    // A message with a web address is refused; what was typed is kept.
    const withLink = `${wrong} See www.example.com for a better one.`;
    await problem.send(doing, withLink);
    assert.deepEqual(await problem.arrivedWithErrors(), ['Remove the web address or code from ‘What went wrong’']);
    assert.deepEqual(await problem.values(), { whatDoing: doing, whatWrong: withLink });

    await problem.send(doing, wrong);
    thanks = await new FeedbackThanksPage(visitor).arrived();
    assert.equal(await thanks.offersToReportAProblem(), false);
    assert.equal(await thanks.backToThePage(), `/reports/${LEEDS.slug}`);

    if (!visitor.javaScript) return;

    // An administrator sees both answers in the triage queue and resolves the problem.
    const admin = await visitor.newVisitor();
    await signInAs(admin, people.admin);
    let queue = await FeedbackQueuePage.open(admin);
    const rows = await queue.rows();
    assert.ok(rows.some((r) => r.page === `/reports/${LEEDS.slug}` && r.feedback === 'Page is not useful'), `the “No” is queued: ${JSON.stringify(rows)}`);
    assert.ok(rows.some((r) => r.feedback === `Problem reported Doing: ${doing} Went wrong: ${wrong}`), `the problem is queued: ${JSON.stringify(rows)}`);
    await queue.triage(wrong);
    const triage = await new FeedbackTriagePage(admin).arrived();
    const details = await triage.details();
    assert.equal(details['What went wrong'], wrong);
    assert.equal(details.Status, 'New');
    await triage.mark('Resolved', 'The table now scrolls on small screens.');
    queue = await new FeedbackQueuePage(admin).arrived();
    assert.match(await queue.successBanner(), /Feedback marked as resolved/);
    assert.ok(!(await queue.rows()).some((r) => r.feedback.includes(wrong)), 'no longer among the new');
    await queue.showStatus('Resolved');
    queue = await new FeedbackQueuePage(admin, 'Resolved').arrived();
    assert.ok((await queue.rows()).some((r) => r.feedback.includes(wrong) && r.feedback.endsWith('Note: The table now scrolls on small screens.')));
  });
});
