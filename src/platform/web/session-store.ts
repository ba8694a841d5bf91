// Sessions kept in the database, so every app instance shares them. Ids are stored hashed.
import { createHash } from 'node:crypto';
import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

type StoredSession = Session & { userId?: string; cookie?: { expires?: Date | string | null } };

function expiryOf(session: StoredSession, idleMinutes: number): Date {
  const expires = session.cookie?.expires;
  return expires ? new Date(expires) : new Date(Date.now() + idleMinutes * 60_000);
}

export class DatabaseSessionStore implements SessionStore {
  readonly #db: Kysely<Database>;
  readonly #idleMinutes: number;

  constructor(db: Kysely<Database>, idleMinutes: number) {
    this.#db = db;
    this.#idleMinutes = idleMinutes;
  }

  set(sessionId: string, session: Session, callback: (err?: unknown) => void): void {
    const stored = session as StoredSession;
    const row = {
      id_hash: hashSessionId(sessionId),
      user_id: stored.userId ?? null,
      data: JSON.stringify(session),
      expires_at: expiryOf(stored, this.#idleMinutes),
      updated_at: new Date(),
    };
    this.#db
      .insertInto('user_session')
      .values(row)
      .onConflict((oc) =>
        oc.column('id_hash').doUpdateSet({ user_id: row.user_id, data: row.data, expires_at: row.expires_at, updated_at: row.updated_at }),
      )
      .execute()
      .then(() => callback(), callback);
  }

  get(sessionId: string, callback: (err: unknown, result?: Session | null) => void): void {
    this.#db
      .selectFrom('user_session')
      .select(['data', 'expires_at'])
      .where('id_hash', '=', hashSessionId(sessionId))
      .executeTakeFirst()
      .then((row) => {
        if (!row || row.expires_at.getTime() <= Date.now()) return callback(null, null);
        callback(null, row.data as unknown as Session);
      }, callback);
  }

  destroy(sessionId: string, callback: (err?: unknown) => void): void {
    this.#db
      .deleteFrom('user_session')
      .where('id_hash', '=', hashSessionId(sessionId))
      .execute()
      .then(() => callback(), callback);
  }
}

/** Removes sessions past their expiry; the daily job calls this. Returns how many went. */
export async function deleteExpiredSessions(db: Kysely<Database>, now = new Date()): Promise<number> {
  const result = await db.deleteFrom('user_session').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Signs a user out everywhere (account disabled, password reset). */
export async function deleteSessionsOfUser(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('user_session').where('user_id', '=', userId).execute();
}
