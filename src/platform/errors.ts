/**
 * The one error type use cases throw. `code` is stable (API clients and tests rely on it);
 * http/errors.ts maps each code to an HTTP status and i18n/ to a message in each language.
 */
export type ErrorCode =
  | 'VALIDATION'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'CONFLICT'
  | 'CSRF'
  | 'THROTTLED'
  | 'PAYLOAD_TOO_LARGE'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_STATE'
  | 'REQUEST_EVENT_ORDER'
  | 'AUDIT_CHAIN_BROKEN'
  | 'INTERNAL';

/** A problem with one input field: `field` is the form/JSON field name, `message` an i18n key. */
export interface FieldProblem {
  field: string;
  message: string;
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { fields?: FieldProblem[]; params?: Record<string, string | number> } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  static validation(fields: FieldProblem[], message = 'Invalid input'): AppError {
    return new AppError('VALIDATION', message, { fields });
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
