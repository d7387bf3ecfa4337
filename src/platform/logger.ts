import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/** What replaces a redacted value in the log line. */
export const REDACTED = '[redacted]';

/** Field names that carry secrets or personal data (个人信息) and must never reach a log line. */
const SENSITIVE_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'password_hash',
  'token',
  'accessToken',
  'refreshToken',
  'sessionId',
  'session_id',
  'csrfToken',
  'secret',
  'cookie',
  'authorization',
  'email',
  'phone',
  'mobile',
  'fax',
  'idNumber',
  'id_number',
  'address',
  'queryCode',
  'query_code',
] as const;

/**
 * pino `redact` paths (fast-redact syntax). A bare name only matches at the top level, so each
 * field is also matched one and two objects deep (`{ user: { email } }`, `{ input: { applicant: { phone } } }`).
 * Applicants' names are personal data too, but `name` alone is also an organisation's or a job's
 * name, so only names under an applicant-like object are redacted.
 */
export const REDACT_PATHS: readonly string[] = [
  ...SENSITIVE_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  ...['applicant', 'applicants[*]', 'contact', 'legalRepresentative', 'user', 'person'].flatMap((o) => [
    `${o}.name`,
    `*.${o}.name`,
  ]),
  'applicantName',
  '*.applicantName',
  'applicant_name',
  '*.applicant_name',
];

export interface CreateLoggerOptions {
  /** Where lines go; stdout by default. Tests pass a stream to read the lines back. */
  destination?: DestinationStream;
  /** The environment, to tell whether LOG_LEVEL was set explicitly (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The process logger: one JSON object per line on stdout (pino), ISO timestamps, personal data
 * redacted. Under `NODE_ENV=test` it is silent unless LOG_LEVEL is set, so test output stays readable.
 *
 * Request logging (the HTTP layer): make one child per request and use it for everything that
 * request does, so every line carries the id and lines can be grepped together:
 *
 *   const log = logger.child({ requestId });      // requestId from X-Request-Id or randomUUID()
 *   log.info({ method: c.req.method, path: c.req.path }, 'request');
 *   log.info({ status, ms }, 'response');
 *
 * Log the path, not the full URL (query strings can carry a 查询码 or a search for a person's name),
 * and pass objects (`{ user: { id, email } }`) rather than interpolating values into the message:
 * redaction works on fields, never on the message text.
 */
export function createLogger(
  config: Pick<Config, 'logLevel' | 'env'>,
  options: CreateLoggerOptions = {},
): Logger {
  const env = options.env ?? process.env;
  const level = config.env === 'test' && !env.LOG_LEVEL ? 'silent' : config.logLevel;
  const pinoOptions: LoggerOptions = {
    level,
    base: { service: 'gongkai' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: { err: pino.stdSerializers.err },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}
