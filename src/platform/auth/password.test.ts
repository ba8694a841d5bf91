import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './password.ts';

test('argon2id hashes verify the right password only', async () => {
  const hash = await hashPassword('correct horse battery staple');
  assert.match(hash, /^\$argon2id\$/);
  assert.equal(await verifyPassword(hash, 'correct horse battery staple'), true);
  assert.equal(await verifyPassword(hash, 'correct horse battery stapler'), false);
  assert.equal(await verifyPassword('not a hash', 'anything'), false, 'a malformed hash reads as a wrong password');
});

test('the policy accepts long passphrases and generated passwords', () => {
  assert.equal(passwordProblem('orange kettle bicycle moon'), null);
  assert.equal(passwordProblem('Tr0ub4dor&3xyz'), null);
  assert.equal(passwordProblem(generatePassword()), null);
});

test('the policy refuses short, empty and over-long passwords with clear messages', () => {
  assert.equal(passwordProblem(''), 'Enter a password');
  assert.equal(passwordProblem('short1!'), 'Password must be 12 characters or more');
  assert.equal(passwordProblem('a'.repeat(300)), 'Password must be 256 characters or fewer');
  assert.match(passwordProblem('   abcdefgh   ') ?? '', /not counting spaces/);
});

test('the policy refuses common weak passwords, repeats and sequences', () => {
  for (const weak of ['password123456', 'Password1234!', 'qwertyuiop123', 'aaaaaaaaaaaa', '123456789012', 'abcdefghijklm', 'Welcome2026!!', 'ababababababab']) {
    assert.ok(passwordProblem(weak), `${weak} should be refused`);
  }
});

test("the policy refuses the user's email address and name", () => {
  const context = { email: 'jo.bloggs@council.example', displayName: 'Joanna Bloggs' };
  assert.equal(passwordProblem('jo.bloggs@council.example', context), 'Password must not contain your email address');
  assert.equal(passwordProblem('JoBloggs2026!!', context), 'Password must not contain your email address');
  assert.equal(passwordProblem('Joanna2026!!!', context), 'Password must not be based on your name');
  assert.equal(passwordProblem('purple giraffe lantern', context), null);
});

test('generated passwords are long, varied and unambiguous', () => {
  const a = generatePassword();
  const b = generatePassword();
  assert.notEqual(a, b);
  assert.match(a, /^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){3}$/);
  assert.doesNotMatch(a, /[lIO01]/);
});
