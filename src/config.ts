// Environment → typed configuration. Development defaults; fails fast in production.
import path from 'node:path';
import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().url().optional(),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  REQUIRE_MFA: booleanFromEnv.optional(),
  SECURE_COOKIES: booleanFromEnv.optional(),
  TRUST_PROXY: booleanFromEnv.optional(),
  SERVICE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  DEMO: booleanFromEnv.optional(),
  SIGN_IN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  SURVEY_SUBMISSIONS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  FEEDBACK_POSTS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  SURVEY_SUPPRESSION_THRESHOLD: z.coerce.number().int().min(1).max(100).default(10),
  UPLOAD_MAX_MEGABYTES: z.coerce.number().int().min(1).max(500).default(25),
  PERSON_DATA_UPLOAD_MAX_MEGABYTES: z.coerce.number().int().min(1).max(1024).default(100),
  CASE_DATA_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  EVIDENCE_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(1095),
  FEEDBACK_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(365),
  BUILD_NUMBER: z.string().optional(),
  GIT_REF: z.string().optional(),
  CHROME_PATH: z.string().optional(),
  TEST_DB: z.enum(['pglite', 'postgres', 'both']).optional(),
  TEST_DATABASE_URL: z.string().url().optional(),
  REQUIRE_BROWSER_TESTS: booleanFromEnv.optional(),
  REQUIRE_POSTGRES_TESTS: booleanFromEnv.optional(),
});

export type Config = {
  env: 'development' | 'test' | 'production';
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sessionSecret: string;
  sessionIdleMinutes: number;
  requireMfa: boolean;
  secureCookies: boolean;
  trustProxy: boolean;
  serviceUrl: string;
  logLevel: string;
  demo: boolean;
  signInRateLimitPerMinute: number;
  /** Survey answers sent from one address in a minute before it is told to wait. */
  surveySubmissionsPerMinute: number;
  /** Page feedback posts from one address in a minute before it is told to wait. */
  feedbackPostsPerMinute: number;
  /** Figures from fewer responses than this are hidden from the local area and in shared exports. */
  surveySuppressionThreshold: number;
  /** Largest file accepted for the data request and case documents. */
  uploadMaxBytes: number;
  /** Largest person-level data file accepted through the web (the command line takes larger). */
  personDataUploadMaxBytes: number;
  /** Days after publication that person-level data, case documents, tracking and reviews are kept. */
  caseDataRetentionDays: number;
  /** Days after publication that activities, evidence notes and their attachments are kept. */
  evidenceRetentionDays: number;
  /** Days that page feedback from the public site is kept after it was sent, whatever its status. */
  feedbackRetentionDays: number;
  buildNumber: string;
  gitRef: string;
  chromePath: string;
  test: {
    db: 'pglite' | 'postgres' | 'both';
    databaseUrl: string;
    requireBrowser: boolean;
    requirePostgres: boolean;
  };
};

const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-not-for-production-use';

export class ConfigError extends Error {}

/** Reads configuration from an environment (process.env by default) and overrides. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`The configuration is not valid:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.SESSION_SECRET) {
    throw new ConfigError('SESSION_SECRET must be set in production (at least 32 random characters).');
  }
  if (production && !e.SERVICE_URL) {
    throw new ConfigError('SERVICE_URL must be set in production (the address people use, e.g. https://send-inspect.example.gov.uk).');
  }
  const port = e.PORT;
  const config: Config = {
    env: e.NODE_ENV,
    production,
    port,
    host: e.HOST ?? (production ? '0.0.0.0' : 'localhost'),
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    sessionSecret: e.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    requireMfa: e.REQUIRE_MFA ?? production,
    secureCookies: e.SECURE_COOKIES ?? production,
    trustProxy: e.TRUST_PROXY ?? false,
    serviceUrl: e.SERVICE_URL ?? `http://localhost:${port}`,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    demo: e.DEMO ?? !production,
    signInRateLimitPerMinute: e.SIGN_IN_RATE_LIMIT_PER_MINUTE,
    surveySubmissionsPerMinute: e.SURVEY_SUBMISSIONS_PER_MINUTE,
    feedbackPostsPerMinute: e.FEEDBACK_POSTS_PER_MINUTE,
    surveySuppressionThreshold: e.SURVEY_SUPPRESSION_THRESHOLD,
    uploadMaxBytes: e.UPLOAD_MAX_MEGABYTES * 1024 * 1024,
    personDataUploadMaxBytes: e.PERSON_DATA_UPLOAD_MAX_MEGABYTES * 1024 * 1024,
    caseDataRetentionDays: e.CASE_DATA_RETENTION_DAYS,
    evidenceRetentionDays: e.EVIDENCE_RETENTION_DAYS,
    feedbackRetentionDays: e.FEEDBACK_RETENTION_DAYS,
    buildNumber: e.BUILD_NUMBER ?? 'local',
    gitRef: e.GIT_REF ?? 'unknown',
    chromePath: e.CHROME_PATH ?? '/usr/bin/chromium',
    test: {
      db: e.TEST_DB ?? 'both',
      databaseUrl: e.TEST_DATABASE_URL ?? e.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      requireBrowser: e.REQUIRE_BROWSER_TESTS ?? false,
      requirePostgres: e.REQUIRE_POSTGRES_TESTS ?? false,
    },
  };
  return { ...config, ...overrides };
}
