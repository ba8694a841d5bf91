// Signing in without two-factor authentication and landing on the inspections list, as a given person.
import assert from 'node:assert/strict';
import type { Visitor } from '../support/journey.ts';
import { InspectionsPage } from './inspections-page.ts';
import { SignInPage } from './sign-in-page.ts';

export type Person = { email: string; password: string; name: string; admin?: boolean };

/** The person's name as the header shows it once they are signed in. */
export function headerName(person: Pick<Person, 'name' | 'admin'>): string {
  return person.name + (person.admin ? ' (administrator)' : '');
}

/** Signs in from the sign-in page (the service must not require two-factor) and checks who is signed in. */
export async function signInAs(visitor: Visitor, person: Person): Promise<InspectionsPage> {
  await (await SignInPage.open(visitor)).signIn(person.email, person.password);
  const inspections = await new InspectionsPage(visitor).arrived();
  assert.equal(await inspections.signedInAs(), headerName(person));
  return inspections;
}
