import assert from 'node:assert/strict';
import { ChangeStatusPage } from '../pages/change-status-page.ts';
import { CheckInspectionPage } from '../pages/check-inspection-page.ts';
import { ConfirmStatusPage } from '../pages/confirm-status-page.ts';
import { InspectionDashboardPage } from '../pages/inspection-dashboard-page.ts';
import { InspectionTeamPage } from '../pages/inspection-team-page.ts';
import { InspectionsPage } from '../pages/inspections-page.ts';
import { NewInspectionPage, type NewInspectionAnswers } from '../pages/new-inspection-page.ts';
import { SignInPage } from '../pages/sign-in-page.ts';
import { StatusHistoryPage } from '../pages/status-history-page.ts';
import { createUser, type Account } from '../support/accounts.ts';
import { describeJourneys, type Visitor } from '../support/journey.ts';

const AREA = 'Camden';
const TYPE = 'Full inspection';
const ANSWERS: NewInspectionAnswers = {
  area: `${AREA} (202)`,
  frameworkCode: '2023',
  type: TYPE,
  notification: { day: 1, month: 3, year: 2027 },
  onsiteStart: { day: 15, month: 3, year: 2027 },
  onsiteEnd: { day: 19, month: 3, year: 2027 },
};

type People = Record<'admin' | 'ofstedLead' | 'cqcLead' | 'qaReader' | 'nominatedOfficer', Account>;

async function seedPeople(target: Parameters<typeof createUser>[0]): Promise<People> {
  return {
    admin: await createUser(target, { email: 'admin@e2e.example.test', name: 'Ade Administrator', organisation: 'administration', admin: true }),
    ofstedLead: await createUser(target, { email: 'ofsted.lead@e2e.example.test', name: 'Olu Lead', organisation: 'ofsted' }),
    cqcLead: await createUser(target, { email: 'cqc.lead@e2e.example.test', name: 'Cara Lead', organisation: 'cqc' }),
    qaReader: await createUser(target, { email: 'qa.reader@e2e.example.test', name: 'Quinn Reader', organisation: 'ofsted' }),
    nominatedOfficer: await createUser(target, {
      email: 'nominated.officer@e2e.example.test',
      name: 'Nadia Officer',
      organisation: 'local_area',
      area: { laCode: '202', role: 'nominated_officer' },
    }),
  };
}

/** A person signed in, in a browser of their own, on the page they land on. */
async function signedIn(visitor: Visitor, account: Account): Promise<InspectionsPage> {
  await (await SignInPage.open(visitor)).signIn(account.email, account.password);
  const inspections = await new InspectionsPage(visitor).arrived();
  assert.equal(await inspections.signedInAs(), account.name + (account.admin ? ' (administrator)' : ''));
  return inspections;
}

function dashboardOf(visitor: Visitor, reference: string): InspectionDashboardPage {
  return new InspectionDashboardPage(visitor, { reference, area: AREA, type: TYPE });
}

async function openInspection(visitor: Visitor, reference: string): Promise<InspectionDashboardPage> {
  const list = await InspectionsPage.open(visitor);
  await list.openInspection(reference);
  return dashboardOf(visitor, reference).arrived();
}

/** Change status → choose → confirm → back on the dashboard at the new status. */
async function moveOn(visitor: Visitor, reference: string, action: string, newStatus: string, reason?: string): Promise<InspectionDashboardPage> {
  await dashboardOf(visitor, reference).changeStatus();
  await (await new ChangeStatusPage(visitor, reference).arrived()).choose(action, reason);
  await (await new ConfirmStatusPage(visitor, action).arrived()).confirm();
  const dashboard = await dashboardOf(visitor, reference).arrived();
  assert.equal(await dashboard.status(), newStatus);
  assert.match(await dashboard.successBanner(), /Status changed/);
  return dashboard;
}

