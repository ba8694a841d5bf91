// The report from draft to publication, on an inspection with its findings and outcome recorded:
// the inspector writes the narrative in two versions and compares them; the Ofsted lead sends the
// draft for quality assurance; the QA reader comments on a paragraph, the inspector resolves it and
// the QA reader sends the draft to the local area with a deadline; the area's nominated officer
// reads the embargoed draft and comments on a paragraph, which the inspector rejects with a reason;
// both leads sign off and the Ofsted lead publishes it. Until then its public address is not found;
// after, anyone reads it with its summary for families, PDF and Word document. Without JavaScript
// only the drafting is walked through: no report page has a script of its own.
import assert from 'node:assert/strict';
import { ChangeStatusPage } from '../pages/change-status-page.ts';
import { ConfirmStatusPage } from '../pages/confirm-status-page.ts';
import { InspectionDashboardPage } from '../pages/inspection-dashboard-page.ts';
import { NotFoundPage } from '../pages/not-found-page.ts';
import { fetchFrom } from '../pages/public-common.ts';
import { PublicReportPage, PublicReportSummaryPage } from '../pages/public-report-page.ts';
import { CommentPage } from '../pages/report-comment-page.ts';
import { CommentsPage } from '../pages/report-comments-page.ts';
import { reportAddress, reportTitle } from '../pages/report-common.ts';
import { CompareVersionsPage } from '../pages/report-compare-page.ts';
import { DraftPage } from '../pages/report-draft-page.ts';
import { FactualAccuracyPage } from '../pages/report-factual-accuracy-page.ts';
import { ReportHubPage } from '../pages/report-hub-page.ts';
import { DraftPreviewPage } from '../pages/report-preview-page.ts';
import { PublishConfirmPage, PublishPage } from '../pages/report-publish-page.ts';
import { SendForFactualAccuracyPage } from '../pages/report-send-page.ts';
import { SignOffPage } from '../pages/report-sign-off-page.ts';
import { VersionsPage } from '../pages/report-versions-page.ts';
import { signInAs } from '../pages/signed-in.ts';
import type { Visitor } from '../support/journey.ts';
import { describeJourneys } from '../support/journey.ts';
import { REPORT_AREA, REPORT_FINDINGS, REPORT_INSPECTION_TYPE, REPORT_OUTCOME, reportInspectionFor, seedReportJourneys } from '../support/report-seed.ts';
import { dayInWords, deadlineSentence } from '../../src/reports/report-comment.ts';
import { factualAccuracyDeadline } from '../../src/reports/report-workflow.ts';

const AREA = REPORT_AREA.name;
const TITLE = reportTitle(AREA);

const SECTIONS = {
  about: 'Information about the local area partnership',
  experience: 'What is it like to be a child or young person with SEND in this area?',
};
const ABOUT = 'Manchester City Council and NHS Greater Manchester Integrated Care Board are jointly responsible for planning and commissioning services for children and young people with SEND in Manchester.';
const EXPERIENCE_FIRST = 'Children and young people with SEND in Manchester have mixed experiences. Many are well supported in their early years.';
const WAITS = 'Too many children wait too long for speech and language therapy, and support often stops when they move to secondary school.';
const EXPERIENCE_SECOND = EXPERIENCE_FIRST.replace('mixed', 'inconsistent');
/** A list typed under the paragraph that leads into it, as the page writes it back. */
const ACTIVITIES = 'Many children and young people take part in activities in their community, such as:\n- holiday clubs run by the council\n- the inclusive youth club in the city centre';

const QA_COMMENT = 'Say how long children wait, as the survey and the focus group show.';
const QA_NOTE = 'The waiting times are in the findings; the paragraph now points to them.';
const AREA_COMMENT = 'The ICB covers nine other local authorities as well: please say so.';
const REJECTION = 'The report describes the partnership for Manchester only; the ICB’s other areas are not part of this inspection.';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function dashboardOf(visitor: Visitor, reference: string): InspectionDashboardPage {
  return new InspectionDashboardPage(visitor, { reference, area: AREA, type: REPORT_INSPECTION_TYPE });
}

