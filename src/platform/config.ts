import { z } from 'zod';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parseAllowList, type LinkAllowList } from './net/address-guard.rules.js';

/** Environment variables Gongkai reads; `.env.example` documents each of them. */
const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  GONGKAI_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_URL: z.string().url('must be an absolute URL such as https://xxgk.example.gov.cn').optional(),
  GONGKAI_TIME_ZONE: z
    .string()
    .refine((tz) => isValidTimeZone(tz), 'must be an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: booleanish.default(false),
  COOKIE_SECURE: booleanish.optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(120),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('政务公开办 <noreply@localhost>'),
  JOBS_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  JOBS_ENABLED: booleanish.default(true),
  LINK_CHECK_ALLOW: z
    .string()
    .superRefine((v, ctx) => {
      const bad = parseAllowList(v.split(',')).problems.map((p) => p.entry);
      if (bad.length) {
        ctx.addIssue({
          code: 'custom',
          message: `must be comma-separated host names, IP addresses or CIDR ranges; not: ${bad.join(', ')}`,
        });
      }
    })
    .optional(),
  GONGKAI_SECRET_KEY: z
    .string()
    .refine(
      (v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32,
      'must be 32 random bytes in base64 (openssl rand -base64 32)',
    )
    .optional(),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  storageDir: string;
  outboxDir: string;
  host: string;
  port: number;
  publicUrl: string;
  timeZone: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  trustProxy: boolean;
  cookieSecure: boolean;
  session: { idleMinutes: number; maxHours: number };
  login: { maxFailures: number; lockMinutes: number };
  mail: { smtpUrl: string | undefined; from: string };
  jobs: { enabled: boolean; pollMs: number };
  /** Website checks: internal hosts/ranges the link checker may reach (LINK_CHECK_ALLOW; default none). */
  linkCheck: { allow: LinkAllowList };
  /**
   * The key that encrypts applicants' ID and phone numbers at rest and keys their identity HMAC.
   * `isDevelopmentKey` when GONGKAI_SECRET_KEY was not set outside production: a fixed, public key.
   */
  secretKey: { key: Buffer; isDevelopmentKey: boolean };
}

/** The fixed key used when development or test runs without GONGKAI_SECRET_KEY. Not a secret. */
export const DEVELOPMENT_SECRET_KEY = createHash('sha256')
  .update('gongkai insecure development key')
  .digest();

let warnedAboutDevelopmentKey = false;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Builds the one config object from an environment; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings in .env files mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  if (!e.GONGKAI_SECRET_KEY && e.NODE_ENV === 'production') {
    // Applicants' ID numbers would be encrypted with a key anyone can read in the source.
    throw new ConfigError([
      'GONGKAI_SECRET_KEY: required in production (32 random bytes in base64: openssl rand -base64 32)',
    ]);
  }
  if (!e.GONGKAI_SECRET_KEY && e.NODE_ENV === 'development' && !warnedAboutDevelopmentKey) {
    warnedAboutDevelopmentKey = true;
    process.emitWarning(
      "GONGKAI_SECRET_KEY is not set: applicants' personal data is encrypted with the insecure development key. Set it before real use.",
      { code: 'GONGKAI_DEV_SECRET_KEY' },
    );
  }
  const dataDir = path.resolve(e.GONGKAI_DATA_DIR);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    env: e.NODE_ENV,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'sqlite', file: path.join(dataDir, 'gongkai.sqlite') },
    storageDir: path.join(dataDir, 'files'),
    outboxDir: path.join(dataDir, 'outbox'),
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    timeZone: e.GONGKAI_TIME_ZONE,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    cookieSecure: e.COOKIE_SECURE ?? publicUrl.startsWith('https://'),
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS },
    login: { maxFailures: e.LOGIN_MAX_FAILURES, lockMinutes: e.LOGIN_LOCK_MINUTES },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    jobs: { enabled: e.JOBS_ENABLED, pollMs: e.JOBS_POLL_MS },
    linkCheck: { allow: parseAllowList((e.LINK_CHECK_ALLOW ?? '').split(',')).allow },
    secretKey: e.GONGKAI_SECRET_KEY
      ? { key: Buffer.from(e.GONGKAI_SECRET_KEY, 'base64'), isDevelopmentKey: false }
      : { key: DEVELOPMENT_SECRET_KEY, isDevelopmentKey: true },
  };
}
