// The page for an invitation link that has been used, has expired or was copied incompletely.
import { GovukPage } from './govuk-page.ts';

export class InvitationInvalidPage extends GovukPage {
  readonly title = 'This invitation link cannot be used';
  readonly heading = 'This invitation link cannot be used';
}
