// The case sample: the lead draws 6 tracked children and 40 plans with a seed, reads how the
// sample covers the population, replaces a case with a reason and shares the sample; the area's
// nominated officer then sees only the chosen ids and uploads a document for one of them.
import assert from 'node:assert/strict';
import { pdfFile } from '../pages/cases-common.ts';
import { CasesDocumentsPage } from '../pages/cases-documents-page.ts';
import { CasesHubPage } from '../pages/cases-hub-page.ts';
import { CasesReplacePage } from '../pages/cases-replace-page.ts';
import { CasesSamplePage } from '../pages/cases-sample-page.ts';
import { CasesSampleReportPage } from '../pages/cases-sample-report-page.ts';
import { CasesSharePage } from '../pages/cases-share-page.ts';
import { signInAs } from '../pages/signed-in.ts';
import { describeJourneys } from '../support/journey.ts';
import { CASES_AREA, casesInspectionFor, seedCasesJourneys } from '../support/cases-seed.ts';

const TRACKED = 6;
const REVIEW = 40;
const SEED = 'SEND-2026-A';
const REASON = 'The family has moved out of the area.';
const DOCUMENT = pdfFile('ehc-plan-final.pdf');

/** The ids each run drew: both runs draw from the same children with the same seed, so they must match. */
const drawn: string[][] = [];

