// The data request: the area's nominated officer opens an item, is told why a file of the wrong
// kind is refused, uploads a PDF instead, and the item is provided; the lead inspector sees it
// provided and accepts it.
import assert from 'node:assert/strict';
import { pdfFile } from '../pages/cases-common.ts';
import { CasesDataRequestItemPage } from '../pages/cases-data-request-item-page.ts';
import { CasesDataRequestPage } from '../pages/cases-data-request-page.ts';
import { InspectionDashboardPage } from '../pages/inspection-dashboard-page.ts';
import { signInAs } from '../pages/signed-in.ts';
import { describeJourneys } from '../support/journey.ts';
import { CASES_AREA, casesInspectionFor, seedCasesJourneys } from '../support/cases-seed.ts';

const ITEM = 'Self-evaluation';
const PDF = pdfFile('self-evaluation-2026.pdf');
/** A zip archive: not a kind of file the service keeps. */
const ZIP = { name: 'self-evaluation.zip', mimeType: 'application/zip', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0, 0]) };

describeJourneys('cases: the data request', { seed: seedCasesJourneys() }, (journey) => {
  journey('the nominated officer uploads a file for an item after a refused one; the lead accepts it', async (officer) => {
    const { lead } = officer.server.seeded;
    const inspection = casesInspectionFor(officer.server.seeded, officer.javaScript);

    // From the inspection to its data request: the framework's items, all still to send.
    const inspections = await signInAs(officer, officer.server.seeded.officer);
    await inspections.openInspection(inspection.reference);
    const dashboard = await new InspectionDashboardPage(officer, { reference: inspection.reference, area: CASES_AREA.name, type: 'Full inspection' }).arrived();
    await dashboard.page.getByRole('link', { name: 'Go to the data request', exact: true }).click();
    let list = await new CasesDataRequestPage(officer, inspection).arrived();
    // The seeded inspection was notified nine working days ago: the items were due after three.
    const before = await list.item(ITEM);
    assert.equal(before.status, 'Overdue');
    assert.equal(before.sent, 'None');
    assert.match(await list.mainText(), new RegExp(`What is still to send[\\s\\S]*${ITEM}: due`));

    // A file of a kind the service does not keep is refused, saying which kinds it takes.
    await list.openItem(ITEM);
    let item = await new CasesDataRequestItemPage(officer, ITEM).arrived();
    assert.equal(await item.status(), 'Requested');
    assert.match((await item.details()).Due, /Overdue$/);
    assert.deepEqual(await item.files(), []);
    await item.upload(ZIP);
    const errors = await item.arrivedWithErrors();
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^“self-evaluation\.zip” is not a kind of file we accept\. Send it as PDF, Word/);
    assert.deepEqual(await item.files(), [], 'nothing was kept');
    assert.equal(await item.status(), 'Requested');

    // A PDF is kept, listed, and the item is provided.
    await item.upload(PDF);
    item = await new CasesDataRequestItemPage(officer, ITEM).arrived();
    assert.match(await item.successBanner(), /1 file uploaded[\s\S]*self-evaluation-2026\.pdf/);
    assert.deepEqual(await item.files(), [{ file: PDF.name, size: `${PDF.buffer.length} bytes`, uploadedBy: officer.server.seeded.officer.name }]);
    assert.equal(await item.status(), 'Provided');
    assert.equal(await item.page.getByRole('button', { name: 'Save the decision' }).count(), 0, 'only a lead decides');
    await item.backToTheDataRequest();
    list = await new CasesDataRequestPage(officer, inspection).arrived();
    assert.deepEqual(await list.item(ITEM), { item: ITEM, due: before.due, sent: '1 file', status: 'Provided' });

    // The lead sees the item provided and accepts it.
    const team = await officer.newVisitor();
    await signInAs(team, lead);
    let leadList = await CasesDataRequestPage.open(team, inspection);
    assert.equal((await leadList.item(ITEM)).status, 'Provided');
    assert.doesNotMatch(await leadList.mainText(), new RegExp(`What is still missing[\\s\\S]*${ITEM}: due`), 'a provided item is no longer missing');
    await leadList.openItem(ITEM);
    const leadItem = await new CasesDataRequestItemPage(team, ITEM).arrived();
    assert.equal(await leadItem.status(), 'Provided');
    assert.deepEqual((await leadItem.files()).map((f) => f.file), [PDF.name]);
    await leadItem.decide('Accept what has been provided');
    const accepted = await new CasesDataRequestItemPage(team, ITEM).arrived();
    assert.match(await accepted.successBanner(), /Item accepted/);
    assert.equal(await accepted.status(), 'Accepted');
    await accepted.backToTheDataRequest();
    leadList = await new CasesDataRequestPage(team, inspection).arrived();
    assert.equal((await leadList.item(ITEM)).status, 'Accepted');
  });
});