describeJourneys('the report: drafting, quality assurance, factual accuracy, sign-off and publication', { seed: seedReportJourneys({ inspection: 'reporting' }) }, (journey) => {
  journey('the team takes the report from a first draft to publication and anyone reads it on the public site', async (inspector) => {
    const people = inspector.server.seeded;
    const inspection = reportInspectionFor(people, inspector.javaScript);

    // Embargo: nothing is at the report's public address before publication.
    const reader = await inspector.newVisitor();
    await NotFoundPage.open(reader, `/reports/${inspection.slug}`);

    // The inspector writes the narrative in two versions.
    await signInAs(inspector, people.inspector);
    let hub = await ReportHubPage.open(inspector, inspection, AREA);
    assert.equal(await hub.stage(), 'Draft');
    assert.deepEqual((await hub.tasks())[0], { task: 'Write the draft report', status: 'Not yet started' });
    await hub.page.getByRole('main').getByRole('button', { name: 'Write the draft', exact: true }).click();
    let draft = await new DraftPage(inspector).arrived();
    await draft.write({ [SECTIONS.about]: ABOUT, [SECTIONS.experience]: `${EXPERIENCE_FIRST}\n\n${WAITS}\n\n${ACTIVITIES}` }, 'First draft of the narrative');
    await draft.save();
    draft = await new DraftPage(inspector).arrived();
    assert.match(await draft.successBanner(), /Version 1 of the draft saved/);
    assert.equal(await draft.textOf(SECTIONS.experience), `${EXPERIENCE_FIRST}\n\n${WAITS}\n\n${ACTIVITIES}`, 'the saved text is shown again as typed');
    await draft.write({ [SECTIONS.experience]: `${EXPERIENCE_SECOND}\n\n${WAITS}\n\n${ACTIVITIES}` }, 'The first paragraph now matches the outcome');
    await draft.save();
    draft = await new DraftPage(inspector).arrived();
    assert.match(await draft.successBanner(), /Version 2 of the draft saved/);

    await draft.page.getByRole('main').getByRole('link', { name: 'see the versions', exact: true }).click();
    const versions = await new VersionsPage(inspector).arrived();
    const listed = await versions.versions();
    assert.deepEqual(
      listed.map((v) => [v.version, v.whatChanged]),
      [
        ['Version 2', 'The first paragraph now matches the outcome'],
        ['Version 1', 'First draft of the narrative'],
      ],
    );
    assert.ok(listed.every((v) => v.saved.endsWith(`by ${people.inspector.name}`)), `each version says who saved it: ${listed.map((v) => v.saved).join(' | ')}`);
    await versions.compareWithPrevious(2);
    const compare = await new CompareVersionsPage(inspector, 1, 2).arrived();
    assert.match(await compare.summary(), /^1 section changed\./);
    assert.deepEqual(await compare.added(), ['inconsistent']);
    assert.deepEqual(await compare.removed(), ['mixed']);

    if (!inspector.javaScript) return;

    // The Ofsted lead sends the draft for quality assurance: the report's page leads to the change-status page.
    const lead = await inspector.newVisitor();
    await signInAs(lead, people.lead);
    hub = await ReportHubPage.open(lead, inspection, AREA);
    assert.ok((await hub.changes()).includes('Send the draft report for quality assurance'), 'the lead is told what they can do now');
    await hub.follow('Send the draft report for quality assurance');
    await (await new ChangeStatusPage(lead, inspection.reference).arrived()).choose('Send the draft report for quality assurance');
    await (await new ConfirmStatusPage(lead, 'Send the draft report for quality assurance').arrived()).confirm();
    assert.equal(await (await dashboardOf(lead, inspection.reference).arrived()).status(), 'Quality assurance');

    // The QA reader comments on a paragraph of the draft as it reads.
    const qa = await inspector.newVisitor();
    await signInAs(qa, people.qaReader);
    hub = await ReportHubPage.open(qa, inspection, AREA);
    assert.equal(await hub.stage(), 'Quality assurance');
    await hub.follow('Read the draft report');
    let preview = await new DraftPreviewPage(qa).arrived();
    const headings = await preview.sectionHeadings();
    assert.deepEqual(headings.slice(0, 3), ['Inspection dates', 'Inspection outcome', SECTIONS.about]);
    assert.ok((await preview.report().innerText()).includes(REPORT_OUTCOME.sentence), 'the draft states the outcome’s sentence');
    assert.ok((await preview.report().innerText()).includes(REPORT_FINDINGS[3].body), 'the draft lists the area for improvement');
    const waitsKey = await preview.keyOf(WAITS);
    assert.match(waitsKey, /^experience\.\d+$/);
    await preview.commentOn(WAITS);
    let comment = await new CommentPage(qa, 'quality_assurance').arrived();
    assert.equal(await comment.quoted(), WAITS);
    assert.match(await comment.from(), new RegExp(`in version 2 of the draft:$`));
    await comment.comment(QA_COMMENT);
    preview = await new DraftPreviewPage(qa).arrived();
    assert.match(await preview.successBanner(), /Comment added/);

    // The inspector resolves it.
    await inspector.visit(reportAddress(inspection, '/comments'));
    let comments = await new CommentsPage(inspector).arrived();
    const qaListed = await comments.listed('Quality assurance comments');
    assert.equal(qaListed.length, 1);
    assert.deepEqual([qaListed[0]!.place, qaListed[0]!.status, qaListed[0]!.quoted], [`On ‘${SECTIONS.experience}’, paragraph ${waitsKey.split('.')[1]}`, 'Open', WAITS]);
    assert.match(qaListed[0]!.byline, new RegExp(`by ${people.qaReader.name}$`));
    await comments.resolve(WAITS, QA_NOTE);
    comments = await new CommentsPage(inspector).arrived();
    assert.match(await comments.successBanner(), /Comment resolved/);
    assert.deepEqual(await comments.openCounts(), ['0 open.', '0 open.']);

    // The QA reader accepts the draft and sends it to the area with five working days to comment.
    hub = await ReportHubPage.open(qa, inspection, AREA);
    assert.deepEqual(await hub.changes(), ['Accept the draft and send it for the factual accuracy check', 'Return the draft report for changes']);
    await hub.follow('Accept the draft and send it for the factual accuracy check');
    const send = await new SendForFactualAccuracyPage(qa).arrived();
    assert.equal(await send.workingDays(), '5');
    const deadline = factualAccuracyDeadline(new Date(), 5);
    await send.send(5);
    hub = await new ReportHubPage(qa, AREA).arrived();
    assert.match(await hub.successBanner(), new RegExp(`Draft sent for the factual accuracy check\\s+The local area’s nominated officer can comment on version 2 until the end of ${dayInWords(deadline)}\\.`));
    assert.equal(await hub.stage(), 'Factual accuracy check');

    // Still embargoed while the area checks it.
    await NotFoundPage.open(reader, `/reports/${inspection.slug}`);

    // The area's nominated officer reads the embargoed draft and comments on a paragraph.
    const officer = await inspector.newVisitor();
    await signInAs(officer, people.officer);
    await officer.visit(`/inspections/${inspection.id}`);
    await dashboardOf(officer, inspection.reference).arrived();
    await officer.page.getByRole('main').getByRole('link', { name: 'Check the draft report', exact: true }).click();
    let check = await new FactualAccuracyPage(officer).arrived();
    assert.match(await check.embargoNotice(), /^This draft is embargoed\. Do not share it/);
    assert.equal(await check.deadline(), `${deadlineSentence(deadline)}.`);
    assert.ok((await check.report().innerText()).includes(EXPERIENCE_SECOND), 'the area reads the version sent');
    await check.commentOn(ABOUT);
    comment = await new CommentPage(officer, 'factual_accuracy').arrived();
    assert.equal(await comment.quoted(), ABOUT);
    await comment.comment(AREA_COMMENT);
    check = await new FactualAccuracyPage(officer).arrived();
    assert.match(await check.successBanner(), /Comment added/);
    const areaComments = await check.comments();
    assert.equal(areaComments.length, 1);
    assert.match(areaComments[0]!, new RegExp(`^Open On version 2, .+, by ${people.officer.name}`));

    // The inspector rejects it: a reason is needed first.
    await inspector.visit(reportAddress(inspection, '/comments'));
    comments = await new CommentsPage(inspector).arrived();
    assert.deepEqual((await comments.listed('Factual accuracy comments from the local area')).map((c) => [c.status, c.quoted]), [['Open', ABOUT]]);
    await comments.answer(ABOUT, 'Reject the comment', '');
    assert.deepEqual(await comments.arrivedWithErrors(), ['Enter why you are rejecting this comment']);
    await comments.answer(ABOUT, 'Reject the comment', REJECTION);
    comments = await new CommentsPage(inspector).arrived();
    assert.match(await comments.successBanner(), /Comment rejected/);

    // The area sees the answer.
    check = await FactualAccuracyPage.open(officer, inspection);
    assert.match((await check.comments())[0]!, new RegExp(`^Rejected .*${REJECTION.slice(0, 40)}`));

    // Both leads sign off the report as it reads now.
    hub = await ReportHubPage.open(lead, inspection, AREA);
    await hub.follow('Sign-off by the Ofsted and CQC leads');
    let signOff = await new SignOffPage(lead).arrived();
    assert.deepEqual(await signOff.signOffs(), { 'The Ofsted lead': 'Not signed off', 'The CQC lead': 'Not signed off' });
    await signOff.signOff();
    hub = await new ReportHubPage(lead, AREA).arrived();
    assert.match(await hub.successBanner(), /You have signed off version 2 of the report/);

    const cqc = await inspector.newVisitor();
    await signInAs(cqc, people.cqcLead);
    hub = await ReportHubPage.open(cqc, inspection, AREA);
    await hub.follow('Sign-off by the Ofsted and CQC leads');
    signOff = await new SignOffPage(cqc).arrived();
    assert.match((await signOff.signOffs())['The Ofsted lead']!, new RegExp(`^Signed off ${people.lead.name}, version 2, `));
    await signOff.signOff();
    assert.match(await (await new ReportHubPage(cqc, AREA).arrived()).successBanner(), /You have signed off version 2 of the report/);

    // The Ofsted lead publishes it now, after a confirmation.
    hub = await ReportHubPage.open(lead, inspection, AREA);
    assert.ok((await hub.changes()).includes('Publish the final report'), 'the Ofsted lead may publish it now');
    await hub.follow('Publish the final report');
    const publish = await new PublishPage(lead).arrived();
    assert.deepEqual(await publish.missing(), []);
    await publish.publishNow();
    const confirm = await new PublishConfirmPage(lead).arrived();
    assert.match(await confirm.warning(), /can only be changed by a published correction/);
    await confirm.publish();
    hub = await new ReportHubPage(lead, AREA).arrived();
    assert.match(await hub.successBanner(), /Report published/);
    assert.equal(await hub.stage(), 'Published');
    assert.deepEqual((await hub.tasks()).at(-1), { task: 'Publication', status: 'Published' });
    assert.equal(await hub.page.getByRole('link', { name: 'The published report on the public site', exact: true }).getAttribute('href'), `/reports/${inspection.slug}`);

    // Anyone reads it on the public site, with its summary for families and its downloads.
    const report = await PublicReportPage.open(reader, inspection.slug, TITLE);
    assert.equal(await report.signedInAs(), null);
    const facts = await report.facts();
    assert.equal(facts.Outcome, REPORT_OUTCOME.label);
    assert.equal(facts.Reference, inspection.reference);
    assert.equal(facts['Local area'], `${AREA} (${REPORT_AREA.region})`);
    const text = await report.reportText();
    assert.ok(text.includes(REPORT_OUTCOME.sentence), 'the framework’s sentence for the outcome');
    assert.ok(text.includes(EXPERIENCE_SECOND) && !text.includes(EXPERIENCE_FIRST), 'the narrative as signed off');
    assert.ok(text.includes(REPORT_FINDINGS[3].body), 'the area for improvement');

    const downloads = await report.downloads();
    assert.deepEqual(downloads.map((d) => d.href), [`/reports/${inspection.slug}/report.pdf`, `/reports/${inspection.slug}/report.docx`]);
    const pdf = await fetchFrom(reader.page, downloads[0]!.href);
    assert.equal(pdf.status, 200);
    assert.match(pdf.contentType, /^application\/pdf/);
    assert.match(pdf.disposition, /^attachment; filename="manchester-area-send-inspection-\d{4}\.pdf"/);
    assert.equal(pdf.body.subarray(0, 5).toString('latin1'), '%PDF-');
    const docx = await fetchFrom(reader.page, downloads[1]!.href);
    assert.equal(docx.status, 200);
    assert.equal(docx.contentType, DOCX_TYPE);
    assert.equal(docx.body.subarray(0, 2).toString('latin1'), 'PK', 'a Word document is a zip file');

    await report.openFamilySummary();
    const summary = await new PublicReportSummaryPage(reader, AREA).arrived();
    // Short sentences from the structured findings and the outcome, not the narrative.
    const plain = await summary.text();
    assert.match(plain, new RegExp(`Inspectors found that children and young people with SEND in ${AREA} have mixed experiences\\.`));
    assert.ok(plain.includes(`These things are working well: ${REPORT_FINDINGS[1].body}`), plain);
  });
});
