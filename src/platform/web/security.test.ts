import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { refreshSessionExpiry } from './security.ts';

function fakeRequest(expiresInMinutes: number) {
  const values = new Map<string, unknown>();
  const session = {
    cookie: { expires: new Date(Date.now() + expiresInMinutes * 60_000) },
    touched: false,
    touch() {
      this.touched = true;
    },
    set(key: string, value: unknown) {
      values.set(key, value);
    },
  };
  return { request: { session } as unknown as FastifyRequest, session, values };
}

test('a session used within five minutes of its last extension is not saved again', () => {
  const { request, session, values } = fakeRequest(118);
  refreshSessionExpiry(request, 120);
  assert.equal(session.touched, false);
  assert.equal(values.size, 0);
});

test('a session used five minutes or more after its last extension is extended (and so saved)', () => {
  const { request, session, values } = fakeRequest(114);
  refreshSessionExpiry(request, 120);
  assert.equal(session.touched, true);
  assert.ok(values.has('extendedAt'));
});
