// Passwords: argon2id hashing, the password policy, and strong generated passwords.
import { randomInt } from 'node:crypto';
import argon2 from 'argon2';

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): strong, and quick enough for a sign-in. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    // A malformed stored hash must read as "wrong password", never as an error page.
    return false;
  }
}

/** A hash of a random password, so a sign-in for an unknown email costs as much time as a real one. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(generatePassword());
  return decoyHash;
}

/** Words that, with digits and symbols stripped, make a password guessable. */
const WEAK_WORDS = [
  'password', 'passw0rd', 'qwerty', 'qwertyuiop', 'letmein', 'welcome', 'admin', 'administrator',
  'iloveyou', 'monkey', 'dragon', 'football', 'baseball', 'sunshine', 'princess', 'abc', 'abcdef',
  'changeme', 'secret', 'trustno', 'login', 'master', 'ofsted', 'cqc', 'send', 'inspection', 'inspections',
  'council', 'summer', 'winter', 'spring', 'autumn',
];

function isSequenceOrRepeat(text: string): boolean {
  if (new Set(text).size <= 2) return true;
  let ascending = true;
  let descending = true;
  for (let i = 1; i < text.length; i++) {
    const step = text.charCodeAt(i) - text.charCodeAt(i - 1);
    if (step !== 1) ascending = false;
    if (step !== -1) descending = false;
  }
  return ascending || descending;
}

/** The guessable core of a password: lower case, with digits, symbols and spaces removed. */
function lettersOnly(text: string): string {
  return text.toLowerCase().replace(/[^a-z]/g, '');
}

export type PasswordContext = { email?: string; displayName?: string };

/**
 * Why a new password is not acceptable, in words the user can act on, or null when it is.
 * Length matters most (NCSC and NIST advice): no rules on character classes, but the
 * commonly guessed patterns and the user's own name and email are refused.
 */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  if (password.length === 0) return 'Enter a password';
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  if (password.trim() !== password && password.trim().length < MIN_PASSWORD_LENGTH) {
    return `Password must be ${MIN_PASSWORD_LENGTH} characters or more, not counting spaces at the start or end`;
  }
  const lower = password.toLowerCase();
  if (isSequenceOrRepeat(lower)) return 'Password must not be a repeated character or a simple sequence like 123456789abc';
  const core = lettersOnly(password);
  if (core.length === 0 || isSequenceOrRepeat(core) || WEAK_WORDS.includes(core)) {
    return 'Password is too easy to guess. Use three random words or a longer phrase';
  }
  const email = context.email?.trim().toLowerCase();
  if (email) {
    const localPart = email.split('@')[0];
    if (lower.includes(email) || (localPart.length >= 4 && lettersOnly(localPart).length >= 4 && core.includes(lettersOnly(localPart)))) {
      return 'Password must not contain your email address';
    }
  }
  const nameParts = (context.displayName ?? '').toLowerCase().split(/\s+/).map(lettersOnly).filter((p) => p.length >= 4);
  if (nameParts.some((part) => core.includes(part) && core.length - part.length < 6)) {
    return 'Password must not be based on your name';
  }
  return null;
}

const WORDLESS_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random 20-character password (about 116 bits), avoiding look-alike characters. */
export function generatePassword(length = 20): string {
  let out = '';
  for (let i = 0; i < length; i++) out += WORDLESS_ALPHABET[randomInt(WORDLESS_ALPHABET.length)];
  // Groups of five are easier to read out and type from a screen.
  return out.match(/.{1,5}/g)!.join('-');
}
