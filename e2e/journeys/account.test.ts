// A signed-in person changes their own password and signs in with the new one.
import assert from 'node:assert/strict';
import { AccountPage } from '../pages/account-page.ts';
import { ChangePasswordPage } from '../pages/change-password-page.ts';
import { SignInPage } from '../pages/sign-in-page.ts';
import { signInAs } from '../pages/signed-in.ts';
import { StartPage } from '../pages/start-page.ts';
import { accountsFor, createAccountsPerRun } from '../support/accounts.ts';
import { describeJourneys } from '../support/journey.ts';

const NEW_PASSWORD = 'copper kettle morning drizzle';

describeJourneys(
  'your account',
  {
    env: { REQUIRE_MFA: 'false' },
    // A person each run: the first run changes its person's password.
    seed: (target) => createAccountsPerRun(target, { inspector: { name: 'Hana Okafor', organisation: 'ofsted' } }),
  },
  (journey) => {
    journey('an inspector changes their password, signs out and signs in with the new one', async (visitor) => {
      const { inspector } = accountsFor(visitor.server.seeded, visitor.javaScript);

      await (await signInAs(visitor, inspector)).navigateTo('Your account');
      const account = await new AccountPage(visitor).arrived();
      const details = await account.details();
      assert.equal(details.Name, inspector.name);
      assert.equal(details['Email address'], inspector.email);
      assert.equal(details.Organisation, 'Ofsted');

      await account.changePassword();
      const change = await new ChangePasswordPage(visitor).arrived();
      await change.change(`${inspector.password}-not-it`, NEW_PASSWORD);
      assert.deepEqual(await change.arrivedWithErrors(), ['Your current password is not correct']);
      assert.deepEqual(await change.passwordsShown(), ['', '', ''], 'passwords are not sent back to the page');

      await change.change(inspector.password, NEW_PASSWORD, `${NEW_PASSWORD} `);
      assert.deepEqual(await change.arrivedWithErrors(), ['The new passwords do not match']);

      await change.change(inspector.password, NEW_PASSWORD);
      const changed = await new AccountPage(visitor).arrived();
      assert.match(await changed.successBanner(), /Your password has been changed/);

      await changed.signOut();
      const start = await new StartPage(visitor).arrived();
      assert.match(await start.successBanner(), /You have signed out/);

      // The old password no longer works; the new one does.
      const signIn = await SignInPage.open(visitor);
      await signIn.signIn(inspector.email, inspector.password);
      assert.deepEqual(await signIn.arrivedWithErrors(), ['Enter a correct email address and password']);
      await signInAs(visitor, { ...inspector, password: NEW_PASSWORD });
    });
  },
);
