// Test support: creates an account and signs a TestClient in through the real sign-in form.
import { randomBytes } from 'node:crypto';
import { Kysely } from 'kysely';
import type { TeamRole } from '../../inspections/inspection.table.ts';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { FastifyInstance } from 'fastify';
import { csrfTokenIn, TestClient } from '../web/test-app.ts';
import { createUser, setAreaMembership } from './user.service.ts';
import type { AreaRole, Organisation } from './user.table.ts';

export type TestUserOptions = {
  organisation: Organisation;
  isAdmin?: boolean;
  /** Puts the user on an existing inspection's team. */
  teamRole?: { inspectionId: string; role: TeamRole };
  /** Gives the user a role in a local area (the area must exist in the database). */
  areaRole?: { laCode: string; role: AreaRole };
  email?: string;
  displayName?: string;
};

export type TestUser = { userId: string; email: string; password: string; displayName: string };

function kyselyOf(db: Db | Kysely<Database>): Kysely<Database> {
  return db instanceof Kysely ? db : db.kysely;
}

/** A different made-up address per sign-in, so tests that sign many people in stay under the per-IP rate limit. */
function testRemoteAddress(): string {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${c}`;
}

/** Creates an account (no two-factor enrolled) with the given roles. */
export async function createTestUser(db: Db | Kysely<Database>, options: TestUserOptions): Promise<TestUser> {
  const kysely = kyselyOf(db);
  const suffix = randomBytes(4).toString('hex');
  const email = options.email ?? `${options.organisation}.${suffix}@example.test`;
  const displayName = options.displayName ?? `Test ${options.organisation.replace('_', ' ')} user ${suffix}`;
  const { id, password } = await createUser(
    kysely,
    { email, displayName, organisation: options.organisation, isAdmin: options.isAdmin ?? false },
    null,
  );
  if (options.areaRole) await setAreaMembership(kysely, id, options.areaRole.laCode, options.areaRole.role, null);
  if (options.teamRole) {
    await kysely
      .insertInto('inspection_team_member')
      .values({ inspection_id: options.teamRole.inspectionId, user_id: id, role: options.teamRole.role })
      .execute();
  }
  return { userId: id, email, password: password!, displayName };
}

/** Submits the sign-in form for `user` in `client`'s browser session; throws unless it ends signed in. */
export async function signInWithPassword(client: TestClient, email: string, password: string): Promise<void> {
  const page = await client.get('/sign-in');
  const csrf = csrfTokenIn(page.body) ?? '';
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const response = await client.app.inject({
    method: 'POST',
    url: '/sign-in',
    remoteAddress: testRemoteAddress(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    payload: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  for (const c of response.cookies as { name: string; value: string }[]) client.cookies.set(c.name, c.value);
  const location = String(response.headers.location ?? '');
  if (response.statusCode !== 302 || location.startsWith('/sign-in')) {
    throw new Error(`Signing in as ${email} did not complete (status ${response.statusCode}, location "${location}")`);
  }
}

/** A new browser session signed in as `user`. */
export async function signedInClient(app: FastifyInstance, user: { email: string; password: string }): Promise<TestClient> {
  const client = new TestClient(app);
  await signInWithPassword(client, user.email, user.password);
  return client;
}

/**
 * Creates a user with the given organisation and roles and signs the client in as them through
 * the real /sign-in form. Tests run with REQUIRE_MFA off, so no second factor is asked for.
 */
export async function signInAs(client: TestClient, db: Db | Kysely<Database>, options: TestUserOptions): Promise<TestUser> {
  const user = await createTestUser(db, options);
  await signInWithPassword(client, user.email, user.password);
  return user;
}
