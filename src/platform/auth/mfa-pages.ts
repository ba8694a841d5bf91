// The authenticator-app pages shared by signing in and the account page: the code form and the set-up page.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { formatSecretForReading, mfaQrCodeDataUrl } from './mfa.ts';

const VIEWS = 'platform/auth/views';

export const codeSchema = z.object({
  code: z
    .string({ error: 'Enter the 6-digit code from your authenticator app' })
    .transform((v) => v.replace(/[\s-]/g, ''))
    .pipe(z.string({ error: 'Enter the 6-digit code from your authenticator app' }).min(1, 'Enter the 6-digit code from your authenticator app').regex(/^\d{6}$/, 'The code must be 6 digits')),
});

/** The set-up page for an authenticator app, for sign-in and for the account page. */
export async function renderMfaSetUp(
  reply: FastifyReply,
  page: { secret: string; accountName: string; action: string; backLink?: { href: string }; replacing?: boolean; signingIn?: boolean },
  form: { errors?: unknown; values?: unknown } = {},
): Promise<FastifyReply> {
  return reply.view(`${VIEWS}/two-factor-set-up.njk`, {
    ...page,
    qrCode: await mfaQrCodeDataUrl(page.secret, page.accountName),
    secretText: formatSecretForReading(page.secret),
    ...form,
  });
}