describeJourneys('cases: the sample', { seed: seedCasesJourneys({ people: 600 }) }, (journey) => {
  journey('the lead draws, checks, corrects and shares the sample; the area sees only the chosen ids', async (lead) => {
    const inspection = casesInspectionFor(lead.server.seeded, lead.javaScript);

    // The lead draws the sample with a seed.
    await signInAs(lead, lead.server.seeded.lead);
    const hub = await CasesHubPage.open(lead, inspection);
    await hub.follow('Draw the sample');
    let sample = await new CasesSamplePage(lead, inspection).arrived();
    await sample.draw({ tracked: TRACKED, review: REVIEW, seed: SEED });
    sample = await new CasesSamplePage(lead, inspection).arrived();
    assert.match(await sample.successBanner(), new RegExp(`Sample drawn\\s+${TRACKED} tracked children and ${REVIEW} plans to review, with the seed ${SEED}\\.`));
    let summary = await sample.summary();
    assert.equal(summary.Seed, SEED);
    assert.equal(summary['Tracked children'], `${TRACKED} (${TRACKED} asked for)`);
    assert.equal(summary['Plans to review'], `${REVIEW} (${REVIEW} asked for)`);
    assert.equal(summary['Shared with the local area'], 'Not yet');

    // Six children to track, at least one in alternative provision, and forty plans, all EHC plans.
    const tracked = await sample.trackedChildren();
    const plans = await sample.plansToReview();
    assert.equal(tracked.length, TRACKED);
    assert.ok(tracked.some((c) => c.inAlternativeProvision), 'at least one tracked child is in alternative provision');
    assert.equal(plans.length, REVIEW);
    assert.ok(plans.every((p) => p.senStatus === 'EHC plan'), 'every plan to review is an EHC plan');
    const ids = [...tracked, ...plans].map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'no child is chosen twice');
    drawn.push(ids);
    if (drawn.length === 2) assert.deepEqual(drawn[1], drawn[0], 'the same seed and data give the same sample');

    // The sampling report, part by part.
    await sample.openReport();
    const report = await new CasesSampleReportPage(lead, inspection).arrived();
    assert.deepEqual(await report.parts(), ['Tracked children', 'Plans to review']);
    assert.match(await report.introduction('Plans to review'), new RegExp(`^${REVIEW} chosen now from \\d+ children and young people with an EHC plan`));
    const ages = await report.groups('Plans to review', 'Age phase');
    assert.equal(ages.reduce((sum, row) => sum + Number(row.chosen), 0), REVIEW, `the age phases add up to the sample: ${JSON.stringify(ages)}`);
    assert.equal(ages.reduce((sum, row) => sum + Number(row.target), 0), REVIEW);

    // A plan is replaced, with the reason: the old case stays on record, struck through.
    await report.page.getByRole('link', { name: 'The sample', exact: true }).click();
    sample = await new CasesSamplePage(lead, inspection).arrived();
    const old = plans[0].id;
    await sample.replace(old);
    const replace = await new CasesReplacePage(lead, old).arrived();
    assert.equal((await replace.details())['Chosen as'], 'Plan to review');
    await replace.giveReason(REASON);
    await replace.replace();
    sample = await new CasesSamplePage(lead, inspection).arrived();
    const banner = await sample.successBanner();
    const replacement = new RegExp(`${old} has been replaced by (\\S+?)[,.]`).exec(banner)?.[1];
    assert.ok(replacement, `the banner names the new case: ${banner}`);
    const after = await sample.plansToReview();
    const struck = after.find((p) => p.id === old);
    assert.ok(struck?.replaced, 'the replaced case is still listed, marked replaced');
    assert.match(struck.replaced, new RegExp(`^Replaced on .+ by ${lead.server.seeded.lead.name}: ${REASON.replaceAll('.', '\\.')}$`));
    const added = after.find((p) => p.id === replacement);
    assert.equal(added?.inPlaceOf, old, 'the new case says whose place it took');
    assert.equal(added.senStatus, 'EHC plan');
    assert.equal((await sample.summary())['Plans to review'], `${REVIEW} (${REVIEW} asked for)`);

    // The sample is shared with the area.
    await sample.startSharing();
    const share = await new CasesSharePage(lead).arrived();
    const sharing = await share.summary();
    assert.deepEqual({ tracked: sharing['Tracked children'], review: sharing['Plans to review'] }, { tracked: String(TRACKED), review: String(REVIEW) });
    const due = sharing['Documents due by'];
    await share.share();
    sample = await new CasesSamplePage(lead, inspection).arrived();
    assert.match(await sample.successBanner(), /Sample shared with the local area/);
    summary = await sample.summary();
    assert.match(summary['Shared with the local area'], new RegExp(`; documents due by ${due}$`));
    assert.equal(await sample.mayDraw(), false, 'a shared sample cannot be drawn again');

    // The nominated officer sees the chosen ids, what each is for, and nothing else from the sample.
    const area = await lead.newVisitor();
    await signInAs(area, lead.server.seeded.officer);
    const areaHub = await CasesHubPage.open(area, inspection);
    await areaHub.follow('Case documents');
    let documents = await new CasesDocumentsPage(area, CASES_AREA).arrived();
    const chosen = await documents.chosen();
    const active = [...tracked.map((c) => ({ id: c.id, purpose: 'Tracked child' })), ...after.filter((p) => !p.replaced).map((p) => ({ id: p.id, purpose: 'Plan to review' }))];
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    assert.deepEqual([...chosen].sort(byId), [...active].sort(byId));
    assert.ok(!chosen.some((c) => c.id === old), 'the replaced id is not shown to the area');
    assert.equal(await documents.due(), `Upload the documents by ${due}.`);
    const text = await documents.mainText();
    for (const hidden of ['Primary need', 'Stratum', 'Placement', REASON]) assert.ok(!text.includes(hidden), `the area is not shown “${hidden}”`);

    // The officer uploads the new case's plan.
    await documents.upload(replacement, DOCUMENT, 'EHC plan issued March 2026');
    documents = await new CasesDocumentsPage(area, CASES_AREA).arrived();
    assert.match(await documents.successBanner(), new RegExp(`Document uploaded\\s+${DOCUMENT.name.replaceAll('.', '\\.')}`));
    const received = await documents.documentsFor(replacement);
    assert.equal(received.length, 1);
    assert.match(received[0].document, new RegExp(`^${DOCUMENT.name.replaceAll('.', '\\.')} \\(.+\\)\\s+EHC plan issued March 2026$`));
    assert.match(received[0].uploaded, new RegExp(`by ${lead.server.seeded.officer.name}$`));
  });
});