describeJourneys('an inspection from creation to quality assurance', { seed: seedPeople }, (journey) => {
  journey('an administrator creates it, its team moves it on to quality assurance, the local area sees it once notified', async (first) => {
    const people = first.server.seeded;

    // The administrator creates the inspection and puts the team together.
    const admin = first;
    await (await signedIn(admin, people.admin)).startCreating();
    const form = await new NewInspectionPage(admin).arrived();
    await form.continue();
    const missing = await form.arrivedWithErrors();
    assert.deepEqual(missing.slice(0, 2), ['Select the local area', 'Select the framework']);
    await form.fill(ANSWERS);
    await form.continue();
    const check = await new CheckInspectionPage(admin).arrived();
    const answers = await check.answers();
    assert.equal(answers['Local area partnership'], ANSWERS.area);
    assert.equal(answers['Type of inspection'], TYPE);
    assert.equal(answers['Date of notification'], '1 March 2027');
    await check.create();
    const created = await new InspectionDashboardPage(admin, { reference: /.+/, area: AREA, type: TYPE }).arrived();
    const reference = await created.reference();
    assert.match(await created.successBanner(), new RegExp(`Inspection ${reference} created`));
    assert.equal(await created.status(), 'Planned');

    await created.manageTeam();
    let team = await new InspectionTeamPage(admin, reference).arrived();
    for (const [person, role] of [
      [people.ofstedLead, 'Ofsted lead inspector'],
      [people.cqcLead, 'CQC lead inspector'],
      [people.qaReader, 'Quality assurance reader'],
    ] as const) {
      await team.add(person.name, role);
      team = await new InspectionTeamPage(admin, reference).arrived();
      assert.match(await team.successBanner(), new RegExp(`${person.name} added to the team`));
    }
    assert.deepEqual(await team.members(), [
      { name: people.ofstedLead.name, role: 'Ofsted lead inspector' },
      { name: people.cqcLead.name, role: 'CQC lead inspector' },
      { name: people.qaReader.name, role: 'Quality assurance reader' },
    ]);

    // The local area cannot see a planned inspection.
    const area = await first.newVisitor();
    const areaList = await signedIn(area, people.nominatedOfficer);
    assert.equal(await areaList.page.getByRole('link', { name: reference, exact: true }).count(), 0);

    // Only the Ofsted lead may notify the local area.
    const ofsted = await first.newVisitor();
    await signedIn(ofsted, people.ofstedLead);
    await openInspection(ofsted, reference);
    await moveOn(ofsted, reference, 'Notify the local area', 'Notified');

    // Now the local area sees it.
    const areaView = await openInspection(area, reference);
    assert.equal(await areaView.mayChangeStatus(), false);

    // Either lead runs fieldwork and the report; here the CQC lead.
    const cqc = await first.newVisitor();
    await signedIn(cqc, people.cqcLead);
    await openInspection(cqc, reference);
    await moveOn(cqc, reference, 'Start fieldwork', 'Fieldwork');
    await moveOn(cqc, reference, 'End fieldwork and start the report', 'Report drafting');
    await moveOn(cqc, reference, 'Send the draft report for quality assurance', 'Quality assurance');

    // The QA reader returns the draft, and must say why.
    const qa = await first.newVisitor();
    await signedIn(qa, people.qaReader);
    const atQa = await openInspection(qa, reference);
    await atQa.changeStatus();
    const returning = await new ChangeStatusPage(qa, reference).arrived();
    await returning.choose('Return the draft report for changes');
    assert.equal((await returning.arrivedWithErrors()).length, 1);
    const reason = 'The evidence for the second finding needs a case example.';
    await returning.choose('Return the draft report for changes', reason);
    await (await new ConfirmStatusPage(qa, 'Return the draft report for changes').arrived()).confirm();
    assert.equal(await (await dashboardOf(qa, reference).arrived()).status(), 'Report drafting');

    await openInspection(cqc, reference);
    await moveOn(cqc, reference, 'Send the draft report for quality assurance', 'Quality assurance');
    // Accepting the draft and publishing are done on the report pages (the local area's deadline,
    // the leads' sign-offs): the change-status page offers only the return, and points there.
    const accepting = await openInspection(qa, reference);
    await accepting.changeStatus();
    const choices = await new ChangeStatusPage(qa, reference).arrived();
    assert.deepEqual(await choices.choices(), ['Return the draft report for changes']);
    assert.equal(await choices.pointsToReportPage(), true);

    await (await openInspection(ofsted, reference)).statusHistory();
    const history = await new StatusHistoryPage(ofsted, reference).arrived();
    const changes = await history.changes();
    assert.deepEqual(
      changes.map((c) => `${c.from} → ${c.to} by ${c.by}`),
      [
        `Planned → Notified by ${people.ofstedLead.name}`,
        `Notified → Fieldwork by ${people.cqcLead.name}`,
        `Fieldwork → Report drafting by ${people.cqcLead.name}`,
        `Report drafting → Quality assurance by ${people.cqcLead.name}`,
        `Quality assurance → Report drafting by ${people.qaReader.name}`,
        `Report drafting → Quality assurance by ${people.cqcLead.name}`,
      ],
    );
    assert.equal(changes[4].reason, reason);
  });
});
