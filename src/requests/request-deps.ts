import type { Config } from '../platform/config.js';
import type { Mailer } from '../platform/mail/mailer.js';
import { createRequestSecrets, type RequestSecrets } from './applicant-crypto.js';

/**
 * What the requests use cases need besides the UseCaseContext: the mailer (queueMail in the caller's
 * transaction), the keys for applicants' personal data, and the office time zone in which "today"
 * and every event date are read. The composition root builds it once with `requestDepsOf`.
 */
export interface RequestDeps {
  /** `queuedMailRows`, when the mailer has it, lets online intake queue its mail in a statement it already sends. */
  mailer: Pick<Mailer, 'queueMail'> & Partial<Pick<Mailer, 'queuedMailRows'>>;
  secrets: RequestSecrets;
  timeZone: string;
  /** The public site's address, for the tracking link in mail (no trailing slash). */
  publicUrl: string;
}

export function requestDepsOf(deps: {
  config: Pick<Config, 'secretKey' | 'timeZone' | 'publicUrl'>;
  mailer: Pick<Mailer, 'queueMail'> & Partial<Pick<Mailer, 'queuedMailRows'>>;
}): RequestDeps {
  return {
    mailer: deps.mailer,
    secrets: createRequestSecrets(deps.config.secretKey.key),
    timeZone: deps.config.timeZone,
    publicUrl: deps.config.publicUrl,
  };
}
