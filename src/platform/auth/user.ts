// Accounts: organisations, statuses, area roles and the rules about them (no I/O).
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AreaRole, Organisation, UserStatus } from './user.table.ts';

export const ORGANISATIONS = ['ofsted', 'cqc', 'local_area', 'administration'] as const satisfies readonly Organisation[];
export const AREA_ROLES = ['nominated_officer', 'leader', 'contributor', 'pcf_representative'] as const satisfies readonly AreaRole[];
export const USER_STATUSES = ['invited', 'active', 'disabled'] as const satisfies readonly UserStatus[];

export const ORGANISATION_LABELS: Record<Organisation, string> = {
  ofsted: 'Ofsted',
  cqc: 'Care Quality Commission (CQC)',
  local_area: 'Local area partnership',
  administration: 'Service administration',
};

export const AREA_ROLE_LABELS: Record<AreaRole, string> = {
  nominated_officer: 'Nominated officer',
  leader: 'Leader',
  contributor: 'Contributor',
  pcf_representative: 'Parent carer forum representative',
};

export const AREA_ROLE_HINTS: Record<AreaRole, string> = {
  nominated_officer: "The local area's main contact with the inspection team",
  leader: 'A council or NHS leader in the partnership',
  contributor: 'Provides data and evidence for the inspection',
  pcf_representative: 'Represents the parent carer forum',
};

export const USER_STATUS_LABELS: Record<UserStatus, string> = {
  invited: 'Invited',
  active: 'Active',
  disabled: 'Disabled',
};

export const INVITE_VALID_DAYS = 7;

/** Emails are compared without case: stored trimmed and in lower case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A one-time token for a link; only its hash is stored, so a database copy cannot be used to sign up. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function inviteExpiry(now: Date): Date {
  return new Date(now.getTime() + INVITE_VALID_DAYS * 24 * 60 * 60_000);
}

// Field schemas shared by the web forms and the command line.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const emailSchema = z
  .string({ error: 'Enter an email address' })
  .trim()
  .min(1, 'Enter an email address')
  .max(320, 'Email address must be 320 characters or fewer')
  .regex(EMAIL_PATTERN, 'Enter an email address in the correct format, like name@example.com');

export const displayNameSchema = z
  .string({ error: 'Enter a full name' })
  .trim()
  .min(1, 'Enter a full name')
  .max(200, 'Full name must be 200 characters or fewer');

export const organisationSchema = z.enum(ORGANISATIONS, { error: 'Select an organisation' });

export const areaRoleSchema = z.enum(AREA_ROLES, { error: 'Select a role in the local area' });

export const laCodeSchema = z
  .string({ error: 'Enter a local authority code' })
  .trim()
  .min(1, 'Enter a local authority code')
  .regex(/^\d{3}$/, 'Enter the 3-digit local authority code, like 202');
