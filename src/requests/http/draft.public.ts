import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppDeps, AppEnv } from '../../platform/http/env.js';
import type { ApplicantType } from '../codes.js';
import type { IdDocumentType } from '../applicant.rules.js';
import type { DeliveryForm, DeliveryMethod } from '../request-input.js';
import { requestDepsOf, type RequestDeps } from '../request-deps.js';
import {
  deleteDraft,
  findLiveDraft,
  insertDraft,
  markDraftSubmitted,
  pruneExpiredDrafts,
  updateDraftData,
  type DraftRow,
} from './drafts.public.repository.js';
import { releaseDraftFiles } from './draft-files.public.js';

/**
 * The answers of the public application form, kept between its one-question pages in a server-side
 * draft (never in hidden fields or URLs). The browser holds only a random token in an HttpOnly cookie;
 * the database holds its sha256. Decision: the ID number and the phone number are encrypted with the
 * requests context's own helper (applicant-crypto.ts, the same AES-256-GCM as the applicants table),
 * the other answers are stored as the applicants table stores them, and a draft lives 24 hours after
 * its last change; a submitted draft keeps no answers, only the application it became, for an hour
 * (the confirmation page), then it is removed.
 */

export const DRAFT_COOKIE = 'gk_apply';
export const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;
export const SUBMITTED_TTL_MS = 60 * 60 * 1000;

export interface DraftAttachment {
  kind: 'id_copy' | 'power_of_attorney';
  storageKey: string;
  name: string;
  contentType: string;
  size: number;
}

/** Everything the form asks, as the visitor gave it (plaintext; encrypted only in the row). */
export interface DraftAnswers {
  orgCode?: string;
  applicantType?: ApplicantType;
  name?: string;
  idType?: IdDocumentType;
  idNumber?: string;
  creditCode?: string;
  contactPerson?: string;
  phone?: string;
  email?: string;
  address?: string;
  postcode?: string;
  description?: string;
  docTitle?: string;
  docNumber?: string;
  deliveryForm?: DeliveryForm;
  deliveryMethod?: DeliveryMethod;
  attachments?: DraftAttachment[];
  /** The visitor has been to the attachments page (it is optional, so "nothing" is an answer). */
  attachmentsDone?: boolean;
}

export interface LoadedDraft {
  row: DraftRow;
  answers: DraftAnswers;
}

const depsCache = new WeakMap<AppDeps, RequestDeps>();

/** The requests use cases' dependencies, built once per app from its config and mailer. */
export function requestDepsFor(c: Context<AppEnv>): RequestDeps {
  const deps = c.var.deps;
  let built = depsCache.get(deps);
  if (!built) {
    built = requestDepsOf(deps);
    depsCache.set(deps, built);
  }
  return built;
}

function hashToken(token: string): string {
  return createHash('sha256').update(`apply-draft:${token}`).digest('hex');
}

function seal(c: Context<AppEnv>, answers: DraftAnswers): string {
  const secrets = requestDepsFor(c).secrets;
  const { idNumber, phone, ...rest } = answers;
  return JSON.stringify({
    ...rest,
    idNumberEnc: idNumber ? secrets.encrypt('id_number', idNumber) : undefined,
    phoneEnc: phone ? secrets.encrypt('phone', phone) : undefined,
  });
}

function unseal(c: Context<AppEnv>, json: string): DraftAnswers {
  const secrets = requestDepsFor(c).secrets;
  const stored = JSON.parse(json) as DraftAnswers & { idNumberEnc?: string; phoneEnc?: string };
  const { idNumberEnc, phoneEnc, ...rest } = stored;
  const answers: DraftAnswers = { ...rest };
  if (idNumberEnc) answers.idNumber = secrets.decrypt('id_number', idNumberEnc);
  if (phoneEnc) answers.phone = secrets.decrypt('phone', phoneEnc);
  return answers;
}

function nowOf(c: Context<AppEnv>): Date {
  return c.var.deps.clock.now();
}

/** The visitor's live draft, or null (no cookie, unknown, expired, or unreadable with this key). */
export async function loadDraft(c: Context<AppEnv>): Promise<LoadedDraft | null> {
  const token = getCookie(c, DRAFT_COOKIE);
  if (!token || token.length > 100) return null;
  const row = await findLiveDraft(c.var.deps.database.db, hashToken(token), nowOf(c).toISOString());
  if (!row) return null;
  try {
    return { row, answers: unseal(c, row.data_json) };
  } catch {
    return null;
  }
}

function setDraftCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, DRAFT_COOKIE, token, {
    path: '/apply',
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.var.deps.config.cookieSecure,
    maxAge: DRAFT_TTL_MS / 1000,
  });
}

/** Merges `changes` into the visitor's draft (creating it and its cookie on the first answer). */
export async function saveAnswers(
  c: Context<AppEnv>,
  current: LoadedDraft | null,
  changes: Partial<DraftAnswers>,
): Promise<DraftAnswers> {
  const db = c.var.deps.database.db;
  const now = nowOf(c);
  const expiresAt = new Date(now.getTime() + DRAFT_TTL_MS).toISOString();
  const answers: DraftAnswers = {
    ...(current && !current.row.application_id ? current.answers : {}),
    ...changes,
  };
  // Blank answers are dropped, so an emptied optional field is "not given".
  for (const [key, value] of Object.entries(answers)) {
    if (value === undefined || value === '') delete (answers as Record<string, unknown>)[key];
  }
  if (current && !current.row.application_id) {
    await updateDraftData(db, current.row.id, {
      dataJson: seal(c, answers),
      now: now.toISOString(),
      expiresAt,
    });
    // A replaced or removed attachment is personal data nothing refers to any more.
    const kept = new Set((answers.attachments ?? []).map((a) => a.storageKey));
    const dropped = (current.answers.attachments ?? []).map((a) => a.storageKey).filter((k) => !kept.has(k));
    if (dropped.length > 0) await releaseDraftFiles(c.var.deps.database, c.var.deps.storage, dropped);
  } else {
    const expiredFiles = await pruneExpiredDrafts(db, now.toISOString());
    await releaseDraftFiles(c.var.deps.database, c.var.deps.storage, expiredFiles);
    const token = randomBytes(32).toString('base64url');
    await insertDraft(db, {
      tokenHash: hashToken(token),
      dataJson: seal(c, answers),
      clientToken: randomBytes(24).toString('base64url'),
      now: now.toISOString(),
      expiresAt,
    });
    setDraftCookie(c, token);
  }
  return answers;
}

export async function markSubmitted(
  c: Context<AppEnv>,
  draft: LoadedDraft,
  applicationId: number,
): Promise<void> {
  const now = nowOf(c);
  await markDraftSubmitted(c.var.deps.database.db, draft.row.id, {
    applicationId,
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + SUBMITTED_TTL_MS).toISOString(),
  });
}

/** Forgets the draft: the row, the files only it referred to, and the cookie. */
export async function discardDraft(c: Context<AppEnv>, draft: LoadedDraft | null): Promise<void> {
  if (draft) {
    await deleteDraft(c.var.deps.database.db, draft.row.id);
    if (!draft.row.application_id) {
      const keys = (draft.answers.attachments ?? []).map((a) => a.storageKey);
      await releaseDraftFiles(c.var.deps.database, c.var.deps.storage, keys);
    }
  }
  deleteCookie(c, DRAFT_COOKIE, { path: '/apply' });
}
