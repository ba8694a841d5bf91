// Administrators manage accounts: invite someone, the invitation taken up, a local area role given, the account disabled.
import assert from 'node:assert/strict';
import { AccountPage } from '../pages/account-page.ts';
import { AreaRolePage } from '../pages/area-role-page.ts';
import { CreateAccountPage } from '../pages/create-account-page.ts';
import { InvitationInvalidPage } from '../pages/invitation-invalid-page.ts';
import { InvitationLinkPage } from '../pages/invitation-link-page.ts';
import { InviteUserPage, type Invitee } from '../pages/invite-user-page.ts';
import { SignInPage } from '../pages/sign-in-page.ts';
import { signInAs } from '../pages/signed-in.ts';
import { UserPage } from '../pages/user-page.ts';
import { UsersPage } from '../pages/users-page.ts';
import { createUser } from '../support/accounts.ts';
import { describeJourneys, type Visitor } from '../support/journey.ts';

// Two-factor authentication is off here (as in development): this suite is about accounts and
// roles; signing in with an authenticator app has its own journey in sign-in.test.ts.
const SERVER_ENV = { REQUIRE_MFA: 'false' };

const GOOD_PASSWORD = 'violet tractor harbour lamp';

/** A different person for each run, so the run without JavaScript invites someone new too. */
function inviteeFor(visitor: Visitor): Invitee {
  return visitor.javaScript
    ? { name: 'Rosa Brennan', email: 'rosa.brennan@manchester.e2e.example.test', organisation: 'Local area partnership' }
    : { name: 'Kwame Asante', email: 'kwame.asante@manchester.e2e.example.test', organisation: 'Local area partnership' };
}

describeJourneys(
  'managing users',
  {
    env: SERVER_ENV,
    seed: (target) => createUser(target, { email: 'admin@e2e.example.test', name: 'Ade Administrator', organisation: 'administration', admin: true }),
  },
  (journey) => {
    journey('an administrator invites a person, who creates their account; the administrator gives them a local area role, then disables the account', async (first) => {
      const adminAccount = first.server.seeded;
      const invitee = inviteeFor(first);

      // The administrator invites the person and copies the link shown once.
      const admin = first;
      await (await signInAs(admin, adminAccount)).navigateTo('Users');
      await (await new UsersPage(admin).arrived()).invite();
      const form = await new InviteUserPage(admin).arrived();
      await form.fill(invitee);
      await form.createInvitation();
      const created = await new InvitationLinkPage(admin).arrived();
      assert.match(await created.mainText(), new RegExp(`Send this link to ${invitee.name} at ${invitee.email.replace(/\./g, '\\.')}`));
      const link = await created.link();
      assert.ok(link.startsWith(`${first.server.url}/invite/`), `the link (${link}) is on this service`);

      // Inviting the same address again, however it is typed, is refused and the answers are kept.
      await created.navigateTo('Users');
      await (await new UsersPage(admin).arrived()).invite();
      const again = await new InviteUserPage(admin).arrived();
      const sameAddress: Invitee = { name: 'Someone Else', email: invitee.email.toUpperCase(), organisation: 'Ofsted', admin: true };
      await again.fill(sameAddress);
      await again.createInvitation();
      assert.deepEqual(await again.arrivedWithErrors(), ['An account already exists with this email address']);
      assert.deepEqual(await again.answers(), sameAddress);

      // The person opens the link in their own browser, is refused a weak password, then chooses a good one.
      const person = await first.newVisitor();
      await person.visit(link);
      const createAccount = await new CreateAccountPage(person).arrived();
      assert.equal(await createAccount.name(), invitee.name);
      assert.match(await createAccount.mainText(), new RegExp(`Your email address is ${invitee.email.replace(/\./g, '\\.')}`));
      await createAccount.createAccount('password1234');
      assert.deepEqual(await createAccount.arrivedWithErrors(), ['Password is too easy to guess. Use three random words or a longer phrase']);
      await createAccount.createAccount(GOOD_PASSWORD, `${GOOD_PASSWORD}!`);
      assert.deepEqual(await createAccount.arrivedWithErrors(), ['The passwords do not match']);
      await createAccount.createAccount(GOOD_PASSWORD);
      const signIn = await new SignInPage(person).arrived();
      assert.match(await signIn.successBanner(), /Your account is ready/);
      const account = { ...invitee, password: GOOD_PASSWORD };
      const personHome = await signInAs(person, account);

      // The link worked once.
      const usedLink = await person.visit(link);
      assert.equal(usedLink?.status(), 404);
      await new InvitationInvalidPage(person).arrived();

      // The administrator finds the person, now active, and gives them a role in Manchester's partnership.
      const users = await UsersPage.open(admin);
      await users.search(invitee.name);
      await users.arrived();
      const found = await users.users();
      assert.equal(found.length, 1);
      assert.equal(found[0]['Email address'], invitee.email);
      assert.equal(found[0].Status, 'Active');
      await users.openUser(invitee.name);
      const userPage = await new UserPage(admin, invitee.name).arrived();
      assert.deepEqual(await userPage.areaRoles(), []);
      await userPage.addAreaRole();
      const areaRole = await new AreaRolePage(admin).arrived();
      await areaRole.saveRole('999', 'Contributor');
      assert.deepEqual(await areaRole.arrivedWithErrors(), ['There is no local area with the code 999']);
      await areaRole.saveRole('352', 'Contributor');
      const withRole = await new UserPage(admin, invitee.name).arrived();
      assert.match(await withRole.successBanner(), new RegExp(`Local area role saved\\s+${invitee.name} is now a contributor for area 352`));
      assert.deepEqual(await withRole.areaRoles(), [{ area: 'Manchester', laCode: '352', role: 'Contributor' }]);
      assert.equal((await withRole.details()).Status, 'Active');

      // The person sees the role on their own account page.
      await personHome.navigateTo('Your account');
      const ownAccount = await new AccountPage(person).arrived();
      assert.deepEqual(await ownAccount.areaRoles(), [{ area: 'Manchester', laCode: '352', role: 'Contributor' }]);

      // The administrator disables the account: the person is signed out and cannot sign in again.
      await withRole.disableAccount();
      const disabled = await new UserPage(admin, invitee.name).arrived();
      assert.match(await disabled.successBanner(), new RegExp(`Account disabled\\s+${invitee.name} can no longer sign in`));
      assert.equal((await disabled.details()).Status, 'Disabled');
      assert.ok(await disabled.mayEnableAccount(), 'a disabled account can be enabled again');
      assert.deepEqual(await disabled.areaRoles(), [{ area: 'Manchester', laCode: '352', role: 'Contributor' }], 'roles are kept');

      await person.visit('/account');
      const signedOut = await new SignInPage(person).arrived();
      assert.equal(await signedOut.signedInAs(), null);
      await signedOut.signIn(account.email, account.password);
      // The same words as for a wrong password: the page does not tell anyone the account exists.
      assert.deepEqual(await signedOut.arrivedWithErrors(), ['Enter a correct email address and password']);
    });
  },
);
