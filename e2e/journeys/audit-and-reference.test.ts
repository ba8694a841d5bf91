// The audit log filtered by an administrator, and the local areas and frameworks as an inspector reads them.
import assert from 'node:assert/strict';
import { AreaPage } from '../pages/area-page.ts';
import { AreasPage } from '../pages/areas-page.ts';
import { AuditLogPage } from '../pages/audit-log-page.ts';
import { FrameworkPage } from '../pages/framework-page.ts';
import { FrameworksPage } from '../pages/frameworks-page.ts';
import type { DateParts } from '../pages/new-inspection-page.ts';
import { SignInPage } from '../pages/sign-in-page.ts';
import { signInAs } from '../pages/signed-in.ts';
import { accountsFor, createAccountsPerRun } from '../support/accounts.ts';
import { describeJourneys } from '../support/journey.ts';

/** A day this many days from today, as a date input takes it (today as the service's users see it, in England). */
function dayFromToday(offset: number): DateParts {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day + offset));
  return { day: date.getUTCDate(), month: date.getUTCMonth() + 1, year: date.getUTCFullYear() };
}

function asInputs(date: DateParts): string[] {
  return [String(date.day), String(date.month), String(date.year)];
}

const FRAMEWORK_2023 = { code: '2023', name: 'Area SEND inspection' };
const FRAMEWORK_2016 = { code: '2016', name: 'Joint local area SEND inspection' };

// The outcome sentences of a full inspection under the 2023 framework, as its reports state them.
const FULL_INSPECTION_OUTCOMES = [
  "The local area partnership's SEND arrangements typically lead to positive experiences and outcomes for children and young people with SEND. The local area partnership is taking action where improvements are needed.",
  "The local area partnership's arrangements lead to inconsistent experiences and outcomes for children and young people with SEND. The local area partnership must work jointly to make improvements.",
  'There are widespread and/or systemic failings leading to significant concerns about the experiences and outcomes of children and young people with SEND, which the local area partnership must address urgently.',
];

