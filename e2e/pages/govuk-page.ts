// What every page of the service has: a title ending in the service name, one h1, the footer links.
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { Visitor } from '../support/journey.ts';

export const SERVICE_NAME = 'Area SEND inspections';

export abstract class GovukPage {
  readonly visitor: Visitor;
  /** The <title> before " – Area SEND inspections". */
  abstract readonly title: string | RegExp;
  abstract readonly heading: string | RegExp;

  constructor(visitor: Visitor) {
    this.visitor = visitor;
  }

  get page(): Page {
    return this.visitor.page;
  }

  mainHeading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  /** Confirms the visitor is on this page (with no errors shown), then checks it with axe. */
  async arrived(): Promise<this> {
    await this.#confirm('');
    assert.equal(await this.errorSummary().count(), 0, `no error summary on ${this.page.url()}`);
    await this.visitor.checkPage();
    return this;
  }

  /** Confirms the visitor is back on this page after a form was refused; returns the errors listed. */
  async arrivedWithErrors(): Promise<string[]> {
    await this.#confirm('Error: ');
    const messages = await this.errorSummary().getByRole('link').allInnerTexts();
    assert.ok(messages.length > 0, 'the error summary lists what to fix');
    await this.visitor.checkPage();
    return messages.map((m) => m.trim());
  }

  async #confirm(titlePrefix: string): Promise<void> {
    const heading = this.mainHeading();
    await heading.first().waitFor();
    assert.equal(await heading.count(), 1, `exactly one main heading on ${this.page.url()}`);
    const text = (await heading.innerText()).trim();
    if (typeof this.heading === 'string') assert.equal(text, this.heading);
    else assert.match(text, this.heading);
    const title = await this.page.title();
    const suffix = ` – ${SERVICE_NAME}`;
    assert.ok(title.startsWith(titlePrefix) && title.endsWith(suffix), `"${title}" reads "${titlePrefix}… – ${SERVICE_NAME}"`);
    const own = title.slice(titlePrefix.length, title.length - suffix.length);
    if (typeof this.title === 'string') assert.equal(own, this.title);
    else assert.match(own, this.title);
  }

  /** GOV.UK's error summary: a region headed "There is a problem" with a link per mistake. */
  errorSummary(): Locator {
    return this.page.locator('.govuk-error-summary');
  }

  /** The green banner shown once after something succeeded (GOV.UK notification banner). */
  async successBanner(): Promise<string> {
    return (await this.page.locator('.govuk-notification-banner--success').innerText()).trim();
  }

  /** The "Signed in as …" line in the header, or null when nobody is signed in. */
  async signedInAs(): Promise<string | null> {
    const line = this.page.getByRole('banner').getByText(/^Signed in as /);
    return (await line.count()) === 0 ? null : (await line.innerText()).replace(/^Signed in as /, '').trim();
  }

  async signOut(): Promise<void> {
    await this.page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  }

  /** The links every page carries in its footer, in order. */
  async footerLinks(): Promise<string[]> {
    return this.page.getByRole('contentinfo').getByRole('link').allInnerTexts();
  }

  async followFooterLink(name: string): Promise<void> {
    await this.page.getByRole('contentinfo').getByRole('link', { name, exact: true }).click();
  }

  /** Follows a link in the service navigation in the header ("Users", "Audit log", "Your account" …). */
  async navigateTo(name: string): Promise<void> {
    await this.page.getByRole('banner').getByRole('navigation', { name: 'Menu' }).getByRole('link', { name, exact: true }).click();
  }

  /** The links in the service navigation, in order. */
  async navigationLinks(): Promise<string[]> {
    const links = await this.page.getByRole('banner').getByRole('navigation', { name: 'Menu' }).getByRole('link').allInnerTexts();
    return links.map((t) => t.trim());
  }

  async serviceNameLink(): Promise<void> {
    await this.page.getByRole('link', { name: SERVICE_NAME, exact: true }).click();
  }

  /** The visible text of the main content, for checking what a page says. */
  async mainText(): Promise<string> {
    return this.page.getByRole('main').innerText();
  }
}
