import assert from 'node:assert/strict';
import { AccessibilityStatementPage } from '../pages/accessibility-statement-page.ts';
import { ContactPage } from '../pages/contact-page.ts';
import { CookiesPage } from '../pages/cookies-page.ts';
import { NotFoundPage } from '../pages/not-found-page.ts';
import { PrivacyNoticePage } from '../pages/privacy-notice-page.ts';
import { StartPage } from '../pages/start-page.ts';
import { describeJourneys } from '../support/journey.ts';

const FOOTER_LINKS = ['Inspection reports', 'Accessibility statement', 'Privacy notice', 'Cookies', 'Contact'];

describeJourneys('public pages', {}, (journey) => {
  journey('the start page explains the service and leads to sign in', async (visitor) => {
    const start = await StartPage.open(visitor);
    const text = await start.mainText();
    assert.match(text, /joint Ofsted and CQC inspections/);
    assert.match(text, /You need an account/);
    assert.deepEqual((await start.footerLinks()).slice(0, FOOTER_LINKS.length), FOOTER_LINKS);
    await start.startSignIn();
    assert.equal(new URL(visitor.page.url()).pathname, '/sign-in');
  });

  journey('the footer reaches every information page, and each leads back to the start', async (visitor) => {
    const start = await StartPage.open(visitor);

    await start.followFooterLink('Accessibility statement');
    const statement = await new AccessibilityStatementPage(visitor).arrived();
    assert.match(await statement.mainText(), /WCAG/);

    await statement.followFooterLink('Privacy notice');
    const privacy = await new PrivacyNoticePage(visitor).arrived();
    assert.match(await privacy.mainText(), /personal data/i);

    await privacy.followFooterLink('Cookies');
    const cookies = await new CookiesPage(visitor).arrived();
    assert.match(await cookies.mainText(), /send_inspect_session/);

    await cookies.followFooterLink('Contact');
    const contact = await new ContactPage(visitor).arrived();

    await contact.serviceNameLink();
    await new StartPage(visitor).arrived();
  });

  journey('each information page opens directly from its address', async (visitor) => {
    await AccessibilityStatementPage.open(visitor);
    await PrivacyNoticePage.open(visitor);
    await CookiesPage.open(visitor);
    await ContactPage.open(visitor);
  });

  journey('an address the service does not have shows a page not found that leads back to the start', async (visitor) => {
    const notFound = await NotFoundPage.open(visitor, '/no-such-page');
    assert.match(await notFound.mainText(), /check it is correct/);
    await visitor.page.getByRole('link', { name: 'go to the start of the service' }).click();
    await new StartPage(visitor).arrived();
  });
});
