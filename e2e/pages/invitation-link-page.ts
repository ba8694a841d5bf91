// The one-time invitation link, shown once to the administrator to send to the person invited.
import type { Visitor } from '../support/journey.ts';
import { GovukPage } from './govuk-page.ts';

export class InvitationLinkPage extends GovukPage {
  readonly title: string;
  readonly heading: string;

  constructor(visitor: Visitor, options: { renewed?: boolean } = {}) {
    super(visitor);
    this.title = options.renewed ? 'New invitation link created' : 'Invitation link created';
    this.heading = this.title;
  }

  /** The link as shown, to copy and send. */
  async link(): Promise<string> {
    return (await this.page.locator('#invitation-link').innerText()).trim();
  }
}