describeJourneys(
  'the audit log and the reference pages',
  {
    env: { REQUIRE_MFA: 'false' },
    // People for each run, so each run's sign-ins in the audit log are its own.
    seed: (target) =>
      createAccountsPerRun(target, {
        admin: { name: 'Ade Administrator', organisation: 'administration', admin: true },
        inspector: { name: 'Hana Okafor', organisation: 'ofsted' },
      }),
  },
  (journey) => {
    journey('an administrator filters the audit log by action and by date and sees who signed in', async (first) => {
      const people = accountsFor(first.server.seeded, first.javaScript);

      // An inspector mistypes their password once, then signs in.
      const inspector = await first.newVisitor();
      const signIn = await SignInPage.open(inspector);
      await signIn.signIn(people.inspector.email, 'not the password at all');
      assert.deepEqual(await signIn.arrivedWithErrors(), ['Enter a correct email address and password']);
      await signInAs(inspector, people.inspector);

      const admin = first;
      await (await signInAs(admin, people.admin)).navigateTo('Audit log');
      const log = await new AuditLogPage(admin).arrived();
      const everything = await log.entries();
      assert.ok(everything.length > 0, 'the unfiltered log lists entries');

      // By action: the sign-ins, successful and failed, and nothing else.
      await log.filter({ action: 'auth.sign_in' });
      await log.arrived();
      const signIns = await log.entries();
      assert.ok(
        signIns.every((e) => e.action.startsWith('auth.sign_in')),
        `only sign-in entries: ${signIns.map((e) => e.action).join(', ')}`,
      );
      const seen = (who: string, action: string, outcome: string) => signIns.some((e) => e.who === who && e.action === action && e.outcome === outcome);
      assert.ok(seen(people.inspector.email, 'auth.sign_in.failure', 'Failure'), "the inspector's wrong password is there");
      assert.ok(seen(people.inspector.email, 'auth.sign_in', 'Success'), "the inspector's sign-in is there");
      assert.ok(seen(people.admin.email, 'auth.sign_in', 'Success'), "the administrator's own sign-in is there");

      // A "from" date after the "to" date is refused, and the filters are kept to correct.
      const yesterday = dayFromToday(-1);
      const tomorrow = dayFromToday(1);
      await log.filter({ action: 'auth.sign_in', from: tomorrow, to: yesterday });
      assert.deepEqual(await log.arrivedWithErrors(), ['Date from must be the same as or before date to']);
      assert.deepEqual(await log.filterValues(), { action: 'auth.sign_in', from: asInputs(tomorrow), to: asInputs(yesterday) });
      assert.deepEqual(await log.entries(), [], 'no entries are listed while the filters are wrong');

      // A range around today finds today's sign-ins; a range in the past finds none.
      await log.filter({ action: 'auth.sign_in', from: yesterday, to: tomorrow });
      await log.arrived();
      assert.deepEqual(await log.entries(), signIns);
      await log.filter({ action: 'auth.sign_in', from: { day: 1, month: 1, year: 2020 }, to: { day: 31, month: 1, year: 2020 } });
      await log.arrived();
      assert.deepEqual(await log.entries(), []);
      assert.match(await log.mainText(), /No entries match these filters/);

      await log.clearFilters();
      const cleared = await new AuditLogPage(admin).arrived();
      assert.deepEqual(await cleared.filterValues(), { action: '', from: ['', '', ''], to: ['', '', ''] });
    });

    journey('an inspector looks up a local area and reads the 2023 framework', async (visitor) => {
      const { inspector } = accountsFor(visitor.server.seeded, visitor.javaScript);
      await (await signInAs(visitor, inspector)).navigateTo('Local areas');

      // Search by name.
      const areas = await new AreasPage(visitor).arrived();
      assert.ok((await areas.areas()).length > 100, 'every local area is listed before a search');
      await areas.search('Manchester');
      await areas.arrived();
      assert.equal(await areas.resultsHeading(), '1 local area found');
      assert.deepEqual(await areas.areas(), [
        { name: 'Manchester', laCode: '352', onsCode: 'E08000003', region: 'North West', icb: 'NHS Greater Manchester Integrated Care Board' },
      ]);

      // By region: every area listed is in it.
      await areas.search('', 'North West');
      await areas.arrived();
      const northWest = await areas.areas();
      assert.ok(northWest.length > 1, 'the North West has several local areas');
      assert.ok(northWest.every((a) => a.region === 'North West'));
      assert.ok(northWest.some((a) => a.name === 'Manchester'));

      // Both together: Manchester is not in London.
      await areas.search('Manchester', 'London');
      await areas.arrived();
      assert.equal(await areas.resultsHeading(), '0 local areas found');
      assert.match(await areas.mainText(), /No local areas match your search/);

      await areas.search('Manchester', 'North West');
      await areas.arrived();
      await areas.openArea('Manchester');
      const manchester = await new AreaPage(visitor, 'Manchester').arrived();
      const details = await manchester.details();
      assert.equal(details['LA code'], '352');
      assert.equal(details['ONS code'], 'E08000003');
      assert.equal(details.Region, 'North West');
      assert.match(details['Integrated care board (ICB)'], /^NHS Greater Manchester Integrated Care Board/);

      // The frameworks: both listed; the 2023 one with its outcomes and what is not yet verified.
      await manchester.navigateTo('Frameworks');
      const frameworks = await new FrameworksPage(visitor).arrived();
      assert.deepEqual((await frameworks.names()).sort(), [FRAMEWORK_2023.name, FRAMEWORK_2016.name].sort());
      await frameworks.openFramework(FRAMEWORK_2023.name);
      const framework = await new FrameworkPage(visitor, FRAMEWORK_2023).arrived();
      assert.match(await framework.caption(), /^Framework 2023, revision \d+$/);
      assert.deepEqual(await framework.outcomeSentences('Full inspection'), FULL_INSPECTION_OUTCOMES);
      const unverified = await framework.unverifiedMarks();
      assert.ok(unverified > 0, 'some wording is marked "Wording not verified"');
      assert.match(await framework.mainText(), new RegExp(`${unverified} items below are marked\\s+Wording not verified`));
    });
  },
);
