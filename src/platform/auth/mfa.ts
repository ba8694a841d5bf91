// Two-factor authentication with time-based one-time codes (TOTP, RFC 6238) from an authenticator app.
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** The name authenticator apps show beside the code. */
export const MFA_ISSUER = 'Area SEND inspections';
const PERIOD_SECONDS = 30;
const DIGITS = 6;

/** A new random secret (160 bits, the RFC 4226 recommendation), base32 as apps expect. */
export function generateMfaSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secret: string, accountName: string): TOTP {
  return new TOTP({
    issuer: MFA_ISSUER,
    label: accountName,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function mfaUri(secret: string, accountName: string): string {
  return totpFor(secret, accountName).toString();
}

/** The address as a QR code in a data: URL, so the page needs no external image (CSP allows data: images). */
export async function mfaQrCodeDataUrl(secret: string, accountName: string): Promise<string> {
  const svg = await QRCode.toString(mfaUri(secret, accountName), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The secret in groups of four, easier to type into an app by hand. */
export function formatSecretForReading(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

/** The time step a code belongs to. */
export function timeStep(at: Date): number {
  return TOTP.counter({ period: PERIOD_SECONDS, timestamp: at.getTime() });
}

/** The code for a time (tests and set-up checks use this). */
export function generateMfaCode(secret: string, at: Date = new Date()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), digits: DIGITS, period: PERIOD_SECONDS, timestamp: at.getTime() });
}

/** Codes are typed with spaces or dashes sometimes; only the digits count. */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '');
}

export type MfaCheck = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replayed' };

/**
 * Checks a code against the current time step and one either side (clock drift). A code from a
 * step at or before the last one used is refused, so an overheard code cannot be used again.
 */
export function verifyMfaCode(secret: string, code: string, lastUsedStep: number | null, at: Date = new Date()): MfaCheck {
  const token = normaliseCode(code);
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'invalid' };
  const delta = TOTP.validate({
    token,
    secret: Secret.fromBase32(secret),
    digits: DIGITS,
    period: PERIOD_SECONDS,
    timestamp: at.getTime(),
    window: 1,
  });
  if (delta === null) return { ok: false, reason: 'invalid' };
  const step = timeStep(at) + delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}
