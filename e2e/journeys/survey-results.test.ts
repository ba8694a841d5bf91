// After the responses are in: the lead closes the survey, reads the results and the comments,
// corrects a comment's themes, shares the summary (which anyone with the link can read), and
// downloads the exports; the area's nominated officer sees the summary but not the full results.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { signInAs } from '../pages/signed-in.ts';
import { SurveyChangeThemesPage } from '../pages/survey-change-themes-page.ts';
import { SurveyCommentsPage } from '../pages/survey-comments-page.ts';
import { SurveyConfirmPage } from '../pages/survey-confirm-page.ts';
import { SurveyExportPage } from '../pages/survey-export-page.ts';
import { SurveyForbiddenPage } from '../pages/survey-forbidden-page.ts';
import { SurveysOverviewPage } from '../pages/survey-overview-page.ts';
import { SurveyPage } from '../pages/survey-page.ts';
import { SurveyResultsPage } from '../pages/survey-results-page.ts';
import { SurveySummaryPage } from '../pages/survey-summary-page.ts';
import { surveyPath } from '../pages/survey-audience.ts';
import { describeJourneys } from '../support/journey.ts';
import { SURVEY_AREA, inspectionFor, seedSurveyJourneys } from '../support/survey-seed.ts';

const PARENTS = 'Parents and carers';
const OVERALL = 'Overall, how would you rate the support for your child in this area?';
const ROLE = 'Which of these best describes you?';
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const ZIP_SIGNATURE = Buffer.from('PK');

/** What families wrote under "What could be better?", two of them with details to remove. */
const COMMENTS = [
  'We waited two years for an autism assessment and nobody kept us informed.',
  'Mrs Patel at the school ignored our emails for months.',
  'The speech therapist at school is brilliant and explains everything.',
  'Transport to his special school is unreliable and he misses lessons.',
  'Nobody answers the phone at the SEND team. Call me on 07700 900123.',
  'The EHC plan took 40 weeks and was full of mistakes.',
];
const AUTISM_COMMENT = COMMENTS[0];
const CORRECTED_THEMES = ['Neurodevelopmental pathway', 'Communication and responsiveness'];
const RESPONSES = 12;

/** Twelve parents' answers: seven rate the support poor and five good; the first six leave a comment. */
function parentAnswers(n: number): Record<string, string> {
  return {
    respondent_role: 'parent',
    age_phase: n % 2 === 0 ? 'age_5_10' : 'age_11_15',
    support_level: n < 8 ? 'ehc_plan' : 'sen_support',
    needs_identified_early: n < 9 ? 'disagree' : 'agree',
    right_help_right_time: 'disagree',
    overall_rating: n < 7 ? 'poor' : 'good',
    ...(n < COMMENTS.length ? { what_could_be_better: COMMENTS[n] } : {}),
  };
}

