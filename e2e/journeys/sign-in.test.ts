import assert from 'node:assert/strict';
import { InspectionsPage } from '../pages/inspections-page.ts';
import { SignInPage } from '../pages/sign-in-page.ts';
import { StartPage } from '../pages/start-page.ts';
import { TwoFactorPage } from '../pages/two-factor-page.ts';
import { TwoFactorSetUpPage } from '../pages/two-factor-set-up-page.ts';
import { accountsFor, createAccountsPerRun } from '../support/accounts.ts';
import { Authenticator } from '../support/authenticator.ts';
import { describeJourneys } from '../support/journey.ts';

describeJourneys(
  'signing in',
  {
    env: { REQUIRE_MFA: 'true' },
    seed: (target) =>
      createAccountsPerRun(target, {
        inspector: { name: 'Hana Okafor', organisation: 'ofsted' },
      }),
  },
  (journey) => {
    journey('a new inspector signs in, sets up two-factor authentication, signs out and back in', async (visitor) => {
      const { inspector } = accountsFor(visitor.server.seeded, visitor.javaScript);

      const signIn = await (await StartPage.open(visitor)).startSignIn();
      await signIn.signIn(inspector.email, `${inspector.password}-wrong`);
      assert.deepEqual(await signIn.arrivedWithErrors(), ['Enter a correct email address and password']);

      await signIn.signIn(inspector.email, inspector.password);
      const setUp = await new TwoFactorSetUpPage(visitor).arrived();
      assert.ok(await setUp.hasQrCode(), 'the set-up page shows a QR code');
      const app = new Authenticator(await setUp.setupKey());

      await setUp.confirmCode('12345');
      assert.deepEqual(await setUp.arrivedWithErrors(), ['The code must be 6 digits']);
      await setUp.confirmCode(await app.nextCode());
      const inspections = await new InspectionsPage(visitor).arrived();
      assert.equal(await inspections.signedInAs(), inspector.name);

      await inspections.signOut();
      const start = await new StartPage(visitor).arrived();
      assert.match(await start.successBanner(), /You have signed out/);
      assert.equal(await start.signedInAs(), null);

      // The second time, the code comes from the app already set up.
      await (await SignInPage.open(visitor)).signIn(inspector.email, inspector.password);
      const twoFactor = await new TwoFactorPage(visitor).arrived();
      await twoFactor.enterCode(await app.nextCode());
      const again = await new InspectionsPage(visitor).arrived();
      assert.equal(await again.signedInAs(), inspector.name);
    });
  },
);
