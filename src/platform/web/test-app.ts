// Test support: the real app on a fresh test database, and a small browser-like client over
// inject() that keeps cookies and sends each form's CSRF token.
import { after, before } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../app.ts';
import { prepareDatabase } from '../../bootstrap.ts';
import { loadConfig, type Config } from '../../config.ts';
import type { Db, DatabaseKind } from '../db/database.ts';
import { createTestDatabase } from '../db/test-database.ts';

export type TestApp = { app: FastifyInstance; db: Db; config: Config; close: () => Promise<void> };

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'test-session-secret-of-at-least-32-characters' }, overrides);
}

export async function createTestApp(kind: DatabaseKind, overrides: Partial<Config> = {}): Promise<TestApp> {
  const db = await createTestDatabase(kind);
  const config = testConfig(overrides);
  await prepareDatabase(db);
  const app = await buildApp({ config, db, logger: false });
  await app.ready();
  return {
    app,
    db,
    config,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

/**
 * For a suite: a fresh database of the given kind, migrated and with its reference data loaded,
 * opened before the suite's tests and thrown away after them. The handle it returns reaches that
 * database once the suite's tests run.
 */
export function usePreparedDatabase(kind: DatabaseKind): Db {
  let db: Db | undefined;
  before(async () => {
    db = await createTestDatabase(kind);
    await prepareDatabase(db);
  });
  after(async () => {
    await db?.close();
  });
  const current = (): Db => {
    if (!db) throw new Error('The test database is opened in before(): use it inside tests and hooks.');
    return db;
  };
  // Forwards reads, and spreading ({ ...db }), to the database of the moment.
  return new Proxy({} as Db, {
    get: (_target, property) => current()[property as keyof Db],
    ownKeys: () => Reflect.ownKeys(current()),
    getOwnPropertyDescriptor: (_target, property) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(), property);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}

/** Finds the CSRF token in a page's forms. */
export function csrfTokenIn(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
}

/** A client that behaves like a browser with cookies: sessions survive between requests. */
export class TestClient {
  readonly app: FastifyInstance;
  readonly cookies = new Map<string, string>();

  constructor(app: FastifyInstance) {
    this.app = app;
  }

  #cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  #remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now());
      if (expired || cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const cookie = this.#cookieHeader();
    const response = await this.app.inject({ method: 'GET', url, headers: { ...headers, ...(cookie ? { cookie } : {}) } });
    this.#remember(response);
    return response;
  }

  /** Posts a form as a browser would: urlencoded, with the CSRF token from `formPage` (or the page at `url`). */
  async post(url: string, fields: Record<string, string | string[]>, options: { formPage?: string; csrf?: string } = {}): Promise<LightMyRequestResponse> {
    let csrf = options.csrf;
    if (csrf === undefined) {
      const page = await this.get(options.formPage ?? url);
      csrf = csrfTokenIn(page.body) ?? '';
    }
    const body = new URLSearchParams();
    body.append('_csrf', csrf);
    for (const [key, value] of Object.entries(fields)) {
      for (const v of [value].flat()) body.append(key, v);
    }
    const cookie = this.#cookieHeader();
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      payload: body.toString(),
    });
    this.#remember(response);
    return response;
  }
}