/** The responses arrive through the survey's API, as another survey tool or a paper-form service would send them. */
async function sendResponses(serverUrl: string, link: string): Promise<void> {
  const code = link.replace(/^\/s\//, '');
  for (let n = 0; n < RESPONSES; n++) {
    const reply = await fetch(`${serverUrl}/api/surveys/${code}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ language: 'en', answers: parentAnswers(n) }),
    });
    assert.equal(reply.status, 201, `response ${n + 1} stored: ${await reply.text()}`);
  }
}

describeJourneys('survey results, the summary and the exports', { seed: seedSurveyJourneys({ createSurveys: true, open: ['parents_carers'] }) }, (journey) => {
  journey('the lead closes the survey, reads and codes the results, shares the summary and exports; the area sees only the summary', async (lead) => {
    const { officer } = lead.server.seeded;
    const inspection = inspectionFor(lead.server.seeded, lead.javaScript);
    const { reference } = inspection;
    await sendResponses(lead.server.url, inspection.links.parents_carers!);

    // The lead closes the survey.
    await signInAs(lead, lead.server.seeded.lead);
    let survey = await SurveyPage.open(lead, inspection, PARENTS);
    assert.equal((await survey.details()).Responses, String(RESPONSES));
    await survey.closeNow();
    await (await new SurveyConfirmPage(lead, PARENTS, 'close').arrived()).confirm();
    survey = await new SurveyPage(lead, { reference, audience: PARENTS }).arrived();
    assert.match(await survey.successBanner(), /The survey is closed/);
    assert.equal(await survey.status(), 'Closed');

    // Every figure, in a chart and in a table.
    await survey.follow('Results');
    const results = await new SurveyResultsPage(lead, { reference, audience: PARENTS }).arrived();
    assert.equal((await results.facts()).Responses, String(RESPONSES));
    assert.equal(await results.chart(OVERALL).count(), 1, 'the question has a chart');
    const overall = Object.fromEntries((await results.figures(OVERALL)).map((row) => [row.Answer, row]));
    assert.equal(overall.Poor.Number, '7');
    assert.equal(overall.Good.Number, '5');
    assert.match(overall.Poor.Percentage, /^58(\.3)?%$/);
    assert.match(overall.Poor['95% interval'], /^\d+(\.\d)?% to \d+(\.\d)?%$/);

    // The comments, with personal details removed, and one comment's themes put right.
    await results.readTheComments();
    let comments = await new SurveyCommentsPage(lead, { reference, audience: PARENTS }).arrived();
    assert.equal(await comments.count(), `Showing comments 1 to ${COMMENTS.length} of ${COMMENTS.length}.`);
    let listed = await comments.comments();
    const shown = listed.map((c) => c.text).join('\n');
    assert.ok(!shown.includes('Patel') && !shown.includes('07700 900123'), `names and phone numbers are removed:\n${shown}`);
    const autism = listed.find((c) => c.text === AUTISM_COMMENT);
    assert.ok(autism, 'the comment about the autism assessment is listed as written');
    assert.ok(autism.themes.length >= 1 && autism.themes.length <= 3 && !autism.corrected);

    await comments.changeThemesOf(autism.response);
    const change = await new SurveyChangeThemesPage(lead, reference).arrived();
    assert.deepEqual(await change.ticked(), autism.themes);
    await change.chooseOnly();
    await change.save();
    assert.deepEqual(await change.arrivedWithErrors(), ['Choose at least one theme']);
    await change.chooseOnly(...CORRECTED_THEMES);
    await change.save();
    comments = await new SurveyCommentsPage(lead, { reference, audience: PARENTS }).arrived();
    assert.match(await comments.successBanner(), /Themes changed/);
    listed = await comments.comments();
    const corrected = listed.find((c) => c.response === autism.response)!;
    assert.deepEqual(corrected.themes, CORRECTED_THEMES);
    assert.equal(corrected.corrected, true);

    // The summary, shared by a link that needs no account.
    await comments.returnToResults();
    await (await new SurveyResultsPage(lead, { reference, audience: PARENTS }).arrived()).openSummary();
    let summary = await new SurveySummaryPage(lead, { audience: PARENTS, areaName: SURVEY_AREA.name }).arrived();
    const introduction = await summary.introduction();
    assert.match(introduction, new RegExp(`^${RESPONSES} parents and carers answered the survey\\.`));
    const roles = Object.fromEntries((await summary.figures(ROLE)).map((row) => [row.Answer, row.Number]));
    assert.equal(roles.Parent, String(RESPONSES), 'a figure from 10 responses or more is shown');
    assert.match(roles['Carer or guardian'], /^Fewer than 10/, 'a figure from fewer than 10 is hidden');
    await summary.share();
    summary = await new SurveySummaryPage(lead, { audience: PARENTS, areaName: SURVEY_AREA.name }).arrived();
    assert.match(await summary.successBanner(), /Summary shared/);
    const sharedLink = await summary.sharedLink();
    assert.match(sharedLink, new RegExp(`^${lead.server.url}/survey-summaries/\\S+$`));

    const anyone = await lead.newVisitor();
    await anyone.visit(sharedLink);
    const shared = await new SurveySummaryPage(anyone, { audience: PARENTS, areaName: SURVEY_AREA.name }).arrived();
    assert.equal(await shared.signedInAs(), null);
    assert.equal(await shared.mayShare(), false);
    assert.equal(await shared.introduction(), introduction);
    assert.ok(!(await shared.mainText()).includes('Patel'));

    // The exports: suppressed results, redacted comments and, for the lead alone, the raw responses.
    survey = await SurveyPage.open(lead, inspection, PARENTS);
    await survey.follow('Export responses');
    const exports = await new SurveyExportPage(lead, PARENTS).arrived();
    assert.deepEqual(await exports.downloads(), [
      'Download results as CSV',
      'Download results as Excel (XLSX)',
      'Download comments as CSV',
      'Download comments as Excel (XLSX)',
      'Download raw responses as CSV',
      'Download raw responses as Excel (XLSX)',
    ]);
    const resultsCsv = await exports.download('Download results as CSV');
    assert.match(resultsCsv.fileName, /\.csv$/);
    assert.ok(resultsCsv.bytes.subarray(0, 3).equals(UTF8_BOM), 'the CSV starts with a byte order mark, so Excel reads it as UTF-8');
    const commentsCsv = await exports.download('Download comments as CSV');
    assert.ok(commentsCsv.bytes.subarray(0, 3).equals(UTF8_BOM));
    const commentsText = commentsCsv.bytes.toString('utf8');
    assert.ok(commentsText.includes('autism assessment') && !commentsText.includes('Patel'), 'the comments are there, redacted');
    const raw = await exports.download('Download raw responses as CSV');
    assert.ok(raw.bytes.toString('utf8').includes('Mrs Patel'), 'the raw export holds the answers as given');
    const workbook = await exports.download('Download results as Excel (XLSX)');
    assert.match(workbook.fileName, /\.xlsx$/);
    assert.ok(workbook.bytes.subarray(0, 2).equals(ZIP_SIGNATURE), 'an XLSX workbook is a zip file');

    // The nominated officer reads the summary and downloads its figures, but the full results are the team's.
    const area = await lead.newVisitor();
    await signInAs(area, officer);
    const overview = await SurveysOverviewPage.open(area, inspection);
    await overview.followFor(PARENTS, 'Summary for the local area and families');
    const areaSummary = await new SurveySummaryPage(area, { audience: PARENTS, areaName: SURVEY_AREA.name }).arrived();
    assert.equal(await areaSummary.mayShare(), false);
    assert.equal(await areaSummary.introduction(), introduction);
    await SurveyForbiddenPage.open(area, surveyPath(inspection.id, PARENTS, '/results'));
    await SurveyForbiddenPage.open(area, surveyPath(inspection.id, PARENTS, '/comments'));
    await (await SurveysOverviewPage.open(area, inspection)).followFor(PARENTS, 'Export responses');
    const areaExports = await new SurveyExportPage(area, PARENTS).arrived();
    assert.deepEqual(await areaExports.downloads(), ['Download results as CSV', 'Download results as Excel (XLSX)']);
    const areaCsv = await areaExports.download('Download results as CSV');
    assert.ok(areaCsv.bytes.subarray(0, 3).equals(UTF8_BOM));
  });
});
