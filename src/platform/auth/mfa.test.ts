import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSecretForReading, generateMfaCode, generateMfaSecret, mfaQrCodeDataUrl, mfaUri, timeStep, verifyMfaCode } from './mfa.ts';

const secret = generateMfaSecret();
const now = new Date('2026-11-23T10:00:15Z');

test('secrets are random base32 of 160 bits', () => {
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.notEqual(generateMfaSecret(), secret);
  assert.equal(formatSecretForReading('ABCDEFGHIJKL'), 'ABCD EFGH IJKL');
});

test('the otpauth address names the service as issuer and the account', async () => {
  const uri = mfaUri(secret, 'jo@example.test');
  assert.match(uri, /^otpauth:\/\/totp\//);
  assert.match(uri, /issuer=Area%20SEND%20inspections/);
  assert.match(uri, /jo%40example.test/);
  assert.match(uri, new RegExp(`secret=${secret}`));
  assert.match(await mfaQrCodeDataUrl(secret, 'jo@example.test'), /^data:image\/svg\+xml;base64,/);
});

test('a current code is accepted and gives its time step', () => {
  const result = verifyMfaCode(secret, generateMfaCode(secret, now), null, now);
  assert.deepEqual(result, { ok: true, step: timeStep(now) });
});

test('codes one step either side are accepted, two steps away are not', () => {
  const before = new Date(now.getTime() - 30_000);
  const after = new Date(now.getTime() + 30_000);
  assert.deepEqual(verifyMfaCode(secret, generateMfaCode(secret, before), null, now), { ok: true, step: timeStep(now) - 1 });
  assert.deepEqual(verifyMfaCode(secret, generateMfaCode(secret, after), null, now), { ok: true, step: timeStep(now) + 1 });
  const farBefore = new Date(now.getTime() - 61_000);
  assert.deepEqual(verifyMfaCode(secret, generateMfaCode(secret, farBefore), null, now), { ok: false, reason: 'invalid' });
});

test('a code already used, or one older than the last used, is refused as a replay', () => {
  const code = generateMfaCode(secret, now);
  const step = timeStep(now);
  assert.deepEqual(verifyMfaCode(secret, code, step, now), { ok: false, reason: 'replayed' });
  const previous = generateMfaCode(secret, new Date(now.getTime() - 30_000));
  assert.deepEqual(verifyMfaCode(secret, previous, step, now), { ok: false, reason: 'replayed' });
  const next = generateMfaCode(secret, new Date(now.getTime() + 30_000));
  assert.deepEqual(verifyMfaCode(secret, next, step, now), { ok: true, step: step + 1 });
});

test('wrong and badly formed codes are refused; spaces are ignored', () => {
  const code = generateMfaCode(secret, now);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  assert.deepEqual(verifyMfaCode(secret, wrong, null, now), { ok: false, reason: 'invalid' });
  assert.deepEqual(verifyMfaCode(secret, '12345', null, now), { ok: false, reason: 'invalid' });
  assert.deepEqual(verifyMfaCode(secret, 'abcdef', null, now), { ok: false, reason: 'invalid' });
  assert.equal(verifyMfaCode(secret, `${code.slice(0, 3)} ${code.slice(3)}`, null, now).ok, true);
});
