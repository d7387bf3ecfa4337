import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Clock } from '../clock.js';
import type { Lang, Translate } from '../i18n/i18n.js';
import type { Principal } from '../auth/principal.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Mailer } from '../mail/mailer.js';
import type { FileStorage } from '../storage/storage.js';
import type { DetailedSearchIndex } from '../search/search-index.js';

/** A pino-compatible logger, as far as the HTTP layer needs one. */
export interface HttpLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: object): HttpLogger;
}

/** What the composition root builds once and every route can reach through `c.var.deps`. */
export interface AppDeps {
  config: Config;
  database: Database;
  clock: Clock;
  logger: HttpLogger;
  jobs: JobQueue;
  mailer: Mailer;
  storage: FileStorage;
  /** The catalog's full-text index: only ever what the public may see. */
  search: DetailedSearchIndex;
}

/** The signed-in staff member, set by the session middleware on /staff routes. */
export interface StaffSession {
  token: string;
  csrfToken: string;
  user: { id: number; username: string; displayName: string; mustChangePassword: boolean };
  principal: Principal;
}

/** Facts about the site every page layout needs. */
export interface SiteInfo {
  /** The root organisation's (the city government's) name. */
  name: string;
  /** Its English name, for English pages; null when none is recorded. */
  nameEn: string | null;
  isDemo: boolean;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    log: HttpLogger;
    lang: Lang;
    t: Translate;
    largeText: boolean;
    csrfToken: string;
    staff: StaffSession | undefined;
    site: SiteInfo;
  };
}
