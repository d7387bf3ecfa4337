import type { ErrorCode } from '../errors.js';

/** The one place that maps stable error codes to HTTP statuses. */
export const HTTP_STATUS: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500> = {
  VALIDATION: 422,
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  CONFLICT: 409,
  CSRF: 403,
  THROTTLED: 429,
  PAYLOAD_TOO_LARGE: 413,
  INVALID_CREDENTIALS: 401,
  INVALID_STATE: 409,
  REQUEST_EVENT_ORDER: 409,
  AUDIT_CHAIN_BROKEN: 500,
  INTERNAL: 500,
};

/** The i18n key of the generic message for each code (pages may show a more specific one). */
export function errorMessageKey(code: ErrorCode): string {
  return `error.${code}`;
}
