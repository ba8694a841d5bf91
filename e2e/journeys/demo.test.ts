// The demonstration a new installation starts with: its accounts, read from the console, its inspection
// whose report is being drafted, and the area's previous report on the public site.
import assert from 'node:assert/strict';
import { DEMO_ACCOUNTS } from '../../src/demo/demo.ts';
import { InspectionDashboardPage } from '../pages/inspection-dashboard-page.ts';
import { signInAs, type Person } from '../pages/signed-in.ts';
import { demoAccount, readDemoAnnouncement, type DemoAccount } from '../support/demo-accounts.ts';
import { describeJourneys, type Visitor } from '../support/journey.ts';

const AREA = 'Northbrook (fictional)';
const TYPE = 'Full inspection';

/** A demo account as printed, with the name the header shows for it. */
function person(account: DemoAccount): Person {
  const known = DEMO_ACCOUNTS.find((a) => a.email === account.email);
  assert.ok(known, `${account.email} is one of the demo accounts`);
  return { ...account, name: known.displayName, admin: known.isAdmin };
}

/** Signs in, finds the demo inspection in the list and opens it; `status` is how its stage reads to this person. */
async function openDemoInspection(visitor: Visitor, account: DemoAccount, reference: string, status: string): Promise<InspectionDashboardPage> {
  const list = await signInAs(visitor, person(account));
  const listed = (await list.inspections()).find((row) => row.Reference === reference);
  assert.ok(listed, `${reference} is in ${account.role}'s list`);
  assert.equal(listed['Local area'], AREA);
  assert.equal(listed.Status, status);
  await list.openInspection(reference);
  const dashboard = await new InspectionDashboardPage(visitor, { reference, area: AREA, type: TYPE }).arrived();
  assert.equal(await dashboard.reference(), reference);
  assert.equal(await dashboard.status(), status);
  return dashboard;
}

// The server starts on an empty data directory with DEMO=true, as `npm start` does the first time,
// and prints each demo account's password once on its console.
describeJourneys('the demonstration', { demo: true }, (journey) => {
  journey('the Ofsted lead and the parent carer forum representative each see the demo inspection after its fieldwork', async (first) => {
    const demo = readDemoAnnouncement(first.server);
    assert.match(demo.inspectionReference, /^SEND-990-\d{4}-\d+$/);

    // The Ofsted lead sees every stage of the inspection and may move it on.
    const ofstedLead = await openDemoInspection(first, demoAccount(demo, 'Ofsted lead inspector'), demo.inspectionReference, 'Report drafting');
    assert.deepEqual(await ofstedLead.stages(), [
      { task: 'Planned', status: 'Completed' },
      { task: 'Notified', status: 'Completed' },
      { task: 'Fieldwork', status: 'Completed' },
      { task: 'Report drafting', status: 'In progress' },
      { task: 'Quality assurance', status: 'Not yet started' },
      { task: 'Factual accuracy check', status: 'Not yet started' },
      { task: 'Published', status: 'Not yet started' },
      { task: 'Follow-up', status: 'Not yet started' },
      { task: 'Closed', status: 'Not yet started' },
    ]);
    assert.equal(await ofstedLead.mayChangeStatus(), true);
    assert.equal(await ofstedLead.mayManageTeam(), true);
    const fullTeam = await ofstedLead.team();
    assert.ok(
      fullTeam.some((m) => m.role === 'Quality assurance reader'),
      'the inspection team sees the quality assurance reader',
    );

    // The parent carer forum representative sees the same inspection, in the local area's stages,
    // and cannot change it or see who checks the report inside the inspectorates.
    const forum = await first.newVisitor();
    const forumView = await openDemoInspection(forum, demoAccount(demo, 'Parent carer forum representative'), demo.inspectionReference, 'Report being written');
    assert.equal(await forumView.mayChangeStatus(), false);
    assert.equal(await forumView.mayManageTeam(), false);
    const stages = await forumView.stages();
    assert.deepEqual(stages.slice(0, 3), [
      { task: 'Notified', status: 'Completed' },
      { task: 'Fieldwork', status: 'Completed' },
      { task: 'Report being written', status: 'In progress' },
    ]);
    assert.ok(!stages.some((s) => s.task === 'Planned' || s.task === 'Quality assurance'), 'no internal stages for the local area');
    const areaTeam = await forumView.team();
    assert.deepEqual(
      areaTeam.map((m) => m.name),
      fullTeam.filter((m) => m.role !== 'Quality assurance reader').map((m) => m.name),
    );

    // Anyone, signed in or not, finds the area's previous report on the public site.
    const reader = await first.newVisitor();
    await reader.visit('/reports');
    await reader.checkPage();
    assert.match(await reader.page.getByRole('main').innerText(), /Northbrook \(fictional\)/);
  });
});
