// Findings and the outcome under the 2023 framework: an inspector records a finding citing a
// fieldwork note and a survey figure (refused first with no evidence, keeping what was typed); a
// finding resting on fieldwork notes alone is flagged; an area for improvement needs the body
// responsible for it; and the Ofsted lead records the outcome with the balance of evidence beside
// it, the findings page then stating the framework's own sentence. Without JavaScript only the
// finding form is walked through: no page here has a script of its own, so the rest would repeat.
import assert from 'node:assert/strict';
import { FindingFormPage } from '../pages/findings-form-page.ts';
import { FindingKindPage } from '../pages/findings-kind-page.ts';
import { OutcomePage } from '../pages/findings-outcome-page.ts';
import { FindingsPage } from '../pages/findings-page.ts';
import { signInAs } from '../pages/signed-in.ts';
import { describeJourneys } from '../support/journey.ts';
import { FOCUS_GROUP, NOTES, REPORT_OUTCOME, SURVEY_QUESTION, reportInspectionFor, seedReportJourneys } from '../support/report-seed.ts';

const SURVEY_FIGURE = `Parents and carers survey: “${SURVEY_QUESTION.text}”`;
const WAITS = 'Children and young people wait too long for speech and language therapy.\n\nSupport often stops when they move to secondary school.';
const FORUM = 'Leaders work closely with the parent carer forum, which helps to shape the SEND strategy.';
const ASSESSMENTS = 'Leaders across the partnership should reduce the time children wait for occupational therapy assessments.';

describeJourneys('findings and the outcome', { seed: seedReportJourneys({ inspection: 'evidence' }) }, (journey) => {
  journey('an inspector records findings citing the evidence; the Ofsted lead records the outcome beside the balance of evidence', async (inspector) => {
    const people = inspector.server.seeded;
    const inspection = reportInspectionFor(people, inspector.javaScript);
    await signInAs(inspector, people.inspector);
    let findings = await FindingsPage.open(inspector, inspection);
    assert.equal(await findings.countText(), 'No findings recorded yet.');

    // A finding that needs to be better, about I3.
    await findings.addFinding();
    const kinds = await new FindingKindPage(inspector, inspection).arrived();
    assert.deepEqual(await kinds.kinds(), [
      'What it is like for children and young people',
      'Effective practice',
      'Needs to be better',
      'Area for priority action',
      'Area for improvement',
    ]);
    await kinds.choose('Needs to be better');
    let form = await new FindingFormPage(inspector, inspection).arrived();
    await form.enter({ criteria: ['I3'], text: WAITS });
    await form.showEvidence();
    form = await new FindingFormPage(inspector, inspection).arrived();
    // The evidence tagged I3 is offered: its notes and the survey question mapped to it, not the note about L2.
    const evidence = await form.evidenceOffered();
    const offered = evidence.map((e) => e.label);
    for (const expected of [NOTES.therapyStops.body, NOTES.otWait.body, NOTES.surveyWaits.body, SURVEY_FIGURE]) {
      assert.ok(offered.includes(expected), `“${expected}” is offered: ${offered.join(' | ')}`);
    }
    assert.ok(!offered.includes(NOTES.coProduction.body), 'a note tagged only L2 is not offered');
    // Fewer than ten parents agreed, so the figure is held back, as the survey's own summary does.
    assert.equal(evidence.find((e) => e.label === SURVEY_FIGURE)?.hint, 'Agree or strongly agree: not shown (fewer than 10 answers). Tagged I3.');
    assert.equal(evidence.find((e) => e.label === NOTES.therapyStops.body)?.hint, `Concern. Fieldwork activity: ${FOCUS_GROUP}. Tagged I3.`);
    assert.equal(await form.text().inputValue(), WAITS, 'what was typed is kept while the evidence is shown');

    // Saved without evidence: refused, with everything typed and chosen kept.
    await form.save();
    assert.deepEqual(await form.arrivedWithErrors(), ['A finding must cite the evidence it rests on: select at least one item of evidence']);
    assert.equal(await form.text().inputValue(), WAITS);
    assert.deepEqual(await form.criteriaTicked(), ['I3']);

    await form.enter({ evidence: [NOTES.therapyStops.body, SURVEY_FIGURE] });
    await form.save();
    findings = await new FindingsPage(inspector, inspection).arrived();
    assert.match(await findings.successBanner(), /added/);
    assert.equal(await findings.countText(), '1 finding recorded.');
    const [waits] = await findings.findingsOfKind('to_do_better');
    assert.equal(waits?.text, WAITS);
    assert.match(waits!.details.Criteria, /^I3: /);
    assert.equal(waits!.details.Evidence, '2 items of evidence cited, from surveys and fieldwork notes', 'two kinds of source: not flagged');

    if (!inspector.javaScript) return;

    // Effective practice resting on fieldwork notes alone is flagged, not refused.
    await findings.addFinding();
    await (await new FindingKindPage(inspector, inspection).arrived()).choose('Effective practice');
    form = await new FindingFormPage(inspector, inspection).arrived();
    await form.enter({ criteria: ['L2'], text: FORUM });
    await form.showEvidence();
    form = await new FindingFormPage(inspector, inspection).arrived();
    await form.enter({ evidence: [NOTES.coProduction.body] });
    await form.save();
    findings = await new FindingsPage(inspector, inspection).arrived();
    const [forum] = await findings.findingsOfKind('effective');
    assert.equal(forum?.text, FORUM);
    assert.equal(forum!.details.Evidence, '1 item of evidence cited, from fieldwork notes One kind of source Rests on one kind of source: fieldwork notes');
    assert.equal(await findings.countText(), '2 findings recorded: 1 rests on one kind of source.');

    // An area for improvement must say who is responsible for acting on it.
    await findings.addFinding();
    await (await new FindingKindPage(inspector, inspection).arrived()).choose('Area for improvement');
    form = await new FindingFormPage(inspector, inspection).arrived();
    await form.enter({ criteria: ['I3'], text: ASSESSMENTS });
    await form.showEvidence();
    form = await new FindingFormPage(inspector, inspection).arrived();
    await form.enter({ evidence: [NOTES.otWait.body, SURVEY_FIGURE] });
    await form.save();
    assert.deepEqual(await form.arrivedWithErrors(), ['Select who is responsible for acting on the area for improvement']);
    assert.equal(await form.text().inputValue(), ASSESSMENTS);
    assert.deepEqual((await form.evidenceOffered()).filter((e) => e.ticked).map((e) => e.label).sort(), [NOTES.otWait.body, SURVEY_FIGURE].sort());
    await form.enter({ responsible: 'The local authority and the integrated care board' });
    await form.save();
    findings = await new FindingsPage(inspector, inspection).arrived();
    const [improvement] = await findings.findingsOfKind('area_for_improvement');
    assert.equal(improvement?.text, ASSESSMENTS);
    assert.equal(improvement!.details.Responsible, 'The local authority and the integrated care board');

    // The Ofsted lead decides the outcome with the balance of evidence beside it.
    const lead = await inspector.newVisitor();
    await signInAs(lead, people.lead);
    findings = await FindingsPage.open(lead, inspection);
    assert.equal(await findings.noOutcomeText(), 'No outcome recorded.');
    await findings.followOutcomeLink('Record the outcome');
    const outcome = await new OutcomePage(lead, inspection).arrived();
    const balance = await outcome.balanceOfEvidence();
    const i3 = balance.find((row) => row.Criterion.startsWith('I3'));
    assert.deepEqual([i3?.Items, i3?.Strengths, i3?.Concerns, i3?.['Kinds of source']], ['3', '0', '3', 'Surveys, Fieldwork notes']);
    const l2 = balance.find((row) => row.Criterion.startsWith('L2'));
    assert.match(l2?.['To look at'] ?? '', /One kind of source/);
    assert.equal(balance.length, 11, 'every criterion of the 2023 framework has a row');
    const offeredOutcomes = await outcome.outcomes();
    assert.deepEqual(
      offeredOutcomes.find((o) => o.label === REPORT_OUTCOME.label),
      { label: REPORT_OUTCOME.label, hint: `The report will say: “${REPORT_OUTCOME.sentence}”` },
    );
    await outcome.record(REPORT_OUTCOME.label, 'Experiences differ too much between schools.');

    findings = await new FindingsPage(lead, inspection).arrived();
    assert.match(await findings.successBanner(), new RegExp(`Outcome recorded\\s+${REPORT_OUTCOME.label}`));
    const recorded = await findings.outcome();
    assert.equal(recorded?.Outcome, REPORT_OUTCOME.label);
    assert.equal(recorded?.['The report will say'], `“${REPORT_OUTCOME.sentence}”`, 'the exact sentence of the framework');
    assert.match(recorded?.['Decided by'] ?? '', new RegExp(`^${people.lead.email}|^${people.lead.name}`));
  });
});
